"""The documents beside the report: the tjänsteskrivelse, the PDFs, and the templates' check.

Called from `pipeline.render.output.rendered_outputs` (the memo), from `pipeline.cli` (`report
--pdf` and `check`). Everything is rendered in memory; `folders.publish_report` writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from pipeline.compute.period import MONTHS
from pipeline.problems import Problem
from pipeline.render import charts
from pipeline.render.memo import memo_context
from pipeline.render.contents import with_filled_contents
from pipeline.render.pdf import PdfUnavailable, pdf_and_contents
from pipeline.render.template_lint import template_problems
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, TEMPLATES, render_docx
from pipeline.settings.report_types import ReportType

MEMO_FILE = "tjansteskrivelse.docx"


def configured_template(configured: str, input_dir: Path, default: Path) -> Path:
    """A template named in rapport.toml (relative to installningar/), or the shipped default."""
    if not configured:
        return default
    path = Path(configured)
    return path if path.is_absolute() else Path(input_dir) / "installningar" / path


def report_template(kind: ReportType, settings, input_dir: Path) -> Path:
    """The template of a report of type `kind`: the type's own (`[rapporttyper.X] mall`), else
    the one `mall_rapport` names, else the type's shipped template."""
    shipped = TEMPLATES / kind.standardmall
    return configured_template(kind.mall or settings.report.mall_rapport, input_dir, shipped)


def template_paths(settings, input_dir: Path) -> dict[str, Path]:
    """Every template a run may use, by the file it makes: each report type's (one entry per
    distinct template, under the first type's file name) and the memo's when a memo is configured."""
    paths: dict[str, Path] = {}
    for kind in settings.report_types.types:
        if not kind.manader:
            continue                   # a type no month gives
        path = report_template(kind, settings, input_dir)
        if path not in paths.values():
            paths[kind.fil] = path
    if settings.memo is not None:
        paths[MEMO_FILE] = configured_template(settings.report.mall_tjansteskrivelse, input_dir,
                                               DEFAULT_MEMO_TEMPLATE)
    return paths


def template_checks(settings, input_dir: Path, contexts: Mapping[Path, list[dict]] | None = None
                    ) -> list[Problem]:
    """`template_problems` for every template a run may use (every report type's and the memo's),
    all of them, each problem located in its template's file. Rendered with the contract's
    samples (knowing the text names of rapport.toml [texter]) and `contexts`: a report's own
    contexts for the templates its run uses (`report_contexts`)."""
    from pipeline.render.contract import sample_contexts

    problems: list[Problem] = []
    samples = sample_contexts(tuple(settings.followup.texts))      # with the organisation's text names
    for path in template_paths(settings, input_dir).values():
        for problem in template_problems(path, [*samples, *(contexts or {}).get(path, [])]):
            if problem not in problems:
                problems.append(problem)
    return problems


def memo_outputs(settings, context: dict, input_dir: Path, timestamp: datetime) -> dict[str, bytes]:
    """{"tjansteskrivelse.docx": bytes}, or {} when rapport.toml has no [tjansteskrivelse].

    `context` is the report's context (report_context); the memo adds `memo` from the settings.
    """
    if settings.memo is None:
        return {}
    document = {"datum": settings.memo.datum, **context["dokument"]}   # the memo's date is its setting
    context = {**context, "dokument": document}
    memo = memo_context(settings.memo, document)
    data = render_docx(
        configured_template(settings.report.mall_tjansteskrivelse, input_dir, DEFAULT_MEMO_TEMPLATE),
        {**context, "memo": memo}, timestamp=timestamp,
        title=f"Tjänsteskrivelse: {memo['titel']}",
        subject=f"{document['titel']}, {document['namnd']}, ärendenummer {document['arendenummer']}",
        author=document.get("forvaltning") or document.get("kommun", ""),
    )
    return {MEMO_FILE: data}


def with_pdfs(files: dict[str, bytes], timestamp: datetime) -> tuple[dict[str, bytes], str | None]:
    """`files` plus a tagged PDF/UA beside every .docx, each .docx with its table of contents
    filled in as LibreOffice laid it out; or `files` unchanged and a Swedish note saying why no
    PDF was made (LibreOffice or its Python bridge missing, conversion failed)."""
    pdfs: dict[str, bytes] = {}
    filled: dict[str, bytes] = {}
    try:
        for name, data in files.items():
            if name.endswith(".docx"):
                pdf, entries = pdf_and_contents(data, timestamp=timestamp)
                pdfs[name[: -len(".docx")] + ".pdf"] = pdf
                filled[name] = with_filled_contents(data, entries, timestamp)
    except PdfUnavailable as error:
        return files, str(error)
    return {**files, **filled, **pdfs}, None


