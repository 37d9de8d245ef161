"""What the program reads must be safe and what the ekonom can see (read/workbook_guard.py,
read/sheet_scan.py, read/sources.py): hostile workbooks are refused before the parser opens
them, the sheet read is a visible one, and files in the input folder that no source reads are
named. Every hostile file is built here, small; the ones that would take the parser down are
checked in a child process with 1 GiB of address space and a timeout."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pipeline.problems import Severity
from pipeline.read import early, sheet_scan
from pipeline.read.excel import read_sheet
from pipeline.read.sources import SheetSpec, export_files, read_settings, unread_files
from pipeline.read.workbook_guard import MAX_SHEETS, Refused, check_workbook

ROOT = Path(__file__).resolve().parent.parent
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- building workbooks byte by byte ---------------------------------------------------------

def sheet_xml(cells: bytes, dimension: str = "") -> bytes:
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + MAIN + b'">'
    if dimension:
        head += b'<dimension ref="' + dimension.encode() + b'"/>'
    return head + b"<sheetData>" + cells + b"</sheetData></worksheet>"


def cell(ref: str, text: str = "x") -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def row(number: int, *cells: bytes) -> bytes:
    return f'<row r="{number}">'.encode() + b"".join(cells) + b"</row>"


def workbook(path: Path, sheets: list[tuple[str, bytes]], states: dict[str, str] | None = None,
             extra: dict[str, bytes] | None = None) -> Path:
    """An .xlsx with these sheets (name, sheet XML), as little as calamine needs."""
    states = states or {}
    listed = "".join(f'<sheet name="{name}" sheetId="{i + 1}"'
                     + (f' state="{states[name]}"' if name in states else "")
                     + f' r:id="rId{i + 1}"/>' for i, (name, _) in enumerate(sheets))
    rels = "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/'
                   f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                   for i in range(len(sheets)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                      'openxmlformats.org/package/2006/content-types"/>')
        book.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                      'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
                      'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
                      ' Target="xl/workbook.xml"/></Relationships>')
        book.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN.decode()}" '
                      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                      f"<sheets>{listed}</sheets></workbook>")
        book.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="'
                      f'http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for i, (_, xml) in enumerate(sheets):
            book.writestr(f"xl/worksheets/sheet{i + 1}.xml", xml)
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return path


def declare_size(path: Path, member: str, size: int) -> Path:
    """Make the zip directory (local header and central directory) lie about `member`'s size."""
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + length]) == member.encode():
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def refused(path: Path, sheet: str = "") -> list:
    with pytest.raises(Refused) as caught:
        check_workbook(path, sheet)
    return caught.value.problems


