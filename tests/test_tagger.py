"""The entity tagger (tools/tag/entities.py) on a small register and text."""

from __future__ import annotations

import sys

from lxml import etree

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools" / "tag"))
import entities  # noqa: E402

REGISTER = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>
<person xml:id="medvedev-sergei"><persName type="preferred"><forename>Sergei</forename> <surname>Medvedev</surname></persName></person>
<person xml:id="medvedev-aleksei"><persName type="preferred"><forename>Aleksei</forename> <surname>Medvedev</surname></persName></person>
<person xml:id="lenin"><persName type="preferred"><forename>Vladimir</forename> <surname>Lenin</surname></persName><persName type="variant">Il'ich</persName></person>
<person xml:id="lepse"><persName type="preferred"><surname>Lepse</surname></persName><persName type="variant" subtype="misprint">Lapse</persName></person>
</listPerson></body></text></TEI>"""

TEXT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Lenin</title></titleStmt></fileDesc></teiHeader>
<text><body><p>S. P. Medvedev met Lenin's envoy; Leninist views; Medvedev left. Il'ich wrote.
<choice><sic>Lapse</sic><corr>Lepse</corr></choice> spoke. A. Medvedev signed.</p></body></text></TEI>"""


def run(tmp_path, defaults=None, text=None):
    """Tag `text` (by default TEXT) against the small register."""
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "persons.xml").write_text(REGISTER)
    forms, info = entities.load_forms(reg)
    tree = etree.ElementTree(etree.fromstring(text or TEXT))
    tagged, ambiguous = entities.tag_tree(tree, "t", forms, info, entities.build_pattern(forms), defaults or {})
    names = [(el.get("ref"), "".join(el.xpath(".//text()[not(ancestor::*[local-name()='corr'])]")))
             for el in tree.getroot().iter("{*}persName")]
    return names, ambiguous, tree


def test_tags_unique_names_initials_decide_and_derived_words_are_left(tmp_path):
    names, ambiguous, tree = run(tmp_path)
    assert names == [("per:medvedev-sergei", "S. P. Medvedev"), ("per:lenin", "Lenin"),
                     ("per:lenin", "Il'ich"), ("per:lepse", "Lapse"), ("per:medvedev-aleksei", "A. Medvedev")]
    assert [a[0] for a in ambiguous] == ["Medvedev"]  # the bare surname is left for a person
    assert "Leninist" in etree.tostring(tree, encoding="unicode")
    # the header is never tagged
    assert tree.getroot().find(".//{*}teiHeader//{*}persName") is None


def test_a_document_default_decides_a_bare_surname(tmp_path):
    names, ambiguous, _ = run(tmp_path, {"Medvedev": "per:medvedev-sergei"})
    assert ("per:medvedev-sergei", "Medvedev") in names and not ambiguous


def test_misprint_in_choice_is_wrapped_whole(tmp_path):
    _, _, tree = run(tmp_path)
    lepse = [el for el in tree.getroot().iter("{*}persName") if el.get("ref") == "per:lepse"][0]
    assert lepse[0].tag.endswith("choice") and lepse.tail.startswith(" spoke")


def test_a_name_printed_as_a_foreign_word_is_a_mention_and_a_term_is_not(tmp_path):
    names, _, tree = run(tmp_path, text=TEXT.replace("Il'ich wrote.", "<foreign xml:lang=\"ru-Latn\">Lepse</foreign> wrote; "
                                       "<foreign xml:lang=\"de\">mit Lenin</foreign>; <term>Old Lenin</term>."))
    lepse = [el for el in tree.getroot().iter("{*}persName") if el.get("ref") == "per:lepse"]
    assert lepse[0][0].tag.endswith("foreign") and lepse[0].tail.startswith(" wrote")
    # a name inside a longer foreign phrase, or inside a term, is left as it is
    assert [n for n in names if n == ("per:lenin", "Lenin")] == [("per:lenin", "Lenin")]


import dates  # noqa: E402


