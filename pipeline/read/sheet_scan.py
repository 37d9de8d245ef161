"""Inflating one part of an .xlsx ourselves, and bounding what calamine will build from a sheet.

calamine (through fastexcel) reads a sheet's XML as a stream, collects the non-empty cells and
then allocates a dense grid of (last row + 1) x (column span) cells of ~32 bytes each
(`Range::from_sparse`). One cell at XFD1048576 makes that 512 GiB and aborts the process, and
calamine bounds nothing (not the columns: "ZZZZ1" is column 475 254; not the rows). Where a cell
is follows calamine 0.36's reader: its own `r` attribute (the last one, if there are two), or for
a cell without `r` the column after the previous cell and the row counted from `<row r=..>` and
`</row>`; cells are read only between `<sheetData>` and `</sheetData>`, and an element may carry
any namespace prefix (`<x:c>`).

A cheap bound from declared facts is not possible: one cell anywhere in the XML can be the far
one. So every byte of the sheet is looked at, as cheaply as we know how:
- `inflate` streams the raw deflate data (isal when installed: ~0.3 s for 529 MB of XML; it
  releases the GIL, so it runs beside the program's imports) and stops at the declared size,
  because the zip crate calamine uses inflates past a size that lies.
- `scan_sheet` runs one RE2 search (pyarrow's, which also releases the GIL) over the cells that
  finds every `<c` element that is not written as Excel, openpyxl and xlsxwriter write it: `r`
  first, one letter and at most 1 049 999 as row, then at most two short `s`/`t` attributes; a
  `c` element of another namespace prefix than the root element's; a comment, CDATA or
  processing instruction inside the sheet data. A sheet without such a place has every cell
  explicit within A..Z x 1 049 999: at most 27.3 million grid cells. The searches run in a
  small pool of threads while the next piece is inflated. On the bench ledger at Excel's row
  limit (529 MB of XML, 9.5 million cells) inflating costs ~0.15 s and the searches ~0.8 s of
  CPU, on two cores ~0.5 s: RE2 stops at every "<", and no cheaper primitive in reach
  (bytes.find/count, re, numpy) looks at every cell for less.
- Anything else (another writer, a hostile file) is read again by `exact_grid`, a tokenizer in
  Python that follows calamine's rules above and stops at the first cell past the bound. It is
  slow (~10 MB of XML a second): fine for the settings workbooks and small exports, seconds for a
  large export from an unusual writer.

Also refused everywhere: a gap of more than MAX_TOKEN_BYTES without `<` (quick-xml buffers a
whole text or tag event, so a 3 GiB text node is 3 GiB of memory).
"""

from __future__ import annotations

import os
import re
import threading
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

try:  # python-isal inflates twice as fast as zlib; both release the GIL
    from isal import isal_zlib as _zlib
except ImportError:  # pragma: no cover - isal is a dependency, zlib is the fallback
    _zlib = zlib

# Grid cells calamine may allocate: Excel's 1 048 576 rows x 28 columns, ~1 GB at 32 bytes a cell.
# The shipped ledger (11 columns) and the bench file at Excel's row limit are 11.5 million.
MAX_GRID_CELLS = 30_000_000
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
MAX_TOKEN_BYTES = 8 << 20       # longest run without "<": Excel's longest cell text is ~200 KB of XML
PIECE = 16 << 20                # inflated bytes handed on at a time (RE2 is faster on larger texts)
_OVERLAP = 256                  # bytes carried into the next piece: longer than any canonical <c ...>


