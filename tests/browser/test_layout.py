"""In Chromium at 1280 and 375 px: listings that read on any screen, the metas before the charts,
two clicks from the home page to an área's CSV; a screenshot of every kind of page for a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.test_audits import PAGES as AUDITED
from browser.visitor import scroll_to_every_chart

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "lectura"
WIDTHS = {"escritorio": (1280, 900), "telefono": (375, 800)}
PAGES = {name: url for name, url in AUDITED.items() if name != "busqueda"}  # every kind of page (the search's results have tests of their own)
CLIPPED = """() => {
  const content = document.querySelector(".md-content");
  const out = [];
  for (const el of content.querySelectorAll("table, td, th, pre, .md-typeset__scrollwrap")) {
    // The acuerdo's published text keeps its tables as the PDF has them, in a box that scrolls.
    if (el.closest("details:not([open])") || el.closest(".grafica-datos") || el.closest(".texto-acuerdo")) continue;
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") out.push(el.tagName + "." + el.className);
  }
  if (content.scrollWidth > content.clientWidth + 1) out.push("contenido");
  if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push("página");
  return out;
}"""


@pytest.fixture(params=list(WIDTHS))
def tab(request, browser):
    width, height = WIDTHS[request.param]
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": height})
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A new visitor on a 375 px phone."""
    width, height = WIDTHS["telefono"]
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_cell_is_clipped_and_nothing_scrolls_sideways(tab, base_url, name):
    tab.goto(base_url + PAGES[name])
    tab.wait_for_load_state("load")
    if name == "explorador":
        tab.wait_for_selector("[data-explorador][data-listo]", timeout=15_000)
    tab.wait_for_timeout(300)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}-{tab.width_name}.png"), full_page=True)
    assert tab.evaluate(CLIPPED) == []


def test_a_listing_on_a_phone_is_a_card_per_meta_that_starts_with_its_number(phone, base_url):
    phone.goto(base_url + PAGES["area"])
    first = phone.locator("table.listado-metas tbody tr").first
    box = first.bounding_box()
    assert box["width"] > 300  # the card spans the screen
    number = first.locator("th.numero").bounding_box()
    description = first.locator("td.descripcion").bounding_box()
    vigencia = first.locator("td.vigencia").bounding_box()
    assert number["y"] < description["y"] < vigencia["y"]  # número, then description, then vigencia
    assert phone.locator("table.listado-metas thead").first.bounding_box()["height"] <= 1  # no header row on a card


@pytest.mark.parametrize("name", ["cargo", "area"])
def test_a_cargo_or_area_page_shows_its_metas_before_its_charts(tab, base_url, name):
    tab.goto(base_url + PAGES[name])
    scroll_to_every_chart(tab)
    first_meta = tab.locator("table.listado-metas tbody tr").first.bounding_box()["y"]
    first_chart = tab.locator(".grafica").first.bounding_box()["y"]
    assert first_meta < first_chart


def test_an_areas_csv_is_two_clicks_from_the_home_page(tab, base_url):
    tab.goto(base_url)
    if tab.width_name == "telefono":
        tab.locator("label.md-header__button[for='__drawer']").click()
    tab.get_by_role("link", name="Datos abiertos", exact=True).first.click()
    tab.wait_for_url("**/datos/")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Metas del área normativa DEOE", exact=False).first.click()
    assert download.value.suggested_filename == "deoe.csv"


def test_mis_metas_is_above_the_fold_on_a_phone(phone, base_url):
    phone.goto(base_url)
    phone.wait_for_selector(".mis-metas__form:not([hidden])")
    field = phone.locator(".mis-metas__form").bounding_box()
    assert field["y"] + 60 < 800  # the field where a Vocal types their cargo shows without scrolling


def test_the_explorer_on_a_phone_is_a_card_per_meta_with_its_sorting_buttons(phone, base_url):
    phone.goto(base_url + PAGES["explorador"])
    phone.wait_for_selector("[data-explorador][data-listo]")
    first = phone.locator("[data-filas] tr").first
    assert first.bounding_box()["width"] > 300
    number, description, vigencia = (first.locator(f"td.{name}").bounding_box() for name in ("numero", "descripcion", "vigencia"))
    assert number["y"] < description["y"] < vigencia["y"]  # número, then description, then vigencia
    label = first.locator("td.acuerdo").evaluate("(td) => getComputedStyle(td, '::before').content")
    assert label == '"Acuerdo: "'  # the other cells say what they are
    sort = phone.get_by_role("button", name="Vigencia")
    assert sort.is_visible()
    sort.click()  # sorting stays at hand on a phone
    assert phone.locator("th[data-columna='vigencia']").get_attribute("aria-sort") in ("ascending", "descending")
