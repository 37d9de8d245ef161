"""Stage 3: classification. Ledger and budget rows -> report unit, RR line, DR row, project group.

Works on the distinct codes (a few hundred), not on the rows (up to a million), then merges.
Every row of a reported unit must land on exactly one RR line and one DR row; each row that
does not is reported once per distinct code, with the row count and the amount at stake.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.classify.rules import EXCLUDED, INVESTMENT, Rules
from pipeline.numbers import format_kr
from pipeline.problems import Location, Problem
from pipeline.read.raw_table import RawTable
from pipeline.validate.exports import source_rows


def _in_range(code: str, low: str, high: str) -> bool:
    if not low and not high:
        return True
    low, high = low or high, high or low
    if code.isdigit() and low.isdigit() and high.isdigit():
        return int(low) <= int(code) <= int(high)
    return low <= code <= high


def unit_by_ansvar(ansvar: pd.Series, rules: Rules) -> dict[str, list[str]]:
    """Each distinct ansvar -> the units whose ranges hold it (normally exactly one)."""
    ranges = list(zip(rules.ansvar["unit"], rules.ansvar["fran"], rules.ansvar["till"]))
    return {code: [unit for unit, low, high in ranges if _in_range(code, low, high)]
            for code in pd.unique(ansvar)}


def target_by_account(konto: pd.Series, rules: Rules) -> dict[str, list[str]]:
    """Each distinct account -> the targets of its most specific (longest) matching prefix rows."""
    prefixes = list(zip(rules.accounts["fran"], rules.accounts["till"], rules.accounts["target"]))
    result = {}
    for code in pd.unique(konto):
        best_len, targets = 0, []
        for low, high, target in prefixes:
            n = len(low)
            if not code.isdigit() or len(code) < n or not (low <= code[:n] <= high):
                continue
            if n > best_len:
                best_len, targets = n, [target]
            elif n == best_len:
                targets.append(target)
        result[code] = targets
    return result


def dr_row_by_key(keys: pd.DataFrame, rules: Rules) -> dict[tuple[str, str, str], list[str]]:
    """(unit, ansvar, verksamhet) -> matching DR rows of that unit."""
    table = rules.dr_rows
    ranges: dict[str, list[tuple]] = {}
    for row in zip(table["unit"], table["dr_rad"], table["ansvar_fran"], table["ansvar_till"],
                   table["verksamhet_fran"], table["verksamhet_till"]):
        ranges.setdefault(row[0], []).append(row[1:])
    return {
        (unit, ansvar, verksamhet): [
            dr_rad for dr_rad, a_low, a_high, v_low, v_high in ranges.get(unit, [])
            if _in_range(ansvar, a_low, a_high) and _in_range(verksamhet, v_low, v_high)
        ]
        for unit, ansvar, verksamhet in keys.drop_duplicates().itertuples(index=False)
    }


def _single(found: dict[str, list[str]]) -> dict[str, str]:
    """code -> its one match, or "" when it has none or several (those are reported)."""
    return {code: targets[0] if len(targets) == 1 else "" for code, targets in found.items()}


def classified(rows: pd.DataFrame, rules: Rules, reported: tuple[str, ...], amount: str,
               tables: list[RawTable]) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows with `enhet`, `rr_rad` and `dr_rad` added; rows of unreported units keep only `enhet`."""
    problems: list[Problem] = []
    locate = _locator(tables)

    units = unit_by_ansvar(rows["ansvar"], rules)
    unit_col = rows["ansvar"].map(_single(units)).astype(rows["ansvar"].dtype)
    for code, found in units.items():
        if len(found) == 1:
            continue
        subset = rows[rows["ansvar"] == code]
        what = ("finns inte på bladet Ansvar i organisation.xlsx" if not found else
                "finns i flera intervall på bladet Ansvar (" + ", ".join(found) + ")")
        problems.append(_stake_problem(
            "ansvar-okänt", f"Ansvar {code} {what}.", subset, amount, locate, "ansvar",
            "Lägg till ansvaret i rätt intervall på bladet Ansvar i organisation.xlsx."))
    out = rows.assign(enhet=unit_col)
    mine = out["enhet"].isin(reported)

    targets = target_by_account(out.loc[mine, "konto"], rules)
    target_col = pd.Series("", index=out.index, dtype="object")
    target_col[mine] = out.loc[mine, "konto"].map(_single(targets))
    for code, found in targets.items():
        if len(found) == 1:
            continue
        subset = out[mine & (out["konto"] == code)]
        if found:
            message = f"Konto {code} passar flera rader i kontoplanen ({', '.join(found)})."
            hint = "Låt bara en rad av samma längd täcka kontot på bladet Konton i kontoplan.xlsx."
        else:
            message = f"Konto {code} finns inte i kontoplanen."
            hint = "Lägg till kontot (eller dess kontogrupp) på bladet Konton i kontoplan.xlsx."
        problems.append(_stake_problem("konto-saknas", message, subset, amount, locate, "konto", hint))
    out = out.assign(rr_rad=target_col)

    operating = mine & ~out["rr_rad"].isin(["", EXCLUDED, INVESTMENT])
    # Each distinct (unit, ansvar, verksamhet) is looked up once, then spread over its rows.
    keys = out.loc[operating, ["enhet", "ansvar", "verksamhet"]].groupby(
        ["enhet", "ansvar", "verksamhet"], sort=False, dropna=False)
    distinct = keys.size().index.to_frame(index=False)
    dr_rows = dr_row_by_key(distinct, rules)
    dr_col = pd.Series("", index=out.index, dtype="object")
    if len(distinct):
        found = [dr_rows[k] for k in distinct.itertuples(index=False, name=None)]
        single = np.array([f[0] if len(f) == 1 else "" for f in found], dtype=object)
        dr_col[operating] = single[keys.ngroup().to_numpy()]
    for (unit, ansvar, verksamhet), found in dr_rows.items():
        if len(found) == 1:
            continue
        subset = out[operating & (out["enhet"] == unit) & (out["ansvar"] == ansvar)
                     & (out["verksamhet"] == verksamhet)]
        if found:
            message = (f"Ansvar {ansvar} med verksamhet {verksamhet} passar flera rader i "
                       f"driftsredovisningen ({', '.join(found)}).")
        else:
            message = (f"Ansvar {ansvar} med verksamhet {verksamhet} hör till {unit} men passar "
                       "ingen rad i driftsredovisningen.")
        problems.append(_stake_problem(
            "dr-rad-saknas", message, subset, amount, locate, "verksamhet",
            "Rätta intervallen på bladet Driftsredovisning i organisation.xlsx så att "
            "kombinationen passar exakt en rad."))
    return out.assign(dr_rad=dr_col), problems


