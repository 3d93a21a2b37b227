"""`edition serve`: the built site over HTTP for reading and checking, on 127.0.0.1 by default.

Only files inside the site folder are served: `..` (plain or %-encoded), absolute paths and
symbolic links that lead out of the folder get 404; no folder listings. Every answer carries the
site's Content-Security-Policy. HEAD and single byte ranges (206) are answered, as browsers
need for PDFs. A reader who closes the tab mid-download costs no traceback.
"""

from __future__ import annotations

import email.utils
import http.server
import os
import posixpath
import re
import sys
import urllib.parse
from pathlib import Path

from . import csp

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/tei+xml",        # the TEI downloads; they declare their own encoding
    ".rng": "application/xml",
    ".sch": "application/xml",
    ".odd": "application/xml",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".pagefind": "application/wasm",      # Pagefind's wasm.LANG.pagefind
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


# What `serve --watch` adds to the site it serves, under a folder no build writes: a script that
# asks for the build's number and reloads the page when it changes (same origin, as the
# site's policy requires: script-src and connect-src 'self'). Never written into the site.
WATCH_PREFIX = "/_edition/"
RELOAD_JS = """(() => {
  const me = new URL(document.currentScript.src);
  let seen = me.searchParams.get("v");
  const poll = async () => {
    try {
      const r = await fetch("/_edition/version", {cache: "no-store"});
      const v = (await r.text()).trim();
      if (r.ok && v !== seen) { seen = v; location.reload(); return; }
    } catch (e) { /* the server is restarting: ask again */ }
    setTimeout(poll, 400);
  };
  setTimeout(poll, 400);
})();
"""


class Reloader:
    """The number of the last build `serve --watch` put in place; pages are told to reload when it
    changes."""

    def __init__(self):
        self.version = 0

    def bump(self) -> None:
        self.version += 1

    def tag(self) -> bytes:
        return f'<script src="{WATCH_PREFIX}reload.js?v={self.version}"></script>'.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    site: Path          # set on the subclass made by make_handler()
    reloader: Reloader | None = None   # in watch mode only
    server_version = "edition-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def resolve(self, raw: str) -> Path | None:
        """The file a request path names, or None when it is not a file inside the site."""
        path = urllib.parse.urlsplit(raw).path
        decoded = urllib.parse.unquote(path, errors="strict")
        if "\x00" in decoded or "\\" in decoded:
            return None
        parts = decoded.split("/")
        if any(p in ("..", ".") for p in parts) or decoded.startswith("//"):
            return None
        rel = posixpath.normpath(decoded.lstrip("/")) if decoded.strip("/") else ""
        target = (self.site / rel) if rel not in ("", ".") else self.site
        try:
            real = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real.is_dir():
            if decoded and not decoded.endswith("/"):
                # a folder named without its slash: _answer redirects, if it has a page to show
                inside = real == self.site or self.site in real.parents
                return real if inside and (real / "index.html").is_file() else None
            real = (real / "index.html")
            if not real.is_file():
                return None
            real = real.resolve()
        if real != self.site and self.site not in real.parents:
            return None  # a link leading out of the site
        return real if real.is_file() or real.is_dir() else None

    def _watch_answer(self, body: bool) -> bool:
        """The reload script and the build number, in watch mode; whether the request was one."""
        name = urllib.parse.urlsplit(self.path).path
        if self.reloader is None or not name.startswith(WATCH_PREFIX):
            return False
        if name == WATCH_PREFIX + "version":
            self._send_bytes(str(self.reloader.version).encode(), "text/plain; charset=utf-8", body)
        elif name == WATCH_PREFIX + "reload.js":
            self._send_bytes(RELOAD_JS.encode(), TYPES[".js"], body)
        else:
            self._error(404, "Not Found")
        return True

    def _send_bytes(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self._common_headers()
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _answer(self, body: bool) -> None:
        if self._watch_answer(body):
            return
        try:
            path = self.resolve(self.path)
        except UnicodeDecodeError:
            path = None
        if path is None:
            return self._error(404, "Not Found")
        if path.is_dir():  # /persons → /persons/, so that the page's relative links resolve
            self.send_response(301)
            self.send_header("Location", urllib.parse.urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self._common_headers()
            self.end_headers()
            return
        if self.reloader is not None and path.suffix == ".html":
            # the page with the reload script before </body>, as served only
            data = path.read_bytes()
            at = data.rfind(b"</body>")
            at = len(data) if at < 0 else at
            return self._send_bytes(data[:at] + self.reloader.tag() + data[at:], TYPES[".html"], body)
        size = path.stat().st_size
        start, end = 0, size - 1
        status = 200
        header = self.headers.get("Range")
        if header and size:
            m = _RANGE.match(header.strip())
            if m and (m.group(1) or m.group(2)):
                if m.group(1):
                    start = int(m.group(1))
                    end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
                else:  # the last N bytes
                    start = max(0, size - int(m.group(2)))
                if start >= size or start > end:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self._common_headers()
                    self.end_headers()
                    return
                status = 206
            # several ranges or a malformed header: the whole file, as RFC 9110 allows
        self.send_response(status)
        self.send_header("Content-Type", TYPES.get(path.suffix.lower(), "application/octet-stream"))
        self.send_header("Content-Length", str(end - start + 1 if size else 0))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self._common_headers()
        self.end_headers()
        if not body or not size:
            return
        with path.open("rb") as f:
            f.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = f.read(min(CHUNK, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)

    def _common_headers(self) -> None:
        self.send_header("Content-Security-Policy", csp.POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")

    def _error(self, code: int, message: str) -> None:
        text = f"{code} {message}\n".encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(text)))
        self._common_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(text)

    def send_error(self, code, message=None, explain=None):  # malformed requests, unknown methods
        self.close_connection = True
        try:
            self._error(code, message or self.responses.get(code, ("Error",))[0])
        except OSError:
            pass

    def log_message(self, format, *args) -> None:
        if not getattr(self.server, "quiet", False):
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    quiet = False

    def handle_error(self, request, client_address) -> None:
        err = sys.exc_info()[1]
        if isinstance(err, (ConnectionError, TimeoutError)):
            return  # the reader went away mid-answer: nothing to report
        sys.stderr.write(f"edition serve: error answering {client_address[0]}: {type(err).__name__}: {err}\n")


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False,
                reloader: Reloader | None = None) -> Server:
    handler = type("SiteHandler", (Handler,), {"site": Path(os.path.realpath(site)), "reloader": reloader})
    server = Server((host, port), handler)
    server.quiet = quiet
    return server


def run(site: Path, host: str = "127.0.0.1", port: int = 8000, say=print) -> int:
    if not (site / "index.html").is_file():
        print(f"edition serve: no built site in {site}; run `edition build` first", file=sys.stderr)
        return 2
    try:
        server = make_server(site, host, port)
    except OSError as e:
        print(f"edition serve: cannot listen on {host}:{port}: {e.strerror or e}", file=sys.stderr)
        return 2
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"edition serve: listening on {host}: the site is reachable from other machines", file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    say(f"serving {site} at http://{shown}:{server.server_address[1]}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
