"""Sick hours from the HR system's absence cases: the monthly staff table of the other format.

Pure. From the employments (with kön, födelseår, sysselsättningsgrad) and the sick-leave cases
it returns the same typed table the monthly export gives (`personnel_months`: one row per
employment and month, with arbetstid, sjuktimmar and sjuktimmar_60), so everything after it
(the law's figures, the groups, suppression) is the same code for both formats.

The rules (docs/absence.md, with their sources):
- a working day is a weekday (Monday-Friday) that is not a Swedish public holiday (the
  `holidays` library); a working day's scheduled hours are full-time weekly hours x
  sysselsättningsgrad / 5, or, where the HR system exports the employee's scheduled hours of the
  month, those hours spread evenly over the employee's working days of the month;
- a sick day's hours are its scheduled hours x omfattning (overlapping cases above 100 % are an
  input error, validate/personnel.py);
- a spell is a run of one employee's sick cases in which each case starts at most
  `relapse_days` (5) calendar days after the latest end so far (sjuklönelagen 7 §); its length is
  last day - first day + 1 in calendar days, from its real first day, also before the report
  years; an open case, and every case, ends at the report period's last day at the latest;
- every sick hour of a spell of 60 days or more is long-term (sjuktimmar_60), from its first day.

Vectorised: one row per case x employment x month intersection, counted with
numpy.busday_count; no row per day.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

LONG_SPELL_DAYS = 60
_DAY = "datetime64[D]"


def working_day_holidays(first_year: int, last_year: int) -> np.ndarray:
    """Swedish public holidays of the years, as datetime64[D] for numpy.busday_count."""
    import holidays      # imported here: only the absence format needs it

    days = holidays.country_holidays("SE", years=range(first_year, last_year + 1))
    return np.array(sorted(days), dtype=_DAY)


def _days(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype="datetime64[ns]").astype(_DAY)


def spells(cases: pd.DataFrame, period_end: date, relapse_days: int) -> pd.DataFrame:
    """The cases (anstalld, fran, till; till NaT = tills vidare) that start by `period_end`, each
    with its spell: `forsta`/`sista` (the spell's first and last day) and `lang` (60 days or
    more). Ends are cut at `period_end`."""
    end = np.datetime64(period_end, "D")
    frame = pd.DataFrame({"anstalld": cases["anstalld"].astype(str).to_numpy(), "fran": _days(cases["fran"]),
                          "till": _days(cases["till"]), "omfattning": cases["omfattning"].to_numpy(float)})
    till = frame["till"].to_numpy().astype(_DAY)
    frame["till"] = np.minimum(np.where(np.isnat(till), end, till), end)
    frame = frame[frame["fran"].to_numpy().astype(_DAY) <= end].sort_values(
        ["anstalld", "fran"], kind="stable", ignore_index=True)
    person = frame["anstalld"].to_numpy()
    ends = frame["till"].to_numpy().astype(_DAY).astype("int64")
    latest = pd.Series(ends).groupby(person, sort=False).cummax().to_numpy()
    starts = frame["fran"].to_numpy().astype(_DAY).astype("int64")
    new = np.ones(len(frame), dtype=bool)
    if len(frame) > 1:
        new[1:] = (person[1:] != person[:-1]) | (starts[1:] > latest[:-1] + relapse_days)
    spell = np.cumsum(new) - 1
    first = starts[new][spell]
    last = pd.Series(ends).groupby(spell).max().to_numpy()[spell]
    return frame.assign(spell=spell, forsta=first.astype(_DAY), sista=last.astype(_DAY),
                        lang=(last - first + 1) >= LONG_SPELL_DAYS)


def _day_hours(employments: pd.DataFrame, emp: np.ndarray, month: np.ndarray, working: np.ndarray,
               daily: np.ndarray, schedule: pd.DataFrame | None) -> np.ndarray:
    """Scheduled hours of a working day of each employment-month: full-time hours x grade / 5, or,
    where `schedule` has the employee's month, its hours shared over the employee's
    employment-months of that month by their grade-based hours (by working days when all have
    none) and spread evenly over each one's working days."""
    if schedule is None or schedule.empty:
        return daily
    months = month.astype("datetime64[M]").astype(int)
    rows = pd.DataFrame({"anstalld": employments["anstalld"].astype(str).to_numpy()[emp],
                         "ar": months // 12 + 1970, "manad": months % 12 + 1,
                         "vikt": working * daily, "dagar": working.astype(float)})
    exported = (schedule.assign(anstalld=schedule["anstalld"].astype(str))
                .groupby(["anstalld", "ar", "manad"], sort=False)["arbetstid"].sum())
    hours = rows.join(exported, on=["anstalld", "ar", "manad"])["arbetstid"].to_numpy(float)
    group = rows.groupby(["anstalld", "ar", "manad"], sort=False)
    weight = np.where(group["vikt"].transform("sum").to_numpy() > 0, rows["vikt"], rows["dagar"])
    total = pd.Series(weight).groupby([rows["anstalld"], rows["ar"], rows["manad"]], sort=False).transform("sum")
    share = np.divide(weight, total.to_numpy(), out=np.zeros(len(rows)), where=total.to_numpy() > 0)
    spread = np.divide(hours * share, working, out=np.zeros(len(rows)), where=working > 0)
    return np.where(np.isnan(hours), daily, spread)


