"""Where a tagged PDF's tables fall on its pages: read from the PDF's tag tree (pypdf).

LibreOffice's PDF/UA export tags every table (Table > TR > TH/TD) and says, for each marked
content, which page it is on; a header row that LibreOffice repeats on the next page is an
artifact and not in the tag tree. So each tagged row's pages are where the reader meets it.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NumberObject


@dataclass(frozen=True)
class PlacedTable:
    """A table in the tag tree: its first row's cell texts (as far as the PDF has them as
    /ActualText or /Alt: usually none) and the pages of each of its rows, in order."""

    number: int                          # 1 = the document's first table
    rows: tuple[frozenset[int], ...]     # 1-based page numbers of each row

    @property
    def header_alone(self) -> bool:
        """The header row ends on a page that none of the other rows reaches: it is the last
        thing of the table on that page."""
        if len(self.rows) < 2 or not self.rows[0] or not self.rows[1]:
            return False
        return max(self.rows[0]) < min(self.rows[1])

    @property
    def pages(self) -> frozenset[int]:
        return frozenset().union(*self.rows)


def placed_tables(pdf: bytes) -> list[PlacedTable]:
    """Every table of the tagged PDF `pdf` with the pages of its rows."""
    reader = PdfReader(BytesIO(pdf))
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    tables: list[PlacedTable] = []

    def page_of(element: DictionaryObject, inherited: int | None) -> int | None:
        page = element.get("/Pg")
        return pages.get(page.idnum) if page is not None else inherited

    def content_pages(element: DictionaryObject, inherited: int | None) -> set[int]:
        page = page_of(element, inherited)
        found: set[int] = set()
        for kid in _kids(element):
            if isinstance(kid, NumberObject | int):
                if page is not None:
                    found.add(page)
            elif isinstance(kid, DictionaryObject):
                if kid.get("/Type") == "/MCR":
                    mcr_page = page_of(kid, page)
                    if mcr_page is not None:
                        found.add(mcr_page)
                elif "/S" in kid:
                    found |= content_pages(kid, page)
        return found

    def rows_of(element: DictionaryObject, inherited: int | None) -> list[frozenset[int]]:
        rows = []
        for kid in _kids(element):
            if not isinstance(kid, DictionaryObject):
                continue
            if kid.get("/S") == "/TR":
                rows.append(frozenset(content_pages(kid, page_of(element, inherited))))
            elif kid.get("/S") in ("/THead", "/TBody", "/TFoot"):
                rows += rows_of(kid, page_of(element, inherited))
        return rows

    def walk(element: DictionaryObject, inherited: int | None) -> None:
        page = page_of(element, inherited)
        if element.get("/S") == "/Table":
            tables.append(PlacedTable(len(tables) + 1, tuple(rows_of(element, page))))
            return
        for kid in _kids(element):
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                walk(kid, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object(), None)
    return tables


def _kids(element: DictionaryObject) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    items = list(kids) if isinstance(kids, ArrayObject) else [kids]
    return [item.get_object() if hasattr(item, "get_object") else item for item in items]
