"""avstamning.xlsx: the reconciliation workbook for the ekonom and the auditors.

Sheets: Sammanfattning, Kontroller, the unrounded tables (kr with öre beside the printed
mnkr figure), Per konto, Per ansvar, Per projekt, Prognos, Spårning (every combination of
konto/ansvar/verksamhet/projekt with the source file and Excel row range), Källfiler.
Ledger, budget and forecast aggregates, and the staff section's group aggregates with the small-group
rule applied: no personal data ever reaches this workbook.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import xlsxwriter

from pipeline.compute.period import LEDGER_MEASURES, header
from pipeline.compute.trace import amounts_by
from pipeline.model import PrintedTable
from pipeline.problems import Problem

KR = "#,##0.00;-#,##0.00"


def reconciliation_workbook(report, problems: list[Problem], timestamp: datetime) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": "Avstämning", "subject": report.period.label,
                         "author": report.settings.report.forvaltning, "created": timestamp})
    styles = workbook_styles(book)
    _summary_sheet(book, styles, report, problems)
    checks_sheet(book, styles, report.checks)
    for key, table in report.printed.items():
        table_sheet(book, styles, _sheet_title(key, report), table)
    _trace_sheets(book, styles, report)
    if report.personnel is not None:
        _personnel_sheets(book, styles, report.personnel)
    book.close()
    return buffer.getvalue()


def workbook_styles(book) -> dict:
    """The formats every sheet uses: header cells, kronor with öre, bold labels, a failed check."""
    return {
        "head": book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True,
                                 "valign": "top"}),
        "kr": book.add_format({"num_format": KR}),
        "bold": book.add_format({"bold": True}),
        "fail": book.add_format({"bold": True, "font_color": "#B00020"}),
    }


def _sheet_title(key: str, report) -> str:
    units = [t.unit for t in report.units]
    prefix, _, kind = key.rpartition("_")
    unit = prefix.upper() if prefix else units[0]
    name = {"rr": "RR", "dr": "DR", "inv": "Investeringar"}[kind]
    return f"{name} {unit}"[:31]


def write_frame(sheet, styles, frame: pd.DataFrame, first_row: int = 0, kr_columns=(),
                 widths: dict[int, int] | None = None) -> None:
    for col, name in enumerate(frame.columns):
        sheet.write(first_row, col, str(name), styles["head"])
        kr = name in kr_columns
        for r, value in enumerate(frame[name].tolist(), start=first_row + 1):   # column by column
            if isinstance(value, str):
                sheet.write_string(r, col, value)
            elif value is None or pd.isna(value):
                sheet.write_blank(r, col, None)
            elif kr:
                sheet.write_number(r, col, int(value) / 100, styles["kr"])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    sheet.freeze_panes(first_row + 1, 0)
    if len(frame.columns):
        sheet.autofilter(first_row, 0, first_row + max(len(frame), 1), len(frame.columns) - 1)
    for col, width in (widths or {}).items():
        sheet.set_column(col, col, width)


def write_summary(sheet, styles, lines: list[tuple[str, str]], sources: pd.DataFrame) -> int:
    """A Sammanfattning sheet's label/value lines and the files read under them; the row of the
    "Lästa filer" heading."""
    for r, (label, value) in enumerate(lines):
        sheet.write_string(r, 0, label, styles["bold"])
        sheet.write_string(r, 1, value)
    start = len(lines) + 1
    sheet.write_string(start, 0, "Lästa filer", styles["bold"])
    write_frame(sheet, styles, sources, first_row=start + 1, widths={0: 16, 1: 34, 2: 10, 3: 24})
    sheet.set_column(1, 1, 60)
    return start


def _summary_sheet(book, styles, report, problems: list[Problem]) -> None:
    sheet = book.add_worksheet("Sammanfattning")
    s = report.settings.report
    failed = report.failed_checks
    lines = [
        ("Kommun", s.kommun),
        ("Nämnd", report.units[0].name),
        ("Rapport", f"{report.settings.report_types.for_month(report.period.month).namn} {report.period.month_name} {report.period.year}"),
        ("Period", report.period.label),
        ("Kontroller", f"{len(report.checks) - len(failed)} av {len(report.checks)} stämmer"),
        ("Varningar", str(sum(1 for p in problems if not p.is_error))),
        ("Belopp", "Tabellbladen visar ej avrundade belopp i kronor med ören; kolumnen Tryckt visar "
                   "det avrundade värdet i mnkr som i rapporten. Intäkter positiva, kostnader negativa."),
    ]
    start = write_summary(sheet, styles, lines, report.sources)
    if problems:
        row = start + 3 + len(report.sources)
        sheet.write_string(row, 0, "Varningar", styles["bold"])
        for i, problem in enumerate(p for p in problems if not p.is_error):
            sheet.write_string(row + 1 + i, 0, problem.location.describe())
            sheet.write_string(row + 1 + i, 1, problem.message)


def checks_sheet(book, styles, checks) -> None:
    """Every check with expected, actual and difference (kr, or rows), and where when a check names it."""
    sheet = book.add_worksheet("Kontroller")
    rows = [{
        "Kontroll": c.check_id,
        "Beskrivning": c.description,
        "Förväntat": c.expected if c.quantity == "rader" else c.expected / 100,
        "Källa förväntat": c.expected_source,
        "Faktiskt": c.actual if c.quantity == "rader" else c.actual / 100,
        "Källa faktiskt": c.actual_source,
        "Differens": c.difference if c.quantity == "rader" else c.difference / 100,
        "Enhet": "rader" if c.quantity == "rader" else "kr",
        "Resultat": "Stämmer" if c.passed else "Stämmer inte",
        "Vid avvikelse": c.severity.value,
        **({"Gäller": c.where} if any(check.where for check in checks) else {}),
    } for c in checks]
    frame = pd.DataFrame(rows)
    write_frame(sheet, styles, frame, widths={0: 22, 1: 70, 2: 18, 3: 22, 4: 18, 5: 22, 6: 14, 10: 80})
    for r, check in enumerate(checks, start=1):
        for col in (2, 4, 6):
            sheet.write_number(r, col, frame.iat[r - 1, col], styles["kr"])
        if not check.passed:
            sheet.write_string(r, 8, "Stämmer inte", styles["fail"])


def table_sheet(book, styles, title: str, table: PrintedTable) -> None:
    sheet = book.add_worksheet(title)
    columns = list(table.header[1:])
    records = []
    for row, amounts in zip(table.rows, table.unrounded):
        record = {table.header[0]: row.label}
        for name, amount, printed in zip(columns, amounts, row.cells):
            record[f"{name} (kr)"] = amount
            record[f"{name} tryckt (mnkr)"] = printed
        records.append(record)
    frame = pd.DataFrame(records)
    kr_cols = [c for c in frame.columns if c.endswith("(kr)")]
    write_frame(sheet, styles, frame, kr_columns=kr_cols, widths={0: 40})
    sheet.set_column(1, len(frame.columns), 16)


def _trace_sheets(book, styles, report) -> None:
    trace = report.trace
    measure_names = {m: header(m, report.period) for m in (*LEDGER_MEASURES, "budget")}
    names = {"enhet": "Enhet", "rr_rad": "RR-rad", "dr_rad": "DR-rad", "konto": "Konto",
             "ansvar": "Ansvar", "verksamhet": "Verksamhet", "projekt": "Projekt",
             "rader": "Antal källrader", **{m: f"{h} (kr)" for m, h in measure_names.items()}}
    kr_cols = [f"{h} (kr)" for h in measure_names.values()]

    by_account = amounts_by(trace, ["enhet", "rr_rad", "konto"]).rename(columns=names)
    write_frame(book.add_worksheet("Per konto"), styles, by_account, kr_columns=kr_cols,
                 widths={1: 28, 3: 18, 4: 18, 5: 18})
    operating = trace[trace["dr_rad"] != ""]
    by_ansvar = amounts_by(operating, ["enhet", "dr_rad", "ansvar", "verksamhet"]).rename(columns=names)
    write_frame(book.add_worksheet("Per ansvar"), styles, by_ansvar, kr_columns=kr_cols,
                 widths={1: 40, 4: 18, 5: 18, 6: 18})

    inv = report.investment_facts
    if not inv.empty:
        wide = inv.pivot_table(index=["enhet", "grupp", "projekt"], columns="measure",
                               values="belopp", aggfunc="sum")
        wide = wide[[m for m in ("budget", "utfall", "prognos") if m in wide.columns]].reset_index()
        wide = wide.rename(columns={"enhet": "Enhet", "grupp": "Investeringsgrupp", "projekt": "Projekt",
                                    "budget": "Budget (kr)", "utfall": "Utfall (kr)",
                                    "prognos": "Prognos helår (kr)"})
        write_frame(book.add_worksheet("Per projekt"), styles, wide,
                     kr_columns=["Budget (kr)", "Utfall (kr)", "Prognos helår (kr)"], widths={1: 36})

    forecast = report.forecast.assign(prognos=-report.forecast["prognos"])
    forecast = forecast[["fil", "rad", "ar", "rapportenhet", "dr_rad", "rr_rad", "prognos"]].rename(columns={
        "fil": "Fil", "rad": "Excel-rad", "ar": "År", "rapportenhet": "Enhet", "dr_rad": "Verksamhet",
        "rr_rad": "RR-rad", "prognos": "Prognos helår (kr)"})
    write_frame(book.add_worksheet("Prognos"), styles, forecast, kr_columns=["Prognos helår (kr)"],
                 widths={0: 24, 4: 40, 5: 28})

    detail = trace.assign(measure=trace["measure"].map(measure_names)).rename(columns={
        "enhet": "Enhet", "rr_rad": "RR-rad", "dr_rad": "DR-rad", "konto": "Konto", "ansvar": "Ansvar",
        "verksamhet": "Verksamhet", "projekt": "Projekt", "fil": "Fil", "measure": "Kolumn",
        "belopp": "Belopp (kr)", "rader": "Antal rader", "forsta_rad": "Första Excel-rad",
        "sista_rad": "Sista Excel-rad"})
    write_frame(book.add_worksheet("Spårning"), styles, detail, kr_columns=["Belopp (kr)"],
                 widths={1: 26, 2: 36, 7: 22, 8: 24, 9: 16})


HIDDEN = "–"


def _share(value: float | None) -> object:
    return HIDDEN if value is None else round(value * 100, 4)


def _personnel_sheets(book, styles, staff) -> None:
    """Aggregates only: sums of hours and head counts per group; suppressed groups show nothing."""
    sick = []
    for s in staff.sick_leave:
        hidden = s.suppressed
        sick.append({
            "Omfattning": s.scope, "Period": s.period, "Grupp": s.group,
            "Anställda": HIDDEN if hidden else s.employees,
            "Ordinarie arbetstid (timmar)": HIDDEN if hidden else round(s.working_hours, 2),
            "Sjuktimmar": HIDDEN if hidden else round(s.sick_hours, 2),
            "varav i sjukperioder om 60 dagar eller mer": HIDDEN if hidden or s.long_rate is None
            else round(s.long_hours, 2),
            "Sjukfrånvaro (%)": _share(s.rate),
            "Andel 60 dagar eller mer av sjukfrånvaron (%)": _share(s.long_share),
            "Korttid (% av arbetstid)": _share(s.short_rate),
            "Långtid (% av arbetstid)": _share(s.long_rate),
            "Redovisas inte därför att": s.reason,
        })
    write_frame(book.add_worksheet("Sjukfrånvaro"), styles, pd.DataFrame(sick),
                 widths={1: 20, 2: 20, 4: 14, 5: 12, 6: 14, 11: 50})

    turnover = [{
        "Omfattning": t.scope, "Period": t.period,
        "Avgångar": HIDDEN if t.suppressed else t.leavers,
        "Medelantal tillsvidareanställda": HIDDEN if t.suppressed else round(t.average_permanent, 4),
        "Extern personalomsättning (%)": _share(t.rate),
        "Pensionsavgångar": "ingår" if t.retirements_included else "ingår inte",
    } for t in staff.turnover]
    write_frame(book.add_worksheet("Personalomsättning"), styles, pd.DataFrame(turnover),
                 widths={1: 20, 3: 16, 4: 16})

    # A title with few permanent employees would point at the one who left: such titles are not
    # named, their leavers are shown together as "Övriga befattningar" (compute.personnel.title_breakdown).
    titles = [{"Omfattning": t.scope, "Period": t.period, "Befattning": title, "Avgångar": count}
              for t in staff.turnover if t.scope == staff.unit and not t.suppressed
              for title, count in t.titles_grouped]
    write_frame(book.add_worksheet("Avgångar per befattning"), styles,
                 pd.DataFrame(titles, columns=["Omfattning", "Period", "Befattning", "Avgångar"]),
                 widths={1: 20, 2: 44})
