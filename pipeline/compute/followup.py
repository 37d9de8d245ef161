"""The follow-up sections as context rows, and the sentences that count their statuses.

Pure functions on typed frames and settings. Words are chosen by value: singular and plural,
"Inga" for none, "samtliga" for all; counts are digits as in the reference, except the results of
the internal controls ("fyra av kontrollerna"), which are words up to twelve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipeline.compute.period import Period
from pipeline.compute.sentences import genitive
from pipeline.numbers import listing
from pipeline.settings.followup import (DEVIATION, MINOR_DEVIATION, NO_DEVIATION, NOT_DONE, OFF_TRACK, ON_TRACK,
                                        PARTLY, FollowUpSettings, status_key)

GOAL_PHRASES = {ON_TRACK: "på rätt väg", PARTLY: "delvis på rätt väg", OFF_TRACK: "på fel väg"}
NUMBER_WORDS = ("inga", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv")
DEFAULT_PREVIOUS_REPORT = "föregående rapport"
_GOAL_NUMBER = re.compile(r"^\s*mål\s*(\d+[a-z]?)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Status labels
# ---------------------------------------------------------------------------------------------
def status_context(label: str, settings: FollowUpSettings) -> dict[str, str]:
    """'delvis på rätt väg' -> {text: 'Delvis på rätt väg', symbol: '●', farg: 'F2C12E'}.

    The text is the settings' spelling; an unknown label keeps its own text, without symbol or colour.
    """
    style = settings.statuses.get(status_key(label))
    if style is None:
        return {"text": " ".join(str(label).split()), "symbol": "", "farg": ""}
    return {"text": style.text, "symbol": style.symbol, "farg": style.farg}


def goal_number(title: str) -> str | None:
    """'Mål 21: Ökat medarbetarengagemang' -> '21'; a title without 'Mål N' -> None."""
    match = _GOAL_NUMBER.match(title)
    return match.group(1).lower() if match else None


# ---------------------------------------------------------------------------------------------
# Context rows
# ---------------------------------------------------------------------------------------------
def paragraphs(text: str) -> str:
    """A cell's text with paragraphs separated by exactly one blank line."""
    lines = [line.rstrip() for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    parts, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            parts.append("\n".join(current))
            current = []
    if current:
        parts.append("\n".join(current))
    return "\n\n".join(parts)


def in_section(frame: pd.DataFrame, sections: dict[str, tuple[str, ...]], part: str) -> pd.DataFrame:
    """The rows of one part of the report; a blank Avsnitt belongs to the first part."""
    first = next(iter(sections))
    codes = set(sections[part])
    mask = frame["avsnitt"].isin(codes) | ((frame["avsnitt"] == "") & (part == first))
    return frame[mask]


def goal_rows(goals: pd.DataFrame, settings: FollowUpSettings) -> list[dict]:
    """Section 4 (or 5) goals: kommunens_uppgift (with ny_uppgift on the first of a run), mal, nummer,
    analys, status and status_foregaende ({text, symbol, farg}, or None when not given)."""
    rows, previous_task = [], None
    for goal in goals.itertuples():
        rows.append({
            "kommunens_uppgift": goal.kommunens_uppgift,
            "ny_uppgift": goal.kommunens_uppgift != previous_task,
            "mal": goal.mal,
            "nummer": goal_number(goal.mal) or "",
            "analys": paragraphs(goal.analys),
            "status": status_context(goal.status, settings),
            "status_foregaende": (status_context(goal.status_foregaende, settings)
                                  if goal.status_foregaende else None),
        })
        previous_task = goal.kommunens_uppgift
    return rows


SUBHEADING_MAX = 60                         # characters: a longer line is a sentence, not a heading
_SENTENCE_END = tuple(".!?:;,…")


def headed_paragraphs(text: str) -> list[dict[str, str]]:
    """A cell's paragraphs, each {rubrik, text}: a sub-heading ("HR och lön") has only `rubrik`,
    any other paragraph only `text`. A sub-heading is a paragraph of one short line (at most
    SUBHEADING_MAX characters) that does not end like a sentence and has a paragraph after it."""
    parts = [part for part in paragraphs(text).split("\n\n") if part.strip()]
    found = []
    for index, part in enumerate(parts):
        line = part.strip()
        heading = ("\n" not in line and len(line) <= SUBHEADING_MAX and not line.endswith(_SENTENCE_END)
                   and index + 1 < len(parts))
        found.append({"rubrik": line, "text": ""} if heading else {"rubrik": "", "text": part})
    return found


def priority_rows(priorities: pd.DataFrame, settings: FollowUpSettings) -> list[dict]:
    """prioritering, kommentar (paragraphs), stycken (the same paragraphs, sub-headings marked:
    `headed_paragraphs`), status."""
    return [{"prioritering": p.prioritering, "kommentar": paragraphs(p.kommentar),
             "stycken": headed_paragraphs(p.kommentar),
             "status": status_context(p.status, settings)} for p in priorities.itertuples()]


def assignment_rows(assignments: pd.DataFrame, settings: FollowUpSettings) -> list[dict]:
    """typ (with ny_typ on the first of a run), uppdrag, kommentar, status ({…} or None)."""
    rows, previous_type = [], None
    for a in assignments.itertuples():
        rows.append({"typ": a.typ, "ny_typ": a.typ != previous_type, "uppdrag": a.uppdrag,
                     "kommentar": paragraphs(a.kommentar),
                     "status": status_context(a.status, settings) if a.status else None})
        previous_type = a.typ
    return rows


def control_rows(controls: pd.DataFrame, settings: FollowUpSettings) -> list[dict]:
    """One row per control: risk and its description (the risk's first non-blank one) on every row,
    ny_risk on the risk's first row, kontroll, resultat {text, symbol, farg}, kommentar."""
    descriptions = _risk_descriptions(controls)
    rows, previous = [], None
    for c in controls.itertuples():
        key = status_key(c.risk)
        rows.append({"risk": c.risk, "riskbeskrivning": descriptions.get(key, ""), "ny_risk": key != previous,
                     "kontroll": c.kontroll, "resultat": status_context(c.resultat, settings),
                     "kommentar": paragraphs(c.kommentar)})
        previous = key
    return rows


def risk_groups(rows: list[dict]) -> list[dict]:
    """The control rows grouped by risk, in order of first appearance:
    [{risk, riskbeskrivning, kontroller: [{kontroll, resultat, kommentar}]}]."""
    groups: dict[str, dict] = {}
    for row in rows:
        group = groups.setdefault(status_key(row["risk"]), {
            "risk": row["risk"], "riskbeskrivning": row["riskbeskrivning"], "kontroller": []})
        group["kontroller"].append({k: row[k] for k in ("kontroll", "resultat", "kommentar")})
    return list(groups.values())


def _risk_descriptions(controls: pd.DataFrame) -> dict[str, str]:
    found: dict[str, str] = {}
    for c in controls.itertuples():
        if c.riskbeskrivning and status_key(c.risk) not in found:
            found[status_key(c.risk)] = paragraphs(c.riskbeskrivning)
    return found


# ---------------------------------------------------------------------------------------------
# Goal statuses
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalCounts:
    on_track: int = 0
    partly: int = 0
    off_track: int = 0

    @property
    def total(self) -> int:
        return self.on_track + self.partly + self.off_track


@dataclass(frozen=True)
class StatusChange:
    goal: str              # the goal's title
    before: str            # kind: ON_TRACK, PARTLY or OFF_TRACK
    after: str


def goal_counts(statuses: pd.Series, kinds: dict[str, str]) -> GoalCounts:
    """Counts of each kind; labels the settings do not know are not counted (they are problems)."""
    found = statuses.map(status_key).map(kinds).value_counts()
    return GoalCounts(int(found.get(ON_TRACK, 0)), int(found.get(PARTLY, 0)), int(found.get(OFF_TRACK, 0)))


def status_changes(goals: pd.DataFrame, kinds: dict[str, str]) -> tuple[list[StatusChange], int]:
    """Goals whose kind differs from the previous report's, and how many goals had a previous status."""
    before = goals["status_foregaende"].map(status_key).map(kinds)
    after = goals["status"].map(status_key).map(kinds)
    compared = before.notna() & after.notna()
    changed = compared & (before != after)
    changes = [StatusChange(title, b, a) for title, b, a in
               zip(goals.loc[changed, "mal"], before[changed], after[changed])]
    return changes, int(compared.sum())


def goal_status_sentence(counts: GoalCounts) -> str:
    """'Bedömningen är att 7 av målen är på rätt väg för måluppfyllelse och 4 mål är delvis på rätt väg.
    Inga av målen bedöms vara på fel väg.'"""
    total = counts.total
    if total == 0:
        return ""
    for kind, count in ((ON_TRACK, counts.on_track), (PARTLY, counts.partly), (OFF_TRACK, counts.off_track)):
        if count == total:
            every = "målet" if total == 1 else f"samtliga {total} mål"
            purpose = "" if kind == OFF_TRACK else " för måluppfyllelse"
            return f"Bedömningen är att {every} är {GOAL_PHRASES[kind]}{purpose}."
    clauses = []
    if counts.on_track:
        clauses.append(f"{counts.on_track} av målen är på rätt väg för måluppfyllelse")
    if counts.partly:
        clauses.append(f"{counts.partly} mål är delvis på rätt väg" if clauses
                       else f"{counts.partly} av målen är delvis på rätt väg för måluppfyllelse")
    off = ("Inga av målen" if counts.off_track == 0 else f"{counts.off_track} av målen") + \
        " bedöms vara på fel väg."
    return "Bedömningen är att " + " och ".join(clauses) + ". " + off


def goal_comparison_sentence(changes: list[StatusChange], compared: int, previous_report: str) -> str:
    """'Bedömningen är oförändrad jämfört med tertialrapporten i april.', or which goals changed;
    empty when no goal has a previous status."""
    if compared == 0:
        return ""
    previous = previous_report or DEFAULT_PREVIOUS_REPORT
    if not changes:
        return f"Bedömningen är oförändrad jämfört med {previous}."
    items = [f"{_goal_name(c.goal)} nu bedöms vara {GOAL_PHRASES[c.after]} (tidigare {GOAL_PHRASES[c.before]})"
             for c in changes]
    word = "Förändringen" if len(changes) == 1 else "Förändringarna"
    return f"{word} jämfört med {previous} är att {listing(items, 'att ')}."


def _goal_name(title: str) -> str:
    number = goal_number(title)
    return f"mål {number}" if number else f'målet "{title}"'


# ---------------------------------------------------------------------------------------------
# Internal control
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ControlCounts:
    controls: int = 0
    risks: int = 0
    no_deviation: int = 0
    minor_deviation: int = 0
    deviation: int = 0
    not_done: int = 0

    @property
    def done(self) -> int:
        return self.no_deviation + self.minor_deviation + self.deviation


def control_counts(controls: pd.DataFrame, kinds: dict[str, str]) -> ControlCounts:
    found = controls["resultat"].map(status_key).map(kinds).value_counts()
    risks = controls["risk"].map(status_key)
    return ControlCounts(len(controls), int(risks[risks != ""].nunique()), int(found.get(NO_DEVIATION, 0)),
                         int(found.get(MINOR_DEVIATION, 0)), int(found.get(DEVIATION, 0)),
                         int(found.get(NOT_DONE, 0)))


def so_far(period: Period) -> str:
    """'fram till delåret', 'fram till tertialet' or 'under året' (year-end)."""
    if period.is_year_end:
        return "under året"
    return "fram till tertialet" if period.month == 4 else "fram till delåret"


def internal_control_sentence(unit_name: str, counts: ControlCounts, until: str) -> str:
    """'Kommunstyrelsens internkontrollplan för året innefattar 10 kontroller inom 6 riskområden. 8 av
    kontrollerna har genomförts fram till delåret där fyra av kontrollerna visar ingen avvikelse och fyra
    av kontrollerna visar en mindre avvikelse.'"""
    owner, n = genitive(unit_name), counts.controls
    if n == 0:
        return f"{owner} internkontrollplan för året innehåller inga kontroller."
    plan = (f"{owner} internkontrollplan för året innefattar {n} {'kontroll' if n == 1 else 'kontroller'} "
            f"inom {counts.risks} {'riskområde' if counts.risks == 1 else 'riskområden'}.")
    done = counts.done
    if done == 0:
        nothing = "Kontrollen har inte genomförts" if n == 1 else "Ingen av kontrollerna har genomförts"
        return f"{plan} {nothing} {until}."
    if n == 1:
        subject = "Kontrollen har genomförts"
    elif done == n:
        subject = "Samtliga kontroller har genomförts"
    else:
        subject = f"{done} av kontrollerna har genomförts"
    results = [(kind, k, text) for kind, k, text in (
        (NO_DEVIATION, counts.no_deviation, "visar ingen avvikelse"),
        (MINOR_DEVIATION, counts.minor_deviation, "visar en mindre avvikelse"),
        (DEVIATION, counts.deviation, "visar en avvikelse")) if k]
    if len(results) == 1:
        kind, _, text = results[0]
        if done == 1:
            outcome = f"och den {text}"
        elif kind == NO_DEVIATION:
            outcome = "och ingen av dem visar någon avvikelse"
        else:
            outcome = f"och alla {text}"
    else:
        outcome = "där " + listing([f"{_word(k)} av kontrollerna {text}" for _, k, text in results])
    return f"{plan} {subject} {until} {outcome}."


def _word(count: int) -> str:
    return NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
