"""The pages of each acuerdo's metas (/metas/<acuerdo>/): the first of them listed, the rest in the explorer."""

from __future__ import annotations

from collections.abc import Iterator

from generator.contract import urls
from generator.model.records import Meta, Portal
from generator.site.listing import LISTING_ROWS
from generator.site.page import PageToRender


def pages(portal: Portal, metas_by_acuerdo: dict[str, list[Meta]]) -> Iterator[PageToRender]:
    for acuerdo in portal.acuerdos:
        metas = metas_by_acuerdo[acuerdo.clave]
        if metas:
            yield PageToRender(urls.metas_of_acuerdo(acuerdo.clave), "section", "metas_acuerdo.html.j2", dict(acuerdo=acuerdo, metas=metas, shown=metas[:LISTING_ROWS]))
