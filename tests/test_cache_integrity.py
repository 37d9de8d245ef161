"""The cache is never trusted blindly: a truncated, garbled, bit-flipped or foreign entry (typed
export Parquet, staff JSON, chart PNG) is a miss. It is deleted and recomputed from the source:
no exception, the same figures and bytes as a run without cache, no problem, a good entry
written in its place, and the next run hits it again. Writing never fails a run."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import write_inputs
from pipeline.orchestrator import build_report
from pipeline.personnel import readable_sections
from pipeline.read import cache as cache_module
from pipeline.read.cache import CACHEABLE, ExportCache, framed, unframed
from pipeline.read.catalog import EXPORTS, typed_columns
from pipeline.read.inputs import read_exports, read_settings
from pipeline.read.sources import export_files
from pipeline.render.output import rendered_outputs
from pipeline.validate import exports

FINANCE_FILES = 5      # huvudbok_2022, huvudbok_2023, budget, prognos, investeringar
KINDS = ("huvudbok--huvudbok_2022", "huvudbok--huvudbok_2023", "budget--", "prognos--", "investeringar--",
         "personalavsnitt--", "diagram--budget_prognos--", "diagram--sjukfranvaro--")


def figures(report) -> dict:
    return {key: (table.header, [(r.label, r.cells) for r in table.rows], table.unrounded)
            for key, table in report.printed.items()}


def run(folder: Path, cache_dir: Path | None):
    """Build and render the report, with the cache in `cache_dir` (None: without cache)."""
    cache = ExportCache(cache_dir) if cache_dir is not None else None
    report, problems = build_report(folder, cache=cache)
    files = rendered_outputs(report, problems, folder, cache)
    if cache is not None:
        cache.close()
    return report, problems, files, cache


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Inputs, a cache filled by one run, and the output of a run without cache."""
    root = tmp_path_factory.mktemp("integrity")
    folder = write_inputs(root / "input")
    run(folder, root / "cache")
    report, problems, files, _ = run(folder, None)
    assert problems == []
    entries = sorted(p.name for p in (root / "cache").iterdir())
    assert len(entries) == len(KINDS) and all(any(e.startswith(k) for e in entries) for k in KINDS)
    return folder, root / "cache", figures(report), files


def fresh_cache(made, tmp_path) -> Path:
    _, filled, _, _ = made
    folder = tmp_path / "cache"
    shutil.copytree(filled, folder)
    return folder


def entry_of(folder: Path, kind: str) -> Path:
    [entry] = [p for p in folder.iterdir() if p.name.startswith(kind)]
    return entry


