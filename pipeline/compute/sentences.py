"""Sentences that quote the key figures, with words chosen by value.

Every figure is formatted from the same unrounded öre amounts as the tables, so a sentence can
never disagree with a table. A deviation that prints as 0,0 is "i nivå med budgeten".
"""

from __future__ import annotations

from pipeline.compute.key_figures import KeyFigures
from pipeline.numbers import format_mnkr, format_percent, listing, tenths_of_mnkr


def genitive(name: str) -> str:
    """'Kommunstyrelsen' -> 'Kommunstyrelsens'; names ending in s, x or z take no extra s."""
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def _mnkr(ore: int) -> str:
    return format_mnkr(abs(ore)) + " mnkr"


def _outcome(deviation: int | None, preposition: str = "på") -> str:
    if deviation is None:
        return ""
    if tenths_of_mnkr(deviation) == 0:
        return "en prognos i nivå med budgeten"
    word = "ett överskott" if deviation > 0 else "ett underskott"
    return f"{word} {preposition} {_mnkr(deviation)}"


def _verdict(owner: str, deviation: int, preposition: str, year_end: bool) -> str:
    """The closing sentence on the deviation: the forecast's, or at year end the outcome's."""
    outcome = _outcome(deviation, preposition)
    on_budget = outcome.startswith("en prognos")
    if year_end:
        if on_budget:
            return f"{owner} resultat för året är i nivå med budgeten."
        return f"{owner} resultat för året visar {outcome} jämfört med budgeten."
    if on_budget:
        return f"{owner} sammantagna prognos för året är i nivå med budgeten."
    return f"{owner} sammantagna prognos för året visar {outcome}."


def budget_sentences(figures: KeyFigures, name: str, year: int, year_end: bool = False) -> str:
    """The budget paragraph of the summary and the memo."""
    owner = genitive(name)
    parts = [f"{owner} driftsbudget för {year} uppgår till {_mnkr(figures.budget)}."]
    parts.append(_consumption(figures))
    if figures.deviation is not None:
        parts.append(_verdict(owner, figures.deviation, "på", year_end))
    return " ".join(parts)


def _consumption(figures: KeyFigures) -> str:
    text = f"Utfallet uppgår till {_mnkr(figures.utfall)}"
    if figures.forbrukning is None:
        return text + "."
    return f"{text} vilket motsvarar en förbrukning på {format_percent(figures.forbrukning)} procent av budgeten."


def economic_analysis(figures: KeyFigures, name: str, year: int, year_end: bool = False) -> str:
    """Opening of 7.3 Ekonomisk analys: original budget, amendment, consumption, forecast."""
    owner = genitive(name)
    parts = [f"{owner} ursprungliga budget för {year} var {_mnkr(figures.ursprunglig_budget)}."]
    change = figures.andringsbudget
    if tenths_of_mnkr(change) != 0:
        verb = "ökat" if change > 0 else "minskat"
        parts.append(f"Efter beslut om ändringsbudget har budgeten {verb} med {_mnkr(change)} "
                     f"och uppgår nu till {_mnkr(figures.budget)}.")
    parts.append(_consumption(figures))
    if figures.deviation is not None:
        parts.append(_verdict(owner, figures.deviation, "med", year_end))
    return " ".join(parts)


def investment_sentences(figures: KeyFigures, name: str, year_end: bool = False) -> str:
    parts = [f"Nämndens investeringsbudget är på {_mnkr(figures.investment_budget)}."]
    deviation = figures.investment_deviation
    if year_end and deviation is not None:
        outcome = _outcome(deviation)
        parts.append("Investeringarna för året är i nivå med budgeten." if outcome.startswith("en prognos")
                     else f"Investeringarna för året visar {outcome} jämfört med budgeten.")
        return " ".join(parts)
    if deviation is not None and figures.investment_prognos is not None:
        if tenths_of_mnkr(deviation) == 0:
            parts.append("Nämnden prognostiserar att investeringarna blir i nivå med budgeten.")
        else:
            word = "ett överskott" if deviation > 0 else "ett underskott"
            parts.append(f"Nämnden prognostiserar {word} på {_mnkr(deviation)} för året.")
    return " ".join(parts)


def forecast_only_sentence(deviation: int | None, year_end: bool = False) -> str:
    """11.3-style one-liner: the forecast (or at year end the outcome) against the budget."""
    outcome = _outcome(deviation)
    if not outcome:
        return ""
    subject = "Utfallet" if year_end else "Prognosen"
    if outcome.startswith("en prognos"):
        return f"{subject} är enligt budget."
    return f"{subject} visar {outcome} jämfört med budget."


def _percent(value: float | None) -> str:
    return format_percent(value) if value is not None else "–"


def _change(before: float | None, after: float | None) -> str:
    """'ökat från 4,3 till 4,5 procent', compared as printed (one decimal)."""
    if before is None or after is None:
        return f"är {_percent(after)} procent"
    a, b = format_percent(before), format_percent(after)
    if a == b:
        return f"är oförändrad på {b} procent"
    verb = "ökat" if after > before else "minskat"
    return f"har {verb} från {a} till {b} procent"


def sick_leave_sentences(unit_name: str, current, previous, municipality) -> str:
    """Quotes the förvaltning's total, långtid and korttid against the same period last year."""
    parts = [f"Sjukfrånvaron inom {unit_name} {_change(previous.rate, current.rate)} jämfört med samma "
             "period föregående år."]
    if current.long_rate is not None and previous.long_rate is not None:
        parts.append(f"Långtidssjukfrånvaron {_change(previous.long_rate, current.long_rate)} och "
                     f"korttidssjukfrånvaron {_change(previous.short_rate, current.short_rate)}.")
    if municipality.rate is not None:
        parts.append(f"Sjukfrånvaron för hela kommunen är {_percent(municipality.rate)} procent.")
    return " ".join(parts)


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} personer"


def turnover_sentences(unit_name: str, current, previous, municipality) -> str:
    if current.rate is None:
        return (f"Personalomsättningen inom {unit_name} redovisas inte eftersom gruppen är för liten.")
    included = "ingår" if current.retirements_included else "ingår inte"
    parts = [f"Den externa personalomsättningen inom {unit_name} är {_percent(current.rate)} procent "
             f"(pensionsavgångar {included}).",
             f"Totalt har {_people(current.leavers)} slutat jämfört med {_people(previous.leavers)} samma "
             "period föregående år."]
    if current.titles:
        parts.append("De som slutat är " + listing([f"{n} {title}" for title, n in current.titles]) + ".")
    if municipality.rate is not None:
        parts.append(f"För hela kommunen är den externa personalomsättningen {_percent(municipality.rate)} procent.")
    return " ".join(parts)


def survey_sentence(index_name: str, unit_name: str, current: float | None, previous: float | None,
                    municipality: float | None) -> str:
    if current is None:
        return ""
    text = f"{index_name} för {unit_name} är {current:.0f}"
    if previous is not None:
        text += f" ({previous:.0f} föregående år)"
    if municipality is not None:
        text += f", jämfört med {municipality:.0f} för hela kommunen"
    return text + "."
