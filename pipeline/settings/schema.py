"""The shape of rapport.toml, written once: every table, its keys, the type of each value and an
example line the ekonom can copy. `checked` holds a parsed file against it.

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
value's type. The defaults stay with the parsers. Pure: no file is read here; the file's text is
used only to find the line of a key when there is a problem to locate.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pipeline.problems import Location, Problem, Severity
from pipeline.read.catalog import EXPORTS, FOLLOWUP_EXPORTS, HR_EXPORTS, TEXT_SECTIONS, SourceContract
from pipeline.settings.followup import CONTROL_KINDS, GOAL_KINDS, GOAL_SECTIONS, PRIORITY_SECTIONS
from pipeline.settings.labels import DEFAULT_LABELS

WRONG_TYPE = "inställning-fel-typ"
OUT_OF_RANGE = "inställning-ogiltig"
UNKNOWN = "inställning-okänd"

# The shapes are plain classes, not dataclasses: this module is imported at the program's start
# (read/early.py), and each dataclass takes some 0.4 ms to create; these take microseconds.


# ---------------------------------------------------------------------------------------------
# Kinds of value
# ---------------------------------------------------------------------------------------------
class Scalar:
    """One value: its name in messages, how a TOML value becomes it (None: the wrong type), and
    whether a converted value is allowed (`allowed_name`: what is, for the message)."""

    __slots__ = ("name", "convert", "allowed", "allowed_name")

    def __init__(self, name: str, convert: Callable[[object], object],
                 allowed: Callable[[object], bool] = lambda value: True, allowed_name: str = ""):
        self.name, self.convert, self.allowed, self.allowed_name = name, convert, allowed, allowed_name


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


TEXT = Scalar("en text inom citattecken", lambda v: v if isinstance(v, str) else None)
# Codes, headings and sheet names: a number without quotes means its digits.
CODE = Scalar("en text inom citattecken", lambda v: v if isinstance(v, str) else str(v) if _is_int(v) else None)
# Avsnitt codes such as 4.1 may be written as a number.
SECTION_CODE = Scalar("en text inom citattecken",
                      lambda v: v if isinstance(v, str) else str(v) if _is_int(v) or type(v) is float else None)
BOOLEAN = Scalar("true eller false, utan citattecken", lambda v: v if isinstance(v, bool) else None)
COUNT = Scalar("ett heltal utan citattecken, 0 eller mer", lambda v: v if _is_int(v) else None,
               lambda v: v >= 0, "ett heltal, 0 eller mer")
WHOLE = Scalar("ett heltal utan citattecken", lambda v: v if _is_int(v) else None)
# Hours in a week: a number (40 or 37.5), more than 0 and at most 168.
WEEK_HOURS = Scalar("ett tal utan citattecken", lambda v: float(v) if _is_int(v) or type(v) is float else None,
                    lambda v: 0 < v <= 168, "ett tal större än 0 och högst 168")

# How the turnover sentence names the leavers' titles (compute/sentences.py: turnover_sentences).
TITLES_IN_TEXT = ("grupperade", "alla", "inga")
TITLE_LISTING = Scalar("en text inom citattecken", TEXT.convert, lambda v: v in TITLES_IN_TEXT,
                       " eller ".join(f'"{v}"' for v in TITLES_IN_TEXT))


def is_file_pattern(pattern: str) -> bool:
    """A pattern `Path.glob` takes and that names files inside the input folder: relative, no
    part empty, "." or "..", not ending in "**" (which matches folders), and no longer than a
    file name may be (255 bytes; a longer one makes glob raise)."""
    parts = pattern.replace("\\", "/").split("/")
    return (not pattern.startswith(("/", "\\")) and ":" not in parts[0]
            and all(p.strip() not in ("", ".", "..") for p in parts) and parts[-1] != "**"
            and len(pattern.encode("utf-8", "surrogatepass")) <= 255)


FILE_PATTERN = Scalar("en text inom citattecken", TEXT.convert, is_file_pattern,
                      "ett filnamnsmönster i indatamappen (* för det som varierar)")


class ListOf:
    """A list of one kind of value; a single value is read as a list of one."""

    __slots__ = ("item",)
    name = "en lista med texter inom citattecken"

    def __init__(self, item: Scalar):
        self.item = item


class Table:
    """A table with known keys. `unknown`: how a key it does not know is named, and the heading
    of the list of the ones it knows."""

    __slots__ = ("keys", "unknown")
    name = "ett eget avsnitt"

    def __init__(self, keys: dict[str, Key],
                 unknown: tuple[str, str] = ("ingen känd inställning", "Kända inställningar")):
        self.keys, self.unknown = keys, unknown


class Map:
    """A table whose keys the ekonom chooses (labels, section names); every value of one shape.
    `known`: names the program knows; a key close to one of them (a likely typo) is a warning."""

    __slots__ = ("value", "known", "unknown")
    name = "ett eget avsnitt"

    def __init__(self, value: Key, known: tuple[str, ...] = (),
                 unknown: tuple[str, str] = ("inget av programmets namn", "Programmets namn")):
        self.value, self.known, self.unknown = value, known, unknown


class TableList:
    """An array of tables ([[a.b]]), every item of one shape."""

    __slots__ = ("item",)
    name = "en lista med avsnitt"

    def __init__(self, item: Table):
        self.item = item


class Key:
    """A key's shape, and what to write, for the hint: 'rubrikrad = 0' ("{key}": the key in a Map)."""

    __slots__ = ("shape", "example")

    def __init__(self, shape: Scalar | ListOf | Table | Map | TableList, example: str):
        self.shape, self.example = shape, example


