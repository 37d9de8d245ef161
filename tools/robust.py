"""The corpus of spoiled inputs and faults: `make robust`.

Each case copies the shipped sample (input_xlsx/) into a folder of its own, spoils it in one way
(a cell, a row, a setting, a file, a template, the cache, the output folder, a signal), runs the
real program (`python -m pipeline report` or `check`) in a fresh process and checks what the
ekonom would see: the exit code, that the answer names the place (file, sheet, row, column), that
nothing leaks (no traceback, no Python warning, no value of an HR cell), and, where the case says
so, what is on disk afterwards (the documents equal the sample's, the previous output untouched,
no leftovers).

    python tools/robust.py                 # every case, two at a time
    python tools/robust.py belopp-engelska  # the cases whose name contains one of the words

Writes robust/results.md (untracked) with one line per case: what it did and what it got.
Exit code 0 when every case got what it expects.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input_xlsx"
RESULTS = ROOT / "robust"
PERIOD = "2023-08/kommunstyrelsen"    # the sample's one nämnd: output/<period>/<nämnd>/
DOCUMENTS = ("delarsrapport.docx", "tjansteskrivelse.docx", "avstamning.xlsx")
REPORTS = DOCUMENTS[:2]        # the workbook also lists the run's warnings
FOLDER_FILES = (*DOCUMENTS, "utskrivet.json")     # and the record of what they print (render/record.py)
# What must never reach the ekonom, whatever the case.
NEVER = ("Traceback", "Error:", "Exception", "Warning:", "warnings.warn", "numpy", "pandas")

Spoil = Callable[[Path], None]


@dataclass
class Outcome:
    code: int | None
    out: str
    output: Path          # the --output folder
    work: Path            # the case's own folder (input/, output/, cache/)
    seconds: float


@dataclass
class Case:
    name: str
    what: str                                   # what the case does, for results.md
    spoil: Spoil | None = None
    exit: int = 1
    says: tuple[str, ...] = ()                  # must all appear in stdout + stderr
    never: tuple[str, ...] = ()                 # must not appear (besides NEVER)
    command: str = "report"
    args: tuple[str, ...] = ()
    same_documents: bool | tuple[str, ...] = False   # these (True: all) equal the sample's, byte for byte
    prepare: Callable[[Path], None] | None = None   # before the run, with the case's folder
    verify: Callable[[Outcome], list[str]] | None = None
    runner: Callable[[Case, Path], Outcome] | None = None   # a run of its own (signals, faults)
    needs_root_mount: bool = False
    env: dict[str, str] = field(default_factory=dict)
    # The nämnder a run reports on (--namnd): the sample's KS, whose folder the checks look at,
    # keeps each case to one report; () for every nämnd.
    namnder: tuple[str, ...] = ("KS",)


# ------------------------------------------------------------------------------------------------
# Spoiling the sample

def _workbook(path: Path):
    import openpyxl
    return openpyxl.load_workbook(path)


def _column(sheet, heading: str) -> int:
    for cell in sheet[1]:
        if cell.value == heading:
            return cell.column
    raise KeyError(heading)


def cell(file: str, heading: str, row: int, value, sheet: str | None = None) -> Spoil:
    """Set one cell (Excel row `row`, column headed `heading` in row 1)."""
    def spoil(folder: Path) -> None:
        book = _workbook(folder / file)
        ws = book[sheet] if sheet else book.worksheets[0]
        ws.cell(row=row, column=_column(ws, heading)).value = value
        book.save(folder / file)
    return spoil


def error_cell(file: str, heading: str, row: int, error: str) -> Spoil:
    """A cell holding a cached Excel error value (`t="e"`), as Excel saves #DIV/0!."""
    def spoil(folder: Path) -> None:
        book = _workbook(folder / file)
        ws = book.worksheets[0]
        target = ws.cell(row=row, column=_column(ws, heading))
        target.value = error
        target.data_type = "e"
        book.save(folder / file)
    return spoil


def copy_row(file: str, row: int, sheet: str | None = None, change: dict | None = None) -> Spoil:
    """Append a copy of Excel row `row` at the end (with `change`: heading -> value)."""
    def spoil(folder: Path) -> None:
        book = _workbook(folder / file)
        ws = book[sheet] if sheet else book.worksheets[0]
        values = [c.value for c in ws[row]]
        ws.append(values)
        for heading, value in (change or {}).items():
            ws.cell(row=ws.max_row, column=_column(ws, heading)).value = value
        book.save(folder / file)
    return spoil


def hidden_first_sheet(file: str) -> Spoil:
    def spoil(folder: Path) -> None:
        book = _workbook(folder / file)
        junk = book.create_sheet("Gammal", 0)
        for row in book.worksheets[1].iter_rows(values_only=True):
            junk.append(row)
        junk["A2"] = "skräp"
        junk.sheet_state = "hidden"
        book.active = 1
        book.save(folder / file)
    return spoil


def settings(old: str, new: str) -> Spoil:
    """Replace text in rapport.toml (the old text must be there)."""
    def spoil(folder: Path) -> None:
        path = folder / "installningar" / "rapport.toml"
        text = path.read_text(encoding="utf-8")
        if old not in text:
            raise ValueError(f"{old!r} not in rapport.toml")
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return spoil


