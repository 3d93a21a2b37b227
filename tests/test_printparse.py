"""The print HTML's own parser (edition/publishing/printparse.py) builds the tree WeasyPrint's
HTML5 parser (tinyhtml5) builds, for every print page of the edition and the volume's indexes,
and steps aside for any markup an HTML5 parser would repair."""

from __future__ import annotations

import shutil

import pytest
import tinyhtml5

from edition.publishing import pdf, print_edition, printparse


class Captured(Exception):
    pass


def shape(el, out=None) -> list:
    """Every element in document order with its attributes, text and tail."""
    out = [] if out is None else out
    out.append((el.tag, list(el.attrib.items()), el.text, el.tail))
    for child in el:
        shape(child, out)
    return out


def theirs(markup: str):
    return tinyhtml5.parse(markup, namespace_html_elements=False)


@pytest.fixture(scope="module")
def print_pages(project, tmp_path_factory):
    """The print HTML of every document's PDF and of the volume, as the build makes it."""
    from edition.publishing.site import build

    tmp = tmp_path_factory.mktemp("printparse")
    jobs = []

    def capture(site):
        shutil.copytree(site.out / "assets", tmp / "assets")
        jobs.extend(print_edition.jobs(site))
        raise Captured

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(print_edition, "write_pdfs", capture)
        with pytest.raises(Captured):
            build(project, tmp / "site", make_pdf=True)
    return jobs


def test_every_print_page_and_the_indexes_parse_to_tinyhtml5s_tree(print_pages):
    volume = next(j for j in print_pages if j.index is not None)
    # the indexes with every mention on a page of its own: all lines, numbers and links
    mentions = [anchor for s in volume.index.subjects for anchor, _ in s.mentions]
    indexes = pdf.index_html(volume.index, {a: n for n, a in enumerate(mentions, 1)})
    pages = [(j.doc_id, j.html) for j in print_pages] + [("indexes", indexes)]
    assert len(pages) > 10 and len(mentions) > 3000
    for name, markup in pages:
        ours = printparse.parse(markup)
        assert ours is not None, name
        assert shape(ours) == shape(theirs(markup)), name


@pytest.mark.parametrize("body", [
    "<p>a <span class='x' title=\"a &amp; b &#233;\" hidden>b</span><br>c&nbsp;d &lt;e&gt;</p>",
    "<section id=s><h1>T</h1><p>one</p>\n<ul><li>a<ul><li>b</li></ul></li></ul><dl><dt>x</dt><dd>y</dd></dl></section>",
    "<p>x <a href='#a'>y <i>z <b>w</b></i></a> <sup>1</sup></p><div><p>q</p></div>",
    "<p id=a id=b class=c>repeated attribute: the first is kept</p>",
])
def test_literal_markup_parses_as_an_html5_parser_parses_it(body):
    markup = (f"<!DOCTYPE html>\n<html lang='en'>\n<head>\n  <meta charset='utf-8'>\n  <title>T &amp; t</title>\n"
              f"</head>\n<body class='print'>\n{body}\n</body>\n</html>\n")
    ours = printparse.parse(markup)
    assert ours is not None
    assert shape(ours) == shape(theirs(markup))


@pytest.mark.parametrize("body", [
    "<p>a block <div>in a paragraph</div> is closed</p>",     # <p> closed, a new empty one made
    "<p>a list <ul><li>in a paragraph</li></ul></p>",
    "<table><tr><td>an implied tbody</td></tr></table>",
    "<ul><li>one <li>two</li></li></ul>",
    "<dl><dt>a <dd>b</dd></dt></dl>",
    "<a href='#x'>a link <a href='#y'>in a link</a></a>",
    "<h1>a heading <h2>in a heading</h2></h1>",
    "<span/>a non-void element's slash is ignored",
    "<p>a comment <!-- here --></p>",
    "<p>&copy; a named reference beyond the usual five</p>",
    "<p>AT&T: a bare ampersand</p>",
    "<pre>\nits first newline dropped</pre>",
    "<script>raw text</script>",
    "<p>a stray end tag</span></p>",
    "<p>an element never closed",
    "<p>a bogus < sign</p>",
])
def test_markup_an_html5_parser_would_repair_goes_to_it(body):
    markup = f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"
    assert printparse.parse(markup) is None


def test_text_outside_the_body_goes_to_the_html5_parser():
    assert printparse.parse("<html><head>text</head><body></body></html>") is None
    assert printparse.parse("<html><head></head>text<body></body></html>") is None
    assert printparse.parse("<html><head></head><body></body></html>after") is None
    assert printparse.parse("<html><body>no head</body></html>") is None


def test_a_document_parsed_either_way_gives_the_same_pdf(tmp_path):
    import weasyprint

    if weasyprint.__version__ != printparse.PINNED:
        pytest.skip(f"the parser is used with WeasyPrint {printparse.PINNED} only")
    markup = ("<!DOCTYPE html><html lang='en'><head><title>T</title><style>p { hyphens: auto }</style></head>"
              "<body>" + "".join(f"<h2 id='h{i}'>Part {i}</h2><p id='p{i}'>Text with a "
                                 f"<a href='#h{(i + 1) % 5}'>link</a> and a <span lang='ru'>слово</span>.</p>"
                                 for i in range(5)) + "</body></html>")
    assert printparse.parse(markup) is None   # <style> is raw text: WeasyPrint's parser
    markup = markup.replace("<style>p { hyphens: auto }</style>", "")
    assert printparse.parse(markup) is not None
    ours = printparse.document(markup, tmp_path.as_uri() + "/").render()
    theirs_ = weasyprint.HTML(string=markup, base_url=tmp_path.as_uri() + "/").render()
    options = {"pdf_variant": "pdf/ua-1", "pdf_identifier": b"fixed", "uncompressed_pdf": True}
    assert ours.write_pdf(**options) == theirs_.write_pdf(**options)
