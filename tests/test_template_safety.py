"""Templates cannot run code, nor exhaust the machine; the data's text is printed, never run.

Each test builds a tiny template with python-docx: one paragraph, one hostile or tricky tag.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import docx
import pytest
from lxml import etree

from pipeline.problems import Location, Severity
from pipeline.render import template_sandbox
from pipeline.render.contract import full_context, sparse_context
from pipeline.render.data_text import literal_word_text, xml_text
from pipeline.render.template_lint import template_problems
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE, DEFAULT_TEMPLATE, TemplateError, render_docx
from pipeline.render.word_values import WordText

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
    with pytest.raises(TemplateError) as raised:
        _render(template)
    assert str(raised.value) == (f"Word-mallen {template} har en tagg som kräver för mycket (den gör mer än "
                                 "20 000 tecken text). Förenkla taggen; en mall behöver bara skriva ut "
                                 "rapportens data.")


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
    assert f'Fel (Kommunstyrelsen): Word-mallen {folder / "installningar" / "var_mall.docx"} har en tagg som inte är tillåten: "{tag}"' \
        in result.output
    assert not marker.exists()
    assert not (tmp_path / "ut" / "2023-02" / "kommunstyrelsen").exists()    # (the overview has its own template)


# --- the data's text is printed as written ---------------------------------------------------------

TAGGED = "Se {{ 7*7 }}, {% if x %}, {# y #}, }} och {_{ z }_}."


def _all_text(data: bytes) -> str:
    document = docx.Document(BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footers = [p.text for section in document.sections for p in section.footer.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells + footers)


def _parts(data: bytes) -> dict[str, bytes]:
    with ZipFile(BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_tags_in_the_datas_text_are_printed_as_written(tmp_path):
    context = full_context()
    context["mal"][0]["analys"] = TAGGED
    context["internkontroll"][0]["kommentar"] = "{{ cycler.__init__.__globals__ }}"
    context["uppdrag"][0]["uppdrag"] = "{%p endif %}"
    context["dokument"]["namnd"] = "Nämnden {{ 7*7 }}"
    context["mal"][0]["status"]["text"] = "{{ 6*7 }}"
    text = _all_text(_render(DEFAULT_TEMPLATE, context))
    assert TAGGED in text and "49" not in text
    assert "{{ cycler.__init__.__globals__ }}" in text
    assert "{%p endif %}" in text
    assert "Delårsrapport augusti 2023, Nämnden {{ 7*7 }} – sida " in text      # the footer
    assert "● {{ 6*7 }}" in text                                                   # a status (RichText)


def test_no_stand_in_for_a_brace_is_left_in_the_document():
    context = full_context()
    context["mal"][0]["analys"] = TAGGED
    for name, part in _parts(_render(DEFAULT_TEMPLATE, context)).items():
        assert "\ufdd0".encode() not in part and "\ufdd1".encode() not in part, name


def test_a_leftover_tag_of_the_template_is_still_refused_and_named_alone(tmp_path):
    """docxtpl's escape {_{ prints a literal {{: the template's own leftover, refused as before;
    the data's braces beside it are not mentioned."""
    context = sparse_context()
    context["dokument"]["namnd"] = "{{ 7*7 }}"
    template = _template(tmp_path, "{{ dokument.namnd }}", "{_{ dokument.titel }_}")
    with pytest.raises(TemplateError) as raised:
        _render(template, context)
    assert str(raised.value).startswith(f'Word-mallen {template} har taggar som inte ersattes: '
                                        '"{{ dokument.titel }}". ')


