#!/usr/bin/env python3
"""`make bench`: the report on a ledger at Excel's row limit, timed per stage, against baselines.

1. Inputs (built once, not tracked, under bench/): the shipped sample with its ledger files replaced by
   one file of 1,048,575 data rows (tools/split_ledger.py splits each row into rows whose amounts sum
   exactly to it, so every total stays the same to the öre), and the same at 100,000 rows. The big file
   is rebuilt only when the sample's ledger or the splitter changes; the other files are copied anew.
2. Runs, each `python -m pipeline rapport` in a fresh process: the sample (a copy, with its report
   template as a file of its own) with an empty cache, again with nothing changed, and again after a
   Word text, a forecast figure and the template changed; 100k with an empty cache; the limit-size
   ledger with an empty cache, unchanged, and after the same three changes. Wall time is measured
   here, process start to documents written; the stages and the peak memory (MiB, of the report's
   own process) come from the run itself (`--tider`).
3. Baselines on the limit-size file, each in a fresh process: fastexcel to pandas, fastexcel to Arrow
   as the pipeline reads it (every cell as text), pandas.read_excel with openpyxl, and inflating the
   sheet's XML.
4. The Word report from the limit-size ledger is compared with the sample's, table by table and
   paragraph by paragraph.

Figures go to bench/results.json and bench/results.md and are printed.
Usage: ``python tools/bench.py [--rows N] [--small N] [--skip-openpyxl]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import split_ledger  # noqa: E402  (tools/ is not a package)

BENCH = ROOT / "bench"
SAMPLE = ROOT / "input_xlsx"
PY = sys.executable
STAGES = ("read", "validate", "classify", "compute", "reconcile", "personal", "render", "write")
TARGET_RATIO = 1.5
TARGET_MEMORY_BYTES = 1.2e9          # "1.2 GB", read strictly (SI): 1 144 MiB
TARGET_RERUN_S = 2.0
CHANGED_SAMPLE = "exemplet, Word-text, prognos och mall ändrade"
CHANGED_LIMIT = "gräns, Word-text, prognos och mall ändrade"
MIB = 1024 * 1024

BASELINES = {
    "fastexcel → pandas": """
import fastexcel
frame = fastexcel.read_excel(PATH).load_sheet(0).to_pandas()
ROWS = len(frame)""",
    "fastexcel → Arrow, alla celler som text (som pipelinen läser)": """
import fastexcel
batch = fastexcel.read_excel(PATH).load_sheet(0, header_row=None, dtypes="string", schema_sample_rows=None).to_arrow()
ROWS = batch.num_rows - 1""",
    "pandas.read_excel (openpyxl)": """
import pandas
frame = pandas.read_excel(PATH, engine="openpyxl")
ROWS = len(frame)""",
    "packa upp bladets XML (zipfile)": """
import zipfile
with zipfile.ZipFile(PATH) as z:
    ROWS = sum(len(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/"))""",
}
BASELINE_RUNNER = """
import json, resource, sys, time
PATH = sys.argv[1]
started = time.perf_counter()
{code}
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "rows": ROWS,
                  "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}}))
"""


# ------------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------------
def _ledger_fingerprint(rows: int) -> str:
    digest = hashlib.sha256(str(rows).encode())
    for path in [*sorted(SAMPLE.glob(split_ledger.LEDGER_GLOB)), ROOT / "tools" / "split_ledger.py"]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def bench_input(rows: int) -> Path:
    """bench/input-<rows>/: the sample's files, its ledger as one split file (rebuilt only when stale)."""
    folder = BENCH / f"input-{rows}"
    marker = folder / ".ledger-fingerprint"
    fingerprint = _ledger_fingerprint(rows)
    ledgers = list(folder.glob(split_ledger.LEDGER_GLOB))
    if not (marker.exists() and marker.read_text() == fingerprint and len(ledgers) == 1):
        print(f"Bygger en huvudbok med {rows:,} rader i {folder} (en gång) …".replace(",", " "), flush=True)
        started = time.perf_counter()
        headings, ledger = split_ledger.read_ledgers(SAMPLE)
        for old in ledgers:
            old.unlink()
        years = ledger[headings[0]].astype("string").str.slice(0, 4)
        split_ledger.write_split_ledger(headings, ledger, rows,
                                        folder / f"huvudbok_{years.min()}-{years.max()}.xlsx")
        marker.write_text(fingerprint)
        print(f"  klar på {time.perf_counter() - started:.0f} s", flush=True)
    for item in folder.iterdir():             # every other file: a fresh copy of the sample's
        if item.name.startswith(".") or item.match(split_ledger.LEDGER_GLOB):
            continue
        shutil.rmtree(item) if item.is_dir() else item.unlink()
    for item in SAMPLE.iterdir():
        if item.match(split_ledger.LEDGER_GLOB) or item.name.startswith("~$"):
            continue
        target = folder / item.name
        shutil.copytree(item, target) if item.is_dir() else shutil.copy2(item, target)
    _own_template(folder)
    return folder


def sample_input() -> Path:
    """bench/input-sample/: a fresh copy of the sample (runs must not touch input_xlsx/)."""
    folder = BENCH / "input-sample"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("~$*"))
    _own_template(folder)
    return folder


