"""A municipality of another shape than the sample, written from inline rows (issue 10, "Done when").

Övre Dalby kommun: one nämnd with a report of its own (Samhällsnämnden, SAM), optionally a unit
appended to its report, a unit without a report (the finance office, whose rows the report must
leave out), no HR exports and no follow-up exports. Every name differs from the sample's: its own
kontoplan (RR lines and account ranges), ansvar ranges, DR rows, column headings and sheet names
in its exports (mapped under [kallor.X.kolumner]), and a rapport.toml written here from scratch.

`Kommun` holds the rows; `write_kommun` writes the folder; `expected_table` is the test's own sum
of the rows (plain Python, integer öre, not the pipeline's functions) for a unit's DR or RR table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import docx

from conftest import write_xlsx

KOMMUN = "Övre Dalby kommun"
YEAR = 2024
PREVIOUS = YEAR - 1

# --- the kontoplan: own RR lines and account ranges -------------------------------------------
RR_LINES = [("Avgifter och ersättningar", "Intäkt"), ("Statsbidrag", "Intäkt"),
            ("Löner och arvoden", "Kostnad"), ("Entreprenader", "Kostnad"), ("Lokaler och övrigt", "Kostnad")]
ACCOUNT_RANGES = [("30", "34", "Avgifter och ersättningar"), ("35", "39", "Statsbidrag"),
                  ("40", "49", "Entreprenader"), ("50", "59", "Löner och arvoden"),
                  ("60", "79", "Lokaler och övrigt"), ("7910", "7910", "Entreprenader"),
                  ("1", "1", "Investering"), ("2", "2", "Exkluderas"), ("8", "9", "Exkluderas")]
# One account per RR line (and the two other kinds), the one the rows use.
ACCOUNTS = {"Avgifter och ersättningar": "3120", "Statsbidrag": "3610", "Löner och arvoden": "5110",
            "Entreprenader": "7910", "Lokaler och övrigt": "6410", "Investering": "1190", "Exkluderas": "8310"}
OPERATING = [label for label, _ in RR_LINES]

# --- the exports' own headings and sheets ([kallor.X.kolumner], blad) ------------------------
LEDGER_COLUMNS = {"period": "Bokf.period", "konto": "Kontonr", "ansvar": "Ansvarsställe", "verksamhet": "Verks.",
                  "aktivitet": "Akt.", "projekt": "Projektnr", "motpart": "Motp.", "verifikation": "Ver.nr",
                  "datum": "Bokf.datum", "text": "Transaktionstext", "belopp": "Belopp SEK"}
BUDGET_COLUMNS = {"ar": "Budgetår", "ansvar": "Ansvarsställe", "verksamhet": "Verks.", "konto": "Kontonr",
                  "ursprunglig_budget": "Grundbudget", "andringsbudget": "Omdisponering", "budget": "Aktuell budget"}
FORECAST_COLUMNS = {"ar": "Budgetår", "rapportenhet": "Nämndkod", "dr_rad": "Område", "rr_rad": "Kostnadsslag",
                    "prognos": "Årsprognos kr"}
INVESTMENT_COLUMNS = {"ar": "Budgetår", "projekt": "Projektnr", "ansvar": "Ansvarsställe",
                      "benamning": "Projektnamn", "budget": "Investeringsbudget", "prognos": "Årsprognos"}
SHEETS = {"huvudbok": "Transaktioner", "budget": "Budgetrader", "prognos": "Prognosunderlag",
          "investeringar": "Projektbudget"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    ansvar: tuple[str, str]                         # the unit's ansvar range (Ansvar sheet)
    dr_rows: tuple[tuple[str, str, str], ...]       # (label, ansvar från, ansvar till), partitioning it
    projects: tuple[tuple[str, str, str], ...] = ()  # (projekt, benämning, investeringsgrupp)


@dataclass(frozen=True)
class LedgerRow:
    year: int
    month: int
    konto: str
    ansvar: str
    verksamhet: str
    ore: int
    projekt: str = ""


@dataclass(frozen=True)
class BudgetRow:
    ansvar: str
    verksamhet: str
    konto: str
    ursprunglig: int        # öre, debit positive
    andring: int
    year: int = YEAR


@dataclass(frozen=True)
class ForecastRow:
    unit: str
    dr_rad: str
    rr_rad: str
    ore: int                # öre, printed sign (revenues +, costs −), as the file holds it in kr


@dataclass(frozen=True)
class InvestmentRow:
    projekt: str
    ansvar: str
    budget: int             # öre, spending positive
    prognos: int


SAM = Unit("SAM", "Samhällsnämnden", ("700", "799"),
           (("Bygglov och planering", "700", "729"), ("Väghållning", "730", "769"),
            ("Parker och naturvård", "770", "799")),
           (("P7001", "Asfaltering Storgatan", "Gator och vägar"), ("P7002", "Lekplats Ekbacken", "Parker"),
            ("P7003", "Gatubelysning LED", "Gator och vägar")))
FIN = Unit("FIN", "Finansförvaltningen", ("900", "949"), (),          # no report, not appended
           (("P9001", "Nytt ekonomisystem", "IT"),))


@dataclass(frozen=True)
class Kommun:
    namnd: Unit
    appended: Unit | None = None
    outside: Unit = FIN
    ledger: tuple[LedgerRow, ...] = ()
    budget: tuple[BudgetRow, ...] = ()
    forecast: tuple[ForecastRow, ...] = ()
    investments: tuple[InvestmentRow, ...] = ()
    texts: dict[str, str] = field(default_factory=dict)      # [texter] key -> the paragraph written
    memo: bool = True
    namnd_settings: bool = True        # [namnder.<KOD>] with förvaltning and ärendenummer

    @property
    def units(self) -> list[Unit]:
        return [self.namnd, *([self.appended] if self.appended else [])]


def dr_row(unit: Unit, ansvar: str) -> str:
    [label] = [label for label, low, high in unit.dr_rows if int(low) <= int(ansvar) <= int(high)]
    return label


def line_of(konto: str) -> str:
    """The RR line (or Investering/Exkluderas) of an account: the longest matching prefix."""
    found = [(len(low), target) for low, high, target in ACCOUNT_RANGES
             if int(low) <= int(konto[:len(low)]) <= int(high)]
    return max(found)[1]


def unit_of(kommun: Kommun, ansvar: str) -> Unit | None:
    for unit in (*kommun.units, kommun.outside):
        if int(unit.ansvar[0]) <= int(ansvar) <= int(unit.ansvar[1]):
            return unit
    return None


# --- the test's own sums ----------------------------------------------------------------------

def measures(month: int) -> tuple[str, ...]:
    if month == 12:
        return ("bokslut_fg", "utfall", "budget", "avvikelse")
    return ("bokslut_fg", "utfall_fg", "utfall", "budget", "prognos", "avvikelse")


def headings(month: int) -> list[str]:
    """The figure columns' headings the period implies."""
    span = "jan" if month == 1 else f"jan-{('jan feb mar apr maj jun jul aug sep okt nov dec').split()[month - 1]}"
    names = {"bokslut_fg": f"Bokslut {PREVIOUS}", "utfall_fg": f"Utfall {span} {PREVIOUS}",
             "utfall": f"Utfall {YEAR}" if month == 12 else f"Utfall {span} {YEAR}", "budget": f"Budget {YEAR}",
             "prognos": f"Prognos helår {YEAR}",
             "avvikelse": "Avvikelse utfall mot budget" if month == 12 else "Avvikelse prognos mot budget"}
    return [names[m] for m in measures(month)]