def _word_text(body: str, footnote: str | None = None) -> bytes:
    """A .docx with one paragraph and, when given, a footnote to it (python-docx makes none)."""
    document = docx.Document()
    document.add_paragraph(body)
    buffer = BytesIO()
    document.save(buffer)
    parts = _parts(buffer.getvalue())
    if footnote is not None:
        w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        parts["word/footnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {w}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            '</w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{footnote}</w:t></w:r></w:p>'
            '</w:footnote></w:footnotes>').encode()
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"</w:t></w:r></w:p>", b'</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>', 1)
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rId99" Target="footnotes.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>')
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    buffer = BytesIO()
    with ZipFile(buffer, "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    return buffer.getvalue()


def test_tags_in_an_organisation_text_and_its_footnotes_are_printed_as_written(tmp_path):
    """docxtpl renders the footnotes after the body, the inserted text's footnotes among them."""
    marker = tmp_path / "pwned"
    context = full_context()
    context["avsnitt"]["sammanfattning"] = WordText("sammanfattning.docx", _word_text(
        "Texten {{ 7*7 }} och {%p if x %}",
        f"Fotnot {{{{ 7*7 }}}} {{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"))
    data = _render(DEFAULT_TEMPLATE, context)
    assert "Texten {{ 7*7 }} och {%p if x %}" in _all_text(data)
    footnotes = etree.fromstring(_parts(data)["word/footnotes.xml"])
    texts = "".join(footnotes.itertext())
    assert "Fotnot {{ 7*7 }} {{ cycler.__init__.__globals__.os.popen(" in texts and "49" not in texts
    assert not marker.exists()


def test_an_organisation_text_without_braces_is_inserted_as_it_was():
    data = _word_text("Ingen klammer här.")
    assert literal_word_text(data) is data


def test_tags_in_the_documents_properties_are_kept_as_written():
    """docxtpl renders the core properties as templates: the data's title is set afterwards."""
    data = render_docx(DEFAULT_TEMPLATE, full_context(), timestamp=TIMESTAMP, title="Rapport {{ 7*7 }}",
                       subject="Nämnd {% if x %}", author="{{ 1 }}")
    properties = docx.Document(BytesIO(data)).core_properties
    assert (properties.title, properties.subject, properties.author) == ("Rapport {{ 7*7 }}", "Nämnd {% if x %}",
                                                                          "{{ 1 }}")


def test_a_hostile_tag_in_the_templates_own_properties_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    source = docx.Document()
    source.add_paragraph("{{ dokument.titel }}")
    tag = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    source.core_properties.comments = tag
    template = tmp_path / "mall.docx"
    source.save(template)
    with pytest.raises(TemplateError, match=f'har en tagg som inte är tillåten: "{re.escape(tag)}"'):
        _render(template)
    assert [p.rule for p in template_problems(template)] == ["mall-otillaten-tagg"]
    assert not marker.exists()


def test_a_status_colour_that_is_not_hex_is_left_out():
    context = full_context()
    context["mal"][0]["status"]["farg"] = '"/><w:b/><w:color w:val="FF0000'
    data = _render(DEFAULT_TEMPLATE, context)
    document = docx.Document(BytesIO(data))
    assert "● På rätt väg" in _all_text(data)
    assert not any(run.bold and run.text == "●" for table in document.tables for row in table.rows
                   for cell in row.cells for p in cell.paragraphs for run in p.runs)


# --- characters XML cannot hold -------------------------------------------------------------------

def test_control_characters_in_the_datas_text_are_removed_or_become_line_breaks():
    context = full_context()
    context["mal"][0]["analys"] = "Ett\a två\x01\x1f tre\ufffe\uffff\ud800 fyra\x0bfem\x0csex\tsju"
    context["dokument"]["namnd"] = "Kommun\x07styrelsen\x00"
    data = render_docx(DEFAULT_TEMPLATE, context, timestamp=TIMESTAMP, title="Rapport\x07", subject="Ämne\x0b",
                       author="Förvaltning\x1b")
    text = _all_text(data)
    assert "Ett två tre fyra\nfem\nsex\tsju" in text
    assert "Delårsrapport augusti 2023, Kommunstyrelsen – sida " in text
    properties = docx.Document(BytesIO(data)).core_properties
    assert (properties.title, properties.subject, properties.author) == ("Rapport", "Ämne\n", "Förvaltning")


@pytest.mark.parametrize("text, expected", [
    ("a\x00b\x08c", "abc"), ("a\x0bb\x0cc", "a\nb\nc"), ("tab\tny\nrad\rslut", "tab\tny\nrad\rslut"),
    ("\ufffe\uffff\ud800\udfff", ""), ("\ufdd0\ufdd1", ""), ("åäö – €", "åäö – €"),
])
def test_xml_text_keeps_only_what_xml_can_hold(text, expected):
    assert xml_text(text) == expected


def test_a_word_text_with_a_control_character_is_refused_where_it_is_read(tmp_path):
    """A Word text cannot hold one: its XML does not open, and the reading stage says so."""
    from pipeline.read.documents import section_texts

    (tmp_path / "texter").mkdir()
    data = _word_text("Text med klocka")
    parts = _parts(data)
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"med klocka", b"med &#7; klocka")
    with ZipFile(tmp_path / "texter" / "sammanfattning.docx", "w") as package:
        for name, part in parts.items():
            package.writestr(name, part)
    found, problems = section_texts(tmp_path, {"sammanfattning": "texter/sammanfattning.docx"})
    assert found["sammanfattning"] is None
    assert [(p.rule, p.location) for p in problems] == [("fil-oläslig", Location("texter/sammanfattning.docx"))]


