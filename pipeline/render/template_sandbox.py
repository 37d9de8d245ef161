"""The Jinja environment every Word template is rendered in: a sandbox with limits.

A template is a file the ekonom may have got from anyone, so it is treated as untrusted code:

- Jinja's `ImmutableSandboxedEnvironment` refuses attributes that start with `_` (the way out of
  a template to `os`), and methods that change a list or dict (a template cannot change the data
  the next document is rendered from).
- On top of that, attributes are allowed only on the plain values the report's context is made
  of (text, numbers, lists, dicts) and Jinja's own helpers (`loop`, `cycler`, `namespace`, ...),
  and on those only the harmless ones (`str.upper`, `dict.items`, but not `int.to_bytes` or
  `str.translate`). A Word text, picture or coloured status in the context can be printed, and
  nothing else.
- The sandbox has no limits of its own, so a template could exhaust the memory or spin for
  hours. Every operation a template can use to make something big is checked *before* it runs
  (`*`, `+`, `~`, `**`, `%`, `range`, `lipsum` and the filters and string methods that grow a
  text: center, indent, replace, join, format, ...): nothing a template makes may exceed
  `MAX_TEXT` characters or items, a number `MAX_BITS` bits, a range `MAX_ITEMS`. Each loop
  step, call, attribute, item and operator counts towards `MAX_OPERATIONS` per document, and
  the text a document renders to towards `MAX_OUTPUT`. A legitimate report uses a tiny fraction
  of each (the shipped sample's report: about 1 000 operations and 170 000 characters).

What is refused raises `TemplateRefused` (a `jinja2.exceptions.SecurityError`) with a Swedish
detail; `failing_tag` finds the template's tag that caused an error, for the message.
"""

from __future__ import annotations

import functools
import inspect
import re
import string
from collections.abc import Callable, Iterable

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.exceptions import SecurityError
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace, generate_lorem_ipsum

MAX_ITEMS = 100_000          # a range, a batch or slice count
MAX_TEXT = 1_000_000         # characters (or items) in anything a template makes
MAX_BITS = 10_000            # an integer a template computes (about 3 000 digits)
MAX_OPERATIONS = 1_000_000   # loop steps, calls, attributes, items and operators per document
MAX_OUTPUT = 50_000_000      # characters a document's parts render to, together
MAX_LIPSUM = 100             # paragraphs (and words per paragraph: 10 times that)
# Compiled template parts kept per process: every nämnd's report is rendered from the same
# template, and compiling its XML is a third of a document's rendering.
COMPILED_PARTS = 32

_SAFE_ATTRIBUTES: dict[type, frozenset[str]] = {
    str: frozenset((
        "capitalize casefold center count endswith find format format_map index isalnum isalpha "
        "isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle "
        "isupper join ljust lower lstrip partition removeprefix removesuffix replace rfind rindex "
        "rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title upper "
        "zfill striptags unescape").split()),
    dict: frozenset(("get", "items", "keys", "values")),
    list: frozenset(("count", "index")),
    tuple: frozenset(("count", "index")),
    int: frozenset(("real", "imag", "numerator", "denominator", "bit_length", "conjugate")),
    float: frozenset(("real", "imag", "conjugate", "is_integer")),
}
# Jinja's own objects a template works with: their public attributes are theirs to give.
_JINJA_OBJECTS = (LoopContext, Cycler, Joiner, Namespace, Macro, BlockReference, TemplateReference,
                  jinja2.Undefined)
# String methods that can make a text larger than their input, checked before they run.
_GROWING_METHODS = frozenset(("center", "ljust", "rjust", "zfill", "replace", "join"))


class TemplateRefused(SecurityError):
    """The template asked for something a template may not do, or more than a report needs.

    `detail` is Swedish, e.g. 'den gör en talföljd med fler än 100 000 tal';
    `too_much` tells a resource limit from a forbidden name."""

    def __init__(self, detail: str, *, too_much: bool = True) -> None:
        super().__init__(detail)
        self.detail = detail
        self.too_much = too_much


