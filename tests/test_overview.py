"""The kommun's overview: every rapportenhet's figures side by side, and the checks that nothing is
lost between the nämnder (pipeline/compute/overview.py, reconcile/overview.py, render/overview.py)."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from io import BytesIO
from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import FORECAST, MALBEDOMNING, ORGANISATION, ROOT, ledger_2023, ledger_row, write_inputs
from pipeline import orchestrator
from pipeline.cli import main
from pipeline.render import overview as rendered
from pipeline.render.accessibility import accessibility_findings
from test_sections import bare_headings
from word_headings import numbered_headings

PERIOD_COLUMNS = ["bokslut_fg", "utfall_fg", "utfall", "budget", "prognos", "avvikelse"]


def overview_of(folder: Path):
    built = orchestrator.build_reports(folder)
    assert built.kommun is not None
    return built, *orchestrator.kommun_overview(built.kommun, built.namnder)


def failed(overview) -> dict:
    return {c.check_id: c for c in overview.failed_checks}


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- the tiny inputs --------------------------------------------------------------------------------

def test_the_tiny_overview_has_a_row_per_rapportenhet_and_the_totals_to_the_ore(tiny):
    built, overview, problems = overview_of(tiny)
    drift = overview.drift
    # Every unit on the Rapportenheter sheet, in its order: BUN has no report and no DR rows.
    assert list(drift.index) == ["KS", "KF", "BUN", "Totalt (mnkr)"]
    assert list(drift.columns) == [*PERIOD_COLUMNS, "kind"]          # the DR's columns of February
    ks_2023 = 1000_00 - 200_00 + 300_50 + 120_00 + 10_00               # debit positive, as in the ledger
    assert drift.loc["KS", "utfall"] == -ks_2023
    assert drift.loc["KS", "bokslut_fg"] == -(800_00 + 400_00 - 50_00)
    assert drift.loc["KS", "budget"] == -(3600_00 - 500_00 + 700_00 + 300_00)
    assert drift.loc["KS", "prognos"] == -(3200_00 - 500_00 + 700_00 + 300_00)   # the forecast is in tkr
    assert drift.loc["KS", "avvikelse"] == -370_000 + 410_000
    assert (drift.loc["KF", "utfall"], drift.loc["KF", "budget"], drift.loc["KF", "prognos"]) == (
        -50_00, -150_00, -150_00)
    assert (drift.loc["BUN", "utfall"], drift.loc["BUN", "budget"]) == (-999_00, -5000_00)
    assert pd.isna(drift.loc["BUN", "prognos"]) and pd.isna(drift.loc["BUN", "utfall_fg"])
    total = drift.loc["Totalt (mnkr)"]
    assert (total["utfall"], total["budget"], total["prognos"]) == (
        -ks_2023 - 50_00 - 999_00, -410_000 - 150_00 - 5000_00, -370_000 - 150_00)
    assert total["kind"] == "total"

    # The reported units' rows are their reports' DR totals.
    report = built.namnder[0].report
    for tables in report.units:
        dr_total = tables.dr[tables.dr["kind"] == "total"].iloc[0]
        assert [dr_total[c] for c in PERIOD_COLUMNS if pd.notna(dr_total[c])] == \
            [drift.loc[tables.unit, c] for c in PERIOD_COLUMNS if pd.notna(drift.loc[tables.unit, c])]

    inv = overview.investments
    assert list(inv.columns) == ["budget", "utfall", "prognos", "avvikelse", "kind"]
    assert (inv.loc["KS", "budget"], inv.loc["KS", "utfall"], inv.loc["KS", "prognos"]) == (
        -1100_00, -400_00, -900_00)
    assert (inv.loc["BUN", "budget"], inv.loc["Totalt (mnkr)", "budget"]) == (-5000_00, -6100_00)

    assert {code: (s.counts.on_track, s.counts.partly, s.counts.off_track, s.goals)
            for code, s in overview.goals.items()} == {"KS": (1, 1, 0, 2)}
    assert overview.failed_checks == [] and problems == []
    assert len(overview.checks) == 5 * (1 + 3) + 4      # per column: the total and each unit; 4 sources


def test_the_overview_document_and_workbook_print_the_tables(tiny):
    _, overview, problems = overview_of(tiny)
    files = rendered.overview_files(overview, problems)
    assert accessibility_findings(files[rendered.DOCX_FILE]) == []
    assert rendered.overview_files(overview, problems) == files                    # reproducible bytes
    document = docx.Document(BytesIO(files[rendered.DOCX_FILE]))
    assert document.core_properties.title == "Kommunöversikt februari 2023"
    assert document.core_properties.language == "sv-SE"
    headings = [text for _, text in numbered_headings(files[rendered.DOCX_FILE])]
    assert headings == ["1 Driftsredovisning per nämnd", "2 Investeringar per nämnd", "3 Måluppfyllelse per nämnd",
                        "4 Sjukfrånvaro och personalomsättning per förvaltning"]
    drift = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert drift[0] == ["Nämnd (mnkr)", "Bokslut 2022", "Utfall jan-feb 2022", "Utfall jan-feb 2023", "Budget 2023",
                        "Prognos helår 2023", "Avvikelse prognos mot budget"]
    assert [row[0] for row in drift[1:]] == ["Kommunstyrelsen", "Kommunfullmäktige och revision",
                                             "Barn- och utbildningsnämnden", "Totalt (mnkr)"]
    goals = [[cell.text for cell in row.cells] for row in document.tables[2].rows]
    assert goals == [["Nämnd", "På rätt väg", "Delvis på rätt väg", "På fel väg", "Antal mål"],
                     ["Kommunstyrelsen", "1", "1", "0", "2"], ["Totalt", "1", "1", "0", "2"]]

    book = openpyxl.load_workbook(BytesIO(files[rendered.WORKBOOK_FILE]))
    assert {"Sammanfattning", "Kontroller", "Drift per nämnd", "Investeringar per nämnd", "Mål per nämnd",
            "Personal per förvaltning", "Rader utan rapportenhet"} <= set(book.sheetnames)
    rows = {row[0]: row for row in book["Drift per nämnd"].iter_rows(values_only=True)}
    head = rows["Nämnd"]                                             # the unit is in each column's header
    assert rows["Kommunstyrelsen"][head.index("Utfall jan-feb 2023 (kr)")] == -1230.50     # unrounded kronor
    assert all(row[8] == "Stämmer" for row in list(book["Kontroller"].iter_rows(values_only=True))[1:])


def test_a_suppressed_forvaltning_shows_a_dash_never_its_figure(tiny):
    """BUF has three employees: its sick leave (60 of 600 hours) and turnover are never printed,
    nor KLF's, since the whole kommun minus KLF would be BUF (complementary suppression)."""
    _, overview, problems = overview_of(tiny)
    files = rendered.overview_files(overview, problems)
    document = docx.Document(BytesIO(files[rendered.DOCX_FILE]))
    staff = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in document.tables[3].rows}
    assert staff["Barn- och utbildningsförvaltningen"] == ["–", "–", "–", "–"]
    assert staff["Kommunledningsförvaltningen"][:3] == ["–", "–", "–"]     # not 1,5 (56 of 3 840 hours)
    assert staff["Hela kommunen"][0] == "2,6"                          # 116 of 4 440 hours
    assert any(p.text.startswith("– betyder att uppgiften inte redovisas") for p in document.paragraphs)
    book = openpyxl.load_workbook(BytesIO(files[rendered.WORKBOOK_FILE]))
    sheet = list(book["Personal per förvaltning"].iter_rows(values_only=True))
    record = {row[1]: dict(zip(sheet[0], row)) for row in sheet[1:]}["BUF"]
    assert [record[h] for h in sheet[0][3:7]] == ["–"] * 4
    assert "10 eller färre anställda" in record["Redovisas inte därför att"]
    assert 10.0 not in record.values()
    klf = {row[1]: dict(zip(sheet[0], row)) for row in sheet[1:]}["KLF"]
    assert "en annan dold uppgift inte kan räknas fram" in klf["Redovisas inte därför att"]


