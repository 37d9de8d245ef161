"""The shape of rapport.toml, written once: the kinds of value a key may hold (`Scalar`, `ListOf`,
`Table`, `Map`, `TableList`), and every table of the file with its keys, the kind of each value
and an example line the ekonom can copy (`rapport_toml()`).

This is data only: `pipeline.settings.schema.checked` holds a parsed file against it, and the
parsers (`settings_from_toml` and its helpers) keep the defaults. Pure: nothing is read here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pipeline.read.catalog import EXPORTS, FOLLOWUP_EXPORTS, HR_EXPORTS, TEXT_SECTIONS, SourceContract
from pipeline.settings.followup import CONTROL_KINDS, GOAL_KINDS, GOAL_SECTIONS, PRIORITY_SECTIONS
from pipeline.settings.labels import DEFAULT_LABELS

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
