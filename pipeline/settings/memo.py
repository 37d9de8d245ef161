"""The tjänsteskrivelse's settings (`[tjansteskrivelse]` in rapport.toml), parsed into a record.

Names, titles, phone numbers, the date and the standard texts are the organisation's, so they
are settings, not code. A text may name the report's facts in braces, so that it need not be
rewritten every period: `{period_slut}` -> "sista augusti 2023". Every name in `PLACEHOLDERS`
can be used, and each also as `{namn_gemen}` with a small first letter ("delårsrapport
augusti 2023" from `{titel_gemen}`). `pipeline.render.memo.memo_context` fills them in.

Pure: takes the parsed TOML dict as `pipeline.settings.schema` checked it (every value of the right
type, unknown keys left out), returns the settings and problems.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.problems import Location, Problem, Severity

SECTION = "tjansteskrivelse"
# The template context's `dokument` keys (docs/report-context.md) a memo text may name.
PLACEHOLDERS = ("titel", "rapportnamn", "namnd", "namnd_genitiv", "arendenummer", "kommun",
                "forvaltning", "period_text", "period_slut", "datum")
LOWER_SUFFIX = "_gemen"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Signature:
    namn: str
    titel: str


@dataclass(frozen=True)
class MemoSettings:
    handlaggare: str
    telefon: str
    epost: str
    datum: str                               # the memo's date, "2023-09-15"
    mottagare: str
    titel: str
    forslag: tuple[str, ...]                 # numbered decisions
    bakgrund: str
    beredning: str
    bedomning: str                           # text before the key figures; may be ""
    ekonomiska_konsekvenser: str
    sociala_konsekvenser: str
    beslutsunderlag: tuple[str, ...]
    underskrifter: tuple[Signature, ...]
    skickas_till: tuple[str, ...]


DEFAULT_TEXTS = {
    "mottagare": "{namnd}",
    "titel": "{namnd_genitiv} {titel_gemen}",
    "forslag": ["{titel_gemen} för {namnd_gemen} fastställs."],
    "bakgrund": "",
    "beredning": "",
    "bedomning": "",
    "ekonomiska_konsekvenser": "Eventuella ekonomiska konsekvenser finns redovisade i rapporten.",
    "sociala_konsekvenser": "Sociala och miljömässiga konsekvenser har inte beaktats.",
    "beslutsunderlag": ["Tjänsteskrivelse, {datum}", "{namnd_genitiv} {rapportnamn_gemen} per {period_slut}"],
    "skickas_till": [],
}


def memo_settings(data: dict, where: Location, reported: Callable[..., bool] = lambda *path: False
                  ) -> tuple[MemoSettings | None, list[Problem]]:
    """The `[tjansteskrivelse]` section; None (no memo is written) when the section is absent.
    `reported(*path)`: a wrong value there was reported by the schema check (not missing)."""
    section = data.get(SECTION)
    if section is None:
        return None, []
    problems: list[Problem] = []

    def text(key: str, required: bool = False) -> str:
        value = section.get(key, DEFAULT_TEXTS.get(key, ""))
        if required and not value.strip() and not reported(SECTION, key):
            problems.append(Problem("inställning-saknas", f'Inställningen "{SECTION}.{key}" saknas.',
                                    where, hint=f'Lägg till {key} = "..." under [{SECTION}].'))
        _check_placeholders(value, f"{SECTION}.{key}", where, problems)
        return value

    def texts(key: str) -> tuple[str, ...]:
        value = section.get(key, DEFAULT_TEXTS.get(key, []))
        for item in value:
            _check_placeholders(item, f"{SECTION}.{key}", where, problems)
        return tuple(value)

    datum = text("datum")
    if not datum.strip() and not reported(SECTION, "datum"):
        problems.append(Problem("inställning-saknas", f'Inställningen "{SECTION}.datum" är tom.', where,
                                Severity.WARNING, hint='Ange tjänsteskrivelsens datum, t.ex. datum = "2023-09-15".'))
    elif datum.strip() and not _DATE.fullmatch(datum.strip()):
        problems.append(_problem(where, f'{SECTION}.datum = "{datum}" är inget datum.',
                                 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. "2023-09-15".'))
    settings = MemoSettings(
        handlaggare=text("handlaggare", required=True),
        telefon=text("telefon"),
        epost=text("epost"),
        datum=datum.strip(),
        mottagare=text("mottagare"),
        titel=text("titel"),
        forslag=texts("forslag"),
        bakgrund=text("bakgrund"),
        beredning=text("beredning"),
        bedomning=text("bedomning"),
        ekonomiska_konsekvenser=text("ekonomiska_konsekvenser"),
        sociala_konsekvenser=text("sociala_konsekvenser"),
        beslutsunderlag=texts("beslutsunderlag"),
        underskrifter=_signatures(section.get("underskrifter", []), where, problems, reported),
        skickas_till=texts("skickas_till"),
    )
    return settings, problems


def placeholder_values(dokument: dict) -> dict[str, str]:
    """Each placeholder's text from the template context's `dokument`, with the _gemen forms.

    A name `dokument` lacks is left out, so that filling a text that uses it fails (KeyError)
    instead of printing an empty word.
    """
    values = {key: str(dokument[key]) for key in PLACEHOLDERS if key in dokument}
    values.update({key + LOWER_SUFFIX: value[:1].lower() + value[1:] for key, value in list(values.items())})
    return values


def _signatures(value: list[dict], where: Location, problems: list[Problem],
                reported: Callable[..., bool]) -> tuple[Signature, ...]:
    signatures = []
    for number, item in enumerate(value, start=1):
        if not item.get("namn", "").strip() and not reported(SECTION, "underskrifter", number - 1, "namn"):
            problems.append(_problem(where, f"Underskrift {number} under [[{SECTION}.underskrifter]] saknar namn.",
                                     'Lägg till namn = "..."'))
        signatures.append(Signature(item.get("namn", ""), item.get("titel", "")))
    return tuple(signatures)


def _check_placeholders(text: str, path: str, where: Location, problems: list[Problem]) -> None:
    known = set(PLACEHOLDERS) | {name + LOWER_SUFFIX for name in PLACEHOLDERS}
    try:
        names = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError:
        problems.append(_problem(where, f'{path} har en klammer {{ eller }} som inte hör till ett namn: "{text}".',
                                 "Skriv namn inom klamrar, t.ex. {period_slut}, eller dubbla klamrar {{ }} "
                                 "för en klammer i texten."))
        return
    for name in names:
        if name not in known:
            problems.append(_problem(where, f'{path} använder {{{name}}}, som inte är ett känt namn.',
                                     "Kända namn: " + ", ".join("{" + n + "}" for n in PLACEHOLDERS) +
                                     f", och varje namn med {LOWER_SUFFIX} för liten första bokstav."))


def _problem(where: Location, message: str, hint: str = "") -> Problem:
    return Problem("inställning-ogiltig", message, where, hint=hint)
