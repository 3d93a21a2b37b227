"""Limits on any input file: each refused with a located message and its own rule, never a
traceback; the limits are set in edition.toml's [limits]. (Entities, DOCTYPEs, bytes invalid in
their encoding and the default 20 MiB are in tests/invalid and test_invalid_corpus.py.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from edition import config
from edition.cli import main
from edition.checking.xml import Limits, ParseError, parse

from conftest import FIXTURES

MINI = (FIXTURES / "mini.xml").read_text(encoding="utf-8")


def run(capsys, *args):
    code = main(["validate", "--no-cache", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def with_limits(project, toml: str) -> None:
    path = project.root / "edition.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[limits]\n" + toml + "\n", encoding="utf-8")


def test_the_file_size_limit_is_configurable(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    code, out, _ = run(capsys, "tei/mini.xml")
    assert code == 0, out
    with_limits(small_project, "max_file_mb = 0.001")  # 1 KiB: mini.xml (1.9 KiB) is larger
    code, out, _ = run(capsys, "tei/mini.xml")
    assert code == 1 and "tei/mini.xml:1:1: error: file is larger than 1048 bytes" in out and "[size]" in out


def test_the_element_count_limit_is_configurable(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    with_limits(small_project, "max_elements = 30")
    code, out, _ = run(capsys, "tei/mini.xml")
    assert code == 1 and "more than 30 elements" in out and "[limit-elements]" in out
    line = int(out.split("tei/mini.xml:")[1].split(":")[0])
    assert line > 1  # the element that went over the limit, not the top of the file


def test_an_unknown_limit_setting_is_a_clear_error(small_project):
    with_limits(small_project, "max_fil_mb = 3")
    with pytest.raises(ValueError, match="unknown setting"):
        config.load(small_project.root).limits


def test_depth_limit_below_libxml2s_own(tmp_path):
    deep = tmp_path / "deep.xml"
    deep.write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0">\n{"<div>" * 150}x{"</div>" * 150}</TEI>')
    with pytest.raises(ParseError) as e:
        parse(deep)
    assert e.value.rule == "limit-depth" and e.value.line == 2
    assert parse(deep, Limits(max_depth=200)) is not None


def test_a_folder_named_as_a_file_is_reported(tmp_path, capsys):
    (tmp_path / "tei").mkdir()
    (tmp_path / "tei" / "folder.xml").mkdir()
    (tmp_path / "tei" / "real.xml").write_text(MINI)
    code, out, _ = run(capsys, tmp_path / "tei")
    assert code == 1 and "folder.xml:0:0: error: is a folder, not a file [io]" in out


def test_a_symlink_loop_is_reported_named_or_found_in_a_folder(tmp_path, capsys):
    os.symlink(tmp_path / "b.xml", tmp_path / "a.xml")
    os.symlink(tmp_path / "a.xml", tmp_path / "b.xml")
    code, out, _ = run(capsys, tmp_path / "a.xml")
    assert code == 1 and "a.xml:0:0: error: cannot read file: symbolic link loop [io]" in out
    code, out, _ = run(capsys, tmp_path)
    assert code == 1 and out.count("symbolic link loop") == 2


def test_a_dangling_symlink_is_reported(tmp_path, capsys):
    os.symlink(tmp_path / "gone.xml", tmp_path / "link.xml")
    code, out, _ = run(capsys, tmp_path)
    assert code == 1 and "link.xml:0:0: error: cannot read file: No such file or directory [io]" in out


def test_an_unreadable_file_is_reported(tmp_path, capsys, monkeypatch):
    f = tmp_path / "locked.xml"
    f.write_text(MINI)
    f.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read fail as it would for a user
        real_open = Path.open
        monkeypatch.setattr(Path, "open", lambda self, *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                            if self.name == "locked.xml" else real_open(self, *a, **k))
    code, out, _ = run(capsys, f)
    assert code == 1 and "locked.xml:0:0: error: cannot read file: Permission denied [io]" in out


def test_utf16_with_a_byte_order_mark_is_accepted(small_project, capsys, monkeypatch):
    """Decision: accepted. The BOM says what the bytes are; the text is kept as written."""
    monkeypatch.chdir(small_project.root)
    text = MINI.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("Small Test", "Small Тест")
    (small_project.tei_dir / "mini.xml").write_bytes(text.encode("utf-16"))  # with BOM
    code, out, _ = run(capsys, "tei")
    assert code == 0, out
    assert parse(small_project.tei_dir / "mini.xml").getroot().findtext(
        ".//{http://www.tei-c.org/ns/1.0}title") == "A Small Тест Document"


def test_non_utf8_without_a_declaration_is_refused_at_the_bad_byte(tmp_path, capsys):
    body = MINI.replace('<?xml version="1.0" encoding="UTF-8"?>\n', "").replace("Made up.", "Made up. Société")
    f = tmp_path / "latin.xml"
    f.write_bytes(body.encode("latin-1"))
    code, out, _ = run(capsys, f)
    line = next(i for i, l in enumerate(body.split("\n"), 1) if "Société" in l)
    assert code == 1 and f"latin.xml:{line}:" in out and "Invalid bytes in character encoding" in out
    # the same bytes with their encoding declared are fine
    f.write_bytes(('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body).encode("latin-1"))
    assert parse(f) is not None
