"""The «Acerca del portal» page: who publishes it and on what terms, and each acuerdo's legal basis as its text words it."""

from __future__ import annotations

from generator.contract import urls
from generator.input import acuerdo_text
from generator.model.records import Portal
from generator.site.page import PageToRender


def page(portal: Portal) -> PageToRender:
    legal_basis = [(acuerdo, sentence) for acuerdo in portal.acuerdos if acuerdo.texto and (sentence := acuerdo_text.competence(acuerdo.texto))]
    return PageToRender(urls.ABOUT, "section", "acerca.html.j2", dict(legal_basis=legal_basis))
