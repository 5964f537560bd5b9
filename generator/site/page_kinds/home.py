"""The home page: «Mis metas», the figures and charts of the latest period, the latest acuerdos."""

from __future__ import annotations

from generator.contract import urls
from generator.model.derive import counts, Derived
from generator.model.records import Portal
from generator.site import charts
from generator.site.page import PageToRender


def page(portal: Portal, derived: Derived) -> PageToRender:
    latest = [m for m in portal.metas if m.periodo == portal.periodos[0]]
    return PageToRender(urls.HOME, "home", "home.html.j2", dict(charts=charts.for_page("home", portal, derived), counts=counts(latest)))
