"""Tiny, complete input folders built inline. Each test changes one thing (one defect)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_SETTINGS = ROOT / "input_xlsx" / "installningar" / "rapport.toml"

LEDGER_HEAD = ["Period", "Konto", "Ansvar", "Verksamhet", "Aktivitet", "Projekt", "Motpart",
               "Verifikation", "Datum", "Text", "Belopp"]


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write rows (first row = headings) to an .xlsx with one sheet per key."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def ledger_row(period: str, konto: str, ansvar: str, verksamhet: str, belopp, projekt: str = "",
               motpart: str = "000") -> list:
    year, month = int(period[:4]), int(period[5:7])
    return [period, konto, ansvar, verksamhet, "", projekt, motpart, f"V{konto}{month}",
            dt.datetime(year, month, 15), "Transaktion", belopp]


RR_LINES = [
    ["Ordning", "RR-rad", "Typ"],
    [1, "Taxor och avgifter", "Intäkt"], [2, "Bidrag (intäkter)", "Intäkt"],
    [3, "Övriga intäkter", "Intäkt"], [4, "Personalkostnader", "Kostnad"],
    [5, "Bidrag (kostnader)", "Kostnad"], [6, "Köp av verksamhet", "Kostnad"],
    [7, "Lokalhyror", "Kostnad"], [8, "Övriga driftskostnader", "Kostnad"],
    [9, "Kapitaltjänstkostnader", "Kostnad"],
]
ACCOUNTS = [
    ["Från", "Till", "RR-rad", "Benämning"],
    ["31", "31", "Taxor och avgifter", ""], ["35", "35", "Bidrag (intäkter)", ""],
    ["30", "30", "Övriga intäkter", ""], ["32", "34", "Övriga intäkter", ""],
    ["36", "39", "Övriga intäkter", ""], ["50", "57", "Personalkostnader", ""],
    ["45", "45", "Bidrag (kostnader)", ""], ["46", "46", "Köp av verksamhet", ""],
    ["60", "60", "Lokalhyror", ""], ["40", "41", "Övriga driftskostnader", ""],
    ["61", "78", "Övriga driftskostnader", ""], ["79", "79", "Kapitaltjänstkostnader", ""],
    ["1", "1", "Investering", ""], ["2", "2", "Exkluderas", ""], ["8", "8", "Exkluderas", ""],
    ["8450", "8450", "Kapitaltjänstkostnader", "Internränta"],
]
ORGANISATION = {
    "Rapportenheter": [["Kod", "Namn", "Egen rapport", "Redovisas i"], ["KS", "Kommunstyrelsen", "Ja", None],
                       ["KF", "Kommunfullmäktige och revision", "Nej", "KS"],
                       ["BUN", "Barn- och utbildningsnämnden", "Nej", None]],
    "Ansvar": [["Ansvar från", "Ansvar till", "Rapportenhet", "Benämning"],
               ["10000", "10999", "KF", ""], ["11000", "13999", "KS", ""], ["20000", "29999", "BUN", ""]],
    "Driftsredovisning": [
        ["Rapportenhet", "DR-rad", "Ansvar från", "Ansvar till", "Verksamhet från", "Verksamhet till"],
        ["KS", "Politisk verksamhet", "11000", "11999", None, None],
        ["KS", "Förvaltning", "12000", "12999", None, None],
        ["KS", "Räddningstjänst", "13000", "13999", "2600", "2699"],
        ["KF", "Kommunfullmäktige och revision", "10000", "10999", None, None],
    ],
    "Förvaltningar": [["Kod", "Namn", "Rapportenhet"], ["KLF", "Kommunledningsförvaltningen", "KS"],
                      ["BUF", "Barn- och utbildningsförvaltningen", "BUN"]],
    "Projekt": [["Projekt", "Benämning", "Investeringsgrupp", "Rapportenhet"],
                ["91001", "Datorer", "Reinvesteringar IT", "KS"],
                ["91020", "Möbler", "Diverse inventarier", "KS"]],
}


def ledger_2022() -> list[list]:
    return [LEDGER_HEAD,
            ledger_row("2022-03", "5011", "12100", "1200", 800.00),
            ledger_row("2022-10", "5011", "12100", "1200", 400.00),
            ledger_row("2022-10", "3110", "12100", "1200", -50.00)]


def ledger_2023() -> list[list]:
    return [LEDGER_HEAD,
            ledger_row("2023-01", "5011", "12100", "1200", 1000.00),
            ledger_row("2023-02", "3510", "12100", "1200", -200.00),
            ledger_row("2023-02", "4610", "11010", "1100", 300.50),
            ledger_row("2023-02", "4610", "13010", "2600", 120.00),
            ledger_row("2023-02", "5011", "10100", "1000", 50.00),
            ledger_row("2023-02", "5011", "20100", "3000", 999.00),
            ledger_row("2023-02", "8450", "12100", "1200", 10.00),
            ledger_row("2023-02", "1221", "12300", "1200", 400.00, projekt="91001")]


BUDGET = [
    ["År", "Ansvar", "Verksamhet", "Konto", "Ursprunglig budget", "Ändringsbudget", "Budget"],
    [2023, "12100", "1200", "5011", 3000, 600, 3600],
    [2023, "12100", "1200", "3510", -500, 0, -500],
    [2023, "11010", "1100", "4610", 700, 0, 700],
    [2023, "13010", "2600", "4610", 300, 0, 300],
    [2023, "10100", "1000", "5011", 150, 0, 150],
    [2023, "20100", "3000", "5011", 5000, 0, 5000],
]
FORECAST = [
    ["År", "Rapportenhet", "Verksamhet", "Resultaträkningsrad", "Prognos helår"],
    [2023, "KS", "Förvaltning", "Personalkostnader", -3.2],
    [2023, "KS", "Förvaltning", "Bidrag (intäkter)", 0.5],
    [2023, "KS", "Politisk verksamhet", "Köp av verksamhet", -0.7],
    [2023, "KS", "Räddningstjänst", "Köp av verksamhet", -0.3],
    [2023, "KF", "Kommunfullmäktige och revision", "Personalkostnader", -0.15],
]
INVESTMENTS = [
    ["År", "Projekt", "Ansvar", "Benämning", "Budget", "Prognos helår"],
    [2023, "91001", "12300", "Datorer", 1000, 800],
    [2023, "91020", "12600", "Möbler", 100, 100],
    [2023, "93001", "20100", "Förskolemöbler", 5000, 5000],
]


PERSONNEL_HEAD = ["Period", "Anställd", "Förvaltning", "Kön", "Födelseår", "Anställningsform",
                  "Befattning", "Arbetstid", "Sjuktimmar", "Sjuktimmar 60+"]


def personnel_rows(year: int) -> list[list]:
    """KLF: 12 employees (6 women, 6 men), BUF: 3; months 1-2; 160 hours a month each.

    KLF sick hours per month: K01 16 (all in a long spell), K02 8, M01 4; so a month has
    28 sick hours of 1 920 working hours, 16 of them long-term.
    """
    rows = [PERSONNEL_HEAD]
    for month in (1, 2):
        period = f"{year}-{month:02d}"
        for i in range(1, 7):
            rows.append([period, f"K{i:02d}", "KLF", "K", 1970 + i, "Tillsvidare", "Handläggare", 160,
                         16 if i == 1 else 8 if i == 2 else 0, 16 if i == 1 else 0])
            rows.append([period, f"M{i:02d}", "KLF", "M", 1990 + i, "Tillsvidare", "Tekniker", 160,
                         4 if i == 1 else 0, 0])
        for i in range(1, 4):
            rows.append([period, f"B{i:02d}", "BUF", "K", 1980, "Visstid", "Lärare", 100, 10, 0])
    return rows


EMPLOYMENTS = [
    ["Anställd", "Förvaltning", "Anställningsform", "Befattning", "Startdatum", "Slutdatum", "Avgångsorsak"],
    *[[f"K{i:02d}", "KLF", "Tillsvidare", "Handläggare", dt.datetime(2015, 1, 1), None, None] for i in range(1, 7)],
    *[[f"M{i:02d}", "KLF", "Tillsvidare", "Tekniker", dt.datetime(2015, 1, 1), None, None] for i in range(1, 7)],
    ["X01", "KLF", "Tillsvidare", "Handläggare ekonomi", dt.datetime(2010, 1, 1), dt.datetime(2022, 12, 31),
     "Egen begäran"],
    ["X02", "KLF", "Tillsvidare", "Tekniker IT", dt.datetime(2010, 1, 1), dt.datetime(2023, 1, 31), "Pension"],
    ["X03", "KLF", "Tillsvidare", "Tekniker IT", dt.datetime(2010, 1, 1), dt.datetime(2023, 1, 15),
     "Intern förflyttning"],
    ["X03", "BUF", "Tillsvidare", "Tekniker IT", dt.datetime(2023, 1, 16), None, None],
    ["X04", "KLF", "Tillsvidare", "Handläggare ekonomi", dt.datetime(2010, 1, 1), dt.datetime(2022, 1, 31),
     "Egen begäran"],
    *[[f"B{i:02d}", "BUF", "Visstid", "Lärare", dt.datetime(2022, 1, 1), None, None] for i in range(1, 4)],
]
SURVEY = [["År", "Enhet", "Index", "Värde"],
          [2023, "Kommunen", "HME", 78], [2022, "Kommunen", "HME", 77],
          [2023, "KLF", "HME", 77], [2022, "KLF", "HME", 75],
          [2023, "Kommunen", "Chefsfrågor", 81], [2023, "KLF", "Chefsfrågor", 80]]
INDICATORS = {
    "Indikatorer": [["Mål", "Typ", "Indikator", "Mått", "Enhet", "Startläge", "Målvärde"],
                    ["Mål 21: Ökat medarbetarengagemang", "KF", "21. HME", "HME", "Kommunen", 83, 84],
                    ["Mål 21: Ökat medarbetarengagemang", "Nämnd", "HME KS", "HME", "KLF", 86, 84],
                    ["Mål 23: Sjukfrånvaron ska minska", "Nämnd", "Sjukfrånvaro, KS", "Sjukfrånvaro", "KLF",
                     4.6, 4],
                    ["Mål 24: Personalomsättningen är låg", "Nämnd", "Extern personalomsättning, KS",
                     "Personalomsättning", "KLF", 9.5, 8]],
    "Historik": [["Indikator", "År", "Utfall"], ["21. HME", 2021, 79], ["21. HME", 2022, 77],
                 ["Sjukfrånvaro, KS", 2022, 4.3], ["Extern personalomsättning, KS", 2021, 11]],
}


GOALS_HEAD = ["Avsnitt", "Kommunens uppgift", "Mål", "Analys", "Status", "Status föregående rapport"]
MALBEDOMNING = {
    "Mål": [GOALS_HEAD,
            ["4", "Delaktighet", "Mål 1: Snabba svar", "Kontaktvägarna fungerar.\n\nNy chattfunktion.",
             "På rätt väg", "På rätt väg"],
            ["4", "Delaktighet", "Mål 2: Förtroende", "Undersökningen görs i höst.", "Delvis på rätt väg",
             "Delvis på rätt väg"],
            ["5", "", "Mål 21: Ökat medarbetarengagemang", "Engagemanget ökar.", "På rätt väg", ""]],
    "Satsningar": [["Avsnitt", "Prioritering", "Kommentar", "Status"],
                   ["4.1", "Bemötande", "Utbildning i höst.", "Delvis utförd"],
                   ["5.5", "Ledarskap", "Nätverk för chefer.", "Delvis utförd"]],
    "Uppdrag": [["Typ", "Uppdrag", "Kommentar"],
                ["Uppdrag från Kommunfullmäktige", "Minska energibehovet", "Solceller på tre skolor."]],
}
INTERNKONTROLL = {"Internkontroll": [
    ["Risk", "Riskbeskrivning", "Kontroll", "Resultat", "Kommentar"],
    ["Avtalstrohet", "Köp utanför avtal.", "Inköp enligt avtal", "Kontroll genomförd med mindre avvikelse",
     "Stickprov visar några köp utanför avtal."],
    ["Avtalstrohet", "Köp utanför avtal.", "Styrdokument", "Kontroll genomförd utan avvikelse", "Aktuella."],
    ["Fakturor", "Sena betalningar.", "Betalda efter 30 dagar", "Kontroll ej genomförd", "Görs i höst."],
]}
_TINY_DOCX: list[bytes] = []


def tiny_docx() -> bytes:
    """One small Word file (a paragraph with bold and italics), made once per test run."""
    if not _TINY_DOCX:
        from io import BytesIO

        import docx
        document = docx.Document()
        paragraph = document.add_paragraph("Egen text med ")
        paragraph.add_run("fetstil").bold = True
        paragraph.add_run(" och ")
        paragraph.add_run("kursiv").italic = True
        paragraph.add_run(".")
        buffer = BytesIO()
        document.save(buffer)
        _TINY_DOCX.append(buffer.getvalue())
    return _TINY_DOCX[0]


def write_texts(folder: Path) -> None:
    """texter/KS/<section>.docx for every section the shipped rapport.toml names (texter/{enhet}/)."""
    from pipeline.read.catalog import TEXT_SECTIONS
    (folder / "texter" / "KS").mkdir(parents=True, exist_ok=True)
    for key in TEXT_SECTIONS:
        (folder / "texter" / "KS" / f"{key}.docx").write_bytes(tiny_docx())


def one_namnd_settings() -> str:
    """The shipped rapport.toml for a kommun where only KS has a report of its own: its follow-up
    exports need no column naming the nämnd (the tiny sheets have none)."""
    lines = SHIPPED_SETTINGS.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith('rapportenhet = "Nämnd"'))


def write_inputs(folder: Path, **replace) -> Path:
    """A valid tiny input folder; keyword arguments replace one file's sheets."""
    settings = folder / "installningar"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "rapport.toml").write_text(one_namnd_settings(), encoding="utf-8")
    files = {
        "kontoplan": (settings / "kontoplan.xlsx", {"Resultaträkning": RR_LINES, "Konton": ACCOUNTS}),
        "organisation": (settings / "organisation.xlsx", ORGANISATION),
        "huvudbok_2022": (folder / "huvudbok_2022.xlsx", {"Huvudbok": ledger_2022()}),
        "huvudbok_2023": (folder / "huvudbok_2023.xlsx", {"Huvudbok": ledger_2023()}),
        "budget": (folder / "budget_2023.xlsx", {"Budget": BUDGET}),
        "prognos": (folder / "prognos_2023.xlsx", {"Prognos": FORECAST}),
        "investeringar": (folder / "investeringar_2023.xlsx", {"Investeringar": INVESTMENTS}),
        "personal_2022": (folder / "personal_2022.xlsx", {"Personal": personnel_rows(2022)}),
        "personal_2023": (folder / "personal_2023.xlsx", {"Personal": personnel_rows(2023)}),
        "anstallningar": (folder / "anstallningar.xlsx", {"Anställningar": EMPLOYMENTS}),
        "medarbetarenkat": (folder / "medarbetarenkat.xlsx", {"Index": SURVEY}),
        "indikatorer": (folder / "indikatorer.xlsx", INDICATORS),
        "malbedomning": (folder / "malbedomning.xlsx", MALBEDOMNING),
        "internkontroll": (folder / "internkontroll.xlsx", INTERNKONTROLL),
    }
    for key, (path, sheets) in files.items():
        sheets = replace.get(key, sheets)
        if sheets is not None:
            write_xlsx(path, sheets)
    if replace.get("texter", True):
        write_texts(folder)
    chart = Path("texter") / "KS" / "organisationsschema.png"        # named in the shipped settings
    (folder / chart).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "input_xlsx" / chart, folder / chart)
    return folder


