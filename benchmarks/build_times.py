"""Time the stages of a build of the real edition and print a table (no assertions).

    .venv/bin/python benchmarks/build_times.py [--no-pdf] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edition import config, corpus  # noqa: E402
from edition.publishing.site import build  # noqa: E402
from edition.publishing.transform import Stylesheets  # noqa: E402
from edition.checking.validate import validate  # noqa: E402


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    project = config.load(Path(__file__).resolve().parents[1])
    rows = []
    t, report = timed(lambda: validate([project.tei_dir], project.schema_dir, edition_dir=project.tei_dir), args.repeat)
    rows.append(("validate tei/ (all stages)", f"{report.files} files", t))
    t, sheets = timed(lambda: Stylesheets(project.xslt_dir), args.repeat)
    rows.append(("compile stylesheets (html + print)", "2", t))
    docs = corpus.load(project)
    t, _ = timed(lambda: [sheets.transform(v, d.tree, d.path) for d in docs for v in ("html", "print")], args.repeat)
    rows.append(("transform all documents, both views", f"{len(docs)} docs", t))
    with tempfile.TemporaryDirectory() as tmp:
        t, stats = timed(lambda: build(project, Path(tmp) / "site", make_pdf=not args.no_pdf), 1)
        rows.append(("whole build" + (" (no PDF)" if args.no_pdf else ""),
                     f"{stats.pages} pages, {stats.pdf_pages} PDF pp.", t))
    width = max(len(r[0]) for r in rows)
    print(f"{'stage':<{width}}  {'size':>24}  {'seconds':>8}")
    for name, size, secs in rows:
        print(f"{name:<{width}}  {size:>24}  {secs:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