def environment(undefined: type[jinja2.Undefined] = jinja2.StrictUndefined) -> jinja2.Environment:
    """A fresh sandbox for one document (its counters start at zero)."""
    return _LimitedSandbox(undefined=undefined, autoescape=True)


def refusal_detail(error: SecurityError) -> tuple[str, bool]:
    """(Swedish detail, too_much) for a refused operation, from ours or from Jinja's sandbox."""
    if isinstance(error, TemplateRefused):
        return error.detail, error.too_much
    message = str(error)
    match = re.search(r"attribute '([^']+)' of '([^']+)'", message)
    if match:
        return forbidden_detail(match.group(1)), False
    return "den anropar något som en mall inte får anropa", False


def forbidden_detail(name: str) -> str:
    """Why a tag using the attribute `name` is refused, in Swedish."""
    return f'den använder "{name}", som en mall inte får använda'


def failing_tag(error: BaseException, source: str | None) -> str:
    """The tag (or, failing that, the text) of the template line where `error` was raised.

    docxtpl puts every paragraph of a part on its own line before Jinja compiles it, so the
    template line in the error's traceback is the paragraph with the tag."""
    lineno = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            lineno = trace.tb_lineno
        trace = trace.tb_next
    name = re.search(r"attribute '([^']+)'", str(error))
    return _tag_at(source, lineno or getattr(error, "lineno", None), name.group(1) if name else None)


def forbidden_names(environment: jinja2.Environment) -> list[tuple[str, str]]:
    """(tag, name) for each tag in the templates `environment` compiled that uses a name starting
    with _ (its first such name), also where rendering never went (an `if` not taken): such a tag
    can only be an attempt to reach the program's inside, as the sandbox refuses them all."""
    found: dict[str, str] = {}
    for source in getattr(environment, "sources", ()):
        tree = environment.parse(source)
        for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
            if isinstance(node, nodes.Getattr):
                name = node.attr
            elif isinstance(node, nodes.Getitem):
                name = node.arg.value if isinstance(node.arg, nodes.Const) else None
            else:
                argument = node.args[0] if node.name == "attr" and node.args else None
                name = argument.value if isinstance(argument, nodes.Const) else None
            if isinstance(name, str) and name.startswith("_"):
                tag = _tag_at(source, node.lineno, name)
                if tag not in found or 0 <= tag.find(name) < tag.find(found[tag]):
                    found[tag] = name            # the first in the tag, as the sandbox would name it
    return list(found.items())


def _tag_at(source: str | None, lineno: int | None, name: str | None) -> str:
    """The tags on line `lineno` of a part's source (those naming `name`, when any do)."""
    if not source or not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1])
    tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text)
    if name:
        tags = [tag for tag in tags if name in tag] or tags
    shown = " ".join(dict.fromkeys(tags)) if tags else text.strip()
    shown = " ".join(shown.split())
    return shown if len(shown) <= 200 else shown[:199] + "…"


def _number(value: int) -> str:
    """12 345 678: a count in a Swedish message."""
    return f"{value:,}".replace(",", " ")


class _LimitedCodeGenerator(CodeGenerator):
    """Compiles `~` and `{% for %}` through the environment, so that both are counted."""

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.checked_concat({join}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")

    def visit_For(self, node: nodes.For, frame) -> None:
        counted = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None,
                             lineno=node.lineno)
        loop = nodes.For(node.target, counted, node.body, node.else_, node.test, node.recursive,
                         lineno=node.lineno)
        loop.set_environment(self.environment)
        super().visit_For(loop, frame)


_compiled: dict[tuple, object] = {}


