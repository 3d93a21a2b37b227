"""What a register entry says about itself: named, whole, and from a passage that states it."""

from __future__ import annotations

import pytest

from edition.cli import main
from edition.checking.descriptions import is_cut, names_entry


@pytest.mark.parametrize("text", ["its most active members were I.Makh, S. Ia.",
                                  "The letter was published in Kommunisticheskaia oppozitsiia v SSSR, 1923-1927, ed. Iu.",
                                  "Kto byl kto v Pervoi mirovoi voine (Moscow: Astrel, 2002), p. 453; Ia.",
                                  "and Carr (née Ludwig E.", "the whole Menshevik …"])
def test_a_description_cut_at_an_initial_or_short_is_found(text):
    assert is_cut(text)


@pytest.mark.parametrize("text", ["Joseph Stalin, General Secretary from 1922.",
                                  "Delegates came from the U.S.S.R.", "A. M. Kollontai (1873–1952), a feminist."])
def test_a_whole_sentence_is_not_taken_for_a_cut_one(text):
    assert not is_cut(text)


def test_naming_is_by_whole_words_case_folded():
    assert names_entry("the COMINTERN's Executive", ["Comintern"])
    assert not names_entry("the Cominternist press", ["Comintern"])
    assert not names_entry("As well as Burdukov, those mentioned were Sklianskii", ["Communist International", "Comintern"])


def run(capsys, *args):
    code = main(["validate", *args])
    return code, capsys.readouterr().out


def register(project, stem):
    return project.tei_dir / "register" / f"{stem}.xml"


def test_validate_warns_of_an_unnamed_or_cut_description_and_lists_what_remains(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    code, out = run(capsys, "tei")
    assert code == 0
    # the fixture's quoted notes on Al'skii and Alekseev name neither
    assert 'the description of "per:alskii" does not name it' in out
    assert "2 of 3 entries are described by a quoted passage" in out and "[description-quoted]" in out
    assert "per:shliapnikov" not in out  # the editors' identification, named and with its source
    path = register(small_project, "persons")
    text = path.read_text()
    path.write_text(text.replace("A name with a soft sign, for the sort order.", "Made by A. Al'skii and S. Ia."))
    code, out = run(capsys, "tei")
    assert 'the description of "per:alskii" ends inside a name' in out
    assert 'the description of "per:alskii" does not name it' not in out


def test_the_editors_description_must_point_to_a_passage(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    path = register(small_project, "persons")
    text = path.read_text()
    path.write_text(text.replace('<bibl><ref target="../mini.xml#mini-s1">Test, first part</ref></bibl>', ""))
    code, out = run(capsys, "tei")
    assert 'the editors\' description of "per:shliapnikov" points to no passage' in out


def test_the_cases_found_on_a_reading_of_the_edition_are_fixed(capsys, monkeypatch):
    from pathlib import Path
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    code, out = run(capsys, "tei")
    for ref in ("per:stalin", "per:lenin", "org:comintern", "pla:usa", "per:tiunov", "per:felshtinskii",
                "per:titchenko", "per:zalesskii"):
        assert f'description of "{ref}"' not in out, ref


def test_naming_by_find_answers_as_the_word_bounded_pattern_did(project):
    """names_entry looks for whole words by str.find; the answers are those of the regular
    expression it replaced, on every entry of the registers against every description, and on
    crafted boundaries (underscores, digits, letters with diacritics, forms ending in a stop)."""
    import re

    from lxml import etree

    from edition.checking.descriptions import description, names
    from edition.checking.xml import NS

    def by_pattern(text, forms):
        folded = text.casefold()
        return any(re.search(r"(?<!\w)" + re.escape(f.casefold()) + r"(?!\w)", folded) for f in forms)

    texts, all_forms = [], []
    for path in sorted(project.register_dir.glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        for tag, name in (("person", "persName"), ("org", "orgName"), ("place", "placeName"), ("event", "label")):
            for entry in root.iter(f"{{{NS['t']}}}{tag}"):
                note = entry.find("t:note", NS)
                if note is not None:
                    texts.append(description(note))
                all_forms.append(names(entry, name))
    assert len(texts) > 500 and len(all_forms) > 500
    answers = set()
    for i, forms in enumerate(all_forms):
        for text in (texts[i % len(texts)], texts[(i * 7) % len(texts)]):
            answers.add(names_entry(text, forms))
            assert names_entry(text, forms) == by_pattern(text, forms), (text, forms)
    assert answers == {True, False}
    crafted = [("see Lenin_s note", ["Lenin"]), ("Lenin2 and", ["Lenin"]), ("Šliapnikov", ["liapnikov"]),
               ("the U.S. delegation", ["U.S."]), ("U.S.S.R. was", ["U.S."]), ("x Kollontai", ["kollontai"]),
               ("Kollontai's", ["Kollontai"]), ("a-b", ["a"]), ("", ["x"]), ("ab ab", ["b"]), ("xab ab", ["ab"])]
    for text, forms in crafted:
        assert names_entry(text, forms) == by_pattern(text, forms), (text, forms)
