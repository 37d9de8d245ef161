#!/usr/bin/env python3
"""Generate the shipped sample inputs: a whole municipality's monthly Excel exports.

The sample is synthetic but realistic (an Enköping-like municipality, ~45,000 inhabitants) and is
built so that the reference report (delårsrapport KS 2023-08, sections 7.1, 7.2, 8.1, 11.1, 11.2)
is reproduced figure by figure when the pipeline prints it.

Approach
--------
1. Targets. The printed tables are kept below as text (``KS_TABLE``, ``KF_TABLE``,
   ``INVESTMENT_TABLE``), in mnkr with the printed sign (revenues +, costs -).
2. Cell matrices. For every measure (Bokslut 2022, jan-aug 2022, jan-aug 2023, Budget, Prognos)
   and reported unit we build a matrix of cells (DR row x RR line) in öre. The small DR rows are
   given explicitly in tenths of mnkr (``SMALL_ROWS``); Kommunledningsförvaltning is the residual,
   so row and column sums hit the printed figures exactly at one decimal. Each cell then gets a
   random öre offset; a draw is accepted only if every printed figure (rows, columns, sums,
   deviations, budget totals) lies within 0,03 mnkr of the printed value (rejection sampling with
   a fixed seed, so the result is deterministic).
3. Rows. Every cell is split into ledger transactions (salaries, invoices, monthly bookings,
   internal invoices with a mirrored row on the counterpart unit) over accounts, cost centres and
   months, in integer öre, so each cell sums exactly. Budget cells are split into budget rows
   (ansvar, verksamhet, konto); the forecast is written per cell, as the contract says.
   KS and KF draw from one random stream (SEED), before anything else.
4. The other nämnder (BUN, SN, TN, UPN, MBN, each with its own report) are declared as data in
   tools/sample_kommun.py: DR rows partitioning each nämnd's ansvar range, budget lines with their
   deviation, investment projects. Each draws from its own stream (SEED-<code>), so none of them
   moves a KS or KF figure. Budget rows, the ledger's January-August and the forecast all follow
   from the declared lines, so they agree; internal lines (rent, meals, vehicles, KS's IT and
   payroll services) have their mirror rows, budget and forecast on the counterpart. The posts
   centralised into KLF in 2023 leave the nämnder through their Ändringsbudget (KS's own, split).
5. Self-check. After writing, the files are read back and every target figure is recomputed with
   plain pandas code that applies kontoplan.xlsx and organisation.xlsx as the contract describes;
   every ledger, budget and forecast row must belong to exactly one unit and DR row, and every
   nämnd's outcome and forecast must be plausible against its budget. A table of each nämnd's
   figures is printed. Any mismatch is listed and the script exits with status 1.

Deviation cells printed 0,0: on the KS income statement, Bidrag (intäkter), Bidrag (kostnader),
Köp av verksamhet and Lokalhyror have forecast == budget to the krona (the reference prints those
cells empty); every other deviation printed 0,0 is a small positive amount. A renderer that prints
an exactly-zero deviation as empty therefore reproduces the reference exactly.

Usage: ``python tools/make_sample.py [--out DIR] [--check-only]``
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import fastexcel
import pandas as pd
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_kommun import NAMNDER, Line, Namnd  # noqa: E402  (tools/ is on sys.path)
from sample_texter import NAMNDER as FOLLOWUPS  # noqa: E402  (the texts' claims about these figures)

SEED = 20230831
CREATED = dt.datetime(2023, 9, 1, 7, 30, 0)        # fixed document timestamp -> byte-identical files
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "input_xlsx"
MAX_LEDGER_BYTES = 4_000_000
ORE_PER_MNKR = 100_000_000
TENTH = ORE_PER_MNKR // 10                          # 0,1 mnkr in öre
KR1000 = 100_000                                    # 1 000 kr in öre
TOLERANCE = 3_000_000                               # 0,03 mnkr: max distance unrounded <-> printed
INVOICE_DENSITY = 2.1                               # scales invoice counts (~35,000 / ~25,000 rows)
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
             "september", "oktober", "november", "december"]
COLUMNS = ("B22", "A22", "A23", "BUD", "PRO", "AVV")
REPORT_YEAR, PREVIOUS_YEAR, REPORT_MONTH = 2023, 2022, 8

# --------------------------------------------------------------------------------------------
# Settings workbooks (kontoplan.xlsx, organisation.xlsx)
# --------------------------------------------------------------------------------------------
RR_LINES = [("Taxor och avgifter", "Intäkt"), ("Bidrag (intäkter)", "Intäkt"),
            ("Övriga intäkter", "Intäkt"), ("Personalkostnader", "Kostnad"),
            ("Bidrag (kostnader)", "Kostnad"), ("Köp av verksamhet", "Kostnad"),
            ("Lokalhyror", "Kostnad"), ("Övriga driftskostnader", "Kostnad"),
            ("Kapitaltjänstkostnader", "Kostnad")]
REVENUE_LINES = [name for name, kind in RR_LINES if kind == "Intäkt"]
COST_LINES = [name for name, kind in RR_LINES if kind == "Kostnad"]
INVESTMENT, EXCLUDED = "Investering", "Exkluderas"

KONTON = [  # Från, Till, RR-rad, Benämning
    ("1", "1", INVESTMENT, "Anläggningstillgångar (investeringsutgifter)"),
    ("2", "2", EXCLUDED, "Eget kapital, avsättningar och skulder"),
    ("30", "30", "Övriga intäkter", "Försäljningsintäkter"),
    ("31", "31", "Taxor och avgifter", "Taxor och avgifter"),
    ("32", "34", "Övriga intäkter", "Hyror, arrenden och försäljning av verksamhet"),
    ("35", "35", "Bidrag (intäkter)", "Erhållna bidrag"),
    ("36", "39", "Övriga intäkter", "Övriga verksamhetsintäkter"),
    ("40", "41", "Övriga driftskostnader", "Material och varor"),
    ("45", "45", "Bidrag (kostnader)", "Lämnade bidrag"),
    ("46", "46", "Köp av verksamhet", "Köp av huvudverksamhet"),
    ("50", "57", "Personalkostnader", "Personalkostnader"),
    ("60", "60", "Lokalhyror", "Lokal- och markhyror"),
    ("61", "78", "Övriga driftskostnader", "Övriga verksamhetskostnader"),
    ("79", "79", "Kapitaltjänstkostnader", "Avskrivningar"),
    ("8", "8", EXCLUDED, "Finansiella poster, skatter och utjämning"),
    ("8450", "8450", "Kapitaltjänstkostnader", "Internränta (lokalt konto)"),
]
# The nämnder besides KS and KF are declared in tools/sample_kommun.py (NAMNDER).
# Rapportenheter: Kod, Namn, Egen rapport, Redovisas i (KF's section is printed in KS's report).
UNITS = [("KF", "Kommunfullmäktige och revision", "Nej", "KS"), ("KS", "Kommunstyrelsen", "Ja", ""),
         *((n.code, n.name, "Ja", "") for n in NAMNDER)]
# Förvaltningar (the HR exports' unit codes) and the reported unit each one's staff belongs to.
FORVALTNINGAR = [("KLF", "Kommunledningsförvaltningen", "KS"), ("SBF", "Samhällsbyggnadsförvaltningen", "TN"),
                 ("BUF", "Barn- och utbildningsförvaltningen", "BUN"), ("SOF", "Socialförvaltningen", "SN"),
                 ("UPF", "Upplevelseförvaltningen", "UPN"), ("MBF", "Miljö- och byggförvaltningen", "MBN")]
ANSVAR_RANGES = [("10000", "10999", "KF", "Kommunfullmäktige och revision"),
                 ("11000", "13999", "KS", "Kommunstyrelsen och kommunledningsförvaltningen"),
                 *((n.ansvar_low, n.ansvar_high, n.code, n.benamning) for n in NAMNDER)]
POL, KLF = "Kommunstyrelse politisk verksamhet", "Kommunledningsförvaltning"
RADD, OVERF = "Räddningstjänst medlemsbidrag", "Överförmyndarverksamhet i gemensam nämnd"
KFR = "Kommunfullmäktige och revision"
DR_ROWS = [("KS", POL, "11000", "11999", "", ""), ("KS", KLF, "12000", "12999", "", ""),
           ("KS", RADD, "13000", "13999", "2600", "2699"),
           ("KS", OVERF, "13000", "13999", "9100", "9199"), ("KF", KFR, "10000", "10999", "", ""),
           *((n.code, d.label, d.low, d.high, "", "") for n in NAMNDER for d in n.dr_rows)]
PROJECTS = [("91001", "Datorer och skärmar", "Reinvesteringar IT", "KS"),
            ("91002", "Nätverk och servrar", "Reinvesteringar IT", "KS"),
            ("91003", "Telefoni och mobila enheter", "Reinvesteringar IT", "KS"),
            ("91010", "Digitala tjänster", "Digitalisering verksamhetsutveckling", "KS"),
            ("91020", "Möbler och inventarier", "Diverse inventarier", "KS"),
            ("91030", "Nytt ekonomisystem", "Ekonomisystem", "KS"),
            *((p.projekt, p.benamning, p.grupp, n.code) for n in NAMNDER for p in n.projects)]
MOTPART = {"KF": "110", "KS": "120", "BUN": "130", "TN": "140", "SN": "150", "UPN": "160",
           "MBN": "170"}
EXTERNAL = "000"

# --------------------------------------------------------------------------------------------
# Targets: the printed reference tables. Columns: Bokslut 2022 | Utfall jan-aug 2022 |
# Utfall jan-aug 2023 | Budget 2023 | Prognos helår 2023 | Avvikelse. Empty = no rows at all.
# --------------------------------------------------------------------------------------------
KS_TABLE = """
RR | Taxor och avgifter     |    0,5 |        |    0,5 |        |        |
RR | Bidrag (intäkter)      |    5,9 |    2,3 |    2,1 |    4,0 |    4,0 |  0,0
RR | Övriga intäkter        |   13,8 |    9,3 |    9,8 |   16,3 |   15,0 | -1,3
RR | Summa intäkter         |   20,2 |   11,6 |   12,4 |   20,3 |   19,0 | -1,3
RR | Personalkostnader      | -103,0 |  -69,0 |  -74,9 | -124,8 | -121,3 |  3,5
RR | Bidrag (kostnader)     |   -0,6 |   -0,4 |   -0,1 |   -0,6 |   -0,6 |  0,0
RR | Köp av verksamhet      |  -48,7 |  -32,5 |  -34,2 |  -51,3 |  -51,3 |  0,0
RR | Lokalhyror             |   -8,5 |   -5,6 |   -5,2 |   -7,9 |   -7,9 |  0,0
RR | Övriga driftskostnader |  -66,5 |  -38,6 |  -39,8 |  -67,8 |  -65,4 |  2,4
RR | Kapitaltjänstkostnader |   -4,1 |   -2,6 |   -2,2 |   -5,1 |   -3,8 |  1,3
RR | Summa kostnader        | -231,4 | -148,7 | -156,4 | -257,5 | -250,3 |  7,2
RR | Summa totalt           | -211,2 | -137,1 | -144,0 | -237,2 | -231,3 |  5,9
DR | Kommunstyrelse politisk verksamhet       |   -5,8 |   -3,8 |   -4,7 |   -6,7 |   -7,0 | -0,3
DR | Kommunledningsförvaltning                | -156,6 | -100,7 | -105,1 | -178,9 | -172,7 |  6,2
DR | Räddningstjänst medlemsbidrag            |  -44,3 |  -29,6 |  -31,2 |  -46,8 |  -46,8 |  0,0
DR | Överförmyndarverksamhet i gemensam nämnd |   -4,5 |   -3,0 |   -3,0 |   -4,8 |   -4,8 |  0,0
DR | Totalt                                   | -211,2 | -137,1 | -144,0 | -237,2 | -231,3 |  5,9
"""
KF_TABLE = """
RR | Taxor och avgifter     |        |        |        |        |        |
RR | Bidrag (intäkter)      |        |        |        |        |        |
RR | Övriga intäkter        |        |        |        |        |        |
RR | Summa intäkter         |        |        |        |        |        |
RR | Personalkostnader      |   -4,4 |   -2,7 |   -6,3 |   -8,8 |   -8,8 |  0,0
RR | Bidrag (kostnader)     |   -1,9 |   -1,2 |   -1,4 |   -2,1 |   -2,1 |  0,0
RR | Köp av verksamhet      |        |        |        |        |        |
RR | Lokalhyror             |        |        |        |        |        |
RR | Övriga driftskostnader |   -2,0 |   -1,4 |   -1,3 |   -2,2 |   -2,2 |  0,0
RR | Kapitaltjänstkostnader |        |        |        |        |        |
RR | Summa kostnader        |   -8,3 |   -5,3 |   -9,0 |  -13,1 |  -13,1 |  0,0
RR | Summa totalt           |   -8,3 |   -5,3 |   -9,0 |  -13,1 |  -13,1 |  0,0
DR | Kommunfullmäktige och revision |   -8,3 |   -5,3 |   -9,0 |  -13,1 |  -13,1 |  0,0
DR | Totalt                         |   -8,3 |   -5,3 |   -9,0 |  -13,1 |  -13,1 |  0,0
"""
# Budget 2023 | Utfall jan-aug 2023 | Prognos helår 2023 | Avvikelse
INVESTMENT_TABLE = """
INV | Reinvesteringar IT                   | -12,9 | -3,3 |  -8,5 | 4,4
INV | Digitalisering verksamhetsutveckling |  -0,8 | -0,2 |  -0,8 | 0,0
INV | Diverse inventarier                  |  -0,1 |      |  -0,1 | 0,0
INV | Ekonomisystem                        |  -1,5 |      |  -1,5 | 0,0
INV | Totalt                               | -15,3 | -3,5 | -10,9 | 4,4
"""
BUDGET_TOTALS = {"KS": (Decimal("-228.3"), Decimal("-8.9")), "KF": (Decimal("-13.1"), Decimal("0.0"))}
FORBRUKNING_KS = Decimal("60.7")
EXACT_ZERO_DEVIATIONS = {("KS", "RR", line) for line in
                         ("Bidrag (intäkter)", "Bidrag (kostnader)", "Köp av verksamhet", "Lokalhyror")}


def parse_table(text: str) -> dict[tuple[str, str], list[Decimal | None]]:
    """'SECTION | label | 1,0 | | ...' lines -> {(section, label): [Decimal or None, ...]}."""
    table = {}
    for line in text.strip().splitlines():
        section, label, *values = [part.strip() for part in line.split("|")]
        table[(section, label)] = [Decimal(v.replace(",", ".")) if v else None for v in values]
    return table


TARGETS = {"KS": parse_table(KS_TABLE), "KF": parse_table(KF_TABLE)}

# Explicit small DR rows in tenths of mnkr (B22, A22, A23, BUD, PRO); KLF is the residual.
SMALL_ROWS = {
    POL: {"Personalkostnader": (-47, -31, -40, -56, -59), "Övriga driftskostnader": (-11, -7, -7, -11, -11)},
    RADD: {"Köp av verksamhet": (-441, -295, -311, -465, -465), "Övriga driftskostnader": (-2, -1, -1, -3, -3)},
    OVERF: {"Köp av verksamhet": (-43, -29, -29, -45, -45), "Övriga driftskostnader": (-2, -1, -1, -3, -3)},
}
# Ändringsbudget 2023 (tenths of mnkr, printed sign) and the ansvar that carry it: the
# centralisation of ekonomi and kommunikation, a state grant for half a post, extra arvoden.
AMENDMENTS = {(KLF, "Personalkostnader"): (-63, ("12100", "12400")),
              (KLF, "Övriga driftskostnader"): (-25, ("12100", "12400")),
              (KLF, "Bidrag (intäkter)"): (4, ("12100",)),
              (POL, "Personalkostnader"): (-5, ("11010",))}
# KS investment projects: budget and forecast (kr, spending +), jan-aug 2023 actuals (öre).
KS_INVESTMENTS = {"91001": (7_250_000, 4_640_000, 216_431_847), "91002": (4_450_000, 2_980_000, 114_720_635),
                  "91003": (1_210_000, 880_000, 0), "91010": (800_000, 797_500, 21_187_360),
                  "91020": (100_000, 98_000, 0), "91030": (1_500_000, 1_495_000, 0)}

# --------------------------------------------------------------------------------------------
# Recipes: how a cell is booked (accounts, cost centres, transaction kinds, texts).
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counterpart:
    """The other side of an internal posting: its unit and where the mirror row is booked."""
    unit: str
    konto: str
    ansvar: str
    verksamhet: str
    weight: float = 1.0


@dataclass(frozen=True)
class Comp:
    """One booking component. `weight` is a share of its cell (KS/KF) or annual mnkr (others)."""
    konto: str
    places: tuple[tuple[str, str, float], ...]   # (ansvar, verksamhet, weight)
    weight: float
    kind: str                                    # salary | monthly | quarterly | invoice
    texts: tuple[str, ...]
    n: int = 1                                   # invoices per month
    counterparts: tuple[Counterpart, ...] = ()
    only: tuple[str, ...] = ()                   # "2022", "2023", "BUD"; empty = always
    prefix: str = ""
    aktivitet: str = ""
    projekt: str = ""
    season: tuple[float, ...] = ()               # 12 month weights (other nämnder); () = the kind's own


KLF_DEPTS = [("12100", "1200", 16), ("12200", "1200", 16), ("12300", "1220", 22), ("12400", "1200", 8),
             ("12500", "1200", 7), ("12600", "1200", 14), ("12700", "1250", 5), ("12800", "1290", 5),
             ("12900", "1200", 7)]
P = {"pol": (("11010", "1010", 3), ("11020", "1010", 1)), "klf": tuple(KLF_DEPTS),
     "radd": (("13100", "2600", 1),), "overf": (("13500", "9100", 1),),
     "kf": (("10100", "1000", 4), ("10500", "1050", 1)), "kf1": (("10100", "1000", 1),),
     "rev": (("10500", "1050", 1),), "pol1": (("11010", "1010", 1),)}
for _code, _verks, _ in KLF_DEPTS:
    P[_code] = ((_code, _verks, 1),)
RENT_TN = (Counterpart("TN", "3640", "42100", "2800"),)
BUYERS = [("BUN", "20100", "4010", 0.40), ("SN", "30100", "5010", 0.30), ("TN", "40100", "2010", 0.15),
          ("UPN", "50100", "3010", 0.10), ("MBN", "60100", "2110", 0.05)]


def _buyers(konto: str) -> tuple[Counterpart, ...]:
    """KLF's internal customers; the mirror row is booked on their administration."""
    return tuple(Counterpart(unit, konto, ansvar, verks, weight) for unit, ansvar, verks, weight in BUYERS)


