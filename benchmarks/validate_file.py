"""`edition validate FILE` as an editor's on-save check runs it: a whole process per file, the
validation cache off (`--no-cache`: nothing read, nothing written), and print a table.

    .venv/bin/python benchmarks/validate_file.py [--repeat 5] [--against DIR] [FILE ...]

Default files: every document of tei/ and the largest register. Each round runs every file once,
in turn, so that a neighbour's load falls on all files alike; the table gives the median of the
rounds. CPU seconds are the child's user + system time (os.wait4), which the load of other work
disturbs less than wall-clock seconds. Two ways of starting Python:

* "CPU s": Python with its bytecode cache (.pyc) for every module, as any installed Python
  writes it on first use (kept in a temporary PYTHONPYCACHEPREFIX, warmed by one run);
* "no .pyc": the edition's own modules compiled from source on every run
  (PYTHONDONTWRITEBYTECODE=1 with no __pycache__ in the tree), as on a machine that forbids
  writing bytecode.

--against DIR times another checkout of the code as well (e.g. `git archive BASE | tar -x -C DIR`),
on the same files and schemas, in the same rounds (its `edition` package first on PYTHONPATH),
so that a before/after comparison sees the same load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _edition() -> list[str]:
    exe = Path(sys.executable).with_name("edition")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "edition"]


def run(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(wall s, CPU s, exit status) of one whole process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--against", type=Path, help="another checkout of the code, timed in the same rounds")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = [Path(f) for f in args.files] or sorted((ROOT / "tei").glob("*.xml")) + [ROOT / "tei" / "register" / "persons.xml"]
    files = [f.resolve() for f in files]
    cmd = lambda f: [*_edition(), "validate", "--no-cache", "-q", str(f)]  # noqa: E731
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    with tempfile.TemporaryDirectory() as pyc:
        modes = {
            "pyc": {**base, "PYTHONPYCACHEPREFIX": pyc},
            "nopyc": {**base, "PYTHONDONTWRITEBYTECODE": "1"},
        }
        if args.against:
            modes["against"] = {**base, "PYTHONPYCACHEPREFIX": pyc, "PYTHONPATH": str(args.against.resolve())}
            run(cmd(files[0]), modes["against"])
        stray = list((ROOT / "edition").rglob("__pycache__"))
        if stray:
            print(f"note: {len(stray)} __pycache__ folders in edition/: the no-.pyc column reads them", file=sys.stderr)
        run(cmd(files[0]), modes["pyc"])  # writes the bytecode cache once
        times: dict = {(f, m): [] for f in files for m in modes}
        failed = []
        for _ in range(args.repeat):
            for mode, env in modes.items():
                for f in files:
                    wall, cpu, code = run(cmd(f), env)
                    times[f, mode].append((wall, cpu))
                    if code != 0 and mode != "against":
                        failed.append(f.name)
    print(f"machine: {os.cpu_count()} cores; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"median of {args.repeat} whole-process runs, validation cache off")
    extra = f" {'against: wall':>14} {'CPU s':>6}" if args.against else ""
    print(f"{'file':<28} {'KB':>5} {'wall s':>7} {'CPU s':>6} {'no .pyc: wall':>14} {'CPU s':>6}{extra}")
    worst = 0.0
    for f in files:
        w, c = (statistics.median(x[i] for x in times[f, "pyc"]) for i in (0, 1))
        w2, c2 = (statistics.median(x[i] for x in times[f, "nopyc"]) for i in (0, 1))
        worst = max(worst, c)
        name = f.relative_to(ROOT / "tei").as_posix() if f.is_relative_to(ROOT / "tei") else f.name
        other = ""
        if args.against:
            w3, c3 = (statistics.median(x[i] for x in times[f, "against"]) for i in (0, 1))
            other = f" {w3:>14.3f} {c3:>6.3f}"
        print(f"{name:<28} {f.stat().st_size // 1024:>5} {w:>7.3f} {c:>6.3f} {w2:>14.3f} {c2:>6.3f}{other}")
    print(f"slowest file: {worst:.3f} CPU s (target: under 0.3 s)")
    if failed:
        print(f"not valid (exit status ≠ 0): {', '.join(sorted(set(failed)))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
