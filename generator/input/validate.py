"""Raw tables → typed records, and a finding for every rule of the contract they break.

Never stops at the first problem: every error of a run is reported together.
Observaciones that need the whole model (vigencia, reconciliation) are in derive.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable

from generator.common.text import fold, header_key, odd_identifier_chars, shorten, slugify
from generator.contract import schema
from generator.contract.codes import message
from generator.contract.findings import Finding, finding
from generator.input import acuerdo_text, document
from generator.input.load import _inside, closest_column, RawAcuerdo, RawData, RawTable

CLAVE = re.compile(r"^[A-Z][A-Z0-9-]*(?:/[A-Z0-9][A-Z0-9-]*)+$")
SIGLAS = re.compile(r"^[A-ZÑ]{2,15}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
# Every date of the data lies here: what a ZIP download can stamp (its timestamps run from 1980 to 2107).
EARLIEST_DATE = dt.date(1980, 1, 1)
LATEST_DATE = dt.date(2107, 12, 31)


@dataclass
class MetaRow:
    """One validated row of a metas table: an alta, a modifica or a cancela."""

    file: str
    row: int
    acuerdo: str
    accion: str  # alta | modifica | cancela
    numero: str
    acuerdo_origen: str | None
    values: dict  # contract column → typed value, only the cells that have one
    extra: dict  # unknown columns: header as written → text
    headers: dict = field(default_factory=dict)  # contract column → header as written in its table
    written: dict = field(default_factory=dict)  # contract column → the cell as typed (dates as the clerk wrote them)
    ilustrativo: bool = False  # the row itself says it is invented (datos_ilustrativos), whatever its acuerdo says
    pagina: int | None = None  # the page of the annex (PDF) where its form starts
    descripcion_es_objetivo: bool = False  # an alta without a description (INE's 2020–2021 layout): its objetivo stands for it


@dataclass
class Catalogue:
    areas: dict[str, str] = field(default_factory=dict)  # siglas → nombre (only those with a name)
    area_siglas: set[str] = field(default_factory=set)  # every siglas of catalogos/areas.csv, with or without a name
    cargo_names: dict[str, str] = field(default_factory=dict)  # slug of a spelling → canonical name
    cargo_ambitos: dict[str, str] = field(default_factory=dict)  # canonical name → ambito


@dataclass(frozen=True)
class Resultado:
    """A row of a results table (data/resultados/): how a meta of a closed period was graded."""

    acuerdo: str
    numero: str
    promedio: float  # the final average grade, 0–10
    nivel_alcanzado: float | None  # the level its eficacia indicator reached, where published


@dataclass
class Validated:
    acuerdos: list[dict]
    rows: list[MetaRow]
    catalogue: Catalogue
    texts: dict[str, str]
    findings: list[Finding]
    resultados: list[Resultado] = field(default_factory=list)  # data/resultados/


class Invalid(ValueError):
    """A value outside its type or list; the message says what was expected."""

    def __init__(self, message: str, code: str = "valor_invalido"):
        super().__init__(message)
        self.code = code


def validate(raw: RawData, progress: Callable[[str, int, int], None] | None = None) -> Validated:
    findings = list(raw.findings)
    acuerdos = _validate_acuerdos(raw, findings)
    by_clave = {a["clave"]: a for a in acuerdos}
    blockers = _blockers(raw, by_clave)
    catalogue = _validate_catalogue(raw, findings)
    known_areas = _known_areas(catalogue, acuerdos)
    if not known_areas and raw.tables:
        findings.append(finding("areas_sin_catalogo", f"{raw.root.name or raw.root}/catalogos"))
    checked: list[_Checked] = []
    named_by = _tables_named_by(acuerdos)
    for table in raw.tables:
        checked.extend(_validate_table(table, by_clave, blockers, known_areas, findings, progress, named_by.get(table.relative)))
    rows = _drop_duplicates(checked, findings)
    findings.extend(cargo_findings(rows, by_clave, catalogue))
    approved = {(row.acuerdo, slugify(row.numero)): row for row in rows if row.accion == "alta"}
    _check_meta_anterior(rows, approved, by_clave, findings)
    resultados = _validate_resultados(raw.resultados, approved, findings)
    return Validated(acuerdos, rows, catalogue, raw.texts, findings, resultados)


# ---------------------------------------------------------------- values


def parse_date(text) -> dt.date:
    date = _calendar_date(text)
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise Invalid(f"la fecha {date.isoformat()} queda fuera de las que el portal admite, del {EARLIEST_DATE.isoformat()} al {LATEST_DATE.isoformat()}", "fecha_invalida")
    return date


def _calendar_date(text) -> dt.date:
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    text = str(text).strip()
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = DMY_DATE.match(text)
        if not match:
            raise Invalid("se espera una fecha AAAA-MM-DD o dd/mm/aaaa", "fecha_invalida")
        day, month, year = (int(g) for g in match.groups())
        if month > 12 and day <= 12:
            raise Invalid(f"no hay mes {month}: se espera día/mes/año (dd/mm/aaaa); ¿se escribió como mes/día?", "fecha_invalida")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid("la fecha no existe en el calendario", "fecha_invalida") from None


def parse_number(text: str) -> float | int:
    cleaned = text.replace(" ", "")
    if not NUMBER.match(cleaned):
        raise Invalid("se espera un número (p. ej. 95 o 95.5)")
    number = float(cleaned.replace(",", "."))
    return int(number) if number.is_integer() else number


BOOLEANS = {"si": True, "true": True, "verdadero": True, "1": True, "x": True, "no": False, "false": False, "falso": False, "0": False}


def parse_boolean(text: str) -> bool:
    key = header_key(str(text))
    if key not in BOOLEANS:
        raise Invalid("se espera «sí» o «no» (también true o false)")
    return BOOLEANS[key]


def parse_integer(text, minimum: int = 1) -> int:
    expected = "se espera un número entero (p. ej. 32)"
    if isinstance(text, bool) or isinstance(text, (dict, list)):
        raise Invalid(expected)
    if isinstance(text, int):
        number = text
    else:
        try:
            value = parse_number(str(text))
        except Invalid:
            raise Invalid(expected) from None
        if not isinstance(value, int):
            raise Invalid(expected)
        number = value
    if number < minimum:
        raise Invalid(f"se espera un entero mayor o igual a {minimum}")
    return number


def parse_percent(text: str) -> float | int:
    value = parse_number(text[:-1].strip() if text.endswith("%") else text)
    if not 0 <= value <= 100:
        raise Invalid("se espera un porcentaje entre 0 y 100")
    return value


def parse_choice(text: str, choices: dict[str, str], label: str) -> str:
    key = header_key(str(text))
    if key not in choices:
        allowed = ", ".join(sorted(set(choices.values())))
        raise Invalid(f"{label} no reconocido; valores admitidos: {allowed}")
    return choices[key]


def parse_siglas(text: str) -> str:
    siglas = fold(text).upper().replace(" ", "")
    if not SIGLAS.match(siglas):
        raise Invalid("se esperan las siglas del área normativa (letras, p. ej. DEOE)")
    return siglas


def parse_clave(text) -> str:
    clave = re.sub(r"\s+", "", str(text)).upper()
    if not CLAVE.match(clave):
        raise Invalid("se espera una clave de acuerdo como INE/JGE186/2022")
    return clave


def normalise_numero(text: str) -> str:
    """`DEOE - 12` is read as `DEOE-12`."""
    return re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", text)).strip()


def parse_meta_reference(text: str) -> str:
    """`INE/JGE177/2022 : DEOE - 3` → `INE/JGE177/2022:DEOE-3`, the form continuity.parse_reference reads."""
    clave, colon, numero = text.partition(":")
    if not colon or not numero.strip():
        raise Invalid("se espera CLAVE:NÚMERO")
    return f"{parse_clave(clave)}:{normalise_numero(numero)}"


def split_list(text: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in text.split(";") if item.strip())
    if not items:
        raise Invalid("se espera al menos un nombre (separados por «;»)")
    return items


CELL_PARSERS = {
    "clave": parse_clave,
    "text": str,
    "tipo": lambda t: parse_choice(t, schema.TIPOS_META, "tipo de meta"),
    "area": parse_siglas,
    "ambito": lambda t: parse_choice(t, schema.AMBITOS, "ámbito"),
    "list": split_list,
    "date": parse_date,
    "integer": parse_integer,
    "number": parse_number,
    "percent": parse_percent,
    "accion": lambda t: parse_choice(t, schema.ACCIONES, "acción"),
    "boolean": parse_boolean,
}


# ---------------------------------------------------------------- acuerdos


def _validate_acuerdos(raw: RawData, findings: list[Finding]) -> list[dict]:
    acuerdos: list[dict] = []
    seen: dict[str, str] = {}
    for source in raw.acuerdos:
        acuerdo = _validate_acuerdo(source, raw, findings)
        if acuerdo is None:
            continue
        if acuerdo["clave"] in seen:
            findings.append(finding("clave_duplicada", source.file, source.lines.get("clave"), "clave", acuerdo["clave"], other=seen[acuerdo["clave"]]))
            continue
        seen[acuerdo["clave"]] = source.file
        acuerdos.append(acuerdo)
    return acuerdos


def _blockers(raw: RawData, valid: dict[str, dict]) -> dict[str, str]:
    """Slug of a clave → the acuerdo file whose errors keep its rows from being checked against it."""
    blockers = dict(raw.unreadable)
    for source in raw.acuerdos:
        try:
            clave = parse_clave(source.values.get("clave", ""))
        except Invalid:
            blockers.setdefault(slugify(Path(source.file).stem), source.file)
            continue
        if clave not in valid:
            blockers[slugify(clave)] = source.file
    return blockers


def _validate_acuerdo(source: RawAcuerdo, raw: RawData, findings: list[Finding]) -> dict | None:
    clean: dict = {"file": source.file}
    ok = True
    for key in schema.ACUERDO_KEYS:
        value = source.values.get(key.name)
        if value is None or value == "" or value == []:
            continue
        try:
            clean[key.name] = _parse_key(key, value, raw)
        except Invalid as exc:
            findings.append(finding(exc.code, source.file, source.lines.get(key.name), key.name, _show(value), detail=str(exc)))
            ok = False
    if "documento" in clean and clean["documento"] in raw.texts:
        text = raw.texts[clean["documento"]]
        depth, line = document.nesting(text, raw.limits.max_depth)
        if depth > raw.limits.max_depth:
            findings.append(finding("documento_anidado", f"{source.file.split('/', 1)[0]}/{clean['documento']}", line, depth=depth, line=line, limit=raw.limits.max_depth))
            ok = False
        ok &= _merge_document(clean, text, source, raw, findings)
    for key in schema.ACUERDO_KEYS:
        if key.required and key.name not in clean and source.values.get(key.name) in (None, "", []):
            findings.append(finding("valor_faltante", source.file, None, key.name))
            ok = False
    for unknown in sorted(set(source.values) - set(schema.ACUERDO_KEYS_BY_NAME)):
        findings.append(finding("clave_desconocida", source.file, source.lines.get(unknown), unknown))
    if not ok:
        return None
    if clean["periodo_inicio"] > clean["periodo_fin"]:
        findings.append(finding("periodo_invertido", source.file, source.lines.get("periodo_fin"), "periodo_fin", _show(source.values.get("periodo_fin")), inicio=_show(source.values.get("periodo_inicio"))))
        return None
    clean["lines"] = source.lines
    return clean


def _merge_document(clean: dict, text: str, source: RawAcuerdo, raw: RawData, findings: list[Finding]) -> bool:
    """Keys missing from the YAML come from the acuerdo's text; a key in both must agree."""
    extracted = acuerdo_text.extract(text).values
    ok = True
    documento = f"{source.file.split('/', 1)[0]}/{clean['documento']}"
    for field, printed, summed in acuerdo_text.cuadro_totales_mismatches(text):
        findings.append(finding("cuadro_totales_discrepantes", documento, acuerdo_text.cuadro_totales_line(text), acuerdo_text.CUADRO_COLUMN_LABELS[field], printed, printed=printed, summed=summed))
    for name, value in extracted.items():
        key = schema.ACUERDO_KEYS_BY_NAME[name]
        try:
            from_text = _parse_key(key, value, raw)
        except Invalid:
            continue  # what the text says in a form the contract does not take is not used
        if name not in clean:
            clean[name] = from_text
        elif name == "glosario":
            clean["glosario_correcciones"] = _glosario_corrections(clean[name], from_text, text)
            clean[name] = {**from_text, **clean[name]}
        elif _comparable(clean[name]) != _comparable(from_text):
            findings.append(finding("documento_discrepante", source.file, source.lines.get(name), name, _show_value(clean[name]), documento=clean["documento"], texto=shorten(_show_value(from_text))))
            ok = False
    return ok


