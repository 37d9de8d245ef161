"""Write the sample's organisation chart: input_xlsx/texter/KS/organisationsschema.png.

The picture kommunstyrelsen's report shows in section 2 (rapport.toml,
[namnder.KS.organisationsschema]): the förvaltning's head, its staff functions beside and its
departments below. Drawn with matplotlib's Agg canvas and its bundled font, without a software
stamp, so a re-run gives identical bytes.

Run from the project root:  .venv/bin/python tools/make_org_chart.py   (part of `make sample`)
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "input_xlsx" / "texter" / "KS" / "organisationsschema.png"

HEAD = "Kommundirektör"
STAFF = ("Kansli", "Ledningsstöd")
DEPARTMENTS = ("Ekonomi och kvalitet", "HR och lön", "Inköp", "IT och digitalisering", "Kommunikation",
               "Näringsliv", "Trygghet och säkerhet")
TITLE = "Kommunledningsförvaltningen"
BOX, LINE, TEXT = "#1F4E79", "#7F7F7F", "#FFFFFF"
WIDTH_CM, HEIGHT_CM, DPI = 16.0, 8.0, 200

# The text alternative rapport.toml gives the picture (kept in step with the drawing).
ALT = (f"Organisationsschema för {TITLE.lower()}: högst upp {HEAD.lower()}, med {' och '.join(STAFF).lower()} "
       f"som stöd vid sidan, och under {HEAD.lower()} {len(DEPARTMENTS)} avdelningar: "
       + ", ".join(DEPARTMENTS[:-1]) + f" samt {DEPARTMENTS[-1]}.")


def chart_png() -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

    figure = Figure(figsize=(WIDTH_CM / 2.54, HEIGHT_CM / 2.54), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 100)
    axes.set_ylim(0, 50)
    axes.axis("off")

    def box(x: float, y: float, w: float, h: float, text: str, size: float = 7.0) -> None:
        axes.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.4,rounding_size=1.2",
                                      facecolor=BOX, edgecolor=BOX))
        axes.text(x, y, text, ha="center", va="center", color=TEXT, fontsize=size, fontfamily="DejaVu Sans",
                  wrap=True)

    def line(xs, ys) -> None:
        axes.plot(xs, ys, color=LINE, linewidth=1.0, zorder=0)

    axes.text(50, 47, TITLE, ha="center", va="center", fontsize=9, fontfamily="DejaVu Sans", color="#262626")
    box(50, 38, 22, 6, HEAD, 8)
    line([50, 50], [35, 16])
    for side, name in zip((-1, 1), STAFF):
        x = 50 + side * 24
        line([50, x], [27, 27])
        box(x, 27, 18, 5, name)
    step = 100 / len(DEPARTMENTS)
    xs = [step / 2 + i * step for i in range(len(DEPARTMENTS))]
    line([xs[0], xs[-1]], [16, 16])
    for x, name in zip(xs, DEPARTMENTS):
        line([x, x], [16, 12])
        box(x, 7, step - 3, 8, name.replace(" och ", "\noch ").replace(" ", "\n", 1) if len(name) > 12 else name,
            6.0)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(chart_png())
    print(f"Skrev {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
