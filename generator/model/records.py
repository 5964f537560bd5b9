"""Frozen records of the portal, built only from validated data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from generator.common.text import MONTHS, slugify
from generator.contract import schema, urls


@dataclass(frozen=True)
class Periodo:
    sistema: str
    inicio: dt.date
    fin: dt.date

    @property
    def slug(self) -> str:
        return f"{self.sistema.lower()}-{self.inicio.year}-{self.fin.year}"

    @property
    def label(self) -> str:
        return f"{MONTHS[self.inicio.month - 1]} {self.inicio.year} – {MONTHS[self.fin.month - 1]} {self.fin.year} ({self.sistema})"


@dataclass(frozen=True)
class Acuerdo:
    clave: str
    titulo: str
    organo: str
    fecha_aprobacion: dt.date
    sistema: str
    periodo_inicio: dt.date
    periodo_fin: dt.date
    tipo: str
    file: str
    sesion: str | None = None
    votacion: str | None = None
    bloque: int | None = None
    antecedentes: tuple[str, ...] = ()
    comision_servicio: dict | None = None
    totales: dict | None = None
    cuadro: tuple[dict, ...] = ()
    documento: str | None = None
    texto: str | None = None
    url: str | None = None
    metas_file: str | None = None
    datos_ilustrativos: bool = False  # its annex in the portal is not the official one
    acuerdo_ilustrativo: bool = False  # the acuerdo itself is invented (an example): none of its facts is real
    glosario: dict = field(default_factory=dict)
    pasajes: tuple[str, ...] = ()  # facts whose passage in the text is marked (document.py: id pasaje-<fact>)
    periodo_inferido_de: str | None = None  # the text's months the periodo's days were inferred from
    glosario_correcciones: dict = field(default_factory=dict)  # term → what the text's glossary said ("" = no meaning)
    lines: dict = field(default_factory=dict, compare=False)  # key → line of its YAML file

    @property
    def slug(self) -> str:
        return slugify(self.clave)

    @property
    def periodo(self) -> Periodo:
        return Periodo(self.sistema, self.periodo_inicio, self.periodo_fin)

    @property
    def anexo_format(self) -> str | None:
        """«pdf» or «docx» when its metas come from the annex as INE published it (published beside its page)."""
        suffix = (self.metas_file or "").rsplit(".", 1)[-1].lower()
        return suffix if self.metas_file and suffix in urls.ANNEX_FORMATS else None

    @property
    def path(self) -> str:
        return urls.acuerdo(self.clave)


@dataclass(frozen=True)
class Change:
    campo: str
    anterior: object
    nuevo: object


@dataclass(frozen=True)
class Event:
    """Something an acuerdo did to a meta: approved (alta), modified or cancelled it."""

    acuerdo: str
    fecha: dt.date
    accion: str  # alta | modifica | cancela
    file: str
    row: int
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Meta:
    acuerdo: str  # clave of the acuerdo that approved it: part of its permalink
    numero: str
    tipo: str
    area: str
    ambito: str
    cargos: tuple[str, ...]
    descripcion: str
    fecha_inicio: dt.date
    fecha_termino: dt.date
    periodo: Periodo
    file: str
    row: int
    fields: dict  # the contract's optional columns that have a value
    extra: dict  # columns the contract does not define, as written
    history: tuple[Event, ...]
    cancelada: bool = False
    datos_ilustrativos: bool = False
    pagina_anexo: int | None = None  # the page of the acuerdo's annex (PDF) where its form starts
    written: dict = field(default_factory=dict, compare=False)  # its dates as the clerk typed them («01/03/2032»), for messages
    descripcion_es_objetivo: bool = False  # the annex gave no description (INE's 2020–2021 layout): its objetivo stands for it

    @property
    def slug(self) -> str:
        return slugify(self.numero)

    @property
    def vigencia_en_periodo(self) -> tuple[dt.date, dt.date]:
        """Its vigencia within its acuerdo's period, as calendars and charts draw it: a vigencia that runs past the
        period is an observación (vigencia_fuera_de_periodo), and nothing is drawn to the year 2107."""
        inicio = min(max(self.fecha_inicio, self.periodo.inicio), self.periodo.fin)
        return inicio, max(min(self.fecha_termino, self.periodo.fin), inicio)


    @property
    def path(self) -> str:
        return urls.meta(self.acuerdo, self.numero)

    @property
    def entidades(self) -> tuple[str, ...]:
        return self.fields.get("entidades", ())

    def value(self, column: schema.Column):
        """Its value of a contract column: the attribute the descriptor names, else its optional fields (None, or () for a list, when it has none)."""
        if column.attribute:
            return getattr(self, column.attribute)
        return self.fields.get(column.name, () if column.kind == "list" else None)


@dataclass(frozen=True)
class Area:
    siglas: str
    nombre: str | None

    @property
    def slug(self) -> str:
        return self.siglas.lower()

    @property
    def path(self) -> str:
        return urls.area(self.siglas)


@dataclass(frozen=True)
class Cargo:
    nombre: str
    ambito: str | None

    @property
    def slug(self) -> str:
        return slugify(self.nombre)

    @property
    def path(self) -> str:
        return urls.cargo(self.nombre)


@dataclass(frozen=True)
class Portal:
    acuerdos: tuple[Acuerdo, ...]  # newest first
    metas: tuple[Meta, ...]  # in acuerdo order, then as in the annex
    areas: tuple[Area, ...]
    cargos: tuple[Cargo, ...]
    glosario: dict  # siglas → meaning, from every acuerdo's glossary and the catalogue
    cargo_aliases: dict = field(default_factory=dict, compare=False)  # slug of a spelling → canonical cargo (catalogos/cargos.csv)

    def acuerdo(self, clave: str) -> Acuerdo:
        return self._acuerdos_by_clave[clave]

    @cached_property
    def _acuerdos_by_clave(self) -> dict[str, Acuerdo]:
        return {a.clave: a for a in self.acuerdos}

    @cached_property
    def periodos(self) -> tuple[Periodo, ...]:
        """Newest first."""
        return tuple(sorted({a.periodo for a in self.acuerdos}, key=lambda p: (p.inicio, p.sistema), reverse=True))

    def cargo_named(self, spelling: str) -> str:
        """The canonical name of a cargo as someone wrote it (folded, with the catalogue's aliases)."""
        return self.cargo_aliases.get(slugify(spelling), spelling)

    @property
    def latest_real(self) -> Acuerdo:
        """The newest acuerdo that exists: an invented example is never the latest acuerdo (the newest of all if every one is)."""
        return next((a for a in self.acuerdos if not a.acuerdo_ilustrativo), self.acuerdos[0])