class ScanStop(Exception):
    """The part must not reach the parser. `kind` is one of "stor", "storlek", "token", "rutnät"
    (grid), "oläslig"; `detail` holds the facts for the message."""

    def __init__(self, kind: str, **detail: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.detail = detail


def inflate(file: BinaryIO, offset: int, compressed: int, method: int, declared: int,
            limit: int) -> Iterator[bytes]:
    """The inflated bytes of one zip member whose data starts at `offset`, in pieces; raises
    ScanStop("storlek") as soon as they pass the declared size or end short of it, and
    ScanStop("stor") past `limit`, and ScanStop("token") at a run of MAX_TOKEN_BYTES without "<"."""
    if declared > limit:
        raise ScanStop("stor", size=declared, limit=limit)
    file.seek(offset)
    left, produced, since_lt = compressed, 0, 0
    inflater = _zlib.decompressobj(-15) if method == 8 else None
    while True:
        raw = file.read(min(1 << 20, left)) if left else b""
        left -= len(raw)
        if inflater is None:
            pieces = [raw] if raw else []
        else:
            pieces = []
            data = raw
            while True:
                out = inflater.decompress(data, PIECE)
                if out:
                    pieces.append(out)
                data = inflater.unconsumed_tail
                if not data:
                    break
                if produced + sum(map(len, pieces)) > declared:
                    break                       # lying size: stop before inflating the rest
        for piece in pieces:
            produced += len(piece)
            if produced > declared:
                raise ScanStop("storlek", declared=declared)
            since_lt = _markup_gap(piece, since_lt)
            yield piece
        if not raw:
            if inflater is not None and produced < declared:
                tail = inflater.flush()
                if tail:
                    produced += len(tail)
                    if produced > declared:
                        raise ScanStop("storlek", declared=declared)
                    yield tail
            if produced != declared:
                raise ScanStop("storlek", declared=declared)
            return


def _markup_gap(piece: bytes, since_lt: int) -> int:
    """Bytes since the last "<" at the end of `piece` (`since_lt` before it); ScanStop("token")
    when a run without "<" may reach MAX_TOKEN_BYTES. Every half-MAX window of the piece must
    hold a "<" (one memchr each, found within bytes in XML), so no run inside reaches MAX; the
    runs across pieces are added up."""
    first = piece.find(b"<")
    if first < 0:
        since_lt += len(piece)
    else:
        if since_lt + first >= MAX_TOKEN_BYTES:
            raise ScanStop("token")
        window = MAX_TOKEN_BYTES // 2
        for start in range(first, len(piece) - window, window):
            if piece.find(b"<", start + 1, start + 1 + window) < 0:
                raise ScanStop("token")
        since_lt = len(piece) - 1 - piece.rfind(b"<")
    if since_lt >= MAX_TOKEN_BYTES:
        raise ScanStop("token")
    return since_lt


# --- the fast check: one RE2 search per piece ------------------------------------------------

_ROW = r"(?:[0-9]{1,6}|10[0-4][0-9]{4})"           # rows up to 1 049 999
_LETTER = r"[A-Za-z]"
_VALUE = r'[^"<>]{0,40}'


def fast_pattern(prefix: str = "") -> str:
    """The RE2 pattern of places the fast check cannot vouch for, for cells written `<c ..>` or,
    in a sheet whose root element is `<x:worksheet>` (the OpenXML SDK writes so), `<x:c ..>`:
    every way such a tag can fail to be `<c r="A123"( s="1")?( t="s")?/?>` (two short s/t
    attributes at most), each alternative ending on the byte that breaks the rule (RE2 tries
    every split of the attributes, so each alternative is wrong for a canonical tag whatever
    the split); a `c` element with any other prefix; a comment, CDATA or processing
    instruction; and the end of the sheet data (the first match decides)."""
    open_c = re.escape("<" + prefix + "c")
    tag = rf'{open_c} r="{_LETTER}{_ROW}"'
    not_canonical = (
        rf'{open_c}(?:[\t\n\r/>]| [^r]| r[^=]| r=[^"]| r="[^A-Za-z]'
        rf'| r="{_LETTER}[^0-9]'
        rf'| r="{_LETTER}(?:[0-9]{{8}}|[2-9][0-9]{{6}}|1[1-9][0-9]{{5}}|10[5-9][0-9]{{4}}|0[0-9]{{6}})'
        rf'| r="{_LETTER}{_ROW}[^0-9"])'
        rf'|{tag}(?: [st]="{_VALUE}"){{0,2}}(?:[^ />]| [^st]| [st][^=]| [st]=[^"]'
        r'| [st]="[^"]{0,40}[<>]| [st]="[^"<>]{41}|/[^>])'
        rf'|{tag}(?: [st]="{_VALUE}"){{2}} '
    )
    if prefix:
        # Any c element but `<x:c` (and its end tag): unprefixed, or `:c` after other bytes.
        name = prefix[:-1]
        others = "|".join([f"[^{re.escape(name[-1 - i])}]{re.escape(name[len(name) - i:])}"
                           for i in range(len(name))] + [f"[^</]{re.escape(name)}"])
        elements = rf'<c[\t\n\r />]|(?:{others}):c[\t\n\r />]'
    else:
        elements = r':c[\t\n\r />]'
    return rf'{not_canonical}|{elements}|<!|<\?|</(?:[^\t\n\r />]*:)?sheetData'


_FAST = fast_pattern()
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\t\n\r />]")
_END_OF_DATA = re.compile(rb"</(?:[^\t\n\r />]*:)?sheetData")


