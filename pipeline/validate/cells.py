"""Cell parsers shared by the validators: codes, amounts, periods, years.

Each returns the parsed column and problems located at the offending cells. Amounts become
integer öre so that every sum is exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.problems import Problem
from pipeline.read.excel import RawTable

MAX_PROBLEMS_PER_COLUMN = 25


def located(table: RawTable, field: str, rows: pd.Index, rule: str, message, hint: str,
            values: pd.Series | None = None) -> list[Problem]:
    """One problem per row (capped), plus a summary line when capped.

    `message` is a string or a function of the cell's value.
    """
    problems = []
    for row in rows[:MAX_PROBLEMS_PER_COLUMN]:
        text = message(values.loc[row]) if callable(message) else message
        problems.append(Problem(rule, text, table.location(int(row), field), hint=hint))
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        rest = len(rows) - MAX_PROBLEMS_PER_COLUMN
        problems.append(Problem(rule, f"… och {rest} rader till med samma fel i kolumnen.",
                                table.location(None, field), hint=hint))
    return problems


def _blank(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.isna()
    text = series.astype("string")
    return text.isna() | (text.str.strip() == "")


def by_value(column: pd.Series, parse) -> pd.Series | pd.DataFrame:
    """`parse` applied once to each distinct value of `column`, spread back over its rows.

    A million ledger rows hold a few hundred distinct codes or periods: parsing those is what
    takes time. `parse` gets a Series of the distinct values (and one missing value) and returns
    a Series or DataFrame aligned with it; the result has `column`'s index.
    """
    codes, distinct = pd.factorize(column, use_na_sentinel=True)
    values = pd.concat([pd.Series(distinct, dtype=column.dtype), pd.Series([None], dtype=column.dtype)],
                       ignore_index=True)
    parsed = parse(values)        # the last entry is the missing value: code -1 takes it
    spread = parsed.take(np.where(codes < 0, len(values) - 1, codes))
    spread.index = column.index
    return spread


def code_text(values: pd.Series) -> pd.Series:
    """Codes as stripped text, "" when missing; an Excel number 4010.0 becomes "4010"."""
    text = values.astype("string").str.strip()
    return text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True).fillna("")


def codes(table: RawTable, field: str, required: bool) -> tuple[pd.Series, list[Problem]]:
    """Codes as stripped text; an Excel number 4010.0 becomes "4010"."""
    text = by_value(table.frame[field], code_text)
    problems = []
    if required:
        missing = text.index[text == ""]
        heading = table.headers.get(field, field)
        problems = located(table, field, missing, "värde-saknas", f'"{heading}" saknas på raden.',
                           "Fyll i värdet i exporten, eller ta bort raden om den inte hör hemma där.")
    return text, problems


def texts(table: RawTable, field: str) -> pd.Series:
    column = table.frame[field]
    if pd.api.types.is_numeric_dtype(column.dtype):
        return by_value(column, lambda values: values.astype("string").str.strip().fillna(""))
    return column.astype("string").str.strip().fillna("")


def _numeric(column: pd.Series) -> tuple[pd.Series, pd.Index]:
    """Floats from a numeric column or from Swedish text; the index of cells that are not numbers."""
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.astype("float64"), pd.Index([])
    values = _parse_numbers(column)
    return values, values.index[values.isna() & ~_blank(column)]


def amounts_ore(table: RawTable, field: str, ore_per_unit: int,
                sign: int = 1) -> tuple[pd.Series, list[Problem]]:
    """Amounts in öre (int64, debit positive when sign is set), from numbers or Swedish text."""
    column = table.frame[field]
    numbers, bad = _numeric(column)
    heading = table.headers.get(field, field)
    problems = located(
        table, field, bad, "belopp-ej-tal",
        lambda v: f'"{v}" i kolumnen "{heading}" är inte ett belopp.',
        "Skriv beloppet som ett tal, t.ex. 1234,50 eller -12,9, utan bokstäver.",
        values=column,
    )
    ore = np.round(numbers.fillna(0.0).to_numpy() * ore_per_unit) * sign
    return pd.Series(ore.astype("int64"), index=column.index), problems


def _parse_numbers(column: pd.Series) -> pd.Series:
    """'1 234,50', '-12,9', '1.234,5', '−3' (with NBSP/narrow spaces) -> float; junk -> NaN."""
    text = column.astype("string").str.strip()
    text = text.str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace("\u2212", "-", regex=False)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    text = text.where(~both.fillna(False), text.str.replace(".", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    valid = text.str.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?").fillna(False)
    return pd.to_numeric(text.where(valid), errors="coerce").astype("float64")


def _period_parts(values: pd.Series) -> pd.DataFrame:
    text = values.astype("string").str.strip()
    parts = text.str.extract(r"^(\d{4})[-/.]?(\d{1,2})(?:\D.*)?$")
    return pd.DataFrame({"text": text, "year": pd.to_numeric(parts[0], errors="coerce"),
                         "month": pd.to_numeric(parts[1], errors="coerce")})


def periods(table: RawTable, field: str) -> tuple[pd.Series, pd.Series, list[Problem]]:
    """(year, month) from '2023-08', '202308', '2023-08-31' or an Excel date."""
    parsed = by_value(table.frame[field], _period_parts)
    text, year, month = parsed["text"], parsed["year"], parsed["month"]
    bad_mask = year.isna() | month.isna() | ~month.between(1, 12)
    heading = table.headers.get(field, field)
    problems = located(
        table, field, text.index[bad_mask.to_numpy()], "period-ogiltig",
        lambda v: f'"{v}" i kolumnen "{heading}" är ingen period.',
        "Skriv perioden som 2023-08, 202308 eller ett datum.",
        values=text.fillna(""),
    )
    return year.fillna(0).astype("int64"), month.fillna(0).astype("int64"), problems


def _year_parts(values: pd.Series) -> pd.DataFrame:
    text = values.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    return pd.DataFrame({"text": text, "year": pd.to_numeric(text.str.extract(r"^(\d{4})$")[0],
                                                             errors="coerce")})


def years(table: RawTable, field: str, required: bool = True) -> tuple[pd.Series, list[Problem]]:
    """Four-digit years; a missing year is a problem when the field is required (0 stands for none)."""
    parsed = by_value(table.frame[field], _year_parts)
    text, year = parsed["text"], parsed["year"]
    heading = table.headers.get(field, field)
    blank = _blank(table.frame[field])
    bad = year.isna() & (~blank if not required else True)
    problems = located(
        table, field, text.index[bad.to_numpy()], "år-ogiltigt",
        lambda v: f'"{heading}" saknas på raden.' if not v else f'"{v}" i kolumnen "{heading}" är inget årtal.',
        "Skriv året med fyra siffror, t.ex. 2023.",
        values=text.fillna(""),
    )
    return year.fillna(0).astype("int64"), problems


def numbers(table: RawTable, field: str, required: bool, non_negative: bool) -> tuple[pd.Series, list[Problem]]:
    """Plain numbers (hours, index values); Swedish text accepted. Missing -> NaN."""
    column = table.frame[field]
    values, bad = _numeric(column)
    heading = table.headers.get(field, field)
    hint = "Skriv ett tal, t.ex. 7,5."
    problems = located(table, field, bad, "tal-ogiltigt",
                       f'Värdet i kolumnen "{heading}" är inte ett tal.', hint)
    if required:
        problems += located(table, field, values.index[_blank(column).to_numpy()], "värde-saknas",
                            f'"{heading}" saknas på raden.', "Fyll i värdet.")
    if non_negative:
        problems += located(table, field, values.index[(values < 0).to_numpy()], "timmar-negativa",
                            f'Timmarna i kolumnen "{heading}" är negativa.',
                            "Rätta raden i HR-exporten: timmar kan inte vara mindre än noll.")
    return values, problems


def days(table: RawTable, field: str, required: bool) -> tuple[pd.Series, list[Problem]]:
    """Dates from Excel dates or text (2023-05-31); blank -> NaT."""
    text = table.frame[field].astype("string").str.strip()
    parsed = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    blank = _blank(table.frame[field])
    heading = table.headers.get(field, field)
    problems = located(table, field, text.index[(parsed.isna() & ~blank).to_numpy()], "datum-ogiltigt",
                       f'Värdet i kolumnen "{heading}" är inget datum.', "Skriv datumet som 2023-05-31.")
    if required:
        problems += located(table, field, text.index[blank.to_numpy()], "värde-saknas",
                            f'"{heading}" saknas på raden.', "Fyll i datumet.")
    return parsed, problems
