"""The model → Markdown pages, through the Jinja2 templates in generator/templates/.

Every value from the data reaches a page through Jinja's HTML autoescaping inside
HTML blocks, which Markdown leaves alone: `<script>`, `**bold**`, `{{ }}` and
`{% %}` in a cell are shown as written, never interpreted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass

import jinja2
from markupsafe import Markup, escape

from . import charts, document, schema, verify
from .derive import Derived
from .exports import Download
from .findings import SEVERITY_LABEL, Finding
from .model import Acuerdo, Meta, Periodo, Portal
from .siglas import Siglas
from .text import fecha_larga, mes_anio, numero
from .urls import href

ILLUSTRATIVE_TITLE = " (datos ilustrativos)"


LISTING_ROWS = 250  # metas listed on an área or cargo page; beyond, the explorer takes over


@dataclass(frozen=True)
class PeriodListing:
    """The metas of one period on an área or cargo page, grouped by acuerdo and tipo."""

    periodo: Periodo
    total: int
    shown: int
    groups: tuple[tuple[Acuerdo, tuple[tuple[str, tuple[Meta, ...]], ...]], ...]


@dataclass(frozen=True)
class Page:
    path: str  # source path of the Markdown file, e.g. "cargos/vocal-x.md"
    content: str  # Markdown whose HTML blocks stand as placeholders (see set_aside_html)
    blocks: tuple[str, ...] = ()  # the HTML blocks, in placeholder order

    @property
    def html(self) -> str | None:
        """The page's content as HTML when Markdown has nothing to do on it (a meta page); else None."""
        body = self.content.split("\n---\n", 1)[1] if self.content.startswith("---\n") else self.content
        return self.blocks[0] if body.strip() == BLOCK_PLACEHOLDER.format(0) else None


BLOCK_PLACEHOLDER = "<!--portal-bloque-{}-->"


def set_aside_html(markdown: str) -> tuple[str, tuple[str, ...]]:
    """Replace each run of chunks of the page that are HTML by one placeholder comment.

    Markdown passes HTML blocks through unchanged, but parsing them is most of a
    build's time (Python's HTMLParser over every table row), and every placeholder
    still costs an inline pass. Set aside, Markdown only sees the headings and a
    placeholder between two of them; `restore_html` puts the HTML back.
    """
    kept: list[str] = []
    blocks: list[str] = []
    follows_html = False
    for chunk in markdown.split("\n\n"):
        is_html = chunk.lstrip().startswith("<") and not chunk.lstrip().startswith("<!--")
        if is_html and follows_html:
            blocks[-1] += "\n\n" + chunk
        elif is_html:
            kept.append(BLOCK_PLACEHOLDER.format(len(blocks)))
            blocks.append(chunk)
        elif chunk.strip() or not follows_html:  # blank chunks between two HTML chunks go with them
            kept.append(chunk)
        follows_html = is_html or (follows_html and not chunk.strip())
    return "\n\n".join(kept), tuple(blocks)


def restore_html(html: str, blocks: tuple[str, ...]) -> str:
    for index, block in enumerate(blocks):
        html = html.replace(BLOCK_PLACEHOLDER.format(index), block, 1)
    return html


def _page_of(path: str, markdown: str) -> Page:
    content, blocks = set_aside_html(markdown)
    return Page(path, content, blocks)


BLANK_LINES = re.compile(r"\n(?:[ \t\r]*\n)+")


def _no_blank_lines(value):
    """A value never carries a blank line into a page: blank lines are where set_aside_html cuts."""
    if isinstance(value, str) and "\n" in value:
        folded = BLANK_LINES.sub("\n", value)
        return Markup(folded) if isinstance(value, Markup) else folded
    return value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        finalize=_no_blank_lines,
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        fecha=lambda d: fecha_larga(d) if d else "",
        mes=mes_anio,
        num=numero,
        tipo=lambda t: schema.TIPO_LABEL.get(t, t),
        ambito=lambda a: schema.AMBITO_LABEL.get(a, a or "—"),
        tipo_acuerdo=lambda t: schema.TIPO_ACUERDO_LABEL.get(t, t),
        accion=lambda a: schema.ACCION_LABEL.get(a, a),
        severidad=lambda s: SEVERITY_LABEL[s],
        valor=display_value,
        front=front_matter_string,
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


