"""INE's annex of metas as it publishes it: one form per meta, in PDF (with a text layer) or Word (.docx).

Each form is a two-column table (labels left, values right, bold heading rows across), under
headings by área normativa and by kind («Meta individual para oficinas centrales»). `read_anexo`
returns the contract's rows, where each form starts (the page of a PDF; the form's position and
heading in a DOCX, which has no pages) and what a clerk must review, as plain data: judging and
printing are the caller's.

Both formats become one stream of events (text lines outside the forms, table rows), and one walk
over that stream builds the forms, so a PDF and the DOCX it was printed from give the same rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.common.text import fold, MONTHS, words_key
from generator.contract.codes import message
from generator.contract.schema import (
    COLUMNS_BY_NAME, FORM_HEADING_AS_LABEL, FORM_IDENTITY, FORM_LAYOUTS, LAYOUT_DESCRIPCION, LAYOUT_OBJETIVO, MARK_COLUMNS, METAS_COLUMNS, SCALE, SCALE_LEVELS,
)

ILLUSTRATIVE_MARK = "Datos ilustrativos"  # a line or form row that starts so marks invented content

def _anexo_columns() -> tuple[str, ...]:
    """The contract's columns in its order, then the illustrative mark; not the one-cell atributo_oportunidad and
    atributo_calidad: a form gives the scale level by level."""
    one_cell = {atributo_column for *_, atributo_column in SCALE}
    return tuple(c.name for c in METAS_COLUMNS if c.name not in one_cell) + tuple(c.name for c in MARK_COLUMNS)


ANEXO_COLUMNS = _anexo_columns()
_SCALE_LABELS = {level: f"Atributo de {atributo.lower()}: Nivel {nivel.lower()}" for atributo, _, levels, _ in SCALE for level, nivel in zip(levels, SCALE_LEVELS)}
_SCALE_LABELS.update({weight: f"Atributo de {atributo.lower()}: Ponderación" for atributo, weight, _, _ in SCALE})


def printed_label(column: str) -> str | None:
    """The label INE's form prints for a contract column (the first layout that has it), to name it as the clerk sees it."""
    if column in _SCALE_LABELS:
        return _SCALE_LABELS[column]
    return next((line.label for layout in FORM_LAYOUTS.values() for line in layout if line.column == column), None)


_FORM_COLUMNS = {line.column for layout in FORM_LAYOUTS.values() for line in layout if line.column}
REQUIRED_FROM_FORM = frozenset(c.name for c in METAS_COLUMNS if c.required and c.name in _FORM_COLUMNS)
DATE_COLUMNS = frozenset(c.name for c in METAS_COLUMNS if c.kind == "date")
NUMBER_COLUMNS = frozenset(c.name for c in METAS_COLUMNS if c.kind in ("number", "percent"))
IDENTITY_COLUMNS = frozenset(line.column for line in FORM_IDENTITY if line.column)
# Each layout is named by the column that describes the meta in it; the columns only it has tell it apart.
_ONLY_IN = {name: {line.column for line in lines if line.column} - {line.column for other, others in FORM_LAYOUTS.items() if other != name for line in others} for name, lines in FORM_LAYOUTS.items()}

# Labels as INE and clerks write them, by column; compared as words_key() spells them.
_LABEL_SPELLINGS = {c.name: c.labels for c in METAS_COLUMNS if c.labels}  # the descriptor's (schema.py)
# A level of the scale: its column depends on the atributo it stands under.
_SCALE_SPELLINGS = {
    "ponderacion": ("Ponderación",),
    "alto": ("Nivel alto", "Alto"),
    "medio": ("Nivel medio", "Medio"),
    "bajo": ("Nivel bajo", "Bajo"),
}
_HEADING_SPELLINGS = {
    "identificador": ("Identificador de la meta", "Identificador"),
    "meta": ("Meta",),
    "periodo": ("Periodo de ejecución", "Período de ejecución"),
    "eficacia": ("Indicador de eficacia",),
    "eficiencia": ("Indicador de eficiencia",),
    "oportunidad": ("Atributo de oportunidad", "Oportunidad"),
    "calidad": ("Atributo de calidad", "Calidad"),
}
_AREA_CODES = {"oc", "jl", "jd", "od", "ople"}
_DATE_FORMAT_WORDS = {"dd", "mm", "aaaa", "aa", "yyyy"}


def label_key(label: str) -> str:
    """`Número de la meta`, `NUMERO DE META` and `3. Número  de meta:` give one key; a date format after the label is dropped."""
    words = words_key(label).split("_")
    while words and words[-1] in _DATE_FORMAT_WORDS:
        words.pop()
    while len(words) > 1 and words[0].isdigit():
        words.pop(0)
    return "_".join(words)


