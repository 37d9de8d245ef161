"""The Swedish messages about a template's tags, shared by rendering (`word`) and `check`.

Each names what the ekonom sees in Word (the tag as written, the field's name) and says what to
do; Jinja's and Python's own messages are only read here, never shown.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError

from pipeline.render import template_sandbox as sandbox

LIST_POSITION = re.compile(r"has no element (\d+)")
_SHOWN_LEFTOVERS = 5


class TemplateError(Exception):
    """The Word template cannot be used. The message is Swedish, names the file and says what to do."""


# What a tag's own expression can raise (`{{ 1/0 }}`, `{{ "a" - 1 }}`, a macro calling itself).
TAG_ERRORS = (ArithmeticError, TypeError, ValueError, LookupError, RecursionError)


def refused_message(template: Path, error: SecurityError, source: str | None) -> str:
    """The Swedish message for a tag the sandbox refused, naming the template and the tag."""
    detail, too_much = sandbox.refusal_detail(error)
    tag = sandbox.failing_tag(error, source)
    if too_much:
        return (f"Word-mallen {template} har en tagg som kräver för mycket{shown(tag, ':')} ({detail}). "
                "Förenkla taggen; en mall behöver bara skriva ut rapportens data.")
    return (f"Word-mallen {template} har en tagg som inte är tillåten{shown(tag, ':')} ({detail}). En mall "
            "kan bara skriva ut rapportens data (namnen i docs/report-context.md), inte köra kod. "
            "Ta bort eller rätta taggen i mallen.")


def shown(tag: str, before: str = "") -> str:
    """' "{{ tag }}"' to name a tag in a message (after `before`), or '' when it is not known."""
    return f'{before} "{tag}"' if tag else ""


def tag_error_text(error: BaseException) -> str:
    """What went wrong in a tag's expression, in Swedish (never Python's own message)."""
    if isinstance(error, ZeroDivisionError):
        return "division med noll"
    if isinstance(error, RecursionError):
        return "ett makro anropar sig självt för många gånger"
    if isinstance(error, OverflowError):
        return "ett för stort tal"
    if isinstance(error, LookupError):
        return "en plats eller ett namn som inte finns"
    return "värden av fel slag för uträkningen"


def missing_name(error: jinja2.UndefinedError) -> str:
    """Describe the missing value from a Jinja message, in Swedish."""
    message = str(error)
    for pattern, text in (
        (r"has no attribute '([^']+)'", 'fältet "{}"'),
        (r"^'([^']+)' is undefined", 'fältet "{}"'),
        (LIST_POSITION.pattern, "plats [{}] i en lista (som i cells[{}])"),
    ):
        match = re.search(pattern, message)
        if match:
            return text.format(match.group(1), match.group(1))
    return f"ett värde ({message})"


def near_text(error: jinja2.TemplateSyntaxError) -> str:
    """' nära texten "…"' from the template text docxtpl attaches to the error, or ''."""
    lines = [line.strip() for line in getattr(error, "docx_context", ()) if line.strip()]
    return f' nära texten "{" ".join(lines)[:120]}"' if lines else ""


def leftover_message(template: Path, leftovers: list[str]) -> str:
    """Swedish message listing (some of) the paragraphs with unreplaced tags."""
    shown = "; ".join(f'"{text[:100]}"' for text in leftovers[:_SHOWN_LEFTOVERS])
    more = len(leftovers) - _SHOWN_LEFTOVERS
    extra = f" och {more} till" if more > 0 else ""
    return (
        f"Word-mallen {template} har taggar som inte ersattes: {shown}{extra}. Skriv om taggen "
        "i Word med samma formatering på hela taggen, med mellanslag innanför klamrarna, "
        "t.ex. {{ dokument.titel }}."
    )