def _facts(kommun: Kommun, unit: Unit, month: int, key) -> dict[str, dict[str, list[int]]]:
    """label (by `key(konto, ansvar)` or the forecast's own) -> measure -> the printed-sign amounts."""
    found: dict[str, dict[str, list[int]]] = {}

    def add(label: str, measure: str, ore: int) -> None:
        found.setdefault(label, {}).setdefault(measure, []).append(ore)

    for row in kommun.ledger:
        if unit_of(kommun, row.ansvar) is not unit or line_of(row.konto) not in OPERATING:
            continue
        label = key(row.konto, row.ansvar)
        if row.year == PREVIOUS:
            add(label, "bokslut_fg", -row.ore)
            if row.month <= month:
                add(label, "utfall_fg", -row.ore)
        elif row.month <= month:
            add(label, "utfall", -row.ore)
    for row in kommun.budget:
        if row.year == YEAR and unit_of(kommun, row.ansvar) is unit and line_of(row.konto) in OPERATING:
            add(key(row.konto, row.ansvar), "budget", -(row.ursprunglig + row.andring))
    return found


def _cells(amounts: dict[str, list[int]], month: int) -> dict[str, int | None]:
    sums = {m: (sum(v) if v else None) for m, v in amounts.items()}
    target = "utfall" if month == 12 else "prognos"
    if sums.get(target) is None and sums.get("budget") is None:
        sums["avvikelse"] = None
    else:
        sums["avvikelse"] = (sums.get(target) or 0) - (sums.get("budget") or 0)
    return {m: sums.get(m) for m in measures(month)}


