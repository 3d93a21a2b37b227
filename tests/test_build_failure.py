"""A build that meets an invalid file stops with a located message and keeps the last good site."""

from __future__ import annotations

from edition.cli import main


def build(project, capsys):
    code = main(["build", "--no-pdf", "-o", str(project.root / "build" / "site")])
    return code, *capsys.readouterr()


def test_invalid_tei_stops_the_build_and_keeps_the_previous_site(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    code, out, _ = build(small_project, capsys)
    assert code == 0, out
    site = small_project.root / "build" / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert (site / "mini.html").is_file()

    tei = small_project.tei_dir / "mini.xml"
    text = tei.read_text()
    tei.write_text(text.replace("<head>First part</head>", "<head>First part</head><bogus/>"))
    code, out, err = build(small_project, capsys)
    assert code == 1
    line = next(i for i, l in enumerate(tei.read_text().split("\n"), 1) if "<bogus/>" in l)
    assert f"tei/mini.xml:{line}:" in err
    assert "bogus" in err
    assert "Traceback" not in err

    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    # no half-written site is left beside the real one (only the validation cache may be there)
    assert sorted(p.name for p in site.parent.iterdir()) == [".cache", "site"]


def test_build_output_is_complete(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    code, out, err = build(small_project, capsys)
    assert code == 0
    site = small_project.root / "build" / "site"
    for name in ("index.html", "about.html", "mini.html", "tei/mini.xml", "assets/edition.css"):
        assert (site / name).is_file(), name
    assert "built 1 document:" in out
    assert "[1/1] mini" in err  # progress is shown