def test_control_characters_and_tags_in_the_excel_exports_reach_the_report_cleaned(tmp_path):
    """Excel stores a control character in a cell as _x0007_; the reader decodes it."""
    import copy

    from click.testing import CliRunner
    from conftest import INTERNKONTROLL, MALBEDOMNING, ORGANISATION, full_report_in_february, write_inputs

    from pipeline.cli import main

    goals = copy.deepcopy(MALBEDOMNING)
    goals["Mål"][1][3] = "Kontakt_x0007_vägarna {{ 7*7 }} fungerar_x000C_bra."
    organisation = copy.deepcopy(ORGANISATION)
    organisation["Rapportenheter"][1][1] = "Kommun_x0007_styrelsen"
    controls = copy.deepcopy(INTERNKONTROLL)
    controls["Internkontroll"][1][4] = "Stickprov {% if x %} visar _x0001_köp."
    folder = full_report_in_february(write_inputs(tmp_path / "in", malbedomning=goals,
                                                  organisation=organisation, internkontroll=controls))
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(tmp_path / "ut")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = _all_text(next((tmp_path / "ut").rglob("delarsrapport.docx")).read_bytes())
    assert "Kontaktvägarna {{ 7*7 }} fungerar\nbra." in text
    assert "Stickprov {% if x %} visar köp." in text
    assert "Kommunstyrelsen, ärendenummer" in text


# --- the memo's texts in rapport.toml ---------------------------------------------------------------

def test_memo_texts_fill_in_plain_names_only():
    from pipeline.render.memo import filled

    values = {"titel": "Delårsrapport {{ 7*7 }}", "namnd": "Kommunstyrelsen"}
    assert filled("{namnd}: {titel} {{klammer}}", values) == "Kommunstyrelsen: Delårsrapport {{ 7*7 }} {klammer}"
    for text, shown in (("{titel.__class__.__mro__}", "{titel.__class__.__mro__}"),
                        ("{titel[0]}", "{titel[0]}"), ("{titel:>999999999}", "{titel:>999999999}"),
                        ("{titel!r}", "{titel!r}")):
        with pytest.raises(TemplateError) as raised:
            filled(text, values)
        assert str(raised.value).startswith(f'Tjänsteskrivelsens text "{text}" har {shown}, men en text i '
                                            "rapport.toml kan bara använda ett namn inom klamrar")


def test_check_finds_a_tag_reaching_for_the_programs_inside_where_rendering_never_goes(tmp_path):
    tag = "{{ cycler.__init__.__globals__ }}"
    template = _template(tmp_path, "{% if dokument.namnd == 'Ingen nämnd heter så' %}", tag, "{% endif %}")
    _render(template)                       # never reached when rendering: nothing refused, nothing run
    problems = template_problems(template)
    assert [(p.rule, p.location) for p in problems] == [("mall-otillaten-tagg", Location("mall.docx"))]
    assert problems[0].message == f'Taggen "{tag}" är inte tillåten (den använder "__init__", som en mall inte får använda).'