def expected_table(kommun: Kommun, unit: Unit, kind: str, month: int) -> list[tuple[str, dict]]:
    """(label, measure -> öre or None) for every row of the unit's DR ("dr") or RR ("rr") table,
    its sums included, in print order."""
    if kind == "dr":
        facts = _facts(kommun, unit, month, lambda konto, ansvar: dr_row(unit, ansvar))
        forecast_key = "dr_rad"
    else:
        facts = _facts(kommun, unit, month, lambda konto, ansvar: line_of(konto))
        forecast_key = "rr_rad"
    if month != 12:
        for row in kommun.forecast:
            if row.unit == unit.code:
                facts.setdefault(getattr(row, forecast_key), {}).setdefault("prognos", []).append(row.ore)

    def merged(labels: list[str]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for label in labels:
            for measure, values in facts.get(label, {}).items():
                out.setdefault(measure, []).extend(values)
        return out

    if kind == "dr":
        labels = [label for label, _, _ in unit.dr_rows]
        return [*[(label, _cells(facts.get(label, {}), month)) for label in labels],
                (LABELS["totalt"], _cells(merged(labels), month))]
    revenue = [label for label, kind_ in RR_LINES if kind_ == "Intäkt"]
    cost = [label for label, kind_ in RR_LINES if kind_ == "Kostnad"]
    return [*[(label, _cells(facts.get(label, {}), month)) for label in revenue],
            (LABELS["summa_intakter"], _cells(merged(revenue), month)),
            *[(label, _cells(facts.get(label, {}), month)) for label in cost],
            (LABELS["summa_kostnader"], _cells(merged(cost), month)),
            (LABELS["summa_totalt"], _cells(merged(revenue + cost), month))]


def expected_investments(kommun: Kommun, unit: Unit, month: int) -> list[tuple[str, dict]]:
    """Investment groups of the unit: budget and prognos from the export, utfall from the ledger."""
    groups = list(dict.fromkeys(group for _, _, group in unit.projects))
    group_of = {p: group for p, _, group in unit.projects}
    cols = ("budget", "utfall", "avvikelse") if month == 12 else ("budget", "utfall", "prognos", "avvikelse")
    facts: dict[str, dict[str, list[int]]] = {}
    for row in kommun.ledger:
        if (row.projekt in group_of and line_of(row.konto) == "Investering" and row.year == YEAR
                and row.month <= month):
            facts.setdefault(group_of[row.projekt], {}).setdefault("utfall", []).append(-row.ore)
    for row in kommun.investments:
        if row.projekt in group_of and unit_of(kommun, row.ansvar) is unit:
            facts.setdefault(group_of[row.projekt], {}).setdefault("budget", []).append(-row.budget)
            if month != 12:
                facts[group_of[row.projekt]].setdefault("prognos", []).append(-row.prognos)

    def cells(amounts):
        sums = {m: (sum(v) if v else None) for m, v in amounts.items()}
        target = "utfall" if month == 12 else "prognos"
        both_empty = sums.get(target) is None and sums.get("budget") is None
        sums["avvikelse"] = None if both_empty else (sums.get(target) or 0) - (sums.get("budget") or 0)
        return {m: sums.get(m) for m in cols}

    total: dict[str, list[int]] = {}
    for group in groups:
        for measure, values in facts.get(group, {}).items():
            total.setdefault(measure, []).extend(values)
    return [*[(group, cells(facts.get(group, {}))) for group in groups], (LABELS["investering_totalt"], cells(total))]


# --- writing the folder -----------------------------------------------------------------------

LABELS = {"rr_rubrik": "Kostnadsslag (mnkr)", "dr_rubrik": "Verksamhetsområde (mnkr)",
          "investering_rubrik": "Projekt {år} (mnkr)", "summa_intakter": "Intäkter totalt",
          "summa_kostnader": "Kostnader totalt", "summa_totalt": "Nettokostnad (mnkr)",
          "totalt": "Nämnden totalt (mnkr)", "investering_totalt": "Investeringar totalt (mnkr)"}
TITLE_ROW = ["Export från Ekonomisystemet", None, None, "2024-12-31"]   # a row above the headings


def _kr(ore: int) -> float | int:
    return ore // 100 if ore % 100 == 0 else ore / 100


def _rows(columns: dict[str, str], records: list[dict]) -> list[list]:
    return [TITLE_ROW, list(columns.values()), *[[record.get(name) for name in columns] for record in records]]


def settings_toml(kommun: Kommun) -> str:
    """rapport.toml, written from scratch: no HR, no follow-up, own headings and sheets."""
    namnd = kommun.namnd
    lines = [
        "# Övre Dalby kommun: inställningar skrivna av testet.",
        "[rapport]", f'kommun = "{KOMMUN}"', 'minustecken = "−"', "",
        *([f'[namnder."{namnd.code}"]', 'forvaltning = "Samhällsbyggnadskontoret"',
           f'arendenummer = "{namnd.code}-2024-0042"', ""] if kommun.namnd_settings else []),
        "[etiketter]", *[f'{key} = "{value}"' for key, value in LABELS.items()], "",
        "[motpart]", 'interna_prefix = ["9"]', "",
        "[avstamning]", "som_varning = []", "",
    ]
    sources = {"huvudbok": ("hb_*.xlsx", "debet_positiv", "kr", LEDGER_COLUMNS),
               "budget": ("budgetexport_*.xlsx", "debet_positiv", "kr", BUDGET_COLUMNS),
               "prognos": ("prognos*.xlsx", "intakt_positiv", "kr", FORECAST_COLUMNS),
               "investeringar": ("inv_*.xlsx", "debet_positiv", "kr", INVESTMENT_COLUMNS)}
    for source, (pattern, sign, unit, columns) in sources.items():
        lines += [f"[kallor.{source}]", f'filer = ["{pattern}"]', f'blad = "{SHEETS[source]}"', "rubrikrad = 2",
                  f'tecken = "{sign}"', f'enhet = "{unit}"', 'summarad = ["Summa"]', "",
                  f"[kallor.{source}.kolumner]", *[f'{name} = "{heading}"' for name, heading in columns.items()], ""]
    if kommun.texts:
        lines += ["[texter]", *[f'{key} = "ord/{{enhet}}-{key}.docx"' for key in kommun.texts], ""]
    if kommun.memo:
        lines += ["[tjansteskrivelse]", 'handlaggare = "Kim Dahl"', 'telefon = "0555-12345"',
                  'epost = "kim.dahl@ovredalby.se"', 'datum = "2024-09-20"', 'mottagare = "{namnd}"',
                  'titel = "{namnd_genitiv} {titel_gemen}"', 'forslag = ["{titel} godkänns."]',
                  'bakgrund = "Kontoret har sammanställt {titel_gemen}."', 'beredning = "Ekonomienheten."',
                  'bedomning = ""', 'ekonomiska_konsekvenser = "Se rapporten."',
                  'sociala_konsekvenser = "Inga."', 'beslutsunderlag = ["Tjänsteskrivelse, {datum}"]',
                  'skickas_till = ["Ekonomienheten"]', "",
                  "[[tjansteskrivelse.underskrifter]]", 'namn = "Lo Berg"', 'titel = "Kontorschef"', ""]
    return "\n".join(lines)


def write_kommun(folder: Path, kommun: Kommun) -> Path:
    settings = folder / "installningar"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "rapport.toml").write_text(settings_toml(kommun), encoding="utf-8")
    write_xlsx(settings / "kontoplan.xlsx", {
        "Resultaträkning": [["Ordning", "RR-rad", "Typ"], *[[10 * (i + 1), label, kind]
                                                            for i, (label, kind) in enumerate(RR_LINES)]],
        "Konton": [["Från", "Till", "RR-rad", "Benämning"], *[[low, high, target, ""]
                                                             for low, high, target in ACCOUNT_RANGES]]})
    units = [*kommun.units, kommun.outside]
    write_xlsx(settings / "organisation.xlsx", {
        "Rapportenheter": [["Kod", "Namn", "Egen rapport", "Redovisas i"],
                           [kommun.namnd.code, kommun.namnd.name, "Ja", None],
                           *([[kommun.appended.code, kommun.appended.name, "Nej", kommun.namnd.code]]
                             if kommun.appended else []),
                           [kommun.outside.code, kommun.outside.name, "Nej", None]],
        "Ansvar": [["Ansvar från", "Ansvar till", "Rapportenhet", "Benämning"],
                   *[[u.ansvar[0], u.ansvar[1], u.code, u.name] for u in units]],
        "Driftsredovisning": [["Rapportenhet", "DR-rad", "Ansvar från", "Ansvar till", "Verksamhet från",
                               "Verksamhet till"],
                              *[[u.code, label, low, high, None, None] for u in kommun.units
                                for label, low, high in u.dr_rows]],
        "Förvaltningar": [["Kod", "Namn", "Rapportenhet"]],
        "Projekt": [["Projekt", "Benämning", "Investeringsgrupp", "Rapportenhet"],
                    *[[p, name, group, u.code] for u in units for p, name, group in u.projects]],
    })
    for year in (PREVIOUS, YEAR):
        records = [{"period": f"{r.year}{r.month:02d}", "konto": r.konto, "ansvar": r.ansvar,
                    "verksamhet": r.verksamhet, "aktivitet": "", "projekt": r.projekt, "motpart": "",
                    "verifikation": f"V{i}", "datum": dt.datetime(r.year, r.month, 10), "text": "Händelse",
                    "belopp": _kr(r.ore)} for i, r in enumerate(kommun.ledger) if r.year == year]
        write_xlsx(folder / f"hb_{year}.xlsx", {SHEETS["huvudbok"]: _rows(LEDGER_COLUMNS, records)})
    write_xlsx(folder / f"budgetexport_{YEAR}.xlsx", {SHEETS["budget"]: _rows(BUDGET_COLUMNS, [
        {"ar": r.year, "ansvar": r.ansvar, "verksamhet": r.verksamhet, "konto": r.konto,
         "ursprunglig_budget": _kr(r.ursprunglig), "andringsbudget": _kr(r.andring),
         "budget": _kr(r.ursprunglig + r.andring)} for r in kommun.budget])})
    write_xlsx(folder / f"prognos{YEAR}.xlsx", {SHEETS["prognos"]: _rows(FORECAST_COLUMNS, [
        {"ar": YEAR, "rapportenhet": r.unit, "dr_rad": r.dr_rad, "rr_rad": r.rr_rad, "prognos": _kr(r.ore)}
        for r in kommun.forecast])})
    write_xlsx(folder / f"inv_{YEAR}.xlsx", {SHEETS["investeringar"]: _rows(INVESTMENT_COLUMNS, [
        {"ar": YEAR, "projekt": r.projekt, "ansvar": r.ansvar, "benamning": "", "budget": _kr(r.budget),
         "prognos": _kr(r.prognos)} for r in kommun.investments])})
    for key, text in kommun.texts.items():
        document = docx.Document()
        document.add_paragraph(text)
        path = folder / "ord" / f"{kommun.namnd.code}-{key}.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        document.save(path)
    return folder


