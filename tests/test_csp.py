"""The Content-Security-Policy: on every page (meta) and every answer of `edition serve` (header),
the same string from edition/csp.py; pages load in Chromium without a single violation."""

from __future__ import annotations

import threading

import lxml.html
import pytest

from edition.publishing import csp
from edition.publishing.serve import make_server
from edition.publishing.site import build


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    from conftest import mini_project

    project = mini_project(tmp_path_factory.mktemp("csp") / "proj")
    out = project.root / "build" / "site"
    build(project, out, make_pdf=False)
    return out


@pytest.fixture(scope="module")
def site_url(small_site):
    srv = make_server(small_site, port=0, quiet=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()
    srv.server_close()


def test_the_policy_forbids_inline_script_remote_sources_plugins_and_base():
    d = dict(part.split(" ", 1) for part in csp.DIRECTIVES)
    assert d["default-src"] == "'self'" and d["object-src"] == "'none'" and d["base-uri"] == "'self'"
    assert "'unsafe-inline'" not in csp.POLICY and "'unsafe-eval'" not in csp.POLICY
    assert "http" not in csp.POLICY and "*" not in csp.POLICY


def test_every_page_carries_the_policy_and_no_inline_script_or_handler(small_site):
    pages = sorted(small_site.rglob("*.html"))
    assert len(pages) > 5
    for f in pages:
        root = lxml.html.parse(str(f)).getroot()
        metas = root.xpath("//head/meta[@http-equiv='Content-Security-Policy']")
        assert [m.get("content") for m in metas] == [csp.POLICY], f
        # the policy must come before anything it governs
        assert root.head.index(metas[0]) <= 1, f
        for script in root.iter("script"):
            assert script.get("src") or script.get("type") == "application/json", (f, script.text)
        for el in root.iter():
            if isinstance(el.tag, str):
                assert not [a for a in el.attrib if a.lower().startswith("on")], (f, el.tag)
                assert "style" not in el.attrib, (f, el.tag)  # style-src 'self' blocks inline styles
                # nothing loaded from elsewhere (a <link rel="schema.DC"> names a vocabulary, loads nothing)
                loads = el.tag in ("script", "img", "iframe", "source") or (
                    el.tag == "link" and {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
                    & set((el.get("rel") or "").split()))
                for a in ("src", "href"):
                    v = el.get(a, "")
                    if loads:
                        assert not v.startswith(("http:", "https:", "//")), (f, el.tag, v)


def test_pages_load_without_a_policy_violation(page, site_url, small_site):
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text
            or "Content-Security-Policy" in m.text else None)
    page.add_init_script("""
      window.__csp = [];
      document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    rels = ["index.html", "mini.html", "about.html", "encoding.html", "persons/index.html",
            "persons/shliapnikov.html"]
    for rel in rels:
        assert (small_site / rel).exists(), rel
        response = page.goto(site_url + rel)
        assert response.headers.get("content-security-policy") == csp.POLICY
        page.wait_for_load_state("load")
        # the reading view's scripts at work: a name's card (fetched JSON), a note opened in place
        if rel == "mini.html":
            page.locator("main a[href^='persons/']").first.hover()
            page.wait_for_timeout(300)
            page.locator("a.noteref").first.click()
        page.wait_for_timeout(200)
        violations += page.evaluate("window.__csp")
    assert violations == []


def test_an_inline_script_would_be_reported(page, site_url, small_site):
    """The listener above is not blind: a page with an inline script does report a violation."""
    probe = small_site / "probe.html"
    probe.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="{csp.POLICY}">'
        "<title>p</title></head><body><h1>p</h1><script>document.title='ran'</script></body></html>")
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(site_url + "probe.html")
        page.wait_for_timeout(200)
    finally:
        # the site is the module's: the test that reads every page may run after this one
        # (pytest groups the browser's tests when other modules' run first)
        probe.unlink()
    assert page.title() == "p" and seen


def test_pagefind_searches_under_the_policy(page, tmp_path):
    """Pagefind compiles WebAssembly: 'wasm-unsafe-eval' is enough, nothing inline is needed."""
    import subprocess
    import sys

    site = tmp_path / "site"
    site.mkdir()
    head = f'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{csp.POLICY}">'
    (site / "doc.html").write_text(f'<!DOCTYPE html><html lang="en"><head>{head}<title>d</title></head>'
                                   '<body data-pagefind-body><h1>Shliapnikov wrote</h1><p>Workers Opposition</p></body></html>')
    (site / "index.html").write_text(f'<!DOCTYPE html><html lang="en"><head>{head}<title>probe</title>'
                                     '<script type="module" src="probe.js"></script></head><body><h1>p</h1></body></html>')
    (site / "probe.js").write_text("const pf = await import('./pagefind/pagefind.js');\n"
                                   "const r = await pf.search('Shliapnikov');\n"
                                   "document.title = 'results:' + r.results.length;\n")
    r = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, text=True)
    assert r.returncode == 0 and (site / "pagefind" / "pagefind.js").exists(), r.stderr
    srv = make_server(site, port=0, quiet=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        seen: list[str] = []
        page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"http://127.0.0.1:{srv.server_address[1]}/index.html")
        for _ in range(150):  # polled from Python: wait_for_function evaluates a string, which CSP forbids
            if page.title().startswith("results:"):
                break
            page.wait_for_timeout(100)
        assert page.title() == "results:1" and seen == []
    finally:
        srv.shutdown()
        srv.server_close()


def test_the_search_page_finds_under_the_policy(page, site_url, small_site):
    if not (small_site / "search.html").exists():
        pytest.skip("no search page in this build")
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(site_url + "search.html?q=Shliapnikov")
    for _ in range(150):  # polled from Python: Playwright's wait_for_function evaluates a string
        if page.locator("#search-results li").count():
            break
        page.wait_for_timeout(100)
    assert page.locator("#search-results li").count() >= 1
    assert seen == []
