"""Interrupting a build (Ctrl-C, SIGTERM, a PDF worker killed) leaves the previous site as it was
and no temporary folder behind. Each build runs as a real `edition build` subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, mini_project


@pytest.fixture
def two_docs(tmp_path):
    """A project with two documents, so that PDFs are made by a pool of two workers."""
    project = mini_project(tmp_path / "proj")
    text = (FIXTURES / "mini.xml").read_text(encoding="utf-8")
    # long enough (some 60 pages) that its PDF is still being made when a test kills its worker
    long = text.replace('"mini', '"other').replace("Small Test", "Second Test").replace(
        "wrote.", "wrote. " + "A sentence that fills the pages of a long document. " * 4000)
    (project.tei_dir / "other.xml").write_text(long)
    return project


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def start_build(project, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "edition", "build", "-o", str(out), "-j", "2"],
                            cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def wait_for(proc: subprocess.Popen, words: str, timeout: float = 120) -> list[str]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if words in line:
            return seen
    raise AssertionError(f"never saw {words!r}: {seen}")


def pdf_workers(pid: int) -> list[int]:
    out = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"spawn_main" in cmd:  # not the resource tracker
            out.append(int(child))
    return out


@pytest.fixture
def previous(two_docs, tmp_path):
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "edition", "build", "--no-pdf", "-q", "-o", str(out)],
                       cwd=two_docs.root, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out, snapshot(out)


def leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in ("proj", "site"))


@pytest.mark.parametrize("sig,at", [(signal.SIGINT, "validated"), (signal.SIGINT, "mini: html"),
                                    (signal.SIGTERM, "validated"), (signal.SIGTERM, "other: html")])
def test_a_signal_mid_build_keeps_the_previous_site(two_docs, previous, tmp_path, sig, at):
    out, before = previous
    proc = start_build(two_docs, out)
    wait_for(proc, at)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "build interrupted: the previous site is kept" in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def build_rendering_pdfs(project, out):
    """A build started, once its PDF workers are running."""
    proc = start_build(project, out)
    wait_for(proc, "other: html")
    deadline = time.monotonic() + 60
    while not pdf_workers(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pdf_workers(proc.pid)
    return proc


def test_sigint_while_pdfs_are_made_keeps_the_previous_site(two_docs, previous, tmp_path):
    out, before = previous
    proc = build_rendering_pdfs(two_docs, out)
    os.killpg(os.getpgid(proc.pid), 0)  # the group exists (Ctrl-C in a terminal reaches it all)
    for pid in [proc.pid, *pdf_workers(proc.pid)]:
        os.kill(pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def test_a_killed_pdf_worker_fails_the_build_and_keeps_the_previous_site(two_docs, previous, tmp_path):
    out, before = previous
    proc = build_rendering_pdfs(two_docs, out)
    os.kill(pdf_workers(proc.pid)[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "Traceback" not in err and "a PDF worker died" in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []
