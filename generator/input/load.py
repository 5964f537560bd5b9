"""data/ → raw tables and mappings: formats, encodings, delimiters, header matching.

Nothing here judges values; it only reads what is written, with the row numbers
a spreadsheet user would see (header = row 1). What cannot be read safely is a
finding, never a traceback: files outside the data folder (links), files over the
limits, YAML that would expand or nest without bound, workbooks with a DTD, and
characters that no output format can carry (removed here, each with a finding).
"""

from __future__ import annotations

import dataclasses

import csv
import datetime as dt
import faulthandler
import io
import os
import pickle
import re
import resource
import select
import signal
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from generator.common.text import clean_cell, FORBIDDEN, odd_identifier_chars, os_error, remove_forbidden, show_escaped, slugify
from generator.contract import schema
from generator.contract.findings import Finding, finding

ANEXO_SUFFIXES = (".pdf", ".docx")  # INE's annex as it publishes it: a form per meta
CSV_SUFFIXES = (".csv",)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TABLE_SUFFIXES = CSV_SUFFIXES + WORKBOOK_SUFFIXES
YAML_SUFFIXES = (".yml", ".yaml")

Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class Limits:
    """How much work one data folder may ask for; every limit gives a finding, never a hang."""

    max_file_bytes: int = 50 * 1024 * 1024  # any file read (an XLSX/ODS also uncompressed: 4×)
    max_rows: int = 100_000  # rows of one table (blank rows aside)
    max_columns: int = 1_000  # cells of one row of a table (INE's annexes have about 25)
    max_sheet_bytes: int = 512 * 1024 * 1024  # memory a workbook's reader may take (a cell at XFD1048576 asks for 512 GB)
    max_sheet_seconds: int = 30  # time a workbook's reader may take
    max_cell_chars: int = 20_000  # characters of one cell or YAML value
    max_yaml_aliases: int = 50  # aliases (*name) in one acuerdo YAML
    max_yaml_nodes: int = 20_000  # values of one acuerdo YAML once its aliases are expanded
    max_yaml_bytes: int = 1024 * 1024  # an acuerdo's YAML is a few KB; PyYAML reads about 300 KB a second
    max_depth: int = 20  # nesting of lists and maps in a YAML, of lists and quotes in a documento
    max_document_chars: int = 2_000_000  # an acuerdo's text (the seed has 25,000; rendering is linear, ~20 µs a character at worst)
    max_anexo_pages: int = 1_000  # pages of an annex in PDF (INE's have 100–300)
    max_anexo_chars: int = 20_000_000  # characters of an annex's text, PDF or Word


DEFAULT_LIMITS = Limits()

# Columns whose value names something: a character removed there would change what it names.
IDENTIFIER_COLUMNS = {"acuerdo", "numero_meta", "area_normativa", "acuerdo_origen", "siglas"}
IDENTIFIER_KEYS = {"clave", "antecedentes"}

class TextDatesLoader(yaml.SafeLoader):
    """YAML without implicit dates: `2022-13-45` stays text, for the validator to judge."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _YamlLimit(Exception):
    def __init__(self, code: str, line: int | None, limit: int | str):
        super().__init__(code)
        self.code, self.line, self.limit = code, line, limit


class BoundedLoader(TextDatesLoader):
    """Composes the node graph with a bound on depth and aliases, before anything is constructed."""

    def __init__(self, stream, limits: Limits):
        super().__init__(stream)
        self.limits = limits
        self.depth = 0
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent, index):
        self.nodes += 1
        if self.nodes > self.limits.max_yaml_nodes:
            raise _YamlLimit("archivo_demasiado_grande", self.peek_event().start_mark.line + 1, f"más de {self.limits.max_yaml_nodes:,} valores")
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.max_yaml_aliases:
                raise _YamlLimit("yaml_demasiados_alias", self.peek_event().start_mark.line + 1, self.limits.max_yaml_aliases)
        self.depth += 1
        try:
            if self.depth > self.limits.max_depth:
                raise _YamlLimit("yaml_anidamiento", self.peek_event().start_mark.line + 1, self.limits.max_depth)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def expanded_size(node: yaml.Node, limit: int) -> int:
    """How many values the node graph stands for once aliases are expanded (stops counting past `limit`)."""
    sizes: dict[int, int] = {}

    def size(current: yaml.Node) -> int:
        known = sizes.get(id(current))
        if known is not None:
            return known
        total = 1
        if isinstance(current, yaml.SequenceNode):
            for child in current.value:
                total += size(child)
                if total > limit:
                    break
        elif isinstance(current, yaml.MappingNode):
            for key, child in current.value:
                total += size(key) + size(child)
                if total > limit:
                    break
        sizes[id(current)] = min(total, limit + 1)
        return sizes[id(current)]

    return size(node)


@dataclass
class RawTable:
    file: str  # path relative to the data folder's parent, as people see it
    headers: dict[str, str]  # matched key → header as written
    rows: list[tuple[int, dict[str, str]]]  # (row number, key → trimmed text)
    unknown: list[str] = field(default_factory=list)  # headers as written that no contract column matched
    relative: str = ""  # path inside the data folder, as an acuerdo's `metas:` names it
    header_row: int = 1  # the row of the header (INE's annexes open with a title or two above it)
    # An annex read from its forms (PDF or DOCX): a row is a form, numbered by its position in the annex.
    places: dict[int, str] = field(default_factory=dict)  # row → where its form is («página 7, meta DEOE-3»)
    pages: dict[int, int] = field(default_factory=dict)  # row → the PDF page where its form starts
    anexo: bytes | None = None  # the annex as published, to publish beside the acuerdo

    def locate(self, found: Finding) -> Finding:
        """A finding on a row of an annex, said where its form is, and with the form's label for the column."""
        if found.file != self.file or found.row not in self.places:
            return found
        return dataclasses.replace(found, place=self.places[found.row], column=self.headers.get(found.key or found.column or "", found.column))


