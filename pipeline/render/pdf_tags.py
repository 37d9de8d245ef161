"""List labels in the PDF's tag tree: each list item's bullet or number as its own Lbl element.

LibreOffice 7.4 tags a list item as LI > LBody > P and puts the label ("•", "1.") in the P as
its first marked content, so a screen reader reads it as part of the text and a checker finds no
label. `with_list_labels` moves that first marked content into a Lbl element before the LBody
(LI > Lbl, LBody), as PDF 1.7 (14.8.4.3.3) describes a list item, and points the page's parent
tree at the Lbl. The change is an incremental update appended to the file (new versions of the
changed objects, a new cross-reference section): nothing before it moves.

Only LibreOffice's own plain layout is read (one cross-reference table, structure elements as
plain dictionaries, Flate-compressed page contents). Anything else, and any item whose first
marked content is more than a short label, is left as it is: the file is never made worse.
"""

from __future__ import annotations

import re
import zlib

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SECTION = re.compile(rb"xref\s+(\d+) (\d+)\s+")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_REF = re.compile(rb"(\d+) 0 R")
_KIDS = re.compile(rb"/K\s*\[([^\]]*)\]")
_ROLE = re.compile(rb"/S\s*/([^\s/\[<>]+)")
_MARKED = rb"<</MCID %d>>\s*BDC(.*?)EMC"
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
LABEL_GLYPHS = 4                                  # "•", "1.", "12.", "a)": a label, not a text


def with_list_labels(data: bytes) -> bytes:
    """`data` with a Lbl element for every list item's label; `data` itself when there is none
    or the file is not laid out as expected."""
    try:
        return _labelled(data)
    except (ValueError, KeyError, IndexError, zlib.error):
        return data


def _labelled(data: bytes) -> bytes:
    found = _STARTXREF.search(data[-64:])
    if found is None:
        return data
    xref_at = int(found[1])
    offsets = _offsets(data, xref_at)
    trailer = _TRAILER.search(data, xref_at)
    if trailer is None or b"/Prev" in trailer[1]:
        return data                               # already updated: not LibreOffice's plain file
    objects: dict[int, bytes] = {}

    def body(number: int) -> bytes:
        if number not in objects:
            start = data.index(b"obj", offsets[number]) + 3
            objects[number] = data[start:data.index(b"endobj", start)].strip()
        return objects[number]

    root = int(_value(trailer[1], b"/Root"))
    tree = int(_value(body(int(_value(body(root), b"/StructTreeRoot"))), b"/ParentTree"))
    parent_tree = body(tree)
    changed: dict[int, bytes] = {}
    new: list[bytes] = []
    size = int(_value(trailer[1], b"/Size"))
    contents: dict[int, bytes] = {}
    labels: list[tuple[int, int, int]] = []       # (page, MCID, Lbl object)
    for number in sorted(offsets):
        if number == 0 or not body(number).startswith(b"<</Type/StructElem") or _role(body(number)) != b"LI":
            continue
        item = body(number)
        kids = _refs(item)
        if len(kids) != 1 or _role(body(kids[0])) != b"LBody":
            continue
        lbody = body(kids[0])
        inner = _refs(lbody)
        if len(inner) != 1 or not body(inner[0]).startswith(b"<</Type/StructElem"):
            continue
        paragraph = body(inner[0])
        marked = _marked_ids(paragraph)
        page = int(_value(paragraph, b"/Pg"))
        if len(marked) < 2:
            continue
        if page not in contents:
            contents[page] = _page_content(body, page)
        if not _is_label(contents[page], marked[0]):
            continue
        label = size + len(new)
        new.append(b"<</Type/StructElem\n/S/Lbl\n/P %d 0 R\n/Pg %d 0 R\n/K[%d ]\n>>" % (number, page, marked[0]))
        changed[number] = _KIDS.sub(b"/K[%d 0 R %d 0 R ]" % (label, kids[0]), item, count=1)
        changed[inner[0]] = _KIDS.sub(b"/K[" + b" ".join(b"%d" % m for m in marked[1:]) + b" ]", paragraph, count=1)
        labels.append((int(_value(body(page), b"/StructParents")), marked[0], label))
    if not labels:
        return data
    changed[tree] = _with_parents(parent_tree, labels)
    return _appended(data, xref_at, trailer[1], {**changed, **{size + i: o for i, o in enumerate(new)}},
                     size + len(new))


