"""Faults get a Swedish answer: a failed check shows its difference in a folder marked as not
approved; a read-only or full output, no permission or a file in the way is one line, exit 1,
the previous output intact; Ctrl-C is "Avbrutet." and exit 130, from every process."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import ROOT, ledger_2023, ledger_row, write_inputs, write_xlsx
from pipeline.cli import main
from test_publish import contents, leftovers

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc are Linux's")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- a failed check shows its difference -------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A tiny input folder, a cache filled by one run, and that run's files (the previous output)."""
    base = tmp_path_factory.mktemp("faults")
    inputs, cache = write_inputs(base / "in"), base / "cache"
    done = program("report", "--input", inputs, "--output", base / "out", cache=cache)
    assert done.returncode == 0, done.stderr
    return inputs, cache, contents(base / "out" / "2023-02" / "kommunstyrelsen")


@pytest.fixture(scope="module")
def spoiled(sample, tmp_path_factory):
    """The same inputs with one defect: a cost of 1 234,50 kr on an account the kontoplan lacks,
    so the RR misses it and its checks fail."""
    folder = tmp_path_factory.mktemp("spoiled") / "in"
    shutil.copytree(sample[0], folder)
    rows = ledger_2023() + [ledger_row("2023-02", "4710", "12100", "1200", 1234.5)]
    write_xlsx(folder / "huvudbok_2023.xlsx", {"Huvudbok": rows})
    return folder


@pytest.fixture
def sample_cache(sample, monkeypatch):
    """In-process runs (CliRunner) use the sample's cache: only a changed file is parsed."""
    monkeypatch.setenv("PIPELINE_CACHE", str(sample[1]))


def test_a_failed_check_writes_its_workbook_apart_and_keeps_the_approved_run(sample, spoiled, sample_cache,
                                                                             tmp_path):
    inputs, out = sample[0], tmp_path / "out"
    assert invoke("report", "--input", inputs, "--output", out).exit_code == 0
    approved = contents(out / "2023-02" / "kommunstyrelsen")

    failed = invoke("report", "--input", spoiled, "--output", out)
    assert failed.exit_code == 1
    assert contents(out / "2023-02" / "kommunstyrelsen") == approved                     # the last good run untouched
    not_approved = out / "2023-02" / "kommunstyrelsen-ej-godkand"
    assert sorted(contents(not_approved)) == ["LASMIG.txt", "avstamning.xlsx"]
    workbook = not_approved / "avstamning.xlsx"
    assert (f"{workbook}, blad Kontroller: KS:rr:utfall STÄMMER INTE: Kommunstyrelsen: huvudbokens rader = "
            "resultaträkningens summa") in failed.output
    assert (f"  Kommunstyrelsen: INTE skriven, rätta felen ovan och kör igen. Avstämningen som inte stämmer "
            f"finns i {workbook} (inte godkänd). Tidigare filer i {out / '2023-02' / 'kommunstyrelsen'} "
            "är orörda.") in failed.output
    rows = list(openpyxl.load_workbook(workbook)["Kontroller"].iter_rows(values_only=True))
    check = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}["KS:rr:utfall"]
    assert (check["Resultat"], check["Differens"]) == ("Stämmer inte", 1234.5)
    note = (not_approved / "LASMIG.txt").read_text(encoding="utf-8")
    assert note.startswith("Avstämningen för månadsuppföljning februari 2023 (Kommunstyrelsen) stämmer inte. "
                           "Rapporten är inte skriven.\n\nDen här mappen är INTE en godkänd körning.")
    assert "differens 1\u00a0234,50 kr" in note and "Konto 4710 finns inte i kontoplanen" in note

    fixed = invoke("report", "--input", inputs, "--output", out)
    assert fixed.exit_code == 0
    assert sorted(os.listdir(out / "2023-02")) == ["kommunen", "kommunstyrelsen"]     # the stale folder removed


