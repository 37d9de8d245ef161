"""Terminal text: the problems of a run, all at once, and the short summary at the end."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.problems import Problem
from pipeline.render.progress import seconds_text
from pipeline.run import peak_memory_mib


def problems_text(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    blocks = []
    if errors:
        blocks.append(f"Fel ({len(errors)}):\n" + "\n".join(f"  • {p.describe()}" for p in errors))
    if warnings:
        blocks.append(f"Varningar ({len(warnings)}):\n" + "\n".join(f"  • {p.describe()}" for p in warnings))
    return "\n\n".join(blocks)


def summary_text(report, written: list[Path] | None) -> str:
    lines = [f"{report.period.report_name} {report.period.month_name} {report.period.year} – "
             f"{report.units[0].name}", "Lästa filer:"]
    for row in report.sources.itertuples(index=False):
        periods = f", {row.perioder}" if row.perioder else ""
        lines.append(f"  {row.fil}: {row.rader} rader{periods}")
    failed = report.failed_checks
    lines.append(f"Avstämning: {len(report.checks) - len(failed)} av {len(report.checks)} kontroller stämmer"
                 + ("." if not failed else f", {len(failed)} stämmer inte."))
    if written is not None:
        lines.append("Skrivna filer:")
        lines += [f"  {path}" for path in written]
    return "\n".join(lines)


def failure_text(output_folder: Path | None) -> str:
    text = "Rapporten skrevs inte: rätta felen ovan och kör igen."
    if output_folder is not None and output_folder.exists():
        text += f" Tidigare filer i {output_folder} är orörda."
    return text


def finished_text(seconds: float, cache) -> str:
    """The last line of a run: total time and whether the cache was used (`cache` None: not asked)."""
    if cache is None:
        used = "utan cache"
    else:
        used = f"cache användes för {cache.hits} av {cache.hits + cache.misses} exporter"
        if cache.staff_used:
            used += " och personalavsnittet"
    return f"Klart på {seconds_text(seconds)} s ({used})."


def timings_json(run, cache) -> str:
    """Wall time per stage, total, cache use and peak memory, for `make bench` (tools/bench.py)."""
    return json.dumps({
        "stages": {stage: round(seconds, 4) for stage, seconds in run.stages.items()},
        "total": round(run.elapsed, 4),
        "cache": None if cache is None else {"hits": cache.hits, "misses": cache.misses,
                                             "staff": cache.staff_used, "folder": str(cache.folder)},
        "peak_memory_mib": peak_memory_mib(),
    }, ensure_ascii=False, indent=2)
