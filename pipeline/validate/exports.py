"""Typed tables from the raw exports, and the checks that belong to one export alone.

Typed tables carry `fil` and `rad` (the Excel row) on every row, so later stages can still
point at the source. Amounts are integer öre, debit positive (ledger convention), whatever
sign and unit the export uses.
"""

from __future__ import annotations

import pandas as pd

from pipeline.numbers import format_kr, listing
from pipeline.problems import Location, Problem, Severity
from pipeline.read import cell_xml
from pipeline.read.catalog import (AMOUNT, BUDGET, CODE, DATE, DAY, FORECAST, HOURS, INVESTMENTS, NUMBER, PERIOD,
                                   TEXT, YEAR, SourceContract, typed_columns)
from pipeline.read.raw_table import RawTable
from pipeline.settings import SourceSettings
from pipeline.validate import cells


# Exports with one row per key: a second row with the same key would be summed without a word.
# (The ledger repeats keys by nature and is summed on purpose, `SourceContract.summed_by`.)
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    BUDGET.name: ("ar", "ansvar", "verksamhet", "konto"),
    FORECAST.name: ("ar", "rapportenhet", "dr_rad", "rr_rad"),
    INVESTMENTS.name: ("ar", "projekt"),
}


def typed_export(tables: list[RawTable], contract: SourceContract,
                 source: SourceSettings) -> tuple[pd.DataFrame, list[Problem]]:
    """All files of one source as one typed frame (columns named after the catalog's fields),
    with the problems of its cells, of amounts too large to sum exactly, and of keys that must be
    unique (`UNIQUE_KEYS`, across the source's files). Tables from the cache are checked too."""
    frames, problems = [], []
    amounts = [f.name for f in contract.fields if f.kind == AMOUNT]
    totals = dict.fromkeys(amounts, 0.0)        # absolute öre so far, before any sum is taken
    for table in tables:
        if table.typed is not None:      # unchanged since it was typed without problems (read/cache.py)
            frame, table_problems = table.typed, []
        else:
            frame, table_problems = _typed_table(table, contract, source)
        for name in amounts:
            before, totals[name] = totals[name], totals[name] + cells.abs_total(frame[name])
            if before < cells.MAX_TOTAL_ORE <= totals[name]:
                table_problems.append(cells.total_too_large(table, name))
        if table.typed is None and contract.summed_by:
            frame = summed_rows(frame, contract)
        frames.append(frame)
        problems.extend(table_problems)
    if not frames:
        return _empty_frame(contract), problems
    typed = pd.concat(frames, ignore_index=True)
    if contract.name in UNIQUE_KEYS:
        problems += duplicate_keys(typed, UNIQUE_KEYS[contract.name], tables)
    return typed, problems


def _typed_table(table: RawTable, contract: SourceContract,
                 source: SourceSettings) -> tuple[pd.DataFrame, list[Problem]]:
    columns: dict[str, pd.Series] = {
        "fil": pd.Series(table.file, index=table.frame.index, dtype="string"),
        "rad": pd.Series(table.frame.index, index=table.frame.index, dtype="int64"),
    }
    problems: list[Problem] = []
    for f in contract.read_fields:
        if f.kind == CODE:
            columns[f.name], found = cells.codes(table, f.name, f.required)
        elif f.kind == TEXT:
            columns[f.name], found = cells.texts(table, f.name, f.required)
        elif f.kind == AMOUNT:
            columns[f.name], found = cells.amounts_ore(table, f.name, source.ore_per_unit, source.sign,
                                                       f.required)
        elif f.kind == PERIOD:
            columns["ar"], columns["manad"], found = cells.periods(table, f.name)
        elif f.kind == YEAR:
            columns[f.name], found = cells.years(table, f.name, f.required)
        elif f.kind == DATE:
            columns[f.name], found = cells.texts(table, f.name)
        elif f.kind == DAY:
            columns[f.name], found = cells.days(table, f.name, f.required)
        elif f.kind in (HOURS, NUMBER):
            columns[f.name], found = cells.numbers(table, f.name, f.required, f.kind == HOURS)
        else:  # pragma: no cover - the catalog only holds the kinds above
            raise ValueError(f.kind)
        problems.extend(found)
    return pd.DataFrame(columns).reset_index(drop=True), problems


