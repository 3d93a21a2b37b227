"""The integrity report of the edition on one screen: what the texts hold, what the registers
hold and use, and what the built site has — printed by `edition check` and at the end of a build."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree

from . import corpus, registers
from .config import Project
from .checking.conventions import parse_iso
from .checking.xml import NS, TEI_NS, XML_ID

KIND_NAMES = {prefix: kind[4].lower() for prefix, kind in registers.KINDS.items()}


def _document_facts(tree: etree._ElementTree) -> dict:
    """What the report counts in one document (JSON-able: the build keeps it per document)."""
    words = source_notes = editorial_notes = 0
    mentions: Counter[str] = Counter()
    used: set[str] = set()
    dates: list[str] = []
    for text in tree.getroot().iterfind("t:text", NS):
        for node in text.xpath(".//text()[not(ancestor::t:note[@type='editorial'])]", namespaces=NS):
            words += len(str(node).split())
        for note in text.iter(f"{{{TEI_NS}}}note"):
            if note.get("type") == "editorial":
                editorial_notes += 1
            else:
                source_notes += 1
        for el in text.iter(etree.Element):
            ref = el.get("ref") or ""
            prefix, _, ident = ref.partition(":")
            if prefix in registers.KINDS and ident:
                mentions[prefix] += 1
                used.add(ref)
            if el.tag.rpartition("}")[2] == "date":  # QName(el).localname, without making one
                for att in ("when", "from", "to", "notBefore", "notAfter"):
                    if el.get(att) and parse_iso(el.get(att)):
                        dates.append(el.get(att))
    return {"words": words, "source": source_notes, "editorial": editorial_notes,
            "mentions": dict(mentions), "used": sorted(used), "dates": dates}


def report(project: Project, trees: dict[Path, etree._ElementTree], site: Path | None = None,
           errors: int = 0, warnings: int = 0, sitecheck=None, cache=None) -> dict:
    """`cache` (the build's, publishing/buildcache.py): each document's facts are kept under its
    bytes' digest, so that after one document changes only its own are counted again."""
    # paths first, each tree taken when its turn comes: `trees` may parse each file when asked;
    # each folder resolved once, not once per tree
    tei_dir, register_dir = project.tei_dir.resolve(), project.register_dir.resolve()
    folders = {p: p.parent.resolve() for p in trees}
    docs = [p for p in trees if folders[p] == tei_dir]
    regs = [p for p in trees if folders[p] == register_dir]
    if cache is not None:
        from .publishing.buildcache import digest, memo
        cache = memo(cache, docs)
    words = source_notes = editorial_notes = 0
    mentions: Counter[str] = Counter()
    used: set[str] = set()
    dates: list[str] = []
    for path in docs:
        if cache is None:
            facts = _document_facts(trees[path])
        else:
            facts = cache.fact(f"integrity:{path.name}", digest(path.read_bytes()),
                               lambda: _document_facts(trees[path]))
        words += facts["words"]
        source_notes += facts["source"]
        editorial_notes += facts["editorial"]
        mentions.update(facts["mentions"])
        used.update(facts["used"])
        dates.extend(facts["dates"])
    entries: Counter[str] = Counter()
    unused: Counter[str] = Counter()
    stems = {kind[0]: prefix for prefix, kind in registers.KINDS.items()}
    for path in regs:
        prefix = stems.get(path.stem)
        if not prefix:
            continue
        for el in trees[path].getroot().iter(f"{{{TEI_NS}}}{registers.KINDS[prefix][1]}"):
            if el.get(XML_ID):
                entries[prefix] += 1
                if f"{prefix}:{el.get(XML_ID)}" not in used:
                    unused[prefix] += 1
    spans = [parse_iso(d) for d in dates]
    out = {
        "documents": len(docs),
        "words": words,
        "notes": {"source": source_notes, "editorial": editorial_notes},
        "mentions": {KIND_NAMES[k]: mentions[k] for k in registers.KINDS if k in mentions or entries[k]},
        "register_entries": {KIND_NAMES[k]: entries[k] for k in registers.KINDS if entries[k]},
        "unused_entries": {KIND_NAMES[k]: unused[k] for k in registers.KINDS if entries[k]},
        "dates": {"count": len(dates),
                  "first": min(s[0] for s in spans).isoformat() if spans else None,
                  "last": max(s[1] for s in spans).isoformat() if spans else None},
        "errors": errors,
        "warnings": warnings,
    }
    if site is not None and site.is_dir():
        out["site"] = str(site)
        out["pages"] = sum(1 for _ in site.rglob("*.html"))
        out["pdfs"] = sum(1 for _ in (site / "pdf").glob("*.pdf")) if (site / "pdf").is_dir() else 0
        if sitecheck is not None:
            out["links_checked"] = sitecheck.links
            out["site_problems"] = len(sitecheck.problems)
    return out


def text(r: dict) -> str:
    def kinds(d: dict) -> str:
        return ", ".join(f"{v:,} {k}" for k, v in d.items()) or "none"
    lines = [
        f"documents         {r['documents']}",
        f"words             {r['words']:,}",
        f"notes             {r['notes']['source']:,} source, {r['notes']['editorial']:,} editorial",
        f"mentions          {kinds(r['mentions'])}",
        f"register entries  {kinds(r['register_entries'])}",
        f"unused entries    {kinds(r['unused_entries'])}",
        f"dates             {r['dates']['count']:,}"
        + (f", {r['dates']['first']} to {r['dates']['last']}" if r["dates"]["first"] else ""),
    ]
    if "pages" in r:
        lines.append(f"pages             {r['pages']:,} HTML, {r['pdfs']} PDF  ({r['site']})")
    if "links_checked" in r:
        lines.append(f"links checked     {r['links_checked']:,}, {r['site_problems']} problem(s)")
    lines.append(f"validation        {r['errors']} error(s), {r['warnings']} warning(s)")
    return "\n".join(lines)


def for_project(project: Project, site: Path | None, report_obj=None, sitecheck=None) -> dict:
    """The report from a validation Report (its trees and findings), or from the files alone."""
    if report_obj is not None:
        trees, errors, warnings = report_obj.trees, len(report_obj.errors), len(report_obj.warnings)
    else:
        from .checking.xml import parse
        trees = {p.resolve(): parse(p, project.limits) for p in [*corpus.tei_files(project),
                                                                  *sorted(project.register_dir.glob("*.xml"))]}
        errors = warnings = 0
    return report(project, trees, site, errors, warnings, sitecheck)
