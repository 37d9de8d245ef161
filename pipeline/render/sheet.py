"""One worksheet of a workbook the ekonom and the auditors read, on screen and on paper.

    sheet = Sheet(book, styles, "Kontroller", page_title)
    sheet.table(frame, kinds={"Förväntat": "kr", "Antal rader": "count"})
    sheet.finish()

Every cell is written with the format of what it holds (`KINDS`: kronor with öre, printed mnkr,
counts, hours, shares as percent), and the sheet remembers, per column, the longest text each
value shows under its format in Swedish (`shown`). `finish` makes each column that wide (a number
never shows `###` at 100 %), wraps headers at word boundaries, and sets up printing: A4
landscape, fit to one page wide, the header row on every page, the sheet's name in the page
header and "Sida x av y" in the footer.
"""

from __future__ import annotations

import math
import re

import pandas as pd

# Swedish Excel/LibreOffice show "," as a space and "." as a decimal comma; the lengths are the same.
KINDS = {
    "kr": "#,##0.00;-#,##0.00",           # kronor with öre
    "mnkr": "#,##0.0;-#,##0.0",           # a figure as printed in the report
    "count": "#,##0",                     # rows, people, goals, Excel rows: whole numbers
    "hours": "#,##0.0",                   # sums of hours
    "decimal": "#,##0.0",                 # an average head count
    "percent": "0.0 %",                   # a share, stored as a fraction (0.045 shows 4,5 %)
    "index": "0",                         # a survey index 0–100
    "year": "0",                          # a year or an Excel row: no thousands separator
}
UNIT_SUFFIX = re.compile(r"\s*\((?:mnkr|tkr|kr)\)$")
TEXT_WIDTH_CAP = 50                        # longer texts wrap inside the cell
HEADER_WIDTH_CAP = 14                      # a header wider than this wraps onto more lines
POINTS_PER_LINE = 15


def without_unit(text: str) -> str:
    """'Totalt (mnkr)' -> 'Totalt': the workbook's own headers say each column's unit."""
    return UNIT_SUFFIX.sub("", text)


def shown(value, kind: str | None) -> str:
    """The text a number shows under its kind's format (the length is what matters)."""
    if kind == "kr":
        return f"{value:,.2f}"
    if kind in ("mnkr", "hours", "decimal"):
        return f"{value:,.1f}"
    if kind == "count":
        return f"{value:,.0f}"
    if kind == "percent":
        return f"{value * 100:.1f} %"
    if kind in ("index", "year"):
        return f"{value:.0f}"
    return f"{value}"


