"""The default templates' optional sections: when each is printed, and why it was left out.

A section whose inputs are not configured or empty is left out of the report whole (heading
and all; Word's heading numbering closes the gap), never printed as a bare heading. Each
optional section's condition is written once, here, as the Jinja expression that
tools/make_templates.py puts in the template's `{%p if … %}` around the section, and that
`left_out_sections` evaluates on the report's context to tell the ekonom which sections were
left out and why. Section titles are the default templates' headings, without numbers (the
numbers follow from which sections are printed).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import jinja2


@dataclass(frozen=True)
class Section:
    """A part of the report printed only when `condition` (a Jinja expression over the context)
    holds; `parts`: optional subsections, looked at only when the section is printed."""

    title: str
    condition: str
    reason: str                          # Swedish: why it is left out and what to do
    parts: tuple[Section, ...] = ()


@dataclass(frozen=True)
class LeftOut:
    title: str
    reason: str

    def describe(self) -> str:
        return f"{self.title}: {self.reason}"


def _text(key: str) -> str:
    """The reason for a section that is the organisation's own Word text."""
    return (f"ingen Word-text för avsnittet. Ange filen under [texter] i rapport.toml, t.ex. "
            f'{key} = "texter/{key}.docx", och lägg filen där.')


def _export(what: str, source: str) -> str:
    return (f"{what} för nämnden i uppföljningsexporten. Kontrollera exporten, eller lägg till "
            f"[kallor.{source}] i rapport.toml om den inte läses.")


UPPDRAG_OCH_ANSVAR = Section("Uppdrag och ansvar", "avsnitt.uppdrag_och_ansvar or organisationsschema",
                             _text("uppdrag_och_ansvar"))
VASENTLIGA_HANDELSER = Section("Väsentliga händelser", "avsnitt.vasentliga_handelser",
                               _text("vasentliga_handelser"))
SATSNINGAR = Section("Årets prioriterade satsningar", "satsningar",
                     _export("inga prioriterade satsningar", "satsningar"))
VERKSAMHETSMAL = Section("Uppföljning verksamhetsmål", "mal or satsningar",
                         "inga verksamhetsmål och inga prioriterade satsningar för nämnden i "
                         "uppföljningsexporterna. Kontrollera exporterna, eller lägg till [kallor.mal] och "
                         "[kallor.satsningar] i rapport.toml om de inte läses.", (SATSNINGAR,))
MEDARBETARSATSNINGAR = Section("Årets prioriterade satsningar", "medarbetarsatsningar",
                               _export("inga prioriterade satsningar för medarbetarna", "satsningar"))
MEDARBETARMAL = Section("Uppföljning medarbetarmål", "personal or medarbetarsatsningar",
                        "inget personalavsnitt (rapport.toml har inget [personal], eller ingen förvaltning "
                        "på bladet Förvaltningar i organisation.xlsx hör till nämnden) och inga satsningar "
                        "för medarbetarna i uppföljningsexporten.", (MEDARBETARSATSNINGAR,))
RIKTADE_UPPDRAG = Section("Uppföljning av de riktade uppdragen", "uppdrag",
                          _export("inga riktade uppdrag", "uppdrag"))
ATGARDER = Section("Åtgärder för budget i balans", "avsnitt.atgarder_budget_i_balans",
                   _text("atgarder_budget_i_balans"))
FORVANTAD_UTVECKLING = Section("Förväntad utveckling", "avsnitt.forvantad_utveckling",
                               _text("forvantad_utveckling"))
INTERNKONTROLL = Section("Internkontroll", "internkontroll",
                         _export("inga kontroller", "internkontroll"))
OVRIGA_ENHETER = Section("Enheter som redovisas i nämndens rapport", "ovriga_enheter",
                         "ingen annan enhet redovisas i nämndens rapport (kolumnen Redovisas i på bladet "
                         "Rapportenheter i organisation.xlsx).")
EKONOMI = Section("Uppföljning ekonomi", "true", "", (ATGARDER,))     # always printed
INVESTERINGAR = Section("Investeringsredovisning", 'inv.rows | rejectattr("is_sum") | list',
                        "inga investeringsprojekt för nämnden. Lägg nämndens projekt på bladet Projekt i "
                        "organisation.xlsx, med nämndens kod under Rapportenhet.")

# The optional sections of each shipped template, in print order.
REPORT_SECTIONS = (UPPDRAG_OCH_ANSVAR, VASENTLIGA_HANDELSER, VERKSAMHETSMAL, MEDARBETARMAL,
                   RIKTADE_UPPDRAG, EKONOMI, INVESTERINGAR, FORVANTAD_UTVECKLING, INTERNKONTROLL, OVRIGA_ENHETER)
MONTHLY_SECTIONS = (EKONOMI, INVESTERINGAR, OVRIGA_ENHETER)
MONTHLY_TEMPLATE = "manadsuppfoljning.docx"


def template_sections(shipped_template: str) -> tuple[Section, ...]:
    """The optional sections of a shipped template (by its file name)."""
    return MONTHLY_SECTIONS if shipped_template == MONTHLY_TEMPLATE else REPORT_SECTIONS


@lru_cache(maxsize=None)
def _expression(condition: str):
    return jinja2.Environment(autoescape=False).compile_expression(condition)


def is_printed(section: Section, context: Mapping) -> bool:
    """Whether the template prints `section` for `context` (its `{%p if %}` holds)."""
    return bool(_expression(section.condition)(**context))


def left_out_sections(context: Mapping, sections: tuple[Section, ...] = REPORT_SECTIONS,
                      within: str = "") -> list[LeftOut]:
    """The sections (of `sections`, default: the full report's) that the context leaves out,
    each with its reason; a left-out section's subsections are not listed again, a subsection
    is named after its section ("Uppföljning verksamhetsmål – Årets prioriterade satsningar")."""
    found = []
    for section in sections:
        title = f"{within} – {section.title}" if within else section.title
        if not is_printed(section, context):
            found.append(LeftOut(title, section.reason))
        else:
            found += left_out_sections(context, section.parts, title)
    return found