def front_matter_string(value: str) -> Markup:
    """A YAML string whose content is HTML-escaped: MkDocs' templates print titles unescaped."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


class Renderer:
    def __init__(self, portal: Portal, derived: Derived, findings: tuple[Finding, ...], offline: bool = False):
        self.portal = portal
        self.derived = derived
        self.offline = offline  # links for the copy opened from the file system (see urls.py)
        self.env = _environment()
        siglas = Siglas(portal.glosario)
        self.env.filters["siglas"] = siglas.mark
        self.env.filters["documento"] = lambda text: document.to_html(text, siglas)
        self.findings_by_place = defaultdict(list)
        for finding in findings:
            self.findings_by_place[(finding.file, finding.row)].append(finding)
        self.metas_by_acuerdo = defaultdict(list)
        self.metas_by_area = defaultdict(list)
        self.metas_by_cargo = defaultdict(list)
        for meta in portal.metas:
            self.metas_by_acuerdo[meta.acuerdo].append(meta)
            self.metas_by_area[meta.area].append(meta)
            for cargo in meta.cargos:
                self.metas_by_cargo[cargo].append(meta)
        self.events_by_acuerdo = defaultdict(list)  # changes (not altas) each acuerdo made: (meta, event)
        for meta in portal.metas:
            for event in meta.history:
                if event.accion != "alta":
                    self.events_by_acuerdo[event.acuerdo].append((meta, event))
        self.claves = {a.clave for a in portal.acuerdos}
        self.area_of = {a.siglas: a for a in portal.areas}
        self.cargo_of = {c.nombre: c for c in portal.cargos}

    def render_all(self) -> list[Page]:
        """Every Markdown page but the datos page, plus the Atom feed (feed.xml)."""
        portal = self.portal
        pages = [
            self._page("index.md", "", "home.md.j2"),
            self._page("acuerdos/index.md", "acuerdos/", "acuerdos_index.md.j2"),
            self._page("areas/index.md", "areas/", "areas_index.md.j2"),
            self._page("cargos/index.md", "cargos/", "cargos_index.md.j2"),
            self._page("explorador/index.md", "explorador/", "explorador.md.j2"),
            self._page("buscar/index.md", "buscar/", "buscar.md.j2"),
            self._page("verificacion/index.md", "verificacion/", "verificacion.md.j2", checks=verify.verify(portal, self.derived)),
        ]
        for periodo in portal.periodos:
            pages.append(self._page(f"periodos/{periodo.slug}.md", f"periodos/{periodo.slug}/", "periodo.md.j2", periodo=periodo, metas=[m for m in portal.metas if m.periodo == periodo], acuerdos=[a for a in portal.acuerdos if a.periodo == periodo]))
        for acuerdo in portal.acuerdos:
            pages.append(self._page(f"acuerdos/{acuerdo.slug}.md", acuerdo.path, "acuerdo.md.j2", acuerdo=acuerdo, metas=self.metas_by_acuerdo[acuerdo.clave], reconciliation=self.derived.reconciliations[acuerdo.clave], findings=[f for f in self._all_findings() if f.file == acuerdo.file]))
        for area in portal.areas:
            metas = self.metas_by_area[area.siglas]
            pages.append(self._page(f"areas/{area.slug}.md", area.path, "area.md.j2", area=area, metas=metas, periods=self.listing(metas)))
        for cargo in portal.cargos:
            metas = self.metas_by_cargo[cargo.nombre]
            pages.append(self._page(f"cargos/{cargo.slug}.md", cargo.path, "cargo.md.j2", cargo=cargo, metas=metas, periods=self.listing(metas)))
        template = self.env.get_template("meta.md.j2")
        for meta in portal.metas:
            pages.append(_page_of(meta.path.rstrip("/") + ".md", template.render(self._context(meta.path, meta=meta, acuerdo=portal.acuerdo(meta.acuerdo), findings=self.findings_by_place[(meta.file, meta.row)]))))
        return pages + [Page("feed.xml", self.env.get_template("feed.xml.j2").render(self._context("")))]

    def datos(self, downloads: list[Download]) -> Page:
        """The datos page, apart: the downloads it lists can be made while the other pages render."""
        return self._page("datos/index.md", "datos/", "datos.md.j2", downloads=downloads)

    def listing(self, metas: list[Meta]) -> list[PeriodListing]:
        """Latest period first, acuerdos newest first, individuales before colectivas; at most
        LISTING_ROWS metas in all, so the page stays light whatever the size of the data."""
        by_period: dict[Periodo, list[Meta]] = defaultdict(list)
        for meta in metas:
            by_period[meta.periodo].append(meta)
        budget = LISTING_ROWS
        listings = []
        for periodo in self.portal.periodos:
            own = by_period.get(periodo)
            if not own:
                continue
            groups = []
            shown = 0
            for acuerdo in self.portal.acuerdos:
                tipos = []
                for tipo in ("individual", "colectiva"):
                    selected = [m for m in own if m.acuerdo == acuerdo.clave and m.tipo == tipo][: max(budget - shown, 0)]
                    shown += len(selected)
                    if selected:
                        tipos.append((tipo, tuple(selected)))
                if tipos:
                    groups.append((acuerdo, tuple(tipos)))
            budget -= shown
            listings.append(PeriodListing(periodo, len(own), shown, tuple(groups)))
        return listings

    def _all_findings(self):
        return [f for group in self.findings_by_place.values() for f in group]

    def _page(self, path: str, url: str, template: str, **context) -> Page:
        return _page_of(path, self.env.get_template(template).render(self._context(url, **context)))

    def _context(self, url: str, **context) -> dict:
        portal = self.portal
        return {
            "portal": portal,
            "derived": self.derived,
            "url": url,
            "rel": lambda target: href(url, target, self.offline),
            "acuerdo_link": lambda clave: href(url, f"acuerdos/{portal.acuerdo(clave).slug}/", self.offline) if clave in self.claves else None,
            "offline": self.offline,
            "area_of": self.area_of,
            "cargo_of": self.cargo_of,
            "metas_by_acuerdo": self.metas_by_acuerdo,
            "metas_by_area": self.metas_by_area,
            "metas_by_cargo": self.metas_by_cargo,
            "events_by_acuerdo": self.events_by_acuerdo,
            "columns": schema.METAS_COLUMNS,
            "illustrative_title": ILLUSTRATIVE_TITLE,
            "charts_for": lambda kind, **objects: charts.for_page(kind, portal, self.derived, **objects),
            **context,
        }
