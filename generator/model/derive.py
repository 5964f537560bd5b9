"""The model → figures people read: counts, reconciliation with the acuerdo, observaciones."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from generator.common.text import fecha_larga
from generator.contract.findings import Finding, finding
from generator.contract.schema import CUADRO_COLUMNS, CUADRO_LABELS, METAS_COLUMNS
from generator.model import continuity
from generator.model.records import Acuerdo, Meta, Portal

TOTALES_LABELS = {"metas": "Metas", "individuales": "Individuales", "colectivas": "Colectivas"}


@dataclass(frozen=True)
class Comparison:
    label: str  # what is compared, in Spanish
    declared: int
    annex: int

    @property
    def ok(self) -> bool:
        return self.declared == self.annex


@dataclass(frozen=True)
class Reconciliation:
    acuerdo: str
    annex_available: bool
    totales: tuple[Comparison, ...]
    cuadro: tuple[tuple[str, tuple[Comparison, ...]], ...]  # (área, comparisons of its columns)

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        return self.totales + tuple(c for _, row in self.cuadro for c in row)

    @property
    def declared_anything(self) -> bool:
        return bool(self.totales or self.cuadro)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.comparisons)


@dataclass(frozen=True)
class Counts:
    """What a page says of a set of metas: the vigentes (not cancelled) by tipo, and the cancelled ones."""

    vigentes: int
    individuales: int
    colectivas: int
    canceladas: int
    ilustrativas: int


def counts(metas) -> Counts:
    vigentes = [m for m in metas if not m.cancelada]
    return Counts(
        len(vigentes),
        sum(m.tipo == "individual" for m in vigentes),
        sum(m.tipo == "colectiva" for m in vigentes),
        len(metas) - len(vigentes),
        sum(m.datos_ilustrativos for m in metas),
    )


@dataclass(frozen=True)
class Derived:
    metas: pd.DataFrame  # one row per meta
    metas_cargos: pd.DataFrame  # one row per meta × cargo
    reconciliations: dict[str, Reconciliation]
    observaciones: list[Finding]
    checks: tuple = ()  # verify.Check of every acuerdo and periodo, for /verificacion/ (added by the pipeline)
    continuity: continuity.Continuity | None = None  # each meta with its predecessor, and the two rules across periods

VIGENCIA = tuple(c for c in METAS_COLUMNS if c.kind == "date")  # its two dates: inicio, término


def metas_frame(metas: tuple[Meta, ...] | list[Meta]) -> pd.DataFrame:
    """One row per meta, a column per attribute the descriptor gives a contract column (dates as datetimes), then
    its address, its vigencia within its acuerdo's period, whether it was cancelled and whether it is illustrative."""
    held = {c.attribute: [m.value(c) for m in metas] for c in METAS_COLUMNS if c.attribute}
    dates = {c.attribute: pd.to_datetime(held[c.attribute]) for c in METAS_COLUMNS if c.attribute and c.kind == "date"}
    vigencias = [m.vigencia_en_periodo for m in metas]
    return pd.DataFrame({
        "path": [m.path for m in metas],
        **held,
        **dates,
        "vigencia_inicio": pd.to_datetime([inicio for inicio, _ in vigencias]),
        "vigencia_fin": pd.to_datetime([fin for _, fin in vigencias]),
        "cancelada": [m.cancelada for m in metas],
        "datos_ilustrativos": [m.datos_ilustrativos for m in metas],
    })


def derive(portal: Portal, resultados=()) -> Derived:
    """`resultados`: continuity.Resultado of closed periods (data/resultados/), for the rules across periods."""
    frame = metas_frame(portal.metas)
    by_cargo = frame.explode("cargos").rename(columns={"cargos": "cargo"}).reset_index(drop=True)
    reconciliations = {a.clave: reconcile(a, frame) for a in portal.acuerdos}
    observaciones = [f for m in portal.metas for f in check_meta(m, portal.acuerdo(m.acuerdo))]
    for acuerdo in portal.acuerdos:
        observaciones.extend(_reconciliation_findings(acuerdo, reconciliations[acuerdo.clave]))
    across = continuity.compare(portal, resultados)
    observaciones.extend(continuity.findings(across))
    return Derived(frame, by_cargo, reconciliations, observaciones, continuity=across)


