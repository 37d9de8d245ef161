#!/usr/bin/env python3
"""Generate the synthetic HR sample: personal, employments, staff survey and the section 5 indicators.

The sample belongs to the same Enköping-like municipality as tools/make_sample.py (~3,400 employees
in six förvaltningar) and is built so that the reference report (delårsrapport KS 2023-08, section 5
"Uppföljning medarbetarmål") is reproduced figure by figure: sick leave, korttid/långtid, external
staff turnover with its leavers' titles, the survey indices and the indicator table.

Files (contract: docs/input-formats.md, "HR inputs"):
    personal_2022.xlsx, personal_2023.xlsx   sheet Personal, one row per employee and month
    anstallningar.xlsx                       sheet Anställningar, one row per employment
    medarbetarenkat.xlsx                     sheet Index
    indikatorer.xlsx                         sheets Indikatorer and Historik
(The Förvaltningar sheet of installningar/organisation.xlsx is written by tools/make_sample.py.)

Approach
--------
1. Employments. Every permanent post is a chain of occupants: a "stock" employee employed before
   2022 may leave (hazard per year, retirement at 65-67, a few deaths and internal moves at
   month ends) and is replaced by a new hire on the first of a later month. Temporary (Visstid)
   and hourly-paid (Timavlönad) staff are chains of contracts; a few temporary contracts turn
   into permanent employments. Every change of förvaltning, form or title happens at a month
   boundary, so each person-month belongs to exactly one employment.
   Kommunledningsförvaltningen (KLF) is planned explicitly: the reference's leavers (8 in
   jan-aug 2023 with their titles, 11 in jan-aug 2022), two moves out, a move in and the
   centralisation of ekonomi/kommunikation into KLF on 2023-01-01. A small deterministic search
   over four integer knobs (extra posts, centralised posts, autumn-2022 leavers, the start month
   of one new post) makes the average number of permanent employees give 6,0 % (2023) and the
   published 18,4 % (whole 2022). The municipality's turnover (5,3 % jan-aug 2023, 10,3 % 2022)
   is then tuned by adding resignations outside KLF until the rate is within 0,025 points.
2. Sick leave, in tenths of an hour (integers). Working time per month = weekdays within the
   employment x 8 h x employment degree (a multiple of 5 %); hourly-paid staff have none. Sick
   leave is a set of spells per employment (calendar-date ranges, at least 5 days apart, at 25,
   50, 75 or 100 %), so Sjuktimmar <= Arbetstid holds on every row. A spell of 60 calendar days
   or more counts in "Sjuktimmar 60+" with all of its hours. Long spells may have begun in
   autumn 2021 and may run past August 2023 if they already lasted 60 days by then.
   KLF's long spells are drawn to hit långtid 0,80 % (jan-aug 2022) and 2,04 % (jan-aug 2023)
   with at least three employees each; everyone else gets random long spells. Random short spells
   (1-14 days, a few longer) come next. Finally, window by window (jan-aug 2022, sep-dec 2022,
   jan-aug 2023), short spells lying fully inside the window are added (or removed) per
   förvaltning until its rate is on target; BUF, the largest, is the balancing unit for the
   municipality's totals (7,5 % jan-aug 2023; 8,2 % for the whole of 2022 as published).
   Tolerances are a few thousandths of a percentage point, far from the rounding boundaries.
3. Survey and indicators are small tables typed in from the reference (survey indices of the
   other units are plausible values; HME is the mean of Motivation, Ledarskap and Styrning).
   indikatorer.xlsx has a first column Nämnd: KS's rows as published, then every other nämnd's
   (the kommun's KF rows and its förvaltning's own); their Utfall 2022 is computed from the
   generated rows (sick leave, turnover) or taken from the survey, never typed in.
4. Writing uses make_sample.write_workbook (fixed document timestamp, so the bytes are identical
   across runs). All randomness comes from random.Random with fixed seeds.
5. Self-check: the files are read back with plain pandas and every target figure is recomputed
   from the definitions (domain.md sections 4-5), together with the consistency rules (rows only
   while employed, one employment per person-month, hours bounds, codes, dates). Mismatches are
   listed and the script exits with status 1.

No names anywhere; keys like A04711 are random. Usage:
    python tools/make_hr_sample.py [--out DIR] [--check-only]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import math
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import fastexcel
import holidays
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample import FORVALTNINGAR, report_self_check, write_workbook  # noqa: E402  (shared)
from sample_texter import NAMNDER as FOLLOWUPS  # noqa: E402  (the texts' claims about the staff figures)

SEED = 20230902
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "input_xlsx"
DATA_START, DATA_END = dt.date(2022, 1, 1), dt.date(2023, 8, 31)
SPELL_HORIZON = dt.date(2021, 10, 1)           # long spells may have begun this early
MONTHS = [(2022, m) for m in range(1, 13)] + [(2023, m) for m in range(1, 9)]
WINDOWS = {"A": range(0, 8), "B": range(8, 12), "C": range(12, 20)}   # month indexes into MONTHS
YEAR_2022 = range(0, 12)
SPELL_GAP = 5                                  # calendar days at least between two spells
ONE_DAY = dt.timedelta(days=1)

PERM, TEMP, HOURLY = "Tillsvidare", "Visstid", "Timavlönad"
QUIT, PENSION, INTERNAL = "Egen begäran", "Pension", "Intern förflyttning"
TEMP_END, DISMISSAL, DECEASED = "Visstid upphör", "Uppsägning", "Avliden"
REASONS = (QUIT, PENSION, INTERNAL, TEMP_END, DISMISSAL, DECEASED)
KOMMUNEN, KLF = "Kommunen", "KLF"
UNIT_CODES = [code for code, _, _ in FORVALTNINGAR]
OTHER_UNITS = [u for u in UNIT_CODES if u != KLF]
BALANCING_UNIT = "BUF"

PERSONAL_HEADINGS = ["Period", "Anställd", "Förvaltning", "Kön", "Födelseår", "Anställningsform",
                     "Befattning", "Arbetstid", "Sjuktimmar", "Sjuktimmar 60+"]
EMPLOYMENT_HEADINGS = ["Anställd", "Förvaltning", "Anställningsform", "Befattning", "Startdatum",
                       "Slutdatum", "Avgångsorsak", "Kön", "Födelseår", "Sysselsättningsgrad"]
# The absence format (docs/absence.md): the same spells as absence cases.
ABSENCE_HEADINGS = ["Anställd", "Orsak", "Från", "Till", "Omfattning"]
SCHEDULE_HEADINGS = ["Period", "Anställd", "Arbetstid"]      # the HR system's scheduled hours, optional
SICK_CAUSE, OTHER_CAUSES = "SJK", ("VAB", "SEM")
DEFAULT_ABSENCE_OUT = Path(__file__).resolve().parent.parent / "exempel" / "franvaro"
SURVEY_HEADINGS = ["År", "Enhet", "Index", "Värde"]
INDICATOR_HEADINGS = ["Nämnd", "Mål", "Typ", "Indikator", "Mått", "Enhet", "Startläge", "Målvärde"]
HISTORY_HEADINGS = ["Nämnd", "Indikator", "År", "Utfall"]

# --------------------------------------------------------------------------------------------
# Targets (reference section 5; percent, one decimal, half away from zero)
# --------------------------------------------------------------------------------------------
SICK_TARGETS = {  # (scope, year, last month) -> (total, korttid, långtid); None = not printed
    (KOMMUNEN, 2023, 8): ("7.5", None, None),
    (KLF, 2023, 8): ("4.5", "2.4", "2.0"),
    (KLF, 2022, 8): ("4.3", "3.5", "0.8"),
    (KOMMUNEN, 2022, 12): ("8.2", None, None),      # = published Utfall 2022 (Historik)
    (KLF, 2022, 12): ("4.3", None, None),           # = published Utfall 2022 (Historik)
}
TURNOVER_TARGETS = {  # (scope, year, last month) -> (rate, leavers or None)
    (KOMMUNEN, 2023, 8): ("5.3", None),
    (KLF, 2023, 8): ("6.0", 8),
    (KLF, 2022, 8): (None, 11),
    (KOMMUNEN, 2022, 12): ("10.3", None),           # = published Utfall 2022 (Historik)
    (KLF, 2022, 12): ("18.4", None),                # = published Utfall 2022 (Historik)
}
KLF_LEAVER_TITLES_2023 = {"Handläggare ekonomi": 2, "Tekniker IT": 1,
                          "Administratör, övergripande verksamhet": 3, "Handläggare information": 1,
                          "Handläggare övergripande verksamhetsplanering": 1}
# Calibration points (percent) and tolerance (percentage points) for the sick-leave windows.
KLF_LONG = {"A": 0.80, "C": 2.04}
KLF_SHORT = {"A": 3.50, "C": 2.44}
KLF_TOTAL_2022 = 4.30
KOMMUN_TOTAL = {"B": 8.20, "C": 7.50}       # B: whole 2022; C: jan-aug 2023
TIGHT, LOOSE = 0.004, 0.01
TURNOVER_TOLERANCE = 0.025

# --------------------------------------------------------------------------------------------
# The förvaltningar: posts, staff mix, hazards and sick-leave levels
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    posts: dict[str, int]                  # permanent posts per title
    temp_titles: tuple[str, ...]
    hourly_titles: tuple[str, ...]
    temp_slots: int
    hourly_slots: int
    women: float                           # share of women
    fulltime: float                        # share employed at 100 %
    degrees: tuple[int, ...]               # part-time degrees (percent, multiples of 5)
    quit_2022: float = 0.0                 # probability of resigning during 2022
    quit_2023: float = 0.0                 # ... during a whole year at the 2023 level
    long_rate: float = 0.0                 # long sick spells per employee-year
    short_rate: float = 2.5                # random short spells per employee-year (before calibration)
    sick: dict[str, float] = field(default_factory=dict)   # window -> total sick-leave target (%)


UNITS: dict[str, UnitSpec] = {
    KLF: UnitSpec(
        posts={"Handläggare ekonomi": 12, "Tekniker IT": 16, "Administratör, övergripande verksamhet": 16,
               "Handläggare information": 6, "Handläggare övergripande verksamhetsplanering": 13,
               "Handläggare personal": 14, "Löneadministratör": 12, "Handläggare inköp": 8,
               "Chef, övergripande verksamhet": 11, "Jurist": 3, "Registrator": 4,
               "Handläggare näringsliv": 4, "Säkerhetssamordnare": 2, "Kommunvägledare": 7},
        temp_titles=("Administratör, övergripande verksamhet", "Handläggare övergripande verksamhetsplanering",
                     "Handläggare information", "Kommunvägledare", "Tekniker IT"),
        hourly_titles=("Kommunvägledare", "Administratör, övergripande verksamhet"),
        temp_slots=5, hourly_slots=3, women=0.66, fulltime=0.9, degrees=(75, 80, 90), short_rate=2.2),
    "SBF": UnitSpec(
        posts={"Ingenjör": 40, "Drifttekniker VA": 35, "Fastighetsskötare": 40, "Lokalvårdare": 45,
               "Projektledare": 20, "Planarkitekt": 12, "Mark- och exploateringsingenjör": 10,
               "Handläggare plan": 10, "Parkarbetare": 35, "Chef, samhällsbyggnad": 15, "Administratör": 18},
        temp_titles=("Parkarbetare", "Lokalvårdare", "Ingenjör", "Administratör", "Fastighetsskötare"),
        hourly_titles=("Lokalvårdare", "Parkarbetare"),
        temp_slots=24, hourly_slots=14, women=0.45, fulltime=0.85, degrees=(50, 75, 80, 90),
        quit_2022=0.058, quit_2023=0.045, long_rate=0.09, short_rate=2.2,
        sick={"A": 6.2, "B": 6.6, "C": 5.7}),
    "BUF": UnitSpec(
        posts={"Lärare grundskola": 380, "Förskollärare": 250, "Barnskötare": 230, "Lärare gymnasieskola": 110,
               "Elevassistent": 90, "Lärare fritidshem": 70, "Rektor": 35, "Skolsköterska": 15,
               "Specialpedagog": 30, "Administratör": 20},
        temp_titles=("Lärare grundskola", "Förskollärare", "Barnskötare", "Elevassistent", "Lärare fritidshem"),
        hourly_titles=("Barnskötare", "Elevassistent", "Lärare grundskola"),
        temp_slots=150, hourly_slots=110, women=0.80, fulltime=0.72, degrees=(50, 60, 75, 80, 90),
        quit_2022=0.055, quit_2023=0.043, long_rate=0.14, short_rate=2.6,
        sick={"A": 8.8}),
    "SOF": UnitSpec(
        posts={"Undersköterska": 330, "Vårdbiträde": 90, "Sjuksköterska": 90, "Stödassistent": 90,
               "Socialsekreterare": 80, "Personlig assistent": 60, "Biståndshandläggare": 25, "Enhetschef": 35,
               "Arbetsterapeut": 20, "Fysioterapeut": 15, "Administratör": 25},
        temp_titles=("Undersköterska", "Vårdbiträde", "Personlig assistent", "Stödassistent", "Socialsekreterare"),
        hourly_titles=("Undersköterska", "Vårdbiträde", "Personlig assistent"),
        temp_slots=120, hourly_slots=120, women=0.84, fulltime=0.5, degrees=(40, 50, 60, 75, 80, 85, 90),
        quit_2022=0.065, quit_2023=0.048, long_rate=0.16, short_rate=2.6,
        sick={"A": 9.9, "B": 10.2, "C": 9.0}),
    "UPF": UnitSpec(
        posts={"Kock": 45, "Måltidsbiträde": 60, "Bibliotekarie": 20, "Fritidsledare": 35, "Badmästare": 20,
               "Kultursamordnare": 10, "Lokalvårdare": 25, "Chef, kultur och fritid": 10, "Administratör": 15},
        temp_titles=("Måltidsbiträde", "Fritidsledare", "Kock", "Badmästare"),
        hourly_titles=("Fritidsledare", "Badmästare", "Måltidsbiträde"),
        temp_slots=30, hourly_slots=45, women=0.62, fulltime=0.65, degrees=(50, 60, 75, 80),
        quit_2022=0.06, quit_2023=0.045, long_rate=0.12, short_rate=2.4,
        sick={"A": 7.1, "B": 7.4, "C": 6.6}),
    "MBF": UnitSpec(
        posts={"Miljöinspektör": 25, "Bygglovshandläggare": 20, "Byggnadsinspektör": 10, "Livsmedelsinspektör": 8,
               "Administratör": 12, "Chef, miljö och bygg": 5, "Kart- och mätingenjör": 5},
        temp_titles=("Miljöinspektör", "Bygglovshandläggare", "Administratör"),
        hourly_titles=("Administratör",),
        temp_slots=8, hourly_slots=2, women=0.58, fulltime=0.85, degrees=(75, 80, 90),
        quit_2022=0.055, quit_2023=0.043, long_rate=0.09, short_rate=2.0,
        sick={"A": 5.8, "B": 6.1, "C": 5.3}),
}

# KLF's planned permanent departures: (Slutdatum, title, reason).
KLF_LEAVERS_JAN_AUG_2022 = [
    (dt.date(2021, 12, 31), "Handläggare personal", QUIT),       # counts in 2022: day after is 2022-01-01
    (dt.date(2022, 1, 31), "Tekniker IT", QUIT),
    (dt.date(2022, 2, 28), "Löneadministratör", PENSION),
    (dt.date(2022, 3, 15), "Handläggare övergripande verksamhetsplanering", QUIT),
    (dt.date(2022, 3, 31), "Administratör, övergripande verksamhet", QUIT),
    (dt.date(2022, 4, 30), "Handläggare inköp", QUIT),
    (dt.date(2022, 5, 20), "Tekniker IT", QUIT),
    (dt.date(2022, 6, 30), "Handläggare ekonomi", QUIT),
    (dt.date(2022, 6, 30), "Chef, övergripande verksamhet", PENSION),
    (dt.date(2022, 7, 31), "Kommunvägledare", DISMISSAL),
    (dt.date(2022, 8, 12), "Handläggare personal", QUIT),
]
KLF_LEAVERS_AUTUMN_2022 = [  # the first n are used (a knob of the search)
    (dt.date(2022, 8, 31), "Handläggare ekonomi", QUIT),        # day after is 2022-09-01: autumn
    (dt.date(2022, 9, 16), "Tekniker IT", QUIT),
    (dt.date(2022, 9, 30), "Handläggare personal", QUIT),
    (dt.date(2022, 9, 30), "Kommunvägledare", QUIT),
    (dt.date(2022, 10, 14), "Handläggare övergripande verksamhetsplanering", QUIT),
    (dt.date(2022, 10, 31), "Löneadministratör", QUIT),
    (dt.date(2022, 11, 11), "Handläggare inköp", QUIT),
    (dt.date(2022, 11, 30), "Chef, övergripande verksamhet", QUIT),
    (dt.date(2022, 11, 30), "Tekniker IT", PENSION),
    (dt.date(2022, 12, 9), "Registrator", QUIT),
    (dt.date(2022, 12, 16), "Jurist", QUIT),
    (dt.date(2022, 12, 30), "Handläggare ekonomi", QUIT),       # day after is 2022-12-31: still 2022
    (dt.date(2022, 10, 31), "Administratör, övergripande verksamhet", QUIT),
    (dt.date(2022, 12, 23), "Löneadministratör", DISMISSAL),
    (dt.date(2022, 9, 30), "Handläggare näringsliv", QUIT),
]
KLF_LEAVERS_JAN_AUG_2023 = [
    (dt.date(2022, 12, 31), "Administratör, övergripande verksamhet", QUIT),   # counts in 2023
    (dt.date(2023, 1, 31), "Handläggare ekonomi", QUIT),
    (dt.date(2023, 2, 28), "Tekniker IT", QUIT),
    (dt.date(2023, 3, 31), "Administratör, övergripande verksamhet", PENSION),
    (dt.date(2023, 4, 14), "Handläggare information", QUIT),
    (dt.date(2023, 5, 31), "Handläggare övergripande verksamhetsplanering", QUIT),
    (dt.date(2023, 6, 30), "Administratör, övergripande verksamhet", QUIT),
    (dt.date(2023, 8, 11), "Handläggare ekonomi", QUIT),
]
KLF_MOVES_OUT = [(dt.date(2022, 5, 31), "Handläggare personal", "SOF"),
                 (dt.date(2023, 3, 31), "Tekniker IT", "SBF")]
KLF_MOVE_IN_2022 = (dt.date(2022, 9, 1), "Handläggare personal", "BUF")
CENTRALISATION = dt.date(2023, 1, 1)         # ekonomi and kommunikation move into KLF
CENTRALISED_ORIGINS = ("BUF", "SOF", "SBF", "UPF", "BUF", "SOF", "MBF", "SBF", "BUF", "SOF", "UPF", "BUF")
NEW_POST_TITLE = "Säkerhetssamordnare"

# --------------------------------------------------------------------------------------------
# Survey (År -> Enhet -> HME, Chefsfrågor, Motivation, Ledarskap, Styrning) and indicators
# --------------------------------------------------------------------------------------------
SURVEY_INDICES = ("HME", "Chefsfrågor", "Motivation", "Ledarskap", "Styrning")
SURVEY = {
    2022: {KOMMUNEN: (77, 79, 81, 78, 72), KLF: (75, 79, 82, 76, 67), "SBF": (76, 78, 80, 77, 71),
           "BUF": (77, 80, 82, 77, 72), "SOF": (78, 79, 82, 79, 73), "UPF": (77, 78, 80, 78, 73),
           "MBF": (74, 76, 78, 75, 69)},
    2023: {KOMMUNEN: (78, 81, 82, 79, 73), KLF: (77, 80, 84, 76, 71), "SBF": (77, 80, 81, 78, 72),
           "BUF": (78, 81, 82, 79, 73), "SOF": (79, 82, 83, 80, 74), "UPF": (78, 80, 81, 79, 74),
           "MBF": (76, 79, 80, 77, 71)},
}
SURVEY_TARGETS = {(KOMMUNEN, 2023, "HME"): 78, (KOMMUNEN, 2022, "HME"): 77, (KLF, 2023, "HME"): 77,
                  (KLF, 2022, "HME"): 75, (KOMMUNEN, 2023, "Chefsfrågor"): 81,
                  (KOMMUNEN, 2022, "Chefsfrågor"): 79, (KLF, 2023, "Chefsfrågor"): 80,
                  (KLF, 2022, "Chefsfrågor"): 79, (KLF, 2022, "Styrning"): 67, (KLF, 2023, "Styrning"): 71}
# (Mål, Typ, Indikator, Mått, Enhet, Startläge, Målvärde, Utfall 2021, Utfall 2022), print order.
INDICATORS = [
    ("Mål 21", "KF", "21. Hållbart medarbetarengagemang (HME)", "HME", KOMMUNEN, 83, 84, 79, 77),
    ("Mål 21", "Nämnd", "Hållbart medarbetarengagemang KS", "HME", KLF, 86, 84, 75, 75),
    ("Mål 22", "KF", "22. a Chefsfrågor medarbetarenkät", "Chefsfrågor", KOMMUNEN, 82, 85, 80, 79),
    ("Mål 22", "Nämnd", "Chefsfrågor medarbetarenkät KS", "Chefsfrågor", KLF, 72, 85, 78, 79),
    ("Mål 23", "KF", "23. a Sjukfrånvarostatistik", "Sjukfrånvaro", KOMMUNEN, 7.6, 5.6, 7.7, 8.2),
    ("Mål 23", "Nämnd", "Sjukfrånvaro, KS", "Sjukfrånvaro", KLF, 4.6, 4, 2.4, 4.3),
    ("Mål 24", "KF", "24. a Extern personalomsättning (slutar i kommunen)", "Personalomsättning", KOMMUNEN,
     10.6, 8, 10.8, 10.3),
    ("Mål 24", "Nämnd", "Extern personalomsättning, KS", "Personalomsättning", KLF, 9.5, 8, 11, 18.4),
]
# The other nämnder's staff indicators (each nämnd's report, section 5): the kommun's KF rows as in
# KS's, and the nämnd's own rows on its förvaltning, per measure (Startläge, Målvärde, Utfall 2021).
# Utfall 2022 is not typed in: sick leave and turnover are computed from the generated rows, HME
# and Chefsfrågor are the survey's 2022 values, so the history agrees with the data.
NAMND_INDICATORS = {
    "BUN": ("BUF", {"HME": (80, 84, 78), "Chefsfrågor": (81, 85, 80), "Sjukfrånvaro": (8.6, 7, 8.9),
                    "Personalomsättning": (9.0, 8, 8.2)}),
    "SN": ("SOF", {"HME": (79, 84, 77), "Chefsfrågor": (78, 85, 78), "Sjukfrånvaro": (10.4, 8, 10.6),
                   "Personalomsättning": (12.5, 8, 12.1)}),
    "TN": ("SBF", {"HME": (77, 84, 75), "Chefsfrågor": (77, 85, 77), "Sjukfrånvaro": (6.5, 5, 6.8),
                   "Personalomsättning": (10.5, 8, 10.9)}),
    "UPN": ("UPF", {"HME": (78, 84, 76), "Chefsfrågor": (77, 85, 77), "Sjukfrånvaro": (7.4, 6, 7.6),
                    "Personalomsättning": (11.8, 8, 11.5)}),
    "MBN": ("MBF", {"HME": (75, 84, 73), "Chefsfrågor": (75, 85, 76), "Sjukfrånvaro": (6.2, 5, 6.0),
                    "Personalomsättning": (6.5, 8, 7.1)}),
}
NAMND_INDICATOR_NAMES = {"HME": "Hållbart medarbetarengagemang {kod}",
                         "Chefsfrågor": "Chefsfrågor medarbetarenkät {kod}",
                         "Sjukfrånvaro": "Sjukfrånvaro, {kod}",
                         "Personalomsättning": "Extern personalomsättning, {kod}"}


def indicator_rows(published_2022: dict[tuple[str, str], float]) -> list[tuple]:
    """(Nämnd, Mål, Typ, Indikator, Mått, Enhet, Startläge, Målvärde, Utfall 2021, Utfall 2022), print
    order per nämnd: KS's rows as published, then each other nämnd's. `published_2022` holds each
    förvaltning's computed 2022 sick leave and turnover, keyed (förvaltning, Mått)."""
    rows = [("KS", *row) for row in INDICATORS]
    for code, (unit, measures) in NAMND_INDICATORS.items():
        for kf_row in (r for r in INDICATORS if r[1] == "KF"):
            goal, _, _, measure = kf_row[:4]
            start, target, earlier = measures[measure]
            latest = published_2022.get((unit, measure)) or SURVEY[2022][unit][SURVEY_INDICES.index(measure)]
            rows += [(code, *kf_row),
                     (code, goal, "Nämnd", NAMND_INDICATOR_NAMES[measure].format(kod=code), measure, unit,
                      start, target, earlier, latest)]
    return rows


