"""Click's own words in Swedish: the help's headings, the help option, usage errors.

The command line's texts (`cli.py`) are Swedish, but Click writes its own around them ("Usage:",
"Options", "Show this message and exit.", "Error: No such option …"), in English, through
`gettext` with no Swedish catalogue. Rather than install a process-wide translation (which would
need the language forced in the environment), the group and its commands use the classes here:
the help formatter renames Click's headings, the help option gets a Swedish text, and every usage
error is written from the error's own data (option name, command name, close matches), never from
Click's English message.

Commands are named in Swedish (`rapport`, `kontrollera`); the English names they had (`report`,
`check`) still work and are not listed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click
from click import exceptions

HELP_OPTION = "Visa den här hjälpen och avsluta."
_HEADINGS = {"Options": "Alternativ", "Commands": "Kommandon", "Positional arguments": "Argument"}
_USAGE_WORDS = {"[OPTIONS]": "[ALTERNATIV]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENT]..."}
USAGE_EXIT = 2


class SwedishUsageError(click.UsageError):
    """A usage error this program words itself, in Swedish."""


class SwedishFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Användning: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))


class SwedishContext(click.Context):
    formatter_class = SwedishFormatter


class _Swedish:
    """What the group and its commands share: the context, the help option, the usage line."""

    context_class = SwedishContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [_USAGE_WORDS.get(piece, piece) for piece in super().collect_usage_pieces(ctx)]


class SwedishCommand(_Swedish, click.Command):
    def __init__(self, *args, **kwargs) -> None:
        # Extra words are refused here, in Swedish, rather than by Click in English.
        kwargs.setdefault("context_settings", {}).setdefault("allow_extra_args", True)
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as error:
            error.ctx = error.ctx or ctx              # the parser's errors know no command: name it
            raise
        if ctx.args and not ctx.resilient_parsing:
            words = " ".join(ctx.args)
            raise SwedishUsageError(f"{_plural(len(ctx.args), 'Okänt argument', 'Okända argument')}: "
                                   f"{words}. Kommandot tar bara alternativ (som --period 2023-08).", ctx)
        return rest


class SwedishGroup(_Swedish, click.Group):
    command_class = SwedishCommand

    def __init__(self, *args, aliases: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = dict(aliases or {})           # old name -> command

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, self.aliases.get(cmd_name, cmd_name))

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except exceptions.NoArgsIsHelpError as error:
            error.show()                              # the help, as for --help
            sys.exit(USAGE_EXIT)
        except click.UsageError as error:
            click.echo(usage_error_text(error), err=True)
            sys.exit(USAGE_EXIT)
        except click.ClickException as error:
            click.echo(f"Fel: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Avbrutet.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def usage_error_text(error: click.UsageError) -> str:
    """A usage error in Swedish, from the error's data, with where to find help."""
    if isinstance(error, exceptions.NoSuchOption):
        text = f"Alternativet {error.option_name} finns inte.{_close_matches(error.possibilities)}"
    elif isinstance(error, exceptions.NoSuchCommand):
        text = f"Kommandot {error.command_name} finns inte.{_close_matches(error.possibilities)}"
    elif isinstance(error, exceptions.BadOptionUsage):
        text = _option_usage_text(error)
    elif isinstance(error, exceptions.BadParameter):
        name = error.param.opts[0] if error.param is not None and error.param.opts else "ett alternativ"
        text = f"Värdet för {name} går inte att använda."
    elif isinstance(error, exceptions.MissingParameter):
        text = "Ett värde som kommandot behöver saknas."
    elif isinstance(error, SwedishUsageError):
        text = error.message
    elif error.message == "Missing command.":
        text = "Ange ett kommando."
    else:
        text = "Kommandot går inte att tolka så som det är skrivet."
    return f"Fel: {text}\n{_help_hint(error.ctx)}"


def _option_usage_text(error: exceptions.BadOptionUsage) -> str:
    """Click raises BadOptionUsage for a value given to a flag and for an option given no value;
    which of them only its (English) message says."""
    name = error.option_name
    if "does not take a value" in error.message:
        return f"Alternativet {name} tar inget värde: skriv bara {name}."
    if "requires" in error.message:
        return f"Alternativet {name} behöver ett värde efter sig."
    return f"Alternativet {name} är fel använt."


def _close_matches(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return " Menade du " + " eller ".join(possibilities) + "?"


def _help_hint(ctx: click.Context | None) -> str:
    command = ctx.command_path if ctx is not None else "python -m pipeline"
    return f"Skriv {command} --help för hjälp."


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
