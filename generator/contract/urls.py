"""The one map of the site's addresses: every page, download and asset path is spelled here.

Online, every page is a folder (`acuerdos/x/`, served as its index.html) and links
name folders. The offline copy is opened from the file system, where a folder shows
as a file listing: there every page is a file, as the builder writes them with
directory URLs off (`acuerdos/x.html`; `acuerdos/index.html` for a section). Pages
name each other by their online URL; `href` turns it into the link the reader's
copy needs.

Like Datasette's `Urls` and the `*_url_format` settings of Material's blog plugin:
templates, exports, the explorer and the header ask this module, never spell a path.
"""

from __future__ import annotations

from generator.common.text import slugify

# Sections are written from <section>/index: their own page, in the navigation.
HOME = ""
ACUERDOS = "acuerdos/"
AREAS = "areas/"
CARGOS = "cargos/"
EXPLORER = "explorador/"
DATOS = "datos/"
SEARCH = "buscar/"
VERIFICATION = "verificacion/"
ABOUT = "acerca/"
SECTIONS = (HOME, ACUERDOS, AREAS, CARGOS, EXPLORER, DATOS, SEARCH, VERIFICATION, ABOUT)
METAS = "metas/"  # folder of the meta pages: metas/<acuerdo>/<número>/
PERIODOS = "periodos/"
DATA_USAGE = "datos/uso/"  # «Cómo usar los datos»: recipes for pandas, R, Excel, DuckDB, jq, Datasette
CATALOGUE = "data.json"  # the DCAT catalogue (Project Open Data 1.1) that harvesters such as datos.gob.mx read
# Section names that a data slug must never take (they would shadow a section's own page).

FEED = "feed.xml"
EXPLORER_DATA = "assets/explorador/metas.json"
EXPLORER_SCRIPT = "assets/explorador/metas.js"  # the same data in the offline copy (no fetch from file://)
PLOTLY = "assets/vendor/plotly/plotly-basic.min.js"
PLOTLY_LOCALE = "assets/vendor/plotly/locale-es.js"
CHARTS_JS = "assets/js/graficas.js"
AUTOCOMPLETE_CSS = "assets/vendor/accessible-autocomplete/accessible-autocomplete.min.css"
AUTOCOMPLETE_JS = "assets/vendor/accessible-autocomplete/accessible-autocomplete.min.js"
MIS_METAS_JS = "assets/js/mis-metas.js"
SEARCH_JS = "assets/js/buscar.js"
PASAJES_CSS = "assets/css/pasajes.css"  # an acuerdo's passages highlighted when a fact links to them
EXPLORER_JS = "assets/js/explorador.js"
TEXT_JS = "assets/js/texto.js"  # `fold`, shared by the scripts that compare texts
PAGE_JS = "assets/js/pagina.js"  # the small script every page loads (no inline script: see security.py)
THEME_SCOPE_JS = "assets/js/tema.js"  # the theme's first script, moved out of the page (no inline script)
SEARCH_INDEX_DIR = "pagefind/"
SEARCH_API_JS = SEARCH_INDEX_DIR + "pagefind.js"


def acuerdo(clave: str) -> str:
    return f"{ACUERDOS}{slugify(clave)}/"


ANNEX_FORMATS = ("pdf", "docx")


def acuerdo_annex(clave: str, ext: str) -> str:
    """The acuerdo's annex as INE published it, beside the acuerdo's page: acuerdos/<acuerdo>/anexo.<ext>.

    A file, so it keeps its name offline, where the page is acuerdos/<acuerdo>.html beside this folder.
    """
    if ext not in ANNEX_FORMATS:
        raise ValueError(f"formato de anexo desconocido: {ext!r}")
    return f"{acuerdo(clave)}anexo.{ext}"


def meta(acuerdo_clave: str, numero: str) -> str:
    return f"{METAS}{slugify(acuerdo_clave)}/{slugify(numero)}/"


def meta_record(acuerdo_clave: str, numero: str) -> str:
    """The meta's record as JSON, beside its page: metas/<acuerdo>/<número>.json."""
    return meta(acuerdo_clave, numero).rstrip("/") + ".json"


def metas_of_acuerdo(acuerdo_clave: str) -> str:
    """The index of an acuerdo's meta pages (metas/<acuerdo>/)."""
    return f"{METAS}{slugify(acuerdo_clave)}/"


def verification_of(clave: str) -> str:
    """The checks of one acuerdo, apart from /verificacion/ so that no page grows with the data."""
    return f"{VERIFICATION}{slugify(clave)}/"


def area(siglas: str) -> str:
    return f"{AREAS}{siglas.lower()}/"


def cargo(nombre: str) -> str:
    return f"{CARGOS}{slugify(nombre)}/"


def periodo(slug: str) -> str:
    return f"{PERIODOS}{slug}/"


def area_calendar(siglas: str, periodo_slug: str | None = None) -> str:
    return area(siglas) + (f"metas-{periodo_slug}.ics" if periodo_slug else "metas.ics")


def cargo_calendar(nombre: str, periodo_slug: str | None = None) -> str:
    return cargo(nombre) + (f"metas-{periodo_slug}.ics" if periodo_slug else "metas.ics")


def area_feed(siglas: str) -> str:
    return area(siglas) + "feed.xml"


def cargo_feed(nombre: str) -> str:
    return cargo(nombre) + "feed.xml"


def download(name: str) -> str:
    """A file of /datos/: `metas.csv` → datos/metas.csv."""
    return DATOS + name


def acuerdo_csv(clave: str) -> str:
    return download(f"acuerdos/{slugify(clave)}.csv")


def area_csv(siglas: str) -> str:
    return download(f"areas/{siglas.lower()}.csv")


def cargo_csv(nombre: str) -> str:
    return download(f"cargos/{slugify(nombre)}.csv")


def is_index(url: str) -> bool:
    """A section's page, or the index of a folder of pages (metas/, metas/<acuerdo>/): written as <folder>/index."""
    return url in SECTIONS or url == METAS or (url.startswith(METAS) and url.count("/") == 2)


def source_path(url: str) -> str:
    """The page's source name for the builder: `acuerdos/` → acuerdos/index.md, `acuerdos/x/` → acuerdos/x.md."""
    return url + "index.md" if is_index(url) else url.rstrip("/") + ".md"


def absolute(site_url: str | None, url: str) -> str | None:
    """The full address of a page or file when the site's own address is known (settings: site_url)."""
    if not site_url:
        return None
    return site_url.rstrip("/") + "/" + url


def file_url(url: str, offline: bool) -> str:
    """The URL that serves a page: its folder online, its HTML file offline. Downloads stay as they are."""
    if not offline or not (url == "" or url.endswith("/")):
        return url
    return url + "index.html" if is_index(url) else url[:-1] + ".html"


def href(from_url: str, to_url: str, offline: bool = False) -> str:
    """A relative link from one page to a page or file, so the site works under any sub-path and from disk."""
    here = [part for part in file_url(from_url, offline).split("/")[:-1] if part]  # the folder the reader is in
    target = file_url(to_url, offline)
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    link = "/".join([".."] * (len(here) - common) + there[common:])
    if not link:
        return "./"
    return link + "/" if target.endswith("/") else link
