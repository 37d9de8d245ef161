"""What the ekonom reads of the changes: the terminal's lines on what changed since the last run
(`pipeline.render.changes`) and since the previous report (the context's `jamforelse`), and the
workbook's sheet Ändringar with every change.

    terminal_text(comparison, workbook)             # the run's summary; `changes_sheet` the workbook's
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.render.changes import EMPTY, Comparison, short
from pipeline.render.record import RECORD_FILE
from pipeline.render.sheet import Sheet

SHEET = "Ändringar"
SHOWN_IN_TERMINAL = 15                 # changes listed in the terminal; the rest on the sheet


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _since(comparison: Comparison) -> str:
    return f"sedan förra körningen ({when(comparison.previous)})"


def _without_list(comparison: Comparison) -> str | None:
    """The one line the terminal and the sheet say instead of a list (the previous record cannot
    be read, or nothing changed); None when there are changes to list."""
    if comparison.unreadable:
        return f"Ändringar {_since(comparison)} kan inte visas: {RECORD_FILE} från den körningen går inte att läsa."
    if not comparison.changes:
        return f"Inga ändringar {_since(comparison)} i det som dokumenten skriver ut."
    return None


def terminal_text(comparison: Comparison, workbook: Path) -> str:
    """The run's lines on what changed since the last run ('' for the first run of the period):
    at most `SHOWN_IN_TERMINAL` changes, then how many more there are on the workbook's sheet."""
    if comparison.previous is None:
        return ""
    line = _without_list(comparison)
    if line is not None:
        return line + (" Nästa körning jämför med den här." if comparison.unreadable else "")
    lines = [f"Ändrat {_since(comparison)}:"]
    lines += [f"  {change.text()}" for change in comparison.changes[:SHOWN_IN_TERMINAL]]
    more = len(comparison.changes) - SHOWN_IN_TERMINAL
    if more > 0:
        lines.append(f"  och {more} till, se bladet {SHEET} i {workbook}.")
    return "\n".join(lines)


def since_previous_report_text(comparison: dict | None, goals: list[dict]) -> str:
    """The run's lines on what changed since the previous report ('' without one whose record
    was read): the sentence on the forecast, each verksamhet whose printed forecast moved, and
    each verksamhetsmål whose status differs from the one that report printed. `comparison`:
    the context's `jamforelse` (`output.comparison_context`); `goals`: its `mal` rows."""
    if not comparison:
        return ""
    lines = [f"Jämfört med {comparison['namn']} ({comparison['period']}):"]
    if comparison["text"]:
        lines.append(f"  {comparison['text']}")
    for row in comparison["prognos"]["rows"]:
        then, now, change = row["cells"]
        if change not in ("", "0,0", "-0,0"):
            lines.append(f"  {row['label']}: {then or EMPTY} → {now or EMPTY} mnkr ({change})")
    for goal in goals:
        before, after = goal.get("status_foregaende"), goal.get("status")
        if before and after and before["text"] != after["text"]:
            lines.append(f'  mål "{short(goal["mal"])}": {before["text"]} → {after["text"]}')
    if len(lines) == 1 + bool(comparison["text"]):
        lines.append("  Ingen verksamhets prognos och inget måls status har ändrats.")
    return "\n".join(lines)


def changes_sheet(book, styles, comparison: Comparison, page: str) -> Sheet:
    """The workbook's sheet `SHEET`: every change of these documents against the ones they
    replaced, with the old and the new value."""
    sheet = Sheet(book, styles, SHEET, page)
    if comparison.previous is None:
        sheet.text(0, 0, "Ingen tidigare körning av perioden att jämföra med: dokumenten skrevs nu för första "
                         "gången i den här mappen.", "bold")
        return sheet
    line = _without_list(comparison)
    if line is not None:
        sheet.text(0, 0, line, "bold")
        return sheet
    count = len(comparison.changes)
    sheet.text(0, 0, f"Ändrat {_since(comparison)}: {count} {'ändring' if count == 1 else 'ändringar'} i det som "
                     "dokumenten skriver ut.", "bold")
    sheet.head(2, ["Slag", "Var", "Kolumn", "Förut", "Nu", "Enhet"])
    for r, change in enumerate(comparison.changes, start=3):
        for c, value in enumerate((change.kind, change.where, change.what, change.old, change.new, change.measure)):
            if value:
                sheet.text(r, c, value)
            else:
                sheet.blank(r, c)
    return sheet
