"""Cache of the parsed finance exports: a re-run with unchanged files does not open Excel again.

Where: `.cache/exporter/` in the folder the program runs from, or the folder named by the
environment variable PIPELINE_CACHE. Clear it with `python -m pipeline rensa-cache`
(`make clean-cache`), or delete the folder: it is rebuilt on the next run.

What: one Parquet file per export file, holding the file's typed table exactly as validation
makes it (codes as text, amounts in öre, Excel row numbers; the ledger already summed by the
fields the report uses, `SourceContract.summed_by`) and where its columns were (sheet,
letters, headings), so that later problems still point at the right cell. Only the finance
exports (huvudbok, budget, prognos, investeringar) are cached. The HR exports hold personal data
and are never written here, nor is any other source. A file with any problem is not cached: it is
read, and its problems shown, on every run until it is corrected.

The staff section is kept here only as the aggregates the report prints (`personalavsnitt--<key>.json`,
`PersonnelReport.printed_only`: sums, head counts and rates of the groups shown, never a row, key
or birth year, nothing of a suppressed group). Its key covers everything the section depends on:
the HR files and the ledger files (which decide the period) by content, rapport.toml and the
settings workbooks, the period asked for, and the whole program's code. A run whose HR exports
have any problem stores nothing.

The report's charts are kept here as well (`diagram--<key>.png`): a chart is known by its figures,
labels and drawing code (`pipeline.render.charts.picture_key`), all of them aggregates printed in
the report, so a re-run whose figures are unchanged does not draw it again (the most recently
used `PICTURES_PER_KIND` of each kind: one per nämnd and report type).

And one record per published output folder (`publicerat--<folder>.json`): the key of what its
documents were made from and each file's sha256 (`pipeline.render.unchanged`), so that a re-run
keeps a nämnd's folder whose documents would come out the same.

Key: sha256 of the file's bytes, its name, the source's settings in rapport.toml that shape the
reading (sheet, heading row, sign, unit, sum-row markers, column headings), the source's
contract, and the program's version and reading/validation code. Change any of these and the
entry is not used; the old entry of the same file is replaced when the new one is written.

Never trusted blindly. Every entry file is its content (the Parquet file, the JSON text, the PNG)
followed by a 40-byte trailer: the 8 ASCII bytes `PLSHA256` and the sha256 of the entry's file
name, a NUL byte and the content (`framed`). The name is in the checksum so that an entry copied
under another entry's name does not pass. On load, an entry whose trailer is missing or does not
match (truncated, garbled, one bit flipped), or whose content is not what this program writes
(a Parquet table whose key, file, column locations, columns or dtypes are not those of the
contract, `typed_columns`; staff data that the caller's check refuses; a PNG without its
signature and end chunk), is a miss: it is deleted and the source read again, without a word,
and the next run stores a good entry. `holds` and `holds_staff` (the early start) only look
for the file: a bad entry there costs the early parse of those files, nothing else.

Written atomically: to `.<entry name>.<pid>.tmp`, then `os.replace`. A temp left by a killed
run is removed when a later run closes its cache (`close`): one whose process is gone, or older
than a minute. Writing never fails a run: a read-only folder or a full disk only costs the next
run its time.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import __version__, processes
from pipeline.problems import Problem
from pipeline.read.catalog import EXPORTS, HR_EXPORTS, LEDGER, SETTINGS_SHEETS, SourceContract, typed_columns
from pipeline.read.raw_table import RawTable
from pipeline.read.sources import SETTINGS_DIR, SETTINGS_FILE, ExportFile
from pipeline.settings import SourceSettings

if TYPE_CHECKING:       # pandas and pyarrow load later: `pipeline.read.early` uses this module at start
    import pandas as pd

ENV_FOLDER = "PIPELINE_CACHE"
DEFAULT_FOLDER = Path(".cache") / "exporter"
CACHE_FORMAT = 1
CACHEABLE = frozenset(c.name for c in EXPORTS)        # finance only: never personal data
META = b"pipeline.cache"
PICTURE_PREFIX = "diagram--"
# Pictures kept per kind of chart: the most recently used ones, enough for every nämnd of a kommun
# (each nämnd's report has its own budget chart) and a few report types besides.
PICTURES_PER_KIND = 64
STAFF_PREFIX = "personalavsnitt--"
PUBLISHED_PREFIX = "publicerat--"
# The code that turns a file into its typed table: a change in any of these invalidates every entry.
CODE = ("read/excel.py", "read/raw_table.py", "read/catalog.py", "read/cache.py", "validate/cells.py",
        "validate/exports.py")
CHECKSUM_MAGIC = b"PLSHA256"                          # the trailer of every entry file: magic + sha256
TRAILER = len(CHECKSUM_MAGIC) + hashlib.sha256().digest_size
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"          # the IEND chunk: empty, with its CRC
STALE_TEMP_SECONDS = 60                               # a temp this old is a killed run's leftover
TEMP = re.compile(r"^\..+--.+\.(\d+)\.tmp$")             # `.<entry name>.<pid>.tmp`


def cache_folder() -> Path:
    """The documented place: $PIPELINE_CACHE, else .cache/exporter in the working directory."""
    configured = os.environ.get(ENV_FOLDER, "").strip()
    return Path(configured) if configured else DEFAULT_FOLDER


PACKAGE = Path(__file__).resolve().parent.parent


def _digest_of_code(modules: Iterable[Path]) -> str:
    """sha256 of the program's version and these modules (their names and bytes)."""
    digest = hashlib.sha256(__version__.encode())
    for path in modules:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_code_digest: str | None = None      # computed once per run (tests set it to play a new version)


