"""Report types per month (rapport.toml [rapporttyper]): name, file and template, with defaults;
and `check` validating every template a report type would use (issue 10, item 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import write_inputs
from pipeline.cli import main
from pipeline.problems import Location, Severity
from pipeline.render.word import TEMPLATES
from pipeline.settings import schema
from pipeline.settings.report_types import DEFAULT_TYPES, ReportTypes, report_types

WHERE = Location("rapport.toml")


def types_of(table: dict) -> tuple[ReportTypes, list]:
    """`[rapporttyper]` as the schema checks it and the parser reads it."""
    checked = schema.checked({"rapporttyper": table}, "rapport.toml")
    types, problems = report_types(checked.data, WHERE, checked.reported)
    return types, checked.problems + problems


def by_month(types: ReportTypes) -> dict[int, str]:
    return {month: types.for_month(month).key for month in range(1, 13)}


# --- defaults -----------------------------------------------------------------------------------

@pytest.mark.parametrize("month, key, name, file", [
    (1, "manadsuppfoljning", "Månadsuppföljning", "manadsuppfoljning.docx"),
    (2, "manadsuppfoljning", "Månadsuppföljning", "manadsuppfoljning.docx"),
    (4, "tertialrapport", "Tertialrapport", "tertialrapport.docx"),
    (6, "manadsuppfoljning", "Månadsuppföljning", "manadsuppfoljning.docx"),
    (8, "delarsrapport", "Delårsrapport", "delarsrapport.docx"),
    (11, "manadsuppfoljning", "Månadsuppföljning", "manadsuppfoljning.docx"),
    (12, "arsredovisning", "Årsredovisning", "arsredovisning.docx"),
])
def test_default_type_name_and_file_per_month(month, key, name, file):
    kind = ReportTypes().for_month(month)
    assert (kind.key, kind.namn, kind.fil, kind.mall) == (key, name, file, "")
    assert (TEMPLATES / kind.standardmall).is_file()          # each type has its own shipped template


def test_without_the_table_the_defaults_apply():
    assert types_of({}) == (ReportTypes(), [])
    assert {kind.standardmall for kind in DEFAULT_TYPES} == {
        "manadsuppfoljning.docx", "tertialrapport.docx", "delarsrapport.docx", "arsredovisning.docx"}


# --- overrides ----------------------------------------------------------------------------------

def test_an_override_changes_only_the_keys_it_names():
    types, problems = types_of({"arsredovisning": {"namn": "Årsbokslut", "fil": "arsbokslut.docx"}})
    assert problems == []
    kind = types.for_month(12)
    assert (kind.key, kind.namn, kind.fil, kind.manader, kind.standardmall) == (
        "arsredovisning", "Årsbokslut", "arsbokslut.docx", (12,), "arsredovisning.docx")


def test_months_given_to_a_type_leave_the_default_type_that_had_them():
    types, problems = types_of({"delarsrapport": {"manader": [6, 8]}})
    assert problems == []
    assert by_month(types)[6] == "delarsrapport" and by_month(types)[7] == "manadsuppfoljning"
    assert 6 not in types.for_month(5).manader


def test_a_type_of_the_organisations_own_with_its_template():
    types, problems = types_of({"kvartalsrapport": {"namn": "Kvartalsrapport", "manader": [3, 9],
                                                    "fil": "kvartalsrapport.docx", "mall": "mallar/kvartal.docx"}})
    assert problems == []
    kind = types.for_month(9)
    assert (kind.key, kind.namn, kind.fil, kind.mall) == ("kvartalsrapport", "Kvartalsrapport",
                                                           "kvartalsrapport.docx", "mallar/kvartal.docx")
    assert by_month(types)[3] == "kvartalsrapport" and by_month(types)[10] == "manadsuppfoljning"


def test_a_type_of_its_own_must_say_its_name_months_and_file():
    types, problems = types_of({"kvartal": {"namn": "Kvartalsrapport"}})
    assert [(p.rule, p.message) for p in problems] == [
        ("inställning-saknas", "[rapporttyper.kvartal] anger inte manader."),
        ("inställning-saknas", "[rapporttyper.kvartal] anger inte fil.")]
    assert "kvartal" not in {kind.key for kind in types.types}
    assert all(p.location == WHERE for p in problems)


def test_a_month_in_two_types_is_an_error():
    _, problems = types_of({"delarsrapport": {"manader": [6, 8]}, "tertialrapport": {"manader": [4, 6]}})
    [problem] = problems
    assert (problem.rule, problem.message) == (
        "inställning-ogiltig", "Månad 6 finns i manader under både [rapporttyper.delarsrapport] och "
                               "[rapporttyper.tertialrapport]; varje månad ger en rapport.")


def test_a_month_without_a_type_is_an_error():
    _, problems = types_of({"manadsuppfoljning": {"manader": [1, 2, 3, 5, 6, 7, 9, 10]}})
    [problem] = problems
    assert (problem.rule, problem.message) == ("inställning-ogiltig",
                                               "Månad 11 har ingen rapporttyp under [rapporttyper].")
    assert "manader = [11]" in problem.hint


@pytest.mark.parametrize("file", ["rapport.pdf", "mapp/rapport.docx", ".docx", "tjansteskrivelse.docx"])
def test_a_file_name_that_is_not_a_plain_docx_is_refused(file):
    types, problems = types_of({"delarsrapport": {"fil": file}})
    assert [p.rule for p in problems] == ["inställning-ogiltig"]
    assert f'[rapporttyper.delarsrapport] fil = "{file}" är inte tillåtet' in problems[0].message
    assert types.for_month(8).fil == "delarsrapport.docx"          # the default kept


def test_a_month_outside_the_year_and_a_wrong_type_are_reported_by_the_schema():
    _, problems = types_of({"delarsrapport": {"manader": [13]}, "tertialrapport": {"manader": "april"}})
    assert [(p.rule, p.message) for p in problems] == [
        ("inställning-ogiltig", "[rapporttyper.delarsrapport] manader innehåller 13, som inte är tillåtet: "
                                "det ska vara ett månadsnummer, 1–12."),
        ("inställning-fel-typ", '[rapporttyper.tertialrapport] manader ska vara en lista med månadsnummer utan '
                                'citattecken, men är "april".')]


def test_a_misspelt_type_is_a_warning_naming_the_one_meant():
    _, problems = types_of({"delarsrappport": {"namn": "Delårsrapport"}})
    assert [(p.rule, p.severity) for p in problems][0] == ("inställning-okänd", Severity.WARNING)
    assert problems[0].hint == "Menade du [rapporttyper.delarsrapport]?"


# --- the run ------------------------------------------------------------------------------------

def _with_settings(folder: Path, text: str) -> Path:
    with open(folder / "installningar" / "rapport.toml", "a", encoding="utf-8") as settings:
        settings.write("\n" + text)
    return folder


def test_the_report_file_and_title_follow_the_type(tmp_path):
    folder = _with_settings(write_inputs(tmp_path / "in"),
                            '[rapporttyper.manadsuppfoljning]\nnamn = "Månadsrapport"\nfil = "manadsrapport.docx"\n')
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(tmp_path / "ut")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "\nMånadsrapport februari 2023 – Kommunstyrelsen\nLästa filer:" in "\n" + result.output
    written = {p.name for p in (tmp_path / "ut" / "2023-02" / "kommunstyrelsen").iterdir()}
    assert written == {"manadsrapport.docx", "tjansteskrivelse.docx", "avstamning.xlsx", "utskrivet.json"}
    report = docx.Document(tmp_path / "ut" / "2023-02" / "kommunstyrelsen" / "manadsrapport.docx")
    assert report.paragraphs[0].text == "Månadsrapport februari 2023"
    assert report.core_properties.title == "Månadsrapport februari 2023 – Kommunstyrelsen"


def _template_with(tmp_path: Path, name: str, tag: str) -> Path:
    """The shipped delårsrapport template with one paragraph holding `tag` added."""
    template = docx.Document(TEMPLATES / "delarsrapport.docx")
    template.add_paragraph(tag)
    path = tmp_path / name
    template.save(path)
    return path


def test_check_reports_the_problems_of_every_types_template_at_once(tmp_path):
    folder = write_inputs(tmp_path / "in")
    (folder / "installningar" / "mallar").mkdir()
    shutil.copy(_template_with(tmp_path, "tertial.docx", "{{ texter.budjet }}"), folder / "installningar" / "mallar")
    shutil.copy(_template_with(tmp_path, "ar.docx", "{{ dokument.titeln }}"), folder / "installningar" / "mallar")
    _with_settings(folder, '[rapporttyper.tertialrapport]\nmall = "mallar/tertial.docx"\n\n'
                           '[rapporttyper.arsredovisning]\nmall = "mallar/ar.docx"\n')
    result = CliRunner().invoke(main, ["check", "--input", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1                 # the run's own month (February) has no defect
    assert ('tertial.docx: Mallen använder fältet "budjet" (i "{{ texter.budjet }}"), som inte finns i '
            "rapportens data.") in result.output
    assert ('ar.docx: Mallen använder fältet "titeln" (i "{{ dokument.titeln }}"), som inte finns i '
            "rapportens data.") in result.output


def test_check_knows_the_organisations_own_text_names(tmp_path):
    """A template may print a text of the organisation's own ([texter] egen_text): not an unknown name."""
    folder = write_inputs(tmp_path / "in")
    (folder / "installningar" / "mallar").mkdir()
    shutil.copy(_template_with(tmp_path, "egen.docx", "{{p avsnitt.egen_text }}"), folder / "installningar" / "mallar")
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8").replace("[texter]\n", '[texter]\negen_text = "texter/egen_text.docx"\n', 1)
    settings.write_text(text, encoding="utf-8")
    shutil.copy(folder / "texter" / "KS" / "sammanfattning.docx", folder / "texter" / "egen_text.docx")
    _with_settings(folder, '[rapporttyper.manadsuppfoljning]\nmall = "mallar/egen.docx"\n')
    result = CliRunner().invoke(main, ["check", "--input", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "egen_text" not in result.output
