"""rapport.toml read strictly: each tiny file below has one defect, and the answer is a Swedish
problem with its rule, the file and the line of the key, naming the key and an example. Random
values for every known key never make the reading raise."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from conftest import SHIPPED_SETTINGS
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from pipeline.problems import Location, Severity
from pipeline.read.catalog import ABSENCE, EXPORTS, HR_EXPORTS, SCHEDULE
from pipeline.read.sources import export_files, read_settings
from pipeline.settings import Settings, settings_from_toml
from pipeline.settings import shape as toml_shape
from pipeline.settings.toml_lines import key_lines

FILE = "installningar/rapport.toml"


# ---------------------------------------------------------------------------------------------
# A tiny valid file, written section by section so that a case can change one line
# ---------------------------------------------------------------------------------------------
def tiny_sections() -> dict[str, list[str]]:
    sections = {
        "rapport": ['kommun = "Exempelby kommun"'],
        "namnder.KS": ['arendenummer = "KS2023/1"', 'forvaltning = "Kommunledningsförvaltningen"'],
        "personal": ["pension_ingar = true", "minsta_grupp = 10", 'kvinna = ["K"]'],
    }
    for contract in (*EXPORTS, *HR_EXPORTS):
        if contract in (ABSENCE, SCHEDULE):   # the other staff format (one of the two is configured)
            continue
        sections[f"kallor.{contract.name}"] = [f'filer = ["{contract.name}_*.xlsx"]', "rubrikrad = 0",
                                               'summarad = ["Summa"]']
        sections[f"kallor.{contract.name}.kolumner"] = [f'{f.name} = "{f.name.capitalize()}"'
                                                        for f in contract.fields if f.required]
    sections["etiketter"] = ['totalt = "Totalt (mnkr)"']
    sections["motpart"] = ['interna_prefix = ["1"]']
    sections["avstamning"] = ["som_varning = []"]
    sections["texter"] = ['sammanfattning = "texter/sammanfattning.docx"']
    sections["tjansteskrivelse"] = ['handlaggare = "Anna Andersson"', 'datum = "2023-09-15"']
    sections["[tjansteskrivelse.underskrifter]"] = ['namn = "Bo Berg"', 'titel = "Ekonomichef"']
    return sections


def toml_text(sections: dict[str, list[str]]) -> str:
    lines = []
    for name, body in sections.items():
        lines += [f"[{name}]", *body, ""]
    return "\n".join(lines)


def read(text: str):
    return settings_from_toml(tomllib.loads(text), FILE, text)


def row_of(text: str, line: str) -> int:
    rows = [i for i, t in enumerate(text.splitlines(), start=1) if t == line]
    assert len(rows) == 1, (line, rows)
    return rows[0]


def with_line(section: str, line: str, replacing: str | None = None) -> dict[str, list[str]]:
    """The tiny file with `line` added to `section` (or put in place of the line starting with `replacing`)."""
    sections = tiny_sections()
    body = sections.setdefault(section, [])
    if replacing is not None:
        body[:] = [b for b in body if not b.startswith(replacing)]
    body.append(line)
    return sections


def test_tiny_file_reads_without_problems():
    settings, problems = read(toml_text(tiny_sections()))
    assert problems == []
    assert settings.sources["huvudbok"].sum_markers == ("Summa",)


def test_shipped_file_reads_without_any_problem_not_even_a_warning():
    text = SHIPPED_SETTINGS.read_text(encoding="utf-8")
    settings, problems = read(text)
    assert problems == []
    assert settings.personnel.count_retirements is True and settings.sources["huvudbok"].header_row == 0


# ---------------------------------------------------------------------------------------------
# Wrong types: an error at the key's line that names the key, the type expected and an example
# ---------------------------------------------------------------------------------------------
WRONG_TYPES = [
    # section, the defect line, the line it replaces, what the message names, the hint's example
    ("kallor.huvudbok", 'rubrikrad = "ett"', "rubrikrad", "[kallor.huvudbok] rubrikrad ska vara ett heltal",
     "rubrikrad = 0"),
    ("kallor.huvudbok", "rubrikrad = 1.5", "rubrikrad", "[kallor.huvudbok] rubrikrad ska vara ett heltal",
     "rubrikrad = 0"),
    ("kallor.budget", "filer = 3", "filer", "[kallor.budget] filer ska vara en lista med texter",
     'filer = ["budget_*.xlsx"]'),
    ("kallor.budget", 'filer = ["budget_*.xlsx", 2023]', "filer", "där 2023 inte är en text",
     'filer = ["budget_*.xlsx"]'),
    ("kallor.budget", "summarad = [true]", "summarad", "[kallor.budget] summarad ska vara en lista",
     'summarad = ["Summa", "Totalt"]'),
    ("kallor.budget", "blad = []", None, "[kallor.budget] blad ska vara en text", 'blad = "Blad1"'),
    ("rapport", 'kommun = ["Exempelby kommun"]', "kommun", "[rapport] kommun ska vara en text inom citattecken",
     'kommun = "Enköpings kommun"'),
    ("rapport", "minustecken = 1", None, "[rapport] minustecken ska vara en text", 'minustecken = "-"'),
    ("namnder.KS", "arendenummer = 1.5", "arendenummer", "[namnder.KS] arendenummer ska vara en text",
     'arendenummer = "KS2023/623"'),
    ("personal", 'pension_ingar = "nej"', "pension_ingar", "[personal] pension_ingar ska vara true eller false",
     "pension_ingar = false"),
    ("personal", 'pension_ingar = "ja"', "pension_ingar", "[personal] pension_ingar ska vara true eller false",
     "pension_ingar = true"),
    ("personal", 'pension_ingar = "false"', "pension_ingar", 'men är "false"', "pension_ingar = false"),
    ("personal", "pension_ingar = 0", "pension_ingar", "men är 0", "pension_ingar = false"),
    ("personal", "pension_ingar = 1", "pension_ingar", "men är 1", "pension_ingar = true"),
    ("personal", 'minsta_grupp = "10"', "minsta_grupp", "[personal] minsta_grupp ska vara ett heltal",
     "minsta_grupp = 10"),
    ("personal", "kvinna = [1.5]", "kvinna", "[personal] kvinna ska vara en lista", 'kvinna = ["K", "Kvinna"]'),
    ("namnder.KS", "forvaltning = true", "forvaltning", "[namnder.KS] forvaltning ska vara en text",
     'forvaltning = "Kommunledningsförvaltningen"'),
    ("etiketter", "totalt = 5", "totalt", "[etiketter] totalt ska vara en text", 'totalt = "Totalt (mnkr)"'),
    ("motpart", "interna_prefix = { a = 1 }", "interna_prefix", "[motpart] interna_prefix ska vara en lista",
     'interna_prefix = ["1"]'),
    ("avstamning", "som_varning = 3", "som_varning", "[avstamning] som_varning ska vara en lista",
     "som_varning = "),
    ("texter", "sammanfattning = 1", "sammanfattning", "[texter] sammanfattning ska vara en text",
     'sammanfattning = "texter/sammanfattning.docx"'),
    ("tjansteskrivelse", "datum = 2023-09-15", "datum", "[tjansteskrivelse] datum ska vara en text",
     'datum = "2023-09-15"'),
    ("tjansteskrivelse", "handlaggare = 5", "handlaggare", "[tjansteskrivelse] handlaggare ska vara en text",
     'handlaggare = "..."'),
    ("tjansteskrivelse", "forslag = [1, 2]", None, "[tjansteskrivelse] forslag ska vara en lista",
     'forslag = ["första", "andra"]'),
    ("[tjansteskrivelse.underskrifter]", "namn = 5", "namn",
     "[[tjansteskrivelse.underskrifter]] nummer 1: namn ska vara en text", 'namn = "..."'),
    ("status.etiketter", '"På rätt väg" = "grön"', None, '[status.etiketter] "På rätt väg" ska vara ett eget avsnitt',
     '"På rätt väg" = { symbol = "●", farg = "2E7D32" }'),
    ("status.etiketter", '"På rätt väg" = { symbol = 1, farg = "2E7D32" }', None,
     '[status.etiketter."På rätt väg"] symbol ska vara en text', 'symbol = "●"'),
]


@pytest.mark.parametrize("section, line, replacing, named, example", WRONG_TYPES,
                         ids=[case[1] for case in WRONG_TYPES])
def test_wrong_type_is_an_error_at_the_key_naming_type_and_example(section, line, replacing, named, example):
    text = toml_text(with_line(section, line, replacing))
    settings, problems = read(text)
    assert len(problems) == 1, [p.describe() for p in problems]      # nothing "missing" besides
    problem = problems[0]
    assert (problem.rule, problem.severity) == ("inställning-fel-typ", Severity.ERROR)
    assert problem.location == Location(FILE, row=row_of(text, line))
    assert named in problem.message and "ska vara" in problem.message
    assert example in problem.hint
    assert isinstance(settings, Settings)


def test_pension_ingar_nej_is_no_longer_read_as_true():
    text = toml_text(with_line("personal", 'pension_ingar = "nej"', "pension_ingar"))
    _, problems = read(text)
    assert [p.rule for p in problems] == ["inställning-fel-typ"] and problems[0].is_error
    assert problems[0].hint == "Skriv pension_ingar = false (utan citattecken)."


def test_table_given_as_text_names_the_table_and_says_how_to_write_it():
    sections = tiny_sections()
    del sections["kallor.prognos.kolumner"]
    sections["kallor.prognos"].append('kolumner = "Belopp"')
    text = toml_text(sections)
    _, problems = read(text)
    assert len(problems) == 1, [p.describe() for p in problems]     # not one "saknas" per column
    problem = problems[0]
    assert problem.rule == "inställning-fel-typ" and problem.location == Location(FILE, row=row_of(text, 'kolumner = "Belopp"'))
    assert problem.message == '[kallor.prognos] kolumner ska vara ett eget avsnitt, men är "Belopp".'
    assert "[kallor.prognos.kolumner]" in problem.hint


def test_source_given_as_text_is_one_error_not_a_missing_section():
    sections = tiny_sections()
    del sections["kallor.huvudbok"], sections["kallor.huvudbok.kolumner"]
    sections = {"kallor": ['huvudbok = "x"'], **sections}
    text = toml_text(sections)
    _, problems = read(text)
    assert [(p.rule, p.location) for p in problems] == [
        ("inställning-fel-typ", Location(FILE, row=row_of(text, 'huvudbok = "x"')))]
    assert problems[0].message.startswith("[kallor] huvudbok ska vara ett eget avsnitt")
    assert "[kallor.huvudbok]" in problems[0].hint


def test_section_given_as_text_at_the_top_is_one_error():
    sections = tiny_sections()
    del sections["rapport"]
    text = 'rapport = "KS"\n' + toml_text(sections)
    _, problems = read(text)
    assert [(p.rule, p.location) for p in problems] == [("inställning-fel-typ", Location(FILE, row=1))]
    assert problems[0].message == 'rapport ska vara ett eget avsnitt, men är "KS".'


# ---------------------------------------------------------------------------------------------
# Values of the right type that are not allowed
# ---------------------------------------------------------------------------------------------
NOT_ALLOWED = [
    ("kallor.huvudbok", "rubrikrad = -1", "rubrikrad", "[kallor.huvudbok] rubrikrad = -1 är inte tillåtet"),
    ("kallor.budget", 'filer = [""]', "filer", '[kallor.budget] filer innehåller ""'),
    ("kallor.budget", 'filer = ["/srv/ekonomi/budget_*.xlsx"]', "filer", '"/srv/ekonomi/budget_*.xlsx"'),
    ("kallor.budget", 'filer = ["../budget_*.xlsx"]', "filer", '"../budget_*.xlsx"'),
    ("kallor.budget", 'filer = ["."]', "filer", 'filer innehåller "."'),
    ("kallor.budget", 'filer = ["export/**"]', "filer", '"export/**"'),
    ("kallor.budget", f'filer = ["{"b" * 300}"]', "filer", "filer innehåller"),
]


@pytest.mark.parametrize("section, line, replacing, named", NOT_ALLOWED, ids=[c[1][:40] for c in NOT_ALLOWED])
def test_value_not_allowed_is_an_error_at_the_key(section, line, replacing, named, tmp_path):
    text = toml_text(with_line(section, line, replacing))
    settings, problems = read(text)
    assert [(p.rule, p.location) for p in problems] == [("inställning-ogiltig", Location(FILE, row=row_of(text, line)))]
    assert named in problems[0].message and problems[0].is_error
    assert "Skriv t.ex." in problems[0].hint
    export_files(tmp_path, settings)            # the patterns left are ones glob takes


def test_small_group_below_ten_keeps_its_message():
    text = toml_text(with_line("personal", "minsta_grupp = 5", "minsta_grupp"))
    _, problems = read(text)
    assert [p.rule for p in problems] == ["inställning-ogiltig"]
    assert problems[0].message.startswith("personal.minsta_grupp = 5 är inte tillåtet: lagen kräver")


# ---------------------------------------------------------------------------------------------
# Written another way that means one thing: read, no problem
# ---------------------------------------------------------------------------------------------
def test_single_text_for_a_list_and_number_for_a_code_are_read():
    sections = tiny_sections()
    sections["rapport"] = ['kommun = "Exempelby kommun"']
    sections["namnder.KS"] = ["arendenummer = 100"]
    sections["kallor.huvudbok"] = ['filer = "huvudbok_*.xlsx"', 'summarad = "Summa"', "blad = 2023"]
    sections["motpart"] = ['interna_prefix = "12"']
    sections["personal"] = ["kvinna = [2]", 'man = "M"']
    settings, problems = read(toml_text(sections))
    assert problems == []
    assert settings.for_namnd("KS").report.arendenummer == "100"
    source = settings.sources["huvudbok"]
    assert (source.patterns, source.sum_markers, source.sheet) == (("huvudbok_*.xlsx",), ("Summa",), "2023")
    assert settings.internal_motpart_prefixes == ("12",)
    assert settings.personnel.women == frozenset({"2"}) and settings.personnel.men == frozenset({"m"})


# ---------------------------------------------------------------------------------------------
# Unknown keys: a warning at the key that names the nearest known key
# ---------------------------------------------------------------------------------------------
UNKNOWN = [
    # section, line (or heading), the message, the hint
    ("rapport", 'minustecknen = "-"', "[rapport] minustecknen är ingen känd inställning.",
     "Menade du minustecken?"),
    ("namnder.KS", 'arendenumer = "KS1"', "[namnder.KS] arendenumer är ingen känd inställning.",
     "Menade du arendenummer?"),
    ("kallor.huvudbok", "rubrikrd = 0", "[kallor.huvudbok] rubrikrd är ingen känd inställning.",
     "Menade du rubrikrad?"),
    ("kallor.huvudbok.kolumner", 'beloop = "Belopp"', "[kallor.huvudbok.kolumner] beloop är ingen känd kolumn.",
     "Menade du belopp?"),
    ("personal", "pension_ingr = true", "[personal] pension_ingr är ingen känd inställning.",
     "Menade du pension_ingar?"),
    ("etiketter", 'totalt_x = "T"', "[etiketter] totalt_x är ingen känd etikett.", "Menade du totalt?"),
    ("motpart", 'interna_prefixx = ["1"]', "[motpart] interna_prefixx är ingen känd inställning.",
     "Menade du interna_prefix?"),
    ("avstamning", "som_varningar = []", "[avstamning] som_varningar är ingen känd inställning.",
     "Menade du som_varning?"),
    ("texter", 'sammanfatning = "texter/s.docx"', "[texter] sammanfatning är inget av programmets avsnitt",
     "Menade du sammanfattning?"),
    ("tjansteskrivelse", 'handlaggar = "A"', "[tjansteskrivelse] handlaggar är ingen känd inställning.",
     "Menade du handlaggare?"),
    ("[tjansteskrivelse.underskrifter]", 'nmn = "A"', "[[tjansteskrivelse.underskrifter]] nummer 1: nmn är ingen känd",
     "Menade du namn?"),
    ("rapport", 'jamfor_mde = "2023-04"', "[rapport] jamfor_mde är ingen känd inställning.",
     "Menade du jamfor_med?"),
    ("status.mal", 'pa_ratt_vg = ["På rätt väg"]', "[status.mal] pa_ratt_vg är ingen känd grupp.",
     "Menade du pa_ratt_vag?"),
    ("rapport", "pension_ingar = false", "[rapport] pension_ingar är ingen känd inställning.",
     "pension_ingar hör till [personal]: flytta raden dit."),
    ("rapport", "xyz = 1", "[rapport] xyz är ingen känd inställning.", "Kända inställningar: kommun, mall_rapport"),
]


@pytest.mark.parametrize("section, line, message, hint", UNKNOWN, ids=[c[1] for c in UNKNOWN])
def test_unknown_key_is_a_warning_naming_the_nearest_known_key(section, line, message, hint):
    text = toml_text(with_line(section, line))
    _, problems = read(text)
    assert len(problems) == 1, [p.describe() for p in problems]
    problem = problems[0]
    assert (problem.rule, problem.severity) == ("inställning-okänd", Severity.WARNING)
    assert problem.location == Location(FILE, row=row_of(text, line))
    assert problem.message.startswith(message) and problem.hint.startswith(hint)


@pytest.mark.parametrize("heading, message, hint", [
    ("[rapportt]", "[rapportt] är inget känt avsnitt.", "Menade du [rapport]?"),
    ("[kallor.huvudbook]", "[kallor.huvudbook] är ingen känd källa.", "Menade du [kallor.huvudbok]?"),
    ("[kallor.huvudbok.kolumnr]", "[kallor.huvudbok.kolumnr] är ingen känd inställning.",
     "Menade du [kallor.huvudbok.kolumner]?"),
])
def test_unknown_table_is_a_warning_at_its_heading(heading, message, hint):
    text = toml_text(tiny_sections()) + f"\n{heading}\nx = 1\n"
    _, problems = read(text)
    assert [(p.rule, p.severity, p.location) for p in problems] == [
        ("inställning-okänd", Severity.WARNING, Location(FILE, row=row_of(text, heading)))]
    assert (problems[0].message, problems[0].hint) == (message, hint)


def test_own_text_section_for_an_own_template_is_no_warning():
    _, problems = read(toml_text(with_line("texter", 'lokala_mal = "texter/lokala_mal.docx"')))
    assert problems == []


def test_without_the_text_the_problem_names_the_file_only():
    data = tomllib.loads(toml_text(with_line("kallor.huvudbok", 'rubrikrad = "ett"', "rubrikrad")))
    _, problems = settings_from_toml(data, FILE)
    assert [(p.rule, p.location) for p in problems] == [("inställning-fel-typ", Location(FILE))]


# ---------------------------------------------------------------------------------------------
# The file itself: not UTF-8, a BOM, not a file
# ---------------------------------------------------------------------------------------------
def _settings_dir(tmp_path: Path, content: bytes) -> Path:
    folder = tmp_path / "installningar"
    folder.mkdir()
    (folder / "rapport.toml").write_bytes(content)
    return folder


def test_file_saved_as_ansi_names_the_line_and_says_how_to_save_it(tmp_path):
    text = toml_text(tiny_sections()).replace('"Exempelby kommun"', '"Enköpings kommun"')
    settings, problems = read_settings(_settings_dir(tmp_path, text.encode("cp1252")))
    assert settings is None
    assert [(p.rule, p.location) for p in problems] == [
        ("inställning-teckenkodning", Location(FILE, row=row_of(text, 'kommun = "Enköpings kommun"')))]
    assert "UTF-8" in problems[0].message and "UTF-8" in problems[0].hint


def test_file_with_a_byte_order_mark_is_read(tmp_path):
    text = toml_text(tiny_sections())
    settings, problems = read_settings(_settings_dir(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert problems == [] and settings.report.kommun == "Exempelby kommun"


def test_deeply_nested_brackets_are_a_problem_not_a_recursion_error(tmp_path):
    text = toml_text(tiny_sections()) + "\n[avstamning.x]\ny = " + "[" * 2000 + "]" * 2000 + "\n"
    settings, problems = read_settings(_settings_dir(tmp_path, text.encode("utf-8")))
    assert settings is None and [(p.rule, p.location) for p in problems] == [("inställning-oläslig", Location(FILE))]


def test_settings_path_that_is_a_folder_is_a_problem(tmp_path):
    (tmp_path / "installningar" / "rapport.toml").mkdir(parents=True)
    settings, problems = read_settings(tmp_path / "installningar")
    assert settings is None and [(p.rule, p.location) for p in problems] == [("fil-oläslig", Location(FILE))]


# ---------------------------------------------------------------------------------------------
# Lines of keys
# ---------------------------------------------------------------------------------------------
def test_every_key_of_the_shipped_file_is_found_on_a_line_that_names_it():
    text = SHIPPED_SETTINGS.read_text(encoding="utf-8")
    lines, rows = text.splitlines(), key_lines(text)

    def leaves(value, path=()):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from leaves(item, (*path, key))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for i, item in enumerate(value):
                yield from leaves(item, (*path, i))
        else:
            yield path

    paths = list(leaves(tomllib.loads(text)))
    assert len(paths) > 200
    inline = [p for p in paths if p not in rows]          # keys of inline tables: on their parent's line
    assert all(p[:-1] in rows and not rows[p[:-1]][1] for p in inline), inline
    for path in (p for p in paths if p in rows):
        row, _ = rows[path]
        assert str(path[-1]) in lines[row - 1], (path, row)
    ekonomichef = [i for i, line in enumerate(lines, start=1) if line == 'titel = "Ekonomichef"']
    assert rows[("tjansteskrivelse", "underskrifter", 1, "titel")][0] == ekonomichef[-1]   # the common one
    assert rows[("namnder", "BUN", "tjansteskrivelse", "underskrifter", 1, "titel")][0] in ekonomichef[:-1]


def test_multi_line_values_do_not_hide_or_invent_keys():
    text = 'a = """\n[x]\nb = 1\n"""\nc = [\n  "d = 2",\n  { e = 3 },\n]\nf = 4 # [y]\n[[g]]\nh = 5\n[[g]]\nh = 6\n'
    assert key_lines(text) == {("a",): (1, False), ("c",): (5, False), ("f",): (9, False),
                               ("g", 0): (10, True), ("g", 0, "h"): (11, False),
                               ("g", 1): (12, True), ("g", 1, "h"): (13, False)}


@given(st.text(max_size=200))
def test_key_lines_never_raise(text):
    key_lines(text)


# ---------------------------------------------------------------------------------------------
# Random values for every known key never raise, and the settings are always well typed
# ---------------------------------------------------------------------------------------------
_SCALARS = st.one_of(st.text(max_size=6), st.integers(-3, 40), st.floats(), st.booleans(),
                     st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), st.times(),
                     st.sampled_from(["", "/abs", ".", "..", "**", "x/**", "nej", "K", "debet_positiv", "−"]))
_ANY = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


def _values(shape) -> st.SearchStrategy:
    """A value of the right type, or anything TOML can hold, for `shape`."""
    if isinstance(shape, toml_shape.Scalar):
        right = st.one_of(st.text(max_size=8), st.integers(-2, 30), st.booleans())
    elif isinstance(shape, toml_shape.ListOf):
        right = st.lists(_values(shape.item), max_size=3)
    elif isinstance(shape, toml_shape.Table):
        right = st.fixed_dictionaries({}, optional={k: st.deferred(lambda key=key: _values(key.shape))
                                                    for k, key in shape.keys.items()})
    elif isinstance(shape, toml_shape.Map):
        right = st.dictionaries(st.text(max_size=8), _values(shape.value.shape), max_size=3)
    else:
        right = st.lists(_values(shape.item), max_size=2)
    return st.one_of(right, _ANY)


def _assert_well_typed(settings: Settings) -> None:
    report = settings.report
    assert all(isinstance(v, str) for v in (report.kommun, report.arendenummer, report.forvaltning,
                                             report.minustecken, report.mall_rapport))
    assert all(isinstance(u, str) for u in settings.units + settings.internal_motpart_prefixes)
    for source in settings.sources.values():
        assert isinstance(source.header_row, int) and source.header_row >= 0
        assert all(isinstance(p, str) and toml_shape.is_file_pattern(p) for p in source.patterns)
        assert isinstance(source.sheet, str) and all(isinstance(h, str) for h in source.headers.values())
        assert all(isinstance(m, str) for m in source.sum_markers)
    assert all(isinstance(v, str) for v in settings.labels.values())
    if settings.personnel is not None:
        assert isinstance(settings.personnel.count_retirements, bool)
        assert isinstance(settings.personnel.max_suppressed_group, int)
    if settings.memo is not None:
        assert all(isinstance(t, str) for t in settings.memo.forslag + settings.memo.skickas_till)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_values(toml_shape.rapport_toml()))
def test_random_values_for_every_known_key_never_raise(data):
    if not isinstance(data, dict):
        data = {"rapport": data}
    settings, problems = settings_from_toml(data, FILE)
    _assert_well_typed(settings)
    assert all(p.location.file == FILE and p.message for p in problems)


@pytest.fixture(scope="module")
def empty_input(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("tom-indatamapp")


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.data())
def test_one_random_value_in_the_shipped_file_never_raises(empty_input, data):
    shipped = tomllib.loads(SHIPPED_SETTINGS.read_text(encoding="utf-8"))
    path = data.draw(st.sampled_from(list(_paths(shipped))))
    value = data.draw(_ANY)
    table = shipped
    for part in path[:-1]:
        table = table[part]
    table[path[-1]] = value
    settings, problems = settings_from_toml(shipped, FILE)
    _assert_well_typed(settings)
    export_files(empty_input, settings)


def _paths(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key)
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield from _paths(item, (*path, i))


def test_docs_name_every_key_of_the_schema():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "input-formats.md").read_text(encoding="utf-8")
    top = toml_shape.rapport_toml().keys
    tables = [top[name].shape for name in ("rapport", "personal", "motpart", "avstamning", "status",
                                           "tjansteskrivelse")]
    tables.append(top["kallor"].shape.keys["huvudbok"].shape)
    missing = [key for table in tables for key in table.keys if f"`{key}`" not in docs and f".{key}]" not in docs]
    assert missing == []
