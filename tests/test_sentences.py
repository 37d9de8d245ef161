"""Words chosen by value: överskott, underskott, i nivå med budgeten, ökat/minskat."""

from pipeline.compute.key_figures import KeyFigures
from pipeline.compute.sentences import (budget_sentences, economic_analysis, forecast_only_sentence,
                                        genitive, investment_sentences)

MNKR = 100_000_000


def figures(deviation, andring=8.9 * MNKR, inv_deviation=4.4 * MNKR):
    return KeyFigures(budget=int(237.2 * MNKR), utfall=int(144.0 * MNKR), prognos=None,
                      deviation=None if deviation is None else int(deviation),
                      ursprunglig_budget=int(228.3 * MNKR), andringsbudget=int(andring),
                      investment_budget=int(15.3 * MNKR), investment_utfall=int(3.5 * MNKR),
                      investment_prognos=int(10.9 * MNKR), investment_deviation=int(inv_deviation))


def test_surplus_deficit_and_on_budget():
    assert budget_sentences(figures(5.9 * MNKR), "Kommunstyrelsen", 2023) == (
        "Kommunstyrelsens driftsbudget för 2023 uppgår till 237,2 mnkr. Utfallet uppgår till 144,0 mnkr "
        "vilket motsvarar en förbrukning på 60,7 procent av budgeten. Kommunstyrelsens sammantagna "
        "prognos för året visar ett överskott på 5,9 mnkr.")
    assert "visar ett underskott på 1,2 mnkr." in budget_sentences(figures(-1.2 * MNKR), "Kommunstyrelsen", 2023)
    on_budget = budget_sentences(figures(0.04 * MNKR), "Kommunstyrelsen", 2023)
    assert on_budget.endswith("Kommunstyrelsens sammantagna prognos för året är i nivå med budgeten.")


def test_amended_budget_decreased_and_unchanged():
    assert "har budgeten minskat med 2,0 mnkr" in economic_analysis(figures(0, andring=-2 * MNKR), "KS", 2023)
    assert "ändringsbudget" not in economic_analysis(figures(0, andring=0), "Kommunstyrelsen", 2023)


def test_investment_and_forecast_only_sentences():
    assert investment_sentences(figures(0), "KS") == (
        "Nämndens investeringsbudget är på 15,3 mnkr. Nämnden prognostiserar ett överskott på 4,4 mnkr för året.")
    assert "underskott på 0,6 mnkr" in investment_sentences(figures(0, inv_deviation=-0.6 * MNKR), "KS")
    assert forecast_only_sentence(0) == "Prognosen är enligt budget."
    assert forecast_only_sentence(-2 * MNKR) == "Prognosen visar ett underskott på 2,0 mnkr jämfört med budget."
    assert forecast_only_sentence(None) == ""


def test_genitive():
    assert genitive("Kommunstyrelsen") == "Kommunstyrelsens"
    assert genitive("Kommunfullmäktige och revision") == "Kommunfullmäktige och revisions"
    assert genitive("Barn- och utbildningsnämnden Bergs") == "Barn- och utbildningsnämnden Bergs"


def test_year_end_speaks_of_the_outcome_not_a_forecast():
    text = budget_sentences(figures(5.9 * MNKR), "Kommunstyrelsen", 2023, year_end=True)
    assert text.endswith("Kommunstyrelsens resultat för året visar ett överskott på 5,9 mnkr jämfört med budgeten.")
    assert "prognos" not in economic_analysis(figures(0), "Kommunstyrelsen", 2023, year_end=True)
    assert investment_sentences(figures(0), "KS", year_end=True).endswith(
        "Investeringarna för året visar ett överskott på 4,4 mnkr jämfört med budgeten.")
    assert forecast_only_sentence(0, year_end=True) == "Utfallet är enligt budget."