def test_a_goal_whose_status_the_settings_do_not_know_counts_only_in_the_number_of_goals(tmp_path):
    goals = {**MALBEDOMNING, "Mål": [*MALBEDOMNING["Mål"],
                                     ["4", "Delaktighet", "Mål 3: Öppenhet", "Analys.", "Oklart", ""]]}
    _, overview, _ = overview_of(write_inputs(tmp_path / "in", malbedomning=goals))
    status = overview.goals["KS"]
    assert (status.counts.on_track, status.counts.partly, status.counts.off_track, status.goals) == (1, 1, 0, 3)
    table = rendered.overview_tables(overview)["mal"]
    assert [(row.label, row.cells) for row in table.rows] == [("Kommunstyrelsen", ("1", "1", "0", "3")),
                                                             ("Totalt", ("1", "1", "0", "3"))]


# --- the checks -----------------------------------------------------------------------------------

def test_a_ledger_row_that_belongs_to_no_namnd_is_caught_with_its_file_and_row(tmp_path):
    ledger = [*ledger_2023(), ledger_row("2023-02", "5011", "99000", "9000", 77.00)]   # Excel row 10
    _, overview, problems = overview_of(write_inputs(tmp_path / "in", huvudbok_2023={"Huvudbok": ledger}))
    found = failed(overview)
    assert set(found) == {"kommunen:drift:utfall", "kommunen:enhet:huvudbok"}
    total = found["kommunen:drift:utfall"]
    assert (total.expected, total.actual, total.difference) == (
        overview.drift.loc["Totalt (mnkr)", "utfall"] - 77_00, overview.drift.loc["Totalt (mnkr)", "utfall"], 77_00)
    assert total.where == "huvudbok_2023.xlsx rad 10"
    rows = found["kommunen:enhet:huvudbok"]
    assert (rows.expected, rows.actual, rows.difference, rows.quantity) == (3 + 9, 3 + 8, -1, "rader")  # both years
    assert rows.describe() == (
        "kommunen:enhet:huvudbok STÄMMER INTE: Varje rad i huvudboken hör till exakt en rapportenhet (ansvaret i "
        "exakt ett intervall på bladet Ansvar). Förväntat 12 rader (huvudbokens rader), faktiskt 11 rader (rader "
        "med en rapportenhet), differens -1 rader. Gäller ansvar 99000 i inget intervall på bladet Ansvar: "
        "huvudbok_2023.xlsx rad 10.")
    assert [p.rule for p in problems] == ["avstämning", "avstämning"]
    assert list(overview.unplaced[["källa", "fil", "rad", "belopp"]].itertuples(index=False, name=None)) == [
        ("huvudboken", "huvudbok_2023.xlsx", 10, 77_00)]


