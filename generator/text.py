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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
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
    """Trim and drop control characters (they have no meaning in a cell and break renderers)."""
    return _CONTROL.sub("", value).strip()


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
