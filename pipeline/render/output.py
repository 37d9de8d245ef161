"""Render every output in memory: the report's context, the Word documents and the workbook.

Nothing is written here: `pipeline.render.folders` decides where the files go and
`pipeline.render.publish` replaces the folder as a whole, so if any rendering fails, no file in
the period's folder is touched.
"""

from __future__ import annotations

import calendar
import dataclasses
from datetime import datetime
from pathlib import Path

from pipeline.compute.previous import FORECAST_TABLE
from pipeline.compute.sentences import genitive
from pipeline.problems import Problem
from pipeline.render import changes, documents, record as printed
from pipeline.render.charts import Pictures
from pipeline.render import sections
from pipeline.render.sections import LeftOut
from pipeline.render.memo import memo_context
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, TemplateError, render_docx
from pipeline.render.workbook import reconciliation_workbook
from pipeline.settings.report_types import ReportType

WORKBOOK_FILE = "avstamning.xlsx"


def period_timestamp(report) -> datetime:
    """Fixed document time: the last day of the report month, so re-runs give identical bytes."""
    p = report.period
    return datetime(p.year, p.month, calendar.monthrange(p.year, p.month)[1], 12, 0, 0)


def report_type(report) -> ReportType:
    """The type of the report the period's close gives (rapport.toml [rapporttyper], defaults)."""
    return report.settings.report_types.for_month(report.period.month)


def report_context(report) -> dict:
    """Everything the Word template may use. Figures are already formatted text.

    The nämnd's own tables are `rr`, `dr`, `inv`; each unit reported in its report comes only
    through `ovriga_enheter` (no key named after a unit)."""
    s, p = report.settings.report, report.period
    main = report.units[0]
    appended = {f"{other.unit.lower()}_{name}" for other in report.units[1:] for name in ("rr", "dr", "analys")}
    context = {
        "dokument": {
            "titel": f"{report_type(report).namn} {p.month_name} {p.year}",
            "namnd": main.name,
            "arendenummer": s.arendenummer,
            "kommun": s.kommun,
            "forvaltning": s.forvaltning,
            "period_text": f"januari–{p.month_name} {p.year}" if p.month > 1 else f"januari {p.year}",
            "arsbokslut": p.is_year_end,
        },
        "texter": {key: text for key, text in report.texts.items() if key not in appended},
        "ovriga_enheter": [],
    }
    for key, table in report.printed.items():
        if key not in appended and key != FORECAST_TABLE:
            context[key] = table.as_context()
    context["jamforelse"] = comparison_context(report)
    for other in report.units[1:]:
        prefix = other.unit.lower()
        context["ovriga_enheter"].append({
            "kod": other.unit, "namn": other.name,
            "rr": report.printed[f"{prefix}_rr"].as_context(), "dr": report.printed[f"{prefix}_dr"].as_context(),
            "analys": report.texts.get(f"{prefix}_analys", ""),
        })
    context["personal"] = personnel_context(report)
    context["organisationsschema"] = documents.org_chart_context(getattr(report, "org_chart", None))
    if report.followup is not None:
        context.update(report.followup.context())
        context["texter"].update(report.followup.texter)
    for key, value in document_facts(report).items():
        context["dokument"].setdefault(key, value)
    return context


def comparison_context(report) -> dict | None:
    """Since the previous report (`compute.previous`): its name ("tertialrapporten i april"),
    type name and period, each DR row's forecast then and now, and the sentence on the change;
    None without a previous report whose record could be read."""
    previous = getattr(report, "previous", None)
    if previous is None or FORECAST_TABLE not in report.printed:
        return None
    return {"namn": previous.name, "rapportnamn": previous.type_name, "period": previous.period.label,
            "prognos": report.printed[FORECAST_TABLE].as_context(), "text": report.texts.get(FORECAST_TABLE, "")}


def document_facts(report) -> dict[str, str]:
    """The contract's other `dokument` keys (names for the memo's texts and headings)."""
    p, name = report.period, report.units[0].name
    memo = report.settings.memo
    return {
        "rapportnamn": report_type(report).namn,
        "namnd_genitiv": genitive(name),
        "period_slut": f"sista {p.month_name} {p.year}",
        "datum": memo.date_for(p.year, p.month) if memo is not None else "",   # the period's memo date
    }


GOAL_TEXTS = {"hme": "hme", "chefsfrågor": "chefsfragor", "sjukfrånvaro": "sjukfranvaro",
              "personalomsättning": "personalomsattning"}
FOOTNOTE = ("– betyder att uppgiften inte redovisas eftersom gruppen har tio eller färre anställda eller "
            "uppgiften kan hänföras till en enskild person (lag 2018:597 11 kap.).")


