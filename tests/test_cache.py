"""The cache of parsed finance exports: used when nothing changed, not used after any change to
the file, to the settings that shape its reading, or to the program; never holds HR data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from click.testing import CliRunner

from conftest import BUDGET, full_report_in_february, ledger_2023, ledger_row, write_inputs_without_buf, write_xlsx
from pipeline.cli import main
from pipeline.orchestrator import build_report
from pipeline.read import cache as cache_module
from pipeline.read.cache import CACHEABLE, ExportCache
from pipeline.read.catalog import EXPORTS, HR_EXPORTS
from pipeline.read.inputs import read_exports, read_settings
from pipeline.validate import exports

FINANCE_FILES = 5      # huvudbok_2022, huvudbok_2023, budget, prognos, investeringar


def run(folder: Path, cache_dir: Path) -> tuple:
    cache = ExportCache(cache_dir)
    report, problems = build_report(folder, cache=cache)
    cache.close()
    return report, problems, cache


def staff_data(entry: Path) -> dict:
    """The staff entry's JSON, without the checksum trailer (`cache.unframed`)."""
    return json.loads(cache_module.unframed(entry.name, entry.read_bytes()))["KS"]


def figures(report) -> dict:
    return {key: (table.header, [(r.label, r.cells) for r in table.rows], table.unrounded)
            for key, table in report.printed.items()}


def test_nothing_changed_uses_the_cache_for_every_finance_export(tiny, tmp_path):
    first, problems, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (0, FINANCE_FILES)
    again, again_problems, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (FINANCE_FILES, 0)
    assert figures(again) == figures(first)
    assert [c for c in again.checks] == [c for c in first.checks]
    assert [p.describe() for p in again_problems] == [p.describe() for p in problems]
    pd.testing.assert_frame_equal(again.trace, first.trace)
    pd.testing.assert_frame_equal(again.sources, first.sources)


def test_cached_table_equals_the_freshly_typed_one(tiny, tmp_path):
    run(tiny, tmp_path / "cache")
    settings, _ = read_settings(tiny / "installningar")
    fresh, _ = read_exports(tiny, settings)
    cache = ExportCache(tmp_path / "cache")
    cached, _ = read_exports(tiny, settings, cache)
    assert cache.hits == FINANCE_FILES
    for name in CACHEABLE:
        source = settings.sources[name]
        contract = next(c for c in EXPORTS if c.name == name)
        want, _ = exports.typed_export(fresh[name], contract, source)
        got, _ = exports.typed_export(cached[name], contract, source)
        pd.testing.assert_frame_equal(got, want)
        assert [(t.file, t.sheet, t.letters, t.headers) for t in cached[name]] == \
               [(t.file, t.sheet, t.letters, t.headers) for t in fresh[name]]


def test_a_changed_file_is_read_again_and_its_new_figures_used(tiny, tmp_path):
    first, _, _ = run(tiny, tmp_path / "cache")
    rows = ledger_2023()
    rows.append(ledger_row("2023-02", "5011", "12100", "1200", 250_000.00))     # 0,25 mnkr more cost
    write_xlsx(tiny / "huvudbok_2023.xlsx", {"Huvudbok": rows})
    changed, problems, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (FINANCE_FILES - 1, 1)
    assert figures(changed) != figures(first)
    assert changed.sources.set_index("fil").loc["huvudbok_2023.xlsx", "rader"] == len(rows) - 1
    entries = sorted(p.name for p in (tmp_path / "cache").glob("huvudbok--huvudbok_2023.xlsx--*"))
    assert len(entries) == 1, "the old entry of the file is replaced, not kept"


def test_a_changed_setting_of_a_source_invalidates_only_that_source(tiny, tmp_path):
    run(tiny, tmp_path / "cache")
    toml = tiny / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    section = text.index("[kallor.budget]")
    marker = text.index('summarad = ["Summa", "Totalt", "Total"]', section)
    toml.write_text(text[:marker] + 'summarad = ["Summa", "Totalt", "Total", "Delsumma"]'
                    + text[marker + len('summarad = ["Summa", "Totalt", "Total"]'):], encoding="utf-8")
    _, _, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (FINANCE_FILES - 1, 1)


def test_a_setting_that_does_not_shape_the_reading_keeps_the_cache(tiny, tmp_path):
    run(tiny, tmp_path / "cache")
    toml = tiny / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('arendenummer = "', 'arendenummer = "X', 1), encoding="utf-8")
    _, _, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (FINANCE_FILES, 0)