def _glosario_corrections(given: dict, from_text: dict, text: str) -> dict[str, str]:
    """Term → what the text's glossary said ("" when it left the term without meaning), for each
    YAML entry that corrects the conversion of the text."""
    corrections = {}
    for term, meaning in given.items():
        said = from_text.get(term)
        if said is None and not re.search(rf"^\s*(?:<b>|\*\*)?{re.escape(term)}\s*:", text, re.MULTILINE):
            continue  # a term the text's glossary does not have: an addition, not a correction
        if said is None or _comparable(said) != _comparable(meaning):
            corrections[term] = said or ""
    return corrections


def _comparable(value):
    """Equal when a person would say they say the same: case, accents, spacing and order of lists aside."""
    if isinstance(value, str):
        return " ".join(fold(value).replace(".", " ").split())
    if isinstance(value, tuple) and value and isinstance(value[0], dict):
        return sorted(tuple(sorted(row.items())) for row in value)
    if isinstance(value, tuple):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if v is not None}
    return value


def _show_value(value) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], dict):
        return "; ".join(", ".join(f"{k}: {v}" for k, v in row.items()) for row in value)
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return _show(value)


def _show(value) -> str:
    """A value as a person wrote it, short: never the whole of a large structure."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list, tuple)):
        return _brief(value, 120)
    return str(value)


def _brief(value, budget: int) -> str:
    parts: list[str] = []
    used = 0

    def walk(item, depth=0):
        nonlocal used
        if used > budget or depth > 5:
            return
        if isinstance(item, dict):
            parts.append("{"); used += 1
            for k, v in item.items():
                if used > budget:
                    break
                parts.append(f"{str(k)[:40]}: "); used += len(parts[-1])
                walk(v, depth + 1)
                parts.append(", "); used += 2
            parts.append("}")
        elif isinstance(item, (list, tuple)):
            parts.append("["); used += 1
            for v in item:
                if used > budget:
                    break
                walk(v, depth + 1)
                parts.append(", "); used += 2
            parts.append("]")
        else:
            text = str(item)[: budget]
            parts.append(text); used += len(text)

    walk(value)
    return "".join(parts)


def _parse_key(key: schema.Key, value, raw: RawData):
    kind = key.kind
    if kind == "clave":
        return parse_clave(value)
    if kind == "text":
        if isinstance(value, (dict, list)):
            raise Invalid("se espera un texto")
        return str(value).strip()
    if kind == "date":
        return parse_date(value)
    if kind == "sesion":
        return parse_choice(value, schema.SESIONES, "tipo de sesión")
    if kind == "sistema":
        return parse_choice(value, schema.SISTEMAS, "sistema")
    if kind == "tipo_acuerdo":
        return parse_choice(value, schema.TIPOS_ACUERDO, "tipo de acuerdo")
    if kind == "integer":
        return parse_integer(value)
    if kind == "claves":
        items = value if isinstance(value, list) else [value]
        return tuple(parse_clave(item) for item in items)
    if kind == "comision":
        if not isinstance(value, dict) or "fecha" not in value:
            raise Invalid("se espera {fecha: AAAA-MM-DD, sesion: texto}")
        sesion = value.get("sesion")
        return {"fecha": parse_date(value["fecha"]), "sesion": _maybe_choice(sesion, schema.SESIONES)}
    if kind == "totales":
        if not isinstance(value, dict) or not set(value) <= set(schema.TOTALES_KEYS):
            raise Invalid("se espera {metas, individuales, colectivas} con números enteros")
        return {k: parse_integer(value[k], minimum=0) for k in schema.TOTALES_KEYS if value.get(k) is not None}
    if kind == "cuadro":
        return parse_cuadro(value)
    if kind == "path":
        return _parse_path(key.name, value, raw)
    if kind == "url":
        if not isinstance(value, str) or not URL.match(value.strip()):
            raise Invalid("se espera una dirección http:// o https://")
        return value.strip()
    if kind == "boolean":
        if not isinstance(value, bool):
            raise Invalid("se espera true o false")
        return value
    if kind == "glosario":
        if not isinstance(value, dict):
            raise Invalid("se espera un mapa siglas: significado")
        return {str(k).strip(): str(v).strip() for k, v in value.items() if v}
    raise AssertionError(kind)


def _parse_path(name: str, value, raw: RawData) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("se espera una ruta dentro de la carpeta de datos, como metas/INE-JGE186-2022.csv")
    value = value.strip()
    path = raw.root / value
    lexical = not Path(value).is_absolute() and ".." not in Path(value).parts
    if lexical and (path.exists() or path.is_symlink()) and not _inside(raw.root, value):
        raise Invalid(message("fuera_de_datos"), "fuera_de_datos")
    if not lexical or not path.is_file():
        hint = ""
        folder = path.parent if lexical else None
        if folder is not None and folder.is_dir() and _inside(raw.root, str(Path(value).parent)):
            candidates = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))[:2_000]
            close = difflib.get_close_matches(path.name, candidates, n=1, cutoff=0.6)
            if close:
                hint = f" (¿quiso decir {Path(value).parent.as_posix()}/{close[0]}?)"
        if name == "metas":
            raise Invalid(message("archivo_inexistente") + hint, "archivo_inexistente")
        raise Invalid("el archivo no existe dentro de la carpeta de datos" + hint, "archivo_inexistente")
    return value  # a table in a format that is not read is reported on the file itself


def _maybe_choice(value, choices):
    if value is None:
        return None
    key = header_key(str(value))
    return choices.get(key, str(value).strip())


def parse_cuadro(value) -> tuple[dict, ...]:
    if not isinstance(value, list):
        raise Invalid("se espera una lista de filas {area, oc_individuales, oc_colectivas, od_individuales, od_colectivas, total}")
    rows = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict) or "area" not in item:
            raise Invalid(f"la fila {position} del cuadro no tiene «area»")
        try:
            row = {"area": parse_siglas(str(item["area"]))}
            for column in schema.CUADRO_COLUMNS:
                row[column] = parse_integer(item.get(column) or 0, minimum=0)
            total = item.get("total")
            row["total"] = parse_integer(total, minimum=0) if total is not None else sum(row[c] for c in schema.CUADRO_COLUMNS)
        except Invalid as exc:
            raise Invalid(f"fila {position} del cuadro: {exc}") from None
        rows.append(row)
    return tuple(rows)


# ---------------------------------------------------------------- metas


@dataclass
class _Checked:
    """A row after every rule of its own: the MetaRow when it passed, and always what identifies it."""

    file: str
    row: int
    acuerdo: str | None
    numero: str | None
    numero_column: str
    meta: MetaRow | None
    order: tuple = ()


def _tables_named_by(acuerdos: list[dict]) -> dict[str, str]:
    """Table path → the clave of the one acuerdo whose `metas:` names it (a table two acuerdos name is neither's)."""
    claves: dict[str, list[str]] = defaultdict(list)
    for acuerdo in acuerdos:
        if acuerdo.get("metas"):
            claves[PurePosixPath(acuerdo["metas"]).as_posix()].append(acuerdo["clave"])
    return {path: names[0] for path, names in claves.items() if len(names) == 1}


def _validate_table(table: RawTable, acuerdos: dict[str, dict], blockers: dict[str, str], known_areas: set[str],
                    findings: list[Finding], progress=None, named_by: str | None = None) -> list[_Checked]:
    """`named_by`: the acuerdo whose YAML names this table in `metas:`; its rows may leave `acuerdo` out (INE's annexes do)."""
    if named_by:
        if "acuerdo" in table.headers:
            _check_named_acuerdo(table, named_by, findings)
        table = replace(table, headers={"acuerdo": "acuerdo", **table.headers}, rows=[(n, {**cells, "acuerdo": cells.get("acuerdo") or named_by}) for n, cells in table.rows])
    has_accion = "accion" in table.headers
    needed = schema.AMENDMENT_REQUIRED if has_accion else schema.REQUIRED_COLUMNS
    missing = [name for name in needed if name not in table.headers]
    for name in missing:
        findings.append(_missing_column(table, name))
    if "acuerdo" in missing or "numero_meta" in missing:
        return []
    known = set(schema.COLUMNS_BY_NAME)
    unknown = [key for key in table.headers if key not in known]
    checked = []
    blocked: dict[str, list[int]] = defaultdict(list)
    orphans: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)  # rows naming an acuerdo that is not there
    for done, (number, cells) in enumerate(table.rows, start=1):
        if progress and done % 5000 == 0:
            progress("validación", done, len(table.rows))
        result = _validate_row(table, number, cells, acuerdos, blockers, known_areas, set(missing), findings, orphans)
        if result.meta is not None:
            result.meta.extra = {table.headers[key]: cells[key] for key in unknown if cells[key]}
        if result.acuerdo and slugify(result.acuerdo) in blockers and result.acuerdo not in acuerdos:
            blocked[result.acuerdo].append(number)
        checked.append(result)
    for (column, clave), places in orphans.items():
        (first, written), others = places[0], [n for n, _ in places[1:]]
        also = f" (también en {_rows_phrase(others)})" if others else ""
        close = difflib.get_close_matches(clave, sorted(acuerdos), n=1, cutoff=0.8)
        if close:
            also += f": ¿quiso decir {close[0]}, de {acuerdos[close[0]]['file']}?"
        findings.append(finding("acuerdo_inexistente", table.file, first, table.headers.get(column, column), written, key=column, also=also))
    _illustrative_mark(table, checked, acuerdos, findings)
    for clave, numbers in blocked.items():
        findings.append(finding("filas_bloqueadas", table.file, numbers[0], table.headers["acuerdo"], clave, key="acuerdo",
                                rows=f"1 fila del acuerdo {clave} no se pudo revisar" if len(numbers) == 1 else f"{len(numbers)} filas del acuerdo {clave} no se pudieron revisar",
                                blocker=blockers[slugify(clave)]))
    return checked