def _own_template(folder: Path) -> None:
    """The report from a template of the folder's own (a copy of the default one), set in
    rapport.toml before the first run, so that a later run can change the template alone."""
    settings = folder / "installningar"
    (settings / "mallar").mkdir(exist_ok=True)
    shutil.copy2(ROOT / "pipeline" / "templates" / "delarsrapport.docx", settings / "mallar" / "delarsrapport.docx")
    toml = settings / "rapport.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('mall_rapport = ""', 'mall_rapport = "mallar/delarsrapport.docx"', 1),
                    encoding="utf-8")


def change_text_forecast_and_template(folder: Path) -> None:
    """What an ekonom does between two runs: edit a section text, a forecast figure and the
    report template (its last paragraph)."""
    import docx
    import openpyxl

    texts = sorted((folder / "texter").rglob("*.docx"))          # texter/<KOD>/<avsnitt>.docx
    if texts:
        document = docx.Document(str(texts[0]))
        document.add_paragraph("Ett tillägg efter föregående körning.")
        document.save(str(texts[0]))
    template = folder / "installningar" / "mallar" / "delarsrapport.docx"
    if template.exists():
        document = docx.Document(str(template))
        document.add_paragraph("Rapporten är framtagen med ekonomisystemets exporter.")
        document.save(str(template))
    forecasts = sorted(folder.glob("prognos_*.xlsx"))
    if forecasts:
        book = openpyxl.load_workbook(forecasts[0])
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(min_row=2):
            if isinstance(row[-1].value, (int, float)):
                row[-1].value += 1
                break
        book.save(forecasts[0])


