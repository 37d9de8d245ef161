"""Cell parsers shared by the validators: codes, texts, amounts, numbers, periods, years, days;
and `repeated_rows`, the rows whose key an earlier row already has (duplicate-key checks).

Each returns the parsed column and problems located at the offending cells. Amounts become
integer öre so that every sum is exact. Nothing is guessed: a cell that cannot be read with
certainty is a problem, never a number (an amount in a foreign notation, a blank amount, an
Excel error, an amount too large to sum exactly, a period that is no month).

Personal data: for a table of an HR export (`RawTable.personal`) no message here quotes the
cell's value; it names file, sheet, row and column only.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from pipeline.problems import Problem
from pipeline.read.raw_table import RawTable

MAX_PROBLEMS_PER_COLUMN = 25

# What Excel shows in a cell whose formula fails (an export may hold them as text). A cell that
# holds one is refused in every field: it is not the value the ekonom meant.
EXCEL_ERRORS = frozenset(e.casefold() for e in (
    "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#GETTING_DATA", "#BLOCKED!", "#CONNECT!", "#FIELD!", "#UNKNOWN!", "#BUSY!"))

# The largest amount a cell may hold, in öre (10^13 kr = 10 000 miljarder kr): far above any
# municipal figure, and low enough that a whole export sums exactly in int64 öre and converts
# from kronor (float64) without losing an öre.
MAX_CELL_ORE = 10**15
# The largest sum of one export's amounts (absolute values, in öre, about 1.15 * 10^16 kr):
# four exports together stay below int64's limit, so no later sum can overflow.
MAX_TOTAL_ORE = 2**60
# Hours and index values (`numbers`): anything this large is not a number of hours.
MAX_NUMBER = 1e12

ERROR_HINT = ("Öppna filen i Excel, rätta formeln eller värdet i cellen så att den visar ett värde, "
              "och spara filen igen (eller exportera om).")
BLANK_AMOUNT_HINT = ("Fyll i beloppet (0 om det ska vara noll). En formel som sparats utan beräknat värde "
                     "och ett Excel-fel (#DIV/0!, #N/A, #VALUE!) ser också ut som en tom cell: öppna filen "
                     "i Excel, rätta cellen och spara filen igen.")
AMOUNT_HINT = "Skriv beloppet som ett tal, t.ex. 1234,50 eller -12,9, utan bokstäver."
AMBIGUOUS_HINT = ("Skriv beloppet med decimalkomma och utan punkt eller komma mellan tusentalen, "
                  "t.ex. 201298,77 eller 201 298,77, eller som ett tal i cellen i stället för text.")
TOO_LARGE_HINT = "Kontrollera cellen: ett belopp från 10 000 miljarder kronor och uppåt kan inte stämma."


# --- text amounts ----------------------------------------------------------------------------
#
# The rule (README, docs/input-formats.md): a text amount is read only when its value is certain.
#   accepted   1234   1234,5   -12,9   −12,9 (U+2212)   +5
#              1 234,50 (thousands by space, NBSP U+00A0 or narrow NBSP U+202F; groups of three)
#              1.234,50 (thousands by dot, only together with a decimal comma)
#              1234.5   0.125   1234.567 (a decimal point in a plain number, as a CSV export or
#              a number the reader turned into text gives it)   1e5, 1.5E+3
#   refused    201,298.77 (English)   1,234.5   1.234.567   1.234 and 1,234 (one to three digits,
#              then exactly three: thousands or decimals?)   12 34 (groups not of three)
#              1 234.50   1'234   12,5 kr   (1 234)   1234-   ,5   "" ...
# An accepted text that is 10^13 kr or more (or "inf") is refused as too large, by the caller.

_SPACES = "[ \u00a0\u202f]"
_ACCEPTED = re.compile(                              # ASCII digits only ([0-9], not \d)
    r"[-+]?(?:"
    r"[0-9]+(?:,[0-9]+)?"                                 # 1234   1234,50
    rf"|[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+(?:,[0-9]+)?"  # 1 234   1 234,50
    r"|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+"                 # 1.234,50
    r"|[0-9]+\.[0-9]+"                                   # 1234.5 (no thousands separator)
    r"|[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+"               # 1e5   1.5E+3
    r")")
# One to three digits (not starting with 0) and exactly three after a single separator: "1,234"
# is 1 234 in English and 1,234 in Swedish; "1.234" is 1 234 in Swedish and 1.234 in English.
_AMBIGUOUS = re.compile(r"[-+]?[1-9][0-9]{0,2}[.,][0-9]{3}")
_INFINITE = re.compile(r"[-+]?inf(?:inity)?", re.IGNORECASE)
# Digits and separators only: a number, but in a notation that is not certain.
_NUMBER_LIKE = re.compile(r"[-+]?[0-9.,' \u00a0\u202f]*[0-9][0-9.,' \u00a0\u202f]*(?:[eE][-+]?[0-9]+)?")

# What a cell holds (small integers: a million cells are compared at numpy's speed).
BLANK, AMOUNT_OK, AMOUNT_AMBIGUOUS, AMOUNT_NOT_A_NUMBER, EXCEL_ERROR = range(5)


def _normalized(text: str) -> str:
    return text.strip().replace("\u2212", "-")


def amount_from_text(text: str) -> tuple[float | None, int]:
    """(value, verdict) of an amount written as text; verdict is AMOUNT_OK, AMOUNT_AMBIGUOUS
    (a number, but its separators do not say for certain which) or AMOUNT_NOT_A_NUMBER.

    The value is in the text's own unit; it may be ±inf ("1e400", "inf"): the caller refuses
    what is too large. `amounts_from_text` is the same rule over a column.
    """
    text = _normalized(text)
    if _INFINITE.fullmatch(text):
        return (float("-inf") if text.startswith("-") else float("inf")), AMOUNT_OK
    if _ACCEPTED.fullmatch(text) and not _AMBIGUOUS.fullmatch(text):
        plain = re.sub(_SPACES, "", text)
        if "," in plain:
            plain = plain.replace(".", "").replace(",", ".")
        return float(plain), AMOUNT_OK
    if _NUMBER_LIKE.fullmatch(text):
        return None, AMOUNT_AMBIGUOUS
    return None, AMOUNT_NOT_A_NUMBER


def amounts_from_text(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`amount_from_text` over a column of text at once: the values (float64, NaN when not
    read) and the verdicts (int8; BLANK for a blank cell, EXCEL_ERROR for an Excel error)."""
    text = column.astype("string").str.strip().str.replace("\u2212", "-", regex=False)

    def matches(pattern: re.Pattern) -> np.ndarray:
        return text.str.fullmatch(pattern.pattern, case=not pattern.flags & re.IGNORECASE
                                  ).fillna(False).to_numpy(dtype=bool)

    infinite = matches(_INFINITE)
    accepted = (matches(_ACCEPTED) & ~matches(_AMBIGUOUS)) | infinite
    plain = text.str.replace(_SPACES, "", regex=True)
    comma = plain.str.contains(",", regex=False).fillna(False)
    plain = plain.where(~comma, plain.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    plain = plain.where(~infinite, text.str.casefold().str.replace("infinity", "inf", regex=False))
    values = pd.to_numeric(plain.where(accepted), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    verdict = np.where(accepted, AMOUNT_OK, np.where(matches(_NUMBER_LIKE), AMOUNT_AMBIGUOUS, AMOUNT_NOT_A_NUMBER))
    verdict[_is_excel_error(text).to_numpy(dtype=bool)] = EXCEL_ERROR
    verdict[_blank(column).to_numpy(dtype=bool)] = BLANK
    return values, verdict.astype("int8")


# --- locating problems -----------------------------------------------------------------------

def located(table: RawTable, field: str, rows: pd.Index, rule: str, message, hint: str,
            values: pd.Series | None = None) -> list[Problem]:
    """One problem per row (capped), plus a summary line when capped.

    `message` is a string or a function of the cell's value (`values` at the row). For personal
    data (`table.personal`) the function is given None: it must then not quote the value.
    """
    problems = []
    for row in rows[:MAX_PROBLEMS_PER_COLUMN]:
        if callable(message):
            text = message(None if table.personal or values is None else values.loc[row])
        else:
            text = message
        problems.append(Problem(rule, text, table.location(int(row), field), hint=hint))
    if len(rows) > MAX_PROBLEMS_PER_COLUMN:
        rest = len(rows) - MAX_PROBLEMS_PER_COLUMN
        problems.append(Problem(rule, f"… och {rest} rader till med samma fel i kolumnen.",
                                table.location(None, field), hint=hint))
    return problems


def about_cell(heading: str, what: str) -> Callable[[object], str]:
    """A message about one cell: '"x" i kolumnen "H" <what>', or without the value (None)
    'Värdet i kolumnen "H" <what>'."""
    def message(value: object) -> str:
        if value is None:
            return f'Värdet i kolumnen "{heading}" {what}'
        return f'"{value}" i kolumnen "{heading}" {what}'
    return message


def _heading(table: RawTable, field: str) -> str:
    return table.headers.get(field, field)


def _blank(series: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series.isna()
    text = series.astype("string")
    return (text.isna() | (text.str.strip() == "")).fillna(True)


def _is_excel_error(text: pd.Series) -> pd.Series:
    """Whether each (stripped) text is an Excel error value such as #N/A."""
    return text.str.casefold().isin(EXCEL_ERRORS).fillna(False)


def _excel_error_problems(table: RawTable, field: str, errors: pd.Series,
                          text: pd.Series) -> list[Problem]:
    """`excel-fel` at each cell holding an Excel error (which one is said, but not for personal
    data: `located` gives the message no value there)."""
    heading = _heading(table, field)

    def message(value: object) -> str:
        which = f"Excel-felet {value}" if value is not None else "ett Excel-fel"
        return f'Cellen i kolumnen "{heading}" visar {which} i stället för ett värde.'
    mask = errors.fillna(False).to_numpy(dtype=bool) if isinstance(errors, pd.Series) else errors
    return located(table, field, text.index[mask], "excel-fel", message, ERROR_HINT, values=text)


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


def repeated_rows(frame: pd.DataFrame, keys: pd.DataFrame, valid: pd.Series) -> pd.DataFrame:
    """The rows whose key (`keys`, aligned with `frame`) an earlier row already has, each beside
    that key's first row (its columns suffixed "_forsta"). Earlier means before in the frame:
    files in reading order, rows top down. Rows not `valid` (a key cell missing or unreadable,
    which has a problem of its own) are left out."""
    mask = valid.to_numpy(bool)
    rows, keyed = frame[mask].reset_index(drop=True), keys[mask].reset_index(drop=True)
    later = keyed.duplicated(keep="first").to_numpy()      # the common case, none, in one pass
    firsts = keyed[~later].assign(_pos=keyed.index[~later])
    first = keyed[later].merge(firsts, how="left", on=list(keys.columns))["_pos"].to_numpy()
    earlier = rows.iloc[first].reset_index(drop=True).add_suffix("_forsta")
    return pd.concat([rows[later].reset_index(drop=True), earlier], axis=1)


# --- codes and texts -------------------------------------------------------------------------

def code_text(values: pd.Series) -> pd.Series:
    """Codes as stripped text, "" when missing; an Excel number 4010.0 becomes "4010"."""
    text = values.astype("string").str.strip()
    return text.str.replace(r"^(-?\d+)\.0+$", r"\1", regex=True).fillna("")


def _code_parts(values: pd.Series) -> pd.DataFrame:
    text = code_text(values)
    return pd.DataFrame({"text": text, "error": _is_excel_error(text)})


def codes(table: RawTable, field: str, required: bool) -> tuple[pd.Series, list[Problem]]:
    """Codes as stripped text; an Excel number 4010.0 becomes "4010". An Excel error is ""."""
    parsed = by_value(table.frame[field], _code_parts)
    text, error = parsed["text"], parsed["error"]
    problems = _excel_error_problems(table, field, error, text)
    text = text.where(~error, "")
    if required:
        missing = text.index[((text == "") & ~error).to_numpy()]
        heading = _heading(table, field)
        problems += located(table, field, missing, "värde-saknas", f'"{heading}" saknas på raden.',
                            "Fyll i värdet i exporten, eller ta bort raden om den inte hör hemma där.")
    return text, problems


def texts(table: RawTable, field: str, required: bool = False) -> tuple[pd.Series, list[Problem]]:
    """Stripped text, "" when missing (an Excel error too, with its problem)."""
    column = table.frame[field]
    if pd.api.types.is_numeric_dtype(column.dtype):
        return by_value(column, lambda values: values.astype("string").str.strip().fillna("")), []
    text = column.astype("string").str.strip().fillna("")
    error = _is_excel_error(text)
    problems = _excel_error_problems(table, field, error, text)
    text = text.where(~error, "")
    if required:
        missing = text.index[((text == "") & ~error).to_numpy()]
        problems += located(table, field, missing, "värde-saknas",
                            f'"{_heading(table, field)}" saknas på raden.', "Fyll i värdet.")
    return text, problems


# --- amounts and numbers ---------------------------------------------------------------------

def _numeric(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values (float64, NaN when not read) and verdicts (`amounts_from_text`) of each cell:
    numbers as they are, text by the text amount rule."""
    if pd.api.types.is_numeric_dtype(column.dtype):
        values = column.to_numpy(dtype="float64", na_value=np.nan)
        return values, np.where(np.isnan(values), BLANK, AMOUNT_OK).astype("int8")
    return amounts_from_text(column)


def _as_text(column: pd.Series) -> pd.Series:
    """The cells as the messages quote them: stripped text; a column of numbers as it is (turning
    a million floats into text would take seconds)."""
    return column if pd.api.types.is_numeric_dtype(column.dtype) else column.astype("string").str.strip()


def amounts_ore(table: RawTable, field: str, ore_per_unit: int, sign: int = 1,
                required: bool = True) -> tuple[pd.Series, list[Problem]]:
    """Amounts in öre (int64, debit positive when sign is set), from numbers or text (see
    `amount_from_text`). A cell that is not certainly an amount, is blank while `required`
    (a formula saved without its value and an Excel error look the same), or is 10^13 kr or
    more (`MAX_CELL_ORE`) is a problem at the cell and 0 öre here."""
    column = table.frame[field]
    values, verdict = _numeric(column)
    heading = _heading(table, field)
    text = _as_text(column)

    def rows(mask: np.ndarray) -> pd.Index:
        return column.index[mask]

    ok = verdict == AMOUNT_OK
    too_large = ok & ~(np.abs(values) < MAX_CELL_ORE / ore_per_unit)
    problems = _excel_error_problems(table, field, verdict == EXCEL_ERROR, text)
    problems += located(table, field, rows(verdict == AMOUNT_NOT_A_NUMBER), "belopp-ej-tal",
                        about_cell(heading, "är inte ett belopp."), AMOUNT_HINT, values=text)
    problems += located(table, field, rows(verdict == AMOUNT_AMBIGUOUS), "belopp-tvetydigt",
                        about_cell(heading, "går inte att läsa säkert som ett belopp: skiljetecknen "
                                            "följer inte svensk skrivning, så det är oklart vad som "
                                            "är tusental och vad som är decimaler."),
                        AMBIGUOUS_HINT, values=text)
    problems += located(table, field, rows(too_large), "belopp-för-stort",
                        about_cell(heading, "är för stort för att vara ett belopp "
                                            "(10 000 miljarder kronor eller mer)."),
                        TOO_LARGE_HINT, values=text)
    if required:
        problems += located(table, field, rows(verdict == BLANK), "belopp-saknas",
                            f'Beloppet i kolumnen "{heading}" saknas på raden.', BLANK_AMOUNT_HINT)
    ore = np.round(np.where(ok & ~too_large, values, 0.0) * ore_per_unit)
    return pd.Series(ore.astype("int64") * sign, index=column.index), problems


def abs_total(ore: pd.Series) -> float:
    """The sum of the absolute amounts (öre), in floating point: it cannot overflow."""
    return float(np.abs(ore.to_numpy(dtype="float64")).sum()) if len(ore) else 0.0


def total_too_large(table: RawTable, field: str) -> Problem:
    """The amounts of one export (up to and including `table`) would not sum exactly in öre
    (`MAX_TOTAL_ORE`): the sums could overflow."""
    return Problem("belopp-för-stort",
                   f'Beloppen i kolumnen "{_heading(table, field)}" är tillsammans för stora för att '
                   "summeras exakt.", table.location(None, field), hint=TOO_LARGE_HINT)


def numbers(table: RawTable, field: str, required: bool, non_negative: bool) -> tuple[pd.Series, list[Problem]]:
    """Plain numbers (hours, index values), by the same rule as text amounts. Missing -> NaN."""
    column = table.frame[field]
    values, verdict = _numeric(column)
    heading = _heading(table, field)
    bad = ((verdict == AMOUNT_NOT_A_NUMBER) | (verdict == AMOUNT_AMBIGUOUS)
           | ((verdict == AMOUNT_OK) & ~(np.abs(values) < MAX_NUMBER)))
    values = pd.Series(np.where((verdict == AMOUNT_OK) & ~bad, values, np.nan), index=column.index)
    problems = _excel_error_problems(table, field, verdict == EXCEL_ERROR, _as_text(column))
    problems += located(table, field, column.index[bad], "tal-ogiltigt",
                        f'Värdet i kolumnen "{heading}" är inte ett tal.', "Skriv ett tal, t.ex. 7,5.")
    if required:
        problems += located(table, field, column.index[verdict == BLANK], "värde-saknas",
                            f'"{heading}" saknas på raden.', "Fyll i värdet.")
    if non_negative:
        problems += located(table, field, values.index[(values < 0).fillna(False).to_numpy(dtype=bool)],
                            "timmar-negativa", f'Timmarna i kolumnen "{heading}" är negativa.',
                            "Rätta raden i HR-exporten: timmar kan inte vara mindre än noll.")
    return values, problems


# --- periods, years and days -----------------------------------------------------------------

# 2023-08, 2023-8, 2023/08, 202308, 2023.08 (an Excel number: 2023.1 is refused, it could be
# January or October), or a date 2023-08-31 (an Excel date reads as "2023-08-31 00:00:00").
_PERIOD = re.compile(r"(?P<y>\d{4})(?:[-/](?P<m1>\d{1,2})|(?P<m2>\d{2})|\.(?P<m3>\d{2})"
                     r"|-(?P<m4>\d{2})-(?P<d>\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?)")


def _period_parts(values: pd.Series) -> pd.DataFrame:
    text = values.astype("string").str.strip()
    parts = text.str.extract(f"^{_PERIOD.pattern}$")
    month = parts["m1"].fillna(parts["m2"]).fillna(parts["m3"]).fillna(parts["m4"])
    year = pd.to_numeric(parts["y"], errors="coerce")
    month = pd.to_numeric(month, errors="coerce")
    day = pd.to_numeric(parts["d"], errors="coerce")
    valid = (year.notna() & month.between(1, 12) & (day.isna() | day.between(1, 31))).fillna(False)
    return pd.DataFrame({"text": text, "year": year.where(valid), "month": month.where(valid),
                         "error": _is_excel_error(text)})


def periods(table: RawTable, field: str) -> tuple[pd.Series, pd.Series, list[Problem]]:
    """(year, month) from '2023-08', '202308', '2023-08-31' or an Excel date. A cell that is no
    month of a year (2023-13, 2023-00, 2023-1x, blank) is a problem, and (0, 0) here: such rows
    never reach later stages as a month."""
    parsed = by_value(table.frame[field], _period_parts)
    text, year, month, error = parsed["text"], parsed["year"], parsed["month"], parsed["error"]
    bad = (year.isna() & ~error).to_numpy()
    heading = _heading(table, field)
    problems = _excel_error_problems(table, field, error, text)
    problems += located(table, field, text.index[bad], "period-ogiltig",
                        about_cell(heading, "är ingen period."),
                        "Skriv perioden som 2023-08, 202308 eller ett datum (månad 01–12).",
                        values=text.fillna(""))
    return year.fillna(0).astype("int64"), month.fillna(0).astype("int64"), problems


def _year_parts(values: pd.Series) -> pd.DataFrame:
    text = values.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    return pd.DataFrame({"text": text, "year": pd.to_numeric(text.str.extract(r"^(\d{4})$")[0],
                                                             errors="coerce"),
                         "error": _is_excel_error(text)})


def years(table: RawTable, field: str, required: bool = True) -> tuple[pd.Series, list[Problem]]:
    """Four-digit years; a missing year is a problem when the field is required (0 stands for none)."""
    parsed = by_value(table.frame[field], _year_parts)
    text, year, error = parsed["text"], parsed["year"], parsed["error"]
    heading = _heading(table, field)
    blank = _blank(table.frame[field])
    hint = "Skriv året med fyra siffror, t.ex. 2023."
    problems = _excel_error_problems(table, field, error, text)
    problems += located(table, field, text.index[(year.isna() & ~error & ~blank).to_numpy()], "år-ogiltigt",
                        about_cell(heading, "är inget årtal."), hint, values=text)
    if required:
        problems += located(table, field, text.index[blank.to_numpy()], "år-ogiltigt",
                            f'"{heading}" saknas på raden.', hint)
    return year.fillna(0).astype("int64"), problems


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def days(table: RawTable, field: str, required: bool) -> tuple[pd.Series, list[Problem]]:
    """Dates from Excel dates or text (2023-05-31); blank -> NaT."""
    text = table.frame[field].astype("string").str.strip()
    whole = text.str.fullmatch(_DAY.pattern).fillna(False)
    parsed = pd.to_datetime(text.where(whole).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    blank = _blank(table.frame[field])
    error = _is_excel_error(text)
    heading = _heading(table, field)
    problems = _excel_error_problems(table, field, error, text)
    problems += located(table, field, text.index[(parsed.isna() & ~blank & ~error).to_numpy()],
                        "datum-ogiltigt", f'Värdet i kolumnen "{heading}" är inget datum.',
                        "Skriv datumet som 2023-05-31.")
    if required:
        problems += located(table, field, text.index[blank.to_numpy()], "värde-saknas",
                            f'"{heading}" saknas på raden.', "Fyll i datumet.")
    return parsed, problems
