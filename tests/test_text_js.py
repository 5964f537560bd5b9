"""texto.js: the site's scripts compare texts (explorer, search, «Mis metas») as generator/common/text.py `fold` does."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from generator.common.text import fold

TEXTO_JS = Path(__file__).resolve().parents[1] / "site_src" / "assets" / "js" / "texto.js"


def js_fold(texts: list[str]) -> list[str]:
    """texto.js's `fold` run by Node over `texts`."""
    script = TEXTO_JS.read_text(encoding="utf-8") + "\nlet input = '';\nprocess.stdin.on('data', (d) => (input += d)).on('end', () => process.stdout.write(JSON.stringify(JSON.parse(input).map(fold))));\n"
    result = subprocess.run(["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(result.stdout)


needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="Node runs the site's JavaScript")

TRICKY = [
    "Órganos DESCONCENTRADOS", "ñandú", "Ü", "PINGÜINO", "ﬁnanciero", "Oﬃce", "x²", "ＤＥＯＥ", "Ⅻ", "DEO\u200bE", "DE\u00adOE",
    "DEОE",  # a Cyrillic О
    "ΟΡΓΑΝΟΣ", "Straße", "STRASSE", "İstanbul", "e\u0301", "Ǆ", "ǅ", "№ 5", "½", "…", "Ⓐ",
]


@needs_node
def test_the_javascript_fold_is_the_pythons_on_tricky_texts():
    assert js_fold(TRICKY) == [fold(t) for t in TRICKY]


# The Latin, Greek, Cyrillic (and supplement), punctuation, letter-like, number and arrow forms, alphabetic presentation
# (ligatures), variation selectors, full-width, and tag blocks. Left out, as the JavaScript's comment says: marks without a
# combining class (the JavaScript drops every mark), and on other scripts Python and JavaScript fold otherwise.
BLOCKS = ((0x0000, 0x052F), (0x1E00, 0x1FFF), (0x2000, 0x2BFF), (0xFB00, 0xFB4F), (0xFE00, 0xFE0F), (0xFF00, 0xFFEF), (0xE0000, 0xE0FFF))


@needs_node
def test_the_javascript_fold_is_the_pythons_on_every_character_of_the_latin_greek_and_cyrillic_blocks():
    characters = [
        chr(c) for first, last in BLOCKS for c in range(first, last + 1)
        if not (unicodedata.category(chr(c)).startswith("M") and not unicodedata.combining(chr(c)) and fold(chr(c)))
    ]
    mismatched = [(f"U+{ord(c):04X}", js, fold(c)) for c, js in zip(characters, js_fold(characters)) if js != fold(c)]
    assert mismatched == []