@dataclass
class RawAcuerdo:
    file: str
    values: dict
    lines: dict[str, int]  # key → line of the YAML file


@dataclass
class RawData:
    root: Path
    acuerdos: list[RawAcuerdo] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    areas: RawTable | None = None
    cargos: RawTable | None = None
    resultados: list[RawTable] = field(default_factory=list)  # data/resultados/: grades of closed periods
    texts: dict[str, str] = field(default_factory=dict)  # relative path → text of a documento
    findings: list[Finding] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)  # slug of an acuerdo's clave → its YAML that could not be read
    limits: Limits = DEFAULT_LIMITS
    outside: set[str] = field(default_factory=set)  # relative paths that are links out of the data folder


def load_data_dir(data_dir: Path, limits: Limits | None = None, progress: Progress | None = None) -> RawData:
    data_dir = Path(data_dir)
    limits = limits or DEFAULT_LIMITS
    raw = RawData(root=data_dir, limits=limits)
    if not data_dir.is_dir():
        raw.findings.append(finding("carpeta_inexistente", str(data_dir)))
        return raw
    reader = _Reader(data_dir, raw, limits, progress)
    reader.read_all()
    return raw


class _Reader:
    def __init__(self, root: Path, raw: RawData, limits: Limits, progress: Progress | None):
        self.root = root
        self.real_root = root.resolve()
        self.raw = raw
        self.limits = limits
        self.progress = progress or (lambda what, done, total: None)
        self.base = root.name or str(root)

    # ------------------------------------------------------------ paths

    def label(self, path: Path) -> str:
        """The path as people see it; a name with a control character (or bytes that are not UTF-8) shows it escaped."""
        return show_escaped(f"{self.base}/{path.relative_to(self.root).as_posix()}")

    def inside(self, path: Path) -> bool:
        """True when the path, links followed, stays in the data folder; a finding names the link otherwise."""
        try:
            path.resolve().relative_to(self.real_root)
        except ValueError:
            self.raw.findings.append(finding("fuera_de_datos", self.label(path)))
            self.raw.outside.add(path.relative_to(self.root).as_posix())
            return False
        except (OSError, RuntimeError):  # a loop of links
            self.raw.findings.append(finding("fuera_de_datos", self.label(path)))
            self.raw.outside.add(path.relative_to(self.root).as_posix())
            return False
        return True

    def listing(self, name: str) -> list[Path]:
        """The visible entries of data/<name>/ that stay inside the data folder."""
        folder = self.root / name
        if not folder.is_dir() or not self.inside(folder):
            return []
        entries = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith((".", "~$")):
                continue  # hidden files and Office's lock files
            if self.inside(path) and path.is_file():
                entries.append(path)
        return entries

    def named(self, relative: str) -> Path | None:
        """A path an acuerdo names (documento:, metas:), when it is a file inside the data folder.

        The validator reports the others on the acuerdo's line (missing, or a link out of the folder)."""
        if Path(relative).is_absolute() or ".." in Path(relative).parts:
            return None
        path = self.root / relative
        if not inside_folder(self.root, relative) or not path.is_file():
            return None
        return path

    def read_bytes(self, path: Path, label: str) -> bytes | None:
        size = path.stat().st_size
        if size > self.limits.max_file_bytes:
            self.raw.findings.append(finding("archivo_demasiado_grande", label, size=f"ocupa {_size(size)}", limit=_size(self.limits.max_file_bytes)))
            return None
        try:
            return path.read_bytes()
        except OSError:
            self.raw.findings.append(finding("archivo_ilegible", label, reason="sin_acceso"))
            return None

    # ------------------------------------------------------------ everything

    def read_all(self) -> None:
        raw = self.raw
        yaml_files = [p for p in self.listing("acuerdos") if p.suffix.lower() in YAML_SUFFIXES]
        if not yaml_files:
            raw.findings.append(finding("sin_acuerdos", self.label(self.root / "acuerdos")))
        for done, path in enumerate(yaml_files, start=1):
            acuerdo = self.read_yaml(path)
            if acuerdo:
                raw.acuerdos.append(acuerdo)
            self.progress("acuerdos", done, len(yaml_files))

        table_paths = self.table_paths()
        for done, path in enumerate(table_paths, start=1):
            if path.suffix.lower() in ANEXO_SUFFIXES:
                table = self.read_anexo(path)
            else:
                table = read_table(path, self.label(path), raw.findings, self.limits, self.progress, _bytes_reader=self.read_bytes)
            if table:
                table.relative = path.relative_to(self.root).as_posix()
                raw.tables.append(table)
            self.progress("tablas", done, len(table_paths))

        for acuerdo in raw.acuerdos:
            documento = acuerdo.values.get("documento")
            if not isinstance(documento, str) or documento in raw.texts:
                continue
            path = self.named(documento)
            if path is None:
                continue
            data = self.read_bytes(path, self.label(path))
            if data is None:
                continue
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raw.findings.append(finding("archivo_ilegible", acuerdo.file, acuerdo.lines.get("documento"), "documento", documento, reason="documento_no_utf8"))
                continue
            if len(text) > self.limits.max_document_chars:
                raw.findings.append(finding("archivo_demasiado_grande", self.label(path), size=f"tiene {len(text):,} caracteres", limit=f"{self.limits.max_document_chars:,} caracteres"))
                continue
            raw.texts[documento] = self.clean_document(text, self.label(path))

        catalogos = {p.stem.lower(): p for p in self.listing("catalogos") if p.suffix.lower() in TABLE_SUFFIXES}
        for name in ("areas", "cargos"):
            path = catalogos.get(name)
            if path:
                setattr(raw, name, read_table(path, self.label(path), raw.findings, self.limits, _bytes_reader=self.read_bytes, identifiers={"siglas"} if name == "areas" else set()))

        for path in self.listing("resultados"):  # a file of another format is reported, as in data/metas/
            table = read_table(path, self.label(path), raw.findings, self.limits, _bytes_reader=self.read_bytes)
            if table:
                raw.resultados.append(table)

    def table_paths(self) -> list[Path]:
        """Every table in data/metas/ plus any other that an acuerdo names."""
        paths = {}
        for path in self.listing("metas"):
            paths[path.resolve()] = path
        for acuerdo in self.raw.acuerdos:
            named = acuerdo.values.get("metas")
            if isinstance(named, str):
                path = self.named(named)
                if path is not None:
                    paths.setdefault(path.resolve(), path)
        return sorted(paths.values())

    def read_anexo(self, path: Path) -> RawTable | None:
        """An annex as INE publishes it (PDF or DOCX), read from its forms: a row per form, its labels as headers.

        Reading a 300-page PDF takes seconds, so what the reader gives is kept in a cache by the file's
        sha256 (and the reader's own), and a rebuild or a preview reads the annex only when it changed."""
        from generator.input import anexo_cache
        from generator.input.anexo import AnexoError, AnexoLimits, printed_label

        label = self.label(path)
        data = self.read_bytes(path, label)
        if data is None:
            return None
        try:
            annex = anexo_cache.read(data, label, AnexoLimits(max_pages=self.limits.max_anexo_pages, max_chars=self.limits.max_anexo_chars))
        except AnexoError as exc:
            self.raw.findings.append(finding("anexo_ilegible", label, reason=exc.reason, **exc.params))
            return None
        for problem in annex.all_problems:
            self.raw.findings.append(finding("anexo_revisar", label, None, problem.label, problem.value, place=problem.place, reason=problem.reason, **problem.params))
        columns = list(annex.columns)
        grid = [(0, columns)] + [(form.location.position, [_anexo_cell(form.row.get(c)) for c in columns]) for form in annex.forms]
        table = _table(grid, label, self.raw.findings, self.limits, None, IDENTIFIER_COLUMNS, self.progress)
        if table is None:
            return None
        for form in annex.forms:
            numero = form.row.get("numero_meta") or "sin número"
            table.places[form.location.position] = f"{form.location.describe()}, meta {numero}"
            if form.location.page is not None:
                table.pages[form.location.position] = form.location.page
        table.headers = {key: printed_label(key) or written for key, written in table.headers.items()}
        table.anexo = data
        return table

    def clean_document(self, text: str, label: str) -> str:
        for number, line in enumerate(text.split("\n"), start=1):
            if FORBIDDEN.search(line):
                chars = _char_names(line)
                self.raw.findings.append(finding("caracter_invalido", label, number, None, line, chars=chars))
        return remove_forbidden(text)

    # ------------------------------------------------------------ YAML

    def read_yaml(self, path: Path) -> RawAcuerdo | None:
        label = self.label(path)
        size = path.stat().st_size
        if size > self.limits.max_yaml_bytes:
            self.raw.findings.append(finding("archivo_demasiado_grande", label, size=f"ocupa {_size(size)}", limit=f"{_size(self.limits.max_yaml_bytes)} para el YAML de un acuerdo"))
            self._unreadable(path, label, "")
            return None
        data = self.read_bytes(path, label)
        if data is None:
            self._unreadable(path, label, "")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.raw.findings.append(finding("archivo_ilegible", label, reason="no_utf8"))
            self._unreadable(path, label, data.decode("cp1252", errors="replace"))
            return None
        removed = [(number, line) for number, line in enumerate(text.split("\n"), start=1) if FORBIDDEN.search(line)]
        clean = remove_forbidden(text)
        loader = BoundedLoader(clean, self.limits)
        try:
            node = loader.get_single_node()
            if node is not None and expanded_size(node, self.limits.max_yaml_nodes) > self.limits.max_yaml_nodes:
                raise _YamlLimit("yaml_demasiados_alias", None, f"se expandiría a más de {self.limits.max_yaml_nodes:,} valores por sus alias (*nombre)")
            values = loader.construct_document(node) if node is not None else None
        except _YamlLimit as exc:
            if exc.code == "archivo_demasiado_grande":
                self.raw.findings.append(finding(exc.code, label, exc.line, size=f"tiene {exc.limit}", limit=f"{self.limits.max_yaml_nodes:,} valores (un acuerdo tiene unos cientos)"))
            else:
                self.raw.findings.append(finding(exc.code, label, exc.line, limit=exc.limit))
            self._unreadable(path, label, clean)
            return None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            self.raw.findings.append(finding("yaml_invalido", label, mark.line + 1 if mark else None, reason=yaml_problem(exc, clean)))
            self._unreadable(path, label, clean)
            return None
        except (RecursionError, TypeError, ValueError, OverflowError):
            self.raw.findings.append(finding("yaml_invalido", label, reason="no_es_mapa"))
            self._unreadable(path, label, clean)
            return None
        finally:
            loader.dispose()
        if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
            self.raw.findings.append(finding("yaml_invalido", label, 1, reason="no_es_mapa_de_claves"))
            self._unreadable(path, label, clean)
            return None
        lines = {}
        null_key = None  # a key YAML reads as null («~:», «null:», «: valor»), named as written
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.tag == "tag:yaml.org,2002:null":
                null_key = f"{key.value} (clave nula)" if key.value else "(clave vacía)"
                lines.setdefault(null_key, key.start_mark.line + 1)
                continue
            if str(key.value) in lines:
                self.raw.findings.append(finding("yaml_clave_repetida", label, key.start_mark.line + 1, remove_forbidden(str(key.value)), other=lines[str(key.value)]))
                continue
            lines[str(key.value)] = key.start_mark.line + 1
        top_lines = sorted((line, key) for key, line in lines.items())
        for number, line in removed:
            key = next((k for l, k in reversed(top_lines) if l <= number), None)
            if key in IDENTIFIER_KEYS:
                self.raw.findings.append(finding("caracter_invalido_identificador", label, number, key, line.strip(" \t\r"), chars=odd_identifier_chars(line)))
            else:
                self.raw.findings.append(finding("caracter_invalido", label, number, key, line.strip(" \t\r"), chars=_char_names(line)))
        clean_values = {}
        for key, value in values.items():
            name = key if isinstance(key, str) else null_key if key is None else str(key)
            clean_values[remove_forbidden(name)] = self._clean_yaml_value(value, label, lines.get(name), name)
        return RawAcuerdo(label, clean_values, lines)

    def _clean_yaml_value(self, value, label: str, line: int | None, key: str):
        """Strings of a YAML value without forbidden characters (written as escapes, "\\x80"), within the length limit."""
        if isinstance(value, str):
            if len(value) > self.limits.max_cell_chars:
                self.raw.findings.append(finding("celda_demasiado_larga", label, line, key, value[:80], length=len(value), limit=self.limits.max_cell_chars))
                value = value[: self.limits.max_cell_chars]
            odd = odd_identifier_chars(value) if key in IDENTIFIER_KEYS else None
            if odd:
                self.raw.findings.append(finding("caracter_invalido_identificador", label, line, key, value, chars=odd))
            elif FORBIDDEN.search(value):
                self.raw.findings.append(finding("caracter_invalido", label, line, key, value, chars=_char_names(value)))
            return remove_forbidden(value)
        if isinstance(value, list):
            return [self._clean_yaml_value(v, label, line, key) for v in value]
        if isinstance(value, dict):
            return {self._clean_yaml_value(k, label, line, key) if isinstance(k, str) else k: self._clean_yaml_value(v, label, line, key) for k, v in value.items()}
        return value

    def _unreadable(self, path: Path, label: str, text: str) -> None:
        """Remember which clave an unreadable YAML was for, so its rows name it instead of failing one by one."""
        self.raw.unreadable[slugify(path.stem)] = label
        match = re.search(r"^\s*clave\s*:\s*[\"']?([^\"'#\n]+)", text, re.MULTILINE)
        if match and match.group(1).strip():
            self.raw.unreadable[slugify(match.group(1).strip())] = label


