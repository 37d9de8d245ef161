"""Issue 11, items 1 and 7 without LibreOffice: the organisation chart in section 2 (from the
input folder, with its settings), the sick-leave chart under its goal drawn from the indicator
tables, and comment sub-headings marked for bold print."""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
from io import BytesIO
from zipfile import ZipFile

import docx
from click.testing import CliRunner
from conftest import ROOT

from pipeline.cli import main
from pipeline.compute.followup import headed_paragraphs
from pipeline.read.pictures import org_chart
from pipeline.settings import OrgChartSettings

sys.path.insert(0, str(ROOT / "tools"))
import make_org_chart  # noqa: E402

SAMPLE = ROOT / "input_xlsx"


def _run(input_dir, out, *namnd: str) -> None:
    args = ["report", "--input", str(input_dir), "--output", str(out)]
    for code in namnd:
        args += ["--namnd", code]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _texts(path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs]


def test_the_organisation_chart_is_in_section_2_with_its_alt_text_and_caption(tmp_path):
    _run(SAMPLE, tmp_path, "KS")
    report = tmp_path / "2023-08" / "kommunstyrelsen" / "delarsrapport.docx"
    texts = _texts(report)
    body = ZipFile(report).read("word/document.xml").decode()
    alt = tomllib.loads((SAMPLE / "installningar" / "rapport.toml").read_text())["namnder"]["KS"][
        "organisationsschema"]["alt"]
    assert alt == make_org_chart.ALT                  # the settings describe the picture that is drawn
    assert f'descr="{alt}"' in body
    caption = texts.index("Kommunledningsförvaltningens organisationsschema")
    assert texts.index("Uppdrag och ansvar") < caption < texts.index("Väsentliga händelser")


def test_without_an_organisation_chart_section_2_has_no_picture_and_no_placeholder(tmp_path):
    _run(SAMPLE, tmp_path, "BUN")
    report = tmp_path / "2023-08" / "barn-och-utbildningsnamnden" / "delarsrapport.docx"
    texts = _texts(report)
    section = texts[texts.index("Uppdrag och ansvar"):texts.index("Väsentliga händelser")]
    assert not any("organisationsschema" in text.lower() for text in section)
    descriptions = re.findall(r'descr="([^"]*)"', ZipFile(report).read("word/document.xml").decode())
    assert not any(d.startswith("Organisationsschema") for d in descriptions)


def test_a_missing_or_unreadable_organisation_chart_is_a_problem_at_its_file(tmp_path):
    missing, problems = org_chart(tmp_path, OrgChartSettings("bilder/schema.png", "Schemat."), "Schema")
    assert missing is None
    assert [(p.rule, p.location.file, p.severity.name) for p in problems] == [
        ("bild-saknas", "bilder/schema.png", "WARNING")]
    (tmp_path / "bilder").mkdir()
    (tmp_path / "bilder" / "schema.png").write_text("ingen bild")
    broken, problems = org_chart(tmp_path, OrgChartSettings("bilder/schema.png", "Schemat."), "Schema")
    assert broken is None and [p.rule for p in problems] == ["fil-oläslig"]
    (tmp_path / "bilder" / "schema.png").write_bytes(make_org_chart.chart_png())
    picture, problems = org_chart(tmp_path, OrgChartSettings("bilder/schema.png", "Schemat."), "Schema")
    assert problems == [] and picture.caption == "Schema" and picture.alt == "Schemat."
    assert 0 < picture.width_cm <= 16.0


def test_an_organisation_chart_without_alt_text_is_left_out_with_a_warning(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "in")
    settings = tmp_path / "in" / "installningar" / "rapport.toml"
    text = settings.read_text()
    settings.write_text(re.sub(r'(\[namnder\.KS\.organisationsschema\]\nbild = "[^"]*"\n)alt = "[^"]*"\n', r"\1",
                               text))
    result = CliRunner().invoke(main, ["report", "--input", str(tmp_path / "in"), "--output", str(tmp_path / "out"),
                                       "--namnd", "KS"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "[namnder.KS.organisationsschema] har en bild men ingen alt-text" in result.output
    texts = _texts(tmp_path / "out" / "2023-08" / "kommunstyrelsen" / "delarsrapport.docx")
    assert "Kommunledningsförvaltningens organisationsschema" not in texts


def test_the_sick_leave_chart_is_under_the_sick_leave_goal_with_the_tables_figures(tmp_path):
    _run(SAMPLE, tmp_path, "KS")
    report = tmp_path / "2023-08" / "kommunstyrelsen" / "delarsrapport.docx"
    document = docx.Document(report)
    texts = [p.text for p in document.paragraphs]
    goal = next(i for i, t in enumerate(texts) if t.startswith("Mål 23"))
    following = next(i for i, t in enumerate(texts) if t.startswith("Mål 24"))
    caption = next(i for i, t in enumerate(texts) if t.startswith("Sjukfrånvaro i procent av den ordinarie"))
    assert goal < caption < following
    body = ZipFile(report).read("word/document.xml").decode()
    alt = next(d for d in re.findall(r'descr="([^"]*)"', body) if d.startswith("Linjediagram över sjukfrånvaron"))
    indicator_rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows
                      if row.cells[0].text.startswith(("23.", "Sjukfrånvaro,"))]
    assert len(indicator_rows) == 2
    def figure(cell: str) -> str:          # "7,7 %" (a no-break space before the sign) -> "7,7"
        return cell.replace("\xa0", " ").removesuffix("%").strip()

    spoken = alt.replace("\xa0", " ")
    for label, _start, y2, y1, now, goal_value in indicator_rows:   # the chart says the table's figures
        expected = f"{label}: 2021 {figure(y2)} %, 2022 {figure(y1)} %, jan–aug 2023 {figure(now)} %"
        assert expected in spoken
        assert f"mål {figure(goal_value)} %" in spoken


def test_short_lines_before_a_paragraph_are_sub_headings():
    text = "HR och lön\n\nStödet till cheferna förstärks.\n\nKLF ledning\n\nArbetet har börjat.\n\nKort slut"
    assert headed_paragraphs(text) == [
        {"rubrik": "HR och lön", "text": ""}, {"rubrik": "", "text": "Stödet till cheferna förstärks."},
        {"rubrik": "KLF ledning", "text": ""}, {"rubrik": "", "text": "Arbetet har börjat."},
        {"rubrik": "", "text": "Kort slut"}]
    assert headed_paragraphs("En mening som slutar med punkt.\n\nNästa.") == [
        {"rubrik": "", "text": "En mening som slutar med punkt."}, {"rubrik": "", "text": "Nästa."}]


def test_sub_headings_in_the_priorities_table_cells_are_bold(tmp_path):
    _run(SAMPLE, tmp_path, "KS")
    document = docx.Document(tmp_path / "2023-08" / "kommunstyrelsen" / "delarsrapport.docx")
    bold, plain = set(), set()
    for table in document.tables:
        if table.rows[0].cells[0].text != "Årliga prioriteringar":
            continue
        for row in table.rows[1:]:
            for paragraph in row.cells[1].paragraphs:
                (bold if all(run.bold for run in paragraph.runs if run.text) else plain).add(paragraph.text)
    assert "HR och lön" in bold and "KLF ledning" in bold
    assert not any(text.startswith("Stödet till cheferna") for text in bold)
    assert plain