# ---------------------------------------------------------------------------------------------
# rapport.toml
# ---------------------------------------------------------------------------------------------
def _text(example: str) -> Key:
    return Key(TEXT, example)


def _codes(example: str) -> Key:
    return Key(ListOf(CODE), example)


REPORT = Table({
    "kommun": _text('kommun = "Enköpings kommun"'),
    "mall_rapport": _text('mall_rapport = "mallar/delarsrapport.docx"'),
    "mall_tjansteskrivelse": _text('mall_tjansteskrivelse = "mallar/tjansteskrivelse.docx"'),
    "minustecken": _text('minustecken = "-"'),
    "jamfor_med": _text('jamfor_med = "tertialrapport" (eller en period, jamfor_med = "2023-04")'),
})

PERSONNEL = Table({
    "kvinna": _codes('kvinna = ["K", "Kvinna"]'),
    "man": _codes('man = ["M", "Man"]'),
    "tillsvidare": _codes('tillsvidare = ["Tillsvidare"]'),
    "visstid": _codes('visstid = ["Visstid"]'),
    "timavlonad": _codes('timavlonad = ["Timavlönad"]'),
    "avgangsorsaker": _codes('avgangsorsaker = ["Egen begäran", "Pension"]'),
    "interna_avgangar": _codes('interna_avgangar = ["Intern förflyttning"]'),
    "pensionsavgangar": _codes('pensionsavgangar = ["Pension"]'),
    "pension_ingar": Key(BOOLEAN, "pension_ingar = true"),
    "minsta_grupp": Key(WHOLE, "minsta_grupp = 10"),
    "befattningar_i_texten": Key(TITLE_LISTING, 'befattningar_i_texten = "grupperade"'),
    # The absence format ([kallor.franvaro]; docs/absence.md)
    "sjukorsaker": _codes('sjukorsaker = ["SJK"]'),
    "ovriga_orsaker": _codes('ovriga_orsaker = ["SEM", "VAB"]'),
    "heltid_veckotimmar": Key(WEEK_HOURS, "heltid_veckotimmar = 40"),
    "aterinsjuknande_dagar": Key(COUNT, "aterinsjuknande_dagar = 5"),
})

_SECTION_PARTS = {"mal": GOAL_SECTIONS, "satsningar": PRIORITY_SECTIONS}


def _source(contract: SourceContract) -> Table:
    name = contract.name
    columns = Table({f.name: Key(CODE, f'{f.name} = "Rubriken i er fil"') for f in contract.fields},
                    unknown=("ingen känd kolumn", "Kända kolumner"))
    keys = {
        "filer": Key(ListOf(FILE_PATTERN), f'filer = ["{name}_*.xlsx"]'),
        "blad": Key(CODE, 'blad = "Blad1" (eller blad = "" för första bladet)'),
        "rubrikrad": Key(COUNT, "rubrikrad = 0 (0 = leta upp rubrikraden automatiskt)"),
        "tecken": _text('tecken = "debet_positiv"'),
        "enhet": _text('enhet = "kr"'),
        "summarad": Key(ListOf(TEXT), 'summarad = ["Summa", "Totalt"]'),
        "kolumner": Key(columns, f"[kallor.{name}.kolumner] på en egen rad och under den en rad per "
                                 f'kolumn, t.ex. {contract.fields[0].name} = "Rubriken i er fil"'),
    }
    if name in _SECTION_PARTS:
        parts = _SECTION_PARTS[name]
        keys["avsnitt"] = Key(
            Table({part: Key(ListOf(SECTION_CODE), f'{part} = ["{codes[0]}"]') for part, codes in parts.items()},
                  unknown=("ingen känd del av rapporten", "Kända delar")),
            f'[kallor.{name}.avsnitt] på en egen rad och under den t.ex. '
            f'{next(iter(parts))} = ["{next(iter(parts.values()))[0]}"]')
    return Table(keys)


