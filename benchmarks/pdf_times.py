"""Time the print stage: every document's PDF and the volume, cold (an empty PDF cache) and warm
(nothing changed), and print a table (no assertions).

    .venv/bin/python benchmarks/pdf_times.py [--jobs N] [--warm-only]

Wall seconds are what a user waits; CPU seconds (this process and its render workers) show the
work done, which on a shared machine says more than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from edition import config  # noqa: E402
from edition.publishing.site import build  # noqa: E402


def cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(project, jobs, cache_dir: str | None) -> dict:
    if cache_dir:
        os.environ["EDITION_PDF_CACHE"] = cache_dir
    else:
        os.environ.pop("EDITION_PDF_CACHE", None)
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), cpu()
        stats = build(project, Path(tmp) / "site", make_pdf=True, jobs=jobs)
        wall, used = time.perf_counter() - t0, cpu() - c0
    pdf_wall, pdf_cpu = stats.pdf_seconds, stats.pdf_cpu
    return {"pages": stats.pdf_pages, "pdfs": stats.pdfs, "volume": stats.pdf_pages_by_doc.get("edition", 0),
            "cached": stats.pdfs_cached, "build_wall": wall, "build_cpu": used, "pdf_wall": pdf_wall, "pdf_cpu": pdf_cpu}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--warm-only", action="store_true")
    args = ap.parse_args()
    project = config.load(Path(__file__).resolve().parents[1])
    rows = []
    load = os.getloadavg()[0]
    if not args.warm_only:
        with tempfile.TemporaryDirectory() as cold:
            rows.append(("cold (empty cache)", run(project, args.jobs, cold)))
    rows.append(("warm (project cache)", run(project, args.jobs, None)))
    print(f"cores: {os.cpu_count()}, load average at start: {load:.1f}")
    print(f"{'run':22} {'PDFs':>4} {'cached':>6} {'pages':>6} {'volume':>6} {'PDF s':>7} {'render CPU s':>12} "
          f"{'pages/s':>8} {'pages/CPU s':>11} {'build s':>8} {'build CPU s':>11}")
    for name, r in rows:
        rate = r["pages"] / r["pdf_wall"] if r["pdf_wall"] else float("inf")
        crate = r["pages"] / r["pdf_cpu"] if r["pdf_cpu"] else float("inf")
        print(f"{name:22} {r['pdfs']:>4} {r['cached']:>6} {r['pages']:>6} {r['volume']:>6} {r['pdf_wall']:>7.1f} "
              f"{r['pdf_cpu']:>12.1f} {rate:>8.1f} {crate:>11.1f} {r['build_wall']:>8.1f} {r['build_cpu']:>11.1f}")


if __name__ == "__main__":
    main()
