"""In Chromium at 1280 and 375 px, on the site as INE would publish it (with its public address):
the citation of a meta and of an acuerdo reads whole, with the absolute address and today's date,
and its button copies it; a shared link carries its card; the breadcrumbs lead home."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import DATA, build_site, serve

pytestmark = pytest.mark.browser

PUBLIC = "https://www.ine.mx/metas-spen/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "lectura"
WIDTHS = {"escritorio": (1280, 900), "telefono": (375, 800)}
CITED = {
    "meta": ("metas/ine-jge186-2022/deoe-12/", "«Meta DEOE-12 del acuerdo INE/JGE186/2022»"),
    "acuerdo": ("acuerdos/ine-jge186-2022/", "«Acuerdo INE/JGE186/2022»"),
}
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]


@pytest.fixture(scope="module")
def published_url(tmp_path_factory):
    """The site built with its public address, served locally under the same sub-path."""
    root = tmp_path_factory.mktemp("publicado-navegador")
    result = build_site(DATA, root / "site", "--site-url", PUBLIC)
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve((root / "site").resolve(), "/metas-spen/")
    yield url
    server.shutdown()


@pytest.fixture(params=list(WIDTHS))
def tab(request, browser, published_url):
    width, height = WIDTHS[request.param]
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=published_url.split("/metas-spen/")[0])
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


def today_in_spanish() -> str:
    today = dt.date.today()
    return f"{today.day} de {MONTHS[today.month - 1]} de {today.year}"


@pytest.mark.parametrize("kind", CITED)
def test_the_citation_reads_whole_with_the_public_address_and_today_and_copies(tab, published_url, kind):
    path, title = CITED[kind]
    tab.goto(published_url + path)
    citation = tab.locator("[data-cita]")
    citation.scroll_into_view_if_needed()
    text = citation.locator("[data-cita-texto]").inner_text()
    assert text.startswith(title)
    assert f"{PUBLIC}{path}" in text  # the address INE publishes, not the one this browser opened
    assert f"Consultado el {today_in_spanish()}." in text  # filled in by the browser: builds stay the same
    box, viewport = citation.bounding_box(), tab.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]  # nothing of it off the screen
    citation.locator("summary", has_text="BibTeX").click()
    bibtex = citation.locator("[data-cita-formato]").first.inner_text()
    assert f"url = {{{PUBLIC}{path}}}" in bibtex and f"urldate = {{{dt.date.today().isoformat()}}}" in bibtex
    button = citation.get_by_role("button", name="Copiar la cita")
    button.click()
    expect(citation.locator("[data-cita-aviso]")).to_have_text("Cita copiada.")  # once the clipboard took it
    assert tab.evaluate("navigator.clipboard.readText()") == text
    citation.screenshot(path=str(_artifact(f"cita-{kind}-{tab.width_name}.png")))


@pytest.mark.parametrize("kind", CITED)
def test_a_shared_link_has_its_card_and_its_canonical_address(tab, published_url, kind):
    path, _ = CITED[kind]
    tab.goto(published_url + path)
    card = tab.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[property^="og:"], meta[name^="twitter:"]')]
        .map((m) => [m.getAttribute("property") || m.getAttribute("name"), m.content]))""")
    assert card["og:url"] == PUBLIC + path and card["twitter:card"] == "summary"
    assert card["og:title"] == card["twitter:title"] == re.sub(r" - Metas del Servicio.*$", "", tab.title())
    assert "(datos ilustrativos)" in card["og:title"]  # the demonstration metas say so where they are shared
    assert card["og:description"] and card["og:description"] == card["twitter:description"]
    assert tab.evaluate("document.querySelector('link[rel=canonical]').href") == PUBLIC + path


def test_a_meta_s_breadcrumbs_lead_to_its_acuerdo_and_home(tab, published_url):
    tab.goto(published_url + CITED["meta"][0])
    crumbs = tab.get_by_role("navigation", name="Ruta")
    assert crumbs.is_visible()
    assert crumbs.locator("li").all_inner_texts() == ["Inicio", "Acuerdos", "INE/JGE186/2022", "Metas", "DEOE-12"]
    crumbs.get_by_role("link", name="INE/JGE186/2022").click()
    tab.wait_for_url("**/acuerdos/ine-jge186-2022/")
    assert tab.get_by_role("heading", level=1).inner_text().startswith("INE/JGE186/2022")


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