def _keyed(spellings: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {label_key(s): name for name, labels in spellings.items() for s in labels}


_LABELS = _keyed(_LABEL_SPELLINGS)
_PRINTED = {label_key(line.label): line.label for layout in FORM_LAYOUTS.values() for line in layout if line.column}
_SCALE = _keyed(_SCALE_SPELLINGS)
_HEADINGS = _keyed(_HEADING_SPELLINGS)
_MARK_KEY = label_key(ILLUSTRATIVE_MARK)


def _label_column(key: str) -> str | None:
    if key in _LABELS:
        return _LABELS[key]
    words = key.split("_")
    if words[0] == "area" and len(words) > 1 and set(words[1:]) <= _AREA_CODES:
        return "ambito"  # «Área: JL, OC, JD», however the codes are listed
    return None


# ---------------------------------------------------------------------------------------------
# What the reader gives back


@dataclass(frozen=True)
class AnexoLimits:
    """How much one annex may ask for; beyond, an AnexoError instead of a long wait."""

    max_pages: int = 1_000
    max_chars: int = 20_000_000
    xml_bytes_per_char: int = 10  # a DOCX's document.xml may be this many times max_chars before it is read


DEFAULT_ANEXO_LIMITS = AnexoLimits()


class AnexoError(Exception):
    """The file cannot be read as an annex: `code` says what kind of failure; its message, the catalogue's sentence
    for `reason` (a reason of anexo_ilegible in codes.py), names the file and what was expected."""

    def __init__(self, code: str, reason: str, **params):
        self.code, self.reason, self.params = code, reason, params
        self.message = message("anexo_ilegible", reason=reason, **params)
        super().__init__(self.message)


@dataclass(frozen=True)
class Location:
    """Where a form starts: a PDF's page (1 = first); in a DOCX only its position and the headings above it."""

    position: int  # 1 = the annex's first form
    page: int | None
    area_heading: str  # the área normativa's heading above the form, as written
    kind_heading: str  # «Meta individual para oficinas centrales», as written

    def describe(self) -> str:
        """`página 4`; in a DOCX `formulario 3, bajo «Meta individual para oficinas centrales»`."""
        if self.page is not None:
            return f"página {self.page}"
        return f"formulario {self.position}" + (f", bajo «{self.kind_heading}»" if self.kind_heading else "")


@dataclass(frozen=True)
class Problem:
    """Something a clerk must review, with the label in the clerk's words and where the form is: `reason` is its
    sentence in the catalogue (a reason of anexo_revisar in codes.py), `params` fill it."""

    code: str
    reason: str
    params: dict
    label: str | None = None
    value: str | None = None
    page: int | None = None
    position: int | None = None  # the form's position; None for a problem outside any form
    numero: str | None = None
    place: str = ""  # «Página 7», «Meta DEOE-3, página 7»: where the clerk finds it

    @property
    def message(self) -> str:
        """The sentence in Spanish, after the place: it names the meta (its número or its position) and the page."""
        said = message("anexo_revisar", reason=self.reason, **self.params)
        return f"{self.place}: {said}" if self.place else said


@dataclass(frozen=True)
class Form:
    row: dict  # the contract's columns (ANEXO_COLUMNS), then any label not understood, as written
    location: Location
    layout: str  # LAYOUT_DESCRIPCION or LAYOUT_OBJETIVO
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Anexo:
    file: str
    kind: str  # "pdf" or "docx"
    pages: int | None  # None for a DOCX
    datos_ilustrativos: bool  # the document says so before its first form
    forms: tuple[Form, ...]
    problems: tuple[Problem, ...]  # outside any form (each form's are in form.problems)

    @property
    def rows(self) -> list[dict]:
        return [f.row for f in self.forms]

    @property
    def columns(self) -> tuple[str, ...]:
        """ANEXO_COLUMNS, then the labels not understood, in the order they appear."""
        extra = dict.fromkeys(k for f in self.forms for k in f.row if k not in ANEXO_COLUMNS)
        return ANEXO_COLUMNS + tuple(extra)

    @property
    def all_problems(self) -> tuple[Problem, ...]:
        return self.problems + tuple(p for f in self.forms for p in f.problems)


# ---------------------------------------------------------------------------------------------
# Reading


def read_anexo(path: Path | str, *, acuerdo: str = "", label: str | None = None, limits: AnexoLimits = DEFAULT_ANEXO_LIMITS) -> Anexo:
    """The annex at `path` (PDF or DOCX, told by its content); `label` names it in messages (default: the path)."""
    path = Path(path)
    label = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AnexoError("anexo_ilegible", "no_se_abre", label=label, motivo=exc.strerror or exc) from None
    return read_anexo_bytes(data, label, acuerdo=acuerdo, limits=limits)


def read_anexo_bytes(data: bytes, label: str, *, acuerdo: str = "", limits: AnexoLimits = DEFAULT_ANEXO_LIMITS) -> Anexo:
    kind = _kind(data, label)
    events = _pdf_events(data, label, limits) if kind == "pdf" else _docx_events(data, label, limits)
    walk = _Walk(acuerdo)
    for event in events.items:
        walk.take(event)
    forms = walk.finish()
    if not forms:
        raise AnexoError("anexo_sin_formularios", "pdf_sin_formularios" if kind == "pdf" else "word_sin_formularios", label=label)
    return Anexo(label, kind, events.pages, walk.document_mark, tuple(forms), tuple(walk.problems))


def _kind(data: bytes, label: str) -> str:
    if not data.strip():
        raise AnexoError("anexo_vacio", "vacio", label=label)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise AnexoError("anexo_formato", "word_antiguo", label=label)
    raise AnexoError("anexo_formato", "ni_pdf_ni_word", label=label)


# --- the stream both formats become


@dataclass(frozen=True)
class _Cell:
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.paragraphs)


@dataclass(frozen=True)
class _Row:
    cells: tuple[_Cell, ...]  # a merged cell once
    page: int | None
    first_on_page: bool = False  # the first thing on a page of a PDF: maybe the rest of a row split by the page break


