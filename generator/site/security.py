"""The site's Content-Security-Policy and the check that no page carries script from data.

Defence in depth behind the rule that text from data is never markup: even if some
text did reach a page as markup, the browser runs no inline script and no event
handler, loads scripts only from the site itself, and the build refuses a page with
an `on*` attribute or a `javascript:` address.

One policy string: every page carries it in a <meta http-equiv> and the deploy
recipes (docs/deploy.md) send it as a header, with the directives a <meta> cannot
carry (frame-ancestors).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# The theme's own inline scripts were moved to files (site_src/assets/js/), so no hash is needed.
# 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly. Inline styles: plotly and Material
# set style attributes from their scripts.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))
HEADER_POLICY = CONTENT_SECURITY_POLICY + "; frame-ancestors 'self'"

# Headers the deploy recipes send with every response (docs/deploy.md shows them for nginx and Apache).
SECURITY_HEADERS = {
    "Content-Security-Policy": HEADER_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

# A scheme, read as a browser reads it (case aside, tabs, line breaks and spaces removed): the colon is
# part of it, so a relative address to a page named «javascript-1/» is not one.
SCRIPT_URL = re.compile(r"^(?:javascript:|vbscript:|data:text/html)", re.IGNORECASE)
URL_IGNORED = re.compile(r"[\x00-\x20]")  # browsers drop tabs, line breaks and spaces inside a scheme
# Attributes whose value a browser may follow as an address (SVG's <animate>/<set> can set an href to one).
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "to", "from", "values"}

# Only a page where something could run script is parsed: a parse costs ~1 ms a page (10 s at
# 10,000 metas), these searches a few microseconds. In lower case, as the page's text is searched.
# Each pattern starts with letters (what the regular expression engine finds fastest); what must
# come before them is checked on the few places found.
EVENT_ATTRIBUTE = re.compile(r"on[a-z]+\s*=")
BEFORE_ATTRIBUTE = frozenset(" \t\n\r\f\"'/")
INLINE_SCRIPT = re.compile(r"""<script(?![^>]*\b(?:src=|type="application/(?:ld\+)?json"))""")
URL_VALUE = re.compile(r"""(?:formaction|action|href|src|poster|data|to|from|values)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")  # xlink:href too
RELATIVE_START = frozenset("./#?")
ENCODED = re.compile(r"&(?!amp;)")  # a character reference could spell a scheme (j&#97;vascript&colon;)


def _suspect(lower_html: str) -> bool:
    """Whether the page could hold an event handler, an inline script or a script address."""
    if INLINE_SCRIPT.search(lower_html):
        return True
    if any(match.start() > 0 and lower_html[match.start() - 1] in BEFORE_ATTRIBUTE for match in EVENT_ATTRIBUTE.finditer(lower_html)):
        return True
    for match in URL_VALUE.finditer(lower_html):
        value = match.group(1) or match.group(2) or match.group(3) or ""
        if value[:1] in RELATIVE_START and "&" not in value:
            continue  # a relative address ("../x/", "#ficha") names no scheme
        if ENCODED.search(value) or SCRIPT_URL.match(URL_IGNORED.sub("", value)):
            return True
    return False


class UnsafeMarkup(ValueError):
    """A generated page holds an event handler or a script address: the build stops."""


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and value and SCRIPT_URL.match(URL_IGNORED.sub("", value)):
                self.problems.append(f"<{tag} {name}=«{value[:40]}»>")
        if tag == "script" and not dict(attrs).get("src") and dict(attrs).get("type") not in ("application/json", "application/ld+json"):
            self.inline_scripts += 1

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """What in a page could run script: event-handler attributes, script addresses, inline scripts."""
    if not _suspect(html.lower()):
        return []
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    problems = scanner.problems
    if scanner.inline_scripts:
        problems.append(f"{scanner.inline_scripts} <script> en línea")
    return problems
