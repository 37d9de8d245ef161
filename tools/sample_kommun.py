"""The sample kommun's nämnder besides kommunstyrelsen (KS) and KF, declared as data.

tools/make_sample.py books these declarations into the one whole-kommun ledger, the budget, the
forecast and the investment exports, and writes their rows of organisation.xlsx. KS and KF are not
here: their figures are fixed by the reference report and built by make_sample.py itself.

Each nämnd has an ansvar range, its förvaltning (the HR exports' code) and 3-6 driftsredovisning
rows whose ansvar ranges partition the nämnd's range. A DR row holds its cost centres (places) and
its budget lines. A line is one account's **Ursprunglig budget 2023** in mnkr, debit positive as in
the exports (costs +, revenues −), with how it is booked (salary, monthly, quarterly or invoice
rows), and its **avvikelse**: the full-year outcome and the forecast are budget × (1 + avvikelse),
so a cost line with avvikelse 0.06 is forecast 6 % over budget and a revenue line with avvikelse
0.05 brings in 5 % more than budgeted. The ledger's January-August is that full-year amount times
the line's seasonal share (``season``; even months by default), so budget, outcome and forecast
agree with each other. Internal lines name their counterpart (internal rent to tekniska nämnden,
meals from måltidsservice); the counterpart's mirror rows, budget and forecast follow from them.

Volumes: see the table make_sample.py prints (gross costs budgeted for 2023: BUN about 1.5 bn kr,
SN 1.1 bn, TN 0.5 bn, UPN 0.27 bn with kultur, fritid and the kommun's måltidsservice, which sells
meals to schools and elderly care, MBN 0.06 bn; the kommun's net operating cost about 2.8 bn kr).
Staff costs follow the HR sample's head counts (tools/make_hr_sample.py): about 0.5-0.7 mnkr per
full-time employee with employer's contributions and pensions.
"""

from __future__ import annotations

from dataclasses import dataclass

LF = "Leverantörsfaktura "

# Month weights (January first): the share of a year's amount booked in each month.
WINTER = (1.9, 1.7, 1.2, 0.5, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 1.4, 1.7)      # snow clearing
HEATING = (1.5, 1.4, 1.2, 0.9, 0.6, 0.4, 0.4, 0.4, 0.6, 0.9, 1.2, 1.5)     # heating, lighting
SUMMER = (0.5, 0.5, 0.6, 0.9, 1.4, 1.6, 1.6, 1.5, 1.2, 0.9, 0.6, 0.7)      # parks, outdoor season
SCHOOL_YEAR = (1.0, 1.0, 1.0, 1.0, 1.0, 0.9, 0.2, 0.7, 1.0, 1.0, 1.0, 0.9)  # school meals


@dataclass(frozen=True)
class Internal:
    """The other side of an internal line: the mirror row's unit, account and cost centre."""
    unit: str
    konto: str
    ansvar: str
    verksamhet: str
    weight: float = 1.0


@dataclass(frozen=True)
class Line:
    konto: str
    mnkr: float                          # Ursprunglig budget 2023, mnkr, debit positive
    kind: str                            # salary | monthly | quarterly | invoice
    texts: tuple[str, ...]
    n: int = 1                           # invoices per month (before the ledger's density factor)
    where: str = ""                      # only the DR row's places whose ansvar starts with this
    avvikelse: float = 0.0               # outcome and forecast = budget x (1 + avvikelse)
    internal: tuple[Internal, ...] = ()
    season: tuple[float, ...] = ()       # 12 month weights; () = even
    prefix: str = ""                     # voucher series (default: LF/KF for invoices, MB otherwise)


@dataclass(frozen=True)
class DrRow:
    label: str
    low: str                             # ansvar från
    high: str                            # ansvar till
    places: tuple[tuple[int, str, int], ...]   # (first ansvar, verksamhet, count): ansvar step 10
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Project:
    projekt: str
    benamning: str
    grupp: str                           # Investeringsgrupp (printed in this order)
    ansvar: str
    verksamhet: str
    konto: str
    spent_2022: float                    # mnkr
    budget: float                        # Budget 2023, mnkr (spending +)
    prognos: float                       # Prognos helår 2023, mnkr
    share_by_august: float               # of the forecast, booked January-August 2023


