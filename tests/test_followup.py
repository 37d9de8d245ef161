"""Follow-up sections: settings, Word texts, the follow-up exports' checks (rule and location), the
sentences for many count combinations, and the shipped sample's structure and counts."""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import GOALS_HEAD, INTERNKONTROLL, MALBEDOMNING, ROOT, SHIPPED_SETTINGS, write_inputs

from pipeline.compute import followup as fu
from pipeline.compute import previous as since
from pipeline.compute.period import Period
from pipeline.followup import FollowUp, followup_stage, typed_followup
from pipeline.problems import Location
from pipeline.read.catalog import FOLLOWUP_EXPORTS, TEXT_SECTIONS
from pipeline.read.documents import section_texts
from pipeline.read.inputs import Inputs, read_exports, read_inputs, read_settings
from pipeline.settings import settings_from_toml

AUGUST = Period(2023, 8)
INPUT = ROOT / "input_xlsx"
REFERENCE = ROOT / "tests" / "fixtures" / "delarsrapport-ks-2023-08.txt"


def shipped_toml() -> dict:
    return tomllib.loads(SHIPPED_SETTINGS.read_text(encoding="utf-8"))


def settings_problems(data: dict):
    return settings_from_toml(data, "installningar/rapport.toml")


def followup_of(settings, exports: dict, texts: dict):
    """The follow-up stage of the nämnd KS (the only one with a report) from read exports, compared
    with the previous report the settings choose (no record of it: the typed column)."""
    tables, typed = typed_followup(Inputs(settings, {}, exports), settings)
    previous = since.previous_period(AUGUST, settings.report_types, settings.report.jamfor_med)
    followup, found = followup_stage(tables, settings, AUGUST, "KS", "Kommunstyrelsen", texts,
                                     previous_name=since.report_name(previous, settings.report_types, AUGUST))
    return followup, typed + found


def stage(folder: Path):
    inputs, problems = read_inputs(folder)
    texts, text_problems = section_texts(folder, inputs.settings.for_namnd("KS").followup.texts)
    followup, found = followup_of(inputs.settings, inputs.exports, texts)
    return followup, problems + text_problems + found


def only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert len(found) == 1, [p.describe() for p in problems]
    return found[0]


def where(problem) -> tuple:
    loc = problem.location
    return loc.file, loc.sheet, loc.row, loc.column, loc.header


# ---------------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------------
def test_shipped_settings_read_without_problems():
    settings, problems = settings_problems(shipped_toml())
    assert problems == []
    fs = settings.followup
    assert settings.report.jamfor_med == ""
    assert fs.goal_kinds["delvis på rätt väg"] == "delvis"
    assert fs.control_kinds["kontroll ej genomförd"] == "ej_genomford"
    assert fs.statuses["på rätt väg"].farg == "2E7D32" and fs.statuses["på rätt väg"].symbol == "●"
    assert set(fs.texts) == set(TEXT_SECTIONS)
    assert {c.name for c in FOLLOWUP_EXPORTS} <= set(settings.sources)


def test_colour_that_is_not_hex_is_a_settings_problem():
    data = shipped_toml()
    data["status"]["etiketter"]["På rätt väg"]["farg"] = "grön"
    problem = only(settings_problems(data)[1], "inställning-ogiltig")
    assert '"På rätt väg"' in problem.message and "grön" in problem.message
    assert problem.location == Location("installningar/rapport.toml")


def test_goal_label_without_symbol_and_colour_is_a_settings_problem():
    data = shipped_toml()
    data["status"]["mal"]["fel_vag"] = ["På fel väg", "Röd"]
    problem = only(settings_problems(data)[1], "inställning-saknas")
    assert '"Röd"' in problem.message and "[status.etiketter]" in problem.message


def test_unknown_goal_group_is_a_settings_problem():
    data = shipped_toml()
    data["status"]["mal"]["gron"] = ["På rätt väg"]
    problem = only(settings_problems(data)[1], "inställning-okänd")
    assert "[status.mal] gron" in problem.message and "pa_ratt_vag" in problem.hint


def test_one_label_in_two_groups_is_a_settings_problem():
    data = shipped_toml()
    data["status"]["internkontroll"]["ej_genomford"] = ["Kontroll ej genomförd", "Kontroll genomförd med avvikelse"]
    problem = only(settings_problems(data)[1], "inställning-ogiltig")
    assert "både under med_avvikelse och ej_genomford" in problem.message


