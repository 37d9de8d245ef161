"""Export a .docx to tagged PDF/UA with LibreOffice, updating the table of contents first.

Run as a script by the Python that comes with LibreOffice's UNO bridge (not the project's
Python, which has no `uno` module): `pipeline.render.pdf` starts it in a subprocess as

    python3 lo_export.py SOFFICE INPUT.docx OUTPUT.pdf PROFILE_DIR

`soffice --convert-to pdf` alone keeps the table of contents as it was saved (empty in a
rendered template); only an index update through UNO fills it with the headings and the page
numbers of the laid-out document. This file imports nothing from the project.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue

CONNECT_SECONDS = 60
CONTENTS_SUFFIX = ".innehall.jsonl"     # beside the PDF: the table of contents' entries
PDF_OPTIONS = {
    "UseTaggedPDF": True,            # structure tree: headings, tables, figures with alt text
    "PDFUACompliance": True,         # PDF/UA-1 identification and its checks
    "ExportBookmarks": True,         # outline from the headings
    "UseLosslessCompression": True,  # charts stay sharp (no JPEG)
    "ReduceImageResolution": False,
}


def _property(name, value):
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main(soffice, source, target, profile):
    # SIGTERM (sent by Linux when the program dies, PR_SET_PDEATHSIG) is taken by a thread of its
    # own: the main thread may be blocked in a call to an office that will never answer.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    pipe = f"pipeline_pdf_{os.getpid()}"
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         "--nolockcheck", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM}),
    )
    # LibreOffice is a launcher and soffice.bin in a process group of their own: ended together,
    # also when the program dies.
    threading.Thread(target=_end_on_sigterm, args=(office,), daemon=True).start()
    try:
        context = _connect(pipe, office)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0, (_property("Hidden", True),))
        indexes = document.getDocumentIndexes()
        for number in range(indexes.getCount()):
            index = indexes.getByIndex(number)
            if index.supportsService("com.sun.star.text.ContentIndex"):
                _from_heading_styles(index)
            index.update()
        document.getTextFields().refresh()
        _write_contents(document, target + CONTENTS_SUFFIX)
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue",
                              tuple(_property(k, v) for k, v in PDF_OPTIONS.items()))
        document.storeToURL(uno.systemPathToFileUrl(target),
                            (_property("FilterName", "writer_pdf_Export"),
                             _property("FilterData", filter_data)))
        document.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass                     # the bridge closes as the office quits
        office.wait(timeout=60)
    finally:
        _end(office)


def _write_contents(document, path):
    """The table of contents as laid out here, for the .docx (`pipeline.render.contents`): one
    JSON line per entry, [level, text, page]; nothing when the document has none."""
    lines = []
    paragraphs = document.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if not paragraph.supportsService("com.sun.star.text.Paragraph"):
            continue
        style = paragraph.ParaStyleName
        if not (style.startswith("Contents ") and style[9:].isdigit()):
            continue
        text, _, page = paragraph.getString().rpartition("\t")
        lines.append(json.dumps([int(style[9:]), text, page], ensure_ascii=False))
    if lines:
        with open(path, "w", encoding="utf-8") as file:
            file.write("\n".join(lines) + "\n")


def _from_heading_styles(index):
    """A table of contents lists the Heading 1..n styles (n: the field's levels), as Word's
    `TOC \\o "1-2"` does without \\u; LibreOffice would list every paragraph with an outline
    level, and the title and the contents heading have one (they are headings in the tag tree)."""
    index.CreateFromOutline = False
    index.CreateFromLevelParagraphStyles = True
    styles = index.LevelParagraphStyles
    for level in range(styles.getCount()):
        names = (f"Heading {level + 1}",) if level < index.Level else ()
        uno.invoke(styles, "replaceByIndex", (level, uno.Any("[]string", names)))


def _end_on_sigterm(office):
    signal.sigwait({signal.SIGTERM})
    _end(office)
    os._exit(1)


def _end(office):
    """LibreOffice's whole process group, killed (the launcher leaves soffice.bin behind)."""
    try:
        os.killpg(office.pid, signal.SIGKILL)
    except OSError:
        pass
    office.wait()


if __name__ == "__main__":
    main(*sys.argv[1:5])