@dataclass(frozen=True)
class Namnd:
    code: str
    name: str
    ansvar_low: str
    ansvar_high: str
    benamning: str                       # the Ansvar sheet's Benämning
    forvaltning: str                     # HR code (organisation.xlsx, Förvaltningar)
    centralised_posts: int               # ekonomi/kommunikation posts moved to KLF on 2023-01-01
    dr_rows: tuple[DrRow, ...]
    projects: tuple[Project, ...]

    @property
    def admin(self) -> str:
        """The nämnd's first cost centre: KS's internal invoices and the centralisation land here."""
        first, _, _ = self.dr_rows[0].places[0]
        return str(first)


def staff(mnkr: float, hourly: float = 0.05, avvikelse: float = 0.0, where: str = "") -> tuple[Line, ...]:
    """Salary lines of a DR row: monthly pay, hourly pay, employer's contributions and pensions."""
    shares = (("5011", 0.62 - hourly, "Lön {mon}"), ("5031", hourly, "Timlön {mon}"),
              ("5610", 0.25, "Arbetsgivaravgifter {mon}"), ("5710", 0.13, "Pensionskostnader {mon}"))
    return tuple(Line(konto, round(mnkr * share, 3), "salary", (text,), where=where, avvikelse=avvikelse)
                 for konto, share, text in shares if share > 0)


def arvoden(mnkr: float, where: str) -> Line:
    return Line("5210", mnkr, "salary", ("Arvoden förtroendevalda {mon}",), where=where)


def rent(mnkr: float, where: str = "") -> Line:
    """Internal rent to tekniska nämnden's fastighetsförvaltning (its revenue account 3640)."""
    return Line("6011", mnkr, "monthly", ("Internhyra {mon}",), where=where, prefix="IF",
                internal=(Internal("TN", "3640", "42100", "2800"),))


def vehicles(mnkr: float, where: str = "") -> Line:
    """Internal vehicle hire from tekniska nämnden's fordon och maskiner (revenue account 3650)."""
    return Line("6920", mnkr, "monthly", ("Intern fordonshyra {mon}",), where=where, prefix="IF",
                internal=(Internal("TN", "3650", "41900", "2450"),))


def capital(depreciation: float, interest: float, where: str, what: str = "inventarier") -> tuple[Line, ...]:
    return (Line("7910", depreciation, "monthly", (f"Avskrivning {what} {{mon}}",), where=where, prefix="AV"),
            Line("8450", interest, "monthly", ("Internränta {mon}",), where=where, prefix="AV"))


def invoices(konto: str, mnkr: float, n: int, texts: tuple[str, ...], where: str = "", **kw) -> Line:
    return Line(konto, mnkr, "invoice", texts, n=n, where=where, **kw)


def monthly(konto: str, mnkr: float, text: str, where: str = "", prefix: str = "MB", **kw) -> Line:
    return Line(konto, mnkr, "monthly", (text,), where=where, prefix=prefix, **kw)


def quarterly(konto: str, mnkr: float, text: str, where: str = "", prefix: str = "KF", **kw) -> Line:
    return Line(konto, mnkr, "quarterly", (text,), where=where, prefix=prefix, **kw)


COMMON = "Nämnd och förvaltningsgemensamt"