def test_followup_export_without_status_settings_is_a_settings_problem():
    data = shipped_toml()
    del data["status"]
    rules = sorted(p.message for p in settings_problems(data)[1])
    assert rules == ["Avsnittet [status.etiketter] saknas.", "Avsnittet [status.internkontroll] saknas.",
                     "Avsnittet [status.mal] saknas."]


def test_text_key_that_a_template_cannot_name_is_a_settings_problem():
    data = shipped_toml()
    data["texter"]["väsentliga händelser"] = "texter/x.docx"
    problem = only(settings_problems(data)[1], "inställning-ogiltig")
    assert "väsentliga händelser" in problem.message


def test_without_followup_settings_nothing_is_read_and_the_stage_is_empty(tmp_path):
    data = shipped_toml()
    for key in ("texter", "status"):
        del data[key]
    for name in ("mal", "satsningar", "uppdrag", "internkontroll"):
        del data["kallor"][name]
    settings, problems = settings_problems(data)
    assert problems == [] and settings.followup.texts == {}
    followup, found = followup_of(settings, {}, {})
    assert found == [] and followup.mal == [] and followup.internkontroll == []
    assert followup.texter == {"malstatus": "", "internkontroll": ""}


# ---------------------------------------------------------------------------------------------
# Word texts
# ---------------------------------------------------------------------------------------------
def test_missing_word_file_is_a_warning_and_the_section_has_no_text(tmp_path):
    texts, problems = section_texts(tmp_path, {"vasentliga_handelser": "texter/vasentliga_handelser.docx"})
    problem = only(problems, "text-saknas")
    assert not problem.is_error
    assert problem.location == Location("texter/vasentliga_handelser.docx")
    assert '"Väsentliga händelser"' in problem.message
    assert texts["vasentliga_handelser"] is None and texts["investeringar"] is None


def test_file_that_is_not_a_word_document_is_an_error(tmp_path):
    (tmp_path / "texter").mkdir()
    (tmp_path / "texter" / "investeringar.docx").write_text("inte ett Word-dokument", encoding="utf-8")
    texts, problems = section_texts(tmp_path, {"investeringar": "texter/investeringar.docx"})
    problem = only(problems, "fil-oläslig")
    assert problem.is_error and problem.location == Location("texter/investeringar.docx")
    assert texts["investeringar"] is None


def test_empty_word_file_is_a_warning(tmp_path):
    import docx
    (tmp_path / "texter").mkdir()
    docx.Document().save(tmp_path / "texter" / "tom.docx")
    _, problems = section_texts(tmp_path, {"sammanfattning": "texter/tom.docx"})
    assert not only(problems, "text-tom").is_error


def test_tiny_inputs_give_every_section_a_word_file(tiny):
    inputs, problems = read_inputs(tiny)
    texts, text_problems = section_texts(tiny, inputs.settings.for_namnd("KS").followup.texts)
    assert problems + text_problems == []
    assert all(texts[key] == tiny / "texter" / "KS" / f"{key}.docx" for key in TEXT_SECTIONS)


def test_without_word_files_the_report_still_builds_with_warnings(tmp_path):
    from pipeline.orchestrator import build_report
    report, problems = build_report(write_inputs(tmp_path / "in", texter=False))
    assert report is not None
    assert {p.rule for p in problems} == {"text-saknas"} and len(problems) == len(TEXT_SECTIONS)


# ---------------------------------------------------------------------------------------------
# The follow-up exports: one defect each
# ---------------------------------------------------------------------------------------------
def with_goal(tmp_path, row: list) -> Path:
    sheets = dict(MALBEDOMNING, **{"Mål": [GOALS_HEAD, row, *MALBEDOMNING["Mål"][2:]]})
    return write_inputs(tmp_path / "in", malbedomning=sheets)


def test_tiny_stage_has_no_problems_and_counts_the_goals(tiny):
    followup, problems = stage(tiny)
    assert problems == []
    assert followup.goal_counts == fu.GoalCounts(1, 1, 0)
    assert [g["nummer"] for g in followup.mal] == ["1", "2"]
    assert followup.staff_goal("Mål 21: Ökat medarbetarengagemang")["status"]["text"] == "På rätt väg"
    assert followup.mal[0]["analys"] == "Kontaktvägarna fungerar.\n\nNy chattfunktion."