# ---------------------------------------------------------------- YAML messages

def yaml_problem(exc: yaml.YAMLError, text: str) -> str:
    """What PyYAML's English error means, as a reason of yaml_invalido (the catalogue says it in Spanish, with what to do)."""
    problem = (getattr(exc, "problem", None) or "").lower()
    context = (getattr(exc, "context", None) or "").lower()
    mark = getattr(exc, "problem_mark", None)
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "'\\t'" in problem or "\t" in line[: (mark.column + 1) if mark else 0]:
        return "tabulador"
    if "mapping values are not allowed" in problem:
        return "dos_puntos_en_valor"
    if "could not find expected ':'" in problem:
        return "falta_dos_puntos"
    if "found undefined alias" in problem:
        return "alias_sin_ancla"
    if "found duplicate anchor" in problem:
        return "ancla_repetida"
    if "expected <block end>" in problem or "did not find expected key" in problem or "expected <block end>" in context:
        return "sangria"
    if "did not find expected '-'" in problem:
        return "lista"
    if "while scanning a quoted scalar" in context or "found unexpected end of stream" in problem:
        return "comillas"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem or "flow" in context:
        return "corchete"
    if "found character" in problem and "cannot start any token" in problem:
        return "caracter_inicial"
    if "unhashable" in problem or "found unacceptable" in problem:
        return "clave_compleja"
    if "could not determine a constructor" in problem:
        return "etiqueta"
    if "expected a single document" in problem or "expected a single document" in context:
        return "varios_documentos"
    return "mal_formado"