# --- the example: Övre Dalby's year, inline ---------------------------------------------------

def _ledger() -> tuple[LedgerRow, ...]:
    """Every DR row and RR line of SAM in both years and across the months; a few amounts on the
    rounding edge (x,x5 mnkr and an öre either side); excluded accounts, investments and the
    finance office's rows, which the DR and RR tables must leave out."""
    a = ACCOUNTS
    rows = [
        # Bygglov och planering (ansvar 700-729)
        LedgerRow(PREVIOUS, 2, a["Avgifter och ersättningar"], "701", "110", -1_234_567_89),
        LedgerRow(PREVIOUS, 11, a["Avgifter och ersättningar"], "712", "110", -250_000_00),
        LedgerRow(PREVIOUS, 6, a["Löner och arvoden"], "705", "110", 3_150_000_00),
        LedgerRow(YEAR, 1, a["Avgifter och ersättningar"], "701", "110", -1_049_999_99),
        LedgerRow(YEAR, 3, a["Löner och arvoden"], "705", "110", 1_250_000_00),
        LedgerRow(YEAR, 5, a["Löner och arvoden"], "729", "115", 2_250_000_01),
        LedgerRow(YEAR, 8, a["Lokaler och övrigt"], "700", "110", 412_345_67),
        LedgerRow(YEAR, 11, a["Statsbidrag"], "720", "110", -99_999_99),
        # Väghållning (730-769)
        LedgerRow(PREVIOUS, 1, a["Entreprenader"], "731", "210", 5_432_109_87),
        LedgerRow(PREVIOUS, 9, a["Entreprenader"], "760", "210", 1_000_000_00),
        LedgerRow(YEAR, 2, a["Entreprenader"], "731", "210", 4_049_999_99),
        LedgerRow(YEAR, 2, a["Entreprenader"], "731", "210", 4_049_999_99),    # a repeated row counts twice
        LedgerRow(YEAR, 7, a["Statsbidrag"], "745", "210", -750_000_00),
        LedgerRow(YEAR, 12, a["Entreprenader"], "769", "220", 2_222_222_22),
        # Parker och naturvård (770-799)
        LedgerRow(PREVIOUS, 4, a["Lokaler och övrigt"], "771", "310", 880_000_00),
        LedgerRow(YEAR, 3, a["Lokaler och övrigt"], "771", "310", 349_999_99),
        LedgerRow(YEAR, 8, a["Löner och arvoden"], "799", "310", 1_650_000_00),
        # Not in the tables: balance and financial accounts, investments (their own table), FIN
        LedgerRow(YEAR, 3, a["Exkluderas"], "701", "110", 9_999_999_99),
        LedgerRow(YEAR, 4, a["Investering"], "735", "210", 2_345_678_90, "P7001"),
        LedgerRow(YEAR, 9, a["Investering"], "735", "210", 1_000_000_00, "P7003"),
        LedgerRow(YEAR, 5, a["Investering"], "775", "310", 654_321_00, "P7002"),
        LedgerRow(YEAR, 6, a["Löner och arvoden"], "910", "900", 7_777_777_77),
        LedgerRow(PREVIOUS, 6, a["Avgifter och ersättningar"], "920", "900", -3_333_333_33),
    ]
    return tuple(rows)