def _text_width(text: str, bold: bool = False) -> float:
    """Character units of Calibri 11 (Carlito in LibreOffice), with room for bold and capitals."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest * (1.1 if bold else 1.0)


def _wrapped_lines(text: str, width: float, bold: bool = True) -> int:
    """About how many lines `text` takes wrapped at words into `width` character units (an
    average letter is narrower than the digit the unit is: 0.9, bold 0.95)."""
    lines, current = 1, 0.0
    for word in text.split():
        size = len(word) * (0.95 if bold else 0.9)
        if current and current + 1 + size > width:
            lines, current = lines + 1, size
        else:
            current += (1 if current else 0) + size
    return lines


class Sheet:
    """A worksheet whose column widths follow what its cells show (see the module docstring)."""

    def __init__(self, book, styles: dict, name: str, page_title: str = ""):
        self.sheet = book.add_worksheet(name)
        self.styles = styles
        self.name = name
        self.page_title = page_title
        self.widths: dict[int, float] = {}
        self.headers: dict[int, str] = {}
        self.header_row: int | None = None
        self.wrapped: set[int] = set()
        self.long: dict[tuple[int, int], str] = {}     # texts that may wrap: (row, col) -> text

    # --- cells -------------------------------------------------------------------------------

    def _fits(self, col: int, width: float) -> None:
        self.widths[col] = max(self.widths.get(col, 0.0), width)

    def text(self, row: int, col: int, value: str, style: str | None = None) -> None:
        if style is None:
            style = "wrap" if len(value) > TEXT_WIDTH_CAP else "plain"
        self.sheet.write_string(row, col, value, self.styles[style])
        self._fits(col, _text_width(value, bold=style in ("bold", "fail", "head")))
        if style == "wrap":
            self.long[(row, col)] = value

    def number(self, row: int, col: int, value, kind: str) -> None:
        self.sheet.write_number(row, col, value, self.styles[kind])
        self._fits(col, len(shown(value, kind)) + 1)

    def note(self, row: int, col: int, value: str) -> None:
        """A line of explanation under a table: it runs over the empty cells to its right and
        leaves the column's width alone."""
        self.sheet.write_string(row, col, value, self.styles["plain"])

    def blank(self, row: int, col: int, kind: str | None = None) -> None:
        self.sheet.write_blank(row, col, None, self.styles[kind or "plain"])

    def value(self, row: int, col: int, value, kind: str | None = None) -> None:
        """Text as text, a missing value blank, a number with `kind`'s format (or General)."""
        if isinstance(value, str):
            self.text(row, col, value)
        elif value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
            self.blank(row, col, kind)
        elif isinstance(value, bool):
            self.text(row, col, "ja" if value else "nej")
        elif kind is not None:
            self.number(row, col, float(value), kind)
        elif isinstance(value, (int, float)):
            self.sheet.write_number(row, col, value, self.styles["plain"])
            self._fits(col, len(f"{value}") + 1)
        else:
            self.text(row, col, str(value))

    # --- a table -----------------------------------------------------------------------------

    def head(self, row: int, names: list[str]) -> None:
        """The header row of a table: bold, wrapped at words, repeated on every printed page."""
        for col, name in enumerate(names):
            self.sheet.write_string(row, col, name, self.styles["head"])
            self.headers[col] = name
            self._fits(col, max((_text_width(w, bold=True) for w in name.split()), default=0) + 1)
        if self.header_row is None:
            self.header_row = row

    def table(self, frame: pd.DataFrame, first_row: int = 0, kinds: dict[str, str] | None = None,
              ore: tuple[str, ...] = ()) -> int:
        """`frame` with its columns' kinds (`KINDS`); columns in `ore` hold öre and show kronor.
        Returns the row after the table."""
        kinds = kinds or {}
        self.head(first_row, [str(name) for name in frame.columns])
        for col, name in enumerate(frame.columns):                    # column by column
            kind = "kr" if name in ore else kinds.get(name)
            column = frame[name]
            rows = enumerate(zip(column.tolist(), column.isna().tolist()), start=first_row + 1)
            if kind is None:
                for r, (value, missing) in rows:
                    self.value(r, col, None if missing and not isinstance(value, str) else value)
                continue
            numbers, style, write = [], self.styles[kind], self.sheet.write_number
            for r, (value, missing) in rows:
                if isinstance(value, (str, bool)) or missing:
                    self.value(r, col, None if missing and not isinstance(value, str) else value, kind)
                    continue
                number = int(value) / 100 if name in ore else float(value)
                write(r, col, number, style)
                numbers.append(number)
            if numbers:     # a number's shown length grows with its size: the extremes are the widest
                self._fits(col, max(len(shown(min(numbers), kind)), len(shown(max(numbers), kind))) + 1)
        self.sheet.freeze_panes(first_row + 1, 0)
        if len(frame.columns):
            self.sheet.autofilter(first_row, 0, first_row + max(len(frame), 1), len(frame.columns) - 1)
        return first_row + 1 + len(frame)

    # --- widths and paper --------------------------------------------------------------------

    def finish(self) -> None:
        for col, width in sorted(self.widths.items()):
            header = self.headers.get(col, "")
            wide = max(width, min(_text_width(header, bold=True) + 1, HEADER_WIDTH_CAP))
            if wide > TEXT_WIDTH_CAP:
                self.wrapped.add(col)
                self.sheet.set_column(col, col, TEXT_WIDTH_CAP)
                wide = TEXT_WIDTH_CAP
            else:
                self.sheet.set_column(col, col, math.ceil(wide + 1))
            self.widths[col] = math.ceil(wide + 1) if col not in self.wrapped else TEXT_WIDTH_CAP
        heights: dict[int, int] = {}
        for (row, col), value in self.long.items():
            if col in self.wrapped:
                heights[row] = max(heights.get(row, 1), _wrapped_lines(value, TEXT_WIDTH_CAP - 1, bold=False))
        for row, lines in sorted(heights.items()):
            if lines > 1 and row != self.header_row:
                self.sheet.set_row(row, POINTS_PER_LINE * lines)
        if self.header_row is not None and self.headers:
            lines = max(_wrapped_lines(h, self.widths.get(c, 8.43) - 1) for c, h in self.headers.items())
            self.sheet.set_row(self.header_row, POINTS_PER_LINE * lines + 2)
            self.sheet.repeat_rows(self.header_row)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)                                    # A4
        self.sheet.fit_to_pages(1, 0)                              # one page wide, as many down as needed
        self.sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        self.sheet.set_header(f"&L&A&R{_escaped(self.page_title)}", {"margin": 0.3})
        self.sheet.set_footer("&RSida &P av &N", {"margin": 0.3})


def _escaped(text: str) -> str:
    """A page header's text: '&' starts a code there."""
    return text.replace("&", "&&")


def sheet_styles(book, minus: str = "-") -> dict:
    """The formats every sheet uses: header cells, each kind of number, bold labels, a failed check.
    `minus`: the report's minus sign, for the printed mnkr figures."""
    top = {"valign": "top"}            # a wrapped text makes its row taller: every cell starts at the top
    styles = {kind: book.add_format({"num_format": fmt, **top}) for kind, fmt in KINDS.items()}
    if minus != "-":
        styles["mnkr"] = book.add_format({"num_format": f'#,##0.0;"{minus}"#,##0.0', **top})
    styles.update({
        "head": book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True, **top}),
        "plain": book.add_format(top),
        "bold": book.add_format({"bold": True, **top}),
        "fail": book.add_format({"bold": True, "font_color": "#B00020", **top}),
        "wrap": book.add_format({"text_wrap": True, **top}),
    })
    return styles
