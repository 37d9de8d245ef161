"""The tjänsteskrivelse's `memo` context from its settings and the report's `dokument` facts."""

from __future__ import annotations

from collections.abc import Mapping

from pipeline.settings.memo import MemoSettings, placeholder_values
from pipeline.render.word import TemplateError


def memo_context(memo: MemoSettings, dokument: Mapping[str, str]) -> dict:
    """`memo` as docs/report-context.md describes it, with every {placeholder} filled in."""
    values = placeholder_values(dict(dokument))

    def fill(text: str) -> str:
        try:
            return text.format_map(values)
        except KeyError as error:
            raise TemplateError(
                f'Tjänsteskrivelsens text "{text}" använder {{{error.args[0]}}}, men rapportens data '
                f"saknar dokument.{error.args[0]} (docs/report-context.md). Det är ett fel i "
                "programmet; ta tills vidare bort namnet ur texten i rapport.toml."
            ) from error

    return {
        "handlaggare": {"namn": memo.handlaggare, "telefon": memo.telefon, "epost": memo.epost},
        "mottagare": fill(memo.mottagare),
        "titel": fill(memo.titel),
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
