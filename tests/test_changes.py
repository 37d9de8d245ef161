"""What changed since the last run (pipeline/render/record.py, changes.py, changes_text.py): the
record each nämnd's folder keeps of what its documents print, and the list of differences the next
run shows."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import datetime
from pathlib import Path

import docx
import openpyxl
from click.testing import CliRunner

from conftest import EMPLOYMENTS, FORECAST, personnel_rows, write_inputs
from pipeline.cli import main
from pipeline.orchestrator import build_reports
from pipeline.render import changes, output
from pipeline.render.changes_text import SHOWN_IN_TERMINAL, terminal_text
from pipeline.render.record import RECORD_FILE, RECORD_FORMAT, record_bytes

NO_CHANGES = re.compile(r"^Inga ändringar sedan förra körningen \(\d{4}-\d\d-\d\d \d\d:\d\d\) i det som "
                        r"dokumenten skriver ut\.$", re.MULTILINE)


def run(folder: Path, out: Path, monkeypatch, cache: Path) -> str:
    monkeypatch.setenv("PIPELINE_CACHE", str(cache))
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def folder_of(out: Path) -> Path:
    return out / "2023-02" / "kommunstyrelsen"


def sheet_rows(folder: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(folder / "avstamning.xlsx")["Ändringar"].iter_rows(values_only=True))


def test_a_forecast_edit_is_listed_with_its_old_and_new_value(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run(tiny, out, monkeypatch, cache)
    assert "förra körningen" not in first.split("Nämnder:")[0]          # nothing to compare with yet
    assert sheet_rows(folder_of(out))[0][0].startswith("Ingen tidigare körning av perioden")
    rows = [list(row) for row in FORECAST]
    assert rows[1][:4] == [2023, "KS", "Förvaltning", "Personalkostnader"] and rows[1][4] == -3.2
    rows[1][4] = -1203.2                                # tkr: 1,2 mnkr more in costs
    write_inputs(tiny, prognos={"Prognos": rows})
    second = run(tiny, out, monkeypatch, cache)
    lines = second.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("Ändrat sedan förra körningen ("))
    assert re.fullmatch(r"Ändrat sedan förra körningen \(\d{4}-\d\d-\d\d \d\d:\d\d\):", lines[heading])
    listed = lines[heading + 1:heading + 1 + SHOWN_IN_TERMINAL]
    assert "  KS Resultaträkning, Personalkostnader, Prognos helår 2023: 0,0 → -1,2 mnkr" in listed
    assert "  KS Driftsredovisning, Förvaltning, Prognos helår 2023: 0,0 → -1,2 mnkr" in listed
    assert "  KS nyckeltal, Prognos helår: 0,0 → 1,2 mnkr" in listed          # net cost, as the texts say it
    assert "  KS ekonomiska analysens inledning: ändrad" in listed
    assert not any("Investeringsredovisning" in line for line in listed)     # untouched figures: not listed
    sheet = sheet_rows(folder_of(out))
    assert ("Tabell", "KS Resultaträkning, Personalkostnader", "Prognos helår 2023", "0,0", "-1,2", "mnkr") in sheet
    sentence = next(row for row in sheet if row[1] == "KS ekonomiska analysens inledning")
    assert sentence[0] == "Text" and sentence[3] != sentence[4] and "1,2 mnkr" in sentence[4]


def test_a_rerun_with_the_same_inputs_says_nothing_changed(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, monkeypatch, cache)
    record = (folder_of(out) / RECORD_FILE).read_bytes()
    second = run(tiny, out, monkeypatch, cache)
    assert "Kommunstyrelsen: oförändrad i" in second                # the folder kept (render/unchanged.py)
    assert len(NO_CHANGES.findall(second)) == 2, second          # the nämnd's and the kommun's overview
    assert "Ändrat sedan" not in second
    assert (folder_of(out) / RECORD_FILE).read_bytes() == record
    # Without the cache the folder is made again, and the comparison still finds nothing.
    monkeypatch.setenv("PIPELINE_CACHE", str(cache))
    third = CliRunner().invoke(main, ["report", "--input", str(tiny), "--output", str(out), "--utan-cache"],
                               catch_exceptions=False).output
    assert "Kommunstyrelsen: skriven till" in third and len(NO_CHANGES.findall(third)) == 2, third
    assert sheet_rows(folder_of(out))[0][0].startswith("Inga ändringar sedan förra körningen")


def test_a_changed_word_text_is_named_by_its_file(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, monkeypatch, cache)
    path = sorted((tiny / "texter").rglob("*.docx"))[0]
    name = path.relative_to(tiny).as_posix()
    docx.Document(str(path)).save(str(path))            # saved again, the same words: not a change
    assert len(NO_CHANGES.findall(run(tiny, out, monkeypatch, cache))) == 2     # with the overview's
    document = docx.Document(str(path))
    document.add_paragraph("Ett nytt stycke.")
    document.save(str(path))
    edited = run(tiny, out, monkeypatch, cache)
    assert f"  Word-texten {name}: ändrad" in edited.splitlines()
    assert ("Word-text", f"Word-texten {name}", None, None, "ändrad", None) in sheet_rows(folder_of(out))


def test_more_changes_than_a_screenful_end_with_how_many_more_there_are():
    listed = tuple(changes.Change("Tabell", f"KS Driftsredovisning, Rad {i}", "Budget 2023", "1,0", "2,0", "mnkr")
                   for i in range(SHOWN_IN_TERMINAL + 4))
    text = terminal_text(changes.Comparison(datetime(2023, 9, 12, 14, 2), listed),
                                 Path("output/2023-08/kommunstyrelsen/avstamning.xlsx"))
    lines = text.splitlines()
    assert lines[0] == "Ändrat sedan förra körningen (2023-09-12 14:02):"
    assert lines[1] == "  KS Driftsredovisning, Rad 0, Budget 2023: 1,0 → 2,0 mnkr"
    assert len(lines) == 1 + SHOWN_IN_TERMINAL + 1
    assert lines[-1] == ("  och 4 till, se bladet Ändringar i "
                         "output/2023-08/kommunstyrelsen/avstamning.xlsx.")
    assert terminal_text(changes.Comparison(None), Path("x")) == ""       # first run: nothing said


def test_rows_tables_and_statuses_that_come_and_go_are_listed():
    table = {"key": "dr", "unit": "KS", "section": "", "title": "Driftsredovisning", "measure": "mnkr",
             "header": ["Verksamhet (mnkr)", "Budget 2023"], "rows": [["A", "1,0"], ["B", "2,0"]]}
    old = {"document": {}, "tables": [table], "key_figures": {}, "texts": {"budget": "Gammal."},
           "statuses": [{"section": "Mål", "item": "Mål 1", "status": "På rätt väg"}], "word_texts": {"a.docx": "1"},
           "unit": "KS"}
    new = {**old, "tables": [{**table, "rows": [["A", "1,5"], ["C", "3,0"]]}], "texts": {},
           "statuses": [{"section": "Mål", "item": "Mål 1", "status": "På fel väg"}], "word_texts": {}}
    assert [c.text() for c in changes.changed(old, new)] == [
        "KS Driftsredovisning, A, Budget 2023: 1,0 → 1,5 mnkr",
        "KS Driftsredovisning, C: ny rad",
        "KS Driftsredovisning, B: raden finns inte längre",
        "KS budgetstycket i sammanfattningen: borttagen",
        'KS mål "Mål 1": På rätt väg → På fel väg',
        "Word-texten a.docx: tas inte längre med",
    ]
    assert changes.changed(new, new) == []


def test_the_record_is_reproducible_text(tiny):
    built = build_reports(tiny)
    report = built.namnder[0].report
    record = output.printed_record(report)
    data = record_bytes(record)
    assert data == record_bytes(output.printed_record(build_reports(tiny).namnder[0].report))
    assert json.loads(data) == record
    assert str(tiny) not in data.decode("utf-8")                 # no path of this machine
    assert datetime.now().strftime("%Y-%m-%d") not in data.decode("utf-8")   # no clock
    assert record["tables"][0]["rows"] and record["word_texts"] and record["key_figures"]["Budget"]


def test_the_record_holds_no_personal_data(tiny):
    """No employee key or birth year of the HR exports, and nothing of a suppressed group: the
    record is the same whatever the hidden groups' head counts and hours are."""
    report = build_reports(tiny).namnder[0].report
    staff = report.personnel
    assert staff is not None and any(s.suppressed for s in staff.sick_leave)      # tiny hides groups
    record = output.printed_record(report)
    text = record_bytes(record).decode("utf-8")
    rows = personnel_rows(2022)[1:] + personnel_rows(2023)[1:]
    keys = {row[1] for row in rows} | {row[0] for row in EMPLOYMENTS[1:]}
    years = {str(row[4]) for row in rows}
    tokens = set(re.findall(r"[\w]+", text))
    assert keys and not keys & tokens
    assert years and not years & tokens
    staff_tables = [t for t in record["tables"] if t["section"]]
    assert staff_tables and any("–" in cell for t in staff_tables for row in t["rows"] for cell in row[1:])
    changed_hidden = dataclasses.replace(staff, sick_leave=[
        dataclasses.replace(s, employees=s.employees + 7, working_hours=s.working_hours + 1000.0,
                            sick_hours=s.sick_hours + 99.0, long_hours=s.long_hours + 50.0,
                            employees_sick=s.employees_sick + 3)
        if s.suppressed else dataclasses.replace(s, employees_sick=s.employees_sick + 3)
        for s in staff.sick_leave],
        turnover=[dataclasses.replace(t, leavers=t.leavers + 2, average_permanent=t.average_permanent + 5)
                  if t.suppressed else t for t in staff.turnover])
    assert output.printed_record(dataclasses.replace(report, personnel=changed_hidden)) == record
    assert set(record) == {"format", "unit", "period", "document", "tables", "key_figures", "amounts", "texts",
                           "statuses", "word_texts"}
    # The unrounded amounts are the DR's (finance figures, öre), row for row: nothing from HR.
    assert [row[0] for row in record["amounts"]["dr"]] == [row.label for row in report.printed["dr"].rows]