# ------------------------------------------------------------------------------------------------
# Runs
# ------------------------------------------------------------------------------------------------
def report_run(label: str, folder: Path, cache: Path, fresh_cache: bool, extra: tuple[str, ...] = (),
               rerun_of: str | None = None) -> dict:
    """`python -m pipeline rapport` in a fresh process; wall time from here, stages from --tider.
    `rerun_of`: a re-run writes into that earlier run's output folder, as the ekonom's would (a
    nämnd whose documents come out the same keeps its folder); otherwise a fresh folder."""
    if fresh_cache and cache.exists():
        shutil.rmtree(cache)
    out = BENCH / "output" / (rerun_of or label)
    if rerun_of is None:
        shutil.rmtree(out, ignore_errors=True)      # only this run's documents are compared
    times = BENCH / f"times-{label}.json"
    times.unlink(missing_ok=True)
    env = {**os.environ, "PIPELINE_CACHE": str(cache)}
    started = time.perf_counter()
    done = subprocess.run([PY, "-m", "pipeline", "rapport", "--input", str(folder), "--output", str(out),
                           "--tider", str(times), *extra], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0 or not times.exists():
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        raise SystemExit(f"Körningen {label} misslyckades (kod {done.returncode}).")
    figures = json.loads(times.read_text(encoding="utf-8"))
    summary = [line for line in done.stdout.splitlines() if line.startswith("Klart på")]
    print(f"  {label}: {wall:.1f} s, {figures['peak_memory_mib']:.0f} MiB — {summary[-1] if summary else ''}",
          flush=True)
    return {"label": label, "wall_s": round(wall, 3), "output": str(out), **figures}


def baseline_run(name: str, path: Path) -> dict:
    started = time.perf_counter()
    done = subprocess.run([PY, "-c", BASELINE_RUNNER.format(code=BASELINES[name]), str(path)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stderr[-2000:])
        return {"name": name, "error": done.stderr.strip().splitlines()[-1:]}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {name}: {figures['seconds']:.1f} s ({wall:.1f} s med start av Python), "
          f"{figures['peak_memory_mib']:.0f} MiB", flush=True)
    return {"name": name, "wall_s": round(wall, 3), **figures}


TWO_FILES_RUNNER = """
import json, resource, sys, time
from pathlib import Path
from pipeline.read import inputs
inputs.READ_THREADS = int(sys.argv[2])
folder = Path(sys.argv[1])
settings, _ = inputs.read_settings(folder / "installningar")
started = time.perf_counter()
exports, _ = inputs.read_exports(folder, settings)
print(json.dumps({"seconds": time.perf_counter() - started, "files": len(exports.get("huvudbok", [])),
                  "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def two_ledger_files(ledger: Path, settings: Path) -> list[dict]:
    """Two ledger files (one per year, here two links to the limit-size file): one thread, then two."""
    folder = BENCH / "two-files"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(settings, folder / "installningar")
    for name in ("huvudbok_2022.xlsx", "huvudbok_2023.xlsx"):
        try:
            os.symlink(ledger.resolve(), folder / name)
        except OSError:
            shutil.copy2(ledger, folder / name)
    found = []
    for threads in (1, 2):
        done = subprocess.run([PY, "-c", TWO_FILES_RUNNER, str(folder), str(threads)], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr[-2000:])
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  två huvudboksfiler, {threads} tråd(ar): {figures['seconds']:.1f} s, "
              f"{figures['peak_memory_mib']:.0f} MiB", flush=True)
        found.append({"threads": threads, **figures})
    return found


def word_content(path: Path) -> tuple[list, list]:
    import docx

    document = docx.Document(str(path))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return tables, [p.text for p in document.paragraphs]


def compare_reports(sample_out: Path, big_out: Path) -> dict:
    """Each nämnd's report from the limit-size ledger against the sample's, table by table and
    paragraph by paragraph (folder name -> figures, or "saknas")."""
    found = {}
    for theirs in sorted(sample_out.glob("*/*/delarsrapport.docx")):       # <period>/<nämnd>/
        mine = big_out / theirs.parent.parent.name / theirs.parent.name / theirs.name
        if not mine.exists():
            found[theirs.parent.name] = "saknas"
            continue
        (t1, p1), (t2, p2) = word_content(mine), word_content(theirs)
        cells = sum(len(row) for table in t2 for row in table)
        found[theirs.parent.name] = {"tables": len(t2), "cells": cells, "tables_equal": t1 == t2,
                                     "paragraphs_equal": p1 == p2}
    return found


# ------------------------------------------------------------------------------------------------
# Report
# ------------------------------------------------------------------------------------------------
def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def _n(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# make bench",
        "",
        f"Maskin: {m['cores']} kärnor, {m['memory_gb']} GB minne, {m['platform']}, Python {m['python']}; "
        f"belastning (1 min) före/efter: {m['load_before']}/{m['load_after']}. {results['date']}.",
        f"Huvudbok vid gränsen: {_n(results['limit_rows'])} datarader + rubrik, {results['limit_file_mb']} MB "
        f"(bladets XML {results['limit_xml_mb']} MB); den mindre: {_n(results['small_rows'])} rader.",
        "",
        "## Tid per steg (s) och minnestopp",
        "",
        "| körning | " + " | ".join(STAGES) + " | start¹ | totalt (vägg) | minnestopp (MiB) | cache |",
        "|---|" + "---|" * (len(STAGES) + 4),
    ]
    for r in results["runs"]:
        stages = r["stages"]
        startup = r["wall_s"] - sum(stages.values())
        cache = r.get("cache") or {}
        lines.append(f"| {r['label']} | " + " | ".join(_s(stages.get(s)) for s in STAGES)
                     + f" | {_s(startup)} | **{_s(r['wall_s'])}** | {r['peak_memory_mib']:.0f} | "
                     f"{cache.get('hits', 0)} av {cache.get('hits', 0) + cache.get('misses', 0)} |")
    lines += ["", "¹ Pythons start och import av programmet (väggtid minus stegen).", "",
              "## Jämförelser på samma fil (huvudboken vid gränsen), var och en i en ny process", "",
              "| läsning | tid (s) | med Pythons start (s) | minnestopp (MiB) |", "|---|---|---|---|"]
    for b in results["baselines"]:
        if "error" in b:
            lines.append(f"| {b['name']} | fel: {b['error']} | | |")
        else:
            lines.append(f"| {b['name']} | {_s(b['seconds'])} | {_s(b['wall_s'])} | {b['peak_memory_mib']:.0f} |")
    if results.get("two_ledger_files"):
        lines += ["", "## Två huvudboksfiler vid gränsen i samma körning (bara läsningen)", "",
                  "| trådar | tid (s) | minnestopp (MiB) |", "|---|---|---|"]
        lines += [f"| {r['threads']} | {_s(r['seconds'])} | {r['peak_memory_mib']:.0f} |"
                  for r in results["two_ledger_files"]]
    t = results["targets"]
    lines += ["", "## Mål", "",
              "| mål | gräns | uppmätt | uppfyllt |", "|---|---|---|---|"]
    for row in t:
        lines.append(f"| {row['target']} | {row['limit']} | {row['measured']} | {'ja' if row['met'] else 'nej'} |")
    lines += ["", "## Samma rapport", "", json.dumps(results["equality"], ensure_ascii=False), ""]
    return "\n".join(lines)


def targets(results: dict) -> list[dict]:
    runs = {r["label"]: r for r in results["runs"]}
    base = next((b for b in results["baselines"] if b["name"] == "fastexcel → pandas" and "seconds" in b), None)
    limit = runs["gräns, kall"]
    small = runs.get("100k, kall")
    rows_ratio = results["limit_rows"] / results["small_rows"]
    out = []
    if base:
        ratio = limit["wall_s"] / base["seconds"]
        out.append({"target": "hela rapporten / fastexcels läsning av filen", "limit": f"≤ {TARGET_RATIO}",
                    "measured": f"{ratio:.2f} ({_s(limit['wall_s'])} s / {_s(base['seconds'])} s)",
                    "met": ratio <= TARGET_RATIO})
    peak_bytes = limit["peak_memory_mib"] * MIB
    out.append({"target": "minnestopp, hela rapporten", "limit": f"≤ 1,2 GB ({TARGET_MEMORY_BYTES / MIB:.0f} MiB)",
                "measured": f"{limit['peak_memory_mib']:.0f} MiB ({peak_bytes / 1e9:.2f} GB)".replace(".", ","),
                "met": peak_bytes <= TARGET_MEMORY_BYTES})
    for label in ("gräns, oförändrad", CHANGED_LIMIT, "exemplet, oförändrat", CHANGED_SAMPLE):
        if label in runs:
            out.append({"target": f"omkörning: {label}", "limit": f"≤ {TARGET_RERUN_S} s",
                        "measured": f"{_s(runs[label]['wall_s'])} s", "met": runs[label]["wall_s"] <= TARGET_RERUN_S})
    if small:
        time_ratio = limit["wall_s"] / small["wall_s"]
        memory_ratio = limit["peak_memory_mib"] / small["peak_memory_mib"]
        out.append({"target": "tid, gräns / 100k", "limit": f"≤ {rows_ratio:.2f} (raderna)",
                    "measured": f"{time_ratio:.2f}", "met": time_ratio <= rows_ratio})
        out.append({"target": "minne, gräns / 100k", "limit": f"≤ {rows_ratio:.2f} (raderna)",
                    "measured": f"{memory_ratio:.2f}", "met": memory_ratio <= rows_ratio})
    equality = results["equality"]
    differing = [name for name, equal in equality.items()
                 if not (isinstance(equal, dict) and equal["tables_equal"] and equal["paragraphs_equal"])]
    out.append({"target": "varje nämnds rapport från gränsfilen = exemplets", "limit": "lika",
                "measured": f"lika för {len(equality)} nämnder" if equality and not differing
                else f"olika: {', '.join(differing) or 'inga rapporter'}", "met": bool(equality) and not differing})
    if base and "gräns, kall, en nämnd" in runs:
        one = runs["gräns, kall, en nämnd"]["wall_s"] / base["seconds"]
        out.append({"target": "en nämnd (--namnd KS) / fastexcels läsning av filen", "limit": "som förut (≈ 1,5)",
                    "measured": f"{one:.2f}", "met": one <= TARGET_RATIO})
    return out


def _memory_gb() -> float | None:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3, 1)
    except (ValueError, OSError, AttributeError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=split_ledger.EXCEL_MAX_ROWS - 1)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the slow openpyxl baseline")
    args = parser.parse_args(argv)
    BENCH.mkdir(exist_ok=True)
    load_before = round(os.getloadavg()[0], 2)

    limit_input, small_input = bench_input(args.rows), bench_input(args.small)
    ledger = next(limit_input.glob(split_ledger.LEDGER_GLOB))
    with zipfile.ZipFile(ledger) as z:
        xml_bytes = sum(i.file_size for i in z.infolist() if i.filename.startswith("xl/worksheets/"))

    sample = sample_input()
    print("Rapporten, varje körning i en ny process:", flush=True)
    runs = [report_run("exemplet, kall", sample, BENCH / "cache-sample", fresh_cache=True),
            report_run("100k, kall", small_input, BENCH / "cache-100k", fresh_cache=True),
            report_run("gräns, kall, en nämnd", limit_input, BENCH / "cache-limit", fresh_cache=True,
                       extra=("--namnd", "KS")),
            report_run("gräns, kall", limit_input, BENCH / "cache-limit", fresh_cache=True)]
    # Before the re-runs change them: each nämnd's report from the limit file against the sample's.
    equality = compare_reports(BENCH / "output" / "exemplet, kall", BENCH / "output" / "gräns, kall")
    runs.append(report_run("exemplet, oförändrat", sample, BENCH / "cache-sample", fresh_cache=False,
                           rerun_of="exemplet, kall"))
    change_text_forecast_and_template(sample)
    runs.append(report_run(CHANGED_SAMPLE, sample, BENCH / "cache-sample", fresh_cache=False,
                           rerun_of="exemplet, kall"))
    runs.append(report_run("gräns, oförändrad", limit_input, BENCH / "cache-limit", fresh_cache=False,
                           rerun_of="gräns, kall"))
    change_text_forecast_and_template(limit_input)
    runs.append(report_run(CHANGED_LIMIT, limit_input, BENCH / "cache-limit", fresh_cache=False,
                           rerun_of="gräns, kall"))

    print("Jämförelser på samma fil:", flush=True)
    names = [n for n in BASELINES if not (args.skip_openpyxl and "openpyxl" in n)]
    baselines = [baseline_run(name, ledger) for name in names]
    print("Flera huvudboksfiler i samma körning (bara läsningen):", flush=True)
    two_files = two_ledger_files(ledger, limit_input / "installningar")

    results = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": {"cores": os.cpu_count(), "memory_gb": _memory_gb(), "platform": platform.platform(),
                    "python": platform.python_version(), "load_before": load_before,
                    "load_after": round(os.getloadavg()[0], 2)},
        "limit_rows": args.rows, "small_rows": args.small,
        "limit_file_mb": round(ledger.stat().st_size / 1e6, 1), "limit_xml_mb": round(xml_bytes / 1e6, 1),
        "runs": runs, "baselines": baselines, "two_ledger_files": two_files,
        "equality": equality,
    }
    results["targets"] = targets(results)
    (BENCH / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(results)
    (BENCH / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"Sparat i {BENCH / 'results.json'} och {BENCH / 'results.md'}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
