"""The command line speaks Swedish: help, headings, the help option and every usage error.

Click's own English words are the defect looked for: each case runs the real `main` group and checks
the text has none of them, says what is wrong in Swedish, and exits with 2 (wrong usage).
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from pipeline.cli import main

# Words Click writes itself, in English, and metavars of options given none of their own.
ENGLISH = re.compile(r"Usage|Options|Commands|Show this message|Error|Try |No such|requires|"
                     r"does not take|unexpected|Missing|Invalid|\[default|\bTEXT\b|\bPATH\b|"
                     r"\bINTEGER\b|\bFILE\b|\bDIRECTORY\b")


def _run(*args: str):
    return CliRunner().invoke(main, list(args), obj={}, prog_name="python -m pipeline")


@pytest.mark.parametrize("args", [["--help"], ["rapport", "--help"], ["kontrollera", "--help"],
                                  ["rensa-cache", "--help"], []])
def test_help_is_swedish(args):
    result = _run(*args)
    text = result.output
    assert "Användning: python -m pipeline" in text or "Användning:" in text
    assert "Alternativ:" in text
    assert "--help" in text and "Visa den här hjälpen och avsluta." in text
    assert not ENGLISH.search(text), ENGLISH.search(text).group()
    assert result.exit_code == (2 if not args else 0)


def test_the_group_lists_the_swedish_names_only():
    text = _run("--help").output
    assert "Kommandon:" in text
    listed = re.findall(r"^  (\S+)  ", text.split("Kommandon:")[1], re.MULTILINE)
    assert listed == ["kontrollera", "rapport", "rensa-cache"]


@pytest.mark.parametrize("args, expected", [
    (["rapport", "--hjalp"], "Alternativet --hjalp finns inte. Menade du --help?"),
    (["rapprt"], "Kommandot rapprt finns inte. Menade du rapport?"),
    (["rapport", "--period"], "Alternativet --period behöver ett värde efter sig."),
    (["rapport", "--pdf=ja"], "Alternativet --pdf tar inget värde: skriv bara --pdf."),
    (["rapport", "extra", "ord"], "Okända argument: extra ord."),
    (["kontrollera", "ett"], "Okänt argument: ett."),
])
def test_usage_errors_are_swedish(args, expected):
    result = _run(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "--help för hjälp." in result.output
    assert not ENGLISH.search(result.output), ENGLISH.search(result.output).group()
    assert "Traceback" not in result.output


def test_an_option_error_names_the_command_it_was_given_to():
    assert "Skriv python -m pipeline rapport --help för hjälp." in _run("rapport", "--period").output


@pytest.mark.parametrize("old, new", [("report", "rapport"), ("check", "kontrollera")])
def test_the_old_english_names_still_run_the_same_command(old, new):
    assert main.get_command(None, old) is main.get_command(None, new)
    assert _run(old, "--help").output.replace(old, new) == _run(new, "--help").output