LF = "Leverantörsfaktura "
SALARY = [("5011", 0.61, "Lön {mon}"), ("5031", 0.02, "Timlön {mon}"),
          ("5111", 0.03, "Semesterersättning {mon}"), ("5610", 0.205, "Arbetsgivaravgifter {mon}"),
          ("5710", 0.11, "Pensionskostnader {mon}")]
RECIPES: dict[tuple[str, str], list[Comp]] = {
    (POL, "Personalkostnader"): [
        Comp("5210", P["pol"], 0.76, "salary", ("Arvoden förtroendevalda {mon}",)),
        Comp("5610", P["pol"], 0.24, "salary", ("Arbetsgivaravgifter arvoden {mon}",))],
    (POL, "Övriga driftskostnader"): [
        Comp("7110", P["pol1"], 0.25, "invoice",
             (LF + "catering sammanträde", LF + "konferenslokal"), n=2),
        Comp("7310", P["pol"], 0.35, "invoice", (LF + "SKR utbildning", "Konferensavgift förtroendevalda"), n=2),
        Comp("6410", P["pol"], 0.20, "invoice", (LF + "Netpublicator", LF + "Atea surfplattor"), n=1),
        Comp("7010", P["pol"], 0.20, "monthly", ("Resor förtroendevalda {mon}",), prefix="MB")],
    (KLF, "Taxor och avgifter"): [
        Comp("3110", P["12800"], 0.85, "invoice",
             ("Tillståndsavgift serveringstillstånd", "Avgift tillsyn serveringstillstånd"), n=8),
        Comp("3120", P["12600"], 0.15, "invoice", ("Avgift kopior allmänna handlingar",), n=2)],
    (KLF, "Bidrag (intäkter)"): [
        Comp("3510", P["12800"], 0.35, "quarterly", ("Statsbidrag krisberedskap kv {kv}",), prefix="KF"),
        Comp("3520", P["12200"], 0.30, "monthly", ("Lönebidrag Arbetsförmedlingen {mon}",), prefix="KF"),
        Comp("3540", P["12700"], 0.20, "invoice", ("EU-bidrag projekt näringsliv",), n=1,
             aktivitet="7001", projekt="81001"),
        Comp("3510", P["12100"], 0.15, "monthly", ("Statsbidrag utökad tjänst ekonomi {mon}",), prefix="KF")],
    (KLF, "Övriga intäkter"): [
        Comp("3610", P["12300"], 0.50, "monthly", ("Internfakturering IT-tjänster {mon}",),
             counterparts=_buyers("6450"), prefix="IF"),
        Comp("3620", P["12200"], 0.18, "monthly", ("Internfakturering lönetjänster {mon}",),
             counterparts=_buyers("6460"), prefix="IF"),
        Comp("3040", P["12200"], 0.12, "invoice", ("Fakturering lönetjänster Räddningsförbundet",
                                                    "Fakturering lönetjänster Enköpings hyresbostäder"), n=2),
        Comp("3910", P["12600"], 0.08, "invoice", ("Återbetalning försäkringspremie", "Övrig intäkt"), n=1),
        Comp("3050", P["12400"], 0.05, "invoice", ("Försäljning trycksaker",), n=1),
        Comp("3710", P["12600"], 0.07, "invoice", ("Försäljning tjänstebil",), n=1, only=("2023",))],
    (KLF, "Personalkostnader"): [
        Comp(k, P["klf"], w, "salary", (t,)) for k, w, t in SALARY] + [
        Comp("5510", P["klf"], 0.025, "invoice", (LF + "Previa företagshälsovård", "Friskvårdsbidrag"), n=6)],
    (KLF, "Bidrag (kostnader)"): [
        Comp("4510", P["12700"], 0.7, "quarterly", ("Bidrag Nyföretagarcentrum kv {kv}",), prefix="LF"),
        Comp("4520", P["12800"], 0.3, "invoice", ("Bidrag brottsofferjour",), n=1)],
    (KLF, "Köp av verksamhet"): [
        Comp("4630", P["12600"], 1.0, "quarterly", ("Köp av verksamhet samordningsförbund kv {kv}",), prefix="LF")],
    (KLF, "Lokalhyror"): [
        Comp("6011", P["12600"], 0.78, "monthly", ("Internhyra stadshuset {mon}",), counterparts=RENT_TN, prefix="IF"),
        Comp("6011", P["12300"], 0.12, "monthly", ("Internhyra serverhall {mon}",), counterparts=RENT_TN, prefix="IF"),
        Comp("6020", P["12900"], 0.10, "monthly", ("Lokalhyra kontaktcenter {mon}",), prefix="LF")],
    (KLF, "Övriga driftskostnader"): [
        Comp("4010", P["klf"], 0.05, "invoice", (LF + "Lyreco", LF + "Staples", LF + "Office Depot"), n=24),
        Comp("6410", P["12300"], 0.19, "invoice", (LF + "Atea licenser", LF + "Visma licens",
                                                    LF + "Adobe", LF + "Microsoft via Atea"), n=20),
        Comp("6420", P["12300"], 0.13, "invoice", (LF + "Tietoevry drift", LF + "Advania drift"), n=8),
        Comp("6430", P["12300"], 0.06, "invoice", (LF + "Telia", LF + "Tele2"), n=6),
        Comp("6510", P["12300"], 0.05, "invoice", (LF + "Dustin", LF + "Atea"), n=16),
        Comp("7410", P["klf"], 0.13, "invoice", (LF + "PwC", LF + "KPMG", LF + "Sweco", LF + "konsulttjänst"), n=20),
        Comp("7510", P["12300"], 0.06, "invoice", (LF + "Academic Work", LF + "Poolia"), n=8),
        Comp("7310", P["klf"], 0.04, "invoice",
             (LF + "Kommentus utbildning", "Konferensavgift SKR", "Kursavgift"), n=12),
        Comp("7110", P["12600"], 0.01, "invoice", (LF + "representation",), n=3),
        Comp("6910", P["12400"], 0.04, "invoice", (LF + "annonsering", LF + "tryckeri"), n=10, aktivitet="2301"),
        Comp("6810", P["12900"], 0.02, "invoice", (LF + "PostNord",), n=4),
        Comp("7710", P["12600"], 0.08, "quarterly", ("Försäkringspremie Kommunassurans kv {kv}",), prefix="LF"),
        Comp("7820", P["12600"], 0.05, "quarterly", ("Medlemsavgift SKR kv {kv}",), prefix="LF"),
        Comp("7810", P["12100"], 0.02, "monthly", ("Bankavgifter {mon}",), prefix="MB"),
        Comp("6920", P["klf"], 0.02, "monthly", ("Intern fordonshyra {mon}",),
             counterparts=(Counterpart("TN", "3650", "41900", "2450"),), prefix="IF"),
        Comp("6120", P["12800"], 0.02, "invoice", (LF + "Securitas", LF + "larmcentral"), n=4),
        Comp("7020", P["klf"], 0.01, "monthly", ("Resor och logi {mon}",), prefix="MB"),
        Comp("6440", P["12300"], 0.02, "invoice", (LF + "Sokigo", LF + "Evry e-tjänster"), n=4)],
    (KLF, "Kapitaltjänstkostnader"): [
        Comp("7910", P["12600"], 0.30, "monthly", ("Avskrivning inventarier {mon}",), prefix="AV"),
        Comp("7920", P["12300"], 0.55, "monthly", ("Avskrivning IT-utrustning {mon}",), prefix="AV"),
        Comp("8450", P["12300"], 0.15, "monthly", ("Internränta {mon}",), prefix="AV")],
    (RADD, "Köp av verksamhet"): [
        Comp("4610", P["radd"], 1.0, "monthly", ("Medlemsbidrag Räddningstjänst {mon}",), prefix="LF")],
    (RADD, "Övriga driftskostnader"): [
        Comp("7410", P["radd"], 0.6, "invoice", (LF + "riskanalys räddningstjänst",), n=1),
        Comp("7810", P["radd"], 0.4, "invoice", ("Avgift automatiskt brandlarm",), n=1)],
    (OVERF, "Köp av verksamhet"): [
        Comp("4620", P["overf"], 1.0, "monthly", ("Köp av verksamhet gemensam överförmyndarnämnd {mon}",),
             prefix="LF")],
    (OVERF, "Övriga driftskostnader"): [
        Comp("6810", P["overf"], 0.5, "invoice", (LF + "PostNord",), n=1),
        Comp("7410", P["overf"], 0.5, "invoice", (LF + "granskning årsräkningar",), n=1)],
    (KFR, "Personalkostnader"): [
        Comp("5210", P["kf"], 0.76, "salary", ("Arvoden förtroendevalda {mon}",)),
        Comp("5610", P["kf"], 0.24, "salary", ("Arbetsgivaravgifter arvoden {mon}",))],
    (KFR, "Bidrag (kostnader)"): [
        Comp("4540", P["kf1"], 1.0, "quarterly", ("Partistöd kv {kv}",), prefix="LF")],
    (KFR, "Övriga driftskostnader"): [
        Comp("7410", P["rev"], 0.55, "invoice", (LF + "PwC sakkunnigt biträde revision",), n=2),
        Comp("6910", P["kf1"], 0.15, "invoice", (LF + "annonsering kungörelse",), n=1),
        Comp("6410", P["kf1"], 0.10, "invoice", (LF + "webbsändning fullmäktige",), n=1),
        Comp("7110", P["kf1"], 0.10, "invoice", (LF + "catering sammanträde",), n=1),
        Comp("7310", P["rev"], 0.10, "invoice", ("Kursavgift revisorer",), n=1)],
}