class _LimitedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with the allow-lists and limits the module docstring describes."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset(("*", "**", "+", "%"))

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.operations = 0
        self.output = 0
        self.last_source: str | None = None
        self.sources: list[str] = []
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        for name, check in _FILTER_CHECKS.items():
            self.filters[name] = _checked_filter(self.filters[name], check)

    # --- what a template may touch ---------------------------------------------------------

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, _JINJA_OBJECTS):
            return True
        if isinstance(obj, tuple) and attr in getattr(type(obj), "_fields", ()):
            return True                      # a named tuple's field (groupby's grouper, list)
        for kind in (bool, int, float, str, dict, list, tuple):
            if isinstance(obj, kind):
                return attr in _SAFE_ATTRIBUTES[int if kind is bool else kind]
        return False

    # --- what a template may make ----------------------------------------------------------

    def tick(self, steps: int = 1) -> None:
        self.operations += steps
        if self.operations > MAX_OPERATIONS:
            raise TemplateRefused(f"den kräver mer än {_number(MAX_OPERATIONS)} steg")

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        """Jinja's compile, remembered: the code depends only on the source and the options, and
        a template's code reads everything else (limits, counters) from the environment it is
        run in."""
        if raw or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        key = (type(self), source, name, filename, defer_init, self.undefined, self.autoescape)
        code = _compiled.pop(key, None)
        if code is None:
            code = super().compile(source, name, filename, raw, defer_init)
        _compiled[key] = code                  # the most recently used last
        while len(_compiled) > COMPILED_PARTS:
            del _compiled[next(iter(_compiled))]
        return code

    def from_string(self, source, *args, **kwargs):
        if isinstance(source, str):
            self.last_source = source         # for failing_tag: docxtpl renders it right away
            self.sources.append(source)
        return super().from_string(source, *args, **kwargs)

    def getattr(self, obj, attribute):
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.tick()
        return super().getitem(obj, argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        __self.tick()
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in _GROWING_METHODS:
            args = _checked_growth(name, owner, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        _check_format_spec(value.__self__)
        return wrapper

    def call_binop(self, context, operator: str, left, right):
        self.tick()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            if _is_int(left) and _is_int(right):
                _check_bits(left.bit_length() + right.bit_length())
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            _check_size(len(left) + len(right))
        elif operator == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0:
            _check_bits(abs(left).bit_length() * right)
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        return super().call_binop(context, operator, left, right)

    def checked_concat(self, join: Callable, parts: tuple):
        self.tick()
        _check_size(sum(len(part) for part in parts if isinstance(part, str)))
        return join(parts)

    def counted(self, iterable: Iterable):
        for item in iterable:
            self.tick()
            yield item

    def concat(self, chunks: Iterable[str]) -> str:
        """What a template (or a macro, a block, a `{% set %}` body) renders to, counted."""
        parts = []
        for chunk in chunks:
            self.output += len(chunk)
            if self.output > MAX_OUTPUT:
                raise TemplateRefused(f"den gör mer än {_number(MAX_OUTPUT)} tecken text")
            parts.append(chunk)
        return "".join(parts)

    def _range(self, *args):
        span = range(*args)
        try:
            items = len(span)
        except OverflowError:
            items = MAX_ITEMS + 1
        if items > MAX_ITEMS:
            raise TemplateRefused(f"den gör en talföljd med fler än {_number(MAX_ITEMS)} tal")
        return span

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100):  # noqa: A002
        if not (_is_int(n) and _is_int(min) and _is_int(max)) or n > MAX_LIPSUM or max > 10 * MAX_LIPSUM:
            raise TemplateRefused(f"den gör mer än {MAX_LIPSUM} stycken exempeltext")
        return generate_lorem_ipsum(n, html, min, max)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_size(size: int) -> None:
    if size > MAX_TEXT:
        raise TemplateRefused(f"den gör en text eller lista på {_number(size)} tecken eller delar; "
                              f"gränsen är {_number(MAX_TEXT)}")


def _check_bits(bits: int) -> None:
    if bits > MAX_BITS:
        raise TemplateRefused(f"den räknar ut ett tal med fler än {_number(MAX_BITS * 3 // 10)} siffror")


def _check_repeat(sequence, times) -> None:
    if isinstance(sequence, (str, list, tuple)) and _is_int(times):
        _check_size(len(sequence) * max(times, 0))


def _check_width(width) -> None:
    if _is_int(width):
        _check_size(width)
    elif isinstance(width, str):
        _check_size(len(width))


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str) -> None:
    """`'%10d' % x` and `'%10d'|format(x)`: no width or precision larger than `MAX_TEXT`."""
    for match in _PERCENT_SPEC.finditer(text):
        for value in match.groups():
            if value == "*":
                raise TemplateRefused("den anger en bredd med * i en formatering")
            if value:
                _check_size(int(value))