# ---------------------------------------------------------------- tables


def read_table(path: Path, label: str, findings: list[Finding], limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None, *,
               identifiers: set[str] | None = None, _bytes_reader=None) -> RawTable | None:
    """A CSV or the first sheet of an XLSX, XLS or ODS, as trimmed text with spreadsheet row numbers."""
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        findings.append(finding("formato_no_admitido", label, ext=suffix or "sin extensión"))
        return None
    if _bytes_reader is None:
        def _bytes_reader(p, l):
            size = p.stat().st_size
            if size > limits.max_file_bytes:
                findings.append(finding("archivo_demasiado_grande", l, size=f"ocupa {_size(size)}", limit=_size(limits.max_file_bytes)))
                return None
            return p.read_bytes()
    data = _bytes_reader(path, label)
    if data is None:
        return None
    entries = _too_many_parts(data)
    if entries:
        findings.append(finding("archivo_ilegible", label, reason="demasiadas_partes", entries=f"{entries:,}"))
        return None
    kind = _content_kind(data)
    expected = "csv" if suffix in CSV_SUFFIXES else ("xls" if suffix == ".xls" else ("ods" if suffix == ".ods" else "xlsx"))
    if expected == "csv":
        if kind not in ("text", "csv"):
            findings.append(finding("archivo_ilegible", label, reason="no_es_csv", contenido=KIND_LABEL[kind]))
            return None
        delimiter_grid = _csv_rows(data, label, findings, limits)
        if delimiter_grid is None:
            return None
        delimiter, grid = delimiter_grid
    else:
        if kind != expected:
            findings.append(finding("archivo_ilegible", label, reason="extension_distinta", suffix=suffix, contenido=KIND_LABEL[kind], esperado=KIND_LABEL[expected]))
            return None
        grid = _workbook_rows(data, kind, label, findings, limits)
        delimiter = None
        if grid is None:
            return None
    return _table(grid, label, findings, limits, delimiter, identifiers if identifiers is not None else IDENTIFIER_COLUMNS, progress)


