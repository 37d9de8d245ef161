"""Since the previous report: which report that is, its name in a sentence, and what changed.

    chosen = previous_period(period, types, setting)      # None: no previous report
    name = report_name(chosen, types, period)             # "tertialrapporten i april"
    table = forecast_table(now_dr, saved, period, chosen, minus)
    sentence = forecast_sentence(now_total, saved_total, name, period.is_year_end)

Which report is the previous one (rapport.toml `[rapport] jamfor_med`, or the CLI's --jamfor-med):
- "" (default): the latest earlier period of the same year whose report type is not the
  månadsuppföljning: the delår in August compares with the tertial in April, the årsredovisning
  in December with the delår in August; the tertial in April has none.
- a report type's id (`tertialrapport`): the latest of the twelve periods before this one whose
  close gives that type (in April, `arsredovisning` is last December);
- a period `ÅÅÅÅ-MM`, earlier than the report's; `ingen`: no comparison.

Amounts are öre in the printed convention (revenues positive, costs negative, as the DR frame
holds them): a forecast that went up (less net cost) has improved. A change is computed from
the unrounded amounts and rounded only when printed (`numbers.format_mnkr`).
"""

from __future__ import annotations

import pandas as pd

from pipeline.compute.period import MONTH_NAMES, Period, parse_period
from pipeline.model import PrintedTable, TableRow
from pipeline.numbers import format_mnkr
from pipeline.settings.report_types import NO_COMPARISON, ReportTypes

MONTHLY = "manadsuppfoljning"
FORECAST_TABLE = "prognos_jamforelse"


def parse_setting(text: str) -> Period | str:
    """A `jamfor_med` value: a Period for "ÅÅÅÅ-MM", else the text (a type id, "ingen", "")."""
    return parse_period(text.strip()) or text.strip()


def previous_period(period: Period, types: ReportTypes, setting: Period | str = "") -> Period | None:
    """The period of the report this one compares with (module doc), or None."""
    if isinstance(setting, Period):
        return setting if (setting.year, setting.month) < (period.year, period.month) else None
    if setting == NO_COMPARISON:
        return None
    if setting == "":
        earlier = [m for m in range(period.month - 1, 0, -1) if types.for_month(m).key != MONTHLY]
        return Period(period.year, earlier[0]) if earlier else None
    for back in range(1, 13):
        year, month = divmod(period.year * 12 + period.month - 1 - back, 12)
        if types.for_month(month + 1).key == setting:
            return Period(year, month + 1)
    return None


def definite(name: str) -> str:
    """A report type's name in the definite form, as a sentence says it: "Tertialrapport" ->
    "tertialrapporten", "Årsredovisning" -> "årsredovisningen" (the default types are en-words;
    an ett-word such as "Delårsbokslut" needs `bestamd_form` in its [rapporttyper] table; a name
    in capitals, "KS-rapport", keeps its case)."""
    word = name.strip()
    if len(word) > 1 and not word[1].isupper():
        word = word[0].lower() + word[1:]
    return word + ("n" if word[-1:].lower() in "aeiouyåäö" else "en")


def report_name(previous: Period, types: ReportTypes, current: Period) -> str:
    """"tertialrapporten i april" (the same year), "årsredovisningen i december 2022" (another)."""
    kind = types.for_month(previous.month)
    return f"{kind.bestamd_form or definite(kind.namn)} i {_month(previous, current)}"


def forecast_table(dr: pd.DataFrame, saved: dict[str, int | None], period: Period, previous: Period,
                   label_heading: str, minus: str = "-") -> PrintedTable:
    """Each DR row's forecast then (`saved`, label -> öre) and now (at the year end the
    outcome), and the change; a row that was not in the previous report has an empty 'then'."""
    now_column = "utfall" if period.is_year_end else "prognos"
    then_heading = f"Prognos {_month(previous, period)}"
    now_heading = f"Utfall {period.year}" if period.is_year_end else f"Prognos {_month(period, period)}"
    rows, unrounded = [], []
    for label, values in dr.iterrows():
        now = None if pd.isna(values[now_column]) else int(values[now_column])
        then = saved.get(str(label))
        change = now - then if now is not None and then is not None else None
        rows.append(TableRow(str(label), tuple(format_mnkr(v, minus) for v in (then, now, change)), values["kind"]))
        unrounded.append((then, now, change))
    return PrintedTable(FORECAST_TABLE, "Prognosen jämfört med föregående rapport",
                        (label_heading, then_heading, now_heading, "Förändring"), tuple(rows), tuple(unrounded))


def _month(period: Period, current: Period) -> str:
    """"april" in a report of the same year, "december 2022" in one of another."""
    return MONTH_NAMES[period.month - 1] + ("" if period.year == current.year else f" {period.year}")


def forecast_sentence(now: int | None, then: int | None, name: str, year_end: bool) -> str:
    """"Prognosen har förbättrats med 1,2 mnkr sedan tertialrapporten i april." (försämrats /
    är oförändrad); at the year end the outcome against that report's forecast. `now`, `then`:
    the nämnd's total, öre, printed convention; empty when either is missing."""
    if now is None or then is None:
        return ""
    change = now - then
    shown = format_mnkr(abs(change))
    if year_end:
        if shown == "0,0":
            return f"Utfallet blev som prognosen i {name}."
        return f"Utfallet blev {shown} mnkr {'bättre' if change > 0 else 'sämre'} än prognosen i {name}."
    if shown == "0,0":
        return f"Prognosen är oförändrad sedan {name}."
    return f"Prognosen har {'förbättrats' if change > 0 else 'försämrats'} med {shown} mnkr sedan {name}."
