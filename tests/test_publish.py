"""Publishing a folder as a whole (pipeline/render/publish.py): the previous files or the new ones,
never a mix, after a kill at any fsync, rename, mkdir or removal; no leftover after the next run."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, write_inputs
from pipeline.render import publish
from pipeline.render.publish import PublishError, repair, withdraw

OLD = {"delarsrapport.docx": b"old report", "avstamning.xlsx": b"old workbook",
       "delarsrapport.pdf": b"old pdf, not written by the new run"}
NEW = {"delarsrapport.docx": b"new report", "avstamning.xlsx": b"new workbook", "tjansteskrivelse.docx": b"memo"}
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGKILL and renameat2 are Linux's")


def contents(folder: Path) -> dict[str, bytes] | None:
    """The folder's files (name -> bytes), None when it does not exist."""
    if not folder.exists():
        return None
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def leftovers(root: Path) -> list[str]:
    """Hidden or temporary entries anywhere under `root`."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name.startswith(".") or p.name.endswith(".tmp"))


def state(folder: Path, new: dict[str, bytes]) -> str:
    """"old", "new", "none" (no folder) or "mix"."""
    found = contents(folder)
    return "none" if found is None else "new" if found == new else "old" if found == OLD else "mix"


def previous(folder: Path, files: dict[str, bytes] = OLD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_the_folder_is_replaced_as_a_whole(tmp_path):
    folder = previous(tmp_path / "output" / "2023-08")
    written = publish.publish(NEW, folder)
    assert written == [folder / name for name in NEW]
    assert contents(folder) == NEW                      # the old PDF is gone with the old folder
    assert leftovers(tmp_path) == []


def test_the_first_run_creates_the_folder_and_its_parents(tmp_path):
    publish.publish(NEW, tmp_path / "output" / "2023-08")
    assert contents(tmp_path / "output" / "2023-08") == NEW
    assert os.listdir(tmp_path / "output") == ["2023-08"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_files_and_folder_get_the_umask_permissions_and_a_replaced_folder_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        [written] = publish.publish({"delarsrapport.docx": b"report"}, tmp_path / "2023-08")
        assert stat.S_IMODE(written.stat().st_mode) == 0o644        # readable by colleagues, as Word's files
        assert stat.S_IMODE((tmp_path / "2023-08").stat().st_mode) == 0o755
        os.chmod(tmp_path / "2023-08", 0o750)
        publish.publish({"delarsrapport.docx": b"report 2"}, tmp_path / "2023-08")
        assert stat.S_IMODE((tmp_path / "2023-08").stat().st_mode) == 0o750
    finally:
        os.umask(old)


def test_a_failed_write_leaves_the_previous_folder_and_nothing_else(tmp_path, monkeypatch):
    folder = previous(tmp_path / "2023-08")
    calls = []

    def failing_fsync(handle):
        calls.append(handle)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish.os, "fsync", failing_fsync)
    with pytest.raises(PublishError) as raised:
        publish.publish(NEW, folder)
    assert (raised.value.errno, raised.value.folder, raised.value.path) == (errno.ENOSPC, folder, folder)
    assert raised.value.size == sum(len(data) for data in NEW.values())
    assert contents(folder) == OLD
    assert leftovers(tmp_path) == []


def test_a_file_where_the_folder_should_be_is_named_and_kept(tmp_path):
    (tmp_path / "2023-08").write_bytes(b"someone's file")
    with pytest.raises(PublishError) as raised:
        publish.publish(NEW, tmp_path / "2023-08")
    assert raised.value.path == tmp_path / "2023-08"
    assert (tmp_path / "2023-08").read_bytes() == b"someone's file"
    assert leftovers(tmp_path) == []


def test_a_file_where_a_parent_folder_should_be_is_named(tmp_path):
    (tmp_path / "output").write_bytes(b"not a folder")
    with pytest.raises(PublishError) as raised:
        publish.publish(NEW, tmp_path / "output" / "2023-08")
    assert raised.value.path == tmp_path / "output"
    assert (tmp_path / "output").read_bytes() == b"not a folder"


def test_ctrl_c_while_publishing_takes_effect_once_the_folder_is_swapped_in(tmp_path, monkeypatch):
    folder = previous(tmp_path / "2023-08")
    real_fsync = os.fsync

    def interrupted_fsync(handle):               # Ctrl-C right as the first file is made durable
        monkeypatch.setattr(publish.os, "fsync", real_fsync)
        signal.raise_signal(signal.SIGINT)
        real_fsync(handle)

    monkeypatch.setattr(publish.os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(NEW, folder)
    assert contents(folder) == NEW and leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_names_must_be_plain_visible_file_names(tmp_path):
    for name in ("../x.docx", ".hidden", "sub/x.docx", ""):
        with pytest.raises(ValueError):
            publish.publish({name: b""}, tmp_path / "2023-08")


# --- repair: the states a kill can leave, built by hand -------------------------------------------

def test_repair_moves_a_complete_new_folder_in_when_the_previous_was_moved_away(tmp_path):
    previous(tmp_path / ".2023-08.1a-00ff.gammal")
    previous(tmp_path / ".2023-08.1a-00ff.klar", NEW)
    repair(tmp_path)
    assert contents(tmp_path / "2023-08") == NEW
    assert leftovers(tmp_path) == []


def test_repair_puts_the_previous_folder_back_when_no_complete_one_exists(tmp_path):
    previous(tmp_path / ".2023-08.1a-00ff.gammal")
    previous(tmp_path / ".2023-08.1b-00ff.skrivs", {"delarsrapport.docx": b"half"})
    repair(tmp_path)
    assert contents(tmp_path / "2023-08") == OLD
    assert leftovers(tmp_path) == []


def test_repair_keeps_the_target_and_removes_every_leftover_beside_it(tmp_path):
    previous(tmp_path / "2023-08", NEW)
    for state in ("skrivs", "klar", "gammal", "bort"):
        previous(tmp_path / f".2023-08.1a-0{len(state)}.{state}")
    (tmp_path / ".egen-dold-fil").write_bytes(b"not ours")           # hidden, but not a leftover of ours
    repair(tmp_path)
    assert contents(tmp_path / "2023-08") == NEW
    assert leftovers(tmp_path) == [".egen-dold-fil"]


def test_a_withdrawn_folder_is_never_put_back(tmp_path):
    previous(tmp_path / ".2023-08-ej-godkand.1a-00ff.bort")
    repair(tmp_path)
    assert not (tmp_path / "2023-08-ej-godkand").exists()
    assert leftovers(tmp_path) == []


def test_withdraw_removes_the_folder_and_tidy_repairs_the_period_folders(tmp_path):
    withdraw(previous(tmp_path / "output" / "2023-08-ej-godkand"))
    assert os.listdir(tmp_path / "output") == []
    previous(tmp_path / "output" / "2023-08" / ".KS.1a-00ff.gammal")        # one folder per nämnd
    previous(tmp_path / "output" / ".2023-07.1a-00ff.skrivs")
    publish.tidy(tmp_path / "output")
    assert contents(tmp_path / "output" / "2023-08" / "KS") == OLD
    assert leftovers(tmp_path) == []


# --- a kill at every step ---------------------------------------------------------------------------

DRIVER = """
import sys
from pathlib import Path
from pipeline.render import publish
if sys.argv[2] == "steps":
    publish._RENAMEAT2[:] = [None]          # as on a system without renameat2