def summed_rows(frame: pd.DataFrame, contract: SourceContract) -> pd.DataFrame:
    """One row per file and distinct `contract.summed_by`: amounts summed, `rader` rows counted,
    `rad` and `sista_rad` the first and last Excel row; in the order of their first rows.

    Fields outside `summed_by` (other than amounts) are dropped: nothing later uses them (the
    required ones have been validated; optional ones are not even read, `read_fields`). Every
    total stays exact (öre are integers).
    """
    keys = ["fil", *contract.summed_by]
    amounts = [f.name for f in contract.fields if f.kind == AMOUNT]
    grouped = frame.groupby(keys, sort=False, dropna=False, observed=True)
    summed = grouped.agg(**{a: (a, "sum") for a in amounts},
                         rader=("rad", "size"), rad=("rad", "min"), sista_rad=("rad", "max"))
    summed = summed.reset_index().sort_values("rad", kind="stable", ignore_index=True)
    return summed[["fil", "rad", "sista_rad", "rader", *contract.summed_by, *amounts]]


def source_rows(frame: pd.DataFrame) -> int:
    """How many Excel rows `frame` stands for (a summed row counts its `rader`)."""
    return int(frame["rader"].sum()) if "rader" in frame else len(frame)


def _empty_frame(contract: SourceContract) -> pd.DataFrame:
    """The typed frame of a source with no readable file, so later stages still run."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in typed_columns(contract).items()})


def overlapping_periods(ledger: pd.DataFrame) -> list[Problem]:
    """The same period in two ledger files is an error: it would be counted twice."""
    valid = ledger[ledger["manad"] > 0]
    per_file = valid.groupby(["ar", "manad", "fil"], sort=True)["rad"].min().reset_index()
    problems = []
    for (year, month), group in per_file.groupby(["ar", "manad"], sort=True):
        if len(group) < 2:
            continue
        files = group["fil"].tolist()
        for _, later in group.iloc[1:].iterrows():
            problems.append(Problem(
                "period-i-flera-filer",
                f"Perioden {year}-{month:02d} finns både i {files[0]} och i {later['fil']}; "
                "den skulle räknas två gånger.",
                Location(later["fil"], None, int(later["rad"])),
                hint="Ta bort den fil som är inaktuell, eller exportera filerna för olika perioder."))
    return problems


def periods_outside_years(ledger: pd.DataFrame, allowed_years: tuple[int, ...],
                          tables: list[RawTable], period_field: str = "period") -> list[Problem]:
    """Ledger rows whose period is neither the report year nor the year before: one problem per
    file and year, at its first row, with the number of rows."""
    outside = ledger[(ledger["manad"] > 0) & ~ledger["ar"].isin(allowed_years)]
    by_file = {t.file: t for t in tables}
    years = "/".join(str(y) for y in allowed_years)
    problems = []
    for (file, year), group in outside.groupby(["fil", "ar"], sort=True):
        count = source_rows(group)
        more = f" Gäller {count} rader; första raden visas." if count > 1 else ""
        problems.append(Problem(
            "period-utanför-året", f"Perioden ligger utanför rapportens år ({years}): år {year}.{more}",
            by_file[file].location(int(group["rad"].min()), period_field),
            hint="Ta bort rader från andra år ur exporten, eller exportera om för rätt år."))
    return problems


def missing_previous_year(ledger: pd.DataFrame, year: int, input_dir) -> list[Problem]:
    """Without last year's ledger the comparison columns are empty: say so, but go on."""
    if (ledger["ar"] == year).any():
        return []
    return [Problem("föregående-år-saknas",
                    f"Huvudboken för {year} saknas: kolumnerna för {year} blir tomma i tabellerna.",
                    Location(str(input_dir)), Severity.WARNING,
                    hint=f"Lägg huvudboksexporten för {year} i mappen om jämförelsen ska visas.")]


def budget_row_problems(budget: pd.DataFrame, tables: list[RawTable],
                        found: list[Problem] = ()) -> list[Problem]:
    """`Budget` must equal `Ursprunglig budget + Ändringsbudget` on every row; not checked on a row
    with a problem in `found` already (a refused amount is 0 in the typed table, not a figure)."""
    refused = {(p.location.file, p.location.row) for p in found}
    kept = pd.Series([(file, row) not in refused for file, row in zip(budget["fil"], budget["rad"])],
                     index=budget.index, dtype=bool)
    checked = budget[kept]
    wrong = checked[checked["ursprunglig_budget"] + checked["andringsbudget"] != checked["budget"]]
    by_file = {t.file: t for t in tables}
    problems = []
    for _, row in wrong.iterrows():
        table = by_file[row["fil"]]
        expected = row["ursprunglig_budget"] + row["andringsbudget"]
        problems.append(Problem(
            "budget-summa",
            f"Budget {format_kr(row['budget'])} kr är inte ursprunglig budget + ändringsbudget "
            f"= {format_kr(expected)} kr (differens {format_kr(row['budget'] - expected)} kr).",
            table.location(int(row["rad"]), "budget"),
            hint="Rätta raden i budgetexporten."))
    return problems


