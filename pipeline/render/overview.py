"""The kommun's overview as files: kommunoversikt.docx and kommunoversikt.xlsx, in memory.

    files = overview_files(overview, problems)      # {"kommunoversikt.docx": …, "kommunoversikt.xlsx": …}

The Word document is the shipped template pipeline/templates/oversikt/kommunoversikt.docx (made by
tools/make_templates.py; its context in docs/report-context.md) rendered like a nämnd's report
(`word.render_docx`: sandboxed, reproducible bytes). The workbook has the checks, the tables with
their unrounded amounts, and the rows that belong to no rapportenhet. `pipeline.render.folders`
publishes both as output/<period>/kommunen/.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import xlsxwriter

from pipeline.compute.overview import StaffFigures, drift_sentence, investment_sentence
from pipeline.model import PrintedTable, TableRow
from pipeline.numbers import format_percent
from pipeline.problems import Problem
from pipeline.render.changes import Comparison
from pipeline.render.changes_text import changes_sheet
from pipeline.render.output import FOOTNOTE, period_timestamp
from pipeline.render.record import RECORD_FILE, printed_record_of, record_bytes
from pipeline.render.sections import LeftOut, Section, left_out_sections
from pipeline.render.summary import files_text
from pipeline.render.tables import printed_table
from pipeline.render.word import TEMPLATES, render_docx
from pipeline.render.sheet import Sheet
from pipeline.render.workbook import (AMOUNTS_NOTE, CHECKS_NOTE, HIDDEN, ROW_KINDS, checks_sheet, table_sheet,
                                      workbook_styles, write_summary)
from pipeline.compute.personnel import KOMMUNEN
from pipeline.settings.followup import GOAL_KINDS, OFF_TRACK, ON_TRACK, PARTLY

NAME = "Kommunöversikt"
OVERVIEW_UNIT = "Kommunen"                  # the record's unit (utskrivet.json in output/<period>/kommunen/)
DOCX_FILE = "kommunoversikt.docx"
WORKBOOK_FILE = "kommunoversikt.xlsx"
TEMPLATE = TEMPLATES / "oversikt" / "kommunoversikt.docx"
UNIT_HEADER = "Nämnd (mnkr)"
GOAL_PHRASES = {ON_TRACK: "På rätt väg", PARTLY: "Delvis på rätt väg", OFF_TRACK: "På fel väg"}   # without [status.mal]

# The template's optional sections (tools/make_templates.py puts each condition in a {%p if %}).
GOALS = Section("Måluppfyllelse per nämnd", "mal",
                "ingen målbedömning läses: lägg till [kallor.mal] i rapport.toml och exporten i mappen.")
STAFF = Section("Sjukfrånvaro och personalomsättning per förvaltning", "personal",
                "inget personalavsnitt: rapport.toml har inget [personal], ingen förvaltning på bladet "
                "Förvaltningar i organisation.xlsx hör till en nämnd med egen rapport, eller personalexporterna "
                "har fel.")
SECTIONS = (GOALS, STAFF)


def overview_files(overview, problems: list[Problem], comparison: Comparison | None = None) -> dict[str, bytes]:
    """The overview's Word document, workbook and record of what it prints (`RECORD_FILE`),
    as bytes; `comparison`: the record against the previous run's, the workbook's sheet
    Ändringar (None: as in a folder without a previous run)."""
    stamp = period_timestamp(overview)
    context = overview_context(overview)
    docx = render_docx(TEMPLATE, context, timestamp=stamp, title=context["dokument"]["titel"],
                       subject=f"{NAME} {overview.period.label}",
                       author=overview.settings.report.kommun)
    workbook = overview_workbook(overview, problems, stamp, Comparison(None) if comparison is None else comparison)
    return {DOCX_FILE: docx, WORKBOOK_FILE: workbook, RECORD_FILE: record_bytes(overview_record(overview))}


def overview_record(overview) -> dict:
    """Everything the overview prints, as text (`record.printed_record`'s shape, unit
    "kommunen"): its tables and sentences. Aggregates only, made from the overview alone."""
    return printed_record_of(OVERVIEW_UNIT, overview.period.label, overview_context(overview),
                             ("drift", "investeringar", "mal", "personal"))


def title(overview) -> str:
    p = overview.period
    return f"{NAME} {p.month_name} {p.year}"


def overview_tables(overview) -> dict[str, PrintedTable]:
    """drift, investeringar, and (when there are inputs for them) mal and personal."""
    names = {code: unit.name for code, unit in overview.rules.units.items()}
    minus, period = overview.settings.report.minustecken, overview.period
    tables = {
        "drift": printed_table("drift", "Driftsredovisning per nämnd", UNIT_HEADER,
                               overview.drift.rename(index=names), period, minus),
        "investeringar": printed_table("investeringar", "Investeringar per nämnd", UNIT_HEADER,
                                       overview.investments.rename(index=names), period, minus),
    }
    if overview.goals is not None:
        tables["mal"] = _goal_table(overview)
    if overview.staff is not None:
        tables["personal"] = _staff_table(overview.staff, period)
    return tables


def _goal_table(overview) -> PrintedTable:
    """Per nämnd with a report of its own: its verksamhetsmål per status kind ([status.mal]), and
    how many; the kinds' headings are the labels the settings give them."""
    followup = overview.settings.followup
    headings = []
    for kind in GOAL_KINDS:
        labels = [followup.statuses[key].text if key in followup.statuses else key
                  for key, of_kind in followup.goal_kinds.items() if of_kind == kind]
        headings.append(" / ".join(labels) or GOAL_PHRASES[kind])
    counts = [(overview.rules.units[code].name, (s.counts.on_track, s.counts.partly, s.counts.off_track, s.goals))
              for code, s in overview.goals.items()]
    total = tuple(sum(row[i] for _, row in counts) for i in range(4))
    rows = [*(TableRow(name, tuple(str(n) for n in row)) for name, row in counts),
            TableRow("Totalt", tuple(str(n) for n in total), "total")]
    return PrintedTable("mal", "Måluppfyllelse per nämnd", ("Nämnd", *headings, "Antal mål"), tuple(rows),
                        (*(row for _, row in counts), total))