if sys.argv[3] == "publish":
    publish.publish({NEW!r}, Path(sys.argv[1]))
else:
    publish.withdraw(Path(sys.argv[1]))
""".replace("{NEW!r}", repr(NEW))


def _driver(folder: Path, mode: str, action: str, fault: str) -> int:
    environment = {**os.environ, "PIPELINE_FAULT": fault, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", DRIVER, str(folder), mode, action], env=environment,
                          cwd=ROOT, capture_output=True).returncode


@linux_only
@pytest.mark.parametrize("mode", ["exchange", "steps"])
def test_a_kill_at_any_step_leaves_the_previous_or_the_new_folder(tmp_path, mode):
    folder, seen, step = tmp_path / "output" / "2023-08", [], 0
    while True:
        step += 1
        shutil.rmtree(tmp_path / "output", ignore_errors=True)
        previous(folder)
        code = _driver(folder, mode, "publish", f"*:{step}")
        if code == 0:
            break
        assert code == -signal.SIGKILL
        # In steps, between renaming the previous folder away and the new one in, there is none
        # for an instant: the next run's repair moves the complete new one in.
        seen.append(state(folder, NEW))
        assert seen[-1] in ({"old", "new"} if mode == "exchange" else {"old", "new", "none"}), step
        repair(folder.parent)                   # what the next run does first
        assert state(folder, NEW) in {"old", "new"} and leftovers(tmp_path) == [], step
        publish.publish(NEW, folder)
        assert contents(folder) == NEW and leftovers(tmp_path) == [], step
    assert contents(folder) == NEW and leftovers(tmp_path) == []
    assert seen[0] == "old" and seen[-1] == "new"            # the kills fell on both sides of the swap
    assert ("none" in seen) == (mode == "steps")
    assert step > (8 if mode == "exchange" else 11)          # mkdir, 3 x fsync, folder fsync, renames...


@linux_only
def test_a_kill_at_any_step_of_a_withdrawal_leaves_all_or_nothing(tmp_path):
    folder, step = tmp_path / "output" / "2023-08-ej-godkand", 0
    while True:
        step += 1
        shutil.rmtree(tmp_path / "output", ignore_errors=True)
        previous(folder)
        code = _driver(folder, "exchange", "withdraw", f"*:{step}")
        if code == 0:
            break
        assert contents(folder) in (OLD, None), step
        repair(folder.parent)
        assert contents(folder) in (OLD, None) and leftovers(tmp_path) == [], step
    assert contents(folder) is None and leftovers(tmp_path) == []
    assert step == 4                                          # rename, fsync, remove: then done


@linux_only
def test_an_injected_error_is_raised_not_killed(tmp_path):
    folder = previous(tmp_path / "2023-08")
    assert _driver(folder, "exchange", "publish", "fsync:2:EIO") == 1
    assert contents(folder) == OLD and leftovers(tmp_path) == []


# --- the real command, killed at every step of its publishing ------------------------------------------

@linux_only
def test_the_report_killed_at_any_step_leaves_the_previous_or_the_new_report(tmp_path):
    """`python -m pipeline report` on a copied tiny sample, over an output folder holding an earlier
    run's files, killed (SIGKILL) right before each mkdir, fsync, rename and removal of its
    publishing in turn; then the next run, which repairs what the killed one left."""
    inputs = write_inputs(tmp_path / "input")
    out, environment = tmp_path / "output", {**os.environ, "PIPELINE_CACHE": str(tmp_path / "cache")}
    folder = out / "2023-02" / "kommunstyrelsen"                # the one nämnd's folder

    def report(fault: str | None = None) -> subprocess.CompletedProcess:
        env = {**environment, **({"PIPELINE_FAULT": fault} if fault else {})}
        return subprocess.run([sys.executable, "-m", "pipeline", "report", "--input", str(inputs),
                               "--output", str(out)], env=env, cwd=ROOT, capture_output=True, text=True)

    done = report()                       # the new files (a re-run gives the same bytes), cache filled
    assert done.returncode == 0, done.stderr
    new = contents(folder)
    assert set(new) == {"manadsuppfoljning.docx", "tjansteskrivelse.docx", "avstamning.xlsx", "utskrivet.json"}
    step, seen, recovered = 0, set(), False
    while True:
        step += 1
        shutil.rmtree(out)
        previous(folder)
        killed = report(f"fsync+rename:{step}")
        if killed.returncode == 0:
            break
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        seen.add(state(folder, new))
        assert state(folder, new) in {"old", "new"}, step
        if leftovers(out) and seen == {"old", "new"} and not recovered:   # the new folder, the old beside
            recovered = True
            again = report()                   # the next run repairs first, then writes
            assert again.returncode == 0, again.stderr
        else:                                  # what that run does first, here in the test's process
            repair(folder.parent)
        assert state(folder, new) in {"old", "new"} and leftovers(out) == [], step
    assert contents(folder) == new and leftovers(out) == []
    assert seen == {"old", "new"} and recovered and step > 6   # 3 files, the folder, the swap, its fsync
