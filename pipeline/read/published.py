"""The record of what a published folder's documents print, as the previous run left it
(`pipeline.render.changes` makes and compares it; this module only reads it)."""

from __future__ import annotations

import json
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
