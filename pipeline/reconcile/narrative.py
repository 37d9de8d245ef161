"""The organisation's Word texts checked against the computed figures.

An ekonom writes "Kommunledningsförvaltningen beräknas få ett överskott" in April and the text
survives into August, when the forecast shows an underskott; or a text quotes "3,8 mnkr" that
no table of the report holds. Two claims are checked, paragraph by paragraph, in the sections
that speak about figures (`SECTIONS`):

- **överskott / underskott**: a sentence that calls something an överskott (or underskott) is
  held against that thing's deviation: the verksamhet (DR row), appended unit or investment the
  sentence names, else the one its paragraph names, else the section's own (the nämnd's forecast
  deviation; at year end its outcome's). A sentence that says both words, or denies one ("inget
  underskott"), claims nothing; a thing named ambiguously is not guessed.
- **amounts and percentages**: every amount in kr, tkr, mnkr (miljoner kronor, mdkr …) and every
  percentage must match one of the section's figures within the rounding of the way it is written
  ("5,9 mnkr": 5,85–5,95 mnkr; "6 mnkr": 5,5–6,5; "omkring 2,5 mnkr": within a tenth of it).
  Figures are compared without sign: texts say "ett underskott på 0,3 mnkr".

Each finding is a warning (`text-motsäger-siffror`) located at the text file and paragraph,
naming the figure the claim contradicts (for an amount: the nearest figure). Never an error: the
text may be right about something the tables do not show, and the ekonom decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.compute.period import Period, header
from pipeline.numbers import ORE_PER_MNKR, format_mnkr, format_percent_sign, tenths_of_mnkr
from pipeline.problems import Location, Problem, Severity
from pipeline.read.catalog import TEXT_SECTIONS

RULE = "text-motsäger-siffror"
HINT = ("Kontrollera stycket mot rapportens tabeller och rätta texten om den är inaktuell. Stämmer texten kan "
        "varningen lämnas; kontrollen stängs av med kontrollera_texter = false under [analys] i rapport.toml.")


@dataclass(frozen=True)
class Figure:
    """One figure a text may quote: an amount (öre) or a share (0.607), and how the report names it."""

    name: str
    ore: int | None = None
    share: float | None = None


@dataclass(frozen=True)
class Subject:
    """Something a text may call an överskott or underskott: its deviation (öre, + = överskott)
    and the label it is named by in a sentence."""

    label: str
    deviation: int
    main: bool = False               # the nämnd itself: yields to a more specific subject


@dataclass(frozen=True)
class SectionFigures:
    """What one section's text is checked against."""

    subject: Subject | None                      # the section's own deviation
    subjects: tuple[Subject, ...] = ()           # the ones a sentence may name
    amounts: tuple[Figure, ...] = ()
    percents: tuple[Figure, ...] = ()
    check_amounts: bool = True
    check_percents: bool = True
    year_end: bool = False


@dataclass(frozen=True)
class Text:
    """An organisation's Word text: its path as written in rapport.toml and its paragraphs."""

    key: str
    file: str
    paragraphs: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# Reading claims
# ---------------------------------------------------------------------------------------------
_NUMBER = r"(?<![\d,.])([-\u2212]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,(\d+))?"
_HEDGE = r"(?:(omkring|cirka|ca\.?|runt|ungefär|drygt|knappt|närmare|nästan|uppemot|över|under)\s+)?"
UNIT_ORE = {"kr": 100, "kronor": 100, "tkr": 100_000, "tusen kronor": 100_000, "mnkr": ORE_PER_MNKR,
            "mkr": ORE_PER_MNKR, "mnr": ORE_PER_MNKR, "miljoner kronor": ORE_PER_MNKR,
            "miljoner kr": ORE_PER_MNKR, "mdkr": 1000 * ORE_PER_MNKR, "miljarder kronor": 1000 * ORE_PER_MNKR,
            "miljarder kr": 1000 * ORE_PER_MNKR}