def published_2022(personal: pd.DataFrame, emps: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Each other förvaltning's whole-2022 sick leave and turnover, rounded as published."""
    result = {}
    for unit, _ in NAMND_INDICATORS.values():
        result[(unit, "Sjukfrånvaro")] = float(rounded(_sick(personal, unit, 2022, 12)["total"]))
        result[(unit, "Personalomsättning")] = float(rounded(_turnover(emps, unit, 2022, 12)["rate"]))
    return result

# --------------------------------------------------------------------------------------------
# Calendar helpers (dates as ordinals where speed matters)
# --------------------------------------------------------------------------------------------
_CAL_BASE = dt.date(2021, 1, 1).toordinal()
# Swedish public holidays from the same library the pipeline's absence stage uses
# (pipeline/compute/absence.py): a working day is a weekday that is not one of them.
_HOLIDAYS = frozenset(holidays.country_holidays("SE", years=range(2021, 2025)))
_WEEKDAYS_BEFORE = [0]                      # _WEEKDAYS_BEFORE[i] = working days in [base, base + i)
for _o in range(_CAL_BASE, dt.date(2025, 1, 1).toordinal()):
    _d = dt.date.fromordinal(_o)
    _WEEKDAYS_BEFORE.append(_WEEKDAYS_BEFORE[-1] + (_d.weekday() < 5 and _d not in _HOLIDAYS))
FAR_FUTURE = dt.date(2024, 12, 31).toordinal()


def weekdays(first: int, last: int) -> int:
    """Working days (Monday-Friday, not a public holiday) in [first, last] (ordinals, clipped to
    2021-2024)."""
    first, last = max(first, _CAL_BASE), min(last, FAR_FUTURE)
    if last < first:
        return 0
    return _WEEKDAYS_BEFORE[last - _CAL_BASE + 1] - _WEEKDAYS_BEFORE[first - _CAL_BASE]


def month_last(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def month_end_of(day: dt.date) -> dt.date:
    return month_last(day.year, day.month)


def first_of_month_after(day: dt.date, months: int = 1) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, 1)


MONTH_BOUNDS = [(dt.date(y, m, 1).toordinal(), month_last(y, m).toordinal()) for y, m in MONTHS]


def window_bounds(months: range) -> tuple[int, int]:
    return MONTH_BOUNDS[months[0]][0], MONTH_BOUNDS[months[-1]][1]


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def previous_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


def random_weekday(rng: random.Random, first: int, last: int) -> int | None:
    """A random weekday ordinal in [first, last], or None if there is none."""
    if weekdays(first, last) == 0:
        return None
    while True:
        day = rng.randint(first, last)
        if dt.date.fromordinal(day).weekday() < 5:
            return day


def pct(x: float) -> str:
    return f"{x:.3f} %"


def rounded(value: float) -> Decimal:
    """One decimal, half away from zero (all values here are positive)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------
# Population: persons and employments
# --------------------------------------------------------------------------------------------
@dataclass(eq=False)
class Person:
    sex: str
    birth: int


@dataclass(eq=False)
class Employment:
    person: Person
    unit: str
    form: str
    title: str
    start: dt.date
    degree: int                       # percent; 0 = hourly-paid without a schedule
    end: dt.date | None = None
    reason: str = ""
    stock: bool = False               # employed before 2022 (may get a departure while tuning)
    replacement: Employment | None = None

    @property
    def daily(self) -> int:
        """Scheduled tenths of an hour per weekday."""
        return self.degree * 80 // 100

    @property
    def end_ordinal(self) -> int:
        return self.end.toordinal() if self.end else FAR_FUTURE

    def active_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


class Population:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.employments: list[Employment] = []

    # persons -----------------------------------------------------------------------------
    def person(self, unit: str, age_mean: float, age_sd: float, age_min: int = 21, age_max: int = 67) -> Person:
        """A person; ages are as in 2023 (so 2022 ages are one less)."""
        age = min(age_max, max(age_min, round(self.rng.gauss(age_mean, age_sd))))
        sex = "K" if self.rng.random() < UNITS[unit].women else "M"
        return Person(sex, 2023 - age)

    def degree(self, unit: str, form: str) -> int:
        if form == HOURLY:
            return 0
        spec = UNITS[unit]
        return 100 if self.rng.random() < spec.fulltime else self.rng.choice(spec.degrees)

    # employments -------------------------------------------------------------------------
    def add(self, person: Person, unit: str, form: str, title: str, start: dt.date, degree: int | None = None,
            stock: bool = False) -> Employment:
        emp = Employment(person, unit, form, title, start,
                         self.degree(unit, form) if degree is None else degree, stock=stock)
        self.employments.append(emp)
        return emp

    def stock_employee(self, unit: str, title: str, age_max: int = 67) -> Employment:
        """A permanent employee hired before 2022."""
        person = self.person(unit, 46, 11, age_min=23, age_max=age_max)
        earliest = dt.date(max(person.birth + 21, 1988), 1, 1)
        start = random_day(self.rng, min(earliest, dt.date(2021, 6, 1)), dt.date(2021, 12, 1))
        start = start.replace(day=1) if self.rng.random() < 0.7 else previous_weekday(start)
        return self.add(person, unit, PERM, title, start, stock=True)

    def new_hire(self, unit: str, title: str, start: dt.date, form: str = PERM) -> Employment:
        person = self.person(unit, 37, 10, age_max=63)
        return self.add(person, unit, form, title, start)

    def end(self, emp: Employment, day: dt.date, reason: str, replace_after: bool = True) -> None:
        """End an employment; a permanent post is filled again 0-3 months later (if within the data)."""
        assert emp.end is None and day >= emp.start
        emp.end, emp.reason = day, reason
        if replace_after and emp.form == PERM:
            start = first_of_month_after(day, 1 + self.rng.choice((0, 0, 1, 1, 1, 2, 2, 3)))
            if start <= DATA_END:
                emp.replacement = self.new_hire(emp.unit, emp.title, start)

    def move(self, emp: Employment, day: dt.date, unit: str, title: str | None = None) -> Employment:
        """Internal move at a month end: the same person starts in `unit` the next day."""
        assert day == month_end_of(day)
        self.end(emp, day, INTERNAL)
        return self.add(emp.person, unit, PERM, title or emp.title, day + ONE_DAY, degree=emp.degree)

    def contract_chain(self, unit: str, form: str, titles: tuple[str, ...], conversions: float) -> None:
        """A temporary or hourly slot: consecutive contracts, the first one running at new year 2022."""
        rng = self.rng
        months = (2, 12) if form == TEMP else (6, 48)
        length = rng.randint(*months)
        start = first_of_month_after(dt.date(2021, 12, 1), -rng.randint(0, length - 1))
        person = self.person(unit, 33 if form == TEMP else 30, 12, age_min=21)
        while start <= DATA_END:
            emp = self.add(person, unit, form, rng.choice(titles), start)
            end = month_end_of(first_of_month_after(start, length - 1))
            if rng.random() < 0.2:
                end = previous_weekday(end - dt.timedelta(days=rng.randint(3, 20)))
            if end > DATA_END:
                break
            reason = TEMP_END if rng.random() < 0.88 else QUIT
            emp.end, emp.reason = end, reason
            if reason == TEMP_END and end == month_end_of(end) and end < DATA_END and rng.random() < conversions:
                self.add(person, unit, PERM, emp.title, end + ONE_DAY, degree=emp.degree or None)
            start = first_of_month_after(end, 1 + rng.choice((0, 0, 0, 1)))
            length = rng.randint(*months)
            person = self.person(unit, 33 if form == TEMP else 30, 12, age_min=21)


# --------------------------------------------------------------------------------------------
# KLF: the planned förvaltning
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KlfKnobs:
    extra_posts: int          # added to (or removed from) the Handläggare personal posts
    centralised: int          # posts moved into KLF on 2023-01-01
    autumn_leavers: int       # permanent leavers sep-dec 2022
    new_post_month: int       # 1-12: a new post starts that month in 2022; 13: in January 2023


def build_klf(knobs: KlfKnobs) -> Population:
    """KLF's employments (and the other ends of its internal moves), from a fixed seed."""
    pop = Population(random.Random(f"{SEED}-KLF"))
    rng = pop.rng
    posts = dict(UNITS[KLF].posts)
    posts["Handläggare personal"] += knobs.extra_posts
    occupants = {title: [pop.stock_employee(KLF, title, age_max=63) for _ in range(n)] for title, n in posts.items()}

    def untouched(title: str) -> Employment:
        candidates = [e for e in occupants[title] if e.end is None]
        emp = rng.choice(candidates)
        occupants[title].remove(emp)
        return emp

    plan = KLF_LEAVERS_JAN_AUG_2022 + KLF_LEAVERS_AUTUMN_2022[:knobs.autumn_leavers] + KLF_LEAVERS_JAN_AUG_2023
    for day, title, reason in plan:
        emp = untouched(title)
        if reason == PENSION:
            emp.person.birth = day.year - rng.choice((65, 65, 66))
        pop.end(emp, day, reason)
    for day, title, unit in KLF_MOVES_OUT:
        pop.move(untouched(title), day, unit)

    day, title, origin = KLF_MOVE_IN_2022
    pop.move(pop.stock_employee(origin, title), day - ONE_DAY, KLF)
    for i in range(knobs.centralised):
        title = "Handläggare information" if i % 3 == 2 else "Handläggare ekonomi"
        pop.move(pop.stock_employee(CENTRALISED_ORIGINS[i % len(CENTRALISED_ORIGINS)], title),
                 CENTRALISATION - ONE_DAY, KLF)
    new_post = (dt.date(2022, knobs.new_post_month, 1) if knobs.new_post_month <= 12 else CENTRALISATION)
    pop.new_hire(KLF, NEW_POST_TITLE, new_post)

    spec = UNITS[KLF]
    for _ in range(spec.temp_slots):
        pop.contract_chain(KLF, TEMP, spec.temp_titles, conversions=0.0)
    for _ in range(spec.hourly_slots):
        pop.contract_chain(KLF, HOURLY, spec.hourly_titles, conversions=0.0)
    return pop


def turnover(emps: list[Employment], scope: str, year: int, last_month: int) -> tuple[int, float, list[Employment]]:
    """(leavers, average permanent employees, leavers' employments) by the contract's definition."""
    first, last = dt.date(year, 1, 1), month_last(year, last_month)
    permanent = [e for e in emps if e.form == PERM and (scope == KOMMUNEN or e.unit == scope)]
    leavers = [e for e in permanent if e.end and e.reason != INTERNAL and first <= e.end + ONE_DAY <= last]
    counts = [sum(e.active_on(month_last(year, m)) for e in permanent) for m in range(1, last_month + 1)]
    return len(leavers), sum(counts) / len(counts), leavers


def safely_rounds_to(value: float, target: str, margin: float = 0.01) -> bool:
    """`value` rounds to `target` and is at least `margin` away from the rounding boundaries."""
    low = float(target) - 0.05
    return rounded(value) == Decimal(target) and low + margin <= value < low + 0.1 - margin


def plan_klf() -> tuple[Population, KlfKnobs]:
    """Search the knobs (most natural first) until KLF's turnover rates match the reference."""
    candidates = [KlfKnobs(x, c, a, m) for x in range(-4, 5) for c in range(5, 13) for a in range(10, 16)
                  for m in range(1, 14)]
    candidates.sort(key=lambda k: (abs(k.extra_posts) + abs(k.centralised - 8) + abs(k.autumn_leavers - 12)
                                   + abs(k.new_post_month - 6) / 6, k.extra_posts, k.centralised,
                                   k.autumn_leavers, k.new_post_month))
    for knobs in candidates:
        pop = build_klf(knobs)
        n23, avg23, _ = turnover(pop.employments, KLF, 2023, 8)
        n22, avg22, _ = turnover(pop.employments, KLF, 2022, 12)
        if (safely_rounds_to(100 * n23 / avg23, TURNOVER_TARGETS[(KLF, 2023, 8)][0])
                and safely_rounds_to(100 * n22 / avg22, TURNOVER_TARGETS[(KLF, 2022, 12)][0])):
            return pop, knobs
    raise RuntimeError("no KLF plan reproduces the turnover targets")


# --------------------------------------------------------------------------------------------
# The other förvaltningar
# --------------------------------------------------------------------------------------------
def retirement_day(rng: random.Random, birth: int) -> dt.date | None:
    """Month end in the year the person turns 65-67; None if later than the data."""
    options = [birth + age for age in (65, 66, 66, 67) if birth + age >= 2022]
    if not options:
        return None
    year = rng.choice(options)
    day = month_last(year, rng.randint(1, 12))
    return day if day < DATA_END else None


def resignation_day(rng: random.Random, spec: UnitSpec, since: dt.date) -> dt.date | None:
    """A possible resignation (Slutdatum) after `since`, with the year's hazard."""
    periods = [(dt.date(2021, 12, 31), dt.date(2022, 12, 30), spec.quit_2022),
               (dt.date(2022, 12, 31), dt.date(2023, 8, 30), spec.quit_2023)]
    for first, last, per_year in periods:
        first = max(first, since + dt.timedelta(days=60))
        if first <= last and rng.random() < per_year * ((last - first).days + 1) / 365:
            return departure_day(rng, first, last)
    return None


def departure_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """Mostly a month end, otherwise a weekday, within [first, last]."""
    day = random_day(rng, first, last)
    if rng.random() < 0.55 and month_end_of(day) <= last:
        return month_end_of(day)
    weekday = previous_weekday(day)
    return weekday if weekday >= first else month_end_of(day) if month_end_of(day) <= last else first


def build_others(pop: Population) -> None:
    rng = pop.rng
    for unit in OTHER_UNITS:
        spec = UNITS[unit]
        for title, n in spec.posts.items():
            for _ in range(n):
                emp = pop.stock_employee(unit, title)
                leave = retirement_day(rng, emp.person.birth) if emp.person.birth <= 1958 else None
                reason = PENSION
                if leave is None:
                    leave, reason = resignation_day(rng, spec, emp.start), QUIT
                while leave is not None:
                    if reason == QUIT and rng.random() < 0.06:
                        reason = DISMISSAL
                    pop.end(emp, leave, reason)
                    emp = emp.replacement
                    if emp is None:
                        break
                    leave, reason = resignation_day(rng, spec, emp.start), QUIT
        for _ in range(spec.temp_slots):
            pop.contract_chain(unit, TEMP, spec.temp_titles, conversions=0.08)
        for _ in range(spec.hourly_slots):
            pop.contract_chain(unit, HOURLY, spec.hourly_titles, conversions=0.0)


def ongoing_stock(pop: Population, units: list[str], hired_before: dt.date,
                  born: tuple[int, int] = (1959, 2010)) -> list[Employment]:
    """Ongoing permanent employments started before `hired_before` (retirement ages left out)."""
    return [e for e in pop.employments if e.unit in units and e.form == PERM and e.end is None
            and e.start < hired_before and born[0] <= e.person.birth <= born[1]]


def special_events(pop: Population) -> None:
    """Internal moves between the other förvaltningar, two deaths and a leaver of September 2023."""
    rng = pop.rng
    for _ in range(10):
        emp = rng.choice(ongoing_stock(pop, OTHER_UNITS, dt.date(2021, 12, 1)))
        year, month = MONTHS[rng.randint(0, len(MONTHS) - 2)]
        unit = rng.choice([u for u in OTHER_UNITS if u != emp.unit])
        posts = UNITS[unit].posts
        pop.move(emp, month_last(year, month), unit, rng.choices(list(posts), weights=list(posts.values()))[0])
    for first, last in ((dt.date(2022, 2, 1), dt.date(2022, 11, 30)), (dt.date(2023, 1, 15), dt.date(2023, 7, 31))):
        emp = rng.choice(ongoing_stock(pop, OTHER_UNITS, dt.date(2021, 12, 1), born=(1959, 1975)))
        pop.end(emp, previous_weekday(random_day(rng, first, last)), DECEASED)
    # Slutdatum 2023-08-31: a leaver of the period that starts 2023-09-01, not of jan-aug 2023.
    pop.end(rng.choice(ongoing_stock(pop, ["SBF"], dt.date(2021, 12, 1))), DATA_END, QUIT, replace_after=False)


def tune_municipal_turnover(pop: Population, year: int, last_month: int, target: float,
                            first: dt.date, last: dt.date) -> None:
    """Add resignations outside KLF (each post filled again later) until the rate is on target."""
    rng = pop.rng
    added: list[Employment] = []
    for _ in range(2000):
        n, avg, _ = turnover(pop.employments, KOMMUNEN, year, last_month)
        rate = 100 * n / avg
        if abs(rate - target) <= TURNOVER_TOLERANCE:
            return
        if rate < target:
            emp = rng.choice(ongoing_stock(pop, OTHER_UNITS, first - dt.timedelta(days=90)))
            pop.end(emp, departure_day(rng, first, last), QUIT)
            added.append(emp)
        else:
            if not added:
                raise RuntimeError(f"municipal turnover {year} above target before tuning: {rate:.3f} %")
            emp = added.pop()
            if emp.replacement is not None:
                pop.employments.remove(emp.replacement)
            emp.end, emp.reason, emp.replacement = None, "", None
    raise RuntimeError(f"municipal turnover {year} could not be tuned")


# --------------------------------------------------------------------------------------------
# Sick leave
# --------------------------------------------------------------------------------------------
@dataclass
class Spell:
    first: int        # ordinal
    last: int         # ordinal
    percent: int      # 25, 50, 75 or 100
    long: bool        # 60 calendar days or more


class SickBook:
    """Spells per employment and running sums (tenths of hours) per förvaltning and month."""

    def __init__(self, emps: list[Employment]) -> None:
        self.emps = emps
        self.spells: list[list[Spell]] = [[] for _ in emps]
        self.of_person: dict[int, list[int]] = {}
        for i, emp in enumerate(emps):
            self.of_person.setdefault(id(emp.person), []).append(i)
        self.frailty = [1.0] * len(emps)          # short spells per year; also weights the calibration
        self.work = {u: [0] * len(MONTHS) for u in UNIT_CODES}
        self.short = {u: [0] * len(MONTHS) for u in UNIT_CODES}
        self.long = {u: [0] * len(MONTHS) for u in UNIT_CODES}
        for emp in emps:
            for k, (first, last) in enumerate(MONTH_BOUNDS):
                self.work[emp.unit][k] += emp.daily * weekdays(max(first, emp.start.toordinal()),
                                                               min(last, emp.end_ordinal))

    def contribution(self, i: int, first: int, last: int, percent: int) -> list[int]:
        """Sick tenths per data month of a spell of employment i."""
        per_day = self.emps[i].daily * percent // 100
        return [per_day * weekdays(max(first, lo), min(last, hi)) for lo, hi in MONTH_BOUNDS]

    def fits(self, i: int, first: int, last: int) -> bool:
        emp = self.emps[i]
        if emp.daily == 0 or first < emp.start.toordinal() or last > emp.end_ordinal:
            return False
        # The gap holds between all spells of the person, over all of their employments: the
        # absence format joins a person's cases into spells (pipeline/compute/absence.py).
        return all(first > s.last + SPELL_GAP or s.first > last + SPELL_GAP
                   for j in self.of_person[id(emp.person)] for s in self.spells[j])

    def add(self, i: int, first: int, last: int, percent: int, long: bool) -> list[int] | None:
        if not self.fits(i, first, last):
            return None
        assert long == (last - first + 1 >= 60)
        spell = Spell(first, last, percent, long)
        self.spells[i].append(spell)
        return self._book(i, spell, +1)

    def remove(self, i: int, spell: Spell) -> list[int]:
        self.spells[i].remove(spell)
        return self._book(i, spell, -1)

    def _book(self, i: int, spell: Spell, sign: int) -> list[int]:
        hours = self.contribution(i, spell.first, spell.last, spell.percent)
        sums = (self.long if spell.long else self.short)[self.emps[i].unit]
        for k, h in enumerate(hours):
            sums[k] += sign * h
        return hours

    def total(self, table: str, units, months) -> int:
        units = UNIT_CODES if units == KOMMUNEN else [units] if isinstance(units, str) else units
        if table == "sick":
            return self.total("short", units, months) + self.total("long", units, months)
        sums = getattr(self, table)
        return sum(sums[u][k] for u in units for k in months)

    def rate(self, table: str, units, months) -> float:
        return 100 * self.total(table, units, months) / self.total("work", units, months)

    def eligible(self, unit: str, first: int, last: int) -> list[tuple[int, int, int]]:
        """(employment, first, last) of the scheduled employments of `unit` within [first, last]."""
        out = []
        for i, emp in enumerate(self.emps):
            if emp.unit == unit and emp.daily:
                lo, hi = max(first, emp.start.toordinal()), min(last, emp.end_ordinal)
                if weekdays(lo, hi):
                    out.append((i, lo, hi))
        return out


def short_length(rng: random.Random) -> int:
    """Calendar days of a short spell: mostly 1-7, some 8-14, a few 15-45."""
    r = rng.random()
    if r < 0.24:
        return 1
    if r < 0.40:
        return 2
    if r < 0.54:
        return 3
    if r < 0.74:
        return rng.randint(4, 7)
    if r < 0.97:
        return rng.randint(8, 14)
    return rng.randint(15, 45)


def long_percent(rng: random.Random) -> int:
    return rng.choices((100, 75, 50, 25), weights=(55, 10, 25, 10))[0]


def poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def random_long_spells(book: SickBook, rng: random.Random) -> None:
    horizon, data_end = SPELL_HORIZON.toordinal(), DATA_END.toordinal()
    for i, emp in enumerate(book.emps):
        if emp.unit == KLF or not emp.daily:
            continue
        lo, hi = max(horizon, emp.start.toordinal()), min(data_end, emp.end_ordinal)
        years = (hi - lo + 1) / 365
        rate = UNITS[emp.unit].long_rate * (1.0 if emp.form == PERM else 0.5)
        for _ in range(poisson(rng, rate * years)):
            first = random_weekday(rng, lo, hi)
            if first is None:
                continue
            last = min(hi, first + 59 + int(rng.expovariate(1 / 75)))
            if last - first + 1 >= 60:
                book.add(i, first, last, long_percent(rng), True)


def random_short_spells(book: SickBook, rng: random.Random) -> None:
    start, data_end = (DATA_START - dt.timedelta(days=20)).toordinal(), DATA_END.toordinal()
    for i, emp in enumerate(book.emps):
        if not emp.daily:
            continue
        lo, hi = max(start, emp.start.toordinal()), min(data_end, emp.end_ordinal)
        book.frailty[i] = rng.gammavariate(1.5, UNITS[emp.unit].short_rate / 1.5)
        for _ in range(poisson(rng, book.frailty[i] * (hi - lo + 1) / 365)):
            first = random_weekday(rng, lo, hi)
            if first is not None:
                book.add(i, first, min(hi, first + short_length(rng) - 1), 100, False)


def klf_long_spells(book: SickBook, rng: random.Random) -> None:
    """KLF's long spells: one in autumn 2022, then långtid on target in jan-aug 2022 and 2023."""
    klf = [i for i, e in enumerate(book.emps) if e.unit == KLF and e.form == PERM and e.daily]
    for _ in range(1000):
        i = rng.choice(klf)
        first = random_weekday(rng, dt.date(2022, 9, 5).toordinal(), dt.date(2022, 10, 14).toordinal())
        if book.add(i, first, first + rng.randint(61, 75), 50, True):
            break
    # Window A: spells end by 2022-12-31 (never in C); window C: spells start 2022-10-01 or later.
    ranges = {"A": (SPELL_HORIZON, dt.date(2022, 8, 31), dt.date(2022, 12, 31)),
              "C": (dt.date(2022, 10, 1), dt.date(2023, 7, 2), DATA_END)}
    for window, (first_start, last_start, last_end) in ranges.items():
        months = WINDOWS[window]
        work = book.total("work", KLF, months)
        low = (KLF_LONG[window] - TIGHT) * work / 100
        high = (KLF_LONG[window] + TIGHT) * work / 100
        cap = KLF_LONG[window] * work / 100 / 2.5           # so that at least three people share it
        current, people = book.total("long", KLF, months), set()
        for _ in range(200_000):
            if current >= low and len(people) >= 3:
                break
            i = rng.choice(klf)
            if i in people:
                continue
            first = random_weekday(rng, first_start.toordinal(), last_start.toordinal())
            last = min(first + 59 + int(rng.expovariate(1 / 60)), last_end.toordinal())
            if last - first + 1 < 60:
                continue
            percent = long_percent(rng)
            gain = sum(book.contribution(i, first, last, percent)[k] for k in months)
            big_enough = gain >= 0.5 * min(cap, low - current)      # few people, then one to close the gap
            if big_enough and 0 < gain <= cap and current + gain <= high and book.add(i, first, last, percent, True):
                current += gain
                people.add(i)
        else:
            raise RuntimeError(f"KLF långtid window {window} not reached")


def fill_short(book: SickBook, rng: random.Random, unit: str, window: str, measure, low: float, high: float,
               label: str) -> None:
    """Add (or first remove) short spells of `unit` lying inside `window` until low <= measure() <= high."""
    first, last = window_bounds(WINDOWS[window])
    current = measure()
    if current > high:
        removable = [(i, s) for i, spells in enumerate(book.spells) for s in spells
                     if book.emps[i].unit == unit and not s.long and s.first >= first and s.last <= last]
        rng.shuffle(removable)
        while current > high and removable:
            book.remove(*removable.pop())
            current = measure()
    eligible = book.eligible(unit, first, last)
    weights, running = [], 0.0
    for i, _, _ in eligible:                  # the frail get more of the added spells
        running += book.frailty[i] + 0.05
        weights.append(running)
    for _ in range(2_000_000):
        if current >= low:
            break
        i, lo, hi = rng.choices(eligible, cum_weights=weights)[0]
        start = random_weekday(rng, lo, hi)
        if start is None:
            continue
        end = start + short_length(rng) - 1
        if end > hi:
            continue
        gain = sum(book.contribution(i, start, end, 100))
        if current + gain <= high and book.add(i, start, end, 100, False):
            current += gain
    if not low <= measure() <= high:
        raise RuntimeError(f"sick leave {label} could not be calibrated")


def calibrate_sick_leave(book: SickBook, rng: random.Random) -> None:
    def band(target: float, tol: float, units, months) -> tuple[float, float]:
        work = book.total("work", units, months)
        return (target - tol) * work / 100, (target + tol) * work / 100

    for window in ("A", "B", "C"):
        months = WINDOWS[window]
        # KLF
        if window in KLF_SHORT:
            fill_short(book, rng, KLF, window, lambda: book.total("short", KLF, months),
                       *band(KLF_SHORT[window], TIGHT, KLF, months), f"KLF korttid {window}")
        else:
            fill_short(book, rng, KLF, window, lambda: book.total("sick", KLF, YEAR_2022),
                       *band(KLF_TOTAL_2022, LOOSE, KLF, YEAR_2022), "KLF 2022")
        # the other förvaltningar on their own levels
        for unit in OTHER_UNITS:
            if window in UNITS[unit].sick:
                fill_short(book, rng, unit, window, lambda u=unit: book.total("sick", u, months),
                           *band(UNITS[unit].sick[window], LOOSE, unit, months), f"{unit} {window}")
        # BUF balances the municipality
        if window in KOMMUN_TOTAL:
            scope = YEAR_2022 if window == "B" else months
            fill_short(book, rng, BALANCING_UNIT, window, lambda: book.total("sick", KOMMUNEN, scope),
                       *band(KOMMUN_TOTAL[window], LOOSE, KOMMUNEN, scope), f"kommunen {window}")


# --------------------------------------------------------------------------------------------
# Generation and writing
# --------------------------------------------------------------------------------------------
def generate() -> dict[str, list[list]]:
    """All rows of the HR files (no I/O)."""
    klf, knobs = plan_klf()
    pop = Population(random.Random(SEED))
    pop.employments = klf.employments
    build_others(pop)
    special_events(pop)
    tune_municipal_turnover(pop, 2022, 12, float(TURNOVER_TARGETS[(KOMMUNEN, 2022, 12)][0]),
                            dt.date(2021, 12, 31), dt.date(2022, 12, 30))
    tune_municipal_turnover(pop, 2023, 8, float(TURNOVER_TARGETS[(KOMMUNEN, 2023, 8)][0]),
                            dt.date(2022, 12, 31), dt.date(2023, 8, 30))
    emps = [e for e in pop.employments if e.end is None or e.end >= dt.date(2021, 12, 31)]
    emps.sort(key=lambda e: (e.unit, e.start, e.title, e.form))     # stable, seed-determined order
    print(f"KLF plan: {knobs}")

    rng = random.Random(f"{SEED}-sick")
    book = SickBook(emps)
    klf_long_spells(book, rng)
    random_long_spells(book, rng)
    random_short_spells(book, rng)
    calibrate_sick_leave(book, rng)

    # keys: random, unique, never derived from anything
    persons: dict[int, Person] = {}
    for emp in emps:
        persons.setdefault(id(emp.person), emp.person)
    numbers = random.Random(f"{SEED}-keys").sample(range(1, 100_000), len(persons))
    key = {pid: f"A{n:05d}" for pid, n in zip(persons, numbers)}

    personal: dict[int, list[list]] = {2022: [], 2023: []}
    for i, emp in enumerate(emps):
        sick = [0] * len(MONTHS)
        long = [0] * len(MONTHS)
        for spell in book.spells[i]:
            for k, h in enumerate(book.contribution(i, spell.first, spell.last, spell.percent)):
                sick[k] += h
                if spell.long:
                    long[k] += h
        for k, ((year, month), (first, last)) in enumerate(zip(MONTHS, MONTH_BOUNDS)):
            if emp.start.toordinal() > last or emp.end_ordinal < first:
                continue
            work = emp.daily * weekdays(max(first, emp.start.toordinal()), min(last, emp.end_ordinal))
            assert long[k] <= sick[k] <= work
            personal[year].append([f"{year}-{month:02d}", key[id(emp.person)], emp.unit, emp.person.sex,
                                   emp.person.birth, emp.form, emp.title, work / 10, sick[k] / 10, long[k] / 10])
    employments = [[key[id(e.person)], e.unit, e.form, e.title, e.start, e.end, e.reason, e.person.sex,
                    e.person.birth, e.degree / 100] for e in emps]
    employments.sort(key=lambda r: (r[0], r[4]))
    indicators = indicator_rows(published_2022(_personal_frame(personal[2022]), _employment_frame(employments)))
    return {
        "franvaro": absence_cases(emps, book, key),
        "personal_2022": sorted(personal[2022], key=lambda r: (r[0], r[1])),
        "personal_2023": sorted(personal[2023], key=lambda r: (r[0], r[1])),
        "anstallningar": employments,
        "medarbetarenkat": [[year, unit, index, values[j]] for year, units in SURVEY.items()
                            for unit, values in units.items() for j, index in enumerate(SURVEY_INDICES)],
        "indikatorer": [list(row[:8]) for row in indicators],
        "historik": [[row[0], row[3], year, row[8 + j]] for row in indicators for j, year in enumerate((2021, 2022))],
    }


def absence_cases(emps: list[Employment], book: SickBook, key: dict[int, str]) -> list[list]:
    """The sick spells as the HR system's absence cases: one case per spell (the spells of one
    person are more than SPELL_GAP days apart, so each is its own spell in the absence format too),
    omfattning as a share; a long spell still running after the data's last day is open (Till
    blank, "tills vidare"), as it would be in the HR system. Some other absence (VAB, semester),
    which the report does not count, is mixed in."""
    rng = random.Random(f"{SEED}-absence")
    cases = []
    for i, emp in enumerate(emps):
        for spell in book.spells[i]:
            last = dt.date.fromordinal(spell.last)
            cases.append([key[id(emp.person)], SICK_CAUSE, dt.date.fromordinal(spell.first),
                          None if last > DATA_END else last, spell.percent / 100])
        if emp.daily and rng.random() < 0.05:
            day = random_day(rng, max(emp.start, DATA_START), min(emp.end or DATA_END, DATA_END))
            cases.append([key[id(emp.person)], rng.choice(OTHER_CAUSES), day, day, 1.0])
    return sorted(cases, key=lambda r: (r[0], r[2], r[1]))


def write_files(out: Path, rows: dict[str, list[list]],
                absence_out: Path = DEFAULT_ABSENCE_OUT) -> list[tuple[Path, int]]:
    day = "yyyy-mm-dd"
    absence_out.mkdir(parents=True, exist_ok=True)
    files = [
        (absence_out / "franvaro.xlsx", [("Frånvaro", ABSENCE_HEADINGS, rows["franvaro"], {2: day, 3: day})]),
        (absence_out / "schema.xlsx", [("Schema", SCHEDULE_HEADINGS,
                                        [r[:2] + r[7:8] for year in (2022, 2023) for r in rows[f"personal_{year}"]],
                                        {})]),
        (out / "personal_2022.xlsx", [("Personal", PERSONAL_HEADINGS, rows["personal_2022"], {})]),
        (out / "personal_2023.xlsx", [("Personal", PERSONAL_HEADINGS, rows["personal_2023"], {})]),
        (out / "anstallningar.xlsx", [("Anställningar", EMPLOYMENT_HEADINGS, rows["anstallningar"], {4: day, 5: day})]),
        (out / "medarbetarenkat.xlsx", [("Index", SURVEY_HEADINGS, rows["medarbetarenkat"], {})]),
        (out / "indikatorer.xlsx", [("Indikatorer", INDICATOR_HEADINGS, rows["indikatorer"], {}),
                                    ("Historik", HISTORY_HEADINGS, rows["historik"], {})]),
    ]
    written = []
    for path, sheets in files:
        write_workbook(path, sheets)
        written.append((path, sum(len(s[2]) for s in sheets)))
    return written


# --------------------------------------------------------------------------------------------
# Self-check: read the files back and recompute everything with plain pandas
# --------------------------------------------------------------------------------------------
def _personal_frame(rows: list[list]) -> pd.DataFrame:
    """Personal rows (as written) as the self-check reads them back: with year and month."""
    frame = pd.DataFrame(rows, columns=PERSONAL_HEADINGS)
    return frame.assign(year=frame["Period"].str[:4].astype(int), month=frame["Period"].str[5:].astype(int))


def _employment_frame(rows: list[list]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=EMPLOYMENT_HEADINGS)
    return frame.assign(Startdatum=pd.to_datetime(frame["Startdatum"]), Slutdatum=pd.to_datetime(frame["Slutdatum"]),
                        Avgångsorsak=frame["Avgångsorsak"].fillna(""))


def _sheet(path: Path, sheet: str, text: list[str]) -> pd.DataFrame:
    reader = fastexcel.read_excel(str(path))
    return reader.load_sheet(sheet, dtypes={c: "string" for c in text}).to_pandas()


def _sick(personal: pd.DataFrame, scope: str, year: int, last_month: int) -> dict:
    rows = personal[(personal["year"] == year) & (personal["month"] <= last_month) & (personal["Arbetstid"] > 0)]
    if scope != KOMMUNEN:
        rows = rows[rows["Förvaltning"] == scope]
    work, sick, long = rows["Arbetstid"].sum(), rows["Sjuktimmar"].sum(), rows["Sjuktimmar 60+"].sum()
    return {"total": 100 * sick / work, "short": 100 * (sick - long) / work, "long": 100 * long / work,
            "long_people": rows.loc[rows["Sjuktimmar 60+"] > 0, "Anställd"].nunique(),
            "short_people": rows.loc[rows["Sjuktimmar"] > rows["Sjuktimmar 60+"], "Anställd"].nunique()}


def _turnover(emps: pd.DataFrame, scope: str, year: int, last_month: int) -> dict:
    perm = emps[emps["Anställningsform"] == PERM]
    if scope != KOMMUNEN:
        perm = perm[perm["Förvaltning"] == scope]
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(month_last(year, last_month))
    left = perm["Slutdatum"] + pd.Timedelta(days=1)
    leavers = perm[(left >= first) & (left <= last) & (perm["Avgångsorsak"] != INTERNAL)]
    counts = [((perm["Startdatum"] <= d) & (perm["Slutdatum"].isna() | (perm["Slutdatum"] >= d))).sum()
              for d in (pd.Timestamp(month_last(year, m)) for m in range(1, last_month + 1))]
    average = sum(counts) / len(counts)
    return {"rate": 100 * len(leavers) / average, "leavers": leavers, "average": average}


def _check_rate(problems: list[str], label: str, value: float, expected: str | None) -> None:
    if expected is not None and rounded(value) != Decimal(expected):
        problems.append(f"{label}: expected {expected.replace('.', ',')} %, got {pct(value)}")


def _check_headings(problems: list[str], frame: pd.DataFrame, expected: list[str], where: str) -> None:
    if list(frame.columns) != expected:
        problems.append(f"{where}: headings {list(frame.columns)} != {expected}")


def self_check(out: Path, verbose: bool = True) -> list[str]:
    problems: list[str] = []
    parts = []
    for year, months in ((2022, 12), (2023, 8)):
        frame = _sheet(out / f"personal_{year}.xlsx", "Personal", ["Period", "Anställd"])
        _check_headings(problems, frame, PERSONAL_HEADINGS, f"personal_{year}.xlsx")
        expected = [f"{year}-{m:02d}" for m in range(1, months + 1)]
        if sorted(frame["Period"].unique()) != expected:
            problems.append(f"personal_{year}.xlsx: periods {sorted(frame['Period'].unique())}")
        parts.append(frame)
    personal = pd.concat(parts, ignore_index=True)
    personal["year"] = personal["Period"].str[:4].astype(int)
    personal["month"] = personal["Period"].str[5:].astype(int)
    emps = _sheet(out / "anstallningar.xlsx", "Anställningar", ["Anställd", "Avgångsorsak"])
    _check_headings(problems, emps, EMPLOYMENT_HEADINGS, "anstallningar.xlsx")
    emps["Avgångsorsak"] = emps["Avgångsorsak"].fillna("")
    org = _sheet(out / "installningar" / "organisation.xlsx", "Förvaltningar", ["Kod", "Namn", "Rapportenhet"])
    if [tuple(r) for r in org.itertuples(index=False)] != [tuple(f) for f in FORVALTNINGAR]:
        problems.append("organisation.xlsx, Förvaltningar: content differs")

    problems += _consistency(personal, emps, set(org["Kod"]))

    # sick leave
    values: list[str] = []
    for (scope, year, last_month), (total, short, long) in SICK_TARGETS.items():
        got = _sick(personal, scope, year, last_month)
        label = f"sjukfrånvaro {scope} {year}-01..{last_month:02d}"
        _check_rate(problems, label, got["total"], total)
        _check_rate(problems, label + " korttid", got["short"], short)
        _check_rate(problems, label + " långtid", got["long"], long)
        values.append(f"{label}: {pct(got['total'])} (korttid {pct(got['short'])}, långtid {pct(got['long'])}; "
                      f"{got['long_people']} with 60+ hours, {got['short_people']} with short-term hours)")
        if scope == KLF and last_month == 8:
            if got["long_people"] < 3:
                problems.append(f"{label}: only {got['long_people']} employees with long-term hours")
            if got["short_people"] < 30:
                problems.append(f"{label}: only {got['short_people']} employees with short-term hours")

    # turnover
    for (scope, year, last_month), (rate, count) in TURNOVER_TARGETS.items():
        got = _turnover(emps, scope, year, last_month)
        label = f"personalomsättning {scope} {year}-01..{last_month:02d}"
        _check_rate(problems, label, got["rate"], rate)
        leavers = got["leavers"]
        if count is not None and len(leavers) != count:
            problems.append(f"{label}: expected {count} leavers, got {len(leavers)}")
        values.append(f"{label}: {pct(got['rate'])} ({len(leavers)} leavers / {got['average']:.3f} permanent)")
        if (scope, year, last_month) == (KLF, 2023, 8):
            if dict(Counter(leavers["Befattning"])) != KLF_LEAVER_TITLES_2023:
                problems.append(f"{label}: titles {dict(Counter(leavers['Befattning']))}")
            if not (leavers["Slutdatum"] == pd.Timestamp(2022, 12, 31)).any():
                problems.append(f"{label}: no leaver with Slutdatum 2022-12-31")
            if not (leavers["Avgångsorsak"] == PENSION).any():
                problems.append(f"{label}: no retirement among the leavers")
    klf_ended = emps[(emps["Förvaltning"] == KLF) & emps["Slutdatum"].between(pd.Timestamp(2021, 12, 31),
                                                                              pd.Timestamp(2023, 8, 30))]
    moves = int((klf_ended["Avgångsorsak"] == INTERNAL).sum())
    temp_ends = int(((klf_ended["Anställningsform"] == TEMP) & (klf_ended["Avgångsorsak"] == TEMP_END)).sum())
    if moves < 2 or temp_ends < 2:
        problems.append(f"KLF: {moves} internal moves out and {temp_ends} visstid endings (want >= 2 each)")
    values.append(f"KLF 2022-2023: {moves} internal moves out, {temp_ends} visstid endings (not counted)")

    # survey and indicators
    survey = _sheet(out / "medarbetarenkat.xlsx", "Index", ["Enhet", "Index"])
    _check_headings(problems, survey, SURVEY_HEADINGS, "medarbetarenkat.xlsx")
    if len(survey) != 2 * 7 * 5 or set(survey["Enhet"]) != {KOMMUNEN, *UNIT_CODES}:
        problems.append(f"medarbetarenkat.xlsx: {len(survey)} rows, units {sorted(set(survey['Enhet']))}")
    for (unit, year, index), expected in SURVEY_TARGETS.items():
        got = survey.loc[(survey["År"] == year) & (survey["Enhet"] == unit) & (survey["Index"] == index), "Värde"]
        if list(got) != [expected]:
            problems.append(f"enkät {unit} {year} {index}: expected {expected}, got {list(got)}")
    indicators = _sheet(out / "indikatorer.xlsx", "Indikatorer",
                        ["Nämnd", "Mål", "Typ", "Indikator", "Mått", "Enhet"])
    _check_headings(problems, indicators, INDICATOR_HEADINGS, "indikatorer.xlsx Indikatorer")
    if [tuple(r[1:]) for r in indicators.itertuples(index=False) if r[0] == "KS"] != [tuple(r[:7]) for r in INDICATORS]:
        problems.append("indikatorer.xlsx, Indikatorer: KS's rows differ from the reference")
    computed = published_2022(personal, emps)
    values.append("Utfall 2022 computed for Historik: " + ", ".join(
        f"{unit} {measure} {pct(value)}" for (unit, measure), value in computed.items()))
    expected = indicator_rows(computed)
    if [tuple(r) for r in indicators.itertuples(index=False)] != [tuple(r[:8]) for r in expected]:
        problems.append("indikatorer.xlsx, Indikatorer: content differs from the declared rows")
    nämnder = {"KS", *NAMND_INDICATORS}
    if set(indicators["Nämnd"]) != nämnder or set(org["Rapportenhet"]) - {"KS"} != set(NAMND_INDICATORS):
        problems.append(f"indikatorer.xlsx: nämnder {sorted(set(indicators['Nämnd']))}")
    history = _sheet(out / "indikatorer.xlsx", "Historik", ["Nämnd", "Indikator"])
    _check_headings(problems, history, HISTORY_HEADINGS, "indikatorer.xlsx Historik")
    if [tuple(r[1:]) for r in history.itertuples(index=False) if r[0] == "KS"] != \
            [(r[2], y, r[7 + j]) for r in INDICATORS for j, y in enumerate((2021, 2022))]:
        problems.append("indikatorer.xlsx, Historik: KS's rows differ from the reference")
    expected_history = [(r[0], r[3], y, r[8 + j]) for r in expected for j, y in enumerate((2021, 2022))]
    if [tuple(r) for r in history.itertuples(index=False)] != expected_history:
        problems.append("indikatorer.xlsx, Historik: content differs from the declared rows")
    problems += _staff_claim_mismatches(personal, emps, survey)
    august = personal[personal["Period"] == "2023-08"]
    values.append("employees in August 2023 (all forms / tillsvidare / full-time equivalents of the scheduled "
                  "hours): " + ", ".join(
                      f"{unit} {len(rows)} / {int((rows['Anställningsform'] == PERM).sum())} / "
                      f"{rows['Arbetstid'].sum() / (23 * 8):.0f}" for unit, rows in august.groupby("Förvaltning")))
    if verbose:
        print("computed from the written files:")
        for line in values:
            print("  " + line)
    return problems


def _staff_claim_mismatches(personal: pd.DataFrame, emps: pd.DataFrame, survey: pd.DataFrame) -> list[str]:
    """Every statement the nämnder's texts make about their förvaltning's staff figures holds
    (tools/sample_texter.py: January-August 2023 against 2022, the survey 2023 against 2022)."""
    sick_2023 = {unit: _sick(personal, unit, 2023, 8)["total"] for unit in UNIT_CODES}
    targets = {unit: measures["Sjukfrånvaro"][1] for unit, measures in NAMND_INDICATORS.values()}

    def figures(unit: str, measure: str) -> tuple[float, float]:
        if measure == "sjukfrånvaro":
            return sick_2023[unit], _sick(personal, unit, 2022, 8)["total"]
        if measure == "personalomsättning":
            return _turnover(emps, unit, 2023, 8)["rate"], _turnover(emps, unit, 2022, 8)["rate"]
        value = {year: survey.loc[(survey["År"] == year) & (survey["Enhet"] == unit) & (survey["Index"] == measure),
                                  "Värde"].item() for year in (2022, 2023)}
        return value[2023], value[2022]
    problems = []
    for followup in FOLLOWUPS.values():
        for claim in followup.staff_claims:
            now, before = figures(claim.forvaltning, claim.measure)
            holds = {"minskat": rounded(now) < rounded(before), "ökat": rounded(now) > rounded(before),
                     "oförändrad": abs(now - before) <= 0.15,
                     "över målet": claim.measure == "sjukfrånvaro"
                     and now > targets.get(claim.forvaltning, math.inf),
                     "högst": claim.measure == "sjukfrånvaro" and now == max(sick_2023.values()),
                     "bland de lägsta": claim.measure == "sjukfrånvaro" and now <= sorted(sick_2023.values())[1],
                     }[claim.direction]
            if not holds:
                problems.append(f"text says {claim.measure} of {claim.forvaltning} {claim.direction}: "
                                f"{pct(now)} in 2023, {pct(before)} in 2022")
    return problems


def _consistency(personal: pd.DataFrame, emps: pd.DataFrame, units: set[str]) -> list[str]:
    problems = []
    key = re.compile(r"^A\d{5}$")
    for name, frame in (("personal", personal), ("anstallningar", emps)):
        if not frame["Anställd"].map(lambda k: bool(key.match(str(k)))).all():
            problems.append(f"{name}: keys not like A00001")
        if not set(frame["Förvaltning"]) <= units:
            problems.append(f"{name}: unknown förvaltning {sorted(set(frame['Förvaltning']) - units)}")
        if not set(frame["Anställningsform"]) <= {PERM, TEMP, HOURLY}:
            problems.append(f"{name}: forms {sorted(set(frame['Anställningsform']))}")
    if personal[["Anställd", "Period"]].duplicated().any():
        problems.append("personal: a key appears twice in one month (two förvaltningar or duplicate rows)")
    if personal["Födelseår"].isna().any() or not personal["Födelseår"].between(1000, 9999).all():
        problems.append("personal: birth years missing or not four digits")
    age = personal["year"] - personal["Födelseår"]
    if age.min() < 20 or age.max() > 67:
        problems.append(f"personal: ages {age.min()}..{age.max()} outside 20..67")
    if not set(personal["Kön"]) <= {"K", "M"} or personal["Kön"].nunique() != 2:
        problems.append(f"personal: Kön values {sorted(set(personal['Kön']))}")
    if (personal.groupby("Anställd")[["Kön", "Födelseår"]].nunique() > 1).any().any():
        problems.append("personal: a key with two sexes or birth years")
    hours = personal[["Arbetstid", "Sjuktimmar", "Sjuktimmar 60+"]]
    if (hours < 0).any().any() or (hours["Sjuktimmar"] > hours["Arbetstid"] + 1e-9).any() \
            or (hours["Sjuktimmar 60+"] > hours["Sjuktimmar"] + 1e-9).any():
        problems.append("personal: hours out of bounds (0 <= 60+ <= Sjuktimmar <= Arbetstid)")
    hourly = personal["Anställningsform"] == HOURLY
    if (personal.loc[hourly, "Arbetstid"] != 0).any() or (personal.loc[~hourly, "Arbetstid"] <= 0).any():
        problems.append("personal: Arbetstid must be 0 exactly for Timavlönad")
    if personal.loc[~hourly, "Arbetstid"].max() > 23 * 8:
        problems.append("personal: Arbetstid above a full month")

    # employments
    ended = emps["Slutdatum"].notna()
    if (emps.loc[ended, "Slutdatum"] < emps.loc[ended, "Startdatum"]).any():
        problems.append("anstallningar: Slutdatum before Startdatum")
    if ((emps["Avgångsorsak"] != "") != ended).any():
        problems.append("anstallningar: Avgångsorsak must be given exactly when Slutdatum is")
    if not set(emps["Avgångsorsak"]) - {""} <= set(REASONS):
        problems.append(f"anstallningar: reasons {sorted(set(emps['Avgångsorsak']))}")
    ordered = emps.sort_values(["Anställd", "Startdatum"])
    same_key = ordered["Anställd"] == ordered["Anställd"].shift(-1)
    previous_end = ordered["Slutdatum"]
    overlap = same_key & (previous_end.isna() | (previous_end >= ordered["Startdatum"].shift(-1)))
    if overlap.any():
        problems.append("anstallningar: overlapping employments of one key")
    moves = ordered[ordered["Avgångsorsak"] == INTERNAL]
    following = ordered.shift(-1).loc[moves.index]
    bad = ((following["Anställd"] != moves["Anställd"]) | (following["Startdatum"] != moves["Slutdatum"]
                                                              + pd.Timedelta(days=1))
           | (following["Förvaltning"] == moves["Förvaltning"]))
    if bad.any():
        problems.append(f"anstallningar: {int(bad.sum())} internal moves not followed the next day "
                        "in another förvaltning")

    # rows <-> employments: each person-month within exactly one employment with the same attributes
    rows = personal.assign(row=range(len(personal)),
                           first=pd.to_datetime(personal["Period"] + "-01"))
    rows["last"] = rows["first"] + pd.offsets.MonthEnd(0)
    merged = rows.merge(emps, on="Anställd", suffixes=("", "_e"))
    inside = merged[(merged["Startdatum"] <= merged["last"])
                    & (merged["Slutdatum"].isna() | (merged["Slutdatum"] >= merged["first"]))]
    per_row = inside.groupby("row").size()
    if len(per_row) != len(personal) or (per_row != 1).any():
        problems.append(f"personal: {len(personal) - len(per_row)} rows outside any employment, "
                        f"{int((per_row > 1).sum())} rows within two employments")
    same = ((inside["Förvaltning"] == inside["Förvaltning_e"])
            & (inside["Anställningsform"] == inside["Anställningsform_e"])
            & (inside["Befattning"] == inside["Befattning_e"]))
    if not same.all():
        problems.append(f"personal: {int((~same).sum())} rows disagree with their employment")
    # and every employment has a row in every month it covers
    expected = 0
    for start, end in zip(emps["Startdatum"], emps["Slutdatum"]):
        first = max(start, pd.Timestamp(DATA_START))
        last = min(end if pd.notna(end) else pd.Timestamp(DATA_END), pd.Timestamp(DATA_END))
        if first <= last:
            expected += (last.year - first.year) * 12 + last.month - first.month + 1
    if expected != len(inside):
        problems.append(f"personal: {len(inside)} person-months found, the employments cover {expected}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: input_xlsx/)")
    parser.add_argument("--absence-out", type=Path, default=DEFAULT_ABSENCE_OUT,
                        help="folder of the absence-format sample franvaro.xlsx (default: exempel/franvaro/)")
    parser.add_argument("--check-only", action="store_true", help="only run the self-check on existing files")
    args = parser.parse_args(argv)
    if not args.check_only:
        for path, n in write_files(args.out, generate(), args.absence_out):
            print(f"wrote {path} ({n:,} rows, {path.stat().st_size:,} bytes)")
    if not (args.out / "installningar" / "organisation.xlsx").exists():
        print("installningar/organisation.xlsx missing: run tools/make_sample.py first", file=sys.stderr)
        return 1
    return report_self_check(self_check(args.out), "sick leave, turnover, survey and indicator targets "
                                                   "reproduced; person-months consistent with the employments; "
                                                   "every staff trend the texts name holds")


if __name__ == "__main__":
    sys.exit(main())