def _offsets(data: bytes, xref_at: int) -> dict[int, int]:
    section = _XREF_SECTION.match(data, xref_at)
    if section is None:
        raise ValueError("no plain cross-reference table")
    first, count, at = int(section[1]), int(section[2]), section.end()
    offsets = {}
    for index in range(count):
        entry = data[at + 20 * index: at + 20 * index + 20]
        if entry[17:18] == b"n":
            offsets[first + index] = int(entry[:10])
    return offsets


def _value(dictionary: bytes, key: bytes) -> bytes:
    found = re.search(re.escape(key) + rb"\s*(\d+)(?: 0 R)?", dictionary)
    if found is None:
        raise KeyError(key)
    return found[1]


def _role(element: bytes) -> bytes | None:
    found = _ROLE.search(element)
    return found[1] if found else None


def _refs(element: bytes) -> list[int]:
    kids = _KIDS.search(element)
    return [int(n) for n in _REF.findall(kids[1])] if kids else []


def _marked_ids(element: bytes) -> list[int]:
    """The marked-content ids of an element whose kids are all marked content on its page."""
    kids = _KIDS.search(element)
    if kids is None or b"R" in kids[1] or b"<<" in kids[1]:
        return []
    return [int(n) for n in kids[1].split()]


def _page_content(body, page: int) -> bytes:
    stream_object = int(_value(body(page), b"/Contents"))
    start_of = body(stream_object)
    if b"/FlateDecode" not in start_of.split(b"stream", 1)[0]:
        raise ValueError("page content not Flate-compressed")
    raw = start_of.split(b"stream", 1)[1].lstrip(b"\r\n")
    return zlib.decompressobj().decompress(raw)


def _is_label(content: bytes, mcid: int) -> bool:
    """The marked content shows a few glyphs only (a bullet or a number), in one text object."""
    found = re.search(_MARKED % mcid, content, re.S)
    if found is None:
        return False
    shown = found[1]
    glyphs = sum(len(h) // 2 for h in _HEX.findall(shown)) + sum(
        len(s) - 2 for s in re.findall(rb"\((?:[^()\\]|\\.)*\)", shown))
    return 0 < glyphs <= LABEL_GLYPHS and shown.count(b"BT") == 1


def _with_parents(parent_tree: bytes, labels: list[tuple[int, int, int]]) -> bytes:
    """The parent tree with each label's marked content belonging to its Lbl."""
    for key, mcid, label in labels:
        found = re.search(rb"(?<![\d ])\s%d\s*\[([^\]]*)\]" % key, parent_tree) or \
            re.search(rb"\[\s*%d\s*\[([^\]]*)\]" % key, parent_tree)
        if found is None:
            raise ValueError("page not in the parent tree")
        refs = _REF.findall(found[1])
        refs[mcid] = b"%d" % label
        replaced = b" ".join(b"%s 0 R" % r for r in refs)
        parent_tree = parent_tree[:found.start(1)] + b" " + replaced + b" " + parent_tree[found.end(1):]
    return parent_tree


def _appended(data: bytes, xref_at: int, trailer: bytes, objects: dict[int, bytes], size: int) -> bytes:
    """`data` with an incremental update holding `objects` (PDF 1.7, 7.5.6)."""
    update = bytearray(b"\n")
    at = {}
    for number in sorted(objects):
        at[number] = len(data) + len(update)
        update += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(data) + len(update)
    update += b"xref\n0 1\n0000000000 65535 f \n"
    for number in sorted(objects):
        update += b"%d 1\n%010d 00000 n \n" % (number, at[number])
    kept = b"".join(re.findall(rb"/(?:Root|Info) \d+ 0 R", trailer)) + (
        re.search(rb"/ID\s*\[[^\]]*\]", trailer)[0] if b"/ID" in trailer else b"")
    update += b"trailer\n<</Size %d%s/Prev %d>>\nstartxref\n%d\n%%%%EOF\n" % (size, kept, xref_at, xref)
    return data + bytes(update)
