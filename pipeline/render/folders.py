"""Where a run's files go, and what goes there when a reconciliation check fails.

    output/<period>/<nämnd>/              a nämnd's report, memo and workbook of its last approved run
    output/<period>/<nämnd>-ej-godkand/   only when a check does not match: the workbook, with the
                                          checks and the tables behind them, and LASMIG.txt saying why

<nämnd> is the nämnd's name as a folder name ("kommunstyrelsen", "barn-och-utbildningsnamnden").
Each folder is published as a whole (`pipeline.render.publish`). A run whose checks fail leaves
the nämnd's folder untouched and replaces its not-approved folder; the next approved run removes
it. The names are chosen so that the not-approved workbook cannot be taken for the approved one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from pipeline.problems import Check, Location, Problem, Severity
from pipeline.render import overview as rendered_overview
from pipeline.render import publish
from pipeline.render.output import WORKBOOK_FILE, period_timestamp
from pipeline.render.workbook import reconciliation_workbook

NOTE_FILE = "LASMIG.txt"
NOT_APPROVED = "ej-godkand"
CHECK_RULE = "avstämning"


def folder_name(name: str) -> str:
    """A nämnd's name as a folder name: small ASCII letters, digits and hyphens."""
    plain = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "namnd"


def period_folder(output_dir: Path, period, name: str) -> Path:
    """The folder of the nämnd `name`'s report of `period`."""
    return Path(output_dir) / period.label / folder_name(name)


def not_approved_folder(output_dir: Path, period, name: str) -> Path:
    return Path(output_dir) / period.label / f"{folder_name(name)}-{NOT_APPROVED}"


def report_folder(output_dir: Path, report) -> Path:
    return period_folder(output_dir, report.period, report.units[0].name)


def failed_checks(report) -> list[Check]:
    """The checks that do not match and stop the report (not those set as warnings)."""
    if report is None:
        return []
    return [c for c in report.failed_checks if c.severity is Severity.ERROR]


def publish_report(files: dict[str, bytes], output_dir: Path, report) -> list[Path]:
    """The report's files as output/<period>/<nämnd>/, replacing that folder as a whole; a
    not-approved folder of the same nämnd and period is stale then and removed."""
    written = publish.publish(files, period_folder(output_dir, report.period, report.units[0].name))
    withdraw_not_approved(output_dir, report)
    return written


def withdraw_not_approved(output_dir: Path, report) -> None:
    """Remove the nämnd's not-approved folder of the period: its approved folder is current."""
    _withdrawn(not_approved_folder(output_dir, report.period, report.units[0].name))


def _withdrawn(folder: Path) -> None:
    try:
        publish.withdraw(folder)
    except publish.PublishError:       # the approved folder is current; the next run tries again
        pass


def located_in_not_approved(problems: list[Problem], report, output_dir: Path) -> list[Problem]:
    """`problems`, with each failed check located in the not-approved workbook that
    `publish_not_approved` writes (unchanged when no check failed)."""
    if not failed_checks(report):
        return problems
    workbook = not_approved_folder(output_dir, report.period, report.units[0].name) / WORKBOOK_FILE
    hint = ("Där står också tabellerna och raderna per konto och ansvar bakom kontrollen. Arbetsboken "
            "är inte godkänd: rapporten skrivs inte förrän alla kontroller stämmer.")
    return [replace(p, location=Location(str(workbook), "Kontroller"), hint=hint)
            if p.rule == CHECK_RULE and p.is_error else p for p in problems]


def publish_not_approved(report, problems: list[Problem], output_dir: Path) -> Path | None:
    """When a check failed: the workbook and LASMIG.txt as output/<period>-ej-godkand/; returns
    the workbook's path. None (and nothing written) when no check failed."""
    if not failed_checks(report):
        return None
    folder = not_approved_folder(output_dir, report.period, report.units[0].name)
    files = {WORKBOOK_FILE: reconciliation_workbook(report, problems, period_timestamp(report)),
             NOTE_FILE: not_approved_note(report, problems).encode("utf-8")}
    publish.publish(files, folder)
    return folder / WORKBOOK_FILE


def not_approved_note(report, problems: list[Problem]) -> str:
    """LASMIG.txt: what this folder is, what did not match, and what to do."""
    p = report.period
    folder = folder_name(report.units[0].name)
    return _note(
        f"Avstämningen för {report.settings.report_types.for_month(p.month).namn.lower()} {p.month_name} {p.year} "
        f"({report.units[0].name}) stämmer inte. Rapporten är inte skriven.",
        ["Den här mappen är INTE en godkänd körning. Den visar vad som inte stämmer: avstamning.xlsx har alla",
         "kontroller med förväntat, faktiskt och differens (bladet Kontroller) och tabellerna bakom dem.",
         "Filerna från den senaste godkända körningen, om det finns någon, ligger orörda i mappen "
         f"{folder} bredvid den här."],
        failed_checks(report), len(report.checks), problems, f"rapporten till mappen {folder}")


