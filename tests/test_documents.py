"""The whole report and the tjänsteskrivelse from the shipped templates (issue 4).

A tiny hand-built context in the contract's shape (pipeline.render.contract) stands in for the
pipeline; the organisation's texts are small .docx files made here.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import tomllib
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import docx
import pytest
from conftest import libreoffice_or_skip
from docx.oxml.ns import qn

from pipeline.settings.memo import memo_settings
from pipeline.problems import Location, Severity
from pipeline.render import documents
from pipeline.render.accessibility import accessibility_findings
from pipeline.render.charts import budget_forecast_chart, sick_leave_chart
from pipeline.render.contract import full_context, sparse_context
from pipeline.render.memo import memo_context
from pipeline.render.template_lint import template_problems
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, DEFAULT_TEMPLATE, TEMPLATES, render_docx
from pipeline.render.word_values import WordText
from pipeline.settings.followup import FollowUpSettings
from pipeline.settings.report_types import ReportTypes
from word_headings import heading_numbering, list_levels, numbered_headings

TIMESTAMP = datetime(2023, 8, 31, 12, 0)
REPORT_HEADINGS = [
    "1 Sammanfattning", "2 Uppdrag och ansvar", "3 Väsentliga händelser",
    "4 Uppföljning verksamhetsmål", "4.1 Årets prioriterade satsningar",
    "5 Uppföljning medarbetarmål", "5.1 Mål 21: Ökat medarbetarengagemang",
    "5.2 Mål 23: Sjukfrånvaron ska minska", "5.3 Sjukfrånvaro enligt lag", "5.4 Årets prioriterade satsningar",
    "6 Uppföljning av de riktade uppdragen", "7 Uppföljning ekonomi", "7.1 Resultaträkning",
    "7.2 Driftsredovisning", "7.3 Ekonomisk analys", "7.4 Åtgärder för budget i balans",
    "8 Investeringsredovisning", "8.1 Investeringsredovisning, årlig budget (mnkr)",
    "9 Förväntad utveckling", "10 Internkontroll", "11 Kommunfullmäktige och revision",
    "11.1 Resultaträkning", "11.2 Driftsredovisning", "11.3 Ekonomisk analys",
]
MEMO_HEADINGS = [
    "Kommunstyrelsens delårsrapport augusti 2023", "Förslag till kommunstyrelsens beslut", "Ärendet", "Bakgrund",
    "Ärendets beredning", "Kommunledningsförvaltningens bedömning", "Ekonomiska konsekvenser",
    "Sociala och miljömässiga konsekvenser", "Beslutsunderlag", "Beslutet skickas till",
]
VERKSAMHETER = ["Kommunstyrelse politisk verksamhet", "Kommunledningsförvaltning"]


def _context() -> dict:
    """The contract's full sample, with real charts and one organisation text with a heading."""
    context = full_context()
    context["diagram"] = {
        "budget_prognos": budget_forecast_chart(VERKSAMHETER, [670_000_000, 17_890_000_000],
                                                [700_000_000, 17_270_000_000],
                                                budget_label="Budget 2023",
                                                forecast_label="Prognos helår 2023"),
        "sjukfranvaro": sick_leave_chart(["2021", "2022", "jan–aug 2023"],
                                         {"Kommunledningsförvaltningen": [0.024, 0.043, 0.045]},
                                         goals={"Kommunledningsförvaltningen": 0.04}),
    }
    context["avsnitt"]["vasentliga_handelser"] = WordText("vasentliga_handelser.docx", _organisation_text())
    return context


def _organisation_text() -> bytes:
    source = docx.Document()
    source.add_paragraph("Nya kommunhuset", style="Heading 3")
    source.add_paragraph("Arbetet med nya kommunhuset fortskrider.")
    source.add_paragraph("")
    source.add_paragraph("Centralisering av ekonomi", style="List Bullet")
    buffer = BytesIO()
    source.save(buffer)
    return buffer.getvalue()


def _render(context=None, template: Path = DEFAULT_TEMPLATE) -> bytes:
    return render_docx(template, _context() if context is None else context, timestamp=TIMESTAMP,
                       title="Delårsrapport augusti 2023 – Kommunstyrelsen", subject="Delårsrapport 2023-08",
                       author="Kommunledningsförvaltningen")


