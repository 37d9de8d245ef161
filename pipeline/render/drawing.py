"""Charts drawn in a helper process, on the core the main program does not use.

matplotlib takes a third of a second to import and about as long to draw a chart, all of it
holding Python's GIL, so a thread would not help. When a run will likely draw a chart anew (the
figures behind it changed), the command line starts this helper once every input is read: it
imports matplotlib while the program computes, then draws each chart it is sent while the main
process renders the workbook and the memo. The picture is the same as drawn in the main process
(the same function, the same fonts bundled with matplotlib).

The helper is `python -m pipeline.render.drawing`, spoken to through its standard input and
output (pickled requests and PNG bytes), so it loads nothing but the chart module. Anything going
wrong with it (it cannot start, it dies) only means the chart is drawn in the main process after
all. It holds nothing but the figures of the charts it draws.

It never speaks to the user and dies with its parent, whatever the cause: it runs in its own
process group (Ctrl-C on the terminal reaches only the main program, which answers it), ignores
SIGINT, asks Linux to kill it when the thread that started it ends (PR_SET_PDEATHSIG; so
`Drawer.start` belongs in the main thread) and leaves without a word on end of input, a broken
pipe or SIGTERM.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any, BinaryIO

from pipeline import processes


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The helper: import matplotlib, then draw what is asked until its input closes."""
    from pipeline.render import charts

    charts.load_matplotlib()
    while True:
        try:
            request = pickle.load(requests)
        except (EOFError, pickle.UnpicklingError):
            return
        if request is None:
            return
        name, args = request
        try:
            answer = (True, getattr(charts, name)(*args))
        except Exception as error:  # noqa: BLE001 - the main process draws it itself then
            answer = (False, repr(error))
        pickle.dump(answer, answers)
        answers.flush()


class Drawer:
    """A helper process that draws charts (`charts._draw_*`) and hands back PNG bytes."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._pending: list[Pending] = []

    def start(self) -> Drawer:
        apart = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"
                 else {"process_group": 0})               # not reached by the terminal's Ctrl-C
        try:
            self._process = subprocess.Popen([sys.executable, "-m", "pipeline.render.drawing", str(os.getpid())],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, **apart)
        except OSError:
            self._process = None
        return self

    def draw(self, draw: Callable[..., bytes], *args) -> Pending:
        """`draw(*args)` in the helper; the result, or the same drawn here when the helper fails."""
        pending = Pending(self, draw, args)
        if self._process is not None:
            try:
                pickle.dump((draw.__name__, args), self._process.stdin)
                self._process.stdin.flush()
                self._pending.append(pending)
                return pending
            except (OSError, ValueError):
                self.close()
        pending.fail()
        return pending

    def _answer(self, pending: Pending) -> None:
        """Receive answers, in the order asked, up to the one for `pending`."""
        while pending in self._pending:
            first = self._pending.pop(0)
            try:
                ok, value = pickle.load(self._process.stdout)
            except (EOFError, OSError, ValueError, AttributeError, pickle.UnpicklingError):
                self.close()
                for left in [first, *self._pending]:
                    left.fail()
                self._pending.clear()
                return
            first.done(value) if ok else first.fail()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if process.poll() is None:           # nothing it holds is needed any more
            process.kill()
        process.wait()


class Pending:
    """A picture being drawn by the helper; `result()` waits for its bytes."""

    def __init__(self, drawer: Drawer, draw: Callable[..., bytes], args: tuple[Any, ...]) -> None:
        self._drawer, self._draw, self._args = drawer, draw, args
        self._png: bytes | None = None

    def done(self, png: bytes) -> None:
        self._png = png

    def fail(self) -> None:
        self._png = self._draw(*self._args)

    def result(self) -> bytes:
        if self._png is None:
            self._drawer._answer(self)
        if self._png is None:
            self.fail()
        return self._png


def _die_with_parent(parent: int | None) -> None:
    """Linux: SIGKILL when the parent goes (prctl PR_SET_PDEATHSIG); gone already: leave now."""
    processes.die_with_parent()
    if parent is not None and os.getppid() != parent:
        os._exit(0)


def main(argv: list[str]) -> None:
    """The helper process: `python -m pipeline.render.drawing PARENT_PID`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)       # Ctrl-C is the main program's to answer
    signal.signal(signal.SIGTERM, signal.SIG_DFL)      # a quiet end
    _die_with_parent(int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else None)
    try:
        serve(sys.stdin.buffer, sys.stdout.buffer)
    except (OSError, EOFError, KeyboardInterrupt):     # the parent has gone (a broken pipe)
        pass
    os._exit(0)                                        # nothing to flush into a closed pipe


if __name__ == "__main__":
    main(sys.argv)
