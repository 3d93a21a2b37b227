"""XSLT 3.0 through saxonche: each stylesheet compiled once per build, reused for every document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

# Saxon's own parser would expand external entities; sources reach it already parsed by the
# hardened lxml parser, and this refuses any DOCTYPE that might slip through anyway.
_NO_DOCTYPE = ("http://saxon.sf.net/feature/parserFeature?uri="
               "http://apache.org/xml/features/disallow-doctype-decl")


class TransformError(Exception):
    pass


@dataclass
class Result:
    html: str
    messages: list[str]


class Stylesheets:
    """The compiled views. One instance per build; not shared between threads."""

    VIEWS = ("html", "print")

    def __init__(self, xslt_dir: Path, params: dict[str, str] | None = None):
        self._proc = PySaxonProcessor(license=False)
        self._proc.set_configuration_property(_NO_DOCTYPE, "true")
        compiler = self._proc.new_xslt30_processor()
        self._exe = {}
        self._seen = {view: 0 for view in self.VIEWS}  # Saxon keeps every message of the run
        for view in self.VIEWS:
            path = xslt_dir / f"{view}.xsl"
            try:
                exe = compiler.compile_stylesheet(stylesheet_file=str(path))
            except PySaxonApiError as e:
                raise TransformError(f"{path}: {e}") from None
            exe.set_save_xsl_message(True)
            for name, value in (params or {}).items():
                exe.set_parameter(name, self._proc.make_string_value(value))
            self._exe[view] = exe

    def transform(self, view: str, tree: etree._ElementTree, path: Path) -> Result:
        return self.transform_text(view, etree.tostring(tree, encoding="unicode"), path)

    def transform_text(self, view: str, xml_text: str, path: Path) -> Result:
        """The same from the tree's serialisation (what a worker process receives: trees do not pickle)."""
        builder = self._proc.new_document_builder()
        builder.set_base_uri(path.resolve().as_uri())  # in-memory text has no base URI otherwise
        try:
            node = builder.parse_xml(xml_text=xml_text)
            exe = self._exe[view]
            html = exe.transform_to_string(xdm_node=node)
        except PySaxonApiError as e:
            raise TransformError(f"{path}: {view} view: {e}") from None
        raw = exe.get_xsl_messages()
        every = [] if raw is None else ([str(m).strip() for m in raw] if hasattr(raw, "__iter__") else [str(raw)])
        messages, self._seen[view] = every[self._seen[view]:], len(every)
        return Result(html=_strip_doctype(html), messages=messages)


def _strip_doctype(html: str) -> str:
    # Saxon writes a DOCTYPE for html-version 5 output; a fragment placed in a page has none.
    if html.lstrip().upper().startswith("<!DOCTYPE"):
        html = html.split(">", 1)[1]
    return html.strip()
