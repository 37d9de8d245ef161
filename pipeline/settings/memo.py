"""The tjänsteskrivelse's settings (`[tjansteskrivelse]` in rapport.toml), parsed into a record.

Names, titles, phone numbers, the date and the standard texts are the organisation's, so they
are settings, not code. The memo's date follows the report's period (`MemoSettings.date_for`):
the period's own date, else a fixed `datum` that fits the period, else a rule (days after the
period's last day); never one date for every period. A text may name the report's facts in braces, so that it need not be
rewritten every period: `{period_slut}` -> "sista augusti 2023". Every name in `PLACEHOLDERS`
can be used, and each also as `{namn_gemen}` with a small first letter ("delårsrapport
augusti 2023" from `{titel_gemen}`). `pipeline.render.memo.memo_context` fills them in.

Pure: takes the parsed TOML dict as `pipeline.settings.schema` checked it (every value of the right
type, unknown keys left out), returns the settings and problems.
"""

from __future__ import annotations

import calendar
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.problems import Location, Problem, Severity

SECTION = "tjansteskrivelse"
# The template context's `dokument` keys (docs/report-context.md) a memo text may name.
PLACEHOLDERS = ("titel", "rapportnamn", "namnd", "namnd_genitiv", "arendenummer", "kommun",
                "forvaltning", "period_text", "period_slut", "datum")
LOWER_SUFFIX = "_gemen"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD = re.compile(r"\d{4}-\d{2}")
# The memo's date when no date is given for the period: this many days after the period's last
# day (2023-08-31 -> 2023-09-15, as in the reference), a Saturday or Sunday moved to the Monday.
DEFAULT_DAYS_AFTER_PERIOD = 15
# A fixed `datum` (the old setting) is used only for a period it can belong to: after the
# period's last day and at most this many days later (LKBR: the interim report within two months).
FIXED_DATE_WINDOW_DAYS = 62
# The decision heading: "Förslag till kommunstyrelsens beslut" (the nämnd's genitive, organisation.xlsx).
DEFAULT_DECISION_HEADING = "Förslag till {namnd_genitiv_gemen} beslut"


@dataclass(frozen=True)
class Signature:
    namn: str
    titel: str


@dataclass(frozen=True)
class MemoSettings:
    handlaggare: str
    telefon: str
    epost: str
    datum: str                               # a fixed date (old setting), "2023-09-15", or ""
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
    datum_per_period: tuple[tuple[str, str], ...] = ()   # ("2023-08", "2023-09-15"): the period's own date
    dagar_efter_period: int = DEFAULT_DAYS_AFTER_PERIOD  # the rule when no date is given for the period
    beslutsrubrik: str = DEFAULT_DECISION_HEADING

    def date_for(self, year: int, month: int) -> str:
        """The memo's date for the period ending with `month` of `year` ("2023-09-15"): the
        period's own date (`datum_per_period`), else the fixed `datum` when it fits the period,
        else the rule (`dagar_efter_periodens_slut` days after the period's last day, on a weekday)."""
        own = dict(self.datum_per_period).get(f"{year}-{month:02d}")
        if own:
            return own
        if self.datum and fixed_date_fits(self.datum, year, month):
            return self.datum
        return rule_date(year, month, self.dagar_efter_period)


def period_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def rule_date(year: int, month: int, days: int) -> str:
    """`days` after the period's last day; a Saturday or Sunday becomes the Monday after."""
    moment = period_end(year, month) + timedelta(days=days)
    moment += timedelta(days=(7 - moment.weekday()) % 7 if moment.weekday() >= 5 else 0)
    return moment.isoformat()


def fixed_date_fits(text: str, year: int, month: int) -> bool:
    """A fixed date can be this period's memo date: after its last day, within the window."""
    try:
        moment = date.fromisoformat(text)
    except ValueError:
        return False
    return 0 < (moment - period_end(year, month)).days <= FIXED_DATE_WINDOW_DAYS


def memo_date_problems(memo: MemoSettings | None, year: int, month: int, where: Location) -> list[Problem]:
    """A warning when the fixed `datum` does not fit the report's period (an August date in an
    April report): the rule's date is used instead, and the ekonom is told how to set the period's own."""
    if memo is None or not memo.datum or f"{year}-{month:02d}" in dict(memo.datum_per_period):
        return []
    if fixed_date_fits(memo.datum, year, month):
        return []
    used = rule_date(year, month, memo.dagar_efter_period)
    return [Problem(
        "tjänsteskrivelse-datum", f'{SECTION}.datum = "{memo.datum}" passar inte perioden {year}-{month:02d} '
        f"(periodens sista dag är {period_end(year, month).isoformat()}). Tjänsteskrivelsen får datumet "
        f"{used} ({memo.dagar_efter_period} dagar efter periodens slut).", where, Severity.WARNING,
        hint=f'Ange periodens datum under [{SECTION}], t.ex. datum_per_period = {{ "{year}-{month:02d}" = '
             f'"{used}" }}, och ta bort datum, så gäller regeln för de andra perioderna.')]


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
    "beslutsrubrik": DEFAULT_DECISION_HEADING,
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

    datum = text("datum").strip()
    if datum and not _is_date(datum):
        problems.append(_problem(where, f'{SECTION}.datum = "{datum}" är inget datum.',
                                 'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. "2023-09-15".'))
        datum = ""
    per_period = []
    for period, value in section.get("datum_per_period", {}).items():
        value = value.strip()
        if not _PERIOD.fullmatch(period.strip()) or not 1 <= int(period.strip()[5:]) <= 12:
            problems.append(_problem(where, f'{SECTION}.datum_per_period har perioden "{period}", som inte är '
                                            "en period.", 'Skriv perioden som ÅÅÅÅ-MM, t.ex. "2023-08" = "2023-09-15".'))
        elif not _is_date(value):
            problems.append(_problem(where, f'{SECTION}.datum_per_period "{period}" = "{value}" är inget datum.',
                                     'Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. "2023-09-15".'))
        else:
            per_period.append((period.strip(), value))
    days = section.get("datum_dagar_efter_periodens_slut", DEFAULT_DAYS_AFTER_PERIOD)
    settings = MemoSettings(
        handlaggare=text("handlaggare", required=True),
        telefon=text("telefon"),
        epost=text("epost"),
        datum=datum,
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
        datum_per_period=tuple(sorted(per_period)),
        dagar_efter_period=days,
        beslutsrubrik=text("beslutsrubrik") or DEFAULT_DECISION_HEADING,
    )
    return settings, problems


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


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
