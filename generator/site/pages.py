"""The model → the pages of a neutral site (`SitePage`), through the Jinja2 templates in generator/site/templates/.

A page is complete HTML content plus its metadata as data (title, description,
table of contents): no builder parses it as Markdown and no text from the data
becomes front matter, so text from the data is never markup by construction. It
reaches the HTML only through Jinja's autoescaping: `<script>`, `**bold**`,
`{: onfocus=… }`, `{{ }}` and `{% %}` in a cell are shown as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass

import jinja2
from markdown.extensions.toc import slugify as toc_slugify
from markupsafe import Markup

from generator.common.text import fecha_corta, fecha_larga, mes_anio, numero, slugify
from generator.contract import schema, urls
from generator.contract.findings import Finding, SEVERITY_LABEL
from generator.contract.siglas import Siglas
from generator.input import document
from generator.model.derive import counts, Derived
from generator.model.records import Acuerdo, Meta, Periodo, Portal
from generator.site import charts, explorer, subscriptions
from generator.site.tables import Download

ILLUSTRATIVE_TITLE = " (datos ilustrativos)"
SOME_ILLUSTRATIVE_TITLE = " (incluye datos ilustrativos)"


LISTING_ROWS = 100  # metas listed on an área or cargo page; beyond, the explorer takes over
EVALUATED_ROWS = 50  # metas a cargo evaluates, listed on its page; all of them are in metas.csv


@dataclass(frozen=True)
class PeriodListing:
    """The metas of one period on an área or cargo page, grouped by acuerdo and tipo."""

    periodo: Periodo
    total: int
    shown: int
    groups: tuple[tuple[Acuerdo, tuple[tuple[str, tuple[Meta, ...]], ...]], ...]


@dataclass(frozen=True)
class Provenance:
    """What a page's metas are: how many are illustrative, and whether their acuerdos' own facts are real."""

    total: int
    ilustrativas: int
    invented: tuple[str, ...]  # claves of invented acuerdos among theirs (examples)
    without_text: tuple[str, ...]  # claves of their acuerdos whose published text is not in the portal

    @property
    def all(self) -> bool:
        return self.total > 0 and self.ilustrativas == self.total

    @property
    def mixed(self) -> bool:
        return 0 < self.ilustrativas < self.total

    @property
    def title_note(self) -> str:
        return ILLUSTRATIVE_TITLE if self.all else SOME_ILLUSTRATIVE_TITLE if self.mixed else ""


def provenance(portal: Portal, metas) -> Provenance:
    illustrative = [m for m in metas if m.datos_ilustrativos]
    claves = list(dict.fromkeys(m.acuerdo for m in illustrative))
    acuerdos = [portal.acuerdo(c) for c in claves]
    return Provenance(
        len(metas), len(illustrative),
        tuple(a.clave for a in acuerdos if a.acuerdo_ilustrativo),
        tuple(a.clave for a in acuerdos if not a.acuerdo_ilustrativo and not a.texto),
    )


@dataclass(frozen=True)
class Heading:
    """A heading of a page's table of contents; `title` is escaped HTML text."""

    level: int
    id: str
    title: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class SitePage:
    """One page of the neutral site: what any builder needs to lay it out in the theme.

    `title` and `description` are plain text (the builder escapes them where its theme
    prints them); `html` is the page's content, complete: no builder parses it.
    """

    url: str  # online address from the site's root, e.g. "cargos/vocal-x/"
    kind: str  # home | section | acuerdo | area | cargo | periodo | meta | datos
    title: str
    html: str
    description: str | None = None
    headings: tuple[Heading, ...] = ()  # the table of contents (empty: none)
    hide: tuple[str, ...] = ()  # parts of the theme's frame the page does without: navigation, toc
    in_nav: bool = False
    feeds: tuple[tuple[str, str], ...] = ()  # (title, site URL) of the Atom feeds a browser or reader discovers


# What the search says a result is, and lets a reader filter by: Pagefind's metadata «tipo» (not
# one of its filters: Pagefind writes its filter index in a different order at each build).
KIND_LABELS = {"meta": "Meta", "acuerdo": "Acuerdo", "area": "Área normativa", "cargo": "Cargo o puesto", "periodo": "Periodo"}
OTHER_KIND = "Página"

HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)<a class="headerlink" href="#\2"')
BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n)+")


