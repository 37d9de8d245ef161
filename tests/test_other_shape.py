"""A municipality of another shape gets a complete report from the shipped templates, unedited
(issue 10, "Done when", second bullet).

Övre Dalby kommun (tests/other_kommun.py): one nämnd with a report of its own, no appended unit, no
HR and no follow-up exports, its own names, codes, kontoplan, DR rows, column headings and sheet
names, and a rapport.toml written from scratch. `python -m pipeline report` runs on it for a
month close, August and December (three report types); every printed figure is compared with the
test's own sum of the inline rows. A property test then varies the shape: unit codes and names,
the number of DR rows, an appended unit or none.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from other_kommun import (ACCOUNTS, FIN, LABELS, OPERATING, PREVIOUS, SAM, TEXTS, YEAR, BudgetRow, ForecastRow,
                          InvestmentRow, Kommun, LedgerRow, Unit, expected_investments, expected_table, headings,
                          ovre_dalby, write_kommun)
from pipeline.cli import main
from strategies import amounts, mnkr_text
from pipeline.render.accessibility import accessibility_findings
from word_headings import bare_headings, numbered_headings

MINUS = "−"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FULL_HEADINGS = ["1 Sammanfattning", "2 Uppdrag och ansvar", "3 Väsentliga händelser", "4 Uppföljning ekonomi",
                 "4.1 Resultaträkning", "4.2 Driftsredovisning", "4.3 Ekonomisk analys",
                 "4.4 Åtgärder för budget i balans", "5 Investeringsredovisning",
                 "5.1 Investeringsredovisning, årlig budget (mnkr)", "6 Förväntad utveckling"]
# Left out because Övre Dalby has no follow-up exports, no HR and no appended unit: nothing else.
FULL_LEFT_OUT = ["Uppföljning verksamhetsmål", "Uppföljning medarbetarmål", "Uppföljning av de riktade uppdragen",
                 "Internkontroll", "Enheter som redovisas i nämndens rapport"]
# period -> (file, report name, Heading 1-2 as numbered, sections left out, the test's texts printed)
PERIODS = {
    "2024-03": ("manadsuppfoljning.docx", "Månadsuppföljning mars 2024",
                ["1 Uppföljning ekonomi", "1.1 Resultaträkning", "1.2 Driftsredovisning", "1.3 Ekonomisk analys",
                 "1.4 Åtgärder för budget i balans", "2 Investeringsredovisning",
                 "2.1 Investeringsredovisning, årlig budget (mnkr)"],
                ["Enheter som redovisas i nämndens rapport"],
                ["ekonomisk_analys", "atgarder_budget_i_balans", "investeringar"]),
    "2024-08": ("delarsrapport.docx", "Delårsrapport augusti 2024", FULL_HEADINGS, FULL_LEFT_OUT, list(TEXTS)),
    "2024-12": ("arsredovisning.docx", "Årsredovisning december 2024", FULL_HEADINGS, FULL_LEFT_OUT, list(TEXTS)),
}
SAMPLE_NAMES = re.compile(r"Enköping|[Kk]ommunstyrelse|[Kk]ommunfullmäktige|[Kk]ommunledningsförvaltning|"
                          r"Annelie|\bKS\b|\bKF\b|\bKLF\b")
TEMPLATE_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def _report(folder: Path, output: Path, period: str, *more: str):
    return CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(output), "--period", period,
                                     *more], catch_exceptions=False)


@pytest.fixture(scope="module")
def ovre_dalby_runs(tmp_path_factory):
    """The kommun written once, reported for each period; and once more without a memo."""
    base = tmp_path_factory.mktemp("ovre-dalby")
    folder = write_kommun(base / "in", ovre_dalby())
    without_memo = write_kommun(base / "utan-memo", ovre_dalby(memo=False))
    results = {period: _report(folder, base / "ut", period) for period in PERIODS}
    return {"folder": folder, "output": base / "ut", "results": results,
            "without_memo": (without_memo, base / "ut-utan-memo")}


def _folder(output: Path, period: str) -> Path:
    return output / period / "samhallsnamnden"


def paragraph_texts(data: bytes) -> list[str]:
    """The text of every paragraph in every part of the document (body, headers, footers, notes)."""
    texts = []
    with ZipFile(BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(package.read(name))
                texts += ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]
    return texts


def _left_out(output: str) -> list[str]:
    """The titles the run summary lists under "Avsnitt som inte kom med i rapporten"."""
    if "Avsnitt som inte kom med i rapporten:\n" not in output:
        return []
    found = []
    for line in output.split("Avsnitt som inte kom med i rapporten:\n", 1)[1].splitlines():
        if not line.startswith("  "):          # the list ends where the next block begins
            break
        found.append(line.strip().split(": ", 1)[0])
    return found


def word_tables(data: bytes, label_heading: str) -> list[list[list[str]]]:
    """The document's tables whose first heading cell is `label_heading`, as rows of cell texts."""
    document = docx.Document(BytesIO(data))
    found = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == label_heading:
            found.append(rows)
    return found