BUN = Namnd(
    "BUN", "Barn- och utbildningsnämnden", "20000", "29999",
    "Barn- och utbildningsnämnden och barn- och utbildningsförvaltningen", "BUF", 4,
    dr_rows=(
        DrRow(COMMON, "20000", "20999", ((20100, "4010", 1), (20200, "4020", 1), (20300, "4030", 1),
                                         (20400, "4050", 1)), (
            *staff(40, hourly=0.02),
            arvoden(1.6, "20100"),
            invoices("6410", 14, 16, (LF + "Atea", LF + "IST skoladministration", LF + "Google for Education"),
                     "20100"),
            invoices("7010", 47, 20, (LF + "skolskjuts", LF + "Nobina", "Resor elever färdtjänst"), "20400",
                     avvikelse=0.06),
            invoices("7410", 4, 4, (LF + "konsulttjänst", LF + "Ramböll utredning")),
            invoices("7310", 5, 14, ("Kursavgift", LF + "Skolverket konferens", LF + "kompetensutveckling")),
            rent(3, "20100"),
            vehicles(0.8, "20300"),
            *capital(14, 3, "20100"),
            invoices("3510", -92, 6, ("Statsbidrag Skolverket", "Statsbidrag likvärdig skola",
                                      "Ersättning Migrationsverket"), "20100", avvikelse=0.05))),
        DrRow("Förskola", "21000", "21999", ((21100, "4070", 12),), (
            *staff(300, hourly=0.06, avvikelse=-0.005),
            invoices("4010", 11, 30, (LF + "Lekolar", LF + "Lyreco", LF + "Cederroths")),
            rent(55),
            invoices("4610", 40, 10, ("Barnomsorgspeng fristående förskola", "Interkommunal ersättning förskola"),
                     avvikelse=0.02),
            invoices("3110", -47, 20, ("Barnomsorgsavgift",), avvikelse=0.01),
            quarterly("3510", -14, "Statsbidrag maxtaxa kv {kv}", "21100"))),
        DrRow("Grundskola och fritidshem", "22000", "22999", ((22100, "4400", 14),), (
            *staff(430, hourly=0.05, avvikelse=-0.004),
            invoices("4010", 21, 45, (LF + "Läromedia", LF + "Gleerups", LF + "Natur & Kultur", LF + "Lyreco")),
            invoices("6410", 6, 8, (LF + "Atea elevdatorer", LF + "Skolon licenser")),
            rent(82),
            invoices("4610", 140, 24, ("Skolpeng fristående skola", "Interkommunal ersättning grundskola",
                                       "Skolpeng fritidshem fristående"), avvikelse=0.065),
            invoices("3040", -8, 3, ("Försäljning skolplatser interkommunal",)),
            invoices("3110", -9, 10, ("Avgift fritidshem",)),
            quarterly("3510", -20, "Statsbidrag fritidshem och lovskola kv {kv}", "22100"))),
        DrRow("Gymnasieskola", "23000", "23999", ((23100, "4600", 4),), (
            *staff(105, hourly=0.03),
            invoices("4010", 9, 16, (LF + "Liber", LF + "Lyreco", LF + "Ahlsell material praktiska program")),
            rent(17),
            invoices("4610", 95, 16, ("Interkommunal ersättning gymnasieskola",
                                      "Programpeng fristående gymnasieskola"), avvikelse=0.07),
            invoices("3040", -22, 5, ("Försäljning gymnasieplatser interkommunal",), avvikelse=0.03),
            quarterly("3510", -6, "Statsbidrag gymnasieskola kv {kv}", "23100"))),
        DrRow("Vuxenutbildning och SFI", "24000", "29999", ((24100, "4800", 1), (24200, "4810", 1)), (
            *staff(25, hourly=0.04),
            invoices("4010", 2, 5, (LF + "Liber", LF + "Lyreco")),
            rent(3),
            invoices("4620", 8, 3, ("Köp av yrkesutbildning", "Köp av utbildning SFI distans")),
            quarterly("3510", -14, "Statsbidrag regional yrkesvux kv {kv}", "24100", avvikelse=0.1))),
    ),
    projects=(
        Project("93001", "Inventarier förskolor", "Inventarier", "21100", "4070", "1220", 2.1, 2.5, 2.5, 0.5),
        Project("93003", "Inventarier ny förskola Västra", "Inventarier", "21100", "4070", "1220", 0.0, 1.5, 1.5,
                0.1),
        Project("93002", "Digitala lärverktyg", "IT och digitala lärverktyg", "20100", "4010", "1222", 3.5, 4.0,
                3.8, 0.6),
    ))