def _memo(template: Path = DEFAULT_MEMO_TEMPLATE) -> bytes:
    context = _context()
    context["memo"] = memo_context(_shipped_memo_settings(), context["dokument"])
    return render_docx(template, context, timestamp=TIMESTAMP, title="Tjänsteskrivelse",
                       subject="Delårsrapport augusti 2023", author="Kommunledningsförvaltningen")


def _shipped_memo_settings():
    root = Path(__file__).resolve().parent.parent
    data = tomllib.loads((root / "input_xlsx" / "installningar" / "rapport.toml").read_text(encoding="utf-8"))
    settings, problems = memo_settings(data, Location("rapport.toml"))
    assert problems == []
    return settings


def _headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def report_bytes() -> bytes:
    return _render()


@pytest.fixture(scope="module")
def report(report_bytes):
    return docx.Document(BytesIO(report_bytes))


@pytest.fixture(scope="module")
def memo_bytes() -> bytes:
    return _memo()


# --- the report -------------------------------------------------------------------------------

def _numbered(data: bytes) -> list[str]:
    """The headings that show a number (Word's heading numbering), with it."""
    return [text for _, text in numbered_headings(data) if re.match(r"\d", text)]


def test_report_has_every_section_heading_in_the_reference_order(report_bytes):
    assert _numbered(report_bytes) == REPORT_HEADINGS


def test_section_headings_are_real_heading_styles_by_level(report_bytes):
    levels = {text: style for style, text in numbered_headings(report_bytes)}
    assert levels["4 Uppföljning verksamhetsmål"] == "Heading1"
    assert levels["4.1 Årets prioriterade satsningar"] == "Heading2"
    assert levels["Analys av måluppfyllelsen"] == "Heading3"       # linked, but shows no number


def test_heading_numbers_are_words_own_numbering_not_typed_text(report):
    """The headings' text holds no number: the numbers come from the list linked to the styles."""
    texts = [text for _, text in _headings(report)]
    assert "Resultaträkning" in texts and "Uppföljning ekonomi" in texts
    assert not any(re.match(r"\d+(\.\d+)* ", text) for text in texts)


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda path: path.name)
def test_report_templates_link_heading_1_to_3_to_one_multilevel_list(template):
    data = template.read_bytes()
    links = heading_numbering(data)
    if template == DEFAULT_MEMO_TEMPLATE:
        assert not any(style.startswith("Heading") for style in links)   # the memo's headings: no numbers
        return
    num_id = links["Heading1"][0]
    assert [links[f"Heading{n}"] for n in (1, 2, 3)] == [(num_id, 0), (num_id, 1), (num_id, 2)]
    assert links["TOCHeading"][0] == "0"                                 # based on Heading 1, unnumbered
    levels = list_levels(data, num_id)
    assert [levels[n] for n in (0, 1, 2)] == [("decimal", "%1"), ("decimal", "%1.%2"), ("none", "")]
    with ZipFile(template) as package:
        numbering = package.read("word/numbering.xml").decode()
    assert '<w:multiLevelType w:val="multilevel"/>' in numbering
    for level, style in enumerate(("Heading1", "Heading2", "Heading3")):   # and each level names its style
        assert re.search(rf'<w:lvl w:ilvl="{level}">(?:(?!</w:lvl>).)*<w:pStyle w:val="{style}"/>',
                         numbering)


def test_title_page_then_table_of_contents_field_refreshed_on_opening(report_bytes, report):
    texts = [p.text for p in report.paragraphs]
    assert texts[:3] == ["Delårsrapport augusti 2023", "Kommunstyrelsen, ärendenummer KS2023/623",
                         "Enköpings kommun, januari–augusti 2023"]
    assert texts[3] == "Innehållsförteckning"
    with ZipFile(BytesIO(report_bytes)) as package:
        body = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2"', body)
    assert '<w:updateFields w:val="true"/>' in settings


def test_summary_holds_computed_texts_and_the_organisations_staff_text(report):
    texts = [p.text for p in report.paragraphs]
    start = texts.index("Sammanfattning")
    summary = texts[start + 1: texts.index("Uppdrag och ansvar")]
    assert summary[0].startswith("Bedömningen är att 7 av målen")
    assert summary[1] == "Text för medarbetare, första stycket."
    assert "Kommunstyrelsens driftsbudget för 2023 uppgår till 237,2\u00a0mnkr. Nämndens investeringsbudget" \
           " är på 15,3\u00a0mnkr." in summary


