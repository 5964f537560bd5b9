"""Raw tables → typed records, and a finding for every rule of the contract they break.

Never stops at the first problem: every error of a run is reported together.
Observaciones that need the whole model (vigencia, reconciliation) are in derive.py.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import acuerdo_text, schema
from .findings import AVISO, Finding
from .load import RawAcuerdo, RawData, RawTable, _inside
from .text import fold, header_key, slugify

CLAVE = re.compile(r"^[A-Z][A-Z0-9-]*(?:/[A-Z0-9][A-Z0-9-]*)+$")
SIGLAS = re.compile(r"^[A-ZÑ]{2,15}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
URL = re.compile(r"^https?://[^\s<>\"']+$")


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


@dataclass
class Catalogue:
    areas: dict[str, str] = field(default_factory=dict)  # siglas → nombre
    cargo_names: dict[str, str] = field(default_factory=dict)  # slug of a spelling → canonical name
    cargo_ambitos: dict[str, str] = field(default_factory=dict)  # canonical name → ambito


@dataclass
class Validated:
    acuerdos: list[dict]
    rows: list[MetaRow]
    catalogue: Catalogue
    texts: dict[str, str]
    findings: list[Finding]


class Invalid(ValueError):
    """A value outside its type or list; the message says what was expected."""

    def __init__(self, message: str, code: str = "valor_invalido"):
        super().__init__(message)
        self.code = code


def validate(raw: RawData) -> Validated:
    findings = list(raw.findings)
    acuerdos = _validate_acuerdos(raw, findings)
    by_clave = {a["clave"]: a for a in acuerdos}
    rejected = _claves_of_rejected(raw, by_clave)
    rows = []
    for table in raw.tables:
        rows.extend(_validate_table(table, by_clave, rejected, findings))
    rows = _drop_duplicates(rows, findings)
    catalogue = _validate_catalogue(raw, findings)
    return Validated(acuerdos, rows, catalogue, raw.texts, findings)


# ---------------------------------------------------------------- values


def parse_date(text) -> dt.date:
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


def parse_integer(text, minimum: int = 1) -> int:
    if isinstance(text, bool):
        raise Invalid("se espera un número entero")
    if isinstance(text, int):
        number = text
    else:
        value = parse_number(str(text))
        if not isinstance(value, int):
            raise Invalid("se espera un número entero")
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
            findings.append(Finding(source.file, source.lines.get("clave"), "clave", "clave_duplicada", f"la clave ya está en {seen[acuerdo['clave']]}", acuerdo["clave"]))
            continue
        seen[acuerdo["clave"]] = source.file
        acuerdos.append(acuerdo)
    return acuerdos


def _claves_of_rejected(raw: RawData, valid: dict[str, dict]) -> set[str]:
    """Claves of acuerdos whose file has an error: their rows are not reported again as orphans."""
    rejected = set()
    for source in raw.acuerdos:
        try:
            clave = parse_clave(source.values.get("clave", ""))
        except Invalid:
            continue
        if clave not in valid:
            rejected.add(clave)
    return rejected


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
            findings.append(Finding(source.file, source.lines.get(key.name), key.name, exc.code, str(exc), _show(value)))
            ok = False
    if "documento" in clean and clean["documento"] in raw.texts:
        ok &= _merge_document(clean, raw.texts[clean["documento"]], source, raw, findings)
    for key in schema.ACUERDO_KEYS:
        if key.required and key.name not in clean and source.values.get(key.name) in (None, "", []):
            findings.append(Finding(source.file, None, key.name, "valor_faltante", "falta esta clave obligatoria"))
            ok = False
    for unknown in sorted(set(source.values) - set(schema.ACUERDO_KEYS_BY_NAME)):
        findings.append(Finding(source.file, source.lines.get(unknown), unknown, "clave_desconocida", "clave que el contrato no define; se ignora", severity=AVISO))
    if not ok:
        return None
    if clean["periodo_inicio"] > clean["periodo_fin"]:
        findings.append(Finding(source.file, source.lines.get("periodo_fin"), "periodo_fin", "periodo_invertido", f"el periodo termina antes de empezar ({clean['periodo_inicio'].isoformat()})", clean["periodo_fin"].isoformat()))
        return None
    clean["lines"] = source.lines
    return clean


def _merge_document(clean: dict, text: str, source: RawAcuerdo, raw: RawData, findings: list[Finding]) -> bool:
    """Keys missing from the YAML come from the acuerdo's text; a key in both must agree."""
    extracted = acuerdo_text.extract(text).values
    ok = True
    for name, value in extracted.items():
        key = schema.ACUERDO_KEYS_BY_NAME[name]
        try:
            from_text = _parse_key(key, value, raw)
        except Invalid:
            continue  # what the text says in a form the contract does not take is not used
        if name not in clean:
            clean[name] = from_text
        elif name == "glosario":
            clean[name] = {**from_text, **clean[name]}
        elif _comparable(clean[name]) != _comparable(from_text):
            findings.append(Finding(source.file, source.lines.get(name), name, "documento_discrepante", f"el YAML y el texto del acuerdo ({clean['documento']}) no coinciden; el texto dice «{_show_value(from_text)}»", _show_value(clean[name])))
            ok = False
    return ok


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
    return value.isoformat() if isinstance(value, dt.date) else str(value)


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
        if not isinstance(value, str) or not _inside(raw.root, value) or not (raw.root / value).is_file():
            raise Invalid("el archivo no existe dentro de la carpeta de datos", "archivo_inexistente")
        return value
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