SN = Namnd(
    "SN", "Socialnämnden", "30000", "39999", "Socialnämnden och socialförvaltningen", "SOF", 3,
    dr_rows=(
        DrRow(COMMON, "30000", "30999", ((30100, "5010", 1), (30200, "5020", 1)), (
            *staff(25, hourly=0.02),
            arvoden(1.4, "30100"),
            invoices("6410", 14, 10, (LF + "Tietoevry Lifecare", LF + "Atea")),
            invoices("7410", 4, 4, (LF + "konsulttjänst", LF + "juridiskt stöd")),
            invoices("7310", 3, 8, ("Kursavgift", LF + "utbildning socialtjänstlagen")),
            rent(3, "30100"),
            *capital(6, 1, "30100"),
            quarterly("3510", -20, "Statsbidrag Socialstyrelsen kv {kv}", "30100", avvikelse=0.04))),
        DrRow("Vård och omsorg om äldre", "31000", "31999",
              ((31100, "5110", 8), (31500, "5120", 5), (31900, "5130", 1)), (
            *staff(290, hourly=0.09, avvikelse=-0.01),
            invoices("4010", 13, 36, (LF + "Abena", LF + "OneMed", LF + "Lyreco")),
            rent(56, "311"),
            vehicles(5, "315"),
            invoices("4630", 90, 8, ("Köp av hemtjänst privat utförare",), "315", avvikelse=0.04),
            invoices("4610", 60, 2, ("Köp av platser särskilt boende entreprenad",), "311"),
            invoices("3110", -42, 24, ("Omsorgsavgift särskilt boende", "Avgift hemtjänst")),
            monthly("3220", -18, "Hyresintäkt lägenheter särskilt boende {mon}", "311", prefix="KF"),
            quarterly("3510", -40, "Statsbidrag äldreomsorg kv {kv}", "31100", avvikelse=0.03))),
        DrRow("Stöd till personer med funktionsnedsättning", "32000", "32999",
              ((32100, "5210", 7), (32500, "5220", 1), (32600, "5230", 1)), (
            *staff(170, hourly=0.10),
            invoices("4010", 5, 16, (LF + "Lyreco", LF + "OneMed")),
            rent(30),
            invoices("4610", 80, 8, ("Köp av plats LSS-boende", "Köp av daglig verksamhet"), avvikelse=0.07),
            monthly("3520", -52, "Ersättning Försäkringskassan assistans {mon}", "32600", prefix="KF"),
            invoices("3110", -3, 4, ("Avgift korttidsvistelse",)))),
        DrRow("Individ- och familjeomsorg", "33000", "39999",
              ((33100, "5410", 1), (33200, "5420", 1), (33300, "5430", 1), (33400, "5440", 1)), (
            *staff(75, hourly=0.02),
            invoices("4610", 75, 10, ("Köp av plats HVB barn och unga", "Familjehemsvård konsulentstödd",
                                      "Köp av plats stödboende"), "331", avvikelse=0.14),
            invoices("4620", 22, 5, ("Köp av plats HVB vuxna", "Köp av behandling missbruk"), "332",
                     avvikelse=0.12),
            invoices("4540", 46, 36, ("Utbetalning ekonomiskt bistånd",), "333", avvikelse=0.04),
            invoices("7510", 5, 3, (LF + "bemanning socialsekreterare", LF + "inhyrd personal"), "331",
                     avvikelse=0.3),
            rent(6),
            quarterly("3510", -18, "Statsbidrag barn och unga kv {kv}", "33100"),
            invoices("3040", -4, 2, ("Försäljning av plats annan kommun",), "334"))),
    ),
    projects=(
        Project("94001", "Trygghetslarm och välfärdsteknik", "Välfärdsteknik", "30100", "5010", "1222", 1.8, 2.2,
                2.0, 0.5),
        Project("94003", "Digitala lås i hemtjänsten", "Välfärdsteknik", "30100", "5010", "1222", 0.0, 0.8, 0.8,
                0.7),
        Project("94002", "Inventarier särskilda boenden", "Inventarier", "31100", "5110", "1220", 1.0, 1.5, 1.5,
                0.4),
    ))