def test_organisation_text_is_inserted_whole_with_its_styles_mapped(report):
    paragraphs = report.paragraphs
    at = [p.text for p in paragraphs].index("Väsentliga händelser")
    inserted = paragraphs[at + 1: at + 4]
    assert [(p.style.name, p.text) for p in inserted] == [
        ("Heading 3", "Nya kommunhuset"),
        ("Normal", "Arbetet med nya kommunhuset fortskrider."),      # the empty paragraph is gone
        ("List Bullet", "Centralisering av ekonomi"),
    ]


def test_goal_table_has_one_row_per_goal_with_coloured_status(report):
    table = next(t for t in report.tables if t.rows[0].cells[0].text == "Kommunens uppgift")
    assert [c.text for c in table.rows[0].cells] == ["Kommunens uppgift", "KF mål",
                                                     "Analys av måluppfyllelsen", "Status"]
    assert len(table.rows) == 2
    row = table.rows[1]
    assert row.cells[0].text == "Delaktighet och demokrati"
    assert [p.text for p in row.cells[2].paragraphs] == ["Idag finns flera möjligheter.",
                                                         "Kontaktcenter har hög servicenivå."]
    assert row.cells[3].text == "● På rätt väg"
    symbol = next(run for run in row.cells[3].paragraphs[0].runs if run.text == "●")
    assert str(symbol.font.color.rgb) == "2E7D32"


def test_text_tables_for_priorities_assignments_and_internal_control(report):
    by_header = {tuple(c.text for c in t.rows[0].cells): t for t in report.tables}
    priorities = by_header[("Årliga prioriteringar", "Kommentar", "Status")]
    assert priorities.rows[1].cells[2].text == "● Delvis utförd"
    assignments = by_header[("Typ av uppdrag", "Uppdrag", "Kommentar")]
    assert assignments.rows[1].cells[1].text == "Frigör resurser för verksamhetsutveckling"
    control = by_header[("Risk", "Kontroll", "Resultat", "Kommentar")]
    risk = control.rows[1].cells[0].paragraphs
    assert [p.text for p in risk] == ["Allmänna handlingar hanteras felaktigt",
                                      "Tryckfrihetsförordningen följs inte."]
    assert control.rows[1].cells[2].text == "■ Kontroll genomförd med mindre avvikelse"


def test_staff_section_shows_each_goals_status(report):
    texts = [p.text for p in report.paragraphs]
    goal = texts.index("Mål 21: Ökat medarbetarengagemang")
    assert texts[goal + 1] == "● På rätt väg"


def test_charts_are_pictures_with_text_alternatives_from_the_figures(report_bytes):
    with ZipFile(BytesIO(report_bytes)) as package:
        body = package.read("word/document.xml").decode()
        pictures = [name for name in package.namelist() if name.startswith("word/media/")]
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert len(pictures) == 3 and len(descriptions) == 3          # the two charts, the organisation chart
    assert "Organisationsschema: förvaltningschefen och fem avdelningar." in descriptions
    assert any("Kommunledningsförvaltning: budget 2023 178,9 mnkr, prognos helår 2023 172,7 mnkr, "
               "6,2 mnkr lägre än budget" in d for d in descriptions)
    assert any("jan–aug 2023 4,5 %" in d for d in descriptions)


def test_sparse_context_leaves_out_every_optional_part_and_numbers_the_rest(tmp_path):
    data = _render(sparse_context())
    assert _numbered(data) == [
        "1 Sammanfattning", "2 Uppföljning ekonomi", "2.1 Resultaträkning", "2.2 Driftsredovisning",
        "2.3 Ekonomisk analys", "3 Investeringsredovisning",
        "3.1 Investeringsredovisning, årlig budget (mnkr)"]
    assert len(docx.Document(BytesIO(data)).tables) == 3          # the nämnd's figure tables only
    assert accessibility_findings(data) == []


# --- accessibility and reproducibility ---------------------------------------------------------

@pytest.mark.parametrize("which", ["report", "memo"])
def test_documents_are_accessible(which, report_bytes, memo_bytes):
    data = report_bytes if which == "report" else memo_bytes
    assert accessibility_findings(data) == []
    document = docx.Document(BytesIO(data))
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title and document.core_properties.author


