"""The default templates' sections: the loop over appended units, sections left out whole with a
reason, and no heading without content (issue 10, items 1 and 5)."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import write_inputs
from pipeline.cli import main
from pipeline.render import sections
from pipeline.render.accessibility import accessibility_findings
from pipeline.render.contract import PERIOD_COLUMNS, full_context, sparse_context, table
from pipeline.model import TableRow
from pipeline.render.documents import with_absent_parts
from pipeline.render.sections import LeftOut, left_out_sections
from pipeline.render.word import DEFAULT_TEMPLATE, TEMPLATES, render_docx
from word_headings import bare_headings, body_items as _body, numbered_headings

MONTHLY = TEMPLATES / "manadsuppfoljning.docx"
STAMP = datetime(2023, 8, 31, 12, 0)


def _render(context: dict, template: Path = DEFAULT_TEMPLATE) -> bytes:
    return render_docx(template, context, timestamp=STAMP, title="Rapport", subject="Nämnden", author="Förvaltningen")


def _unit(code: str, name: str, label: str) -> dict:
    rows = [TableRow(label, ("-1,0",) * 6), TableRow("Totalt (mnkr)", ("-1,0",) * 6, kind="total")]
    return {"kod": code, "namn": name, "rr": table("rr", "Intäkter / Kostnader (mnkr)", PERIOD_COLUMNS, rows),
            "dr": table("dr", "Verksamhet (mnkr)", PERIOD_COLUMNS, rows),
            "analys": f"Prognosen för {name.lower()} är enligt budget."}


UNITS = [_unit("REV", "Revisionen", "Revision"), _unit("VAL", "Valnämnden", "Val")]


# --- the loop over appended units --------------------------------------------------------------

@pytest.mark.parametrize("count", [0, 1, 2])
def test_each_appended_unit_gets_its_own_numbered_section(count):
    context = {**sparse_context(), "ovriga_enheter": UNITS[:count]}
    data = _render(context)
    headings = [text for style, text in numbered_headings(data) if style in ("Heading1", "Heading2")]
    after_investments = headings[headings.index("3.1 Investeringsredovisning, årlig budget (mnkr)") + 1:]
    expected = []
    for number, unit in enumerate(UNITS[:count], start=4):
        expected += [f"{number} {unit['namn']}", f"{number}.1 Resultaträkning", f"{number}.2 Driftsredovisning",
                     f"{number}.3 Ekonomisk analys"]
    assert after_investments == expected
    document = docx.Document(BytesIO(data))
    firsts = [t.rows[1].cells[0].text for t in document.tables]
    assert firsts[3:] == [label for unit in UNITS[:count] for label in
                          (unit["rr"]["rows"][0]["label"], unit["dr"]["rows"][0]["label"])]
    texts = [p.text for p in document.paragraphs]
    assert [t for t in texts if t.startswith("Prognosen för")] == [u["analys"] for u in UNITS[:count]]
    assert bare_headings(data) == []


@pytest.mark.parametrize("count", [0, 2])
def test_the_monthly_report_loops_over_the_appended_units_too(count):
    data = _render({**sparse_context(), "ovriga_enheter": UNITS[:count]}, MONTHLY)
    numbered = [text for _, text in numbered_headings(data) if re.match(r"\d+ ", text)]
    assert numbered == ["1 Uppföljning ekonomi", "2 Investeringsredovisning",
                        *[f"{n} {u['namn']}" for n, u in enumerate(UNITS[:count], start=3)]]
    assert bare_headings(data) == []


def test_no_template_or_context_key_is_named_after_a_unit():
    for context in (full_context(), sparse_context()):
        assert not [key for key in context if re.match(r"[a-z]+_(rr|dr)$", key)]
        assert not [key for key in context["texter"] if key.endswith("_analys")]
    for template in TEMPLATES.glob("*.docx"):
        text = "\n".join(p.text for p in docx.Document(template).paragraphs)
        assert not re.search(r"\bkf_|\bks_|[Kk]ommunfullmäktige|[Kk]ommunstyrelse", text), template.name


# --- sections left out, with a reason ----------------------------------------------------------

def test_a_section_without_its_text_is_left_out_whole_and_the_reason_given():
    context = full_context()
    context["avsnitt"]["forvantad_utveckling"] = None
    data = _render(context)
    headings = [text for _, text in numbered_headings(data)]
    assert not any("Förväntad utveckling" in h for h in headings)
    assert "9 Internkontroll" in headings                   # numbered on, no gap
    assert left_out_sections(with_absent_parts(context)) == [LeftOut(
        "Förväntad utveckling", 'ingen Word-text för avsnittet. Ange filen under [texter] i rapport.toml, t.ex. '
        'forvantad_utveckling = "texter/forvantad_utveckling.docx", och lägg filen där.')]


def test_a_subsection_left_out_is_named_with_its_section():
    context = full_context()
    context["satsningar"] = []
    data = _render(context)
    headings = [text for _, text in numbered_headings(data)]
    assert "4 Uppföljning verksamhetsmål" in headings and "4.1 Årets prioriterade satsningar" not in headings
    [left_out] = left_out_sections(context)
    assert left_out.title == "Uppföljning verksamhetsmål – Årets prioriterade satsningar"
    assert left_out.reason.startswith("inga prioriterade satsningar för nämnden i uppföljningsexporten.")


def test_a_left_out_section_is_listed_once_not_with_its_subsections():
    context = copy.deepcopy(full_context())
    context["mal"], context["satsningar"] = [], []
    assert [s.title for s in left_out_sections(context)] == ["Uppföljning verksamhetsmål"]
    assert "Uppföljning verksamhetsmål" not in [text for _, text in _body(_render(context))]


def test_full_context_leaves_nothing_out_and_sparse_every_optional_section():
    assert left_out_sections(full_context()) == []
    assert [s.title for s in left_out_sections(sparse_context())] == [
        "Uppdrag och ansvar", "Väsentliga händelser", "Uppföljning verksamhetsmål", "Uppföljning medarbetarmål",
        "Uppföljning av de riktade uppdragen", "Uppföljning ekonomi – Åtgärder för budget i balans",
        "Förväntad utveckling", "Internkontroll", "Enheter som redovisas i nämndens rapport"]
    assert [s.title for s in left_out_sections(sparse_context(), sections.MONTHLY_SECTIONS)] == [
        "Uppföljning ekonomi – Åtgärder för budget i balans", "Enheter som redovisas i nämndens rapport"]


@pytest.mark.parametrize("template", [DEFAULT_TEMPLATE, MONTHLY], ids=lambda path: path.name)
@pytest.mark.parametrize("which", ["full", "sparse"])
def test_no_heading_is_printed_without_content(template, which):
    context = full_context() if which == "full" else sparse_context()
    data = _render(context, template)
    assert bare_headings(data) == []
    assert accessibility_findings(data) == []


def test_the_templates_conditions_are_the_declared_ones():
    """The generator writes each optional section's {%p if %} from sections.py, so the reasons the
    run gives and what the template prints cannot drift apart."""
    def conditions(declared):
        for section in declared:
            if section.condition != "true":
                yield section.condition
            yield from conditions(section.parts)

    for template, declared in ((DEFAULT_TEMPLATE, sections.REPORT_SECTIONS), (MONTHLY, sections.MONTHLY_SECTIONS)):
        texts = {p.text for p in docx.Document(template).paragraphs}
        for condition in conditions(declared):
            if condition == "ovriga_enheter":
                assert "{%p for enhet in ovriga_enheter %}" in texts
            else:
                assert f"{{%p if {condition} %}}" in texts, (template.name, condition)


def test_the_run_summary_says_which_sections_were_left_out_and_why(tmp_path):
    folder = write_inputs(tmp_path / "in", texter=False)
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(tmp_path / "ut")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert ("Avsnitt som inte kom med i rapporten:\n"
            "  Uppföljning ekonomi – Åtgärder för budget i balans: ingen Word-text för avsnittet. Ange filen "
            'under [texter] i rapport.toml, t.ex. atgarder_budget_i_balans = "texter/atgarder_budget_i_balans.docx", '
            "och lägg filen där.\nSkrivna filer:") in result.output
    report = docx.Document(tmp_path / "ut" / "2023-02" / "kommunstyrelsen" / "manadsuppfoljning.docx")
    assert "Åtgärder för budget i balans" not in [p.text for p in report.paragraphs]
