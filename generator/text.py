"""Small text helpers shared by every step: folding, slugs, Spanish dates."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_NONCHARACTERS = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_BMP_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ud800-\udfff\ufffe\uffff"


class _Forbidden:
    """Characters no output format can carry safely: C0 controls but tab, LF and CR; DEL and the
    C1 controls (YAML refuses them, MkDocs then drops a page's front matter); noncharacters;
    bidi overrides and isolates (they reorder what a reader sees); lone surrogates (no UTF-8).

    A regular expression with the astral noncharacters in its class is twenty times slower on
    every text; this one looks first for the BMP ones or for any astral character at all."""

    exact = re.compile(f"[{_BMP_FORBIDDEN}{re.escape(_NONCHARACTERS[2:])}]")
    quick = re.compile(f"[{_BMP_FORBIDDEN}\U00010000-\U0010ffff]")

    def search(self, text: str):
        return self.exact.search(text) if self.quick.search(text) else None

    def sub(self, repl, text: str) -> str:
        return self.exact.sub(repl, text) if self.quick.search(text) else text

    def findall(self, text: str) -> list[str]:
        return self.exact.findall(text) if self.quick.search(text) else []


FORBIDDEN = _Forbidden()
_CONTROL = FORBIDDEN
_SLUG_MAX = 80


def fold(value: str) -> str:
    """Lower case without accents: the key under which spellings are compared."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def header_key(name: str) -> str:
    """`Área normativa`, `AREA_NORMATIVA` and ` area normativa ` all give `area_normativa`."""
    return re.sub(r"[\s_]+", "_", fold(name).strip())


_FILLER_WORDS = {"de", "del", "la", "el", "los", "las", "o", "y", "a"}


def column_key(name: str) -> str:
    """header_key, also without filler words: `Número de meta` and `Cargos o puestos` match too."""
    return "_".join(w for w in header_key(name).split("_") if w not in _FILLER_WORDS)


def clean_cell(value: str) -> str:
    """Trim and drop the characters no format can carry (they have no meaning in a cell and break renderers)."""
    return FORBIDDEN.sub("", value).strip()


def has_forbidden(value: str) -> bool:
    return FORBIDDEN.search(value) is not None


def remove_forbidden(value: str) -> str:
    return FORBIDDEN.sub("", value)


def show_escaped(value: str) -> str:
    """The value with each forbidden character written as \\u0080, so a person can see where it was."""
    return FORBIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04x}" if ord(m.group(0)) <= 0xFFFF else f"\\U{ord(m.group(0)):08x}", value)


def shorten(value: str, limit: int = 80) -> str:
    """A value cut for a message: the first `limit` characters and an ellipsis."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def words_key(name: str) -> str:
    """Folded words without punctuation or filler words: `No. de meta` gives `no_meta`, `Cargo/Puesto` gives `cargo_puesto`."""
    words = re.sub(r"[^0-9a-z]+", " ", fold(name)).split()
    return "_".join(w for w in words if w not in _FILLER_WORDS)


@functools.cache  # pages ask for the same few thousand slugs again and again
def slugify(value: str) -> str:
    """Lower-case ASCII slug; long ones are cut and keep a short hash so they stay unique."""
    slug = _NON_SLUG.sub("-", fold(value)).strip("-")
    if not slug:
        return "x-" + hashlib.sha1(value.encode()).hexdigest()[:8]
    if len(slug) > _SLUG_MAX:
        slug = slug[: _SLUG_MAX - 9].rstrip("-") + "-" + hashlib.sha1(value.encode()).hexdigest()[:8]
    return slug


def fecha_larga(value: dt.date) -> str:
    """28 de septiembre de 2022."""
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"


def mes_anio(value: dt.date) -> str:
    """septiembre de 2022."""
    return f"{MONTHS[value.month - 1]} de {value.year}"


def numero(value: float | int) -> str:
    """Numbers as written in Mexico: 1,234.5."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}"
