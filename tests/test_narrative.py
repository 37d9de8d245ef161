"""The organisation's Word texts against the figures (pipeline/reconcile/narrative.py): each claim
that contradicts its section's figures is one located warning; tiny inputs, one defect each."""

from __future__ import annotations

from pathlib import Path

import docx
from hypothesis import given, strategies as st

from pipeline.compute import sentences
from pipeline.numbers import format_mnkr
from pipeline.orchestrator import build_report
from pipeline.problems import Location, Severity
from pipeline.read.documents import text_paragraphs
from pipeline.reconcile.narrative import (RULE, Figure, SectionFigures, Subject, Text, narrative_problems,
                                          paragraph_findings)

MNKR = 100_000_000
NAMND = Subject("Kommunstyrelsen", 590_000_000, main=True)                       # +5,9 mnkr
POLITIK = Subject("Kommunstyrelse politisk verksamhet", -30_000_000)            # -0,3 mnkr
KLF = Subject("Kommunledningsförvaltning", 620_000_000)                         # +6,2 mnkr
VUX = Subject("Vuxenutbildning och SFI", -120_000_000)                          # -1,2 mnkr
SECTION = SectionFigures(
    NAMND, (NAMND, POLITIK, KLF, VUX),
    amounts=(Figure("Totalt, Avvikelse prognos mot budget", ore=590_000_000),
             Figure("Personalkostnader inom Kommunledningsförvaltning, Avvikelse prognos mot budget",
                    ore=381_234_567),
             Figure("Totalt, Budget 2023", ore=-23_720_000_000),
             Figure("Direktupphandlingsgräns", ore=60_000_000)),
    percents=(Figure("Förbrukning av budgeten", share=0.60706),))


def findings(paragraph: str, section: SectionFigures = SECTION) -> list[str]:
    return paragraph_findings(paragraph, section, "ekonomisk_analys")


# ---------------------------------------------------------------------------------------------
# överskott / underskott
# ---------------------------------------------------------------------------------------------
def test_a_surplus_where_the_section_shows_a_deficit_is_flagged_with_the_figure():
    section = SectionFigures(Subject("Socialnämnden", -87_000_000, main=True))
    (message,) = findings("Nämnden väntas gå med ett överskott för året.", section)
    assert "”överskott”" in message and "visar prognosen ett underskott på 0,9 mnkr" in message
    assert "Ekonomisk analys" in message


def test_a_deficit_where_the_section_shows_a_surplus_is_flagged():
    (message,) = findings("Sammantaget väntas ett underskott.")
    assert "”underskott”" in message and "ett överskott på 5,9 mnkr" in message


def test_the_verksamhet_a_sentence_names_is_held_against_its_own_row():
    (message,) = findings("Kommunstyrelsens politiska verksamhet väntas gå med ett litet överskott.")
    assert "Kommunstyrelse politisk verksamhet" in message and "underskott på 0,3 mnkr" in message
    assert findings("Kommunstyrelsens politiska verksamhet väntas gå med ett litet underskott.") == []


def test_a_verksamhet_named_by_the_first_word_of_its_label():
    (message,) = findings("Vuxenutbildningen väntas ge ett överskott tack vare statsbidraget.")
    assert "Vuxenutbildning och SFI" in message


def test_a_sentence_without_a_name_takes_the_one_its_paragraph_names():
    paragraph = ("Kommunledningsförvaltningen har vakanta tjänster. Konsulterna minskar underskottet.")
    (message,) = findings(paragraph)
    assert "Kommunledningsförvaltning" in message and "överskott på 6,2 mnkr" in message


def test_a_claim_about_two_verksamheter_is_checked_for_each():
    (message,) = findings("Kommunledningsförvaltningen och vuxenutbildningen går med underskott.")
    assert "Kommunledningsförvaltning" in message and "Vuxenutbildning" not in message


def test_a_denied_or_contrasted_claim_claims_nothing():
    assert findings("Något underskott väntas inte i år.") == []
    assert findings("Överskottet från bilförsäljningen minskar underskottet.") == []


def test_a_claim_where_the_figure_prints_zero_is_flagged():
    section = SectionFigures(Subject("Tekniska nämnden", 3_000_000, main=True))   # 0,03 mnkr: 0,0
    (message,) = findings("Nämnden visar ett överskott.", section)
    assert "i nivå med budgeten (0,0 mnkr)" in message


# ---------------------------------------------------------------------------------------------
# amounts and percentages
# ---------------------------------------------------------------------------------------------
def test_an_amount_within_the_rounding_of_a_figure_passes():
    assert findings("Prognosen visar ett överskott på 5,9 mnkr.") == []
    assert findings("Personalkostnaderna är 3,8 mnkr lägre än budgeterat.") == []
    assert findings("Personalkostnaderna är 4 mnkr lägre än budgeterat.") == []          # 3,5–4,5
    assert findings("Budgeten är 237,2 miljoner kronor.") == []
    assert findings("Inköp över 600\u00a0000 kronor granskas, liksom över 600 tkr.") == []