def test_unknown_goal_status_names_the_cell_and_the_known_labels(tmp_path):
    folder = with_goal(tmp_path, ["4", "Delaktighet", "Mål 1: Snabba svar", "Analys.", "Grön", "På rätt väg"])
    problem = only(stage(folder)[1], "status-okänd")
    assert where(problem) == ("malbedomning.xlsx", "Mål", 2, "E", "Status")
    assert 'Statusen "Grön" är okänd' in problem.message
    assert '"På rätt väg", "Delvis på rätt väg", "På fel väg"' in problem.message
    assert "[status.etiketter]" in problem.hint and "[status.mal]" in problem.hint


def test_unknown_previous_status_is_located_in_its_own_column(tmp_path):
    folder = with_goal(tmp_path, ["4", "Delaktighet", "Mål 1: Snabba svar", "Analys.", "På rätt väg", "Gul"])
    assert where(only(stage(folder)[1], "status-okänd"))[2:4] == (2, "F")


def test_status_is_matched_without_regard_to_case_and_spaces(tmp_path):
    folder = with_goal(tmp_path, ["4", "Delaktighet", "Mål 1: Snabba svar", "Analys.", " på RÄTT  väg", ""])
    followup, problems = stage(folder)
    assert problems == []
    assert followup.mal[0]["status"] == {"text": "På rätt väg", "symbol": "●", "farg": "2E7D32"}


def test_missing_goal_title_is_a_missing_cell(tmp_path):
    folder = with_goal(tmp_path, ["4", "Delaktighet", "", "Analys.", "På rätt väg", ""])
    problem = only(stage(folder)[1], "värde-saknas")
    assert where(problem) == ("malbedomning.xlsx", "Mål", 2, "C", "Mål")


def test_goal_without_analysis_is_a_warning(tmp_path):
    folder = with_goal(tmp_path, ["4", "Delaktighet", "Mål 1: Snabba svar", "", "På rätt väg", ""])
    problem = only(stage(folder)[1], "analys-saknas")
    assert not problem.is_error and where(problem)[2:4] == (2, "D")


def test_unknown_section_is_located_and_names_the_setting(tmp_path):
    folder = with_goal(tmp_path, ["7", "Delaktighet", "Mål 1: Snabba svar", "Analys.", "På rätt väg", ""])
    problem = only(stage(folder)[1], "avsnitt-okänt")
    assert where(problem)[:4] == ("malbedomning.xlsx", "Mål", 2, "A")
    assert '"4" (verksamhetsmal)' in problem.message and "[kallor.mal.avsnitt]" in problem.hint


def test_unknown_priority_status_is_located(tmp_path):
    sheets = dict(MALBEDOMNING, Satsningar=[MALBEDOMNING["Satsningar"][0], ["4.1", "Bemötande", "Text.", "Pågår"]])
    problem = only(stage(write_inputs(tmp_path / "in", malbedomning=sheets))[1], "status-okänd")
    assert where(problem) == ("malbedomning.xlsx", "Satsningar", 2, "D", "Status")
    assert '"Delvis utförd"' in problem.message


def test_unknown_control_result_is_located_and_names_the_known_results(tmp_path):
    rows = [r[:] for r in INTERNKONTROLL["Internkontroll"]]
    rows[3][3] = "Ej klar"
    folder = write_inputs(tmp_path / "in", internkontroll={"Internkontroll": rows})
    problem = only(stage(folder)[1], "status-okänd")
    assert where(problem) == ("internkontroll.xlsx", "Internkontroll", 4, "D", "Resultat")
    assert 'Resultatet "Ej klar" är okänt' in problem.message
    assert '"Kontroll ej genomförd"' in problem.message and "[status.internkontroll]" in problem.hint


def test_missing_control_is_a_missing_cell(tmp_path):
    rows = [r[:] for r in INTERNKONTROLL["Internkontroll"]]
    rows[2][2] = None
    problem = only(stage(write_inputs(tmp_path / "in", internkontroll={"Internkontroll": rows}))[1], "värde-saknas")
    assert where(problem) == ("internkontroll.xlsx", "Internkontroll", 3, "C", "Kontroll")


def test_risk_described_differently_on_a_later_row_is_a_warning(tmp_path):
    rows = [r[:] for r in INTERNKONTROLL["Internkontroll"]]
    rows[2][1] = "En annan beskrivning."
    followup, problems = stage(write_inputs(tmp_path / "in", internkontroll={"Internkontroll": rows}))
    problem = only(problems, "riskbeskrivning-olika")
    assert not problem.is_error and where(problem)[2:4] == (3, "B")
    assert followup.internkontroll[1]["riskbeskrivning"] == "Köp utanför avtal."


