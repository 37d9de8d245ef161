"""The raw table: one sheet's cells as read, indexed by Excel row number, knowing their columns.

What reading hands to validation (`pipeline.read.excel` parses a sheet into one; the cache,
`pipeline.read.cache`, gives one back holding the typed table). A module of its own so that both
can use it without importing each other: pandas is only named here, not loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.problems import Location

if TYPE_CHECKING:       # pandas loads later: `pipeline.read.early` uses the cache, and so this, at start
    import pandas as pd


@dataclass
class RawTable:
    """Cells as read, one column per field, indexed by Excel row number."""

    file: str
    sheet: str
    frame: pd.DataFrame
    letters: dict[str, str] = field(default_factory=dict)   # field -> column letter
    headers: dict[str, str] = field(default_factory=dict)   # field -> heading as in the file
    typed: pd.DataFrame | None = None   # from the cache (read/cache.py): the validated table, `frame` empty
    personal: bool = False   # personal data (an HR export): problems name the cell, never its value
    path: Path | None = None   # the file read (None from the cache): to look closer at a cell in error

    def location(self, row: int | None = None, field_name: str | None = None) -> Location:
        return Location(
            self.file,
            self.sheet,
            row,
            self.letters.get(field_name) if field_name else None,
            self.headers.get(field_name) if field_name else None,
        )