def duplicate_keys(typed: pd.DataFrame, keys: tuple[str, ...], tables: list[RawTable]) -> list[Problem]:
    """A row whose `keys` equal an earlier row's (in the same file or an earlier one): its amounts
    would be summed with that row's. One problem at each later row, naming the first. Rows with a
    missing key part are left out: the missing value is a problem already. At most
    `cells.MAX_PROBLEMS_PER_COLUMN` rows are named, then one line says how many more."""
    present = pd.Series(True, index=typed.index)
    for key in keys:
        missing = 0 if pd.api.types.is_numeric_dtype(typed[key].dtype) else ""
        present &= typed[key] != missing
    pairs = cells.repeated_rows(typed, typed[list(keys)], present)
    if pairs.empty:
        return []
    by_file = {t.file: t for t in tables}
    problems = []
    for row in pairs.head(cells.MAX_PROBLEMS_PER_COLUMN).to_dict("records"):
        table = by_file[row["fil"]]
        names = [table.headers.get(k, k) for k in keys]
        where = f"rad {int(row['rad_forsta'])}" + ("" if row["fil_forsta"] == row["fil"]
                                                   else f" i {row['fil_forsta']}")
        what = ", ".join(f"{name} {row[k]}" for name, k in zip(names, keys))
        problems.append(Problem(
            "dubblett-rad",
            f"Raden har samma {listing(names)} som {where} ({what}): beloppen skulle räknas två gånger.",
            table.location(int(row["rad"]), keys[-1]),
            hint=f"Filen ska ha en rad per {listing([n.lower() for n in names])}: ta bort den ena "
                 "raden, eller slå ihop raderna till en i exporten."))
    if len(pairs) > cells.MAX_PROBLEMS_PER_COLUMN:
        table = by_file[pairs["fil"].iloc[-1]]
        problems.append(Problem(
            "dubblett-rad", f"… och {len(pairs) - cells.MAX_PROBLEMS_PER_COLUMN} rader till har samma nyckel som "
                            "en tidigare rad.", table.location(None, keys[-1]),
            hint="Har exporten kommit med två gånger? Ta bort de dubblerade raderna."))
    return problems


BLANK_RULES = frozenset({"belopp-saknas", "värde-saknas"})


def with_blank_cells_explained(problems: list[Problem], tables: list[RawTable]) -> list[Problem]:
    """Problems about a blank required cell, said precisely where the cell holds a formula saved
    without its value (`formel-utan-värde`) or an Excel error value (`excel-fel`): the reader
    gives both as blank. Looks into the files only when there is such a problem (the error path)."""
    blanks = [p for p in problems if p.rule in BLANK_RULES and p.location.row is not None and p.location.column]
    if not blanks:
        return problems
    paths = {(t.file, t.sheet): t.path for t in tables if t.path is not None}
    wanted: dict[tuple[str, str], set[str]] = {}
    for p in blanks:
        if (p.location.file, p.location.sheet) in paths:
            wanted.setdefault((p.location.file, p.location.sheet), set()).add(
                f"{p.location.column}{p.location.row}")
    contents = {key: cell_xml.blank_cell_contents(paths[key], key[1], refs) for key, refs in wanted.items()}
    return [_explained(p, contents.get((p.location.file, p.location.sheet), {})) for p in problems]


def _explained(problem: Problem, contents: dict[str, str]) -> Problem:
    loc = problem.location
    content = contents.get(f"{loc.column}{loc.row}") if problem.rule in BLANK_RULES else None
    if content is None:
        return problem
    heading = f' "{loc.header}"' if loc.header else ""
    if content == cell_xml.FORMULA:
        return Problem("formel-utan-värde", f"Cellen i kolumnen{heading} har en formel utan sparat värde.", loc,
                       problem.severity, hint="Öppna filen i Excel, så att formeln räknas, kontrollera värdet "
                                              "och spara filen igen (eller exportera om med värden).")
    return Problem("excel-fel",
                   f"Cellen i kolumnen{heading} visar Excel-felet {content} i stället för ett värde.",
                   loc, problem.severity, hint=cells.ERROR_HINT)
