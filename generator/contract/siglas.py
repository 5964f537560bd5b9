"""Siglas (DEOE, DESPEN, SIISPEN…) explained where they appear, from the acuerdos' glossaries."""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

SIGLA = re.compile(r"^[A-ZÁÉÍÓÚÑ]{2,12}$")
TAG = re.compile(r"(<[^>]*>)")
WORD = re.compile(r"\b([A-ZÁÉÍÓÚÑ]{2,12})\b")


class Siglas:
    """Wraps each sigla in <abbr title="meaning">; the first of each text is focusable,
    so keyboard users reach the explanation too (Material shows it as a tooltip)."""

    def __init__(self, glosario: dict[str, str]):
        self.meanings = {k: v for k, v in glosario.items() if SIGLA.match(k)}
        # every run of capitals is looked up, rather than one alternative per sigla: the same
        # matches (a sigla is such a run, between word boundaries), in time that does not grow
        # with the glossary (20,000 siglas made marking 120 KB of text take 5 s)
        self.pattern = WORD if self.meanings else None

    def mark(self, text: str) -> Markup:
        """Plain text → escaped HTML with the siglas explained."""
        return self.mark_html(escape(str(text), quote=False))

    def mark_html(self, html: str) -> Markup:
        """Trusted HTML: only its text nodes are marked, never inside tags or an existing <abbr>."""
        if self.pattern is None:
            return Markup(html)
        seen: set[str] = set()

        def abbr(match: re.Match) -> str:
            sigla = match.group(1)
            if sigla not in self.meanings:
                return sigla
            focus = "" if sigla in seen else ' tabindex="0"'
            seen.add(sigla)
            return f'<abbr title="{escape(self.meanings[sigla])}"{focus}>{sigla}</abbr>'

        parts = TAG.split(html)
        in_abbr = False
        for i, part in enumerate(parts):
            if part.startswith("<"):
                lowered = part.lower()
                in_abbr = lowered.startswith("<abbr") or (in_abbr and not lowered.startswith("</abbr"))
            elif not in_abbr:
                parts[i] = self.pattern.sub(abbr, part)
        return Markup("".join(parts))