# --------------------------------------------------------------------------------------------
# Helpers: integer splitting, dates, vouchers
# --------------------------------------------------------------------------------------------


def split_int(total: int, weights: list[float]) -> list[int]:
    """Split `total` into integer parts proportional to `weights`; the parts sum exactly to total."""
    scaled = [max(0, round(w * 1_000_000)) for w in weights]
    if not any(scaled):
        scaled = [1] * len(weights)
    whole, sign, size = sum(scaled), (-1 if total < 0 else 1), abs(total)
    parts = [size * w // whole for w in scaled]
    order = sorted(range(len(scaled)), key=lambda i: (-(size * scaled[i] % whole), i))
    for i in order[:size - sum(parts)]:
        parts[i] += 1
    return [sign * p for p in parts]


def printed(ore: int) -> Decimal:
    """Öre -> mnkr with one decimal, half away from zero (the report's rounding)."""
    return (Decimal(ore) / ORE_PER_MNKR).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def weekdays(year: int, month: int) -> list[dt.date]:
    last = calendar.monthrange(year, month)[1]
    days = [dt.date(year, month, d) for d in range(1, last + 1)]
    return [d for d in days if d.weekday() < 5]


def salary_day(year: int, month: int) -> dt.date:
    return max(d for d in weekdays(year, month) if d.day <= 25)


class Vouchers:
    """Voucher numbers like LF230815-0042: prefix, booking date, running number per prefix and day."""

    def __init__(self) -> None:
        self._seq: dict[tuple[str, dt.date], int] = defaultdict(int)
        self._shared: dict[tuple, str] = {}

    def new(self, prefix: str, day: dt.date) -> str:
        self._seq[(prefix, day)] += 1
        return f"{prefix}{day:%y%m%d}-{self._seq[(prefix, day)]:04d}"

    def shared(self, key: tuple, prefix: str, day: dt.date) -> str:
        if key not in self._shared:
            self._shared[key] = self.new(prefix, day)
        return self._shared[key]


# --------------------------------------------------------------------------------------------
# Cell matrices and their printed figures
# --------------------------------------------------------------------------------------------
Cells = dict[tuple[str, str], int]        # (DR row, RR line) -> öre, printed sign


def dr_labels(unit: str) -> list[str]:
    return [label for u, label, *_ in DR_ROWS if u == unit]


def base_tenths(unit: str) -> dict[str, dict[tuple[str, str], int]]:
    """Per measure, cells in tenths of mnkr whose row/column sums equal the printed targets."""
    targets = TARGETS[unit]
    result = {}
    for i, measure in enumerate(("B22", "A22", "A23", "BUD", "PRO")):
        column = {line: targets[("RR", line)][i] for line, _ in RR_LINES}
        cells: dict[tuple[str, str], int] = {}
        residual = KLF if unit == "KS" else KFR
        for label, lines in (SMALL_ROWS.items() if unit == "KS" else []):
            for line, values in lines.items():
                cells[(label, line)] = values[i]
        for line, value in column.items():
            if value is None:
                continue
            rest = int(value * 10) - sum(v for (_, other), v in cells.items() if other == line)
            if rest:
                cells[(residual, line)] = rest
        result[measure] = {k: v for k, v in cells.items() if v}
    return result


def statement_figures(unit: str, cells: Cells) -> dict[tuple[str, str], int | None]:
    """Unrounded printed figures (RR lines, sums, DR rows, total) of one measure; None = empty."""
    def total(values: list[int]) -> int | None:
        return sum(values) if values else None

    by_line = {line: [v for (_, cell_line), v in cells.items() if cell_line == line] for line, _ in RR_LINES}
    figures = {("RR", line): total(values) for line, values in by_line.items()}
    figures[("RR", "Summa intäkter")] = total([v for line in REVENUE_LINES for v in by_line[line]])
    figures[("RR", "Summa kostnader")] = total([v for line in COST_LINES for v in by_line[line]])
    figures[("RR", "Summa totalt")] = total(list(cells.values()))
    for label in dr_labels(unit):
        figures[("DR", label)] = total([v for (d, _), v in cells.items() if d == label])
    figures[("DR", "Totalt")] = total(list(cells.values()))
    return figures


def deviation_figures(budget: dict, forecast: dict) -> dict:
    return {key: None if budget[key] is None and forecast[key] is None
            else (forecast[key] or 0) - (budget[key] or 0) for key in budget}


def check_figure(got: int | None, expected: Decimal | None) -> str | None:
    """Why `got` (öre) does not print as `expected`, or None when it does (with safe margin)."""
    if expected is None:
        return None if got is None else f"expected empty, got {Decimal(got) / ORE_PER_MNKR}"
    if got is None:
        return f"expected {expected}, got empty"
    if printed(got) != expected:
        return f"expected {expected}, got {printed(got)} (unrounded {Decimal(got) / ORE_PER_MNKR})"
    if abs(got - int(expected * ORE_PER_MNKR)) >= TOLERANCE:
        return f"prints {expected} but unrounded {Decimal(got) / ORE_PER_MNKR} is not within 0,03"
    if expected == 0 and got < 0:
        return f"would print -0,0 (unrounded {Decimal(got) / ORE_PER_MNKR})"
    return None


def table_mismatches(unit: str, figures_by_column: dict[str, dict]) -> list[str]:
    """Compare the figures of the given columns with the unit's target table."""
    problems = []
    for (section, label), expected_row in TARGETS[unit].items():
        for column, expected in zip(COLUMNS, expected_row):
            if column in figures_by_column:
                message = check_figure(figures_by_column[column][(section, label)], expected)
                if message:
                    problems.append(f"{unit} {section} '{label}' [{column}]: {message}")
    return problems


def forecast_rule(unit: str, cell: tuple[str, str]) -> str:
    """copy: forecast = budget exactly; near: budget + a few tkr (prints 0,0); free: own target."""
    if unit == "KF":
        return "near"
    if ("KS", "RR", cell[1]) in EXACT_ZERO_DEVIATIONS or cell == (POL, "Övriga driftskostnader"):
        return "copy"
    return "near" if cell[0] in (RADD, OVERF) else "free"


def draw_actuals(unit: str, measure: str, base: dict, rng: random.Random) -> Cells:
    """Ledger cells in öre for one measure, accepted only if every printed figure is safe."""
    for _ in range(10_000):
        cells = {k: t * TENTH + rng.randint(-600_000, 600_000) for k, t in base.items()}
        if not table_mismatches(unit, {measure: statement_figures(unit, cells)}):
            return cells
    raise RuntimeError(f"no acceptable draw for {unit} {measure}")


def draw_budget(unit: str, base: dict, rng: random.Random) -> tuple[Cells, Cells, Cells]:
    """Budget, ändringsbudget and forecast cells (öre) that print every budget-side target."""
    for _ in range(10_000):
        budget = {k: t * TENTH + KR1000 * rng.randint(-6, 6) for k, t in base["BUD"].items()}
        amendment = {k: t * TENTH + KR1000 * rng.randint(-5, 5)
                     for k, (t, _) in AMENDMENTS.items()} if unit == "KS" else {}
        forecast = {}
        for k, t in base["PRO"].items():
            rule = forecast_rule(unit, k)
            if rule == "free":
                forecast[k] = t * TENTH + 100 * rng.randint(-6000, 6000)
                continue
            assert base["BUD"][k] == t, f"{unit} {k}: a forecast tied to the budget needs equal targets"
            forecast[k] = budget[k] + (100 * rng.randint(1000, 8000) if rule == "near" else 0)
        bud_fig, pro_fig = statement_figures(unit, budget), statement_figures(unit, forecast)
        problems = table_mismatches(unit, {"BUD": bud_fig, "PRO": pro_fig,
                                           "AVV": deviation_figures(bud_fig, pro_fig)})
        problems += budget_total_mismatches(unit, sum(budget.values()) - sum(amendment.values()),
                                            sum(amendment.values()))
        if not problems:
            return budget, amendment, forecast
    raise RuntimeError(f"no acceptable budget draw for {unit}")


def budget_total_mismatches(unit: str, original: int, amendment: int) -> list[str]:
    expected_original, expected_amendment = BUDGET_TOTALS[unit]
    problems = []
    for name, got, expected in (("Ursprunglig budget", original, expected_original),
                                ("Ändringsbudget", amendment, expected_amendment)):
        message = check_figure(got, expected)
        if message:
            problems.append(f"{unit} {name} total: {message}")
    return problems


# --------------------------------------------------------------------------------------------
# Ledger rows
# --------------------------------------------------------------------------------------------
Row = tuple  # (period, konto, ansvar, verksamhet, aktivitet, projekt, motpart, verifikation, datum, text, öre)


class LedgerWriter:
    """Turns amounts per component and month into transaction rows (with internal mirrors)."""

    def __init__(self, rng: random.Random, shared: LedgerWriter | None = None) -> None:
        """A writer with its own random stream; `shared` lends its rows and voucher numbers."""
        self.rng = rng
        self.vouchers = shared.vouchers if shared else Vouchers()
        self.rows: dict[int, list[Row]] = shared.rows if shared else defaultdict(list)

    def post(self, comp: Comp, year: int, months: list[int], total: int, density: float = 1.0) -> None:
        """Book `total` öre (debit positive) of `comp` over `months`."""
        schedule = self._schedule(comp.kind, months)
        if comp.season:
            schedule = [(m, w * comp.season[m - 1]) for m, w in schedule]
        for month, amount in zip([m for m, _ in schedule], split_int(total, [w for _, w in schedule])):
            if amount == 0:
                continue
            if comp.kind == "invoice":
                self._invoices(comp, year, month, amount, density)
            else:
                self._scheduled(comp, year, month, amount)

    def _schedule(self, kind: str, months: list[int]) -> list[tuple[int, float]]:
        rng = self.rng
        if kind == "salary":
            return [(m, 1 + rng.uniform(-0.03, 0.03) - (0.08 if m == 7 else 0)) for m in months]
        if kind == "quarterly":
            quarters = [m for m in months if m in (1, 4, 7, 10)] or months
            return [(m, 1.0) for m in quarters]
        if kind == "monthly":
            return [(m, 1.0) for m in months]
        return [(m, rng.gammavariate(6, 1)) for m in months]

    def _scheduled(self, comp: Comp, year: int, month: int, amount: int) -> None:
        """Salary and periodic bookings: one row per cost centre (and counterpart) on one voucher."""
        targets = [(p, c) for p in comp.places for c in (comp.counterparts or (None,))]
        jitter = 0.03 if comp.kind == "salary" else 0.0
        weights = [p[2] * (c.weight if c else 1) * (1 + self.rng.uniform(-jitter, jitter)) for p, c in targets]
        if comp.kind == "salary":
            day, prefix, key = salary_day(year, month), "LR", ("LR", year, month)
        else:
            day, prefix = weekdays(year, month)[-1], comp.prefix or "MB"
            key = (prefix, year, month, comp.konto, comp.texts[0])
        text = comp.texts[0].format(mon=MONTHS_SV[month - 1], kv=(month - 1) // 3 + 1, year=year)
        voucher = self.vouchers.shared(key, prefix, day)
        for (place, counterpart), part in zip(targets, split_int(amount, weights)):
            if part:
                self._row(comp, year, month, place, counterpart, voucher, day, text, part)

    def _invoices(self, comp: Comp, year: int, month: int, amount: int, density: float) -> None:
        """Invoices: random count, sizes, cost centres and weekdays; now and then a credit note."""
        rng = self.rng
        wanted = round(comp.n * density * INVOICE_DENSITY * rng.uniform(0.7, 1.3))
        count = max(1, min(wanted, abs(amount) // 80_000))
        credit = 0
        if count >= 3 and rng.random() < 0.08:
            credit = round(abs(amount) * rng.uniform(0.01, 0.04)) * (1 if amount > 0 else -1)
        parts = split_int(amount + credit, [rng.lognormvariate(0, 0.9) for _ in range(count)])
        prefix = comp.prefix or ("LF" if amount > 0 else "KF")
        days = weekdays(year, month)
        for part, is_credit in [(p, False) for p in parts] + ([(-credit, True)] if credit else []):
            if part == 0:
                continue
            place = rng.choices(comp.places, [p[2] for p in comp.places])[0]
            counterpart = rng.choices(comp.counterparts, [c.weight for c in comp.counterparts])[0] \
                if comp.counterparts else None
            day = rng.choice(days)
            text = rng.choice(comp.texts).format(mon=MONTHS_SV[month - 1], kv=(month - 1) // 3 + 1, year=year)
            if is_credit:
                text = "Kreditfaktura " + text.removeprefix(LF)
            self._row(comp, year, month, place, counterpart, self.vouchers.new(prefix, day), day, text, part)

    def _row(self, comp: Comp, year: int, month: int, place: tuple, counterpart: Counterpart | None,
             voucher: str, day: dt.date, text: str, amount: int) -> None:
        period = f"{year}-{month:02d}"
        motpart = MOTPART[counterpart.unit] if counterpart else EXTERNAL
        self.rows[year].append((period, comp.konto, place[0], place[1], comp.aktivitet, comp.projekt,
                                motpart, voucher, day, text, amount))
        if counterpart:
            own_unit = unit_of_ansvar(place[0])
            self.rows[year].append((period, counterpart.konto, counterpart.ansvar, counterpart.verksamhet,
                                    "", "", MOTPART[own_unit], voucher, day, text, -amount))


def unit_of_ansvar(ansvar: str) -> str:
    return next(u for low, high, u, _ in ANSVAR_RANGES if int(low) <= int(ansvar) <= int(high))


def active(comps: list[Comp], tag: str) -> list[Comp]:
    return [c for c in comps if not c.only or tag in c.only]


def post_cells(ledger: LedgerWriter, cells: Cells, year: int, months: list[int]) -> None:
    """Book KS/KF cells (printed sign) as ledger rows; each cell sums exactly."""
    for cell, value in cells.items():
        if value == 0:
            continue
        comps = active(RECIPES[cell], str(year))
        assert comps, f"no booking recipe for {cell} in {year}"
        weights = [c.weight * ledger.rng.uniform(0.9, 1.1) for c in comps]
        for comp, amount in zip(comps, split_int(-value, weights)):
            ledger.post(comp, year, months, amount)


# --------------------------------------------------------------------------------------------
# The other nämnder (declared in tools/sample_kommun.py). Each draws from its own seeded stream,
# after KS and KF, so nothing about them moves a KS or KF figure.
# --------------------------------------------------------------------------------------------
NAMND = {n.code: n for n in NAMNDER}
GROWTH_2023 = 1.055                  # a line's Budget 2023 / Bokslut 2022, before noise
DENSITY_2023 = 1.11                  # more invoices per month in 2023


def unit_rng(code: str) -> random.Random:
    return random.Random(f"{SEED}-{code}")


def rr_of_konto(konto: str) -> str:
    """RR line (or Investering/Exkluderas) of an account by KONTON's longest matching prefix."""
    return max((len(low), target) for low, high, target, _ in KONTON
               if len(konto) >= len(low) and low <= konto[:len(low)] <= high)[1]


def dr_row_of(unit: str, ansvar: str) -> str:
    """The DR row of another nämnd's cost centre (its DR rows partition the nämnd's range)."""
    return next(d.label for d in NAMND[unit].dr_rows if int(d.low) <= int(ansvar) <= int(d.high))


def season_share(comp: Comp, months: list[int]) -> float:
    """Share of a year's amount that falls in `months` (even months unless the line has a season)."""
    weights = comp.season or (1.0,) * 12
    return sum(weights[m - 1] for m in months) / sum(weights)


@dataclass
class Planned:
    """One declared line of a nämnd, resolved to its cost centres, budget rows and full-year outcome."""
    unit: str
    dr: str
    line: Line
    comp: Comp
    original: list[int]                  # Ursprunglig budget per place (tkr, debit positive)
    change: list[int]                    # Ändringsbudget per place (tkr)

    @property
    def budget(self) -> int:
        """Budget 2023 in öre, debit positive."""
        return (sum(self.original) + sum(self.change)) * KR1000

    @property
    def outcome(self) -> int:
        """Full-year outcome 2023 in öre, debit positive: the forecast the ekonom makes."""
        return round(self.budget * (1 + self.line.avvikelse))


def plan_namnd(namnd: Namnd, rng: random.Random, centralised: tuple[int, int]) -> list[Planned]:
    """Resolve a nämnd's lines: places with random weights, the budget split over them, and the
    ändringsbudget of the posts centralised into KLF (`centralised`: personal, other, in tkr)."""
    planned = []
    for row in namnd.dr_rows:
        places = tuple((str(first + 10 * i), verks, round(rng.uniform(0.6, 1.4), 3))
                       for first, verks, count in row.places for i in range(count))
        for line in row.lines:
            mine = tuple(p for p in places if p[0].startswith(line.where))
            assert mine, f"{namnd.code} {row.label} {line.konto}: no place starts with {line.where!r}"
            internal = tuple(Counterpart(i.unit, i.konto, i.ansvar, i.verksamhet, i.weight) for i in line.internal)
            comp = Comp(line.konto, mine, 0, line.kind, line.texts, n=line.n, counterparts=internal,
                        prefix=line.prefix, season=line.season)
            original = split_int(round(line.mnkr * 1000), [p[2] for p in mine])
            planned.append(Planned(namnd.code, row.label, line, comp, original, [0] * len(mine)))
    personal, other = centralised
    admin = [p for p in planned if p.dr == namnd.dr_rows[0].label and p.comp.places[0][0] == namnd.admin]
    payroll = [p for p in admin if p.line.konto in ("5011", "5610", "5710")]
    it = [p for p in admin if p.line.konto == "6410"]
    assert len(payroll) == 3 and len(it) == 1, f"{namnd.code}: centralisation needs payroll and 6410 lines"
    for p, part in zip(payroll, split_int(personal, [p.original[0] for p in payroll])):
        p.change[0] += part
    it[0].change[0] += other
    return planned


def centralisation(ks_rows: dict) -> dict[str, tuple[int, int]]:
    """Each nämnd's ändringsbudget (tkr, debit positive: negative) for the ekonomi and kommunikation
    posts KLF took over: KS's own KLF amendment (personal, other costs) split by the posts moved."""
    klf = [(key[2], change) for key, (_, change) in ks_rows.items() if 12000 <= int(key[0]) <= 12999 and change]
    personal = sum(c for konto, c in klf if konto.startswith("5"))
    other = sum(c for konto, c in klf if not konto.startswith(("3", "5")))
    posts = [n.centralised_posts for n in NAMNDER]
    return {n.code: pair for n, pair in zip(NAMNDER, zip(split_int(-personal, posts), split_int(-other, posts)))}


def post_namnd(ledger: LedgerWriter, planned: list[Planned], namnd: Namnd) -> None:
    """Ledger rows of one nämnd: Bokslut 2022 from the original budget, January-August 2023 from
    the full-year outcome times the months' share; then its investment projects."""
    rng = ledger.rng
    year_2022, jan_aug = list(range(1, 13)), list(range(1, REPORT_MONTH + 1))
    for p in planned:
        ledger.post(p.comp, PREVIOUS_YEAR, year_2022,
                    round(sum(p.original) * KR1000 / GROWTH_2023 * rng.uniform(0.97, 1.03)))
        ledger.post(p.comp, REPORT_YEAR, jan_aug,
                    round(p.outcome * season_share(p.comp, jan_aug) * rng.uniform(0.985, 1.015)), DENSITY_2023)
    for project in namnd.projects:
        texts = {"11": (LF + "entreprenad", LF + "NCC", LF + "Peab"),
                 "10": (LF + "systemleverantör", "Konsulttjänst systeminförande")}.get(
            project.konto[:2], (LF + "Atea", LF + "Dustin", LF + "Kinnarps"))
        comp = Comp(project.konto, ((project.ansvar, project.verksamhet, 1),), 0, "invoice", texts, n=3,
                    projekt=project.projekt)
        if project.spent_2022:
            ledger.post(comp, PREVIOUS_YEAR, year_2022, round(project.spent_2022 * ORE_PER_MNKR))
        ledger.post(comp, REPORT_YEAR, jan_aug, round(project.prognos * project.share_by_august * ORE_PER_MNKR))


def ks_internal() -> dict[str, tuple[Counterpart, ...]]:
    """KS's internal accounts and their counterparts (IT and payroll services, rent, vehicles)."""
    found: dict[str, tuple[Counterpart, ...]] = {}
    for comps in RECIPES.values():
        for comp in comps:
            if comp.counterparts:
                assert found.get(comp.konto, comp.counterparts) == comp.counterparts, comp.konto
                found[comp.konto] = comp.counterparts
    return found


def mirrored(total: int, counterparts: tuple[Counterpart, ...]) -> list[tuple[Counterpart, int]]:
    return list(zip(counterparts, split_int(total, [c.weight for c in counterparts])))


def budget_rows_for_namnder(planned: list[Planned], ks_rows: dict) -> dict[BudgetKey, list[int]]:
    """Budget rows (tkr: [ursprunglig, ändring]) of the other nämnder, with the internal mirrors:
    a counterpart budgets the other side of every internal line, KS's included."""
    rows: dict[BudgetKey, list[int]] = defaultdict(lambda: [0, 0])
    for p in planned:
        if p.line.konto.startswith("2"):
            continue                     # balance-sheet accounts are not budgeted
        for place, original, change in zip(p.comp.places, p.original, p.change):
            rows[(place[0], place[1], p.line.konto)][0] += original
            rows[(place[0], place[1], p.line.konto)][1] += change
        for c, part in mirrored(-(sum(p.original) + sum(p.change)), p.comp.counterparts):
            rows[(c.ansvar, c.verksamhet, c.konto)][0] += part
    internal = ks_internal()
    for konto, counterparts in internal.items():
        total = sum(u + c for (_, _, k), (u, c) in ks_rows.items() if k == konto)
        for c, part in mirrored(-total, counterparts):
            rows[(c.ansvar, c.verksamhet, c.konto)][0] += part
    return dict(rows)


def forecast_cells_for_namnder(planned: list[Planned], ks_rows: dict) -> dict[str, Cells]:
    """Prognos per nämnd, DR row and RR line (öre, printed sign): every line's full-year outcome,
    and on the other side of an internal line its mirror (KS's at budget)."""
    cells: dict[str, Cells] = defaultdict(lambda: defaultdict(int))

    def add(unit: str, ansvar: str, konto: str, ore: int) -> None:
        line = rr_of_konto(konto)
        if line not in (INVESTMENT, EXCLUDED):
            cells[unit][(dr_row_of(unit, ansvar), line)] += ore
    for p in planned:
        add(p.unit, p.comp.places[0][0], p.line.konto, -p.outcome)
        for c, part in mirrored(p.outcome, p.comp.counterparts):
            add(c.unit, c.ansvar, c.konto, part)
    for konto, counterparts in ks_internal().items():
        total = sum(u + c for (_, _, k), (u, c) in ks_rows.items() if k == konto) * KR1000
        for c, part in mirrored(total, counterparts):
            add(c.unit, c.ansvar, c.konto, part)
    return cells


# The investment export is municipality-wide; its Ansvar column tells whose project it is.
KS_PROJECT_ANSVAR = {"91001": "12300", "91002": "12300", "91003": "12300", "91010": "12300",
                     "91020": "12600", "91030": "12100"}
KS_INVESTMENT_ACCOUNTS = {"91001": "1222", "91002": "1223", "91010": "1030"}
KS_INVESTMENTS_2022 = {"91001": 4.2, "91002": 2.6, "91010": 0.5}


def post_investments(ledger: LedgerWriter) -> None:
    """Class 1 rows of the KS projects (exact 2023 actuals)."""
    rng = ledger.rng
    texts = (LF + "Atea", LF + "Dustin", LF + "Advania")
    for project, konto in KS_INVESTMENT_ACCOUNTS.items():
        comp = Comp(konto, (("12300", "1220", 1),), 0, "invoice", texts, n=1, projekt=project)
        ledger.post(comp, PREVIOUS_YEAR, list(range(1, 13)), round(KS_INVESTMENTS_2022[project]
                                                                    * ORE_PER_MNKR * rng.uniform(0.9, 1.1)))
        months = sorted(rng.sample(range(1, REPORT_MONTH + 1), 5))
        ledger.post(comp, REPORT_YEAR, months, KS_INVESTMENTS[project][2])


# --------------------------------------------------------------------------------------------
# Budget, forecast and investment rows
# --------------------------------------------------------------------------------------------
BudgetKey = tuple[str, str, str]   # (ansvar, verksamhet, konto)


def budget_rows_for_cells(budget: Cells, amendment: Cells, rng: random.Random) -> dict[BudgetKey, list[int]]:
    """Split budget cells into (ansvar, verksamhet, konto) rows in thousands: [ursprunglig, ändring]."""
    rows: dict[BudgetKey, list[int]] = {}
    for cell, value in budget.items():
        comps = active(RECIPES[cell], "BUD")
        cell_rows: dict[BudgetKey, int] = defaultdict(int)
        for comp, part in zip(comps, split_int(-value // KR1000, [c.weight * rng.uniform(0.9, 1.1) for c in comps])):
            place_weights = [p[2] * rng.uniform(0.85, 1.15) for p in comp.places]
            for place, amount in zip(comp.places, split_int(part, place_weights)):
                cell_rows[(place[0], place[1], comp.konto)] += amount
        changes: dict[BudgetKey, int] = defaultdict(int)
        if cell in amendment:
            eligible = [k for k in cell_rows if k[0] in AMENDMENTS[cell][1]]
            for key, change in zip(eligible, split_int(-amendment[cell] // KR1000,
                                                       [abs(cell_rows[k]) for k in eligible])):
                changes[key] = change
        for key, total in cell_rows.items():
            if total:
                rows[key] = [total - changes[key], changes[key]]
    return rows


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
def write_workbook(path: Path, sheets: list[tuple[str, list[str], list[list], dict[int, str]]]) -> None:
    """Write sheets of (name, headings, rows, {column: number format}); str = text cell, deterministic."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": path.stem, "author": "tools/make_sample.py (exempeldata)",
                             "company": "Exempelkommun", "created": CREATED})
    bold = workbook.add_format({"bold": True})
    formats = {}
    for name, headings, rows, number_formats in sheets:
        sheet = workbook.add_worksheet(name)
        for fmt in number_formats.values():
            formats[fmt] = formats.get(fmt) or workbook.add_format({"num_format": fmt})
        sheet.write_row(0, 0, headings, bold)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                fmt = formats.get(number_formats.get(c))
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
                else:
                    sheet.write_number(r, c, value, fmt)
        for c, heading in enumerate(headings):
            sheet.set_column(c, c, max(10, len(heading) + 2))
    workbook.close()


def write_settings(out: Path) -> None:
    write_workbook(out / "installningar" / "kontoplan.xlsx", [
        ("Resultaträkning", ["Ordning", "RR-rad", "Typ"],
         [[i, name, kind] for i, (name, kind) in enumerate(RR_LINES, start=1)], {}),
        ("Konton", ["Från", "Till", "RR-rad", "Benämning"], [list(r) for r in KONTON], {})])
    write_workbook(out / "installningar" / "organisation.xlsx", [
        ("Rapportenheter", ["Kod", "Namn", "Egen rapport", "Redovisas i"], [list(u) for u in UNITS], {}),
        ("Ansvar", ["Ansvar från", "Ansvar till", "Rapportenhet", "Benämning"], [list(a) for a in ANSVAR_RANGES], {}),
        ("Driftsredovisning", ["Rapportenhet", "DR-rad", "Ansvar från", "Ansvar till", "Verksamhet från",
                               "Verksamhet till"], [list(d) for d in DR_ROWS], {}),
        ("Projekt", ["Projekt", "Benämning", "Investeringsgrupp", "Rapportenhet"], [list(p) for p in PROJECTS], {}),
        ("Förvaltningar", ["Kod", "Namn", "Rapportenhet"], [list(f) for f in FORVALTNINGAR], {})])


LEDGER_HEADINGS = ["Period", "Konto", "Ansvar", "Verksamhet", "Aktivitet", "Projekt", "Motpart",
                   "Verifikation", "Datum", "Text", "Belopp"]


def generate(out: Path) -> None:
    rng = random.Random(SEED)
    ledger = LedgerWriter(rng)
    budget_rows: dict[BudgetKey, list[int]] = {}
    forecast_rows = []
    for unit in ("KS", "KF"):
        base = base_tenths(unit)
        actual = {m: draw_actuals(unit, m, base[m], rng) for m in ("B22", "A22", "A23")}
        late_2022 = {k: v - actual["A22"].get(k, 0) for k, v in actual["B22"].items()}
        assert all(v == 0 or (v > 0) == (actual["B22"][k] > 0) for k, v in late_2022.items()), "sep-dec sign"
        post_cells(ledger, actual["A22"], PREVIOUS_YEAR, list(range(1, 9)))
        post_cells(ledger, late_2022, PREVIOUS_YEAR, list(range(9, 13)))
        post_cells(ledger, actual["A23"], REPORT_YEAR, list(range(1, REPORT_MONTH + 1)))
        budget, amendment, forecast = draw_budget(unit, base, rng)
        budget_rows.update(budget_rows_for_cells(budget, amendment, rng))
        for label in dr_labels(unit):
            for line, _ in RR_LINES:
                if (label, line) in forecast:
                    forecast_rows.append([REPORT_YEAR, unit, label, line, forecast[(label, line)] / KR1000])
    post_investments(ledger)

    centralised = centralisation(budget_rows)
    planned = []
    for namnd in NAMNDER:
        own = unit_rng(namnd.code)
        mine = plan_namnd(namnd, own, centralised[namnd.code])
        post_namnd(LedgerWriter(own, shared=ledger), mine, namnd)
        planned += mine
    forecast_cells = forecast_cells_for_namnder(planned, budget_rows)
    for key, value in budget_rows_for_namnder(planned, budget_rows).items():
        assert key not in budget_rows, key
        budget_rows[key] = value
    order = {line: i for i, (line, _) in enumerate(RR_LINES)}
    for namnd in NAMNDER:
        labels = [d.label for d in namnd.dr_rows]
        cells = forecast_cells[namnd.code]
        for label, line in sorted(cells, key=lambda k: (labels.index(k[0]), order[k[1]])):
            thousands = round(cells[(label, line)] / KR1000)      # the ekonom forecasts in whole tkr
            if thousands:
                forecast_rows.append([REPORT_YEAR, namnd.code, label, line, thousands])

    money = "#,##0.00"
    for year in (PREVIOUS_YEAR, REPORT_YEAR):
        rows = sorted(ledger.rows[year], key=lambda r: (r[0], r[8], r[7]))
        write_workbook(out / f"huvudbok_{year}.xlsx", [("Huvudbok", LEDGER_HEADINGS, [
            [*r[:10], r[10] / 100] for r in rows], {8: "yyyy-mm-dd", 10: money})])
    write_workbook(out / f"budget_{REPORT_YEAR}.xlsx", [(
        "Budget", ["År", "Ansvar", "Verksamhet", "Konto", "Ursprunglig budget", "Ändringsbudget", "Budget"],
        [[REPORT_YEAR, *key, u * 1000, c * 1000, (u + c) * 1000] for key, (u, c) in sorted(budget_rows.items())
         if u or c], {4: "#,##0", 5: "#,##0", 6: "#,##0"})])
    write_workbook(out / f"prognos_{REPORT_YEAR}.xlsx", [(
        "Prognos", ["År", "Rapportenhet", "Verksamhet", "Resultaträkningsrad", "Prognos helår"],
        forecast_rows, {4: "#,##0.000"})])
    names = {p[0]: p[1] for p in PROJECTS}
    investments = [[REPORT_YEAR, p, KS_PROJECT_ANSVAR[p], names[p], b, f]
                   for p, (b, f, _) in KS_INVESTMENTS.items()]
    investments += [[REPORT_YEAR, p.projekt, p.ansvar, p.benamning, round(p.budget * 1e6), round(p.prognos * 1e6)]
                    for n in NAMNDER for p in n.projects]
    write_workbook(out / f"investeringar_{REPORT_YEAR}.xlsx", [(
        "Investeringar", ["År", "Projekt", "Ansvar", "Benämning", "Budget", "Prognos helår"], investments,
        {4: "#,##0", 5: "#,##0"})])
    write_settings(out)


# --------------------------------------------------------------------------------------------
# Self-check: read the files back and recompute every target with the settings' rules
# --------------------------------------------------------------------------------------------
def _read(path: Path, sheet: str, text_columns: list[str]) -> pd.DataFrame:
    """One sheet as a DataFrame, the given columns read as text."""
    reader = fastexcel.read_excel(str(path))
    return reader.load_sheet(sheet, dtypes={c: "string" for c in text_columns}).to_pandas()


def _in_range(code: str, low, high) -> bool:
    """Blank bounds mean 'all', as on the Driftsredovisning sheet."""
    low, high = ("" if pd.isna(v) else str(v) for v in (low, high))
    return (not low or int(code) >= int(low)) and (not high or int(code) <= int(high))


def _account_target(konto: str, konton: pd.DataFrame) -> str | None:
    """RR line of the longest matching prefix row; None when unmapped or ambiguous."""
    matches = [(len(r["Från"]), r["RR-rad"]) for _, r in konton.iterrows()
               if len(konto) >= len(r["Från"]) and r["Från"] <= konto[:len(r["Från"])] <= r["Till"]]
    longest = max((n for n, _ in matches), default=0)
    targets = [target for n, target in matches if n == longest]
    return targets[0] if len(targets) == 1 else None


def _read_ledger(out: Path, problems: list[str]) -> pd.DataFrame:
    """Both ledger files, with öre in printed sign (`ore`), year and month; contract checks."""
    frames = []
    for year, last in ((PREVIOUS_YEAR, 12), (REPORT_YEAR, REPORT_MONTH)):
        path = out / f"huvudbok_{year}.xlsx"
        frame = _read(path, "Huvudbok", [h for h in LEDGER_HEADINGS if h not in ("Datum", "Belopp")])
        if list(frame.columns) != LEDGER_HEADINGS:
            problems.append(f"{path.name}: headings {list(frame.columns)}")
        if sorted(frame["Period"].unique()) != [f"{year}-{m:02d}" for m in range(1, last + 1)]:
            problems.append(f"{path.name}: periods {sorted(frame['Period'].unique())}")
        if (frame["Datum"].dt.strftime("%Y-%m") != frame["Period"]).any():
            problems.append(f"{path.name}: Datum outside its period")
        if path.stat().st_size > MAX_LEDGER_BYTES:
            problems.append(f"{path.name}: {path.stat().st_size} bytes > {MAX_LEDGER_BYTES}")
        frames.append(frame)
    ledger = pd.concat(frames, ignore_index=True)
    ore = (ledger["Belopp"] * 100).round()
    if ((ledger["Belopp"] * 100 - ore).abs() > 1e-6).any():
        problems.append("huvudbok: Belopp with more than two decimals")
    return ledger.assign(ore=-ore.astype("int64"), year=ledger["Period"].str[:4].astype(int),
                         month=ledger["Period"].str[5:].astype(int))


def _read_budget(out: Path, problems: list[str]) -> pd.DataFrame:
    """Budget rows with öre in printed sign: `ore` (Budget), `original`, `change`."""
    budget = _read(out / f"budget_{REPORT_YEAR}.xlsx", "Budget", ["Ansvar", "Verksamhet", "Konto"])
    ore = {c: -(budget[c] * 100).round().astype("int64") for c in ("Ursprunglig budget", "Ändringsbudget", "Budget")}
    if (ore["Ursprunglig budget"] + ore["Ändringsbudget"] != ore["Budget"]).any():
        problems.append("budget: Budget != Ursprunglig budget + Ändringsbudget on some rows")
    return budget.assign(ore=ore["Budget"], original=ore["Ursprunglig budget"], change=ore["Ändringsbudget"])


def _classified(frame: pd.DataFrame, out: Path, problems: list[str]) -> pd.DataFrame:
    """Add unit (Ansvar sheet), rr (Konton sheet, longest prefix) and dr (Driftsredovisning sheet)."""
    settings = out / "installningar"
    konton = _read(settings / "kontoplan.xlsx", "Konton", ["Från", "Till"])
    ansvar = _read(settings / "organisation.xlsx", "Ansvar", ["Ansvar från", "Ansvar till"])
    dr_sheet = _read(settings / "organisation.xlsx", "Driftsredovisning",
                     ["Ansvar från", "Ansvar till", "Verksamhet från", "Verksamhet till"])
    accounts = {k: _account_target(k, konton) for k in frame["Konto"].unique()}
    problems += [f"account {k} is not mapped by kontoplan.xlsx" for k, t in sorted(accounts.items()) if t is None]
    units = {}
    for code in frame["Ansvar"].unique():
        found = [r["Rapportenhet"] for _, r in ansvar.iterrows()
                 if _in_range(code, r["Ansvar från"], r["Ansvar till"])]
        units[code] = found[0] if len(found) == 1 else None
        if len(found) != 1:
            problems.append(f"ansvar {code} matches {len(found)} units")
    frame = frame.assign(unit=frame["Ansvar"].map(units), rr=frame["Konto"].map(accounts))
    dr_rows = {}
    for key in frame[["unit", "Ansvar", "Verksamhet"]].drop_duplicates().itertuples(index=False, name=None):
        unit, code, verks = key
        found = [r["DR-rad"] for _, r in dr_sheet[dr_sheet["Rapportenhet"] == unit].iterrows()
                 if _in_range(code, r["Ansvar från"], r["Ansvar till"])
                 and _in_range(verks, r["Verksamhet från"], r["Verksamhet till"])]
        dr_rows[key] = found[0] if len(found) == 1 else None
        if len(found) != 1:
            problems.append(f"{unit} ansvar {code} verksamhet {verks} matches {len(found)} DR rows")
    return frame.assign(dr=[dr_rows.get(k) for k in zip(frame["unit"], frame["Ansvar"], frame["Verksamhet"])])


def _cells(frame: pd.DataFrame, label: str = "dr", line: str = "rr") -> Cells:
    """Operating rows summed per (DR row, RR line); a key exists only where rows exist."""
    operating = frame[~frame[line].isin([INVESTMENT, EXCLUDED])]
    return {k: int(v) for k, v in operating.groupby([label, line])["ore"].sum().items()}


def _unit_mismatches(unit: str, ledger: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame) -> list[str]:
    """RR and DR tables, exact-zero deviations, budget totals and förbrukning of one unit."""
    rows, own_budget = ledger[ledger["unit"] == unit], budget[budget["unit"] == unit]
    year_2022, year_2023 = rows["year"] == PREVIOUS_YEAR, rows["year"] == REPORT_YEAR
    jan_aug = rows["month"] <= REPORT_MONTH
    measures = {"B22": _cells(rows[year_2022]), "A22": _cells(rows[year_2022 & jan_aug]),
                "A23": _cells(rows[year_2023 & jan_aug]), "BUD": _cells(own_budget),
                "PRO": _cells(forecast[forecast["Rapportenhet"] == unit], "Verksamhet", "Resultaträkningsrad")}
    figures = {m: statement_figures(unit, c) for m, c in measures.items()}
    figures["AVV"] = deviation_figures(figures["BUD"], figures["PRO"])
    problems = table_mismatches(unit, figures)
    for (section, label), row in TARGETS[unit].items():
        got = figures["AVV"][(section, label)]
        if row[5] == 0 and ((unit, section, label) in EXACT_ZERO_DEVIATIONS) != (got == 0):
            wanted = "exactly 0" if got else "a small non-zero amount"
            problems.append(f"{unit} {section} '{label}' [AVV]: expected {wanted}, got {got} öre")
    problems += budget_total_mismatches(unit, int(own_budget["original"].sum()), int(own_budget["change"].sum()))
    if unit == "KS":
        share = Decimal(sum(measures["A23"].values())) / Decimal(sum(measures["BUD"].values())) * 100
        if share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) != FORBRUKNING_KS:
            problems.append(f"KS förbrukning: expected {FORBRUKNING_KS} %, got {share:.3f} %")
    return problems


def _investment_mismatches(ledger: pd.DataFrame, out: Path) -> list[str]:
    """The KS investment table: groups from the Projekt sheet, actuals from class 1 ledger rows."""
    problems = []
    invest = ledger[ledger["rr"] == INVESTMENT]
    if (invest["Projekt"].isna() | (invest["Projekt"] == "")).any():
        problems.append("class 1 ledger rows without projekt")
    ks_projects = set(invest.loc[invest["unit"] == "KS", "Projekt"])
    if not ks_projects <= {"91001", "91002", "91010"}:
        problems.append(f"KS class 1 rows on projects {sorted(ks_projects)}")
    plan = _read(out / f"investeringar_{REPORT_YEAR}.xlsx", "Investeringar", ["Projekt"]).set_index("Projekt")
    projects = _read(out / "installningar" / "organisation.xlsx", "Projekt", ["Projekt"])
    mine = projects[projects["Rapportenhet"] == "KS"]
    actual = invest[(invest["year"] == REPORT_YEAR) & (invest["month"] <= REPORT_MONTH)]
    figures: dict[str, dict[str, int | None]] = {c: {} for c in ("BUD", "A23", "PRO", "AVV")}
    for group in [*dict.fromkeys(mine["Investeringsgrupp"]), "Totalt"]:
        members = mine["Projekt"] if group == "Totalt" else mine.loc[mine["Investeringsgrupp"] == group, "Projekt"]
        rows = actual[actual["Projekt"].isin(members)]
        figures["A23"][group] = int(rows["ore"].sum()) if len(rows) else None
        figures["BUD"][group] = -round(plan.loc[list(members), "Budget"].sum() * 100)
        figures["PRO"][group] = -round(plan.loc[list(members), "Prognos helår"].sum() * 100)
        figures["AVV"][group] = figures["PRO"][group] - figures["BUD"][group]
    for (_, label), row in parse_table(INVESTMENT_TABLE).items():
        for column, expected in zip(("BUD", "A23", "PRO", "AVV"), row):
            message = check_figure(figures[column].get(label), expected)
            if message:
                problems.append(f"KS investeringar '{label}' [{column}]: {message}")
    return problems


PLAUSIBLE_SHARE = (0.60, 0.70)       # a nämnd's outcome January-August / its Budget 2023
PLAUSIBLE_DEVIATION = 0.03           # a nämnd's |prognos - budget| / |budget|
ROW_CHECK_FROM = 20 * ORE_PER_MNKR   # DR rows with a budget this large (net) get looser checks:
ROW_SHARE, ROW_DEVIATION = (0.55, 0.78), 0.10
MAX_LEDGER_ROWS = 62_000             # tests/test_split_equality.py splits the rows into 125,000 (2-3 each)
ORGANISATION_HEADINGS = {"Rapportenheter": ["Kod", "Namn", "Egen rapport", "Redovisas i"],
                         "Ansvar": ["Ansvar från", "Ansvar till", "Rapportenhet", "Benämning"],
                         "Driftsredovisning": ["Rapportenhet", "DR-rad", "Ansvar från", "Ansvar till",
                                               "Verksamhet från", "Verksamhet till"],
                         "Projekt": ["Projekt", "Benämning", "Investeringsgrupp", "Rapportenhet"],
                         "Förvaltningar": ["Kod", "Namn", "Rapportenhet"]}


def _organisation(out: Path) -> dict[str, pd.DataFrame]:
    path = out / "installningar" / "organisation.xlsx"
    return {sheet: _read(path, sheet, headings) for sheet, headings in ORGANISATION_HEADINGS.items()}


def _organisation_mismatches(org: dict[str, pd.DataFrame]) -> list[str]:
    """The sheets' columns; own reports and appended units; ansvar ranges that do not overlap; each
    nämnd's DR rows tiling its ansvar range; the nämnder's förvaltningar and projects."""
    problems = [f"organisation.xlsx, {sheet}: headings {list(org[sheet].columns)}"
                for sheet, headings in ORGANISATION_HEADINGS.items() if list(org[sheet].columns) != headings]
    units = org["Rapportenheter"].fillna("")
    own = set(units.loc[units["Egen rapport"] == "Ja", "Kod"])
    for _, unit in units.iterrows():
        if unit["Egen rapport"] not in ("Ja", "Nej"):
            problems.append(f"Rapportenheter {unit['Kod']}: Egen rapport {unit['Egen rapport']!r}")
        if unit["Redovisas i"] and unit["Redovisas i"] not in own - {unit["Kod"]}:
            problems.append(f"Rapportenheter {unit['Kod']}: Redovisas i {unit['Redovisas i']!r} has no own report")
        if unit["Egen rapport"] == "Nej" and not unit["Redovisas i"]:
            problems.append(f"Rapportenheter {unit['Kod']}: printed in no report")
    ranges = sorted((int(r["Ansvar från"]), int(r["Ansvar till"]), r["Rapportenhet"])
                    for _, r in org["Ansvar"].iterrows())
    problems += [f"Ansvar: {a[2]} {a[0]}-{a[1]} overlaps {b[2]} {b[0]}-{b[1]}"
                 for a, b in zip(ranges, ranges[1:]) if b[0] <= a[1]]
    problems += [f"Ansvar: unit {u} is not on Rapportenheter" for *_, u in ranges if u not in set(units["Kod"])]
    dr = org["Driftsredovisning"]
    for namnd in NAMNDER:
        rows = dr[dr["Rapportenhet"] == namnd.code]
        if not 3 <= len(rows) <= 6 or rows["DR-rad"].duplicated().any():
            problems.append(f"{namnd.code}: {len(rows)} DR rows (want 3-6, distinct)")
        tiles = sorted((int(r["Ansvar från"]), int(r["Ansvar till"])) for _, r in rows.iterrows())
        edges = [int(namnd.ansvar_low)] + [high + 1 for _, high in tiles]
        if [low for low, _ in tiles] != edges[:-1] or edges[-1] != int(namnd.ansvar_high) + 1 \
                or rows[["Verksamhet från", "Verksamhet till"]].notna().any().any():
            problems.append(f"{namnd.code}: DR rows {tiles} do not partition {namnd.ansvar_low}-{namnd.ansvar_high}")
        forvaltningar = org["Förvaltningar"]
        if list(forvaltningar.loc[forvaltningar["Kod"] == namnd.forvaltning, "Rapportenhet"]) != [namnd.code]:
            problems.append(f"Förvaltningar: {namnd.forvaltning} does not belong to {namnd.code}")
        if not (org["Projekt"]["Rapportenhet"] == namnd.code).any():
            problems.append(f"Projekt: no project of {namnd.code}")
    if org["Projekt"]["Projekt"].duplicated().any():
        problems.append("Projekt: a project code twice")
    return problems


def _forecast_mismatches(forecast: pd.DataFrame, org: dict[str, pd.DataFrame]) -> list[str]:
    """Every forecast row names a unit's DR row and an RR line, once (the contract's key)."""
    dr_rows = set(zip(org["Driftsredovisning"]["Rapportenhet"], org["Driftsredovisning"]["DR-rad"]))
    problems = [f"prognos: {u} / {d} is no DR row of the unit" for u, d in
                sorted(set(zip(forecast["Rapportenhet"], forecast["Verksamhet"])) - dr_rows)]
    problems += [f"prognos: RR line {r!r}" for r in sorted(set(forecast["Resultaträkningsrad"]) - set(dict(RR_LINES)))]
    if forecast.duplicated(["År", "Rapportenhet", "Verksamhet", "Resultaträkningsrad"]).any():
        problems.append("prognos: a (unit, DR row, RR line) twice")
    missing = {u for u, *_ in UNITS} - set(forecast["Rapportenhet"])
    if missing:
        problems.append(f"prognos: no rows for {sorted(missing)}")
    return problems


def unit_figures(ledger: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame) -> pd.DataFrame:
    """Per unit and DR row: budget, outcome January-August 2023, forecast, avvikelse and gross costs
    (budget of the cost lines), in öre with the printed sign, recomputed from the written files."""
    def operating(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["rr"].isin([INVESTMENT, EXCLUDED])]
    ledger, budget = operating(ledger), operating(budget)
    outcome = ledger[(ledger["year"] == REPORT_YEAR) & (ledger["month"] <= REPORT_MONTH)]
    keys = ["unit", "dr"]
    frame = pd.DataFrame({
        "budget": budget.groupby(keys)["ore"].sum(),
        "utfall": outcome.groupby(keys)["ore"].sum(),
        "prognos": forecast.rename(columns={"Rapportenhet": "unit", "Verksamhet": "dr"}).groupby(keys)["ore"].sum(),
        "kostnader": budget[budget["rr"].isin(COST_LINES)].groupby(keys)["ore"].sum(),
    }).fillna(0).astype("int64")
    return frame.assign(avvikelse=frame["prognos"] - frame["budget"])


def _plausibility_mismatches(figures: pd.DataFrame) -> list[str]:
    """The other nämnder: outcome January-August and forecast plausible against the budget."""
    problems = []
    totals = figures.groupby(level="unit").sum()
    for namnd in NAMNDER:
        row = totals.loc[namnd.code]
        share, deviation = row["utfall"] / row["budget"], abs(row["avvikelse"] / row["budget"])
        if not PLAUSIBLE_SHARE[0] <= share <= PLAUSIBLE_SHARE[1] or deviation > PLAUSIBLE_DEVIATION:
            problems.append(f"{namnd.code}: outcome {share:.1%} of budget, forecast {deviation:.1%} off budget")
        for label, dr_row in figures.loc[namnd.code].iterrows():
            if abs(dr_row["budget"]) < ROW_CHECK_FROM:
                continue
            share, deviation = dr_row["utfall"] / dr_row["budget"], abs(dr_row["avvikelse"] / dr_row["budget"])
            if not ROW_SHARE[0] <= share <= ROW_SHARE[1] or deviation > ROW_DEVIATION:
                problems.append(f"{namnd.code} {label}: outcome {share:.1%} of budget, forecast "
                                f"{deviation:.1%} off budget")
    return problems


def _unit_of(codes: pd.Series, ansvar: pd.DataFrame) -> pd.Series:
    return codes.map(lambda code: next((r["Rapportenhet"] for _, r in ansvar.iterrows()
                                        if _in_range(code, r["Ansvar från"], r["Ansvar till"])), None))


def investment_figures(ledger: pd.DataFrame, out: Path, org: dict[str, pd.DataFrame],
                       problems: list[str]) -> pd.DataFrame:
    """Per unit: investment budget, outcome January-August 2023 and forecast (öre, spending +). Each
    plan row and each class 1 ledger row is a project of the Projekt sheet, of the unit of its ansvar."""
    plan = _read(out / f"investeringar_{REPORT_YEAR}.xlsx", "Investeringar", ["Projekt", "Ansvar"])
    owner = dict(zip(org["Projekt"]["Projekt"], org["Projekt"]["Rapportenhet"]))
    plan = plan.assign(unit=_unit_of(plan["Ansvar"], org["Ansvar"]))
    problems += [f"investeringar: project {p} ({u}) is not a project of {u} on the Projekt sheet"
                 for p, u in zip(plan["Projekt"], plan["unit"]) if owner.get(p) != u]
    invest = ledger[ledger["rr"] == INVESTMENT]
    wrong = invest[[owner.get(p) != u for p, u in zip(invest["Projekt"], invest["unit"])]]
    problems += [f"huvudbok: class 1 rows on project {p} of ansvar {a} belong to no project of that unit"
                 for p, a in sorted(set(zip(wrong["Projekt"], wrong["Ansvar"])))]
    actual = invest[(invest["year"] == REPORT_YEAR) & (invest["month"] <= REPORT_MONTH)]
    return pd.DataFrame({"budget": (plan.groupby("unit")["Budget"].sum() * 100).round(),
                         "utfall": -actual.groupby("unit")["ore"].sum(),
                         "prognos": (plan.groupby("unit")["Prognos helår"].sum() * 100).round()
                         }).fillna(0).astype("int64")


CLAIM_MARGIN = ORE_PER_MNKR // 10          # a deficit or surplus the texts name is at least 0,1 mnkr
BALANCE = {"DR": ORE_PER_MNKR, "RR": ORE_PER_MNKR, "INV": ORE_PER_MNKR // 10}   # "balans": within this


def _claim_mismatches(figures: pd.DataFrame, budget: pd.DataFrame, forecast: pd.DataFrame, out: Path,
                      org: dict[str, pd.DataFrame]) -> list[str]:
    """Every statement the nämnder's texts make about a deviation (tools/sample_texter.py) holds."""
    def operating(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[~frame["rr"].isin([INVESTMENT, EXCLUDED])]
    deviations = {"DR": figures["avvikelse"].to_dict()}
    for unit, total in figures.groupby(level="unit")["avvikelse"].sum().items():
        deviations["DR"][(unit, "Totalt")] = total
    forecast_rr = forecast.groupby(["Rapportenhet", "Resultaträkningsrad"])["ore"].sum()
    budget_rr = operating(budget).groupby(["unit", "rr"])["ore"].sum()
    deviations["RR"] = forecast_rr.sub(budget_rr.rename_axis(forecast_rr.index.names), fill_value=0).to_dict()
    plan = _read(out / f"investeringar_{REPORT_YEAR}.xlsx", "Investeringar", ["Projekt"])
    owner = dict(zip(org["Projekt"]["Projekt"], org["Projekt"]["Rapportenhet"]))
    projects = {(owner[p], p): round((b - f) * 100) for p, b, f in zip(plan["Projekt"], plan["Budget"],
                                                                       plan["Prognos helår"])}
    deviations["INV"] = {**projects, **{(u, "Totalt"): sum(v for (o, _), v in projects.items() if o == u)
                                       for u in set(owner.values())}}
    problems = []
    for followup in FOLLOWUPS.values():
        for claim in followup.claims:
            got = deviations[claim.table].get((claim.unit, claim.label))
            if got is None:
                problems.append(f"claim {claim}: no such figure")
                continue
            holds = {"underskott": got <= -CLAIM_MARGIN, "överskott": got >= CLAIM_MARGIN,
                     "balans": abs(got) <= BALANCE[claim.table],
                     "störst": claim.table == "INV" and abs(got) == max(
                         abs(v) for (u, p), v in projects.items() if u == claim.unit)}[claim.direction]
            if not holds:
                problems.append(f"{claim.unit} text says {claim.table} '{claim.label}' is {claim.direction}: "
                                f"avvikelse {Decimal(int(got)) / ORE_PER_MNKR} mnkr")
    return problems


def _mnkr(ore: int) -> str:
    return f"{printed(int(ore)):,.1f}".replace(",", " ").replace(".", ",")


def print_figures(figures: pd.DataFrame, investments: pd.DataFrame) -> None:
    """The nämnder's totals in mnkr, as their reports print them (revenues +, costs -)."""
    totals = figures.groupby(level="unit").sum()
    print("Driftsredovisning per nämnd, recomputed from the written files (mnkr; kostnader = gross costs "
          "budgeted; investments spending +):")
    head = ("nämnd", "kostnader", "budget", "utfall jan-aug", "prognos", "avvikelse", "förbrukning",
            "inv. budget", "inv. utfall", "inv. prognos")
    print("  " + " ".join(f"{h:>14}" if i else f"{h:<6}" for i, h in enumerate(head)))
    for unit, *_ in UNITS:
        row, inv = totals.loc[unit], investments.reindex([unit]).fillna(0).astype("int64").loc[unit]
        share = f"{100 * row['utfall'] / row['budget']:.1f} %".replace(".", ",")
        cells = [_mnkr(-row["kostnader"]), *(_mnkr(row[c]) for c in ("budget", "utfall", "prognos", "avvikelse")),
                 share, *(_mnkr(inv[c]) for c in ("budget", "utfall", "prognos"))]
        print("  " + f"{unit:<6} " + " ".join(f"{c:>14}" for c in cells))
    total = totals.sum()
    print("  " + f"{'Summa':<6} " + " ".join(f"{_mnkr(v):>14}" for v in
                                            (-total["kostnader"], total["budget"], total["utfall"],
                                             total["prognos"], total["avvikelse"])))


def self_check(out: Path, verbose: bool = True) -> list[str]:
    """Recompute every target from the written files; return the mismatches (empty = all good)."""
    problems: list[str] = []
    org = _organisation(out)
    problems += _organisation_mismatches(org)
    ledger = _classified(_read_ledger(out, problems), out, problems)
    if len(ledger) > MAX_LEDGER_ROWS:
        problems.append(f"huvudbok: {len(ledger)} rows > {MAX_LEDGER_ROWS}")
    budget = _classified(_read_budget(out, problems), out, problems)
    forecast = _read(out / f"prognos_{REPORT_YEAR}.xlsx", "Prognos", [])
    forecast = forecast.assign(ore=(forecast["Prognos helår"] * KR1000).round().astype("int64"))
    problems += _forecast_mismatches(forecast, org)
    for unit in ("KS", "KF"):
        problems += _unit_mismatches(unit, ledger, budget, forecast)
    problems += _investment_mismatches(ledger, out)
    figures = unit_figures(ledger, budget, forecast)
    problems += _plausibility_mismatches(figures)
    investments = investment_figures(ledger, out, org, problems)
    problems += _claim_mismatches(figures, budget, forecast, out, org)
    klf = budget[(budget["unit"] == "KS") & budget["Ansvar"].astype(int).between(12000, 12999)
                 & ~budget["Konto"].str.startswith("3")]
    if budget.loc[budget["unit"].isin(NAMND), "change"].sum() != -klf["change"].sum():
        problems.append("Ändringsbudget: the nämnder's do not give KLF's centralised posts back")
    if verbose:
        print_figures(figures, investments)
    return list(dict.fromkeys(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: input_xlsx/)")
    parser.add_argument("--check-only", action="store_true", help="only run the self-check on existing files")
    args = parser.parse_args(argv)
    if not args.check_only:
        generate(args.out)
        for path in sorted(args.out.rglob("*.xlsx")):
            print(f"wrote {path.relative_to(args.out)} ({path.stat().st_size:,} bytes)")
    return report_self_check(self_check(args.out), "every KS/KF target figure (RR, DR, investments, "
                             "budget totals, förbrukning) is reproduced; every ledger, budget and forecast row "
                             "belongs to exactly one unit and DR row; every nämnd's outcome and forecast are "
                             "plausible against its budget; every deviation the texts name holds")


def report_self_check(problems: list[str], passed: str) -> int:
    """Print a generator's self-check result; the exit code (1 on any mismatch). Shared by the
    sample generators in tools/."""
    if problems:
        print(f"SELF-CHECK FAILED: {len(problems)} mismatch(es)", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        return 1
    print(f"self-check passed: {passed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
