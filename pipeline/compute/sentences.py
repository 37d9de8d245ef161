"""Sentences that quote the key figures, with words chosen by value.

Every figure is formatted from the same unrounded öre amounts as the tables, so a sentence can
never disagree with a table. A deviation that prints as 0,0 is "i nivå med budgeten". An
överskott or underskott is always "på" its amount ("ett överskott på 5,9 mnkr"); a change is
"med" its amount ("har budgeten ökat med 8,9 mnkr").
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.compute.key_figures import KeyFigures
from pipeline.compute.personnel import OTHER_TITLES
from pipeline.numbers import ORE_PER_MNKR, format_mnkr, format_percent, listing, tenths_of_mnkr


def genitive(name: str) -> str:
    """'Kommunstyrelsen' -> 'Kommunstyrelsens'; names ending in s, x or z take no extra s."""
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def _mnkr(ore: int) -> str:
    return format_mnkr(abs(ore)) + " mnkr"


def _outcome(deviation: int | None) -> str:
    if deviation is None:
        return ""
    if tenths_of_mnkr(deviation) == 0:
        return "en prognos i nivå med budgeten"
    word = "ett överskott" if deviation > 0 else "ett underskott"
    return f"{word} på {_mnkr(deviation)}"


def _verdict(owner: str, deviation: int, year_end: bool) -> str:
    """The closing sentence on the deviation: the forecast's, or at year end the outcome's."""
    outcome = _outcome(deviation)
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
        parts.append(_verdict(owner, figures.deviation, year_end))
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
        parts.append(_verdict(owner, figures.deviation, year_end))
    return " ".join(parts)


@dataclass(frozen=True)
class LineDeviation:
    """One RR line of one verksamhet: its label, whether it is a revenue, and its deviation (öre,
    printed sign: + is better than budget)."""

    label: str
    revenue: bool
    deviation: int


@dataclass(frozen=True)
class RowDeviation:
    """One DR row: its label, its deviation (öre, + = överskott) and its RR lines'."""

    label: str
    deviation: int
    lines: tuple[LineDeviation, ...] = ()


def passes(deviation: int | None, threshold_ore: int) -> bool:
    """A deviation worth its own sentence: it prints as something other than 0,0 and, as
    printed, is at least `threshold_ore` in absolute value."""
    if deviation is None:
        return False
    tenths = abs(tenths_of_mnkr(deviation))
    return tenths > 0 and tenths * (ORE_PER_MNKR // 10) >= threshold_ore


def _in_text(label: str) -> str:
    """A table label inside a sentence: 'Personalkostnader' -> 'personalkostnader' ('IT-stöd'
    and other labels that start with an abbreviation stay as they are)."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _line(line: LineDeviation) -> str:
    better = line.deviation > 0
    direction = ("högre" if better else "lägre") if line.revenue else ("lägre" if better else "högre")
    label, figure = _in_text(line.label), f"{_mnkr(line.deviation)} {direction} än budgeterat"
    if label.endswith(")"):          # "bidrag (intäkter, 0,2 mnkr högre än budgeterat)"
        return f"{label[:-1]}, {figure})"
    return f"{label} ({figure})"


def verksamhet_sentence(row: RowDeviation, threshold_ore: int, max_lines: int, year_end: bool = False) -> str:
    """'För X visar prognosen ett underskott på 0,3 mnkr jämfört med budget.', followed by the RR
    lines with the largest deviations that pass the threshold (at most `max_lines`); "" for a
    row that does not pass it."""
    if not passes(row.deviation, threshold_ore):
        return ""
    subject = "utfallet" if year_end else "prognosen"
    text = f"För {row.label} visar {subject} {_outcome(row.deviation)} jämfört med budget."
    lines = sorted((line for line in row.lines if passes(line.deviation, threshold_ore)),
                   key=lambda line: -abs(line.deviation))[:max_lines]
    if lines:
        text += f" Avvikelsen finns främst inom {listing([_line(line) for line in lines])}."
    return text


def verksamhet_paragraphs(rows: list[RowDeviation], threshold_ore: int, max_lines: int,
                          year_end: bool = False) -> list[str]:
    """One paragraph per DR row that passes the threshold, in the table's order; none when the
    table has a single row (its total already says it)."""
    if len(rows) < 2:
        return []
    found = (verksamhet_sentence(row, threshold_ore, max_lines, year_end) for row in rows)
    return [text for text in found if text]


def row_deviations(dr: pd.DataFrame, rr_per_row: dict[str, pd.DataFrame],
                   revenue_labels: set[str]) -> list[RowDeviation]:
    """The DR's rows (not the total) with their deviations, each with its RR lines' (`rr_per_row`:
    the unit's RR of that one DR row, `statements.resultatrakning_per_dr_rad`)."""
    def value(table: pd.DataFrame, label: str) -> int | None:
        found = table.loc[label, "avvikelse"]
        return None if pd.isna(found) else int(found)

    rows = []
    for label in dr.index[dr["kind"] == "row"]:
        deviation = value(dr, label)
        if deviation is None:
            continue
        rr = rr_per_row.get(label)
        lines = () if rr is None else tuple(
            LineDeviation(line, line in revenue_labels, d) for line in rr.index[rr["kind"] == "row"]
            if (d := value(rr, line)) is not None)
        rows.append(RowDeviation(label, deviation, lines))
    return rows


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
    """Quotes the förvaltning's total, långtid and korttid against the same period last year. A
    figure that is not printed (suppressed: compute/personnel.py) is never compared: the sentence
    says why it is not shown."""
    if current.rate is None:
        why = f" eftersom {current.reason}" if current.reason else ""
        parts = [f"Sjukfrånvaron inom {unit_name} redovisas inte{why}."]
    elif previous.rate is None:
        parts = [f"Sjukfrånvaron inom {unit_name} är {_percent(current.rate)} procent."]
    else:
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


def turnover_sentences(unit_name: str, current, previous, municipality, titles: str = "grupperade") -> str:
    """The turnover paragraph. `titles` (the setting befattningar_i_texten) says how the leavers'
    titles are named: "alla" every title with its count; "grupperade" as the workbook shows them,
    titles with few permanent staff merged (one person's title would point at who left); "inga"
    none."""
    if current.rate is None:
        why = getattr(current, "reason", "") or "gruppen är för liten"
        return f"Personalomsättningen inom {unit_name} redovisas inte eftersom {why}."
    included = "ingår" if current.retirements_included else "ingår inte"
    parts = [f"Den externa personalomsättningen inom {unit_name} är {_percent(current.rate)} procent "
             f"(pensionsavgångar {included}).",
             f"Totalt har {_people(current.leavers)} slutat jämfört med {_people(previous.leavers)} samma "
             "period föregående år." if previous.rate is not None else
             f"Totalt har {_people(current.leavers)} slutat."]
    named = leaver_titles(current, titles)
    if named:
        parts.append("De som slutat är " + listing(named) + ".")
    if municipality.rate is not None:
        parts.append(f"För hela kommunen är den externa personalomsättningen {_percent(municipality.rate)} procent.")
    return " ".join(parts)


def leaver_titles(turnover, titles: str) -> list[str]:
    """"2 Handläggare ekonomi", …, as the setting befattningar_i_texten names them."""
    if titles == "alla":
        return [f"{n} {title}" for title, n in turnover.titles]
    if titles == "grupperade":
        return [f"{n} med {title.lower()}" if title == OTHER_TITLES else f"{n} {title}"
                for title, n in turnover.titles_grouped]
    return []


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
