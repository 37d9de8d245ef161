"""The follow-up stage: goals, prioriterade satsningar, riktade uppdrag, internkontroll and the
organisation's Word texts, ready for the template context (docs/report-context.md, [followup]).

Call from the orchestrator after the period is known:

    followup, found = followup_stage(inputs, settings, period, rules.units[unit].name)
    problems += found

and in the context (`pipeline/render/output.py:report_context`):

    context.update(followup.context())            # avsnitt, mal, satsningar, medarbetarsatsningar,
                                                  # uppdrag, internkontroll, risker
    context["texter"].update(followup.texter)     # malstatus, internkontroll

`avsnitt` holds Paths (or None); the renderer turns each Path into a docxtpl subdocument
(`template.new_subdoc(str(path))`). Section 5's goal analyses and statuses come from
`followup.staff_goal(heading)` for each staff goal heading ("Mål 21: …"), matched on the goal number.
Every export is optional: one that is not configured gives empty lists and empty sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.compute import followup as fu
from pipeline.compute.period import Period
from pipeline.problems import Problem
from pipeline.read.catalog import ASSIGNMENTS, FOLLOWUP_EXPORTS, GOALS, INTERNAL_CONTROL, PRIORITIES
from pipeline.read.inputs import Inputs
from pipeline.settings import Settings
from pipeline.validate import exports
from pipeline.validate import followup as checks


@dataclass
class FollowUp:
    """Everything the follow-up sections of the template need, as plain lists of dicts and text.

    mal / medarbetarmal: {kommunens_uppgift, ny_uppgift, mal, nummer, analys, status, status_foregaende}
    satsningar / medarbetarsatsningar: {prioritering, kommentar, status}
    uppdrag: {typ, ny_typ, uppdrag, kommentar, status (or None)}
    internkontroll: {risk, riskbeskrivning, ny_risk, kontroll, resultat, kommentar}
    risker: the same controls grouped: {risk, riskbeskrivning, kontroller: [{kontroll, resultat, kommentar}]}
    status / resultat: {text, symbol, farg (hex RRGGBB)}. Texts: paragraphs separated by a blank line.
    """

    mal: list[dict] = field(default_factory=list)
    medarbetarmal: list[dict] = field(default_factory=list)
    satsningar: list[dict] = field(default_factory=list)
    medarbetarsatsningar: list[dict] = field(default_factory=list)
    uppdrag: list[dict] = field(default_factory=list)
    internkontroll: list[dict] = field(default_factory=list)
    risker: list[dict] = field(default_factory=list)
    texter: dict[str, str] = field(default_factory=lambda: {"malstatus": "", "internkontroll": ""})
    avsnitt: dict[str, Path | None] = field(default_factory=dict)
    goal_counts: fu.GoalCounts = field(default_factory=fu.GoalCounts)
    control_counts: fu.ControlCounts = field(default_factory=fu.ControlCounts)

    def context(self) -> dict:
        """The template keys of this stage (docs/report-context.md), except `texter`."""
        return {"avsnitt": dict(self.avsnitt), "mal": self.mal, "satsningar": self.satsningar,
                "medarbetarsatsningar": self.medarbetarsatsningar, "uppdrag": self.uppdrag,
                "internkontroll": self.internkontroll, "risker": self.risker}

    def staff_goal(self, heading: str) -> dict | None:
        """The section-5 goal whose number matches `heading` ('Mål 21: Ökat …'), or None."""
        number = fu.goal_number(heading)
        return next((g for g in self.medarbetarmal if number and g["nummer"] == number), None)


def followup_stage(inputs: Inputs, settings: Settings, period: Period,
                   unit_name: str) -> tuple[FollowUp, list[Problem]]:
    """Validate the follow-up exports and build the section rows and sentences.

    `unit_name` is the reported nämnd ("Kommunstyrelsen"), for "Kommunstyrelsens internkontrollplan …".
    Returns the FollowUp even when there are problems (rows with unknown statuses keep their own
    text and are not counted); the problems decide whether the report is written.
    """
    fs = settings.followup
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame | None] = {}
    for contract in FOLLOWUP_EXPORTS:
        source = settings.sources.get(contract.name)
        if source is None:
            typed[contract.name] = None
            continue
        typed[contract.name], found = exports.typed_export(inputs.exports.get(contract.name, []), contract, source)
        problems += found

    def tables(name: str):
        return inputs.exports.get(name, [])

    result = FollowUp(avsnitt=dict(inputs.texts))
    goals = typed[GOALS.name]
    if goals is not None:
        problems += checks.goal_problems(goals, fs, tables(GOALS.name))
        main = fu.in_section(goals, fs.goal_sections, "verksamhetsmal")
        result.mal = fu.goal_rows(main, fs)
        result.medarbetarmal = fu.goal_rows(fu.in_section(goals, fs.goal_sections, "medarbetarmal"), fs)
        result.goal_counts = fu.goal_counts(main["status"], fs.goal_kinds)
        changes, compared = fu.status_changes(main, fs.goal_kinds)
        result.texter["malstatus"] = " ".join(t for t in (
            fu.goal_status_sentence(result.goal_counts),
            fu.goal_comparison_sentence(changes, compared, fs.previous_report)) if t)
    priorities = typed[PRIORITIES.name]
    if priorities is not None:
        problems += checks.priority_problems(priorities, fs, tables(PRIORITIES.name))
        result.satsningar = fu.priority_rows(fu.in_section(priorities, fs.priority_sections, "satsningar"), fs)
        result.medarbetarsatsningar = fu.priority_rows(
            fu.in_section(priorities, fs.priority_sections, "medarbetarsatsningar"), fs)
    assignments = typed[ASSIGNMENTS.name]
    if assignments is not None:
        problems += checks.assignment_problems(assignments, fs, tables(ASSIGNMENTS.name))
        result.uppdrag = fu.assignment_rows(assignments, fs)
    controls = typed[INTERNAL_CONTROL.name]
    if controls is not None:
        problems += checks.control_problems(controls, fs, tables(INTERNAL_CONTROL.name))
        result.internkontroll = fu.control_rows(controls, fs)
        result.risker = fu.risk_groups(result.internkontroll)
        result.control_counts = fu.control_counts(controls, fs.control_kinds)
        result.texter["internkontroll"] = fu.internal_control_sentence(
            unit_name, result.control_counts, fu.so_far(period))
    return result, problems
