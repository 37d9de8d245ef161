"""Per-verksamhet sentences in the Ekonomisk analys (compute/sentences.py, issue 11 item 4): one
for each DR row whose deviation passes `[analys] avvikelse_mnkr`, with the RR lines behind it."""

from __future__ import annotations

import tomllib

from hypothesis import given, strategies as st

from pipeline.compute.sentences import (LineDeviation, RowDeviation, passes, verksamhet_paragraphs,
                                        verksamhet_sentence)
from pipeline.numbers import format_mnkr
from pipeline.orchestrator import build_report
from pipeline.settings import settings_from_toml
from pipeline.settings.analysis import AnalysisSettings

from conftest import FORECAST, write_inputs

MNKR = 100_000_000
TENTH = MNKR // 10


def test_a_deficit_with_the_rr_line_behind_it():
    row = RowDeviation("Kommunstyrelse politisk verksamhet", -3 * TENTH,
                       (LineDeviation("Personalkostnader", False, -3 * TENTH),))
    assert verksamhet_sentence(row, TENTH, 2) == (
        "För Kommunstyrelse politisk verksamhet visar prognosen ett underskott på 0,3 mnkr jämfört med "
        "budget. Avvikelsen finns främst inom personalkostnader (0,3 mnkr högre än budgeterat).")


def test_the_largest_lines_in_order_each_in_its_own_direction():
    row = RowDeviation("Kommunledningsförvaltning", 62 * TENTH, (
        LineDeviation("Övriga intäkter", True, -13 * TENTH),          # less revenue: lower
        LineDeviation("Personalkostnader", False, 38 * TENTH),        # less cost: lower
        LineDeviation("Bidrag (intäkter)", True, 2 * TENTH),          # more revenue: higher
        LineDeviation("Köp av verksamhet", False, -5 * TENTH),        # more cost: higher
        LineDeviation("Lokalhyror", False, 4_000_000),                # prints 0,0: never quoted
    ))
    text = verksamhet_sentence(row, TENTH, 3)
    assert text.endswith("Avvikelsen finns främst inom personalkostnader (3,8 mnkr lägre än budgeterat), "
                         "övriga intäkter (1,3 mnkr lägre än budgeterat) och köp av verksamhet (0,5 mnkr "
                         "högre än budgeterat).")
    assert verksamhet_sentence(row, TENTH, 4).endswith(
        "köp av verksamhet (0,5 mnkr högre än budgeterat) och bidrag (intäkter, 0,2 mnkr högre än budgeterat).")


def test_the_threshold_is_on_the_printed_figure():
    half = 5 * TENTH
    assert verksamhet_sentence(RowDeviation("Gymnasieskola", 4 * TENTH), half, 2) == ""
    assert verksamhet_sentence(RowDeviation("Gymnasieskola", 45 * TENTH // 10), half, 2) != ""   # prints 0,5
    assert verksamhet_sentence(RowDeviation("Gymnasieskola", 4_999_999), 0, 2) == ""              # prints 0,0
    assert not passes(None, 0)


def test_a_line_below_the_threshold_is_not_quoted():
    row = RowDeviation("Förskola", 12 * TENTH, (LineDeviation("Personalkostnader", False, 3 * TENTH),))
    assert verksamhet_sentence(row, 5 * TENTH, 2) == (
        "För Förskola visar prognosen ett överskott på 1,2 mnkr jämfört med budget.")


def test_at_year_end_the_outcome_speaks():
    assert verksamhet_sentence(RowDeviation("Förskola", -12 * TENTH), TENTH, 2, year_end=True).startswith(
        "För Förskola visar utfallet ett underskott på 1,2 mnkr")


def test_one_paragraph_per_passing_row_and_none_for_a_single_row_table():
    rows = [RowDeviation("A-verksamhet", -3 * TENTH), RowDeviation("B-verksamhet", 0),
            RowDeviation("C-verksamhet", 62 * TENTH)]
    paragraphs = verksamhet_paragraphs(rows, TENTH, 2)
    assert [p.split(" visar")[0] for p in paragraphs] == ["För A-verksamhet", "För C-verksamhet"]
    assert verksamhet_paragraphs(rows[:1], TENTH, 2) == []


@given(st.integers(min_value=-10**14, max_value=10**14), st.integers(min_value=0, max_value=50 * MNKR))
def test_a_generated_deviation_gets_the_right_word_and_figure(deviation, threshold):
    text = verksamhet_sentence(RowDeviation("Verksamhet X", deviation), threshold, 2)
    if not passes(deviation, threshold):
        assert text == ""
        return
    word = "överskott" if deviation > 0 else "underskott"
    other = "underskott" if deviation > 0 else "överskott"
    assert f"ett {word} på {format_mnkr(abs(deviation))} mnkr jämfört med budget." in text
    assert other not in text and " med " not in text.replace("jämfört med", "")


def test_the_analysis_setting_and_its_defaults():
    assert settings_from_toml({}, "rapport.toml")[0].analysis == AnalysisSettings()
    data = tomllib.loads("[analys]\navvikelse_mnkr = 0.5\nforklarande_rader = 1\n")
    settings, _ = settings_from_toml(data, "rapport.toml")
    assert settings.analysis == AnalysisSettings(threshold_ore=5 * TENTH, explaining_lines=1, check_texts=True)
    for wrong, rule in (('avvikelse_mnkr = "0,5"', "inställning-fel-typ"), ("avvikelse_mnkr = -1", "inställning-ogiltig"),
                        ("forklarande_rader = 1.5", "inställning-fel-typ")):
        settings, problems = settings_from_toml(tomllib.loads(f"[analys]\n{wrong}\n"), "rapport.toml")
        assert settings.analysis == AnalysisSettings()
        assert [p.rule for p in problems if "analys" in p.message] == [rule], wrong


def _set(folder, old: str, new: str) -> None:
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, new), encoding="utf-8")


def test_the_tiny_report_puts_the_sentences_after_the_opening(tmp_path):
    forecast = [list(row) for row in FORECAST]
    forecast[1][4] = -3_200                # tkr: Förvaltning, Personalkostnader some 3,2 mnkr over budget
    tiny = write_inputs(tmp_path / "input", prognos={"Prognos": forecast})
    report, _ = build_report(tiny)
    assert report is not None
    opening, *rows = report.texts["ekonomi_budget"].split("\n\n")
    assert opening.startswith("Kommunstyrelsens ursprungliga budget")
    assert rows == ["För Förvaltning visar prognosen ett underskott på 3,2 mnkr jämfört med budget. Avvikelsen "
                    "finns främst inom personalkostnader (3,2 mnkr högre än budgeterat)."]
    _set(tiny, "avvikelse_mnkr = 0.1", "avvikelse_mnkr = 5")
    report, _ = build_report(tiny)
    assert report.texts["ekonomi_budget"] == opening
