"""Checking a Word template without the report's data (`python -m pipeline kontrollera`).

`template_problems` finds unreadable or unclosed tags, tags split in Word so that they render
oddly, and names the contract (docs/report-context.md) does not have, as problems located in the
template's file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

import jinja2
from jinja2.exceptions import SecurityError
from lxml import etree

from pipeline.problems import Location, Problem, Severity
from pipeline.render import template_sandbox as sandbox
from pipeline.render.column_loops import COLUMN_LOOP_ADVICE
from pipeline.render.reproducible import package_parts
from pipeline.render.template_messages import (
    LIST_POSITION, TAG_ERRORS, leftover_message, missing_name, near_text, shown, tag_error_text,
)
from pipeline.render.word import RENDERED_PARTS, TemplateError, leftover_tags, open_template, word_context

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENER = re.compile(r"\{[{%#]")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PARAGRAPH_TAG = re.compile(r"^\{[{%#](p|tr|tc)\s")
# Run properties that Word changes without the user seeing it; not a formatting difference.
_INVISIBLE_RUN_PROPERTIES = {f"{_W}{name}" for name in ("lang", "noProof", "rFonts", "spellStart")}


def template_problems(template: Path, contexts: Sequence[Mapping] | None = None) -> list[Problem]:
    """Everything wrong with a Word template, as problems located in the template's file.

    Checked without the report's data: the template must open as .docx; every tag must be
    readable and closed in its own paragraph; a tag Word split over text runs with different
    formatting is a warning (it renders with the first part's formatting); and rendering each
    of `contexts` (default: the contract's sample contexts, `pipeline.render.contract`) must use
    only names the context has and leave no tag behind. Messages are Swedish.
    """
    template = Path(template)
    where = Location(template.name)
    try:
        open_template(template)
    except TemplateError as error:
        return [Problem("mall-oppnas-inte", str(error).replace(f"{template} ", f"{template.name} "),
                        where)]
    paragraphs = _template_paragraphs(template)
    problems = _tag_shape_problems(paragraphs, where)
    if any(p.is_error for p in problems):
        return problems              # a broken tag makes the rendering messages misleading
    if contexts is None:
        from pipeline.render.contract import sample_contexts
        contexts = sample_contexts()
    tags = [tag for runs in paragraphs for tag in _TAG.findall("".join(text for text, _ in runs))]
    unknown: dict[str, None] = {}
    for context in contexts:
        for problem in _render_problems(template, context, where, unknown, tags):
            if problem not in problems:
                problems.append(problem)
    return problems


def _template_paragraphs(template: Path) -> list[list[tuple[str, bytes]]]:
    """Each paragraph of the rendered parts as a list of (text, run formatting) per run."""
    paragraphs = []
    with ZipFile(template) as package:
        for name in sorted(package.namelist()):
            if not RENDERED_PARTS.fullmatch(name):
                continue
            root = etree.fromstring(package.read(name))
            for paragraph in root.iter(f"{_W}p"):
                runs = []
                for run in paragraph.iter(f"{_W}r"):
                    text = "".join(node.text or "" for node in run.iter(f"{_W}t"))
                    if text:
                        runs.append((text, _visible_formatting(run)))
                paragraphs.append(runs)
    return paragraphs


def _visible_formatting(run) -> bytes:
    properties = run.find(f"{_W}rPr")
    if properties is None:
        return b""
    kept = [etree.tostring(child) for child in properties if child.tag not in _INVISIBLE_RUN_PROPERTIES]
    return b"".join(sorted(kept))


def _tag_shape_problems(paragraphs, where: Location) -> list[Problem]:
    """Unclosed tags, tags split over differently formatted runs, text beside paragraph tags."""
    problems = []
    for runs in paragraphs:
        text = "".join(part for part, _ in runs)
        position = 0
        while (match := _OPENER.search(text, position)) is not None:
            closer = _CLOSER[match.group()]
            end = text.find(closer, match.end())
            if end < 0:
                problems.append(Problem(
                    "mall-tagg-ej-stangd",
                    f'Taggen som börjar med "{_excerpt(text[match.start():])}" avslutas inte med '
                    f'{closer} i samma stycke.', where,
                    hint=f"Skriv hela taggen i ett och samma stycke, t.ex. {{{{ dokument.titel }}}}, "
                         f"och avsluta den med {closer}."))
                break
            tag = text[match.start(): end + len(closer)]
            if len(set(_formats_covering(runs, match.start(), end + len(closer)))) > 1:
                problems.append(Problem(
                    "mall-tagg-delad",
                    f'Taggen "{_excerpt(tag)}" har olika formatering på olika delar (Word har delat '
                    "den i flera textstycken); den skrivs ut med den första delens formatering.",
                    where, severity=Severity.WARNING,
                    hint="Markera hela taggen i Word och ge den en och samma formatering, eller "
                         "skriv om den i ett svep."))
            position = end + len(closer)
        stripped = _TAG.sub("", text).strip()
        if stripped and any(_PARAGRAPH_TAG.match(tag) for tag in _TAG.findall(text)):
            problems.append(Problem(
                "mall-text-vid-styckestagg",
                f'Stycket "{_excerpt(text)}" har text bredvid en tagg som {{%p …%}}, {{{{p …}}}} '
                "eller {%tr …%}; hela stycket ersätts, så texten kommer inte med.", where,
                severity=Severity.WARNING,
                hint="Lägg taggen i ett eget stycke (eller en egen tabellrad för {%tr %})."))
    return problems


def _formats_covering(runs, start: int, end: int) -> list[bytes]:
    formats, offset = [], 0
    for text, formatting in runs:
        if offset < end and offset + len(text) > start:
            formats.append(formatting)
        offset += len(text)
    return formats


def _render_problems(template: Path, context: Mapping, where: Location,
                     unknown: dict[str, None], tags: list[str]) -> list[Problem]:
    """Render once with a recording undefined; report unknown names, errors and leftovers."""
    found: list[str] = []
    document = open_template(template)
    environment = sandbox.environment(undefined=_recording_undefined(found))
    try:
        document.render(word_context(context, document), jinja_env=environment)
    except SecurityError as error:
        return [_refused_problem(error, environment.last_source, where)]
    except jinja2.TemplateSyntaxError as error:
        return [Problem("mall-tagg-oläslig", f"En tagg går inte att läsa{near_text(error)}.", where,
                        hint="Kontrollera att taggen står inom {{ }} eller {% %}, med mellanslag "
                             "innanför klamrarna, och att varje {% if %} och {% for %} avslutas "
                             "med {% endif %} och {% endfor %}.")]
    except TAG_ERRORS as error:
        tag = sandbox.failing_tag(error, environment.last_source)
        return [Problem("mall-kan-inte-fyllas", f"Taggen{shown(tag)} går inte att räkna ut "
                        f"({tag_error_text(error)}).", where,
                        hint="Rätta eller ta bort taggen; namnen som finns står i docs/report-context.md.")]
    except (jinja2.TemplateError, AttributeError) as error:
        return [Problem("mall-kan-inte-fyllas", f"Mallen kunde inte fyllas i ({error}).", where,
                        hint="Kontrollera taggarna mot docs/report-context.md.")]
    problems = [_forbidden_problem(tag, sandbox.forbidden_detail(name), where)
                for tag, name in sandbox.forbidden_names(environment)]     # also in branches not taken
    positions = sorted({int(m.group(1)) for m in map(LIST_POSITION.search, found) if m})
    if positions and "plats" not in unknown:
        unknown["plats"] = None
        places = " och ".join(", ".join(f"[{n}]" for n in positions).rsplit(", ", 1))
        report = context.get("dokument", {}).get("titel") or "en del rapporter"
        problems.append(Problem(
            "mall-fast-kolumn",
            f"Mallen hämtar tabellernas kolumner från fasta platser ({places}, som i "
            f"row.cells[{positions[-1]}]), men i {report} har tabellerna inte så många kolumner.",
            where, hint=COLUMN_LOOP_ADVICE))
    for message in dict.fromkeys(found):
        if LIST_POSITION.search(message):
            continue
        name = missing_name(jinja2.UndefinedError(message))
        if name in unknown:
            continue
        unknown[name] = None
        naming = _tags_naming(tags, message)
        in_tag = f' (i {", ".join(naming)})' if naming else ""
        problems.append(Problem(
            "mall-okand-tagg", f"Mallen använder {name}{in_tag}, som inte finns i rapportens data.",
            where, hint="Rätta stavningen eller ta bort taggen; namnen som finns står i "
                        "docs/report-context.md."))
    buffer = BytesIO()
    document.save(buffer)
    leftovers = leftover_tags(package_parts(buffer.getvalue()))
    if leftovers:
        problems.append(Problem("mall-tagg-kvar", leftover_message(Path(template.name), leftovers)
                                .replace(f"Word-mallen {template.name} har", "Mallen har"), where))
    return problems


def _refused_problem(error: SecurityError, source: str | None, where: Location) -> Problem:
    """A tag the sandbox refused: forbidden (it reaches for the program's inside) or too much."""
    detail, too_much = sandbox.refusal_detail(error)
    tag = sandbox.failing_tag(error, source)
    if not too_much:
        return _forbidden_problem(tag, detail, where)
    return Problem("mall-tagg-kraver-for-mycket", f"Taggen{shown(tag)} kräver för mycket ({detail}).", where,
                   hint="Förenkla taggen; en mall behöver bara skriva ut rapportens data (namnen i "
                        "docs/report-context.md).")


def _forbidden_problem(tag: str, detail: str, where: Location) -> Problem:
    return Problem("mall-otillaten-tagg", f"Taggen{shown(tag)} är inte tillåten ({detail}).", where,
                   hint="En mall kan bara skriva ut rapportens data (namnen i docs/report-context.md), "
                        "inte köra kod. Ta bort eller rätta taggen.")


def _recording_undefined(found: list[str]) -> type[jinja2.Undefined]:
    """An Undefined that notes each use of a missing name and then behaves as empty (but fails
    as the sandbox's refusal does when it stands for something the sandbox refused)."""

    class Recording(jinja2.Undefined):
        __slots__ = ()

        def _note(self):
            if issubclass(self._undefined_exception, SecurityError):
                self._fail_with_undefined_error()      # the sandbox's refusal: not a missing name
            found.append(self._undefined_message)
            return self

        def __getattr__(self, name):
            if name[:2] == "__" and name[-2:] == "__":
                raise AttributeError(name)
            return self._note()

        def __getitem__(self, key):
            return self._note()

        def __str__(self):
            self._note()
            return ""

        def __iter__(self):
            self._note()
            return iter(())

        def __bool__(self):
            self._note()
            return False

        def __len__(self):
            self._note()
            return 0

    return Recording


def _tags_naming(tags: list[str], message: str) -> list[str]:
    match = re.search(r"attribute '([^']+)'|^'([^']+)' is undefined", message)
    if not match:
        return []
    name = match.group(1) or match.group(2)
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    return list(dict.fromkeys(f'"{_excerpt(tag)}"' for tag in tags if pattern.search(tag)))[:3]


def _excerpt(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