def test_a_row_in_two_ansvar_ranges_and_an_unknown_forecast_unit_are_caught(tmp_path):
    organisation = {**ORGANISATION, "Ansvar": [*ORGANISATION["Ansvar"], ["20000", "20199", "KS", ""]]}
    forecast = [*FORECAST, [2023, "XX", "Förvaltning", "Personalkostnader", -1.0]]            # Excel row 7
    _, overview, _ = overview_of(write_inputs(tmp_path / "in", organisation=organisation,
                                              prognos={"Prognos": forecast}))
    found = failed(overview)
    assert found["kommunen:enhet:huvudbok"].where == (
        "ansvar 20100 i flera intervall på bladet Ansvar (BUN, KS): huvudbok_2023.xlsx rad 7")
    assert found["kommunen:enhet:budget"].where == (
        "ansvar 20100 i flera intervall på bladet Ansvar (BUN, KS): budget_2023.xlsx rad 7")
    assert found["kommunen:enhet:prognos"].where == (
        'rapportenheten "XX" finns inte på bladet Rapportenheter: prognos_2023.xlsx rad 7')
    assert found["kommunen:drift:prognos"].difference == 1000_00          # the lost row: -1 tkr, printed sign


def test_a_namnd_whose_sum_differs_is_named(tiny):
    built, overview, _ = overview_of(tiny)
    assert overview.failed_checks == []
    kommun = built.kommun
    facts = kommun.facts
    first = facts.index[(facts["enhet"] == "KS") & (facts["measure"] == "utfall")][0]
    changed = dataclasses.replace(kommun, facts=facts.assign(belopp=facts["belopp"].where(
        facts.index != first, facts["belopp"] + 1)))                         # one öre more in KS's table
    overview, problems = orchestrator.kommun_overview(changed, built.namnder)
    found = failed(overview)
    assert set(found) == {"kommunen:KS:utfall", "kommunen:drift:utfall"}
    assert (found["kommunen:KS:utfall"].difference, found["kommunen:drift:utfall"].difference) == (1, 1)
    assert found["kommunen:KS:utfall"].description == (
        "Kommunstyrelsen: huvudbokens rader på driftkonton = enhetens rad i kommunöversikten, Utfall jan-feb 2023")
    assert [p.location.sheet for p in problems] == ["Kontroller", "Kontroller"]