def _check_named_acuerdo(table: RawTable, clave: str, findings: list[Finding]) -> None:
    """Rows of the annex of `clave` that name another acuerdo (an empty cell is `clave`'s)."""
    for number, cells in table.rows:
        written = cells.get("acuerdo", "")
        if not written:
            continue
        try:
            same = parse_clave(written) == clave
        except Invalid:
            continue  # the row's own check says what is wrong with it
        if not same:
            findings.append(finding("acuerdo_distinto", table.file, number, table.headers["acuerdo"], written, key="acuerdo", written=written, clave=clave))


def _illustrative_mark(table: RawTable, checked: list[_Checked], acuerdos: dict[str, dict], findings: list[Finding]) -> None:
    """Rows marked illustrative in the table whose acuerdo's YAML does not say so: one observación per acuerdo."""
    marked: dict[str, list[int]] = defaultdict(list)
    for item in checked:
        if item.meta is not None and item.meta.ilustrativo and not acuerdos[item.acuerdo].get("datos_ilustrativos") and not acuerdos[item.acuerdo].get("acuerdo_ilustrativo"):
            marked[item.acuerdo].append(item.row)
    for clave, numbers in marked.items():
        rows = f"{len(numbers)} fila" if len(numbers) == 1 else f"{len(numbers)} filas"
        findings.append(finding("ilustrativo_discrepante", table.file, numbers[0], table.headers.get("datos_ilustrativos"), key="datos_ilustrativos",
                                rows=rows.capitalize(), marked="está marcada" if len(numbers) == 1 else "están marcadas", header=table.headers.get("datos_ilustrativos", "datos_ilustrativos"), clave=clave))


