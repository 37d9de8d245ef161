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


def _leavers(**kwargs):
    from pipeline.compute.personnel import OTHER_TITLES, Turnover
    titles = (("Handläggare ekonomi", 2), ("Tekniker IT", 1), ("Handläggare information", 1))
    grouped = (("Handläggare ekonomi", 2), (OTHER_TITLES, 2))
    return Turnover("KLF", "2023-01 – 2023-08", 4, 100.0, titles, True, titles_grouped=grouped, **kwargs)


def test_the_leavers_titles_are_named_as_the_setting_says():
    from pipeline.compute.sentences import turnover_sentences
    current, previous, kommun = _leavers(), _leavers(), _leavers()
    every = turnover_sentences("förvaltningen", current, previous, kommun, "alla")
    assert "De som slutat är 2 Handläggare ekonomi, 1 Tekniker IT och 1 Handläggare information." in every
    grouped = turnover_sentences("förvaltningen", current, previous, kommun, "grupperade")
    assert "De som slutat är 2 Handläggare ekonomi och 2 med övriga befattningar." in grouped
    assert "Tekniker IT" not in grouped and "Handläggare information" not in grouped
    assert "De som slutat" not in turnover_sentences("förvaltningen", current, previous, kommun, "inga")
    assert turnover_sentences("förvaltningen", current, previous, kommun) == grouped    # the default


def test_the_cache_keeps_the_leavers_titles_only_when_the_sentence_prints_them():
    from pipeline.model import PrintedTable
    from pipeline.personnel import PersonnelReport

    def report(titles_in_text):
        return PersonnelReport("KLF", "Förvaltningen", [], [_leavers()], [], PrintedTable("k", "", ("",), ()),
                               {}, titles_in_text).printed_only()

    assert report("alla").turnover[0].titles == _leavers().titles
    assert report("grupperade").turnover[0].titles == ()
    assert report("grupperade").turnover[0].titles_grouped == _leavers().titles_grouped
    assert report("inga").turnover[0].titles == ()