def test_a_reported_units_row_without_a_dr_row_is_named_where_it_is(tmp_path):
    ledger = [*ledger_2023(), ledger_row("2023-02", "5011", "13500", "9999", 12.00)]   # KS, no DR row
    _, overview, _ = overview_of(write_inputs(tmp_path / "in", huvudbok_2023={"Huvudbok": ledger}))
    found = failed(overview)
    assert found["kommunen:KS:utfall"].difference == 12_00
    assert found["kommunen:KS:utfall"].where == "huvudbok_2023.xlsx rad 10"
    assert found["kommunen:drift:utfall"].where == "huvudbok_2023.xlsx rad 10"


# --- the command line -------------------------------------------------------------------------------

def test_report_writes_the_overview_folder_beside_the_namnder(tiny, tmp_path):
    result = invoke("report", "--input", tiny, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "2023-02" / "kommunen"
    assert sorted(p.name for p in folder.iterdir()) == ["kommunoversikt.docx", "kommunoversikt.xlsx", "utskrivet.json"]
    assert f"  Kommunöversikt: skriven till {folder}." in result.output
    assert "Avstämning: 24 av 24 kontroller stämmer." in result.output


def test_only_the_selected_namnder_without_the_overview(tiny, tmp_path):
    result = invoke("report", "--input", tiny, "--output", tmp_path / "out", "--namnd", "KS")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out" / "2023-02").iterdir()) == ["kommunstyrelsen"]


def test_a_failed_overview_check_keeps_its_folder_writes_the_namnder_and_exits_non_zero(tiny, tmp_path,
                                                                                       monkeypatch):
    out = tmp_path / "out"
    assert invoke("report", "--input", tiny, "--output", out).exit_code == 0
    previous = (out / "2023-02" / "kommunen" / "kommunoversikt.docx").read_bytes()
    (out / "2023-02" / "kommunstyrelsen" / "avstamning.xlsx").unlink()

    from pipeline.compute import overview as computed
    real = computed.unreported_facts

    def one_more_ore(*args):                    # BUN's row one öre off its ledger rows
        facts = real(*args)
        extra = ((facts["enhet"] == "BUN") & (facts["measure"] == "utfall")).astype("int64")
        return facts.assign(belopp=facts["belopp"] + extra)
    monkeypatch.setattr(computed, "unreported_facts", one_more_ore)
    result = invoke("report", "--input", tiny, "--output", out)
    assert result.exit_code == 1
    assert (out / "2023-02" / "kommunstyrelsen" / "avstamning.xlsx").is_file()          # the nämnd is written
    assert (out / "2023-02" / "kommunen" / "kommunoversikt.docx").read_bytes() == previous   # kept
    not_approved = out / "2023-02" / "kommunen-ej-godkand"
    assert sorted(p.name for p in not_approved.iterdir()) == ["LASMIG.txt", "kommunoversikt.xlsx"]
    workbook = not_approved / "kommunoversikt.xlsx"
    assert (f"{workbook}, blad Kontroller: kommunen:BUN:utfall STÄMMER INTE: Barn- och utbildningsnämnden: "
            "huvudbokens rader på driftkonton = enhetens rad i kommunöversikten") in result.output
    assert (f"  Kommunöversikt: INTE skriven, rätta felen ovan och kör igen. Avstämningen som inte stämmer finns "
            f"i {workbook} (inte godkänd). Tidigare filer i {out / '2023-02' / 'kommunen'} är orörda."
            ) in result.output
    note = (not_approved / "LASMIG.txt").read_text(encoding="utf-8")
    assert note.startswith("Avstämningen för kommunöversikten februari 2023 stämmer inte. Översikten är inte skriven.")
    checks = list(openpyxl.load_workbook(workbook)["Kontroller"].iter_rows(values_only=True))
    check = {row[0]: dict(zip(checks[0], row)) for row in checks[1:]}["kommunen:BUN:utfall"]
    assert (check["Resultat"], check["Differens"]) == ("Stämmer inte", 0.01)

    monkeypatch.setattr(computed, "unreported_facts", real)
    assert invoke("report", "--input", tiny, "--output", out).exit_code == 0
    assert not not_approved.exists()                                    # the stale folder removed


# --- the shipped sample -----------------------------------------------------------------------------

def _dr_totals_in_kr(sheet) -> dict[str, int]:
    """The total row of a workbook's table sheet: column heading -> öre."""
    rows = list(sheet.iter_rows(values_only=True))
    total = next(row for row in rows[1:] if str(row[0]).startswith("Totalt"))
    return {head[: -len(" (kr)")]: round(value * 100) for head, value in zip(rows[0], total)
            if str(head).endswith("(kr)") and value is not None}


def test_the_samples_overview_totals_are_the_six_reports_dr_totals(tmp_path):
    out = tmp_path / "out"
    result = invoke("report", "--input", ROOT / "input_xlsx", "--output", out)
    assert result.exit_code == 0, result.output
    period = out / "2023-08"
    overview = openpyxl.load_workbook(period / "kommunen" / "kommunoversikt.xlsx")
    expected: dict[str, int] = {}
    namnder = [p for p in period.iterdir() if p.name != "kommunen"]
    assert len(namnder) == 6
    for folder in namnder:
        book = openpyxl.load_workbook(folder / "avstamning.xlsx")
        for name in (n for n in book.sheetnames if n.startswith("DR ")):       # the nämnd's and its appended units'
            for column, ore in _dr_totals_in_kr(book[name]).items():
                expected[column] = expected.get(column, 0) + ore
    assert _dr_totals_in_kr(overview["Drift per nämnd"]) == expected
    assert len(expected) == 6
    document = docx.Document(period / "kommunen" / "kommunoversikt.docx")
    assert [row.cells[0].text for row in document.tables[0].rows][1:-1] == [
        "Kommunfullmäktige och revision", "Kommunstyrelsen", "Barn- och utbildningsnämnden", "Socialnämnden",
        "Tekniska nämnden", "Upplevelsenämnden", "Miljö- och byggnadsnämnden"]


# --- the template -----------------------------------------------------------------------------------

def _builder():
    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "tools" / "make_templates.py")
    builder = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = builder             # dataclasses look their module up by name
    spec.loader.exec_module(builder)
    return builder


