"""`edition serve --watch`: serve the site, rebuild it (incrementally, without PDFs) whenever a
source is saved, and have the open pages reload themselves.

The build runs in this process, so the second and later builds pay for no imports; the server
answers from its own thread meanwhile, from the previous site until the new one is swapped in.
A save that breaks the build prints the located errors (`file:line:col: message`) and the
previous site stays served; the next good save is built as usual."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from ..config import Project
from .serve import Reloader, make_server

# What a build reads: a change anywhere else (build/, .git/) is not a reason to rebuild.
WATCHED = ("tei", "xslt", "templates", "assets", "schemas", "edition.toml", "docs/encoding.md")


def _err(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def rebuild(project: Project, site: Path, reloader: Reloader, verbose: bool = False) -> bool:
    """One build; whether it put a new site in place. Failures are reported, never raised."""
    from .site import BuildFailed, build
    from .transform import TransformError

    t0 = time.perf_counter()
    try:
        stats = build(project, site, make_pdf=False, say=_err if verbose else (lambda s: None))
    except BuildFailed as e:
        if e.report:
            for f in e.report.findings:
                _err(str(f))
        _err(f"build failed: {e}; still serving the previous site")
        return False
    except TransformError as e:
        _err(f"build failed: {e}; still serving the previous site")
        return False
    except Exception as e:  # a bug of ours: one line, and the server goes on
        _err(f"build failed: internal error: {type(e).__name__}: {e}; still serving the previous site")
        return False
    for w in stats.warnings:
        _err(f"warning: {w}")
    reloader.bump()
    _err(f"rebuilt in {time.perf_counter() - t0:.2f} s ({stats.pages} pages): pages open in a browser reload")
    return True


def run(project: Project, site: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> int:
    import watchfiles

    reloader = Reloader()
    rebuild(project, site, reloader, verbose)
    try:
        server = make_server(site, host, port, quiet=not verbose, reloader=reloader)
    except OSError as e:
        _err(f"edition serve: cannot listen on {host}:{port}: {e.strerror or e}")
        return 2
    shown = f"[{host}]" if ":" in host else host
    print(f"serving {site} at http://{shown}:{server.server_address[1]}/, rebuilding on every save "
          "(Ctrl-C to stop)", flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    paths = [project.root / p for p in WATCHED if (project.root / p).exists()]
    try:
        for changes in watchfiles.watch(*paths, raise_interrupt=False):
            names = sorted({Path(p).relative_to(project.root).as_posix() for _, p in changes})
            _err(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
            rebuild(project, site, reloader, verbose)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
