"""The offline copy opened from the file system (file://) in Chromium: pages, charts, explorer, search, downloads."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def tab(browser, offline_site):
    """A page of the offline copy that records every request and every script error."""
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.root = offline_site.as_uri() + "/"
    yield page
    assert page.errors == []
    assert [url for url in page.requests if not url.startswith(("file://", "data:", "blob:", "about:"))] == []
    context.close()


def test_home_draws_its_charts_and_the_navigation_opens_pages(tab):
    tab.goto(tab.root + "index.html")
    expect(tab.locator(".js-plotly-plot").first).to_be_visible()
    tab.get_by_role("link", name="Cargos y puestos").first.click()
    assert tab.url == tab.root + "cargos/index.html"
    expect(tab.locator("h1")).to_contain_text("Cargos")
    tab.locator("article a[href$='.html']").filter(has_text="Vocal").first.click()
    assert tab.url.startswith(tab.root + "cargos/") and tab.url.endswith(".html")
    expect(tab.locator(".js-plotly-plot").first).to_be_visible()


def test_the_explorer_filters_and_opens_a_meta(tab):
    tab.goto(tab.root + "explorador/index.html")
    tab.wait_for_selector("[data-explorador][data-listo]")
    rows = tab.locator("[data-filas] tr")
    expect(rows.first).to_be_visible()
    summary = tab.locator("[data-resumen]")
    everything = summary.inner_text()
    tab.fill("#explorador-texto", "organizacion")
    expect(summary).not_to_have_text(everything)
    expect(rows.first).to_contain_text("DEOE")
    rows.first.locator("a").first.click()
    assert tab.url.startswith(tab.root + "metas/") and tab.url.endswith(".html")
    expect(tab.locator("#ficha")).to_be_visible()


def test_the_header_search_finds_a_meta_in_the_explorer(tab):
    tab.goto(tab.root + "acuerdos/ine-jge186-2022.html")
    tab.fill("#buscador-cabecera-q", "DEOE-12")
    tab.press("#buscador-cabecera-q", "Enter")
    tab.wait_for_url(tab.root + "explorador/index.html?q=DEOE-12")
    expect(tab.locator("[data-filas] tr").first).to_contain_text("DEOE-12")


def test_a_download_is_saved(tab, offline_site, tmp_path):
    tab.goto(tab.root + "datos/index.html")
    with tab.expect_download() as download:
        tab.locator("a[href='metas.csv']").first.click()
    saved = tmp_path / "metas.csv"
    download.value.save_as(saved)
    assert saved.read_bytes() == (offline_site / "datos" / "metas.csv").read_bytes()


def test_the_search_page_sends_its_query_to_the_explorer(tab):
    tab.goto(tab.root + "buscar/index.html")
    field = tab.get_by_label("Buscar en las metas")
    assert field.evaluate("input => getComputedStyle(input).borderTopStyle") != "none"  # drawn as a field
    field.fill("DEOE-12")
    tab.locator("article").get_by_role("button", name="Buscar").click()
    tab.wait_for_url(tab.root + "explorador/index.html?q=DEOE-12")
    expect(tab.locator("[data-filas] tr").first).to_contain_text("DEOE-12")