def test_the_shipped_overview_template_is_the_one_make_templates_builds():
    assert _builder().overview_template_bytes() == rendered.TEMPLATE.read_bytes()


def test_without_goals_and_staff_their_sections_are_left_out_whole(tmp_path):
    folder = write_inputs(tmp_path / "in", malbedomning=None, personal_2022=None, personal_2023=None,
                          anstallningar=None, medarbetarenkat=None, indikatorer=None)
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    for section in ("[personal]", "[kallor.mal]"):         # not configured at all
        text = _without_section(text, section)
    settings.write_text(text, encoding="utf-8")
    built = orchestrator.build_reports(folder)
    assert built.kommun is not None, built.problems
    overview, problems = orchestrator.kommun_overview(built.kommun, built.namnder)
    assert overview.goals is None and overview.staff is None
    data = rendered.overview_files(overview, problems)[rendered.DOCX_FILE]
    assert [text for _, text in numbered_headings(data)] == ["1 Driftsredovisning per nämnd",
                                                             "2 Investeringar per nämnd"]
    assert bare_headings(data) == [] and accessibility_findings(data) == []
    assert [section.title for section in rendered.left_out(overview)] == [
        "Måluppfyllelse per nämnd", "Sjukfrånvaro och personalomsättning per förvaltning"]


def _without_section(text: str, name: str) -> str:
    """rapport.toml without the table `name` and its sub-tables."""
    kept, skipping = [], False
    prefix = name[:-1]
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped.startswith("["):
            skipping = stripped == name or stripped.startswith(prefix + ".")
        if not skipping:
            kept.append(line)
    return "".join(kept)


@pytest.mark.parametrize("month", ["2023-12"])
def test_at_year_end_the_columns_follow_the_period(tmp_path, month):
    ledger = [*ledger_2023(), ledger_row("2023-12", "5011", "12100", "1200", 5.00)]
    folder = write_inputs(tmp_path / "in", huvudbok_2023={"Huvudbok": ledger})
    built = orchestrator.build_reports(folder, month)
    overview, _ = orchestrator.kommun_overview(built.kommun, built.namnder)
    assert list(overview.drift.columns) == ["bokslut_fg", "utfall", "budget", "avvikelse", "kind"]
    assert list(overview.investments.columns) == ["budget", "utfall", "avvikelse", "kind"]
    assert overview.drift.loc["KS", "avvikelse"] == overview.drift.loc["KS", "utfall"] - overview.drift.loc["KS", "budget"]
    header = rendered.overview_tables(overview)["drift"].header
    assert header == ("Nämnd (mnkr)", "Bokslut 2022", "Utfall 2023", "Budget 2023", "Avvikelse utfall mot budget")
