"""The headings of a .docx as a reader sees them: with the numbers Word's heading numbering gives.

The shipped templates type no numbers: Heading 1-3 are linked to a multi-level list in
numbering.xml. This counts the way Word does for such a list (each level restarts after a
heading of a higher level; a level's text is its lvlText with %1, %2 … replaced by the counters,
empty for a level whose format is "none"), from the styles' own links, so a test reads
"7.1 Resultaträkning" where the document holds "Resultaträkning" in a numbered Heading 2.
"""

from __future__ import annotations

from io import BytesIO
from zipfile import ZipFile

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(node, path: str) -> str | None:
    found = node.find(path)
    return None if found is None else found.get(f"{W}val")


def heading_numbering(data: bytes) -> dict[str, tuple[str, int]]:
    """Heading style id -> (numId, level) of the list its style links to (numId "0": none)."""
    with ZipFile(BytesIO(data)) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def link(style_id: str, seen=()) -> tuple[str, int] | None:
        style = by_id.get(style_id)
        if style is None or style_id in seen:
            return None
        num_id = _val(style, f"{W}pPr/{W}numPr/{W}numId")
        if num_id is not None:
            return num_id, int(_val(style, f"{W}pPr/{W}numPr/{W}ilvl") or 0)
        based_on = _val(style, f"{W}basedOn")
        return link(based_on, (*seen, style_id)) if based_on else None

    return {style_id: found for style_id in by_id if (found := link(style_id)) is not None}


def list_levels(data: bytes, num_id: str) -> dict[int, tuple[str, str]]:
    """The levels of list `num_id`: level -> (numFmt, lvlText)."""
    with ZipFile(BytesIO(data)) as package:
        numbering = etree.fromstring(package.read("word/numbering.xml"))
    num = next(n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id)
    abstract_id = _val(num, f"{W}abstractNumId")
    abstract = next(a for a in numbering.iter(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    return {int(lvl.get(f"{W}ilvl")): (_val(lvl, f"{W}numFmt"), _val(lvl, f"{W}lvlText") or "")
            for lvl in abstract.iter(f"{W}lvl")}


def numbered_headings(data: bytes) -> list[tuple[str, str]]:
    """(style id, displayed text) of every heading paragraph of the body, in order: the number
    Word shows, a space (the levels' suffix), then the paragraph's text."""
    links = heading_numbering(data)
    with ZipFile(BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    levels_of: dict[str, dict] = {}
    counters: dict[str, list[int]] = {}
    found = []
    for paragraph in body.iter(f"{W}p"):
        style_id = _val(paragraph, f"{W}pPr/{W}pStyle") or ""
        if not style_id.startswith("Heading"):
            continue
        text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
        num_id, level = links.get(style_id, ("0", 0))
        own = paragraph.find(f"{W}pPr/{W}numPr/{W}numId")
        if own is not None:
            num_id = own.get(f"{W}val")
        if num_id == "0":
            found.append((style_id, text))
            continue
        levels = levels_of.setdefault(num_id, list_levels(data, num_id))
        count = counters.setdefault(num_id, [0] * 9)
        count[level] += 1
        count[level + 1:] = [0] * (8 - level)
        fmt, pattern = levels[level]
        number = "" if fmt == "none" else pattern
        for n in range(level + 1):
            number = number.replace(f"%{n + 1}", str(count[n]))
        found.append((style_id, f"{number} {text}" if number else text))
    return found


def body_items(data: bytes) -> list[tuple[str, str]]:
    """The body in order, as a reader meets it: ("Heading1", text) for a heading, ("p", text) for
    other text or a picture, ("table", its text) for a table; empty paragraphs are skipped."""
    with ZipFile(BytesIO(data)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    found = []
    for child in body.iterchildren(f"{W}p", f"{W}tbl"):
        text = "".join(t.text or "" for t in child.iter(f"{W}t"))
        if child.tag == f"{W}tbl":
            found.append(("table", text))
            continue
        style = _val(child, f"{W}pPr/{W}pStyle") or "p"
        if text.strip() or child.find(f".//{W}drawing") is not None:
            found.append((style if style.startswith("Heading") else "p", text))
    return found


def bare_headings(data: bytes) -> list[str]:
    """Headings with nothing under them: followed directly by a heading of their own level or
    above, or by the end of the document (a subsection's heading is content under its section;
    it is checked in its turn)."""
    body = body_items(data)
    bare = []
    for i, (kind, text) in enumerate(body):
        if not kind.startswith("Heading"):
            continue
        following = body[i + 1][0] if i + 1 < len(body) else None
        if following is None or (following.startswith("Heading") and int(following[-1]) <= int(kind[-1])):
            bare.append(text)
    return bare
