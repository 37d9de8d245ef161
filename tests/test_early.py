"""Parsing started at the program's start (read/early.py): the same tables as parsing on demand,
never stale cells for a file changed in between, and a broken file still reported where it is."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import BUDGET, ledger_2023, ledger_row, write_xlsx
from pipeline.orchestrator import build_report
from pipeline.read import early
from pipeline.read.cache import ExportCache
from pipeline.read.sources import export_files, read_settings



@pytest.fixture(autouse=True)
def nothing_left_over():
    yield
    early.discard()


def figures(report) -> dict:
    return {key: (table.header, [(r.label, r.cells) for r in table.rows])
            for key, table in report.printed.items()}


def test_early_parse_gives_the_same_report_and_is_taken_by_the_reader(tiny):
    on_demand, problems = build_report(tiny)
    started = early.start(tiny)
    assert started.parses >= 5 and len(early._started) == started.parses
    built, early_problems = build_report(tiny)
    assert early._started == {}                        # every parse was taken
    assert figures(built) == figures(on_demand)
    assert [p.describe() for p in early_problems] == [p.describe() for p in problems]
    pd.testing.assert_frame_equal(built.trace, on_demand.trace)


def test_files_held_by_the_cache_are_not_parsed_early(tiny, tmp_path):
    cache = ExportCache(tmp_path / "cache")
    build_report(tiny, cache=cache)
    cache.close()
    everything = early.start(tiny).parses
    early.discard()
    settings, _ = read_settings(tiny / "installningar")
    hr_files = sum(f.contract.name in early.HR_SOURCES for f in export_files(tiny, settings)[0])
    # neither the five finance files nor the HR exports (the staff section is cached as printed)
    assert hr_files >= 2
    assert early.start(tiny, ExportCache(tmp_path / "cache")).parses == everything - 5 - hr_files


def test_a_file_changed_after_the_start_is_read_as_it_is_now(tiny):
    early.start(tiny)
    rows = ledger_2023() + [ledger_row("2023-02", "5011", "12100", "1200", 999)]
    write_xlsx(tiny / "huvudbok_2023.xlsx", {"Huvudbok": rows})
    built, _ = build_report(tiny)
    assert built.sources.set_index("fil").loc["huvudbok_2023.xlsx", "rader"] == len(rows) - 1


def test_a_file_that_does_not_open_is_reported_at_the_file(tiny):
    (tiny / "budget_2023.xlsx").write_bytes(b"not an xlsx")
    early.start(tiny)
    _, problems = build_report(tiny)
    [problem] = [p for p in problems if p.rule == "fil-oläslig"]
    assert problem.location.file == "budget_2023.xlsx"


def test_a_missing_sheet_is_reported_with_the_sheets_there_are(tiny):
    write_xlsx(tiny / "budget_2023.xlsx", {"Annat blad": BUDGET})
    toml = tiny / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("[kallor.budget]")
    toml.write_text(text[:start] + text[start:].replace('blad = ""', 'blad = "Budget"', 1), encoding="utf-8")
    early.start(tiny)
    _, problems = build_report(tiny)
    [problem] = [p for p in problems if p.rule == "blad-saknas"]
    assert problem.location.file == "budget_2023.xlsx" and '"Annat blad"' in problem.message


def test_what_the_start_says_about_the_run(tiny, tmp_path):
    cache = ExportCache(tmp_path / "cache")
    cold = early.start(tiny, cache)
    early.discard()
    assert cold.ledger_parsed and cold.figures_changed
    build_report(tiny, cache=cache)
    cache.close()
    again = early.start(tiny, cache)
    early.discard()
    assert not again.ledger_parsed and not again.figures_changed
    write_xlsx(tiny / "budget_2023.xlsx", {"Budget": [row[:] for row in BUDGET[:-1]]})
    changed = early.start(tiny, cache)
    assert not changed.ledger_parsed and changed.figures_changed


def test_the_drawing_helper_draws_the_same_picture_and_its_failure_is_no_failure():
    from pipeline.render import charts
    from pipeline.render.drawing import Drawer

    args = (["Politik", "Stab"], [100_000_000, 250_000_000], [90_000_000, 260_000_000], "Budget",
            "Prognos helår", "Nettokostnad, mnkr")
    here = charts._draw_budget_forecast(*args)
    drawer = Drawer().start()
    try:
        assert drawer.draw(charts._draw_budget_forecast, *args).result() == here
    finally:
        drawer.close()
    broken = Drawer()                     # never started, or died: drawn here instead
    assert broken.draw(charts._draw_budget_forecast, *args).result() == here
