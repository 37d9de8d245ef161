"""The shipped sample switched to the absence format, as the README tells the ekonom to do it:
personal_*.xlsx out, exempel/franvaro/franvaro.xlsx in, [kallor.personal] replaced by the sections
of exempel/franvaro/kallor_franvaro.toml and the employment export's kön, födelseår and
sysselsättningsgrad named. Used by tests/test_absence_sample.py and tools/bench.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "exempel" / "franvaro"


SCHEDULE_SECTION = re.compile(r"^# (\[kallor\.schema\].*?)(?=\n\n)", re.S | re.M)


def absence_format_folder(target: Path, source: Path = ROOT / "input_xlsx", schedule: bool = False) -> Path:
    """A copy of `source` under `target`/input_xlsx in the absence format; returns the copy.
    `schedule`: with the scheduled hours per employee and month (schema.xlsx, [kallor.schema])."""
    folder = target / "input_xlsx"
    shutil.copytree(source, folder)
    for path in folder.glob("personal_*.xlsx"):
        path.unlink()
    shutil.copy(EXAMPLE / "franvaro.xlsx", folder / "franvaro.xlsx")
    settings = folder / "installningar" / "rapport.toml"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r"^\[kallor\.personal\]\n.*?(?=\n\[kallor\.anstallningar\])", "", text, flags=re.S | re.M)
    snippet = (EXAMPLE / "kallor_franvaro.toml").read_text(encoding="utf-8")
    if schedule:
        shutil.copy(EXAMPLE / "schema.xlsx", folder / "schema.xlsx")
        found = SCHEDULE_SECTION.search(snippet)
        if found is None:
            raise ValueError("kallor_franvaro.toml: no [kallor.schema] section to switch on")
        section = "\n".join(line.removeprefix("#").removeprefix(" ") for line in found.group(0).splitlines())
        snippet = snippet[:found.start()] + section + snippet[found.end():]
    employment_columns = "\n".join(line.removeprefix("# ") for line in snippet.splitlines()
                                   if re.match(r"# (kon|fodelsear|sysselsattningsgrad) = ", line))
    text = text.replace("[kallor.anstallningar.kolumner]\n",
                        "[kallor.anstallningar.kolumner]\n" + employment_columns + "\n")
    if "\n[kallor.personal]" in text or "sysselsattningsgrad =" not in text:
        raise ValueError(f"{settings}: could not switch to the absence format")
    settings.write_text(text + "\n" + snippet, encoding="utf-8")
    return folder
