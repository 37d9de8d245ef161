"""Settings the ekonom edits (rapport.toml), parsed into plain records.

Pure: takes the parsed TOML dict, returns settings and problems. Reading the file is in
`pipeline.read.sources`. The dict is first held against the file's declared shape
(`pipeline.settings.shape`) by `pipeline.settings.schema` (wrong types and unknown keys); what
follows reads only values of the right type and checks what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline.problems import Location, Problem, Severity
from pipeline.settings import schema
from pipeline.settings.analysis import AnalysisSettings, analysis_settings
from pipeline.settings.followup import FollowUpSettings, followup_settings
from pipeline.settings.labels import DEFAULT_LABELS
from pipeline.settings.memo import MemoSettings, memo_settings
from pipeline.settings.report_types import ReportTypes, comparison_problems, report_types
from pipeline.read.catalog import (ABSENCE, ABSENCE_EMPLOYMENT_FIELDS, EMPLOYMENTS, EXPORTS, FOLLOWUP_EXPORTS,
                                   HR_EXPORTS, PERSONNEL, SCHEDULE, STAFF_FORMATS, SourceContract)

SIGNS = {"debet_positiv": 1, "intakt_positiv": -1}     # factor to debit-positive
UNITS = {"kr": 100, "tkr": 100_000, "mnkr": 100_000_000}  # factor to öre
UNIT_PLACEHOLDER = "{enhet}"      # in a [texter] path: the nämnd's code


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
    """`[rapport]`, and for one nämnd's report (`Settings.for_namnd`) its unit, the units appended
    to it (organisation.xlsx) and its own `[namnder.<KOD>]` values."""

    kommun: str
    mall_rapport: str = ""                   # Word template for the report; "" = the shipped one
    minustecken: str = "-"
    mall_tjansteskrivelse: str = ""          # Word template for the memo; "" = the shipped one
    jamfor_med: str = ""                     # the previous report: "" = the rule (compute/previous.py),
                                             # a report type's id, a period "2023-04" or "ingen"
    rapportenhet: str = ""                   # the nämnd (set per report)
    ovriga_enheter: tuple[str, ...] = ()     # units appended to its report (organisation.xlsx)
    forvaltning: str = ""
    arendenummer: str = ""
    org_chart: OrgChartSettings | None = None   # the nämnd's organisation chart (section 2), or none


@dataclass(frozen=True)
class OrgChartSettings:
    """`[namnder.<KOD>.organisationsschema]`: the picture in section 2 (a path in the input folder),
    its text alternative and its caption ("" = "<förvaltning>s organisationsschema")."""

    bild: str
    alt: str
    bildtext: str = ""


@dataclass(frozen=True)
class NamndSettings:
    """`[namnder.<KOD>]`: what differs for one nämnd's report. "" or None = as for every nämnd."""

    forvaltning: str = ""
    arendenummer: str = ""
    mall_rapport: str = ""
    mall_tjansteskrivelse: str = ""
    texts: dict[str, str] = field(default_factory=dict)     # section key -> path, over [texter]
    memo: MemoSettings | None = None                         # [tjansteskrivelse] with its overrides
    org_chart: OrgChartSettings | None = None                # [namnder.<KOD>.organisationsschema]


