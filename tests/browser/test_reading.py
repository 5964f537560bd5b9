"""The reading experience at 1280 and 375 px: every page with charts, the search and Mis metas, as a
reader sees them; screenshots of each in test-artifacts/ for a person to look at."""

from __future__ import annotations

import pytest

from browser.visitor import scroll_to_every_chart
from conftest import REPO

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
CHART_PAGES = {
    "inicio": "",
    "acuerdo": "acuerdos/ine-jge186-2022/",
    "area": "areas/deoe/",
    "cargo": "cargos/vocal-de-organizacion-electoral-de-junta-distrital-ejecutiva/",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", CHART_PAGES)
def test_every_chart_reads_whole_with_its_link_and_its_names(browser, base_url, name, width):
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + CHART_PAGES[name])
        scroll_to_every_chart(page)
        charts = page.locator(".grafica").all()
        assert charts
        content = page.locator("article").bounding_box()
        for chart in charts:
            chart_id = chart.get_attribute("id")
            link = chart.locator(".grafica-enlace")
            assert link.is_visible() and link.get_attribute("href") == f"#{chart_id}"
            svg = chart.locator("svg.main-svg").first.bounding_box()
            assert content["x"] - 1 <= svg["x"] and svg["x"] + svg["width"] <= content["x"] + content["width"] + 1, chart_id
            names = chart.locator(".annotation-text").all()
            for label in names:
                box = label.bounding_box()
                assert svg["x"] <= box["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"], (chart_id, label.text_content())
            if names:
                plot = chart.locator(".nsewdrag").bounding_box()
                assert plot["width"] >= 0.8 * svg["width"], chart_id  # the bars have the width; the names stand above them
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"graficas-{name}-{width}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_search_and_mis_metas_screenshots(browser, base_url, width):
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "buscar/?q=DEOE-12")
        page.wait_for_selector(".buscar__resultado")
        first = page.locator(".buscar__resultado").first
        assert first.locator(".buscar__resultado-tipo").inner_text().lower() == "meta"
        assert first.locator(".buscar__resultado-titulo").inner_text() == "Meta DEOE-12"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"buscar-deoe-12-{width}.png"), full_page=True)
        page.goto(base_url)
        page.locator("#mis-metas-cargo").press_sequentially("vocal ejecutivo distrital")
        page.wait_for_selector("#mis-metas-cargo__listbox li.autocomplete__option")
        page.screenshot(path=str(ARTIFACTS / f"mis-metas-{width}.png"), full_page=False)
    finally:
        context.close()
