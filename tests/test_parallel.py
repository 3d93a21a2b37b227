"""`edition build -j N`: document and register pages rendered in worker processes write the same
site as `-j 1`, file by file; and a Ctrl-C while the workers render leaves the previous site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edition.publishing import parallel
from edition.publishing.site import build

from conftest import ROOT, make_project
from test_incremental import _same
from test_interrupt import leftovers, snapshot, wait_for


@pytest.fixture
def proj(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    # the whole edition: every template, both views, register pages with relations and dates
    files = sorted((ROOT / "tei").glob("*.xml")) + sorted((ROOT / "tei" / "register").glob("*.xml"))
    return make_project(tmp_path / "proj", files)


def test_pages_from_workers_equal_pages_rendered_in_process(proj, tmp_path, monkeypatch):
    one = build(proj, tmp_path / "one", make_pdf=False, jobs=1, incremental=False)

    # workers forced (no threshold), and seen at work: the pool of the page stages is created
    monkeypatch.setenv("EDITION_JOBS_MIN_PAGES", "0")
    started = []
    pool = parallel._pool
    monkeypatch.setattr(parallel, "_pool", lambda site, pages: started.append(pages) or pool(site, pages))
    pools = []

    class Counted(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Counted)
    two = build(proj, tmp_path / "two", make_pdf=False, jobs=2, incremental=False)
    assert started and started[0] > 0
    assert len(pools) == 1  # one pool, started once, for the documents and the register pages
    _same(tmp_path / "one", tmp_path / "two")
    assert (two.pages, two.documents, two.warnings) == (one.pages, one.documents, one.warnings)


def test_in_process_below_the_threshold(proj, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_JOBS_MIN_PAGES", "100000")
    pools = []
    real = parallel._pool
    monkeypatch.setattr(parallel, "_pool", lambda site, pages: pools.append(real(site, pages)) or pools[-1])
    build(proj, tmp_path / "site", make_pdf=False, jobs=2, incremental=False)
    assert pools and all(p is None for p in pools)


def _workers(pid: int) -> list[int]:
    kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in kids if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def test_ctrl_c_while_workers_render_keeps_the_previous_site(proj, tmp_path):
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "edition", "build", "--no-pdf", "-q", "-o", str(out)],
                       cwd=proj.root, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    before = snapshot(out)
    for record in (proj.root / "build" / ".cache").glob("pages-*.json"):
        record.unlink()  # every page rendered again, not the site in place kept
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "EDITION_JOBS_MIN_PAGES": "0"}
    # a session of its own: Ctrl-C goes to the whole process group, as a terminal sends it
    proc = subprocess.Popen([sys.executable, "-m", "edition", "build", "--no-pdf", "-o", str(out), "-j", "2"],
                            cwd=proj.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        wait_for(proc, "validated")
        deadline = time.monotonic() + 60
        while len(_workers(proc.pid)) < 2 and time.monotonic() < deadline:  # spawned on the first submit
            assert proc.poll() is None
            time.sleep(0.02)
        assert len(_workers(proc.pid)) == 2
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "build interrupted" in err and "Traceback" not in err, err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []
