#!/usr/bin/env python3
"""The absence derivation for a kommun's year, timed: 5,000 employees, 60,000 sick-leave cases.

Generated in memory (seeded): employments of 2010-2023 at 100, 75 or 50 %, some ended; per
employee a sequence of cases (mostly 1-14 days, a few of 60-200) from October 2021 on, some open,
never over 100 % on a day. Timed, best of three, in this process: the case checks
(`validate.personnel.absence_problems`'s work without the file locations: `over_full_time`) and
the derivation (`compute.absence.personnel_months`, holidays included) for the report period
August 2023 (January 2022 - August 2023). `make bench` runs it (tools/bench.py); alone:
``python tools/bench_absence.py [--employees N] [--cases N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.compute import absence  # noqa: E402
from pipeline.validate.personnel import over_full_time  # noqa: E402

PERIOD_END = dt.date(2023, 8, 31)
TARGET_S = 1.0


def generated(employees: int, cases: int, seed: int = 13) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    keys = np.array([f"A{i:05d}" for i in range(employees)])
    start = np.datetime64("2010-01-01") + rng.integers(0, 13 * 365, employees).astype("timedelta64[D]")
    ended = rng.random(employees) < 0.1
    end = np.where(ended, np.datetime64("2022-03-01") + rng.integers(0, 540, employees).astype("timedelta64[D]"),
                   np.datetime64("NaT"))
    employments = pd.DataFrame({
        "anstalld": keys, "forvaltning": rng.choice(["BUF", "SOF", "KLF", "SBF"], employees),
        "kon": rng.choice(["K", "M"], employees), "fodelsear": rng.integers(1958, 2003, employees),
        "anstallningsform": "Tillsvidare", "startdatum": pd.to_datetime(start),
        "slutdatum": pd.to_datetime(end), "sysselsattningsgrad": rng.choice([1.0, 0.75, 0.5], employees)})
    owner = np.sort(rng.integers(0, employees, cases))
    long = rng.random(cases) < 0.03
    length = np.where(long, rng.integers(60, 200, cases), rng.integers(1, 15, cases))
    gap = rng.integers(3, 60, cases)
    step = length + gap
    first_of_owner = np.r_[True, owner[1:] != owner[:-1]]
    offset = np.cumsum(step) - step
    offset = offset - np.maximum.accumulate(np.where(first_of_owner, offset, 0))
    fran = np.datetime64("2021-10-01") + offset.astype("timedelta64[D]")
    till = fran + (length - 1).astype("timedelta64[D]")
    open_end = long & (rng.random(cases) < 0.2)
    frame = pd.DataFrame({"anstalld": keys[owner], "fran": pd.to_datetime(fran),
                          "till": pd.to_datetime(np.where(open_end, np.datetime64("NaT"), till)),
                          "omfattning": rng.choice([1.0, 0.5, 0.25], cases)})
    return employments, frame


def measure(employees: int = 5_000, cases: int = 60_000) -> dict:
    employments, sick = generated(employees, cases)
    holidays = absence.working_day_holidays(2022, 2023)
    timings = {"kontroller": [], "härledning": []}
    rows = None
    for _ in range(3):
        t = time.perf_counter()
        over = over_full_time(sick)
        timings["kontroller"].append(time.perf_counter() - t)
        t = time.perf_counter()
        rows = absence.personnel_months(employments, sick, 2022, PERIOD_END, 40.0, 5,
                                        absence.working_day_holidays(2022, 2023))
        timings["härledning"].append(time.perf_counter() - t)
    best = {name: min(values) for name, values in timings.items()}
    return {"employees": employees, "cases": cases, "rows": len(rows), "over_full_time": len(over),
            "holidays": len(holidays), "seconds": best, "total_s": sum(best.values()), "target_s": TARGET_S,
            "met": sum(best.values()) <= TARGET_S}


def _n(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def markdown(result: dict) -> str:
    s = result["seconds"]
    return "\n".join([
        "## Sjukfrånvaro ur frånvaroärenden (genererade, i samma process, bäst av tre)", "",
        f"{_n(result['employees'])} anställda, {_n(result['cases'])} sjukfrånvaroärenden, jan 2022–aug 2023: "
        f"{_n(result['rows'])} rader per anställning och månad.", "",
        "| steg | tid (s) |", "|---|---|",
        f"| kontroll av överlapp över 100 % | {s['kontroller']:.3f} |".replace(".", ","),
        f"| härledning (arbetsdagar, sjukperioder, timmar) | {s['härledning']:.3f} |".replace(".", ","),
        f"| **totalt** (mål ≤ {result['target_s']:.0f} s) | **{result['total_s']:.3f}** |".replace(".", ","), ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=5_000)
    parser.add_argument("--cases", type=int, default=60_000)
    args = parser.parse_args(argv)
    print(markdown(measure(args.employees, args.cases)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
