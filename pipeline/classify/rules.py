"""The ekonom's mapping settings (kontoplan.xlsx, organisation.xlsx) as typed records.

Problems point at the settings file's own rows, so a wrong mapping is fixed where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.problems import Problem
from pipeline.read.raw_table import RawTable
from pipeline.validate.cells import code_text

INVESTMENT = "Investering"
EXCLUDED = "Exkluderas"
REVENUE, COST = "Intäkt", "Kostnad"


@dataclass(frozen=True)
class RrLine:
    label: str
    kind: str            # REVENUE or COST
    order: int


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    reported: bool


@dataclass(frozen=True)
class Rules:
    """All mapping settings, validated."""

    rr_lines: tuple[RrLine, ...]
    accounts: pd.DataFrame        # fran, till, target, file, rad
    units: dict[str, Unit]
    ansvar: pd.DataFrame          # fran, till, unit, file, rad
    dr_rows: pd.DataFrame         # unit, dr_rad, ansvar_fran, ansvar_till, verksamhet_fran, verksamhet_till, file, rad, order
    projects: pd.DataFrame        # projekt, benamning, grupp, unit, file, rad
    forvaltningar: dict[str, str] = field(default_factory=dict)   # code -> name (HR units)

    def dr_labels(self, unit: str) -> list[str]:
        rows = self.dr_rows[self.dr_rows["unit"] == unit].sort_values("order")
        return list(dict.fromkeys(rows["dr_rad"]))

    def investment_groups(self, unit: str) -> list[str]:
        rows = self.projects[self.projects["unit"] == unit]
        return list(dict.fromkeys(rows["grupp"]))


def _text(table: RawTable, field: str) -> pd.Series:
    return code_text(table.frame[field])


def _frame(table: RawTable, fields: dict[str, str]) -> pd.DataFrame:
    data = {name: _text(table, source) for name, source in fields.items()}
    data["file"] = pd.Series(table.file, index=table.frame.index)
    data["rad"] = pd.Series(table.frame.index, index=table.frame.index)
    return pd.DataFrame(data).reset_index(drop=True)


def rules_from_tables(tables: dict[str, RawTable]) -> tuple[Rules | None, list[Problem]]:
    needed = ("rr_rader", "konton", "enheter", "ansvar", "dr_rader", "projekt")
    if any(key not in tables for key in needed):
        return None, []   # reading has already reported the missing file or sheet
    problems: list[Problem] = []

    rr = _frame(tables["rr_rader"], {"ordning": "ordning", "label": "rr_rad", "typ": "typ"})
    rr_lines = []
    for _, row in rr.iterrows():
        kind = row["typ"].capitalize()
        if kind not in (REVENUE, COST):
            problems.append(Problem("inställning-ogiltig",
                                    f'Typ "{row["typ"]}" ska vara "{REVENUE}" eller "{COST}".',
                                    tables["rr_rader"].location(int(row["rad"]), "typ")))
        order = int(row["ordning"]) if row["ordning"].isdigit() else len(rr_lines) + 1
        rr_lines.append(RrLine(row["label"], kind, order))
    rr_lines.sort(key=lambda line: line.order)
    line_labels = {line.label for line in rr_lines} | {INVESTMENT, EXCLUDED}

    accounts = _frame(tables["konton"], {"fran": "fran", "till": "till", "target": "rr_rad"})
    for _, row in accounts.iterrows():
        where = tables["konton"].location(int(row["rad"]))
        if not (row["fran"].isdigit() and row["till"].isdigit() and len(row["fran"]) == len(row["till"])):
            problems.append(Problem("inställning-ogiltig",
                                    f'Kontointervallet "{row["fran"]}"–"{row["till"]}" ska vara två '
                                    "lika långa sifferföljder (t.ex. 32 och 34).", where))
        if row["target"] not in line_labels:
            problems.append(Problem(
                "inställning-ogiltig",
                f'RR-raden "{row["target"]}" finns inte på bladet Resultaträkning.',
                tables["konton"].location(int(row["rad"]), "rr_rad"),
                hint=f'Använd en av raderna på bladet Resultaträkning, "{INVESTMENT}" eller "{EXCLUDED}".'))

    units_frame = _frame(tables["enheter"], {"code": "kod", "name": "namn", "reported": "rapporteras"})
    units = {row["code"]: Unit(row["code"], row["name"], row["reported"].casefold() in ("ja", "j", "x", "1"))
             for _, row in units_frame.iterrows()}

    ansvar = _frame(tables["ansvar"], {"fran": "fran", "till": "till", "unit": "rapportenhet"})
    problems += _unknown_units(ansvar, units, tables["ansvar"])

    dr_rows = _frame(tables["dr_rader"], {
        "unit": "rapportenhet", "dr_rad": "dr_rad", "ansvar_fran": "ansvar_fran",
        "ansvar_till": "ansvar_till", "verksamhet_fran": "verksamhet_fran",
        "verksamhet_till": "verksamhet_till"})
    dr_rows["order"] = range(len(dr_rows))
    problems += _unknown_units(dr_rows, units, tables["dr_rader"])

    projects = _frame(tables["projekt"], {"projekt": "projekt", "benamning": "benamning",
                                          "grupp": "grupp", "unit": "rapportenhet"})
    problems += _unknown_units(projects, units, tables["projekt"])
    duplicated = projects[projects["projekt"].duplicated(keep="first")]
    for _, row in duplicated.iterrows():
        problems.append(Problem("inställning-dubblett", f'Projektet {row["projekt"]} står på flera rader.',
                                tables["projekt"].location(int(row["rad"]), "projekt"),
                                hint="Behåll en rad per projekt."))

    forvaltningar = {}
    if "forvaltningar" in tables:
        frame = _frame(tables["forvaltningar"], {"code": "kod", "name": "namn", "unit": "rapportenhet"})
        problems += _unknown_units(frame, units, tables["forvaltningar"])
        forvaltningar = dict(zip(frame["code"], frame["name"]))
    return Rules(tuple(rr_lines), accounts, units, ansvar, dr_rows, projects, forvaltningar), problems


def _unknown_units(frame: pd.DataFrame, units: dict[str, Unit], table: RawTable) -> list[Problem]:
    return [
        Problem("inställning-ogiltig",
                f'Rapportenheten "{row["unit"]}" finns inte på bladet Rapportenheter.',
                table.location(int(row["rad"]), "rapportenhet"),
                hint="Lägg till enheten på bladet Rapportenheter eller rätta koden.")
        for _, row in frame.iterrows() if row["unit"] not in units
    ]
