"""A re-run keeps a published folder only when its documents would come out exactly the same
(pipeline/render/unchanged.py, pipeline/fingerprint.py)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import docx
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_inputs
from pipeline import fingerprint
from pipeline.cli import main
from pipeline.render import unchanged

KEPT = "oförändrad i"
WRITTEN = "skriven till"


def run(folder: Path, out: Path, cache: Path, monkeypatch, *extra: str):
    monkeypatch.setenv("PIPELINE_CACHE", str(cache))
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(out), *extra],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def outcome_lines(output: str) -> dict[str, str]:
    """Nämnd -> its line under 'Nämnder:'."""
    lines = output.split("Nämnder:\n", 1)[1].splitlines()
    return {line.strip().split(":", 1)[0]: line for line in lines if line.startswith("  ")}


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def made_from_the_inputs(folder: Path) -> dict:
    """`files_of`, each workbook as its sheets' cells without the sheet Ändringar: that sheet
    lists what changed against the documents the folder held before, so it depends on the
    folder's history, not only on the inputs (pipeline/render/changes_text.py)."""
    import io

    import openpyxl

    found = {}
    for name, data in files_of(folder).items():
        if name.endswith(("avstamning.xlsx", "kommunoversikt.xlsx")):
            book = openpyxl.load_workbook(io.BytesIO(data))
            assert book.sheetnames[1] == "Ändringar", name
            found[name] = {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()]
                           for sheet in book.worksheets if sheet.title != "Ändringar"}
        else:
            found[name] = data
    return found


def changes_sheet(folder: Path) -> list[tuple]:
    import openpyxl

    return list(openpyxl.load_workbook(folder / "avstamning.xlsx")["Ändringar"].iter_rows(values_only=True))