@dataclass(frozen=True)
class PersonnelSettings:
    """How the HR exports' codes are read and which choices the report makes."""

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
    # The turnover sentence's leavers per title: "grupperade" (titles with at most
    # max_suppressed_group permanent staff merged, as in the workbook), "alla" or "inga".
    titles_in_text: str = "grupperade"
    forvaltningar: tuple[str, ...] = ()    # the förvaltningar whose staff one nämnd's report shows
    # The absence format ([kallor.franvaro] instead of [kallor.personal]; docs/absence.md)
    absence_format: bool = False
    sick_causes: frozenset[str] = frozenset()      # cause codes that are sick leave
    other_causes: frozenset[str] = frozenset()     # other known cause codes (not counted)
    full_time_week_hours: float = 40.0             # scheduled hours of a full-time week
    relapse_days: int = 5                          # a case at most this many days after continues the spell


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
    namnder: dict[str, NamndSettings] = field(default_factory=dict)   # [namnder.<KOD>]
    report_types: ReportTypes = field(default_factory=ReportTypes)   # [rapporttyper] over the defaults
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)   # [analys]

    @property
    def units(self) -> tuple[str, ...]:
        """The units of one nämnd's report (`for_namnd`): the nämnd, then those appended to it."""
        return (self.report.rapportenhet, *self.report.ovriga_enheter)

    def for_namnd(self, code: str, appended: tuple[str, ...] = (),
                  forvaltningar: tuple[str, ...] = ()) -> Settings:
        """These settings as one nämnd's report sees them: its unit and appended units, its
        `[namnder.<KOD>]` values over the common ones, `{enhet}` in a text's path replaced by its
        code, and the förvaltningar whose staff it shows (organisation.xlsx)."""
        own = self.namnder.get(code, NamndSettings())
        report = replace(
            self.report, rapportenhet=code, ovriga_enheter=tuple(appended),
            forvaltning=own.forvaltning, arendenummer=own.arendenummer, org_chart=own.org_chart,
            mall_rapport=own.mall_rapport or self.report.mall_rapport,
            mall_tjansteskrivelse=own.mall_tjansteskrivelse or self.report.mall_tjansteskrivelse)
        texts = {key: path.replace(UNIT_PLACEHOLDER, code)
                 for key, path in {**self.followup.texts, **own.texts}.items()}
        personnel = (replace(self.personnel, forvaltningar=tuple(forvaltningar))
                     if self.personnel is not None else None)
        memo = own.memo if code in self.namnder and own.memo is not None else self.memo
        return replace(self, report=report, followup=replace(self.followup, texts=texts),
                       personnel=personnel, memo=memo)


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
        mall_rapport=setting(rapport, "mall_rapport", "rapport.mall_rapport", ""),
        minustecken=setting(rapport, "minustecken", "rapport.minustecken", "-"),
        mall_tjansteskrivelse=setting(rapport, "mall_tjansteskrivelse", "rapport.mall_tjansteskrivelse", ""),
        jamfor_med=setting(rapport, "jamfor_med", "rapport.jamfor_med", "").strip(),
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
        problems += _staff_format_problems(kallor, where, reported)
        absence = ABSENCE.name in kallor and PERSONNEL.name not in kallor
        personnel = replace(personnel, absence_format=absence)
        problems += _absence_settings_problems(personnel, kallor, where) if absence else []
        if SCHEDULE.name in kallor and not absence:
            problems.append(Problem("inställning-ogiltig",
                                    "[kallor.schema] används bara med frånvaroärenden ([kallor.franvaro]); med "
                                    "månadsexporten står arbetstiden redan på varje rad.", where, Severity.WARNING,
                                    hint="Ta bort avsnittet [kallor.schema], eller byt till frånvaroärenden."))
        for contract in HR_EXPORTS:
            if contract.name not in kallor:
                if reported("kallor", contract.name) or contract in (*STAFF_FORMATS, SCHEDULE):
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
    namnder = {}
    for code, section in data.get("namnder", {}).items():
        namnder[code], found = _namnd_settings(data, code, section, where, reported)
        problems.extend(found)
    types, found = report_types(data, where, reported)
    problems.extend(found)
    problems += comparison_problems(report.jamfor_med, types, where)
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
        namnder=namnder,
        report_types=types,
        analysis=analysis_settings(data),
    )
    return settings, problems


def _namnd_settings(data: dict, code: str, section: dict, where: Location,
                    reported: schema.Reported) -> tuple[NamndSettings, list[Problem]]:
    """`[namnder.<KOD>]`; its `[namnder.<KOD>.tjansteskrivelse]` keys over `[tjansteskrivelse]`."""
    memo, problems = None, []
    if "tjansteskrivelse" in section:
        if "tjansteskrivelse" not in data:
            problems.append(Problem(
                "inställning-ogiltig",
                f"[namnder.{code}.tjansteskrivelse] finns, men inte [tjansteskrivelse]: "
                "nämndens värden ändrar de gemensamma.", where,
                hint="Lägg till avsnittet [tjansteskrivelse] med de värden som gäller alla nämnder."))
        else:
            merged = {**data["tjansteskrivelse"], **section["tjansteskrivelse"]}
            memo, problems = memo_settings({"tjansteskrivelse": merged}, where,
                                           lambda *path: reported("namnder", code, *path)
                                           or reported(*path))
    org_chart, found = _org_chart(code, section.get("organisationsschema"), where)
    problems += found
    return NamndSettings(
        forvaltning=section.get("forvaltning", ""),
        arendenummer=section.get("arendenummer", ""),
        mall_rapport=section.get("mall_rapport", ""),
        mall_tjansteskrivelse=section.get("mall_tjansteskrivelse", ""),
        texts=dict(section.get("texter", {})),
        memo=memo,
        org_chart=org_chart,
    ), problems


def _org_chart(code: str, section: dict | None, where: Location) -> tuple[OrgChartSettings | None, list[Problem]]:
    """`[namnder.<KOD>.organisationsschema]`: a picture needs its text alternative (DOS-lagen)."""
    if not section or not section.get("bild", "").strip():
        return None, []
    chart = OrgChartSettings(section["bild"].strip(), section.get("alt", "").strip(),
                             section.get("bildtext", "").strip())
    if not chart.alt:
        return None, [Problem(
            "inställning-saknas",
            f"[namnder.{code}.organisationsschema] har en bild men ingen alt-text; rapporten skrivs utan "
            "organisationsschemat.", where, Severity.WARNING,
            hint='Skriv under avsnittet t.ex. alt = "Organisationsschema: förvaltningschefen och under '
                 'hen avdelningarna …", en beskrivning för den som inte ser bilden.')]
    return chart, []


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


def _staff_format_problems(kallor: dict, where: Location, reported: schema.Reported) -> list[Problem]:
    """Which staff format is in use follows from which section exists: exactly one of them."""
    names = [c.name for c in STAFF_FORMATS]
    given = [name for name in names if name in kallor]
    if len(given) == 2:
        return [Problem("inställning-ogiltig",
                        "Både [kallor.personal] och [kallor.franvaro] finns: programmet kan inte veta om "
                        "sjukfrånvaron ska läsas ur månadsexporten eller ur frånvaroärendena.", where,
                        hint="Ta bort det ena avsnittet: [kallor.personal] för en rad per anställd och månad, "
                             "[kallor.franvaro] för HR-systemets frånvaroärenden.")]
    if not given and not any(reported("kallor", name) for name in names):
        return [Problem("inställning-saknas",
                        "Varken [kallor.personal] eller [kallor.franvaro] finns: programmet vet inte var "
                        "sjukfrånvaron står.", where,
                        hint="Lägg till ett av avsnitten (kopiera det från programmets exempel-rapport.toml), "
                             "eller ta bort [personal] om rapporten inte ska ha något personalavsnitt.")]
    return []


def _absence_settings_problems(personnel: PersonnelSettings, kallor: dict, where: Location) -> list[Problem]:
    """The absence format needs its cause codes and the employments' kön, födelseår and
    sysselsättningsgrad."""
    problems = []
    if not personnel.sick_causes:
        problems.append(Problem("inställning-saknas",
                                "[personal] sjukorsaker saknas: programmet vet inte vilka frånvaroorsaker som "
                                "är sjukfrånvaro.", where,
                                hint='Lägg till t.ex. sjukorsaker = ["SJK"] under [personal], med koderna ur er '
                                     "frånvaroexport."))
    columns = kallor.get(EMPLOYMENTS.name, {}).get("kolumner", {})
    missing = [name for name in ABSENCE_EMPLOYMENT_FIELDS if not str(columns.get(name, "")).strip()]
    if EMPLOYMENTS.name in kallor and missing:
        problems.append(Problem("inställning-saknas",
                                f"[kallor.{EMPLOYMENTS.name}.kolumner] anger inte " + ", ".join(missing)
                                + ": med frånvaroärenden ([kallor.franvaro]) behövs de ur anställningsexporten.",
                                where, hint="Lägg till t.ex. " + ", ".join(f'{name} = "Rubriken i er fil"'
                                                                          for name in missing) + "."))
    return problems


def _personnel_settings(section: dict, where: Location, reported: schema.Reported
                        ) -> tuple[PersonnelSettings, list[Problem]]:
    problems = []

    def codes(key: str, default: list[str]) -> frozenset[str]:
        return frozenset(v.strip().casefold() for v in section.get(key, default))

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
        titles_in_text=section.get("befattningar_i_texten", "grupperade"),
        sick_causes=codes("sjukorsaker", []),
        other_causes=codes("ovriga_orsaker", []),
        full_time_week_hours=section.get("heltid_veckotimmar", 40.0),
        relapse_days=section.get("aterinsjuknande_dagar", 5),
    ), problems

