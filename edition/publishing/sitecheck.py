"""The built site checks itself before it replaces the previous one.

Every page: parses without an HTML error (no stray or crossed end tags, no id given twice), has a
`lang`, one non-empty <title> and exactly one <h1>. Every register entry has its page; every
document its TEI download, byte for byte the file in tei/, and its PDF when PDFs are built. No
page or stylesheet refers to a file that is not in the site (stylesheets, scripts, fonts, images,
the search index). Links and fragments between pages are linkcheck.py's, run by the build too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from . import linkcheck
from .buildcache import page_memo

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_EXTERNAL = ("http:", "https:", "mailto:", "data:", "//", "tel:")


@dataclass
class Result:
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0          # internal references followed: href, src, CSS url()

    @property
    def ok(self) -> bool:
        return not self.problems


def _page(page: Path, rel: str, parts: list | None = None) -> tuple[list[str], int, list[tuple[str, str, str]]]:
    """What one page says about itself: its problems, its links to pages (linkcheck.py's to
    follow), and its references to files (tag, attribute, value), checked against the site.
    `parts`, where given, receives what the link check keeps of the page, from the same parse."""
    problems: list[str] = []
    links, refs = 0, []
    parser = etree.HTMLParser(recover=True, no_network=True)  # plain elements: lxml.html's cost 2x
    try:
        root = etree.parse(str(page), parser).getroot()
    except (OSError, ValueError) as e:
        return [f"{rel}: cannot be read as HTML: {e}"], 0, []
    if parts is not None:
        parts.extend(linkcheck.parts(root))
    for err in parser.error_log:
        problems.append(f"{rel}:{err.line}:{err.column}: {err.message}")
    if root is None:
        return problems + [f"{rel}: empty page"], 0, []
    if not (root.get("lang") or "").strip():
        problems.append(f"{rel}: <html> has no lang")
    titles = root.xpath("/html/head/title")
    if len(titles) != 1 or not "".join(titles[0].itertext()).strip():
        problems.append(f"{rel}: needs exactly one non-empty <title> in <head> (has {len(titles)})")
    h1 = root.xpath("//h1")
    if len(h1) != 1:
        problems.append(f"{rel}: has {len(h1)} <h1>, not exactly one")
    for el in root.iter("a", "area", "link", "script", "img", "source", "iframe", "audio", "video", "embed", "input"):
        if el.tag == "a":
            href = el.get("href")
            if href and not href.startswith("#") and not href.startswith(_EXTERNAL):
                links += 1  # pages and fragments: linkcheck.py's job
            continue
        att = "href" if el.tag in ("link", "area") else "src"
        ref = el.get(att)
        if ref is None or ref.startswith(_EXTERNAL) or ref.startswith("#") or not ref.strip():
            continue
        refs.append((el.tag, att, ref))
    return problems, links, refs


def check_pages(site: Path, memo: dict | None = None, index: bool = True, link_memo: dict | None = None,
                hashes: dict | None = None) -> Result:
    """What can be checked from the folder alone: the pages and the files they refer to.
    `memo` (page and content hash → what _page found) spares parsing a page met before; the
    references it found are checked against this site's files all the same. `index`: whether
    the search index must be there (the build puts it in after this check, search.Pending).
    `link_memo` (the link check's memo) and `hashes` (page → content hash) are given what the link
    check would read again: the parts of each page parsed here, and each page's hash."""
    site = site.resolve()
    res = Result()
    known: dict[tuple[Path, str], bool] = {}
    seen: dict = {}
    pages = sorted(site.rglob("*.html"))
    memo = page_memo(memo, len(pages))
    for page in pages:
        rel = page.relative_to(site).as_posix()
        res.pages += 1
        if memo is None:
            found = _page(page, rel)
        else:
            h = hashlib.sha1(page.read_bytes()).hexdigest()
            if hashes is not None:
                hashes[rel] = h
            key = f"{rel}\0{h}"
            found = memo.get(key)
            if found is None:
                parts = [] if link_memo is not None and h not in link_memo else None
                found = _page(page, rel, parts)
                if parts:
                    link_memo[h] = parts
            seen[key] = found
        problems, links, refs = found
        res.problems.extend(problems)
        res.links += links
        for tag, att, ref in refs:
            res.links += 1
            key = (page.parent, ref)
            if key not in known:
                known[key] = _exists(page.parent, ref, site)
            if not known[key]:
                res.problems.append(f"{rel}: <{tag} {att}=\"{ref}\"> refers to a file that is not in the site")
    if memo is not None:  # what the next build may take: this site's pages only
        memo.clear()
        memo.update(seen)
    for css in sorted(site.rglob("*.css")):
        rel = css.relative_to(site).as_posix()
        for m in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            ref = m.group(1).strip()
            if ref.startswith(_EXTERNAL) or ref.startswith("#"):
                continue
            res.links += 1
            if not _exists(css.parent, ref, site):
                res.problems.append(f"{rel}: url({ref}) refers to a file that is not in the site")
    if index and (site / "search.html").exists() and not (site / "pagefind" / "pagefind.js").is_file():
        res.problems.append("search.html: the search index (pagefind/pagefind.js) is missing")
    return res


def _exists(folder: Path, ref: str, site: Path) -> bool:
    path = unquote(urlsplit(ref).path)
    if not path:
        return True
    target = (site / path.lstrip("/")) if path.startswith("/") else (folder / path)
    try:
        target = target.resolve()
    except (OSError, RuntimeError):
        return False
    return target.is_file() and (target == site or site in target.parents)


def check(site_obj, index: bool = True) -> Result:
    """The whole check for a build: the pages, then what the edition says must be there."""
    out = site_obj.out
    res = check_pages(out, getattr(site_obj, "check_memo", None), index,
                      getattr(site_obj, "link_memo", None), getattr(site_obj, "page_hashes", None))
    for e in site_obj.entries.values():
        if not (out / e.folder / f"{e.id}.html").is_file():
            res.problems.append(f"{e.folder}/{e.id}.html: register entry {e.ref} has no page")
    for d in site_obj.docs:
        if not (out / f"{d.id}.html").is_file():
            res.problems.append(f"{d.id}.html: document {d.id} has no page")
        download = out / "tei" / f"{d.id}.xml"
        if not download.is_file():
            res.problems.append(f"tei/{d.id}.xml: the TEI download of {d.id} is missing")
        elif download.read_bytes() != d.path.read_bytes():
            res.problems.append(f"tei/{d.id}.xml: differs from {d.path.name} in tei/")
        if site_obj.make_pdf:
            pdf = out / "pdf" / f"{d.id}.pdf"
            if not pdf.is_file() or pdf.stat().st_size < 100 or pdf.read_bytes()[:5] != b"%PDF-":
                res.problems.append(f"pdf/{d.id}.pdf: the PDF of {d.id} is missing or not a PDF")
    return res


def verify(site_obj) -> Result:
    """Run by the build after writing; a broken site fails the build and the previous site stays."""
    from .site import BuildFailed

    from .. import integrity

    res = check(site_obj, index=False)  # the search index is checked as it is put in
    stats = site_obj.stats
    stats.sitecheck = res
    stats.integrity = integrity.report(site_obj.project, site_obj.trees, site_obj.out, 0,
                                       stats.validation_warnings + len(stats.warnings), res,
                                       getattr(site_obj, "cache", None))
    if not res.ok:
        shown = res.problems[:20]
        more = f" (and {len(res.problems) - 20} more)" if len(res.problems) > 20 else ""
        raise BuildFailed("the built site is broken; the previous site is kept:\n  " + "\n  ".join(shown) + more)
    site_obj.say(f"site checked: {res.pages} pages, {res.links} references, no problem")
    return res
