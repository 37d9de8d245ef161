"""Templates cannot run code, nor exhaust the machine; the data's text is printed, never run.

Each test builds a tiny template with python-docx: one paragraph, one hostile or tricky tag.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from io import BytesIO
from pathlib import Path

import docx
import pytest

from pipeline.problems import Location, Severity
from pipeline.render import template_sandbox
from pipeline.render.contract import full_context, sparse_context
from pipeline.render.template_lint import template_problems
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, DEFAULT_TEMPLATE, TemplateError, render_docx

TIMESTAMP = datetime(2023, 9, 15, 8, 30)


def _template(tmp_path: Path, *paragraphs: str, name: str = "mall.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(path)
    return path


def _render(template: Path, context: dict | None = None) -> bytes:
    return render_docx(template, sparse_context() if context is None else context, timestamp=TIMESTAMP,
                       title="Delårsrapport augusti 2023", subject="Kommunstyrelsen",
                       author="Kommunledningsförvaltningen")


def _paragraphs(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in docx.Document(BytesIO(data)).paragraphs]


# --- a template cannot reach the program's inside -------------------------------------------------

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in ().__class__.__base__.__subclasses__() %}",
    "{{ self._TemplateReference__context }}",
    "{{ dokument|attr('__class__') }}",
    "{{ (1).to_bytes(1000000000, 'big') }}",
    "{{ dokument.update({'titel': 'Ändrad'}) }}",
    "{{ dict.fromkeys(range(3)) }}",
]


@pytest.mark.parametrize("tag", ESCAPES)
def test_a_tag_reaching_for_the_programs_inside_is_refused_and_runs_nothing(tmp_path, tag):
    marker = tmp_path / "pwned"
    tag = tag.replace("{marker}", str(marker))
    template = _template(tmp_path, "Rubrik", tag + ("{{ x }}{% endfor %}" if "{% for" in tag else ""))
    with pytest.raises(TemplateError) as raised:
        _render(template)
    assert str(raised.value).startswith(f'Word-mallen {template} har en tagg som inte är tillåten: "{tag}" (den '
                                        "använder ")
    assert "inte köra kod" in str(raised.value)
    assert not marker.exists()


@pytest.mark.parametrize("tag", ESCAPES)
def test_check_reports_the_tag_reaching_for_the_programs_inside(tmp_path, tag):
    marker = tmp_path / "pwned"
    tag = tag.replace("{marker}", str(marker))
    problems = template_problems(_template(tmp_path, "Rubrik", tag + ("{{ x }}{% endfor %}" if "{% for" in tag else "")))
    assert [(p.rule, p.location, p.severity) for p in problems] == [
        ("mall-otillaten-tagg", Location("mall.docx"), Severity.ERROR)]
    assert problems[0].message.startswith(f'Taggen "{tag}" är inte tillåten (den använder "')
    assert not marker.exists()


def test_the_message_names_the_attribute_the_sandbox_refused(tmp_path):
    problems = template_problems(_template(tmp_path, "{{ cycler.__init__.__globals__ }}"))
    assert problems[0].message == ('Taggen "{{ cycler.__init__.__globals__ }}" är inte tillåten (den använder '
                                   '"__init__", som en mall inte får använda).')


def test_an_organisation_text_or_chart_in_the_context_only_prints(tmp_path):
    """A Word text and a chart reach the template as docxtpl objects that hold the document
    itself (and its save method): a template may print them, not open them up."""
    saved = tmp_path / "sparad.docx"
    for tag in (f"{{{{ avsnitt.sammanfattning.tpl.save('{saved}') }}}}",
                f"{{{{ diagram.budget_prognos.tpl.save('{saved}') }}}}"):
        with pytest.raises(TemplateError, match='har en tagg som inte är tillåten.*den använder "tpl"'):
            _render(_template(tmp_path, tag), full_context())
    assert not saved.exists()


# --- nor exhaust the machine ----------------------------------------------------------------------

BOMBS = [
    ("{{ range(10**9)|list|length }}", "den gör en talföljd med fler än 100 000 tal"),
    ("{{ 'x' * 10**9 }}", "den gör en text eller lista på 1 000 000 000 tecken eller delar; gränsen är 1 000 000"),
    ("{{ [0] * 10**9 }}", "den gör en text eller lista på 1 000 000 000 tecken eller delar; gränsen är 1 000 000"),
    ("{{ 10**100**100 }}", "den räknar ut ett tal med fler än 3 000 siffror"),
    ("{{ lipsum(1000000) }}", "den gör mer än 100 stycken exempeltext"),
    ("{{ 'x'|center(1000000000) }}", "den gör en text eller lista på 1 000 000 000 tecken"),
    ("{{ 'x'.ljust(1000000000) }}", "den gör en text eller lista på 1 000 000 000 tecken"),
    ("{{ '%999999999d' % 1 }}", "den gör en text eller lista på 999 999 999 tecken"),
    ("{{ '%999999999d'|format(1) }}", "den gör en text eller lista på 999 999 999 tecken"),
    ("{{ '{:>999999999}'.format(1) }}", "den gör en text eller lista på 999 999 999 tecken"),
    ("{{ 'ab'|replace('', 'x' * 999999) }}", "den gör en text eller lista på 2 999 999 tecken"),
    ("{{ ('x' * 999999).join('abc') }}", "den gör en text eller lista på 2 999 997 tecken"),
    ("{{ 'abc'|join('x' * 999999) }}", "den gör en text eller lista på 2 999 997 tecken"),
    ("{{ [1]|batch(10**9, 'x')|list }}", "den delar upp i fler än 100 000 delar"),
    ("{% set s = 'x' * 999999 %}{{ s ~ s }}", "den gör en text eller lista på 1 999 998 tecken"),
    ("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
     "den gör en text eller lista på 1 048 576 tecken"),
    ("{% set ns = namespace(n=2) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
     "den räknar ut ett tal med fler än 3 000 siffror"),
    ("{% for a in 'x' * 999999 %}{% for b in 'x' * 999999 %}{% endfor %}{% endfor %}",
     "den kräver mer än 1 000 000 steg"),
]


@pytest.mark.parametrize("tag, detail", BOMBS)
def test_a_tag_that_would_take_too_much_is_refused_before_it_runs(tmp_path, tag, detail):
    template = _template(tmp_path, tag)
    with pytest.raises(TemplateError) as raised:
        _render(template)
    assert str(raised.value).startswith(f'Word-mallen {template} har en tagg som kräver för mycket: "')
    assert f"({detail}" in str(raised.value)


def test_check_reports_a_tag_that_would_take_too_much(tmp_path):
    problems = template_problems(_template(tmp_path, "{{ 'x' * 10**9 }}"))
    assert [(p.rule, p.location) for p in problems] == [("mall-tagg-kraver-for-mycket", Location("mall.docx"))]
    assert problems[0].message == ('Taggen "{{ \'x\' * 10**9 }}" kräver för mycket (den gör en text eller lista '
                                   "på 1 000 000 000 tecken eller delar; gränsen är 1 000 000).")


def test_a_document_rendering_to_too_much_text_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(template_sandbox, "MAX_OUTPUT", 20_000)
    template = _template(tmp_path, "{% for i in range(1000) %}" + "x" * 30 + "{% endfor %}")
    with pytest.raises(TemplateError, match="kräver för mycket.*den gör mer än 20 000 tecken text"):
        _render(template)


@pytest.mark.parametrize("tag, problem", [
    ("{{ 1/0 }}", "division med noll"),
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "ett makro anropar sig självt för många gånger"),
    ("{{ dokument.titel - 1 }}", "värden av fel slag för uträkningen"),
])
def test_a_tag_that_cannot_be_worked_out_is_a_swedish_error_naming_it(tmp_path, tag, problem):
    template = _template(tmp_path, tag)
    with pytest.raises(TemplateError) as raised:
        _render(template)
    assert str(raised.value).startswith(f'Word-mallen {template} kunde inte fyllas i: taggen "{tag.split("%}")[0]}')
    assert f"går inte att räkna ut ({problem})" in str(raised.value)
    problems = template_problems(template)
    assert [(p.rule, p.location) for p in problems] == [("mall-kan-inte-fyllas", Location("mall.docx"))]


def test_ordinary_template_logic_still_works(tmp_path):
    template = _template(
        tmp_path,
        "{{ dokument.namnd.upper() }}",
        "{% for key, value in dokument.items() if key == 'kommun' %}{{ loop.index }}: {{ value }}{% endfor %}",
        "{% set ns = namespace(n=0) %}{% for row in rr.rows %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }} rader",
        "{{ '%.1f'|format(2.25) }} {{ '{:>4}'.format(7) }} {{ '-' * 3 }} {{ rr.header[1:]|join(', ')|length > 0 }}",
        "{% for group in rr.rows|groupby('kind') %}{{ group.grouper }}={{ group.list|length }} {% endfor %}",
    )
    assert _paragraphs(_render(template, full_context())) == [
        "KOMMUNSTYRELSEN", "1: Enköpings kommun", "2 rader", "2.2    7 --- True", "row=1 sum=1 "]


# --- `check` on the command line ------------------------------------------------------------------

def test_check_passes_the_shipped_templates_and_fails_a_hostile_one(tmp_path):
    from click.testing import CliRunner
    from conftest import write_inputs

    from pipeline.cli import main

    assert template_problems(DEFAULT_TEMPLATE) == [] and template_problems(DEFAULT_MEMO_TEMPLATE) == []
    folder = write_inputs(tmp_path / "in")
    marker = tmp_path / "pwned"
    tag = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    shutil.copy(_template(tmp_path, tag), folder / "installningar" / "var_mall.docx")
    settings = folder / "installningar" / "rapport.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('mall_rapport = ""', 'mall_rapport = "var_mall.docx"'),
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--input", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f'var_mall.docx: Taggen "{tag}" är inte tillåten (den använder "__init__"' in result.output
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(tmp_path / "ut")],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert f'Fel: Word-mallen {folder / "installningar" / "var_mall.docx"} har en tagg som inte är tillåten: "{tag}"' \
        in result.output
    assert not marker.exists()
    assert not (tmp_path / "ut").exists() or not any((tmp_path / "ut").rglob("*.docx"))