def in_child(paths: list[Path]) -> dict[str, list]:
    """parse_cells on each file in a child process limited to 1 GiB of address space: a guard
    that lets a bomb through makes the child fail (a timeout, a crash), not the machine."""
    script = (
        "import json, resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from pathlib import Path\n"
        "from pipeline.read import early\n"
        "from pipeline.read.workbook_guard import Refused\n"
        "out = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        sheet, cells, warnings = early.parse_cells(Path(name), '')\n"
        "        out[Path(name).name] = [['läst', sheet, cells.num_rows, cells.num_columns]]\n"
        "    except Refused as refused:\n"
        "        out[Path(name).name] = [[p.rule, p.location.file, p.location.sheet, p.location.row,\n"
        "                                 p.location.column] for p in refused.problems]\n"
        "print(json.dumps(out))\n")
    done = subprocess.run([sys.executable, "-c", script, *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


# --- resource bombs ---------------------------------------------------------------------------

def test_bombs_are_refused_before_the_parser_in_a_memory_limited_child(tmp_path):
    far = workbook(tmp_path / "far.xlsx", [("Data", sheet_xml(row(1, cell("A1")) + row(1048576, cell("XFD1048576"))))])
    # Cells without r: 300 000 empty rows, then one row of 101 cells (col_index counts them).
    implicit = workbook(tmp_path / "implicit.xlsx", [("Data", sheet_xml(
        row(1, cell("A1")) + b"<row/>" * 300_000 + b"<row>" + b"<c></c>" * 100
        + b'<c t="inlineStr"><is><t>y</t></is></c></row>'))])
    # Rows out of order: the far row and the far column come from different cells.
    unsorted = workbook(tmp_path / "unsorted.xlsx", [("Data", sheet_xml(
        row(5, cell("XFD5")) + row(1048576, cell("A1048576")) + row(2, cell("A2"))))])
    twice = workbook(tmp_path / "twice.xlsx", [("Data", sheet_xml(
        row(1, cell("A1"), b'<c r="B1" r="XFD1048576" t="inlineStr"><is><t>y</t></is></c>')))])
    prefixed = workbook(tmp_path / "prefixed.xlsx", [("Data", sheet_xml(
        row(1, cell("A1"), b'<x:c r="xfd1048576" t="inlineStr"><is><t>y</t></is></x:c>')))])
    spaced = workbook(tmp_path / "spaced.xlsx", [("Data", sheet_xml(
        row(1, cell("A1"), b"<c r = 'XFD1048576' t=\"inlineStr\"><is><t>y</t></is></c>")))])
    zeros = workbook(tmp_path / "zeros.xlsx", [("Data", sheet_xml(
        row(1, b'<c r="A1" t="inlineStr"><is><t>' + b"0" * (40 << 20) + b"</t></is></c>")))])
    lying = declare_size(workbook(tmp_path / "lying.xlsx", [("Data", sheet_xml(
        b"".join(row(i, cell(f"A{i}")) for i in range(1, 20_001))))]), "xl/worksheets/sheet1.xml", 1000)
    huge = declare_size(workbook(tmp_path / "huge.xlsx", [("Data", sheet_xml(row(1, cell("A1"))))]),
                        "xl/worksheets/sheet1.xml", 3 << 30)
    declared = workbook(tmp_path / "declared.xlsx", [("Data", sheet_xml(row(1, cell("A1")) + row(2, cell("B2")),
                                                                      dimension="A1:XFD1048576"))])
    results = in_child([far, implicit, unsorted, twice, prefixed, spaced, zeros, lying, huge, declared])
    assert results["far.xlsx"] == [["blad-för-stort", "far.xlsx", "Data", 1048576, "XFD"]]
    assert results["implicit.xlsx"] == [["blad-för-stort", "implicit.xlsx", "Data", 300002, "CV"]]   # the first past 30 million
    assert results["unsorted.xlsx"][0][0] == "blad-för-stort"
    assert results["twice.xlsx"] == [["blad-för-stort", "twice.xlsx", "Data", 1048576, "XFD"]]
    assert results["prefixed.xlsx"] == [["blad-för-stort", "prefixed.xlsx", "Data", 1048576, "XFD"]]
    assert results["spaced.xlsx"] == [["blad-för-stort", "spaced.xlsx", "Data", 1048576, "XFD"]]
    assert results["zeros.xlsx"] == [["fil-för-packad", "zeros.xlsx", "Data", None, None]]
    assert results["lying.xlsx"] == [["fil-skadad", "lying.xlsx", "Data", None, None]]
    assert results["huge.xlsx"] == [["fil-för-stor", "huge.xlsx", "Data", None, None]]
    # calamine 0.36 allocates from the cells, not from <dimension>: a lying one is read.
    assert results["declared.xlsx"] == [["läst", "Data", 2, 2]]


def test_a_text_of_megabytes_without_markup_is_refused(tmp_path):
    text = workbook(tmp_path / "text.xlsx", [("Data", sheet_xml(
        row(1, b'<c r="A1" t="inlineStr"><is><t>' + b"a" * (10 << 20) + b"</t></is></c>")))])
    [problem] = refused(text)
    assert (problem.rule, problem.location.file, problem.location.sheet) == ("fil-för-stor", "text.xlsx", "Data")


def test_thousands_of_sheets_are_refused(tmp_path):
    many = workbook(tmp_path / "blad.xlsx", [(f"B{i}", sheet_xml(b"")) for i in range(5_000)])
    [problem] = refused(many)
    assert problem.rule == "för-många-blad" and problem.location.file == "blad.xlsx"
    assert f"{MAX_SHEETS:,}".replace(",", " ") in problem.message


def test_too_many_zip_members_are_refused(tmp_path):
    crowded = workbook(tmp_path / "delar.xlsx", [("Data", sheet_xml(row(1, cell("A1"))))],
                       extra={f"xl/media/bild{i}.bin": b"" for i in range(11_000)})
    [problem] = refused(crowded)
    assert problem.rule == "för-många-delar" and problem.location.file == "delar.xlsx"


def test_a_workbook_list_with_a_doctype_is_not_expanded(tmp_path):
    path = workbook(tmp_path / "dtd.xlsx", [("Data", sheet_xml(row(1, cell("A1"))))])
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<workbook", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><workbook', 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    [problem] = refused(path)
    assert problem.rule == "fil-skadad" and problem.location.file == "dtd.xlsx"


# --- the fast check and the exact one agree where both apply ---------------------------------

def test_canonical_cells_pass_the_fast_check_and_others_go_to_the_exact_one():
    canonical = sheet_xml(row(1, b'<c r="A1" s="1" t="s"><v>0</v></c>', b'<c r="K1048575" s="2"/>'))
    assert sheet_scan.scan_sheet([canonical[:40], canonical[40:]])
    assert sheet_scan.exact_grid([canonical]) == sheet_scan.Grid(1, 1)      # the empty K cell is not kept
    other = sheet_xml(b'<row r="3"><c t="s" r="B3"><v>0</v></c><c><v>1</v></c></row>')
    assert not sheet_scan.scan_sheet([other])
    assert sheet_scan.exact_grid([other]) == sheet_scan.Grid(3, 2)         # B3 and (implicit) C3


# --- the container --------------------------------------------------------------------------

def test_a_password_protected_workbook_says_so(tmp_path):
    locked = tmp_path / "budget_2023.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le")
                       + b"\0" * 2000)
    [problem] = refused(locked)
    assert (problem.rule, problem.location.file) == ("fil-lösenordsskyddad", "budget_2023.xlsx")
    assert "lösenord" in problem.hint


