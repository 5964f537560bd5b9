"""The datos page: every download with its size and checksum, and a preview of metas.csv's first rows."""

from __future__ import annotations

from generator.contract import schema, urls
from generator.model.records import Portal
from generator.site.page import PageToRender
from generator.site.tables import cell, Download

PREVIEW_ROWS = 3
# The preview's columns: the required ones of these kinds (a meta's acuerdo, número, área, description and
# vigencia; not its tipo, ámbito or cargos), then whether the row is illustrative.
PREVIEW_KINDS = ("clave", "text", "area", "date")


def page(portal: Portal, downloads: list[Download]) -> PageToRender:
    columns = [c for c in schema.METAS_COLUMNS if c.required and c.kind in PREVIEW_KINDS]
    names = [c.name for c in columns] + [schema.ILLUSTRATIVE.name]
    preview = [dict(zip(names, [*(cell(meta.value(c)) for c in columns), cell(meta.datos_ilustrativos)])) for meta in portal.metas[:PREVIEW_ROWS]]
    return PageToRender(urls.DATOS, "datos", "datos.html.j2", dict(downloads=[d for d in downloads if d.slice_of != "fichas"], preview_rows=preview, preview_columns=names))
