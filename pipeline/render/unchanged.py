"""Whether a published folder still holds what this run would write, so it need not be made again.

In the days before a deadline the ekonom re-runs the whole kommun many times, changing one text
or one forecast figure in between. A nämnd whose documents would come out byte for byte as they
are (rendering is reproducible: `pipeline.render.reproducible`) keeps its folder, and the run
says so; only the nämnder whose inputs changed are rendered again.

The folder is kept only when both hold:
- the *key* of what its documents are made from equals the key recorded when it was published:
  the report (every figure, text, check and setting, `pipeline.fingerprint`), the run's problems,
  every input file that is not an export (settings, Word texts, templates, pictures), this
  program's code and templates, the versions of the libraries that render, and under `--pdf`
  the LibreOffice that converts;
- the folder holds exactly the files recorded then, each with the recorded SHA-256 (a file
  deleted, edited or added by hand: made again).
Anything that cannot be fingerprinted, no cache (`--utan-cache`), or a record that does not read
means the documents are made, as without this module. The records live in the cache folder
(`ExportCache.published`): they hold the key and the files' digests, nothing else.

The folder's `utskrivet.json` (`pipeline.render.record`) is one of its files: it is made from
the report and the Word texts' words only (no clock, no path), so the key covers it and a kept
folder keeps it. The workbook's sheet Ändringar compares with the documents the folder held
before; it is kept with the folder too, and not part of the key (docs/changes.md).
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

from pipeline import fingerprint

KEY_FORMAT = 1
# The libraries whose output is in the documents: a new version may write other bytes.
RENDERING_LIBRARIES = ("docxtpl", "python-docx", "docxcompose", "XlsxWriter", "matplotlib", "Jinja2",
                       "MarkupSafe", "lxml", "pillow", "pandas", "numpy", "pyarrow")
PACKAGE = Path(__file__).resolve().parent.parent          # pipeline/


def outputs_key(made_from, inputs_digest: str, pdf: bool) -> str | None:
    """The key of the documents made from `made_from` (a report or overview with the problems
    it prints) and the non-export input files (`inputs_digest`); None when it cannot be made."""
    try:
        return fingerprint.digest(KEY_FORMAT, code_digest(), _libraries(), pdf, _office() if pdf else None,
                                  inputs_digest, made_from)
    except (fingerprint.Unfingerprintable, RecursionError):
        return None


def kept_files(folder: Path, key: str | None, record: dict | None) -> list[Path] | None:
    """The folder's files in their recorded order when `record` (from the cache) says they were
    published for `key` and the folder holds exactly them, unchanged; else None."""
    if key is None or not isinstance(record, dict) or record.get("key") != key:
        return None
    files = record.get("files")
    if not isinstance(files, dict) or not files or files != folder_digests(folder):
        return None
    return [folder / name for name in files]


def published_record(key: str | None, written: list[Path] | None) -> dict | None:
    """What to remember of a folder just published for `key`: its files' digests as written."""
    if key is None or not written:
        return None
    folder = written[0].parent
    digests = folder_digests(folder)
    if digests is None or set(digests) != {path.name for path in written}:
        return None
    return {"key": key, "files": {path.name: digests[path.name] for path in written}}


def folder_digests(folder: Path) -> dict[str, str] | None:
    """name -> SHA-256 of every entry of `folder` (None when it is not a readable folder of
    plain files)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        if not all(entry.is_file(follow_symlinks=False) for entry in entries):
            return None
        return {entry.name: hashlib.sha256(Path(entry.path).read_bytes()).hexdigest() for entry in entries}
    except OSError:
        return None


@functools.cache
def code_digest() -> str:
    """Every file of the program's package (code, shipped templates), by path and content."""
    hasher = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hasher.update(str(path.relative_to(PACKAGE)).encode())
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


@functools.cache
def _libraries() -> tuple[tuple[str, str], ...]:
    found = []
    for name in RENDERING_LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    return tuple(found)


def _office() -> tuple[str, int, int] | None:
    """The LibreOffice that converts to PDF: its program file, size and time."""
    from pipeline.render.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return None
    real = os.path.realpath(soffice)
    try:
        status = os.stat(real)
    except OSError:
        return (real, -1, -1)
    return (real, status.st_size, status.st_mtime_ns)
