"""Property tests (Hypothesis) on generated ledgers, budgets, forecasts and investment exports.

The stages run in memory, from the typed frames on (as `validate/exports.py` makes them), through
the same functions and in the same order as `orchestrator.build_report`; no Excel file is written.
The expected figures are summed here, from the generated rows, with plain Python integers.

    (a) every printed figure is the test's own half-away-from-zero rounding of its exact öre sum,
        and each check's expected side is that sum;
    (b) every ledger and budget row of a reported unit lands in exactly one RR line and one DR row,
        a row of another unit in none;
    (c) one mutation of a valid input (a lost, doubled, moved or one-öre-changed row in the frames
        the tables are computed from; a budget total changed without its parts; an account or
        ansvar outside the settings) makes a check fail by exactly the mutation's öre, or raises a
        located problem;
    and text amounts in Swedish notation read back to the same öre.

Examples are derandomized and no example database is kept, so CI runs the same examples each time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import pandas as pd
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from pipeline.classify import mapping
from pipeline.compute import statements
from pipeline.compute.period import LEDGER_MEASURES, Period
from pipeline.model import PrintedTable
from pipeline.problems import Check, Problem
from pipeline.read.catalog import LEDGER
from pipeline.read.raw_table import RawTable
from pipeline.reconcile import checks as reconcile
from pipeline.render.tables import printed_table
from pipeline.settings import DEFAULT_LABELS
from pipeline.validate import cells, exports
from depth import examples
from strategies import (BUDGET_COLUMNS, BUDGET_FILE, CELL_LIMIT, EXCLUDED, FORECAST_COLUMNS, FORECAST_FILE,
                        INVESTMENT, INVESTMENT_COLUMNS, INVESTMENT_FILE, LEDGER_COLUMNS, LEDGER_FILES,
                        ORE_PER_TENTH_MNKR, OTHER, PREVIOUS, UNITS, YEAR, BudgetRow, Case, LedgerRow, Oracle,
                        budget_frame, cases, export_table, forecast_frame, investment_frame, ledger_frame,
                        mnkr_text, tenths, tiny_rules)

RULES = tiny_rules()
LEDGER_TABLES = [export_table(file, "Huvudbok", LEDGER_COLUMNS) for file in LEDGER_FILES.values()]
BUDGET_TABLES = [export_table(BUDGET_FILE, "Budget", BUDGET_COLUMNS)]
FORECAST_TABLES = [export_table(FORECAST_FILE, "Prognos", FORECAST_COLUMNS)]
INVESTMENT_TABLES = [export_table(INVESTMENT_FILE, "Investeringar", INVESTMENT_COLUMNS)]
PROPERTY = settings(deadline=None, derandomize=True, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- the orchestrator's in-memory stages --------------------------------------------------------

@dataclass(frozen=True)
class Classified:
    units: tuple[str, ...]
    period: Period
    ledger: pd.DataFrame
    budget: pd.DataFrame
    forecast: pd.DataFrame
    investments: pd.DataFrame
    problems: list[Problem]


@dataclass(frozen=True)
class Built:
    units: list[reconcile.UnitTables]
    printed: dict[str, PrintedTable]
    checks: list[Check]

    def failed(self) -> dict[str, int]:
        return {c.check_id: c.difference for c in self.checks if not c.passed}


def typed_ledger(case: Case) -> pd.DataFrame:
    """As `exports.typed_export` makes the ledger: each file's rows summed, the files one after the
    other (one call, then the files in order: the same frame, see the last test)."""
    summed = exports.summed_rows(ledger_frame(case), LEDGER)
    return summed.sort_values("fil", kind="stable", ignore_index=True)


def classified(case: Case, problems: bool = True) -> Classified:
    """build_report from the typed exports to the end of "classify"; `problems`: also the
    validation steps that only find problems (they change no frame)."""
    period, units = Period(YEAR, case.month), case.units
    ledger = typed_ledger(case)
    budget, forecast, investments = budget_frame(case), forecast_frame(case), investment_frame(case)
    found: list[Problem] = []
    if problems:
        found += exports.overlapping_periods(ledger)
        found += exports.budget_row_problems(budget, BUDGET_TABLES)
        found += exports.periods_outside_years(ledger, (period.previous_year, period.year), LEDGER_TABLES)
    ledger, more = mapping.classified(ledger, RULES, units, "belopp", LEDGER_TABLES)
    found += more
    budget, more = mapping.classified(budget, RULES, units, "budget", BUDGET_TABLES)
    found += more
    if problems:
        found += mapping.investment_problems(ledger, RULES, LEDGER_TABLES)
        found += mapping.forecast_problems(forecast, RULES, units, period.year, FORECAST_TABLES)
    investments, more = mapping.investment_units(investments, RULES, INVESTMENT_TABLES)
    found += more
    if problems:
        found += mapping.investment_budget_problems(investments, RULES, units, period.year, INVESTMENT_TABLES)
    return Classified(units, period, ledger, budget, forecast, investments, found)


def built(source: Classified, tables_from: Classified | None = None, minus: str = "-",
          printed: bool = True) -> Built:
    """build_report's "compute" and "reconcile": the tables from `tables_from` (a mutated copy in
    test (c); `source` itself otherwise), the checks against `source`; `printed`: also the
    printed tables (render/tables.py), as the orchestrator makes them."""
    t, period, labels = tables_from or source, source.period, DEFAULT_LABELS
    facts = pd.concat([statements.ledger_facts(t.ledger, period), statements.budget_facts(t.budget, period),
                       statements.forecast_facts(t.forecast, period)], ignore_index=True)
    inv_facts = statements.investment_facts(t.ledger, t.investments, RULES, period)
    units = [reconcile.UnitTables(u, RULES.units[u].name,
                                  statements.resultatrakning(facts, RULES, u, period, labels),
                                  statements.driftsredovisning(facts, RULES, u, period, labels),
                                  statements.investeringsredovisning(inv_facts, RULES, u, period, labels))
             for u in source.units]
    shown = {}
    for i, u in enumerate(units if printed else ()):          # as orchestrator._printed_tables
        prefix = "" if i == 0 else f"{u.unit.lower()}_"
        shown[prefix + "rr"] = printed_table(prefix + "rr", "Resultaträkning", labels["rr_rubrik"], u.rr,
                                               period, minus)
        shown[prefix + "dr"] = printed_table(prefix + "dr", "Driftsredovisning", labels["dr_rubrik"], u.dr,
                                               period, minus)
    if printed:
        shown["inv"] = printed_table("inv", "Investeringsredovisning", labels["investering_rubrik"],
                                     units[0].investments, period, minus)
    found = []
    for u in units:
        found += reconcile.unit_checks(u, source.ledger, source.budget, source.forecast, source.investments,
                                       period)
    found += reconcile.investment_checks(units[0], source.ledger, source.investments, period)
    return Built(units, shown, found)


# --- the expected figures, summed from the generated rows ---------------------------------------

def ledger_measures(row: LedgerRow, month: int) -> list[str]:
    """The columns a ledger row counts in: last year whole; January to the report month of last
    year and of this year (no utfall_fg at year end)."""
    found = []
    if row.ar == PREVIOUS:
        found.append("bokslut_fg")
        if row.manad <= month and month != 12:
            found.append("utfall_fg")
    if row.ar == YEAR and row.manad <= month:
        found.append("utfall")
    return found


def _one(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


@dataclass
class Expected:
    """Exact sums (printed sign: revenues +, costs −) per (unit, table, row, column); absent = no rows."""
    month: int
    cells: dict = field(default_factory=lambda: defaultdict(int))
    rows: dict = field(default_factory=lambda: defaultdict(int))     # (unit, measure) -> ledger rows

    def add(self, key: tuple, ore: int) -> None:
        self.cells[key] += ore

    def columns(self) -> list[str]:
        if self.month == 12:
            return ["bokslut_fg", "utfall", "budget", "avvikelse"]
        return ["bokslut_fg", "utfall_fg", "utfall", "budget", "prognos", "avvikelse"]

    def _row(self, table: tuple, parts: list[str], columns: list[str]) -> list[int | None]:
        values = []
        for m in columns:
            found = [self.cells[(*table, p, m)] for p in parts if (*table, p, m) in self.cells]
            values.append(sum(found) if found else None)
        return values

    def table(self, unit: str, kind: str) -> list[tuple[str, tuple[int | None, ...]]]:
        """(label, figures) in print order, the deviation last: prognos (utfall at year end) − budget."""
        if kind == "rr":
            revenue, cost = Oracle.revenue(), Oracle.cost()
            layout = [*[(r, [r]) for r in revenue], ("Summa intäkter", revenue), *[(c, [c]) for c in cost],
                      ("Summa kostnader", cost), ("Summa totalt (mnkr)", revenue + cost)]
            columns = self.columns()[:-1]
        elif kind == "dr":
            labels = Oracle.dr_labels(unit)
            layout = [*[(d, [d]) for d in labels], ("Totalt (mnkr)", labels)]
            columns = self.columns()[:-1]
        else:
            groups = list(dict.fromkeys(g for g, u in Oracle.PROJECTS.values() if u == unit))
            layout = [*[(g, [g]) for g in groups], ("Totalt (mnkr)", groups)]
            columns = ["budget", "utfall"] + ([] if self.month == 12 else ["prognos"])
        target = "utfall" if self.month == 12 else "prognos"
        result = []
        for label, parts in layout:
            values = dict(zip(columns, self._row((unit, kind), parts, columns)))
            both_empty = values[target] is None and values["budget"] is None
            values["avvikelse"] = None if both_empty else (values[target] or 0) - (values["budget"] or 0)
            result.append((label, tuple(values[c] for c in [*columns, "avvikelse"])))
        return result

    def total(self, unit: str, kind: str, measure: str) -> int:
        return sum(v for (u, k, _, m), v in self.cells.items() if (u, k, m) == (unit, kind, measure))


def expected(case: Case) -> Expected:
    out = Expected(case.month)
    for row in case.ledger:
        unit = _one(Oracle.units(row.ansvar))
        if unit not in case.units:
            continue
        line = _one(Oracle.lines(row.konto))
        if line == EXCLUDED:
            continue
        if line == INVESTMENT:
            group, project_unit = Oracle.PROJECTS[row.projekt]
            if row.ar == YEAR and row.manad <= case.month:
                out.add((project_unit, "inv", group, "utfall"), -row.belopp)
            continue
        dr = _one(Oracle.dr_rows(unit, row.ansvar, row.verksamhet))
        for m in ledger_measures(row, case.month):
            out.add((unit, "rr", line, m), -row.belopp)
            out.add((unit, "dr", dr, m), -row.belopp)
            out.rows[(unit, m)] += 1
    for row in case.budget:
        unit, line = _one(Oracle.units(row.ansvar)), _one(Oracle.lines(row.konto))
        if row.ar == YEAR and unit in case.units and line not in (EXCLUDED, INVESTMENT):
            out.add((unit, "rr", line, "budget"), -row.budget)
            out.add((unit, "dr", _one(Oracle.dr_rows(unit, row.ansvar, row.verksamhet)), "budget"), -row.budget)
    if case.month != 12:
        for row in case.forecast:
            out.add((row.rapportenhet, "rr", row.rr_rad, "prognos"), -row.prognos)
            out.add((row.rapportenhet, "dr", row.dr_rad, "prognos"), -row.prognos)
    for row in case.investments:
        group, project_unit = Oracle.PROJECTS.get(row.projekt, (None, None))
        if group is not None and Oracle.units(row.ansvar) == [project_unit]:
            out.add((project_unit, "inv", group, "budget"), -row.budget)
            if case.month != 12:
                out.add((project_unit, "inv", group, "prognos"), -row.prognos)
    return out


def _case(month: int, ledger: list[LedgerRow], budget: list[BudgetRow] = ()) -> Case:
    return Case(("KS", "KF"), month, "-", tuple(ledger), tuple(budget), (), ())


# Hand-made examples, always run first: the rounding traps the issue names.
TRAP_EXACT_HALF = _case(8, [LedgerRow(YEAR, 3, "5011", "12100", "1200", "", 225_000_000)])   # -2,25 -> -2,3
TRAP_PARTS = _case(8, [LedgerRow(YEAR, 2, "3110", "12100", "1200", "", -4_000_000),           # 0,04 x 3
                       LedgerRow(YEAR, 2, "3510", "12100", "1200", "", -4_000_000),
                       LedgerRow(YEAR, 2, "3010", "12100", "1200", "", -4_000_000),
                       LedgerRow(YEAR, 2, "5011", "12100", "1200", "", 224_999_999),           # -2,2
                       LedgerRow(YEAR, 2, "5011", "20100", "3000", "", 99_900)],               # BUN
                   [BudgetRow(YEAR, "11010", "1100", "4610", 5_000_001, -1, 5_000_000)])       # -0,05 -> -0,1
TRAP_YEAR_END = replace(TRAP_PARTS, month=12, minus="\u2212", units=("KF", "KS"))
TRAP_HUGE = _case(8, [*(LedgerRow(YEAR, 1, f"50{i:02d}", "12100", "1200", "", CELL_LIMIT - 1) for i in range(10)),
                      LedgerRow(YEAR, 1, "3110", "12100", "1200", "", 1)])     # past 2**53 öre: no float


def test_the_tests_own_rounding_is_half_away_from_zero():
    assert [mnkr_text(v, "-") for v in (-225_000_000, -224_999_999, 225_000_000, -5_000_000, -4_999_999,
                                        0, 12_345_678_950_000_000, None)] == [
        "-2,3", "-2,2", "2,3", "-0,1", "0,0", "0,0", "123\u00a0456\u00a0789,5", ""]


def test_the_traps_are_what_they_claim():
    rr = dict(expected(TRAP_PARTS).table("KS", "rr"))
    utfall = 2                                    # bokslut_fg, utfall_fg, utfall
    parts = [rr[line][utfall] for line in ("Taxor och avgifter", "Bidrag (intäkter)", "Övriga intäkter")]
    assert [mnkr_text(p, "-") for p in parts] == ["0,0", "0,0", "0,0"]
    assert mnkr_text(rr["Summa intäkter"][utfall], "-") == "0,1"      # not 0,0 + 0,0 + 0,0
    assert mnkr_text(expected(TRAP_EXACT_HALF).table("KS", "rr")[-1][1][utfall], "-") == "-2,3"


# --- (a) printed figures --------------------------------------------------------------------------

def _printed_keys(units: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(key, unit, table) as orchestrator._printed_tables names them: the main unit's without prefix."""
    keys = []
    for i, unit in enumerate(units):
        prefix = "" if i == 0 else f"{unit.lower()}_"
        keys += [(prefix + "rr", unit, "rr"), (prefix + "dr", unit, "dr")]
    return keys + [("inv", units[0], "inv")]


