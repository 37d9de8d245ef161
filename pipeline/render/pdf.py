"""Tagged PDF/UA from the rendered .docx, through LibreOffice (when it is installed).

LibreOffice lays out the document, updates the table of contents (so the PDF has the headings
and their page numbers) and exports a tagged PDF that declares PDF/UA-1, with the document's
language, title and the pictures' text alternatives. That needs LibreOffice's Python bridge
(UNO): `lo_export.py` runs in the Python that has it, in a subprocess, with its own temporary
LibreOffice profile, so it neither disturbs nor depends on an office the user has open.

After the export, two repairs of LibreOffice 7.4's tag tree: a page's annotation order as the
name /Tabs /S (it writes the string "(S)", which PDF/UA validators reject), and each list item's
label as its own Lbl element (`pdf_tags.with_list_labels`). The table of contents LibreOffice laid
out is handed back too, so that the .docx can show it (`contents.with_filled_contents`).

Reproducible: LibreOffice writes the export time and a time-based document ID into the PDF;
`reproducible_pdf` replaces them with the report's fixed timestamp and an ID computed from the
content (same length, so the cross-reference offsets stay valid). With the same LibreOffice
version and fonts, the same .docx then gives byte-identical PDFs; another LibreOffice version or
other installed fonts can lay out differently, so across machines only the .docx is promised.

Nothing outlives the program: Linux sends the export SIGTERM when the program dies
(PR_SET_PDEATHSIG), and the export then kills its LibreOffice's whole process group; LibreOffice's
own temporary files go into the export's temporary folder, which is named after the program's
process, so a later export removes the folder of one that was killed (kill -9 runs no `finally`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from pipeline import processes
from pipeline.render.pdf_tags import with_list_labels

EXPORT_SCRIPT = Path(__file__).with_name("lo_export.py")
CONTENTS_SUFFIX = ".innehall.jsonl"       # lo_export.py's; it imports nothing from the project
FOLDER_PREFIX = "pipeline-pdf-"
_FOLDER = re.compile(rf"{FOLDER_PREFIX}(\d+)-")
TIMEOUT_SECONDS = 300
_SOFFICE_PLACES = (
    "/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_INFO_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


class PdfUnavailable(Exception):
    """No PDF could be made. The message is Swedish and says what to install or do."""


def pdf_from_docx(docx: bytes, *, timestamp: datetime) -> bytes:
    """The .docx as a tagged PDF/UA with an updated table of contents, reproducibly stamped."""
    return pdf_and_contents(docx, timestamp=timestamp)[0]


def pdf_and_contents(docx: bytes, *, timestamp: datetime) -> tuple[bytes, list[tuple[int, str, str]]]:
    """`pdf_from_docx`, and the table of contents as LibreOffice laid it out: (level, text,
    page) per entry, [] when the document has none (for `contents.with_filled_contents`)."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(
            "PDF skrevs inte: LibreOffice finns inte på den här datorn. Installera LibreOffice "
            "(på Debian/Ubuntu: apt-get install libreoffice-writer-nogui python3-uno) och kör "
            "igen. Word-dokumenten är skrivna som vanligt."
        )
    python = find_uno_python(soffice)
    if python is None:
        raise PdfUnavailable(
            "PDF skrevs inte: LibreOffice finns, men inte dess Python-koppling (UNO), som behövs "
            "för att fylla i innehållsförteckningen. Installera den (på Debian/Ubuntu: apt-get "
            "install python3-uno) och kör igen. Word-dokumenten är skrivna som vanligt."
        )
    _remove_folders_of_ended_runs()
    with tempfile.TemporaryDirectory(prefix=f"{FOLDER_PREFIX}{os.getpid()}-") as folder:
        source, target = Path(folder, "dokument.docx"), Path(folder, "dokument.pdf")
        source.write_bytes(docx)
        try:
            subprocess.run(
                [python, str(EXPORT_SCRIPT), soffice, str(source), str(target), str(Path(folder, "profil"))],
                check=True, timeout=TIMEOUT_SECONDS, capture_output=True,
                env={**os.environ, "TZ": "UTC", "SAL_USE_VCLPLUGIN": "svp", "TMPDIR": folder},
                preexec_fn=processes.terminated_with_parent if os.name == "posix" else None,
            )
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(
                f"PDF skrevs inte: LibreOffice blev inte klart på {TIMEOUT_SECONDS} sekunder. "
                "Stäng LibreOffice om det är öppet och kör igen."
            ) from error
        except subprocess.CalledProcessError as error:
            raise PdfUnavailable(
                "PDF skrevs inte: LibreOffice kunde inte göra om dokumentet till PDF "
                f"(tekniskt fel: {_last_line(error.stderr)}). Word-dokumenten är skrivna som vanligt."
            ) from error
        if not target.is_file():
            raise PdfUnavailable("PDF skrevs inte: LibreOffice skrev ingen PDF-fil. Kör igen.")
        pdf = reproducible_pdf(with_list_labels(with_tab_order(target.read_bytes())), timestamp)
        return pdf, _contents(Path(str(target) + CONTENTS_SUFFIX))


