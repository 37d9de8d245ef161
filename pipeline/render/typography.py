"""Running text set as Swedish typography wants it, in every text a document prints.

Applied where a text enters a Word document (`word.py`): the context's strings (computed
sentences, the follow-up exports' comments, table cells) and the paragraphs of the organisation's
own Word texts. Three rules, and nothing else is touched:

- **An amount never breaks across lines.** The digit groups of a number ("600 000") and the
  space between a number and its unit ("600 000 kronor", "5,9 mnkr", "4,3 procent") become
  non-breaking spaces (U+00A0).
- **One percent style**: "4,3%", "4,3 %" and "4,3 %" (narrow NBSP) all print "4,3 %", the sign
  after a non-breaking space (`numbers.PERCENT_SIGN`), as the tables and charts do.
- **Swedish quotation marks**: straight (") and English opening (“) quotation marks become ”, the
  mark Swedish uses on both sides (Språkrådet, Svenska skrivregler).

Every rule replaces one character by a short text, so a paragraph whose text Word splits over
several runs is set as one text and each run keeps its own formatting (`typeset_paragraph`).
"""

from __future__ import annotations

import re

from pipeline.numbers import NBSP, PERCENT_SIGN

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACES = " \u202f\u00a0"
# Units an amount or a share is written with in running text.
UNITS = ("kronor", "kr", "tkr", "mnkr", "mkr", "mdkr", "miljoner", "miljarder", "öre", "procentenheter",
         "procent")
# A number's thousands groups: 1–3 digits not after a digit or decimal comma, then groups of three.
_GROUPS = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u202f]\d{3})+(?!\d)")
_UNIT = re.compile(r"\d([ \u202f])(?:" + "|".join(UNITS) + r")\b")
_PERCENT = re.compile(r"\d([ \u202f\u00a0]?)%")
_QUOTES = re.compile("[\"\u201c]")


def _edits(text: str) -> dict[int, str]:
    """Position in `text` -> what the character there becomes."""
    edits: dict[int, str] = {}
    for match in _GROUPS.finditer(text):
        for i in range(match.start(), match.end()):
            if text[i] in _SPACES:
                edits[i] = NBSP
    for match in _UNIT.finditer(text):
        edits[match.start(1)] = NBSP
    for match in _PERCENT.finditer(text):
        if match.group(1):
            edits[match.start(1)] = NBSP
        else:
            edits[match.end() - 1] = PERCENT_SIGN
    for match in _QUOTES.finditer(text):
        edits[match.start()] = "\u201d"
    return edits


def running_text(text: str) -> str:
    """`text` with non-breaking amounts, one percent style and Swedish quotation marks."""
    edits = _edits(text)
    if not edits:
        return text
    return "".join(edits.get(i, char) for i, char in enumerate(text))


def typeset_paragraph(paragraph) -> None:
    """A Word paragraph (w:p) set by `running_text` as one text over all its runs, in place."""
    nodes = [node for node in paragraph.iter(f"{_W}t") if node.text]
    edits = _edits("".join(node.text for node in nodes))
    if not edits:
        return
    offset = 0
    for node in nodes:
        text = node.text
        node.text = "".join(edits.get(offset + i, char) for i, char in enumerate(text))
        offset += len(text)


def typeset_body(body) -> None:
    """Every paragraph of a Word body (w:body, or any element holding paragraphs), in place."""
    for paragraph in body.iter(f"{_W}p"):
        typeset_paragraph(paragraph)