def _rows_phrase(numbers: list[int]) -> str:
    """«la fila 3», «las filas 3, 4 y 5», «las filas 3, 4, 5… (12 en total)»."""
    if len(numbers) == 1:
        return f"la fila {numbers[0]}"
    if len(numbers) > 10:
        return f"las filas {', '.join(map(str, numbers[:10]))}… ({len(numbers)} en total)"
    return f"las filas {', '.join(map(str, numbers[:-1]))} y {numbers[-1]}"


def _missing_column(table: RawTable, name: str) -> Finding:
    """A required column that is not there, with the headers that were not recognised and what each is closest to."""
    guesses = []
    for header in table.unknown[:20]:  # a header row of thousands of unknown names is not compared name by name
        closest = closest_column(header)
        guesses.append(f"«{header}»" + (f" (¿es «{closest}»?)" if closest else ""))
    likely = [header for header in table.unknown[:20] if closest_column(header) == name]
    unknown = ""
    if likely:
        unknown = f"; el encabezado «{likely[0]}» no se reconoce: ¿quiso escribir «{schema.COLUMNS_BY_NAME[name].title}»?"
    elif guesses:
        unknown = "; encabezados no reconocidos: " + ", ".join(guesses)
    return finding("columna_faltante", table.file, table.header_row, name, key=name, title=schema.COLUMNS_BY_NAME[name].title, unknown=unknown)