def annex_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Metas by área and the Cuadro's four columns (oc/od × individuales/colectivas), with a total."""
    columns = frame.ambito.map({"oficinas_centrales": "oc", "organos_desconcentrados": "od"}) + "_" + frame.tipo.map({"individual": "individuales", "colectiva": "colectivas"})
    table = pd.crosstab(frame.area, columns).reindex(columns=list(CUADRO_COLUMNS), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table


def reconcile(acuerdo: Acuerdo, frame: pd.DataFrame) -> Reconciliation:
    """The acuerdo's declared totales and Cuadro against the metas of its annex (as approved)."""
    own = frame[frame.acuerdo == acuerdo.clave]
    if own.empty:
        return Reconciliation(acuerdo.clave, False, (), ())
    totals = {"metas": len(own), "individuales": int((own.tipo == "individual").sum()), "colectivas": int((own.tipo == "colectiva").sum())}
    totales = tuple(Comparison(TOTALES_LABELS[k], v, totals[k]) for k, v in (acuerdo.totales or {}).items())
    cuadro = []
    if acuerdo.cuadro:
        counts = annex_counts(own)
        declared_areas = [row["area"] for row in acuerdo.cuadro]
        for row in acuerdo.cuadro:
            annex = counts.loc[row["area"]] if row["area"] in counts.index else None
            cuadro.append((row["area"], tuple(Comparison(CUADRO_LABELS[c], row[c], int(annex[c]) if annex is not None else 0) for c in (*CUADRO_COLUMNS, "total"))))
        for area in counts.index:
            if area not in declared_areas:
                cuadro.append((area, tuple(Comparison(CUADRO_LABELS[c], 0, int(counts.loc[area, c])) for c in (*CUADRO_COLUMNS, "total"))))
    return Reconciliation(acuerdo.clave, True, totales, tuple(cuadro))


def _reconciliation_findings(acuerdo: Acuerdo, reconciliation: Reconciliation) -> list[Finding]:
    findings = []
    for comparison in reconciliation.totales:
        if not comparison.ok:
            findings.append(_observacion(acuerdo.file, acuerdo, "totales", "conciliacion_totales", comparison, f"totales: {comparison.label.lower()}"))
    for area, row in reconciliation.cuadro:
        for comparison in row:
            if not comparison.ok:
                findings.append(_observacion(acuerdo.file, acuerdo, "cuadro", "conciliacion_cuadro", comparison, f"cuadro: {area}, {comparison.label.lower()}"))
    return findings


def _observacion(file, acuerdo, key, code, comparison: Comparison, column) -> Finding:
    return finding(code, file, acuerdo.lines.get(key), column, str(comparison.annex), declared=comparison.declared, annex=comparison.annex)


MIN_PERSONAS_COLECTIVA = 3  # Lineamientos: each meta colectiva applies to at least three people


def starts_outside_period(meta: Meta, acuerdo: Acuerdo) -> bool:
    return not acuerdo.periodo_inicio <= meta.fecha_inicio <= acuerdo.periodo_fin


def ends_outside_period(meta: Meta, acuerdo: Acuerdo) -> bool:
    return not acuerdo.periodo_inicio <= meta.fecha_termino <= acuerdo.periodo_fin


def starts_before_approval(meta: Meta, acuerdo: Acuerdo) -> bool:
    return meta.fecha_inicio < acuerdo.fecha_aprobacion


def too_few_people(meta: Meta) -> bool:
    """A meta colectiva that says it applies to fewer people than the Lineamientos ask."""
    personas = meta.fields.get("personas_evaluadas")
    return meta.tipo == "colectiva" and personas is not None and personas < MIN_PERSONAS_COLECTIVA


def check_meta(meta: Meta, acuerdo: Acuerdo) -> list[Finding]:
    """The Lineamientos' rules a meta can break and still be published."""
    if meta.cancelada:
        return []
    found = []

    def note(column, code, value, **params):
        found.append(finding(code, meta.file, meta.row, column, value, **params))

    periodo = {"inicio": fecha_larga(acuerdo.periodo_inicio), "fin": fecha_larga(acuerdo.periodo_fin)}
    start, end = VIGENCIA
    inicio = meta.written.get(start.name) or meta.fecha_inicio.isoformat()  # as the clerk typed it
    termino = meta.written.get(end.name) or meta.fecha_termino.isoformat()
    if starts_outside_period(meta, acuerdo):
        note(start.name, "vigencia_fuera_de_periodo", inicio, which="empieza", **periodo)
    if ends_outside_period(meta, acuerdo):
        note(end.name, "vigencia_fuera_de_periodo", termino, which="termina", **periodo)
    if starts_before_approval(meta, acuerdo):
        note(start.name, "inicio_antes_de_aprobacion", inicio, fecha=fecha_larga(acuerdo.fecha_aprobacion))
    if meta.tipo == "colectiva" and not meta.fields.get("lider_equipo"):
        note("lider_equipo", "colectiva_sin_lider", "")
    if too_few_people(meta):
        note("personas_evaluadas", "colectiva_menos_de_3", str(meta.fields["personas_evaluadas"]))
    return found