def _period_heading(what: str, year: int, period) -> str:
    return f"{what} {year} (%)" if period.is_year_end else f"{what} {period.span} {year} (%)"


def _rate(item) -> tuple[str, float | None]:
    """A group's printed rate and its unrounded value; a suppressed group shows "–", never a figure."""
    if item is None:
        return "", None
    if item.suppressed:
        return HIDDEN, None
    return ("", None) if item.rate is None else (format_percent(item.rate), item.rate)


def _staff_table(staff: list[StaffFigures], period) -> PrintedTable:
    header = ("Förvaltning",
              _period_heading("Sjukfrånvaro", period.year, period),
              _period_heading("Sjukfrånvaro", period.previous_year, period),
              _period_heading("Extern personalomsättning", period.year, period),
              _period_heading("Extern personalomsättning", period.previous_year, period))
    rows, unrounded = [], []
    for figures in staff:
        cells = [_rate(item) for item in (figures.sick_leave, figures.sick_leave_before, figures.turnover,
                                          figures.turnover_before)]
        rows.append(TableRow(figures.name, tuple(text for text, _ in cells), "total" if figures.scope == KOMMUNEN else "row"))
        unrounded.append(tuple(value for _, value in cells))
    return PrintedTable("personal", "Sjukfrånvaro och personalomsättning per förvaltning", header, tuple(rows),
                        tuple(unrounded))


def overview_context(overview) -> dict:
    """What the overview's template uses (docs/report-context.md, "The kommun's overview")."""
    p, s = overview.period, overview.settings.report
    tables = overview_tables(overview)
    staff = tables.get("personal")
    hidden = staff is not None and any(HIDDEN in row.cells for row in staff.rows)
    return {
        "dokument": {
            "titel": title(overview),
            "rapportnamn": overview.settings.report_types.for_month(p.month).namn,
            "kommun": s.kommun,
            "period_text": f"januari–{p.month_name} {p.year}" if p.month > 1 else f"januari {p.year}",
            "arsbokslut": p.is_year_end,
        },
        "texter": {"drift": drift_sentence(overview.drift, p),
                   "investeringar": investment_sentence(overview.investments, p)},
        "drift": tables["drift"].as_context(),
        "investeringar": tables["investeringar"].as_context(),
        "mal": tables["mal"].as_context() if "mal" in tables else None,
        "personal": staff.as_context() if staff is not None else None,
        "fotnot": FOOTNOTE if hidden else "",
    }


def left_out(overview) -> list[LeftOut]:
    """The template's sections the overview's inputs leave out, each with its reason."""
    return left_out_sections(overview_context(overview), SECTIONS)


# --- the workbook ------------------------------------------------------------------------------

