"""The since-the-previous-report stage: which report a nämnd's compares with, its record read.

The rule and the sentences are pure (`compute/previous.py`); this stage picks the period from
--jamfor-med, `[rapport] jamfor_med` or the default rule, reads that period's published record
(`read/published.py`), and says what is wrong with the choice or the record as located problems.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from pipeline.compute import previous as since
from pipeline.compute.period import Period, parse_period
from pipeline.model import PrintedTable
from pipeline.problems import Location, Problem, Severity
from pipeline.read.published import MISSING, UNREADABLE, SavedReport, saved_periods, saved_report
from pipeline.render.record import RECORD_FILE, RECORD_FORMAT
from pipeline.render.folders import folder_name, period_folder
from pipeline.settings import Settings


@dataclass(frozen=True)
class Comparing:
    """Where the published reports are (`output_dir`), whose records a report compares with,
    and the period the ekonom asked for (--jamfor-med), over `[rapport] jamfor_med`."""

    output_dir: Path
    period: str | None = None


@dataclass(frozen=True)
class PreviousReport:
    """The report this one compares with: its period, its name in a sentence ("tertialrapporten
    i april", `compute.previous.report_name`), its type's name, and what its record holds
    (None: no readable record; the goals then compare with the export's typed column). Part of
    the report, so the kept-folder key (`render/unchanged.py`) covers the previous record."""

    period: Period
    name: str
    type_name: str
    saved: SavedReport | None


def option_problems(period: Period, comparing: Comparing | None) -> list[Problem]:
    """--jamfor-med: a period ÅÅÅÅ-MM before the report's."""
    if comparing is None or not comparing.period:
        return []
    asked = parse_period(comparing.period)
    where = Location(str(comparing.output_dir))
    if asked is None:
        return [Problem("period-ogiltig", f'--jamfor-med "{comparing.period}" är ingen period.', where,
                        hint="Ange perioden som ÅÅÅÅ-MM, t.ex. --jamfor-med 2023-04.")]
    if (asked.year, asked.month) >= (period.year, period.month):
        return [Problem("period-ogiltig", f"--jamfor-med {asked.label} är inte en period före rapportens "
                                          f"({period.label}).", where,
                        hint="Ange en tidigare period, t.ex. den senaste tertial- eller delårsrapporten.")]
    return []


def previous_report(period: Period, settings: Settings, code: str, name: str,
                     comparing: Comparing | None) -> tuple[PreviousReport | None, list[Problem]]:
    """The report the nämnd `code` compares with (`compute.previous`), with its record read from
    output/<its period>/<nämnd>/utskrivet.json when there is one. Asked for with --jamfor-med,
    a missing or unreadable record is an error; named in `[rapport] jamfor_med`, a warning;
    by the default rule, a missing record is no problem (the goals use the typed column)."""
    asked = comparing.period if comparing is not None and comparing.period else ""
    if asked and parse_period(asked) is None:
        return None, []                     # said once for the run (option_problems)
    types = settings.report_types
    chosen = since.previous_period(period, types, since.parse_setting(asked or settings.report.jamfor_med))
    if chosen is None:
        return None, []
    previous = PreviousReport(chosen, since.report_name(chosen, types, period), types.for_month(chosen.month).namn,
                              None)
    if comparing is None:
        return previous, []
    path = period_folder(comparing.output_dir, chosen, name) / RECORD_FILE
    saved, why = saved_report(path, code, chosen.label, RECORD_FORMAT)
    if saved is not None:
        return replace(previous, saved=saved), []
    if why == MISSING and not asked and not settings.report.jamfor_med:
        return previous, []
    severity = Severity.ERROR if asked else Severity.WARNING
    source = f"--jamfor-med {asked}" if asked else f'[rapport] jamfor_med = "{settings.report.jamfor_med}"'
    rerun = f"python -m pipeline rapport --period {chosen.label}"
    if why == MISSING:
        found = saved_periods(comparing.output_dir, folder_name(name), RECORD_FILE)
        return previous, [Problem(
            "jämförelse-saknas", f"Det finns ingen sparad rapport för {chosen.label} att jämföra med ({source}).",
            Location(str(path)), severity=severity,
            hint=f"Skriv rapporten för {chosen.label} först ({rerun}), eller jämför med en period som har en "
                 "sparad rapport: " + (", ".join(found) if found else "ingen finns ännu") + ".")]
    return previous, [Problem(
        "jämförelse-oläslig",
        f"Rapporten för {chosen.label} går inte att jämföra med: {RECORD_FILE} är "
        + ("skriven av en äldre version av programmet eller för en annan nämnd eller period."
           if why != UNREADABLE else "inte läsbar (ändrad för hand eller skadad).")
        + " Prognosens förändring skrivs inte ut"
        + (", och målen jämförs med kolumnen Status föregående rapport." if severity is Severity.WARNING else "."),
        Location(str(path)), severity=severity,
        hint=f"Skriv rapporten för {chosen.label} igen ({rerun}) så att den sparas i programmets format.")]


def forecast_since(previous: PreviousReport, dr: pd.DataFrame, period: Period, label_heading: str,
                   minus: str) -> tuple[PrintedTable, str]:
    """Each DR row's forecast then and now, and the sentence on the nämnd's total, against the
    previous report's record (`previous.saved`)."""
    saved = previous.saved
    table = since.forecast_table(dr, dict(saved.forecast), period, previous.period, label_heading, minus)
    total = dr.loc[dr["kind"] == "total", "utfall" if period.is_year_end else "prognos"]
    now = None if total.empty or pd.isna(total.iloc[0]) else int(total.iloc[0])
    return table, since.forecast_sentence(now, saved.total, previous.name, period.is_year_end)
