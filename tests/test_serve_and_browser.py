"""Reading the built edition as a person would: over HTTP, in Chromium, checked with axe."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from conftest import ROOT

DOCS = sorted(p.stem for p in (ROOT / "tei").glob("*.xml"))


def serve(site):
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--port", "0", "-d", str(site)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        base = line.split("at ", 1)[1].split()[0]
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def served(built_site):
    yield from serve(built_site[0])


@pytest.fixture
def served_small(small_project):
    from edition.publishing.site import build

    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    yield from serve(out)


def test_serve_answers_on_loopback(served):
    with urllib.request.urlopen(served + "index.html", timeout=10) as r:
        assert r.status == 200
        assert "<h1>" in r.read().decode()


def test_serve_without_a_site_is_a_usage_error(tmp_path):
    r = subprocess.run([sys.executable, "-m", "edition", "serve", "-d", str(tmp_path)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "edition build" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("doc_id", DOCS)
def test_document_page_is_accessible(page, served, doc_id):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(served + f"{doc_id}.html")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    assert result.violations_count == 0, result.generate_report()


def test_home_and_about_are_accessible(page, served):
    from axe_playwright_python.sync_playwright import Axe

    for name in ("index.html", "about.html"):
        page.goto(served + name)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
        assert result.violations_count == 0, name + result.generate_report()


def test_a_note_call_previews_its_note_on_focus(page, served):
    doc = next(d for d in DOCS if d.startswith("fitz")) if any(d.startswith("fitz") for d in DOCS) else DOCS[0]
    page.goto(served + f"{doc}.html")
    call = page.locator("a.noteref").first
    target = call.get_attribute("href")[1:]
    call.focus()
    pop = page.locator(".note-popover")
    pop.wait_for(state="visible", timeout=5000)
    body = page.locator(f"#{target}").evaluate(
        "n => n.innerText.trim().replace(/^\\S+\\s+/, '')")  # the text as shown, without its number
    assert " ".join(pop.locator(".popover-body").inner_text().split())[:40] == " ".join(body.split())[:40]
    page.keyboard.press("Escape")
    assert page.locator(".note-popover").count() == 0


def test_a_name_shows_its_card_on_hover_and_on_focus(page, served_small):
    page.goto(served_small + "mini.html")
    name = page.locator('.tei-document a[href="persons/shliapnikov.html"]').first
    name.hover()
    card = page.locator(".entity-card")
    card.wait_for(state="visible", timeout=5000)
    assert "Aleksandr Shliapnikov (1885–1937)" in card.inner_text()
    page.mouse.move(0, 0)
    page.wait_for_timeout(600)  # a preview closes a moment after the pointer leaves, not at once
    assert page.locator(".entity-card").count() == 0
    name.focus()
    page.locator(".entity-card").wait_for(state="visible", timeout=5000)


def test_register_table_sorts_by_count_and_back(page, served_small):
    page.goto(served_small + "persons/index.html")
    names = lambda: page.locator("table.register tbody td:first-child a").all_inner_texts()  # noqa: E731
    assert names() == ["B. Alekseev", "A. Al'skii", "Aleksandr Shliapnikov"]
    page.get_by_role("button", name="Mentions").click()
    assert names()[-1] == "Aleksandr Shliapnikov"
    page.get_by_role("button", name="Mentions").click()
    assert names()[0] == "Aleksandr Shliapnikov"


def test_register_pages_are_accessible(page, served_small):
    from axe_playwright_python.sync_playwright import Axe

    for name in ("persons/index.html", "persons/shliapnikov.html", "mini.html"):
        page.goto(served_small + name)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
        assert result.violations_count == 0, name + result.generate_report()
