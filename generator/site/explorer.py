"""The explorer's data: every meta as compact JSON, read by site_src/assets/js/explorador.js.

One file, fetched once by /explorador/ (in the offline copy, where the browser cannot
fetch from the file system, the same document comes as a script: `as_script`).
Each meta is one record with short keys.

Which keys, and what each holds, the document says itself (`campos`, from `fields`): the
contract columns that schema.METAS_COLUMNS gives an `explorer` key, then the explorer's own
fields (OWN_FIELDS). Each field has its key and its column of metas.csv; its kind (text | list |
date | flag) when it is not text, and whether the free-text search looks in it when it does;
some also what the page shows for their values (SHOWN: the labels of tipo and ámbito, the
áreas' names, the acuerdos' order, the periodos' labels). explorador.js builds its readable
metas, its search, its facets, its table and the CSV of a selection from that description;
which field each facet and column shows, the page's template says (explorador.html.j2).

So that 10,000 metas stay small, a value is absent from a record when it is empty (a flag:
when it is off), and a field that another one decides (the periodo, by the acuerdo) is in no
record: the description gives its value for each value of the other (`segun`, `por`).

`papeles` names the fields the page needs for their meaning, from the descriptor: a meta's
identity (the key of metas.csv, by which the full records of datos/metas.json are found) and
the flag of illustrative data.

`csv` says which fields the CSV of a selection has, in the order of metas.csv, and the
formula-neutralising rule of the downloads (tables.FORMULA_STARTS), so the JavaScript keeps
no copy of either.

Cancelled metas are included (marked), so the explorer shows the whole record.

`first_rows` is the table the explorer draws before any filter: the page carries it, so a
visitor sees the first metas before the data has loaded (and without JavaScript);
explorador.js draws the same rows the same way, from the page's PAGE and DESCRIPTION_CUT
and the columns its headings declare.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from generator.common.text import fecha_corta, MONTHS_ABBREVIATED
from generator.contract import schema
from generator.contract.urls import file_url
from generator.model.continuity import Continuity, label, Link, OBSERVACION
from generator.model.records import Meta, Portal
from generator.site import tables

PAGE = 50  # rows drawn at a time; «Mostrar más» adds as many (laying out table rows costs the most)
DESCRIPTION_CUT = 180  # characters of a description shown in the table; the meta's page has it whole

SCRIPT_GLOBAL = "metasDelPortal"  # explorador.js reads it when the data comes as a script


@dataclass(frozen=True)
class Field:
    """A field of the explorer's records. `value` gives it for a meta (with what the previous period says
    of it, and whether the links are for the offline copy); `values`, for a flag, is what metas.csv writes
    without it and with it; `csv`: whether the CSV of a selection has it; `given_by`: the contract column
    whose value decides this one's, so the records leave it out."""

    key: str
    name: str  # as metas.csv names its column
    kind: str  # text | list | date | flag
    value: Callable[[Meta, Link | None, bool], object]
    searched: bool = False
    values: tuple = ()
    csv: bool = True
    shown: Callable[[Portal], dict] | None = None  # what the page shows for its values (SHOWN)
    given_by: str | None = None

    def spec(self, portal: Portal) -> dict:
        """What explorador.js reads of the field; the defaults (text, not searched) left out."""
        spec = {"clave": self.key, "nombre": self.name}
        spec |= {"tipo": self.kind} if self.kind != "text" else {}
        spec |= {"buscado": True} if self.searched else {}
        spec |= {"valores": list(self.values)} if self.values else {}
        spec |= {"segun": self.given_by, "por": self._by(portal)} if self.given_by else {}
        return spec | (self.shown(portal) if self.shown else {})

    def _by(self, portal: Portal) -> dict:
        """This field's value for each value of `given_by` among the metas; one value deciding two is a programming error."""
        column = schema.COLUMNS_BY_NAME[self.given_by]
        by: dict = {}
        for meta in portal.metas:
            decided, value = meta.value(column), self.encoded(meta, None, False)
            if by.setdefault(decided, value) != value:
                raise ValueError(f"{self.given_by} «{decided}» gives {self.name} «{by[decided]}» and «{value}»")
        return by

    def encoded(self, meta: Meta, link: Link | None, offline: bool):
        """The value as the record holds it; None (left out of the record) when it is empty or, a flag, off."""
        value = self.value(meta, link, offline)
        if self.kind == "flag":
            return 1 if value else None
        if value is None or isinstance(value, (str, tuple)) and not value:
            return None
        if self.kind == "list":
            return list(value)
        if self.kind == "date":
            return value.isoformat()
        return value if isinstance(value, str) else str(value)


