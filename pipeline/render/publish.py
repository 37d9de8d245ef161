"""Publish a folder of files as a whole: after a crash at any instant, the folder holds either all
of the previous files or all of the new ones, never a mix, and no temporary file stays behind.

    publish({"a.docx": b"...", "b.xlsx": b"..."}, Path("output/2023-08"))

The unit is the folder. Every file is written into a hidden sibling of the target (same file
system), each file and the folder are fsynced, and only then is the folder swapped in:

- where the kernel has it (Linux, most local file systems), in one step: renameat2(...,
  RENAME_EXCHANGE) swaps the two folders atomically; the previous one is then deleted;
- elsewhere in three renames: the staged folder is first renamed from `.<name>.<token>.skrivs`
  to `.<name>.<token>.klar` (that rename, after every fsync, marks it complete), the previous
  folder is renamed away to `.<name>.<token>.gammal`, and the complete one renamed in.

With the exchange the target is whole at every instant; a crash leaves at most a hidden sibling.
In three renames a crash can also leave no target folder for a moment. `repair`, run by every
publish (and by the command line at its start, `tidy`), puts things right: with the target
missing, a complete (`.klar`) folder is renamed in, or else the previous (`.gammal`) one put
back; then every leftover sibling is deleted. The rename to `.klar` is the marker of a complete
folder, so no marker file is left inside the published one. `withdraw` removes a folder as a
whole the same way (renamed to `.<name>.<token>.bort`, never put back, then deleted). Publishing
into one parent folder is serialised with an advisory lock on that folder (no lock file).

Nothing here knows about reports: the next layout (one folder per nämnd) publishes each folder
the same way. Written files get the permissions any new file gets (the umask's); a replaced
folder keeps its mode.

SIGINT (Ctrl-C) is held back while a folder is being published and delivered right after, so an
interrupted run leaves no half-published folder; a kill (SIGKILL, power loss) is what `repair`
is for. Errors of the operating system come out as `PublishError`, the raw OSError kept.

Fault injection for the tests: with PIPELINE_FAULT="fsync:2" the process kills itself (SIGKILL)
right before its second fsync here; "rename:1", "mkdir:1", "remove:1" likewise, "fsync+rename:5"
before the fifth of either, "*:5" before the fifth of any; "fsync:1:ENOSPC" raises that OSError
instead of killing. Unset, nothing happens. Only this module reads the variable.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

# Hidden siblings: being written, complete, the previous folder, a withdrawn folder.
STATES = ("skrivs", "klar", "gammal", "bort")
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<token>[0-9a-f]+-[0-9a-f]+)\.(?P<state>" + "|".join(STATES) + ")$")


class PublishError(Exception):
    """The operating system refused (no permission, read-only, disk full, a file in the way).

    `folder` is the folder being published, `path` the one the ekonom must do something about,
    `error` the OSError, `size` the bytes that were to be written."""

    def __init__(self, folder: Path, path: Path, error: OSError, size: int = 0) -> None:
        super().__init__(f"{path}: {error}")
        self.folder, self.path, self.error, self.size = folder, path, error, size

    @property
    def errno(self) -> int | None:
        return self.error.errno


def publish(files: Mapping[str, bytes], folder: Path) -> list[Path]:
    """Replace `folder` as a whole by a folder holding exactly `files` (plain names -> bytes).
    Returns the written paths, in the order given."""
    given = Path(folder)
    folder = Path(os.path.realpath(given)) if os.path.islink(given) and os.path.isdir(given) else given
    for name in files:
        if not name or name.startswith(".") or Path(name).name != name or name in (".", ".."):
            raise ValueError(f"not a plain visible file name: {name!r}")
    size = sum(len(data) for data in files.values())
    staging: Path | None = None
    try:
        _make_parents(folder)
        with _lock(folder.parent), _sigint_held():
            repair(folder.parent)
            if os.path.lexists(folder) and not os.path.isdir(folder):
                raise PublishError(folder, folder, FileExistsError(errno.EEXIST, "not a folder", str(folder)),
                                   size)
            if os.path.exists(folder) and not os.access(folder, os.W_OK | os.X_OK):   # could not be emptied
                code = errno.EROFS if _on_read_only_device(folder) else errno.EACCES
                raise PublishError(folder, folder, OSError(code, os.strerror(code), str(folder)), size)
            staging = _staged(files, folder)
            _swap_in(staging, folder)
            staging = None
    except OSError as error:
        raise PublishError(folder, _path_to_name(error, folder), error, size) from error
    finally:
        if staging is not None:
            _remove(staging, quiet=True)
    return [given / name for name in files]


def withdraw(folder: Path) -> None:
    """Remove `folder` as a whole, if it exists: renamed to a hidden name first, so that it is
    either all there or gone (a crash leaves a hidden leftover for `repair`)."""
    folder = Path(folder)
    if not os.path.isdir(folder) or os.path.islink(folder):
        return
    try:
        with _lock(folder.parent), _sigint_held():
            away = _sibling(folder, _token(), "bort")
            _rename(folder, away)
            _fsync_folder(folder.parent)
            _remove(away, quiet=True)
    except OSError as error:
        raise PublishError(folder, _path_to_name(error, folder), error) from error


def repair(parent: Path) -> None:
    """Finish or undo what an interrupted publish left in `parent`, then delete its leftovers."""
    leftovers: dict[str, dict[str, list[Path]]] = {}
    for entry in _entries(parent):
        match = _LEFTOVER.match(entry.name)
        if match:
            leftovers.setdefault(match["name"], {}).setdefault(match["state"], []).append(entry)
    for name, states in leftovers.items():
        target = parent / name
        if not os.path.lexists(target):
            back = sorted(states.get("klar", [])) or sorted(states.get("gammal", []))
            if back:              # a complete new folder, or else the previous one
                _rename(back[-1], target)
                _fsync_folder(parent)
        for paths in states.values():
            for path in paths:
                if os.path.lexists(path):
                    _remove(path)


def tidy(root: Path, depth: int = 3) -> None:
    """`repair` in `root` and its subfolders down to `depth` levels (output/, output/<period>/,
    output/<period>/<nämnd>/),
    where no other run is publishing; what cannot be done now is left for the next publish."""
    try:
        with _lock(root, wait=False) as locked:
            if locked:
                repair(root)
        if depth > 1:
            for entry in _entries(root):
                if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith("."):
                    tidy(entry, depth - 1)
    except OSError:
        pass


# --- the steps -------------------------------------------------------------------------------------

def _staged(files: Mapping[str, bytes], folder: Path) -> Path:
    """Every file written and fsynced into a new hidden sibling of `folder`, which is fsynced too."""
    staging = _sibling(folder, _token(), "skrivs")
    _fault("mkdir")
    os.mkdir(staging, 0o777)                          # the umask applies, as to any new folder
    try:
        if os.path.isdir(folder):
            os.chmod(staging, stat.S_IMODE(os.stat(folder).st_mode))
        for name, data in files.items():
            handle = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                             0o666)                 # the umask's permissions, not mkstemp's 0600
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view):]
                _fsync(handle)
            finally:
                os.close(handle)
        _fsync_folder(staging)
    except BaseException:
        _remove(staging, quiet=True)
        raise
    return staging


def _swap_in(staging: Path, folder: Path) -> None:
    parent = folder.parent
    if not os.path.lexists(folder):
        _rename(staging, folder)
        _fsync_folder(parent)
        return
    if _exchange(staging, folder):                   # staging now holds the previous folder
        _fsync_folder(parent)
        _remove(staging, quiet=True)
        return
    token = _LEFTOVER.match(staging.name)["token"]
    complete, previous = _sibling(folder, token, "klar"), _sibling(folder, token, "gammal")
    _rename(staging, complete)                       # marks it complete, for `repair`
    _fsync_folder(parent)
    try:
        _rename(folder, previous)
    except BaseException:
        _remove(complete, quiet=True)
        raise
    try:
        _rename(complete, folder)
    except BaseException:
        _rename(previous, folder)
        _remove(complete, quiet=True)
        raise
    _fsync_folder(parent)
    _remove(previous, quiet=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where not supported."""
    function = _renameat2()
    if function is None:
        return False
    _fault("rename")
    if function(-100, os.fsencode(first), -100, os.fsencode(second), 2) == 0:   # AT_FDCWD, RENAME_EXCHANGE
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False          # this kernel or file system cannot: rename in steps instead
    raise OSError(code, os.strerror(code), str(second))


