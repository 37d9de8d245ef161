"""What changed since the last run: a record of everything a nämnd's documents print, kept in
its published folder, and the list of differences from the record the previous run left there.

    record = printed_record(report, context)        # context: output.report_context(documents_basis(report))
    comparison = since_last_run(folder, record)     # before the folder is published again
    files[RECORD_FILE] = record_bytes(record)       # published with the documents, as a whole
    terminal_text(comparison, workbook)             # the run's summary; `changes_sheet` the workbook's

The record (`utskrivet.json`, format in docs/changes.md) holds the printed text of every table
cell, key figure, computed sentence and status, and a digest of each Word text the report
inserts: aggregates only, from the report as the cache may hold it (the staff section
`printed_only`), so nothing from an HR row and nothing of a suppressed group. It is made from
the report alone (no clock, no path of this machine), so it comes out byte for byte the same
for the same inputs and `pipeline.render.unchanged` can keep a folder with it. When the previous
run was is the record file's modification time, not a field inside it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline.numbers import format_mnkr, format_percent_sign
from pipeline.read.documents import text_digest
from pipeline.read.published import previous_record
from pipeline.render.sheet import Sheet

RECORD_FILE = "utskrivet.json"
RECORD_FORMAT = 2                      # 2: with the unrounded amounts a later report compares
SHEET = "Ändringar"
SHOWN_IN_TERMINAL = 15                 # changes listed in the terminal; the rest on the sheet
MEASURE = re.compile(r"\((mnkr|tkr|kr|%)\)\s*$")
EMPTY = "(tom)"

# The computed sentences by their context key (`texter`); an appended unit's "<code>_analys".
TEXT_NAMES = {
    "budget": "budgetstycket i sammanfattningen",
    "ekonomi_budget": "ekonomiska analysens inledning",
    "investering": "investeringsmeningen",
    "malstatus": "målens sammanfattning",
    "internkontroll": "internkontrollens sammanfattning",
    "prognos_jamforelse": "meningen om prognosen sedan föregående rapport",
    "drift": "meningen om nämndernas drift",                 # the kommun's overview
    "investeringar": "meningen om investeringarna",
}
# The DR's unrounded amounts a later report compares with (öre, printed convention), per row.
AMOUNT_COLUMNS = ("budget", "utfall", "prognos", "avvikelse")
# KeyFigures' fields as the texts speak of them (net cost, mnkr), in this order.
KEY_FIGURES = {
    "budget": "Budget", "utfall": "Utfall", "prognos": "Prognos helår", "deviation": "Avvikelse mot budget",
    "ursprunglig_budget": "Ursprunglig budget", "andringsbudget": "Ändringsbudget",
    "investment_budget": "Investeringsbudget", "investment_utfall": "Investeringar, utfall",
    "investment_prognos": "Investeringar, prognos helår",
    "investment_deviation": "Investeringar, avvikelse mot budget",
}
# The follow-up lists whose items print a status: context key -> (section, item's name, status).
STATUS_LISTS = {
    "mal": ("Mål", "mal", "status"),
    "satsningar": ("Satsning", "prioritering", "status"),
    "medarbetarsatsningar": ("Medarbetarsatsning", "prioritering", "status"),
    "uppdrag": ("Uppdrag", "uppdrag", "status"),
    "internkontroll": ("Kontroll", "kontroll", "resultat"),
}
DOCUMENT_FACTS = {"titel": "titel", "rapportnamn": "rapportens namn", "period_text": "period",
                  "datum": "datum", "arendenummer": "ärendenummer"}


# --- the record ------------------------------------------------------------------------------

def printed_record(report, context: dict) -> dict:
    """Everything the nämnd's documents print, as text: `context` is the report's template
    context made from the report as its documents show it (`output.documents_basis`)."""
    code = report.units[0].unit
    tables = [_table(code, context[key]) for key in ("rr", "dr", "inv") if isinstance(context.get(key), dict)]
    if context.get("jamforelse"):
        tables.append(_table(code, context["jamforelse"]["prognos"]))
    texts = {key: text for key, text in context.get("texter", {}).items() if text}
    for other in context.get("ovriga_enheter", []):
        tables += [_table(other["kod"], other[key]) for key in ("rr", "dr")]
        if other.get("analys"):
            texts[f"{other['kod'].lower()}_analys"] = other["analys"]
    statuses = [{"section": section, "item": item.get(name, ""), "status": _status(item.get(status))}
                for key, (section, name, status) in STATUS_LISTS.items() for item in context.get(key, [])
                if item.get(status)]
    staff = context.get("personal")
    if staff:
        for goal in staff["mal"]:
            tables += [_table(code, table, goal["rubrik"]) for table in goal["tabeller"]]
            if goal["text"]:
                texts[f"personal: {goal['rubrik']}"] = goal["text"]
            if goal["status"]:
                statuses.append({"section": "Medarbetarmål", "item": goal["rubrik"], "status": _status(goal["status"])})
        if staff["lagtabell"]:
            tables.append(_table(code, staff["sjukfranvaro_lag"]))
    return {
        "format": RECORD_FORMAT,
        "unit": code,
        "period": report.period.label,
        "document": {key: str(context["dokument"].get(key, "")) for key in DOCUMENT_FACTS},
        "tables": tables,
        "key_figures": _key_figures(report),
        "amounts": _amounts(report),
        "texts": texts,
        "statuses": statuses,
        "word_texts": _word_texts(report, context.get("avsnitt", {})),
    }


def printed_record_of(unit: str, period: str, context: dict, tables: tuple[str, ...]) -> dict:
    """The record of a document made from `context` that prints the tables `tables` (those
    present) and the sentences `texter`, nothing else (the kommun's overview)."""
    return {
        "format": RECORD_FORMAT, "unit": unit, "period": period,
        "document": {key: str(context["dokument"].get(key, "")) for key in DOCUMENT_FACTS},
        "tables": [_table(unit, context[key]) for key in tables if isinstance(context.get(key), dict)],
        "key_figures": {}, "texts": {key: text for key, text in context.get("texter", {}).items() if text},
        "statuses": [], "word_texts": {},
    }


def record_bytes(record: dict) -> bytes:
    """The record as the file holds it, JSON with a table row to a line: the same record, the
    same bytes (`json.loads` gives the record back)."""
    def dumped(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in record.items():
        if key == "amounts":
            rows = ",\n".join(f"   {dumped(row)}" for row in value["dr"])
            text = (f'{{\n  "columns": {dumped(value["columns"])},\n  "dr": [\n{rows}\n  ],\n'
                    f'  "key_figures": {dumped(value["key_figures"])}\n }}')
        elif key == "tables" and value:
            tables = []
            for table in value:
                fields = [f"   {dumped(k)}: {dumped(v)}" for k, v in table.items() if k != "rows"]
                rows = ",\n".join(f"    {dumped(row)}" for row in table["rows"])
                fields.append(f'   "rows": [\n{rows}\n   ]' if rows else '   "rows": []')
                tables.append("  {\n" + ",\n".join(fields) + "\n  }")
            text = "[\n" + ",\n".join(tables) + "\n ]"
        else:
            text = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n ")
        parts.append(f" {dumped(key)}: {text}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _table(code: str, table: dict, section: str = "") -> dict:
    """A printed table; `section`: the heading it is printed under when its title alone does not
    tell it from another (a staff goal's indicator tables)."""
    found = MEASURE.search(table["header"][0]) if table["header"] else None
    return {"key": table["key"], "unit": code, "section": section, "title": table["title"],
            "measure": found.group(1) if found else "", "header": list(table["header"]),
            "rows": [[row["label"], *row["cells"]] for row in table["rows"]]}


def _status(status) -> str:
    return status.get("text", "") if isinstance(status, dict) else str(status or "")


def _key_figures(report) -> dict[str, str]:
    figures, minus = report.key_figures, report.settings.report.minustecken
    shown = {label: format_mnkr(getattr(figures, field), minus) for field, label in KEY_FIGURES.items()}
    shown["Förbrukning"] = format_percent_sign(figures.forbrukning)
    return shown


def _amounts(report) -> dict:
    """The nämnd's DR rows and key figures unrounded, in öre (an empty cell: null), so that a
    later report computes a change from these and rounds only what it prints."""
    dr = report.units[0].dr
    rows = [[str(label), values["kind"],
             *(None if column not in dr.columns or pd.isna(values[column]) else int(values[column])
               for column in AMOUNT_COLUMNS)] for label, values in dr.iterrows()]
    figures = {field: None if getattr(report.key_figures, field) is None else int(getattr(report.key_figures, field))
               for field in KEY_FIGURES}
    return {"columns": ["rad", "slag", *AMOUNT_COLUMNS], "dr": rows, "key_figures": figures}


def _word_texts(report, inserted: dict) -> dict[str, str]:
    """Each Word text the report inserts, by its file as rapport.toml names it -> the digest of
    its text."""
    names = report.settings.followup.texts
    found = {}
    for key, path in inserted.items():
        if isinstance(path, Path):
            found[names.get(key, path.name)] = text_digest(path)
    return dict(sorted(found.items()))


# --- the comparison --------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    kind: str                 # Tabell, Nyckeltal, Text, Status, Word-text, Dokument
    where: str                # "KS Resultaträkning, Övriga driftskostnader"
    what: str                 # the column or figure: "Prognos helår 2023"; "" for a whole item
    old: str
    new: str
    measure: str = ""         # mnkr, %, …

    def text(self) -> str:
        """One Swedish line: 'KS Resultaträkning, Övriga driftskostnader, Prognos helår 2023: -65,4 → -66,5 mnkr'."""
        place = f"{self.where}, {self.what}" if self.what else self.where
        if self.kind == "Text":          # a sentence: the sheet has the old and the new one
            return f"{place}: {'ändrad' if self.old and self.new else 'ny' if self.new else 'borttagen'}"
        if self.kind in ("Tabell", "Word-text") and not self.what:    # a whole row, table or file
            return f"{place}: {self.new}"
        unit = f" {self.measure}" if self.measure and self.measure != "%" else ""
        return f"{place}: {self.old or EMPTY} → {self.new or EMPTY}{unit}"


@dataclass(frozen=True)
class Comparison:
    """This run's record against the previous run's: `previous` when that one was written (None:
    no previous record of the period), `changes` in the order the documents print them;
    `unreadable`: a previous record was there but is not one this program can compare."""

    previous: datetime | None
    changes: tuple[Change, ...] = ()
    unreadable: bool = False


def since_last_run(folder: Path, record: dict) -> Comparison:
    """`record` against the one in the published `folder` (read before the folder is replaced)."""
    previous, written = previous_record(Path(folder) / RECORD_FILE)
    if previous is None:
        return Comparison(written, unreadable=written is not None)
    if (previous.get("format") != RECORD_FORMAT or previous.get("unit") != record["unit"]
            or previous.get("period") != record["period"]):
        return Comparison(written, unreadable=True)
    try:
        return Comparison(written, tuple(changed(previous, record)))
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):   # a record edited by hand
        return Comparison(written, unreadable=True)


def changed(old: dict, new: dict) -> list[Change]:
    """Every printed difference between two records, in the order the new one prints them."""
    found = [Change("Dokument", f"{new['unit']} dokumentets {label}", "", old["document"].get(key, ""), value)
             for key, label in DOCUMENT_FACTS.items()
             if (value := new["document"].get(key, "")) != old["document"].get(key, "")]
    found += _table_changes(old["tables"], new["tables"])
    found += [Change("Nyckeltal", f"{new['unit']} nyckeltal", label, old["key_figures"].get(label, ""), value,
                     "%" if label == "Förbrukning" else "mnkr")
              for label, value in new["key_figures"].items() if value != old["key_figures"].get(label, "")]
    found += _text_changes(new["unit"], old["texts"], new["texts"])
    found += _status_changes(new["unit"], old["statuses"], new["statuses"])
    found += _word_changes(old["word_texts"], new["word_texts"])
    return found


def _numbered(items, key) -> dict:
    """Items by their key and the how-many-th with that key (two rows may share a label)."""
    seen: dict = {}
    numbered = {}
    for item in items:
        k = key(item)
        seen[k] = seen.get(k, 0) + 1
        numbered[(k, seen[k])] = item
    return numbered


def _table_changes(old: list[dict], new: list[dict]) -> list[Change]:
    before = _numbered(old, lambda t: (t["unit"], t["key"], t["title"]))
    after = _numbered(new, lambda t: (t["unit"], t["key"], t["title"]))
    found = []
    for ident, table in after.items():
        name = _table_name(table)
        previous = before.get(ident)
        if previous is None:
            found.append(Change("Tabell", name, "", "", "ny tabell"))
            continue
        old_rows = _numbered(previous["rows"], lambda r: r[0])
        columns = {heading: i for i, heading in enumerate(previous["header"][1:], start=1)}
        for row_ident, row in _numbered(table["rows"], lambda r: r[0]).items():
            where = f"{name}, {row[0]}"
            old_row = old_rows.get(row_ident)
            if old_row is None:
                found.append(Change("Tabell", where, "", "", "ny rad"))
                continue
            for i, heading in enumerate(table["header"][1:], start=1):
                cell = row[i] if i < len(row) else ""
                was = old_row[columns[heading]] if heading in columns and columns[heading] < len(old_row) else ""
                if cell != was:
                    found.append(Change("Tabell", where, heading, was, cell, table["measure"]))
        new_rows = _numbered(table["rows"], lambda r: r[0])
        found += [Change("Tabell", f"{name}, {row[0]}", "", "", "raden finns inte längre")
                  for row_ident, row in old_rows.items() if row_ident not in new_rows]
    found += [Change("Tabell", _table_name(table), "", "", "tabellen finns inte längre")
              for ident, table in before.items() if ident not in after]
    return found


def _table_name(table: dict) -> str:
    section = f"{_short(table['section'], 40)}, " if table.get("section") else ""
    return f"{table['unit']} {section}{table['title']}"


def _text_name(key: str) -> str:
    if key in TEXT_NAMES:
        return TEXT_NAMES[key]
    if key.startswith("personal: "):
        return f"meningarna under {key[len('personal: '):]}"
    if key.endswith("_analys"):
        return f"analysen för {key[:-len('_analys')].upper()}"
    return key


def _text_changes(code: str, old: dict, new: dict) -> list[Change]:
    found = [Change("Text", f"{code} {_text_name(key)}", "", old.get(key, ""), text)
             for key, text in new.items() if text != old.get(key, "")]
    found += [Change("Text", f"{code} {_text_name(key)}", "", was, "")
              for key, was in old.items() if key not in new]
    return found


def _status_changes(code: str, old: list[dict], new: list[dict]) -> list[Change]:
    before = _numbered(old, lambda s: (s["section"], s["item"]))
    found = []
    for ident, item in _numbered(new, lambda s: (s["section"], s["item"])).items():
        was = before.get(ident, {}).get("status", "")
        if item["status"] != was:
            found.append(Change("Status", f"{code} {item['section'].lower()} \"{_short(item['item'])}\"", "",
                                was, item["status"]))
    return found


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _word_changes(old: dict, new: dict) -> list[Change]:
    found = [Change("Word-text", f"Word-texten {name}", "", "", "ändrad" if name in old else "ny")
             for name, digest in new.items() if digest != old.get(name)]
    found += [Change("Word-text", f"Word-texten {name}", "", "", "tas inte längre med")
              for name, digest in old.items() if name not in new]
    return found


# --- what the ekonom reads -------------------------------------------------------------------

def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def terminal_text(comparison: Comparison, workbook: Path) -> str:
    """The run's lines on what changed since the last run ('' for the first run of the period):
    at most `SHOWN_IN_TERMINAL` changes, then how many more there are on the workbook's sheet."""
    if comparison.previous is None:
        return ""
    since = f"sedan förra körningen ({when(comparison.previous)})"
    if comparison.unreadable:
        return (f"Ändringar {since} kan inte visas: {RECORD_FILE} från den körningen går inte att läsa. "
                "Nästa körning jämför med den här.")
    if not comparison.changes:
        return f"Inga ändringar {since} i det som dokumenten skriver ut."
    lines = [f"Ändrat {since}:"]
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
            lines.append(f'  mål "{_short(goal["mal"])}": {before["text"]} → {after["text"]}')
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
    since = f"sedan förra körningen ({when(comparison.previous)})"
    if comparison.unreadable:
        sheet.text(0, 0, f"Ändringar {since} kan inte visas: {RECORD_FILE} från den körningen går inte att läsa.",
                   "bold")
        return sheet
    if not comparison.changes:
        sheet.text(0, 0, f"Inga ändringar {since} i det som dokumenten skriver ut.", "bold")
        return sheet
    count = len(comparison.changes)
    sheet.text(0, 0, f"Ändrat {since}: {count} {'ändring' if count == 1 else 'ändringar'} i det som "
                     "dokumenten skriver ut.", "bold")
    sheet.head(2, ["Slag", "Var", "Kolumn", "Förut", "Nu", "Enhet"])
    for r, change in enumerate(comparison.changes, start=3):
        for c, value in enumerate((change.kind, change.where, change.what, change.old, change.new, change.measure)):
            if value:
                sheet.text(r, c, value)
            else:
                sheet.blank(r, c)
    return sheet