_UNITS = "|".join(sorted((re.escape(u) for u in UNIT_ORE), key=len, reverse=True))
_AMOUNT = re.compile(_HEDGE + _NUMBER + r"[ \u00a0\u202f]?(" + _UNITS + r")(?!\w)", re.IGNORECASE)
_PERCENT = re.compile(_HEDGE + _NUMBER + r"[ \u00a0\u202f]?(%|procent(?!\w))", re.IGNORECASE)
_SURPLUS = re.compile(r"\b(överskott|underskott)\w*", re.IGNORECASE)
_DENIAL = re.compile(r"\b(inte|ej|inget|inga|utan|varken|aldrig)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9”\"])")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Quoted:
    """A figure as a text writes it: its value, how far from it a figure may be, its text."""

    value: float             # öre for an amount, percent points for a percentage
    tolerance: float
    text: str


def _quoted(match: re.Match, scale: float) -> Quoted:
    hedge, _, whole, decimals = match.group(1), match.group(2), match.group(3), match.group(4) or ""
    value = (int(re.sub(r"\D", "", whole)) + (int(decimals) / 10 ** len(decimals) if decimals else 0)) * scale
    tolerance = 0.5 * scale / 10 ** len(decimals)
    if hedge:
        tolerance = max(tolerance, 0.1 * value)
    return Quoted(value, tolerance + 1e-9 * max(scale, 1.0), " ".join(match.group(0).split()))


def quoted_amounts(text: str) -> list[Quoted]:
    return [_quoted(m, UNIT_ORE[" ".join(m.group(5).lower().split())]) for m in _AMOUNT.finditer(text)]


def quoted_percents(text: str) -> list[Quoted]:
    return [_quoted(m, 1.0) for m in _PERCENT.finditer(text)]


