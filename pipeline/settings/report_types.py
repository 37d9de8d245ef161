"""Report types: which report a month's close gives, its name, its file and its Word template.

rapport.toml may hold `[rapporttyper.<id>]` tables (namn, manader, fil, mall); each overrides the
keys it names of a default type, or adds a type of its own. Without them the defaults apply:

    manadsuppfoljning  Månadsuppföljning  every month but April, August and December (lighter:
                                          the economy sections and the forecast)
    tertialrapport     Tertialrapport     April
    delarsrapport      Delårsrapport      August
    arsredovisning     Årsredovisning     December (domain.md: årsredovisning/bokslut)

A month a configured type names is taken from the default type that had it; two configured types
naming the same month, or a month no type has, is an error. Pure: takes the parsed TOML dict as
`pipeline.settings.schema` checked it (every value of the right type, unknown keys left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.problems import Location, Problem

MONTHS = tuple(range(1, 13))
# `[rapport] jamfor_med`: no comparison with a previous report (pipeline/compute/previous.py).
NO_COMPARISON = "ingen"
_PERIOD = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
# The shipped full template: what a type added in rapport.toml uses when it names no template.
FULL_TEMPLATE = "delarsrapport.docx"
# The memo's file, written beside the report (pipeline.render.documents.MEMO_FILE).
RESERVED_FILES = ("tjansteskrivelse.docx",)


@dataclass(frozen=True)
class ReportType:
    key: str                        # "delarsrapport": the id in [rapporttyper.<id>]
    namn: str                       # "Delårsrapport": the report's name in its title
    manader: tuple[int, ...]        # the months whose close gives this report
    fil: str                        # "delarsrapport.docx": the report's file in the output folder
    mall: str = ""                  # the type's own template (relative to installningar/); "" = none
    standardmall: str = FULL_TEMPLATE   # the shipped template used when no template is configured
    bestamd_form: str = ""          # the name in a sentence, "delårsbokslutet"; "" = made from namn


DEFAULT_TYPES = (
    ReportType("manadsuppfoljning", "Månadsuppföljning", (1, 2, 3, 5, 6, 7, 9, 10, 11),
               "manadsuppfoljning.docx", standardmall="manadsuppfoljning.docx"),
    ReportType("tertialrapport", "Tertialrapport", (4,), "tertialrapport.docx",
               standardmall="tertialrapport.docx"),
    ReportType("delarsrapport", "Delårsrapport", (8,), "delarsrapport.docx",
               standardmall="delarsrapport.docx"),
    ReportType("arsredovisning", "Årsredovisning", (12,), "arsredovisning.docx",
               standardmall="arsredovisning.docx"),
)
DEFAULT_KEYS = tuple(t.key for t in DEFAULT_TYPES)


@dataclass(frozen=True)
class ReportTypes:
    types: tuple[ReportType, ...] = DEFAULT_TYPES

    def for_month(self, month: int) -> ReportType:
        """The type of the report after `month`'s close (the defaults' when the settings left a
        month without one: that was reported as an error)."""
        for kind in (*self.types, *DEFAULT_TYPES):
            if month in kind.manader:
                return kind
        raise ValueError(f"month {month} is not 1-12")


def report_types(data: dict, where: Location, reported: Callable[..., bool] = lambda *path: False
                 ) -> tuple[ReportTypes, list[Problem]]:
    """`[rapporttyper]` over the defaults. `reported(*path)`: a wrong value there was reported
    already by the schema check (not missing)."""
    configured = data.get("rapporttyper", {})
    problems: list[Problem] = []
    defaults = {t.key: t for t in DEFAULT_TYPES}
    types: dict[str, ReportType] = dict(defaults)
    claimed: dict[int, str] = {}                  # month -> the configured type naming it
    for key, table in configured.items():
        kind, found = _configured_type(key, table, defaults.get(key), where, reported)
        problems += found
        if kind is None:
            continue
        types[key] = kind
        if "manader" not in table:
            continue
        for month in dict.fromkeys(kind.manader):
            if month in claimed:
                problems.append(Problem(
                    "inställning-ogiltig",
                    f"Månad {month} finns i manader under både [rapporttyper.{claimed[month]}] och "
                    f"[rapporttyper.{key}]; varje månad ger en rapport.", where,
                    hint=f"Ta bort {month} ur manader i den ena av dem."))
            else:
                claimed[month] = key
    for key, kind in types.items():              # a default type loses the months taken from it
        if "manader" not in configured.get(key, {}):
            kind = replace(kind, manader=tuple(m for m in kind.manader if claimed.get(m, key) == key))
            types[key] = kind
    for month in MONTHS:
        if not any(month in kind.manader for kind in types.values()):
            problems.append(Problem(
                "inställning-ogiltig", f"Månad {month} har ingen rapporttyp under [rapporttyper].", where,
                hint=f"Lägg till {month} i manader under den rapporttyp som ska skrivas efter "
                     f"månadens bokslut, t.ex. manader = [{month}] under [rapporttyper.manadsuppfoljning]."))
    return ReportTypes(tuple(types.values())), problems


def _configured_type(key: str, table: dict, default: ReportType | None, where: Location,
                     reported: Callable[..., bool]) -> tuple[ReportType | None, list[Problem]]:
    problems = []
    if default is None:               # a type of the organisation's own: it must say everything
        missing = [name for name in ("namn", "manader", "fil")
                   if name not in table and not reported("rapporttyper", key, name)]
        for name in missing:
            problems.append(Problem(
                "inställning-saknas", f"[rapporttyper.{key}] anger inte {name}.", where,
                hint=f"Lägg till {_EXAMPLES[name]} under [rapporttyper.{key}], eller stava om "
                     f"avsnittet till en av programmets rapporttyper ({', '.join(DEFAULT_KEYS)})."))
        if missing or any(name not in table for name in ("namn", "manader", "fil")):
            return None, problems
        default = ReportType(key, "", (), "")
    namn = table.get("namn", default.namn).strip()
    if not namn:
        problems.append(Problem("inställning-ogiltig", f"[rapporttyper.{key}] namn är tomt.", where,
                                hint=f"Skriv rapportens namn, t.ex. {_EXAMPLES['namn']}."))
        namn = default.namn
    fil = table.get("fil", default.fil).strip()
    if not _is_report_file(fil):
        problems.append(Problem(
            "inställning-ogiltig",
            f'[rapporttyper.{key}] fil = "{fil}" är inte tillåtet: det ska vara ett filnamn som slutar på '
            f".docx, utan mapp, och inte {RESERVED_FILES[0]} (tjänsteskrivelsens fil).",
            where, hint=f"Skriv t.ex. {_EXAMPLES['fil']}."))
        fil = default.fil
    if not fil:
        return None, problems
    return replace(default, namn=namn, fil=fil, manader=tuple(table.get("manader", default.manader)),
                   mall=table.get("mall", default.mall).strip(),
                   bestamd_form=table.get("bestamd_form", "" if "namn" in table else default.bestamd_form).strip()
                   ), problems


_EXAMPLES = {"namn": 'namn = "Delårsrapport"', "manader": "manader = [8]", "fil": 'fil = "delarsrapport.docx"'}


def _is_report_file(name: str) -> bool:
    """A plain .docx file name for the output folder: no folder, not hidden, not a file every run
    writes beside the report."""
    return (name.lower().endswith(".docx") and len(name) > len(".docx") and not name.startswith(".")
            and not any(c in name for c in '/\\:') and name not in RESERVED_FILES)


def comparison_problems(value: str, types: ReportTypes, where: Location) -> list[Problem]:
    """`[rapport] jamfor_med`: "", "ingen", a period ÅÅÅÅ-MM or a report type's id."""
    ids = [kind.key for kind in types.types]
    if value in ("", NO_COMPARISON, *ids) or _PERIOD.fullmatch(value):
        return []
    return [Problem("inställning-ogiltig",
                    f'[rapport] jamfor_med = "{value}" är varken en period, en rapporttyp eller "{NO_COMPARISON}".',
                    where, hint='Skriv en period som "2023-04", en rapporttyp (' + ", ".join(ids) +
                                f') eller "{NO_COMPARISON}". Tomt = den senaste tidigare rapporten samma år '
                                "som inte är en månadsuppföljning.")]