BUDGET = (
    BudgetRow("701", "110", ACCOUNTS["Avgifter och ersättningar"], -2_500_000_00, 250_000_00),
    BudgetRow("705", "110", ACCOUNTS["Löner och arvoden"], 5_200_000_00, 0),
    BudgetRow("731", "210", ACCOUNTS["Entreprenader"], 9_000_000_00, 1_250_000_00),
    BudgetRow("745", "210", ACCOUNTS["Statsbidrag"], -600_000_00, 0),
    BudgetRow("771", "310", ACCOUNTS["Lokaler och övrigt"], 700_000_00, -50_000_00),
    BudgetRow("799", "310", ACCOUNTS["Löner och arvoden"], 2_400_000_00, 0),
    BudgetRow("910", "900", ACCOUNTS["Löner och arvoden"], 8_000_000_00, 0),           # FIN
    BudgetRow("731", "210", ACCOUNTS["Entreprenader"], 8_000_000_00, 0, year=PREVIOUS),  # last year's
)
FORECAST = (
    ForecastRow("SAM", "Bygglov och planering", "Avgifter och ersättningar", 2_300_000_00),
    ForecastRow("SAM", "Bygglov och planering", "Löner och arvoden", -5_350_000_00),
    ForecastRow("SAM", "Väghållning", "Entreprenader", -10_850_000_50),
    ForecastRow("SAM", "Väghållning", "Statsbidrag", 750_000_00),
    ForecastRow("SAM", "Parker och naturvård", "Lokaler och övrigt", -649_999_99),
    ForecastRow("SAM", "Parker och naturvård", "Löner och arvoden", -2_400_000_00),
)
INVESTMENTS = (
    InvestmentRow("P7001", "735", 6_000_000_00, 5_500_000_00),
    InvestmentRow("P7002", "775", 800_000_00, 850_000_00),
    InvestmentRow("P7003", "735", 1_500_000_00, 1_500_000_00),
)
TEXTS = {
    "sammanfattning": "Samhällsnämnden har haft ett år med hög byggtakt.",
    "uppdrag_och_ansvar": "Nämnden ansvarar för planering, bygglov, gator och parker.",
    "vasentliga_handelser": "Den nya detaljplanen för Norra Dalby antogs i mars.",
    "ekonomisk_analys": "Vinterns kostnader blev högre än beräknat.",
    "atgarder_budget_i_balans": "Nämnden senarelägger två beläggningsprojekt.",
    "investeringar": "Lekplatsen i Ekbacken blev dyrare än planerat.",
    "forvantad_utveckling": "Befolkningen väntas öka med en procent om året.",
}


def ovre_dalby(memo: bool = True) -> Kommun:
    return Kommun(SAM, ledger=_ledger(), budget=BUDGET, forecast=FORECAST, investments=INVESTMENTS,
                  texts=TEXTS, memo=memo)
