"""Render every PDF of a run to PNG pages, to look at them as a reader would (`make sidor`).

Runs `pipeline rapport --pdf` on the input folder (the shipped sample by default) into a
folder of its own, then turns each PDF (every nämnd's report and tjänsteskrivelse, and the
kommun's overview) into one PNG per page with poppler's pdftoppm:

    sidor/<period>/<nämnd>/delarsrapport-01.png, …, tjansteskrivelse-1.png, …

Run from the project root:  .venv/bin/python tools/sidor.py [--input input_xlsx] [--dpi 80]
Needs LibreOffice (for the PDFs) and pdftoppm (Debian: poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "sidor"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Gör PNG-sidor av rapporternas PDF:er.")
    parser.add_argument("--input", type=Path, default=ROOT / "input_xlsx", help="indatamappen")
    parser.add_argument("--output", type=Path, default=PAGES, help="mappen för sidorna")
    parser.add_argument("--dpi", type=int, default=80, help="upplösning (punkter per tum)")
    args = parser.parse_args(argv)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm finns inte på den här datorn. Installera poppler-utils "
              "(apt-get install poppler-utils) och kör igen.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sidor-") as run_dir:
        report = subprocess.run([sys.executable, "-m", "pipeline", "rapport", "--input", str(args.input),
                                 "--output", run_dir, "--pdf"], cwd=ROOT)
        pdfs = sorted(Path(run_dir).glob("*/*/*.pdf"))
        if report.returncode != 0 or not pdfs:
            print("Inga PDF:er skrevs (se meddelandena ovan); inga sidor gjordes.", file=sys.stderr)
            return report.returncode or 1
        if args.output.exists():
            shutil.rmtree(args.output)
        for pdf in pdfs:
            folder = args.output / pdf.parent.relative_to(run_dir)
            folder.mkdir(parents=True, exist_ok=True)
            subprocess.run([pdftoppm, "-r", str(args.dpi), "-png", str(pdf), str(folder / pdf.stem)], check=True)
    pages = sorted(args.output.rglob("*.png"))
    print(f"Skrev {len(pages)} sidor från {len(pdfs)} PDF:er till {_shown(args.output)}/.")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
