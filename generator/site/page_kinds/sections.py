"""The sections whose page needs little of its own: the indexes of acuerdos, áreas, cargos and metas, the
explorer's first rows, the search, and how to use the data."""

from __future__ import annotations

from generator.contract import urls
from generator.model.derive import counts
from generator.model.records import Meta, Portal
from generator.site import explorer
from generator.site.page import PageToRender


def acuerdos_index() -> PageToRender:
    return PageToRender(urls.ACUERDOS, "section", "acuerdos_index.html.j2", {})


def areas_index(portal: Portal, metas_by_area: dict[str, list[Meta]]) -> PageToRender:
    return PageToRender(urls.AREAS, "section", "areas_index.html.j2", dict(area_counts={a.siglas: counts(metas_by_area[a.siglas]) for a in portal.areas}))


def cargos_index(portal: Portal, metas_by_cargo: dict[str, list[Meta]]) -> PageToRender:
    return PageToRender(urls.CARGOS, "section", "cargos_index.html.j2", dict(cargo_counts={c.nombre: counts(metas_by_cargo[c.nombre]) for c in portal.cargos}))


def metas_index() -> PageToRender:
    return PageToRender(urls.METAS, "section", "metas_index.html.j2", {})


def explorer_page(portal: Portal) -> PageToRender:
    """The explorer with its first rows, shown before its data has loaded (and without JavaScript)."""
    return PageToRender(urls.EXPLORER, "section", "explorador.html.j2", dict(rows=explorer.first_rows(portal), page_rows=explorer.PAGE, description_cut=explorer.DESCRIPTION_CUT))


def search() -> PageToRender:
    return PageToRender(urls.SEARCH, "section", "buscar.html.j2", {})


def data_usage() -> PageToRender:
    return PageToRender(urls.DATA_USAGE, "section", "datos_uso.html.j2", {})
