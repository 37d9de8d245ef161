"""Settings for the follow-up sections (rapport.toml `[texter]`, `[status]`, `[kallor.mal.avsnitt]`,
`[kallor.satsningar.avsnitt]`), parsed into plain records.

Pure: takes the parsed TOML dict as `pipeline.settings.schema` checked it (every value of the right
type, unknown keys left out), returns settings and problems. Labels are matched without
regard to case or repeated spaces (`status_key`); the printed text is the settings' spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.problems import Location, Problem

# What a label means, for the sentences that count them. Keys as written in rapport.toml.
ON_TRACK, PARTLY, OFF_TRACK = "pa_ratt_vag", "delvis", "fel_vag"
GOAL_KINDS = (ON_TRACK, PARTLY, OFF_TRACK)
NO_DEVIATION, MINOR_DEVIATION, DEVIATION, NOT_DONE = ("utan_avvikelse", "mindre_avvikelse", "med_avvikelse",
                                                     "ej_genomford")
CONTROL_KINDS = (NO_DEVIATION, MINOR_DEVIATION, DEVIATION, NOT_DONE)

# Which value in the export's Avsnitt column puts a row in which part of the report.
GOAL_SECTIONS = {"verksamhetsmal": ("4",), "medarbetarmal": ("5",)}
PRIORITY_SECTIONS = {"satsningar": ("4.1",), "medarbetarsatsningar": ("5.5",)}

DEFAULT_SYMBOL = "●"
_HEX = re.compile(r"[0-9A-Fa-f]{6}")
_KEY = re.compile(r"[a-z_][a-z0-9_]*")


def status_key(label: str) -> str:
    """'  På rätt  väg ' -> 'på rätt väg': how labels are compared."""
    return " ".join(str(label).split()).casefold()


@dataclass(frozen=True)
class StatusStyle:
    text: str                     # the label as written in the settings (printed)
    symbol: str                   # e.g. "●"
    farg: str                     # hex RRGGBB, no "#"


@dataclass(frozen=True)
class FollowUpSettings:
    """Where the organisation's texts are and how the follow-up exports' statuses are read."""

    texts: dict[str, str] = field(default_factory=dict)              # section key -> path in the input folder
    statuses: dict[str, StatusStyle] = field(default_factory=dict)   # status_key -> style
    goal_kinds: dict[str, str] = field(default_factory=dict)         # status_key -> ON_TRACK/PARTLY/OFF_TRACK
    control_kinds: dict[str, str] = field(default_factory=dict)      # status_key -> one of CONTROL_KINDS
    goal_sections: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(GOAL_SECTIONS))
    priority_sections: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(PRIORITY_SECTIONS))

    def known_labels(self, keys=None) -> list[str]:
        """The labels (as printed) of `keys`, or of every status, in settings order."""
        return [s.text for k, s in self.statuses.items() if keys is None or k in keys]


def followup_settings(data: dict, where: Location, reported: Callable[..., bool] = lambda *path: False
                      ) -> tuple[FollowUpSettings, list[Problem]]:
    """`[texter]`, `[status]` and the Avsnitt codes of `[kallor.mal]` / `[kallor.satsningar]`.
    `reported(*path)`: a wrong value there was reported by the schema check (not missing)."""
    problems: list[Problem] = []
    texts, found = _texts(data.get("texter", {}), where)
    problems += found
    status = data.get("status", {})
    statuses, found = _styles(status.get("etiketter", {}), where, reported)
    problems += found
    goal_kinds, found = _kinds(status.get("mal", {}), "mal", GOAL_KINDS, statuses, where)
    problems += found
    control_kinds, found = _kinds(status.get("internkontroll", {}), "internkontroll", CONTROL_KINDS, statuses, where)
    problems += found
    kallor = data.get("kallor", {})
    goal_sections, found = _sections(kallor.get("mal", {}), "mal", GOAL_SECTIONS, where)
    problems += found
    priority_sections, found = _sections(kallor.get("satsningar", {}), "satsningar", PRIORITY_SECTIONS, where)
    problems += found
    problems += _missing_status_settings(kallor, statuses, goal_kinds, control_kinds, where, reported)
    return FollowUpSettings(
        texts=texts, statuses=statuses, goal_kinds=goal_kinds, control_kinds=control_kinds,
        goal_sections=goal_sections, priority_sections=priority_sections,
    ), problems


def _texts(section: dict, where: Location) -> tuple[dict[str, str], list[Problem]]:
    texts, problems = {}, []
    for key, value in section.items():
        if not _KEY.fullmatch(key):
            problems.append(Problem(
                "inställning-ogiltig", f'[texter] "{key}" är inget giltigt namn på ett avsnitt.', where,
                hint="Använd små bokstäver a–z, siffror och understreck, t.ex. vasentliga_handelser, "
                     "så att mallen kan skriva {{ avsnitt.vasentliga_handelser }}."))
            continue
        path = value.strip()
        if not path:
            problems.append(Problem("inställning-ogiltig", f"[texter] {key} anger ingen fil.", where,
                                    hint=f'Skriv sökvägen till Word-filen, t.ex. {key} = "texter/{key}.docx".'))
            continue
        texts[key] = path
    return texts, problems


def _styles(section: dict, where: Location, reported: Callable[..., bool]
            ) -> tuple[dict[str, StatusStyle], list[Problem]]:
    styles, problems = {}, []
    for label, style in section.items():
        colour = style.get("farg", "").strip().lstrip("#")
        if not _HEX.fullmatch(colour):
            if not reported("status", "etiketter", label, "farg"):
                problems.append(Problem(
                    "inställning-ogiltig",
                    f'[status.etiketter] "{label}": färgen "{style.get("farg", "")}" är ingen färgkod.', where,
                    hint='Ange färgen som sex hexadecimala tecken, t.ex. farg = "3A8A3A" (grön).'))
            colour = ""
        styles[status_key(label)] = StatusStyle(" ".join(label.split()), style.get("symbol", DEFAULT_SYMBOL),
                                                colour.upper())
    return styles, problems


def _kinds(section: dict, table: str, kinds: tuple[str, ...], statuses: dict[str, StatusStyle],
           where: Location) -> tuple[dict[str, str], list[Problem]]:
    """Label -> kind from `[status.<table>]`, e.g. pa_ratt_vag = ["På rätt väg"]."""
    by_label, problems = {}, []
    for kind in kinds:
        for label in section.get(kind, []):
            key = status_key(label)
            if key in by_label and by_label[key] != kind:
                problems.append(Problem(
                    "inställning-ogiltig",
                    f'[status.{table}] "{label}" står både under {by_label[key]} och {kind}.', where,
                    hint="En status kan bara höra till en grupp: ta bort den ena."))
                continue
            if key not in statuses:
                problems.append(Problem(
                    "inställning-saknas",
                    f'[status.{table}] "{label}" saknas under [status.etiketter].', where,
                    hint=f'Lägg till "{label}" = {{ symbol = "●", farg = "RRGGBB" }} under [status.etiketter].'))
            by_label[key] = kind
    return by_label, problems


def _sections(source: dict, table: str, defaults: dict[str, tuple[str, ...]],
              where: Location) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    section = source.get("avsnitt", {})
    problems = []
    codes = {part: tuple(v.strip() for v in section.get(part, default)) for part, default in defaults.items()}
    seen: dict[str, str] = {}
    for part, values in codes.items():
        for code in values:
            if code in seen:
                problems.append(Problem(
                    "inställning-ogiltig",
                    f'[kallor.{table}.avsnitt] avsnitt "{code}" står både under {seen[code]} och {part}.', where,
                    hint="Ett avsnitt kan bara höra till en del av rapporten."))
            seen[code] = part
    return codes, problems


def _missing_status_settings(kallor: dict, statuses: dict, goal_kinds: dict, control_kinds: dict,
                             where: Location, reported: Callable[..., bool]) -> list[Problem]:
    """A configured follow-up export whose statuses the settings cannot read."""
    problems = []
    uses_status = [name for name in ("mal", "satsningar", "internkontroll") if name in kallor]
    if uses_status and not statuses and not reported("status", "etiketter"):
        problems.append(Problem(
            "inställning-saknas", "Avsnittet [status.etiketter] saknas.", where,
            hint="Lägg till statusarnas texter, symboler och färger under [status.etiketter] "
                 "(se programmets exempel-rapport.toml)."))
    for name, kinds in (("mal", goal_kinds), ("internkontroll", control_kinds)):
        if name in kallor and not kinds and not reported("status", name):
            problems.append(Problem(
                "inställning-saknas", f"Avsnittet [status.{name}] saknas.", where,
                hint=f"Ange under [status.{name}] vilka statusar som hör till vilken grupp "
                     "(se programmets exempel-rapport.toml)."))
    return problems
