"""Since the previous report (pipeline/compute/previous.py): the tiny inputs run for April (the
tertialrapport) and then August (the delårsrapport), which compares with April's record."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import docx
from click.testing import CliRunner

from conftest import FORECAST, MALBEDOMNING, ledger_2023, ledger_row, write_inputs
from pipeline.cli import main
from pipeline.compute import previous as since
from pipeline.compute.period import Period
from pipeline.problems import Location
from pipeline.render.record import RECORD_FILE, record_bytes
from pipeline.settings.report_types import ReportTypes

APRIL_NAME = "tertialrapporten i april"


def inputs(folder: Path, forecast=FORECAST, goals=MALBEDOMNING) -> Path:
    """The tiny inputs with ledger rows in April and August, so both periods can be reported."""
    rows = ledger_2023() + [ledger_row("2023-04", "5011", "12100", "1200", 100.00),
                            ledger_row("2023-08", "5011", "12100", "1200", 100.00)]
    return write_inputs(folder, huvudbok_2023={"Huvudbok": rows}, prognos={"Prognos": forecast},
                        malbedomning=goals)


def report(folder: Path, out: Path, monkeypatch, cache: Path, period: str, *extra: str, code: int = 0):
    monkeypatch.setenv("PIPELINE_CACHE", str(cache))
    result = CliRunner().invoke(main, ["rapport", "--input", str(folder), "--output", str(out), "--period", period,
                                       *extra], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def ks(out: Path, period: str) -> Path:
    return out / period / "kommunstyrelsen"


def record(out: Path, period: str) -> dict:
    return json.loads((ks(out, period) / RECORD_FILE).read_text(encoding="utf-8"))


def paragraphs(out: Path, period: str, file: str) -> list[str]:
    """The document's paragraphs, the no-break spaces the typography sets read as spaces."""
    return [p.text.replace("\u00a0", " ") for p in docx.Document(str(ks(out, period) / file)).paragraphs]


def worse_forecast_and_goal_2_on_track(folder: Path) -> None:
    """August's inputs: 1,2 mnkr more personnel costs in Förvaltning's forecast, and goal 2 now on
    track, its typed previous status left saying "På fel väg" (the record must win)."""
    forecast = [list(row) for row in FORECAST]
    assert forecast[1][:4] == [2023, "KS", "Förvaltning", "Personalkostnader"] and forecast[1][4] == -3.2
    forecast[1][4] = -1203.2                                     # tkr
    goals = copy.deepcopy(MALBEDOMNING)
    assert goals["Mål"][2][2] == "Mål 2: Förtroende" and goals["Mål"][2][4] == "Delvis på rätt väg"
    goals["Mål"][2][4:6] = ["På rätt väg", "På fel väg"]
    inputs(folder, forecast, goals)