@dataclass(frozen=True)
class Grid:
    """What calamine will allocate for a sheet: rows x columns (0 x 0 for no cell)."""

    rows: int
    columns: int
    far_cell: str = ""          # the cell that sets the bound, as Excel names it

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _binary(data: bytes):
    import numpy as np
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])


def _first(data: bytes, pattern: str) -> int:
    import pyarrow.compute as pc

    return pc.find_substring_regex(_binary(data), pattern=pattern)[0].as_py()


_searches: ThreadPoolExecutor | None = None
_searches_made = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Threads for the RE2 searches (they release the GIL): the calling thread inflates while
    these search the pieces before, so a large sheet is checked on every core."""
    global _searches
    with _searches_made:
        if _searches is None:
            _searches = ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4),
                                           thread_name_prefix="sheet-scan")
    return _searches


def scan_sheet(pieces: Iterable[bytes]) -> bool:
    """True when every cell of the sheet data in `pieces` is written canonically (see the module
    docstring), i.e. the grid is at most 1 049 999 x 26; False when `exact_grid` must decide.

    Each piece is searched on its own (in the pool, while the next one is inflated), and so is
    each seam: the last _OVERLAP bytes of a piece with the first _OVERLAP of the next. Every
    alternative of the pattern ends on the byte that breaks the rule and is shorter than
    _OVERLAP, so a place cut by a seam is found whole in the seam."""
    started = False
    tail = b""
    pattern = _FAST
    pending: deque[tuple[bytes, int, Future]] = deque()   # (text, offset of text in its piece)

    def verdict(text: bytes, found: int) -> bool | None:
        if found < 0:
            return None
        return bool(_END_OF_DATA.match(text, found))      # calamine stops reading cells there

    def settle(limit: int) -> bool | None:
        while len(pending) > limit or (pending and pending[0][2].done()):
            text, _, future = pending.popleft()
            decided = verdict(text, future.result())
            if decided is not None:
                return decided
        return None

    try:
        for piece in pieces:
            if not started:
                data = tail + piece
                at = data.find(b"sheetData")
                if at < 0:
                    tail = data[-16:]
                    continue
                root = _ROOT.search(data, 0, at)
                prefix = root.group(1).decode("ascii") + ":" if root and root.group(1) else ""
                pattern = fast_pattern(prefix) if prefix else _FAST
                started, piece, tail = True, data[at + len(b"sheetData"):], b""
            if tail:
                seam = tail + piece[:_OVERLAP]
                pending.append((seam, 0, _pool().submit(_first, seam, pattern)))
            pending.append((piece, 0, _pool().submit(_first, piece, pattern)))
            tail = piece[-_OVERLAP:]
            decided = settle(6)
            if decided is not None:
                return decided
        decided = settle(0)
        if decided is not None:
            return decided
    finally:
        for _, _, future in pending:
            future.cancel()
    return True


# --- the exact bound: calamine's rules, token by token ---------------------------------------

_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<[!?]"
    rb"|<(/?)((?:[^\t\n\r />!?:]*:)?(?:c|row|sheetData))(?=[\t\n\r />])"
    rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTR = re.compile(rb"([^\t\n\r =]+)[\t\n\r ]*=[\t\n\r ]*(?:\"([^\"]*)\"|'([^']*)')")
_MAX_BUFFER = 32 << 20


_REFERENCE = re.compile(rb"([A-Za-z]*)([0-9]+)")
_COLUMNS: dict[bytes, int] = {}


def _reference(text: bytes, need_column: bool) -> tuple[int, int | None] | None:
    """calamine's `get_row_column`/`get_row` on an `r` value: (row, column) 0-based, None when
    calamine fails on it (which stops the whole sheet, harmlessly)."""
    match = _REFERENCE.fullmatch(text)
    if not match:
        return None
    letters, digits = match.groups()
    row = int(digits)
    if row == 0:
        return None
    column = _COLUMNS.get(letters)
    if column is None:
        column = 0
        for letter in letters.upper():
            column = column * 26 + letter - 64
        if len(_COLUMNS) < 100_000:
            _COLUMNS[letters] = column
    if need_column and column == 0:
        return None
    return row - 1, (column - 1 if column else None)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (the reader's column letters too: read/excel.py)."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Calamine:
    """The position state of calamine's cell reader, fed one tag at a time."""

    def __init__(self) -> None:
        self.row = self.column = 0
        self.in_data = self.done = False
        self.in_cell = False                    # inside <c>..</c>: calamine's inner loop
        self.max_row = self.max_column = -1
        self.min_column = None
        self.far = ""

    def tag(self, closing: bool, name: bytes, rest: bytes) -> None:
        local = name.rsplit(b":", 1)[-1]
        empty = rest.endswith(b"/")
        if self.in_cell:
            if closing and local == b"c":
                self.in_cell = False
            return
        if not self.in_data:
            if local == b"sheetData" and not closing:
                self.in_data = True
                self.done = empty
            return
        if local == b"sheetData" and closing:
            self.done = True
        elif local == b"row":
            if not closing:
                value = self._last(rest, b"r")
                if value is not None:
                    position = _reference(value, need_column=False)
                    if position is None:
                        raise ScanStop("oläslig")
                    self.row = position[0]
            if closing or empty:
                self.row += 1
                self.column = 0
        elif local == b"c" and not closing:
            value = self._last(rest, b"r")
            if value is not None:
                position = _reference(value, need_column=True)
                if position is None:
                    raise ScanStop("oläslig")
                row, column = position
                self.column = column
            else:
                row, column = self.row, self.column
            if not empty:
                self.in_cell = True
                self._cell(row, column)
            self.column += 1

    @staticmethod
    def _last(rest: bytes, key: bytes) -> bytes | None:
        """The value of the last attribute named `key` (calamine keeps the last)."""
        value = None
        for name, double, single in _ATTR.findall(rest):
            if name == key:
                value = double if double or not single else single
        return value

    def _cell(self, row: int, column: int) -> None:
        if row > self.max_row:
            self.max_row = row
        if column > self.max_column:
            self.max_column = column
        if self.min_column is None or column < self.min_column:
            self.min_column = column
        rows, columns = self.max_row + 1, self.max_column - self.min_column + 1
        if row >= EXCEL_ROWS or column >= EXCEL_COLUMNS or rows * columns > MAX_GRID_CELLS:
            self.far = f"{column_letter(column)}{row + 1}"
            raise ScanStop("rutnät", grid=Grid(rows, columns, self.far))

    def grid(self) -> Grid:
        if self.max_row < 0:
            return Grid(0, 0)
        return Grid(self.max_row + 1, self.max_column - self.min_column + 1, self.far)


def exact_grid(pieces: Iterable[bytes]) -> Grid:
    """The grid calamine will allocate for the sheet in `pieces`; ScanStop("rutnät") at the
    first cell that takes it past MAX_GRID_CELLS or outside Excel's A1:XFD1048576."""
    state = _Calamine()
    buffer = b""
    for piece in pieces:
        buffer += piece
        end = 0
        tag = state.tag
        for match in _TOKEN.finditer(buffer):
            closing, name, rest = match.groups()
            if name is None:
                # A comment, CDATA, processing instruction or DOCTYPE: Excel writes none in the
                # cells, and quick-xml reads some differently from us, so none is let through.
                if state.in_data or match.group(0) in (b"<!", b"<?"):
                    raise ScanStop("oläslig")
            else:
                tag(bool(closing), name, rest)
                if state.done:
                    return state.grid()
            end = match.end()
        last = buffer.rfind(b"<")
        buffer = buffer[max(end, last if last >= end else len(buffer)):]
        if len(buffer) > _MAX_BUFFER:
            raise ScanStop("token")
    return state.grid()