TN = Namnd(
    "TN", "Tekniska nämnden", "40000", "49999", "Tekniska nämnden och samhällsbyggnadsförvaltningen", "SBF", 2,
    dr_rows=(
        DrRow(COMMON, "40000", "40999", ((40100, "2010", 1), (40200, "2020", 1)), (
            *staff(25, hourly=0.02),
            arvoden(1.2, "40100"),
            invoices("6410", 3, 5, (LF + "Atea", LF + "Sokigo")),
            invoices("7410", 4, 6, (LF + "Sweco", LF + "WSP")),
            invoices("7310", 1, 3, ("Kursavgift",)),
            # Outside the operating statement (kontoplan: Exkluderas): a lease's interest and an accrual.
            monthly("8420", 2.4, "Räntekostnad finansiell leasing {mon}", "40100"),
            monthly("2990", 1.2, "Periodisering upplupna kostnader {mon}", "40100"))),
        DrRow("Gator, vägar och parker", "41000", "41999",
              ((41100, "2400", 1), (41200, "2410", 1), (41300, "2420", 1), (41400, "2430", 1),
               (41900, "2450", 1)), (
            *staff(50, hourly=0.08),
            invoices("6140", 22, 20, (LF + "Svevia vinterväghållning", LF + "snöröjning entreprenör",
                                      LF + "halkbekämpning"), "411", avvikelse=-0.08, season=WINTER),
            invoices("6130", 18, 14, (LF + "NCC beläggning", LF + "Svevia underhåll gator", LF + "Skanska"),
                     "411"),
            monthly("6121", 9, "El gatubelysning {mon}", "412", prefix="LF", avvikelse=0.15, season=HEATING),
            invoices("6135", 8, 10, (LF + "parkentreprenad", LF + "plantskola"), "413", season=SUMMER),
            invoices("4010", 5, 16, (LF + "Ahlsell", LF + "Beijer Byggmaterial", LF + "Würth")),
            invoices("6150", 3, 6, (LF + "Circle K", LF + "Preem"), "419"),
            *capital(24, 8, "41100", "gator och parker"),
            monthly("7930", 4, "Avskrivning fordon och maskiner {mon}", "41900", prefix="AV"),
            invoices("3110", -12, 8, ("Parkeringsavgifter", "Felparkeringsavgifter"), "414", avvikelse=0.06),
            invoices("3120", -3, 5, ("Avgift markupplåtelse", "Avgift grävtillstånd"), "411"))),
        DrRow("Fastighetsförvaltning", "42000", "42999",
              ((42100, "2800", 1), (42200, "2810", 1), (42300, "2820", 1), (42400, "2830", 1),
               (42500, "2840", 1)), (
            *staff(85, hourly=0.06),
            monthly("6120", 50, "Fjärrvärme och el fastigheter {mon}", "", prefix="LF", avvikelse=0.09,
                    season=HEATING),
            invoices("6130", 45, 30, (LF + "Bravida", LF + "Caverion", LF + "Peab underhåll", LF + "Elajo"),
                     avvikelse=-0.04),
            monthly("6020", 30, "Hyra externt inhyrda lokaler {mon}", "421", prefix="LF"),
            invoices("6110", 8, 8, (LF + "Ragn-Sells", LF + "fastighetsavfall")),
            invoices("4010", 6, 12, (LF + "Ahlsell", LF + "städmaterial")),
            quarterly("7720", 4, "Fastighetsförsäkring kv {kv}", "42100", prefix="LF"),
            *capital(80, 22, "42100", "byggnader"),
            invoices("3210", -28, 6, ("Hyresintäkt externa lokaler", "Hyresintäkt bostäder"), "424"))),
        DrRow("Mark och skog", "43000", "49999", ((43100, "2900", 1), (43200, "2910", 1)), (
            *staff(3, hourly=0.0),
            invoices("6160", 2, 2, (LF + "skogsentreprenad", LF + "Mellanskog"), "431"),
            invoices("7410", 1, 2, (LF + "Lantmäteriet förrättning",), "432"),
            invoices("3020", -5, 2, ("Virkesförsäljning",), "431", avvikelse=0.12),
            quarterly("3220", -3, "Arrendeintäkter kv {kv}", "43200"))),
    ),
    projects=(
        Project("92001", "Ny förskola Västra", "Nybyggnad och ombyggnad verksamhetslokaler", "42200", "2810",
                "1110", 38.0, 52.0, 48.5, 0.55),
        Project("92006", "Ombyggnad kök och matsalar i skolor", "Nybyggnad och ombyggnad verksamhetslokaler",
                "42200", "2810", "1110", 3.0, 22.0, 14.0, 0.35),
        Project("92002", "Energieffektivisering fastigheter", "Energi och klimat", "42100", "2800", "1120",
                6.5, 8.0, 8.0, 0.45),
        Project("92007", "Solceller på kommunens fastigheter", "Energi och klimat", "42400", "2830", "1120",
                2.0, 5.0, 5.0, 0.6),
        Project("92003", "Reinvestering gator och vägar", "Gator, vägar och parker", "41100", "2400", "1150",
                14.0, 15.0, 14.2, 0.5),
        Project("92008", "Gång- och cykelvägar", "Gator, vägar och parker", "41100", "2400", "1150", 5.0, 9.0,
                9.0, 0.4),
        Project("92004", "Gatubelysning LED", "Gator, vägar och parker", "41200", "2410", "1150", 3.1, 4.0, 3.6,
                0.55),
        Project("92005", "Fordon och maskiner", "Fordon och maskiner", "41900", "2450", "1230", 4.2, 5.5, 5.0,
                0.5),
    ))

