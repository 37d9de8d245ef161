from pipeline.numbers import format_kr, format_mnkr, format_percent, round_half_away, tenths_of_mnkr


def test_round_half_away_from_zero_on_exact_halves():
    assert round_half_away(5, 10) == 1
    assert round_half_away(-5, 10) == -1
    assert round_half_away(4, 10) == 0
    assert round_half_away(-15, 10) == -2


def test_mnkr_rounds_unrounded_ore_to_one_decimal():
    assert tenths_of_mnkr(-14_404_999_999) == -1440      # -144 049 999,99 kr -> -144,0
    assert tenths_of_mnkr(-14_405_000_000) == -1441      # exactly half -> away from zero
    assert format_mnkr(-14_404_999_999) == "-144,0"
    assert format_mnkr(4_000_000) == "0,0"
    assert format_mnkr(None) == ""


def test_mnkr_groups_thousands_with_nbsp_and_optional_unicode_minus():
    assert format_mnkr(-1_234_567_000_000) == "-12\u00a0345,7"
    assert format_mnkr(-50_000_000, minus="\u2212") == "\u22120,5"


def test_kr_and_percent():
    assert format_kr(-123_456_789) == "-1\u00a0234\u00a0567,89"
    assert format_kr(5) == "0,05"
    assert format_percent(144.0 / 237.2) == "60,7"
    assert format_percent(0.12345) == "12,3"