def _continues(link: Link | None) -> bool:
    return link is not None and link.predecessor is not None


def _published(key: str, column, kind: str, value, **more) -> Field:
    """An own field that metas.csv publishes as `column` (a field of schema.py's published tables)."""
    return Field(key, column.name, kind, value, **more)


_ACROSS = {f.name: f for f in schema.ACROSS_PERIODS}

# What the page shows for the values of a column, by the column's kind (schema.Column.kind): their labels, in the order
# a facet lists them (`etiquetas`); their names, beside an área's siglas and found by the free text (`nombres`); or the
# order a facet lists them in (`orden`: the acuerdos, newest first).
SHOWN: dict[str, Callable[[Portal], dict]] = {
    "clave": lambda portal: {"orden": [a.clave for a in portal.acuerdos]},
    "area": lambda portal: {"nombres": {a.siglas: a.nombre or "" for a in portal.areas}},
    "tipo": lambda portal: {"etiquetas": schema.TIPO_LABEL},
    "ambito": lambda portal: {"etiquetas": schema.AMBITO_LABEL},
}

# The explorer's own fields, which are not contract columns: after the contract's, in the order of metas.csv's
# columns. What the previous period says of a meta (continuity.py) is here only when it continues one, so the CSV
# of a selection leaves it out (metas.csv has it whole); and metas.csv has no periodo column.
OWN_FIELDS: tuple[Field, ...] = (
    Field("p", "periodo", "text", lambda meta, link, offline: meta.periodo.slug, csv=False, given_by="acuerdo",
          shown=lambda portal: {"etiquetas": {p.slug: p.label for p in portal.periodos}}),
    _published("x", schema.ESTADO, "flag", lambda meta, link, offline: meta.cancelada, values=schema.ESTADOS),
    _published("u", schema.URL, "text", lambda meta, link, offline: file_url(meta.path, offline)),
    _published("l", schema.ILLUSTRATIVE, "flag", lambda meta, link, offline: meta.datos_ilustrativos, values=(False, True)),
    _published("o", _ACROSS["meta_antecesora"], "text", lambda meta, link, offline: label(link.predecessor) if _continues(link) else None, csv=False),
    _published("g", _ACROSS["verificacion_promedio_10"], "text", lambda meta, link, offline: link.repetida.status if _continues(link) else None, csv=False),
    _published("v", _ACROSS["verificacion_nivel_esperado"], "text", lambda meta, link, offline: link.nivel.status if _continues(link) else None, csv=False),
)


def _column_field(column: schema.Column) -> Field:
    """A contract column with an explorer key. Dates are left to the filter «Vigentes en la fecha», not the free text."""
    kind = column.kind if column.kind in ("list", "date") else "text"
    return Field(column.explorer, column.name, kind, lambda meta, link, offline: meta.value(column), column.searched and kind != "date", shown=SHOWN.get(column.kind))


def fields() -> tuple[Field, ...]:
    """Every field of the records: the contract columns the explorer carries (schema.METAS_COLUMNS), then OWN_FIELDS."""
    return (*(_column_field(c) for c in schema.METAS_COLUMNS if c.explorer), *OWN_FIELDS)


def index(portal: Portal, offline: bool = False, continuity: Continuity | None = None) -> bytes:
    """The JSON document (the browser counts what the filters select); `continuity`: the metas' predecessors (derive.Derived)."""
    spec = fields()
    document = {
        "observacion": OBSERVACION,  # the verdict of a rule that fired (the fields verificacion_*), for the filter «Entre periodos»
        "meses": MONTHS_ABBREVIATED,  # a date in the table is «4 nov. 2022», as in every listing of the site (text.fecha_corta)
        "campos": [f.spec(portal) for f in spec],
        "papeles": {"identidad": list(schema.metas_table({}).primary_key), "ilustrativa": schema.ILLUSTRATIVE.name},
        "csv": {"columnas": [f.key for f in spec if f.csv], "formula": "^[" + re.escape("".join(tables.FORMULA_STARTS)) + "]"},
        "metas": [_record(meta, spec, continuity.link(meta) if continuity else None, offline) for meta in portal.metas],
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


def _record(meta: Meta, spec: tuple[Field, ...], link: Link | None, offline: bool) -> dict:
    record = {}
    for field in spec:
        if field.given_by:
            continue
        value = field.encoded(meta, link, offline)
        if value is not None:
            record[field.key] = value
    return record
