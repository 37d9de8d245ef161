"""How many examples the slow property tests try.

`make test` is run often and tries a fifth of each count (at least 20); `make properties`, which
CI runs after it, sets PIPELINE_PROPERTIES=full and tries them all. The examples are derandomised,
so the short run tries the first examples of the full one.
"""

from __future__ import annotations

import os

FULL = os.environ.get("PIPELINE_PROPERTIES") == "full"


def examples(count: int) -> int:
    return count if FULL else max(20, count // 5)