def _printed(expected: list[tuple[str, dict]]) -> list[list[str]]:
    return [[label, *(mnkr_text(ore, MINUS) for ore in cells.values())] for label, cells in expected]


def _workbook_ore(data: bytes, sheet: str) -> list[list]:
    """A table sheet of avstamning.xlsx: label, then each column's unrounded amount in öre."""
    book = openpyxl.load_workbook(BytesIO(data), read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    kr = [i for i, name in enumerate(rows[0]) if str(name).endswith("(kr)")]
    return [[row[0], *(None if row[i] is None else round(row[i] * 100) for i in kr)] for row in rows[1:]]


# --- Övre Dalby: one nämnd, three report types ------------------------------------------------

@pytest.mark.parametrize("period", PERIODS)
def test_the_shipped_template_gives_a_complete_report(ovre_dalby_runs, period):
    file, title, expected_headings, left_out, texts = PERIODS[period]
    result = ovre_dalby_runs["results"][period]
    assert result.exit_code == 0, result.output
    folder = _folder(ovre_dalby_runs["output"], period)
    assert sorted(p.name for p in folder.iterdir()) == sorted([file, "tjansteskrivelse.docx", "avstamning.xlsx", "utskrivet.json"])
    data = (folder / file).read_bytes()
    assert [text for style, text in numbered_headings(data) if style in ("Heading1", "Heading2")] == expected_headings
    assert bare_headings(data) == []
    assert accessibility_findings(data) == []
    assert _left_out(result.output) == left_out
    paragraphs = paragraph_texts(data)
    assert title in paragraphs
    assert any("Samhällsnämnden" in p for p in paragraphs) and any("Övre Dalby kommun" in p for p in paragraphs)
    assert [p for p in paragraphs if TEMPLATE_TAG.search(p)] == []
    assert [p for p in paragraphs if SAMPLE_NAMES.search(p)] == []
    for key in texts:
        assert TEXTS[key] in paragraphs, key
    assert not [key for key in TEXTS if key not in texts and TEXTS[key] in paragraphs]


@pytest.mark.parametrize("kind", ["dr", "rr", "inv"])
@pytest.mark.parametrize("period", PERIODS)
def test_every_figure_is_the_tests_own_sum_of_the_rows(ovre_dalby_runs, period, kind):
    month = int(period[5:])
    folder = _folder(ovre_dalby_runs["output"], period)
    kommun = ovre_dalby()
    if kind == "inv":
        expected = expected_investments(kommun, SAM, month)
        label, sheet = LABELS["investering_rubrik"].replace("{år}", str(YEAR)), "Investeringar SAM"
        columns = ([f"Budget {YEAR}", f"Utfall {YEAR}", "Avvikelse utfall mot budget"] if month == 12 else
                   [f"Budget {YEAR}", headings(month)[2], f"Prognos helår {YEAR}", "Avvikelse prognos mot budget"])
    else:
        expected = expected_table(kommun, SAM, kind, month)
        label, sheet = LABELS[f"{kind}_rubrik"], f"{kind.upper()} SAM"
        columns = headings(month)
    [table] = word_tables((folder / PERIODS[period][0]).read_bytes(), label)
    assert table[0] == [label, *columns]
    assert table[1:] == _printed(expected)
    # öre-exact, before the rounding: the workbook's unrounded amounts
    assert _workbook_ore((folder / "avstamning.xlsx").read_bytes(), sheet) == [    # labels without "(mnkr)"
        [row_label.removesuffix(" (mnkr)"), *cells.values()] for row_label, cells in expected]


def test_the_memo_is_written_when_configured_and_not_when_absent(ovre_dalby_runs):
    memo = _folder(ovre_dalby_runs["output"], "2024-08") / "tjansteskrivelse.docx"
    data = memo.read_bytes()
    assert bare_headings(data) == []
    assert accessibility_findings(data) == []
    paragraphs = paragraph_texts(data)
    assert "Samhällsnämndens delårsrapport augusti 2024" in paragraphs
    assert [p for p in paragraphs if TEMPLATE_TAG.search(p) or SAMPLE_NAMES.search(p)] == []

    folder, output = ovre_dalby_runs["without_memo"]
    result = _report(folder, output, "2024-08")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in _folder(output, "2024-08").iterdir()) == ["avstamning.xlsx", "delarsrapport.docx", "utskrivet.json"]
    assert "tjansteskrivelse" not in result.output


