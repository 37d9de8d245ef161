"""Settings the ekonom edits (rapport.toml), parsed into plain records.

Pure: takes the parsed TOML dict, returns settings and problems. Reading the file is in
`pipeline.read.sources`. The dict is first held against the file's declared shape
(`pipeline.settings.schema`: wrong types and unknown keys); what follows reads only values of the
right type and checks what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.problems import Location, Problem
from pipeline.settings import schema
from pipeline.settings.followup import FollowUpSettings, followup_settings
from pipeline.settings.memo import MemoSettings, memo_settings
from pipeline.settings.report_types import ReportTypes, report_types
from pipeline.read.catalog import EXPORTS, FOLLOWUP_EXPORTS, HR_EXPORTS, SourceContract

SIGNS = {"debet_positiv": 1, "intakt_positiv": -1}     # factor to debit-positive
UNITS = {"kr": 100, "tkr": 100_000, "mnkr": 100_000_000}  # factor to öre


@dataclass(frozen=True)
class SourceSettings:
    name: str
    patterns: tuple[str, ...]
    sheet: str
    header_row: int
    sign: int                     # multiply by this to get debit positive
    ore_per_unit: int             # multiply by this to get öre
    sum_markers: tuple[str, ...]
    headers: dict[str, str]       # field -> heading in the file ("" = not in the file)


@dataclass(frozen=True)
class ReportSettings:
    kommun: str
    rapportenhet: str
    ovriga_enheter: tuple[str, ...]
    forvaltning: str
    arendenummer: str
    mall_rapport: str
    minustecken: str
    mall_tjansteskrivelse: str = ""          # Word template for the memo; "" = the shipped one


DEFAULT_LABELS = {
    "rr_rubrik": "Intäkter / Kostnader (mnkr)",
    "dr_rubrik": "Verksamhet (mnkr)",
    "investering_rubrik": "Investeringar {år} (mnkr)",
    "summa_intakter": "Summa intäkter",
    "summa_kostnader": "Summa kostnader",
    "summa_totalt": "Summa totalt (mnkr)",
    "totalt": "Totalt (mnkr)",
    "investering_totalt": "Totalt (mnkr)",
}


@dataclass(frozen=True)
class PersonnelSettings:
    """How the HR exports' codes are read and which choices the report makes."""

    forvaltning: str                       # the förvaltning whose staff the report shows
    women: frozenset[str]
    men: frozenset[str]
    permanent: frozenset[str]              # tillsvidare
    temporary: frozenset[str]              # visstid
    hourly: frozenset[str]                 # timavlönad
    reasons: frozenset[str]                # every known reason for leaving
    internal_reasons: frozenset[str]       # moves inside the municipality: not a departure
    retirement_reasons: frozenset[str]
    count_retirements: bool
    max_suppressed_group: int              # groups of at most this many employees are not shown


@dataclass(frozen=True)
class Settings:
    file: str
    report: ReportSettings
    sources: dict[str, SourceSettings]
    internal_motpart_prefixes: tuple[str, ...]
    warning_checks: frozenset[str] = field(default_factory=frozenset)
    labels: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))
    personnel: PersonnelSettings | None = None    # None: the municipality reports no staff section
    followup: FollowUpSettings = field(default_factory=FollowUpSettings)   # texts, statuses
    memo: MemoSettings | None = None              # [tjansteskrivelse]; None: no memo is written
    report_types: ReportTypes = field(default_factory=ReportTypes)   # [rapporttyper] over the defaults

    @property
    def units(self) -> tuple[str, ...]:
        return (self.report.rapportenhet, *self.report.ovriga_enheter)