def test_accessibility_check_finds_what_a_template_edit_can_lose():
    source = docx.Document()
    source.add_paragraph("Rubrik i fetstil").runs[0].bold = True
    source.add_paragraph("")
    table = source.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1))
    buffer = BytesIO()
    source.save(buffer)
    findings = accessibility_findings(buffer.getvalue())
    assert "Dokumentet har inga rubriker med rubrikformat (Rubrik 1, 2, 3)." in findings
    assert "Tabell 1 har ingen rubrikrad markerad som rubrikrad." in findings
    assert "Tabell 1 har sammanslagna celler." in findings
    assert "Dokumentet har 1 tomma stycken (avstånd ska ligga i formatmallarna)." in findings


def test_rendering_twice_gives_byte_identical_documents(report_bytes, memo_bytes):
    assert hashlib.sha256(_render()).digest() == hashlib.sha256(report_bytes).digest()
    assert hashlib.sha256(_memo()).digest() == hashlib.sha256(memo_bytes).digest()


def test_charts_are_deterministic_print_resolution_pngs():
    first = sick_leave_chart(["2022", "2023"], {"KLF": [0.043, None]})
    again = sick_leave_chart(["2022", "2023"], {"KLF": [0.043, None]})
    assert first.png == again.png
    assert first.png[12:16] == b"IHDR"
    width = int.from_bytes(first.png[16:20], "big")
    assert abs(width - 16.0 / 2.54 * 300) < 1          # 16 cm at 300 dpi
    assert b"Software" not in first.png and b"tIME" not in first.png
    assert "2023 uppgift saknas" in first.alt


# --- the template is the ekonom's --------------------------------------------------------------

def test_edited_template_is_followed_without_code_change(tmp_path):
    """Move section 9 (with its condition) before section 8, reword a heading, give the RR
    table another style: the sections renumber themselves."""
    template = docx.Document(DEFAULT_TEMPLATE)
    paragraphs = template.paragraphs
    texts = [p.text for p in paragraphs]
    section_8 = paragraphs[texts.index("Investeringsredovisning")]._p
    start = paragraphs[texts.index("Förväntad utveckling") - 1]._p          # its {%p if %}
    end = paragraphs[texts.index("Internkontroll") - 1]._p
    moved = []
    node = start
    while node is not end:
        moved.append(node)
        node = node.getnext()
    for element in moved:
        section_8.addprevious(element)
    heading = paragraphs[texts.index("Väsentliga händelser")]
    heading.runs[0].text = "Viktiga händelser under året"
    rr = next(t for t in template.tables if "rr.header[0]" in t.rows[0].cells[0].text)
    rr.style = template.styles["Table Grid"]
    edited = tmp_path / "egen_mall.docx"
    template.save(edited)

    data = _render(template=edited)
    document = docx.Document(BytesIO(data))
    numbered = _numbered(data)
    assert numbered.index("8 Förväntad utveckling") < numbered.index("9 Investeringsredovisning")
    assert "3 Viktiga händelser under året" in numbered and "3 Väsentliga händelser" not in numbered
    rendered_rr = next(t for t in document.tables if t.rows[0].cells[0].text == "Intäkter / Kostnader (mnkr)")
    assert rendered_rr.style.name == "Table Grid"
    assert template_problems(edited) == []


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.docx")), ids=lambda path: path.name)
def test_shipped_templates_have_no_problems(template):
    assert template_problems(template) == []


def _template_with(tmp_path, *paragraphs) -> Path:
    """A copy of the shipped template with paragraphs appended at the end of the body."""
    template = docx.Document(DEFAULT_TEMPLATE)
    for parts in paragraphs:
        paragraph = template.add_paragraph()
        for text, bold in parts:
            paragraph.add_run(text).bold = bold or None
    path = tmp_path / "mall_med_fel.docx"
    template.save(path)
    return path


def test_misspelt_placeholder_is_reported_with_the_templates_name(tmp_path):
    path = _template_with(tmp_path, [("Ärende {{ dokument.arendenumer }}", False)])
    problems = template_problems(path)
    assert [(p.rule, p.location, p.severity) for p in problems] == [
        ("mall-okand-tagg", Location("mall_med_fel.docx"), Severity.ERROR)]
    assert problems[0].message == ('Mallen använder fältet "arendenumer" (i "{{ dokument.arendenumer }}"), '
                                   "som inte finns i rapportens data.")
    assert problems[0].describe().startswith("mall_med_fel.docx: Mallen använder")


