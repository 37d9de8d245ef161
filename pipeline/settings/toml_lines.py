"""The line of each key and table heading in a TOML text, so that a settings problem can say
"rapport.toml, rad 37". tomllib gives no positions; this follows the text line by line.

Only for a text that tomllib has read without error. It knows table headings (`[a.b]`, `[[a.b]]`,
arrays of tables counted from 0), `key = value` lines with dotted and quoted keys, and skips what a
value spans over later lines (multi-line strings and arrays). Keys inside an inline table or an
array are not listed: their key's line is the nearest one. Pure, and only run when there is a
problem to locate.
"""

from __future__ import annotations

import re

_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY = rf"{_PART}(?:[ \t]*\.[ \t]*{_PART})*"
_HEADING = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_KEY})[ \t]*\]")
_ASSIGNMENT = re.compile(rf"[ \t]*({_KEY})[ \t]*=")


def key_lines(text: str) -> dict[tuple, tuple[int, bool]]:
    """Path of each key and table -> (line number from 1, whether the line is a table heading).
    A path names an array of tables' item by its index: ("tjansteskrivelse", "underskrifter", 0)."""
    found: dict[tuple, tuple[int, bool]] = {}
    table: tuple = ()
    arrays: dict[tuple, int] = {}        # array of tables -> index of its last item
    depth, open_string = 0, None         # inside a value that goes on to the next line
    for number, line in enumerate(text.splitlines(), start=1):
        if depth > 0 or open_string:
            depth, open_string = _scan(line, depth, open_string)
            continue
        heading = _HEADING.match(line)
        if heading:
            table = _table_path(_parts(heading.group(2)), heading.group(1) == "[[", arrays)
            found.setdefault(table, (number, True))
            continue
        assignment = _ASSIGNMENT.match(line)
        if assignment:
            path = table + _parts(assignment.group(1))
            found.setdefault(path, (number, False))
            depth, open_string = _scan(line[assignment.end():], 0, None)
    return found


def _table_path(parts: tuple[str, ...], is_array: bool, arrays: dict[tuple, int]) -> tuple:
    path: tuple = ()
    for i, part in enumerate(parts):
        path += (part,)
        last = i == len(parts) - 1
        if is_array and last:
            arrays[path] = arrays.get(path, -1) + 1
            path += (arrays[path],)
        elif path in arrays:
            path += (arrays[path],)
    return path


def _parts(key: str) -> tuple[str, ...]:
    return tuple(_unquoted(p) for p in re.findall(_PART, key))


def _unquoted(part: str) -> str:
    if part.startswith("'"):
        return part[1:-1]
    if part.startswith('"'):
        import json                         # only when a problem is located
        try:
            return json.loads(part)
        except ValueError:                  # a TOML escape JSON lacks (\e, \x..): keep the text
            return part[1:-1]
    return part


def _scan(rest: str, depth: int, open_string: str | None) -> tuple[int, str | None]:
    """Bracket depth and open multi-line string after the characters of `rest`."""
    i = 0
    while i < len(rest):
        if open_string:
            end = rest.find(open_string, i)
            if end < 0:
                return depth, open_string
            i, open_string = end + 3, None
            continue
        if rest.startswith('"""', i) or rest.startswith("'''", i):
            open_string, i = rest[i:i + 3], i + 3
            continue
        char = rest[i]
        if char == '"':
            i += 1
            while i < len(rest) and rest[i] != '"':
                i += 2 if rest[i] == "\\" else 1
        elif char == "'":
            end = rest.find("'", i + 1)
            i = end if end >= 0 else len(rest)
        elif char == "#":
            break
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        i += 1
    return depth, open_string