def tag_dates(text: str) -> list[tuple[dict, str]]:
    tree = etree.ElementTree(etree.fromstring(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><div><p>{text}</p></div></body></text></TEI>'))
    dates.tag_tree(tree)
    return [(dict(el.attrib), el.text) for el in tree.getroot().iter("{*}date")]


def test_dates_in_the_forms_the_sources_print():
    found = tag_dates("On February 26, 1922, members (1885-1937) met from February 24 to March 4, 1922; "
                      "23 March to 1 April 1921; 1920–1; the 1920s; (1898-?); February 10 or 16, 1922; "
                      "March 1919-April 1920.")
    assert found == [
        ({"when": "1922-02-26"}, "February 26, 1922"),
        ({"from": "1885", "to": "1937"}, "1885-1937"),
        ({"from": "1922-02-24", "to": "1922-03-04"}, "February 24 to March 4, 1922"),
        ({"from": "1921-03-23", "to": "1921-04-01"}, "23 March to 1 April 1921"),
        ({"from": "1920", "to": "1921"}, "1920–1"),
        ({"from": "1898"}, "1898-?"),
        ({"notBefore": "1922-02-10", "notAfter": "1922-02-16"}, "February 10 or 16, 1922"),
        ({"from": "1919-03", "to": "1920-04"}, "March 1919-April 1920"),
    ]  # "the 1920s" is a decade, neither a calendar date nor a year, and "1920" in it is no year


def test_a_year_from_context_is_marked_as_inferred_and_page_numbers_are_not_years():
    found = tag_dates("In February 1922 they wrote; the congress met on March 2-8. See pp. 1921-1923 and f. 17, d. 1919.")
    assert found == [({"when": "1922-02"}, "February 1922"),
                     ({"from": "1922-03-02", "to": "1922-03-08", "cert": "medium", "evidence": "conjecture"},
                      "March 2-8")]


def test_a_bare_year_gives_no_context_to_a_later_day_and_month():
    # "(1885-1937)" or a year of publication says nothing about the year of "March 6"
    assert tag_dates("Medvedev (1885-1937) spoke on March 6.") == [({"from": "1885", "to": "1937"}, "1885-1937")]


def test_an_impossible_day_is_left_for_a_person_not_tagged_or_cut_down():
    assert tag_dates("February 30, 1922") == []


def test_untag_gives_back_the_text_exactly(tmp_path):
    names, _, tree = run(tmp_path)
    before = "".join(tree.getroot().find("{*}text").itertext())
    assert entities.untag(tree) == len(names)
    assert "".join(tree.getroot().find("{*}text").itertext()) == before
    assert tree.getroot().find(".//{*}persName") is None


def test_two_months_of_one_year_and_a_month_alone_is_left():
    # a month alone takes no year from context: measured on the held-out sample, the year before
    # it in the text was as often wrong as right
    found = tag_dates("In August and September 1923 they struck; since June he had been abroad.")
    assert found == [({"when": "1923-08"}, "August"), ({"when": "1923-09"}, "September 1923")]


def test_a_name_containing_a_tagged_name_is_wrapped_around_it(tmp_path):
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "organisations.xml").write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listOrg>
<org xml:id="metalworkers-union"><orgName type="preferred">Metalworkers' Union</orgName></org>
</listOrg></body></text></TEI>""")
    (reg / "events.xml").write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listEvent>
<event xml:id="fifth-metalworkers"><label type="preferred">Fifth Congress of the Metalworkers' Union</label></event>
</listEvent></body></text></TEI>""")
    forms, info = entities.load_forms(reg)
    tree = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>At the Fifth Congress of the '
        "<orgName ref=\"org:metalworkers-union\">Metalworkers' Union</orgName>, he spoke.</p></body></text></TEI>"))
    entities.tag_tree(tree, "t", forms, info, entities.build_pattern(forms), {})
    p = tree.getroot().find(".//{*}p")
    event = p.find("{*}name")
    assert event.get("ref") == "evt:fifth-metalworkers" and event.get("type") == "event"
    assert "".join(event.itertext()) == "Fifth Congress of the Metalworkers' Union"
    assert event.find("{*}orgName").get("ref") == "org:metalworkers-union"
    assert "".join(p.itertext()) == "At the Fifth Congress of the Metalworkers' Union, he spoke."


def _register(tmp_path, **lists):
    reg = tmp_path / "register"
    reg.mkdir()
    wrap = {"persons": "listPerson", "organisations": "listOrg", "places": "listPlace", "events": "listEvent"}
    for stem, entries in lists.items():
        (reg / f"{stem}.xml").write_text(f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><{wrap[stem]}>'
                                         f"{entries}</{wrap[stem]}></body></text></TEI>")
    return entities.load_forms(reg)


