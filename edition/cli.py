"""The `edition` command: build, validate, serve."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from pathlib import Path

from . import config

# The build's modules (Saxon, Jinja, WeasyPrint) are imported by the commands that use them:
# `edition validate FILE`, run on every save, should not pay for them.
from .checking.xml import DEFAULT_LIMITS


def _err(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _interrupted(signum, frame):
    raise KeyboardInterrupt


def cmd_build(args, project: config.Project) -> int:
    from concurrent.futures.process import BrokenProcessPool  # 50 ms: not on `validate`'s path

    from .publishing.site import BuildFailed, build
    from .publishing.transform import TransformError

    out = Path(args.output) if args.output else project.root / "build" / "site"
    say = (lambda s: None) if args.quiet else _err
    # SIGTERM (a CI timeout, `kill`) unwinds like Ctrl-C: the half-written site is removed. And
    # Ctrl-C does so even when the build was started where SIGINT is ignored (a shell script's
    # background job), which Python would otherwise keep.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        stats = build(project, out, make_pdf=not args.no_pdf, jobs=args.jobs, say=say)
    except KeyboardInterrupt:
        _err("build interrupted: the previous site is kept")
        return 130
    except BuildFailed as e:
        if e.report:
            for f in e.report.findings:
                _err(str(f))
        _err(f"build failed: {e}")
        return 1
    except TransformError as e:
        _err(f"build failed: {e}")
        return 1
    except Exception as e:
        # imported here: `concurrent.futures.process` costs a fifth of a second at start
        from concurrent.futures.process import BrokenProcessPool
        if not isinstance(e, BrokenProcessPool):
            raise
        _err("build failed: a PDF worker died; the previous site is kept")
        return 1
    for w in stats.warnings:
        _err(f"warning: {w}")
    print(stats.summary(out))
    if stats.integrity and not args.quiet:
        from . import integrity
        print(integrity.text({**stats.integrity, "site": str(out)}))
    return 0


def cmd_check(args, project: config.Project) -> int:
    """The integrity report: the sources validated, the built site checked, on one screen."""
    from types import SimpleNamespace

    from . import corpus, integrity, registers
    from .publishing import linkcheck, sitecheck
    from .checking.validate import validate

    site = Path(args.directory) if args.directory else project.root / "build" / "site"
    report = validate([project.tei_dir], project.schema_dir, base=project.root, edition_dir=project.tei_dir,
                      never_alone=project.never_alone, not_within=project.not_within, limits=project.limits,
                      cache_file=project.root / "build" / ".cache" / "validate.json")
    checked = broken = None
    problems: list[str] = []
    if (site / "index.html").is_file() and report.ok:
        docs = [corpus.describe(p, report.trees[p.resolve()], hold=False, limits=project.limits)
                for p in corpus.tei_files(project)
                if p.resolve() in report.trees]
        entries = registers.load_entries(project.register_dir, report.trees)
        view = SimpleNamespace(out=site.resolve(), docs=docs, entries=entries, make_pdf=(site / "pdf").is_dir())
        checked = sitecheck.check(view)
        broken = linkcheck.broken_links(site)
        problems = checked.problems + [f"{page}: broken link {href}" for page, href in broken]
    elif not (site / "index.html").is_file():
        problems = [f"{site}: no built site; run `edition build` first"]
    r = integrity.for_project(project, site if checked else None, report, checked)
    if checked:
        r["site_problems"] = len(problems)
    r["problems"] = problems
    r["findings"] = [str(f) for f in report.errors]
    if args.format == "json":
        import json

        print(json.dumps(r, ensure_ascii=False, indent=1))
    else:
        for f in report.errors:
            print(f)
        for p in problems:
            print(f"site: {p}")
        print(integrity.text(r))
    return 1 if report.errors or problems else 0


def cmd_validate(args, project: config.Project | None) -> int:
    from .checking.validate import UsageError, validate

    paths = [Path(p) for p in args.paths]
    schemas = project.schema_dir if project else Path(__file__).resolve().parents[1] / "schemas"
    try:
        report = validate(paths, schemas, base=Path.cwd(), edition_dir=project.tei_dir if project else None,
                          never_alone=project.never_alone if project else frozenset(),
                          not_within=project.not_within if project else (),
                          cache_file=project.root / "build" / ".cache" / "validate.json" if project and not args.no_cache else None,
                          limits=project.limits if project else DEFAULT_LIMITS)
    except UsageError as e:
        _err(f"edition validate: {e}")
        return 2
    if report.files == 0:
        _err("edition validate: no .xml files found in " + ", ".join(args.paths))
        return 2
    failed = not report.ok or (args.strict and report.warnings)
    if args.format == "github":
        from .checking.annotate import command
        for f in report.findings:
            print(command(f.as_dict()))
        print(report.summary())
    elif args.format == "json":
        import json

        print(json.dumps({"files": report.files, "errors": len(report.errors),
                          "warnings": len(report.warnings), "valid": not failed,
                          "findings": [f.as_dict() for f in report.findings]}, ensure_ascii=False, indent=1))
    else:
        if not args.quiet:
            for f in report.findings:
                print(f)
        print(report.summary())
    return 1 if failed else 0


def cmd_serve(args, project: config.Project) -> int:
    site = Path(args.directory) if args.directory else project.root / "build" / "site"
    if args.watch:
        from .publishing.watch import run as watch

        signal.signal(signal.SIGTERM, _interrupted)  # `kill` stops it as Ctrl-C does
        return watch(project, site, args.host, args.port, verbose=args.verbose)
    from .publishing.serve import run

    return run(site, args.host, args.port)


def cmd_new(args, project: config.Project) -> int:
    from .new import NewError, write_skeleton

    doc_id = args.id or re.sub(r"[^a-z0-9]+", "-", args.author.split()[-1].lower()).strip("-")
    try:
        path = write_skeleton(project, doc_id, args.title, args.author)
    except NewError as e:
        _err(f"edition new: {e}")
        return 2
    print(f"wrote {path.relative_to(project.root)}: fill in the TODOs, then `edition validate {path.relative_to(project.root)}`")
    return 0


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, which asks shutil for the terminal width (shutil imports bz2, lzma
    and more: ~10 ms of every run) each time an argument is added; the same width from os."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    # shutil.get_terminal_size's answer: $COLUMNS, else the terminal's, else 80
    try:
        if int(os.environ.get("COLUMNS", 0)) > 0:
            return int(os.environ["COLUMNS"])
    except ValueError:
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="edition", description="Build, validate and serve the TEI edition.",
                                 formatter_class=_Formatter)
    sub = ap.add_subparsers(dest="command", required=True,
                            parser_class=lambda **kw: argparse.ArgumentParser(formatter_class=_Formatter, **kw))

    b = sub.add_parser("build", help="validate tei/ and write the static site (HTML, TEI, PDF)")
    b.add_argument("-o", "--output", help="output folder (default: build/site)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF editions")
    b.add_argument("-j", "--jobs", type=int, default=None, help="worker processes for the pages and PDFs (default: one per core; 1: all in this process)")
    b.add_argument("-q", "--quiet", action="store_true", help="only the summary line")
    b.set_defaults(func=cmd_build, needs_project=True)

    v = sub.add_parser("validate", help="check TEI files against the edition's rules")
    v.add_argument("paths", nargs="+", metavar="PATH", help="TEI files or folders")
    v.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="github: GitHub Actions annotations (::error file=…,line=…::)")
    v.add_argument("-q", "--quiet", action="store_true", help="only the summary line")
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.add_argument("--no-cache", action="store_true", help="check every file against the grammar, even unchanged ones")
    v.set_defaults(func=cmd_validate, needs_project=False)

    n = sub.add_parser("new", help="write a valid skeleton TEI file for a new source in tei/")
    n.add_argument("--title", required=True)
    n.add_argument("--author", required=True)
    n.add_argument("--id", help="document id and file name (default: the author's surname)")
    n.set_defaults(func=cmd_new, needs_project=True)

    c = sub.add_parser("check", help="the integrity report: sources validated, the built site checked")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("-d", "--directory", help="site folder (default: build/site)")
    c.set_defaults(func=cmd_check, needs_project=True)

    s = sub.add_parser("serve", help="serve the built site on 127.0.0.1 for reading")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("-d", "--directory", help="site folder (default: build/site)")
    s.add_argument("--watch", action="store_true",
                   help="rebuild (without PDFs) on every save of a source and reload the open pages")
    s.add_argument("-v", "--verbose", action="store_true", help="with --watch: every stage of each build, every request")
    s.set_defaults(func=cmd_serve, needs_project=True)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        project = config.load()
    except config.ProjectNotFound as e:
        if args.needs_project:
            _err(f"edition: {e}")
            return 2
        project = None
    except (OSError, ValueError) as e:
        _err(f"edition: cannot read edition.toml: {e}")
        return 2
    try:
        return args.func(args, project)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # last resort: a bug of ours, reported in one line, not a traceback
        if os.environ.get("EDITION_DEBUG"):
            raise
        _err(f"edition: internal error: {type(e).__name__}: {e} (set EDITION_DEBUG=1 for details)")
        return 70


def run() -> None:
    """The `edition` command as a process of its own: once everything is written and the
    output flushed, it ends without tearing down the interpreter's objects one by one (the
    parsed edition, the registers, the caches: some 50 ms after every build, a twentieth of
    the editor's save-to-page loop). `main` itself returns, for callers in the same process."""
    code = main()
    code = code if isinstance(code, int) else 0 if code is None else 1  # as sys.exit would take it
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
