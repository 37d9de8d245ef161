import os
import signal
import sys


def _interrupted(signal_number, frame) -> None:
    """Ctrl-C at any moment: one Swedish line and exit code 130 (128 + SIGINT), no traceback.
    Nothing needs undoing: a folder being published holds SIGINT until it is swapped in
    (pipeline/render/publish.py), and the chart helper dies with this process."""
    text = "\nAvbrutet.\n"
    try:
        if os.isatty(2):
            text = "\x1b[?25h" + text             # the progress bar hides the cursor
        os.write(2, text.encode("utf-8"))
    except OSError:
        pass
    os._exit(130)


signal.signal(signal.SIGINT, _interrupted)        # first: before the rest of the program loads

# Memory settings for the command line, made before anything allocates much (see
# pipeline/memory.py): Arrow's buffers on the system allocator, one allocator arena.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from pipeline import STARTED  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.memory import one_arena  # noqa: E402

if __name__ == "__main__":
    one_arena()
    try:
        main(obj={"started": STARTED})   # the summary line's time counts from the program's start
    except SystemExit as done:
        code = done.code
    else:
        code = 0
    # Every file is written and closed by now: leave without the interpreter's teardown, a tenth
    # of a second spent freeing memory the operating system takes back anyway.
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