def _validate_row(table, number, cells, acuerdos, blockers, known_areas, missing_columns, findings, orphans) -> _Checked:
    """Every rule of the contract on one row, whatever else is wrong in it."""

    def report(column, code, value=None, **params):
        findings.append(finding(code, table.file, number, table.headers.get(column, column), value, column, **params))

    values: dict = {}
    ok = True
    for column, text in cells.items():
        spec = schema.COLUMNS_BY_NAME.get(column)
        if spec is None or not text:
            continue
        try:
            values[column] = CELL_PARSERS[spec.kind](text)
        except Invalid as exc:
            report(column, exc.code, text, detail=str(exc))
            ok = False

    if "meta_anterior" in values:
        try:
            values["meta_anterior"] = parse_meta_reference(values["meta_anterior"])
        except Invalid:
            report("meta_anterior", "meta_anterior_invalida", cells["meta_anterior"])
            ok = False
    clave = values.get("acuerdo")
    numero = normalise_numero(values["numero_meta"]) if "numero_meta" in values else None
    checked = _Checked(table.file, number, clave, numero, table.headers.get("numero_meta", "numero_meta"), None)
    acuerdo = acuerdos.get(clave)
    blocked = clave is not None and acuerdo is None and slugify(clave) in blockers
    if clave is not None and acuerdo is None and not blocked:
        orphans[("acuerdo", clave)].append((number, cells["acuerdo"]))
        ok = False
    accion = values.get("accion")
    if acuerdo and acuerdo["tipo"] == "aprobacion" and accion not in (None, "alta"):
        report("accion", "accion_en_aprobacion", cells.get("accion"))
        ok = False
    if acuerdo and acuerdo["tipo"] != "aprobacion" and accion is None and "accion" not in missing_columns:
        report("accion", "accion_faltante")
        ok = False
    accion = accion or "alta"
    needed = schema.REQUIRED_COLUMNS if accion == "alta" else schema.AMENDMENT_REQUIRED
    for column in needed:
        if column in missing_columns or cells.get(column):
            continue
        if column == "descripcion" and cells.get("objetivo"):
            continue  # an annex without descripción (2020–2021): its objetivo is the meta's description
        report(column, "valor_faltante")
        ok = False
    origen = values.get("acuerdo_origen")
    if accion != "alta" and origen is not None and origen not in acuerdos and slugify(origen) not in blockers:
        orphans[("acuerdo_origen", origen)].append((number, cells["acuerdo_origen"]))
        ok = False
    inicio, termino = values.get("fecha_inicio"), values.get("fecha_termino")
    if inicio and termino and inicio > termino:
        report("fecha_termino", "fechas_invertidas", cells["fecha_termino"], inicio=cells["fecha_inicio"], tras="")
        ok = False
    if acuerdo and values.get("ambito") == "ople" and acuerdo["sistema"] != "OPLE":
        report("ambito", "ambito_de_otro_sistema", cells.get("ambito"), clave=clave, sistema=acuerdo["sistema"])
        ok = False
    area = values.get("area_normativa")
    if area and known_areas and area not in known_areas:
        close = difflib.get_close_matches(area, sorted(known_areas), n=1, cutoff=0.5)
        suggestion = f": ¿quiso decir {close[0]}?" if close else f"; áreas conocidas: {', '.join(sorted(known_areas))}"
        report("area_normativa", "area_desconocida", cells["area_normativa"], suggestion=suggestion)
        ok = False
    if area and numero and (area in known_areas or not known_areas):
        prefix = re.match(r"^([A-Za-zÑñ]+)\s*-", numero)
        siglas = fold(prefix.group(1)).upper() if prefix else None
        if siglas and (siglas in known_areas or not known_areas) and siglas != fold(area).upper():
            findings.append(finding("numero_de_otra_area", table.file, number, table.headers["numero_meta"], cells["numero_meta"], key="numero_meta", prefix=siglas, area=area))
    if not ok or blocked or numero is None:
        return checked
    values.pop("numero_meta")
    values.pop("acuerdo")
    values.pop("accion", None)
    values.pop("acuerdo_origen", None)
    ilustrativo = values.pop("datos_ilustrativos", False)
    stands_in = accion == "alta" and "descripcion" not in values and "objetivo" in values  # the 2020–2021 layout
    if stands_in:
        values["descripcion"] = values["objetivo"]
    written = {c.name: cells[c.name] for c in schema.METAS_COLUMNS if c.kind == "date" and cells.get(c.name)}
    checked.meta = MetaRow(table.file, number, clave, accion, numero, origen if accion != "alta" else None, values, {}, table.headers,
                           written, ilustrativo, table.pages.get(number), stands_in)
    checked.order = (acuerdo["fecha_aprobacion"], accion != "alta", clave, table.file, number)
    return checked


