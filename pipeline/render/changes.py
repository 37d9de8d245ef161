"""What changed since the last run: this run's record (`pipeline.render.record`) against the one the
previous run left in the published folder, as a list of differences in the order the documents
print them.

    comparison = since_last_run(folder, record)     # before the folder is published again

What the ekonom reads of it (the terminal's lines, the workbook's sheet) is
`pipeline.render.changes_text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.read.published import previous_record
from pipeline.render.record import DOCUMENT_FACTS, RECORD_FILE, RECORD_FORMAT

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
    section = f"{short(table['section'], 40)}, " if table.get("section") else ""
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
            found.append(Change("Status", f"{code} {item['section'].lower()} \"{short(item['item'])}\"", "",
                                was, item["status"]))
    return found


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _word_changes(old: dict, new: dict) -> list[Change]:
    found = [Change("Word-text", f"Word-texten {name}", "", "", "ändrad" if name in old else "ny")
             for name, digest in new.items() if digest != old.get(name)]
    found += [Change("Word-text", f"Word-texten {name}", "", "", "tas inte längre med")
              for name, digest in old.items() if name not in new]
    return found
