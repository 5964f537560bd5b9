"""The meta pages: every field of a meta, its evaluation scale as INE prints it, its form in the published annex,
the cargos its fields name, the findings on its row, and how to cite it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.common.text import slugify
from generator.contract import schema, urls
from generator.contract.findings import Finding
from generator.model.records import Acuerdo, Cargo, Meta, Portal
from generator.site.citation import Citation
from generator.site.page import PageToRender
from generator.site.page_kinds.cargo import EVALUATOR

CARGO_FIELDS = (EVALUATOR, "lider_equipo")  # fields of a meta that name a cargo: who evaluates it, who leads its team
DESCRIBING_OBJETIVO = "objetivo"  # the field that stands for the description when the annex gave none


def pages(portal: Portal, findings_by_place: dict[tuple[str, int], list[Finding]], cargo_of: dict[str, Cargo], site_url: str | None) -> Iterator[PageToRender]:
    for meta in portal.metas:
        acuerdo = portal.acuerdo(meta.acuerdo)
        scale = evaluation_scale(meta)
        yield PageToRender(meta.path, "meta", "meta.html.j2", dict(
            meta=meta, acuerdo=acuerdo, findings=findings_by_place[(meta.file, meta.row)], cita=citation(meta, acuerdo, site_url),
            scale=scale, annex_form=annex_form(meta, acuerdo), shown_apart=shown_apart(meta, scale), cargo_pages=cargo_pages(meta, portal, cargo_of),
        ))


def citation(meta: Meta, acuerdo: Acuerdo, site_url: str | None) -> Citation:
    return Citation(slugify(f"{meta.acuerdo}-{meta.numero}"), f"Meta {meta.numero} del acuerdo {meta.acuerdo}", acuerdo.fecha_aprobacion, urls.absolute(site_url, meta.path), "Meta ilustrativa, no oficial" if meta.datos_ilustrativos else None)


@dataclass(frozen=True)
class ScaleRow:
    """One atributo of a meta's evaluation scale, as INE prints it: its ponderación and its three levels."""

    atributo: str
    ponderacion: float | int | None
    niveles: tuple[str | None, str | None, str | None]  # alto, medio, bajo


def evaluation_scale(meta: Meta) -> tuple[ScaleRow, ...]:
    """The scale as a table (atributo × nivel) when the meta gives its levels one by one; empty otherwise
    (the page then lists the one-cell atributo columns with the other fields)."""
    if not any(name in meta.fields for _, _, levels, _ in schema.SCALE for name in levels):
        return ()
    return tuple(ScaleRow(atributo, meta.fields.get(weight), tuple(meta.fields.get(name) for name in levels)) for atributo, weight, levels, _ in schema.SCALE)


SCALE_FIELDS = frozenset(name for _, weight, levels, one_cell in schema.SCALE for name in (weight, *levels, one_cell))


def shown_apart(meta: Meta, scale: tuple[ScaleRow, ...]) -> frozenset[str]:
    """Fields the meta page shows outside its list of fields: the scale's, in its table (the one-cell atributo
    columns too: the table says it level by level); the objetivo, as the description."""
    return (SCALE_FIELDS if scale else frozenset()) | ({DESCRIBING_OBJETIVO} if meta.descripcion_es_objetivo else frozenset())


def annex_form(meta: Meta, acuerdo: Acuerdo) -> tuple[str, str] | None:
    """The address of the meta's form in its acuerdo's published annex (a PDF at its page) and how to say it."""
    if acuerdo.anexo_format is None or meta.acuerdo != acuerdo.clave:
        return None
    address = urls.acuerdo_annex(acuerdo.clave, acuerdo.anexo_format)
    if acuerdo.anexo_format == "pdf" and meta.pagina_anexo:
        return f"{address}#page={meta.pagina_anexo}", f"Su formulario en la página {meta.pagina_anexo} del anexo publicado (PDF)"
    return address, f"El anexo publicado ({acuerdo.anexo_format.upper()})"


def cargo_pages(meta: Meta, portal: Portal, cargo_of: dict[str, Cargo]) -> dict[str, Cargo]:
    """The cargo whose page a field names (who evaluates the meta, who leads its team), where the portal has one."""
    named = {column: cargo_of.get(portal.cargo_named(meta.fields[column])) for column in CARGO_FIELDS if meta.fields.get(column)}
    return {column: cargo for column, cargo in named.items() if cargo is not None}
