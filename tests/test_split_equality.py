"""A ledger whose rows are split into more rows with the same totals gives the same report, figure for
figure: the check `make bench` relies on at Excel's row limit, here on a split small enough for CI.

The split (tools/split_ledger.py) turns the sample's ~60,000 ledger rows into 125,000, each row
into two or three with amounts that sum exactly, and puts both years in one file.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from pipeline.orchestrator import build_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input_xlsx"
SPLIT_ROWS = 125_000


def _split_ledger_module():
    spec = importlib.util.spec_from_file_location("split_ledger", ROOT / "tools" / "split_ledger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    split = _split_ledger_module()
    folder = tmp_path_factory.mktemp("split") / "input"
    path = split.build_split_input(SPLIT_ROWS, folder)
    assert sorted(p.name for p in folder.glob("huvudbok_*.xlsx")) == [path.name]
    return build_report(SAMPLE), build_report(folder)


def _not_about_the_ledger(problems) -> list[str]:
    return [p.describe() for p in problems if not p.location.file.startswith("huvudbok")]


def test_the_split_ledger_has_the_rows_asked_for(reports):
    (sample, _), (split, _) = reports
    assert split.sources.set_index("källa").loc["huvudbok", "rader"] == SPLIT_ROWS
    assert sample.sources.groupby("källa")["rader"].sum()["huvudbok"] < SPLIT_ROWS / 2


def test_same_problems_and_none_about_the_ledger(reports):
    (sample, sample_problems), (split, split_problems) = reports
    assert sample is not None and split is not None
    assert _not_about_the_ledger(split_problems) == _not_about_the_ledger(sample_problems)
    assert not [p for p in split_problems if p.location.file.startswith("huvudbok")]


def test_every_printed_table_is_equal_cell_by_cell_and_to_the_ore(reports):
    (sample, _), (split, _) = reports
    assert split.printed.keys() == sample.printed.keys()
    for key, table in sample.printed.items():
        other = split.printed[key]
        assert other.header == table.header, key
        assert [(r.label, r.cells) for r in other.rows] == [(r.label, r.cells) for r in table.rows], key
        assert [list(u) for u in other.unrounded] == [list(u) for u in table.unrounded], key


def test_sentences_key_figures_and_unit_tables_are_equal(reports):
    (sample, _), (split, _) = reports
    assert split.texts == sample.texts
    assert split.key_figures == sample.key_figures
    for mine, theirs in zip(split.units, sample.units):
        for name in ("rr", "dr", "investments"):
            pd.testing.assert_frame_equal(getattr(mine, name), getattr(theirs, name))


def test_every_check_has_the_same_amounts(reports):
    (sample, _), (split, _) = reports
    assert [c.check_id for c in split.checks] == [c.check_id for c in sample.checks]
    for mine, theirs in zip(split.checks, sample.checks):
        assert mine.passed and theirs.passed, mine.check_id
        if mine.quantity != "rader":          # row counts grow with the split; amounts must not
            assert (mine.expected, mine.actual) == (theirs.expected, theirs.actual), mine.check_id


def test_amounts_per_account_and_ansvar_are_equal(reports):
    (sample, _), (split, _) = reports
    keys = ["enhet", "rr_rad", "dr_rad", "konto", "ansvar", "verksamhet", "projekt", "measure"]

    def per_key(trace: pd.DataFrame) -> pd.Series:
        return trace.groupby(keys, dropna=False)["belopp"].sum()

    pd.testing.assert_series_equal(per_key(split.trace), per_key(sample.trace))
    mine = split.investment_facts.drop(columns="rader").reset_index(drop=True)
    theirs = sample.investment_facts.drop(columns="rader").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs)
