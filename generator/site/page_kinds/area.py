"""The área pages: an área normativa's metas by period, their counts and charts, its calendars and feed."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.derive import counts, Derived
from generator.model.records import Meta, Portal
from generator.site import charts, listing, subscriptions
from generator.site.page import PageToRender


def pages(portal: Portal, derived: Derived, metas_by_area: dict[str, list[Meta]]) -> Iterator[PageToRender]:
    for area in portal.areas:
        metas = metas_by_area[area.siglas]
        yield PageToRender(area.path, "area", "area.html.j2", dict(
            area=area, metas=metas, periods=listing.by_period(portal, metas), counts=counts(metas), links=subscriptions.links_for_area(area, portal),
            charts=charts.for_page("area", portal, derived, area=area, metas=metas),
        ))
