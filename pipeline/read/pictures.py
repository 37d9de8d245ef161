"""Pictures the ekonom puts in the input folder: the nämnd's organisation chart (section 2).

Only found and checked here (a PNG, JPEG, GIF, BMP or TIFF that Word can show); the renderer
inserts it with its text alternative. A missing file is a warning (the section is written
without the chart); a file that is no picture is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.problems import Location, Problem, Severity

MAX_WIDTH_CM = 16.0             # the text width is 17 cm
MAX_HEIGHT_CM = 20.0            # leaves room for the heading and the caption on an A4 page


@dataclass(frozen=True)
class Picture:
    """A picture to print: its bytes, its size on the page, text alternative and caption."""

    data: bytes
    width_cm: float
    alt: str
    caption: str
    file: str                    # as in rapport.toml, for messages


def org_chart(input_dir: Path, chart, caption: str) -> tuple[Picture | None, list[Problem]]:
    """The picture `chart` (settings.OrgChartSettings, or None) names, relative to `input_dir`,
    scaled to fit the page; `caption` when the settings give none."""
    if chart is None:
        return None, []
    path, where = Path(input_dir) / chart.bild, Location(chart.bild)
    if not path.is_file():
        return None, [Problem(
            "bild-saknas", "Organisationsschemat saknas; avsnitt Uppdrag och ansvar skrivs utan det.",
            where, Severity.WARNING,
            hint=f"Lägg bilden {chart.bild} i mappen {input_dir}, eller ändra bild under "
                 "[namnder.<KOD>.organisationsschema] i rapport.toml.")]
    data = path.read_bytes()
    size = _size_cm(data)
    if size is None:
        return None, [Problem(
            "fil-oläslig", "Filen går inte att öppna som en bild (PNG eller JPEG).", where,
            hint="Spara organisationsschemat som PNG eller JPEG och kör igen.")]
    width, height = size
    scale = min(1.0, MAX_WIDTH_CM / width, MAX_HEIGHT_CM / height)
    return Picture(data, round(width * scale, 2), chart.alt, chart.bildtext or caption, chart.bild), []


def _size_cm(data: bytes) -> tuple[float, float] | None:
    """The picture's natural size in cm (its pixels at its own resolution), or None when Word's
    picture reader (python-docx) does not know the format."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
    except (UnrecognizedImageError, ValueError, IndexError, KeyError):
        return None
    if not image.px_width or not image.px_height:
        return None
    return (image.px_width / image.horz_dpi * 2.54, image.px_height / image.vert_dpi * 2.54)