@dataclass(frozen=True)
class _Text:
    text: str
    page: int | None
    top: float | None = None  # in a PDF, to join the lines of one heading
    bottom: float | None = None


@dataclass
class _Events:
    items: list
    pages: int | None = None


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


def join_lines(first: str, second: str) -> str:
    """Two lines of one paragraph: one space between, none after a hyphen or slash that ends a word (`DECEyEC-` `30`)
    nor after a hyphen the word processor added to break a word."""
    if not first or not second:
        return first or second
    if first.endswith("\u00ad"):
        return first[:-1] + second
    if first[-1] in "-/" and len(first) > 1 and not first[-2].isspace():
        return first + second
    return first + " " + second


# --- DOCX


def _docx_events(data: bytes, label: str, limits: AnexoLimits) -> _Events:
    import docx
    from docx.oxml.ns import qn

    damaged = AnexoError("anexo_danado", "word_danado", label=label)
    not_word = AnexoError("anexo_formato", "ni_pdf_ni_word", label=label)
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise damaged from None
    if "[Content_Types].xml" not in {i.filename for i in parts}:
        raise not_word  # a zip, but not an Office document (an OpenDocument, an archive)
    if sum(i.file_size for i in parts) > limits.max_chars * limits.xml_bytes_per_char:
        raise _too_many_chars(label, limits)  # what python-docx would hold in memory
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except ValueError:
        raise not_word from None  # an Office document of another kind (a workbook, a presentation)
    except Exception:  # python-docx and lxml raise many kinds on a cut or altered package
        raise damaged from None

    P, TBL, TR, TC, SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
    T, TAB, BR, CR, VMERGE, VAL = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:vMerge"), qn("w:val")
    chars = 0

    def lines(p) -> list[str]:
        parts, out = [], []
        for node in p.iter(T, TAB, BR, CR):
            if node.tag == T:
                parts.append(node.text or "")
            elif node.tag == TAB:
                parts.append(" ")
            else:
                out.append("".join(parts))
                parts = []
        out.append("".join(parts))
        return out

    def cell(tc) -> _Cell:
        nonlocal chars
        merged = tc.find(f"{qn('w:tcPr')}/{VMERGE}")
        if merged is not None and merged.get(VAL) in (None, "continue"):
            return _Cell(())  # the lower part of a vertically merged cell: its text is in the first part
        paragraphs = [t for p in tc.iter(P) for t in (_clean(x) for x in lines(p)) if t]
        chars += sum(len(t) for t in paragraphs)
        return _Cell(tuple(paragraphs))

    items: list = []

    def walk(container) -> None:
        nonlocal chars
        for child in container.iterchildren():
            if child.tag == P:
                for text in (_clean(x) for x in lines(child)):
                    if text:
                        chars += len(text)
                        items.append(_Text(text, None))
            elif child.tag == TBL:
                for tr in child.iter(TR):  # rows and cells may sit inside content controls; not a nested table's
                    if next(tr.iterancestors(TBL)) is child:
                        items.append(_Row(tuple(cell(tc) for tc in tr.iter(TC) if next(tc.iterancestors(TR)) is tr), None))
            elif child.tag == SDT:
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content)
            if chars > limits.max_chars:
                raise _too_many_chars(label, limits)

    walk(body)
    return _Events(items)


def _too_many_chars(label: str, limits: AnexoLimits) -> AnexoError:
    return AnexoError("anexo_demasiado_grande", "demasiados_caracteres", label=label, limit=f"{limits.max_chars:,}")


# --- PDF


@dataclass
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _Line:
    words: list

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _lines(words: list) -> list[_Line]:
    """Words grouped into lines (by their top), each line read left to right."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and word.top - lines[-1].words[0].top < 0.5 * (word.bottom - word.top):
            lines[-1].words.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


# The first word of a cargo's name, and the words a wrapped line of one cargo may end with.
_CARGO_START = re.compile(r"^(Director|Directora|Subdirector|Subdirectora|Jefe|Jefa|Vocal|Coordinador|Coordinadora|Subcoordinador|"
                          r"Subcoordinadora|Técnico|Técnica|Titular|Enlace|Asistente|Analista|Profesional|Especialista|Líder|Supervisor|"
                          r"Supervisora|Encargado|Encargada|Secretario|Secretaria|Consejero|Consejera|Auxiliar)\b")
_LINE_GOES_ON = re.compile(r"(?:[/,\-]|\b(?:de|del|la|las|los|el|al|a|y|e|o|u|en|para|por|con))$", re.IGNORECASE)


def _paragraphs(lines: list[_Line], left: float, right: float) -> tuple[str, ...]:
    """A cell's lines as paragraphs: a line starts a new paragraph when its first word would have fit at the
    end of the line before (so that line ended by choice, not by wrapping), after a wider gap than a line's,
    or when it starts a cargo's name after a line that does not ask for more (a list of cargos, one per line)."""
    if not lines:
        return ()
    pad = max(0.0, lines[0].x0 - left)
    usable = right - min(pad, 8.0)
    height = min(line.bottom - line.top for line in lines)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])]
    pitch = min(min(pitches), 1.2 * height) if len(pitches) > 1 else 1.2 * height  # single spacing: 1.2 font heights at most
    paragraphs = [lines[0].text]
    for before, line in zip(lines, lines[1:]):
        first = line.words[0]
        fits = before.x1 + 0.3 * height + (first.x1 - first.x0) < usable - 1.0
        gap = line.top - before.top > 1.25 * pitch
        cargo = _CARGO_START.match(line.text) and not _LINE_GOES_ON.search(before.text)
        if fits or gap or cargo:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = join_lines(paragraphs[-1], line.text)
    return tuple(_clean(p) for p in paragraphs if _clean(p))


