"""The record of what a published folder's documents print, as the previous run left it
(`pipeline.render.record` makes it and `pipeline.render.changes` compares it; this module only
reads it), and what a later report's comparison with that report uses of it (`saved_report`,
`pipeline.compute.previous`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


def previous_record(path: Path) -> tuple[dict | None, datetime | None]:
    """(the record, when it was written: the file's modification time, local) of `path`;
    (None, None) when there is none, (None, when) when it does not read as a JSON object."""
    try:
        written = datetime.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError):
        return None, None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None, written
    return (record, written) if isinstance(record, dict) else (None, written)


@dataclass(frozen=True)
class SavedReport:
    """What the comparison with a previous report uses of that report's record (format 2):
    each DR row's forecast (label -> öre, printed convention), the DR total's, and each goal's
    printed status (goal title -> status text)."""

    period: str
    forecast: tuple[tuple[str, int | None], ...]
    total: int | None
    statuses: tuple[tuple[str, str], ...]


MISSING, UNREADABLE, OTHER_FORMAT = "saknas", "oläslig", "annat format"


def saved_report(path: Path, unit: str, period: str, record_format: int) -> tuple[SavedReport | None, str]:
    """(the previous report's record at `path`, "") or (None, why: MISSING, UNREADABLE or
    OTHER_FORMAT: a record of another format, unit or period, or one edited out of shape)."""
    record, written = previous_record(path)
    if record is None:
        return None, UNREADABLE if written is not None else MISSING
    if record.get("format") != record_format or record.get("unit") != unit or record.get("period") != period:
        return None, OTHER_FORMAT
    try:
        amounts = record["amounts"]
        at = {name: i for i, name in enumerate(amounts["columns"])}
        rows = [(str(row[at["rad"]]), row[at["slag"]], _ore(row[at["prognos"]])) for row in amounts["dr"]]
        totals = [ore for _, kind, ore in rows if kind == "total"]
        statuses = tuple((str(s["item"]), str(s["status"])) for s in record["statuses"] if s["section"] == "Mål")
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None, UNREADABLE
    return SavedReport(period, tuple((label, ore) for label, _, ore in rows), totals[0] if totals else None,
                       statuses), ""


def _ore(value) -> int | None:
    if value is None:
        return None
    if type(value) is not int:
        raise ValueError(f"{value!r} is not a whole number of öre")
    return value


def saved_periods(output_dir: Path, folder: str, record_file: str) -> list[str]:
    """The periods (ÅÅÅÅ-MM) under `output_dir` whose folder `folder` holds a record, in order."""
    try:
        return sorted(path.parent.parent.name for path in Path(output_dir).glob(f"*/{folder}/{record_file}"))
    except OSError:
        return []
