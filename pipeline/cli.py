"""Command line: `python -m pipeline rapport` and `python -m pipeline kontrollera`.

Thin on purpose: parse options, call the orchestrator, print, choose the exit code. Click's own
words (headings, the help option, usage errors) are made Swedish by `cli_swedish`.
Exit codes: 0 done, 1 the inputs have errors or the output folder cannot be written (no report
written), 2 wrong usage; `python -m pipeline` adds 130 for Ctrl-C (pipeline/__main__.py).

The heavy part of the program (pandas, the Word and Excel writers) is imported only after
`early.start` has set the export files parsing in the background (see pipeline/read/early.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from pipeline.cli_swedish import SwedishGroup
from pipeline.problems import has_errors
from pipeline.read import early
from pipeline.read.cache import ExportCache, cache_folder
from pipeline.render import summary
from pipeline.render.drawing import Drawer
from pipeline.render.progress import progress_for
from pipeline.run import Run

OUTPUT = Path("output")
# The names the commands had before they were Swedish; still accepted, not listed.
ENGLISH_NAMES = {"report": "rapport", "check": "kontrollera"}
INPUT_HELP = "Mappen med exporterna och undermappen installningar/ (standard: input_xlsx)."
PERIOD_HELP = "Rapportperiod ÅÅÅÅ-MM, t.ex. 2023-08 (standard: senaste perioden i huvudboken)."
NO_CACHE_HELP = ("Läs alla exporter från Excel, utan att använda eller fylla cachen "
                 "(.cache/exporter eller mappen i PIPELINE_CACHE).")
COMPARE_HELP = ("Jämför prognosen och målens status med den sparade rapporten för perioden ÅÅÅÅ-MM, "
                "t.ex. --jamfor-med 2023-04 (output/2023-04/<nämnd>/utskrivet.json). Standard: "
                "[rapport] jamfor_med i rapport.toml, annars den senaste tidigare rapporten samma år som inte "
                "är en månadsuppföljning.")
TIMES_HELP = "Skriv tiden per steg, cacheanvändning och minnestopp som JSON till filen (för make bench)."


@click.group(cls=SwedishGroup, aliases=ENGLISH_NAMES,
             help="Uppföljningsrapporter för nämnden från ekonomisystemets Excel-exporter.")
def main() -> None:
    pass


NAMND_HELP = ("Skriv bara rapporten för den här nämnden (koden eller namnet på bladet Rapportenheter i "
              "organisation.xlsx), utan kommunöversikten. Kan anges flera gånger. Standard: varje nämnd "
              "med egen rapport och kommunöversikten.")


@main.command("rapport", help="Läs, kontrollera och stäm av exporterna och skriv varje nämnds rapport, "
                   "tjänsteskrivelse och avstämning till output/<period>/<nämnd>/, och kommunöversikten "
                   "till output/<period>/kommunen/ (inte med --namnd).\n\n"
                   "Exempel: python -m pipeline rapport --period 2023-08 --namnd KS\n\n"
                   "Jämför med en annan sparad rapport: python -m pipeline rapport --period 2023-08 "
                   "--jamfor-med 2023-04")
@click.option("--input", "input_dir", type=click.Path(path_type=Path), default=Path("input_xlsx"),
              metavar="MAPP",
              help=INPUT_HELP)
@click.option("--output", "output_dir", type=click.Path(path_type=Path), default=OUTPUT, metavar="MAPP",
              help="Mappen där rapporterna skrivs, en undermapp per period och nämnd (standard: output).")
@click.option("--period", default=None, metavar="ÅÅÅÅ-MM", help=PERIOD_HELP)
@click.option("--namnd", "namnder", multiple=True, metavar="NÄMND", help=NAMND_HELP)
@click.option("--pdf", is_flag=True, default=False,
              help="Skriv också rapporten och tjänsteskrivelsen som tillgänglig PDF (PDF/UA). "
                   "Kräver LibreOffice.")
@click.option("--jamfor-med", "compare_with", default=None, metavar="ÅÅÅÅ-MM", help=COMPARE_HELP)
@click.option("--utan-cache", "no_cache", is_flag=True, default=False, help=NO_CACHE_HELP)
@click.option("--tider", "times_file", type=click.Path(path_type=Path), default=None, metavar="FIL",
              help=TIMES_HELP)
def report(input_dir: Path, output_dir: Path, period: str | None, namnder: tuple[str, ...], pdf: bool,
           compare_with: str | None, no_cache: bool, times_file: Path | None) -> None:
    cache, run = (None if no_cache else ExportCache()), _run()
    started = early.start(input_dir, cache, period)
    # New figures: charts are drawn on the other core, by a helper started once every input is
    # read (not beside a ledger's parse, the run's peak of memory, nor the program's loading).
    drawer = Drawer() if started.figures_changed else None
    if drawer is not None:
        run.after_reading.append(drawer.start)
    from pipeline import orchestrator
    from pipeline.read import sources
    from pipeline.render import changes, changes_text, folders, output, publish, unchanged

    publish.tidy(output_dir)      # what an earlier run, interrupted while publishing, left behind
    try:
        built = orchestrator.build_reports(input_dir, period, cache, run, namnder,
                                           orchestrator.Comparing(output_dir, compare_with))
        early.discard()
        common = folders.located_in_not_approved(built.problems, None, output_dir)
        if common:
            click.echo(summary.problems_text(common), err=True)
        if built.kommun is None or not built.namnder:
            click.echo(summary.failure_text(None), err=True)
            raise SystemExit(1)
        # Settings, texts, templates: with the report's figures, what decides a nämnd's documents.
        inputs_digest = sources.other_files_digest(input_dir, built.kommun.settings) if cache else ""
        outcomes = []
        for outcome in built.namnder:
            report = outcome.report
            folder = folders.period_folder(output_dir, built.kommun.period, outcome.name)
            problems = folders.located_in_not_approved(outcome.problems, report, output_dir)
            if problems:
                click.echo(summary.problems_text(problems, outcome.name), err=True)
            if report is None or has_errors(problems + common):
                shown = folders.publish_not_approved(report, common + problems, output_dir)
                outcomes.append(summary.NamndResult(outcome.name, folder, None, shown))
                continue
            # What the documents print, against what the folder's previous run printed.
            record = output.printed_record(report)
            comparison = changes.since_last_run(folder, record)
            written, kept = _published_or_kept(
                cache, folder, unchanged.outputs_key((output.documents_basis(report), problems), inputs_digest, pdf),
                pdf, run, lambda: folders.withdraw_not_approved(output_dir, report),
                lambda: _rendered_and_published(
                    outcome.name, run, pdf, output.period_timestamp(report),
                    lambda: output.rendered_outputs(report, problems, input_dir, cache, drawer, record, comparison),
                    lambda files: folders.publish_report(files, output_dir, report),
                    (f"Skapar dokumenten för {outcome.name}", "Skriver filerna")))
            if written is None:
                outcomes.append(summary.NamndResult(outcome.name, folder, None))
                continue
            since_run = changes_text.terminal_text(comparison, folder / output.WORKBOOK_FILE)
            since_report = changes_text.since_previous_report_text(output.comparison_context(report),
                                                                   report.followup.mal if report.followup else [])
            click.echo(summary.summary_text(
                report, written, output.left_out_sections(report), sources=not outcomes, kept=kept,
                changed="\n".join(text for text in (since_run, since_report) if text)))
            outcomes.append(summary.NamndResult(outcome.name, folder, written, kept=kept))
        if not namnder:           # the kommun's overview, in a run over every nämnd
            outcomes.append(_write_overview(built, common, output_dir, pdf, run, cache, inputs_digest))
        if drawer is not None:
            drawer.close()
        if cache is not None:
            cache.close()
        click.echo(summary.outcomes_text(outcomes))
        click.echo(summary.finished_text(run.elapsed, cache))
        if times_file is not None:
            times_file.write_text(summary.timings_json(run, cache), encoding="utf-8")
        if any(o.written is None for o in outcomes):
            raise SystemExit(1)
    except publish.PublishError as error:    # no permission, read-only, disk full, a file in the way
        click.echo(summary.fault_text(error), err=True)
        raise SystemExit(1) from None
    finally:                      # also when the run stops on a problem: nothing left running
        if drawer is not None:
            drawer.close()
        if cache is not None:
            cache.close()


@main.command("kontrollera", help="Läs, kontrollera och stäm av exporterna och kontrollera Word-mallarna, utan att "
                   "skriva några dokument.\n\n"
                   "Exempel: python -m pipeline kontrollera --input input_xlsx")
@click.option("--input", "input_dir", type=click.Path(path_type=Path), default=Path("input_xlsx"),
              metavar="MAPP",
              help=INPUT_HELP)
@click.option("--period", default=None, metavar="ÅÅÅÅ-MM", help=PERIOD_HELP)
@click.option("--namnd", "namnder", multiple=True, metavar="NÄMND", help=NAMND_HELP)
@click.option("--utan-cache", "no_cache", is_flag=True, default=False, help=NO_CACHE_HELP)
def check(input_dir: Path, period: str | None, namnder: tuple[str, ...], no_cache: bool) -> None:
    cache, run = (None if no_cache else ExportCache()), _run()
    early.start(input_dir, cache, period)
    from pipeline import orchestrator
    from pipeline.render import documents, folders, output

    failures: list[str] = []
    try:
        built = orchestrator.build_reports(input_dir, period, cache, run, namnder)
        early.discard()
        if built.problems:
            click.echo(summary.problems_text(built.problems), err=True)
        if built.kommun is None or not built.namnder:
            click.echo(summary.check_failure_text(), err=True)
            raise SystemExit(1)
        for outcome in built.namnder:
            report, problems = outcome.report, list(outcome.problems)
            if report is not None:
                problems += documents.template_checks(report.settings, input_dir,
                                                      output.report_contexts(report, input_dir))
            if problems:
                click.echo(summary.problems_text(problems, outcome.name), err=True)
            if report is None or has_errors(problems + built.problems):
                checks_failed = bool(folders.failed_checks(report))
                failures.append(summary.check_failure_text(
                    folders.report_folder(OUTPUT, report) if checks_failed else None,
                    folders.not_approved_folder(OUTPUT, report.period, outcome.name) if checks_failed else None))
            else:
                click.echo(summary.summary_text(report, None, output.left_out_sections(report),
                                                sources=report is built.namnder[0].report))
    finally:
        if cache is not None:
            cache.close()
    if failures:
        click.echo("\n".join(dict.fromkeys(failures)), err=True)
        raise SystemExit(1)
    click.echo(summary.finished_text(run.elapsed, cache))


def _write_overview(built, common: list, output_dir: Path, pdf: bool, run: Run, cache: ExportCache | None,
                    inputs_digest: str) -> summary.NamndResult:
    """The kommun's overview as output/<period>/kommunen/, when its checks match and the run has no
    error of its own; else its not-approved workbook (when a check failed), the previous folder kept."""
    from pipeline import orchestrator
    from pipeline.render import changes, changes_text, folders, output, unchanged
    from pipeline.render import overview as rendered

    folder = folders.overview_folder(output_dir, built.kommun.period)
    if has_errors(common):
        return summary.NamndResult(rendered.NAME, folder, None)
    overview, problems = orchestrator.kommun_overview(built.kommun, built.namnder)
    problems = folders.overview_located(problems, overview, output_dir)
    if problems:
        click.echo(summary.problems_text(problems, rendered.NAME), err=True)
    if has_errors(problems):
        shown = folders.publish_overview_not_approved(overview, problems, output_dir)
        return summary.NamndResult(rendered.NAME, folder, None, shown)
    # What the overview prints, against what the folder's previous run printed.
    comparison = changes.since_last_run(folder, rendered.overview_record(overview))
    written, kept = _published_or_kept(
        cache, folder, unchanged.outputs_key((overview, problems), inputs_digest, pdf),
        pdf, run, lambda: folders.withdraw_overview_not_approved(output_dir, overview),
        lambda: _rendered_and_published(
            rendered.NAME, run, pdf, output.period_timestamp(overview),
            lambda: rendered.overview_files(overview, problems, comparison),
            lambda files: folders.publish_overview(files, output_dir, overview),
            ("Skapar kommunöversikten", "Skriver kommunöversikten")))
    if written is None:
        return summary.NamndResult(rendered.NAME, folder, None)
    click.echo(rendered.summary_text(overview, written, rendered.left_out(overview), kept=kept,
                                     changed=changes_text.terminal_text(comparison, folder / rendered.WORKBOOK_FILE)))
    return summary.NamndResult(rendered.NAME, folder, written, kept=kept)


def _published_or_kept(cache: ExportCache | None, folder: Path, key: str | None, pdf: bool, run: Run,
                       keep: Callable[[], None], make: Callable[[], list[Path] | None]
                       ) -> tuple[list[Path] | None, bool]:
    """(files, kept): the published folder's files as they are when they are what this run would
    write (`keep()` then removes what is stale beside them; `pipeline.render.unchanged`), else
    `make()`'s, rendered and published now and remembered for the next run, unless `pdf` asked
    for PDFs that could not be made (the next run tries, and says why, again)."""
    from pipeline.render import unchanged

    kept = None if cache is None else unchanged.kept_files(folder, key, cache.published(folder))
    if kept is not None:
        keep()
        run.lap("render")
        return kept, True
    written = make()
    if cache is not None and written is not None:
        complete = not pdf or any(path.suffix == ".pdf" for path in written)
        cache.store_published(folder, unchanged.published_record(key, written) if complete else None)
    return written, False


def _rendered_and_published(name: str, run: Run, pdf: bool, timestamp, render, publish_files,
                            steps: tuple[str, str]):
    """`render()`'s files (with their PDFs under --pdf) published by `publish_files`; the paths
    written, or None when a template stopped the rendering (said, naming `name`). `steps`: the
    progress texts of rendering and of writing."""
    from pipeline.render import documents
    from pipeline.render.word import TemplateError

    try:
        with run.progress.step(steps[0]):
            files = render()
    except TemplateError as error:
        click.echo(f"Fel ({name}): {error}", err=True)
        return None
    if pdf:
        files, note = documents.with_pdfs(files, timestamp)
        if note:
            click.echo(note, err=True)
    run.lap("render")
    with run.progress.step(steps[1]):
        written = publish_files(files)
    run.lap("write")
    return written


def _run() -> Run:
    """Stage times from the program's start (python -m pipeline), else from this command's."""
    started = (click.get_current_context().find_root().obj or {}).get("started")
    return Run(progress_for()) if started is None else Run(progress_for(), started=started)


@main.command("rensa-cache", help="Töm cachen med lästa exporter (.cache/exporter, eller mappen i "
                                  "PIPELINE_CACHE). Nästa körning läser alla exporter från Excel igen.\n\n"
                                  "Exempel: python -m pipeline rensa-cache")
def clear_cache() -> None:
    removed = ExportCache().clear()
    click.echo(f"Cachen i {cache_folder()} är tömd ({removed} filer borttagna).")