def test_a_rerun_with_the_same_inputs_keeps_every_folder_as_it_is(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run(tiny, out, cache, monkeypatch)
    assert all(WRITTEN in line for line in outcome_lines(first).values())
    before = files_of(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = run(tiny, out, cache, monkeypatch)
    assert outcome_lines(second) and all(KEPT in line for line in outcome_lines(second).values()), second
    assert "Oförändrade sedan förra körningen (samma underlag), inte skrivna om:" in second
    assert files_of(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes


def test_the_kept_documents_are_those_a_fresh_run_writes(tiny, tmp_path, monkeypatch):
    """Kept after an edit and its undoing: byte for byte what a run without any cache writes."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, cache, monkeypatch)
    text = next((tiny / "texter").rglob("*.docx"))
    original = text.read_bytes()
    document = docx.Document(str(text))
    document.add_paragraph("Ett tillägg.")
    document.save(str(text))
    edited = run(tiny, out, cache, monkeypatch)
    assert all(WRITTEN in line for name, line in outcome_lines(edited).items() if name != "Kommunöversikt")
    text.write_bytes(original)
    assert all(WRITTEN in line for name, line in outcome_lines(run(tiny, out, cache, monkeypatch)).items()
               if name != "Kommunöversikt")
    assert all(KEPT in line for line in outcome_lines(run(tiny, out, cache, monkeypatch)).values())
    fresh = tmp_path / "fresh"
    run(tiny, fresh, tmp_path / "cache-fresh", monkeypatch, "--utan-cache")
    assert made_from_the_inputs(out) == made_from_the_inputs(fresh)
    # What differs, on purpose: the kept workbook says what its documents changed (the text put
    # back) against the ones they replaced; the fresh one had nothing to compare with.
    [kept_folder] = [f for f in out.glob("*/*") if f.name != "kommunen"]
    [fresh_folder] = [f for f in fresh.glob("*/*") if f.name != "kommunen"]
    name = text.relative_to(tiny).as_posix()
    assert ("Word-text", f"Word-texten {name}", None, None, "ändrad", None) in changes_sheet(kept_folder)
    assert changes_sheet(fresh_folder)[0][0].startswith("Ingen tidigare körning av perioden")


def test_any_change_that_reaches_the_documents_makes_them_again(tiny, tmp_path, monkeypatch):
    """A Word text, the template, a setting, a forecast figure: each, one after the other."""
    import openpyxl

    from pipeline.render.word import TEMPLATES

    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, cache, monkeypatch)
    toml = tiny / "installningar" / "rapport.toml"

    def text() -> None:
        path = next((tiny / "texter").rglob("*.docx"))
        document = docx.Document(str(path))
        document.add_paragraph("Ny mening.")
        document.save(str(path))

    def template() -> None:
        (tiny / "installningar" / "mallar").mkdir()
        document = docx.Document(str(TEMPLATES / "manadsuppfoljning.docx"))    # February's type
        document.add_paragraph("Mallens nya sista stycke.")
        document.save(str(tiny / "installningar" / "mallar" / "egen.docx"))
        toml.write_text(toml.read_text(encoding="utf-8").replace('mall_rapport = ""', 'mall_rapport = "mallar/egen.docx"', 1),
                        encoding="utf-8")

    def setting() -> None:
        settings_text = toml.read_text(encoding="utf-8")
        assert 'minustecken = "-"' in settings_text
        toml.write_text(settings_text.replace('minustecken = "-"', 'minustecken = "−"', 1), encoding="utf-8")

    def forecast() -> None:
        path = tiny / "prognos_2023.xlsx"
        book = openpyxl.load_workbook(path)
        cell = next(row[-1] for row in book.worksheets[0].iter_rows(min_row=2) if isinstance(row[-1].value, (int, float)))
        cell.value += 1000
        book.save(path)

    for change in (text, template, setting, forecast):
        change()
        again = run(tiny, out, cache, monkeypatch)
        assert WRITTEN in outcome_lines(again)["Kommunstyrelsen"], change.__name__
    assert KEPT in outcome_lines(run(tiny, out, cache, monkeypatch))["Kommunstyrelsen"]


def test_a_file_edited_removed_or_added_in_the_output_folder_is_made_again(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, cache, monkeypatch)
    folder = next(out.glob("*/kommunstyrelsen"))
    written, made = files_of(folder), made_from_the_inputs(folder)
    name = sorted(written)[0]
    for spoil in ("edit", "remove", "add"):
        if spoil == "edit":
            (folder / name).write_bytes(b"x" + written[name])
        elif spoil == "remove":
            (folder / name).unlink()
        else:
            (folder / "min-anteckning.txt").write_text("egen fil", encoding="utf-8")
        output = run(tiny, out, cache, monkeypatch)
        assert WRITTEN in outcome_lines(output)["Kommunstyrelsen"], spoil
        # The same files, the workbook's sheet Ändringar now comparing with the record left there.
        assert made_from_the_inputs(folder) == made, spoil
        assert "Inga ändringar sedan förra körningen" in output, spoil
        assert changes_sheet(folder)[0][0].startswith("Inga ändringar sedan förra körningen"), spoil


def test_without_the_cache_every_folder_is_written(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, cache, monkeypatch)
    again = run(tiny, out, cache, monkeypatch, "--utan-cache")
    assert all(WRITTEN in line for line in outcome_lines(again).values())


def test_a_record_for_other_inputs_or_a_spoiled_record_keeps_nothing(tmp_path):
    folder = tmp_path / "nämnd"
    folder.mkdir()
    (folder / "rapport.docx").write_bytes(b"rapport")
    record = unchanged.published_record("k" * 64, [folder / "rapport.docx"])
    assert unchanged.kept_files(folder, "k" * 64, record) == [folder / "rapport.docx"]
    assert unchanged.kept_files(folder, "j" * 64, record) is None
    assert unchanged.kept_files(folder, None, record) is None
    for spoiled in (None, [], {"key": "k" * 64}, {"key": "k" * 64, "files": {}},
                    {"key": "k" * 64, "files": {"rapport.docx": "0" * 64}}):
        assert unchanged.kept_files(folder, "k" * 64, spoiled) is None, spoiled
    assert unchanged.kept_files(tmp_path / "saknas", "k" * 64, record) is None


# --- the fingerprint ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple
    tags: frozenset = frozenset()


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    | st.builds(Row, st.text(max_size=4), st.tuples(inner), st.frozensets(st.text(max_size=3), max_size=3)),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(values, values)
def test_equal_values_have_equal_digests_and_different_values_different_ones(first, second):
    assert fingerprint.digest(first) == fingerprint.digest(_copy(first))
    if _same(first, second):
        assert fingerprint.digest(first) == fingerprint.digest(second)
    else:
        assert fingerprint.digest(first) != fingerprint.digest(second)


def _copy(value):
    import copy
    return copy.deepcopy(value)


def _same(first, second) -> bool:
    """Equal, and of the same types all the way down (1 and 1.0 and True are not the same)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, dict):
        return list(first) == list(second) and all(_same(first[k], second[k]) for k in first)
    if isinstance(first, (list, tuple)):
        return len(first) == len(second) and all(_same(a, b) for a, b in zip(first, second))
    if isinstance(first, Row):
        return _same(first.label, second.label) and _same(first.cells, second.cells) and first.tags == second.tags
    if isinstance(first, float):
        return first.hex() == second.hex()
    return first == second


def test_a_set_has_the_same_digest_in_every_process_a_pickle_does_not():
    code = ("import sys; sys.path.insert(0, %r); from pipeline import fingerprint; "
            "print(fingerprint.digest({'a', 'b', 'c', 'd', 'e', 'f', 'g'}, frozenset({'x', 'y', 'z'})))"
            % str(Path(__file__).resolve().parent.parent))
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(digests) == 1


def test_a_table_cell_a_column_or_a_dtype_changes_the_digest():
    frame = pd.DataFrame({"konto": ["4010", "5010"], "belopp": [100, -250]})
    base = fingerprint.digest(frame)
    assert fingerprint.digest(frame.copy()) == base
    assert fingerprint.digest(frame.assign(belopp=[100, -251])) != base
    assert fingerprint.digest(frame.rename(columns={"belopp": "utfall"})) != base
    assert fingerprint.digest(frame.astype({"belopp": "float64"})) != base
    assert fingerprint.digest(frame.iloc[::-1]) != base
    texts = pd.DataFrame({"cell": pd.Series(["1", "x"], dtype=object)})
    assert fingerprint.digest(texts) != fingerprint.digest(pd.DataFrame({"cell": pd.Series([1, "x"], dtype=object)}))


def test_what_cannot_be_read_stably_is_refused_not_guessed():
    with open(__file__, "rb") as handle, pytest.raises(fingerprint.Unfingerprintable):
        fingerprint.digest(handle)
    looped: list = []
    looped.append(looped)
    with pytest.raises(fingerprint.Unfingerprintable):
        fingerprint.digest(looped)
    assert unchanged.outputs_key(object(), "", False) is None


def test_the_key_tells_a_run_with_pdfs_from_one_without():
    assert unchanged.outputs_key(("rapport",), "", True) != unchanged.outputs_key(("rapport",), "", False)


def test_a_run_whose_pdfs_could_not_be_made_is_not_kept_the_next_run_tries_again(tiny, tmp_path, monkeypatch):
    from pipeline.render import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)          # LibreOffice missing
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run(tiny, out, cache, monkeypatch, "--pdf")
    again = run(tiny, out, cache, monkeypatch, "--pdf")
    assert WRITTEN in outcome_lines(first)["Kommunstyrelsen"] and WRITTEN in outcome_lines(again)["Kommunstyrelsen"]
    assert "LibreOffice" in again                                 # and says why, again