def write_file(name: str, data: bytes) -> Spoil:
    def spoil(folder: Path) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return spoil


def rename(old: str, new: str) -> Spoil:
    def spoil(folder: Path) -> None:
        (folder / old).rename(folder / new)
    return spoil


def copy_file(old: str, new: str) -> Spoil:
    def spoil(folder: Path) -> None:
        shutil.copyfile(folder / old, folder / new)
    return spoil


def both(*spoils: Spoil) -> Spoil:
    def spoil(folder: Path) -> None:
        for s in spoils:
            s(folder)
    return spoil


def _rezip(path: Path, change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None = None,
           compression: int = zipfile.ZIP_DEFLATED) -> None:
    """Rewrite the zip at `path`, each member through `change` (None drops it), plus `extra`."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression) as target:
        for name, data in members:
            data = change(name, data)
            if data is not None:
                target.writestr(name, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)


def sheet_xml(file: str, change: Callable[[bytes], bytes]) -> Spoil:
    def spoil(folder: Path) -> None:
        _rezip(folder / file, lambda name, data: change(data) if name == "xl/worksheets/sheet1.xml" else data)
    return spoil


def far_cell(data: bytes) -> bytes:
    """One more cell at XFD1048576, the last cell Excel has."""
    return data.replace(b"</sheetData>",
                        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')


def huge_dimension(data: bytes) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data, count=1)


def deflate_bomb(file: str, gib: float = 3.0) -> Spoil:
    """The first sheet's XML padded with whitespace so that it inflates to `gib` GiB (compressed
    some 3 MB): written by streaming, never held in memory."""
    def spoil(folder: Path) -> None:
        path = folder / file
        with zipfile.ZipFile(path) as source:
            members = [(info.filename, source.read(info)) for info in source.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in members:
                if name != "xl/worksheets/sheet1.xml":
                    target.writestr(name, data)
                    continue
                head, tail = data.split(b"</sheetData>", 1)
                with target.open(zipfile.ZipInfo(name), "w", force_zip64=True) as stream:
                    stream.write(head)
                    block = b" " * (1 << 24)
                    for _ in range(int(gib * 64)):
                        stream.write(block)
                    stream.write(b"</sheetData>" + tail)
    return spoil


def many_sheets(file: str, count: int = 5000) -> Spoil:
    def spoil(folder: Path) -> None:
        book = _workbook(folder / file)
        for i in range(count):
            book.create_sheet(f"S{i}")
        book.save(folder / file)
    return spoil


def truncated(file: str) -> Spoil:
    def spoil(folder: Path) -> None:
        data = (folder / file).read_bytes()
        (folder / file).write_bytes(data[: len(data) // 2])
    return spoil


def ole_file(encrypted: bool) -> bytes:
    """An OLE compound file: a password-protected xlsx (EncryptionInfo), or an old .xls."""
    if encrypted:
        import io

        import msoffcrypto.format.ooxml as ooxml
        plain = (SAMPLE / "budget_2023.xlsx").read_bytes()
        out = io.BytesIO()
        ooxml.OOXMLFile(io.BytesIO(plain)).encrypt("hemligt", out)
        return out.getvalue()
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 1024


def template_with(paragraph: str) -> Spoil:
    """The default report template with one more paragraph, used through rapport.toml."""
    def spoil(folder: Path) -> None:
        import docx
        template = docx.Document(str(ROOT / "pipeline" / "templates" / "delarsrapport.docx"))
        template.add_paragraph(paragraph.replace("{work}", str(folder.parent)))
        (folder / "installningar" / "mallar").mkdir(exist_ok=True)
        template.save(str(folder / "installningar" / "mallar" / "egen.docx"))
        settings('mall_rapport = ""', 'mall_rapport = "mallar/egen.docx"')(folder)
    return spoil


def word_text(name: str, text: str) -> Spoil:
    """A Word text of kommunstyrelsen's report (the sample has a texter/<KOD>/ folder per nämnd)."""
    def spoil(folder: Path) -> None:
        import docx
        document = docx.Document()
        document.add_paragraph(text)
        document.save(str(folder / "texter" / "KS" / name))
    return spoil


def org_cell(sheet: str, heading: str, row: int, value) -> Spoil:
    return cell("installningar/organisation.xlsx", heading, row, value, sheet=sheet)


# ------------------------------------------------------------------------------------------------
# Running

def _command(case: Case, work: Path, output: Path) -> list[str]:
    args = [sys.executable, "-m", "pipeline", case.command, "--input", str(work / "input")]
    if case.command == "report":
        args += ["--output", str(output)]
    if case.command in ("report", "check"):
        args += [arg for code in case.namnder for arg in ("--namnd", code)]
    return args + list(case.args)


def _env(case: Case, work: Path) -> dict[str, str]:
    return {**os.environ, "PIPELINE_CACHE": str(work / "cache"), "PYTHONWARNINGS": "default",
            **{k: v.replace("{work}", str(work)) for k, v in case.env.items()}}