_PAGE_NUMBER = re.compile(r"^(p[aá]gina\s*)?#+(\s*(de|/)\s*#+)?$", re.IGNORECASE)


def _pdf_events(data: bytes, label: str, limits: AnexoLimits) -> _Events:
    """The PDF's rows and lines through PDFium (pypdfium2): thirty times
    faster than pdfminer on these pages, which matters for an annex of hundreds of forms."""
    import pypdfium2

    damaged = AnexoError("anexo_danado", "pdf_danado", label=label)
    if b"%%EOF" not in data[-2048:]:
        raise damaged  # every complete PDF ends with %%EOF; a cut one may still open, with pages missing
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pypdfium2.raw.FPDF_ERR_PASSWORD, pypdfium2.raw.FPDF_ERR_SECURITY):
            raise AnexoError("anexo_cifrado", "cifrado", label=label) from None
        raise damaged from None
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise AnexoError("anexo_demasiado_grande", "demasiadas_paginas", label=label, count=f"{count:,}", limit=f"{limits.max_pages:,}")
        pages: list[list] = []  # per page: (top, _RowCells | _Line) in reading order
        chars = images = 0
        for index in range(count):
            try:
                content, page_chars, page_images = _pdf_page(pdf[index])
            except pypdfium2.PdfiumError:
                raise damaged from None
            chars += page_chars
            images += page_images
            if chars > limits.max_chars:
                raise _too_many_chars(label, limits)
            pages.append(content)
    finally:
        pdf.close()
    if chars == 0:
        if images:
            raise AnexoError("anexo_sin_texto", "escaneado", label=label)
        raise AnexoError("anexo_sin_texto", "sin_texto", label=label)
    running = _running_lines(pages)
    items: list = []
    for number, content in enumerate(pages, 1):
        lines = [thing for _, thing in content if isinstance(thing, _Line) and _running_key(thing.text) not in running]
        content = sorted([item for item in content if isinstance(item[1], _RowCells)] + _unruled_rows(lines), key=lambda item: item[0])
        first = True
        for _, thing in content:
            if isinstance(thing, _Line):
                items.append(_Text(_clean(thing.text), number, thing.top, thing.bottom))
            else:
                items.append(_Row(thing.cells, number, first))
            first = False
    return _Events(items, len(pages))


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
                            "\x02": "\u00ad", "\xa0": " "})


def _pdf_page(page) -> tuple[list, int, int]:
    """A page's form rows (cells of text) and its lines outside them, top to bottom; its count of characters and images."""
    import pypdfium2.raw as raw

    try:
        height = page.get_height()
        words, chars = _pdf_words(page, height)
        h_edges, v_edges, images = [], [], 0
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
            if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                images += 1
            else:
                _path_edges(obj, height, h_edges, v_edges)
    finally:
        page.close()
    bands = _grid(h_edges, v_edges)
    tops = [b[0] for b in bands]
    buckets: list[list[list]] = [[[] for _ in b[2]] for b in bands]
    outside = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        r = bisect.bisect_right(tops, cy) - 1
        placed = False
        if r >= 0 and cy <= bands[r][1]:
            for c, (left, right) in enumerate(bands[r][2]):
                if left <= cx <= right:
                    buckets[r][c].append(w)
                    placed = True
                    break
        if not placed:
            outside.append(w)
    content: list = []
    for (top, _, cells), bucket in zip(bands, buckets):
        content.append((top, _RowCells(tuple(_Cell(_paragraphs(_lines(b), left, right)) for (left, right), b in zip(cells, bucket)))))
    content.extend((line.top, line) for line in _lines(outside))
    content.sort(key=lambda item: item[0])
    return content, chars, images


