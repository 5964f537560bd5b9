"""A cell's or a YAML key's text → its typed value, or `Invalid` saying what was expected; and a value
echoed back in a message as a person wrote it (short).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from generator.common.text import fold, header_key
from generator.contract import schema
from generator.contract.codes import FORMATS, message
from generator.input.load import inside_folder, RawData

CLAVE = re.compile(r"^[A-Z][A-Z0-9-]*(?:/[A-Z0-9][A-Z0-9-]*)+$")
SIGLAS = re.compile(r"^[A-ZÑ]{2,15}$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
# Every date of the data lies here: what a ZIP download can stamp (its timestamps run from 1980 to 2107).
EARLIEST_DATE = dt.date(1980, 1, 1)
LATEST_DATE = dt.date(2107, 12, 31)


class Invalid(ValueError):
    """A value outside its type or list, as the finding `code` will say it: `reason`, what was expected (a reason
    of valor_invalido or fecha_invalida in the catalogue), and `params` fill the code's template."""

    def __init__(self, reason: str | None = None, code: str = "valor_invalido", **params):
        self.code = code
        self.params = {"reason": reason, **params} if reason else params
        super().__init__(message(code, **self.params))


def parse_date(text) -> dt.date:
    date = _calendar_date(text)
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise Invalid("fuera_de_rango", "fecha_invalida", date=date.isoformat(), earliest=EARLIEST_DATE.isoformat(), latest=LATEST_DATE.isoformat())
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
            raise Invalid("formato", "fecha_invalida")
        day, month, year = (int(g) for g in match.groups())
        if month > 12 and day <= 12:
            raise Invalid("mes", "fecha_invalida", month=month)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Invalid("calendario", "fecha_invalida") from None


def parse_number(text: str) -> float | int:
    cleaned = text.replace(" ", "")
    if not NUMBER.match(cleaned):
        raise Invalid("numero")
    number = float(cleaned.replace(",", "."))
    return int(number) if number.is_integer() else number


BOOLEANS = {"si": True, "true": True, "verdadero": True, "1": True, "x": True, "no": False, "false": False, "falso": False, "0": False}


def parse_boolean(text: str) -> bool:
    key = header_key(str(text))
    if key not in BOOLEANS:
        raise Invalid("si_no")
    return BOOLEANS[key]


def parse_integer(text, minimum: int = 1) -> int:
    if isinstance(text, bool) or isinstance(text, (dict, list)):
        raise Invalid("entero")
    if isinstance(text, int):
        number = text
    else:
        try:
            value = parse_number(str(text))
        except Invalid:
            raise Invalid("entero") from None
        if not isinstance(value, int):
            raise Invalid("entero")
        number = value
    if number < minimum:
        raise Invalid("entero_minimo", minimum=minimum)
    return number


def parse_percent(text: str) -> float | int:
    value = parse_number(text[:-1].strip() if text.endswith("%") else text)
    if not 0 <= value <= 100:
        raise Invalid("porcentaje")
    return value


def parse_choice(text: str, choices: dict[str, str], label: str) -> str:
    key = header_key(str(text))
    if key not in choices:
        allowed = ", ".join(sorted(set(choices.values())))
        raise Invalid("opcion", label=label, allowed=allowed)
    return choices[key]


def parse_siglas(text: str) -> str:
    siglas = fold(text).upper().replace(" ", "")
    if not SIGLAS.match(siglas):
        raise Invalid("siglas")
    return siglas


def parse_clave(text) -> str:
    clave = re.sub(r"\s+", "", str(text)).upper()
    if not CLAVE.match(clave):
        raise Invalid("clave")
    return clave


def normalise_numero(text: str) -> str:
    """`DEOE - 12` is read as `DEOE-12`."""
    return re.sub(r"\s+", " ", re.sub(r"\s*-\s*", "-", text)).strip()


def parse_meta_reference(text: str) -> str:
    """`INE/JGE177/2022 : DEOE - 3` → `INE/JGE177/2022:DEOE-3`, the form continuity.parse_reference reads."""
    clave, colon, numero = text.partition(":")
    if not colon or not numero.strip():
        raise Invalid("referencia")
    return f"{parse_clave(clave)}:{normalise_numero(numero)}"


def split_list(text: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in text.split(";") if item.strip())
    if not items:
        raise Invalid("lista")
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


def parse_key(key: schema.Key, value, raw: RawData):
    kind = key.kind
    if kind == "clave":
        return parse_clave(value)
    if kind == "text":
        if isinstance(value, (dict, list)):
            raise Invalid("texto")
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
            raise Invalid("comision")
        sesion = value.get("sesion")
        return {"fecha": parse_date(value["fecha"]), "sesion": _maybe_choice(sesion, schema.SESIONES)}
    if kind == "totales":
        if not isinstance(value, dict) or not set(value) <= set(schema.TOTALES_KEYS):
            raise Invalid("totales")
        return {k: parse_integer(value[k], minimum=0) for k in schema.TOTALES_KEYS if value.get(k) is not None}
    if kind == "cuadro":
        return parse_cuadro(value)
    if kind == "path":
        return parse_path(key.name, value, raw)
    if kind == "url":
        if not isinstance(value, str) or not URL.match(value.strip()):
            raise Invalid("url")
        return value.strip()
    if kind == "boolean":
        if not isinstance(value, bool):
            raise Invalid("booleano")
        return value
    if kind == "glosario":
        if not isinstance(value, dict):
            raise Invalid("glosario")
        return {str(k).strip(): str(v).strip() for k, v in value.items() if v}
    raise AssertionError(kind)


def parse_path(name: str, value, raw: RawData) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("ruta")
    value = value.strip()
    path = raw.root / value
    lexical = not Path(value).is_absolute() and ".." not in Path(value).parts
    if lexical and (path.exists() or path.is_symlink()) and not inside_folder(raw.root, value):
        raise Invalid(code="fuera_de_datos")
    if not lexical or not path.is_file():
        hint = ""
        folder = path.parent if lexical else None
        if folder is not None and folder.is_dir() and inside_folder(raw.root, str(Path(value).parent)):
            candidates = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))[:2_000]
            close = difflib.get_close_matches(path.name, candidates, n=1, cutoff=0.6)
            if close:
                hint = f" (¿quiso decir {Path(value).parent.as_posix()}/{close[0]}?)"
        formats = f"; formatos admitidos: {FORMATS}" if name == "metas" else ""
        raise Invalid(code="archivo_inexistente", formats=formats, hint=hint)
    return value  # a table in a format that is not read is reported on the file itself


def _maybe_choice(value, choices):
    if value is None:
        return None
    key = header_key(str(value))
    return choices.get(key, str(value).strip())


def parse_cuadro(value) -> tuple[dict, ...]:
    if not isinstance(value, list):
        raise Invalid("cuadro")
    rows = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict) or "area" not in item:
            raise Invalid("cuadro_sin_area", position=position)
        try:
            row = {"area": parse_siglas(str(item["area"]))}
            for column in schema.CUADRO_COLUMNS:
                row[column] = parse_integer(item.get(column) or 0, minimum=0)
            total = item.get("total")
            row["total"] = parse_integer(total, minimum=0) if total is not None else sum(row[c] for c in schema.CUADRO_COLUMNS)
        except Invalid as exc:
            raise Invalid("cuadro_fila", position=position, motivo=str(exc)) from None
        rows.append(row)
    return tuple(rows)


def shown_value(value) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], dict):
        return "; ".join(", ".join(f"{k}: {v}" for k, v in row.items()) for row in value)
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return shown(value)


def shown(value) -> str:
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
