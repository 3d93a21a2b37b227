"""`edition validate`: located messages, exit codes, hostile input handled without a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from edition.cli import main

from conftest import FIXTURES, ROOT

MINI = (FIXTURES / "mini.xml").read_text(encoding="utf-8")


def run(capsys, *args):
    code = main(["validate", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_edition_passes(capsys, monkeypatch, small_project):
    monkeypatch.chdir(small_project.root)
    code, out, _ = run(capsys, "tei")
    assert code == 0, out
    assert "3 files checked: 0 errors" in out


def test_malformed_xml_is_reported_with_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text(MINI.replace("<head>First part</head>", "<head>First part</hed>"))
    code, out, _ = run(capsys, bad)
    assert code == 1
    line = next(i for i, l in enumerate(bad.read_text().split("\n"), 1) if "</hed>" in l)
    col = bad.read_text().split("\n")[line - 1].index("</hed>") + 1
    assert f"bad.xml:{line}:" in out
    found_col = int(out.split(f"bad.xml:{line}:")[1].split(":")[0])
    assert col <= found_col <= col + len("</hed>")  # within the broken end tag
    assert "error:" in out and "[xml]" in out


def test_schema_error_is_located_on_the_offending_element(capsys, tmp_path):
    bad = tmp_path / "schema.xml"
    bad.write_text(MINI.replace('<persName ref="per:shliapnikov">', '<persName reff="per:shliapnikov">'))
    code, out, _ = run(capsys, bad)
    assert code == 1
    lines = bad.read_text().split("\n")
    line = next(i for i, l in enumerate(lines, 1) if "reff=" in l)
    start = lines[line - 1].index("<persName")
    end = lines[line - 1].index(">", start)
    assert f"schema.xml:{line}:" in out
    found_col = int(out.split(f"schema.xml:{line}:")[1].split(":")[0])
    assert start + 1 <= found_col <= end + 2  # at the offending start tag (Jing points just past it)
    assert "reff" in out and "[schema]" in out
    assert 'did you mean "ref"' in out


def test_unknown_element_is_an_error(capsys, tmp_path):
    bad = tmp_path / "unknown.xml"
    bad.write_text(MINI.replace(">Printed", "><foo>x</foo> Printed"))
    code, out, _ = run(capsys, bad)
    assert code == 1
    assert "foo" in out


def test_doctype_and_external_entities_are_refused(capsys, tmp_path):
    xxe = tmp_path / "xxe.xml"
    xxe.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n'
                   + MINI.split("?>", 1)[1].replace("Printed", "&x; Printed"))
    code, out, _ = run(capsys, xxe)
    assert code == 1
    assert "DOCTYPE" in out
    hostname = open("/etc/hostname").read().strip()
    assert not hostname or hostname not in out


@pytest.mark.parametrize("content,expected", [
    (b"", "file is empty"),
    (b"\x00\x01\x02binary", "xml"),
    (b"<TEI><unclosed>", "xml"),
    ('<?xml version="1.0" encoding="UTF-8"?><p>caf\xe9</p>'.encode("latin-1"), "xml"),
])
def test_hostile_or_broken_input_gives_a_message_not_a_traceback(capsys, tmp_path, content, expected):
    f = tmp_path / "in.xml"
    f.write_bytes(content)
    code, out, err = run(capsys, f)
    assert code == 1
    assert "Traceback" not in out + err
    assert f"in.xml:" in out and expected in out


def test_usage_errors_exit_2(capsys, tmp_path):
    code, _, err = run(capsys, tmp_path / "missing.xml")
    assert code == 2 and "no such file" in err
    code, _, err = run(capsys, tmp_path)  # a folder with no XML in it
    assert code == 2


def test_json_output(capsys, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text(MINI.replace("</TEI>", ""))
    code = main(["validate", "--format", "json", str(bad)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["valid"] is False and data["errors"] >= 1
    assert {"path", "line", "column", "severity", "message", "rule"} <= set(data["findings"][0])


def edit_mini(project, monkeypatch, old: str, new: str) -> Path:
    """Validate from inside the small project, with one change made to its document."""
    monkeypatch.chdir(project.root)
    tei = project.tei_dir / "mini.xml"
    text = tei.read_text()
    assert old in text
    tei.write_text(text.replace(old, new))
    return tei


def test_the_edition_itself_is_valid(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "tei")
    assert code == 0, out


def test_an_untagged_registered_name_is_a_warning_and_an_unused_entry_an_error(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    tei = small_project.tei_dir / "mini.xml"
    text = tei.read_text()
    tei.write_text(text.replace('<persName ref="per:alskii">Al\'skii</persName>', "Al'skii"))
    code, out, _ = run(capsys, "tei")
    assert code == 1
    line = next(i for i, l in enumerate(tei.read_text().split("\n"), 1) if "Al'skii and" in l)
    assert f"tei/mini.xml:{line}:" in out and "warning: \"Al'skii\" is not tagged; register: per:alskii [untagged]" in out
    assert 'error: register entry "per:alskii" is not mentioned in any document [entry-unused]' in out


def test_a_registered_name_printed_as_an_untagged_foreign_word_is_a_warning(small_project, capsys, monkeypatch):
    tei = edit_mini(small_project, monkeypatch, '<persName ref="per:alskii">Al\'skii</persName>',
                                           '<persName ref="per:alskii">Al\'skii</persName> (<foreign xml:lang="ru-Latn">Al\'skii</foreign>)')
    code, out, _ = run(capsys, "tei")
    assert code == 0
    assert "warning: \"Al'skii\" is not tagged; register: per:alskii [untagged]" in out


def test_strict_makes_warnings_fail(small_project, capsys, monkeypatch):
    tei = edit_mini(small_project, monkeypatch, 'n="2" xml:id="mini-n2"', 'n="3" xml:id="mini-n3"')
    code, out, _ = run(capsys, "tei")
    assert code == 0 and "note numbers jump from 1 to 3 [note-gap]" in out
    code, out, _ = run(capsys, "--strict", "tei")
    assert code == 1


def test_the_cache_skips_unchanged_files_but_never_hides_a_change(small_project, tmp_path):
    from edition.checking.validate import validate

    cache = tmp_path / "cache.json"
    tei = small_project.tei_dir
    first = validate([tei], small_project.schema_dir, edition_dir=tei, cache_file=cache)
    assert first.ok and len(json.loads(cache.read_text())["clean"]) == 3
    again = validate([tei], small_project.schema_dir, edition_dir=tei, cache_file=cache)
    assert again.ok
    mini = tei / "mini.xml"
    mini.write_text(mini.read_text().replace('<hi rend="italic">', "<hi>"))
    changed = validate([tei], small_project.schema_dir, edition_dir=tei, cache_file=cache)
    assert [f.rule for f in changed.errors] == ["hi-rend-required"]


def test_page_ranges_are_not_taken_for_dates(small_project, capsys, monkeypatch):
    tei = edit_mini(small_project, monkeypatch, "<bibl>A fixture made for the tests.</bibl>",
                                           '<bibl>A fixture, <biblScope unit="page" from="1" to="29">pp. 1–29</biblScope>.</bibl>')
    code, out, _ = run(capsys, "tei")
    assert code == 0, out


def test_a_registered_name_inside_a_phrase_the_project_exempts_is_not_reported(small_project, capsys, monkeypatch):
    tei = edit_mini(small_project, monkeypatch, '<persName ref="per:alskii">Al\'skii</persName>',
                                           '<persName ref="per:alskii">Al\'skii</persName> (Al\'skii Press)')
    code, out, _ = run(capsys, "tei")
    assert "warning: \"Al'skii\" is not tagged" in out
    toml = small_project.root / "edition.toml"
    toml.write_text(toml.read_text().replace("not_within = [", "not_within = [\"Al'skii Press\", "))
    code, out, _ = run(capsys, "tei")
    assert code == 0 and "is not tagged" not in out
