"""rapport.toml checked against its shape (`pipeline/settings/shape.py`): `checked` walks a parsed
file and returns the data with every wrongly typed value left out, and the problems.

- A value of the wrong type (`rubrikrad = "ett"`, `pension_ingar = "nej"`, a table given as a
  text) is an error that names the key, the type expected and an example. The value is left out of
  the checked data, so the parsers use their default, and its path is remembered so that they do
  not also call it missing.
- A whole number below the key's minimum (`rubrikrad = -1`) is an error of its own.
- An unknown key is a warning that names the nearest known key ("Menade du rapportenhet?"), or the
  table where a key of that name belongs.
- A single value where a list is expected (`filer = "huvudbok_*.xlsx"`) is read as a list of one;
  a code written as a number (`rapportenhet = 100`) is read as its text.

The parsers (`settings_from_toml` and its helpers) read only checked data and can trust every
value's type. Pure: no file is read here; the file's text is used only to find the line of a key
when there is a problem to locate.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.problems import Location, Problem, Severity
from pipeline.settings.shape import BOOLEAN, Key, ListOf, Map, Scalar, Table, rapport_toml

WRONG_TYPE = "inställning-fel-typ"
OUT_OF_RANGE = "inställning-ogiltig"
UNKNOWN = "inställning-okänd"

Reported = Callable[..., bool]         # reported(*path): a wrong value there was reported already


class Checked:
    """The parsed file with every wrongly typed value left out (`data`), the problems found, and
    the paths of the values left out (`wrong`)."""

    __slots__ = ("data", "problems", "wrong")

    def __init__(self, data: dict, problems: list[Problem], wrong: set[tuple]):
        self.data, self.problems, self.wrong = data, problems, wrong

    def reported(self, *path: str) -> bool:
        """A value at `path`, in a table above it or inside it was wrong and has been reported:
        the parsers do not call it missing as well."""
        return any(w[:len(path)] == path or path[:len(w)] == w for w in self.wrong)


_WRONG = object()


def checked(data: dict, file: str, text: str = "") -> Checked:
    """`data` (from tomllib) held against the shape of rapport.toml. `text`: the file's text, to
    give each problem the line of its key."""
    walk = _Walk(file, text)
    result = walk.table(rapport_toml(), data, ())
    return Checked(result, walk.problems, walk.wrong)


class _Walk:
    def __init__(self, file: str, text: str):
        self.file, self.text = file, text
        self.problems: list[Problem] = []
        self.wrong: set[tuple] = set()
        self._lines: dict | None = None

    # -- shapes --------------------------------------------------------------------------------
    def value(self, key: Key, value: object, path: tuple) -> object:
        shape = key.shape
        if isinstance(shape, Scalar):
            return self.scalar(key, shape, value, path)
        if isinstance(shape, ListOf):
            items = value if isinstance(value, list) else [value]
            converted = [shape.item.convert(v) for v in items]
            if any(v is None for v in converted):
                bad = next(v for v, c in zip(items, converted) if c is None)
                shown = _shown(value) if value is bad else f"{_shown(value)} där {_shown(bad)} inte är en text"
                return self.wrong_type(key, shape.name, shown, path)
            refused = [self.not_allowed(key, shape.item, v, path, in_list=True)
                       for v in converted if not shape.item.allowed(v)]
            return _WRONG if refused else converted
        if isinstance(shape, Table):
            if not isinstance(value, dict):
                return self.wrong_type(key, shape.name, _shown(value), path)
            return self.table(shape, value, path)
        if isinstance(shape, Map):
            if not isinstance(value, dict):
                return self.wrong_type(key, shape.name, _shown(value), path)
            return self.map(shape, value, path)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return self.wrong_type(key, shape.name, _shown(value), path)
        return [self.table(shape.item, item, (*path, i)) for i, item in enumerate(value)]

    def scalar(self, key: Key, shape: Scalar, value: object, path: tuple) -> object:
        converted = shape.convert(value)
        if converted is None:
            return self.wrong_type(key, shape.name, _shown(value), path, _yes_no_hint(shape, value, path))
        if not shape.allowed(converted):
            return self.not_allowed(key, shape, converted, path)
        return converted

    def table(self, shape: Table, value: dict, path: tuple) -> dict:
        clean = {}
        for name, item in value.items():
            key = shape.keys.get(name)
            if key is None:
                self.unknown(name, item, list(shape.keys), shape.unknown, path)
                continue
            result = self.value(key, item, (*path, name))
            if result is not _WRONG:
                clean[name] = result
        return clean

    def map(self, shape: Map, value: dict, path: tuple) -> dict:
        import difflib
        clean = {}
        for name, item in value.items():
            if shape.known and name not in shape.known and difflib.get_close_matches(name, shape.known, 1, 0.8):
                self.unknown(name, item, list(shape.known), shape.unknown, path)
            result = self.value(shape.value, item, (*path, name))
            if result is not _WRONG:
                clean[name] = result
        return clean

    # -- problems ------------------------------------------------------------------------------
    def not_allowed(self, key: Key, shape: Scalar, value: object, path: tuple, in_list: bool = False) -> object:
        self.wrong.add(path)
        what = (f"{_named(path)} innehåller {_shown(value)}, som inte är tillåtet" if in_list
                else f"{_named(path)} = {_shown(value)} är inte tillåtet")
        self.problems.append(Problem(
            OUT_OF_RANGE, f"{what}: det ska vara {shape.allowed_name}.",
            self.location(path), hint=f"Skriv t.ex. {_example(key, path)}."))
        return _WRONG

    def wrong_type(self, key: Key, expected: str, shown: str, path: tuple, hint: str = "") -> object:
        self.wrong.add(path)
        self.problems.append(Problem(
            WRONG_TYPE, f"{_named(path)} ska vara {expected}, men är {shown}.", self.location(path),
            hint=hint or f"Skriv t.ex. {_example(key, path)}."))
        return _WRONG

    def unknown(self, name: str, value: object, known: list[str], words: tuple[str, str], path: tuple) -> None:
        import difflib
        is_table = isinstance(value, dict)           # written as a heading: named as one

        def named(key: str) -> str:
            return f"[{_dotted((*path, key))}]" if is_table else _named((*path, key))

        message = f"{named(name)} är {words[0] if path or is_table else 'ingen känd inställning'}."
        close = difflib.get_close_matches(name, known, 1, 0.6)
        if close:
            hint = f"Menade du {named(close[0]) if is_table else close[0]}?"
        elif (home := _home_of(name, path)) is not None:
            hint = f"{name} hör till [{_dotted(home)}]: flytta raden dit."
        else:
            hint = f"{words[1]}: {', '.join(known)}."
        self.problems.append(Problem(UNKNOWN, message, self.location((*path, name)), Severity.WARNING, hint))

    def location(self, path: tuple) -> Location:
        if self._lines is None:
            from pipeline.settings.toml_lines import key_lines   # only when there is a problem
            self._lines = key_lines(self.text) if self.text else {}
        for end in range(len(path), 0, -1):
            found = self._lines.get(path[:end])
            if found is None:
                continue
            row, is_heading = found
            # A key inside an inline table is on its parent key's line; a table's own heading
            # would not show the key (then the key's line was not found: no row rather than a wrong one).
            if end == len(path) or not is_heading:
                return Location(self.file, row=row)
            break
        return Location(self.file)


def _named(path: tuple) -> str:
    """("kallor", "huvudbok", "rubrikrad") -> '[kallor.huvudbok] rubrikrad'; a key in the second
    [[tjansteskrivelse.underskrifter]] -> '[[tjansteskrivelse.underskrifter]] nummer 2: namn'."""
    numbers = [i for i, p in enumerate(path) if isinstance(p, int)]
    if numbers:
        i = numbers[-1]
        head = f"[[{_dotted(path[:i])}]] nummer {path[i] + 1}"
        rest = path[i + 1:]
        return head if not rest else f"{head}: {_dotted(rest)}"
    if len(path) == 1:
        return _part(path[0])
    return f"[{_dotted(path[:-1])}] {_part(path[-1])}"


def _dotted(path) -> str:
    return ".".join(_part(p) for p in path if not isinstance(p, int))


def _part(name: str) -> str:
    bare = name and all(c.isascii() and (c.isalnum() or c in "_-") for c in name)
    return name if bare else '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _example(key: Key, path: tuple) -> str:
    return key.example.replace("{key}", str(path[-1]))


def _shown(value: object) -> str:
    """A TOML value as the ekonom wrote it, short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return '"' + text + '"'
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "ett avsnitt"
    if isinstance(value, list):
        return "en lista"
    import datetime as dt                  # loaded already: tomllib uses it
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"{value.isoformat()} (ett datum eller klockslag utan citattecken)"
    return "ett okänt värde"


_YES = {"ja", "j", "true", "sant", "yes", "1"}
_NO = {"nej", "n", "false", "falskt", "no", "0"}


def _yes_no_hint(shape: Scalar, value: object, path: tuple) -> str:
    """`pension_ingar = "nej"` -> 'Skriv pension_ingar = false (utan citattecken).'"""
    if shape is not BOOLEAN or not isinstance(value, str | int) or isinstance(value, bool):
        return ""
    word = str(value).strip().casefold()
    meant = "true" if word in _YES else "false" if word in _NO else ""
    return f"Skriv {path[-1]} = {meant} (utan citattecken)." if meant else ""


def _home_of(name: str, path: tuple) -> tuple | None:
    """The table where a key called `name` belongs, when it is not where it was written."""
    for table_path, table in _fixed_tables():
        if name in table.keys and table_path != path:
            return table_path
    return None


def _fixed_tables() -> list[tuple[tuple, Table]]:
    top = rapport_toml()
    found = [((name, ), key.shape) for name, key in top.keys.items() if isinstance(key.shape, Table)]
    return [(p, t) for p, t in found if p != ("kallor",)]