def overview_workbook(overview, problems: list[Problem], timestamp: datetime,
                      comparison: Comparison | None = None) -> bytes:
    """kommunoversikt.xlsx: Sammanfattning, Kontroller, the tables (kr with öre beside the printed
    mnkr, both numbers), Mål per nämnd, Personal per förvaltning (rates only; a suppressed group
    shows "–"), Rader utan rapportenhet. Aggregates only: no row of the HR exports. Every sheet
    is a `render.sheet.Sheet` (widths from the values, print setup)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": NAME, "subject": overview.period.label,
                         "author": overview.settings.report.kommun, "created": timestamp})
    styles = workbook_styles(book, overview.settings.report.minustecken)
    tables = overview_tables(overview)
    page = f"{title(overview)}, {overview.settings.report.kommun}"
    sheets = [_summary_sheet(book, styles, overview, problems, page)]
    if comparison is not None:               # the approved folder's workbook
        sheets.append(changes_sheet(book, styles, comparison, page))
    sheets += [checks_sheet(book, styles, overview.checks, page, "översikten"),
              table_sheet(book, styles, "Drift per nämnd", tables["drift"], page),
               table_sheet(book, styles, "Investeringar per nämnd", tables["investeringar"], page)]
    if "mal" in tables:
        table = tables["mal"]
        frame = pd.DataFrame([[row.label, *amounts] for row, amounts in zip(table.rows, table.unrounded)],
                             columns=list(table.header))
        sheet = Sheet(book, styles, "Mål per nämnd", page)
        sheet.table(frame, kinds={name: "count" for name in table.header[1:]})
        sheets.append(sheet)
    if overview.staff is not None:
        sheets.append(_staff_sheet(book, styles, overview.staff, tables["personal"], page))
    unplaced = overview.unplaced.assign(belopp=overview.unplaced["belopp"].astype("Int64")).rename(columns={
        "källa": "Källa", "fil": "Fil", "rad": "Första Excel-rad", "sista_rad": "Sista Excel-rad",
        "rader": "Antal rader", "nyckel": "Varför", "belopp": "Belopp (kr)"})
    sheet = Sheet(book, styles, "Rader utan rapportenhet", page)
    sheet.table(unplaced, ore=("Belopp (kr)",), kinds=ROW_KINDS)
    sheets.append(sheet)
    for sheet in sheets:
        sheet.finish()
    book.close()
    return buffer.getvalue()


def _summary_sheet(book, styles, overview, problems: list[Problem], page: str) -> Sheet:
    sheet = Sheet(book, styles, "Sammanfattning", page)
    failed = overview.failed_checks
    lines = [
        ("Kommun", overview.settings.report.kommun),
        ("Översikt", title(overview)),
        ("Period", overview.period.label),
        ("Kontroller", f"{len(overview.checks) - len(failed)} av {len(overview.checks)} stämmer"),
        ("Om en kontroll inte stämmer", CHECKS_NOTE.format(document="översikten")),
        ("Varningar", str(sum(1 for p in problems if not p.is_error))),
        ("Belopp", AMOUNTS_NOTE.format(document="översikten")),
    ]
    write_summary(sheet, lines, overview.sources)
    return sheet


def _staff_sheet(book, styles, staff: list[StaffFigures], table: PrintedTable, page: str) -> Sheet:
    records = []
    for figures, row, values in zip(staff, table.rows, table.unrounded):
        record = {"Förvaltning": figures.name, "Kod": figures.scope, "Nämnd": figures.namnd}
        for heading, cell, value in zip(table.header[1:], row.cells, values):
            record[heading] = HIDDEN if cell == HIDDEN else value
        reasons = [item.reason for item in (figures.sick_leave, figures.sick_leave_before)
                   if item is not None and item.suppressed and item.reason]
        reasons += ["personalomsättningen: " + (item.reason or "gruppen är för liten")
                    for item in (figures.turnover, figures.turnover_before) if item is not None and item.suppressed]
        record["Redovisas inte därför att"] = "; ".join(dict.fromkeys(reasons))
        records.append(record)
    sheet = Sheet(book, styles, "Personal per förvaltning", page)
    sheet.table(pd.DataFrame(records), kinds={heading: "percent" for heading in table.header[1:]})
    return sheet


def summary_text(overview, written, left, kept: bool = False, changed: str = "") -> str:
    """The run's lines about the overview: checks, left-out sections, files written (or `kept`)."""
    failed = overview.failed_checks
    lines = [f"{title(overview)} – {overview.settings.report.kommun}",
             f"Avstämning: {len(overview.checks) - len(failed)} av {len(overview.checks)} kontroller stämmer"
             + ("." if not failed else f", {len(failed)} stämmer inte.")]
    if left:
        lines.append("Avsnitt som inte kom med i översikten:")
        lines += [f"  {section.describe()}" for section in left]
    if changed:
        lines.append(changed)
    lines += files_text(written, kept)
    return "\n".join(lines)
