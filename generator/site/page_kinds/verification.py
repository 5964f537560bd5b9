"""The verification pages: the methodological checks of every acuerdo, and one page per acuerdo that has any."""

from __future__ import annotations

from collections.abc import Iterator

from generator.contract import urls
from generator.model.derive import Derived
from generator.model.records import Meta, Portal
from generator.site.page import PageToRender


def summary(derived: Derived) -> PageToRender:
    return PageToRender(urls.VERIFICATION, "section", "verificacion.html.j2", dict(checks=derived.checks))


def of_acuerdos(portal: Portal, derived: Derived, metas_by_acuerdo: dict[str, list[Meta]]) -> Iterator[PageToRender]:
    for acuerdo in portal.acuerdos:
        own = [c for c in derived.checks if c.acuerdo == acuerdo.clave]
        if own:
            yield PageToRender(urls.verification_of(acuerdo.clave), "section", "verificacion.html.j2", dict(acuerdo=acuerdo, checks=own, metas=metas_by_acuerdo[acuerdo.clave]))