def _drop_duplicates(checked: list[_Checked], findings: list[Finding]) -> list[MetaRow]:
    """numero_meta is unique within its acuerdo (compared as in its web address), checked on every row."""
    first: dict[tuple[str, str], _Checked] = {}
    rows = []
    for item in checked:
        if item.acuerdo is None or item.numero is None:
            continue
        key = (item.acuerdo, slugify(item.numero))
        if key in first:
            earlier = first[key]
            where = f"{earlier.file}, fila {earlier.row}"
            findings.append(finding("meta_duplicada", item.file, item.row, item.numero_column, item.numero, "numero_meta", clave=item.acuerdo, other=where))
            continue
        first[key] = item
        if item.meta is not None:
            rows.append(item.meta)
    return rows


def _check_meta_anterior(rows: list[MetaRow], approved: dict, acuerdos: dict[str, dict], findings: list[Finding]) -> None:
    """A meta_anterior names a meta of the portal of an earlier period of the same sistema."""
    for row in rows:
        reference = row.values.get("meta_anterior")
        if not reference or row.acuerdo not in acuerdos:
            continue
        clave, _, numero = reference.partition(":")
        target = approved.get((clave, slugify(numero)))
        own, other = acuerdos[row.acuerdo], acuerdos.get(target.acuerdo) if target else None
        where = (row.file, row.row, row.headers.get("meta_anterior", "meta_anterior"), reference, "meta_anterior")
        if target is None or other is None:
            findings.append(finding("meta_anterior_inexistente", *where, numero=numero, clave=clave))
        elif other["sistema"] != own["sistema"] or other["periodo_inicio"] >= own["periodo_inicio"]:
            findings.append(finding("meta_anterior_no_anterior", *where, sistema=own["sistema"], inicio=other["periodo_inicio"].isoformat(), otro=other["sistema"]))
        else:
            row.values["meta_anterior"] = f"{target.acuerdo}:{target.numero}"  # as the meta is numbered (deoe-5 names DEOE-5)


PROMEDIO, NIVEL_ALCANZADO = "promedio", "nivel_alcanzado"  # the results' own columns (not the metas')
RESULTADOS_REQUIRED = ("acuerdo", "numero_meta", PROMEDIO)
PERFECT_GRADE = 10


