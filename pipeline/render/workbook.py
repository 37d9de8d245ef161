"""avstamning.xlsx: the reconciliation workbook for the ekonom and the auditors.

Sheets: Sammanfattning, Ändringar (what the documents print differently from the previous
run's, `render/changes.py`; the sheet is `render/changes_text.py`), Kontroller, the unrounded
tables (kr with öre beside the printed mnkr figure, both numbers), Per konto, Per ansvar, Per projekt, Prognos, Budgetens delar
(ursprunglig budget and ändringsbudget behind the text's figures), Spårning drift and Spårning
investeringar (every combination of konto/ansvar/verksamhet/projekt with the source file and
Excel row range, per report column), Indikatorer (where each indicator value comes from), and
the staff section's group aggregates with the small-group rule applied: no personal data ever
reaches this workbook.

Each sheet is a `render.sheet.Sheet`: columns as wide as what they show, numbers with a number
format, A4 landscape printing one page wide with the header row repeated.
"""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import xlsxwriter

from pipeline.classify.rules import EXCLUDED, INVESTMENT
from pipeline.compute.period import LEDGER_MEASURES, header
from pipeline.compute.personnel import KOMMUNEN
from pipeline.compute.previous import FORECAST_TABLE
from pipeline.compute.trace import amounts_by
from pipeline.model import PrintedTable
from pipeline.numbers import format_mnkr
from pipeline.problems import Check, Problem, Severity
from pipeline.render.changes_text import changes_sheet
from pipeline.render.sheet import Sheet, sheet_styles, without_unit

HIDDEN = "–"
EXPLAINED = {   # what a check that does not match means, by its severity (the settings' [avstamning])
    Severity.ERROR: "Fel: {document} skrivs inte",
    Severity.WARNING: "Varning: {document} skrivs ändå",
}
CHECKS_NOTE = ("En kontroll stämmer när förväntat och faktiskt är lika på öret (eller på raden). "
               "Stämmer en kontroll som är markerad Fel inte, skrivs {document} inte: arbetsboken läggs "
               "i en mapp som slutar på -ej-godkand. Rätta källfilen (eller inställningarna) så att "
               "differensen blir 0 och kör igen. En kontroll som är markerad Varning hindrar inte "
               "{document}; ta reda på varför differensen finns och rätta eller förklara den.")