MEALS = (Internal("BUN", "4115", "21100", "4070", 0.16), Internal("BUN", "4115", "22100", "4400", 0.36),
         Internal("BUN", "4115", "23100", "4600", 0.10), Internal("SN", "4115", "31100", "5110", 0.38))

UPN = Namnd(
    "UPN", "Upplevelsenämnden", "50000", "59999", "Upplevelsenämnden och upplevelseförvaltningen", "UPF", 2,
    dr_rows=(
        DrRow(COMMON, "50000", "50999", ((50100, "3010", 1),), (
            *staff(9, hourly=0.02),
            arvoden(1.0, "50100"),
            invoices("6410", 2, 4, (LF + "Atea", LF + "Axiell")),
            invoices("7410", 1.5, 3, (LF + "konsulttjänst",)),
            *capital(3, 0.5, "50100"),
            monthly("8310", -0.3, "Ränteintäkter kundfordringar {mon}", "50100"))),
        DrRow("Kultur och bibliotek", "51000", "51999",
              ((51100, "3200", 3), (51500, "3150", 1)), (
            *staff(26, hourly=0.08),
            invoices("4030", 5, 10, (LF + "BTJ", LF + "Adlibris", "E-medier Biblio"), "511"),
            invoices("6970", 3.5, 5, (LF + "artistarvode", LF + "evenemangsteknik"), "515"),
            invoices("4010", 2, 6, (LF + "Lyreco",)),
            rent(12),
            quarterly("3510", -5, "Statsbidrag Kulturrådet kv {kv}", "51500"),
            invoices("3050", -1, 3, ("Försäljning bibliotek och konsthall",)))),
        DrRow("Fritid och idrott", "52000", "52999",
              ((52100, "3300", 1), (52200, "3310", 1), (52300, "3320", 1), (52400, "3330", 1)), (
            *staff(38, hourly=0.15, avvikelse=-0.02),
            rent(22),
            invoices("4510", 16, 8, ("Föreningsbidrag", "Aktivitetsbidrag", "Lokalbidrag förening"), "524"),
            invoices("4010", 4, 10, (LF + "Stadium", LF + "Team Sportia", LF + "Lyreco")),
            monthly("6120", 4, "El och värme simhall {mon}", "52200", prefix="LF", avvikelse=0.1,
                    season=HEATING),
            invoices("3110", -9, 16, ("Entréavgifter simhall", "Bokningsavgift idrottshall"), "522",
                     avvikelse=-0.15),
            invoices("3210", -2.5, 4, ("Uthyrning idrottshall",), "521"))),
        DrRow("Kulturskola", "53000", "53999", ((53100, "3100", 2),), (
            *staff(22, hourly=0.05),
            rent(3),
            invoices("4010", 1.5, 4, (LF + "Thomann", LF + "Lyreco")),
            invoices("3110", -4, 8, ("Avgift kulturskola",)))),
        DrRow("Måltidsservice", "54000", "59999", ((54100, "3400", 1), (54200, "3410", 4)), (
            *staff(58, hourly=0.08, avvikelse=-0.01),
            invoices("4110", 38, 48, (LF + "Martin & Servera", LF + "Menigo", LF + "Arla", LF + "Lantmännen"),
                     avvikelse=0.04, season=SCHOOL_YEAR),
            invoices("4010", 3, 6, (LF + "engångsmaterial kök",)),
            monthly("3660", -96, "Intern försäljning måltider {mon}", "54100", prefix="IF", internal=MEALS,
                    season=SCHOOL_YEAR),
            invoices("3050", -2, 4, ("Försäljning lunch gäster",), "542"))),
    ),
    projects=(
        Project("95001", "Konstgräsplan", "Idrotts- och fritidsanläggningar", "52100", "3300", "1150", 0.4, 6.0,
                6.3, 0.7),
        Project("95002", "Utrustning simhall", "Idrotts- och fritidsanläggningar", "52200", "3310", "1220", 0.5,
                1.2, 1.2, 0.3),
        Project("95003", "Medier och inventarier bibliotek", "Inventarier", "51100", "3200", "1220", 0.6, 0.8,
                0.8, 0.5),
        Project("95004", "Köksutrustning måltidsservice", "Inventarier", "54100", "3400", "1220", 1.2, 1.5, 1.5,
                0.5),
    ))