def _pdf_words(page, height: float) -> tuple[list, int]:
    """The page's words with their boxes (top-down coordinates), from PDFium's characters in content order."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        count = raw.FPDFText_CountChars(textpage.raw)
        box = raw.FS_RECTF()  # the loose box: the font's height, the same for every character of a line
        words: list[_Word] = []
        current: list = []  # [text parts, x0, x1, top, bottom]
        real = 0

        def close():
            if current and "".join(current[0]).strip():
                words.append(_Word("".join(current[0]).translate(_LIGATURES), current[1], current[2], current[3], current[4]))

        for i in range(count):
            ch = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
            if ch.isspace() or ch == "\ufffe":
                close()
                current = []
                continue
            raw.FPDFText_GetLooseCharBox(textpage.raw, i, box)
            x0, x1, y0, y1 = box.left, box.right, height - box.top, height - box.bottom
            real += 1
            if current and (x0 < current[1] - 1 or abs(y1 - current[4]) > 0.5 * max(1.0, current[4] - current[3]) or x0 - current[2] > 0.25 * (y1 - y0 + 1)):
                close()  # the next character is elsewhere on the page: a new word
                current = []
            if not current:
                current = [[ch], x0, x1, y0, y1]
            else:
                current[0].append(ch)
                current[1], current[2] = min(current[1], x0), max(current[2], x1)
                current[3], current[4] = min(current[3], y0), max(current[4], y1)
        close()
        return words, real
    finally:
        textpage.close()


def _path_edges(obj, height: float, h_edges: list, v_edges: list) -> None:
    """The ruling lines a path draws: a line, a thin box (a border drawn filled) or each side of a box."""
    import ctypes

    import pypdfium2.raw as raw

    segments = raw.FPDFPath_CountSegments(obj.raw)
    if 0 < segments <= 5:
        left, bottom, right, top = obj.get_bounds()
        _box_edges(left, height - top, right, height - bottom, h_edges, v_edges)
        return
    matrix = obj.get_matrix()
    x, y = ctypes.c_float(), ctypes.c_float()
    start = previous = None
    for i in range(max(segments, 0)):
        segment = raw.FPDFPath_GetPathSegment(obj.raw, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = matrix.on_point(x.value, y.value)
        point = (px, height - py)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif previous is not None:
            _segment_edge(previous, point, h_edges, v_edges)
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _segment_edge(point, start, h_edges, v_edges)
        previous = point


def _box_edges(x0: float, top: float, x1: float, bottom: float, h_edges: list, v_edges: list) -> None:
    if x1 - x0 <= 2.5 and bottom - top > 2.5:
        v_edges.append(((x0 + x1) / 2, top, bottom))
    elif bottom - top <= 2.5 and x1 - x0 > 2.5:
        h_edges.append(((top + bottom) / 2, x0, x1))
    elif x1 - x0 > 2.5 and bottom - top > 2.5:
        h_edges.extend(((top, x0, x1), (bottom, x0, x1)))
        v_edges.extend(((x0, top, bottom), (x1, top, bottom)))


def _segment_edge(a: tuple, b: tuple, h_edges: list, v_edges: list) -> None:
    if abs(a[1] - b[1]) <= 0.5 and abs(a[0] - b[0]) > 2.5:
        h_edges.append(((a[1] + b[1]) / 2, min(a[0], b[0]), max(a[0], b[0])))
    elif abs(a[0] - b[0]) <= 0.5 and abs(a[1] - b[1]) > 2.5:
        v_edges.append(((a[0] + b[0]) / 2, min(a[1], b[1]), max(a[1], b[1])))


_SNAP = 1.5  # points: rulings this close are one


def _grid(h_edges: list, v_edges: list) -> list[tuple[float, float, list]]:
    """The table rows the rulings draw: (top, bottom, cells as (left, right)), where a band between two
    horizontal rulings is crossed by at least two vertical ones (a merged heading row has only the outer two)."""
    ys = _snapped(sorted(y for y, _, _ in h_edges))
    rows = []
    for top, bottom in zip(ys, ys[1:]):
        if bottom - top < 3:
            continue
        crossing = _snapped(sorted(x for x, t, b in v_edges if t <= top + _SNAP and b >= bottom - _SNAP))
        if len(crossing) < 2:
            continue
        middle = (top + bottom) / 2
        if not any(y - _SNAP <= top and x0 <= crossing[0] + _SNAP and x1 >= crossing[-1] - _SNAP for y, x0, x1 in h_edges if abs(y - top) <= _SNAP):
            if not any(x0 <= crossing[0] + _SNAP and x1 >= crossing[-1] - _SNAP for y, x0, x1 in h_edges if abs(y - top) <= _SNAP and y < middle):
                continue  # no ruling across the top of this band: not a row
        rows.append((top, bottom, list(zip(crossing, crossing[1:]))))
    return rows


def _snapped(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


@dataclass(frozen=True)
class _RowCells:
    cells: tuple[_Cell, ...]


def _unruled_rows(lines: list[_Line]) -> list:
    """Forms without ruled borders (the lines outside any ruled row): the value column is where the words after a wide gap start;
    a line that begins with a known label or heading starts a row, a line with words only in the value
    column continues the value, a line beside a row's label continues the label; other lines stay text."""
    starts: dict[int, int] = {}
    for line in lines:
        for before, word in zip(line.words, line.words[1:]):
            if word.x0 - before.x1 > 1.5 * (word.bottom - word.top):
                starts[round(word.x0 / 2)] = starts.get(round(word.x0 / 2), 0) + 1
                break
    if not starts or max(starts.values()) < 3:
        return [(line.top, line) for line in lines]
    value_x = 2 * max(starts, key=lambda k: (starts[k], -k)) - 2.0
    right_edge = max(w.x1 for line in lines for w in line.words)
    content: list = []
    row: list | None = None  # [top, label lines, value lines, bottom]

    def close():
        if row is not None:
            label = _Cell((_clean(" ".join(line.text for line in row[1])),)) if row[1] else _Cell(())
            value = _Cell(_paragraphs(row[2], value_x, right_edge))
            content.append((row[0], _RowCells((label, value) if row[2] or not row[1] else (label,))))

    for line in lines:
        left = [w for w in line.words if w.x0 < value_x]
        right = [w for w in line.words if w.x0 >= value_x]
        if left and right and right[0].x0 - left[-1].x1 < 1.5 * (line.bottom - line.top):
            left, right = line.words, []  # no gap at the column: a line across the form (a heading row)
        left_text = " ".join(w.text for w in left)
        key = label_key(left_text)
        adjacent = row is not None and line.top - row[3] < 0.6 * (line.bottom - line.top)
        if left and key.startswith(_MARK_KEY):
            close()
            row = None
            content.append((line.top, line))
        elif left and (_known(key) or key in _HEADINGS):
            close()
            row = [line.top, [_Line(left)], [_Line(right)] if right else [], line.bottom]
        elif not left and right and (row is not None or not content):
            if row is None:
                row = [line.top, [], [], line.bottom]  # the rest of a row the page break split
            row[2].append(_Line(right))
            row[3] = line.bottom
        elif left and adjacent:
            row[1].append(_Line(left))
            if right:
                row[2].append(_Line(right))
            row[3] = line.bottom
        else:
            close()
            row = None
            content.append((line.top, line))
    close()
    return content


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", fold(_clean(text)))