def _validate_resultados(tables: list[RawTable], approved: dict, findings: list[Finding]) -> list[Resultado]:
    """The grades of closed periods: one row per meta of the portal, a promedio from 0 to 10."""
    resultados = []
    seen: dict[tuple[str, str], str] = {}
    for table in tables:
        for number, cells in _catalogue_rows(table, RESULTADOS_REQUIRED, findings):

            def report(column, code, value, **params):
                findings.append(finding(code, table.file, number, table.headers[column], value, column, **params))

            try:
                clave = parse_clave(cells["acuerdo"])
            except Invalid as exc:
                report("acuerdo", exc.code, cells["acuerdo"], detail=str(exc))
                continue
            numero = normalise_numero(cells["numero_meta"])
            values = {}
            for column in (PROMEDIO, NIVEL_ALCANZADO):
                if cells.get(column):
                    try:
                        values[column] = parse_number(cells[column])
                    except Invalid as exc:
                        report(column, exc.code, cells[column], detail=str(exc))
            if PROMEDIO in values and not 0 <= values[PROMEDIO] <= PERFECT_GRADE:
                report(PROMEDIO, "promedio_fuera_de_escala", cells[PROMEDIO])
                values.pop(PROMEDIO)
            key = (clave, slugify(numero))
            target = approved.get(key)
            if target is None:
                report("numero_meta", "resultado_sin_meta", cells["numero_meta"], numero=numero, clave=clave)
                continue
            if key in seen:
                report("numero_meta", "resultado_duplicado", cells["numero_meta"], other=seen[key])
                continue
            seen[key] = f"{table.file}, fila {number}"
            if PROMEDIO in values:  # any other error stops the build: what is kept here is never published
                resultados.append(Resultado(target.acuerdo, target.numero, values[PROMEDIO], values.get(NIVEL_ALCANZADO)))
    return resultados


def _known_areas(catalogue: Catalogue, acuerdos: list[dict]) -> set[str]:
    """The áreas a row may name: the catalogue's, or without one those of the acuerdos' Cuadro and glosario."""
    if catalogue.area_siglas:
        return set(catalogue.area_siglas)
    known = {row["area"] for a in acuerdos for row in a.get("cuadro", ())}
    for acuerdo in acuerdos:
        known.update(k.upper() for k in acuerdo.get("glosario", {}) if SIGLAS.match(fold(k).upper()) and k.isupper())
    return known


# ---------------------------------------------------------------- cargos

_CARGO_FILLER = {"de", "del", "la", "el", "los", "las", "o", "y", "a", "e", "en", "u"}
_CARGO_ABBREVIATIONS = {
    "jde": "junta distrital ejecutiva", "jle": "junta local ejecutiva", "jd": "junta distrital", "jl": "junta local",
    "ejec": "ejecutivo", "org": "organizacion", "elec": "electoral", "dir": "director", "subdir": "subdirector",
    "coord": "coordinador", "depto": "departamento", "dpto": "departamento", "prof": "profesional", "tec": "tecnico",
    "esp": "especialista", "jefe": "jefe", "rfe": "registro federal electores", "vre": "vocal registro federal electores",
    "voe": "vocal organizacion electoral", "vce": "vocal capacitacion electoral educacion civica", "vs": "vocal secretario",
    "ve": "vocal ejecutivo",
}