_RENAMEAT2: list = []


def _renameat2():
    if not _RENAMEAT2:
        function = None
        if sys.platform.startswith("linux"):
            try:
                function = ctypes.CDLL(None, use_errno=True).renameat2
                function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                function.restype = ctypes.c_int
            except (OSError, AttributeError):      # a libc without it (glibc before 2.28, musl)
                function = None
        _RENAMEAT2.append(function)
    return _RENAMEAT2[0]


def _make_parents(folder: Path) -> None:
    if not os.path.isdir(folder.parent):
        _fault("mkdir")
        folder.parent.mkdir(parents=True, exist_ok=True)


def _rename(source: Path, target: Path) -> None:
    _fault("rename")
    os.rename(source, target)


def _fsync(handle: int) -> None:
    _fault("fsync")
    os.fsync(handle)


def _fsync_folder(folder: Path) -> None:
    """Make the folder's entries durable (POSIX; Windows has no such call and needs none)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        _fsync(handle)
    finally:
        os.close(handle)


def _remove(path: Path, quiet: bool = False) -> None:
    """Delete a folder (or a file or link standing where a leftover folder was)."""
    _fault("remove")
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        if not quiet:
            raise


def _sibling(folder: Path, token: str, state: str) -> Path:
    return folder.with_name(f".{folder.name}.{token}.{state}")


def _token() -> str:
    return f"{os.getpid():x}-{secrets.token_hex(4)}"


def _on_read_only_device(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & getattr(os, "ST_RDONLY", 0))
    except (OSError, AttributeError):              # Windows has no statvfs
        return False


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []


def _path_to_name(error: OSError, folder: Path) -> Path:
    """The path to tell the ekonom about: a file standing where a folder must be, else the
    folder the OS refused (the parent when it refused one of our hidden siblings)."""
    for path in (folder, *folder.parents):
        if os.path.lexists(path) and not os.path.isdir(path):
            return path
    if not error.filename:
        return folder
    path = Path(os.fsdecode(error.filename))
    hidden = next((p for p in (path, *path.parents) if _LEFTOVER.match(p.name)), None)
    if hidden is not None:
        return folder if error.errno in (errno.ENOSPC, errno.EDQUOT) else hidden.parent
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):     # the folder that refused a new entry
        path = next((p for p in (path, *path.parents) if os.path.lexists(p)), path)
    return path


@contextmanager
def _lock(folder: Path, wait: bool = True) -> Iterator[bool]:
    """An advisory lock on the folder itself (flock on its descriptor): one publisher at a time."""
    try:
        import fcntl
    except ImportError:                             # Windows: no advisory locks on folders
        yield True
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Ctrl-C while publishing takes effect right after it (main thread only: signals go there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple[int, object]] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append((number, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught and callable(previous):
            previous(*caught[0])
        elif caught and previous == signal.SIG_DFL:
            signal.raise_signal(signal.SIGINT)


# --- fault injection (tests only) ------------------------------------------------------------------

_FAULT_COUNTS: dict[str, int] = {}


def _fault(operation: str) -> None:
    """PIPELINE_FAULT="<operations>:<n>[:<ERRNO>]": kill the process, or raise OSError(ERRNO), right
    before the n-th of `operations` ("fsync", "fsync+rename", "*" for any) in this process."""
    setting = os.environ.get("PIPELINE_FAULT")
    if not setting:
        return
    kind, _, rest = setting.partition(":")
    number, _, code = rest.partition(":")
    if kind != "*" and operation not in kind.split("+"):
        return
    _FAULT_COUNTS[kind] = _FAULT_COUNTS.get(kind, 0) + 1
    if str(_FAULT_COUNTS[kind]) != number:
        return
    if code:
        value = getattr(errno, code)
        raise OSError(value, os.strerror(value))
    os.kill(os.getpid(), signal.SIGKILL)
