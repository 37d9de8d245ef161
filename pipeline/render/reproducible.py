"""Making a .docx byte-reproducible: the same parts and timestamp give the same bytes.

Word and python-docx write zip entries in whatever order and with whatever times and
attributes the platform gives; `reproducible_docx` re-zips a document so that a re-run that
changes nothing gives a file that is byte-identical to the last one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

_ZIP_FIRST = ("[Content_Types].xml", "_rels/.rels")
_ZIP_LEVEL = 6


def reproducible_docx(data: bytes, timestamp: datetime) -> bytes:
    """Re-zip a .docx with a fixed entry order, entry time and compression.

    `[Content_Types].xml` and `_rels/.rels` come first (as Word writes them), the other parts
    in name order. Every entry gets `timestamp` as its time and the same attributes whatever
    the platform, so equal parts give equal bytes.
    """
    return reproducible_package(package_parts(data), timestamp)


def package_parts(data: bytes) -> dict[str, bytes]:
    """{part name: bytes} of a zip package (a .docx), in the package's order."""
    with ZipFile(BytesIO(data)) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


def reproducible_package(parts: Mapping[str, bytes], timestamp: datetime) -> bytes:
    """`reproducible_docx` of a package given as its parts."""
    date_time = _zip_date_time(timestamp)
    buffer = BytesIO()
    with ZipFile(buffer, "w") as target:
        for name in _entry_order(parts):
            target.writestr(_zip_info(name, date_time), parts[name], compresslevel=_ZIP_LEVEL)
    return buffer.getvalue()


def _entry_order(parts: Mapping[str, bytes]) -> list[str]:
    """The content-types and package relationships first, then all other parts by name."""
    first = [name for name in _ZIP_FIRST if name in parts]
    return first + sorted(name for name in parts if name not in _ZIP_FIRST)


def _zip_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> ZipInfo:
    """A zip entry header that does not depend on the platform or the clock."""
    info = ZipInfo(name, date_time=date_time)
    info.compress_type = ZIP_DEFLATED
    info.create_system = 0
    info.create_version = 20
    info.external_attr = 0
    return info


def _zip_date_time(timestamp: datetime) -> tuple[int, int, int, int, int, int]:
    """Zip entry time from the timestamp (zip times start in 1980 and have 2-second steps)."""
    moment = max(utc_naive(timestamp), datetime(1980, 1, 1))
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def utc_naive(timestamp: datetime) -> datetime:
    """An aware timestamp in UTC without tzinfo (as python-docx writes it); naive ones as given."""
    if timestamp.tzinfo is None:
        return timestamp.replace(microsecond=0)
    return timestamp.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)