def _table(grid, label, findings, limits: Limits, delimiter, identifiers, progress) -> RawTable | None:
    numbered = grid  # the readers keep only rows with something written, each with its number in the file
    if not numbered:
        findings.append(finding("archivo_vacio", label, 1))
        return None
    if len(numbered) - 1 > limits.max_rows:
        findings.append(finding("demasiadas_filas", label, numbered[limits.max_rows + 1][0], limit=f"{limits.max_rows:,}"))
        return None
    start = _header_index(numbered)
    header_row, header_cells = numbered[start]
    numbered = numbered[start:]
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for position, written in enumerate(header_cells):
        if FORBIDDEN.search(written):
            findings.append(finding("caracter_invalido", label, header_row, clean_cell(written), written, chars=_char_names(written)))
        name = clean_cell(written)
        if not name:
            continue
        key = schema.column_of_header(name)
        if key in headers:
            findings.append(finding("columna_duplicada", label, header_row, name, name, key=key, other=headers[key]))
            continue
        headers[key] = name
        positions[key] = position
        if key not in schema.COLUMNS_BY_NAME:
            unknown.append(name)
    rows = []
    identifier_positions = [p for key, p in positions.items() if key in identifiers]
    # a sheet's rows run as wide as its widest; the header says how wide the table is
    width = max((i for i, c in enumerate(header_cells) if clean_cell(c)), default=0) + 1
    total = len(numbered) - 1
    for done, (number, cells) in enumerate(numbered[1:], start=1):
        if progress and done % 5000 == 0:
            progress("filas", done, total)
        if delimiter and _other_delimiter(cells, width, delimiter, findings, label, number):
            continue
        extra = [(i, c) for i, c in enumerate(cells[width:], start=width) if c.strip()]
        if extra:
            findings.append(finding("csv_invalido", label, number, None, extra[0][1], reason="campos_de_mas" if delimiter else "columna_sin_encabezado",
                                    campos=len(cells), ancho=width, letra=_column_letter(extra[0][0])))
            continue
        joined = "\n".join(cells)
        if not unicodedata.is_normalized("NFC", joined):  # «é» written as e + ◌́ is the same text as «é»
            cells = [unicodedata.normalize("NFC", c) for c in cells]
            joined = "\n".join(cells)
        odd_identifier = any(not cells[p].isascii() for p in identifier_positions if p < len(cells))
        if len(joined) <= limits.max_cell_chars and not odd_identifier and not FORBIDDEN.search(joined):  # the common row: one check, not one per cell
            rows.append((number, {key: (cells[p].strip() if p < len(cells) else "") for key, p in positions.items()}))
            continue
        values = {}
        for key, p in positions.items():
            text = cells[p] if p < len(cells) else ""
            if len(text) > limits.max_cell_chars:
                findings.append(finding("celda_demasiado_larga", label, number, headers[key], text[:80], key=key, length=f"{len(text):,}", limit=f"{limits.max_cell_chars:,}"))
                text = text[: limits.max_cell_chars]
            odd = odd_identifier_chars(text) if key in identifiers else None
            if odd:  # «DEO\u200bE-1» or «DEОE-1» with a Cyrillic О would name another meta than «DEOE-1» while looking the same
                findings.append(finding("caracter_invalido_identificador", label, number, headers[key], text.strip(" \t\r\n"), key=key, chars=odd))
            elif FORBIDDEN.search(text):
                findings.append(finding("caracter_invalido", label, number, headers[key], text.strip(" \t\r\n"), key=key, chars=_char_names(text)))
            values[key] = clean_cell(text)
        rows.append((number, values))
    return RawTable(label, headers, rows, unknown, header_row=header_row)