def test_controls_keep_the_risk_on_every_row_and_group_by_risk(tiny):
    followup, _ = stage(tiny)
    assert [(c["risk"], c["ny_risk"]) for c in followup.internkontroll] == [
        ("Avtalstrohet", True), ("Avtalstrohet", False), ("Fakturor", True)]
    assert [len(r["kontroller"]) for r in followup.risker] == [2, 1]
    assert followup.control_counts == fu.ControlCounts(3, 2, 1, 1, 0, 1)


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("counts, expected", [
    ((7, 4, 0), "Bedömningen är att 7 av målen är på rätt väg för måluppfyllelse och 4 mål är delvis på rätt "
                "väg. Inga av målen bedöms vara på fel väg."),
    ((1, 1, 1), "Bedömningen är att 1 av målen är på rätt väg för måluppfyllelse och 1 mål är delvis på rätt "
                "väg. 1 av målen bedöms vara på fel väg."),
    ((7, 0, 4), "Bedömningen är att 7 av målen är på rätt väg för måluppfyllelse. 4 av målen bedöms vara på fel "
                "väg."),
    ((0, 4, 3), "Bedömningen är att 4 av målen är delvis på rätt väg för måluppfyllelse. 3 av målen bedöms vara "
                "på fel väg."),
    ((11, 0, 0), "Bedömningen är att samtliga 11 mål är på rätt väg för måluppfyllelse."),
    ((0, 5, 0), "Bedömningen är att samtliga 5 mål är delvis på rätt väg för måluppfyllelse."),
    ((0, 0, 2), "Bedömningen är att samtliga 2 mål är på fel väg."),
    ((1, 0, 0), "Bedömningen är att målet är på rätt väg för måluppfyllelse."),
    ((0, 0, 0), ""),
])
def test_goal_status_sentence(counts, expected):
    assert fu.goal_status_sentence(fu.GoalCounts(*counts)) == expected


def test_comparison_with_the_previous_report():
    change = fu.StatusChange("Mål 2: Förtroende", fu.PARTLY, fu.ON_TRACK)
    other = fu.StatusChange("Ett mål utan nummer", fu.ON_TRACK, fu.OFF_TRACK)
    april = "tertialrapporten i april"
    assert fu.goal_comparison_sentence([], 11, april) == \
        "Bedömningen är oförändrad jämfört med tertialrapporten i april."
    assert fu.goal_comparison_sentence([change], 11, april) == (
        "Förändringen jämfört med tertialrapporten i april är att mål 2 nu bedöms vara på rätt väg "
        "(tidigare delvis på rätt väg).")
    assert fu.goal_comparison_sentence([change, other], 11, april) == (
        "Förändringarna jämfört med tertialrapporten i april är att mål 2 nu bedöms vara på rätt väg "
        '(tidigare delvis på rätt väg) och att målet "Ett mål utan nummer" nu bedöms vara på fel väg '
        "(tidigare på rätt väg).")
    assert fu.goal_comparison_sentence([], 0, april) == ""
    assert fu.goal_comparison_sentence([], 3, "") == "Bedömningen är oförändrad jämfört med föregående rapport."


def test_status_changes_compare_groups_not_spellings():
    import pandas as pd
    goals = pd.DataFrame({"mal": ["Mål 1: A", "Mål 2: B", "Mål 3: C"],
                          "status": ["På rätt väg", "på rätt väg", "Delvis på rätt väg"],
                          "status_foregaende": ["PÅ RÄTT VÄG", "Delvis på rätt väg", ""]})
    kinds = {"på rätt väg": fu.ON_TRACK, "delvis på rätt väg": fu.PARTLY}
    changes, compared = fu.status_changes(goals, kinds)
    assert compared == 2
    assert changes == [fu.StatusChange("Mål 2: B", fu.PARTLY, fu.ON_TRACK)]


def controls(n, risks, without=0, minor=0, deviation=0):
    return fu.ControlCounts(n, risks, without, minor, deviation, n - without - minor - deviation)


