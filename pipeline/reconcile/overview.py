"""The overview's cross-checks: nothing is lost between the nämnder, to the öre.

(a) Per column of the period: the rapportenheter's rows of the overview add up to the ledger's
    (budget's, forecast's) total on the kommun's drift accounts, every row whose account maps to an
    RR line, whatever its ansvar; and each unit's row equals its own rows there.
(b) Every ledger, budget, forecast and investment row belongs to exactly one rapportenhet: its
    ansvar in exactly one range of the Ansvar sheet (the forecast: its rapportenhet on the
    Rapportenheter sheet).

As in `reconcile.checks`, the expected side is summed straight from the validated source rows and
the actual side is the printed table. A failed check says where: the file and Excel rows of the
rows behind the difference (`Check.where`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.classify.mapping import unit_by_ansvar
from pipeline.classify.rules import Rules
from pipeline.compute.overview import drift_accounts
from pipeline.compute.period import LEDGER_MEASURES, Period, header, in_measure, measures
from pipeline.problems import Check

PREFIX = "kommunen"
MAX_SPANS = 8                     # row spans named in a check's `where`; the rest are counted
UNPLACED_COLUMNS = ["källa", "fil", "rad", "sista_rad", "rader", "nyckel", "belopp"]


def overview_checks(drift: pd.DataFrame, ledger: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame,
                    investments: pd.DataFrame, rules: Rules, period: Period) -> list[Check]:
    """(a) and (b) above; `drift`: `compute.overview.driftsredovisning_per_enhet`."""
    return [*sum_checks(drift, ledger, budget, forecast, rules, period),
            *membership_checks(ledger, budget, forecast, investments, rules)]


def _source_rows(frame: pd.DataFrame) -> int:
    return int(frame["rader"].sum()) if "rader" in frame else len(frame)


def _total(value) -> int:
    return 0 if pd.isna(value) else int(value)


@dataclass(frozen=True)
class _Source:
    """One source's rows as the sum checks use them, as arrays: each row's unit (its index in the
    Rapportenheter sheet's order, -1: none), its amount (printed sign), and whether the overview
    has no row holding it (no unit, or a reported unit's row without a DR row)."""

    name: str
    frame: pd.DataFrame
    unit: np.ndarray
    amount: np.ndarray
    lost: np.ndarray
    counted: np.ndarray          # on the kommun's drift accounts (the forecast: an RR line)


def _source(name: str, frame: pd.DataFrame, unit_column: str, amount: str, counted: np.ndarray,
            rules: Rules) -> _Source:
    codes = list(rules.units)
    found, distinct = pd.factorize(frame[unit_column])
    position = np.array([codes.index(c) if c in codes else -1 for c in distinct] + [-1], dtype=np.int64)
    unit = position[found]
    lost = unit < 0
    if "dr_rad" in frame and unit_column == "enhet":
        reported = np.array([rules.units[c].reported for c in codes] + [False])
        lost |= reported[unit] & (frame["dr_rad"] == "").to_numpy(bool)
    return _Source(name, frame, unit, -frame[amount].to_numpy(np.int64), lost, counted)


def sum_checks(drift: pd.DataFrame, ledger: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame,
               rules: Rules, period: Period) -> list[Check]:
    lines = [line.label for line in rules.rr_lines]
    ledger_rows = _source("huvudboken", ledger, "enhet", "belopp", drift_accounts(ledger, rules), rules)
    sources = {m: (ledger_rows, in_measure(ledger, m, period).to_numpy(bool)) for m in LEDGER_MEASURES}
    sources["budget"] = (_source("budgetexporten", budget, "enhet", "budget", drift_accounts(budget, rules), rules),
                         (budget["ar"] == period.year).to_numpy(bool))
    sources["prognos"] = (_source("prognosfilen", forecast, "rapportenhet", "prognos",
                                  forecast["rr_rad"].isin(lines).to_numpy(bool), rules),
                          (forecast["ar"] == period.year).to_numpy(bool))
    total_row = drift.index[drift["kind"] == "total"][0]
    checks = []
    for m in (m for m in measures(period) if m in sources):
        source, in_column = sources[m]
        rows = source.counted & in_column
        column = header(m, period)

        def check(key: str, text: str, selected: np.ndarray, printed) -> Check:
            """The selected source rows' sum against the printed cell; when they differ, `where`
            names the rows behind the difference with their file and Excel rows."""
            expected, actual = int(source.amount[selected].sum()), _total(printed)
            located = [c for c in ("fil", "rad", "sista_rad", "rader") if c in source.frame]
            where = rows_text(source.frame.loc[selected & source.lost, located]) if expected != actual else ""
            return Check(key, text, expected, actual, source.name, "kommunöversikten", where=where)
        checks.append(check(f"{PREFIX}:drift:{m}",
                            f"Nämndernas summa = {source.name}s rader på driftkonton (konton med en RR-rad), {column}",
                            rows, drift.at[total_row, m]))
        checks += [check(f"{PREFIX}:{code}:{m}",
                         f"{named.name}: {source.name}s rader på driftkonton = enhetens rad i kommunöversikten, {column}",
                         rows & (source.unit == index), drift.at[code, m])
                   for index, (code, named) in enumerate(rules.units.items())]
    return checks


def membership_checks(ledger: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame,
                      investments: pd.DataFrame, rules: Rules) -> list[Check]:
    """(b): one check per source, counting rows; `where` names the rows without exactly one unit."""
    unplaced = unplaced_rows(ledger, budget, forecast, investments, rules)
    checks = []
    for key, source, frame, rule in (
            ("huvudbok", "huvudboken", ledger, "ansvaret i exakt ett intervall på bladet Ansvar"),
            ("budget", "budgetexporten", budget, "ansvaret i exakt ett intervall på bladet Ansvar"),
            ("prognos", "prognosfilen", forecast, "rapportenheten finns på bladet Rapportenheter"),
            ("investering", "investeringsexporten", investments,
             "ansvaret i exakt ett intervall på bladet Ansvar")):
        found = unplaced[unplaced["källa"] == source]
        total = _source_rows(frame)
        checks.append(Check(
            f"{PREFIX}:enhet:{key}", f"Varje rad i {source} hör till exakt en rapportenhet ({rule})",
            total, total - int(found["rader"].sum()), f"{source}s rader", "rader med en rapportenhet",
            quantity="rader", where=_keyed_text(found)))
    return checks


def unplaced_rows(ledger: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame,
                  investments: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The rows that belong to no rapportenhet or to several (`UNPLACED_COLUMNS`; `nyckel` says
    which ansvar or rapportenhet and why; `belopp` in öre as in the source, debit positive)."""
    known = list(rules.units)
    parts = []
    for source, frame, amount in (("huvudboken", ledger, "belopp"), ("budgetexporten", budget, "budget"),
                                  ("investeringsexporten", investments, "budget")):
        bad = frame[~frame["enhet"].isin(known)]
        if bad.empty:
            continue
        units = unit_by_ansvar(bad["ansvar"], rules)
        key = bad["ansvar"].map(lambda code: f"ansvar {code} " + (
            f"i flera intervall på bladet Ansvar ({', '.join(units[code])})" if len(units[code]) > 1
            else "i inget intervall på bladet Ansvar"))
        parts.append(_unplaced(bad, source, key, amount))
    bad = forecast[~forecast["rapportenhet"].isin(known)]
    if not bad.empty:
        key = bad["rapportenhet"].map(lambda code: f'rapportenheten "{code}" finns inte på bladet Rapportenheter')
        parts.append(_unplaced(bad, "prognosfilen", key, "prognos"))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in UNPLACED_COLUMNS})
    return pd.concat(parts, ignore_index=True)


def _unplaced(rows: pd.DataFrame, source: str, key: pd.Series, amount: str) -> pd.DataFrame:
    return pd.DataFrame({
        "källa": source, "fil": rows["fil"].astype("object"), "rad": rows["rad"],
        "sista_rad": rows["sista_rad"] if "sista_rad" in rows else rows["rad"],
        "rader": rows["rader"] if "rader" in rows else 1, "nyckel": key.astype("object"),
        "belopp": rows[amount].astype("int64"),
    })[UNPLACED_COLUMNS]


def rows_text(rows: pd.DataFrame) -> str:
    """'huvudbok_2023.xlsx rad 12, 40–45; budget_2023.xlsx rad 7 och 3 rader till' for rows with
    `fil`, `rad` (and, for summed rows, `sista_rad` and `rader`); "" for none."""
    if rows.empty:
        return ""
    last = rows["sista_rad"] if "sista_rad" in rows else rows["rad"]
    count = rows["rader"] if "rader" in rows else pd.Series(1, index=rows.index)
    spans = sorted(zip(rows["fil"].astype(str), rows["rad"].astype(int), last.astype(int), count.astype(int)))
    named = spans[:MAX_SPANS]
    parts = [f"{file} rad " + ", ".join(str(a) if a == b else f"{a}–{b}" for f, a, b, _ in named if f == file)
             for file in dict.fromkeys(span[0] for span in named)]
    hidden = sum(span[3] for span in spans[MAX_SPANS:])
    return "; ".join(parts) + (f" och {hidden} rader till" if hidden else "")


def _keyed_text(unplaced: pd.DataFrame) -> str:
    """The unplaced rows grouped by their key: 'ansvar 99999 i inget intervall …: huvudbok_2023.xlsx rad 12'."""
    return "; ".join(f"{key}: {rows_text(group)}" for key, group in unplaced.groupby("nyckel", sort=True))