def _validate_table(table: RawTable, acuerdos: dict[str, dict], rejected: set[str], findings: list[Finding]) -> list[MetaRow]:
    has_accion = "accion" in table.headers
    needed = schema.AMENDMENT_REQUIRED if has_accion else schema.REQUIRED_COLUMNS
    missing = [name for name in needed if name not in table.headers]
    for name in missing:
        findings.append(Finding(table.file, 1, name, "columna_faltante", "falta esta columna obligatoria"))
    if "acuerdo" in missing or "numero_meta" in missing:
        return []
    known = set(schema.COLUMNS_BY_NAME)
    unknown = [key for key in table.headers if key not in known]
    rows = []
    for number, cells in table.rows:
        row = _validate_row(table, number, cells, acuerdos, rejected, set(missing), findings)
        if row:
            row.extra = {table.headers[key]: cells[key] for key in unknown if cells[key]}
            rows.append(row)
    return rows


def _validate_row(table, number, cells, acuerdos, rejected, missing_columns, findings) -> MetaRow | None:
    def report(column, code, message, value=None):
        findings.append(Finding(table.file, number, table.headers.get(column, column), code, message, value))

    values: dict = {}
    ok = True
    for column, text in cells.items():
        spec = schema.COLUMNS_BY_NAME.get(column)
        if spec is None or not text:
            continue
        try:
            values[column] = CELL_PARSERS[spec.kind](text)
        except Invalid as exc:
            report(column, exc.code, str(exc), text)
            ok = False

    acuerdo = acuerdos.get(values.get("acuerdo"))
    if values.get("acuerdo") in rejected:
        return None  # its acuerdo has an error of its own, already reported
    if "acuerdo" in values and acuerdo is None:
        report("acuerdo", "acuerdo_inexistente", "no hay un acuerdo con esa clave en acuerdos/", cells["acuerdo"])
        ok = False
    accion = values.get("accion")
    if acuerdo and acuerdo["tipo"] == "aprobacion" and accion not in (None, "alta"):
        report("accion", "valor_invalido", "un acuerdo de aprobación solo da de alta metas (accion vacía o «alta»)", cells.get("accion"))
        ok = False
    if acuerdo and acuerdo["tipo"] != "aprobacion" and accion is None and "accion" not in missing_columns:
        report("accion", "valor_faltante", "un acuerdo de modificación o cancelación indica la acción de cada fila (alta, modifica, cancela)")
        ok = False
    accion = accion or "alta"
    needed = schema.REQUIRED_COLUMNS if accion == "alta" else schema.AMENDMENT_REQUIRED
    for column in needed:
        if column in missing_columns or cells.get(column):
            continue
        report(column, "valor_faltante", "falta este dato obligatorio")
        ok = False
    if accion != "alta" and "acuerdo_origen" in values and values["acuerdo_origen"] not in acuerdos:
        report("acuerdo_origen", "acuerdo_inexistente", "no hay un acuerdo con esa clave en acuerdos/", cells["acuerdo_origen"])
        ok = False
    inicio, termino = values.get("fecha_inicio"), values.get("fecha_termino")
    if inicio and termino and inicio > termino:
        report("fecha_termino", "fechas_invertidas", f"la fecha de término es anterior a la de inicio ({inicio.isoformat()})", cells["fecha_termino"])
        ok = False
    if not ok or "numero_meta" not in values:
        return None
    numero = normalise_numero(values.pop("numero_meta"))
    clave = values.pop("acuerdo")
    values.pop("accion", None)
    origen = values.pop("acuerdo_origen", None)
    return MetaRow(table.file, number, clave, accion, numero, origen if accion != "alta" else None, values, {})