def write_inputs_without_buf(folder: Path) -> Path:
    """The tiny folder without BUF's three employees: with them, the whole kommun minus KLF would
    be BUF, so KLF's sick leave and turnover are hidden too (complementary suppression)."""
    def klf_only(rows: list[list]) -> list[list]:
        return [row for row in rows if "BUF" not in row]
    return write_inputs(folder, personal_2022={"Personal": klf_only(personnel_rows(2022))},
                        personal_2023={"Personal": klf_only(personnel_rows(2023))},
                        anstallningar={"Anställningar": klf_only(EMPLOYMENTS)})


def full_report_in_february(folder: Path) -> Path:
    """The tiny folder (period February, by default a lighter månadsuppföljning) set to give the
    full delårsrapport in February too ([rapporttyper] in rapport.toml): every section printed."""
    with open(folder / "installningar" / "rapport.toml", "a", encoding="utf-8") as settings:
        settings.write("\n[rapporttyper.delarsrapport]\nmanader = [2, 8]\n")
    return folder


@pytest.fixture(autouse=True, scope="session")
def _cache_outside_the_repository(tmp_path_factory):
    """CLI runs cache parsed exports (pipeline/read/cache.py): in the test's temp area, not in .cache/.

    Session-wide, so that module-scoped fixtures that run the CLI are covered too."""
    before = os.environ.get("PIPELINE_CACHE")
    os.environ["PIPELINE_CACHE"] = str(tmp_path_factory.getbasetemp() / "export-cache")
    yield
    if before is None:
        del os.environ["PIPELINE_CACHE"]
    else:
        os.environ["PIPELINE_CACHE"] = before


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return write_inputs(tmp_path / "input")


def libreoffice_or_skip() -> None:
    """PDF tests need LibreOffice with its Python bridge: skipped on a developer machine without
    it, a failure in CI (.ci/run installs it)."""
    from pipeline.render.pdf import find_soffice, find_uno_python

    soffice = find_soffice()
    if soffice is None or find_uno_python(soffice) is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice med python3-uno ska finnas i CI (.ci/run installerar dem)")
        pytest.skip("LibreOffice med python3-uno finns inte på den här datorn")