def test_unknown_top_level_name_is_reported(tmp_path):
    problems = template_problems(_template_with(tmp_path, [("{{ diagrammet.budget }}", False)]))
    assert [p.rule for p in problems] == ["mall-okand-tagg"]
    assert '"diagrammet"' in problems[0].message


def test_tag_split_over_differently_formatted_runs_is_a_warning(tmp_path):
    path = _template_with(tmp_path, [("{{ dokument.", True), ("titel }}", False)])
    problems = template_problems(path)
    assert [(p.rule, p.severity) for p in problems] == [("mall-tagg-delad", Severity.WARNING)]
    assert '"{{ dokument.titel }}"' in problems[0].message


def test_unclosed_tag_is_an_error(tmp_path):
    problems = template_problems(_template_with(tmp_path, [("{{ dokument.titel", False)]))
    assert [(p.rule, p.severity) for p in problems] == [("mall-tagg-ej-stangd", Severity.ERROR)]


def test_template_that_is_not_a_docx_is_reported(tmp_path):
    path = tmp_path / "mall.docx"
    path.write_text("inte Word", encoding="utf-8")
    problems = template_problems(path)
    assert [p.rule for p in problems] == ["mall-oppnas-inte"]
    assert problems[0].location == Location("mall.docx")


def test_configured_templates_are_checked(tmp_path):
    folder = tmp_path / "installningar"
    folder.mkdir()
    shutil.copy(_template_with(tmp_path, [("{{ texter.budjet }}", False)]), folder / "var_mall.docx")

    class Report:
        mall_rapport = "var_mall.docx"
        mall_tjansteskrivelse = ""

    class Settings:
        report = Report()
        memo = _shipped_memo_settings()
        report_types = ReportTypes()
        followup = FollowUpSettings()

    problems = documents.template_checks(Settings(), tmp_path)     # every type uses it: checked once
    assert [(p.rule, p.location.file) for p in problems] == [("mall-okand-tagg", "var_mall.docx")]


# --- the tjänsteskrivelse -----------------------------------------------------------------------

def test_memo_has_the_reference_structure_and_the_settings_values(memo_bytes):
    document = docx.Document(BytesIO(memo_bytes))
    assert [text for _, text in _headings(document)] == MEMO_HEADINGS
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == ["Kommunledningsförvaltningen", "Annelie Högsund", "0171-625166",
                         "annelie.hogsund@enkoping.se"]                # the date and dnr: in the header
    assert texts[4] == "Kommunstyrelsen"
    proposal = next(p for p in document.paragraphs if p.style.name == "List Number")
    assert proposal.text == "delårsrapport augusti 2023 för kommunstyrelsen fastställs."
    assert ("En delårsrapport per sista augusti 2023 har upprättats av kommunledningsförvaltningen."
            in texts)
    assessment = texts[texts.index("Kommunledningsförvaltningens bedömning") + 1:
                       texts.index("Ekonomiska konsekvenser")]
    assert assessment[0].startswith("Bedömningen är att 7 av målen")   # bedomning = "" in the settings
    assert assessment[1] == "Text för medarbetare, första stycket."
    assert "Kommunstyrelsens driftsbudget för 2023 uppgår till 237,2\u00a0mnkr." in assessment
    assert "Nämndens investeringsbudget är på 15,3\u00a0mnkr." in assessment
    underlag = texts[texts.index("Beslutsunderlag") + 1: texts.index("Beslutsunderlag") + 3]
    assert underlag == ["Tjänsteskrivelse, 2023-09-15", "Kommunstyrelsens delårsrapport per sista augusti 2023"]
    for name, title in (("Hannu Högberg", "Bitr. kommundirektör"), ("Daniel Nilsson", "Ekonomichef")):
        at = texts.index(name)
        assert texts[at + 1: at + 3] == [title, "Enköpings kommun"]


def test_memo_settings_report_unknown_placeholders_and_bad_dates():
    data = {"tjansteskrivelse": {"handlaggare": "A", "datum": "15/9 2023",
                                 "bakgrund": "Per {periodens_slut}."}}
    _, problems = memo_settings(data, Location("rapport.toml"))
    messages = [p.message for p in problems]
    assert 'tjansteskrivelse.datum = "15/9 2023" är inget datum.' in messages
    assert "tjansteskrivelse.bakgrund använder {periodens_slut}, som inte är ett känt namn." in messages
    assert all(p.location == Location("rapport.toml") for p in problems)


def test_no_memo_without_its_settings_section():
    assert memo_settings({}, Location("rapport.toml")) == (None, [])