def plain_run(case: Case, work: Path) -> Outcome:
    output = work / "output"
    started = time.perf_counter()
    done = subprocess.run(_command(case, work, output), cwd=ROOT, env=_env(case, work),
                          capture_output=True, text=True, timeout=600)
    return Outcome(done.returncode, done.stdout + done.stderr, output, work, time.perf_counter() - started)


def interrupted_run(case: Case, work: Path, after: float = 1.2) -> Outcome:
    """Ctrl-C as a terminal sends it: SIGINT to the whole process group, mid-run."""
    output = work / "output"
    started = time.perf_counter()
    process = subprocess.Popen(_command(case, work, output), cwd=ROOT, env=_env(case, work),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    time.sleep(after)
    try:
        os.killpg(process.pid, signal.SIGINT)
    except ProcessLookupError:
        pass
    out, _ = process.communicate(timeout=120)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout.split()
    if left:
        out += f"\n[robust] processes left in the group: {left}"
    return Outcome(process.returncode, out, output, work, time.perf_counter() - started)


def run_case(case: Case, baseline: Path | None) -> tuple[Case, bool, str, float]:
    work = Path(tempfile.mkdtemp(prefix=f"robust-{case.name}-"))
    try:
        shutil.copytree(SAMPLE, work / "input")
        if case.prepare is not None:
            case.prepare(work)
        if case.spoil is not None:
            case.spoil(work / "input")
        outcome = (case.runner or plain_run)(case, work)
        failures = []
        if outcome.code != case.exit:
            failures.append(f"exit {outcome.code}, expected {case.exit}")
        for text in case.says:
            if text not in outcome.out:
                failures.append(f"does not say {text!r}")
        for text in (*NEVER, *case.never):
            if text in outcome.out:
                failures.append(f"says {text!r}")
        if case.same_documents and baseline is not None:
            for name in (DOCUMENTS if case.same_documents is True else case.same_documents):
                made = outcome.output / PERIOD / name
                if not made.exists() or made.read_bytes() != (baseline / name).read_bytes():
                    failures.append(f"{name} differs from the sample's")
        if case.verify is not None:
            failures += case.verify(outcome)
        answer = _first_problem(outcome.out)
        text = ("; ".join(failures) + f" — got: {answer}") if failures else f"exit {outcome.code}: {answer}"
        return case, not failures, text, outcome.seconds
    except Exception as error:   # noqa: BLE001 - a broken case is reported, the others go on
        return case, False, f"the case itself failed: {error!r}", 0.0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _first_problem(out: str) -> str:
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("•"):
            return line.lstrip("• ")[:220]
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    return (lines[-1] if lines else "(nothing printed)")[:220]


def baseline_documents() -> Path:
    work = Path(tempfile.mkdtemp(prefix="robust-baseline-"))
    subprocess.run([sys.executable, "-m", "pipeline", "report", "--input", str(SAMPLE), "--output",
                    str(work / "output"), "--utan-cache", "--namnd", "KS"], cwd=ROOT, check=True,
                   capture_output=True)
    return work / "output" / PERIOD


# ------------------------------------------------------------------------------------------------
# Verifications

def no_leftovers(outcome: Outcome) -> list[str]:
    """Nothing hidden or temporary anywhere under the output folder."""
    if not outcome.output.exists():
        return []
    stray = [p for p in outcome.output.rglob("*") if p.name.startswith(".") or p.name.endswith(".tmp")]
    return [f"leftover {p.relative_to(outcome.output)}" for p in stray]


def not_written(outcome: Outcome) -> list[str]:
    folder = outcome.output / PERIOD
    return [f"{folder} was written"] if folder.exists() else []


def previous_intact(outcome: Outcome) -> list[str]:
    old = outcome.work / "previous"
    failures = []
    for path in old.rglob("*"):
        if path.is_file():
            now = outcome.output / path.relative_to(old)
            if not now.exists() or now.read_bytes() != path.read_bytes():
                failures.append(f"previous {path.name} was changed")
    return failures + no_leftovers(outcome)


def with_previous_output(work: Path) -> None:
    """An earlier run's files in output/2023-08/, and a copy to compare with afterwards."""
    folder = work / "output" / PERIOD
    folder.mkdir(parents=True)
    for name in DOCUMENTS:
        (folder / name).write_bytes(f"förra körningens {name}".encode())
    shutil.copytree(work / "output", work / "previous")


def literal_in_report(text: str) -> Callable[[Outcome], list[str]]:
    def verify(outcome: Outcome) -> list[str]:
        import docx
        # The nämnd's folder is named after the nämnd, whose name a case may change.
        found = sorted((outcome.output / PERIOD).parent.glob("*/delarsrapport.docx"))
        if len(found) != 1:
            return ["no report written" if not found else f"{len(found)} reports written"]
        document = docx.Document(str(found[0]))
        body = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for row in t.rows for c in row.cells])
        return [] if text in body else [f"{text!r} is not printed literally"]
    return verify


