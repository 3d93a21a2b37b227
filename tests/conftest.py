"""Shared fixtures: the project, small throw-away projects, and one real build per test run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition import config
from edition.publishing.site import build

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
TEI_ALL = ROOT.parent / "shared" / "schemas" / "tei_all.rng"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="session")
def project() -> config.Project:
    return config.load(ROOT)


def make_project(where: Path, tei_files: list[Path]) -> config.Project:
    """A project that shares the real stylesheets, templates and schema but has its own tei/."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "edition.toml", where / "edition.toml")
    for name in ("xslt", "templates", "assets", "schemas"):
        (where / name).symlink_to(ROOT / name, target_is_directory=True)
    (where / "tei" / "register").mkdir(parents=True)
    for f in tei_files:
        dest = where / "tei" / ("register" if f.parent.name == "register" else "") / f.name
        shutil.copy(f, dest)
    return config.load(where)


def mini_project(where: Path) -> config.Project:
    """The small fixture edition: tests/fixtures/mini.xml with the fixture registers."""
    return make_project(where, [FIXTURES / "mini.xml", *sorted((FIXTURES / "register").glob("*.xml"))])


@pytest.fixture
def small_project(tmp_path) -> config.Project:
    return mini_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, project):
    """The real edition, built once (with PDFs) into a temporary folder."""
    out = tmp_path_factory.mktemp("edition") / "site"
    stats = build(project, out, make_pdf=True)
    return out, stats


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, never a downloaded browser build.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.fixture(scope="session")
def site_url(built_site):
    """The real edition served over HTTP on loopback (Pagefind and fetch need HTTP)."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--port", "0", "-d", str(built_site[0])],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        yield line.split("at ", 1)[1].split()[0]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def shot():
    """Save a screenshot of a page as a test artifact (build/test-artifacts/NAME.png)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = False):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
    return take
