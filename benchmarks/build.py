"""How the build scales: synthetic corpora ×1, ×10, ×100 the real one, built whole and stage by
stage; prints a table (no assertions, no pass/fail: the figures go in docs/benchmarks.md).

    .venv/bin/python benchmarks/build.py [--scales 1,10,100] [--repeat 3] [--keep DIR] [--peer DIR]

A corpus ×k holds k copies of every document of tei/, each copy with fresh ids and file names
(`allen-x3.xml`, `allen-x3-p12`), and registers k times as large: each entry copied with a fresh
id (`shliapnikov-x3`) and its names marked as the copy's, so that names stay distinct, and the
mentions of each document copy point into its own copy of the registers. Register pages, their
mention lists and the documents' cards thus grow as they would in a larger edition.

For each size: the whole `edition build --no-pdf` as a process (median of --repeat runs, peak
RSS), then one build in a process of its own with each stage timed and its own peak RSS taken
(the kernel's high-water mark is reset before each stage). The output of each size is checked to
be complete: a page and a TEI download per document, a page per register entry, no page over 500 KB
(and the build itself fails on a broken link).
The machine is shared, so medians are given; the last line is the per-document HTML time ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
HEADER = f"{{{TEI_NS}}}teiHeader"
ENTRY_TAGS = {f"{{{TEI_NS}}}{t}" for t in ("person", "org", "place", "event")}
NAME_TAGS = {f"{{{TEI_NS}}}{t}" for t in ("persName", "orgName", "placeName", "label")}
REF_PREFIXES = ("per:", "org:", "pla:", "evt:")


# ---------------------------------------------------------------- the synthetic corpus

def _in_header(el) -> bool:
    return any(a.tag == HEADER for a in el.iterancestors()) or el.tag == HEADER


def _renamer(stem: str, new_stem: str, suffix: str):
    """A document's ids in copy `suffix`: its own prefix swapped (allen-p12 → allen-x3-p12, as
    the paragraph convention wants), other ids given the suffix."""
    def rename(value: str) -> str:
        if value == stem or value.startswith(stem + "-"):
            return new_stem + value[len(stem):]
        return f"{value}-{suffix}"
    return rename


def _copy_tree(tree, stem: str, suffix: str, doc_stems: set[str], is_register: bool, core: set[str]):
    """A copy of one file of the edition with fresh ids, pointers into the same copy, except
    mentions of the `core` entries, which every copy shares."""
    root = etree.fromstring(etree.tostring(tree))
    new_stem = stem if is_register else f"{stem}-{suffix}"
    rename = _renamer(stem, new_stem, suffix)
    renamed: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.get(XML_ID) is None or el is root or _in_header(el):
            continue
        renamed.add(el.get(XML_ID))
        el.set(XML_ID, rename(el.get(XML_ID)))
    if not is_register:
        root.set(XML_ID, new_stem)

    def other_file(token: str) -> str:
        file, _, frag = token.partition("#")
        path = Path(file)
        if path.suffix != ".xml" or path.stem not in doc_stems:
            return token
        new = str(path.with_name(f"{path.stem}-{suffix}.xml"))
        return new + (f"#{_renamer(path.stem, path.stem + '-' + suffix, suffix)(frag)}" if frag else "")

    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for att, value in el.attrib.items():
            if att == XML_ID:
                continue
            tokens = value.split()
            new = []
            for tok in tokens:
                if tok.startswith(REF_PREFIXES) and tok not in core:
                    tok = f"{tok}-{suffix}"
                elif tok.startswith("#") and tok[1:] in renamed:
                    tok = "#" + rename(tok[1:])
                elif ".xml" in tok and "://" not in tok:
                    tok = other_file(tok)
                new.append(tok)
            if new != tokens:
                el.set(att, " ".join(new))
    return root


def _mark_names(entry, suffix: str) -> None:
    """Names of a register entry's copy made the copy's own, so no two entries share a name."""
    for name in entry:
        if name.tag in NAME_TAGS:
            if len(name):
                last = name[-1]
                last.tail = (last.tail or "") + f" {suffix.upper()}"
            else:
                name.text = (name.text or "") + f" {suffix.upper()}"


def make_corpus(where: Path, k: int) -> dict:
    """Write a project with k copies of the edition into `where`; return what it holds."""
    where.mkdir(parents=True)
    for name in ("xslt", "templates", "assets", "schemas"):
        (where / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copy(ROOT / "edition.toml", where / "edition.toml")
    if k > 1:  # registers k times as long as the real ones: the bounds on one file raised with them
        with (where / "edition.toml").open("a", encoding="utf-8") as f:
            f.write(f"\n[limits]\nmax_elements = {200_000 * k}\nmax_file_mb = {20 * k}\n")
    tei, reg = where / "tei", where / "tei" / "register"
    reg.mkdir(parents=True)
    docs = sorted((ROOT / "tei").glob("*.xml"))
    stems = {p.stem for p in docs}
    trees = {p: etree.parse(str(p)) for p in docs}
    words = mentions = 0
    named_in: dict[str, set[str]] = {}
    for p, tree in trees.items():
        text = " ".join(tree.getroot().find(f"{{{TEI_NS}}}text").itertext())
        words += len(text.split())
        refs = [el.get("ref") for el in tree.iter() if isinstance(el.tag, str) and el.get("ref", "").startswith(REF_PREFIXES)]
        mentions += len(refs)
        for r in refs:
            named_in.setdefault(r, set()).add(p.stem)
    # The figures every text names (here: in half the documents or more) stay one entry each,
    # mentioned from every copy, as the central figures of a larger edition would be; the rest
    # of the registers grows with the corpus.
    core = {r for r, where in named_in.items() if len(where) >= len(docs) / 2}
    for c in range(k):
        for p, tree in trees.items():
            if c == 0:
                shutil.copy(p, tei / p.name)
                continue
            suffix = f"x{c}"
            root = _copy_tree(tree, p.stem, suffix, stems, is_register=False, core=core)
            etree.ElementTree(root).write(str(tei / f"{p.stem}-{suffix}.xml"), encoding="UTF-8", xml_declaration=True)
    entries = 0
    is_list = lambda el: isinstance(el.tag, str) and any(c.tag in ENTRY_TAGS for c in el)  # noqa: E731
    for p in sorted((ROOT / "tei" / "register").glob("*.xml")):
        pristine = etree.parse(str(p))
        tree = etree.parse(str(p))
        prefix = {"persons": "per", "organisations": "org", "places": "pla", "events": "evt"}.get(p.stem, "")
        originals = [[c for c in lst if c.tag in ENTRY_TAGS] for lst in pristine.getroot().iter() if is_list(lst)]
        targets = [lst for lst in tree.getroot().iter() if is_list(lst)]
        entries += sum(len(o) for o in originals)
        for c in range(1, k):
            suffix = f"x{c}"
            copy = _copy_tree(pristine, p.stem, suffix, stems, is_register=True, core=core)
            copied = [[ch for ch in lst if ch.tag in ENTRY_TAGS] for lst in copy.iter() if is_list(lst)]
            for target, orig, new in zip(targets, originals, copied):
                for source, entry in zip(orig, new):
                    if f"{prefix}:{source.get(XML_ID)}" in core:
                        continue
                    _mark_names(entry, suffix)
                    target.append(entry)
                    entries += 1
        tree.write(str(reg / p.name), encoding="UTF-8", xml_declaration=True)
    return {"documents": len(docs) * k, "words": words * k, "mentions": mentions * k, "entries": entries,
            "shared": len(core)}


# ---------------------------------------------------------------- running and measuring

def run_process(cmd: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Seconds, CPU seconds, peak RSS in MiB and stdout of one whole process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, with its own resource usage
        seconds = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{errors[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def whole_build(project: Path, out: Path, jobs: int = 1) -> tuple[float, float, float]:
    """`edition build --no-pdf` as an editor runs it, into an empty folder (CPU seconds include
    its worker processes): the build is incremental, and a second build into the same folder
    would take every page from the first."""
    shutil.rmtree(out, ignore_errors=True)
    exe = Path(sys.executable).parent / "edition"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "edition"]
    seconds, cpu, rss, _ = run_process([*cmd, "build", "--no-pdf", "-q", "-j", str(jobs), "-o", str(out)], project)
    return seconds, cpu, rss


def staged_build(project: Path, out: Path, jobs: int = 1) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stages", str(project), str(out), str(jobs)]
    *_, text = run_process(cmd, project)
    return json.loads(text.strip().splitlines()[-1])


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM (Linux ≥ 4.0)
    except OSError:
        pass


def _child_stages(project: Path, out: Path, jobs: int = 1) -> None:
    """In a child process: one build with each stage timed and its own peak RSS taken (with
    jobs > 1 a stage's CPU seconds are this process's only, not its workers')."""
    os.chdir(project)
    from edition import config, registers
    from edition.publishing import linkcheck
    from edition.publishing import site as site_module
    timings: dict[str, list[float]] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            _reset_peak()
            t, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
                prev = timings.get(name, [0.0, 0.0, 0.0])
                timings[name] = [prev[0] + seconds, prev[1] + cpu, max(prev[2], _peak_mib())]
        return wrapper

    site_module.validate = timed("validate", site_module.validate)
    registers.collect_mentions = timed("mentions in context", registers.collect_mentions)
    for name in dir(site_module):
        if name.startswith("write_") and callable(getattr(site_module, name)):
            label = {"write_documents": "HTML documents", "write_registers": "register pages"}.get(name, name[6:])
            setattr(site_module, name, timed(label, getattr(site_module, name)))
    search = sys.modules.get("edition.publishing.search")
    if search is not None:  # the search index, if the build has one
        for name in set(re.findall(r"search\.(\w+)\(", Path(site_module.__file__).read_text())):
            if callable(getattr(search, name, None)):
                setattr(search, name, timed("search index", getattr(search, name)))
    from edition.publishing import chronology, exports, sitecheck
    # the dates anchored before the document pages, the chronology's pages after them: one stage
    chronology.anchor = timed("chronology", chronology.anchor)
    chronology.write = timed("chronology", chronology.write)
    exports.write_exports = timed("exports", exports.write_exports)
    sitecheck.verify = timed("site check", sitecheck.verify)
    for name in ("broken_links", "check_site", "broken_in"):
        if hasattr(linkcheck, name):
            setattr(linkcheck, name, timed("link check", getattr(linkcheck, name)))
    t = time.perf_counter()
    stats = site_module.build(config.load(project), out, make_pdf=False, jobs=jobs)
    total = time.perf_counter() - t
    print(json.dumps({"stages": timings, "total": total, "rss": _peak_mib(), "pages": stats.pages}))


MAX_PAGE_KB = 500  # issue 13: no page over 500 KB, however large the edition


def check_complete(project: Path, out: Path) -> dict:
    """Every document, download and register entry has its file, and no page is over
    MAX_PAGE_KB; the largest page."""
    from edition import config, registers
    missing = []
    for p in (project / "tei").glob("*.xml"):
        for rel in (f"{p.stem}.html", f"tei/{p.stem}.xml"):
            if not (out / rel).is_file():
                missing.append(rel)
    entries = registers.load_entries(config.load(project).register_dir)
    for e in entries.values():
        if not (out / e.folder / f"{e.id}.html").is_file():
            missing.append(f"{e.folder}/{e.id}.html")
    pages = list(out.rglob("*.html"))
    largest = max(pages, key=lambda f: f.stat().st_size)
    missing += [f"{p.relative_to(out)} is over {MAX_PAGE_KB} KB" for p in pages if p.stat().st_size > MAX_PAGE_KB * 1024]
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return {"missing": missing, "pages": len(pages), "largest": str(largest.relative_to(out)),
            "largest_kb": largest.stat().st_size / 1024, "site_mb": size / 2**20}


# The yardstick: TEI Stylesheets' bare teitohtml, html/html.xsl compiled once and run through
# saxonche on every file of tei/, as a whole process.
PEER = r"""
import sys
from pathlib import Path
from saxonche import PySaxonProcessor
peer, out = Path(sys.argv[1]), Path(sys.argv[2])
with PySaxonProcessor(license=False) as proc:
    exe = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(peer / "html" / "html.xsl"))
    for name in sys.argv[3:]:
        exe.transform_to_file(source_file=name, output_file=str(out / (Path(name).stem + ".html")))
"""


def compare_peer(peer: Path, repeat: int) -> None:
    """`edition build --no-pdf` of the real edition, cold (no build/.cache) and warm (the
    validation and template caches of the previous run, a fresh output folder, so every page
    is rendered), alternating with the peer on the same files; medians of `repeat` rounds."""
    if not (peer / "html" / "html.xsl").is_file():
        raise SystemExit(f"--peer {peer}: no html/html.xsl (export html/, common/, html5/, i18n.xml, "
                         "catalog.xml and VERSION of TEI Stylesheets there)")
    exe = Path(sys.executable).parent / "edition"
    edition = [str(exe)] if exe.exists() else [sys.executable, "-m", "edition"]
    times: dict[str, list[tuple[float, float]]] = {"teitohtml (TEI Stylesheets, saxonche)": [],
                                                   "build --no-pdf, cold cache": [],
                                                   "build --no-pdf, warm cache": []}
    names = list(times)
    with tempfile.TemporaryDirectory(prefix="edition-peer-") as tmp:
        project = Path(tmp) / "project"
        for name in ("tei", "templates", "xslt", "assets", "schemas", "docs"):
            if (ROOT / name).exists():
                shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "edition.toml", project / "edition.toml")
        files = [str(f) for f in sorted((project / "tei").rglob("*.xml"))]
        for i in range(repeat + 1):  # the first round warms the disk cache and is not counted
            peer_out = Path(tmp) / f"peer-{i}"
            peer_out.mkdir()
            row = [run_process([sys.executable, "-c", PEER, str(peer), str(peer_out), *files], project)[:2]]
            shutil.rmtree(project / "build" / ".cache", ignore_errors=True)
            row.append(run_process([*edition, "build", "--no-pdf", "-q", "-o", str(Path(tmp) / f"cold-{i}")], project)[:2])
            row.append(run_process([*edition, "build", "--no-pdf", "-q", "-o", str(Path(tmp) / f"warm-{i}")], project)[:2])
            if i:
                for name, t in zip(names, row):
                    times[name].append(t)
    print(f"the real edition ({len(files)} files of tei/), whole processes, alternating; medians of {repeat}; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; TEI Stylesheets "
          f"{(peer / 'VERSION').read_text().strip() if (peer / 'VERSION').exists() else '?'}")
    print(f"{'':<40} {'wall s':>8} {'CPU s':>8} {'× peer (CPU)':>13}")
    base = statistics.median(t[1] for t in times[names[0]])
    for name in names:
        wall, cpu = statistics.median(t[0] for t in times[name]), statistics.median(t[1] for t in times[name])
        print(f"{name:<40} {wall:>8.2f} {cpu:>8.2f} {cpu / base:>13.2f}")
    print()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scales", default="1,10,100", help="comma-separated; empty for none")
    ap.add_argument("--repeat", type=int, default=3, help="whole builds per size (×100: once)")
    ap.add_argument("-j", "--jobs", type=int, default=1,
                    help="the builds' -j (default 1: pages in-process, the per-document CPU figures whole)")
    ap.add_argument("--keep", help="write the corpora here and keep them (default: a temporary folder)")
    ap.add_argument("--peer", help="a copy of TEI Stylesheets: time its teitohtml beside the build first")
    args = ap.parse_args()
    if args.peer:
        compare_peer(Path(args.peer), args.repeat)
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    if not scales:
        return 0
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="edition-bench-"))
    rows, per_doc_html = [], {}
    try:
        for k in scales:
            project = base / f"x{k}"
            if project.exists():
                shutil.rmtree(project)
            t = time.perf_counter()
            size = make_corpus(project, k)
            print(f"×{k}: corpus of {size['documents']} documents, {size['entries']} register entries "
                  f"written in {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
            out = project / "build" / "site"
            repeat = 1 if k >= 100 else args.repeat
            whole = [whole_build(project, out, args.jobs) for _ in range(repeat)]
            staged = staged_build(project, project / "build" / "staged", args.jobs)
            complete = check_complete(project, out)
            n = size["documents"]
            html = staged["stages"].get("HTML documents", [float("nan")] * 3)[1]  # CPU: fairer on a shared machine
            per_doc_html[k] = html / n
            rows.append((k, size, statistics.median(w[0] for w in whole), statistics.median(w[1] for w in whole),
                         max(w[2] for w in whole), staged, complete))
            print(f"×{k}: whole build {rows[-1][2]:.2f} s (median of {len(whole)})", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores, builds at -j {args.jobs}, {_mem_gib():.0f} GiB; shared with other work, so whole "
          f"builds are medians; stages are from one build each")
    print()
    print(f"{'size':>5} {'docs':>6} {'words':>10} {'mentions':>9} {'entries':>8}  {'stage':<22} {'seconds':>8} "
          f"{'CPU s':>7} {'peak MiB':>9} {'ms/doc':>8}")
    for k, size, whole_s, whole_cpu, whole_rss, staged, complete in rows:
        n = size["documents"]
        lead = f"×{k:<4} {n:>6} {size['words']:>10} {size['mentions']:>9} {size['entries']:>8}"
        print(f"{lead}  {'build --no-pdf (whole)':<22} {whole_s:>8.2f} {whole_cpu:>7.2f} {whole_rss:>9.0f} "
              f"{1000 * whole_s / n:>8.1f}")
        for name, (secs, cpu, rss) in staged["stages"].items():
            print(f"{'':>43}  {name:<22} {secs:>8.2f} {cpu:>7.2f} {rss:>9.0f} {1000 * secs / n:>8.1f}")
        print(f"{'':>43}  {'(one staged build)':<22} {staged['total']:>8.2f} {'':>7} {staged['rss']:>9.0f}")
        status = "complete" if not complete["missing"] else f"INCOMPLETE {len(complete['missing'])}: {complete['missing'][:5]}"
        print(f"{'':>43}  site: {complete['pages']} pages, {complete['site_mb']:.0f} MB, largest "
              f"{complete['largest']} {complete['largest_kb']:.0f} KB; {status}")
    if 1 in per_doc_html and 100 in per_doc_html:
        print(f"per-document HTML build time ratio x100/x1: {per_doc_html[100] / per_doc_html[1]:.2f}")
    elif per_doc_html:
        lo, hi = min(per_doc_html), max(per_doc_html)
        print(f"per-document HTML build time ratio x{hi}/x{lo}: {per_doc_html[hi] / per_doc_html[lo]:.2f}")
    return 0


def _mem_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 2**20
    return float("nan")


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--stages":
        _child_stages(Path(sys.argv[2]), Path(sys.argv[3]), *(int(j) for j in sys.argv[4:]))
        sys.exit(0)
    sys.exit(main())
