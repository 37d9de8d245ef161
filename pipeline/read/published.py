"""The record of what a published folder's documents print, as the previous run left it
(`pipeline.render.changes` makes and compares it; this module only reads it)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path


def previous_record(path: Path) -> tuple[dict | None, datetime | None]:
    """(the record, when it was written: the file's modification time, local) of `path`, or
    (None, None) when there is none or it does not read as a JSON object."""
    try:
        text = path.read_text(encoding="utf-8")
        written = datetime.fromtimestamp(path.stat().st_mtime)
        record = json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return None, None
    return (record, written) if isinstance(record, dict) else (None, None)
