"""The Content-Security-Policy of every page: one string, sent by `edition serve` as a header and
written into each page as <meta http-equiv> (for any other server, and for pages opened as files).

Scripts only from the site's own files (no inline script, no handler attribute, no eval);
'wasm-unsafe-eval' lets Pagefind compile its search index's WebAssembly, nothing more.
<script type="application/json"> data blocks are not scripts and are unaffected. No directive
that a <meta> policy ignores (frame-ancestors, report-uri, sandbox): the two must be the same.
"""

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
POLICY = "; ".join(DIRECTIVES)
