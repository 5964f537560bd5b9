"""The cargo pages: a cargo or puesto's metas by period, the metas it evaluates, their counts and charts, its
calendars and feed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.common.text import slugify
from generator.model.derive import counts, Derived
from generator.model.records import Meta, Portal
from generator.site import charts, listing, subscriptions
from generator.site.page import PageToRender

EVALUATOR = "puesto_que_evalua"  # the field of a meta that names the cargo that evaluates it
EVALUATED_ROWS = 50  # metas a cargo evaluates, listed on its page; all of them are in metas.csv


def pages(portal: Portal, derived: Derived, metas_by_cargo: dict[str, list[Meta]]) -> Iterator[PageToRender]:
    evaluated_by = defaultdict(list)  # cargo's slug → the metas it evaluates
    for meta in portal.metas:
        if meta.fields.get(EVALUATOR):
            evaluated_by[slugify(portal.cargo_named(meta.fields[EVALUATOR]))].append(meta)
    for cargo in portal.cargos:
        metas = metas_by_cargo[cargo.nombre]
        evaluated = evaluated_by.get(cargo.slug, [])
        yield PageToRender(cargo.path, "cargo", "cargo.html.j2", dict(
            cargo=cargo, metas=metas, periods=listing.by_period(portal, metas), counts=counts(metas), links=subscriptions.links_for_cargo(cargo, portal),
            evaluated=evaluated, evaluated_shown=evaluated[::-1][:EVALUATED_ROWS], charts=charts.for_page("cargo", portal, derived, cargo=cargo, metas=metas),
        ))