def test_a_record_that_does_not_read_is_said_and_replaced(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, monkeypatch, cache)
    (folder_of(out) / RECORD_FILE).write_text("{inte json", encoding="utf-8")
    again = run(tiny, out, monkeypatch, cache)
    assert "Kommunstyrelsen: skriven till" in again                   # an edited file: made again
    assert re.search(r"^Ändringar sedan förra körningen \(.*\) kan inte visas: utskrivet\.json från den "
                     r"körningen går inte att läsa\. Nästa körning jämför med den här\.$", again, re.MULTILINE)
    assert len(NO_CHANGES.findall(run(tiny, out, monkeypatch, cache))) == 2     # with the overview's


def test_the_kommuns_overview_keeps_a_record_and_lists_its_changes(tiny, tmp_path, monkeypatch):
    out, cache = tmp_path / "out", tmp_path / "cache"
    run(tiny, out, monkeypatch, cache)
    folder = out / "2023-02" / "kommunen"
    record = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    assert record["unit"] == "Kommunen" and record["format"] == RECORD_FORMAT
    assert [t["key"] for t in record["tables"]][:2] == ["drift", "investeringar"] and record["texts"]["drift"]
    rows = [list(row) for row in FORECAST]
    rows[1][4] = -1203.2                                # tkr: 1,2 mnkr more in KS's costs
    write_inputs(tiny, prognos={"Prognos": rows})
    second = run(tiny, out, monkeypatch, cache)
    overview = second[second.index("Kommunöversikt februari 2023"):]
    assert re.search(r"^Ändrat sedan förra körningen \(.*\):$", overview, re.MULTILINE), overview
    lines = overview.splitlines()
    assert "  Kommunen Driftsredovisning per nämnd, Kommunstyrelsen, Prognos helår 2023: 0,0 → -1,2 mnkr" in lines
    assert "  Kommunen meningen om nämndernas drift: ändrad" in lines
    sheet = list(openpyxl.load_workbook(folder / "kommunoversikt.xlsx")["Ändringar"].iter_rows(values_only=True))
    assert sheet[0][0].startswith("Ändrat sedan förra körningen")
    third = run(tiny, out, monkeypatch, cache)
    assert "Kommunöversikt: oförändrad i" in third and len(NO_CHANGES.findall(third)) == 2, third