def truncated(entry: Path, folder: Path) -> bytes:
    data = entry.read_bytes()
    return data[:len(data) // 2]


def flipped(entry: Path, folder: Path) -> bytes:
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01
    return bytes(data)


def garbage(entry: Path, folder: Path) -> bytes:
    return b"\x00garbage\xff" * 100


def other_content(entry: Path, folder: Path) -> bytes:
    """A valid file of the same format with other content, under the right name: another entry
    of the same kind (with its own trailer) where there is one, else the content unframed."""
    others = [p for p in folder.iterdir() if p.suffix == entry.suffix and p != entry]
    if others:
        return others[0].read_bytes()
    data = json.loads(unframed(entry.name, entry.read_bytes()))
    data["unit_name"] = "En annan förvaltning"
    return json.dumps(data).encode()


@pytest.mark.parametrize("spoil", [truncated, flipped, garbage, other_content])
def test_a_spoiled_entry_of_every_kind_is_a_miss_recomputed_and_replaced(made, tmp_path, spoil):
    folder, _, want_figures, want_files = made
    cache_dir = fresh_cache(made, tmp_path)
    spoiled = {}
    for kind in KINDS:
        entry = entry_of(cache_dir, kind)
        spoiled[entry.name] = spoil(entry, cache_dir)
    for name, data in spoiled.items():
        (cache_dir / name).write_bytes(data)

    report, problems, files, cache = run(folder, cache_dir)
    assert (cache.hits, cache.misses, cache.staff_used) == (0, FINANCE_FILES, False)
    assert problems == []                                  # nothing blamed on the user's files
    assert figures(report) == want_figures
    assert files == want_files                             # every byte of every document

    for name, data in spoiled.items():                     # a good entry in place of each bad one
        entry = cache_dir / name
        assert entry.read_bytes() != data
        assert unframed(name, entry.read_bytes()) is not None
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(spoiled)

    again, _, again_files, cache = run(folder, cache_dir)
    assert (cache.hits, cache.misses, cache.staff_used) == (FINANCE_FILES, 0, True)
    assert again_files == want_files


def finance_files(folder: Path):
    settings, _ = read_settings(folder / "installningar")
    files, _ = export_files(folder, settings)
    return [f for f in files if f.contract.name in CACHEABLE]


def test_no_single_flipped_bit_anywhere_in_a_parquet_entry_is_used(made, tmp_path):
    folder, filled, _, _ = made
    for file in finance_files(folder):
        entry = entry_of(filled, f"{file.contract.name}--{file.path.name}")
        good = entry.read_bytes()
        for position in range(0, len(good), max(1, len(good) // 40)):
            cache_dir = tmp_path / f"{file.path.name}-{position}"
            cache_dir.mkdir()
            spoiled = bytearray(good)
            spoiled[position] ^= 1 << position % 8
            (cache_dir / entry.name).write_bytes(bytes(spoiled))
            cache = ExportCache(cache_dir)
            assert cache.load(file.path, file.contract, file.source) is None, (file.path.name, position)
            assert (cache.hits, cache.misses) == (0, 1)
            assert not (cache_dir / entry.name).exists()          # deleted: it cannot come back


def forge(entry: Path, content: bytes) -> None:
    """Write `content` with a correct trailer: what only a program of another kind would write."""
    entry.write_bytes(framed(entry.name, content))


def parquet_bytes(frame: pd.DataFrame, meta: dict | None) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if meta is not None:
        table = table.replace_schema_metadata({**table.schema.metadata,
                                               cache_module.META: json.dumps(meta).encode()})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_a_parquet_entry_with_a_good_checksum_is_still_checked_against_its_contract(made, tmp_path):
    folder, filled, _, _ = made
    budget = next(f for f in finance_files(folder) if f.contract.name == "budget")
    good_entry = entry_of(filled, f"budget--{budget.path.name}")
    stored = pq.read_table(pa.BufferReader(unframed(good_entry.name, good_entry.read_bytes())))
    frame, meta = stored.to_pandas(), json.loads(stored.schema.metadata[cache_module.META])
    forecast_entry = entry_of(filled, "prognos--")
    forecast = unframed(forecast_entry.name, forecast_entry.read_bytes())
    spoiled = {
        "another file's table": forecast,
        "another key": parquet_bytes(frame, {**meta, "key": "0" * 64}),
        "another file": parquet_bytes(frame, {**meta, "file": "prognos_2023.xlsx"}),
        "no metadata": parquet_bytes(frame, None),
        "letters not text": parquet_bytes(frame, {**meta, "letters": {"ar": 1}}),
        "amounts as decimals": parquet_bytes(frame.astype({"budget": "float64"}), meta),
        "a column missing": parquet_bytes(frame.drop(columns="konto"), meta),
        "columns in another order": parquet_bytes(frame[[*frame.columns[::-1]]], meta),
        "not parquet": b"PAR1 but nothing else",
    }
    check_dir = tmp_path / "good"                   # forged as this program writes it: used
    check_dir.mkdir()
    forge(check_dir / good_entry.name, parquet_bytes(frame, meta))
    assert ExportCache(check_dir).load(budget.path, budget.contract, budget.source) is not None
    for what, content in spoiled.items():
        cache_dir = tmp_path / what.replace(" ", "-").replace("'", "")
        cache_dir.mkdir()
        forge(cache_dir / good_entry.name, content)
        cache = ExportCache(cache_dir)
        assert cache.load(budget.path, budget.contract, budget.source) is None, what
        assert not (cache_dir / good_entry.name).exists(), what


def test_a_staff_entry_with_a_good_checksum_is_used_only_if_it_reads_back_unchanged(made, tmp_path):
    _, filled, _, _ = made
    entry = entry_of(filled, "personalavsnitt--")
    data = json.loads(unframed(entry.name, entry.read_bytes()))["KS"]
    key = entry.name.removeprefix("personalavsnitt--").removesuffix(".json")
    assert readable_sections({"KS": data})
    sick = data["sick_leave"][0]
    spoiled = {
        "not json": b"{not json",
        "a list": b"[]",
        "a key missing": json.dumps({k: v for k, v in data.items() if k != "goals"}).encode(),
        "an unknown field": json.dumps({**data, "sick_leave": [{**sick, "extra": 1}]}).encode(),
        "a field missing": json.dumps({**data, "sick_leave": [
            {k: v for k, v in sick.items() if k != "sick_hours"}]}).encode(),
        "a table as text": json.dumps({**data, "key_figures": "tabell"}).encode(),
        "not utf-8": b"\xff\xfe" + json.dumps(data).encode("utf-16-le"),
    }
    for what, content in spoiled.items():
        cache_dir = tmp_path / what.replace(" ", "-")
        cache_dir.mkdir()
        forge(cache_dir / entry.name, b'{"KS": ' + content + b"}" if content.startswith(b"{") else content)
        cache = ExportCache(cache_dir)
        assert cache.staff(key, readable_sections) is None, what
        assert not cache.staff_used and not (cache_dir / entry.name).exists(), what
    shutil.copy(entry, tmp_path / entry.name)
    cache = ExportCache(tmp_path)
    assert cache.staff(key, readable_sections) == {"KS": data} and cache.staff_used


def test_a_picture_entry_with_a_good_checksum_is_used_only_if_it_is_a_whole_png(made, tmp_path):
    _, filled, _, _ = made
    entry = entry_of(filled, "diagram--budget_prognos--")
    png = unframed(entry.name, entry.read_bytes())
    key = "budget_prognos--" + entry.name.rsplit("--", 1)[1].removesuffix(".png")
    for what, content in {"not a png": b"GIF89a" + png[6:], "cut before its end": png[:-12],
                          "no header chunk": png[:8] + png[33:], "empty": b""}.items():
        cache_dir = tmp_path / what.replace(" ", "-")
        cache_dir.mkdir()
        forge(cache_dir / entry.name, content)
        assert ExportCache(cache_dir).picture(key) is None, what
        assert not (cache_dir / entry.name).exists(), what
    shutil.copy(entry, tmp_path / entry.name)
    assert ExportCache(tmp_path).picture(key) == png


def test_typed_columns_are_those_typed_export_makes(made):
    folder, _, _, _ = made
    settings, _ = read_settings(folder / "installningar")
    tables, _ = read_exports(folder, settings)
    for contract in EXPORTS:
        source = settings.sources[contract.name]
        want = typed_columns(contract)
        for table in tables[contract.name]:
            typed, _ = exports.typed_export([table], contract, source)
            assert list(zip(typed.columns, typed.dtypes.astype(str))) == list(want.items()), contract.name
        empty = exports.typed_export([], contract, source)[0]
        assert list(zip(empty.columns, empty.dtypes.astype(str))) == list(want.items()), contract.name


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temps_of_killed_runs_are_removed_and_a_running_writers_are_kept(tmp_path):
    name = "budget--budget_2023.xlsx--" + "0" * 40 + ".parquet"
    killed = tmp_path / f".{name}.{dead_pid()}.tmp"
    running = tmp_path / f".{name}.{os.getpid()}.tmp"
    old = tmp_path / f".{name.replace('budget_2023', 'budget_2022')}.{os.getpid()}.tmp"
    not_ours = tmp_path / ".notes.1.tmp"
    for temp in (killed, running, old, not_ours):
        temp.write_bytes(b"half an entry")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    cache = ExportCache(tmp_path)
    cache.close()
    assert not killed.exists() and not old.exists()
    assert running.exists() and not_ours.exists()
    cache.close()                                     # a second close does nothing, raises nothing


class Unwritable:
    """A cache folder where nothing can be created, replaced or deleted (as a read-only folder or
    a full disk: root may write into a folder with mode 0o555, so the calls are made to fail)."""

    def __init__(self, folder: Path, monkeypatch) -> None:
        real_replace, real_unlink, real_write = os.replace, Path.unlink, Path.write_bytes

        def inside(path) -> bool:
            return Path(path).resolve().is_relative_to(folder.resolve())

        def replace(src, dst):
            if inside(dst):
                raise OSError(28, "No space left on device")
            return real_replace(src, dst)

        def unlink(path, missing_ok=False):
            if inside(path):
                raise PermissionError(13, "Permission denied")
            return real_unlink(path, missing_ok=missing_ok)

        def write_bytes(path, data):
            if inside(path):
                raise OSError(28, "No space left on device")
            return real_write(path, data)

        monkeypatch.setattr(cache_module.os, "replace", replace)
        monkeypatch.setattr(Path, "unlink", unlink)
        monkeypatch.setattr(Path, "write_bytes", write_bytes)


def test_a_cache_that_cannot_be_written_or_cleaned_never_fails_the_run(made, tmp_path, monkeypatch):
    folder, _, want_figures, want_files = made
    cache_dir = fresh_cache(made, tmp_path)
    for kind in KINDS:
        entry = entry_of(cache_dir, kind)
        entry.write_bytes(flipped(entry, cache_dir))
    before = {p.name: p.read_bytes() for p in cache_dir.iterdir()}
    Unwritable(cache_dir, monkeypatch)
    report, problems, files, cache = run(folder, cache_dir)
    assert (cache.hits, cache.misses) == (0, FINANCE_FILES)
    assert problems == [] and figures(report) == want_figures and files == want_files
    # The bad entries stay as they were: the next run finds the same and is a miss again.
    assert {p.name: p.read_bytes() for p in cache_dir.iterdir()} == before


def test_a_cache_folder_that_is_a_file_never_fails_the_run(made, tmp_path):
    folder, _, want_figures, want_files = made
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be")
    report, problems, files, cache = run(folder, not_a_folder)
    assert (cache.hits, cache.misses) == (0, FINANCE_FILES)
    assert problems == [] and figures(report) == want_figures and files == want_files
    assert not_a_folder.read_text() == "a file where the cache folder should be"


def test_a_failed_write_leaves_no_temp(made, tmp_path, monkeypatch):
    _, filled, _, _ = made
    picture, staff = entry_of(filled, "diagram--budget_prognos--"), entry_of(filled, "personalavsnitt--")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(cache_module.os, "replace", full_disk)
    cache = ExportCache(tmp_path / "cache")
    cache.store_picture("budget_prognos--" + "1" * 64, unframed(picture.name, picture.read_bytes()))
    cache.store_staff("2" * 64, json.loads(unframed(staff.name, staff.read_bytes())))
    cache.close()
    assert list((tmp_path / "cache").iterdir()) == []


def test_close_never_raises_when_a_background_write_failed(tmp_path):
    cache = ExportCache(tmp_path)

    def broken() -> None:
        raise RuntimeError("a writer that fails in an unforeseen way")
    cache._submit(broken)
    cache.close()
    assert cache._writer is None


def test_the_command_line_with_spoiled_entries_writes_the_same_documents(made, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from pipeline.cli import main

    folder, _, _, want_files = made
    cache_dir = fresh_cache(made, tmp_path)
    for kind in KINDS:
        entry = entry_of(cache_dir, kind)
        entry.write_bytes(flipped(entry, cache_dir))
    monkeypatch.setenv("PIPELINE_CACHE", str(cache_dir))
    args = ["report", "--input", str(folder), "--output", str(tmp_path / "out")]
    first = CliRunner().invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "Traceback" not in first.output
    assert "Fel (" not in first.output and "Varningar (" not in first.output     # no problem at all
    assert first.output.splitlines()[-1].endswith("(cache användes för 0 av 5 exporter).")
    written = tmp_path / "out" / "2023-02" / "kommunstyrelsen"
    assert {p.name: p.read_bytes() for p in written.iterdir()} == want_files
    again = CliRunner().invoke(main, args, catch_exceptions=False)
    assert again.output.splitlines()[-1].endswith("(cache användes för 5 av 5 exporter och personalavsnittet).")
    assert {p.name: p.read_bytes() for p in written.iterdir()} == want_files


def test_pictures_of_one_kind_are_kept_for_every_report_up_to_the_limit(tmp_path, monkeypatch):
    """Each nämnd's report has its own budget chart: a kommun's run keeps all of them (the most
    recently used first), so the next run draws none again; beyond the limit the least recently
    used goes."""
    monkeypatch.setattr(cache_module, "PICTURES_PER_KIND", 3)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    keys = [f"budget_prognos--{str(i) * 64}" for i in range(1, 5)]
    cache = ExportCache(tmp_path)
    for step, key in enumerate(keys[:3]):
        cache.store_picture(key, png)
        cache.close()
        os.utime(cache._picture_entry(key), (1_000_000 + step, 1_000_000 + step))
    assert all(ExportCache(tmp_path).picture(key) == png for key in reversed(keys[:3]))
    os.utime(cache._picture_entry(keys[1]), (900_000, 900_000))      # the least recently used
    cache = ExportCache(tmp_path)
    cache.store_picture(keys[3], png)
    cache.close()
    held = [key for key in keys if ExportCache(tmp_path).picture(key) is not None]
    assert held == [keys[0], keys[2], keys[3]]
