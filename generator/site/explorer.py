"""The explorer's data: every meta as compact JSON, read by site_src/assets/js/explorador.js.

One file, fetched once by /explorador/ (in the offline copy, where the browser cannot
fetch from the file system, the same document comes as a script: `as_script`).
Periodos (label, sistema), the acuerdos (newest first), the áreas' names and the
labels of tipo and ámbito sit in small tables; each meta is one record with short keys:

    p  periodo (slug)             a  acuerdo clave           n  número
    t  tipo (contract value)      r  área normativa (siglas) m  ámbito (contract value)
    c  cargos o puestos (list)    e  entidades (list; absent = todas)
    d  descripción                i  fecha de inicio         f  fecha de término (ISO)
    u  permalink (relative to the site root; the HTML file in the offline copy)
    x  1 when the meta was cancelled (absent otherwise)
    l  1 when the meta is illustrative (absent otherwise)
    o  its predecessor in an earlier period, as «CLAVE:NÚMERO» (absent when it has none: continuity.py)
    g  the verdict on it of the rule «a meta that averaged 10 is not repeated in the same terms» (with o)
    v  the verdict on it of the rule «a nivel esperado above the one reached the year before» (with o)

`csv` says how the explorer writes the CSV of a selection: the columns of metas.csv that
the records carry, each with its record key, and the formula-neutralising rule of the
downloads (exports.FORMULA_STARTS), so the JavaScript keeps no copy of either.

Cancelled metas are included (marked), so the explorer shows the whole record.

`first_rows` is the table the explorer draws before any filter: the page carries it, so a
visitor sees the first metas before the data has loaded (and without JavaScript);
explorador.js draws the same rows the same way, from the page's PAGE and DESCRIPTION_CUT.
"""

from __future__ import annotations

import json
import re

from dataclasses import dataclass

from generator.common.text import fecha_corta, MONTHS_ABBREVIATED
from generator.contract import schema
from generator.contract.urls import file_url
from generator.model.continuity import Continuity, label, Link, OBSERVACION
from generator.model.records import Meta, Portal
from generator.site import exports

PAGE = 50  # rows drawn at a time; «Mostrar más» adds as many (laying out table rows costs the most)
DESCRIPTION_CUT = 180  # characters of a description shown in the table; the meta's page has it whole

SCRIPT_GLOBAL = "metasDelPortal"  # explorador.js reads it when the data comes as a script
# (column of metas.csv, record key, how the value is written: text | list | flag with its two words)
CSV_COLUMNS = [
    ["acuerdo", "a", "text"], ["numero_meta", "n", "text"], ["tipo", "t", "text"], ["area_normativa", "r", "text"],
    ["ambito", "m", "text"], ["cargos_puestos", "c", "list"], ["descripcion", "d", "text"], ["fecha_inicio", "i", "text"],
    ["fecha_termino", "f", "text"], ["entidades", "e", "list"], ["estado", "x", "flag", "vigente", "cancelada"],
    ["url", "u", "text"], ["datos_ilustrativos", "l", "flag", "false", "true"],
]


def index(portal: Portal, offline: bool = False, continuity: Continuity | None = None) -> bytes:
    """The JSON document (the browser counts what the filters select); `continuity`: the metas' predecessors (derive.Derived)."""
    document = {
        "periodos": {p.slug: {"etiqueta": p.label, "sistema": p.sistema} for p in portal.periodos},
        "acuerdos": [a.clave for a in portal.acuerdos],
        "areas": {a.siglas: a.nombre or "" for a in portal.areas},
        "tipos": schema.TIPO_LABEL,
        "ambitos": schema.AMBITO_LABEL,
        "observacion": OBSERVACION,  # the verdict (g, v) of a rule that fired, for the filter «Entre periodos»
        "meses": MONTHS_ABBREVIATED,  # a date in the table is «4 nov. 2022», as in every listing of the site (text.fecha_corta)
        "csv": {"columnas": CSV_COLUMNS, "formula": "^[" + re.escape("".join(exports.FORMULA_STARTS)) + "]"},
        "metas": [_record(meta, offline, continuity.link(meta) if continuity else None) for meta in portal.metas],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Row:
    """One row of the explorer's table, as explorador.js `row` draws it."""

    meta: Meta
    area_nombre: str
    tipo: str
    ambito: str
    cargos: str
    descripcion: str
    inicio: str
    termino: str


def first_rows(portal: Portal) -> list[Row]:
    """The first PAGE rows of the table with no filter and no sorting: the metas in the data's order."""
    names = {a.siglas: a.nombre or a.siglas for a in portal.areas}
    return [
        Row(
            meta, names.get(meta.area, meta.area), schema.TIPO_LABEL.get(meta.tipo, meta.tipo), schema.AMBITO_LABEL.get(meta.ambito, meta.ambito),
            "; ".join(meta.cargos), shown_description(meta.descripcion), fecha_corta(meta.fecha_inicio), fecha_corta(meta.fecha_termino),
        )
        for meta in portal.metas[:PAGE]
    ]


def shown_description(text: str) -> str:
    """At most DESCRIPTION_CUT characters: a longer text is cut, its trailing spaces dropped, and ends in «…» (explorador.js cuts the same way)."""
    return text if len(text) <= DESCRIPTION_CUT else text[: DESCRIPTION_CUT - 3].rstrip() + "…"


def as_script(document: bytes) -> bytes:
    """The document as a script that sets a global, for the offline copy (JSON is JavaScript)."""
    return f"window.{SCRIPT_GLOBAL} = ".encode() + document + b";\n"


def _record(meta: Meta, offline: bool, link: Link | None) -> dict:
    record = {
        "p": meta.periodo.slug,
        "a": meta.acuerdo,
        "n": meta.numero,
        "t": meta.tipo,
        "r": meta.area,
        "m": meta.ambito,
        "c": list(meta.cargos),
        "d": meta.descripcion,
        "i": meta.fecha_inicio.isoformat(),
        "f": meta.fecha_termino.isoformat(),
        "u": file_url(meta.path, offline),
    }
    if meta.entidades:
        record["e"] = list(meta.entidades)
    if meta.cancelada:
        record["x"] = 1
    if meta.datos_ilustrativos:
        record["l"] = 1
    if link is not None and link.predecessor is not None:
        record["o"] = label(link.predecessor)
        record["g"] = link.repetida.status
        record["v"] = link.nivel.status
    return record
