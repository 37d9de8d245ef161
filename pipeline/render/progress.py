"""Progress while the files are read and the documents written: on a terminal a progress bar
(rich, drawn on stderr and removed when done), otherwise (CI, logs) one plain line per step with
no control codes."""

from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

from pipeline.run import Progress


def seconds_text(seconds: float) -> str:
    """3.25 -> '3,2' (one decimal, Swedish decimal comma)."""
    return f"{seconds:.1f}".replace(".", ",")


def progress_for(stream: TextIO | None = None) -> Progress:
    """A progress bar when `stream` (standard error) is a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    return TerminalProgress(stream) if stream.isatty() else PlainProgress(stream)


class PlainProgress(Progress):
    """A line per step that took a while (`Läser huvudbok_2023.xlsx: 6,5 s`), and per note."""

    MIN_SECONDS = 0.5           # quicker steps are not worth a line in the log

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def _line(self, text: str) -> None:
        with self._lock:
            print(text, file=self._stream, flush=True)

    def note(self, text: str) -> None:
        self._line(text)

    @contextmanager
    def step(self, text: str, size: int = 0) -> Iterator[None]:
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        if seconds >= self.MIN_SECONDS:
            self._line(f"{text}: {seconds_text(seconds)} s")


class TerminalProgress(Progress):
    """A bar per piece of work (reading, writing), advanced by the weight of each finished step."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress as Bars, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bars = Bars(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                          console=Console(file=stream), transient=True)
        self._lock = threading.Lock()
        self._task = None
        self._title = ""
        self._active: list[str] = []

    def note(self, text: str) -> None:
        self._bars.console.print(text, highlight=False, markup=False)

    def expect(self, text: str, total: int) -> None:
        self._title = text
        self._bars.start()
        self._task = self._bars.add_task(text, total=max(total, 1))

    @contextmanager
    def step(self, text: str, size: int = 0) -> Iterator[None]:
        if self._task is None:              # a step on its own: a spinner while it runs
            self._bars.start()
            task = self._bars.add_task(text, total=None)
            try:
                yield
            finally:
                self._bars.remove_task(task)
                self._bars.stop()
            return
        with self._lock:
            self._active.append(text)
            self._describe()
        try:
            yield
        finally:
            with self._lock:
                self._active.remove(text)
                self._bars.advance(self._task, size)
                self._describe()

    def _describe(self) -> None:
        if self._task is not None:
            self._bars.update(self._task, description=", ".join(self._active) or self._title)

    def done(self) -> None:
        if self._task is not None:
            self._bars.remove_task(self._task)
            self._task = None
        self._bars.stop()