def test_an_old_xls_with_a_new_name_says_to_save_as_xlsx(tmp_path):
    old = tmp_path / "budget_2023.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 3000)
    [problem] = refused(old)
    assert (problem.rule, problem.location.file) == ("fil-gammalt-format", "budget_2023.xlsx")
    assert ".xlsx" in problem.hint


def test_a_file_that_is_not_a_zip_is_not_an_excel_file(tmp_path):
    text = tmp_path / "budget_2023.xlsx"
    text.write_text("År;Ansvar\n2023;1\n", encoding="utf-8")
    [problem] = refused(text)
    assert (problem.rule, problem.location.file) == ("fil-oläslig", "budget_2023.xlsx")
    assert "inte en Excel-arbetsbok" in problem.message


# --- which sheet is read --------------------------------------------------------------------

SPEC = SheetSpec(sheet="", headers={"ar": "År", "belopp": "Belopp"}, kinds={"ar": "text", "belopp": "belopp"},
                 required=frozenset({"ar", "belopp"}))


def two_sheets(path: Path, hidden_state: str = "hidden") -> Path:
    book = openpyxl.Workbook()
    secret = book.active
    secret.title = "Gammal"
    secret.append(["År", "Belopp"])
    secret.append(["2019", 111])
    secret.sheet_state = hidden_state
    shown = book.create_sheet("Budget")
    shown.append(["År", "Belopp"])
    shown.append(["2023", 222])
    book.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_skipped_with_a_warning(tmp_path, state):
    early.discard()
    table, problems = read_sheet(two_sheets(tmp_path / "budget_2023.xlsx", state), SPEC)
    assert table.sheet == "Budget" and table.frame["belopp"].tolist() == [222]
    [warning] = problems
    assert (warning.rule, warning.severity) == ("dolt-blad-hoppas-över", Severity.WARNING)
    assert (warning.location.file, warning.location.sheet) == ("budget_2023.xlsx", "Budget")
    assert '"Gammal"' in warning.message


def test_a_hidden_sheet_named_in_the_settings_is_read_with_a_warning(tmp_path):
    early.discard()
    named = SheetSpec(**{**SPEC.__dict__, "sheet": "Gammal"})
    table, problems = read_sheet(two_sheets(tmp_path / "budget_2023.xlsx"), named)
    assert table.sheet == "Gammal" and table.frame["belopp"].tolist() == [111]
    [warning] = problems
    assert (warning.rule, warning.location.sheet, warning.severity) == ("dolt-blad-läses", "Gammal", Severity.WARNING)


def test_a_workbook_with_only_hidden_sheets_is_refused(tmp_path):
    path = workbook(tmp_path / "dolt.xlsx", [("A", sheet_xml(row(1, cell("A1"))))], states={"A": "hidden"})
    [problem] = refused(path)
    assert (problem.rule, problem.location.file) == ("inget-synligt-blad", "dolt.xlsx")