def personnel_context(report) -> dict | None:
    """Section 5: the goals' computed sentences and indicator tables; None when not configured."""
    staff = report.personnel
    if staff is None:
        return None
    followup = report.followup
    charted = documents.sick_leave_goal(staff.goals)
    goals = []
    for goal in staff.goals:
        assessed = followup.staff_goal(goal.heading) if followup is not None else None
        goals.append({
            "rubrik": assessed["mal"] if assessed else goal.heading,
            "text": " ".join(staff.texts[GOAL_TEXTS[m]] for m in goal.measures
                             if staff.texts.get(GOAL_TEXTS.get(m, ""))),
            "analys": assessed["analys"] if assessed else "",
            "status": assessed["status"] if assessed else None,
            "tabeller": [table.as_context() for table in goal.tables],
            "diagram": documents.SICK_LEAVE_CHART if goal is charted else "",   # the chart under the goal
        })
    law_table = staff.key_figures if report.period.is_year_end else None
    printed = [cell for goal in staff.goals for table in goal.tables for row in table.rows for cell in row.cells]
    if law_table is not None:
        printed += [cell for row in law_table.rows for cell in row.cells]
    return {
        "mal": goals,
        "lagtabell": law_table is not None,
        "sjukfranvaro_lag": staff.key_figures.as_context(),
        "fotnot": FOOTNOTE if "–" in printed else "",
    }


def documents_basis(report):
    """The report as far as its documents can show it: the staff section as printed (what the
    cache holds, `PersonnelReport.printed_only`), so that a run that parsed the HR exports and one
    that took the section from the cache have the same basis (`pipeline.render.unchanged`)."""
    staff = report.personnel
    return report if staff is None else dataclasses.replace(report, personnel=staff.printed_only())


def printed_record(report) -> dict:
    """The record of everything the report's documents print (`pipeline.render.record`), made
    from the report as the cache may hold it (`documents_basis`): the same for a run that parsed
    the HR exports and one that did not, and nothing a document does not show."""
    return printed.printed_record(report, report_context(documents_basis(report)))


def rendered_outputs(report, problems: list[Problem], input_dir: Path,
                     pictures: Pictures | None = None, drawer=None,
                     record: dict | None = None, comparison: changes.Comparison | None = None) -> dict[str, bytes]:
    """Every output file's bytes. `pictures`: charts drawn by an earlier run (the cache);
    `drawer`: a helper process drawing new charts meanwhile (`pipeline.render.drawing`), so the
    workbook and the memo are made first and the report, which prints the charts, last.
    `record`: what the documents print (`printed_record`, made here when not given), published
    as `printed.RECORD_FILE`; `comparison`: it against the previous run's, the workbook's sheet
    Ändringar (None: as in a folder without a previous run)."""
    stamp, kind = period_timestamp(report), report_type(report)
    context = documents.with_absent_parts({"diagram": documents.report_charts(report, pictures, drawer),
                                           **report_context(report)})
    record = printed_record(report) if record is None else record
    workbook = reconciliation_workbook(report, problems, stamp,
                                       changes.Comparison(None) if comparison is None else comparison)
    memo = documents.memo_outputs(report.settings, context, input_dir, stamp)
    docx = render_docx(
        documents.report_template(kind, report.settings, input_dir), context, timestamp=stamp,
        title=context["dokument"]["titel"] + " – " + context["dokument"]["namnd"],
        subject=f"{kind.namn} {report.period.label}",
        author=report.settings.report.forvaltning or report.settings.report.kommun,
    )
    return {kind.fil: docx, **memo, WORKBOOK_FILE: workbook, printed.RECORD_FILE: printed.record_bytes(record)}


def left_out_sections(report) -> list[LeftOut]:
    """The sections of the report type's shipped template that the report's inputs leave out,
    each with its Swedish reason (for the run's summary)."""
    context = documents.with_absent_parts(report_context(report))
    return sections.left_out_sections(context, sections.template_sections(report_type(report).standardmall))


def report_contexts(report, input_dir: Path) -> dict[Path, list[dict]]:
    """The report's own context for the template its period uses and for the memo's: `check`
    renders them with the real data too, not only the contract's samples."""
    context = documents.with_absent_parts(report_context(report))
    found = {documents.report_template(report_type(report), report.settings, input_dir): [context]}
    if report.settings.memo is not None:
        memo_path = documents.configured_template(report.settings.report.mall_tjansteskrivelse, input_dir,
                                                  DEFAULT_MEMO_TEMPLATE)
        document = {"datum": report.settings.memo.datum, **context["dokument"]}
        try:
            memo = {**context, "dokument": document, "memo": memo_context(report.settings.memo, document)}
        except TemplateError:          # a memo text naming an unknown fact: a settings problem already
            return found
        found.setdefault(memo_path, []).append(memo)
    return found