def test_the_failed_check_is_located_in_the_workbook_that_shows_it(spoiled, sample_cache, tmp_path):
    from pipeline.orchestrator import build_report
    from pipeline.read.cache import ExportCache
    from pipeline.render.folders import located_in_not_approved

    cache = ExportCache()
    try:
        report, problems = build_report(spoiled, cache=cache)
    finally:
        cache.close()
    located = located_in_not_approved(problems, report, tmp_path / "out")
    [check] = [p for p in located if p.rule == "avstämning" and p.message.startswith("KS:rr:utfall ")]
    assert (check.location.file, check.location.sheet) == (
        str(tmp_path / "out" / "2023-02" / "kommunstyrelsen-ej-godkand" / "avstamning.xlsx"), "Kontroller")
    [account] = [p for p in located if p.rule == "konto-saknas"]          # other problems keep theirs
    assert (account.location.file, account.location.row, account.location.column) == ("huvudbok_2023.xlsx", 10, "B")


def test_check_says_the_approved_workbook_is_older(spoiled, sample_cache):
    result = invoke("check", "--input", spoiled)
    assert result.exit_code == 1
    assert result.output.rstrip().endswith(
        "Kontrollen hittade fel: rätta dem och kör igen. Kör report för att få avstämningen som visar "
        f"differenserna (i {Path('output') / '2023-02' / 'kommunstyrelsen-ej-godkand'}); den i {Path('output') / '2023-02' / 'kommunstyrelsen'} är från "
        "den senaste godkända körningen.")


# --- the output folder cannot be written ---------------------------------------------------------------

