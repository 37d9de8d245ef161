"""Checks on the follow-up exports (målbedömning, satsningar, uppdrag, internkontroll).

The typed frames come from `validate.exports.typed_export`, which already reports missing
required cells; here: statuses the settings do not know, Avsnitt values that belong to no part
of the report, goals without analysis, and a risk described differently on two rows.
"""

from __future__ import annotations

import pandas as pd

from pipeline.settings.followup import FollowUpSettings, status_key
from pipeline.problems import Problem, Severity
from pipeline.read.raw_table import RawTable
from pipeline.validate.cells import located

SETTINGS_FILE = "installningar/rapport.toml"


def goal_problems(goals: pd.DataFrame, settings: FollowUpSettings, tables: list[RawTable]) -> list[Problem]:
    known = _labels(settings, settings.goal_kinds)
    hint = (f"Skriv en av dem, eller lägg till statusen under [status.etiketter] och i en av grupperna "
            f"under [status.mal] i {SETTINGS_FILE}.")
    problems = _unknown_status(goals, "status", set(settings.goal_kinds), tables, "målen", known, hint)
    problems += _unknown_status(goals, "status_foregaende", set(settings.goal_kinds), tables, "målen", known,
                                hint)
    problems += _unknown_section(goals, settings.goal_sections, "mal", tables)
    no_analysis = (goals["analys"] == "") & (goals["mal"] != "")
    problems += _at_rows(goals, no_analysis, tables, "analys", "analys-saknas",
                         "Målet saknar analys; det skrivs utan analys i rapporten.",
                         "Skriv analysen i uppföljningssystemet och exportera igen.", Severity.WARNING)
    return problems


def priority_problems(priorities: pd.DataFrame, settings: FollowUpSettings,
                      tables: list[RawTable]) -> list[Problem]:
    hint = f"Skriv en av dem, eller lägg till statusen under [status.etiketter] i {SETTINGS_FILE}."
    problems = _unknown_status(priorities, "status", set(settings.statuses), tables, "satsningarna",
                               _labels(settings), hint)
    problems += _unknown_section(priorities, settings.priority_sections, "satsningar", tables)
    return problems


def assignment_problems(assignments: pd.DataFrame, settings: FollowUpSettings,
                        tables: list[RawTable]) -> list[Problem]:
    hint = f"Skriv en av dem, eller lägg till statusen under [status.etiketter] i {SETTINGS_FILE}."
    return _unknown_status(assignments, "status", set(settings.statuses), tables, "uppdragen",
                           _labels(settings), hint)


def control_problems(controls: pd.DataFrame, settings: FollowUpSettings,
                     tables: list[RawTable]) -> list[Problem]:
    known = _labels(settings, settings.control_kinds)
    hint = (f"Skriv ett av dem, eller lägg till resultatet under [status.etiketter] och i en av grupperna "
            f"under [status.internkontroll] i {SETTINGS_FILE}.")
    problems = _unknown_status(controls, "resultat", set(settings.control_kinds), tables, "internkontrollen",
                               known, hint, what="Resultatet", unknown="okänt")
    return problems + _risk_described_twice(controls, tables)


def _labels(settings: FollowUpSettings, keys=None) -> str:
    labels = settings.known_labels(keys)
    return ", ".join(f'"{label}"' for label in labels) if labels else "(inga)"


def _table_of(tables: list[RawTable], file: str) -> RawTable:
    return next(t for t in tables if t.file == file)


def _at_rows(frame: pd.DataFrame, mask: pd.Series, tables: list[RawTable], field: str, rule: str,
             message, hint: str, severity: Severity = Severity.ERROR) -> list[Problem]:
    problems = []
    for file, group in frame[mask].groupby("fil", sort=True):
        found = located(_table_of(tables, file), field, pd.Index(group["rad"]), rule, message, hint,
                        values=group.set_index("rad")[field])
        problems += [Problem(p.rule, p.message, p.location, severity, p.hint) for p in found]
    return problems


def _unknown_status(frame: pd.DataFrame, field: str, known: set[str], tables: list[RawTable], items: str,
                    labels: str, hint: str, what: str = "Statusen", unknown: str = "okänd") -> list[Problem]:
    keys = frame[field].map(status_key)
    mask = ~keys.isin(known) & (keys != "")    # a blank required cell is already "värde-saknas"
    return _at_rows(frame, mask, tables, field, "status-okänd",
                    lambda v: f'{what} "{v}" är {unknown}. Kända för {items}: {labels}.', hint)


def _unknown_section(frame: pd.DataFrame, sections: dict[str, tuple[str, ...]], source: str,
                     tables: list[RawTable]) -> list[Problem]:
    codes = {code for values in sections.values() for code in values}
    unknown = ~frame["avsnitt"].isin(codes) & (frame["avsnitt"] != "")
    listing = ", ".join(f'"{c}" ({part})' for part, values in sections.items() for c in values)
    return _at_rows(frame, unknown, tables, "avsnitt", "avsnitt-okänt",
                    lambda v: f'Avsnittet "{v}" hör inte till någon del av rapporten (kända: {listing}).',
                    f"Rätta avsnittet, eller lägg till det under [kallor.{source}.avsnitt] i {SETTINGS_FILE}.")


def _risk_described_twice(controls: pd.DataFrame, tables: list[RawTable]) -> list[Problem]:
    """A risk repeated on its control rows should carry one description; a later differing one is ignored."""
    described = controls[controls["riskbeskrivning"] != ""]
    risk = described["risk"].map(status_key)
    first = described.groupby(risk, sort=False)["riskbeskrivning"].transform("first")
    differs = described["riskbeskrivning"].map(_words) != first.map(_words)
    mask = controls.index.isin(described.index[differs])
    return _at_rows(controls, pd.Series(mask, index=controls.index), tables, "riskbeskrivning",
                    "riskbeskrivning-olika",
                    "Risken har en annan beskrivning här än på sin första rad; den första används.",
                    "Skriv samma beskrivning på alla rader för risken, eller lämna de senare tomma.",
                    Severity.WARNING)


def _words(text: str) -> str:
    return " ".join(text.split())