def test_april_then_august_gives_the_forecast_change_and_the_goal_changes(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-04")
    april = record(out, "2023-04")
    assert april["format"] == 2 and "prognos_jamforelse" not in april["texts"]     # April has no previous report
    april_dr = {row[0]: row for row in april["amounts"]["dr"]}
    worse_forecast_and_goal_2_on_track(folder)
    printed = report(folder, out, monkeypatch, cache, "2023-08")
    august = record(out, "2023-08")
    sentence = "Prognosen har försämrats med 1,2 mnkr sedan tertialrapporten i april."
    lines = printed.splitlines()                                 # the terminal's list since that report
    at = lines.index("Jämfört med tertialrapporten i april (2023-04):")
    assert lines[at + 1:at + 5] == [f"  {sentence}", "  Förvaltning: 0,0 → -1,2 mnkr (-1,2)",
                                    "  Totalt (mnkr): 0,0 → -1,2 mnkr (-1,2)",
                                    '  mål "Mål 2: Förtroende": Delvis på rätt väg → På rätt väg']
    assert august["texts"]["prognos_jamforelse"] == sentence
    assert august["texts"]["malstatus"].endswith(
        "Förändringen jämfört med tertialrapporten i april är att mål 2 nu bedöms vara på rätt väg "
        "(tidigare delvis på rätt väg).")
    table = next(t for t in august["tables"] if t["key"] == since.FORECAST_TABLE)
    assert table["header"] == ["Verksamhet, prognos (mnkr)", "Prognos april", "Prognos augusti", "Förändring"]
    rows = {row[0]: row[1:] for row in table["rows"]}
    # From the unrounded öre: April's Förvaltning forecast, then 1 200 000 kr more in costs.
    then = april_dr["Förvaltning"][april["amounts"]["columns"].index("prognos")]
    now = next(r for r in august["amounts"]["dr"] if r[0] == "Förvaltning")[4]
    assert now - then == -120_000_000
    assert rows["Förvaltning"][2] == "-1,2" and rows["Totalt (mnkr)"][2] == "-1,2"
    assert rows["Politisk verksamhet"][2] == "0,0"
    printed = paragraphs(out, "2023-08", "delarsrapport.docx")
    assert "Prognosen jämfört med tertialrapporten i april" in printed and sentence in printed


def test_unchanged_forecasts_and_goals_say_so(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-04")
    printed = report(folder, out, monkeypatch, cache, "2023-08")
    texts = record(out, "2023-08")["texts"]
    assert texts["prognos_jamforelse"] == "Prognosen är oförändrad sedan tertialrapporten i april."
    assert ("Jämfört med tertialrapporten i april (2023-04):\n"
            "  Prognosen är oförändrad sedan tertialrapporten i april.\n"
            "  Ingen verksamhets prognos och inget måls status har ändrats.\n") in printed
    assert texts["malstatus"].endswith("Bedömningen är oförändrad jämfört med tertialrapporten i april.")


def test_without_a_previous_report_the_sentences_are_left_out(tmp_path, monkeypatch):
    goals = copy.deepcopy(MALBEDOMNING)
    for row in goals["Mål"][1:]:
        row[5] = ""                                              # no typed previous status either
    folder, out, cache = inputs(tmp_path / "in", goals=goals), tmp_path / "out", tmp_path / "cache"
    printed = report(folder, out, monkeypatch, cache, "2023-08")      # no April record
    august = record(out, "2023-08")
    assert "prognos_jamforelse" not in august["texts"]
    assert "jämfört med" not in august["texts"]["malstatus"]
    assert not any(t["key"] == since.FORECAST_TABLE for t in august["tables"])
    assert not any(p.startswith("Prognosen jämfört med") for p in paragraphs(out, "2023-08", "delarsrapport.docx"))
    assert "jämföra" not in printed and "2023-04" not in printed    # the default rule: nothing to warn about


def test_the_typed_column_is_the_fallback_named_after_the_previous_report(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-08")                # no April record: the typed column
    texts = record(out, "2023-08")["texts"]
    assert texts["malstatus"].endswith("Bedömningen är oförändrad jämfört med tertialrapporten i april.")
    assert "prognos_jamforelse" not in texts


def test_a_format_1_or_spoiled_previous_record_is_warned_about_and_gives_no_sentence(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-04")
    path = ks(out, "2023-04") / RECORD_FILE
    old = record(out, "2023-04")
    old["format"] = 1
    del old["amounts"]
    for content, why in ((json.dumps(old, ensure_ascii=False), "skriven av en äldre version av programmet"),
                         ("{inte json", "inte läsbar (ändrad för hand eller skadad)")):
        path.write_text(content, encoding="utf-8")
        printed = report(folder, out, monkeypatch, cache, "2023-08")
        assert (f"Rapporten för 2023-04 går inte att jämföra med: utskrivet.json är {why}") in printed
        assert str(path) in printed and "python -m pipeline rapport --period 2023-04" in printed
        assert "Traceback" not in printed
        texts = record(out, "2023-08")["texts"]
        assert "prognos_jamforelse" not in texts
        assert texts["malstatus"].endswith("jämfört med tertialrapporten i april.")   # the typed column


def test_a_changed_april_record_makes_august_again(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-04")
    report(folder, out, monkeypatch, cache, "2023-08")
    assert "Kommunstyrelsen: oförändrad i" in report(folder, out, monkeypatch, cache, "2023-08")
    path = ks(out, "2023-04") / RECORD_FILE
    april = record(out, "2023-04")
    columns = april["amounts"]["columns"]
    for row in april["amounts"]["dr"]:
        if row[0] in ("Förvaltning", "Totalt (mnkr)"):
            row[columns.index("prognos")] += 50_000_000              # April forecast 0,5 mnkr better
    path.write_bytes(record_bytes(april))
    again = report(folder, out, monkeypatch, cache, "2023-08")
    assert "Kommunstyrelsen: skriven till" in again
    assert "Prognosen har försämrats med 0,5 mnkr sedan tertialrapporten i april." in \
        record(out, "2023-08")["texts"]["prognos_jamforelse"]
    assert "KS meningen om prognosen sedan föregående rapport: ändrad" in again     # since the last run


def test_the_option_compares_with_any_saved_period(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-02")
    report(folder, out, monkeypatch, cache, "2023-08", "--jamfor-med", "2023-02")
    texts = record(out, "2023-08")["texts"]
    assert texts["prognos_jamforelse"] == "Prognosen är oförändrad sedan månadsuppföljningen i februari."


def test_the_option_with_a_period_without_a_saved_report_is_a_located_problem(tmp_path, monkeypatch):
    folder, out, cache = inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "cache"
    report(folder, out, monkeypatch, cache, "2023-02")
    printed = report(folder, out, monkeypatch, cache, "2023-08", "--jamfor-med", "2023-04", code=1)
    assert "Det finns ingen sparad rapport för 2023-04 att jämföra med (--jamfor-med 2023-04)." in printed
    assert str(ks(out, "2023-04") / RECORD_FILE) in printed
    assert "jämför med en period som har en sparad rapport: 2023-02." in printed
    assert "Traceback" not in printed
    late = report(folder, out, monkeypatch, cache, "2023-08", "--jamfor-med", "2023-09", code=1)
    assert "--jamfor-med 2023-09 är inte en period före rapportens (2023-08)." in late
    wrong = report(folder, out, monkeypatch, cache, "2023-08", "--jamfor-med", "april", code=1)
    assert '--jamfor-med "april" är ingen period.' in wrong


def test_the_help_is_swedish():
    result = CliRunner().invoke(main, ["rapport", "--help"])
    assert result.exit_code == 0
    assert "--jamfor-med ÅÅÅÅ-MM" in result.output and "Jämför prognosen och målens status" in result.output


def test_the_previous_report_by_default_and_by_setting():
    types = ReportTypes()
    assert since.previous_period(Period(2023, 8), types) == Period(2023, 4)
    assert since.previous_period(Period(2023, 12), types) == Period(2023, 8)
    assert since.previous_period(Period(2023, 9), types) == Period(2023, 8)      # a månadsuppföljning
    assert since.previous_period(Period(2023, 4), types) is None
    assert since.previous_period(Period(2023, 4), types, "arsredovisning") == Period(2022, 12)
    assert since.previous_period(Period(2023, 8), types, since.parse_setting("2023-02")) == Period(2023, 2)
    assert since.previous_period(Period(2023, 8), types, since.parse_setting("2023-08")) is None
    assert since.previous_period(Period(2023, 8), types, "ingen") is None
    assert since.report_name(Period(2023, 4), types, Period(2023, 8)) == APRIL_NAME
    assert since.report_name(Period(2022, 12), types, Period(2023, 4)) == "årsredovisningen i december 2022"
    assert [since.definite(t.namn) for t in types.types] == [
        "månadsuppföljningen", "tertialrapporten", "delårsrapporten", "årsredovisningen"]
    assert since.definite("KS-rapport") == "KS-rapporten"


def test_an_ett_word_report_type_is_named_in_its_own_definite_form():
    from pipeline.settings.report_types import report_types
    where = Location("installningar/rapport.toml")
    own, problems = report_types({"rapporttyper": {"delarsrapport": {"namn": "Delårsbokslut",
                                                                      "bestamd_form": "delårsbokslutet"}}}, where)
    assert problems == []
    assert since.report_name(Period(2023, 8), own, Period(2023, 12)) == "delårsbokslutet i augusti"
    renamed, _ = report_types({"rapporttyper": {"tertialrapport": {"namn": "Uppföljning"}}}, where)
    assert since.report_name(Period(2023, 4), renamed, Period(2023, 8)) == "uppföljningen i april"


def test_the_forecast_sentence_rounds_only_what_it_prints():
    assert since.forecast_sentence(-100_000_000, -220_000_000, APRIL_NAME, False) == \
        "Prognosen har förbättrats med 1,2 mnkr sedan tertialrapporten i april."
    assert since.forecast_sentence(-4_000_000, 0, APRIL_NAME, False) == \
        "Prognosen är oförändrad sedan tertialrapporten i april."              # 0,04 mnkr: 0,0 printed
    assert since.forecast_sentence(-6_000_000, 0, APRIL_NAME, False) == \
        "Prognosen har försämrats med 0,1 mnkr sedan tertialrapporten i april."
    assert since.forecast_sentence(None, 0, APRIL_NAME, False) == ""
    assert since.forecast_sentence(10_000_000, -15_000_000, "delårsrapporten i augusti", True) == \
        "Utfallet blev 0,3 mnkr bättre än prognosen i delårsrapporten i augusti."