def headings_of(html: str) -> tuple[Heading, ...]:
    """The h2 and h3 written by the templates' heading macro, nested as a table of contents."""
    top: list[list] = []
    for level, anchor, title in HEADING.findall(html):
        if level == "3" and top:
            top[-1][1].append(Heading(3, anchor, title))
        else:
            top.append([Heading(int(level), anchor, title), []])
    return tuple(Heading(h.level, h.id, h.title, tuple(children)) for h, children in top)


def tidy(html: str) -> str:
    """The template's output with its blank lines folded, one block a line as Markdown used to join them."""
    return BLANK_RUNS.sub("\n", html).strip() + "\n"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
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


COMPETENCE = re.compile(r"^(?:[-*]\s*)?(?:\*\*[^*]*\*\*\s*)?(Esta Junta es competente[^\n]*)", re.MULTILINE)


def legal_basis(portal: Portal) -> list[tuple[Acuerdo, str]]:
    """Each acuerdo's own sentence on why the Junta may approve it, as its published text words it."""
    found = []
    for acuerdo in portal.acuerdos:
        match = COMPETENCE.search(acuerdo.texto or "")
        if match:
            found.append((acuerdo, match.group(1).replace("**", "").strip()))
    return found


URL_TOKEN = "[dirección de esta página]"  # the browser puts the page's address there (pagina.js)
DATE_TOKEN = "[fecha de consulta]"  # … and the day of reading: builds stay deterministic
CITED_BODY = "Junta General Ejecutiva del Instituto Nacional Electoral"
PORTAL_TITLE = "Metas del Servicio Profesional Electoral Nacional"


@dataclass(frozen=True)
class Citation:
    """How to cite a meta or an acuerdo, as text, BibTeX and CSL-JSON."""

    key: str
    title: str
    issued: dt.date
    url: str | None  # absolute when site_url is set; else the browser fills it in
    note: str | None = None

    @property
    def text(self) -> str:
        note = f" {self.note}." if self.note else ""
        return f"«{self.title}», {CITED_BODY}, {fecha_larga(self.issued)}. En: {PORTAL_TITLE}, {self.url or URL_TOKEN}. Consultado el {DATE_TOKEN}.{note}"

    @property
    def bibtex(self) -> str:
        def braced(value: str) -> str:
            return value.replace("\\", "").replace("{", "(").replace("}", ")")

        fields = [
            ("title", "{" + braced(self.title) + "}"), ("author", "{" + CITED_BODY + "}"), ("date", self.issued.isoformat()),
            ("howpublished", PORTAL_TITLE), ("url", self.url or URL_TOKEN), ("urldate", DATE_TOKEN),
        ] + ([("note", braced(self.note))] if self.note else [])
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@misc{{{self.key},\n{body}\n}}"

    @property
    def csl_json(self) -> str:
        record = {
            "id": self.key, "type": "webpage", "title": self.title, "author": [{"literal": CITED_BODY}],
            "issued": {"date-parts": [[self.issued.year, self.issued.month, self.issued.day]]},
            "container-title": PORTAL_TITLE, "URL": self.url or URL_TOKEN, "accessed": {"raw": DATE_TOKEN},
        }
        if self.note:
            record["note"] = self.note
        return json.dumps(record, ensure_ascii=False, indent=1)


def anchor(text) -> str:
    """A heading's id from its (escaped) text, as Python-Markdown's toc extension makes it."""
    return toc_slugify(Markup(text).striptags() if isinstance(text, Markup) else str(text), "-")


@dataclass(frozen=True)
class ScaleRow:
    """One atributo of a meta's evaluation scale, as INE prints it: its ponderación and its three levels."""

    atributo: str
    ponderacion: float | int | None
    niveles: tuple[str | None, str | None, str | None]  # alto, medio, bajo


def evaluation_scale(meta: Meta) -> tuple[ScaleRow, ...]:
    """The scale as a table (atributo × nivel) when the meta gives its levels one by one; empty otherwise
    (the page then lists the one-cell atributo columns with the other fields)."""
    if not any(name in meta.fields for _, _, levels, _ in schema.SCALE for name in levels):
        return ()
    return tuple(ScaleRow(atributo, meta.fields.get(weight), tuple(meta.fields.get(name) for name in levels)) for atributo, weight, levels, _ in schema.SCALE)


SCALE_FIELDS = frozenset(name for _, weight, levels, one_cell in schema.SCALE for name in (weight, *levels, one_cell))