@pytest.mark.parametrize("period", PERIODS)
def test_check_passes(ovre_dalby_runs, period):
    result = CliRunner().invoke(main, ["check", "--input", str(ovre_dalby_runs["folder"]), "--period", period],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Samhällsnämnden" in result.output


def _without_investments() -> Kommun:
    """Övre Dalby's nämnd with no investment projects (the finance office keeps one, so that the
    investment export has a row)."""
    kommun = ovre_dalby()
    return replace(kommun, namnd=replace(SAM, projects=()), ledger=tuple(r for r in kommun.ledger if not r.projekt),
                   investments=(InvestmentRow("P9001", "901", 250_000_00, 200_000_00),))


@pytest.mark.parametrize("period", ["2024-03", "2024-08"])
def test_a_namnd_without_investment_projects_gets_no_investment_section(tmp_path, period):
    folder = write_kommun(tmp_path / "in", _without_investments())
    result = _report(folder, tmp_path / "ut", period)
    assert result.exit_code == 0, result.output
    assert "Investeringsredovisning" in _left_out(result.output)
    assert ("  Investeringsredovisning: inga investeringsprojekt för nämnden. Lägg nämndens projekt på bladet "
            "Projekt i organisation.xlsx, med nämndens kod under Rapportenhet.\n") in result.output
    for path in _folder(tmp_path / "ut", period).glob("*.docx"):
        data = path.read_bytes()
        assert not [text for _, text in numbered_headings(data) if "nvestering" in text], path.name
        assert not [p for p in paragraph_texts(data) if "investeringsbudget" in p], path.name
        assert bare_headings(data) == [] and accessibility_findings(data) == [], path.name


def test_a_namnd_without_its_own_settings_table_gets_no_dangling_words(tmp_path):
    """[namnder.<KOD>] is optional: without it the nämnd has no förvaltning and no ärendenummer,
    and the documents say nothing of them (no "ärendenummer" without a number, no "s bedömning")."""
    folder = write_kommun(tmp_path / "in", replace(ovre_dalby(), namnd_settings=False))
    result = _report(folder, tmp_path / "ut", "2024-08")
    assert result.exit_code == 0, result.output
    for path in _folder(tmp_path / "ut", "2024-08").glob("*.docx"):
        data = path.read_bytes()
        paragraphs = paragraph_texts(data)
        assert not [p for p in paragraphs if re.search(r"ärendenummer\s*$|^s bedömning|Samhällsbyggnadskontor", p)]
        assert accessibility_findings(data) == [] and bare_headings(data) == [], path.name
    memo = paragraph_texts((_folder(tmp_path / "ut", "2024-08") / "tjansteskrivelse.docx").read_bytes())
    assert "Förvaltningens bedömning" in memo


# --- the property: other shapes ---------------------------------------------------------------

CODE_LETTERS = "ABCDEFGHIJKLMNOPRSTUVYÅÄÖabcsåäö0123456789"
WORDS = ["Bygg", "Miljö", "Kultur", "Fritid", "Vård", "Omsorg", "Skola", "Teknik", "Plan", "Vatten", "Gata",
         "Park", "Stöd", "Service", "Hamn", "Skog", "Räddning", "Turism", "Näringsliv", "Överförmyndare"]
NAME = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3, unique=True).map(
    lambda words: " och ".join(words) if len(words) < 3 else f"{words[0]}-, {words[1].lower()} och "
                                                              f"{words[2].lower()}")
CODE = st.text(CODE_LETTERS, min_size=1, max_size=5)


@st.composite
def _unit(draw, base: int, suffix: str) -> Unit:
    """A unit with 1-5 DR rows over consecutive ansvar ranges starting at `base` (4 digits), and
    0-2 investment projects (with none, its report has no investment section)."""
    code = draw(CODE)
    name = f"{draw(NAME)}{suffix}"
    widths = draw(st.lists(st.integers(1, 40), min_size=1, max_size=5))
    labels = draw(st.lists(NAME, min_size=len(widths), max_size=len(widths), unique=True))
    rows, low = [], base
    for label, width in zip(labels, widths):
        rows.append((label, str(low), str(low + width - 1)))
        low += width
    groups = draw(st.lists(NAME, max_size=2))
    projects = tuple((f"P{base + i}", f"Projekt {i}", group) for i, group in enumerate(groups))
    return Unit(code, name, (str(base), str(low - 1)), tuple(rows), projects)


def _ansvar_in(unit: Unit, row: int, n: int) -> str:
    _, low, high = unit.dr_rows[row % len(unit.dr_rows)]
    return str(int(low) + n % (int(high) - int(low) + 1))


