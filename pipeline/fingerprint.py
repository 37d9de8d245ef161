"""A digest of a value that is the same in every process for equal values.

`pickle` is not: a set's order depends on the process's string hashing, so two runs on the same
inputs pickle their settings differently. `digest` walks the value instead, the way it is built
(dataclasses field by field, dicts and lists in their order, sets sorted, tables by their
columns, types and cell hashes) and refuses, with `Unfingerprintable`, anything it cannot read
that way (an open file, a lock, a value that holds itself): a caller that cannot get a digest
does the work instead of trusting one.

Used to tell whether a nämnd's published documents are still what its inputs make
(`pipeline.render.unchanged`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import enum
import hashlib
from pathlib import PurePath
from typing import Any


class Unfingerprintable(TypeError):
    """The value holds something `digest` cannot read in a stable way."""


def digest(*values: Any) -> str:
    """The hex SHA-256 of `values`, equal for equal values in every process."""
    hasher = hashlib.sha256()
    for value in values:
        _feed(hasher, value, set())
    return hasher.hexdigest()


def _feed(hasher, value: Any, open_ids: set[int]) -> None:
    """Write a tagged, length-prefixed encoding of `value` into `hasher`."""
    kind = type(value)
    if value is None or kind is bool:
        _put(hasher, "c", repr(value).encode())
    elif kind is int:
        _put(hasher, "i", str(value).encode())
    elif kind is float:
        _put(hasher, "f", value.hex().encode())
    elif kind is str:
        _put(hasher, "s", value.encode("utf-8", "surrogatepass"))
    elif kind in (bytes, bytearray, memoryview):
        _put(hasher, "b", bytes(value))
    elif isinstance(value, enum.Enum):
        _put(hasher, "e", _type_name(kind).encode())
        _feed(hasher, value.value, open_ids)
    elif isinstance(value, (int, float, str)):         # a subclass (numpy's float64, Markup): its value
        _put(hasher, "x", _type_name(kind).encode())
        _feed(hasher, _plain(value), open_ids)
    elif isinstance(value, (dt.date, dt.time, dt.timedelta, decimal.Decimal, PurePath, complex)):
        _put(hasher, "r", f"{_type_name(kind)}:{value!r}".encode())
    else:
        _feed_container(hasher, value, open_ids)


def _feed_container(hasher, value: Any, open_ids: set[int]) -> None:
    if id(value) in open_ids:
        raise Unfingerprintable(f"{_type_name(type(value))} holds itself")
    open_ids.add(id(value))
    try:
        if isinstance(value, dict):
            _put(hasher, "d", str(len(value)).encode())
            for key, item in value.items():
                _feed(hasher, key, open_ids)
                _feed(hasher, item, open_ids)
        elif isinstance(value, (list, tuple)):
            _put(hasher, "l" if isinstance(value, list) else "t", _type_name(type(value)).encode())
            _put(hasher, "n", str(len(value)).encode())
            for item in value:
                _feed(hasher, item, open_ids)
        elif isinstance(value, (set, frozenset)):
            _put(hasher, "S", str(len(value)).encode())
            for item_digest in sorted(digest(item) for item in value):
                _put(hasher, "h", item_digest.encode())
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            _put(hasher, "D", _type_name(type(value)).encode())
            for field in dataclasses.fields(value):
                _put(hasher, "k", field.name.encode())
                _feed(hasher, getattr(value, field.name), open_ids)
        else:
            _feed_other(hasher, value, open_ids)
    finally:
        open_ids.discard(id(value))


def _feed_other(hasher, value: Any, open_ids: set[int]) -> None:
    """Tables and arrays by their content; functions and classes by name; nothing else."""
    import numpy as np
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        _put(hasher, "F", str(value.shape).encode())
        _feed(hasher, [str(column) for column in value.columns], open_ids)
        _feed(hasher, [str(dtype) for dtype in value.dtypes], open_ids)
        _feed_hashes(hasher, value)
    elif isinstance(value, pd.Series):
        _put(hasher, "P", f"{value.name!r}:{value.dtype}:{len(value)}".encode())
        _feed_hashes(hasher, value.to_frame())
    elif isinstance(value, pd.Index):
        _put(hasher, "I", f"{value.dtype}:{len(value)}".encode())
        _feed_hashes(hasher, value.to_frame(index=False))
    elif isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            _feed(hasher, value.tolist(), open_ids)
        else:
            _put(hasher, "A", f"{value.dtype.str}:{value.shape}".encode())
            _put(hasher, "a", np.ascontiguousarray(value).tobytes())
    elif isinstance(value, np.generic):
        _feed(hasher, value.item(), open_ids)
    elif value is pd.NA:
        _put(hasher, "c", repr(value).encode())
    elif isinstance(value, type) or callable(value) and hasattr(value, "__qualname__"):
        _put(hasher, "q", f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode())
    else:
        raise Unfingerprintable(f"cannot fingerprint a {_type_name(type(value))}")


def _feed_hashes(hasher, frame) -> None:
    """Every cell of `frame`, with its index, as pandas' own stable 64-bit hashes per row; a cell
    pandas cannot hash (a list in an object column) is hashed as its text. pandas hashes an object
    column's cells as text, so there each cell's type goes in too (1 and "1" print differently)."""
    import pandas as pd

    try:
        rows = pd.util.hash_pandas_object(frame, index=True, categorize=False)
    except TypeError:
        rows = pd.util.hash_pandas_object(frame.astype(str), index=True, categorize=False)
    _put(hasher, "H", rows.to_numpy().tobytes())
    for position, dtype in enumerate(frame.dtypes):
        if dtype == object:
            kinds = "\0".join(type(cell).__qualname__ for cell in frame.iloc[:, position].tolist())
            _put(hasher, "T", kinds.encode())


def _plain(value):
    for base in (bool, int, float, str):
        if isinstance(value, base):
            return base(value)
    raise Unfingerprintable(f"cannot fingerprint a {_type_name(type(value))}")


def _put(hasher, tag: str, data: bytes) -> None:
    hasher.update(tag.encode())
    hasher.update(len(data).to_bytes(8, "little"))
    hasher.update(data)


def _type_name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"
