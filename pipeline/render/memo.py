"""The tjänsteskrivelse's `memo` context from its settings and the report's `dokument` facts."""

from __future__ import annotations

import string
from collections.abc import Mapping

from pipeline.settings.memo import MemoSettings, placeholder_values
from pipeline.render.word import TemplateError


def memo_context(memo: MemoSettings, dokument: Mapping[str, str]) -> dict:
    """`memo` as docs/report-context.md describes it, with every {placeholder} filled in."""
    values = placeholder_values(dict(dokument))

    def fill(text: str) -> str:
        return filled(text, values)

    return {
        "handlaggare": {"namn": memo.handlaggare, "telefon": memo.telefon, "epost": memo.epost},
        "mottagare": fill(memo.mottagare),
        "titel": fill(memo.titel),
        "beslutsrubrik": fill(memo.beslutsrubrik),
        "forslag_till_beslut": [fill(text) for text in memo.forslag],
        "bakgrund": fill(memo.bakgrund),
        "beredning": fill(memo.beredning),
        "bedomning": fill(memo.bedomning),
        "ekonomiska_konsekvenser": fill(memo.ekonomiska_konsekvenser),
        "sociala_konsekvenser": fill(memo.sociala_konsekvenser),
        "beslutsunderlag": [fill(text) for text in memo.beslutsunderlag],
        "underskrifter": [{"namn": s.namn, "titel": s.titel} for s in memo.underskrifter],
        "skickas_till": [fill(text) for text in memo.skickas_till],
    }


def filled(text: str, values: Mapping[str, str]) -> str:
    """`text` with each {name} replaced by its value, and {{ }} as single braces.

    Only plain names: not Python's `str.format`, whose {name.attribute}, {name[key]} and
    {name:>1000000000} would read the program's objects or fill the memory from rapport.toml."""
    parts = []
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as error:
        raise TemplateError(f'Tjänsteskrivelsens text "{text}" har en klammer {{ eller }} som inte hör till '
                            "ett namn. Skriv namn inom klamrar, t.ex. {period_slut}, eller dubbla klamrar "
                            "{{ }} för en klammer i texten (i rapport.toml).") from error
    for literal, name, spec, conversion in fields:
        parts.append(literal)
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise TemplateError(f'Tjänsteskrivelsens text "{text}" har {shown}, men en text i rapport.toml kan '
                                "bara använda ett namn inom klamrar, t.ex. {titel}. Ta bort det som står efter "
                                "namnet.")
        if name not in values:
            raise TemplateError(
                f'Tjänsteskrivelsens text "{text}" använder {{{name}}}, men rapportens data '
                f"saknar dokument.{name} (docs/report-context.md). Det är ett fel i "
                "programmet; ta tills vidare bort namnet ur texten i rapport.toml."
            )
        parts.append(values[name])
    return "".join(parts)
