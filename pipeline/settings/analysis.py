"""The Ekonomisk analys' settings (`[analys]` in rapport.toml): which verksamheter get a sentence
of their own, how many RR lines explain each, and whether the organisation's texts are checked
against the figures (`pipeline.reconcile.narrative`).

Pure: takes the parsed TOML dict as `pipeline.settings.schema` checked it (every value of the
right type and range, unknown keys left out).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.numbers import ORE_PER_MNKR

SECTION = "analys"
DEFAULT_THRESHOLD_MNKR = 0.1
DEFAULT_EXPLAINING_LINES = 2


@dataclass(frozen=True)
class AnalysisSettings:
    threshold_ore: int = round(DEFAULT_THRESHOLD_MNKR * ORE_PER_MNKR)   # avvikelse_mnkr, in öre
    explaining_lines: int = DEFAULT_EXPLAINING_LINES                    # forklarande_rader
    check_texts: bool = True                                            # kontrollera_texter


def analysis_settings(data: dict) -> AnalysisSettings:
    section = data.get(SECTION, {})
    threshold = section.get("avvikelse_mnkr", DEFAULT_THRESHOLD_MNKR)
    return AnalysisSettings(
        threshold_ore=round(threshold * ORE_PER_MNKR),
        explaining_lines=section.get("forklarande_rader", DEFAULT_EXPLAINING_LINES),
        check_texts=section.get("kontrollera_texter", True),
    )