SOURCES = Table({c.name: Key(_source(c), f"[kallor.{c.name}] på en egen rad och inställningarna under den")
                 for c in (*EXPORTS, *HR_EXPORTS, *FOLLOWUP_EXPORTS)},
                unknown=("ingen känd källa", "Kända källor"))

STATUS_STYLE = Table({"symbol": _text('symbol = "●"'), "farg": Key(CODE, 'farg = "2E7D32"')})

STATUS = Table({
    "etiketter": Key(Map(Key(STATUS_STYLE, '"{key}" = { symbol = "●", farg = "2E7D32" }')),
                     '[status.etiketter] på en egen rad och under den t.ex. '
                     '"På rätt väg" = { symbol = "●", farg = "2E7D32" }'),
    "mal": Key(Table({k: _codes(f'{k} = ["På rätt väg"]') for k in GOAL_KINDS},
                     unknown=("ingen känd grupp", "Kända grupper")),
               '[status.mal] på en egen rad och under den t.ex. pa_ratt_vag = ["På rätt väg"]'),
    "internkontroll": Key(Table({k: _codes(f'{k} = ["Kontroll genomförd utan avvikelse"]') for k in CONTROL_KINDS},
                                unknown=("ingen känd grupp", "Kända grupper")),
                          '[status.internkontroll] på en egen rad och under den t.ex. '
                          'utan_avvikelse = ["Kontroll genomförd utan avvikelse"]'),
})

MEMO_TEXTS = ("handlaggare", "telefon", "epost", "datum", "mottagare", "titel", "bakgrund", "beredning",
              "bedomning", "ekonomiska_konsekvenser", "sociala_konsekvenser")
MEMO_LISTS = ("forslag", "beslutsunderlag", "skickas_till")

MEMO = Table({
    **{k: _text(f'{k} = "..."') for k in MEMO_TEXTS},
    # memo-a11y: the memo's date per period, the rule for the others, the decision heading
    "datum": _text('datum = "2023-09-15"'),
    "datum_per_period": Key(Map(_text('"{key}" = "2023-09-15"'), unknown=("ingen period", "Perioder")),
                            'datum_per_period = { "2023-08" = "2023-09-15" }'),
    "datum_dagar_efter_periodens_slut": Key(COUNT, "datum_dagar_efter_periodens_slut = 15"),
    "beslutsrubrik": _text('beslutsrubrik = "Förslag till {namnd_genitiv_gemen} beslut"'),
    **{k: Key(ListOf(TEXT), f'{k} = ["första", "andra"]') for k in MEMO_LISTS},
    "underskrifter": Key(TableList(Table({"namn": _text('namn = "..."'), "titel": _text('titel = "..."')})),
                         "en [[tjansteskrivelse.underskrifter]] per person, med namn = \"...\" och titel = \"...\""),
})


class _Months(ListOf):
    __slots__ = ()
    name = "en lista med månadsnummer utan citattecken"


MONTH = Scalar("ett heltal utan citattecken", lambda v: v if _is_int(v) else None,
               lambda v: 1 <= v <= 12, "ett månadsnummer, 1–12")
REPORT_TYPE = Table({
    "namn": _text('namn = "Delårsrapport"'),
    "manader": Key(_Months(MONTH), "manader = [8]"),
    "fil": _text('fil = "delarsrapport.docx"'),
    "mall": _text('mall = "mallar/delarsrapport.docx"'),
    "bestamd_form": _text('bestamd_form = "delårsbokslutet"'),
})


def _report_types() -> Map:
    from pipeline.settings.report_types import DEFAULT_KEYS    # the defaults are that module's
    return Map(Key(REPORT_TYPE, '[rapporttyper.{key}] på en egen rad och under den t.ex. namn = "..."'),
               known=DEFAULT_KEYS, unknown=("ingen av programmets rapporttyper (en egen typ anger namn, "
                                            "manader och fil)", "Programmets rapporttyper"))


