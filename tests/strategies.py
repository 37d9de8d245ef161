"""Generated ledgers, budgets, forecasts and investment exports for the property tests.

The settings are the tiny test folder's own (conftest: RR_LINES, ACCOUNTS, ORGANISATION). Each
generated row is drawn *for* a target (a unit, an RR line, a DR row) by picking codes inside that
target's ranges; `Oracle` then classifies rows again from those tables with plain Python, without
the pipeline's functions, so a test can compare the two.

Amounts are integer öre, debit positive, as `validate/exports.py` types them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
from hypothesis import strategies as st

from conftest import ACCOUNTS, ORGANISATION, RR_LINES
from pipeline.classify.rules import Rules, rules_from_tables
from pipeline.read.catalog import SETTINGS_SHEETS
from pipeline.read.raw_table import RawTable

YEAR = 2023
PREVIOUS = YEAR - 1
UNITS = ("KS", "KF")                      # Rapporteras "Ja" on the Rapportenheter sheet
OTHER = "BUN"                             # on the Ansvar sheet, Rapporteras "Nej"
# rapport.toml's units (rapportenhet first): a unit left out is one more unit outside the report.
UNIT_CHOICES = (("KS", "KF"), ("KS",), ("KF", "KS"))
LEDGER_FILES = {PREVIOUS: "huvudbok_2022.xlsx", YEAR: "huvudbok_2023.xlsx"}
BUDGET_FILE, FORECAST_FILE, INVESTMENT_FILE = "budget_2023.xlsx", "prognos_2023.xlsx", "investeringar_2023.xlsx"
INVESTMENT, EXCLUDED = "Investering", "Exkluderas"
ORE_PER_TENTH_MNKR = 10_000_000
CELL_LIMIT = 10**15                       # öre: a cell from 10^13 kr up is refused (issue 9, point 1)

# Sheets, column letters and headings as the tiny folder's exports have them (for locations).
LEDGER_COLUMNS = {"period": ("A", "Period"), "konto": ("B", "Konto"), "ansvar": ("C", "Ansvar"),
                  "verksamhet": ("D", "Verksamhet"), "projekt": ("F", "Projekt"), "belopp": ("K", "Belopp")}
BUDGET_COLUMNS = {"ar": ("A", "År"), "ansvar": ("B", "Ansvar"), "verksamhet": ("C", "Verksamhet"),
                  "konto": ("D", "Konto"), "ursprunglig_budget": ("E", "Ursprunglig budget"),
                  "andringsbudget": ("F", "Ändringsbudget"), "budget": ("G", "Budget")}
FORECAST_COLUMNS = {"ar": ("A", "År"), "rapportenhet": ("B", "Rapportenhet"), "dr_rad": ("C", "Verksamhet"),
                    "rr_rad": ("D", "Resultaträkningsrad"), "prognos": ("E", "Prognos helår")}
INVESTMENT_COLUMNS = {"ar": ("A", "År"), "projekt": ("B", "Projekt"), "ansvar": ("C", "Ansvar"),
                      "benamning": ("D", "Benämning"), "budget": ("E", "Budget"), "prognos": ("F", "Prognos helår")}


# --- the settings, as the tiny folder has them --------------------------------------------------

def _settings_table(key: str, rows: list[list]) -> RawTable:
    file, sheet, fields = SETTINGS_SHEETS[key]
    by_heading = {heading: name for name, (heading, _) in fields.items()}
    head, body = rows[0], rows[1:]
    frame = pd.DataFrame({by_heading[h]: [r[i] for r in body] for i, h in enumerate(head)},
                         index=pd.RangeIndex(2, 2 + len(body)), dtype="object")
    for name in fields:
        if name not in frame:
            frame[name] = None
    return RawTable(file, sheet, frame, {n: chr(65 + head.index(fields[n][0])) for n in fields
                                         if fields[n][0] in head},
                    {n: fields[n][0] for n in fields})


def tiny_rules() -> Rules:
    tables = {"rr_rader": _settings_table("rr_rader", RR_LINES), "konton": _settings_table("konton", ACCOUNTS),
              "enheter": _settings_table("enheter", ORGANISATION["Rapportenheter"]),
              "ansvar": _settings_table("ansvar", ORGANISATION["Ansvar"]),
              "dr_rader": _settings_table("dr_rader", ORGANISATION["Driftsredovisning"]),
              "forvaltningar": _settings_table("forvaltningar", ORGANISATION["Förvaltningar"]),
              "projekt": _settings_table("projekt", ORGANISATION["Projekt"])}
    rules, problems = rules_from_tables(tables)
    assert problems == [] and rules is not None
    return rules


def export_table(file: str, sheet: str, columns: dict[str, tuple[str, str]]) -> RawTable:
    """A raw table with no cells, only the file, sheet and columns: what problems are located with."""
    return RawTable(file, sheet, pd.DataFrame(), {f: c[0] for f, c in columns.items()},
                    {f: c[1] for f, c in columns.items()})


# --- the independent oracle ---------------------------------------------------------------------

def _between(code: str, low: str | None, high: str | None) -> bool:
    low, high = low or high, high or low
    return low is None or int(low) <= int(code) <= int(high)


class Oracle:
    """Classification straight from the settings' rows, written apart from pipeline/classify."""

    LINES = [(row[1], row[2]) for row in RR_LINES[1:]]                     # (label, Intäkt|Kostnad)
    UNITS = [(low, high, unit) for low, high, unit, _ in ORGANISATION["Ansvar"][1:]]
    DR = [tuple(row) for row in ORGANISATION["Driftsredovisning"][1:]]     # unit, label, a-, a+, v-, v+
    PROJECTS = {row[0]: (row[2], row[3]) for row in ORGANISATION["Projekt"][1:]}  # projekt -> group, unit

    @classmethod
    def units(cls, ansvar: str) -> list[str]:
        return [unit for low, high, unit in cls.UNITS if int(low) <= int(ansvar) <= int(high)]

    @classmethod
    def lines(cls, konto: str) -> list[str]:
        """The targets of the longest account prefixes that hold `konto`."""
        found = [(len(low), target) for low, high, target, _ in ACCOUNTS[1:]
                 if len(konto) >= len(low) and int(low) <= int(konto[:len(low)]) <= int(high)]
        longest = max((n for n, _ in found), default=0)
        return [target for n, target in found if n == longest]

    @classmethod
    def dr_rows(cls, unit: str, ansvar: str, verksamhet: str) -> list[str]:
        return [label for u, label, a_low, a_high, v_low, v_high in cls.DR
                if u == unit and _between(ansvar, a_low, a_high) and _between(verksamhet, v_low, v_high)]

    @classmethod
    def dr_labels(cls, unit: str) -> list[str]:
        return list(dict.fromkeys(label for u, label, *_ in cls.DR if u == unit))

    @classmethod
    def revenue(cls) -> list[str]:
        return [label for label, kind in cls.LINES if kind == "Intäkt"]

    @classmethod
    def cost(cls) -> list[str]:
        return [label for label, kind in cls.LINES if kind == "Kostnad"]


