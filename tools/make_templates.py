"""Build the default Word templates: one per report type (pipeline/templates/manadsuppfoljning.docx,
tertialrapport.docx, delarsrapport.docx, arsredovisning.docx) and tjansteskrivelse.docx.

Run from the project root:  .venv/bin/python tools/make_templates.py   (or: make templates)

The output stands in for .docx files made in Word with docxtpl's Jinja tags: everything a
municipality may want to change (heading texts, the order of sections, table styles, which rows
are bold, widths) is ordinary Word content in those files, and can be edited in Word afterwards.
The script only writes them once, reproducibly (a re-run gives byte-identical output). The
names the tags may use are in docs/report-context.md.

Accessibility (DOS-lagen) is built in: Swedish document language, real Heading 1-3 styles
numbered by Word's own heading numbering (a multi-level list linked to the styles, not numbers
typed in the text, so that a section left out leaves no gap), a table of contents field that
Word refreshes on opening, table header rows marked (repeated on each page, announced by screen
readers) and a caption on every table, no merged cells, no empty paragraphs for spacing (spacing
is in the styles), and pictures only through the context's charts, which carry their text
alternative.

A section whose inputs are missing (no Word text, no follow-up rows, no staff section) is left
out whole: its `{%p if %}` condition is the one pipeline/render/sections.py declares, which also
tells the ekonom which sections were left out and why.

The parts are in tools/templates/ (package, styles, numbering, tables, blocks, and one module for
the report types, the memo and the overview); this script writes the files.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script, without installing the package
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ (its templates package), also when a test loads this file

from pipeline.render import overview  # noqa: E402
from pipeline.render.word import DEFAULT_MEMO_TEMPLATE  # noqa: E402
from templates.document import document_bytes  # noqa: E402
from templates.memo import MEMO_TITLE, tjansteskrivelse_template  # noqa: E402
from templates.overview import OVERVIEW_TITLE, overview_template  # noqa: E402
from templates.report import REPORT_LAYOUTS, report_template  # noqa: E402


def main() -> None:
    """Build the templates and write them next to the package code."""
    for path, data in {**all_template_bytes(), overview.TEMPLATE: overview_template_bytes()}.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"Skrev {path.relative_to(ROOT)}")


def all_template_bytes() -> dict[Path, bytes]:
    """Every shipped template (the report types' and the memo's) as reproducible .docx bytes."""
    files = {layout.path: document_bytes(report_template(layout), layout.title) for layout in REPORT_LAYOUTS}
    files[DEFAULT_MEMO_TEMPLATE] = memo_template_bytes()
    return files


def overview_template_bytes() -> bytes:
    """The kommun's overview template (pipeline/templates/oversikt/kommunoversikt.docx)."""
    return document_bytes(overview_template(), OVERVIEW_TITLE)


def memo_template_bytes() -> bytes:
    """The tjänsteskrivelse template as reproducible .docx bytes."""
    return document_bytes(tjansteskrivelse_template(), MEMO_TITLE)


if __name__ == "__main__":
    main()