def settings_from_toml(data: dict, file: str, text: str = "") -> tuple[Settings | None, list[Problem]]:
    """`data`: the file as tomllib read it; `text`: the file's text, for the line of a key in a problem."""
    check = schema.checked(data, file, text)
    data, reported = check.data, check.reported
    problems: list[Problem] = list(check.problems)
    where = Location(file)

    def setting(section: dict, key: str, path: str, default: str | None = None) -> str:
        value = section.get(key, default)
        if value is None:
            if not reported(*path.split(".")):
                problems.append(Problem("inställning-saknas", f'Inställningen "{path}" saknas.', where,
                                        hint=f'Lägg till raden {key} = "..." under [{path.rsplit(".", 1)[0]}].'))
            return ""
        return value

    rapport = data.get("rapport", {})
    report = ReportSettings(
        kommun=setting(rapport, "kommun", "rapport.kommun"),
        rapportenhet=setting(rapport, "rapportenhet", "rapport.rapportenhet"),
        ovriga_enheter=tuple(rapport.get("ovriga_enheter", [])),
        forvaltning=setting(rapport, "forvaltning", "rapport.forvaltning", ""),
        arendenummer=setting(rapport, "arendenummer", "rapport.arendenummer", ""),
        mall_rapport=setting(rapport, "mall_rapport", "rapport.mall_rapport", ""),
        minustecken=setting(rapport, "minustecken", "rapport.minustecken", "-"),
        mall_tjansteskrivelse=setting(rapport, "mall_tjansteskrivelse", "rapport.mall_tjansteskrivelse", ""),
    )
    if report.minustecken not in ("-", "\u2212"):
        problems.append(Problem("inställning-ogiltig",
                                f'minustecken = "{report.minustecken}" är inte tillåtet.', where,
                                hint='Använd "-" eller "−".'))

    sources = {}
    kallor = data.get("kallor", {})
    personnel = None
    if "personal" in data:
        personnel, found = _personnel_settings(data["personal"], where, reported)
        problems.extend(found)
        for contract in HR_EXPORTS:
            if contract.name not in kallor:
                if reported("kallor", contract.name):
                    continue
                problems.append(Problem("inställning-saknas",
                                        f"Avsnittet [kallor.{contract.name}] saknas.", where,
                                        hint="Kopiera avsnittet från programmets exempel-rapport.toml."))
                continue
            source, found = _source_settings(contract, kallor[contract.name], where, reported)
            problems.extend(found)
            sources[contract.name] = source
    for contract in FOLLOWUP_EXPORTS:     # optional: read when [kallor.X] exists
        if contract.name in kallor:
            source, found = _source_settings(contract, kallor[contract.name], where, reported)
            problems.extend(found)
            sources[contract.name] = source
    followup, found = followup_settings(data, where, reported)
    problems.extend(found)
    memo, found = memo_settings(data, where, reported)
    problems.extend(found)
    types, found = report_types(data, where, reported)
    problems.extend(found)
    for contract in EXPORTS:
        section = kallor.get(contract.name)
        if section is None:
            if reported("kallor", contract.name):
                continue
            problems.append(Problem("inställning-saknas",
                                    f"Avsnittet [kallor.{contract.name}] saknas.", where,
                                    hint="Kopiera avsnittet från programmets exempel-rapport.toml."))
            continue
        source, source_problems = _source_settings(contract, section, where, reported)
        problems.extend(source_problems)
        sources[contract.name] = source

    settings = Settings(
        file=file,
        report=report,
        sources=sources,
        internal_motpart_prefixes=tuple(data.get("motpart", {}).get("interna_prefix", [])),
        warning_checks=frozenset(data.get("avstamning", {}).get("som_varning", [])),
        labels={**DEFAULT_LABELS, **data.get("etiketter", {})},
        personnel=personnel,
        followup=followup,
        memo=memo,
        report_types=types,
    )
    return settings, problems


def _source_settings(contract: SourceContract, section: dict, where: Location,
                     reported: schema.Reported) -> tuple[SourceSettings, list[Problem]]:
    problems = []
    name = contract.name
    sign_text = section.get("tecken", "debet_positiv")
    unit_text = section.get("enhet", "kr")
    if sign_text not in SIGNS:
        problems.append(Problem("inställning-ogiltig",
                                f'[kallor.{name}] tecken = "{sign_text}" är inte tillåtet.', where,
                                hint='Använd "debet_positiv" eller "intakt_positiv".'))
    if unit_text not in UNITS:
        problems.append(Problem("inställning-ogiltig",
                                f'[kallor.{name}] enhet = "{unit_text}" är inte tillåtet.', where,
                                hint='Använd "kr", "tkr" eller "mnkr".'))
    columns = section.get("kolumner", {})
    headers = {}
    for f in contract.fields:
        heading = columns.get(f.name, "").strip()
        if f.required and not heading and not reported("kallor", name, "kolumner", f.name):
            problems.append(Problem("inställning-saknas",
                                    f"[kallor.{name}.kolumner] anger inte vilken kolumn som är "
                                    f'"{f.name}".', where,
                                    hint=f'Lägg till {f.name} = "Rubriken i er fil".'))
        headers[f.name] = heading
    return SourceSettings(
        name=name,
        patterns=tuple(section.get("filer", [])),
        sheet=section.get("blad", ""),
        header_row=section.get("rubrikrad", 0),
        sign=SIGNS.get(sign_text, 1),
        ore_per_unit=UNITS.get(unit_text, 100),
        sum_markers=tuple(section.get("summarad", [])),
        headers=headers,
    ), problems


def _personnel_settings(section: dict, where: Location, reported: schema.Reported
                        ) -> tuple[PersonnelSettings, list[Problem]]:
    problems = []

    def codes(key: str, default: list[str]) -> frozenset[str]:
        return frozenset(v.strip().casefold() for v in section.get(key, default))

    forvaltning = section.get("forvaltning", "").strip()
    if not forvaltning and not reported("personal", "forvaltning"):
        problems.append(Problem("inställning-saknas", 'Inställningen "personal.forvaltning" saknas.', where,
                                hint='Ange förvaltningens kod, t.ex. forvaltning = "KLF".'))
    internal = codes("interna_avgangar", ["Intern förflyttning"])
    retirement = codes("pensionsavgangar", ["Pension"])
    reasons = codes("avgangsorsaker", []) | internal | retirement
    smallest = section.get("minsta_grupp", 10)
    if not isinstance(smallest, int) or smallest < 10:
        problems.append(Problem("inställning-ogiltig",
                                f"personal.minsta_grupp = {smallest} är inte tillåtet: lagen kräver att "
                                "grupper med tio eller färre anställda inte redovisas.", where,
                                hint="Ange ett heltal, 10 eller mer."))
        smallest = 10
    return PersonnelSettings(
        forvaltning=forvaltning,
        women=codes("kvinna", ["K"]),
        men=codes("man", ["M"]),
        permanent=codes("tillsvidare", ["Tillsvidare"]),
        temporary=codes("visstid", ["Visstid"]),
        hourly=codes("timavlonad", ["Timavlönad"]),
        reasons=reasons,
        internal_reasons=internal,
        retirement_reasons=retirement,
        count_retirements=section.get("pension_ingar", True),
        max_suppressed_group=smallest,
    ), problems