# --- files in the input folder --------------------------------------------------------------

def test_files_that_no_source_reads_are_named(tiny):
    for name in ("kopia av huvudbok_2022.xlsx", "anteckningar.txt", "~$budget_2023.xlsx", ".DS_Store"):
        (tiny / name).write_bytes(b"x")
    settings, _ = read_settings(tiny / "installningar")
    files, _ = export_files(tiny, settings)
    unknown = sorted((p.location.file, p.severity) for p in unread_files(tiny, settings) if p.rule == "fil-okänd")
    assert unknown == [("anteckningar.txt", Severity.WARNING), ("kopia av huvudbok_2022.xlsx", Severity.WARNING)]
    assert "kopia av huvudbok_2022.xlsx" not in {f.path.name for f in files}


def test_exports_in_other_formats_are_errors_that_say_save_as_xlsx(tiny):
    (tiny / "budget_2023.xlsx").rename(tiny / "budget_2023.xls")
    (tiny / "prognos_2023.xlsx").rename(tiny / "prognos_2023.ods")
    (tiny / "investeringar_2023.xlsx").rename(tiny / "investeringar_2023.xlsm")
    (tiny / "huvudbok_2021.csv").write_text("Period;Konto\n", encoding="utf-8")
    settings, _ = read_settings(tiny / "installningar")
    files, problems = export_files(tiny, settings)
    wrong = {p.location.file: p for p in problems + unread_files(tiny, settings) if p.rule == "fil-fel-format"}
    assert set(wrong) == {"budget_2023.xls", "prognos_2023.ods", "investeringar_2023.xlsm", "huvudbok_2021.csv"}
    assert all(p.is_error and "spara som Excel-arbetsbok (.xlsx)" in p.hint for p in wrong.values())
    assert {f.path.suffix for f in files} == {".xlsx"}


def test_a_downloaded_copy_beside_its_original_is_named(tiny):
    (tiny / "huvudbok_2023 (1).xlsx").write_bytes((tiny / "huvudbok_2023.xlsx").read_bytes())
    settings, _ = read_settings(tiny / "installningar")
    _, problems = export_files(tiny, settings)
    [copy] = [p for p in problems if p.rule == "fil-kopia"]
    assert copy.location.file == "huvudbok_2023 (1).xlsx" and "huvudbok_2023.xlsx" in copy.message


def test_an_export_pattern_that_takes_an_xls_file_gives_an_error_not_a_parse(tiny):
    toml = tiny / "installningar" / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('filer = ["budget_*.xlsx"]', 'filer = ["budget_*"]', 1), encoding="utf-8")
    (tiny / "budget_2023.xlsx").rename(tiny / "budget_2023.xls")
    settings, _ = read_settings(tiny / "installningar")
    files, problems = export_files(tiny, settings)
    [wrong] = [p for p in problems if p.rule == "fil-fel-format"]
    assert wrong.location.file == "budget_2023.xls" and wrong.is_error
    assert "budget_2023.xls" not in {f.path.name for f in files}


def test_the_run_names_a_file_no_source_reads(tiny):
    from pipeline.orchestrator import build_report

    (tiny / "kopia av huvudbok_2022.xlsx").write_bytes((tiny / "huvudbok_2022.xlsx").read_bytes())
    early.discard()
    _, problems = build_report(tiny)
    [unknown] = [p for p in problems if p.rule == "fil-okänd"]
    assert unknown.location.file == "kopia av huvudbok_2022.xlsx" and not unknown.is_error


def test_a_sheet_written_with_a_namespace_prefix_takes_the_fast_check_too():
    head = (b'<?xml version="1.0"?><x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData>')
    prefixed = head + b'<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    assert sheet_scan.scan_sheet([prefixed])
    unprefixed_inside = prefixed.replace(b"</x:row>", b'<c r="XFD1048576"><v>1</v></c></x:row>')
    assert not sheet_scan.scan_sheet([unprefixed_inside])
    with pytest.raises(sheet_scan.ScanStop) as stop:      # calamine reads a c of any prefix
        sheet_scan.exact_grid([unprefixed_inside])
    assert stop.value.kind == "rutnät" and stop.value.detail["grid"].far_cell == "XFD1048576"
