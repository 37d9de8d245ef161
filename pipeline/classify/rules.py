"""The ekonom's mapping settings (kontoplan.xlsx, organisation.xlsx) as typed records.

Problems point at the settings file's own rows, so a wrong mapping is fixed where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.problems import Location, Problem
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
    """A rapportenhet (organisation.xlsx, Rapportenheter): a nämnd with a report of its own, and/or
    a unit appended as a section to another unit's report (`section_of`, its code; "" = none)."""

    code: str
    name: str
    own_report: bool
    section_of: str = ""

    @property
    def reported(self) -> bool:
        """In some nämnd's report: its own, or another's as a section."""
        return self.own_report or bool(self.section_of)


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
    forvaltning_units: dict[str, str] = field(default_factory=dict)   # förvaltning -> its rapportenhet

    @property
    def namnder(self) -> tuple[str, ...]:
        """The units with a report of their own, in the sheet's order."""
        return tuple(code for code, unit in self.units.items() if unit.own_report)

    def report_units(self, code: str) -> tuple[str, ...]:
        """The units of `code`'s report: `code`, then the units appended to it, in sheet order."""
        return (code, *(c for c, unit in self.units.items() if unit.section_of == code and c != code))

    def forvaltningar_of(self, code: str) -> tuple[str, ...]:
        """The förvaltningar whose staff `code`'s report shows (Förvaltningar, Rapportenhet)."""
        return tuple(f for f, unit in self.forvaltning_units.items() if unit == code)

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

    units, found = _units(tables["enheter"])
    problems += found

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

    forvaltningar, forvaltning_units = {}, {}
    if "forvaltningar" in tables:
        frame = _frame(tables["forvaltningar"], {"code": "kod", "name": "namn", "unit": "rapportenhet"})
        problems += _unknown_units(frame, units, tables["forvaltningar"])
        forvaltningar = dict(zip(frame["code"], frame["name"]))
        forvaltning_units = dict(zip(frame["code"], frame["unit"]))
    return Rules(tuple(rr_lines), accounts, units, ansvar, dr_rows, projects, forvaltningar,
                 forvaltning_units), problems


YES = ("ja", "j", "x", "1")
NO = ("nej", "n", "0", "")


def _units(table: RawTable) -> tuple[dict[str, Unit], list[Problem]]:
    """The Rapportenheter sheet: Egen rapport is Ja or Nej; Redovisas i, when given, names
    another unit that has a report of its own."""
    frame = _frame(table, {"code": "kod", "name": "namn", "own": "egen_rapport", "section_of": "redovisas_i"})
    problems: list[Problem] = []
    units: dict[str, Unit] = {}
    for _, row in frame.iterrows():
        own = row["own"].casefold()
        if own not in YES + NO:
            problems.append(Problem("inställning-ogiltig",
                                    f'"Egen rapport" ska vara Ja eller Nej, inte "{row["own"]}".',
                                    table.location(int(row["rad"]), "egen_rapport"),
                                    hint="Skriv Ja om enheten får en egen rapport, annars Nej."))
        if row["code"] in units:
            problems.append(Problem("inställning-dubblett", f'Enheten {row["code"]} står på flera rader.',
                                    table.location(int(row["rad"]), "kod"), hint="Behåll en rad per enhet."))
            continue
        units[row["code"]] = Unit(row["code"], row["name"], own in YES, row["section_of"])
    for _, row in frame.iterrows():
        target = units.get(row["section_of"]) if row["section_of"] else None
        if not row["section_of"]:
            continue
        where = table.location(int(row["rad"]), "redovisas_i")
        if row["section_of"] == row["code"]:
            problems.append(Problem("inställning-ogiltig",
                                    f'Enheten {row["code"]} kan inte redovisas i sin egen rapport.', where,
                                    hint='Lämna "Redovisas i" tom, eller ange en annan enhets kod.'))
        elif target is None:
            problems.append(Problem("inställning-ogiltig",
                                    f'"Redovisas i" anger {row["section_of"]}, som inte finns på bladet.', where,
                                    hint="Ange koden för en enhet på bladet Rapportenheter."))
        elif not target.own_report:
            problems.append(Problem("inställning-ogiltig",
                                    f'"Redovisas i" anger {row["section_of"]}, som inte har en egen rapport.',
                                    where, hint=f'Skriv Ja under "Egen rapport" för {row["section_of"]}, '
                                                "eller ange en enhet som har en egen rapport."))
    if units and not any(u.own_report for u in units.values()):
        problems.append(Problem("inställning-ogiltig", "Ingen enhet har en egen rapport.", Location(table.file,
                                table.sheet), hint='Skriv Ja under "Egen rapport" för de nämnder som ska få en rapport.'))
    return units, problems


def _unknown_units(frame: pd.DataFrame, units: dict[str, Unit], table: RawTable) -> list[Problem]:
    return [
        Problem("inställning-ogiltig",
                f'Rapportenheten "{row["unit"]}" finns inte på bladet Rapportenheter.',
                table.location(int(row["rad"]), "rapportenhet"),
                hint="Lägg till enheten på bladet Rapportenheter eller rätta koden.")
        for _, row in frame.iterrows() if row["unit"] not in units
    ]