def _drop_duplicates(rows: list[MetaRow], findings: list[Finding]) -> list[MetaRow]:
    """numero_meta is unique within its acuerdo (compared as in its web address)."""
    first: dict[tuple[str, str], MetaRow] = {}
    for row in rows:
        key = (row.acuerdo, slugify(row.numero))
        if key in first:
            earlier = first[key]
            findings.append(Finding(row.file, row.row, "numero_meta", "meta_duplicada", f"el número de meta se repite en el acuerdo {row.acuerdo} (ya está en {earlier.file}, fila {earlier.row})", row.numero))
        else:
            first[key] = row
    return list(first.values())


# ---------------------------------------------------------------- catalogue


def _validate_catalogue(raw: RawData, findings: list[Finding]) -> Catalogue:
    catalogue = Catalogue()
    if raw.areas:
        for number, cells in _catalogue_rows(raw.areas, ("siglas", "nombre"), findings):
            try:
                catalogue.areas[parse_siglas(cells["siglas"])] = cells["nombre"]
            except Invalid as exc:
                findings.append(Finding(raw.areas.file, number, raw.areas.headers["siglas"], exc.code, str(exc), cells["siglas"]))
    if raw.cargos:
        for number, cells in _catalogue_rows(raw.cargos, ("nombre",), findings):
            nombre = cells["nombre"]
            catalogue.cargo_names[slugify(nombre)] = nombre
            for alias in filter(None, (a.strip() for a in cells.get("alias", "").split(";"))):
                catalogue.cargo_names[slugify(alias)] = nombre
            if cells.get("ambito"):
                try:
                    catalogue.cargo_ambitos[nombre] = parse_choice(cells["ambito"], schema.AMBITOS, "ámbito")
                except Invalid as exc:
                    findings.append(Finding(raw.cargos.file, number, raw.cargos.headers["ambito"], exc.code, str(exc), cells["ambito"]))
    return catalogue


def _catalogue_rows(table: RawTable, required: tuple[str, ...], findings: list[Finding]):
    missing = [name for name in required if name not in table.headers]
    for name in missing:
        findings.append(Finding(table.file, 1, name, "columna_faltante", "falta esta columna obligatoria"))
    if missing:
        return
    for number, cells in table.rows:
        empty = [name for name in required if not cells[name]]
        for name in empty:
            findings.append(Finding(table.file, number, table.headers[name], "valor_faltante", "falta este dato obligatorio"))
        if not empty:
            yield number, cells
