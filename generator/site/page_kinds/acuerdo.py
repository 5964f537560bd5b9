"""The acuerdo pages: an acuerdo's facts, its Cuadro and how its metas reconcile with it, its charts, its metas,
the findings on its file, its text, and how to cite it."""

from __future__ import annotations

from collections.abc import Iterator

from generator.contract import urls
from generator.model.derive import Derived
from generator.contract.findings import Finding
from generator.model.records import Acuerdo, Meta, Portal
from generator.site import charts
from generator.site.citation import Citation
from generator.site.page import PageToRender


def pages(portal: Portal, derived: Derived, metas_by_acuerdo: dict[str, list[Meta]], findings_by_place: dict[tuple[str, int], list[Finding]], site_url: str | None) -> Iterator[PageToRender]:
    for acuerdo in portal.acuerdos:
        metas, reconciliation = metas_by_acuerdo[acuerdo.clave], derived.reconciliations[acuerdo.clave]
        findings = [f for group in findings_by_place.values() for f in group if f.file == acuerdo.file]  # row by row
        yield PageToRender(acuerdo.path, "acuerdo", "acuerdo.html.j2", dict(
            acuerdo=acuerdo, metas=metas, reconciliation=reconciliation, cita=citation(acuerdo, site_url), findings=findings,
            charts=charts.for_page("acuerdo", portal, derived, acuerdo=acuerdo, metas=metas, reconciliation=reconciliation),
        ))


def citation(acuerdo: Acuerdo, site_url: str | None) -> Citation:
    return Citation(acuerdo.slug, f"Acuerdo {acuerdo.clave}", acuerdo.fecha_aprobacion, urls.absolute(site_url, acuerdo.path), "Acuerdo ficticio, de ejemplo" if acuerdo.acuerdo_ilustrativo else None)