def test_a_new_version_of_the_reading_code_invalidates_every_entry(tiny, tmp_path, monkeypatch):
    run(tiny, tmp_path / "cache")
    monkeypatch.setattr(cache_module, "_code_digest", "another version of the code")
    _, _, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (0, FINANCE_FILES)


def test_hr_rows_are_never_cached_only_the_printed_staff_aggregates(tmp_path):
    tiny = write_inputs_without_buf(tmp_path / "input")   # KLF's turnover and its leavers' titles are printed
    full_report_in_february(tiny)                    # the staff section is in the full report
    report, problems, _ = run(tiny, tmp_path / "cache")
    run(tiny, tmp_path / "cache")
    stored = {p.name.split("--")[0] for p in (tmp_path / "cache").iterdir()}
    assert stored == set(CACHEABLE) | {"personalavsnitt"}
    assert not stored & {c.name for c in HR_EXPORTS}
    for entry in (tmp_path / "cache").iterdir():
        for employee in ("K01", "M01", "B01", "fodelsear", "anstalld"):   # keys, and no row fields
            assert employee.encode() not in entry.read_bytes()
        if not entry.name.startswith("personalavsnitt"):
            assert b"Handl" not in entry.read_bytes()              # no HR text in the finance entries
    [staff] = (tmp_path / "cache").glob("personalavsnitt--*.json")
    titles = [title for t in staff_data(staff)["turnover"] for title, _ in t["titles"]]
    printed = report_text(rendered(report, problems, tiny)["delarsrapport.docx"])
    assert titles and all(title.lower() in printed.lower() for title in titles)   # only what the report says


def report_text(docx_bytes: bytes) -> str:
    import io

    import docx
    return "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)


def test_a_file_with_problems_is_not_cached_and_its_problems_show_every_run(tiny, tmp_path):
    budget = [row[:] for row in BUDGET]
    budget[1][6] = "12,5 kr"
    write_xlsx(tiny / "budget_2023.xlsx", {"Budget": budget})
    for _ in range(2):
        _, problems, cache = run(tiny, tmp_path / "cache")
        assert [p.location.row for p in problems if p.rule == "belopp-ej-tal"] == [2]
    assert (cache.hits, cache.misses) == (FINANCE_FILES - 1, 1)
    assert not list((tmp_path / "cache").glob("budget--*"))


def test_an_unreadable_entry_is_parsed_again(tiny, tmp_path):
    first, _, _ = run(tiny, tmp_path / "cache")
    for entry in (tmp_path / "cache").glob("prognos--*"):
        entry.write_bytes(b"not parquet")
    again, _, cache = run(tiny, tmp_path / "cache")
    assert (cache.hits, cache.misses) == (FINANCE_FILES - 1, 1)
    assert figures(again) == figures(first)


def test_cli_says_whether_the_cache_was_used_and_one_command_clears_it(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "cache"))
    runner = CliRunner()
    args = ["report", "--input", str(tiny), "--output", str(tmp_path / "out")]
    first = runner.invoke(main, args, catch_exceptions=False)
    assert first.exit_code == 0, first.output
    assert "cache användes för 0 av 5 exporter)." in first.output
    second = runner.invoke(main, args, catch_exceptions=False)
    assert "Oförändrade sedan förra körningen, lästa från cachen: huvudbok_2022.xlsx" in second.output
    assert "cache användes för 5 av 5 exporter och personalavsnittet)." in second.output
    assert "Personalavsnittet är oförändrat sedan förra körningen" in second.output
    assert second.output.splitlines()[-1].startswith("Klart på ")
    without = runner.invoke(main, [*args, "--utan-cache"], catch_exceptions=False)
    assert without.output.splitlines()[-1].endswith("s (utan cache).")

    # The charts the first run printed (the second kept its folders and drew nothing).
    charts = len(list((tmp_path / "cache").glob("diagram--*.png")))
    assert charts >= 1
    assert len(list((tmp_path / "cache").glob("personalavsnitt--*.json"))) == 1
    assert len(list((tmp_path / "cache").glob("publicerat--*.json"))) == 2      # the nämnd, the overview
    cleared = runner.invoke(main, ["rensa-cache"], catch_exceptions=False)
    assert cleared.exit_code == 0
    assert f"Cachen i {tmp_path / 'cache'} är tömd ({5 + charts + 1 + 2} filer borttagna)." in cleared.output
    assert not (tmp_path / "cache").exists()
    third = runner.invoke(main, args, catch_exceptions=False)
    assert "cache användes för 0 av 5 exporter)." in third.output