def _months(first_year: int, period_end: date) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of every month from January of `first_year` to the period's month."""
    firsts = np.arange(np.datetime64(f"{first_year}-01", "M"), np.datetime64(period_end, "M") + 1)
    return firsts.astype(_DAY), ((firsts + 1).astype(_DAY) - 1)


def personnel_months(employments: pd.DataFrame, cases: pd.DataFrame, first_year: int, period_end: date,
                     week_hours: float, relapse_days: int, holidays: np.ndarray,
                     schedule: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per employment and month it is active in, January of `first_year` to the period's
    month: ar, manad, anstalld, forvaltning, kon, fodelsear, anstallningsform, arbetstid,
    sjuktimmar, sjuktimmar_60 (the columns the monthly export's typed table has and the sick-leave
    figures use). `cases` are the sick-leave cases only. `schedule` (anstalld, ar, manad,
    arbetstid): the HR system's scheduled hours of an employee's month, where it exports them;
    they replace that month's hours from the grade, spread over the employee's working days in
    it (`_day_hours`)."""
    month_first, month_last = _months(first_year, period_end)
    start = _days(employments["startdatum"])
    stop = _days(employments["slutdatum"])
    stop = np.where(np.isnat(stop), np.datetime64(period_end, "D"), stop)
    daily = week_hours / 5 * employments["sysselsattningsgrad"].fillna(0.0).to_numpy(float)

    # employment x month
    emp, month = np.nonzero((start[:, None] <= month_last[None, :]) & (stop[:, None] >= month_first[None, :]))
    lo, hi = np.maximum(start[emp], month_first[month]), np.minimum(stop[emp], month_last[month])
    working = np.busday_count(lo, hi + 1, holidays=holidays)
    day_hours = _day_hours(employments, emp, month_first[month], working, daily[emp], schedule)
    scheduled = working * day_hours

    # case x employment x month
    sick = spells(cases, period_end, relapse_days)
    index = pd.DataFrame({"anstalld": employments["anstalld"].astype(str).to_numpy(),
                          "emp": np.arange(len(employments))})
    pairs = sick.merge(index, on="anstalld", how="inner")
    e = pairs["emp"].to_numpy()
    case_lo = np.maximum(pairs["fran"].to_numpy().astype(_DAY), start[e])
    case_hi = np.minimum(pairs["till"].to_numpy().astype(_DAY), stop[e])
    keep = case_lo <= case_hi
    e, case_lo, case_hi = e[keep], case_lo[keep], case_hi[keep]
    share, long = pairs["omfattning"].to_numpy(float)[keep], pairs["lang"].to_numpy(bool)[keep]
    m0 = np.searchsorted(month_first, case_lo, side="right") - 1
    m1 = np.searchsorted(month_first, case_hi, side="right") - 1
    inside = (m1 >= 0) & (m0 < len(month_first))
    m0, m1 = np.clip(m0, 0, len(month_first) - 1), np.clip(m1, 0, len(month_first) - 1)
    counts = np.where(inside, m1 - m0 + 1, 0)
    row = np.repeat(np.arange(len(e)), counts)
    k = m0[row] + (np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts))
    days = np.busday_count(np.maximum(case_lo[row], month_first[k]),
                           np.minimum(case_hi[row], month_last[k]) + 1, holidays=holidays)
    key = emp * len(month_first) + month
    sick_key = e[row] * len(month_first) + k
    where = np.searchsorted(key, sick_key)        # `key` is sorted: np.nonzero walks rows first
    hours = days * day_hours[where] * share[row]
    sick_hours = np.bincount(where, weights=hours, minlength=len(key))
    long_hours = np.bincount(where, weights=np.where(long[row], hours, 0.0), minlength=len(key))
    sick_hours = np.minimum(sick_hours, scheduled)
    long_hours = np.minimum(long_hours, sick_hours)

    months = month_first[month].astype("datetime64[M]").astype(int)
    taken = employments.iloc[emp]
    return pd.DataFrame({
        "ar": months // 12 + 1970, "manad": months % 12 + 1,
        "anstalld": taken["anstalld"].to_numpy(), "forvaltning": taken["forvaltning"].to_numpy(),
        "kon": taken["kon"].to_numpy(), "fodelsear": taken["fodelsear"].to_numpy(),
        "anstallningsform": taken["anstallningsform"].to_numpy(),
        "arbetstid": scheduled.astype(float), "sjuktimmar": sick_hours, "sjuktimmar_60": long_hours,
    })