@pytest.mark.parametrize("counts, until, expected", [
    (controls(10, 6, 4, 4), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 10 kontroller inom 6 riskområden. 8 av kontrollerna "
     "har genomförts fram till delåret där fyra av kontrollerna visar ingen avvikelse och fyra av kontrollerna "
     "visar en mindre avvikelse."),
    (controls(4, 2, 1, 2, 1), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 4 kontroller inom 2 riskområden. Samtliga kontroller "
     "har genomförts fram till delåret där en av kontrollerna visar ingen avvikelse, två av kontrollerna visar en "
     "mindre avvikelse och en av kontrollerna visar en avvikelse."),
    (controls(3, 1, 3), "under året",
     "Kommunstyrelsens internkontrollplan för året innefattar 3 kontroller inom 1 riskområde. Samtliga kontroller "
     "har genomförts under året och ingen av dem visar någon avvikelse."),
    (controls(5, 3, 0, 2), "fram till tertialet",
     "Kommunstyrelsens internkontrollplan för året innefattar 5 kontroller inom 3 riskområden. 2 av kontrollerna "
     "har genomförts fram till tertialet och alla visar en mindre avvikelse."),
    (controls(1, 1, 0, 1), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 1 kontroll inom 1 riskområde. Kontrollen har "
     "genomförts fram till delåret och den visar en mindre avvikelse."),
    (controls(6, 2, 0, 1), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 6 kontroller inom 2 riskområden. 1 av kontrollerna "
     "har genomförts fram till delåret och den visar en mindre avvikelse."),
    (controls(6, 2), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 6 kontroller inom 2 riskområden. Ingen av "
     "kontrollerna har genomförts fram till delåret."),
    (controls(1, 1), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 1 kontroll inom 1 riskområde. Kontrollen har inte "
     "genomförts fram till delåret."),
    (controls(20, 8, 13, 1), "fram till delåret",
     "Kommunstyrelsens internkontrollplan för året innefattar 20 kontroller inom 8 riskområden. 14 av "
     "kontrollerna har genomförts fram till delåret där 13 av kontrollerna visar ingen avvikelse och en av "
     "kontrollerna visar en mindre avvikelse."),
    (controls(0, 0), "fram till delåret", "Kommunstyrelsens internkontrollplan för året innehåller inga kontroller."),
])
def test_internal_control_sentence(counts, until, expected):
    assert fu.internal_control_sentence("Kommunstyrelsen", counts, until) == expected


def test_the_period_decides_how_far_the_controls_reach():
    assert [fu.so_far(Period(2023, m)) for m in (4, 8, 12)] == ["fram till tertialet", "fram till delåret",
                                                                  "under året"]


def test_status_context_of_a_known_and_an_unknown_label():
    settings = settings_problems(shipped_toml())[0].followup
    assert fu.status_context("kontroll ej genomförd", settings) == {
        "text": "Kontroll ej genomförd", "symbol": "■", "farg": "808080"}
    assert fu.status_context("Okänd  status", settings) == {"text": "Okänd status", "symbol": "", "farg": ""}


def test_cell_text_keeps_paragraphs_and_drops_extra_blank_lines():
    assert fu.paragraphs("Ett.\r\n\r\n\r\n  \nTvå\nrader.  \n") == "Ett.\n\nTvå\nrader."


# ---------------------------------------------------------------------------------------------
# The shipped sample
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample() -> FollowUp:
    settings, problems = read_settings(INPUT / "installningar")
    only_followup = replace(settings, sources={c.name: settings.sources[c.name] for c in FOLLOWUP_EXPORTS})
    exports, found = read_exports(INPUT, only_followup)
    texts, text_problems = section_texts(INPUT, settings.for_namnd("KS").followup.texts)
    followup, stage_problems = followup_of(settings, exports, texts)
    assert problems + found + text_problems + stage_problems == []
    return followup


def test_sample_goals_reproduce_the_reference_counts_and_sentence(sample):
    assert [g["nummer"] for g in sample.mal] == ["1", "2", "3", "6", "12", "13", "15", "16", "17", "18", "19"]
    assert sample.goal_counts == fu.GoalCounts(7, 4, 0)
    partly = [g["nummer"] for g in sample.mal if g["status"]["text"] == "Delvis på rätt väg"]
    assert partly == ["2", "3", "17", "18"]
    assert sample.texter["malstatus"] == (
        "Bedömningen är att 7 av målen är på rätt väg för måluppfyllelse och 4 mål är delvis på rätt väg. "
        "Inga av målen bedöms vara på fel väg. Bedömningen är oförändrad jämfört med tertialrapporten i april.")
    reference = REFERENCE.read_text(encoding="utf-8")
    assert sample.texter["malstatus"] in reference


