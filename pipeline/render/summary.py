"""Terminal text: the problems of a run, all at once, and the short summary at the end."""

from __future__ import annotations

import errno
import json
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.problems import Problem
from pipeline.render.progress import seconds_text
from pipeline.run import peak_memory_mib

KEPT_HEADING = "Oförändrade sedan förra körningen (samma underlag), inte skrivna om:"


def problems_text(problems: list[Problem], namnd: str = "") -> str:
    """Errors, then warnings; `namnd`: the nämnd they concern (none: the whole run's)."""
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    about = f" – {namnd}" if namnd else ""
    blocks = []
    if errors:
        blocks.append(f"Fel{about} ({len(errors)}):\n" + "\n".join(f"  • {p.describe()}" for p in errors))
    if warnings:
        blocks.append(f"Varningar{about} ({len(warnings)}):\n"
                      + "\n".join(f"  • {p.describe()}" for p in warnings))
    return "\n\n".join(blocks)


@dataclass(frozen=True)
class NamndResult:
    """What a run did for one nämnd: its files (`written`), or None when its report was not written
    (`not_approved`: the not-approved workbook, when a check failed)."""

    name: str
    folder: Path
    written: list[Path] | None
    not_approved: Path | None = None
    kept: bool = False                # its files were already what the run makes (not written again)


def outcomes_text(results: list[NamndResult]) -> str:
    """One line per nämnd: written, or not and why, and where the previous files are."""
    lines = ["Nämnder:"]
    for result in results:
        if result.written is not None:
            lines.append(f"  {result.name}: oförändrad i {result.folder}." if result.kept
                         else f"  {result.name}: skriven till {result.folder}.")
            continue
        line = f"  {result.name}: INTE skriven, rätta felen ovan och kör igen."
        if result.not_approved is not None:
            line += f" Avstämningen som inte stämmer finns i {result.not_approved} (inte godkänd)."
        if os.path.isdir(result.folder):
            line += f" Tidigare filer i {result.folder} är orörda."
        lines.append(line)
    return "\n".join(lines)


def sources_text(report) -> str:
    """The export files read (the same for every nämnd's report of a run): rows and periods."""
    lines = ["Lästa filer:"]
    for row in report.sources.itertuples(index=False):
        periods = f", {row.perioder}" if row.perioder else ""
        lines.append(f"  {row.fil}: {row.rader} rader{periods}")
    return "\n".join(lines)


def summary_text(report, written: list[Path] | None, left_out=(), sources: bool = True, kept: bool = False,
                 changed: str = "") -> str:
    """What was read (`sources`: the files, said once in a run), checked and written; `left_out`:
    the report's sections left out for want of inputs (`pipeline.render.output.left_out_sections`),
    each with its reason; `kept`: the files were already what this run makes, and stay;
    `changed`: what the documents print differently from the last run's
    (`pipeline.render.changes_text.terminal_text`)."""
    kind = report.settings.report_types.for_month(report.period.month)
    lines = [f"{kind.namn} {report.period.month_name} {report.period.year} – {report.units[0].name}"]
    if sources:
        lines.append(sources_text(report))
    failed = report.failed_checks
    lines.append(f"Avstämning: {len(report.checks) - len(failed)} av {len(report.checks)} kontroller stämmer"
                 + ("." if not failed else f", {len(failed)} stämmer inte."))
    if left_out:
        lines.append("Avsnitt som inte kom med i rapporten:")
        lines += [f"  {section.describe()}" for section in left_out]
    if changed:
        lines.append(changed)
    lines += files_text(written, kept)
    return "\n".join(lines)


def files_text(written: list[Path] | None, kept: bool) -> list[str]:
    """The lines listing the files of a folder written, or kept as they were."""
    if written is None:
        return []
    heading = KEPT_HEADING if kept else "Skrivna filer:"
    return [heading, *(f"  {path}" for path in written)]


def failure_text(output_folder: Path | None, not_approved: Path | None = None) -> str:
    """The last line of a run that wrote no report. `not_approved`: the workbook written where
    it cannot be taken for the approved run's (pipeline.render.folders), when a check failed."""
    text = "Rapporten skrevs inte: rätta felen ovan och kör igen."
    if not_approved is not None:
        text += (f" Avstämningen med kontrollerna som inte stämmer och tabellerna bakom dem finns i "
                 f"{not_approved} (inte godkänd).")
    if output_folder is not None and os.path.isdir(output_folder):
        text += f" Tidigare filer i {output_folder} är orörda."
    return text


def check_failure_text(approved: Path | None = None, not_approved: Path | None = None) -> str:
    """The last line of `check` with errors; when a check failed (`not_approved`: where `report`
    would put the workbook that shows it), that the approved folder's workbook is older."""
    text = "Kontrollen hittade fel: rätta dem och kör igen."
    if not_approved is not None:
        text += (f" Kör report för att få avstämningen som visar differenserna (i {not_approved}); den i "
                 f"{approved} är från den senaste godkända körningen.")
    return text


def fault_text(error) -> str:
    """One Swedish line for a `pipeline.render.publish.PublishError`: which folder was not written,
    what the operating system refused, what to do; the previous files are untouched."""
    path, code = error.path, error.errno
    if os.path.lexists(path) and not os.path.isdir(path):
        reason = (f"{path} är en fil, men där ska en mapp ligga. Flytta filen eller byt namn på den, eller "
                  "välj en annan mapp med --output.")
    elif code in (errno.EACCES, errno.EPERM):
        reason = (f"programmet får inte skriva i {path}. Ta bort skrivskyddet eller be om skrivrätt till "
                  "mappen, eller välj en annan mapp med --output.")
    elif code == errno.EROFS:
        reason = (f"{path} ligger på en enhet som bara går att läsa. Välj en mapp på en skrivbar enhet med "
                  "--output.")
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        where = "disken" if path == error.folder else f"disken där {path} ligger"
        reason = (f"{where} är full (filerna behöver {_megabytes(error.size)} MB). Frigör utrymme på "
                  "disken och kör igen, eller välj en annan mapp med --output.")
    else:
        name = errno.errorcode.get(code, str(code)) if code is not None else "okänt"
        reason = f"{path} gick inte att skriva (systemets felkod {name}). Kontrollera mappen och kör igen."
    text = f"Filerna i {error.folder} skrevs inte: {reason}"
    if os.path.isdir(error.folder):
        text += f" Förra körningens filer i {error.folder} är orörda."
    return text


def _megabytes(size: int) -> str:
    return f"{max(size, 100_000) / 1_000_000:.1f}".replace(".", ",")


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