def _tag(forms, info, body: str):
    tree = etree.ElementTree(etree.fromstring(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{body}</p></body></text></TEI>'))
    entities.tag_tree(tree, "t", forms, info, entities.build_pattern(forms), {})
    return tree.getroot().find(".//{*}p")


def test_a_place_inside_a_body_s_name_and_a_body_inside_an_event_s_name_are_mentions(tmp_path):
    forms, info = _register(
        tmp_path,
        persons='<person xml:id="sverdlov"><persName type="preferred"><surname>Sverdlov</surname></persName></person>',
        places='<place xml:id="moscow"><placeName type="preferred">Moscow</placeName></place>',
        organisations='<org xml:id="moscow-committee"><orgName type="preferred">Moscow Committee</orgName></org>'
                      '<org xml:id="mwu"><orgName type="preferred">Metalworkers\' Union</orgName></org>'
                      '<org xml:id="sverdlov-university"><orgName type="preferred">Sverdlov University</orgName></org>',
        events='<event xml:id="fifth"><label type="preferred">Fifth Congress of the Metalworkers\' Union in Moscow</label></event>')
    p = _tag(forms, info, "The Moscow Committee wrote to the Fifth Congress of the Metalworkers' Union in Moscow "
                          "and to Sverdlov University.")
    committee = p.find("{*}orgName")
    assert committee.get("ref") == "org:moscow-committee"
    assert committee.find("{*}placeName").get("ref") == "pla:moscow"
    event = p.find("{*}name")
    assert [(el.tag.split("}")[1], el.get("ref")) for el in event] == [("orgName", "org:mwu"), ("placeName", "pla:moscow")]
    university = [el for el in p.iter("{*}orgName") if el.get("ref") == "org:sverdlov-university"][0]
    assert university.find("{*}persName") is None  # named after him, not a mention of him
    assert "".join(p.itertext()) == ("The Moscow Committee wrote to the Fifth Congress of the Metalworkers' Union "
                                     "in Moscow and to Sverdlov University.")


def test_a_name_inside_a_publisher_s_name_is_not_a_mention(tmp_path, monkeypatch):
    forms, info = _register(tmp_path, places='<place xml:id="oxford"><placeName type="preferred">Oxford</placeName></place>')
    monkeypatch.setattr(entities, "NOT_WITHIN", ["Oxford University Press"])
    p = _tag(forms, info, "(Oxford: Oxford University Press, 1970)")
    assert [("".join(el.itertext()), el.tail) for el in p] == [("Oxford", ": Oxford University Press, 1970)")]


def test_a_capitalised_word_before_a_body_s_name_stays_outside_it(tmp_path):
    # "The Comintern": a forename or initials belong to a person's name, nothing belongs to a body's,
    # even when the word begins with the letter of one of its names ("Third International")
    forms, info = _register(tmp_path, organisations='<org xml:id="comintern"><orgName type="preferred">Communist '
                                                    'International</orgName><orgName type="variant">Comintern</orgName>'
                                                    '<orgName type="variant">Third International</orgName></org>')
    p = _tag(forms, info, "The Comintern met. Then Communist International answered.")
    assert [el.text for el in p] == ["Comintern", "Communist International"]
    assert p.text == "The "


def test_a_word_before_a_surname_joins_the_name_only_when_it_is_the_person_s_forename(tmp_path):
    forms, info = _register(tmp_path, persons='<person xml:id="pirani"><persName type="preferred"><forename>Simon</forename> '
                                              '<surname>Pirani</surname></persName></person>')
    p = _tag(forms, info, "See Pirani, as Simon Pirani and S. Pirani argue; So Pirani.")
    assert [el.text for el in p] == ["Pirani", "Simon Pirani", "S. Pirani", "Pirani"]


def test_a_name_inside_a_title_in_another_language_is_not_a_mention(tmp_path):
    names, _, tree = run(tmp_path, text=TEXT.replace("Il'ich wrote.", "<title xml:lang=\"ru-Latn\">Desiat' let Lenina</title>; "
                                       "<title xml:lang=\"ru-Latn\">Lenin i partiia</title>; <title>Lenin and the Party</title>."))
    titles = tree.getroot().findall(".//{*}title")
    assert titles[1].find("{*}persName") is None  # the Russian title is a foreign phrase
    assert titles[-1].find("{*}persName") is not None  # an English title names him


def test_tagger_and_validator_share_one_rule_of_what_is_not_a_mention():
    from edition.registers import not_a_mention_here, whole_foreign_name
    doc = etree.fromstring('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><text><body>'
                           '<p>a <title xml:lang="ru-Latn">v <hi>SSSR</hi></title> <title>in <hi>Russia</hi></title>'
                           '<note type="editorial" resp="#ed"><foreign xml:lang="ru-Latn">orgburo</foreign></note>'
                           '<foreign xml:lang="ru-Latn">orgburo</foreign><term>Old Bolsheviks</term></p></body></text></TEI>')
    his = doc.findall(".//{*}hi")
    assert not_a_mention_here(his[0]) and not not_a_mention_here(his[1])
    foreign = doc.findall(".//{*}foreign")
    assert not whole_foreign_name(foreign[0]) and whole_foreign_name(foreign[1])  # the editors' note is their own
    assert not_a_mention_here(doc.find(".//{*}term"))
    assert not entities.closed(doc.find(".//{*}p")) and entities.closed(doc.findall(".//{*}title")[0])


def test_a_name_after_a_prefix_is_a_mention_but_not_inside_a_hyphenated_name(tmp_path):
    names, _, tree = run(tmp_path, text=TEXT.replace("Il'ich wrote.", "anti-Lenin campaigns; Ulianov-Lenin; non-Lenin."))
    text = etree.tostring(tree, encoding="unicode")
    assert 'anti-<persName ref="per:lenin">Lenin</persName> campaigns' in text
    assert "Ulianov-Lenin" in text and "non-Lenin" in text  # a compound surname; other people


def test_the_untagged_warning_sees_a_name_after_a_prefix(small_project, capsys, monkeypatch):
    from edition.cli import main
    monkeypatch.chdir(small_project.root)
    mini = small_project.tei_dir / "mini.xml"
    mini.write_text(mini.read_text().replace("answered", "answered the anti-Alekseev campaign of"))
    main(["validate", "tei"])
    assert '"Alekseev" is not tagged' in capsys.readouterr().out


import corrections  # noqa: E402


def test_correction_declarations_say_what_the_markup_does(tmp_path, capsys):
    files = sorted((ROOT / "tei").glob("pirani-*.xml"))
    assert corrections.main(["--check", *map(str, files)]) == 0
    copy = tmp_path / "pirani-collectivists.xml"
    text = (ROOT / "tei" / "pirani-collectivists.xml").read_text(encoding="utf-8")
    assert "no misprint is corrected" in text
    copy.write_text(text.replace("<p xml:id=\"pirani-collectivists-p1\">",
                                 "<p xml:id=\"pirani-collectivists-p1\"><choice><sic>teh</sic><corr resp=\"#ed\">the</corr></choice> "), encoding="utf-8")
    assert corrections.main(["--check", str(copy)]) == 1
    assert corrections.main([str(copy)]) == 0
    assert '1 correction of misprints' in copy.read_text(encoding="utf-8") and '"teh" for "the"' in copy.read_text(encoding="utf-8")
    assert corrections.main(["--check", str(copy)]) == 0


SHORT_ORGS = """<org xml:id="moscow-soviet"><orgName type="preferred">Moscow Soviet</orgName>
<orgName type="short" source="../wpsp.xml">the Soviet</orgName></org>
<org xml:id="congress"><orgName type="preferred">Eleventh Congress</orgName>
<orgName type="short" source="../allen.xml#allen-p2">the Congress</orgName></org>"""


def _doc(body: str):
    return etree.ElementTree(etree.fromstring(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{body}</body></text></TEI>'))


def test_a_short_name_is_a_mention_only_where_its_source_says_and_its_article_stays_outside(tmp_path):
    forms, info = _register(tmp_path, organisations=SHORT_ORGS)
    assert "the Soviet" not in forms and "Soviet" not in forms  # not a name everywhere
    short = entities.load_short_forms(tmp_path / "register")
    body = ("<p xml:id='p1'>We entered the Soviet; The Soviet met; the idea of Soviet power; "
            "the Soviets; the Soviet's work.</p>")
    wpsp = _doc(body)
    assert sum(entities.tag_short_names(wpsp, "wpsp", short, info).values()) == 3
    text = etree.tostring(wpsp, encoding="unicode")
    assert 'entered the <orgName ref="org:moscow-soviet">Soviet</orgName>;' in text
    assert 'The <orgName ref="org:moscow-soviet">Soviet</orgName> met' in text
    assert "of Soviet power" in text and "the Soviets;" in text  # no article; a plural
    assert "the <orgName ref=\"org:moscow-soviet\">Soviet</orgName>'s work" in text
    other = _doc(body)
    assert not entities.tag_short_names(other, "allen", short, info)  # another document: a word
    # a passage: only there
    allen = _doc("<p xml:id='allen-p1'>delegates to the Congress</p><p xml:id='allen-p2'>delegates to the Congress</p>")
    entities.tag_short_names(allen, "allen", short, info)
    p1, p2 = allen.getroot().iter("{*}p")
    assert p1.find("{*}orgName") is None and p2.find("{*}orgName").get("ref") == "org:congress"


def test_a_compound_name_does_not_start_inside_a_hyphenated_word(tmp_path):
    forms, info = _register(tmp_path, places="""<place xml:id="russia"><placeName type="preferred">Russia</placeName></place>
<place xml:id="soviet-russia"><placeName type="preferred">Soviet Russia</placeName></place>""")
    p = _tag(forms, info, 'left in post-Soviet <placeName ref="pla:russia">Russia</placeName>; in Soviet '
                          '<placeName ref="pla:russia">Russia</placeName>')
    refs = [el.get("ref") for el in p.iter("{*}placeName")]
    assert refs == ["pla:russia", "pla:soviet-russia", "pla:russia"]
    assert "post-Soviet <placeName" in etree.tostring(p, encoding="unicode")


def test_a_name_after_a_hyphen_printed_for_a_dash_is_a_mention(tmp_path):
    names, _, tree = run(tmp_path, text=TEXT.replace("Il'ich wrote.", "such tracts -Lenin's pamphlet;"))
    assert 'tracts -<persName ref="per:lenin">Lenin</persName>\'s' in etree.tostring(tree, encoding="unicode")


def test_the_untagged_warning_sees_a_short_name_only_where_it_is_one(small_project, capsys, monkeypatch):
    from edition.cli import main
    monkeypatch.chdir(small_project.root)
    orgs = small_project.tei_dir / "register" / "organisations.xml"
    orgs.write_text(orgs.read_text().replace(
        '<orgName type="variant">Comintern</orgName>',
        '<orgName type="variant">Comintern</orgName><orgName type="short" source="../mini.xml#mini-p2">the International</orgName>'))
    mini = small_project.tei_dir / "mini.xml"
    mini.write_text(mini.read_text().replace("wrote.", "wrote to the International.")
                    .replace("answered", "answered the International and"))
    main(["validate", "tei"])
    out = capsys.readouterr().out
    assert out.count('"the International" is not tagged; register: org:comintern') == 1
    line = next(i for i, s in enumerate(mini.read_text().splitlines(), 1) if "mini-p2" in s)
    assert f"mini.xml:{line}:" in out.split('"the International"')[0].splitlines()[-1]


import nested  # noqa: E402


def test_nested_lists_a_register_name_left_untagged_inside_a_tagged_name(tmp_path):
    tei = tmp_path / "doc.xml"
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>secretary of the '
                   '<orgName ref="org:urals-bureau">Urals bureau of the CC</orgName>, and of the\n'
                   '<orgName ref="org:urals-bureau"><placeName ref="pla:urals">Urals</placeName> bureau of the '
                   '<orgName ref="org:central-committee">CC</orgName></orgName>.</p></body></text></TEI>',
                   encoding="utf-8")
    found = nested.report([tei])
    assert {f.split(": ", 1)[1].split(" (")[0] for f in found} == {"'Urals'", "'CC'"}
    assert all(f"{tei}:1:" in f for f in found)  # the first name only: the second has both tagged
    # and the edition itself has none left but names that are the entry itself
    assert all("untagged inside org:kp-ukraine" in f or "Metalworkers" in f or "Germany" in f
               for f in nested.report(sorted((ROOT / "tei").glob("*.xml"))))