def _anexo_cell(value) -> str:
    from generator.input.anexo_table import cell

    return cell(value)


def _column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header_index(numbered) -> int:
    """The header row: the first of the first ten rows that names at least three contract columns
    (INE's annexes open with a title or two above it), else the first row."""
    for index, (_, cells) in enumerate(numbered[:10]):
        if sum(schema.column_of_header(clean_cell(c)) in schema.COLUMNS_BY_NAME for c in cells[:200]) >= 3:
            return index
    return 0


def _other_delimiter(cells, width, delimiter, findings, label, number) -> bool:
    """A row typed with another delimiter than the file's: one finding for the row, not one per column."""
    if width < 3 or len(cells) > width // 2 and sum(1 for c in cells if c and not c.isspace()) > width // 2:
        return False
    filled = [c for c in cells if c.strip()]
    joined = delimiter.join(cells)
    for other in (",", ";", "\t"):
        if other == delimiter or joined.count(other) < 2:
            continue
        try:
            fields = next(csv.reader(io.StringIO(joined, newline=""), delimiter=other))
        except (csv.Error, StopIteration):
            continue
        if len(fields) >= max(3, width // 2) and len(fields) > 2 * len(filled):
            findings.append(finding("separador_distinto", label, number, None, joined.strip(), found=DELIMITER_NAME[other], expected=DELIMITER_NAME[delimiter]))
            return True
    return False


DELIMITER_NAME = {",": ",", ";": ";", "\t": "tabulador"}
KIND_LABEL = {
    "xlsx": "un libro de Excel (.xlsx)", "ods": "una hoja de cálculo OpenDocument (.ods)", "xls": "un libro de Excel 97-2003 (.xls)",
    "docx": "un documento de Word", "zip": "un archivo comprimido (.zip)", "ole": "un documento de Word o PowerPoint antiguo (no una hoja de cálculo)",
    "pdf": "un PDF", "html": "una página web (HTML)", "text": "texto", "csv": "texto (CSV)", "binary": "un archivo binario",
}


def _content_kind(data: bytes) -> str:
    """What a file is, from its first bytes (not from its name)."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "content.xml" in names and _zip_mimetype(data).startswith("application/vnd.oasis.opendocument.spreadsheet"):
            return "ods"
        if any(n.startswith("word/") for n in names):
            return "docx"
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        word = b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data or b"P\x00o\x00w\x00e\x00r\x00P\x00o\x00i\x00n\x00t" in data
        return "ole" if word else "xls"
    if data.startswith(b"%PDF"):
        return "pdf"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in head[:512]:
        return "html"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if data[:4096].count(b"\x00") > 8:
        return "binary"
    return "text"


def _zip_mimetype(data: bytes) -> str:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read("mimetype").decode("ascii", "replace")
    except (KeyError, zipfile.BadZipFile, ValueError, OSError):
        return ""


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_rows(data: bytes, label: str, findings: list[Finding], limits: Limits):
    text = _decode(data)
    if text is None:
        findings.append(finding("archivo_ilegible", label, reason="codificacion"))
        return None
    # the field limit is this module's own (a finding per long cell), never csv's "field larger than field limit"
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_file_bytes + 1, 131_072))
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    grid = []  # rows count as records, as a spreadsheet shows them, not as lines of the file
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if len(cells) > limits.max_columns:
                findings.append(finding("demasiadas_columnas", label, number, count=f"{len(cells):,}", limit=f"{limits.max_columns:,}"))
                return None
            if any(c.strip() for c in cells):  # blank rows count for the numbers, not for the limit
                grid.append((number, cells))
                if len(grid) > limits.max_rows + 1:
                    break  # the header, the rows allowed and the first one over: enough to name it
    except csv.Error as exc:
        said = str(exc)
        if "new-line character" in said or "unexpected end of data" in said or "EOF" in said:
            reason = "comillas_abiertas"
        elif "expected" in said and "after" in said:
            reason = "texto_tras_comillas"
        elif "NUL" in said:
            reason = "nulos"
        else:
            reason = "mal_formado"
        findings.append(finding("csv_invalido", label, number + 1, reason=reason))
        return None
    return delimiter, grid


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _workbook_rows(data: bytes, kind: str, label: str, findings: list[Finding], limits: Limits):
    """The first sheet of an XLSX, XLS or ODS, read by calamine (no macros, no formulas run, no DTD).

    Calamine lays a sheet out as one rectangle from A1 to its last cell, so 18 KB with a cell at
    XFD1048576 ask for 512 GB, an ODS row repeated a million times or millions of shared strings
    for gigabytes: the reading runs in a child process with a memory limit and a time limit."""
    if kind in ("xlsx", "ods"):
        problem = _zip_problem(data, limits)
        if problem:
            code, params = problem
            findings.append(finding(code, label, limit=_size(4 * limits.max_file_bytes), **params))
            return None
    end = _declared_end(data) if kind == "xlsx" else None
    if end:
        rows, columns = _cell_position(end)
        if columns > limits.max_columns or rows * columns > limits.max_sheet_bytes // SHEET_CELL_BYTES:
            findings.append(finding("hoja_demasiado_grande", label, reason="dimension", end=end, rows=f"{rows:,}", columns=f"{columns:,}"))
            return None
    outcome, result = _bounded(_sheet_rows, (data, limits), limits.max_sheet_bytes, limits.max_sheet_seconds)
    if outcome == "ok":
        return result
    if outcome == "columnas":
        number, count = result
        findings.append(finding("demasiadas_columnas", label, number, count=f"{count:,}", limit=f"{limits.max_columns:,}"))
    elif outcome == "sistema":
        findings.append(finding("archivo_ilegible", label, reason="sistema", motivo=result))
    elif outcome == "contraseña":
        findings.append(finding("archivo_ilegible", label, reason="contrasena"))
    elif outcome == "memoria":
        findings.append(finding("hoja_demasiado_grande", label, reason="memoria", memoria=_size(limits.max_sheet_bytes)))
    elif outcome == "tiempo":
        findings.append(finding("hoja_demasiado_grande", label, reason="tiempo", segundos=limits.max_sheet_seconds))
    else:  # calamine reports damaged files with many error types (a Rust panic too); none is for a clerk
        findings.append(finding("archivo_ilegible", label, reason="libro_danado", contenido=KIND_LABEL[kind]))
    return None


def _sheet_rows(data: bytes, limits: Limits):
    """(«ok», rows with something written, each with its number) or why not; run by _bounded()."""
    import python_calamine

    try:
        sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        grid = []
        for number, values in enumerate(sheet.iter_rows(), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()  # a row runs as wide as the sheet's widest; what is written ends here
            if not any(c.strip() for c in cells):
                continue  # blank rows count for the numbers, not for the limit
            if len(cells) > limits.max_columns:
                return "columnas", (number, len(cells))
            grid.append((number, cells))
            if len(grid) > limits.max_rows + 1:
                break  # the header, the rows allowed and the first one over: enough to name it
    except python_calamine.PasswordError:
        return "contraseña", None
    except MemoryError:
        return "memoria", None
    return "ok", grid


def _bounded(function, args: tuple, memory: int, seconds: float):
    """function(*args) in a forked child with `memory` bytes more address space than now and `seconds`
    of time: its result, or («memoria» | «tiempo» | «dañado», None). What the child says on its
    standard error (a Rust backtrace) is not for a clerk and goes nowhere."""
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError as exc:  # no process or file descriptor left: said, not a traceback
        return "sistema", os_error(exc)
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            faulthandler.disable()  # a test runner's dump of the abort would reach the terminal
            resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory, resource.RLIM_INFINITY))
            try:
                result = function(*args)
            except MemoryError:
                result = ("memoria", None)
            except BaseException:
                result = ("dañado", None)
            try:
                payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps(("memoria", None))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + seconds
    try:
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([pipe], [], [], left)[0]:
                    os.kill(pid, signal.SIGKILL)
                    return "tiempo", None
                chunk = pipe.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    except BaseException:  # an interrupt: the child goes too
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return pickle.loads(b"".join(chunks))
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGSEGV, signal.SIGKILL):
        return "memoria", None  # an allocation refused by the limit ends Rust with abort()
    return "dañado", None


SHEET_CELL_BYTES = 32  # what calamine holds for each cell of the rectangle it lays a sheet out in


def _cell_position(reference: str) -> tuple[int, int]:
    """`XFD1048576` → (1048576, 16384): its row and its column, counted from 1."""
    letters = re.match(r"[A-Z]+", reference).group(0)
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(reference[len(letters):]), column


def _address_space() -> int:
    """Bytes of address space this process holds now (the child inherits it all)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _declared_end(data: bytes) -> str | None:
    """The last cell an XLSX's first sheet declares (`<dimension ref="A1:XFD1048576"/>`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = sorted((n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)), key=lambda n: int(re.sub(r"\D", "", n)))
        if not sheets:
            return None
        with archive.open(sheets[0]) as part:
            head = part.read(65_536)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None
    match = re.search(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?([A-Z]{1,3}\d{1,7})"', head)
    return match.group(1).decode("ascii") if match else None


MAX_ZIP_ENTRIES = 10_000  # a workbook has a few dozen parts; zipfile builds an object for every entry it lists


def _zip_entries(data: bytes) -> int | None:
    """The entry count a ZIP declares in its end record, read before zipfile lists (and allocates) every entry."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return None
    count = int.from_bytes(data[end + 10:end + 12], "little")
    if count == 0xFFFF:  # ZIP64: the count is in the ZIP64 end record, before the locator
        locator = data.rfind(b"PK\x06\x07", 0, end)
        if locator >= 0:
            record = int.from_bytes(data[locator + 8:locator + 16], "little")
            if data[record:record + 4] == b"PK\x06\x06":
                return int.from_bytes(data[record + 32:record + 40], "little")
    return count


def _too_many_parts(data: bytes) -> int | None:
    """How many parts a ZIP (XLSX, ODS) declares when far more than a workbook has: said before anything lists them."""
    entries = _zip_entries(data) if data.startswith(b"PK") else None
    return entries if entries is not None and entries > MAX_ZIP_ENTRIES else None


def _zip_problem(data: bytes, limits: Limits) -> tuple[str, dict] | None:
    """A DTD in any XML part (refused, as defusedxml would) or a part that inflates beyond the limit: the code and its params."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        inflated = sum(i.file_size for i in infos)
        if inflated > 4 * limits.max_file_bytes:
            return "archivo_demasiado_grande", {"size": f"ocupa {_size(inflated)} descomprimido"}
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(info) as part:
                head = part.read(65_536)
            if re.search(rb"<!(?:DOCTYPE|ENTITY)", head, re.IGNORECASE):
                return "archivo_ilegible", {"reason": "dtd"}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return "archivo_ilegible", {"reason": "zip_danado"}
    return None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "verdadero" if value else "falso"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)



def _size(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def _char_names(value: str) -> str:
    chars = sorted(set(FORBIDDEN.findall(value)))
    shown = ", ".join(show_escaped(c) for c in chars[:5])
    return shown + (", …" if len(chars) > 5 else "")


def inside_folder(root: Path, relative: str) -> bool:
    """Whether `relative` names a path within `root` once links and «..» are resolved."""
    try:
        (root / relative).resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True