def tenths(ore: int) -> int:
    """The test's own rounding: öre to tenths of mnkr, halves away from zero, on the exact öre."""
    whole, rest = divmod(abs(ore), ORE_PER_TENTH_MNKR)
    if 2 * rest >= ORE_PER_TENTH_MNKR:
        whole += 1
    return whole if ore >= 0 else -whole


def mnkr_text(ore: int | None, minus: str) -> str:
    """As the report prints it: -2,3 (one decimal, NBSP between thousands); "" for no rows."""
    if ore is None:
        return ""
    whole, tenth = divmod(abs(tenths(ore)), 10)
    sign = minus if tenths(ore) < 0 else ""
    return f"{sign}{_thousands(whole)},{tenth}"


def _thousands(whole: int) -> str:
    digits = str(whole)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return "\u00a0".join(groups)


# --- generated inputs ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerRow:
    ar: int
    manad: int
    konto: str
    ansvar: str
    verksamhet: str
    projekt: str
    belopp: int


@dataclass(frozen=True)
class BudgetRow:
    ar: int
    ansvar: str
    verksamhet: str
    konto: str
    ursprunglig: int
    andring: int
    budget: int           # = ursprunglig + andring in a valid export


@dataclass(frozen=True)
class ForecastRow:
    rapportenhet: str
    dr_rad: str
    rr_rad: str
    prognos: int          # öre, debit positive (the file's tkr, intäkter plus, already converted)


