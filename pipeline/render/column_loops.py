"""Column loops in Word tables: tables whose figure columns are a `{%tc for %}` loop.

The RR and DR tables have as many figure columns as the period has (six in a delår report, four
at the year end). A template makes them with a column loop; docxtpl repeats the loop's cells but
only keeps the number of grid columns right. `mark_column_loop_cells` (before rendering) and
`fit_column_loops` (after) give such a table widths that fill the table again.
"""

from __future__ import annotations

import re

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What to do when a template names a fixed figure column (shown by render and check).
COLUMN_LOOP_ADVICE = (
    "Tabellerna har olika många kolumner beroende på period (årsbokslutet har ingen "
    "prognoskolumn). Låt sifferkolumnerna vara en kolumnloop som i standardmallen: tre celler "
    "bredvid varandra med {%tc for cell in row.cells %}, {{ cell }} och {%tc endfor %}, och i "
    "rubrikraden {%tc for heading in rr.header[1:] %}, {{ heading }} och {%tc endfor %}."
)
_TC_FOR = re.compile(r"\{%tc\s+for\s")
_TC_ENDFOR = re.compile(r"\{%tc\s+endfor\s")
_LOOP_CELL = f"{_W}kolumnloop"      # marks a column-loop cell while rendering; never saved


def mark_column_loop_cells(body) -> None:
    """Mark the cells between a `{%tc for %}` cell and its `{%tc endfor %}` cell in the template.

    docxtpl repeats them once per item, so a table has as many figure columns as the period
    has (six RR columns in a delår report, four at the year end). The mark, an attribute that
    `fit_column_loops` removes again, goes with every copy and tells which columns share the
    width the others leave.
    """
    for row in body.iter(f"{_W}tr"):
        depth = 0
        for cell in row.iterchildren(f"{_W}tc"):
            text = "".join(node.text or "" for paragraph in cell.iterchildren(f"{_W}p")
                           for node in paragraph.iter(f"{_W}t"))
            if _TC_FOR.search(text):
                depth += 1
            elif _TC_ENDFOR.search(text):
                depth = max(depth - 1, 0)
            elif depth:
                cell.set(_LOOP_CELL, "1")


def fit_column_loops(body) -> None:
    """Give a table with a column loop widths that fill the table again, then drop the marks.

    docxtpl only keeps the number of grid columns right. Here the columns outside the loop
    (the label column) keep their width from the template and the loop's columns share the
    rest of the table's width equally; the grid and every cell's width agree, so Word and
    LibreOffice draw the same table. Tables with merged cells are left as docxtpl made them.
    """
    for table in body.iter(f"{_W}tbl"):
        rows = [row.findall(f"{_W}tc") for row in table.findall(f"{_W}tr")]
        if any(cell.get(_LOOP_CELL) for row in rows for cell in row):
            _share_loop_width(table, rows)
    for cell in body.iter(f"{_W}tc"):
        cell.attrib.pop(_LOOP_CELL, None)


def _share_loop_width(table, rows: list[list]) -> None:
    if any(cell.find(f"{_W}tcPr/{_W}hMerge") is not None
           or cell.find(f"{_W}tcPr/{_W}gridSpan") is not None for row in rows for cell in row):
        return
    total = _table_width(table)
    widest = None
    for row in rows:
        loop = [cell for cell in row if cell.get(_LOOP_CELL)]
        fixed = [_cell_width(cell) for cell in row if not cell.get(_LOOP_CELL)]
        if not loop or None in fixed or sum(fixed) >= total:
            continue
        share, extra = divmod(total - sum(fixed), len(loop))
        for index, cell in enumerate(loop):
            _set_cell_width(cell, share + (1 if index < extra else 0))
        if widest is None or len(row) > len(widest):
            widest = row
    if widest is not None:
        grid = table.find(f"{_W}tblGrid")
        if grid is None:
            return
        for column in grid.findall(f"{_W}gridCol"):
            grid.remove(column)
        for index, cell in enumerate(widest):
            column = etree.Element(f"{_W}gridCol")
            column.set(f"{_W}w", str(_cell_width(cell)))
            grid.insert(index, column)


def _table_width(table) -> int:
    """The table's set width in twips (tblW), or else the sum of its grid columns."""
    width = table.find(f"{_W}tblPr/{_W}tblW")
    if width is not None and width.get(f"{_W}type", "dxa") == "dxa":
        value = _twips(width.get(f"{_W}w"))
        if value:
            return value
    return sum(_twips(column.get(f"{_W}w")) or 0 for column in table.iterfind(f"{_W}tblGrid/{_W}gridCol"))


def _cell_width(cell) -> int | None:
    width = cell.find(f"{_W}tcPr/{_W}tcW")
    if width is None or width.get(f"{_W}type", "dxa") != "dxa":
        return None
    return _twips(width.get(f"{_W}w"))


def _set_cell_width(cell, twips: int) -> None:
    properties = cell.find(f"{_W}tcPr")
    if properties is None:
        properties = etree.Element(f"{_W}tcPr")
        cell.insert(0, properties)
    width = properties.find(f"{_W}tcW")
    if width is None:
        width = etree.Element(f"{_W}tcW")
        style = properties.find(f"{_W}cnfStyle")       # the one element before tcW (CT_TcPr)
        properties.insert(0 if style is None else properties.index(style) + 1, width)
    width.set(f"{_W}w", str(twips))
    width.set(f"{_W}type", "dxa")


def _twips(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None