def overview_not_approved_note(overview, problems: list[Problem]) -> str:
    """LASMIG.txt of the overview's not-approved folder: what did not match, and what to do."""
    return _note(
        f"Avstämningen för kommunöversikten {overview.period.month_name} {overview.period.year} stämmer inte. "
        "Översikten är inte skriven.",
        ["Den här mappen är INTE en godkänd körning. kommunoversikt.xlsx har alla kontroller med förväntat,",
         "faktiskt och differens (bladet Kontroller) och raderna som inte hör till någon rapportenhet.",
         "Filerna från den senaste godkända körningen, om det finns någon, ligger orörda i mappen "
         f"{OVERVIEW_FOLDER}."],
        [c for c in overview.failed_checks if c.severity is Severity.ERROR], len(overview.checks), problems,
        f"översikten till mappen {OVERVIEW_FOLDER}")


def _note(opening: str, about: list[str], checks: list[Check], total: int, problems: list[Problem],
          written_to: str) -> str:
    """A not-approved folder's LASMIG.txt: what it is, the checks that do not match (of `total`),
    the other errors, and that the next approved run writes `written_to` and removes it."""
    others = [problem for problem in problems if problem.is_error and problem.rule != CHECK_RULE]
    lines = [opening, "", *about, "", f"Kontroller som inte stämmer ({len(checks)} av {total}):",
             *(f"  • {check.describe()}" for check in checks)]
    if others:
        lines += ["", f"Övriga fel ({len(others)}):", *(f"  • {problem.describe()}" for problem in others)]
    lines += ["", "Rätta källfilerna eller inställningarna och kör igen. När alla kontroller stämmer skrivs "
                  f"{written_to} och den här mappen tas bort."]
    return "\n".join(lines) + "\n"


# --- the kommun's overview ---------------------------------------------------------------------
# output/<period>/kommunen/ and, when one of its checks does not match, output/<period>/kommunen-ej-godkand/
# (the workbook and LASMIG.txt), published and withdrawn like a nämnd's folders.
OVERVIEW_FOLDER = "kommunen"


def overview_folder(output_dir: Path, period) -> Path:
    return Path(output_dir) / period.label / OVERVIEW_FOLDER


def overview_not_approved_folder(output_dir: Path, period) -> Path:
    return Path(output_dir) / period.label / f"{OVERVIEW_FOLDER}-{NOT_APPROVED}"


def _overview_failed(overview) -> bool:
    return any(c.severity is Severity.ERROR for c in overview.failed_checks)


def overview_located(problems: list[Problem], overview, output_dir: Path) -> list[Problem]:
    """`problems`, each failed check located in the workbook `publish_overview_not_approved` writes."""
    if not _overview_failed(overview):
        return problems
    workbook = overview_not_approved_folder(output_dir, overview.period) / rendered_overview.WORKBOOK_FILE
    hint = ("Där står också raderna som inte hör till någon rapportenhet. Arbetsboken är inte godkänd: "
            "översikten skrivs inte förrän alla kontroller stämmer.")
    return [replace(p, location=Location(str(workbook), "Kontroller"), hint=hint)
            if p.rule == CHECK_RULE and p.is_error else p for p in problems]


def publish_overview(files: dict[str, bytes], output_dir: Path, overview) -> list[Path]:
    """The overview's files as output/<period>/kommunen/, replacing that folder as a whole; its
    not-approved folder is stale then and removed."""
    written = publish.publish(files, overview_folder(output_dir, overview.period))
    withdraw_overview_not_approved(output_dir, overview)
    return written


def withdraw_overview_not_approved(output_dir: Path, overview) -> None:
    """Remove the overview's not-approved folder of the period: its approved folder is current."""
    _withdrawn(overview_not_approved_folder(output_dir, overview.period))


def publish_overview_not_approved(overview, problems: list[Problem], output_dir: Path) -> Path | None:
    """When a check failed: the overview's workbook and LASMIG.txt as output/<period>/kommunen-ej-godkand/;
    returns the workbook's path. None (and nothing written) when no check failed."""
    if not _overview_failed(overview):
        return None
    folder = overview_not_approved_folder(output_dir, overview.period)
    workbook = rendered_overview.overview_workbook(overview, problems, period_timestamp(overview))
    note = overview_not_approved_note(overview, problems)
    files = {rendered_overview.WORKBOOK_FILE: workbook, NOTE_FILE: note.encode("utf-8")}
    publish.publish(files, folder)
    return folder / rendered_overview.WORKBOOK_FILE
