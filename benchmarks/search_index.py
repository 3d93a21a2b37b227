"""Build the real edition without PDFs and print what the search stage costs and writes
(no assertions).

    .venv/bin/python benchmarks/search_index.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edition import config  # noqa: E402
from edition.publishing.site import build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    project = config.load(Path(__file__).resolve().parents[1])
    times, cpus, whole, line = [], [], [], ""
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            said = []
            stats = build(project, Path(tmp) / "site", make_pdf=False, say=said.append)
            line = next(s for s in said if s.startswith("search:"))
            wall, cpu = re.search(r"\(([\d.]+) s, ([\d.]+) s CPU\)", line).groups()
            times.append(float(wall))
            cpus.append(float(cpu))
            whole.append(stats.seconds)
            index = Path(tmp) / "site" / "pagefind"
            files = [f for f in index.rglob("*") if f.is_file()]
            size = sum(f.stat().st_size for f in files)
            shards = {d: sum(f.stat().st_size for f in (index / d).iterdir()) for d in ("index", "fragment", "filter")}
    passages, entries = map(int, re.search(r"(\d+) passages and (\d+) register", line).groups())
    rows = [("records: passages", str(passages)), ("records: register entries", str(entries)),
            ("index files", str(len(files))), ("index size (bytes on disk, all files)", f"{size / 1024:.0f} KB"),
            *((f"  of which {d}/", f"{b / 1024:.0f} KB") for d, b in shards.items()),
            (f"search stage, median of {args.repeat}", f"{statistics.median(times):.2f} s"),
            ("search stage, min", f"{min(times):.2f} s"),
            ("search stage CPU (incl. Pagefind), median", f"{statistics.median(cpus):.2f} s"),
            (f"whole build --no-pdf, median of {args.repeat}", f"{statistics.median(whole):.2f} s")]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v:>10}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
