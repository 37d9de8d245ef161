"""The report period and the columns it implies (a month's close, or the year end).

Which report a month gives (its name and file) is a setting: `pipeline.settings.report_types`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_year_end(self) -> bool:
        return self.month == 12

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def span(self) -> str:
        """'jan-aug' as in the column headers; a single month is just 'jan'."""
        if self.month == 1:
            return MONTHS[0]
        return f"{MONTHS[0]}-{MONTHS[self.month - 1]}"

    @property
    def month_name(self) -> str:
        return MONTH_NAMES[self.month - 1]


def latest_period(years: pd.Series, months: pd.Series) -> Period | None:
    """The latest (year, month) among the rows; rows without a valid month (0: their period cell
    was a problem, `validate.cells.periods`) do not count, nor would a month outside 1-12."""
    valid = months.between(1, 12)
    if not valid.any():
        return None
    key = (years[valid] * 100 + months[valid]).max()
    return Period(int(key // 100), int(key % 100))


def parse_period(text: str) -> Period | None:
    """'2023-08' or '202308' -> Period; anything else -> None."""
    digits = text.replace("-", "")
    if len(digits) != 6 or not digits.isdigit():
        return None
    year, month = int(digits[:4]), int(digits[4:])
    return Period(year, month) if 1 <= month <= 12 else None


# Measures, in print order. Keys are used throughout; headers depend on the period.
LEDGER_MEASURES = ("bokslut_fg", "utfall_fg", "utfall")


def in_measure(frame: pd.DataFrame, measure: str, period: Period) -> pd.Series:
    """Which rows (columns `ar`, `manad`) a ledger measure covers: last year whole (bokslut_fg),
    last year or this year from January to the report month (utfall_fg, utfall)."""
    if measure == "bokslut_fg":
        return frame["ar"] == period.previous_year
    year = period.previous_year if measure == "utfall_fg" else period.year
    return (frame["ar"] == year) & (frame["manad"] <= period.month)


def measures(period: Period) -> tuple[str, ...]:
    """The columns of the RR and DR tables."""
    if period.is_year_end:
        return ("bokslut_fg", "utfall", "budget", "avvikelse")
    return ("bokslut_fg", "utfall_fg", "utfall", "budget", "prognos", "avvikelse")


def investment_measures(period: Period) -> tuple[str, ...]:
    if period.is_year_end:
        return ("budget", "utfall", "avvikelse")
    return ("budget", "utfall", "prognos", "avvikelse")


def header(measure: str, period: Period) -> str:
    y, fg = period.year, period.previous_year
    if period.is_year_end:
        utfall = f"Utfall {y}"
    else:
        utfall = f"Utfall {period.span} {y}"
    return {
        "bokslut_fg": f"Bokslut {fg}",
        "utfall_fg": f"Utfall {period.span} {fg}",
        "utfall": utfall,
        "budget": f"Budget {y}",
        "prognos": f"Prognos helår {y}",
        "avvikelse": ("Avvikelse utfall mot budget" if period.is_year_end
                      else "Avvikelse prognos mot budget"),
    }[measure]
