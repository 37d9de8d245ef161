"""Follow-up reports (tertialrapport, delårsrapport, årsbokslut) for a Swedish nämnd.

Stages (one sub-package each): read -> validate -> classify -> compute -> reconcile -> render.
`pipeline.orchestrator` runs them in order.
"""

import time

__version__ = "0.1.0"
STARTED = time.perf_counter()      # the summary line counts from here (the first import)
