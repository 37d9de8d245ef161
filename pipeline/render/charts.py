"""Charts for the report: PNG at print resolution plus a text alternative written from the figures.

Pure functions: plain labels and values in, a `Chart` out (PNG bytes, alt text, short title).
Nothing here knows about Word; `pipeline.render.word` turns a `Chart` in the template context
into a picture with the alt text in its properties.

Reproducible: matplotlib's Agg canvas without pyplot (no global state), the DejaVu Sans font
that ships inside matplotlib (so the machine's fonts do not change the picture) and PNG
metadata without the software version, so the same figures give byte-identical PNGs.

Because of that, a picture is known by its inputs: given a `Pictures` store (the run's cache),
a chart whose figures, labels and drawing code are unchanged since an earlier run is taken from
it, and matplotlib (a third of a second to import, as long again to draw) is not loaded at all.

Amounts are öre (int) like everywhere in the pipeline and are shown in mnkr with one decimal,
rounded the same way as the tables (`pipeline.numbers.format_mnkr`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pipeline.numbers import ORE_PER_MNKR, format_mnkr, format_percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 300                      # print resolution
WIDTH_CM = 16.0                # the template's text width is 17 cm
CM_PER_INCH = 2.54
FONT = "DejaVu Sans"           # bundled with matplotlib: the same glyphs on every machine
FONT_SIZE = 8.5
TEXT_COLOUR = "#262626"
GRID_COLOUR = "#D9D9D9"
# Colours from the default template's headings (Word's blue) and a darker companion;
# distinguishable in greyscale as well, and the bars carry their values as text.
SERIES_COLOURS = ("#A6BDD7", "#1F4E79", "#7F7F7F", "#C55A11")
GOAL_COLOUR = "#C00000"


class Pictures(Protocol):
    """Where drawn charts are kept between runs (`pipeline.read.cache.ExportCache`)."""

    def picture(self, key: str) -> bytes | None: ...

    def store_picture(self, key: str, png: bytes) -> None: ...


@dataclass(frozen=True)
class Chart:
    """A rendered chart: PNG bytes, its text alternative and a short title (Word's docPr)."""

    png: bytes
    alt: str
    title: str
    width_cm: float = WIDTH_CM


class PendingChart:
    """A chart whose picture a helper process is still drawing (`pipeline.render.drawing`);
    `chart()` waits for the picture (and keeps it in `pictures` for the next run)."""

    def __init__(self, pending, alt: str, title: str, pictures: Pictures | None, key: str) -> None:
        self._pending, self._alt, self._title = pending, alt, title
        self._pictures, self._key = pictures, key
        self._chart: Chart | None = None

    def chart(self) -> Chart:
        if self._chart is None:
            png = self._pending.result()
            if self._pictures is not None:
                self._pictures.store_picture(self._key, png)
            self._chart = Chart(png, self._alt, self._title)
        return self._chart


def budget_forecast_chart(
    labels: Sequence[str],
    budget: Sequence[int | None],
    forecast: Sequence[int | None],
    *,
    budget_label: str = "Budget",
    forecast_label: str = "Prognos helår",
    unit_text: str = "Nettokostnad, mnkr",
    pictures: Pictures | None = None,
    drawer=None,
) -> Chart | PendingChart:
    """Horizontal grouped bars: budget against full-year forecast per verksamhet (amounts in öre).

    Plots the values as given; `dr_budget_forecast` turns driftsredovisning rows (costs negative)
    into net costs (positive) first. With a `drawer` (a helper process), a picture not in
    `pictures` is drawn there and a `PendingChart` returned.
    """
    alt = _budget_forecast_alt(labels, budget, forecast, budget_label, forecast_label, unit_text)
    title = f"Diagram: {budget_label.lower()} och {forecast_label.lower()} per verksamhet"
    return _drawn("budget_prognos", _draw_budget_forecast, pictures, drawer, alt, title,
                  list(labels), list(budget), list(forecast), budget_label, forecast_label, unit_text)


def _draw_budget_forecast(labels, budget, forecast, budget_label, forecast_label, unit_text) -> bytes:
    from matplotlib.ticker import FuncFormatter

    rows = len(labels)
    figure = _figure(height_cm=max(5.0, 1.6 + 1.15 * rows))
    axes = figure.add_subplot()
    bar = 0.38
    positions = list(range(rows))[::-1]                       # first label on top
    for offset, values, name, colour in (
        (bar / 2, budget, budget_label, SERIES_COLOURS[0]),
        (-bar / 2, forecast, forecast_label, SERIES_COLOURS[1]),
    ):
        mnkr = [_mnkr(v) for v in values]
        bars = axes.barh([p + offset for p in positions], [v or 0.0 for v in mnkr], height=bar,
                         color=colour, label=name, zorder=2)
        axes.bar_label(bars, labels=[format_mnkr(v) if v is not None else "" for v in values],
                       padding=3, fontsize=FONT_SIZE - 1, color=TEXT_COLOUR)
    axes.set_yticks(positions, labels=[_wrap(label, 28) for label in labels])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _decimal_comma(x, 0)))
    axes.set_xlabel(unit_text)
    axes.axvline(0, color=TEXT_COLOUR, linewidth=0.6, zorder=3)
    axes.margins(x=0.14)
    _style(axes, grid_axis="x")
    axes.legend(loc="lower right", frameon=False, ncols=2, bbox_to_anchor=(1.0, 1.0), fontsize=FONT_SIZE)
    return _png(figure)


