"""data/ → raw tables and mappings: encodings, delimiters, header matching.

Nothing here judges values; it only reads what is written, with the row numbers
a spreadsheet user would see (header = row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .findings import Finding
from .text import clean_cell, column_key

TABLE_SUFFIXES = (".csv", ".xlsx")


class TextDatesLoader(yaml.SafeLoader):
    """YAML without implicit dates: `2022-13-45` stays text, for the validator to judge."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class RawTable:
    file: str  # path relative to the data folder's parent, as people see it
    headers: dict[str, str]  # matched key → header as written
    rows: list[tuple[int, dict[str, str]]]  # (row number, key → trimmed text)


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
    texts: dict[str, str] = field(default_factory=dict)  # relative path → text of a documento
    findings: list[Finding] = field(default_factory=list)


def load_data_dir(data_dir: Path) -> RawData:
    data_dir = Path(data_dir)
    raw = RawData(root=data_dir)
    if not data_dir.is_dir():
        raw.findings.append(Finding(str(data_dir), None, None, "carpeta_inexistente", "la carpeta de datos no existe"))
        return raw
    label = _labeller(data_dir)
    acuerdos_dir = data_dir / "acuerdos"
    yaml_files = sorted(p for p in acuerdos_dir.glob("*") if p.suffix.lower() in (".yml", ".yaml")) if acuerdos_dir.is_dir() else []
    if not yaml_files:
        raw.findings.append(Finding(label(acuerdos_dir), None, None, "sin_acuerdos", "no hay ningún acuerdo (archivos .yml) en la carpeta"))
    for path in yaml_files:
        acuerdo = _read_yaml(path, label(path), raw.findings)
        if acuerdo:
            raw.acuerdos.append(acuerdo)

    table_paths = _table_paths(data_dir, raw)
    for path in table_paths:
        table = read_table(path, label(path), raw.findings)
        if table:
            raw.tables.append(table)
    for acuerdo in raw.acuerdos:
        documento = acuerdo.values.get("documento")
        if isinstance(documento, str) and _inside(data_dir, documento) and (data_dir / documento).is_file():
            try:
                raw.texts[documento] = (data_dir / documento).read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                raw.findings.append(Finding(acuerdo.file, acuerdo.lines.get("documento"), "documento", "archivo_ilegible", "el documento no está en UTF-8", documento))

    catalogos = data_dir / "catalogos"
    for name in ("areas", "cargos"):
        path = _first_existing(catalogos, name)
        if path:
            setattr(raw, name, read_table(path, label(path), raw.findings))
    return raw


def _labeller(data_dir: Path):
    base = data_dir.name or str(data_dir)

    def label(path: Path) -> str:
        return f"{base}/{path.relative_to(data_dir).as_posix()}"

    return label


def _inside(root: Path, relative: str) -> bool:
    try:
        (root / relative).resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _first_existing(folder: Path, stem: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        if (folder / f"{stem}{suffix}").is_file():
            return folder / f"{stem}{suffix}"
    return None


def _table_paths(data_dir: Path, raw: RawData) -> list[Path]:
    """Every table in data/metas/ plus any other that an acuerdo names."""
    paths = {}
    metas_dir = data_dir / "metas"
    if metas_dir.is_dir():
        for path in sorted(metas_dir.iterdir()):
            if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES and not path.name.startswith((".", "~$")):
                paths[path.resolve()] = path
    for acuerdo in raw.acuerdos:
        named = acuerdo.values.get("metas")
        if isinstance(named, str) and _inside(data_dir, named):
            path = data_dir / named
            if path.is_file() and path.suffix.lower() in TABLE_SUFFIXES:
                paths.setdefault(path.resolve(), path)
    return sorted(paths.values())


def _read_yaml(path: Path, label: str, findings: list[Finding]) -> RawAcuerdo | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        findings.append(Finding(label, None, None, "archivo_ilegible", "el archivo no está en UTF-8"))
        return None
    try:
        node = yaml.compose(text, Loader=TextDatesLoader)
        values = yaml.load(text, Loader=TextDatesLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        findings.append(Finding(label, row, None, "yaml_invalido", f"YAML mal formado: {problem}"))
        return None
    if not isinstance(values, dict) or not isinstance(node, yaml.MappingNode):
        findings.append(Finding(label, 1, None, "yaml_invalido", "el archivo debe ser un mapa de claves y valores (clave: valor)"))
        return None
    lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    return RawAcuerdo(label, {str(k): v for k, v in values.items()}, lines)


def read_table(path: Path, label: str, findings: list[Finding]) -> RawTable | None:
    """A CSV or the first sheet of an XLSX, as trimmed text with spreadsheet row numbers."""
    if path.suffix.lower() == ".xlsx":
        grid = _xlsx_rows(path, label, findings)
    else:
        grid = _csv_rows(path, label, findings)
    if grid is None:
        return None
    numbered = [(n, cells) for n, cells in grid if any(c for c in cells)]
    if not numbered:
        findings.append(Finding(label, 1, None, "archivo_vacio", "la tabla no tiene encabezado"))
        return None
    header_row, header_cells = numbered[0]
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, name in enumerate(header_cells):
        if not name:
            continue
        key = column_key(name)
        if key in headers:
            findings.append(Finding(label, header_row, name, "columna_duplicada", f"la columna aparece dos veces (también como «{headers[key]}»)", name))
            continue
        headers[key] = name
        positions[key] = position
    rows = []
    width = len(header_cells)
    for number, cells in numbered[1:]:
        extra = [c for c in cells[width:] if c]
        if extra:
            findings.append(Finding(label, number, None, "csv_invalido", f"la fila tiene {len(cells)} campos y el encabezado {width}; revise separadores y comillas", extra[0]))
            continue
        rows.append((number, {key: (cells[p] if p < len(cells) else "") for key, p in positions.items()}))
    return RawTable(label, headers, rows)


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_rows(path: Path, label: str, findings: list[Finding]):
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.startswith(b"PK\x03\x04"):
        findings.append(Finding(label, None, None, "archivo_ilegible", "el archivo no es un CSV de texto (¿un XLSX o un binario con otra extensión?)"))
        return None
    text = _decode(data)
    if text is None:
        findings.append(Finding(label, None, None, "archivo_ilegible", "codificación no reconocida: use UTF-8 o Windows-1252"))
        return None
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    grid = []  # rows count as records, as a spreadsheet shows them, not as lines of the file
    try:
        for cells in reader:
            grid.append((len(grid) + 1, [clean_cell(c) for c in cells]))
    except csv.Error as exc:
        findings.append(Finding(label, len(grid) + 1, None, "csv_invalido", f"CSV mal formado: {exc}"))
        return None
    return grid


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _xlsx_rows(path: Path, label: str, findings: list[Finding]):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        findings.append(Finding(label, None, None, "archivo_ilegible", f"no es un libro XLSX legible ({type(exc).__name__})"))
        return None
    try:
        sheet = workbook.worksheets[0]
        grid = [(number, [_xlsx_text(v) for v in values]) for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    return grid


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(str(value))
