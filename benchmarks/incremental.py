"""The editor's loop: `edition build --no-pdf` as a whole process after a small change, on a copy
of this edition in a temporary folder. Prints a table (wall and CPU seconds, medians of --runs):

  full build           no previous site (the cache of pages empty)
  no change            the same inputs again
  one document         a word added to a paragraph of one TEI file
  one register entry   a word added to one person's description
  a template           a comment added to templates/base.html (everything is rendered again)

CPU is the process's own and its children's (Pagefind's binary), from getrusage. The validation
cache (build/.cache/validate.json) is warm in every row but the first, as in an editor's loop.

    python benchmarks/incremental.py [--runs 3] [--profile ROW]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITION = [sys.executable, "-m", "edition", "build", "--no-pdf", "-q"]


def copy_project(dest: Path) -> Path:
    for name in ("tei", "templates", "xslt", "assets", "schemas", "docs"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "edition.toml", dest / "edition.toml")
    return dest


def run(project: Path, profile: Path | None = None) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    cmd = EDITION if profile is None else [sys.executable, "-m", "cProfile", "-o", str(profile), *EDITION[1:]]
    r = subprocess.run(cmd, cwd=project, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"build failed:\n{r.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


class Edit:
    """A change to one file that can be made and undone, so each run rebuilds after a real change."""

    def __init__(self, path: Path, old: str, new: str):
        self.path, self.old, self.new = path, old, new
        self.original = path.read_text(encoding="utf-8")
        assert old in self.original, (path, old)
        self.n = 0

    def apply(self) -> None:
        self.n += 1
        self.path.write_text(self.original.replace(self.old, self.new.format(n=self.n), 1), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", help="profile the named row's last run (e.g. 'one document') to /tmp/incremental.prof")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="edition-incr-") as tmp:
        project = copy_project(Path(tmp))
        rows: list[tuple[str, list[tuple[float, float]]]] = []
        edits = {
            "no change": None,
            "one document": Edit(project / "tei" / "pirani-vlasov.xml", "<head>1. <persName", "<head>1. edited{n} <persName"),
            "one register entry": Edit(project / "tei" / "register" / "persons.xml",
                                       "party and trade union leader", "party and trade union leader{n}"),
            "a template": Edit(project / "templates" / "base.html", "</footer>", "<!-- {n} --></footer>"),
        }
        rows.append(("full build", [run(project)]))
        for name, edit in edits.items():
            times = []
            for i in range(args.runs):
                if edit is not None:
                    edit.apply()
                last = i == args.runs - 1
                prof = Path("/tmp/incremental.prof") if args.profile == name and last else None
                times.append(run(project, prof))
            rows.append((name, times))
    print(f"`edition build --no-pdf` as a whole process, {os.cpu_count()} cores, medians of {args.runs} runs")
    print(f"{'change':<22} {'wall s':>8} {'CPU s':>8}")
    for name, times in rows:
        print(f"{name:<22} {statistics.median(t[0] for t in times):>8.2f} {statistics.median(t[1] for t in times):>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