def dr_budget_forecast(table) -> tuple[list[str], list[int | None], list[int | None], str, str]:
    """From a driftsredovisning `PrintedTable`: the verksamhet rows' labels, budget and forecast
    as net costs in öre (the table's sign turned: a cost is positive), and the two column headings.

    Sum rows are left out. Without a Prognos column (a year-end report) the Utfall column is used.
    Raises ValueError when the table has neither.
    """
    headings = list(table.header[1:])
    budget_at = _column(headings, "budget")
    # A year-end report has no forecast: the year's outcome stands against the budget instead.
    has_forecast = any(h.lower().startswith("prognos") for h in headings)
    forecast_at = _column(headings, "prognos" if has_forecast else "utfall")
    labels, budget, forecast = [], [], []
    for row, amounts in zip(table.rows, table.unrounded):
        if row.is_sum:
            continue
        labels.append(row.label)
        budget.append(None if amounts[budget_at] is None else -amounts[budget_at])
        forecast.append(None if amounts[forecast_at] is None else -amounts[forecast_at])
    return labels, budget, forecast, headings[budget_at], headings[forecast_at]


def sick_leave_chart(
    periods: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    goals: Mapping[str, float | None] | None = None,
    pictures: Pictures | None = None,
    drawer=None,
) -> Chart | PendingChart:
    """A line per series over the periods (e.g. 2021, 2022, jan–aug 2023), as percent: the trend.

    Values are shares (0.045 = 4,5 %); None is a period without a figure (no point, and said so
    in the text alternative). `goals` (per series name, a share) draws each series' target as a
    dashed line in the series' colour, labelled at its right end.
    """
    goals = {name: goal for name, goal in (goals or {}).items() if name in series and goal is not None}
    return _drawn("sjukfranvaro", _draw_sick_leave, pictures, drawer, _sick_leave_alt(periods, series, goals),
                  "Diagram: sjukfrånvaro över tid", list(periods), {k: list(v) for k, v in series.items()},
                  goals)


def _draw_sick_leave(periods, series, goals) -> bytes:
    from matplotlib.ticker import FuncFormatter

    figure = _figure(height_cm=7.0)
    axes = figure.add_subplot()
    positions = list(range(len(periods)))
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[(index + 1) % len(SERIES_COLOURS)]
        points = [(p, 100 * v) for p, v in zip(positions, series[name]) if v is not None]
        axes.plot([p for p, _ in points], [v for _, v in points], color=colour, linewidth=1.8, marker="o",
                  markersize=4.5, label=name, zorder=3)
        for position, value in points:
            axes.annotate(f"{format_percent(value / 100)} %", (position, value), xytext=(0, 6),
                          textcoords="offset points", ha="center", fontsize=FONT_SIZE - 1, color=TEXT_COLOUR)
        goal = goals.get(name)
        if goal is not None:
            axes.axhline(100 * goal, color=colour, linestyle=(0, (4, 3)), linewidth=1.0, zorder=2)
            axes.annotate(f"Mål {format_percent(goal)} %", (1.0, 100 * goal), xycoords=("axes fraction", "data"),
                          xytext=(2, 0), textcoords="offset points", ha="left", va="center",
                          fontsize=FONT_SIZE - 1, color=colour)
    axes.set_xticks(positions, labels=list(periods))
    axes.set_xlim(-0.4, len(periods) - 0.6)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{_decimal_comma(y, 0)} %"))
    axes.set_ylabel("Procent av arbetstiden")
    axes.set_ylim(bottom=0)
    axes.margins(y=0.25)
    _style(axes, grid_axis="y")
    axes.legend(loc="lower right", frameon=False, ncols=max(1, len(series)), bbox_to_anchor=(1.0, 1.0),
                fontsize=FONT_SIZE)
    return _png(figure)


