"""How the command line keeps its peak memory down on a ledger at Excel's row limit.

The peak is the ledger's parse: calamine holds the whole sheet (about 0.95 GiB for a million rows
of eleven columns) while everything else the program has loaded stays in memory beside it. Two
allocator settings keep that "everything else" small (measured by `make bench`, about 60 MiB):

- Arrow's buffers (pandas' text columns) come from the C library's allocator instead of Arrow's
  own pool, so memory freed by one stage is reused by the next instead of held in a second heap
  (the environment variable ARROW_DEFAULT_MEMORY_POOL=system, set in pipeline/__main__.py before
  Arrow loads);
- glibc keeps one arena instead of one per thread, so what the threads reading the small files
  free is reused by the thread parsing the ledger (`one_arena`, Linux with glibc only).

Both are per process; the library used from Python keeps the defaults.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

M_ARENA_MAX = -8          # glibc's mallopt parameter number


def one_arena() -> bool:
    """Ask glibc for a single malloc arena; False where that does not apply (not glibc)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, 1))
    except (OSError, AttributeError):
        return False
