"""The periodo pages: one evaluation period, its acuerdos, its metas counted, by área too."""

from __future__ import annotations

from collections.abc import Iterator

from generator.contract import urls
from generator.model.derive import counts
from generator.model.records import Portal
from generator.site.page import PageToRender


def pages(portal: Portal) -> Iterator[PageToRender]:
    for periodo in portal.periodos:
        metas = [m for m in portal.metas if m.periodo == periodo]
        area_counts = {a.siglas: counts([m for m in metas if m.area == a.siglas]) for a in portal.areas}
        acuerdos = [a for a in portal.acuerdos if a.periodo == periodo]
        yield PageToRender(urls.periodo(periodo.slug), "periodo", "periodo.html.j2", dict(periodo=periodo, metas=metas, acuerdos=acuerdos, counts=counts(metas), area_counts=area_counts))
