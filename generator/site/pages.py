"""Every page of the site, in the order the builder receives them: each kind's module (page_kinds/) says what its
pages show, and the `Renderer` lays them out through the Jinja2 templates in generator/site/templates/ as
`SitePage`s, with what every template shares (the URL map, the links, the portal's lookups, the provenance).

A page is complete HTML content plus its metadata as data (title, description, table of contents): no builder
parses it as Markdown and no text from the data becomes front matter, so text from the data is never markup by
construction. It reaches the HTML only through Jinja's autoescaping: `<script>`, `**bold**`, `{: onfocus=… }`,
`{{ }}` and `{% %}` in a cell are shown as written.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain

import jinja2
from markupsafe import Markup

from generator.contract import schema, urls
from generator.contract.findings import Finding
from generator.model.derive import Derived
from generator.model.records import Portal
from generator.site.environment import environment
from generator.site.listing import LISTING_ROWS
from generator.site.page import headings_of, PageToRender, SitePage, tidy
from generator.site.page_kinds import about, acuerdo, area, cargo, datos, home, meta, metas_of_acuerdo, periodo, sections, verification
from generator.site.provenance import provenance
from generator.site.tables import Download

# What the search says a result is, and lets a reader filter by: Pagefind's metadata «tipo» (not
# one of its filters: Pagefind writes its filter index in a different order at each build).
KIND_LABELS = {"meta": "Meta", "acuerdo": "Acuerdo", "area": "Área normativa", "cargo": "Cargo o puesto", "periodo": "Periodo"}
OTHER_KIND = "Página"


class Renderer:
    def __init__(self, portal: Portal, derived: Derived, findings: tuple[Finding, ...], offline: bool = False, site_url: str | None = None, settings=None):
        self.portal = portal
        self.derived = derived
        self.offline = offline  # links for the copy opened from the file system (see urls.py)
        self.site_url = site_url  # the site's public address, when set: absolute links
        self.settings = settings  # assemble.Settings: who publishes, on what terms
        self.env = environment(portal.glosario)
        self.templates: dict[str, jinja2.Template] = {}
        # The portal as the pages look it up: what every template may ask, and what some kinds receive.
        self.findings_by_place = defaultdict(list)  # (file, row) → its findings
        for finding in findings:
            self.findings_by_place[(finding.file, finding.row)].append(finding)
        self.metas_by_acuerdo = defaultdict(list)
        self.metas_by_area = defaultdict(list)
        self.metas_by_cargo = defaultdict(list)
        for one in portal.metas:
            self.metas_by_acuerdo[one.acuerdo].append(one)
            self.metas_by_area[one.area].append(one)
            for nombre in one.cargos:
                self.metas_by_cargo[nombre].append(one)
        self.events_by_acuerdo = defaultdict(list)  # changes (not altas) each acuerdo made: (meta, event)
        for one in portal.metas:
            for event in one.history:
                if event.accion != "alta":
                    self.events_by_acuerdo[event.acuerdo].append((one, event))
        self.claves = {a.clave for a in portal.acuerdos}
        self.area_of = {a.siglas: a for a in portal.areas}
        self.cargo_of = {c.nombre: c for c in portal.cargos}

    def render_all(self) -> list[SitePage]:
        """Every page but the datos page (see `datos`)."""
        portal, derived, site_url = self.portal, self.derived, self.site_url
        described = chain(
            (
                home.page(portal, derived),
                sections.acuerdos_index(),
                sections.areas_index(portal, self.metas_by_area),
                sections.cargos_index(portal, self.metas_by_cargo),
                sections.explorer_page(portal),
                sections.search(),
                about.page(portal),
                verification.summary(derived),
                sections.data_usage(),
            ),
            verification.of_acuerdos(portal, derived, self.metas_by_acuerdo),
            periodo.pages(portal),
            acuerdo.pages(portal, derived, self.metas_by_acuerdo, self.findings_by_place, site_url),
            (sections.metas_index(),),
            metas_of_acuerdo.pages(portal, self.metas_by_acuerdo),
            area.pages(portal, derived, self.metas_by_area),
            cargo.pages(portal, derived, self.metas_by_cargo),
            meta.pages(portal, self.findings_by_place, self.cargo_of, site_url),
        )
        return [self.render(page) for page in described]

    def feed(self) -> bytes:
        """The Atom feed of acuerdos (feed.xml)."""
        return self.env.get_template("feed.xml.j2").render(self._context("")).encode("utf-8")

    def datos(self, downloads: list[Download]) -> SitePage:
        """The datos page, apart: the downloads it lists can be made while the other pages render."""
        return self.render(datos.page(self.portal, downloads))

    def render(self, page: PageToRender) -> SitePage:
        """A page as its kind describes it, laid out by its template; the template's top-level `title`,
        `description`, `hide` and `toc` say the rest."""
        url, kind, template, context = page.url, page.kind, page.template, dict(page.context)
        shown = context.get("metas", [context["meta"]] if "meta" in context else self.portal.metas)
        context.setdefault("prov", provenance(self.portal, shown))
        module = self._template(template).make_module(self._context(url, **context))
        html = f'<span data-pagefind-meta="tipo:{KIND_LABELS.get(kind, OTHER_KIND)}" hidden></span>\n' + tidy(str(module))
        title = getattr(module, "title")
        description = getattr(module, "description", None)
        assert not isinstance(title, Markup) and not isinstance(description, Markup), template  # plain text, escaped by the builder
        headings = headings_of(html) if getattr(module, "toc", True) else ()
        feeds = tuple(getattr(module, "feeds", ()))
        return SitePage(url, kind, title, html, description, headings, tuple(getattr(module, "hide", ())), url in urls.SECTIONS, feeds)

    def _template(self, name: str) -> jinja2.Template:
        template = self.templates.get(name)
        if template is None:
            template = self.templates[name] = self.env.get_template(name)
        return template

    def _context(self, url: str, **context) -> dict:
        return {
            "portal": self.portal,
            "derived": self.derived,
            "url": url,
            "rel": lambda target: urls.href(url, target, self.offline),
            "u": urls,
            "acuerdo_link": lambda clave: urls.href(url, urls.acuerdo(clave), self.offline) if clave in self.claves else None,
            "offline": self.offline,
            "settings": self.settings,
            "absolute": lambda target: urls.absolute(self.site_url, target),
            "area_of": self.area_of,
            "cargo_of": self.cargo_of,
            "metas_by_acuerdo": self.metas_by_acuerdo,
            "metas_by_area": self.metas_by_area,
            "metas_by_cargo": self.metas_by_cargo,
            "events_by_acuerdo": self.events_by_acuerdo,
            "columns": schema.METAS_COLUMNS,
            "LISTING_ROWS": LISTING_ROWS,
            **context,
        }
