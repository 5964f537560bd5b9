"""The Jinja2 environment the pages are rendered in: the templates' folder, autoescaping (the only way from a
value to the HTML), and the filters that say values as a visitor reads them, in Spanish."""

from __future__ import annotations

import datetime as dt

import jinja2
from markdown.extensions.toc import slugify as toc_slugify
from markupsafe import Markup

from generator.common.text import fecha_corta, fecha_larga, mes_anio, numero
from generator.contract import schema
from generator.contract.findings import SEVERITY_LABEL
from generator.contract.siglas import Siglas
from generator.input import document


def environment(glosario: dict[str, str]) -> jinja2.Environment:
    """The environment of one portal: `glosario` (siglas → meaning) is what the `siglas` and `documento` filters mark."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    siglas = Siglas(glosario)
    env.filters.update(
        fecha=lambda d: fecha_larga(d) if d else "",
        fecha_corta=lambda d: fecha_corta(d) if d else "",
        mes=mes_anio,
        num=numero,
        tipo=lambda t: schema.TIPO_LABEL.get(t, t),
        ambito=lambda a: schema.AMBITO_LABEL.get(a, a or "—"),
        tipo_acuerdo=lambda t: schema.TIPO_ACUERDO_LABEL.get(t, t),
        accion=lambda a: schema.ACCION_LABEL.get(a, a),
        severidad=lambda s: SEVERITY_LABEL[s],
        valor=display_value,
        anchor=anchor,
        siglas=siglas.mark,
        documento=lambda text: document.to_html(text, siglas),
    )
    return env


def display_value(value) -> str:
    """A typed value as a visitor reads it."""
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, dt.date):
        return fecha_larga(value)
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, (int, float)):
        return numero(value)
    return str(value)


def anchor(text) -> str:
    """A heading's id from its (escaped) text, as Python-Markdown's toc extension makes it."""
    return toc_slugify(Markup(text).striptags() if isinstance(text, Markup) else str(text), "-")
