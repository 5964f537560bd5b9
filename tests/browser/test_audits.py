"""Site-wide audits in Chromium: accessibility (axe-core), privacy, sub-path, phone width."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser.visitor import scroll_to_every_chart
from conftest import external_requests, serve

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PAGES = {
    "inicio": "",
    "acuerdo": "acuerdos/ine-jge186-2022/",
    "area": "areas/deoe/",
    "cargo": "cargos/vocal-de-organizacion-electoral-de-junta-distrital-ejecutiva/",
    "meta": "metas/ine-jge186-2022/deoe-1/",
    "periodo": "periodos/ine-2022-2023/",
    "explorador": "explorador/",
    "datos": "datos/",
    "verificacion": "verificacion/",
    "verificacion-acuerdo": "verificacion/ine-jge186-2022/",
    "metas": "metas/",
    "metas-del-acuerdo": "metas/ine-jge186-2022/",
    "acerca": "acerca/",
    "busqueda": "buscar/?q=organizacion",
}


def settle(page) -> None:
    """Wait for what scripts draw: charts (scrolled to, as a reader would, then back to the top),
    the explorer's rows, search results."""
    page.wait_for_load_state("load")
    if page.locator(".grafica-figura").count():
        scroll_to_every_chart(page)
        page.evaluate("window.scrollTo(0, 0)")
    if page.locator("[data-explorador]").count():
        page.wait_for_selector("[data-explorador][data-listo]", timeout=15_000)
    if "buscar" in page.url:
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_accessibility_violation(page, base_url, name):
    page.goto(base_url + PAGES[name])
    settle(page)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_local_server(page, base_url, name):
    page.goto(base_url + PAGES[name])
    settle(page)
    page.wait_for_timeout(300)
    assert external_requests(page.requests, base_url) == []


@pytest.mark.parametrize("name", ["inicio", "cargo", "meta", "explorador"])
def test_phone_width_has_no_horizontal_scroll(browser, base_url, name):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    settle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"telefono-{name}.png"), full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_keyboard_reaches_the_content_with_visible_focus(page, base_url):
    page.goto(base_url + PAGES["cargo"])
    page.keyboard.press("Tab")
    focused = page.evaluate("() => { const e = document.activeElement; const s = getComputedStyle(e); return [e.tagName, s.outlineStyle, s.boxShadow]; }")
    assert focused[0] in ("A", "INPUT", "BUTTON")
    assert focused[1] != "none" or focused[2] != "none"


def test_the_site_works_under_a_sub_path(browser, site):
    server, url = serve(site, "transparencia/metas-spen")
    try:
        context = browser.new_context()
        page = context.new_page()
        failed = []
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
        for path in ("", "acuerdos/ine-jge186-2022/", "cargos/", "metas/ine-jge186-2022/deoe-1/", "explorador/", "datos/"):
            page.goto(url + path)
            settle(page)
        page.goto(url + "buscar/?q=organizacion")
        settle(page)
        first = page.locator(".pagefind-ui__result-link").first.get_attribute("href")
        assert first.startswith("/transparencia/metas-spen/")
        download = page.request.get(url + "datos/metas.csv")
        assert download.ok and download.body().startswith(b"\xef\xbb\xbf\"acuerdo\",")
        assert failed == []
        context.close()
    finally:
        server.shutdown()
