"""One address, one thing: two acuerdos, metas, áreas, cargos or periods that would share a web
address, or take one a section already uses, are an error naming both.

Without this, one page silently overwrites the other (INE/JGE100/2023 and INE/JGE100-2023 share
the slug ine-jge100-2023), and a meta numbered «index» would take the place of its acuerdo's
index of metas.
"""

from __future__ import annotations

from generator.common.text import slugify
from generator.contract.findings import Finding, finding
from generator.model.records import Portal

RESERVED = frozenset({"index"})  # the page a folder serves by itself


def collisions(portal: Portal) -> list[Finding]:
    findings: list[Finding] = []

    def claim(seen: dict, slug: str, label: str, place: tuple[str, int | None, str], value: str) -> None:
        file, row, column = place
        if slug in RESERVED:
            findings.append(finding("direccion_reservada", file, row, column, value, nombre=value, to=_to(label), slug=slug))
        elif slug in seen and seen[slug][0] != value:
            other, (other_file, other_row, _) = seen[slug]
            where = f"{other_file}, {'línea' if other_file.lower().endswith(('.yml', '.yaml')) else 'fila'} {other_row}" if other_row else other_file
            findings.append(finding("direccion_repetida", file, row, column, value, label=label, slug=slug, other=other, where=where))
        else:
            seen.setdefault(slug, (value, place))

    acuerdos: dict = {}
    for acuerdo in portal.acuerdos:
        claim(acuerdos, acuerdo.slug, "el acuerdo", (acuerdo.file, acuerdo.lines.get("clave"), "clave"), acuerdo.clave)
    periodos: dict = {}
    for acuerdo in sorted(portal.acuerdos, key=lambda a: (a.fecha_aprobacion, a.clave)):
        periodo = acuerdo.periodo
        claim(periodos, periodo.slug, "el periodo", (acuerdo.file, acuerdo.lines.get("periodo_inicio"), "periodo_inicio"), f"{periodo.inicio.isoformat()} a {periodo.fin.isoformat()} ({periodo.sistema})")
    metas: dict = {}
    for meta in portal.metas:
        claim(metas.setdefault(meta.acuerdo, {}), meta.slug, "la meta", (meta.file, meta.row, "numero_meta"), meta.numero)
    areas: dict = {}
    for area in portal.areas:
        claim(areas, area.slug, "el área", _first_use(portal, area.siglas), area.siglas)
    cargos: dict = {}
    for cargo in portal.cargos:
        meta = next(m for m in portal.metas if cargo.nombre in m.cargos)
        claim(cargos, slugify(cargo.nombre), "el cargo o puesto", (meta.file, meta.row, "cargos_puestos"), cargo.nombre)
    return findings


def _to(label: str) -> str:
    """«a» before the label, contracted as Spanish writes it: «al cargo», «a la meta»."""
    return "al " + label[3:] if label.startswith("el ") else "a " + label


def _first_use(portal: Portal, siglas: str) -> tuple[str, int | None, str]:
    meta = next((m for m in portal.metas if m.area == siglas), None)
    if meta:
        return meta.file, meta.row, "area_normativa"
    acuerdo = next(a for a in portal.acuerdos if any(row["area"] == siglas for row in a.cuadro))
    return acuerdo.file, acuerdo.lines.get("cuadro"), "cuadro"
