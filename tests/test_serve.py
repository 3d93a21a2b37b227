"""`edition serve` (edition/serve.py): loopback by default, nothing outside the site, the right
types, HEAD and ranges, the Content-Security-Policy header, and no traceback on a disconnect."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from edition.publishing import csp
from edition.publishing.serve import make_server

from conftest import ROOT

SECRET = "top-secret-outside-the-site"


@pytest.fixture
def site(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET)
    (tmp_path / "secret.txt").write_text(SECRET)
    s = tmp_path / "site"
    (s / "tei").mkdir(parents=True)
    (s / "pdf").mkdir()
    (s / "pagefind" / "index").mkdir(parents=True)
    (s / "persons").mkdir()
    (s / "index.html").write_text("<!DOCTYPE html><html lang='en'><title>t</title><h1>Home</h1></html>")
    (s / "persons" / "index.html").write_text("<h1>Persons</h1>")
    (s / "tei" / "doc.xml").write_bytes(b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"/>')
    (s / "pdf" / "doc.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    (s / "pagefind" / "wasm.en.pagefind").write_bytes(b"\0asm\1\0\0\0")
    (s / "pagefind" / "pagefind-entry.json").write_text("{}")
    (s / "pagefind" / "index" / "en_1.pf_index").write_bytes(b"\x1f\x8b")
    (s / "pagefind" / "pagefind.js").write_text("export {}")
    (s / "out.txt").symlink_to(tmp_path / "secret.txt")
    (s / "outdir").symlink_to(tmp_path / "outside", target_is_directory=True)
    (s / "alias.html").symlink_to(s / "index.html")  # a link that stays inside is fine
    return s


@pytest.fixture
def server(site):
    srv = make_server(site, port=0, quiet=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(server, path, method="GET", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.putrequest(method, path, skip_host=False, skip_accept_encoding=True)  # the path goes out as written
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r, body


def test_binds_loopback_by_default(site):
    srv = make_server(site, port=0)
    try:
        assert srv.server_address[0] == "127.0.0.1"
    finally:
        srv.server_close()


def test_the_command_binds_loopback_and_says_so(site):
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--port", "0", "-d", str(site)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
    "/tei/../../secret.txt", "/tei/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt", "/..\\secret.txt",
    "/%5c..%5csecret.txt", "//etc/passwd", "/etc/passwd", "/%2fetc%2fpasswd", "/" + str(ROOT / "edition.toml"),
    "/out.txt", "/outdir/secret.txt", "/tei/doc.xml%00.html", "/%ff%fe", "/tei/",
])
def test_paths_outside_the_site_are_refused(server, path):
    r, body = request(server, path)
    assert r.status == 404, path
    assert SECRET.encode() not in body and b"root:" not in body


def test_a_symlink_inside_the_site_is_served(server):
    r, body = request(server, "/alias.html")
    assert r.status == 200 and b"<h1>Home</h1>" in body


def test_a_folder_with_index_is_served_and_others_not_listed(server):
    assert request(server, "/")[0].status == 200
    assert request(server, "/persons/")[1] == b"<h1>Persons</h1>"
    assert request(server, "/pagefind/")[0].status == 404  # no listing
    r, _ = request(server, "/persons")
    assert r.status == 301 and r.getheader("Location") == "/persons/"
    assert request(server, "/pagefind")[0].status == 404  # a folder without index.html: not even a redirect


@pytest.mark.parametrize("path,ctype", [
    ("/index.html", "text/html; charset=utf-8"),
    ("/tei/doc.xml", "application/tei+xml"),
    ("/pdf/doc.pdf", "application/pdf"),
    ("/pagefind/wasm.en.pagefind", "application/wasm"),
    ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
    ("/pagefind/pagefind-entry.json", "application/json"),
    ("/pagefind/index/en_1.pf_index", "application/octet-stream"),
])
def test_content_types(server, path, ctype):
    r, _ = request(server, path)
    assert r.status == 200 and r.getheader("Content-Type") == ctype
    assert r.getheader("X-Content-Type-Options") == "nosniff"


def test_every_answer_carries_the_policy(server):
    for path in ("/index.html", "/pdf/doc.pdf", "/nothing-here"):
        assert request(server, path)[0].getheader("Content-Security-Policy") == csp.POLICY


def test_head_gives_the_headers_without_the_body(server, site):
    r, body = request(server, "/pdf/doc.pdf", method="HEAD")
    assert r.status == 200 and body == b""
    assert int(r.getheader("Content-Length")) == (site / "pdf" / "doc.pdf").stat().st_size
    assert r.getheader("Accept-Ranges") == "bytes"


def test_range_requests(server, site):
    data = (site / "pdf" / "doc.pdf").read_bytes()
    r, body = request(server, "/pdf/doc.pdf", headers={"Range": "bytes=0-9"})
    assert r.status == 206 and body == data[:10] and r.getheader("Content-Range") == f"bytes 0-9/{len(data)}"
    r, body = request(server, "/pdf/doc.pdf", headers={"Range": "bytes=100-"})
    assert r.status == 206 and body == data[100:]
    r, body = request(server, "/pdf/doc.pdf", headers={"Range": "bytes=-16"})
    assert r.status == 206 and body == data[-16:]
    r, body = request(server, "/pdf/doc.pdf", headers={"Range": f"bytes={len(data)}-"})
    assert r.status == 416 and r.getheader("Content-Range") == f"bytes */{len(data)}"
    r, body = request(server, "/pdf/doc.pdf", headers={"Range": "bytes=0-1,5-6"})
    assert r.status == 200 and body == data  # several ranges: the whole file


def test_a_client_that_disconnects_costs_no_traceback(site):
    (site / "pdf" / "big.pdf").write_bytes(os.urandom(8 * 1024 * 1024))
    proc = subprocess.Popen([sys.executable, "-m", "edition", "serve", "--port", "0", "-d", str(site)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        port = int(proc.stdout.readline().split("127.0.0.1:")[1].split("/")[0])
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", port))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")  # reset on close
            s.sendall(b"GET /pdf/big.pdf HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1000)
            s.close()
        time.sleep(1)
        # the server is still up and answers
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("GET", "/index.html")
        assert c.getresponse().status == 200
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "Traceback" not in err and "Error" not in err.replace("GET", ""), err
