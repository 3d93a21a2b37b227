"""The `edition` command: build, validate, serve."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from . import config

# The build's modules (Saxon, Jinja, WeasyPrint) are imported by the commands that use them:
# `edition validate FILE`, run on every save, should not pay for them.


def _err(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cmd_build(args, project: config.Project) -> int:
    from .site import BuildFailed, build
    from .transform import TransformError

    out = Path(args.output) if args.output else project.root / "build" / "site"
    say = (lambda s: None) if args.quiet else _err
    try:
        stats = build(project, out, make_pdf=not args.no_pdf, jobs=args.jobs, say=say)
    except BuildFailed as e:
        if e.report:
            for f in e.report.findings:
                _err(str(f))
        _err(f"build failed: {e}")
        return 1
    except TransformError as e:
        _err(f"build failed: {e}")
        return 1
    for w in stats.warnings:
        _err(f"warning: {w}")
    print(stats.summary(out))
    return 0


def cmd_validate(args, project: config.Project | None) -> int:
    from .validate import UsageError, validate

    paths = [Path(p) for p in args.paths]
    schemas = project.schema_dir if project else Path(__file__).resolve().parents[1] / "schemas"
    try:
        report = validate(paths, schemas, base=Path.cwd(), edition_dir=project.tei_dir if project else None,
                          never_alone=project.never_alone if project else frozenset(),
                          not_within=project.not_within if project else (),
                          cache_file=project.root / "build" / ".cache" / "validate.json" if project and not args.no_cache else None)
    except UsageError as e:
        _err(f"edition validate: {e}")
        return 2
    if report.files == 0:
        _err("edition validate: no .xml files found in " + ", ".join(args.paths))
        return 2
    failed = not report.ok or (args.strict and report.warnings)
    if args.format == "json":
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
    import functools
    import http.server

    site = Path(args.directory) if args.directory else project.root / "build" / "site"
    if not (site / "index.html").is_file():
        _err(f"edition serve: no built site in {site}; run `edition build` first")
        return 2
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as e:
        _err(f"edition serve: cannot listen on 127.0.0.1:{args.port}: {e.strerror or e}")
        return 2
    print(f"serving {site} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


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


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="edition", description="Build, validate and serve the TEI edition.")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate tei/ and write the static site (HTML, TEI, PDF)")
    b.add_argument("-o", "--output", help="output folder (default: build/site)")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDF editions")
    b.add_argument("-j", "--jobs", type=int, default=None, help="PDF workers (default: one per core)")
    b.add_argument("-q", "--quiet", action="store_true", help="only the summary line")
    b.set_defaults(func=cmd_build, needs_project=True)

    v = sub.add_parser("validate", help="check TEI files against the edition's rules")
    v.add_argument("paths", nargs="+", metavar="PATH", help="TEI files or folders")
    v.add_argument("--format", choices=("text", "json"), default="text")
    v.add_argument("-q", "--quiet", action="store_true", help="only the summary line")
    v.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v.add_argument("--no-cache", action="store_true", help="check every file against the grammar, even unchanged ones")
    v.set_defaults(func=cmd_validate, needs_project=False)

    n = sub.add_parser("new", help="write a valid skeleton TEI file for a new source in tei/")
    n.add_argument("--title", required=True)
    n.add_argument("--author", required=True)
    n.add_argument("--id", help="document id and file name (default: the author's surname)")
    n.set_defaults(func=cmd_new, needs_project=True)

    s = sub.add_parser("serve", help="serve the built site on 127.0.0.1 for reading")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("-d", "--directory", help="site folder (default: build/site)")
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


if __name__ == "__main__":
    sys.exit(main())