MBN = Namnd(
    "MBN", "Miljö- och byggnadsnämnden", "60000", "64999", "Miljö- och byggnadsnämnden och miljö- och "
    "byggförvaltningen", "MBF", 1,
    dr_rows=(
        DrRow(COMMON, "60000", "60999", ((60100, "2110", 1),), (
            *staff(6, hourly=0.0),
            arvoden(0.8, "60100"),
            invoices("6410", 2.5, 3, (LF + "Sokigo Ecos", LF + "bygglovssystem")),
            invoices("7410", 1.5, 3, (LF + "konsulttjänst", LF + "juridiskt stöd")),
            invoices("7310", 0.6, 3, ("Kursavgift",)),
            invoices("4010", 1, 3, (LF + "Lyreco",)),
            rent(2))),
        DrRow("Bygglov, kart och mät", "61000", "61999", ((61100, "2120", 1), (61500, "2125", 1)), (
            *staff(21, hourly=0.02, avvikelse=-0.03),
            invoices("4010", 0.6, 2, (LF + "mätutrustning",), "615"),
            invoices("3110", -14, 20, ("Bygglovsavgift", "Avgift startbesked"), "611", avvikelse=-0.10),
            invoices("3115", -3, 6, ("Avgift nybyggnadskarta", "Avgift utstakning"), "615", avvikelse=-0.1))),
        DrRow("Miljö- och hälsoskydd", "62000", "64999", ((62100, "2130", 1), (62200, "2135", 1)), (
            *staff(22, hourly=0.02, avvikelse=-0.02),
            invoices("3120", -6, 12, ("Årlig tillsynsavgift miljö", "Avgift prövning"), "621"),
            invoices("3125", -3.5, 10, ("Avgift livsmedelskontroll",), "622"),
            quarterly("3510", -1.2, "Statsbidrag Naturvårdsverket kv {kv}", "62100"))),
    ),
    projects=(
        Project("96001", "Digitalt bygglovsarkiv", "Verksamhetssystem", "60100", "2110", "1030", 0.3, 1.2, 1.2,
                0.4),
        Project("96002", "Mätinstrument GNSS", "Inventarier", "61500", "2125", "1220", 0.0, 0.4, 0.4, 0.9),
    ))

NAMNDER = (BUN, SN, TN, UPN, MBN)
