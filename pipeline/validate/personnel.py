"""Checks on the HR exports. Personal data: a message names file, sheet, row and column, never
the employee's key, birth year or hours."""

from __future__ import annotations

import pandas as pd

from pipeline.problems import Location, Problem
from pipeline.read.excel import RawTable
from pipeline.settings import PersonnelSettings
from pipeline.validate.cells import located

KOMMUNEN = "kommunen"
SURVEY_INDICES = ("hme", "chefsfrågor", "motivation", "ledarskap", "styrning")
MEASURES = ("hme", "chefsfrågor", "sjukfrånvaro", "personalomsättning")
INDICATOR_TYPES = ("kf", "nämnd")


def _table_of(tables: list[RawTable], file: str) -> RawTable:
    return next(t for t in tables if t.file == file)


def _rows_problems(frame: pd.DataFrame, mask: pd.Series, tables: list[RawTable], field: str,
                   rule: str, message: str, hint: str) -> list[Problem]:
    problems = []
    for file, group in frame[mask].groupby("fil", sort=True):
        problems += located(_table_of(tables, file), field, pd.Index(group["rad"]), rule, message, hint)
    return problems


def _casefolded(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.casefold().fillna("")


def unknown_codes(frame: pd.DataFrame, field: str, known: set[str], tables: list[RawTable],
                  what: str, where_known: str) -> list[Problem]:
    """One problem per distinct unknown code (codes are not personal data), at its first row."""
    problems = []
    values = frame[field]
    for code in sorted(set(values.unique()) - known - {""}):
        first = frame[values == code].iloc[0]
        table = _table_of(tables, first["fil"])
        problems.append(Problem("kod-okänd", f'{what} "{code}" är okänd.',
                                table.location(int(first["rad"]), field),
                                hint=f"Använd en kod från {where_known}, eller lägg till den där."))
    return problems


def _unit_and_form_problems(frame: pd.DataFrame, settings: PersonnelSettings, units: set[str],
                            tables: list[RawTable]) -> tuple[list[Problem], pd.Series]:
    """Unknown förvaltning and anställningsform codes of an HR export, and the casefolded forms."""
    problems = unknown_codes(frame, "forvaltning", units, tables, "Förvaltningen",
                             "bladet Förvaltningar i organisation.xlsx")
    form = _casefolded(frame["anstallningsform"])
    known_forms = settings.permanent | settings.temporary | settings.hourly
    problems += _rows_problems(frame, ~form.isin(known_forms), tables, "anstallningsform",
                               "anställningsform-okänd", "Anställningsformen är okänd.",
                               "Använd en av koderna i [personal] i rapport.toml (tillsvidare, visstid, "
                               "timavlonad).")
    return problems, form


def personnel_problems(personnel: pd.DataFrame, settings: PersonnelSettings, units: set[str],
                       tables: list[RawTable]) -> list[Problem]:
    problems, _ = _unit_and_form_problems(personnel, settings, units, tables)
    sex = _casefolded(personnel["kon"])
    problems += _rows_problems(personnel, ~sex.isin(settings.women | settings.men), tables, "kon",
                               "kön-okänt", "Koden för kön är okänd.",
                               "Använd en av koderna under kvinna/man i [personal] i rapport.toml.")
    problems += _rows_problems(personnel, personnel["sjuktimmar"] > personnel["arbetstid"], tables,
                               "sjuktimmar", "timmar-omöjliga",
                               "Sjuktimmarna är fler än arbetstiden på samma rad.",
                               "Rätta raden i HR-exporten.")
    problems += _rows_problems(personnel, personnel["sjuktimmar_60"] > personnel["sjuktimmar"], tables,
                               "sjuktimmar_60", "timmar-omöjliga",
                               "Sjuktimmarna i långa sjukperioder är fler än alla sjuktimmar på raden.",
                               "Rätta raden i HR-exporten.")
    problems += _two_units_in_one_month(personnel, tables)
    return problems


def periods_outside_years(personnel: pd.DataFrame, years: tuple[int, ...],
                          tables: list[RawTable]) -> list[Problem]:
    """HR rows of neither the report year nor the year before (known once the period is)."""
    return _rows_problems(personnel, (personnel["manad"] > 0) & ~personnel["ar"].isin(years), tables,
                          "period", "period-utanför-året",
                          "Perioden ligger utanför rapportens år.",
                          "Ta bort rader från andra år ur exporten, eller exportera om för rätt år.")


def _two_units_in_one_month(personnel: pd.DataFrame, tables: list[RawTable]) -> list[Problem]:
    keys = ["anstalld", "ar", "manad"]
    counts = personnel.groupby(keys)["forvaltning"].transform("nunique")
    clash = personnel[counts > 1]
    first_unit = clash.groupby(keys)["forvaltning"].transform("first")
    later = clash[clash["forvaltning"] != first_unit]
    problems = []
    for row in later.itertuples():
        other = clash[(clash["anstalld"] == row.anstalld) & (clash["ar"] == row.ar)
                      & (clash["manad"] == row.manad) & (clash["forvaltning"] != row.forvaltning)].iloc[0]
        problems.append(Problem(
            "två-förvaltningar",
            f"Samma anställd står i två förvaltningar samma månad (den andra raden är {other['fil']} "
            f"rad {int(other['rad'])}).",
            _table_of(tables, row.fil).location(int(row.rad), "forvaltning"),
            hint="En anställd kan bara tillhöra en förvaltning per månad: rätta exporten."))
    return problems


def employment_problems(employments: pd.DataFrame, settings: PersonnelSettings, units: set[str],
                        tables: list[RawTable]) -> list[Problem]:
    problems, form = _unit_and_form_problems(employments, settings, units, tables)
    problems += _rows_problems(employments, employments["slutdatum"] < employments["startdatum"], tables,
                               "slutdatum", "datum-omöjligt", "Slutdatum ligger före startdatum.",
                               "Rätta datumen i anställningsexporten.")
    reason = _casefolded(employments["avgangsorsak"])
    ended = employments["slutdatum"].notna()
    problems += _rows_problems(employments, ended & (reason != "") & ~reason.isin(settings.reasons), tables,
                               "avgangsorsak", "orsak-okänd", "Avgångsorsaken är okänd.",
                               "Lägg till orsaken under avgangsorsaker i [personal] i rapport.toml.")
    permanent = form.isin(settings.permanent)
    problems += _rows_problems(employments, ended & permanent & (reason == ""), tables, "avgangsorsak",
                               "värde-saknas", "Avgångsorsak saknas för en avslutad tillsvidareanställning.",
                               "Fyll i avgångsorsaken: den avgör om avgången räknas i personalomsättningen.")
    return problems


def survey_problems(survey: pd.DataFrame, units: set[str], tables: list[RawTable]) -> list[Problem]:
    known = {u.casefold() for u in units} | {KOMMUNEN}
    problems = _rows_problems(survey, ~_casefolded(survey["enhet"]).isin(known), tables, "enhet",
                              "enhet-okänd", "Enheten finns inte bland förvaltningarna.",
                              'Använd "Kommunen" eller en kod från bladet Förvaltningar i organisation.xlsx.')
    problems += _rows_problems(survey, ~_casefolded(survey["index"]).isin(SURVEY_INDICES), tables, "index",
                               "index-okänt", "Indexet är okänt.",
                               "Använd HME, Chefsfrågor, Motivation, Ledarskap eller Styrning.")
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
