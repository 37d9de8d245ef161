"""Page breaks around tables: a table is kept with what belongs to it, never with what follows.

The shipped templates keep a table's header row with its first row, and a figure table's rows
with each other (Word's "Håll ihop med nästa" on the cells' paragraphs, plus "Tillåt att raden
bryts över sidor" off), so that a table that fits on a page is never split and no header row is
left alone at a page end. docxtpl repeats the template's row, so the last rendered row carries
the mark too, which would tie the table to the heading or text after it (and that to the next
table, and so on). `release_last_rows`, run after rendering, removes the mark from each table's
last row.
"""

from __future__ import annotations

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def release_last_rows(body) -> None:
    """Drop "keep with next" from the paragraphs of every table's last row (nested tables too)."""
    for table in body.iter(f"{_W}tbl"):
        rows = table.findall(f"{_W}tr")
        if not rows:
            continue
        for paragraph in rows[-1].iterfind(f"{_W}tc/{_W}p"):
            for keep in paragraph.findall(f"{_W}pPr/{_W}keepNext"):
                keep.getparent().remove(keep)