def file_absent(name: str) -> Callable[[Outcome], list[str]]:
    """`name` (in the case's folder) was not made: the template's command did not run."""
    def verify(outcome: Outcome) -> list[str]:
        return [f"{name} exists: the template ran a command"] if (outcome.work / name).exists() else []
    return verify


def cache_then(corrupt: Callable[[Path], None]) -> Callable[[Case, Path], Outcome]:
    """Run once to fill the cache, spoil its entries, run again: the second run is judged."""
    def runner(case: Case, work: Path) -> Outcome:
        first = plain_run(case, work)
        if first.code != 0:
            return first
        corrupt(work / "cache")
        shutil.rmtree(work / "output")
        return plain_run(case, work)
    return runner


def flip_byte(pattern: str) -> Callable[[Path], None]:
    def corrupt(cache: Path) -> None:
        for entry in cache.glob(pattern):
            data = bytearray(entry.read_bytes())
            data[len(data) // 2] ^= 0x40
            entry.write_bytes(bytes(data))
    return corrupt


def cut_in_half(pattern: str) -> Callable[[Path], None]:
    def corrupt(cache: Path) -> None:
        for entry in cache.glob(pattern):
            entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    return corrupt


def garbage(pattern: str) -> Callable[[Path], None]:
    def corrupt(cache: Path) -> None:
        for entry in cache.glob(pattern):
            entry.write_bytes(b"inte en cachefil" * 10)
    return corrupt


def swap_entries(first: str, second: str) -> Callable[[Path], None]:
    """Two valid entries under each other's names: valid files, wrong content."""
    def corrupt(cache: Path) -> None:
        a, b = next(cache.glob(first)), next(cache.glob(second))
        data_a, data_b = a.read_bytes(), b.read_bytes()
        a.write_bytes(data_b)
        b.write_bytes(data_a)
    return corrupt


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def on_tmpfs(options: str, previous: bool = True) -> Callable[[Case, Path], Outcome]:
    """The output folder on a tmpfs of its own (full disk, read-only), unmounted afterwards."""
    def runner(case: Case, work: Path) -> Outcome:
        output = work / "output"
        if not _mount_tmpfs(output, "size=64m"):
            return Outcome(None, "[robust] mount failed (needs root)", output, work, 0.0)
        try:
            if previous:
                with_previous_output(work)
            subprocess.run(["mount", "-o", f"remount,{options}", str(output)], check=True)
            outcome = plain_run(case, work)
            if previous:
                outcome.out += "".join(f"\n[robust] {failure}" for failure in previous_intact(outcome))
            return outcome
        finally:
            subprocess.run(["umount", "-l", str(output)], capture_output=True)
            if previous:
                shutil.rmtree(work / "previous", ignore_errors=True)
    return runner


def killed_at(fault: str) -> Callable[[Case, Path], Outcome]:
    """kill -9 of the program at one fsync or rename (the publisher's fault hook), then a normal
    run: the folder held the old or the complete new files, and no leftover survives."""
    def runner(case: Case, work: Path) -> Outcome:
        with_previous_output(work)
        killed = subprocess.run(_command(case, work, work / "output"), cwd=ROOT,
                                env={**_env(case, work), "PIPELINE_FAULT": fault},
                                capture_output=True, text=True, timeout=600)
        notes = [f"[robust] killed run exit {killed.returncode}"]
        folder = work / "output" / PERIOD
        files = {p.name: p.read_bytes() for p in folder.glob("*")} if folder.exists() else {}
        old = {p.name: p.read_bytes() for p in (work / "previous" / PERIOD).glob("*")}
        if files != old and set(files) < set(FOLDER_FILES):
            notes.append(f"[robust] mixed folder after the kill: {sorted(files)}")
        if files != old and any(files.get(n) == old.get(n) for n in DOCUMENTS):
            notes.append("[robust] mixed folder after the kill: old and new files together")
        again = plain_run(case, work)
        again.out = "\n".join(notes) + "\n" + killed.stdout + killed.stderr + again.out
        return again
    return runner


def mixed_folder(outcome: Outcome) -> list[str]:
    return ["mixed folder after the kill"] if "[robust] mixed folder" in outcome.out else []


# ------------------------------------------------------------------------------------------------
# The cases

LEDGER = "huvudbok_2023.xlsx"
LEDGER_AT = 'huvudbok_2023.xlsx, blad Huvudbok, rad 5, kolumn K "Belopp"'
BUDGET = "budget_2023.xlsx"
FORECAST = "prognos_2023.xlsx"
INVESTMENTS = "investeringar_2023.xlsx"
PNR = "19781231-1234"


def every_namnd_written(outcome: Outcome) -> list[str]:
    """The sample kommun: a report in each of its six nämnder's folders."""
    written = sorted(p.parent.name for p in (outcome.output / PERIOD).parent.glob("*/delarsrapport.docx"))
    return [] if len(written) == 6 else [f"reports written for {written}"]


def all_but_one_namnd_written(outcome: Outcome) -> list[str]:
    """Socialnämnden's report not written (its text is broken), the other five are."""
    written = sorted(p.parent.name for p in (outcome.output / PERIOD).parent.glob("*/delarsrapport.docx"))
    return [] if len(written) == 5 and "socialnamnden" not in written else [f"reports written for {written}"]


def broken_text_of(code: str, name: str) -> Spoil:
    """One nämnd's Word text that is not a Word document."""
    def spoil(folder: Path) -> None:
        (folder / "texter" / code / name).write_bytes(b"inte ett Word-dokument")
    return spoil


def cases() -> list[Case]:
    c: list[Case] = []
    add = c.append

    # --- the whole kommun -------------------------------------------------------------------
    add(Case("hela-kommunen", "every nämnd of the sample kommun in one run", exit=0, namnder=(),
             says=("Nämnder:",), verify=every_namnd_written))
    add(Case("en-namnd-fel", "one nämnd's Word text broken: the others are written, exit 1",
             broken_text_of("SN", "sammanfattning.docx"), namnder=(),
             says=("Socialnämnden: INTE skriven", "Kommunstyrelsen: skriven"), verify=all_but_one_namnd_written))

    # --- amounts written as text ------------------------------------------------------------
    for name, value in [("engelska", "201,298.77"), ("punkter", "1.234.567"), ("komma-tre", "1,234"),
                        ("blandat", "1 234.567,5"), ("bokstaver", "12,5 kr"), ("tva-komman", "1,2,3"),
                        ("exponent-text", "1e400"), ("femtio-siffror", "9" * 50), ("oandligt", "inf"),
                        ("nan", "NaN")]:
        add(Case(f"belopp-{name}", f"a ledger amount written as text {value!r}",
                 cell(LEDGER, "Belopp", 5, value), says=(LEDGER_AT,)))
    for name, value in [("1e17", 1e17), ("1e13", 1e13), ("minus-1e14", -1e14)]:
        add(Case(f"belopp-stort-{name}", f"a ledger amount of {value:g} kr (a number cell)",
                 cell(LEDGER, "Belopp", 5, value), says=(LEDGER_AT,), never=("RuntimeWarning",)))
    add(Case("belopp-formel-utan-varde", "a ledger amount that is a formula saved without its value",
             cell(LEDGER, "Belopp", 5, "=1/0"), says=(LEDGER_AT,)))
    for error in ("#DIV/0!", "#N/A", "#VALUE!"):
        add(Case(f"belopp-excelfel-{re.sub(r'[^A-Z0-9]', '', error)}", f"a ledger amount holding the Excel error {error}",
                 error_cell(LEDGER, "Belopp", 5, error), says=(LEDGER_AT,)))
    add(Case("belopp-tomt-huvudbok", "a blank amount on a coded ledger row",
             cell(LEDGER, "Belopp", 5, None), says=(LEDGER_AT,)))
    add(Case("belopp-tomt-budget", "a blank budget amount on a coded row",
             cell(BUDGET, "Budget", 7, None), says=(f'{BUDGET}, blad Budget, rad 7',)))
    add(Case("belopp-tomt-prognos", "a blank forecast on a coded row",
             cell(FORECAST, "Prognos helår", 4, None), says=(f'{FORECAST}, blad Prognos, rad 4',)))
    add(Case("belopp-tomt-investering", "a blank investment budget on a project row",
             cell(INVESTMENTS, "Budget", 3, None), says=(f'{INVESTMENTS}, blad Investeringar, rad 3',)))
    # the same amounts as text in accepted Swedish forms: the same report, byte for byte
    for name, value in [("mellanslag", "{int} {rest},{ore}"), ("hart-mellanslag", "{int}\u00a0{rest},{ore}"),
                        ("smalt-mellanslag", "{int}\u202f{rest},{ore}"), ("punkt-tusental", "{int}.{rest},{ore}")]:
        add(Case(f"belopp-svenskt-{name}", f"a ledger amount as Swedish text ({name})",
                 swedish_amount(value), exit=0, same_documents=True))
    add(Case("belopp-svenskt-minustecken", "a negative ledger amount as text with U+2212",
             swedish_amount("\u2212{int} {rest},{ore}", negative=True), exit=0, same_documents=True))

    # --- periods ----------------------------------------------------------------------------
    for value in ("2023-13", "2023-00", "202313", "2023-1x"):
        add(Case(f"period-{value}", f"a ledger period {value!r}", cell(LEDGER, "Period", 5, value),
                 says=('huvudbok_2023.xlsx, blad Huvudbok, rad 5, kolumn A "Period"',)))
    add(Case("period-option-13", "--period 2023-13 on the command line", args=("--period", "2023-13"),
             exit=1, says=("2023-13",)))
    add(Case("period-option-framtid", "--period after the ledger's last month", args=("--period", "2024-02"),
             says=("2024-02",)))

    # --- one row per key --------------------------------------------------------------------
    add(Case("dubblett-budget", "a budget row twice", copy_row(BUDGET, 7), says=(BUDGET, "rad 7")))
    add(Case("dubblett-prognos", "a forecast row twice", copy_row(FORECAST, 4), says=(FORECAST, "rad 4")))
    add(Case("dubblett-investering", "an investment project twice", copy_row(INVESTMENTS, 3),
             says=(INVESTMENTS, "rad 3")))
    add(Case("dubblett-anstallning", "the same employment twice", copy_row("anstallningar.xlsx", 2),
             says=("anstallningar.xlsx", "rad 2"), never=("A00002",)))
    add(Case("dubblett-personal", "one employee's month twice", copy_row("personal_2023.xlsx", 2),
             says=("personal_2023.xlsx", "rad 2"), never=("A00002",)))
    add(Case("dubblett-enkat-motstridig", "a survey index twice with another value",
             copy_row("medarbetarenkat.xlsx", 2, change={"Värde": 12}), says=("medarbetarenkat.xlsx", "rad 2")))
    add(Case("dubblett-huvudbok-tillats", "a ledger row twice (the ledger may repeat rows)",
             copy_row(LEDGER, 5), exit=0))

    # --- sheets and files -------------------------------------------------------------------
    add(Case("blad-dolt-forst", "a hidden sheet before the budget's sheet, no sheet named",
             hidden_first_sheet(BUDGET), exit=0, says=("Gammal",), same_documents=REPORTS))
    add(Case("blad-saknas", "the sheet named in rapport.toml is missing",
             settings('blad = "Index"', 'blad = "Indexx"'), says=("medarbetarenkat.xlsx", "Indexx")))
    add(Case("fil-okand-kopia", "a file no source matches, 'kopia av huvudbok_2022.xlsx'",
             copy_file("huvudbok_2022.xlsx", "kopia av huvudbok_2022.xlsx"), exit=0,
             says=("kopia av huvudbok_2022.xlsx",), same_documents=REPORTS))
    add(Case("fil-xls", "the budget saved as .xls", both(rename(BUDGET, "x.tmp"), write_file(
        "budget_2023.xls", ole_file(False))), says=("budget_2023.xls", ".xlsx")))
    add(Case("fil-ods", "the forecast saved as .ods", both(rename(FORECAST, "x.tmp"), write_file(
        "prognos_2023.ods", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet")),
        says=("prognos_2023.ods", ".xlsx")))
    add(Case("fil-xlsm", "the investments saved as .xlsm", both(rename(INVESTMENTS, "investeringar_2023.xlsm")),
             says=("investeringar_2023.xlsm", ".xlsx")))
    add(Case("fil-losenord", "a password-protected budget", write_file(BUDGET, ole_file(True)),
             says=(BUDGET, "lösenord")))
    add(Case("fil-xls-omdopt", "an old .xls renamed to .xlsx", write_file(BUDGET, ole_file(False)),
             says=(BUDGET, ".xlsx")))
    add(Case("fil-inte-excel", "a text file named .xlsx", write_file(FORECAST, b"Period;Belopp\n2023-08;12\n"),
             says=(FORECAST,)))
    add(Case("fil-tom", "an empty file named .xlsx", write_file(FORECAST, b""), says=(FORECAST,)))
    add(Case("fil-avklippt", "a ledger cut in half (an interrupted copy)", truncated(LEDGER), says=(LEDGER,)))
    add(Case("fil-saknas-budget", "no budget file", rename(BUDGET, "gammal.bak"), says=("budget",)))
    add(Case("kolumn-saknas", "the ledger without its amount column heading",
             cell(LEDGER, "Belopp", 1, "Summa kronor"), says=(LEDGER, "Belopp")))
    add(Case("texter-trasig-word", "a Word text that is not a Word file",
             write_file("texter/KS/sammanfattning.docx", b"inte en Word-fil"), says=("sammanfattning.docx",)))

    # --- resource bombs ---------------------------------------------------------------------
    # calamine sizes its grid by the cells, not by the declared dimension: such a file is harmless
    add(Case("bomb-dimension", "a budget sheet declaring A1:XFD1048576 (calamine ignores it: read as usual)",
             sheet_xml(BUDGET, huge_dimension), exit=0, same_documents=True))
    add(Case("bomb-cell-xfd", "one budget cell at XFD1048576", sheet_xml(BUDGET, far_cell), says=(BUDGET,)))
    add(Case("bomb-inflate", "a forecast inflating to 3 GiB from a few MB", deflate_bomb(FORECAST),
             says=(FORECAST,)))
    add(Case("bomb-blad", "a forecast workbook with 5,000 sheets", many_sheets(FORECAST), says=(FORECAST,)))

    # --- rapport.toml -----------------------------------------------------------------------
    add(Case("toml-rubrikrad-text", 'rubrikrad = "ett"', settings("rubrikrad = 0", 'rubrikrad = "ett"'),
             says=("rubrikrad",)))
    add(Case("toml-filer-tal", "filer = 3", settings('filer = ["budget_*.xlsx"]', "filer = 3"), says=("filer",)))
    add(Case("toml-kolumner-text", "a table given as a string",
             settings('[kallor.budget.kolumner]\nar = "År"', 'kolumner = "År"\n[kallor.budgetx]\nar = "År"'),
             says=("kolumner",)))
    add(Case("toml-pension-nej", 'pension_ingar = "nej"', settings("pension_ingar = true", 'pension_ingar = "nej"'),
             says=("pension_ingar",)))
    add(Case("toml-okand-nyckel", "an unknown key beside a known one",
             settings('kommun = "Enköpings kommun"', 'kommun = "Enköpings kommun"\nkommunn = "x"'),
             exit=0, says=("kommunn", "kommun"), same_documents=REPORTS))
    add(Case("toml-syntax", "a TOML syntax error", settings('kommun = "Enköpings kommun"', 'kommun = "Enköpings'),
             says=("rapport.toml",)))
    add(Case("toml-ansi", "rapport.toml saved as ANSI (cp1252)", recode_settings("cp1252"), says=("rapport.toml",)))
    add(Case("toml-minsta-grupp", "minsta_grupp = 5", settings("minsta_grupp = 10", "minsta_grupp = 5"),
             says=("minsta_grupp",)))
    add(Case("toml-enhet", 'enhet = "Mkr"', settings('enhet = "tkr"', 'enhet = "Mkr"'), says=("enhet",)))
    add(Case("toml-saknas", "no rapport.toml", rename("installningar/rapport.toml", "installningar/gammal.toml"),
             says=("rapport.toml",)))

    # --- templates and text from the data ----------------------------------------------------
    add(Case("mall-kod", "a template whose tag runs a shell command",
             template_with("{{ cycler.__init__.__globals__.os.popen('touch {work}/pwned').read() }}"),
             says=("egen.docx",), verify=file_absent("pwned")))
    add(Case("mall-kod-check", "check on a template whose tag runs a shell command", command="check",
             spoil=template_with("{{ cycler.__init__.__globals__.os.popen('touch {work}/pwned').read() }}"),
             says=("egen.docx",), verify=file_absent("pwned")))
    add(Case("mall-subklasser", "a template listing Python's classes",
             template_with("{{ ''.__class__.__mro__[1].__subclasses__() }}"), says=("egen.docx",)))
    add(Case("data-taggar-mal", "a goal analysis containing {{ 7*7 }}",
             cell("malbedomning.xlsx", "Analys", 2, "Analysen {{ 7*7 }} och {% if %} står kvar.", sheet="Mål"),
             exit=0, verify=literal_in_report("{{ 7*7 }}")))
    add(Case("data-taggar-word", "a Word text containing {{ 7*7 }}",
             word_text("sammanfattning.docx", "Sammanfattningen {{ 7*7 }} står kvar."), exit=0,
             verify=literal_in_report("{{ 7*7 }}")))
    add(Case("data-taggar-namn", "a nämnd name containing {{ 7*7 }}",
             org_cell("Rapportenheter", "Namn", 3, "Kommunstyrelsen {{ 7*7 }}"), exit=0,
             verify=literal_in_report("Kommunstyrelsen {{ 7*7 }}")))
    add(Case("data-styrtecken", "control characters in a goal analysis",
             cell("malbedomning.xlsx", "Analys", 2, "Text med_x000B_vertikal tab och_x0007_klocka.", sheet="Mål"),
             exit=0))

    # --- personal data ----------------------------------------------------------------------
    add(Case("hr-personnummer", "a personnummer typed into Födelseår",
             cell("personal_2023.xlsx", "Födelseår", 3, PNR),
             says=('personal_2023.xlsx, blad Personal, rad 3, kolumn E "Födelseår"',), never=(PNR, "1978")))
    add(Case("hr-kon-okand", "an unknown kön code", cell("personal_2023.xlsx", "Kön", 3, "X9"),
             says=("personal_2023.xlsx", "rad 3"), never=('"X9"',)))
    add(Case("hr-timmar-negativa", "negative hours", cell("personal_2023.xlsx", "Arbetstid", 3, -176),
             says=("personal_2023.xlsx", "rad 3"), never=("-176",)))
    add(Case("hr-datum", "an employment end date that is not a date",
             cell("anstallningar.xlsx", "Slutdatum", 2, "31 april"), says=("anstallningar.xlsx", "rad 2"),
             never=("31 april",)))

    # --- faults -----------------------------------------------------------------------------
    add(Case("fel-output-fil", "--output is a regular file", prepare=lambda w: (w / "fil").write_text("x"),
             args=(), runner=output_is_file, says=("fil",)))
    add(Case("fel-output-skrivskyddad", "the output folder is read-only", runner=on_tmpfs("ro"),
             needs_root_mount=True, says=("output",), never=("[robust]",)))
    add(Case("fel-disk-full", "the disk is full", runner=full_disk, needs_root_mount=True, says=("output",)))
    add(Case("ctrl-c", "Ctrl-C while the report is made (the chart helper runs)", runner=interrupted_run,
             exit=130, says=("Avbrutet",)))
    add(Case("ctrl-c-tidigt", "Ctrl-C while the exports are read", exit=130, says=("Avbrutet",),
             runner=lambda case, work: interrupted_run(case, work, after=0.4)))
    for fault in ("fsync:1", "fsync:3", "rename:1", "rename:2", "rename:3"):
        add(Case(f"kill-{fault.replace(':', '-')}", f"kill -9 at {fault} while the files are written, then a run",
                 runner=killed_at(fault), exit=0, verify=lambda o: mixed_folder(o) + no_leftovers(o)))
    add(Case("kontroll-stammer-inte", "a ledger row of the unit in no DR row: a check that does not match",
             prepare=with_previous_output, spoil=failing_check(),
             says=("ej-godkand",), verify=previous_intact))

    # --- the cache --------------------------------------------------------------------------
    for what, corrupt in [("bitflip-parquet", flip_byte("*.parquet")), ("halv-parquet", cut_in_half("*.parquet")),
                          ("skrap-parquet", garbage("*.parquet")),
                          ("bytta-parquet", swap_entries("budget--*.parquet", "prognos--*.parquet")),
                          ("bitflip-personal", flip_byte("personalavsnitt--*.json")),
                          ("halv-personal", cut_in_half("personalavsnitt--*.json")),
                          ("skrap-diagram", garbage("diagram--*.png")),
                          ("halv-diagram", cut_in_half("diagram--*.png"))]:
        add(Case(f"cache-{what}", f"a cache entry spoiled ({what}) between two runs", runner=cache_then(corrupt),
                 exit=0, same_documents=True))
    add(Case("cache-ar-fil", "PIPELINE_CACHE points at a regular file", env={"PIPELINE_CACHE": "{work}/input/budget_2023.xlsx"},
             exit=0, same_documents=True))
    return c


def swedish_amount(form: str, negative: bool = False) -> Spoil:
    """The ledger's amount on row 5 rewritten as text in `form` ({int}, {rest}, {ore}), same value;
    `negative`: a row with a negative amount is chosen."""
    def spoil(folder: Path) -> None:
        book = _workbook(folder / LEDGER)
        ws = book.worksheets[0]
        column = _column(ws, "Belopp")
        for row in range(5, ws.max_row + 1):
            value = ws.cell(row=row, column=column).value
            if isinstance(value, (int, float)) and (value < 0) == negative and abs(value) >= 1000:
                break
        ore = round(abs(value) * 100)
        kronor, rest_ore = divmod(ore, 100)
        text = form.format(int=kronor // 1000, rest=f"{kronor % 1000:03d}", ore=f"{rest_ore:02d}")
        ws.cell(row=row, column=column).value = text
        book.save(folder / LEDGER)
    return spoil


def recode_settings(encoding: str) -> Spoil:
    def spoil(folder: Path) -> None:
        path = folder / "installningar" / "rapport.toml"
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    return spoil


def failing_check() -> Spoil:
    """A ledger row of ansvar 13xxx (whose DR rows cover only some verksamheter) moved to a
    verksamhet none of them covers: the row is in the RR but in no DR row, a check that does not
    match."""
    def spoil(folder: Path) -> None:
        book = _workbook(folder / LEDGER)
        ws = book.worksheets[0]
        ansvar, verksamhet = _column(ws, "Ansvar"), _column(ws, "Verksamhet")
        row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, ansvar).value).startswith("13"))
        ws.cell(row, verksamhet).value = "5000"
        book.save(folder / LEDGER)
    return spoil


def output_is_file(case: Case, work: Path) -> Outcome:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "report", "--input", str(work / "input"),
                           "--output", str(work / "fil")], cwd=ROOT, env=_env(case, work),
                          capture_output=True, text=True, timeout=600)
    return Outcome(done.returncode, done.stdout + done.stderr, work / "output", work, time.perf_counter() - started)


