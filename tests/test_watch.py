"""`edition serve --watch` (edition/publishing/watch.py): a save rebuilds the site and the page
served changes; a bad save prints the located error and the previous site stays served; the
reload script exists only in what the server sends, never in the site's files."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from conftest import FIXTURES, make_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return r.read().decode("utf-8")


class Lines:
    """The server's stderr, line by line, read in a thread so the test never blocks on it."""

    def __init__(self, stream):
        self.q: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.q.put(l) for l in stream], daemon=True).start()

    def wait_for(self, words: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.q.get(timeout=0.5)
            except queue.Empty:
                continue
            self.seen.append(line)
            if words in line:
                return line
        raise AssertionError(f"never saw {words!r}: {self.seen}")


@pytest.fixture
def watching(small_project):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--watch", "--port", str(port)],
                            cwd=small_project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = Lines(proc.stderr)
        lines.wait_for("rebuilt in")          # the first build
        assert "serving" in proc.stdout.readline()
        yield small_project, port, lines
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_a_save_rebuilds_and_a_bad_save_keeps_the_site(watching):
    project, port, lines = watching
    page = _get(port, "/mini.html")
    assert '<script src="/_edition/reload.js?v=1"></script></body>' in page
    assert _get(port, "/_edition/version") == "1"
    assert "location.reload()" in _get(port, "/_edition/reload.js")
    site = project.root / "build" / "site"
    assert "_edition" not in (site / "mini.html").read_text(encoding="utf-8")  # served, not published

    tei = project.tei_dir / "mini.xml"
    text = tei.read_text(encoding="utf-8")
    assert "<head>First part</head>" in text
    tei.write_text(text.replace("<head>First part</head>", "<head>First part, revised</head>"), encoding="utf-8")
    lines.wait_for("rebuilt in")
    assert _get(port, "/_edition/version") == "2"
    page = _get(port, "/mini.html")
    assert "First part, revised" in page and "reload.js?v=2" in page
    assert not list(site.rglob("_edition*"))

    # a save that breaks the file: the error located, the last good site still served
    tei.write_text(text.replace("<head>First part</head>", "<head>First part<head>"), encoding="utf-8")
    failed = lines.wait_for("build failed")
    located = [l for l in lines.seen if l.startswith("tei/mini.xml:")]
    assert located and all(l.split(":")[1].isdigit() and l.split(":")[2].isdigit() for l in located), lines.seen
    assert "still serving the previous site" in failed
    assert not any("Traceback" in l for l in lines.seen)
    assert _get(port, "/_edition/version") == "2"
    assert "First part, revised" in _get(port, "/mini.html")

    # fixed again: built and served
    tei.write_text(text, encoding="utf-8")
    lines.wait_for("rebuilt in")
    assert "First part, revised" not in _get(port, "/mini.html")
    assert _get(port, "/_edition/version") == "3"


def test_an_open_page_reloads_after_a_save(watching, page):
    project, port, lines = watching
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"http://127.0.0.1:{port}/mini.html")
    assert page.get_by_role("heading", name="First part, seen in a browser").count() == 0
    tei = project.tei_dir / "mini.xml"
    tei.write_text(tei.read_text(encoding="utf-8").replace(
        "<head>First part</head>", "<head>First part, seen in a browser</head>"), encoding="utf-8")
    lines.wait_for("rebuilt in")
    # no navigation by the test: the page's own script reloads it
    page.get_by_role("heading", name="First part, seen in a browser").wait_for(timeout=15000)
    assert violations == []
