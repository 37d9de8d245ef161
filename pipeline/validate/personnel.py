"""Checks on the HR exports. Personal data: a message names file, sheet, row and column and what
is wrong, never a cell's value (no employee key, birth year, hours, dates, nor a code as typed:
an unknown code is named by its column, and the hint lists the known codes)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.problems import Location, Problem, Severity
from pipeline.read.raw_table import RawTable
from pipeline.settings import PersonnelSettings
from pipeline.validate.cells import MAX_PROBLEMS_PER_COLUMN, located, repeated_rows

KOMMUNEN = "kommunen"
SURVEY_INDICES = ("hme", "chefsfrågor", "motivation", "ledarskap", "styrning")
MEASURES = ("hme", "chefsfrågor", "sjukfrånvaro", "personalomsättning")
INDICATOR_TYPES = ("kf", "nämnd")


def _table_of(tables: list[RawTable], file: str) -> RawTable:
    return next(t for t in tables if t.file == file)


def _rows_problems(frame: pd.DataFrame, mask: pd.Series, tables: list[RawTable], field: str,
                   rule: str, message: str, hint: str) -> list[Problem]:
    """One problem per row of `mask` (capped per file). "{kolumn}" in `message` becomes the
    column's heading in that file."""
    problems = []
    for file, group in frame[mask].groupby("fil", sort=True):
        table = _table_of(tables, file)
        text = message.replace("{kolumn}", table.headers.get(field, field))
        problems += located(table, field, pd.Index(group["rad"]), rule, text, hint)
    return problems


def _casefolded(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.casefold().fillna("")


def _listed(codes) -> str:
    return ", ".join(sorted(codes))


def unknown_units(frame: pd.DataFrame, units: set[str], tables: list[RawTable]) -> list[Problem]:
    """One problem per distinct unknown förvaltning code, at its first row, with how many rows
    have it: a whole förvaltning missing from organisation.xlsx is one line, not thousands. The
    code itself is not printed (the cell is in an HR export)."""
    unit = frame["forvaltning"]
    unknown = frame[(unit != "") & ~unit.isin(units)]
    problems = []
    for _, rows in sorted(unknown.groupby("forvaltning", sort=False), key=lambda item: item[1].index[0]):
        first = rows.iloc[0]
        table = _table_of(tables, first["fil"])
        more = f" Samma kod står på {len(rows) - 1} rader till." if len(rows) > 1 else ""
        problems.append(Problem(
            "kod-okänd",
            f'Koden i kolumnen "{table.headers.get("forvaltning", "forvaltning")}" är ingen känd förvaltning.{more}',
            table.location(int(first["rad"]), "forvaltning"),
            hint=f"Kända förvaltningar: {_listed(units)}. Rätta raden, eller lägg till förvaltningen på "
                 "bladet Förvaltningar i organisation.xlsx."))
    return problems


def _unit_and_form_problems(frame: pd.DataFrame, settings: PersonnelSettings, units: set[str],
                            tables: list[RawTable]) -> tuple[list[Problem], pd.Series]:
    """Unknown förvaltning and anställningsform codes of an HR export, and the casefolded forms."""
    problems = unknown_units(frame, units, tables)
    form = _casefolded(frame["anstallningsform"])
    known_forms = settings.permanent | settings.temporary | settings.hourly
    problems += _rows_problems(frame, (form != "") & ~form.isin(known_forms), tables, "anstallningsform",
                               "anställningsform-okänd", 'Koden i kolumnen "{kolumn}" är okänd.',
                               f"Kända anställningsformer: {_listed(known_forms)} (tillsvidare, visstid och "
                               "timavlonad i [personal] i rapport.toml). Rätta raden, eller lägg till koden där.")
    return problems, form


def personnel_problems(personnel: pd.DataFrame, settings: PersonnelSettings, units: set[str],
                       tables: list[RawTable]) -> list[Problem]:
    problems, _ = _unit_and_form_problems(personnel, settings, units, tables)
    sex = _casefolded(personnel["kon"])
    problems += _rows_problems(personnel, (sex != "") & ~sex.isin(settings.women | settings.men), tables, "kon",
                               "kön-okänt", 'Koden i kolumnen "{kolumn}" är okänd.',
                               f"Kända koder för kvinna: {_listed(settings.women)}; för man: "
                               f"{_listed(settings.men)} (kvinna och man under [personal] i rapport.toml). "
                               "Rätta raden, eller lägg till koden där.")
    problems += _rows_problems(personnel, personnel["sjuktimmar"] > personnel["arbetstid"], tables,
                               "sjuktimmar", "timmar-omöjliga",
                               "Sjuktimmarna är fler än arbetstiden på samma rad.",
                               "Rätta raden i HR-exporten.")
    problems += _rows_problems(personnel, personnel["sjuktimmar_60"] > personnel["sjuktimmar"], tables,
                               "sjuktimmar_60", "timmar-omöjliga",
                               "Sjuktimmarna i långa sjukperioder är fler än alla sjuktimmar på raden.",
                               "Rätta raden i HR-exporten.")
    problems += duplicate_person_months(personnel, tables)
    return problems


def periods_outside_years(personnel: pd.DataFrame, years: tuple[int, ...],
                          tables: list[RawTable]) -> list[Problem]:
    """HR rows of neither the report year nor the year before (known once the period is)."""
    return _rows_problems(personnel, (personnel["manad"] > 0) & ~personnel["ar"].isin(years), tables,
                          "period", "period-utanför-året",
                          "Perioden ligger utanför rapportens år.",
                          "Ta bort rader från andra år ur exporten, eller exportera om för rätt år.")


def _pair_problems(pairs: pd.DataFrame, tables: list[RawTable], field: str, rule: str, message,
                   hint: str, severity: Severity = Severity.ERROR) -> list[Problem]:
    """A problem at each repeated row of `pairs` (`repeated_rows`), at most MAX_PROBLEMS_PER_COLUMN
    per file and then one line that says how many more. `message(place, pair)` gets where the
    first row is, as the ekonom sees it, and the pair."""
    problems = []
    for file, group in pairs.groupby("fil", sort=False):
        table = _table_of(tables, file)
        for pair in group.head(MAX_PROBLEMS_PER_COLUMN).itertuples(index=False):
            place = _table_of(tables, pair.fil_forsta).location(int(pair.rad_forsta)).describe()
            problems.append(Problem(rule, message(place, pair), table.location(int(pair.rad), field),
                                    severity, hint))
        if len(group) > MAX_PROBLEMS_PER_COLUMN:
            problems.append(Problem(rule, f"… och {len(group) - MAX_PROBLEMS_PER_COLUMN} rader till med samma fel.",
                                    table.location(None, field), severity, hint))
    return problems


def duplicate_person_months(personnel: pd.DataFrame, tables: list[RawTable]) -> list[Problem]:
    """The export has one row per employee and month: a second row of the same employee and
    month (in the same förvaltning or another, in the same file or another) is an error."""
    valid = (personnel["anstalld"] != "") & (personnel["manad"] > 0)
    pairs = repeated_rows(personnel, personnel[["anstalld", "ar", "manad"]], valid)

    def message(place: str, pair) -> str:
        other = " i en annan förvaltning" if pair.forvaltning != pair.forvaltning_forsta else ""
        return (f"Samma anställd och månad står redan{other} på {place}: exporten ska ha en rad per "
                "anställd och månad.")
    return _pair_problems(pairs, tables, "anstalld", "dubblett-anställd-månad", message,
                          "Ta bort den ena raden, eller exportera om. En anställd hör till en förvaltning per "
                          "månad.")


def employment_problems(employments: pd.DataFrame, settings: PersonnelSettings, units: set[str],
                        tables: list[RawTable]) -> list[Problem]:
    problems, form = _unit_and_form_problems(employments, settings, units, tables)
    problems += _rows_problems(employments, employments["slutdatum"] < employments["startdatum"], tables,
                               "slutdatum", "datum-omöjligt", "Slutdatum ligger före startdatum.",
                               "Rätta datumen i anställningsexporten.")
    reason = _casefolded(employments["avgangsorsak"])
    ended = employments["slutdatum"].notna()
    problems += _rows_problems(employments, ended & (reason != "") & ~reason.isin(settings.reasons), tables,
                               "avgangsorsak", "orsak-okänd", 'Avgångsorsaken i kolumnen "{kolumn}" är okänd.',
                               f"Kända avgångsorsaker: {_listed(settings.reasons)}. Rätta raden, eller lägg "
                               "till orsaken under avgangsorsaker i [personal] i rapport.toml.")
    permanent = form.isin(settings.permanent)
    problems += _rows_problems(employments, ended & permanent & (reason == ""), tables, "avgangsorsak",
                               "värde-saknas", "Avgångsorsak saknas för en avslutad tillsvidareanställning.",
                               "Fyll i avgångsorsaken: den avgör om avgången räknas i personalomsättningen.")
    problems += duplicate_employments(employments, form, tables)
    return problems


def duplicate_employments(employments: pd.DataFrame, form: pd.Series, tables: list[RawTable]) -> list[Problem]:
    """One anställning is one employee's employment of one form from one start date: the same
    three twice is the same anställning twice (it would count twice in the turnover). Two
    employments of one person with other start dates, or of other forms from the same day (a
    permanent post and hourly work), are two anställningar."""
    keys = pd.DataFrame({"anstalld": employments["anstalld"], "start": employments["startdatum"], "form": form})
    valid = (employments["anstalld"] != "") & employments["startdatum"].notna() & (form != "")
    return _pair_problems(
        repeated_rows(employments, keys, valid), tables, "anstalld", "dubblett-anställning",
        lambda place, _: f"Samma anställning (anställd, startdatum och anställningsform) står redan på {place}.",
        "Ta bort den ena raden: annars räknas anställningen, och en avgång, två gånger.")


def survey_problems(survey: pd.DataFrame, units: set[str], tables: list[RawTable]) -> list[Problem]:
    known = {u.casefold() for u in units} | {KOMMUNEN}
    problems = _rows_problems(survey, ~_casefolded(survey["enhet"]).isin(known), tables, "enhet",
                              "enhet-okänd", "Enheten finns inte bland förvaltningarna.",
                              'Använd "Kommunen" eller en kod från bladet Förvaltningar i organisation.xlsx.')
    problems += _rows_problems(survey, ~_casefolded(survey["index"]).isin(SURVEY_INDICES), tables, "index",
                               "index-okänt", "Indexet är okänt.",
                               "Använd HME, Chefsfrågor, Motivation, Ledarskap eller Styrning.")
    return problems + duplicate_survey_rows(survey, tables)


def duplicate_survey_rows(survey: pd.DataFrame, tables: list[RawTable]) -> list[Problem]:
    """One value per year, unit and index. The same key again with another value is an error (the
    report cannot know which is right); with the same value it is a warning: the figure printed is
    the same either way, but a repeated row often means two exports were pasted together."""
    keys = pd.DataFrame({"ar": survey["ar"], "enhet": _casefolded(survey["enhet"]),
                         "index": _casefolded(survey["index"])})
    valid = (survey["ar"] > 0) & (keys["enhet"] != "") & (keys["index"] != "") & survey["varde"].notna()
    pairs = repeated_rows(survey, keys, valid)
    same = pairs["varde"] == pairs["varde_forsta"]
    problems = _pair_problems(pairs[~same], tables, "varde", "enkät-motstridig",
                              lambda place, _: f"Samma år, enhet och index står redan på {place} men med ett "
                                               "annat värde: programmet kan inte veta vilket som gäller.",
                              "Ta bort raden med fel värde, eller exportera om enkätresultatet.")
    problems += _pair_problems(pairs[same], tables, "ar", "dubblett-enkät",
                               lambda place, _: f"Samma år, enhet och index står redan på {place} med samma värde.",
                               "Ta bort den ena raden.", Severity.WARNING)
    return problems


def indicator_problems(indicators: pd.DataFrame, history: pd.DataFrame, units: set[str],
                       indicator_tables: list[RawTable], history_tables: list[RawTable]) -> list[Problem]:
    known = {u.casefold() for u in units} | {KOMMUNEN}
    problems = _rows_problems(indicators, ~_casefolded(indicators["enhet"]).isin(known), indicator_tables,
                              "enhet", "enhet-okänd", "Enheten finns inte bland förvaltningarna.",
                              'Använd "Kommunen" eller en kod från bladet Förvaltningar i organisation.xlsx.')
    problems += _rows_problems(indicators, ~_casefolded(indicators["matt"]).isin(MEASURES), indicator_tables,
                               "matt", "mått-okänt", "Måttet är okänt.",
                               "Använd HME, Chefsfrågor, Sjukfrånvaro eller Personalomsättning.")
    problems += _rows_problems(indicators, ~_casefolded(indicators["typ"]).isin(INDICATOR_TYPES),
                               indicator_tables, "typ", "typ-okänd", 'Typen ska vara "KF" eller "Nämnd".',
                               "Rätta typen.")
    problems += _rows_problems(history, ~history["indikator"].isin(set(indicators["indikator"])),
                               history_tables, "indikator", "indikator-okänd",
                               "Indikatorn finns inte på bladet Indikatorer.",
                               "Skriv indikatorn exakt som på bladet Indikatorer.")
    return problems


def missing_unit(code: str, units: set[str], file: str) -> list[Problem]:
    if code in units:
        return []
    return [Problem("enhet-okänd", f'Förvaltningen "{code}" i [personal] finns inte på bladet Förvaltningar.',
                    Location(file), hint="Rätta forvaltning under [personal] i rapport.toml.")]


def absence_employment_problems(employments: pd.DataFrame, settings: PersonnelSettings,
                                tables: list[RawTable]) -> list[Problem]:
    """The absence format's employment columns: kön and födelseår on every row, and a
    sysselsättningsgrad from 0 to 1 on every scheduled (not hourly-paid) employment."""
    sex = _casefolded(employments["kon"])
    problems = _rows_problems(employments, sex == "", tables, "kon", "värde-saknas",
                              '"{kolumn}" saknas på raden.', "Fyll i kön: det behövs för sjukfrånvaron per kön.")
    problems += _rows_problems(employments, (sex != "") & ~sex.isin(settings.women | settings.men), tables,
                               "kon", "kön-okänt", 'Koden i kolumnen "{kolumn}" är okänd.',
                               f"Kända koder för kvinna: {_listed(settings.women)}; för man: "
                               f"{_listed(settings.men)} (kvinna och man under [personal] i rapport.toml). "
                               "Rätta raden, eller lägg till koden där.")
    problems += _rows_problems(employments, employments["fodelsear"].isna() | (employments["fodelsear"] <= 0),
                               tables, "fodelsear", "värde-saknas", '"{kolumn}" saknas på raden.',
                               "Fyll i födelseåret: det behövs för sjukfrånvaron per åldersgrupp.")
    grade = employments["sysselsattningsgrad"]
    hourly = _casefolded(employments["anstallningsform"]).isin(settings.hourly)
    problems += _rows_problems(employments, grade.isna() & ~hourly, tables, "sysselsattningsgrad",
                               "värde-saknas", '"{kolumn}" saknas på raden.',
                               "Fyll i sysselsättningsgraden som ett tal från 0 till 1, t.ex. 0,75 för 75 %.")
    problems += _rows_problems(employments, (grade < 0) | (grade > 1), tables, "sysselsattningsgrad",
                               "andel-ogiltig", 'Värdet i kolumnen "{kolumn}" ska vara ett tal från 0 till 1.',
                               "Skriv sysselsättningsgraden som en andel: 1 för heltid, 0,75 för 75 %. Ett "
                               "tal som 75 eller 100 läses inte som procent, eftersom programmet då skulle "
                               "gissa.")
    return problems


def absence_problems(cases: pd.DataFrame, employments: pd.DataFrame, settings: PersonnelSettings,
                     tables: list[RawTable]) -> list[Problem]:
    """The absence cases: omfattning above 0 and at most 1, to date not before from date, a known
    cause code, an employee with an employment, and one person's sick-leave cases at no time over
    100 % together. No message shows a key, a date or a code."""
    share = cases["omfattning"]
    problems = _rows_problems(cases, (share <= 0) | (share > 1), tables, "omfattning", "andel-ogiltig",
                              'Värdet i kolumnen "{kolumn}" ska vara större än 0 och högst 1.',
                              "Skriv omfattningen som en andel: 1 för heltid, 0,25 för 25 %. Ett tal som 25 "
                              "läses inte som procent, eftersom programmet då skulle gissa.")
    problems += _rows_problems(cases, cases["till"] < cases["fran"], tables, "till", "datum-omöjligt",
                               "Slutdatum ligger före startdatum.", "Rätta datumen i frånvaroexporten.")
    cause = _casefolded(cases["orsak"])
    known = settings.sick_causes | settings.other_causes
    problems += _rows_problems(cases, (cause != "") & ~cause.isin(known), tables, "orsak", "orsak-okänd",
                               'Orsakskoden i kolumnen "{kolumn}" är okänd.',
                               f"Kända orsaker: sjukfrånvaro {_listed(settings.sick_causes)}; övriga "
                               f"{_listed(settings.other_causes) or '(inga)'} (sjukorsaker och ovriga_orsaker "
                               "under [personal] i rapport.toml). Rätta raden, eller lägg till koden där.")
    problems += _without_employment(cases, employments, tables, "ärendet")
    sick = cases[cause.isin(settings.sick_causes) & (share > 0) & (share <= 1) & cases["fran"].notna()
                 & ~(cases["till"] < cases["fran"])]
    problems += _rows_problems(cases, cases.index.isin(over_full_time(sick)), tables, "omfattning",
                               "omfattning-över-100", "Ärendet överlappar andra sjukfrånvaroärenden för samma "
                               "anställd, och tillsammans blir omfattningen mer än 100 %.",
                               "Rätta omfattningen eller datumen, så att ärenden som gäller samma dagar "
                               "tillsammans är högst 1 (100 %).")
    return problems


def _without_employment(frame: pd.DataFrame, employments: pd.DataFrame, tables: list[RawTable],
                        row: str) -> list[Problem]:
    """Rows of an employee that the employment export does not have."""
    employed = set(employments["anstalld"])
    return _rows_problems(frame, (frame["anstalld"] != "") & ~frame["anstalld"].isin(employed), tables,
                          "anstalld", "anställning-saknas",
                          "Den anställda på raden har ingen anställning i anställningsexporten.",
                          f"Lägg till anställningen i anställningsexporten, eller ta bort {row}.")


def schedule_problems(schedule: pd.DataFrame, employments: pd.DataFrame, tables: list[RawTable]) -> list[Problem]:
    """The scheduled hours per employee and month: one row per employee and month, of an employee
    with an employment in that month (hours in a month outside every employment of the person
    would be left out of the figures, so they are refused rather than dropped)."""
    problems = _without_employment(schedule, employments, tables, "raden")
    problems += _rows_problems(schedule, _outside_employment(schedule, employments), tables, "period",
                               "schema-utan-anställning",
                               "Den anställda har schemalagd tid den här månaden men ingen anställning som pågår "
                               "någon dag i månaden enligt anställningsexporten.",
                               "Rätta start- eller slutdatum i anställningsexporten, eller ta bort raden ur "
                               "schemaexporten.")
    return problems + duplicate_person_months(schedule.assign(forvaltning=""), tables)


def _outside_employment(schedule: pd.DataFrame, employments: pd.DataFrame) -> pd.Series:
    """Rows with hours, of an employee who has employments, none of which overlaps the row's month."""
    first = pd.to_datetime(pd.DataFrame({"year": schedule["ar"], "month": schedule["manad"], "day": 1}))
    rows = pd.DataFrame({"anstalld": schedule["anstalld"], "forsta": first,
                         "sista": first + pd.offsets.MonthEnd(0)}, index=schedule.index).reset_index(names="rad_index")
    pairs = rows.merge(employments[["anstalld", "startdatum", "slutdatum"]], on="anstalld", how="inner")
    overlaps = ((pairs["startdatum"].isna() | (pairs["startdatum"] <= pairs["sista"]))
                & (pairs["slutdatum"].isna() | (pairs["slutdatum"] >= pairs["forsta"])))
    covered = set(pairs.loc[overlaps, "rad_index"])
    employed = schedule["anstalld"].isin(set(employments["anstalld"]))
    return employed & (schedule["arbetstid"] > 0) & ~schedule.index.isin(covered)


def over_full_time(sick: pd.DataFrame) -> pd.Index:
    """The index of each case whose start takes its employee's overlapping cases over 1 (100 %):
    a sweep over start (+omfattning) and day-after-end (-omfattning) events per employee."""
    if sick.empty:
        return sick.index
    starts = sick["fran"].to_numpy("datetime64[D]").astype("int64")
    ends = sick["till"].to_numpy("datetime64[D]")
    ends = np.where(np.isnat(ends), np.iinfo("int64").max // 2, ends.astype("int64") + 1)
    share = sick["omfattning"].to_numpy(float)
    events = pd.DataFrame({
        "anstalld": np.concatenate([sick["anstalld"].to_numpy(), sick["anstalld"].to_numpy()]),
        "dag": np.concatenate([starts, ends]),
        "slag": np.concatenate([np.ones(len(sick)), np.zeros(len(sick))]),   # ends (0) before starts (1)
        "andel": np.concatenate([share, -share]),
        "rad": np.concatenate([sick.index.to_numpy(), np.full(len(sick), -1)]),
    }).sort_values(["anstalld", "dag", "slag"], kind="stable")
    level = events.groupby("anstalld", sort=False)["andel"].cumsum()
    return pd.Index(events.loc[(events["slag"] == 1) & (level > 1 + 1e-9), "rad"].unique())