# Optional parts of the contract (docs/report-context.md) and their value when absent. A context
# that lacks one of them gets this value; a name a template misspells still fails strictly.
ABSENT_PARTS = {
    "avsnitt": {key: None for key in ("sammanfattning", "uppdrag_och_ansvar", "vasentliga_handelser",
                                      "ekonomisk_analys", "atgarder_budget_i_balans", "investeringar",
                                      "forvantad_utveckling", "medarbetare")},
    "mal": [], "satsningar": [], "medarbetarsatsningar": [], "uppdrag": [], "internkontroll": [],
    "personal": None,
    "diagram": None,
    "organisationsschema": None,
}
ABSENT_TEXTS = {"malstatus": "", "internkontroll": ""}
# personal.mal[].status: a staff goal without an assessment has status None.


def with_absent_parts(context: dict) -> dict:
    """`context` with every optional part it lacks set to its absent value (nothing overwritten)."""
    filled = {**ABSENT_PARTS, **context}
    filled["avsnitt"] = {**ABSENT_PARTS["avsnitt"], **(context.get("avsnitt") or {})}
    filled["texter"] = {**ABSENT_TEXTS, **context.get("texter", {})}
    if filled.get("personal"):
        staff = filled["personal"]
        filled["personal"] = {**staff, "mal": [{"status": None, "analys": "", "diagram": "", **goal} for goal in staff.get("mal", [])]}
    return filled


def org_chart_context(picture) -> dict | None:
    """`organisationsschema` for the template: {bild (a picture with its text alternative),
    bildtext}, or None when the nämnd has none (section 2 then has no picture and no placeholder)."""
    if picture is None:
        return None
    return {"bild": charts.Chart(picture.data, picture.alt, "Organisationsschema", picture.width_cm),
            "bildtext": picture.caption}


SICK_LEAVE_CHART = "sjukfranvaro"        # the chart's key in `diagram`, and a goal's `diagram`
SICK_LEAVE = "sjukfrånvaro"              # the measure (indikatorer.xlsx, Mått) it shows


def report_charts(report, pictures: charts.Pictures | None = None, drawer=None) -> dict:
    """`diagram` for the template: budget against forecast per verksamhet (the DR's unrounded
    figures) and, under the staff goal that follows sick leave, that goal's indicators over their
    history: the published outcome of the two years before and this period's computed figure,
    the same values (and targets) as the indicator tables beside it. A chart without figures is None."""
    labels, budget, forecast, budget_label, forecast_label = charts.dr_budget_forecast(report.printed["dr"])
    diagram = {"budget_prognos": charts.budget_forecast_chart(labels, budget, forecast,
                                                              budget_label=budget_label,
                                                              forecast_label=forecast_label,
                                                              pictures=pictures, drawer=drawer),
               SICK_LEAVE_CHART: None}
    staff = getattr(report, "personnel", None)
    goal = sick_leave_goal(staff.goals) if staff is not None else None
    if goal is not None:
        periods, series, goals = _indicator_history(goal, report.period)
        if series:
            diagram[SICK_LEAVE_CHART] = charts.sick_leave_chart(periods, series, goals=goals, pictures=pictures,
                                                                drawer=drawer)
    return diagram


def sick_leave_goal(goals):
    """The first staff goal whose indicators are sick leave (the one the chart goes under), or None."""
    return next((goal for goal in goals if SICK_LEAVE in goal.measures), None)


def _indicator_history(goal, period) -> tuple[list[str], dict[str, list[float | None]], dict[str, float | None]]:
    """Periods, one series per indicator row (its label as in the table) and each row's target,
    as shares, from the indicator tables' unrounded values (Startläge, Utfall two years ago,
    Utfall last year, this period, Mål; percent). Startläge has no year and is left out."""
    periods = [str(period.previous_year - 1), str(period.previous_year), _period_label(period)]
    series, goals = {}, {}
    for table in goal.tables:
        for row, values in zip(table.rows, table.unrounded):
            history = [None if v is None else v / 100 for v in values[1:4]]
            if any(v is not None for v in history):
                series[row.label] = history
                goals[row.label] = None if values[4] is None else values[4] / 100
    return periods, series, goals


def _period_label(period) -> str:
    """The report's period as a chart label: "jan–aug 2023" ("jan 2023" in January)."""
    last = MONTHS[period.month - 1]
    return f"jan–{last} {period.year}" if period.month > 1 else f"jan {period.year}"