def investment_problems(ledger: pd.DataFrame, rules: Rules, tables: list[RawTable]) -> list[Problem]:
    """Investment rows of a reported unit need a project listed on the Projekt sheet."""
    locate = _locator(tables)
    rows = ledger[ledger["rr_rad"] == INVESTMENT]
    known = dict(zip(rules.projects["projekt"], rules.projects["unit"]))
    problems = []
    for (unit, project), subset in rows.groupby(["enhet", "projekt"], sort=True):
        if project and known.get(project) == unit:
            continue
        if not project:
            message = "Investeringsrader (klass 1) saknar projekt."
            hint = "Ange projekt på raderna i ekonomisystemet och exportera om."
        else:
            message = f"Projekt {project} ({unit}) finns inte på bladet Projekt i organisation.xlsx."
            hint = "Lägg till projektet med investeringsgrupp på bladet Projekt."
        problems.append(_stake_problem("projekt-okänt", message, subset, "belopp", locate,
                                       "projekt", hint))
    return problems


def _locator(tables: list[RawTable]):
    by_file = {t.file: t for t in tables}

    def locate(file: str, row: int, field: str) -> Location:
        table = by_file.get(file)
        return table.location(row, field) if table else Location(file, None, row)
    return locate


def _stake_problem(rule: str, message: str, subset: pd.DataFrame, amount: str, locate,
                   field: str, hint: str) -> Problem:
    first = subset.iloc[0]
    total = int(subset[amount].sum())
    count = source_rows(subset)
    stake = (f" Gäller {count} rader, sammanlagt {format_kr(total)} kr"
             + ("; första raden visas." if count > 1 else "."))
    return Problem(rule, message + stake, locate(first["fil"], int(first["rad"]), field), hint=hint)