def _traps_seen(rows: list[tuple[str, tuple[int | None, ...]]]) -> None:
    """Statistics (pytest --hypothesis-show-statistics): how often the traps came up."""
    if any(v and abs(v) % ORE_PER_TENTH_MNKR == ORE_PER_TENTH_MNKR // 2 for _, values in rows for v in values):
        event("a figure of exactly x,x5 mnkr")
    lines = [values for label, values in rows[:-1] if label not in ("Summa intäkter", "Summa kostnader")]
    for column, total in enumerate(rows[-1][1]):
        if total is not None and tenths(total) != sum(tenths(v[column] or 0) for v in lines):
            event("rounded rows that do not add up to the rounded total")
            break


@settings(PROPERTY, max_examples=examples(200))
@example(case=TRAP_EXACT_HALF)
@example(case=TRAP_PARTS)
@example(case=TRAP_YEAR_END)
@example(case=TRAP_HUGE)
@given(case=cases())
def test_printed_figures_are_the_rounded_exact_sums_of_the_rows(case):
    source = classified(case)
    assert [p.describe() for p in source.problems] == []
    result, want = built(source, minus=case.minus), expected(case)
    assert sorted(result.printed) == sorted(key for key, _, _ in _printed_keys(case.units))
    for key, unit, kind in _printed_keys(case.units):
        table, rows = result.printed[key], want.table(unit, kind)
        assert [r.label for r in table.rows] == [label for label, _ in rows], key
        for printed_row, unrounded, (label, figures) in zip(table.rows, table.unrounded, rows):
            assert unrounded == figures, (key, label)
            assert printed_row.cells == tuple(mnkr_text(v, case.minus) for v in figures), (key, label)
        _traps_seen(rows)
    # Every check passes, and its expected side is the rows' own sum (its actual side is the table's).
    assert result.failed() == {}
    by_id = {c.check_id: c for c in result.checks}
    ledger_columns = [m for m in LEDGER_MEASURES if m in want.columns()]
    for unit in case.units:
        for m in ledger_columns:          # (b) as the checks see it: each row counted once, none lost
            assert by_id[f"{unit}:rader:{m}"].expected == want.rows[(unit, m)]
        for m in ledger_columns + ["budget"] + ([] if case.month == 12 else ["prognos"]):
            assert by_id[f"{unit}:rr:{m}"].expected == want.total(unit, "rr", m)
            assert by_id[f"{unit}:dr:{m}"].expected == want.total(unit, "dr", m)
    for m in ("budget", "utfall") + (() if case.month == 12 else ("prognos",)):
        assert by_id[f"{case.units[0]}:inv:{m}"].expected == want.total(case.units[0], "inv", m)


# --- (b) every row in exactly one RR and one DR row -----------------------------------------------

@settings(PROPERTY, max_examples=examples(500))
@example(case=TRAP_PARTS)
@given(case=cases())
def test_every_row_of_a_reported_unit_lands_in_exactly_one_rr_and_one_dr_row(case):
    """Rows of a reported unit: one RR line, and one DR row unless excluded or an investment; rows
    of any other unit: none (so that (a) finds none of their öre in a printed table)."""
    # From the generated data alone: the settings give each row one unit, one line, one DR row.
    for row in case.ledger + case.budget:
        unit = _one(Oracle.units(row.ansvar))
        line = _one(Oracle.lines(row.konto))
        if unit in case.units and line not in (EXCLUDED, INVESTMENT):
            _one(Oracle.dr_rows(unit, row.ansvar, row.verksamhet))
    source = classified(case, problems=False)      # (a) runs the rest and finds no problem
    assert [p.describe() for p in source.problems] == []
    # The pipeline's classification, row by row, is the oracle's.
    for frame in (source.ledger, source.budget):
        for row in frame.itertuples():
            unit = _one(Oracle.units(row.ansvar))
            assert row.enhet == unit
            if unit not in case.units:
                assert (row.rr_rad, row.dr_rad) == ("", "")
                continue
            line = _one(Oracle.lines(row.konto))
            assert row.rr_rad == line
            operating = line not in (EXCLUDED, INVESTMENT)
            assert row.dr_rad == (_one(Oracle.dr_rows(unit, row.ansvar, row.verksamhet)) if operating else "")
    assert int(source.ledger["rader"].sum()) == len(case.ledger)      # each row in one summed row
    assert len(source.budget) == len(case.budget)


# --- (c) a broken input never passes ------------------------------------------------------------

def _in_effect(row, kind: str, units: tuple[str, ...], month: int) -> dict[str, int]:
    """The checks whose printed side changes when `row` (a classified ledger, budget or forecast
    row) is counted once more in the tables: check id -> +1 (by the row's amount, printed sign)."""
    if kind == "ledger":
        if row.rr_rad == INVESTMENT:
            in_year = row.ar == YEAR and row.manad <= month
            return {f"{units[0]}:inv:utfall": 1} if in_year and Oracle.PROJECTS[row.projekt][1] == units[0] else {}
        if row.enhet not in units or row.rr_rad in ("", EXCLUDED) or row.dr_rad == "":
            return {}
        counted = ledger_measures(LedgerRow(row.ar, row.manad, "", "", "", "", 0), month)
        return {f"{row.enhet}:{t}:{m}": 1 for m in counted for t in ("rr", "dr")}
    if kind == "budget":
        if (row.ar != YEAR or row.enhet not in units or row.rr_rad in ("", EXCLUDED, INVESTMENT)
                or row.dr_rad == ""):
            return {}
        return {f"{row.enhet}:rr:budget": 1, f"{row.enhet}:dr:budget": 1}
    return {} if month == 12 else {f"{row.rapportenhet}:rr:prognos": 1, f"{row.rapportenhet}:dr:prognos": 1}


AMOUNT_COLUMN = {"ledger": "belopp", "budget": "budget", "forecast": "prognos"}


def _table_side_mutation(data, source: Classified) -> tuple[Classified, dict[str, int]] | None:
    """One change to the frames the tables are computed from, not to those the checks read: the
    frames for the tables and {check id: expected difference}; None when no row is counted."""
    frames = {"ledger": source.ledger, "budget": source.budget, "forecast": source.forecast}
    units, month = source.units, source.period.month
    candidates = [(kind, i) for kind, frame in frames.items() for i, row in enumerate(frame.itertuples())
                  if _in_effect(row, kind, units, month)]
    if not candidates:
        return None
    kind, i = data.draw(st.sampled_from(candidates), label="row")
    frame, column = frames[kind], AMOUNT_COLUMN[kind]
    row = next(frame.iloc[[i]].itertuples())
    amount, effect = int(frame[column].iloc[i]), _in_effect(row, kind, units, month)
    choices = ["one öre"]
    if amount:
        choices = ["drop", "duplicate", *(["move"] if kind != "forecast" and row.rr_rad != INVESTMENT else []),
                   "one öre"]
    what = data.draw(st.sampled_from(choices), label="mutation")
    event(f"{kind}: {what}")
    if what == "one öre":
        change = data.draw(st.sampled_from([1, -1]), label="öre")
        mutated = frame.copy()
        mutated.iloc[i, mutated.columns.get_loc(column)] += change
        diffs = {check: -change for check in effect}             # debit + is printed −
    elif what == "drop":
        mutated = frame.drop(index=frame.index[i])
        diffs = {check: amount for check in effect}
    elif what == "duplicate":
        mutated = pd.concat([frame, frame.iloc[[i]]], ignore_index=True)
        diffs = {check: -amount for check in effect}
    else:
        to = data.draw(st.sampled_from([u for u in (*UNITS, OTHER) if u != row.enhet]), label="to unit")
        mutated = frame.copy()
        mutated.iloc[i, mutated.columns.get_loc("enhet")] = to
        diffs = {check: amount for check in effect}
        if to in units:                  # its RR gets the row; its DR has no such DR row, so not that
            diffs |= {check.replace(row.enhet, to, 1): -amount for check in effect if ":rr:" in check}
    return replace(source, **{kind: mutated.reset_index(drop=True)}), diffs


def _location(problem: Problem) -> tuple:
    where = problem.location
    return problem.rule, where.file, where.sheet, where.row, where.column


@settings(PROPERTY, max_examples=examples(300))
@given(case=cases(), data=st.data())
def test_a_broken_input_never_passes_a_check(case, data):
    mine = [i for i, row in enumerate(case.ledger) if _one(Oracle.units(row.ansvar)) in case.units]
    share = data.draw(st.integers(0, 99), label="where")   # Hypothesis favours small numbers
    where = ("tables" if share < 35 else "budget total" if share < 55 and case.budget
             else "account" if share < 75 and mine else "ansvar")
    source = classified(case, problems=False) if where == "tables" else None
    mutation = _table_side_mutation(data, source) if source is not None else None
    if mutation is not None:                          # a row lost, doubled, moved or changed by 1 öre
        tables, diffs = mutation
        result = built(source, tables, printed=False)
        assert diffs and result.failed() == diffs
        want = expected(case)
        for c in result.checks:                       # the expected side is still the rows' own sum
            unit, kind, measure = c.check_id.split(":")
            if kind in ("rr", "dr", "inv"):
                assert c.expected == want.total(unit, kind, measure)
        return
    if where == "budget total":                       # Budget changed, Ursprunglig + Ändring not
        i = data.draw(st.integers(0, len(case.budget) - 1), label="budget row")
        change = data.draw(st.one_of(st.sampled_from([1, -1]), st.integers(-10**9, 10**9).filter(bool)),
                           label="öre")
        broken = classified(case.with_budget(i, budget=case.budget[i].budget + change))
        problem, = broken.problems
        assert _location(problem) == ("budget-summa", BUDGET_FILE, "Budget", i + 2, "G")
        assert f"(differens {_kr(change)} kr)" in problem.message
        row = broken.budget.iloc[i]
        counted = row["ar"] == YEAR and row["enhet"] in case.units and row["rr_rad"] not in (EXCLUDED, INVESTMENT)
        event("budget total changed" + (", counted" if counted else ", not in the report"))
        assert built(broken, printed=False).failed() == (
            {f"{row['enhet']}:budget:andring": change} if counted else {})
        return
    # One ledger row with an account the chart does not have (a row of a reported unit), or an
    # ansvar on no unit's range (any row; or "tables" with no row counted in any table).
    frame = ledger_frame(case)
    rows = mine if where == "account" else range(len(case.ledger))
    i = data.draw(st.sampled_from(rows), label="ledger row")
    file, excel_row, row = frame["fil"].iloc[i], int(frame["rad"].iloc[i]), case.ledger[i]
    if where == "account":
        unit = _one(Oracle.units(row.ansvar))
        broken, rule, column = case.with_ledger(i, konto="9" + row.konto[1:]), "konto-saknas", "B"
        diffs = {}
        for m in ledger_measures(row, case.month):    # counted by the checks, in no table
            diffs |= {f"{unit}:rr:{m}": row.belopp, f"{unit}:dr:{m}": row.belopp, f"{unit}:rader:{m}": -1}
        diffs = {check: diff for check, diff in diffs.items() if diff}
    else:                                             # the row belongs to no unit: a problem, no check
        broken, rule, column, diffs = case.with_ledger(i, ansvar="99999"), "ansvar-okänt", "C", {}
    event(f"{rule}, {'checks fail' if diffs else 'no check changes'}")
    found = classified(broken)
    problem, = found.problems
    assert _location(problem) == (rule, file, "Huvudbok", excel_row, column)
    assert f"sammanlagt {_kr(row.belopp)} kr" in problem.message
    assert built(found, printed=False).failed() == diffs


def _kr(ore: int) -> str:
    whole, cents = divmod(abs(ore), 100)
    return f"{'-' if ore < 0 else ''}{_thousands(whole)},{cents:02d}"


def _thousands(whole: int) -> str:
    return f"{whole:,}".replace(",", "\u00a0")


# --- text amounts in Swedish notation -----------------------------------------------------------

@st.composite
def swedish_amounts(draw) -> tuple[int, str]:
    """(öre, the amount as an ekonom types it): a decimal comma always; thousands by space, NBSP,
    narrow NBSP or dot (or none); hyphen or U+2212 minus; one decimal when the öre allow it."""
    ore = draw(st.one_of(st.integers(-10**14 + 1, 10**14 - 1), st.integers(-10**6, 10**6)))
    separator = draw(st.sampled_from(["", " ", "\u00a0", "\u202f", "."]))
    minus = draw(st.sampled_from(["-", "\u2212"]))
    whole, cents = divmod(abs(ore), 100)
    digits = f"{whole:,}".replace(",", separator)
    decimals = f"{cents // 10}" if cents % 10 == 0 and draw(st.booleans()) else f"{cents:02d}"
    pad = draw(st.sampled_from(["", " "]))
    return ore, f"{pad}{minus if ore < 0 else ''}{digits},{decimals}{pad}"


@settings(PROPERTY, max_examples=examples(300))
@example(amounts=[(-225_000_000, "-2 250 000,00"), (123_450, "1.234,5"), (-1_290, "\u221212,90"),
                  (100_000_050, "1\u202f000\u202f000,50")])
@given(amounts=st.lists(swedish_amounts(), min_size=1, max_size=20))
def test_swedish_text_amounts_read_back_to_the_same_ore(amounts):
    texts = pd.Series([text for _, text in amounts], index=pd.RangeIndex(2, 2 + len(amounts)), dtype="str")
    table = RawTable(LEDGER_FILES[YEAR], "Huvudbok", pd.DataFrame({"belopp": texts}), {"belopp": "K"},
                     {"belopp": "Belopp"})
    ore, problems = cells.amounts_ore(table, "belopp", 100, 1)
    assert [p.describe() for p in problems] == []
    assert ore.tolist() == [value for value, _ in amounts]


# --- the generated frames are what validation makes ---------------------------------------------

@settings(PROPERTY, max_examples=examples(40))
@given(case=cases())
def test_the_generated_ledger_is_typed_as_validation_types_an_export(case):
    """The frames above stand for `exports.typed_export`'s: the same rows from a raw table give the
    same typed, summed ledger."""
    from pipeline.settings import SourceSettings

    expected_frame = typed_ledger(case)
    raw = []
    for file in LEDGER_FILES.values():
        rows = [r for r in case.ledger if LEDGER_FILES[r.ar] == file]
        if not rows:
            continue
        frame = pd.DataFrame({
            "period": pd.Series([f"{r.ar}-{r.manad:02d}" for r in rows], dtype="str"),
            "konto": pd.Series([r.konto for r in rows], dtype="str"),
            "ansvar": pd.Series([r.ansvar for r in rows], dtype="str"),
            "verksamhet": pd.Series([r.verksamhet for r in rows], dtype="str"),
            "projekt": pd.Series([r.projekt or None for r in rows], dtype="str"),
            "belopp": pd.Series([r.belopp / 100 for r in rows], dtype="float64"),
        })
        frame.index = pd.RangeIndex(2, 2 + len(rows), name="excel_rad")
        raw.append(RawTable(file, "Huvudbok", frame, {f: c[0] for f, c in LEDGER_COLUMNS.items()},
                            {f: c[1] for f, c in LEDGER_COLUMNS.items()}))
    source = SourceSettings("huvudbok", ("huvudbok_*.xlsx",), "", 0, 1, 100, (), {})
    typed, problems = exports.typed_export(raw, LEDGER, source)
    assert [p.describe() for p in problems] == []
    pd.testing.assert_frame_equal(typed, expected_frame)