def _labels() -> Table:
    return Table({k: _text(f'{k} = "{v}"') for k, v in DEFAULT_LABELS.items()},
                 unknown=("ingen känd etikett", "Kända etiketter"))


def _texts() -> Map:
    return Map(_text('{key} = "texter/{key}.docx"'), known=tuple(TEXT_SECTIONS),
               unknown=("inget av programmets avsnitt (en egen mall kan använda egna namn)",
                        "Programmets avsnitt"))


def _namnd() -> Table:
    """[namnder.<KOD>]: one nämnd's own values."""
    return Table({
        "forvaltning": _text('forvaltning = "Kommunledningsförvaltningen"'),
        "arendenummer": Key(CODE, 'arendenummer = "KS2023/623"'),
        "mall_rapport": _text('mall_rapport = "mallar/delarsrapport.docx"'),
        "mall_tjansteskrivelse": _text('mall_tjansteskrivelse = "mallar/tjansteskrivelse.docx"'),
        "texter": Key(_texts(), '[namnder.KS.texter] på en egen rad och under den t.ex. '
                                'sammanfattning = "texter/KS/sammanfattning.docx"'),
        "tjansteskrivelse": Key(MEMO, "[namnder.KS.tjansteskrivelse] på en egen rad och under den "
                                      'de värden som skiljer sig, t.ex. handlaggare = "..."'),
        "organisationsschema": Key(Table({
            "bild": _text('bild = "texter/KS/organisationsschema.png"'),
            "alt": _text('alt = "Organisationsschema: förvaltningschefen och under hen fem avdelningar"'),
            "bildtext": _text('bildtext = "Kommunledningsförvaltningens organisationsschema"'),
        }), "[namnder.KS.organisationsschema] på en egen rad och under den bild och alt"),
    })


# [analys] (pipeline/settings/analysis.py): the Ekonomisk analys' sentences and the text check.
MNKR = Scalar("ett tal utan citattecken, t.ex. 0.5",
              lambda v: float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None,
              lambda v: 0 <= v <= 1_000_000, "ett tal från 0 till 1000000 (mnkr)")
ANALYSIS = Table({
    "avvikelse_mnkr": Key(MNKR, "avvikelse_mnkr = 0.5"),
    "forklarande_rader": Key(COUNT, "forklarande_rader = 2"),
    "kontrollera_texter": Key(BOOLEAN, "kontrollera_texter = true"),
})


@cache
def rapport_toml() -> Table:
    """The whole file."""
    return Table({
        "rapport": Key(REPORT, "[rapport] på en egen rad och inställningarna under den"),
        "kallor": Key(SOURCES, "[kallor.huvudbok] på en egen rad och inställningarna under den"),
        "personal": Key(PERSONNEL, "[personal] på en egen rad och inställningarna under den"),
        "etiketter": Key(_labels(), "[etiketter] på en egen rad och etiketterna under den"),
        "motpart": Key(Table({"interna_prefix": _codes('interna_prefix = ["1"]')}),
                       "[motpart] på en egen rad och under den interna_prefix = [\"1\"]"),
        "avstamning": Key(Table({"som_varning": Key(ListOf(TEXT), 'som_varning = ["A1"]')}),
                          "[avstamning] på en egen rad och under den som_varning = []"),
        "texter": Key(_texts(), '[texter] på en egen rad och under den t.ex. '
                                'sammanfattning = "texter/sammanfattning.docx"'),
        "status": Key(STATUS, "[status] på en egen rad och inställningarna under den"),
        "tjansteskrivelse": Key(MEMO, "[tjansteskrivelse] på en egen rad och inställningarna under den"),
        "namnder": Key(Map(Key(_namnd(), "[namnder.{key}] på en egen rad och nämndens värden under den"),
                           unknown=("en nämnd", "Nämnder")),
                       "[namnder.KS] på en egen rad (KS = nämndens kod i organisation.xlsx) och nämndens "
                       "värden under den"),
        "rapporttyper": Key(_report_types(), "[rapporttyper.delarsrapport] på en egen rad och "
                                             "inställningarna under den"),
        "analys": Key(ANALYSIS, "[analys] på en egen rad och inställningarna under den"),
    }, unknown=("inget känt avsnitt", "Kända avsnitt"))


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------
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