# --- text alternatives ------------------------------------------------------------------------

def _budget_forecast_alt(labels, budget, forecast, budget_label, forecast_label, unit_text) -> str:
    parts = []
    for label, b, f in zip(labels, budget, forecast):
        text = f"{label}: {budget_label.lower()} {_mnkr_text(b)}, {forecast_label.lower()} {_mnkr_text(f)}"
        if b is not None and f is not None and format_mnkr(b - f) not in ("0,0", "-0,0"):
            difference = b - f
            word = "lägre" if difference > 0 else "högre"
            text += f", {format_mnkr(abs(difference))} mnkr {word} än budget"
        parts.append(text)
    return (f"Stapeldiagram som jämför {budget_label.lower()} med {forecast_label.lower()} per "
            f"verksamhet ({unit_text.lower()}). " + "; ".join(parts) + ".")


def _sick_leave_alt(periods, series, goals) -> str:
    parts = []
    for name, values in series.items():
        figures = ", ".join(
            f"{period} {format_percent(v)} %" if v is not None else f"{period} uppgift saknas"
            for period, v in zip(periods, values)
        )
        goal = goals.get(name)
        parts.append(f"{name}: {figures}" + (f" (mål {format_percent(goal)} %)" if goal is not None else ""))
    return "Linjediagram över sjukfrånvaron i procent av den ordinarie arbetstiden. " + "; ".join(parts) + "."


def _mnkr_text(ore: int | None) -> str:
    return "saknas" if ore is None else f"{format_mnkr(ore)} mnkr"


# --- drawing helpers --------------------------------------------------------------------------

def picture_key(kind: str, *args) -> str:
    """"<kind>--<sha256>": which chart, and what its picture depends on: its arguments, this
    module's code (and the number formats it prints) and matplotlib's version."""
    digest = hashlib.sha256(json.dumps([kind, args], ensure_ascii=False).encode())
    here = Path(__file__).resolve()
    for code in (here, here.parent.parent / "numbers.py"):
        digest.update(code.read_bytes())
    digest.update(metadata.version("matplotlib").encode())
    return f"{kind}--{digest.hexdigest()}"


def _drawn(kind: str, draw: Callable[..., bytes], pictures: Pictures | None, drawer, alt: str, title: str,
           *args) -> Chart | PendingChart:
    """The chart with the picture `draw(*args)`: drawn by an earlier run, by the `drawer`'s
    helper process (pending), or here."""
    key = picture_key(kind, *args) if pictures is not None else ""
    png = pictures.picture(key) if pictures is not None else None
    if png is None and drawer is not None:
        return PendingChart(drawer.draw(draw, *args), alt, title, pictures, key)
    if png is None:
        png = draw(*args)
        if pictures is not None:
            pictures.store_picture(key, png)
    return Chart(png, alt, title)


def load_matplotlib() -> None:
    """Import what drawing needs (a third of a second): the drawing helper does it at its start."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.ticker  # noqa: F401


def _figure(height_cm: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_CM / CM_PER_INCH, height_cm / CM_PER_INCH), dpi=DPI,
                    layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style(axes, grid_axis: str) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GRID_COLOUR)
    axes.grid(axis=grid_axis, color=GRID_COLOUR, linewidth=0.6, zorder=0)
    axes.tick_params(colors=TEXT_COLOUR, labelsize=FONT_SIZE, length=0)
    axes.xaxis.label.set_color(TEXT_COLOUR)
    axes.yaxis.label.set_color(TEXT_COLOUR)
    for text in (axes.xaxis.label, axes.yaxis.label):
        text.set_fontsize(FONT_SIZE)
        text.set_fontfamily(FONT)
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontfamily(FONT)


def _png(figure: Figure) -> bytes:
    """PNG bytes without a software or time stamp."""
    for text in figure.findobj(lambda artist: hasattr(artist, "set_fontfamily")):
        text.set_fontfamily(FONT)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white",
                   metadata={"Software": None})
    return buffer.getvalue()


def _mnkr(ore: int | None) -> float | None:
    return None if ore is None else ore / ORE_PER_MNKR


def _decimal_comma(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}".replace(".", ",")
    return "0" if text == "-0" else text


def _wrap(text: str, width: int) -> str:
    """Break a long row label over lines at spaces, so long verksamhet names stay readable."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def _column(headings: list[str], word: str) -> int:
    for index, heading in enumerate(headings):
        if heading.lower().startswith(word):
            return index
    raise ValueError(f"driftsredovisningen har ingen kolumn som börjar med {word!r}")