def _code() -> str:
    """The code that shapes a typed table (`CODE`)."""
    global _code_digest
    if _code_digest is None:
        _code_digest = _digest_of_code(PACKAGE / name for name in CODE)
    return _code_digest


def _settings_text(contract: SourceContract, source: SourceSettings) -> str:
    return json.dumps({
        "format": CACHE_FORMAT, "code": _code(), "source": contract.name,
        "fields": [[f.name, f.kind, f.required] for f in contract.fields],
        "sheet": source.sheet, "header_row": source.header_row, "sign": source.sign,
        "ore_per_unit": source.ore_per_unit, "sum_markers": list(source.sum_markers),
        "headers": source.headers,
    }, sort_keys=True, ensure_ascii=False)


_file_digests: dict[tuple[str, int, int], bytes] = {}     # (path, size, mtime) -> sha256, this run


def _file_digest(path: Path) -> bytes:
    """sha256 of the file's bytes, computed once per run (the early start and the reading ask)."""
    status = path.stat()
    known = (str(path.resolve()), status.st_size, status.st_mtime_ns)
    if known not in _file_digests:
        with path.open("rb") as stream:
            _file_digests[known] = hashlib.file_digest(stream, "sha256").digest()
    return _file_digests[known]


def cache_key(path: Path, contract: SourceContract, source: SourceSettings) -> str:
    digest = hashlib.sha256(_settings_text(contract, source).encode())
    digest.update(path.name.encode())
    digest.update(_file_digest(path))
    return digest.hexdigest()


_package_digest: str | None = None


def _package_code() -> str:
    """Every module of the program: the staff section depends on much of it."""
    global _package_digest
    if _package_digest is None:
        _package_digest = _digest_of_code(sorted(PACKAGE.rglob("*.py")))
    return _package_digest


def staff_key_of(input_dir: Path, files: list[ExportFile], requested_period: str | None) -> str:
    """`staff_key` of the input folder's settings, HR files and ledger files."""
    settings_dir = input_dir / SETTINGS_DIR
    settings_files = [settings_dir / SETTINGS_FILE,
                      *sorted({settings_dir / file for file, _, _ in SETTINGS_SHEETS.values()})]
    hr = {c.name for c in HR_EXPORTS}
    return staff_key(settings_files, [f.path for f in files if f.contract.name in hr],
                     [f.path for f in files if f.contract.name == LEDGER.name], requested_period)


def staff_key(settings_files: list[Path], hr_files: list[Path], ledger_files: list[Path],
              requested_period: str | None) -> str:
    """What the printed staff section depends on (see the module's docstring)."""
    digest = hashlib.sha256(json.dumps({"format": CACHE_FORMAT, "code": _package_code(),
                                        "period": requested_period or ""}).encode())
    for group in (settings_files, hr_files, ledger_files):
        digest.update(b"|")
        for path in sorted(group):
            if path.exists():
                digest.update(path.name.encode())
                digest.update(_file_digest(path))
    return digest.hexdigest()


def _touch(entry: Path) -> None:
    try:
        os.utime(entry)
    except OSError:
        pass            # a read-only cache: the order of use is only a hint


def _used(entry: Path) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0

def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]", "_", text)


def _checksum(name: str, content: bytes) -> bytes:
    digest = hashlib.sha256(name.encode())
    digest.update(b"\0")
    digest.update(content)
    return digest.digest()


def framed(name: str, content: bytes) -> bytes:
    """The bytes of the entry file `name`: its content, then the trailer (magic and checksum)."""
    return content + CHECKSUM_MAGIC + _checksum(name, content)


def unframed(name: str, data: bytes) -> bytes | None:
    """The content of the entry file `name` as read (`data`), or None when its trailer is not
    there or does not match the content: truncated, garbled, bit-flipped or another entry's."""
    content, trailer = data[:-TRAILER], data[-TRAILER:]
    if len(data) < TRAILER or trailer != CHECKSUM_MAGIC + _checksum(name, content):
        return None
    return content


def _text_map(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())