def forecast_problems(forecast: pd.DataFrame, rules: Rules, reported: tuple[str, ...],
                      year: int, tables: list[RawTable]) -> list[Problem]:
    """Each forecast cell must name a reported unit, one of its DR rows and an RR line."""
    locate = _locator(tables)
    lines = {line.label for line in rules.rr_lines}
    problems = []
    for row in forecast.itertuples():
        if row.ar != year:
            problems.append(Problem("period-utanför-året",
                                    f"Prognosen gäller år {row.ar}, rapporten år {year}.",
                                    locate(row.fil, row.rad, "ar"),
                                    hint="Använd prognosfilen för rapportåret."))
        elif row.rapportenhet not in reported:
            problems.append(Problem("enhet-okänd",
                                    f'Rapportenheten "{row.rapportenhet}" ingår inte i rapporten.',
                                    locate(row.fil, row.rad, "rapportenhet"),
                                    hint="Använd en kod från bladet Rapportenheter i organisation.xlsx: "
                                         + ", ".join(reported) + "."))
        elif row.dr_rad not in rules.dr_labels(row.rapportenhet):
            problems.append(Problem("dr-rad-okänd",
                                    f'Verksamheten "{row.dr_rad}" finns inte i driftsredovisningen för '
                                    f"{row.rapportenhet}.", locate(row.fil, row.rad, "dr_rad"),
                                    hint="Skriv raden exakt som på bladet Driftsredovisning i "
                                         "organisation.xlsx."))
        if row.rr_rad not in lines:
            problems.append(Problem("rr-rad-okänd",
                                    f'Raden "{row.rr_rad}" finns inte i resultaträkningen.',
                                    locate(row.fil, row.rad, "rr_rad"),
                                    hint="Skriv raden exakt som på bladet Resultaträkning i "
                                         "kontoplan.xlsx."))
    return problems


def investment_units(investments: pd.DataFrame, rules: Rules, tables: list[RawTable]
                     ) -> tuple[pd.DataFrame, list[Problem]]:
    """Investment export rows with `enhet` from their ansvar (the export covers the whole municipality)."""
    units = unit_by_ansvar(investments["ansvar"], rules)
    locate = _locator(tables)
    problems = [
        Problem("ansvar-okänt", f"Ansvar {code} finns inte på bladet Ansvar i organisation.xlsx.",
                locate(first.fil, first.rad, "ansvar"),
                hint="Lägg till ansvaret i rätt intervall på bladet Ansvar i organisation.xlsx.")
        for code, found in units.items() if len(found) != 1
        for first in [next(investments[investments["ansvar"] == code].itertuples())]
    ]
    unit = investments["ansvar"].map(lambda a: units[a][0] if len(units[a]) == 1 else "")
    return investments.assign(enhet=unit), problems


def investment_budget_problems(investments: pd.DataFrame, rules: Rules, reported: tuple[str, ...],
                               year: int, tables: list[RawTable]) -> list[Problem]:
    """Projects of reported units must be on the Projekt sheet, for that unit; the year must match."""
    locate = _locator(tables)
    known = dict(zip(rules.projects["projekt"], rules.projects["unit"]))
    problems = []
    for row in investments[investments["enhet"].isin(reported)].itertuples():
        if row.ar != year:
            problems.append(Problem("period-utanför-året",
                                    f"Investeringsbudgeten gäller år {row.ar}, rapporten år {year}.",
                                    locate(row.fil, row.rad, "ar"),
                                    hint="Använd investeringsfilen för rapportåret."))
        elif known.get(row.projekt) != row.enhet:
            problems.append(Problem("projekt-okänt",
                                    f"Projekt {row.projekt} ({row.enhet}) finns inte på bladet Projekt i "
                                    "organisation.xlsx.", locate(row.fil, row.rad, "projekt"),
                                    hint="Lägg till projektet med investeringsgrupp på bladet Projekt."))
    return problems


def rows_of_unit(frame: pd.DataFrame, code: str, name: str, by_unit: bool, only_unit: bool) -> pd.DataFrame:
    """The rows of an export that belong to the nämnd `code` (`name`): those whose unit cell
    (`rapportenhet`) holds its code or its name, when the export has that column (`by_unit`);
    else every row when it is the only nämnd with a report (`only_unit`), none otherwise."""
    if by_unit:
        cell = frame["rapportenhet"].astype("string").str.strip().str.casefold()
        return frame[((cell == code.casefold()) | (cell == name.casefold())).fillna(False).to_numpy(bool)]
    return frame if only_unit else frame.iloc[0:0]