def _ungender(word: str) -> str:
    if word in ("jefe", "jefa", "jefes", "jefas"):
        return "jef"
    for suffix in ("as", "os", "a", "o"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("es") and len(word) > 5 and word[-3] in "rdln":
        return word[:-2]
    return word


def cargo_key(name: str) -> str:
    """Spellings of one cargo give one key: gendered forms, accents, case, abbreviations,
    punctuation and a trailing «Ejecutiva» after «Junta Distrital/Local» aside."""
    words = []
    for word in re.findall(r"[a-z0-9]+", fold(name)):
        words.extend(_CARGO_ABBREVIATIONS.get(word, word).split())
    stems: list[str] = []
    for word in words:
        if word in _CARGO_FILLER:
            continue
        stem = _ungender(word)
        if stems and stems[-1] == stem:
            continue  # «Ejecutiva o Ejecutivo»
        stems.append(stem)
    if len(stems) >= 3 and stems[-1] == "ejecutiv" and stems[-3] == "junt":
        stems.pop()
    return " ".join(stems)


def cargo_findings(rows: list[MetaRow], acuerdos: dict[str, dict], catalogue: Catalogue) -> list[Finding]:
    """Spellings that share a web address are one cargo (said once); spellings that probably are one cargo are said too."""
    places: dict[str, list[tuple[str, int]]] = defaultdict(list)  # spelling → (file, row)
    ambitos: dict[str, set[str]] = defaultdict(set)
    for row in sorted(rows, key=lambda r: (acuerdos[r.acuerdo]["fecha_aprobacion"], r.accion != "alta", r.acuerdo, r.file, r.row)):
        for name in row.values.get("cargos_puestos", ()):
            places[name].append((row.file, row.row))
            if "ambito" in row.values:
                ambitos[name].add(row.values["ambito"])
    found = []
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in places:
        by_slug[slugify(name)].append(name)
    published: dict[str, str] = {}  # spelling → the name it is published under
    for slug, names in by_slug.items():
        # a spelling with an invisible character or a look-alike letter of another script is never the one published
        canonical = catalogue.cargo_names.get(slug) or min(names, key=lambda n: odd_identifier_chars(n) is not None)
        for name in names:
            published[name] = canonical
        if len(names) > 1 and slug not in catalogue.cargo_names:
            file, row = places[names[0]][0]
            found.append(finding("cargos_fusionados", file, row, "cargos_puestos", names[0], key="cargos_puestos",
                                 nombre=canonical, spellings=_spellings(names, places)))
    groups: dict[str, list[str]] = defaultdict(list)
    for name in places:
        groups[cargo_key(name)].append(name)
    for names in groups.values():
        targets = {published[n] for n in names}
        if len(targets) < 2 or targets <= set(catalogue.cargo_names.values()):
            continue  # one cargo, or cargos the catalogue keeps apart on purpose
        canonical = max(sorted(targets), key=lambda t: (t in catalogue.cargo_names.values(), sum(len(places[n]) for n in names if published[n] == t), len(t)))
        others = sorted(targets - {canonical})
        ambito = {a for n in names for a in ambitos[n]}
        line = _csv_line([canonical, ambito.pop() if len(ambito) == 1 else (catalogue.cargo_ambitos.get(canonical) or ""), "; ".join(others)])
        variant = min((n for n in names if published[n] != canonical), key=lambda n: places[n][0])  # the spelling to fix, where it first is
        file, row = places[variant][0]
        how = (f"agregue a catalogos/cargos.csv la línea: {line}" if catalogue.cargo_names
               else f"cree catalogos/cargos.csv con estas dos líneas: {CARGOS_HEADER} y {line}")
        found.append(finding("cargo_variante", file, row, "cargos_puestos", variant, key="cargos_puestos",
                             spellings=_spellings(names, places), how=how))
    return found


CARGOS_HEADER = "nombre,ambito,alias"  # the header catalogos/cargos.csv needs


def _spellings(names: list[str], places: dict[str, list[tuple[str, int]]]) -> str:
    parts = []
    for name in names:
        by_file: dict[str, list[int]] = defaultdict(list)
        for file, row in places[name]:
            by_file[file].append(row)
        where = "; ".join(f"{file}, {'fila' if len(rows) == 1 else 'filas'} {', '.join(map(str, rows[:10]))}{'…' if len(rows) > 10 else ''}" for file, rows in by_file.items())
        parts.append(f"«{shorten(name)}» ({where})")
    return ", ".join(parts)


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


# ---------------------------------------------------------------- catalogue


def _validate_catalogue(raw: RawData, findings: list[Finding]) -> Catalogue:
    catalogue = Catalogue()
    if raw.areas:
        listed: dict[str, int] = {}  # siglas → its row
        for number, cells in _catalogue_rows(raw.areas, ("siglas",), findings):
            try:
                siglas = parse_siglas(cells["siglas"])
            except Invalid as exc:
                findings.append(finding(exc.code, raw.areas.file, number, raw.areas.headers["siglas"], cells["siglas"], detail=str(exc)))
                continue
            if siglas in listed:
                findings.append(finding("catalogo_repetido", raw.areas.file, number, raw.areas.headers["siglas"], cells["siglas"], key="siglas",
                                        detail=f"las siglas {siglas} ya están en la fila {listed[siglas]}; deje una sola fila por área"))
                continue
            listed[siglas] = number
            catalogue.area_siglas.add(siglas)
            if cells.get("nombre"):
                catalogue.areas[siglas] = cells["nombre"]
    if raw.cargos:
        _validate_cargos(raw.cargos, catalogue, findings)
    return catalogue


def _validate_cargos(table: RawTable, catalogue: Catalogue, findings: list[Finding]) -> None:
    """Each spelling (a nombre or an alias) names one cargo, and an alias is never another row's nombre."""
    rows = list(_catalogue_rows(table, ("nombre",), findings))
    nombres: dict[str, tuple[int, str]] = {}  # slug of a nombre → (row, nombre)
    for number, cells in rows:
        nombres.setdefault(slugify(cells["nombre"]), (number, cells["nombre"]))
    claimed: dict[str, tuple[int, str]] = {}  # slug of a spelling → (row, the nombre it belongs to)

    def claim(slug: str, number: int, nombre: str, column: str, written: str) -> bool:
        if slug in claimed and claimed[slug][1] != nombre:
            other_row, other = claimed[slug]
            findings.append(finding("catalogo_repetido", table.file, number, table.headers.get(column, column), written, key=column,
                                    detail=f"«{shorten(written)}» ya pertenece a «{shorten(other)}» (fila {other_row}); cada escritura nombra un solo cargo"))
            return False
        claimed[slug] = (number, nombre)
        return True

    for number, cells in rows:
        nombre = cells["nombre"]
        if not claim(slugify(nombre), number, nombre, "nombre", nombre):
            continue
        catalogue.cargo_names[slugify(nombre)] = nombre
        for alias in filter(None, (a.strip() for a in cells.get("alias", "").split(";"))):
            slug = slugify(alias)
            if slug in nombres and nombres[slug][1] != nombre:
                findings.append(finding("catalogo_repetido", table.file, number, table.headers.get("alias", "alias"), alias, key="alias",
                                        detail=f"el alias «{shorten(alias)}» es el nombre de otro cargo (fila {nombres[slug][0]}): un nombre no puede ser alias de otro; quite uno de los dos"))
                continue
            if claim(slug, number, nombre, "alias", alias):
                catalogue.cargo_names[slug] = nombre
        if cells.get("ambito"):
            try:
                catalogue.cargo_ambitos[nombre] = parse_choice(cells["ambito"], schema.AMBITOS, "ámbito")
            except Invalid as exc:
                findings.append(finding(exc.code, table.file, number, table.headers["ambito"], cells["ambito"], detail=str(exc)))


def _catalogue_rows(table: RawTable, required: tuple[str, ...], findings: list[Finding]):
    missing = [name for name in required if name not in table.headers]
    for name in missing:
        findings.append(finding("columna_faltante", table.file, 1, name, key=name, title=name, unknown=""))
    if missing:
        return
    for number, cells in table.rows:
        empty = [name for name in required if not cells[name]]
        for name in empty:
            findings.append(finding("valor_faltante", table.file, number, table.headers[name]))
        if not empty:
            yield number, cells
