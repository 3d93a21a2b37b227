"""`edition new` writes a skeleton that validates as it stands."""

from __future__ import annotations

from edition.cli import main


def test_new_writes_a_valid_skeleton_with_a_complete_header(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    assert main(["new", "--title", "Letter of the Twenty-Two", "--author", "Aleksandr Shliapnikov"]) == 0
    path = small_project.tei_dir / "shliapnikov.xml"
    text = path.read_text()
    assert 'xml:id="shliapnikov"' in text and "Letter of the Twenty-Two" in text
    capsys.readouterr()
    assert main(["validate", str(path)]) == 0, capsys.readouterr().out


def test_new_refuses_to_overwrite_and_rejects_bad_ids(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    assert main(["new", "--title", "T", "--author", "A", "--id", "mini"]) == 2
    assert "exists already" in capsys.readouterr().err
    assert main(["new", "--title", "T", "--author", "A", "--id", "Bad Id"]) == 2
    assert "lower-case" in capsys.readouterr().err