def full_disk(case: Case, work: Path) -> Outcome:
    output = work / "output"
    if not _mount_tmpfs(output, "size=100k"):
        return Outcome(None, "[robust] mount failed (needs root)", output, work, 0.0)
    try:
        return plain_run(case, work)
    finally:
        subprocess.run(["umount", "-l", str(output)], capture_output=True)


# ------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", help="run only the cases whose name contains one of these")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args(argv)
    chosen = [case for case in cases() if not options.words or any(w in case.name for w in options.words)]
    if os.geteuid() != 0:
        skipped = [case for case in chosen if case.needs_root_mount]
        chosen = [case for case in chosen if not case.needs_root_mount]
        for case in skipped:
            print(f"skipped (needs root to mount a tmpfs): {case.name}")
    baseline = baseline_documents()
    started = time.perf_counter()
    lines, failed = [], 0
    with ThreadPoolExecutor(options.jobs) as pool:
        for case, ok, text, seconds in pool.map(lambda case: run_case(case, baseline), chosen):
            failed += not ok
            mark = "ok  " if ok else "FAIL"
            print(f"{mark} {case.name:32s} {seconds:5.1f} s  {text}", flush=True)
            lines.append(f"| {'ok' if ok else '**FAIL**'} | `{case.name}` | {case.what} | {text.replace('|', '/')} |")
    shutil.rmtree(baseline.parent.parent, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "results.md").write_text(
        f"# make robust: {len(chosen) - failed} of {len(chosen)} cases got what they expect\n\n"
        "| | case | what it does | what it got |\n|---|---|---|---|\n" + "\n".join(lines) + "\n",
        encoding="utf-8")
    print(f"\n{len(chosen) - failed} of {len(chosen)} cases got what they expect "
          f"({time.perf_counter() - started:.0f} s); see {RESULTS / 'results.md'}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