@st.composite
def shapes(draw) -> tuple[Kommun, int]:
    namnd = draw(_unit(1000, "nämnden"))
    appended = draw(st.one_of(st.none(), _unit(5000, "sberedningen")))
    if appended is not None and (appended.code == namnd.code or appended.name == namnd.name):
        appended = replace(appended, code=appended.code + "X", name=appended.name + " II")
    codes = {namnd.code, *([appended.code] if appended else [])}
    outside = replace(FIN, code="FIN9" if "FIN" in codes else "FIN", ansvar=("9000", "9099"))
    units = [namnd, *([appended] if appended else [])]
    month = draw(st.integers(1, 12))
    lines = [*OPERATING, "Exkluderas"]
    # Rows outside the report in every export (an export without rows is refused): the period's close
    # and last year in the ledger, a budget row and an investment project of the finance office.
    ledger = [LedgerRow(YEAR, month, ACCOUNTS["Löner och arvoden"], "9001", "100", 100_00),
              LedgerRow(PREVIOUS, 12, ACCOUNTS["Löner och arvoden"], "9001", "100", 200_00)]
    for _ in range(draw(st.integers(0, 12))):
        unit = draw(st.sampled_from([*units, outside]))
        ansvar = (str(9000 + draw(st.integers(0, 99))) if unit is outside
                  else _ansvar_in(unit, draw(st.integers(0, 9)), draw(st.integers(0, 10**6))))
        ledger.append(LedgerRow(draw(st.sampled_from([PREVIOUS, YEAR])), draw(st.integers(1, 12)),
                                ACCOUNTS[draw(st.sampled_from(lines))], ansvar, "100", draw(amounts())))
    budget = draw(st.lists(st.builds(
        lambda unit, row, n, line, total, part: BudgetRow(_ansvar_in(unit, row, n), "100", ACCOUNTS[line], part,
                                                          total - part),
        st.sampled_from(units), st.integers(0, 9), st.integers(0, 10**6), st.sampled_from(OPERATING),
        amounts(), st.integers(-10**11, 10**11)), max_size=8, unique_by=lambda r: (r.ansvar, r.konto)))
    forecast = draw(st.lists(st.builds(
        lambda unit, row, line, kr: ForecastRow(unit.code, unit.dr_rows[row % len(unit.dr_rows)][0], line, 100 * kr),
        st.sampled_from(units), st.integers(0, 9), st.sampled_from(OPERATING), st.integers(-10**9, 10**9)),
        min_size=1, max_size=6, unique_by=lambda r: (r.unit, r.dr_rad, r.rr_rad)))
    texts = draw(st.sampled_from([{}, TEXTS]))
    budget.append(BudgetRow("9001", "100", ACCOUNTS["Löner och arvoden"], 300_00, 0))
    investments = [InvestmentRow("P9001", "9001", 500_00, 400_00)]
    for unit in units:
        for projekt, _, _ in unit.projects:
            ansvar = _ansvar_in(unit, 0, 0)
            investments.append(InvestmentRow(projekt, ansvar, draw(amounts(10**10)), draw(amounts(10**10))))
            if draw(st.booleans()):
                ledger.append(LedgerRow(YEAR, draw(st.integers(1, 12)), ACCOUNTS["Investering"], ansvar, "100",
                                        draw(amounts(10**10)), projekt))
    return Kommun(namnd, appended, outside, tuple(ledger), tuple(budget), tuple(forecast), tuple(investments),
                  texts, memo=draw(st.booleans()), namnd_settings=draw(st.booleans())), month


@settings(deadline=None, derandomize=True, database=None, print_blob=True, max_examples=20,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(shapes())
def test_any_shape_gets_its_report_and_every_dr_row_is_the_tests_own_sum(shape):
    kommun, month = shape
    period = f"{YEAR}-{month:02d}"
    with tempfile.TemporaryDirectory() as temp:
        folder = write_kommun(Path(temp) / "in", kommun)
        result = _report(folder, Path(temp) / "ut", period, "--utan-cache")
        assert result.exit_code == 0, result.output
        [written] = [p for p in (Path(temp) / "ut" / period).iterdir() if p.name != "kommunen"]   # not the overview
        [report] = [p for p in written.iterdir() if p.suffix == ".docx" and p.name != "tjansteskrivelse.docx"]
        assert (written / "tjansteskrivelse.docx").exists() == kommun.memo
        data = report.read_bytes()
        assert bare_headings(data) == []
        assert accessibility_findings(data) == []
        tables = word_tables(data, LABELS["dr_rubrik"])
        assert [table[1:] for table in tables] == [_printed(expected_table(kommun, unit, "dr", month))
                                                   for unit in kommun.units]
        investments = word_tables(data, LABELS["investering_rubrik"].replace("{år}", str(YEAR)))
        assert [table[1:] for table in investments] == ([_printed(expected_investments(kommun, kommun.namnd, month))]
                                                        if kommun.namnd.projects else [])
        if kommun.appended is not None:        # its own numbered section, the last
            last = [text for style, text in numbered_headings(data) if style == "Heading1"][-1]
            assert re.fullmatch(rf"\d+ {re.escape(kommun.appended.name)}", last)