@dataclass(frozen=True)
class InvestmentRow:
    projekt: str
    ansvar: str
    budget: int
    prognos: int


@dataclass(frozen=True)
class Case:
    units: tuple[str, ...]
    month: int
    minus: str
    ledger: tuple[LedgerRow, ...]
    budget: tuple[BudgetRow, ...]
    forecast: tuple[ForecastRow, ...]
    investments: tuple[InvestmentRow, ...]

    def with_ledger(self, index: int, **change) -> "Case":
        rows = list(self.ledger)
        rows[index] = replace(rows[index], **change)
        return replace(self, ledger=tuple(rows))

    def with_budget(self, index: int, **change) -> "Case":
        rows = list(self.budget)
        rows[index] = replace(rows[index], **change)
        return replace(self, budget=tuple(rows))


def ledger_frame(case: Case) -> pd.DataFrame:
    """The ledger typed, before its rows are summed: one file per year, Excel rows from 2."""
    records, next_row = [], {PREVIOUS: 2, YEAR: 2}
    for row in case.ledger:
        records.append({"fil": LEDGER_FILES[row.ar], "rad": next_row[row.ar], "ar": row.ar, "manad": row.manad,
                        "konto": row.konto, "ansvar": row.ansvar, "verksamhet": row.verksamhet,
                        "projekt": row.projekt, "belopp": row.belopp})
        next_row[row.ar] += 1
    return _typed(records, ["fil", "rad", "ar", "manad", "konto", "ansvar", "verksamhet", "projekt", "belopp"])


def budget_frame(case: Case) -> pd.DataFrame:
    records = [{"fil": BUDGET_FILE, "rad": i + 2, "ar": r.ar, "ansvar": r.ansvar, "verksamhet": r.verksamhet,
                "konto": r.konto, "ursprunglig_budget": r.ursprunglig, "andringsbudget": r.andring,
                "budget": r.budget} for i, r in enumerate(case.budget)]
    return _typed(records, ["fil", "rad", "ar", "ansvar", "verksamhet", "konto", "ursprunglig_budget",
                            "andringsbudget", "budget"])


def forecast_frame(case: Case) -> pd.DataFrame:
    records = [{"fil": FORECAST_FILE, "rad": i + 2, "ar": YEAR, "rapportenhet": r.rapportenhet,
                "dr_rad": r.dr_rad, "rr_rad": r.rr_rad, "prognos": r.prognos} for i, r in enumerate(case.forecast)]
    return _typed(records, ["fil", "rad", "ar", "rapportenhet", "dr_rad", "rr_rad", "prognos"])


def investment_frame(case: Case) -> pd.DataFrame:
    records = [{"fil": INVESTMENT_FILE, "rad": i + 2, "ar": YEAR, "projekt": r.projekt, "ansvar": r.ansvar,
                "benamning": "", "budget": r.budget, "prognos": r.prognos} for i, r in enumerate(case.investments)]
    return _typed(records, ["fil", "rad", "ar", "projekt", "ansvar", "benamning", "budget", "prognos"])


_INTEGERS = {"rad", "ar", "manad", "belopp", "ursprunglig_budget", "andringsbudget", "budget", "prognos"}


