"""The `edition` command ends with main's exit code and all it wrote, though it skips the
interpreter's teardown (edition.cli.run)."""

from __future__ import annotations

import subprocess
import sys

from edition.cli import main

from conftest import ROOT


def test_the_command_ends_with_mains_code_and_everything_it_said(tmp_path, capsys):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "edition", "validate", str(bad)], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    code = main(["validate", str(bad)])
    said = capsys.readouterr()
    assert r.returncode == code != 0
    assert f"{bad}:" in r.stdout + r.stderr and r.stdout == said.out and r.stderr == said.err
    ok = subprocess.run([sys.executable, "-m", "edition", "validate", str(ROOT / "tei" / "pirani-wpsp.xml")],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "0 errors" in ok.stdout + ok.stderr