def _tokens(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def names(sentence_tokens: list[str], label: str) -> bool:
    """Whether a sentence names `label`: the label's words, in order and side by side, each the
    start of a word of the sentence ("Kommunstyrelse politisk verksamhet" in "Kommunstyrelsens
    politiska verksamhet"); a word shorter than four letters must be whole."""
    wanted = _tokens(label)
    if not wanted:
        return False

    def fits(word: str, token: str) -> bool:
        return token == word if len(word) < 4 else token.startswith(word)

    return any(all(fits(w, t) for w, t in zip(wanted, sentence_tokens[i:i + len(wanted)]))
               for i in range(len(sentence_tokens) - len(wanted) + 1))


def _named(tokens: list[str], subjects: tuple[Subject, ...]) -> list[Subject]:
    """The subjects a text names: by their whole label (the nämnd itself only when nothing more
    specific is named), else the one verksamhet whose label's first word, of six letters or more,
    starts a word of the text ("Vuxenutbildningen" for "Vuxenutbildning och SFI")."""
    found = [s for s in subjects if names(tokens, s.label)]
    specific = [s for s in found if not s.main]
    if found:
        return specific or found
    partly = [s for s in subjects if not s.main and len(first := (_tokens(s.label) or [""])[0]) >= 6
              and any(t.startswith(first) for t in tokens)]
    return partly if len(partly) == 1 else []


# ---------------------------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------------------------
def narrative_problems(texts: list[Text], figures: dict[str, SectionFigures]) -> list[Problem]:
    """Every claim in the texts that contradicts its section's figures, as a located warning."""
    problems: list[Problem] = []
    for text in texts:
        section = figures.get(text.key)
        if section is None:
            continue
        for number, paragraph in enumerate(text.paragraphs, start=1):
            where = Location(text.file, paragraph=number)
            problems += [Problem(RULE, message, where, Severity.WARNING, hint=HINT)
                         for message in paragraph_findings(paragraph, section, text.key)]
    return problems


def paragraph_findings(paragraph: str, section: SectionFigures, key: str = "") -> list[str]:
    """The Swedish messages for one paragraph's claims that contradict `section`."""
    name = TEXT_SECTIONS.get(key, key)
    about = f" i avsnittet ”{name}”" if name else ""
    found: list[str] = []
    paragraph_subjects = _named(_tokens(paragraph), section.subjects)
    for sentence in _SENTENCE_END.split(paragraph):
        message = _surplus_finding(sentence, paragraph_subjects, section)
        if message:
            found.append(f"Texten{about} säger {message}")
    if section.check_amounts:
        for quoted in quoted_amounts(paragraph):
            if not _matches(quoted, [abs(f.ore) for f in section.amounts if f.ore is not None]):
                found.append(f"Beloppet ”{quoted.text}”{about} stämmer inte med någon av avsnittets siffror"
                             f"{_nearest_amount(quoted, section.amounts)}.")
    if section.check_percents:
        for quoted in quoted_percents(paragraph):
            if not _matches(quoted, [abs(f.share) * 100 for f in section.percents if f.share is not None]):
                found.append(f"Procentsatsen ”{quoted.text}”{about} stämmer inte med någon av avsnittets siffror"
                             f"{_nearest_percent(quoted, section.percents)}.")
    return found


def _surplus_finding(sentence: str, paragraph_subjects: list[Subject], section: SectionFigures) -> str:
    words = {m.group(1).casefold() for m in _SURPLUS.finditer(sentence)}
    if len(words) != 1 or _DENIAL.search(sentence):
        return ""
    claimed = words.pop()
    named = _named(_tokens(sentence), section.subjects)
    if not named:           # the paragraph's one subject, else the section's own
        named = paragraph_subjects if len(paragraph_subjects) == 1 else [] if paragraph_subjects else (
            [section.subject] if section.subject is not None else [])
    measure = "utfallet" if section.year_end else "prognosen"
    column = "Avvikelse utfall mot budget" if section.year_end else "Avvikelse prognos mot budget"
    contradicted = []
    for subject in named:    # "A och B väntas gå med underskott": a claim about each
        tenths = tenths_of_mnkr(subject.deviation)
        actual = "överskott" if tenths > 0 else "underskott" if tenths < 0 else ""
        if actual == claimed:
            continue
        contradicted.append(
            f"för {subject.label} visar {measure} ett {actual} på {format_mnkr(abs(subject.deviation))} mnkr"
            if actual else f"för {subject.label} är {measure} i nivå med budgeten (0,0 mnkr)")
    if not contradicted:
        return ""
    return f"”{claimed}”, men {' och '.join(contradicted)} ({column})."


def _matches(quoted: Quoted, candidates: list[float]) -> bool:
    return any(abs(candidate - quoted.value) <= quoted.tolerance for candidate in candidates)


def _nearest(value: float, figures: list[tuple[float, Figure]]) -> Figure | None:
    return min(figures, key=lambda pair: abs(pair[0] - value))[1] if figures else None


def _nearest_amount(quoted: Quoted, figures: tuple[Figure, ...]) -> str:
    nearest = _nearest(quoted.value, [(abs(f.ore), f) for f in figures if f.ore is not None])
    if nearest is None:
        return ""
    return f" (närmast: {format_mnkr(abs(nearest.ore))} mnkr, {nearest.name})"


def _nearest_percent(quoted: Quoted, figures: tuple[Figure, ...]) -> str:
    nearest = _nearest(quoted.value, [(abs(f.share) * 100, f) for f in figures if f.share is not None])
    if nearest is None:
        return ""
    return f" (närmast: {format_percent_sign(abs(nearest.share))}, {nearest.name})"


# ---------------------------------------------------------------------------------------------
# The report's figures, per section
# ---------------------------------------------------------------------------------------------
def table_figures(frame: pd.DataFrame, period: Period, within: str = "") -> list[Figure]:
    """Every non-empty cell of a computed table (öre), named "row, column" ("…, inom X")."""
    found = []
    for label, values in frame.iterrows():
        for column in (c for c in frame.columns if c != "kind"):
            if not pd.isna(values[column]):
                name = f"{label}{f' inom {within}' if within else ''}, {header(column, period)}"
                found.append(Figure(name, ore=int(values[column])))
    return found


def _deviation(frame: pd.DataFrame, label) -> int | None:
    value = frame.loc[label, "avvikelse"]
    return None if pd.isna(value) else int(value)


def _total(frame: pd.DataFrame) -> int | None:
    return _deviation(frame, frame.index[frame["kind"] == "total"][0])


def _printed_percents(texts: list[str], name: str) -> list[Figure]:
    return [Figure(name, share=q.value / 100) for text in texts for q in quoted_percents(text)]


def report_figures(units, key_figures, per_row: dict[str, dict[str, pd.DataFrame]], period: Period,
                   personnel=None) -> dict[str, SectionFigures]:
    """The figures each checked section's text is held against: `units` the report's
    `UnitTables` (the nämnd first), `per_row` each unit's RR per DR row, `personnel` the staff
    section (PersonnelReport) or None."""
    main, year_end = units[0], period.is_year_end
    drift: list[Figure] = []
    subjects: list[Subject] = []
    for i, unit in enumerate(units):
        drift += table_figures(unit.rr, period) + table_figures(unit.dr, period)
        for row, rr in per_row.get(unit.unit, {}).items():
            drift += table_figures(rr, period, within=row)
        total = _total(unit.rr)
        if total is not None:
            subjects.append(Subject(unit.name, total, main=i == 0))
        subjects += [Subject(str(label), d) for label in unit.dr.index[unit.dr["kind"] == "row"]
                     if (d := _deviation(unit.dr, label)) is not None]
    k = key_figures
    drift += [Figure("Ursprunglig budget", ore=k.ursprunglig_budget), Figure("Ändringsbudget", ore=k.andringsbudget)]
    drift_percents = [Figure("Förbrukning av budgeten", share=k.forbrukning)] if k.forbrukning is not None else []
    investment = table_figures(main.investments, period)
    inv_share = k.investment_utfall / k.investment_budget if k.investment_budget else None
    investment_percents = [Figure("Förbrukning av investeringsbudgeten", share=inv_share)] if inv_share else []
    inv_total = _total(main.investments)
    inv_subject = Subject("investeringar", inv_total) if inv_total is not None else None
    inv_subjects = [Subject(str(label), d) for label in main.investments.index[main.investments["kind"] == "row"]
                    if (d := _deviation(main.investments, label)) is not None]
    own = next((s for s in subjects if s.main), None)
    staff = _staff_percents(personnel)
    return {
        "sammanfattning": SectionFigures(
            own, tuple(subjects + ([inv_subject] if inv_subject else [])), tuple(drift + investment),
            tuple(drift_percents + investment_percents + staff), year_end=year_end),
        "ekonomisk_analys": SectionFigures(own, tuple(subjects), tuple(drift), tuple(drift_percents),
                                           year_end=year_end),
        "atgarder_budget_i_balans": SectionFigures(own, tuple(subjects), check_amounts=False,
                                                   check_percents=False, year_end=year_end),
        "investeringar": SectionFigures(inv_subject, tuple(inv_subjects), tuple(investment),
                                        tuple(investment_percents), year_end=year_end),
        "medarbetare": SectionFigures(None, (), (), tuple(staff), check_amounts=False, year_end=year_end),
    }


def _staff_percents(personnel) -> list[Figure]:
    """The percentages the staff section prints: its computed sentences and its tables' cells."""
    if personnel is None:
        return []
    found = _printed_percents([t for t in personnel.texts.values() if t], "Uppföljning medarbetarmål")
    for goal in personnel.goals:
        for table in goal.tables:
            found += [Figure(f"{row.label}, {table.header[i + 1]}", share=q.value / 100)
                      for row in table.rows for i, cell in enumerate(row.cells) for q in quoted_percents(cell)]
    return found