def _contents(path: Path) -> list[tuple[int, str, str]]:
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        level, text, page = json.loads(line)
        entries.append((int(level), str(text), str(page)))
    return entries


def _remove_folders_of_ended_runs() -> None:
    """The temporary folders of exports whose program is gone (killed before it could clean up)."""
    try:
        folders = list(Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"))
    except OSError:
        return
    for folder in folders:
        found = _FOLDER.match(folder.name)
        if found and not processes.alive(int(found[1])):
            shutil.rmtree(folder, ignore_errors=True)


def find_soffice() -> str | None:
    """LibreOffice's program, from PATH or its usual install places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _SOFFICE_PLACES if Path(place).is_file()), None)


def find_uno_python(soffice: str) -> str | None:
    """A Python that can `import uno`: LibreOffice's own (Windows, macOS) or the system's."""
    program = Path(soffice).resolve().parent
    candidates = [program / "python.exe", program / "python", program.parent / "Resources" / "python",
                  shutil.which("python3"), "/usr/bin/python3", sys.executable]
    for candidate in dict.fromkeys(str(c) for c in candidates if c):
        if Path(candidate).is_file() and _imports_uno(candidate):
            return candidate
    return None


def _imports_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def reproducible_pdf(data: bytes, timestamp: datetime) -> bytes:
    """Replace the export time with `timestamp` and the document ID with a content hash.

    Every replacement keeps its length, so the PDF's byte offsets stay valid.
    """
    moment = timestamp.astimezone(timezone.utc) if timestamp.tzinfo else timestamp
    info = moment.strftime("%Y%m%d%H%M%S").encode()
    xmp = moment.strftime("%Y-%m-%dT%H:%M:%S").encode()
    data = _INFO_DATE.sub(lambda m: m.group(1) + info, data)
    data = _XMP_DATE.sub(lambda m: m.group(1) + xmp, data)
    zeroed = _CHECKSUM.sub(lambda m: _hex_groups(m, b""), _ID.sub(lambda m: _hex_groups(m, b""), data))
    digest = hashlib.md5(zeroed).hexdigest().upper().encode()
    with_id = _ID.sub(lambda m: _hex_groups(m, digest), zeroed)
    return _CHECKSUM.sub(lambda m: _hex_groups(m, digest), with_id)


def with_tab_order(data: bytes) -> bytes:
    """A page's annotation order as a name, /Tabs /S (PDF/UA-1 7.18.3): LibreOffice 7.4 writes
    it as the string (S), which a validator and a screen reader do not take as the structure
    order. Same length, so the cross-reference offsets stay valid."""
    return data.replace(b"/Tabs(S)", b"/Tabs/S ")


def _hex_groups(match: re.Match, digest: bytes) -> bytes:
    """The match with each hex group replaced by `digest` (zeros when empty), same length."""
    text, offset, pieces, last = match.group(0), match.start(), [], 0
    for group in range(1, (match.lastindex or 0) + 1):
        start, end = (position - offset for position in match.span(group))
        width = end - start
        filler = (digest * (width // len(digest) + 1))[:width] if digest else b"0" * width
        pieces += [text[last:start], filler]
        last = end
    return b"".join(pieces) + text[last:]


def _last_line(stderr: bytes | None) -> str:
    lines = (stderr or b"").decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else "okänt fel"