class ExportCache:
    """Typed finance exports by content. Counts what it found (`hits`) and what was parsed (`misses`)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else cache_folder()
        self.hits = 0
        self.misses = 0
        self.staff_used = False                              # the staff section came from here
        self._pending: dict[tuple[str, str], str] = {}      # (source, file) -> key, to store after validation
        self._writer: ThreadPoolExecutor | None = None       # entries are written while the report is made
        self._swept = False

    def __enter__(self) -> ExportCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Wait until every entry is written (a write that failed is only not there), then remove
        the temps of killed runs. Never raises."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        if not self._swept:
            self._swept = True
            self._remove_stale_temps()

    def _remove_stale_temps(self) -> None:
        now = time.time()
        try:
            temps = [t for t in self.folder.glob(".*.tmp") if TEMP.match(t.name)]
        except OSError:
            return
        for temp in temps:
            try:
                if not processes.alive(int(TEMP.match(temp.name)[1])) or now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
            except OSError:
                pass

    def _content(self, entry: Path) -> bytes | None:
        """The entry's content when its checksum matches; a bad entry is deleted."""
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        content = unframed(entry.name, data)
        if content is None:
            self._discard(entry)
        return content

    @staticmethod
    def _discard(entry: Path) -> None:
        try:
            entry.unlink(missing_ok=True)
        except OSError:
            pass            # a read-only cache: the entry stays a miss

    def _entry(self, source: str, file: str, key: str) -> Path:
        return self.folder / f"{_safe(source)}--{_safe(file)}--{key[:40]}.parquet"

    def holds(self, path: Path, contract: SourceContract, source: SourceSettings) -> bool:
        """Whether an entry for the file as it is now exists (not whether it reads)."""
        return (contract.name in CACHEABLE
                and self._entry(contract.name, path.name, cache_key(path, contract, source)).exists())

    def load(self, path: Path, contract: SourceContract, source: SourceSettings) -> RawTable | None:
        """The file's typed table and column locations (`RawTable.typed`), or None: parse it."""
        if contract.name not in CACHEABLE:
            return None
        key = cache_key(path, contract, source)
        entry = self._entry(contract.name, path.name, key)
        content = self._content(entry) if entry.exists() else None
        table = self._table(content, key, path.name, contract) if content is not None else None
        if content is not None and table is None:
            self._discard(entry)         # not what this program writes: parse the file again
        if table is None:
            self.misses += 1
            self._pending[(contract.name, path.name)] = key
        else:
            self.hits += 1
        return table

    @staticmethod
    def _table(content: bytes, key: str, file: str, contract: SourceContract) -> RawTable | None:
        """The typed table in an entry's content, or None when it is not the one this program
        writes for `file` under `key` (its metadata, columns and dtypes)."""
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            stored = pq.read_table(pa.BufferReader(content))
            meta = json.loads(stored.schema.metadata[META])
            if not (isinstance(meta, dict) and meta.get("key") == key and meta.get("file") == file
                    and isinstance(meta.get("sheet"), str)
                    and _text_map(meta.get("letters")) and _text_map(meta.get("headers"))):
                return None
            frame = stored.to_pandas()
        except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
            return None
        if list(zip(frame.columns, frame.dtypes.astype(str))) != list(typed_columns(contract).items()):
            return None
        return RawTable(meta["file"], meta["sheet"], pd.DataFrame(), meta["letters"], meta["headers"],
                        typed=frame)

    def store(self, exports: dict[str, list[RawTable]], typed: dict[str, pd.DataFrame],
              problems: list[Problem]) -> None:
        """Write the typed table of each parsed finance export that has no problem."""
        with_problems = {p.location.file for p in problems}
        for name, tables in exports.items():
            for table in tables:
                key = self._pending.pop((name, table.file), None)
                if key is None or table.file in with_problems or name not in CACHEABLE:
                    continue
                self._submit(self._write, name, table, typed[name], len(tables) > 1, key)

    def _submit(self, task, *args) -> None:
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cache")
        self._writer.submit(task, *args)

    def _write(self, source: str, table: RawTable, frame: pd.DataFrame, several: bool, key: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if several:                    # the source's typed frame holds several files: this one's rows
            frame = frame[frame["fil"] == table.file].reset_index(drop=True)
        meta = {"key": key, "file": table.file, "sheet": table.sheet, "letters": table.letters,
                "headers": table.headers}
        try:
            data = pa.Table.from_pandas(frame, preserve_index=False)
            data = data.replace_schema_metadata({**(data.schema.metadata or {}),
                                                 META: json.dumps(meta, ensure_ascii=False).encode()})
            buffer = pa.BufferOutputStream()
            pq.write_table(data, buffer, compression="zstd")
        except (OSError, TypeError, ValueError, pa.ArrowException):
            return          # a cache that cannot be written only costs time on the next run
        self._write_bytes(self._entry(source, table.file, key), buffer.getvalue().to_pybytes(),
                          f"{_safe(source)}--{_safe(table.file)}--*.parquet")

    def _staff_entry(self, key: str) -> Path:
        return self.folder / f"{STAFF_PREFIX}{key[:40]}.json"

    def holds_staff(self, key: str) -> bool:
        return self._staff_entry(key).exists()

    def staff(self, key: str, valid: Callable[[dict], bool] | None = None) -> dict | None:
        """The printed staff aggregates stored under `key` by an earlier run, or None. `valid`:
        whether the data is what the staff stage stores (`PersonnelReport.readable`); an entry
        it refuses is deleted."""
        entry = self._staff_entry(key)
        content = self._content(entry)
        if content is None:
            return None
        try:
            data = json.loads(content.decode("utf-8"))
        except ValueError:
            data = None
        if not isinstance(data, dict) or (valid is not None and not valid(data)):
            self._discard(entry)
            return None
        self.staff_used = True
        return data

    def store_staff(self, key: str, data: dict) -> None:
        """Store printed aggregates (`PersonnelReport.printed_only().as_data()`), nothing else."""
        # In the section's own order: a run from the cache has the same report as one that parsed.
        text = json.dumps(data, ensure_ascii=False)
        self._submit(self._write_bytes, self._staff_entry(key), text.encode(), f"{STAFF_PREFIX}*.json")

    def _published_entry(self, folder: Path) -> Path:
        where = os.path.normcase(os.path.abspath(folder)).encode("utf-8", "surrogatepass")
        return self.folder / f"{PUBLISHED_PREFIX}{hashlib.sha256(where).hexdigest()[:40]}.json"

    def published(self, folder: Path) -> dict | None:
        """What `store_published` recorded of the output folder `folder` (`pipeline.render.unchanged`),
        or None."""
        content = self._content(self._published_entry(folder))
        try:
            record = json.loads(content.decode("utf-8")) if content is not None else None
        except ValueError:
            record = None
        return record if isinstance(record, dict) else None

    def store_published(self, folder: Path, record: dict | None) -> None:
        """Record the key and file digests of a folder just published (None: forget it)."""
        entry = self._published_entry(folder)
        if record is None:
            self._discard(entry)
            return
        text = json.dumps(record, ensure_ascii=False, sort_keys=True)
        self._submit(self._write_bytes, entry, text.encode(), entry.name)

    def _picture_entry(self, key: str) -> Path:
        kind, _, digest = key.rpartition("--")
        return self.folder / f"{PICTURE_PREFIX}{_safe(kind)}--{digest[:40]}.png"

    def picture(self, key: str) -> bytes | None:
        """A chart drawn by an earlier run (`pipeline.render.charts`), or None."""
        entry = self._picture_entry(key)
        png = self._content(entry)
        if png is not None and not (png.startswith(PNG_SIGNATURE) and png[12:16] == b"IHDR"
                                    and png.endswith(PNG_END)):
            self._discard(entry)
            return None
        if png is not None:
            _touch(entry)           # recently used: kept when newer pictures of its kind are stored
        return png

    def store_picture(self, key: str, png: bytes) -> None:
        """Keep the `PICTURES_PER_KIND` most recently used pictures of each kind of chart."""
        entry = self._picture_entry(key)
        self._submit(self._write_bytes, entry, png, entry.name.rsplit("--", 1)[0] + "--*.png",
                     PICTURES_PER_KIND)

    def _write_bytes(self, entry: Path, content: bytes, others: str, keep: int = 1) -> None:
        """Write the entry (content and trailer) atomically, then delete the entries matching the
        glob `others` beyond the `keep` most recently used (the entry itself counts as one).
        Runs in the writer thread; never raises."""
        temp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(framed(entry.name, content))
            os.replace(temp, entry)
            older = sorted((p for p in self.folder.glob(others) if p != entry), key=_used, reverse=True)
            for stale in older[keep - 1:]:
                stale.unlink(missing_ok=True)
        except OSError:
            self._discard(temp)     # a cache that cannot be written only costs time on the next run

    def clear(self) -> int:
        """Delete every cache entry; returns how many. Other files in the folder are left alone."""
        removed = 0
        if self.folder.is_dir():
            for entry in [*self.folder.glob("*--*--*.parquet"), *self.folder.glob(f"{PICTURE_PREFIX}*.png"),
                          *self.folder.glob(f"{STAFF_PREFIX}*.json"),
                          *self.folder.glob(f"{PUBLISHED_PREFIX}*.json"),
                          *(t for t in self.folder.glob(".*.tmp") if TEMP.match(t.name))]:
                entry.unlink(missing_ok=True)
                removed += 1
            if not any(self.folder.iterdir()):
                self.folder.rmdir()
        return removed