def program(*args, cache: Path, fault: str | None = None, ordinary_user: bool = False,
            timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PIPELINE_CACHE": str(cache)}
    environment.pop("PIPELINE_FAULT", None)
    if fault:
        environment["PIPELINE_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], capture_output=True, text=True,
                          env=environment, cwd=ROOT, timeout=timeout,
                          preexec_fn=_without_root_overrides if ordinary_user else None)


def _without_root_overrides() -> None:
    """Run as root, but as bound by file permissions as anyone (no CAP_DAC_OVERRIDE/READ_SEARCH)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):
            if libc.prctl(24, capability, 0, 0, 0) != 0:                 # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def previous_output(out: Path, files: dict[str, bytes]) -> Path:
    (out / "2023-02" / "kommunstyrelsen").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / "2023-02" / "kommunstyrelsen" / name).write_bytes(data)
    return out / "2023-02" / "kommunstyrelsen"


def assert_one_swedish_line(done: subprocess.CompletedProcess, line: str) -> None:
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.splitlines()[-1] == line


@contextmanager
def tmpfs(path: Path, options: str):
    """A small tmpfs at `path` (root only); yields False where it cannot be mounted."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                                           capture_output=True).returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@linux_only
def test_a_read_only_output_folder(sample, tmp_path):
    inputs, cache, files = sample
    folder = previous_output(tmp_path / "out", files)
    os.chmod(folder, 0o555)
    try:
        done = program("report", "--input", inputs, "--output", tmp_path / "out", cache=cache, ordinary_user=True)
    finally:
        os.chmod(folder, 0o755)
    assert_one_swedish_line(done, (
        f"Filerna i {folder} skrevs inte: programmet får inte skriva i {folder}. Ta bort skrivskyddet eller be "
        f"om skrivrätt till mappen, eller välj en annan mapp med --output. Förra körningens filer i {folder} "
        "är orörda."))
    assert contents(folder) == files and leftovers(tmp_path / "out") == []


@linux_only
def test_no_permission_to_write_in_the_output_folder(sample, tmp_path):
    inputs, cache, files = sample
    out = tmp_path / "out"
    folder = previous_output(out, {"manadsuppfoljning.docx": b"previous"})
    os.chmod(folder.parent, 0o555)
    try:
        done = program("report", "--input", inputs, "--output", out, cache=cache, ordinary_user=True)
    finally:
        os.chmod(folder.parent, 0o755)
    assert_one_swedish_line(done, (
        f"Filerna i {folder} skrevs inte: programmet får inte skriva i {folder.parent}. Ta bort skrivskyddet eller be "
        f"om skrivrätt till mappen, eller välj en annan mapp med --output. Förra körningens filer i {folder} "
        "är orörda."))
    assert contents(folder) == {"manadsuppfoljning.docx": b"previous"} and leftovers(out) == []


@linux_only
def test_a_full_disk(sample, tmp_path):
    inputs, cache, files = sample
    out = tmp_path / "out"
    with tmpfs(out, "size=1m") as mounted:
        folder = previous_output(out, files)
        if mounted:                        # leave 40 kB: the files (over 100 kB) do not fit
            free = os.statvfs(out).f_bavail * os.statvfs(out).f_frsize
            (out / "annat.bin").write_bytes(b"\0" * (free - 40_000))
        done = program("report", "--input", inputs, "--output", out, cache=cache,
                       fault=None if mounted else "fsync:1:ENOSPC")
        assert_one_swedish_line(done, (
            f"Filerna i {folder} skrevs inte: disken är full (filerna behöver 0,1 MB). Frigör utrymme på disken "
            f"och kör igen, eller välj en annan mapp med --output. Förra körningens filer i {folder} är orörda."))
        assert contents(folder) == files and leftovers(out) == []


@linux_only
def test_a_read_only_device(sample, tmp_path):
    inputs, cache, files = sample
    out = tmp_path / "out"
    with tmpfs(out, "size=1m") as mounted:
        folder = previous_output(out, files)
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        done = program("report", "--input", inputs, "--output", out, cache=cache,
                       fault=None if mounted else "mkdir:1:EROFS")
        assert_one_swedish_line(done, (
            f"Filerna i {folder} skrevs inte: {folder} ligger på en enhet som bara går att läsa. Välj en mapp på "
            f"en skrivbar enhet med --output. Förra körningens filer i {folder} är orörda."))
        assert contents(folder) == files and leftovers(out) == []


def test_the_output_option_naming_a_file(sample, sample_cache, tmp_path):
    inputs, _, _ = sample
    (tmp_path / "rapporter.txt").write_text("en fil", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", "--input", str(inputs), "--output", str(tmp_path / "rapporter.txt")])
    assert result.exit_code == 1
    assert result.output.rstrip().splitlines()[-1] == (
        f"Filerna i {tmp_path / 'rapporter.txt' / '2023-02' / 'kommunstyrelsen'} skrevs inte: {tmp_path / 'rapporter.txt'} är en fil, "
        "men där ska en mapp ligga. Flytta filen eller byt namn på den, eller välj en annan mapp med --output.")
    assert (tmp_path / "rapporter.txt").read_text(encoding="utf-8") == "en fil"


def test_a_file_where_the_period_folder_should_be(sample, sample_cache, tmp_path):
    inputs, _, _ = sample
    (tmp_path / "out" / "2023-02").mkdir(parents=True)
    (tmp_path / "out" / "2023-02" / "kommunstyrelsen").write_bytes(b"a file")
    result = CliRunner().invoke(main, ["report", "--input", str(inputs), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.rstrip().splitlines()[-1] == (
        f"Filerna i {tmp_path / 'out' / '2023-02' / 'kommunstyrelsen'} skrevs inte: {tmp_path / 'out' / '2023-02' / 'kommunstyrelsen'} är en fil, men där "
        "ska en mapp ligga. Flytta filen eller byt namn på den, eller välj en annan mapp med --output.")
    assert (tmp_path / "out" / "2023-02" / "kommunstyrelsen").read_bytes() == b"a file" and leftovers(tmp_path / "out") == []


# --- Ctrl-C, and the chart helper when its parent dies -------------------------------------------------

def _started(inputs: Path, out: Path, cache: Path) -> subprocess.Popen:
    """The real command in a session of its own, as a terminal would run it (Ctrl-C reaches its
    whole process group)."""
    environment = {**os.environ, "PIPELINE_CACHE": str(cache)}
    environment.pop("PIPELINE_FAULT", None)
    return subprocess.Popen([sys.executable, "-m", "pipeline", "report", "--input", str(inputs), "--output",
                             str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment, cwd=ROOT, start_new_session=True)


def _helper_of(parent: int) -> int | None:
    """The pid of `parent`'s chart helper (python -m pipeline.render.drawing), if it runs."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent and b"pipeline.render.drawing" in (entry / "cmdline").read_bytes():
                return int(entry.name)
        except (OSError, IndexError, ValueError):
            continue
    return None


def _wait_for_helper(process: subprocess.Popen, seconds: float = 60) -> int:
    """The helper's pid, once it is loading matplotlib (past Python's own start, while the main
    process sends it the charts to draw)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        helper = _helper_of(process.pid)
        try:
            if helper is not None and b"matplotlib" in Path(f"/proc/{helper}/maps").read_bytes():
                return helper
        except OSError:
            pass
        time.sleep(0.01)
    raise AssertionError("the chart helper never started")


def _wait_for_a_request(process: subprocess.Popen, helper: int, seconds: float = 10) -> None:
    """Until the main process has sent the helper a chart to draw (bytes waiting in the helper's
    standard input, read through /proc): killed then, an orphan would draw it and write the
    picture into a broken pipe. After `seconds` without seeing one, go on all the same."""
    import array
    import fcntl
    import termios

    handle = os.open(f"/proc/{helper}/fd/0", os.O_RDONLY | os.O_NONBLOCK)
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and process.poll() is None:
            waiting = array.array("i", [0])
            fcntl.ioctl(handle, termios.FIONREAD, waiting)
            if waiting[0]:
                return
            time.sleep(0.005)
    finally:
        os.close(handle)


def _gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":                     # exited; only its parent's wait is missing
            return True
        time.sleep(0.02)
    return False


@linux_only
def test_ctrl_c_while_the_program_loads_and_reads(tmp_path):
    process = _started(write_inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "tom-cache")
    time.sleep(0.4)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.splitlines()[-1] == "Avbrutet."
    assert "Traceback" not in stdout + stderr
    assert not (tmp_path / "out").exists() or leftovers(tmp_path / "out") == []


@linux_only
def test_ctrl_c_while_the_chart_helper_draws(tmp_path):
    process = _started(write_inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "tom-cache")  # charts new
    helper = _wait_for_helper(process)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.splitlines()[-1] == "Avbrutet."
    assert "Traceback" not in stdout + stderr and "KeyboardInterrupt" not in stderr
    assert _gone(helper)


@linux_only
def test_the_chart_helper_dies_quietly_with_a_killed_parent(tmp_path):
    process = _started(write_inputs(tmp_path / "in"), tmp_path / "out", tmp_path / "tom-cache")
    helper = _wait_for_helper(process)
    _wait_for_a_request(process, helper)
    process.kill()
    stdout, stderr = process.communicate(timeout=60)    # the helper shares stderr: EOF when it is gone too
    assert process.returncode == -signal.SIGKILL
    assert _gone(helper)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


# --- kill -9 during the PDF export -----------------------------------------------------------------

def _running_with(text: str) -> list[int]:
    """Processes (not zombies) whose command line holds `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if text.encode() in (entry / "cmdline").read_bytes() and not _gone(int(entry.name), 0):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@linux_only
def test_a_kill_during_the_pdf_export_leaves_no_office_and_a_later_export_no_folder(tmp_path, monkeypatch):
    from conftest import libreoffice_or_skip
    from pipeline.render import pdf

    libreoffice_or_skip()
    temp = tmp_path / "tmp"
    temp.mkdir()
    environment = {**os.environ, "PIPELINE_CACHE": str(tmp_path / "cache"), "TMPDIR": str(temp)}
    environment.pop("PIPELINE_FAULT", None)
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "report", "--pdf", "--input",
                                str(write_inputs(tmp_path / "in")), "--output", str(tmp_path / "out")],
                               env=environment, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(b"soffice.bin" in Path(f"/proc/{pid}/cmdline").read_bytes()
               for pid in _running_with(str(temp)) if Path(f"/proc/{pid}").exists()):
            break
        time.sleep(0.02)
    assert process.poll() is None, "the program ended before its LibreOffice started"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while _running_with(str(temp)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _running_with(str(temp)) == []              # no export script, launcher or office left
    [left] = temp.glob(f"{pdf.FOLDER_PREFIX}{process.pid}-*")    # kill -9 runs no clean-up ...
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    pdf._remove_folders_of_ended_runs()                # ... the next export's start does
    assert not left.exists() and list(temp.iterdir()) == []