def _check_format_spec(text: str) -> None:
    """`'{:>10}'.format(x)`: no width larger than `MAX_TEXT`, no width taken from an argument."""
    for _, _, spec, _ in string.Formatter().parse(text):
        if spec and "{" in spec:
            raise TemplateRefused("den anger en bredd med {} i en formatering")
        for digits in re.findall(r"\d+", spec or ""):
            _check_size(int(digits))


def _checked_growth(name: str, text: str, args: tuple, kwargs: dict) -> tuple:
    """A string method that can make `text` larger: its result's size, estimated first. Returns
    the arguments to call it with (`join`'s items read into a list, which it does anyway)."""
    bound = inspect.signature(getattr(str, name)).bind(text, *args, **kwargs).arguments
    if name in ("center", "ljust", "rjust", "zfill"):
        _check_width(bound.get("width"))
    elif name == "replace":
        _check_replace(text, bound.get("old"), bound.get("new"), bound.get("count", -1))
    elif name == "join":
        items = bound.get("iterable")
        if not hasattr(items, "__len__"):
            items = list(items)
            args = (items, *args[1:])
        _check_join(items, text)
    return args


def _check_replace(text, old, new, count=-1) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    hits = text.count(old) if old else len(text) + 1
    if _is_int(count) and count >= 0:
        hits = min(hits, count)
    _check_size(len(text) + hits * max(len(new) - len(old), 0))


def _check_join(items, separator) -> None:
    if hasattr(items, "__len__") and isinstance(separator, str):
        _check_size(len(items) * len(separator))


def _checked_filter(function: Callable, check: Callable) -> Callable:
    """`function` (a Jinja filter) that first runs `check` on its arguments, by name."""
    signature = inspect.signature(function)

    @functools.wraps(function)
    def checked(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        check(bound.arguments)
        return function(*bound.args, **bound.kwargs)

    return checked


def _check_join_filter(arguments: dict) -> None:
    value = arguments["value"]
    if not hasattr(value, "__len__"):
        arguments["value"] = value = list(value)       # join reads it whole anyway
    _check_join(value, arguments.get("d"))


def _check_items(arguments: dict, name: str) -> None:
    if _is_int(arguments.get(name)) and arguments[name] > MAX_ITEMS:
        raise TemplateRefused(f"den delar upp i fler än {_number(MAX_ITEMS)} delar")


def _check_wordwrap(arguments: dict) -> None:
    text, width, wrap = arguments["s"], arguments.get("width"), arguments.get("wrapstring")
    if isinstance(text, str) and isinstance(wrap, str) and _is_int(width):
        _check_size(len(text) + (len(text) // max(width, 1) + 1) * len(wrap))


def _check_indent(arguments: dict) -> None:
    text, width = arguments["s"], arguments.get("width")
    size = width if _is_int(width) else len(width) if isinstance(width, str) else 0
    if isinstance(text, str):
        _check_size(len(text) + (text.count("\n") + 1) * size)


def _check_json_indent(arguments: dict) -> None:
    indent = arguments.get("indent")
    if (_is_int(indent) and indent > 100) or (isinstance(indent, str) and len(indent) > 100):
        raise TemplateRefused("den drar in med mer än 100 tecken")


_FILTER_CHECKS: dict[str, Callable[[dict], None]] = {
    "center": lambda a: _check_width(a.get("width")),
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "replace": lambda a: _check_replace(str(a["s"]), a.get("old"), a.get("new"), a.get("count")),
    "join": _check_join_filter,
    "format": lambda a: _check_percent_format(str(a["value"])),
    "batch": lambda a: _check_items(a, "linecount"),
    "slice": lambda a: _check_items(a, "slices"),
    "tojson": _check_json_indent,
}
