import os

# Memory settings for the command line, made before anything allocates much (see
# pipeline/memory.py): Arrow's buffers on the system allocator, one allocator arena.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from pipeline import STARTED  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.memory import one_arena  # noqa: E402

if __name__ == "__main__":
    one_arena()
    main(obj={"started": STARTED})      # the summary line's time counts from the program's start