def shown_apart(meta: Meta, scale: tuple[ScaleRow, ...]) -> frozenset[str]:
    """Fields the meta page shows outside its list of fields: the scale's, in its table (the one-cell atributo
    columns too: the table says it level by level); the objetivo, as the description."""
    return (SCALE_FIELDS if scale else frozenset()) | ({"objetivo"} if meta.descripcion_es_objetivo else frozenset())


def annex_form(meta: Meta, acuerdo: Acuerdo) -> tuple[str, str] | None:
    """The address of the meta's form in its acuerdo's published annex (a PDF at its page) and how to say it."""
    if acuerdo.anexo_format is None or meta.acuerdo != acuerdo.clave:
        return None
    address = urls.acuerdo_annex(acuerdo.clave, acuerdo.anexo_format)
    if acuerdo.anexo_format == "pdf" and meta.pagina_anexo:
        return f"{address}#page={meta.pagina_anexo}", f"Su formulario en la página {meta.pagina_anexo} del anexo publicado (PDF)"
    return address, f"El anexo publicado ({acuerdo.anexo_format.upper()})"


CARGO_FIELDS = ("puesto_que_evalua", "lider_equipo")  # fields of a meta that name a cargo


class Renderer:
    def __init__(self, portal: Portal, derived: Derived, findings: tuple[Finding, ...], offline: bool = False, site_url: str | None = None, settings=None):
        self.portal = portal
        self.derived = derived
        self.offline = offline  # links for the copy opened from the file system (see urls.py)
        self.site_url = site_url  # the site's public address, when set: absolute links
        self.settings = settings  # site.Settings: who publishes, on what terms
        self.env = _environment()
        self.templates: dict[str, jinja2.Template] = {}
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

    def render_all(self) -> list[SitePage]:
        """Every page but the datos page (see `datos`)."""
        portal = self.portal
        pages = [
            self._page(urls.HOME, "home", "home.html.j2", charts=charts.for_page("home", portal, self.derived), counts=counts([m for m in portal.metas if m.periodo == portal.periodos[0]])),
            self._page(urls.ACUERDOS, "section", "acuerdos_index.html.j2"),
            self._page(urls.AREAS, "section", "areas_index.html.j2", area_counts={a.siglas: counts(self.metas_by_area[a.siglas]) for a in portal.areas}),
            self._page(urls.CARGOS, "section", "cargos_index.html.j2", cargo_counts={c.nombre: counts(self.metas_by_cargo[c.nombre]) for c in portal.cargos}),
            self._page(urls.EXPLORER, "section", "explorador.html.j2", rows=explorer.first_rows(portal), page_rows=explorer.PAGE, description_cut=explorer.DESCRIPTION_CUT),
            self._page(urls.SEARCH, "section", "buscar.html.j2"),
            self._page(urls.ABOUT, "section", "acerca.html.j2", legal_basis=legal_basis(portal)),
            self._page(urls.VERIFICATION, "section", "verificacion.html.j2", checks=self.derived.checks),
            self._page(urls.DATA_USAGE, "section", "datos_uso.html.j2"),
        ]
        for acuerdo in portal.acuerdos:
            own = [c for c in self.derived.checks if c.acuerdo == acuerdo.clave]
            if own:
                pages.append(self._page(urls.verification_of(acuerdo.clave), "section", "verificacion.html.j2", acuerdo=acuerdo, checks=own, metas=self.metas_by_acuerdo[acuerdo.clave]))
        for periodo in portal.periodos:
            metas = [m for m in portal.metas if m.periodo == periodo]
            area_counts = {a.siglas: counts([m for m in metas if m.area == a.siglas]) for a in portal.areas}
            pages.append(self._page(urls.periodo(periodo.slug), "periodo", "periodo.html.j2", periodo=periodo, metas=metas, acuerdos=[a for a in portal.acuerdos if a.periodo == periodo], counts=counts(metas), area_counts=area_counts))
        for acuerdo in portal.acuerdos:
            metas, reconciliation = self.metas_by_acuerdo[acuerdo.clave], self.derived.reconciliations[acuerdo.clave]
            cita = Citation(acuerdo.slug, f"Acuerdo {acuerdo.clave}", acuerdo.fecha_aprobacion, urls.absolute(self.site_url, acuerdo.path), "Acuerdo ficticio, de ejemplo" if acuerdo.acuerdo_ilustrativo else None)
            pages.append(self._page(acuerdo.path, "acuerdo", "acuerdo.html.j2", acuerdo=acuerdo, metas=metas, reconciliation=reconciliation, cita=cita, findings=[f for f in self._all_findings() if f.file == acuerdo.file], charts=charts.for_page("acuerdo", portal, self.derived, acuerdo=acuerdo, metas=metas, reconciliation=reconciliation)))
        pages.append(self._page(urls.METAS, "section", "metas_index.html.j2"))
        for acuerdo in portal.acuerdos:
            metas = self.metas_by_acuerdo[acuerdo.clave]
            if metas:
                pages.append(self._page(urls.metas_of_acuerdo(acuerdo.clave), "section", "metas_acuerdo.html.j2", acuerdo=acuerdo, metas=metas, shown=metas[:LISTING_ROWS]))
        for area in portal.areas:
            metas = self.metas_by_area[area.siglas]
            pages.append(self._page(area.path, "area", "area.html.j2", area=area, metas=metas, periods=self.listing(metas), counts=counts(metas), links=subscriptions.links_for_area(area, portal), charts=charts.for_page("area", portal, self.derived, area=area, metas=metas)))
        evaluated_by = defaultdict(list)  # cargo's slug → the metas whose puesto_que_evalua it is
        for meta in portal.metas:
            if meta.fields.get("puesto_que_evalua"):
                evaluated_by[slugify(portal.cargo_named(meta.fields["puesto_que_evalua"]))].append(meta)
        for cargo in portal.cargos:
            metas = self.metas_by_cargo[cargo.nombre]
            pages.append(self._page(cargo.path, "cargo", "cargo.html.j2", cargo=cargo, metas=metas, periods=self.listing(metas), counts=counts(metas), links=subscriptions.links_for_cargo(cargo, portal), evaluated=evaluated_by.get(cargo.slug, []), evaluated_shown=evaluated_by.get(cargo.slug, [])[::-1][:EVALUATED_ROWS], charts=charts.for_page("cargo", portal, self.derived, cargo=cargo, metas=metas)))
        for meta in portal.metas:
            acuerdo = portal.acuerdo(meta.acuerdo)
            scale = evaluation_scale(meta)
            cita = Citation(slugify(f"{meta.acuerdo}-{meta.numero}"), f"Meta {meta.numero} del acuerdo {meta.acuerdo}", acuerdo.fecha_aprobacion, urls.absolute(self.site_url, meta.path), "Meta ilustrativa, no oficial" if meta.datos_ilustrativos else None)
            pages.append(self._page(meta.path, "meta", "meta.html.j2", meta=meta, acuerdo=acuerdo, findings=self.findings_by_place[(meta.file, meta.row)], cita=cita,
                                    scale=scale, annex_form=annex_form(meta, acuerdo), shown_apart=shown_apart(meta, scale), cargo_pages=self._cargo_pages(meta)))
        return pages

    def _cargo_pages(self, meta: Meta) -> dict:
        """The cargo whose page a field names (who evaluates the meta, who leads its team), where the portal has one."""
        named = {column: self.cargo_of.get(self.portal.cargo_named(meta.fields[column])) for column in CARGO_FIELDS if meta.fields.get(column)}
        return {column: cargo for column, cargo in named.items() if cargo is not None}

    def feed(self) -> bytes:
        """The Atom feed of acuerdos (feed.xml)."""
        return self.env.get_template("feed.xml.j2").render(self._context("")).encode("utf-8")

    def datos(self, downloads: list[Download]) -> SitePage:
        """The datos page, apart: the downloads it lists can be made while the other pages render."""
        columns = ["acuerdo", "numero_meta", "area_normativa", "descripcion", "fecha_inicio", "fecha_termino", "datos_ilustrativos"]
        preview = []
        for download in downloads:
            if download.path == urls.download("metas.csv"):
                reader = csv.DictReader(io.StringIO(download.content.decode("utf-8-sig")))
                preview = [row for _, row in zip(range(3), reader)]
        return self._page(urls.DATOS, "datos", "datos.html.j2", downloads=[d for d in downloads if d.slice_of != "fichas"], preview_rows=preview, preview_columns=columns)

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

    def _page(self, url: str, kind: str, template: str, **context) -> SitePage:
        """A template rendered for one page; its top-level `title`, `description`, `hide` and `toc` say the rest."""
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
        portal = self.portal
        return {
            "portal": portal,
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
