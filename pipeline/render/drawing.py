"""Charts drawn in a helper process, on the core the main program does not use.

matplotlib takes a third of a second to import and about as long to draw a chart, all of it
holding Python's GIL, so a thread would not help. When a run will likely draw a chart anew (the
figures behind it changed) and no large file is being parsed, the command line starts this
helper at once: it imports matplotlib while the program reads and computes, then draws each
chart it is sent while the main process renders the workbook and the memo. The picture is the
same as drawn in the main process (the same function, the same fonts bundled with matplotlib).

Anything going wrong with the helper (it cannot start, it dies) only means the chart is drawn in
the main process after all. The helper holds nothing but the figures of the charts it draws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _serve(connection) -> None:
    """The helper: import matplotlib, then draw what is asked until the pipe closes."""
    from pipeline.render import charts

    charts.load_matplotlib()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        name, args = request
        try:
            connection.send((True, getattr(charts, name)(*args)))
        except Exception as error:  # noqa: BLE001 - the main process draws it itself then
            connection.send((False, repr(error)))


class Drawer:
    """A helper process that draws charts (`charts._draw_*`) and hands back PNG bytes."""

    def __init__(self) -> None:
        self._process = None
        self._connection = None
        self._pending: list[Pending] = []

    def start(self) -> Drawer:
        import multiprocessing      # here: a run without a helper does not pay for the import

        try:
            context = multiprocessing.get_context("spawn")   # the same on every OS, no forked state
            self._connection, theirs = context.Pipe()
            self._process = context.Process(target=_serve, args=(theirs,), name="diagram", daemon=True)
            self._process.start()
            theirs.close()
        except (OSError, ValueError, RuntimeError):
            self._process = self._connection = None
        return self

    def draw(self, draw: Callable[..., bytes], *args) -> Pending:
        """`draw(*args)` in the helper; the result, or the same drawn here when the helper fails."""
        pending = Pending(self, draw, args)
        if self._connection is not None:
            try:
                self._connection.send((draw.__name__, args))
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
                ok, value = self._connection.recv()
            except (EOFError, OSError, AttributeError):
                self.close()
                for left in [first, *self._pending]:
                    left.fail()
                self._pending.clear()
                return
            first.done(value) if ok else first.fail()

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.send(None)
            except (OSError, ValueError):
                pass
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.join(timeout=0.5)
            if self._process.is_alive():
                self._process.terminate()
            self._process = None


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
