"""No personal data leaves the pipeline: every file written for the shipped sample (and the
terminal output) is scanned for every employee key of the HR exports.

The HR exports hold a birth *year*, not a birth date; a year cannot be told apart from any other
year in a report, so the scan looks for the keys, and the workbook test below checks that no
HR sheet carries row-level columns.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import ahocorasick
import fastexcel
import openpyxl
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.read.cache import cache_folder

ROOT = Path(__file__).resolve().parent.parent
INPUT = ROOT / "input_xlsx"


def employee_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*INPUT.glob("personal_*.xlsx"), INPUT / "anstallningar.xlsx"]:
        frame = fastexcel.read_excel(str(path)).load_sheet(0, dtypes="string").to_pandas()
        keys |= set(frame["Anställd"].dropna())
    return keys


def found_keys(keys: set[str], texts: list[str]) -> set[str]:
    """The keys that occur anywhere in `texts`, as substrings (one Aho-Corasick pass per text, not
    one scan per key: five thousand keys over the documents, workbooks and cache)."""
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, key)
    automaton.make_automaton()
    return {key for text in texts for _, key in automaton.iter(text)}


def texts_of(path: Path) -> list[str]:
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return [path.read_bytes().decode("utf-8", "replace")]


def test_no_employee_key_in_any_output_or_message(tmp_path):
    keys = employee_keys()
    assert len(keys) > 1000
    result = CliRunner().invoke(main, ["report", "--input", str(INPUT), "--output", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    cache = cache_folder()                       # where this run cached the parsed exports
    caches = [p for p in cache.rglob("*") if p.is_file()]
    assert caches, "the run should have cached the finance exports"
    assert {p.name for p in written} == {"delarsrapport.docx", "tjansteskrivelse.docx", "avstamning.xlsx", "utskrivet.json",
                                         "kommunoversikt.docx", "kommunoversikt.xlsx"}
    haystacks = [result.output] + [text for p in written + caches for text in texts_of(p)]
    assert found_keys(keys, haystacks) == set()


def test_the_key_search_finds_a_key_inside_any_text():
    keys = {"A00002", "A00048", "B1"}
    assert found_keys(keys, ["xxA00048yy", "nothing here", "B1"]) == {"A00048", "B1"}
    assert found_keys(keys, ["A0004", "a00002"]) == set()


def test_hr_sheets_of_the_workbook_hold_aggregates_only(tmp_path):
    CliRunner().invoke(main, ["report", "--input", str(INPUT), "--output", str(tmp_path)], catch_exceptions=False)
    book = openpyxl.load_workbook(next(tmp_path.rglob("avstamning.xlsx")), read_only=True)
    for name in ("Sjukfrånvaro", "Personalomsättning", "Avgångar per befattning"):
        header = next(book[name].iter_rows(values_only=True))
        assert not {"Anställd", "Födelseår", "Kön"} & set(header)
    groups = {row[2] for row in book["Sjukfrånvaro"].iter_rows(min_row=2, values_only=True)}
    assert groups == {"Totalt", "Kvinnor", "Män", "29 år eller yngre", "30–49 år", "50 år eller äldre"}
