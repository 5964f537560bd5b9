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
# The RAE's abbreviations of the months: a date in a table, a list or the explorer is «4 mar. 2023».
MONTHS_ABBREVIATED = ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic.")
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
_SLUG_MAX = 80

# Characters that show nothing and are not FORBIDDEN: zero-width spaces and joiners, the soft hyphen,
# bidi marks, the word joiner and invisible operators, the byte order mark, variation selectors,
# Hangul fillers and tag characters. A text is the same text with or without them.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x2060, 0x2064), (0x206A, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xE0000, 0xE0FFF),
)
INVISIBLE = re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _INVISIBLE_RANGES) + "]")

# Letters of other scripts drawn like Latin ones («О» Cyrillic, «Ο» Greek): compared as the Latin letter.
_LOOKALIKES = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X",
    "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y", "Һ": "H", "Ӏ": "I",
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ɡ": "g",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X", "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x",
}
_COMPARISON = str.maketrans({**{chr(c): None for a, b in _INVISIBLE_RANGES for c in range(a, b + 1)}, **_LOOKALIKES})


def fold(value: str) -> str:
    """Lower case without accents, invisible characters or look-alike letters of other scripts:
    the key under which spellings are compared (so «DEO\u200bE» and «DEОE» with a Cyrillic О are «deoe»)."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_COMPARISON).casefold()


_SCRIPT_NAMES = {"CYRILLIC": "cirílica", "GREEK": "griega", "ARMENIAN": "armenia", "CHEROKEE": "cheroqui", "COPTIC": "copta"}


def odd_identifier_chars(value: str) -> str | None:
    """What makes an identifier look like another one: invisible characters and letters of a script
    other than Latin (both in Spanish, for a finding), or None."""
    invisible = sorted(set(INVISIBLE.findall(value)) | set(FORBIDDEN.findall(value)))
    foreign = sorted({c for c in value if not c.isspace() and c not in invisible and (
        c.isalpha() and not unicodedata.name(c, "LATIN").startswith("LATIN") or unicodedata.normalize("NFKC", c) != c)})
    parts = []
    if invisible:
        parts.append("un carácter invisible o de control (" + ", ".join(_escape(c) for c in invisible[:5]) + (", …" if len(invisible) > 5 else "") + ")")
    if foreign:
        shown = ", ".join(f"«{c}», {_script(c)}" for c in foreign[:5])
        parts.append(f"un carácter de otro alfabeto o de otra forma que no se distingue de uno latino ({shown})")
    return " y ".join(parts) or None


def _script(char: str) -> str:
    """«cirílica», «griega»…, or what a compatibility form («Ｄ», «𝐃») stands for."""
    plain = unicodedata.normalize("NFKC", char)
    if plain != char and plain.isascii():
        return f"forma de ancho completo o estilizada de «{plain}»"
    return _SCRIPT_NAMES.get(unicodedata.name(char, "").split(" ")[0], "de otro alfabeto")


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def header_key(name: str) -> str:
    """`Área normativa`, `AREA_NORMATIVA` and ` area normativa ` all give `area_normativa`."""
    return re.sub(r"[\s_]+", "_", fold(name).strip())


_FILLER_WORDS = {"de", "del", "la", "el", "los", "las", "o", "y", "a"}


def clean_cell(value: str) -> str:
    """Trim and drop the characters no format can carry (they have no meaning in a cell and break renderers)."""
    return FORBIDDEN.sub("", value).strip()


def remove_forbidden(value: str) -> str:
    return FORBIDDEN.sub("", value)


def show_escaped(value: str) -> str:
    """The value with each forbidden or invisible character written as \\u0080, so a person can see where it was."""
    return INVISIBLE.sub(lambda m: _escape(m.group(0)), FORBIDDEN.sub(lambda m: _escape(m.group(0)), value))


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


def fecha_corta(value: dt.date) -> str:
    """4 mar. 2023: a date that fits a table's column or a list, every month abbreviated as the RAE does."""
    return f"{value.day} {MONTHS_ABBREVIATED[value.month - 1]} {value.year}"


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


_OS_ERRORS = {
    "ENOSPC": "no queda espacio en el disco",
    "EDQUOT": "se agotó la cuota de disco de este usuario",
    "EACCES": "no hay permiso para usar este archivo o carpeta",
    "EPERM": "la operación no está permitida",
    "ENOENT": "el archivo o la carpeta no existe",
    "EROFS": "el disco es de solo lectura",
    "EISDIR": "es una carpeta, no un archivo",
    "ENOTDIR": "una parte de la ruta no es una carpeta",
    "EEXIST": "ya existe",
    "ENOTEMPTY": "la carpeta no está vacía",
    "EMFILE": "hay demasiados archivos abiertos",
    "ENFILE": "hay demasiados archivos abiertos en el sistema",
    "EIO": "error de lectura o escritura en el disco",
    "ENAMETOOLONG": "el nombre del archivo es demasiado largo",
    "ELOOP": "hay un ciclo de enlaces simbólicos",
    "EXDEV": "el origen y el destino están en discos distintos",
    "EBUSY": "el archivo o la carpeta está en uso",
    "ETXTBSY": "el archivo está en uso",
    "ENOMEM": "no hay memoria suficiente",
    "EAGAIN": "el sistema no tiene recursos libres en este momento",
    "EFBIG": "el archivo es demasiado grande",
    "EINVAL": "la operación no es válida para este archivo",
}


def os_error(exc: OSError) -> str:
    """An operating system error in Spanish, with the paths it names («no queda espacio en el disco:
    /srv/site/index.html»): strerror's text is English. An error without a known number keeps it."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    said = _OS_ERRORS.get(name) or (f"error del sistema {name}: {exc.strerror}" if name else str(exc))
    paths = [show_escaped(str(p)).replace("\n", "\\n") for p in (exc.filename, exc.filename2) if p is not None]
    return said + (f": {' → '.join(paths)}" if paths else "")