def reconciliation_workbook(report, problems: list[Problem], timestamp: datetime, comparison=None) -> bytes:
    """The workbook's bytes; `comparison`: what the documents print against the previous run's
    (`pipeline.render.changes.Comparison`), the sheet Ändringar; None (the not-approved
    workbook): no such sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": "Avstämning", "subject": report.period.label,
                         "author": report.settings.report.forvaltning, "created": timestamp})
    styles = workbook_styles(book, report.settings.report.minustecken)
    page = f"Avstämning {report.units[0].name} {report.period.label}"
    sheets = [_summary_sheet(book, styles, report, problems, page)]
    if comparison is not None:               # an approved folder's workbook
        sheets.append(changes_sheet(book, styles, comparison, page))
    sheets.append(checks_sheet(book, styles, report.checks, page, "rapporten"))
    for key, table in report.printed.items():
        sheets.append(table_sheet(book, styles, _sheet_title(key, report), table, page))
    sheets += _trace_sheets(book, styles, report, page)
    if report.personnel is not None:
        sheets += _personnel_sheets(book, styles, report.personnel, page)
    for sheet in sheets:
        sheet.finish()
    book.close()
    return buffer.getvalue()


def workbook_styles(book, minus: str = "-") -> dict:
    """The formats every sheet uses (`render.sheet.sheet_styles`)."""
    return sheet_styles(book, minus)


def _sheet_title(key: str, report) -> str:
    if key == FORECAST_TABLE:                 # each DR row's forecast then and now (compute/previous.py)
        return "Prognos sedan förra rapporten"
    units = [t.unit for t in report.units]
    prefix, _, kind = key.rpartition("_")
    unit = prefix.upper() if prefix else units[0]
    name = {"rr": "RR", "dr": "DR", "inv": "Investeringar"}[kind]
    return f"{name} {unit}"[:31]


def write_summary(sheet: Sheet, lines: list[tuple[str, str]], sources: pd.DataFrame) -> int:
    """A Sammanfattning sheet's label/value lines and the files read under them; the row after
    the files."""
    for r, (label, value) in enumerate(lines):
        sheet.text(r, 0, label, "bold")
        sheet.text(r, 1, value)
    start = len(lines) + 1
    sheet.text(start, 0, "Lästa filer", "bold")
    files = sources.rename(columns={"källa": "Källa", "fil": "Fil", "rader": "Antal rader",
                                    "perioder": "Perioder"})
    return sheet.table(files, first_row=start + 1, kinds={"Antal rader": "count"})


def _summary_sheet(book, styles, report, problems: list[Problem], page: str) -> Sheet:
    sheet = Sheet(book, styles, "Sammanfattning", page)
    s = report.settings.report
    failed = report.failed_checks
    lines = [
        ("Kommun", s.kommun),
        ("Nämnd", report.units[0].name),
        ("Rapport", f"{report.settings.report_types.for_month(report.period.month).namn} {report.period.month_name} {report.period.year}"),
        ("Period", report.period.label),
        ("Kontroller", f"{len(report.checks) - len(failed)} av {len(report.checks)} stämmer"),
        ("Om en kontroll inte stämmer", CHECKS_NOTE.format(document="rapporten")),
        ("Varningar", str(sum(1 for p in problems if not p.is_error))),
        ("Belopp", AMOUNTS_NOTE.format(document="rapporten")),
    ]
    row = write_summary(sheet, lines, report.sources) + 1
    warnings = [p for p in problems if not p.is_error]
    if warnings:
        sheet.text(row, 0, "Varningar", "bold")
        for i, problem in enumerate(warnings):
            sheet.text(row + 1 + i, 0, problem.location.describe())
            sheet.text(row + 1 + i, 1, problem.message)
    return sheet


AMOUNTS_NOTE = ("Tabellbladen visar ej avrundade belopp i kronor med ören (kolumner märkta kr) och "
                "bredvid varje belopp det avrundade värdet i mnkr som i {document} (märkta tryckt, "
                "mnkr). Intäkter positiva, kostnader negativa.")


def checks_sheet(book, styles, checks: list[Check], page: str, document: str) -> Sheet:
    """Every check with expected, actual and difference (kr, or rows), what a difference means,
    and where when a check names it. `document`: what a failed check stops ("rapporten")."""
    sheet = Sheet(book, styles, "Kontroller", page)
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
        "Om kontrollen inte stämmer": EXPLAINED[c.severity].format(document=document),
        **({"Gäller": c.where} if any(check.where for check in checks) else {}),
    } for c in checks]
    frame = pd.DataFrame(rows)
    sheet.table(frame)
    for r, check in enumerate(checks, start=1):
        kind = "count" if check.quantity == "rader" else "kr"
        for col in (2, 4, 6):
            sheet.number(r, col, frame.iat[r - 1, col], kind)
        if not check.passed:
            sheet.text(r, 8, "Stämmer inte", "fail")
    return sheet


def printed_figure(text: str) -> float | None:
    """A printed mnkr figure as a number: '-2 661,8' (NBSP, hyphen or U+2212) -> -2661.8; '' -> None."""
    text = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".")
    return float(text) if text else None


def table_sheet(book, styles, title: str, table: PrintedTable, page: str) -> Sheet:
    """A printed table: its rows' labels, each column's unrounded kronor and, beside it, the figure
    as printed (mnkr, a number with one decimal)."""
    sheet = Sheet(book, styles, title, page)
    columns = list(table.header[1:])
    records = []
    for row, amounts in zip(table.rows, table.unrounded):
        record = {without_unit(table.header[0]): without_unit(row.label)}
        for name, amount, printed in zip(columns, amounts, row.cells):
            record[f"{name} (kr)"] = amount
            record[f"{name} tryckt (mnkr)"] = printed_figure(printed)
        records.append(record)
    frame = pd.DataFrame(records, columns=[without_unit(table.header[0]),
                                           *(f"{n}{s}" for n in columns for s in (" (kr)", " tryckt (mnkr)"))])
    sheet.table(frame, ore=tuple(c for c in frame.columns if c.endswith("(kr)")),
                kinds={c: "mnkr" for c in frame.columns if c.endswith("(mnkr)")})
    for r, row in enumerate(table.rows, start=1):
        if row.is_sum:
            sheet.text(r, 0, without_unit(row.label), "bold")
    return sheet


TRACE_NAMES = {"enhet": "Enhet", "rr_rad": "RR-rad", "dr_rad": "DR-rad", "konto": "Konto", "ansvar": "Ansvar",
               "verksamhet": "Verksamhet", "projekt": "Projekt", "fil": "Fil", "measure": "Rapportkolumn",
               "belopp": "Belopp (kr)", "rader": "Antal källrader", "forsta_rad": "Första Excel-rad",
               "sista_rad": "Sista Excel-rad"}
ROW_KINDS = {"Antal källrader": "count", "Antal rader": "count", "Första Excel-rad": "year",
             "Sista Excel-rad": "year", "Excel-rad": "year", "År": "year"}


def _trace_sheets(book, styles, report, page: str) -> list[Sheet]:
    trace = report.trace
    measure_names = {m: header(m, report.period) for m in (*LEDGER_MEASURES, "budget")}
    names = {**TRACE_NAMES, **{m: f"{h} (kr)" for m, h in measure_names.items()}}
    kr_cols = tuple(f"{h} (kr)" for h in measure_names.values())
    sheets = []

    sheet = Sheet(book, styles, "Per konto", page)
    sheet.table(amounts_by(trace, ["enhet", "rr_rad", "konto"]).rename(columns=names), ore=kr_cols,
                kinds=ROW_KINDS)
    sheets.append(sheet)
    operating = trace[trace["dr_rad"] != ""]
    sheet = Sheet(book, styles, "Per ansvar", page)
    sheet.table(amounts_by(operating, ["enhet", "dr_rad", "ansvar", "verksamhet"]).rename(columns=names),
                ore=kr_cols, kinds=ROW_KINDS)
    sheets.append(sheet)

    inv = report.investment_facts
    if not inv.empty:
        wide = inv.pivot_table(index=["enhet", "grupp", "projekt"], columns="measure",
                               values="belopp", aggfunc="sum")
        wide = wide[[m for m in ("budget", "utfall", "prognos") if m in wide.columns]].reset_index()
        wide = wide.rename(columns={"enhet": "Enhet", "grupp": "Investeringsgrupp", "projekt": "Projekt",
                                    "budget": f"{header('budget', report.period)} (kr)",
                                    "utfall": f"{header('utfall', report.period)} (kr)",
                                    "prognos": "Prognos helår (kr)"})
        sheet = Sheet(book, styles, "Per projekt", page)
        sheet.table(wide, ore=tuple(c for c in wide.columns if c.endswith("(kr)")))
        sheets.append(sheet)

    forecast = report.forecast.assign(prognos=-report.forecast["prognos"])
    forecast = forecast[["fil", "rad", "ar", "rapportenhet", "dr_rad", "rr_rad", "prognos"]].rename(columns={
        "fil": "Fil", "rad": "Excel-rad", "ar": "År", "rapportenhet": "Enhet", "dr_rad": "Verksamhet",
        "rr_rad": "RR-rad", "prognos": "Prognos helår (kr)"})
    sheet = Sheet(book, styles, "Prognos", page)
    sheet.table(forecast, ore=("Prognos helår (kr)",), kinds=ROW_KINDS)
    sheets.append(sheet)

    sheets.append(_budget_split_sheet(book, styles, report, page))

    detail = trace.assign(measure=trace["measure"].map(measure_names))
    parts = {"Spårning drift": detail[~detail["rr_rad"].isin([INVESTMENT, EXCLUDED])],
             "Spårning investeringar": detail[detail["rr_rad"] == INVESTMENT],
             "Spårning övriga konton": detail[detail["rr_rad"] == EXCLUDED]}
    for name, rows in parts.items():
        if rows.empty and name != "Spårning drift":
            continue
        sheet = Sheet(book, styles, name, page)
        sheet.table(rows[list(TRACE_NAMES)].rename(columns=TRACE_NAMES), ore=("Belopp (kr)",), kinds=ROW_KINDS)
        sheets.append(sheet)
    if report.personnel is not None:
        sheets.append(_indicator_sheet(book, styles, report.personnel, page))
    return sheets


BUDGET_NAMES = {"enhet": "Enhet", "fil": "Fil", "rad": "Excel-rad", "konto": "Konto", "ansvar": "Ansvar",
                "verksamhet": "Verksamhet", "rr_rad": "RR-rad", "dr_rad": "DR-rad",
                "ursprunglig_budget": "Ursprunglig budget (kr)", "andringsbudget": "Ändringsbudget (kr)",
                "budget": "Budget (kr)"}


def _budget_split_sheet(book, styles, report, page: str) -> Sheet:
    """The budget rows behind the text's "ursprungliga budget … var" and "ändringsbudget … med",
    in the printed sign (costs negative), their sums, and the figures as the text prints them
    (net cost: a cost positive)."""
    sheet = Sheet(book, styles, "Budgetens delar", page)
    rows = report.budget_split
    frame = rows[list(BUDGET_NAMES)].rename(columns=BUDGET_NAMES)
    amounts = ("Ursprunglig budget (kr)", "Ändringsbudget (kr)", "Budget (kr)")
    end = sheet.table(frame, ore=amounts, kinds=ROW_KINDS)
    figures = report.key_figures
    columns = {name: list(frame.columns).index(name) for name in amounts}
    sums = {"Ursprunglig budget (kr)": int(rows["ursprunglig_budget"].sum()),
            "Ändringsbudget (kr)": int(rows["andringsbudget"].sum()), "Budget (kr)": int(rows["budget"].sum())}
    in_text = {"Ursprunglig budget (kr)": figures.ursprunglig_budget,
               "Ändringsbudget (kr)": figures.andringsbudget, "Budget (kr)": figures.budget}
    label = min(columns.values()) - 1
    sheet.text(end, label, "Summa (kr)", "bold")
    sheet.text(end + 2, label, "I texten, nettokostnad", "head")
    for name, col in columns.items():
        sheet.number(end, col, sums[name] / 100, "kr")
        sheet.text(end + 2, col, name.replace("(kr)", "(mnkr)"), "head")
        sheet.number(end + 3, col, printed_figure(format_mnkr(in_text[name])), "mnkr")
    sheet.note(end + 5, 0, "Raderna är budgetexportens rader för nämnden på driftkonton (inte investeringar "
                           "eller konton som exkluderas). Texten anger budgeten som nettokostnad: samma "
                           "belopp med omvänt tecken.")
    return sheet


INDICATOR_NAMES = {"mal": "Mål", "tabell": "Tabell", "indikator": "Indikator", "kolumn": "Rapportkolumn",
                   "tryckt": "Tryckt", "varde": "Värde", "kalla": "Källa", "fil": "Fil", "rad": "Excel-rad",
                   "berakning": "Beräkning", "taljare": "Täljare", "namnare": "Nämnare"}


def _indicator_sheet(book, styles, staff, page: str) -> Sheet:
    """Every value of the indicator tables: as printed, its number, and where it comes from (a row
    of the indicator files, or the period's aggregate: numerator and denominator, never a person)."""
    sheet = Sheet(book, styles, "Indikatorer", page)
    records = [{key: getattr(t, key) for key in INDICATOR_NAMES} for goal in staff.goals for t in goal.trace]
    frame = pd.DataFrame(records, columns=list(INDICATOR_NAMES)).rename(columns=INDICATOR_NAMES)
    sheet.head(0, list(frame.columns))
    for r, t in enumerate((t for goal in staff.goals for t in goal.trace), start=1):
        kind = "percent" if t.percent else "index" if t.varde is not None and t.varde.is_integer() else "decimal"
        for col, key in enumerate(INDICATOR_NAMES):
            value = getattr(t, key)
            if key == "varde" and value is not None:
                sheet.number(r, col, value / 100 if t.percent else value, kind)
            elif key in ("taljare", "namnare") and value is not None:
                sheet.number(r, col, value, "decimal")
            elif key == "rad" and value is not None:
                sheet.number(r, col, value, "year")
            else:
                sheet.value(r, col, value)
    sheet.sheet.freeze_panes(1, 0)
    return sheet


def _share(value: float | None) -> object:
    return HIDDEN if value is None else value


def _own_scopes(staff) -> tuple[str, str]:
    """The scopes a nämnd's workbook shows: its own förvaltning and the whole kommun (what its
    report prints and compares with). Other förvaltningar's detail belongs to their own nämnder's
    workbooks; the overview shows every förvaltning's rates."""
    return (KOMMUNEN, staff.unit)


def _personnel_sheets(book, styles, staff, page: str) -> list[Sheet]:
    """Aggregates only: sums of hours and head counts per group, of the nämnd's förvaltning and
    the kommun (`_own_scopes`); suppressed cells (primary and complementary,
    compute/personnel.py) show nothing, and the last column says why."""
    scopes = _own_scopes(staff)
    sick = []
    for s in (s for s in staff.sick_leave if s.scope in scopes):
        hidden = s.suppressed
        sick.append({
            "Omfattning": s.scope, "Period": s.period, "Grupp": s.group,
            "Anställda": HIDDEN if hidden else s.employees,
            "Ordinarie arbetstid (timmar)": HIDDEN if hidden else s.working_hours,
            "Sjuktimmar": HIDDEN if hidden else s.sick_hours,
            "varav i sjukperioder om 60 dagar eller mer (timmar)": HIDDEN if hidden or s.long_rate is None
            else s.long_hours,
            "Sjukfrånvaro (% av arbetstid)": _share(s.rate),
            "Andel 60 dagar eller mer (% av sjukfrånvaron)": _share(s.long_share),
            "Korttid (% av arbetstid)": _share(s.short_rate),
            "Långtid (% av arbetstid)": _share(s.long_rate),
            "Redovisas inte därför att": s.printed_reason,
        })
    kinds = {"Anställda": "count", "Ordinarie arbetstid (timmar)": "hours", "Sjuktimmar": "hours",
             "varav i sjukperioder om 60 dagar eller mer (timmar)": "hours",
             "Sjukfrånvaro (% av arbetstid)": "percent", "Andel 60 dagar eller mer (% av sjukfrånvaron)": "percent",
             "Korttid (% av arbetstid)": "percent", "Långtid (% av arbetstid)": "percent"}
    sick_sheet = Sheet(book, styles, "Sjukfrånvaro", page)
    sick_sheet.table(pd.DataFrame(sick), kinds=kinds)

    turnover = [{
        "Omfattning": t.scope, "Period": t.period,
        "Avgångar": HIDDEN if t.suppressed else t.leavers,
        "Medelantal tillsvidareanställda": HIDDEN if t.suppressed else t.average_permanent,
        "Extern personalomsättning (%)": _share(t.rate),
        "Pensionsavgångar": "ingår" if t.retirements_included else "ingår inte",
        "Redovisas inte därför att": t.reason if t.suppressed else "",
    } for t in staff.turnover if t.scope in scopes]
    turnover_sheet = Sheet(book, styles, "Personalomsättning", page)
    turnover_sheet.table(pd.DataFrame(turnover), kinds={"Avgångar": "count", "Medelantal tillsvidareanställda": "decimal",
                                                        "Extern personalomsättning (%)": "percent"})

    # A title with few permanent employees would point at the one who left: such titles are not
    # named, their leavers are shown together as "Övriga befattningar" (compute.personnel.title_breakdown).
    titles = [{"Omfattning": t.scope, "Period": t.period, "Befattning": title, "Avgångar": count}
              for t in staff.turnover if t.scope == staff.unit and not t.suppressed
              for title, count in t.titles_grouped]
    titles_sheet = Sheet(book, styles, "Avgångar per befattning", page)
    titles_sheet.table(pd.DataFrame(titles, columns=["Omfattning", "Period", "Befattning", "Avgångar"]),
                       kinds={"Avgångar": "count"})
    return [sick_sheet, turnover_sheet, titles_sheet]
