"""Render every output in memory: the report's context, the Word documents and the workbook.

Nothing is written here: `pipeline.render.folders` decides where the files go and
`pipeline.render.publish` replaces the folder as a whole, so if any rendering fails, no file in
the period's folder is touched.
"""

from __future__ import annotations

import calendar
from datetime import datetime
from pathlib import Path

from pipeline.compute.sentences import genitive
from pipeline.problems import Problem
from pipeline.render import documents
from pipeline.render.charts import Pictures
from pipeline.render.word import DEFAULT_TEMPLATE, render_docx
from pipeline.render.workbook import reconciliation_workbook

REPORT_FILE = "delarsrapport.docx"
WORKBOOK_FILE = "avstamning.xlsx"


def period_timestamp(report) -> datetime:
    """Fixed document time: the last day of the report month, so re-runs give identical bytes."""
    p = report.period
    return datetime(p.year, p.month, calendar.monthrange(p.year, p.month)[1], 12, 0, 0)


def report_context(report) -> dict:
    """Everything the Word template may use. Figures are already formatted text."""
    s, p = report.settings.report, report.period
    main = report.units[0]
    context = {
        "dokument": {
            "titel": f"{p.report_name} {p.month_name} {p.year}",
            "namnd": main.name,
            "arendenummer": s.arendenummer,
            "kommun": s.kommun,
            "forvaltning": s.forvaltning,
            "period_text": f"januari–{p.month_name} {p.year}" if p.month > 1 else f"januari {p.year}",
            "arsbokslut": p.is_year_end,
        },
        "texter": dict(report.texts),
        "ovriga_enheter": [],
    }
    for key, table in report.printed.items():
        context[key] = table.as_context()
    for other in report.units[1:]:
        prefix = other.unit.lower()
        context["ovriga_enheter"].append({
            "kod": other.unit, "namn": other.name,
            "rr": context[f"{prefix}_rr"], "dr": context[f"{prefix}_dr"],
            "analys": report.texts.get(f"{prefix}_analys", ""),
        })
    # The default template names the second unit's tables kf_rr / kf_dr / texter.kf_analys.
    context["personal"] = personnel_context(report)
    if report.followup is not None:
        context.update(report.followup.context())
        context["texter"].update(report.followup.texter)
    for key, value in document_facts(report).items():
        context["dokument"].setdefault(key, value)
    return context


def document_facts(report) -> dict[str, str]:
    """The contract's other `dokument` keys (names for the memo's texts and headings)."""
    p, name = report.period, report.units[0].name
    memo = report.settings.memo
    return {
        "rapportnamn": p.report_name,
        "namnd_genitiv": genitive(name),
        "period_slut": f"sista {p.month_name} {p.year}",
        "datum": memo.datum if memo is not None else "",
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


def rendered_outputs(report, problems: list[Problem], input_dir: Path,
                     pictures: Pictures | None = None, drawer=None) -> dict[str, bytes]:
    """Every output file's bytes. `pictures`: charts drawn by an earlier run (the cache);
    `drawer`: a helper process drawing new charts meanwhile (`pipeline.render.drawing`), so the
    workbook and the memo are made first and the report, which prints the charts, last."""
    stamp = period_timestamp(report)
    context = documents.with_absent_parts({"diagram": documents.report_charts(report, pictures, drawer),
                                           **report_context(report)})
    workbook = reconciliation_workbook(report, problems, stamp)
    memo = documents.memo_outputs(report.settings, context, input_dir, stamp)
    docx = render_docx(
        documents.configured_template(report.settings.report.mall_rapport, input_dir, DEFAULT_TEMPLATE),
        context, timestamp=stamp,
        title=context["dokument"]["titel"] + " – " + context["dokument"]["namnd"],
        subject=f"{report.period.report_name} {report.period.label}",
        author=report.settings.report.forvaltning or report.settings.report.kommun,
    )
    return {REPORT_FILE: docx, **memo, WORKBOOK_FILE: workbook}
