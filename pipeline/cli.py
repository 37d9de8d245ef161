"""Command line: `python -m pipeline report` and `python -m pipeline check`.

Thin on purpose: parse options, call the orchestrator, print, choose the exit code.
Exit codes: 0 done, 1 the inputs have errors (nothing written), 2 wrong usage.
"""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import orchestrator
from pipeline.problems import has_errors
from pipeline.render import output, summary
from pipeline.render.word import TemplateError

INPUT_HELP = "Mappen med exporterna och undermappen installningar/ (standard: input_xlsx)."
PERIOD_HELP = "Rapportperiod ÅÅÅÅ-MM, t.ex. 2023-08 (standard: senaste perioden i huvudboken)."


@click.group(help="Uppföljningsrapporter för nämnden från ekonomisystemets Excel-exporter.")
def main() -> None:
    pass


@main.command(help="Läs, kontrollera och stäm av exporterna och skriv rapporten och avstämningen "
                   "till output/<period>/.\n\nExempel: python -m pipeline report --period 2023-08")
@click.option("--input", "input_dir", type=click.Path(path_type=Path), default=Path("input_xlsx"),
              show_default=True, help=INPUT_HELP)
@click.option("--output", "output_dir", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Mappen där rapporterna skrivs, en undermapp per period.")
@click.option("--period", default=None, help=PERIOD_HELP)
def report(input_dir: Path, output_dir: Path, period: str | None) -> None:
    built, problems = orchestrator.build_report(input_dir, period)
    folder = output_dir / built.period.label if built is not None else None
    if problems:
        click.echo(summary.problems_text(problems), err=True)
    if built is None or has_errors(problems):
        click.echo(summary.failure_text(folder), err=True)
        raise SystemExit(1)
    try:
        files = output.rendered_outputs(built, problems, input_dir)
    except TemplateError as error:
        click.echo(f"Fel: {error}", err=True)
        click.echo(summary.failure_text(folder), err=True)
        raise SystemExit(1) from None
    written = output.write_atomically(files, folder)
    click.echo(summary.summary_text(built, written))


@main.command(help="Läs, kontrollera och stäm av exporterna utan att skriva några dokument.\n\n"
                   "Exempel: python -m pipeline check --input input_xlsx")
@click.option("--input", "input_dir", type=click.Path(path_type=Path), default=Path("input_xlsx"),
              show_default=True, help=INPUT_HELP)
@click.option("--period", default=None, help=PERIOD_HELP)
def check(input_dir: Path, period: str | None) -> None:
    built, problems = orchestrator.build_report(input_dir, period)
    if problems:
        click.echo(summary.problems_text(problems), err=True)
    if built is None or has_errors(problems):
        click.echo("Kontrollen hittade fel: rätta dem och kör igen.", err=True)
        raise SystemExit(1)
    click.echo(summary.summary_text(built, None))
