"""Problems are data: every stage returns them instead of raising on bad input.

A problem always has a location as the ekonom sees it in Excel (file, sheet, row, column) or,
for reconciliation, the sources that disagree. Messages are Swedish and say what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "fel"
    WARNING = "varning"


@dataclass(frozen=True)
class Location:
    """Where a problem is, in the terms the ekonom uses in Excel.

    `row` is the Excel row number (1-based, as shown in Excel's margin); `column` is the
    column letter and `header` the column's heading text. In a Word text, `paragraph` is the
    paragraph's number as the ekonom counts them (paragraphs with text only, table cells' too).
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None
    paragraph: int | None = None     # in a Word text: the paragraph, counting those with text, 1-based

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"blad {self.sheet}")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.paragraph is not None:
            parts.append(f"stycke {self.paragraph}")
        if self.column or self.header:
            col = f"kolumn {self.column}" if self.column else "kolumn"
            if self.header:
                col += f' "{self.header}"'
            parts.append(col)
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One problem found in one place. `rule` is a stable identifier for tests and settings."""

    rule: str
    message: str
    location: Location
    severity: Severity = Severity.ERROR
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def describe(self) -> str:
        text = f"{self.location.describe()}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


@dataclass(frozen=True)
class Check:
    """A reconciliation check: two sources that must agree exactly (amounts in öre, or row counts)."""

    check_id: str
    description: str
    expected: int
    actual: int
    expected_source: str
    actual_source: str
    quantity: str = "öre"          # "öre" or "rader"
    severity: Severity = Severity.ERROR
    where: str = ""                # the source rows behind a difference ("huvudbok_2023.xlsx rad 12"), if known

    @property
    def difference(self) -> int:
        return self.actual - self.expected

    @property
    def passed(self) -> bool:
        return self.difference == 0

    def describe(self) -> str:
        from pipeline.numbers import format_kr

        def fmt(value: int) -> str:
            return f"{value} rader" if self.quantity == "rader" else f"{format_kr(value)} kr"
        status = "stämmer" if self.passed else "STÄMMER INTE"
        text = (f"{self.check_id} {status}: {self.description}. Förväntat {fmt(self.expected)} "
                f"({self.expected_source}), faktiskt {fmt(self.actual)} ({self.actual_source}), "
                f"differens {fmt(self.difference)}.")
        return f"{text} Gäller {self.where}." if self.where and not self.passed else text
