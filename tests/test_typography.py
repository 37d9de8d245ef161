"""Running text as Swedish typography wants it (pipeline/render/typography.py): amounts that never
break, one percent style, Swedish quotation marks."""

from __future__ import annotations

from io import BytesIO

import docx
from click.testing import CliRunner
from hypothesis import given, strategies as st

from pipeline.cli import main
from pipeline.compute.indicators import format_indicator
from pipeline.numbers import NBSP, format_percent_sign
from pipeline.render.typography import running_text, typeset_body


from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_amount_and_its_unit_are_joined_by_non_breaking_spaces():
    assert running_text("inköp över 600 000 kronor") == f"inköp över 600{NBSP}000{NBSP}kronor"
    assert running_text("ett överskott på 5,9 mnkr") == f"ett överskott på 5,9{NBSP}mnkr"
    assert running_text("1 234 567,50 kr") == f"1{NBSP}234{NBSP}567,50{NBSP}kr"
    assert running_text("60,7 procent") == f"60,7{NBSP}procent"


def test_one_percent_style():
    for written in ("4,3%", "4,3 %", "4,3\u202f%", f"4,3{NBSP}%"):
        assert running_text(f"sjukfrånvaron är {written}.") == f"sjukfrånvaron är 4,3{NBSP}%."
    assert format_percent_sign(0.043) == f"4,3{NBSP}%"
    assert format_indicator(4.3, "sjukfrånvaro") == f"4,3{NBSP}%"


def test_swedish_quotation_marks():
    assert running_text('Tydliggör "En kommun – En koncern"') == "Tydliggör ”En kommun – En koncern”"
    assert running_text("den “datavätt” som görs") == "den ”datavätt” som görs"


def test_what_is_not_an_amount_is_left_alone():
    for text in ("Mål 21: Hållbart medarbetarengagemang", "Utfall jan-aug 2022", "Bokslut 2022 2023",
                 "2 Handläggare ekonomi och 1 Tekniker IT", "-144,0", "den 31 oktober", "10 kontroller"):
        assert running_text(text) == text


def test_a_paragraph_split_over_runs_is_set_as_one_text_and_keeps_its_formatting():
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Köp över 600")
    paragraph.add_run(" 000").bold = True
    paragraph.add_run(' kronor, "stickprov" och 89%.')
    typeset_body(document.element.body)
    runs = paragraph.runs
    assert [r.text for r in runs] == ["Köp över 600", f"{NBSP}000", f"{NBSP}kronor, ”stickprov” och 89{NBSP}%."]
    assert runs[1].bold and not runs[2].bold


_TEXT = st.text(alphabet=st.sampled_from(list("0123456789 ,.%\"“”abckrmnotsp\u00a0\u202f-")), max_size=40)


@given(_TEXT)
def test_setting_is_idempotent_and_changes_only_spaces_quotes_and_the_percent_sign(text):
    once = running_text(text)
    assert running_text(once) == once

    def skeleton(t: str) -> str:
        return "".join(c for c in t if c not in " \u00a0\u202f\"“”")

    assert skeleton(once) == skeleton(text)
    assert len(once) >= len(text)


def test_the_shipped_sample_prints_unbreakable_amounts_one_percent_style_and_swedish_quotes(tmp_path):
    result = CliRunner().invoke(main, ["report", "--input", str(ROOT / "input_xlsx"), "--output",
                                       str(tmp_path), "--namnd", "KS"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "2023-08" / "kommunstyrelsen" / "delarsrapport.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts = paragraphs + cells
    assert any(f"600{NBSP}000{NBSP}kronor" in t for t in cells)          # internkontroll's comment
    assert not any("600 000" in t for t in texts)
    assert any(f"5,9{NBSP}mnkr" in p for p in paragraphs)
    percent_cells = [c for c in cells if c.endswith("%")]
    assert percent_cells and all(c.endswith(f"{NBSP}%") and c[-2:-1] == NBSP for c in percent_cells)
    assert any("”En kommun – En koncern”" in t for t in texts)              # written with straight quotes
    assert not any('"' in t or "“" in t for t in texts)