def _running_lines(pages: list[list]) -> set:
    """The running header and footer: lines outside the forms repeated at one height on at least half
    of the pages (two at least), and page numbers («Página 3 de 40», «3») wherever they stand."""
    seen: dict = {}
    for content in pages:
        for key in {(_running_key(t.text), round(t.top)) for _, t in content if isinstance(t, _Line)}:
            seen[key] = seen.get(key, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    running = {text for (text, _), count in seen.items() if count >= needed}  # then dropped at any height
    return running | {text for text, _ in seen if _PAGE_NUMBER.match(text)}


# --- one walk over the stream


@dataclass
class _Field:
    label: str  # as written
    paragraphs: list
    page: int | None


@dataclass
class _FormState:
    position: int
    page: int | None
    area_heading: str
    kind_heading: str
    marked: bool
    fields: dict = field(default_factory=dict)  # column -> _Field
    extras: dict = field(default_factory=dict)  # label as written -> _Field
    problems: list = field(default_factory=list)
    section: str = "identificador"
    last: _Field | None = None
    past_identity: bool = False


class _Walk:
    def __init__(self, acuerdo: str):
        self.acuerdo = acuerdo
        self.forms: list[Form] = []
        self.problems: list[Problem] = []
        self.current: _FormState | None = None
        self.area_heading = ""
        self.kind_heading = ""
        self.last_text: _Text | None = None  # the last line outside a form that is not a kind heading
        self.section_text = ""  # that line joined to the lines of its paragraph (a PDF wraps a long heading)
        self.document_mark = False
        self.pending_mark: tuple | None = None  # (page,) of a mark waiting for the form it heads
        self.count = 0

    def take(self, event) -> None:
        if isinstance(event, _Text):
            self._text(event)
            return
        waiting = self.pending_mark is not None
        self._row(event)
        if waiting and self.pending_mark is not None and self.current is not None:
            self.current.marked = True  # the row after the mark did not start a form: the mark is this form's
            self.pending_mark = None

    def _text(self, event: _Text) -> None:
        """Text outside the forms: the title, the headings by área and kind, the illustrative mark."""
        if label_key(event.text).startswith(_MARK_KEY):
            if not self.forms and self.current is None:
                self.document_mark = True
            else:
                self.pending_mark = (event.page,)
            self.last_text = None
            return
        if len(event.text.split()) <= 15 and _tipo(event.text):
            if self.section_text:
                self.area_heading = self.section_text
            self.kind_heading, self.section_text, self.last_text = event.text, "", None
            return
        before = self.last_text
        same_paragraph = (before is not None and event.top is not None and before.top is not None and before.page == event.page
                          and event.top - before.bottom < 0.5 * (event.bottom - event.top))
        self.section_text = join_lines(self.section_text, event.text) if same_paragraph else event.text
        self.last_text = event

    def _row(self, row: _Row) -> None:
        self.last_text = None
        cells = list(row.cells)
        whole = _clean(" ".join(c.text for c in cells))
        if not whole:
            return
        if label_key(whole).startswith(_MARK_KEY):
            self.pending_mark = (row.page,)
            return
        while cells:  # headings first: a row may carry one and then a label (a three-column scale)
            heading = _HEADINGS.get(label_key(cells[0].text))
            others = [c for c in cells[1:] if c.text]
            if heading is None or (others and not (len(others) >= 2 and _known(label_key(others[0].text)))):
                break  # a heading with a value beside it is a label («Meta» | the description)
            self._heading(heading, row)
            cells = cells[1:]
        while len(cells) > 2 and not cells[0].text:
            cells = cells[1:]  # the lower part of a merged cell on the left
        if not cells:
            return
        label = cells[0].text
        paragraphs = [p for c in cells[1:] for p in c.paragraphs]
        if not label:
            self._continuation(paragraphs, row)
            return
        key = label_key(label)
        heading = _HEADINGS.get(key)
        column = _label_column(key) or (FORM_HEADING_AS_LABEL.get(heading) if heading else None)
        scale = _SCALE.get(key)
        form = self.current
        if column is None and scale is None:
            if row.first_on_page and form is not None and form.last is not None and _known(label_key(join_lines(form.last.label, label))):
                form.last.label = join_lines(form.last.label, label)  # a label split by the page break, its value too
                self._continuation(paragraphs, row)
            elif form is None:
                self.problems.append(Problem("anexo_fuera_de_formulario", "fila_fuera_de_formulario", {"label": label}, label, " ".join(paragraphs) or None,
                                             row.page, place=_page_place(row.page)))
            else:
                self._unknown(form, label, paragraphs, row)
            return
        if form is None or (column in IDENTITY_COLUMNS and column in form.fields and form.past_identity):
            form = self._start(row.page)  # a form without its «Identificador de la meta» heading
        if column is None:
            column = self._scale_column(form, scale)
        if column not in IDENTITY_COLUMNS:
            form.past_identity = True
        value = _clean(" ".join(paragraphs))
        if column in form.fields:
            previous = form.fields[column]
            renamed = previous.label != label
            form.problems.append(Problem("anexo_etiqueta_repetida", "etiqueta_repetida_renombrada" if renamed else "etiqueta_repetida",
                                         {"label": label, "before": previous.label, "discarded": value}, label, value or None, row.page))
            form.last = _Field(label, paragraphs, row.page)
            return
        form.last = form.fields[column] = _Field(label, paragraphs, row.page)

    def _heading(self, heading: str, row: _Row) -> None:
        if heading == "identificador" or self.current is None:
            self._start(row.page)
        self.current.section = heading
        if heading != "identificador":
            self.current.past_identity = True

    def _scale_column(self, form: _FormState, level: str) -> str:
        pattern = {"ponderacion": "ponderacion_{}", "alto": "{}_alto", "medio": "{}_medio", "bajo": "{}_bajo"}[level]
        if form.section in ("oportunidad", "calidad"):
            return pattern.format(form.section)
        # levels given without naming their atributo: oportunidad first, then calidad
        first = pattern.format("oportunidad")
        return first if first not in form.fields else pattern.format("calidad")

    def _continuation(self, paragraphs: list, row: _Row) -> None:
        form = self.current
        if not paragraphs:
            return
        if form is None or form.last is None:
            self.problems.append(Problem("anexo_fuera_de_formulario", "texto_fuera_de_formulario", {}, None, " ".join(paragraphs), row.page,
                                         place=_page_place(row.page)))
            return
        target = form.last.paragraphs
        if target and row.first_on_page:
            target[-1] = join_lines(target[-1], paragraphs[0])  # the rest of a row the page break split
            target.extend(paragraphs[1:])
            return
        target.extend(paragraphs)
        form.problems.append(Problem("anexo_fila_sin_etiqueta", "fila_sin_etiqueta", {"label": form.last.label}, form.last.label, " ".join(paragraphs), row.page))

    def _unknown(self, form: _FormState, label: str, paragraphs: list, row: _Row) -> None:
        close = difflib.get_close_matches(label_key(label), _PRINTED, n=1, cutoff=0.8)
        hint = message("anexo_revisar", reason="quiso_decir", label=_PRINTED[close[0]]) if close else ""
        if not paragraphs:
            form.problems.append(Problem("anexo_etiqueta_desconocida", "fila_desconocida", {"label": label, "hint": hint}, label, None, row.page))
            return
        form.problems.append(Problem("anexo_etiqueta_desconocida", "etiqueta_desconocida", {"label": label, "hint": hint}, label, " ".join(paragraphs), row.page))
        form.last = form.extras.setdefault(label, _Field(label, [], row.page))
        form.last.paragraphs.extend(paragraphs)

    def _start(self, page: int | None) -> _FormState:
        self._close()
        self.count += 1
        marked = self.pending_mark is not None
        start_page = self.pending_mark[0] if marked and self.pending_mark[0] is not None else page
        self.pending_mark = None
        self.current = _FormState(self.count, start_page, self.area_heading, self.kind_heading, marked)
        return self.current

    def finish(self) -> list[Form]:
        self._close()
        return self.forms

    def _close(self) -> None:
        form, self.current = self.current, None
        if form is None:
            return
        if not form.fields or (len(form.fields) < 3 and not self.forms):
            self.count -= 1  # not a form (a cover, a table of contents): it takes no position
            if form.fields:
                labels = ", ".join(f"«{f.label}»" for f in form.fields.values())
                self.problems.append(Problem("anexo_fuera_de_formulario", "tabla_no_es_formulario", {"labels": labels}, None, None, form.page,
                                             place=_page_place(form.page)))
            return
        self.forms.append(_build(form, self))


def _page_place(page: int | None) -> str:
    return f"Página {page}" if page is not None else ""


def _known(key: str) -> bool:
    return _label_column(key) is not None or key in _SCALE


def _build(form: _FormState, walk: _Walk) -> Form:
    problems: list[Problem] = []
    fields = form.fields
    location = Location(form.position, form.page, form.area_heading, form.kind_heading)
    numero = _clean(" ".join(fields["numero_meta"].paragraphs)) if "numero_meta" in fields else ""

    def where(page) -> str:
        if numero:
            return f"Meta {numero}, " + (f"página {page}" if page is not None else location.describe())
        meta = f"Formulario {form.position} (sin número de meta)"
        if page is not None:
            return f"{meta}, página {page}"
        return f"{meta}, bajo «{form.kind_heading}»" if form.kind_heading else meta

    def problem(code, reason, params, label=None, value=None, page=None) -> None:
        page = page if page is not None else form.page
        problems.append(Problem(code, reason, params, label, value or None, page, form.position, numero or None, where(page)))

    for p in form.problems:  # found while reading: now with the meta's número, known only at the end
        problem(p.code, p.reason, p.params, p.label, p.value, p.page)

    row: dict = {name: "" for name in ANEXO_COLUMNS}
    row["acuerdo"] = walk.acuerdo
    for column, f in fields.items():
        kind = COLUMNS_BY_NAME[column].kind
        text = _clean("; ".join(_cargo(p) for p in f.paragraphs).strip(" ;,")) if kind == "list" else _clean(" ".join(f.paragraphs))
        if column in DATE_COLUMNS and text:
            parsed = parse_date(text)
            if parsed is None:
                problem("anexo_valor_no_entendido", "fecha_no_entendida", {"label": f.label, "text": text}, f.label, text, f.page)
            text = parsed.isoformat() if parsed else text
        elif column in NUMBER_COLUMNS and text:
            number = parse_number(text)
            if number is None:
                problem("anexo_valor_no_entendido", "numero_no_entendido", {"label": f.label, "text": text}, f.label, text, f.page)
            text = number if number is not None else text
        elif kind == "ambito" and text:
            text = _ambito(text, f, problem)
        row[column] = text
    for label, f in form.extras.items():
        row[label] = _clean(" ".join(f.paragraphs))

    tipo = _tipo(form.kind_heading)
    row["tipo"] = tipo or ""
    if not tipo:
        problem("anexo_sin_tipo", "sin_tipo", {})
    hint = _heading_ambito(form.kind_heading)
    if hint and row["ambito"] in ("oficinas_centrales", "organos_desconcentrados", "ople") and hint != row["ambito"]:
        area = fields["ambito"]
        written = _clean(" ".join(area.paragraphs))
        problem("anexo_ambito_distinto", "ambito_distinto", {"label": area.label, "text": written, "heading": form.kind_heading}, area.label, written, area.page)

    layout = LAYOUT_OBJETIVO if LAYOUT_DESCRIPCION not in fields and fields.keys() & _ONLY_IN[LAYOUT_OBJETIVO] else LAYOUT_DESCRIPCION
    # The 2020–2021 layout has no description: its «Objetivo» is the meta's (the contract: `descripcion` may be
    # empty when `objetivo` is given), left in its own column so that nothing is written twice.
    row.update({mark.name: bool(form.marked or walk.document_mark) for mark in MARK_COLUMNS})

    required = (REQUIRED_FROM_FORM - FORM_LAYOUTS.keys()) | {layout}  # what describes the meta is required in its layout
    for line in FORM_LAYOUTS[layout]:
        if line.column and line.column not in fields:
            important = line.column in required
            code = "anexo_etiqueta_faltante" if important else "anexo_etiqueta_ausente"
            problem(code, "etiqueta_faltante" if important else "etiqueta_ausente", {"label": line.label}, line.label)
        elif line.column in required and row[line.column] == "":
            f = fields[line.column]
            problem("anexo_valor_vacio", "valor_vacio", {"label": f.label}, f.label, None, f.page)
    return Form(row, location, layout, tuple(problems))


def _cargo(paragraph: str) -> str:
    return _clean(paragraph).rstrip(";,").strip()


def _tipo(heading: str) -> str | None:
    """The kind a heading names; none when it names both («Metas individuales y colectivas…», the title)."""
    words = fold(heading).split()
    kinds = {"individual" if w.startswith("individual") else "colectiva" for w in words if w.startswith(("individual", "colectiv"))}
    return kinds.pop() if len(kinds) == 1 else None


def _heading_ambito(heading: str) -> str | None:
    folded = fold(heading)
    if "oficinas centrales" in folded:
        return "oficinas_centrales"
    if "desconcentrad" in folded:
        return "organos_desconcentrados"
    if "ople" in folded.split() or "organismos publicos locales" in folded:
        return "ople"
    return None


def _ambito(text: str, f: _Field, problem) -> str:
    """OC → oficinas_centrales; JL, JD, «JL y JD» → organos_desconcentrados; OPLE → ople, for the caller to judge."""
    folded = fold(text)
    codes = set(re.findall(r"[a-z]+", folded)) - {"y", "e", "o"}
    if "oficinas centrales" in folded or codes == {"oc"}:
        return "oficinas_centrales"
    if "desconcentrad" in folded or (codes and codes <= {"jl", "jd", "od"}):
        return "organos_desconcentrados"
    if codes == {"ople"}:
        problem("anexo_ambito_ople", "ambito_ople", {"label": f.label, "text": text}, f.label, text, f.page)
        return "ople"
    problem("anexo_valor_no_entendido", "ambito_no_entendido", {"label": f.label, "text": text}, f.label, text, f.page)
    return text


_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LONG_DATE = re.compile(r"^(\d{1,2})\s+de\s+([a-z]+)\s+(?:de|del)\s+(\d{4})$")


def parse_date(text: str) -> dt.date | None:
    """dd/mm/aaaa (also with - or ., or a two-digit year), ISO, or «1 de octubre de 2022»."""
    value = fold(_clean(text))
    try:
        if m := _DATE.match(value):
            return dt.date(int(m[3]) + (2000 if len(m[3]) == 2 else 0), int(m[2]), int(m[1]))
        if m := _ISO_DATE.match(value):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _LONG_DATE.match(value)) and m[2] in MONTHS:
            return dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1]))
    except ValueError:
        return None
    return None


_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(%|por\s*ciento)?$")


def parse_number(text: str) -> int | float | None:
    """`100%`, `10 %`, `12.5`, `12,5 %` as numbers (a percentage as its number of hundredths)."""
    m = _NUMBER.match(fold(_clean(text)))
    if not m:
        return None
    number = float(m[1].replace(",", "."))
    return int(number) if number.is_integer() else number
