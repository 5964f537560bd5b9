"""What a reader, a journalist and a Vocal find on the pages: citations, breadcrumbs, indexes, cards."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, build_site
from generator.contract import urls
from sitecheck import parse


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The site as INE would publish it, with its public address."""
    root = tmp_path_factory.mktemp("publicado")
    result = build_site(DATA, root / "site", "--site-url", "https://www.ine.mx/metas-spen/")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def html(site, url: str) -> str:
    return (site / urls.file_url(url, False) / "index.html").read_text(encoding="utf-8")


def test_a_meta_is_cited_with_its_absolute_address_as_text_bibtex_and_csl(published):
    page = parse(published / "metas" / "ine-jge186-2022" / "deoe-12" / "index.html").visible_text
    address = "https://www.ine.mx/metas-spen/metas/ine-jge186-2022/deoe-12/"
    assert f"«Meta DEOE-12 del acuerdo INE/JGE186/2022», Junta General Ejecutiva del Instituto Nacional Electoral, 28 de septiembre de 2022. En: Metas del Servicio Profesional Electoral Nacional, {address}. Consultado el [fecha de consulta]." in page
    assert "Meta ilustrativa, no oficial" in page
    raw = html(published, urls.meta("INE/JGE186/2022", "DEOE-12"))
    csl = json.loads(raw.split("CSL-JSON (Zotero, Mendeley, Pandoc)</summary><pre><code data-cita-formato>", 1)[1].split("</code>", 1)[0].replace("&#34;", '"').replace("&quot;", '"'))
    assert csl["URL"] == address and csl["issued"] == {"date-parts": [[2022, 9, 28]]} and csl["type"] == "webpage"
    assert f"url = {{{address}}}" in raw and "@misc{ine-jge186-2022-deoe-12," in raw


def test_without_a_public_address_the_browser_fills_it_in(site):
    page = parse(site / "metas" / "ine-jge186-2022" / "deoe-12" / "index.html").visible_text
    assert "[dirección de esta página]" in page and "[fecha de consulta]" in page  # pagina.js replaces both


def test_shared_links_have_a_card_and_a_canonical_address(published):
    raw = html(published, urls.acuerdo("INE/JGE186/2022"))
    assert '<link rel="canonical" href="https://www.ine.mx/metas-spen/acuerdos/ine-jge186-2022/">' in raw
    assert '<meta property="og:title" content="INE/JGE186/2022 (datos ilustrativos)">' in raw
    assert '<meta property="og:url" content="https://www.ine.mx/metas-spen/acuerdos/ine-jge186-2022/">' in raw
    assert '<meta name="twitter:card" content="summary">' in raw
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://www.ine.mx/metas-spen/metas/ine-jge186-2022/deoe-12/</loc>" in sitemap


def test_metas_folders_are_pages_and_a_meta_has_breadcrumbs(site):
    index = parse(site / "metas" / "index.html")
    assert "Metas del acuerdo INE/JGE186/2022" in index.visible_text
    listing = parse(site / "metas" / "ine-jge186-2022" / "index.html")
    assert "103 metas que agregó el acuerdo INE/JGE186/2022" in listing.visible_text
    meta = (site / "metas" / "ine-jge186-2022" / "deoe-12" / "index.html").read_text(encoding="utf-8")
    crumbs = meta.split('<nav class="migas" aria-label="Ruta">', 1)[1].split("</nav>", 1)[0]
    assert [part.split(">")[-1] for part in crumbs.split("</a>")[:-1]] == ["Inicio", "Acuerdos", "INE/JGE186/2022", "Metas"]
    assert '<li aria-current="page">DEOE-12</li>' in crumbs


def test_the_footer_speaks_spanish(site):
    raw = (site / "index.html").read_text(encoding="utf-8")
    assert "Made with" not in raw and "hecho con software libre" in raw
