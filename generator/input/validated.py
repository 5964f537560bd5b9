"""What validation gives the model: the rows of the metas tables, the catalogue, the results of closed periods.

Plain records, judged already: the model builds on them and never checks them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.contract.findings import Finding


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