def test_sample_goal_titles_are_the_reference_titles(sample):
    reference = " ".join(REFERENCE.read_text(encoding="utf-8").replace("sam-arbete", "samarbete").split())
    for goal in sample.mal:
        assert goal["mal"] in reference, goal["mal"]
    assert all(goal["analys"] for goal in sample.mal)


def test_sample_staff_goals_satsningar_and_uppdrag(sample):
    assert [(g["nummer"], g["status"]["text"]) for g in sample.medarbetarmal] == [
        ("21", "På rätt väg"), ("22", "På rätt väg"), ("23", "På rätt väg"), ("24", "Delvis på rätt väg")]
    assert sample.staff_goal("Mål 24: Kommunens (externa) personalomsättning")["nummer"] == "24"
    assert len(sample.satsningar) == 7 and len(sample.medarbetarsatsningar) == 1
    assert {s["status"]["text"] for s in sample.satsningar + sample.medarbetarsatsningar} == {"Delvis utförd"}
    assert len(sample.uppdrag) == 7
    assert {u["typ"] for u in sample.uppdrag} == {"Uppdrag från Kommunfullmäktige"}
    assert [u["ny_typ"] for u in sample.uppdrag] == [True] + [False] * 6


def test_sample_internal_control_reproduces_the_reference_counts_and_sentence(sample):
    counts = sample.control_counts
    assert (counts.controls, counts.risks, counts.done) == (10, 6, 8)
    assert (counts.no_deviation, counts.minor_deviation, counts.deviation, counts.not_done) == (4, 4, 0, 2)
    reference = " ".join(REFERENCE.read_text(encoding="utf-8").split())
    assert sample.texter["internkontroll"] in reference
    not_done = [c["kontroll"] for c in sample.internkontroll if c["resultat"]["text"] == "Kontroll ej genomförd"]
    assert not_done == ["Årlig uppföljning genomförs", "Antal fakturor betalade efter 30 dagar"]


def test_sample_has_every_section_text_with_headings_lists_bold_and_italics(sample):
    import docx
    assert all(isinstance(sample.avsnitt[key], Path) for key in TEXT_SECTIONS)
    measures = docx.Document(str(sample.avsnitt["atgarder_budget_i_balans"]))
    headings = [p.text for p in measures.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Status utredningar", "Status effektiviseringsåtgärder"]
    items = [p for p in measures.paragraphs if p.style.name == "List Bullet"]
    assert len(items) == 5 and all(p.runs[0].bold for p in items)
    runs = [r for key in TEXT_SECTIONS for p in docx.Document(str(sample.avsnitt[key])).paragraphs for r in p.runs]
    assert any(r.bold for r in runs) and any(r.italic for r in runs)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def test_sample_prose_is_not_copied_from_the_reference():
    """No run of seven words in any nämnd's analyses, comments and Word texts is in the reference."""
    sys.path.insert(0, str(ROOT / "tools"))
    import make_followup_sample as sample_source
    import sample_texter
    reference = _words(REFERENCE.read_text(encoding="utf-8"))
    runs = {tuple(reference[i:i + 7]) for i in range(len(reference) - 6)}
    units = [(sample_source.GOALS, sample_source.PRIORITIES, sample_source.ASSIGNMENTS, sample_source.CONTROLS,
              sample_source.SECTION_TEXTS)]
    units += [(f.goals, f.priorities, f.assignments, f.controls, f.sections) for f in sample_texter.NAMNDER.values()]
    prose = []
    for goals, priorities, assignments, controls, sections in units:
        prose += [g[3] for g in goals] + [p[2] for p in priorities] + [a[2] for a in assignments]
        prose += [text for _, description, rows in controls for text in (description, *(r[2] for r in rows))]
        prose += [text for _, blocks in sections.values() for _, text in blocks]
    assert len(prose) > 300
    copied = [" ".join(w[i:i + 7]) for text in prose for w in [_words(text)] for i in range(len(w) - 6)
              if tuple(w[i:i + 7]) in runs]
    assert copied == []


def test_sample_generator_is_reproducible(tmp_path):
    import shutil
    import subprocess
    shutil.copytree(INPUT / "installningar", tmp_path / "installningar")
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_followup_sample.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    assert len(list((tmp_path / "texter").glob("*/*.docx"))) == 6 * 8     # every nämnd with its own report
    for path in [tmp_path / "malbedomning.xlsx", tmp_path / "internkontroll.xlsx",
                 *sorted((tmp_path / "texter").glob("*/*.docx"))]:
        assert path.read_bytes() == (INPUT / path.relative_to(tmp_path)).read_bytes(), path.name