# --- PDF ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_pdf(report_bytes) -> bytes:
    libreoffice_or_skip()
    from pipeline.render.pdf import pdf_from_docx

    return pdf_from_docx(report_bytes, timestamp=TIMESTAMP)


def test_pdf_has_every_heading_and_a_filled_table_of_contents(report_pdf):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(report_pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in REPORT_HEADINGS:
        assert heading in text
    contents = reader.pages[1].extract_text()
    assert re.search(r"1 Sammanfattning\.*\s*3", contents)
    assert re.search(r"11 Kommunfullmäktige och revision\.*\s*\d", contents)


def test_pdf_is_tagged_pdf_ua_in_swedish_with_the_title(report_pdf):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(report_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv-SE"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Delårsrapport augusti 2023 – Kommunstyrelsen"
    assert b"<pdfuaid:part>1</pdfuaid:part>" in report_pdf
    assert reader.metadata["/CreationDate"].startswith("D:20230831120000")
    figures = re.findall(rb"/S\s*/Figure", report_pdf)
    assert len(figures) == 3


def test_pdf_is_reproducible_on_the_same_machine(report_bytes, report_pdf):
    from pipeline.render.pdf import pdf_from_docx

    assert pdf_from_docx(report_bytes, timestamp=TIMESTAMP) == report_pdf


def test_without_libreoffice_the_documents_are_kept_and_the_reason_given(monkeypatch):
    from pipeline.render import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    files = {"delarsrapport.docx": b"docx", "avstamning.xlsx": b"xlsx"}
    kept, note = documents.with_pdfs(files, TIMESTAMP)
    assert kept == files
    assert note.startswith("PDF skrevs inte: LibreOffice finns inte på den här datorn.")


def test_docx_text_paragraph_with_tag_in_table_has_no_leftover(report):
    cells = [p.text for t in report.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert not any("{{" in text or "{%" in text for text in cells)
    assert report.tables[0]._tbl.tblPr.find(qn("w:tblCaption")) is not None


def test_memo_text_naming_a_fact_the_data_lacks_fails_instead_of_printing_nothing():
    from pipeline.render.word import TemplateError

    dokument = {k: v for k, v in full_context()["dokument"].items() if k != "period_slut"}
    with pytest.raises(TemplateError, match=r"använder \{period_slut\}.*saknar dokument\.period_slut"):
        memo_context(_shipped_memo_settings(), dokument)


# --- the command line -----------------------------------------------------------------------------

def _inputs_with_template(tmp_path, template: Path) -> Path:
    from conftest import write_inputs

    folder = write_inputs(tmp_path / "in")
    shutil.copy(template, folder / "installningar" / "var_mall.docx")
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('mall_rapport = ""', 'mall_rapport = "var_mall.docx"'), encoding="utf-8")
    return folder


def test_check_reports_a_misspelt_tag_in_the_configured_template(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = _inputs_with_template(tmp_path, _template_with(tmp_path, [("{{ texter.budjet }}", False)]))
    result = CliRunner().invoke(main, ["check", "--input", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert ('var_mall.docx: Mallen använder fältet "budjet" (i "{{ texter.budjet }}"), som inte finns i '
            "rapportens data.") in result.output


def test_report_writes_memo_and_pdfs_with_the_pdf_option(tmp_path):
    libreoffice_or_skip()
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = _inputs_with_template(tmp_path, DEFAULT_TEMPLATE)
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(tmp_path / "ut"),
                                       "--pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = {p.name for p in (tmp_path / "ut").rglob("*") if p.is_file()}
    assert written == {"manadsuppfoljning.docx", "manadsuppfoljning.pdf", "tjansteskrivelse.docx",
                       "tjansteskrivelse.pdf", "avstamning.xlsx", "utskrivet.json",   # February: the monthly report
                       "kommunoversikt.docx", "kommunoversikt.pdf", "kommunoversikt.xlsx"}   # and the overview


def test_shipped_templates_are_what_make_templates_builds():
    """A template edited by hand in the repository would be overwritten by `make templates`."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("make_templates", root / "tools" / "make_templates.py")
    builder = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = builder             # dataclasses look their module up by name
    spec.loader.exec_module(builder)
    built = builder.all_template_bytes()
    assert set(built) == set(TEMPLATES.glob("*.docx"))
    for path, data in built.items():
        assert data == path.read_bytes(), path.name