def test_an_amount_that_matches_no_figure_is_flagged_with_the_nearest():
    (message,) = findings("Prognosen visar ett överskott på 6,1 mnkr.")
    assert "”6,1 mnkr”" in message and "närmast: 5,9 mnkr, Totalt, Avvikelse prognos mot budget" in message
    assert findings("Personalkostnaderna är 3 812 tkr lägre.") == []          # 3 812,35 tkr: within 0,5 tkr
    (message,) = findings("Personalkostnaderna är 3 815 tkr lägre.")
    assert "”3 815 tkr”" in message


def test_a_hedged_amount_may_be_a_tenth_off():
    assert findings("Omkring 6,5 mnkr väntas bli över.") == []                    # 5,9 is within 0,65
    assert len(findings("Omkring 7 mnkr väntas bli över.")) == 1


def test_a_percentage_is_held_against_the_sections_shares():
    assert findings("Förbrukningen är 60,7 procent av budgeten, alltså 61 %.") == []
    (message,) = findings("Förbrukningen är 62,0 % av budgeten.")
    assert "”62,0 %”" in message and "närmast: 60,7\u00a0%, Förbrukning av budgeten" in message


def test_a_section_without_amounts_to_check_quotes_freely():
    section = SectionFigures(NAMND, (NAMND,), check_amounts=False, check_percents=False)
    assert findings("Besparingen på 112 miljoner kronor är 3 % av budgeten.", section) == []


def test_each_finding_is_a_located_warning_never_an_error():
    texts = [Text("ekonomisk_analys", "texter/KS/ekonomisk_analys.docx",
                  ("Allt går enligt plan.", "Sammantaget väntas ett underskott."))]
    (problem,) = narrative_problems(texts, {"ekonomisk_analys": SECTION})
    assert problem.rule == RULE and problem.severity is Severity.WARNING
    assert problem.location == Location("texter/KS/ekonomisk_analys.docx", paragraph=2)
    assert problem.describe().startswith("texter/KS/ekonomisk_analys.docx, stycke 2: Texten i avsnittet")


def test_a_section_not_checked_gives_nothing():
    texts = [Text("forvantad_utveckling", "f.docx", ("Ett underskott på 99 mnkr väntas 2025.",))]
    assert narrative_problems(texts, {"ekonomisk_analys": SECTION}) == []


@given(st.integers(min_value=-10**13, max_value=10**13).filter(lambda d: abs(d) >= 5_000_000))
def test_a_computed_sentence_never_contradicts_its_own_figure(deviation):
    """The product's own verksamhet sentence passes the check; with the other word it is flagged."""
    row = sentences.RowDeviation("Gymnasieskola", deviation)
    text = sentences.verksamhet_sentence(row, 0, 2)
    section = SectionFigures(None, (Subject("Gymnasieskola", deviation),),
                             amounts=(Figure("Gymnasieskola, Avvikelse", ore=deviation),))
    assert findings(text, section) == []
    wrong = text.replace("överskott", "UNDER").replace("underskott", "överskott").replace("UNDER", "underskott")
    (message,) = findings(wrong, section)
    assert f"på {format_mnkr(abs(deviation))} mnkr" in message


# ---------------------------------------------------------------------------------------------
# From the Word file to the run's problems
# ---------------------------------------------------------------------------------------------
def _word(path: Path, *paragraphs: str) -> None:
    document = docx.Document()
    document.add_paragraph("")                       # an empty paragraph is not counted
    for text in paragraphs:
        paragraph = document.add_paragraph()
        half = len(text) // 2
        paragraph.add_run(text[:half]).bold = True   # the text split over runs
        paragraph.add_run(text[half:])
    document.save(path)


def test_paragraphs_are_numbered_as_the_ekonom_counts_them(tmp_path):
    _word(tmp_path / "t.docx", "Första stycket.", "Andra\u00a0stycket.")
    assert text_paragraphs(tmp_path / "t.docx") == ["Första stycket.", "Andra stycket."]
    (tmp_path / "x.docx").write_text("inte Word", encoding="utf-8")
    assert text_paragraphs(tmp_path / "x.docx") == []


def test_a_word_text_that_says_the_wrong_thing_gives_a_warning_in_the_run(tiny):
    _word(tiny / "texter" / "KS" / "ekonomisk_analys.docx",
          "Kostnaderna följer budget.", "Förvaltningen går med ett överskott.")
    report, problems = build_report(tiny)
    assert report is not None
    (problem,) = [p for p in problems if p.rule == RULE]
    assert problem.severity is Severity.WARNING
    assert problem.location == Location("texter/KS/ekonomisk_analys.docx", paragraph=2)
    assert "för Förvaltning är prognosen i nivå med budgeten (0,0 mnkr)" in problem.message


def test_the_check_can_be_turned_off(tiny):
    _word(tiny / "texter" / "KS" / "ekonomisk_analys.docx", "Förvaltningen går med ett överskott.")
    settings = tiny / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    assert "kontrollera_texter = true" in text
    settings.write_text(text.replace("kontrollera_texter = true", "kontrollera_texter = false"), encoding="utf-8")
    report, problems = build_report(tiny)
    assert report is not None and not [p for p in problems if p.rule == RULE]
