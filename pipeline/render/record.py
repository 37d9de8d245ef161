"""The record of everything a nämnd's documents print (`utskrivet.json`, format in
docs/changes.md), kept in its published folder: the next run compares with it
(`pipeline.render.changes`) and a later report reads its unrounded amounts
(`pipeline.comparing`, `pipeline.read.published`).

    record = printed_record(report, context)        # context: output.report_context(documents_basis(report))
    files[RECORD_FILE] = record_bytes(record)       # published with the documents, as a whole

The record holds the printed text of every table cell, key figure, computed sentence and
status, and a digest of each Word text the report inserts: aggregates only, from the report as
the cache may hold it (the staff section `printed_only`), so nothing from an HR row and nothing
of a suppressed group. It is made from the report alone (no clock, no path of this machine), so
it comes out byte for byte the same for the same inputs and `pipeline.render.unchanged` can keep
a folder with it. When the previous run was is the record file's modification time, not a field
inside it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from pipeline.numbers import format_mnkr, format_percent_sign
from pipeline.read.documents import text_digest

RECORD_FILE = "utskrivet.json"
RECORD_FORMAT = 2                      # 2: with the unrounded amounts a later report compares
MEASURE = re.compile(r"\((mnkr|tkr|kr|%)\)\s*$")
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
