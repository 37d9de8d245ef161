"""What one run records besides its results: wall time per stage, and what was shown meanwhile.

`Run.lap(stage)` books the time since the previous lap on `stage`, so the orchestrator stays a
list of stages with one line after each. The CLI passes a `Run` with a progress display that
draws on the terminal; library use and tests get the silent default.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator



class Progress:
    """No display. Subclasses in `pipeline.render.progress` draw on the terminal or write lines."""

    @contextmanager
    def step(self, text: str, size: int = 0) -> Iterator[None]:
        """A piece of work: `text` says what (Swedish), `size` its weight (bytes of a file)."""
        yield

    def note(self, text: str) -> None:
        """Something worth a line, e.g. a file read from the cache."""

    def expect(self, text: str, total: int) -> None:
        """Work of `total` weight is about to start (e.g. the bytes of the files to read)."""

    def done(self) -> None:
        """All steps of the expected work are done."""


@dataclass
class Run:
    progress: Progress = field(default_factory=Progress)
    stages: dict[str, float] = field(default_factory=dict)       # stage -> seconds
    cache_hits: int = 0                                           # exports read from the cache
    cache_misses: int = 0                                         # exports parsed (and then cached)
    started: float = field(default_factory=time.perf_counter)   # `pipeline.STARTED` for a whole program
    # Work to start once every input is read (and the memory of a large parse is free again):
    # the CLI starts its chart-drawing helper then.
    after_reading: list[Callable[[], object]] = field(default_factory=list)
    _last: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - self._last
        self._last = now

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def peak_memory_mib() -> float | None:
    """The process's peak resident memory in MiB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:       # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
