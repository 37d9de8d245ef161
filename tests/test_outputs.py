"""Outputs: reproducible bytes, the workbook's traceability (atomic replacement: test_publish.py)."""

import hashlib
import os

import openpyxl
from click.testing import CliRunner

from pipeline.cli import main


def run_report(folder, out):
    result = CliRunner().invoke(main, ["report", "--input", str(folder), "--output", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_inputs_give_identical_bytes(tiny, tmp_path):
    run_report(tiny, tmp_path / "a")
    run_report(tiny, tmp_path / "b")
    assert digests(tmp_path / "a" / "2023-02" / "kommunstyrelsen") == digests(tmp_path / "b" / "2023-02" / "kommunstyrelsen")


def test_summary_names_files_read_checks_and_files_written(tiny, tmp_path):
    result = run_report(tiny, tmp_path / "out")
    assert "huvudbok_2023.xlsx: 8 rader, 2023-01 – 2023-02" in result.output
    assert "Avstämning: 31 av 31 kontroller stämmer." in result.output
    assert str(tmp_path / "out" / "2023-02" / "kommunstyrelsen" / "avstamning.xlsx") in result.output


def test_workbook_traces_every_printed_figure_to_ledger_rows(tiny, tmp_path):
    run_report(tiny, tmp_path / "out")
    book = openpyxl.load_workbook(tmp_path / "out" / "2023-02" / "kommunstyrelsen" / "avstamning.xlsx")
    assert {"Sammanfattning", "Kontroller", "RR KS", "DR KS", "Investeringar KS", "RR KF", "DR KF",
            "Per konto", "Per ansvar", "Per projekt", "Prognos", "Budgetens delar", "Spårning drift",
            "Spårning investeringar"} <= set(book.sheetnames)
    checks = list(book["Kontroller"].iter_rows(values_only=True))
    assert checks[0][:3] == ("Kontroll", "Beskrivning", "Förväntat")
    assert all(row[8] == "Stämmer" for row in checks[1:])

    rr = {row[0]: row for row in book["RR KS"].iter_rows(values_only=True)}
    header = rr["Intäkter / Kostnader"]
    utfall = header.index("Utfall jan-feb 2023 (kr)")
    assert rr["Köp av verksamhet"][utfall] == -420.50                # unrounded kronor
    assert rr["Köp av verksamhet"][utfall + 1] == 0.0                 # printed mnkr beside it, a number

    trace = list(book["Spårning drift"].iter_rows(values_only=True))
    head = trace[0]
    rows = [dict(zip(head, r)) for r in trace[1:]]
    kop = [r for r in rows if r["RR-rad"] == "Köp av verksamhet" and r["Rapportkolumn"] == "Utfall jan-feb 2023"]
    assert sum(r["Belopp (kr)"] for r in kop) == -420.50
    assert {(r["Fil"], r["Första Excel-rad"]) for r in kop} == {("huvudbok_2023.xlsx", 4),
                                                                 ("huvudbok_2023.xlsx", 5)}


def test_the_program_as_run_from_the_shell_writes_and_exits_with_its_code(tiny, tmp_path):
    """python -m pipeline leaves with os._exit: the files must be complete and the code right."""
    import subprocess
    import sys

    environment = {**os.environ, "PIPELINE_CACHE": str(tmp_path / "cache")}

    def program(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True,
                              env=environment, cwd=tmp_path)

    # Cold, then from the cache with the chart helper unused (into another folder: the first
    # folder would be kept as it is, pipeline/render/unchanged.py).
    for out in (tmp_path / "out", tmp_path / "out-2"):
        done = program("report", "--input", str(tiny), "--output", str(out))
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1].startswith("Klart på ")
        written = sorted(p.name for p in (out / "2023-02" / "kommunstyrelsen").iterdir())
        assert written == ["avstamning.xlsx", "manadsuppfoljning.docx", "tjansteskrivelse.docx", "utskrivet.json"]
        openpyxl.load_workbook(out / "2023-02" / "kommunstyrelsen" / "avstamning.xlsx")     # complete
    assert sorted(p.name.split("--")[0] for p in (tmp_path / "cache").iterdir()) == [
        "budget", "diagram", "diagram", "huvudbok", "huvudbok", "investeringar", "personalavsnitt", "prognos",
        *["publicerat"] * 4]                 # each folder's record: the nämnd's and the overview's, twice
    assert program("report", "--input", str(tmp_path / "saknas")).returncode == 1
    assert program("okänt-kommando").returncode == 2
