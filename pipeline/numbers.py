"""Rounding and Swedish formatting (numbers, and lists in running text). Amounts are integer
öre until printed.

Rounding is half away from zero on the exact integer, so -144 049 999,99 kr prints -144,0 and
-144 050 000,00 kr prints -144,1 (domain.md §3).
"""

from __future__ import annotations

NBSP = "\u00a0"
ORE_PER_MNKR = 100_000_000
# The one percent style of every document, table, chart label and sentence: "4,3 %", the sign
# after a non-breaking space (Språkrådet's rule), so that the figure and its sign never part.
PERCENT_SIGN = NBSP + "%"


def round_half_away(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to an integer, halves away from zero, exactly."""
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


def tenths_of_mnkr(ore: int) -> int:
    """-14 401 234 567 öre (-144 012 345,67 kr) -> -1440 (= -144,0 mnkr)."""
    return round_half_away(int(ore), ORE_PER_MNKR // 10)


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NBSP.join(groups)


def format_mnkr(ore: int | None, minus: str = "-") -> str:
    """Öre -> '-144,0' (one decimal of mnkr, decimal comma, NBSP thousands); None -> ''."""
    if ore is None:
        return ""
    tenths = tenths_of_mnkr(ore)
    whole, tenth = divmod(abs(tenths), 10)
    sign = minus if tenths < 0 else ""
    return f"{sign}{_group(str(whole))},{tenth}"


def format_kr(ore: int, minus: str = "-") -> str:
    """Öre -> '-1 234,50' kr with öre, for messages and the workbook's text."""
    ore = int(ore)
    whole, cents = divmod(abs(ore), 100)
    return f"{minus if ore < 0 else ''}{_group(str(whole))},{cents:02d}"


def format_percent(share: float | None, decimals: int = 1) -> str:
    """A share as percent: 0.60706 -> '60,7' (the sentence adds 'procent' or '%')."""
    if share is None:
        return ""
    scale = 10 ** decimals
    value = round_half_away(round(share * 100 * scale * 1_000_000), 1_000_000)
    whole, part = divmod(abs(value), scale)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole},{part:0{decimals}d}" if decimals else f"{sign}{whole}"


def format_percent_sign(share: float | None, decimals: int = 1) -> str:
    """A share as percent with its sign: 0.043 -> '4,3 %' (NBSP before the sign); None -> ''."""
    return "" if share is None else format_percent(share, decimals) + PERCENT_SIGN


def listing(items: list[str], repeat: str = "") -> str:
    """'a', 'a och b', 'a, b och c'; `repeat` goes before every item but the first ('att ')."""
    items = [items[0], *[repeat + item for item in items[1:]]]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]
