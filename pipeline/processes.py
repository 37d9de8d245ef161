"""Facts about processes that several parts need: whether one still runs, and a child that dies
with its parent (the chart helper, the PDF export and its LibreOffice)."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def alive(pid: int) -> bool:
    """Whether process `pid` may still be running (on other systems than POSIX: assume so)."""
    if pid == os.getpid():
        return True
    if pid <= 0 or os.name != "posix":
        return pid > 0
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:             # someone else's process
        return True
    return True


def die_with_parent(sent: int = signal.SIGKILL) -> None:
    """Linux: have this process sent `sent` when its parent goes (prctl PR_SET_PDEATHSIG, kept
    over exec); elsewhere nothing. Also a `preexec_fn` for subprocess."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, sent, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def terminated_with_parent() -> None:
    """`preexec_fn`: SIGTERM when the parent goes, for a child that has its own to clean up."""
    die_with_parent(signal.SIGTERM)