def _typed(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """Columns with the dtypes `validate/exports.py` gives them: text as "string", numbers int64."""
    return pd.DataFrame({c: pd.Series([r[c] for r in records], dtype="int64" if c in _INTEGERS else "string")
                         for c in columns})


# --- strategies ---------------------------------------------------------------------------------

def amounts(limit: int = 10**11) -> st.SearchStrategy[int]:
    """Öre: anything up to ±1 mdkr, small amounts, the rounding traps (exactly x,x5 mnkr, which
    rounds away from zero: -2 250 000,00 kr prints -2,3; or one öre either side of it), and now
    and then a huge one (a fifth of the largest a cell may hold: a few such rows sum past 2**53)."""
    half = st.builds(lambda n, off, sign: sign * (n * ORE_PER_TENTH_MNKR + ORE_PER_TENTH_MNKR // 2 + off),
                     st.integers(0, 3000), st.sampled_from([-1, 0, 0, 1]), st.sampled_from([-1, 1]))
    huge = st.integers(-(CELL_LIMIT // 5), CELL_LIMIT // 5)
    return st.one_of(st.integers(-limit, limit), st.integers(-10**6, 10**6), half, st.just(0), huge)


def _in_range(low: str | None, high: str | None, n: int, width: int = 4) -> str:
    """The n-th code (modulo) between `low` and `high`, as wide as `low`; any `width`-digit code when open."""
    if low is None:
        return f"{n % 10**width:0{width}d}"
    return f"{int(low) + n % (int(high) - int(low) + 1):0{len(low)}d}"


def _account(rule: tuple[str, str], n: int) -> str:
    low, high = rule
    prefix = _in_range(low, high, n)
    width = 4 - len(prefix)
    konto = prefix + (f"{n // 100 % 10**width:0{width}d}" if width else "")
    if any(len(lo) > len(low) and lo <= konto[:len(lo)] <= hi for lo, hi, _, _ in ACCOUNTS[1:]):
        konto = konto[:-1] + ("1" if konto[-1] != "1" else "2")     # 8450 drawn for "8" (Exkluderas)
    return konto


_ACCOUNTS: dict[str, st.SearchStrategy[str]] = {}


def account(target: str) -> st.SearchStrategy[str]:
    """Four-digit accounts whose most specific row in the chart is `target` (8450 only for its own row)."""
    if target not in _ACCOUNTS:
        rules = [(low, high) for low, high, t, _ in ACCOUNTS[1:] if t == target]
        _ACCOUNTS[target] = st.builds(_account, st.sampled_from(rules), st.integers(0, 10**6))
    return _ACCOUNTS[target]


def any_account(targets: list[str]) -> st.SearchStrategy[str]:
    return st.one_of([account(t) for t in targets])


_DR_TARGETS: dict[tuple[str, ...], st.SearchStrategy] = {}


def dr_target(units: tuple[str, ...] = UNITS) -> st.SearchStrategy[tuple[str, str, str]]:
    """(unit, ansvar, verksamhet) inside a DR row of one of `units`; which DR row is Oracle's to say."""
    if units not in _DR_TARGETS:
        rows = [r for r in Oracle.DR if r[0] in units]
        _DR_TARGETS[units] = st.builds(
            lambda r, a, v: (r[0], _in_range(r[2], r[3], a, 5), _in_range(r[4], r[5], v)),
            st.sampled_from(rows), st.integers(0, 10**6), st.integers(0, 10**6))
    return _DR_TARGETS[units]


_OTHER_RANGE = next((lo, hi) for lo, hi, u in Oracle.UNITS if u == OTHER)
OTHER_CODES = st.builds(lambda a, v: (OTHER, _in_range(*_OTHER_RANGE, a), _in_range(None, None, v)),
                        st.integers(0, 10**6), st.integers(0, 10**6))
LINE_LABELS = [label for label, _ in Oracle.LINES]
KS_PROJECTS = [p for p, (_, u) in Oracle.PROJECTS.items() if u == "KS"]
AMOUNTS = amounts()
# What a group of ledger rows is for: (codes, account, project).
_KINDS = [(dr_target(), any_account(LINE_LABELS), st.just(""))] * 5 + [
    (dr_target(), account(EXCLUDED), st.just("")),                          # balance/financial accounts
    (dr_target(("KS",)), account(INVESTMENT), st.sampled_from(KS_PROJECTS)),  # investments, with a project
    (OTHER_CODES, any_account([*LINE_LABELS, INVESTMENT]), st.just("")),     # the unit not in the report
]


@st.composite
def ledger_group(draw) -> list[LedgerRow]:
    """Rows of one period for one purpose (operating rows of a reported unit, excluded accounts,
    investments, rows of the unit outside the report), their amounts one total split to the öre;
    sometimes each row twice."""
    codes, accounts, projects = draw(st.sampled_from(_KINDS))
    ar, manad = draw(st.sampled_from([PREVIOUS, YEAR])), draw(st.integers(1, 12))
    total = draw(AMOUNTS)
    spread = min(abs(total) + 10**7, CELL_LIMIT // 5)     # so that every part is under CELL_LIMIT
    parts = draw(st.lists(st.integers(-spread, spread), max_size=3))
    rows = []
    for belopp in [*parts, total - sum(parts)]:
        _unit, ansvar, verksamhet = draw(codes)
        rows.append(LedgerRow(ar, manad, draw(accounts), ansvar, verksamhet, draw(projects), belopp))
    return rows * draw(st.sampled_from([1, 1, 1, 2]))   # the ledger may repeat a row: both count


_BUDGET_KINDS = [(YEAR, dr_target(), any_account(LINE_LABELS))] * 6 + [
    (YEAR, dr_target(), account(EXCLUDED)),
    (YEAR, OTHER_CODES, any_account(LINE_LABELS)),
    (PREVIOUS, dr_target(), any_account(LINE_LABELS)),                      # a row of another year
]


@st.composite
def budget_row(draw) -> BudgetRow:
    ar, codes, accounts = draw(st.sampled_from(_BUDGET_KINDS))
    _unit, ansvar, verksamhet = draw(codes)
    total = draw(AMOUNTS)
    ursprunglig = draw(st.one_of(st.just(total), st.integers(-10**11, 10**11)))
    return BudgetRow(ar, ansvar, verksamhet, draw(accounts), ursprunglig, total - ursprunglig, total)


def budget_rows() -> st.SearchStrategy[list[BudgetRow]]:
    """Budget rows with unique keys (år, ansvar, verksamhet, konto); budget = ursprunglig + ändring."""
    return st.lists(budget_row(), max_size=10, unique_by=lambda r: (r.ar, r.ansvar, r.verksamhet, r.konto))


def forecast_rows(units: tuple[str, ...]) -> st.SearchStrategy[list[ForecastRow]]:
    """At most one row per (unit, DR row, RR line), reported units only; whole kronor (the file is
    in tkr, three decimals)."""
    keys = st.tuples(st.sampled_from([(u, label) for u in units for label in Oracle.dr_labels(u)]),
                     st.sampled_from(LINE_LABELS))
    return st.lists(st.builds(lambda key, kr: ForecastRow(key[0][0], key[0][1], key[1], 100 * kr),
                              keys, st.integers(-10**9, 10**9)),
                    max_size=6, unique_by=lambda r: (r.rapportenhet, r.dr_rad, r.rr_rad))


def _investment(projekt: str, codes: st.SearchStrategy) -> st.SearchStrategy[InvestmentRow]:
    return st.builds(lambda c, budget, prognos: InvestmentRow(projekt, c[1], budget, prognos),
                     codes, AMOUNTS, AMOUNTS)


def investment_rows() -> st.SearchStrategy[list[InvestmentRow]]:
    """At most one row per project: the main unit's projects, and one of the unit outside the report."""
    rows = [_investment(p, dr_target((unit,))) for p, (_group, unit) in Oracle.PROJECTS.items()]
    rows.append(_investment("93001", OTHER_CODES))
    return st.tuples(*(st.one_of(st.none(), row) for row in rows)).map(lambda t: [r for r in t if r])


@st.composite
def cases(draw) -> Case:
    units = draw(st.sampled_from(UNIT_CHOICES))
    groups = draw(st.lists(ledger_group(), min_size=1, max_size=10))
    return Case(units=units, month=draw(st.integers(1, 12)), minus=draw(st.sampled_from(["-", "\u2212"])),
                ledger=tuple(row for group in groups for row in group), budget=tuple(draw(budget_rows())),
                forecast=tuple(draw(forecast_rows(units))), investments=tuple(draw(investment_rows())))