def test_plain_progress_has_no_control_codes(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE", str(tmp_path / "cache"))
    result = CliRunner().invoke(main, ["report", "--input", str(tiny), "--output", str(tmp_path / "out")],
                                catch_exceptions=False)
    assert "\x1b" not in result.output and "\r" not in result.output


class Pictures(dict):
    def picture(self, key):
        return self.get(key)

    def store_picture(self, key, png):
        self[key] = png


def test_a_chart_with_unchanged_figures_is_taken_from_the_cache_not_drawn(monkeypatch):
    from pipeline.render import charts

    pictures = Pictures()
    first = charts.budget_forecast_chart(["Politik", "Stab"], [100_000_000, 250_000_000],
                                         [90_000_000, 260_000_000], pictures=pictures)
    assert list(pictures.values()) == [first.png] and first.png.startswith(b"\x89PNG")

    def not_drawn(*args):
        raise AssertionError("drawn again")
    monkeypatch.setattr(charts, "_draw_budget_forecast", not_drawn)
    again = charts.budget_forecast_chart(["Politik", "Stab"], [100_000_000, 250_000_000],
                                         [90_000_000, 260_000_000], pictures=pictures)
    assert again == first

    monkeypatch.undo()
    changed = charts.budget_forecast_chart(["Politik", "Stab"], [100_000_000, 250_000_000],
                                           [90_000_000, 300_000_000], pictures=pictures)
    assert len(pictures) == 2 and changed.png != first.png
    assert "prognos helår 3,0 mnkr" in changed.alt and "prognos helår 3,0 mnkr" not in first.alt


def rendered(report, problems, folder):
    from pipeline.render.output import rendered_outputs
    return rendered_outputs(report, problems, folder)


def test_the_staff_section_comes_from_the_cache_unchanged_and_without_reading_hr(tiny, tmp_path, monkeypatch):
    from pipeline import orchestrator

    first, problems, _ = run(tiny, tmp_path / "cache")
    computed = []
    real = orchestrator.personnel_stage
    monkeypatch.setattr(orchestrator, "personnel_stage", lambda *a: computed.append(1) or real(*a))
    monkeypatch.setattr(orchestrator, "staff_tables", lambda *a: pytest.fail("HR exports read"))
    again, again_problems, _ = run(tiny, tmp_path / "cache")
    assert computed == []
    assert rendered(again, again_problems, tiny) == rendered(first, problems, tiny)   # every byte


def test_a_changed_hr_export_or_period_computes_the_staff_section_again(tiny, tmp_path, monkeypatch):
    from pipeline import orchestrator

    run(tiny, tmp_path / "cache")
    computed = []
    real = orchestrator.personnel_stage
    monkeypatch.setattr(orchestrator, "personnel_stage", lambda *a: computed.append(1) or real(*a))
    hr_file = next(tiny.glob("personal_2023*.xlsx"))
    hr_file.write_bytes(hr_file.read_bytes())          # same bytes: still from the cache
    run(tiny, tmp_path / "cache")
    assert computed == []
    book = load_workbook(hr_file)
    sheet = book.worksheets[0]
    sheet.cell(row=2, column=sheet.max_column).value = 1.5
    book.save(hr_file)
    run(tiny, tmp_path / "cache")
    assert computed == [1]
    cache = ExportCache(tmp_path / "cache")
    report, _ = build_report(tiny, "2023-01", cache=cache)
    cache.close()
    assert computed == [1, 1] and report.period.label == "2023-01"


def test_the_cached_staff_section_holds_nothing_of_a_suppressed_group(tiny, tmp_path):
    report, _, _ = run(tiny, tmp_path / "cache")
    assert any(s.suppressed for s in report.personnel.sick_leave)
    [entry] = (tmp_path / "cache").glob("personalavsnitt--*.json")
    data = staff_data(entry)
    for group in data["sick_leave"]:
        assert group["employees_sick"] == 0
        if group["suppressed"]:
            assert (group["employees"], group["working_hours"], group["sick_hours"], group["long_hours"]) == (0, 0, 0, 0)
    for turnover in data["turnover"]:
        if turnover["suppressed"] or turnover["scope"] != data["unit"]:
            assert turnover["titles"] == []
