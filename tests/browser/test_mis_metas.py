"""Mis metas (home): from a few letters of a cargo, without accents, to its page; and that page on paper."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import DATA, REPO, external_requests
from generator.common.text import fecha_larga, fold
from generator.model.pipeline import prepare

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
FIELD = "#mis-metas-cargo"
OPTIONS = "#mis-metas-cargo__listbox li.autocomplete__option"


@pytest.fixture(scope="module")
def portal():
    return prepare(DATA).portal


def matching(portal, typed):
    words = fold(typed).split()
    return [c for c in portal.cargos if all(w in fold(c.nombre) for w in words)]


def shown_options(page) -> list[str]:
    return page.locator(OPTIONS).all_inner_texts()


def test_an_accentless_fragment_and_enter_land_on_the_cargo_page(page, base_url, portal):
    [cargo] = matching(portal, "organizacion distrital")
    assert "Organización" in cargo.nombre
    page.goto(base_url)
    page.locator(FIELD).press_sequentially("organizacion distrital")
    expect(page.locator(OPTIONS)).to_have_text([cargo.nombre])
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + cargo.path)
    assert page.locator("h1").inner_text().startswith(cargo.nombre)


def test_suggestions_ignore_accents_and_case(page, base_url, portal):
    page.goto(base_url)
    page.locator(FIELD).press_sequentially("TECNICO")
    expected = matching(portal, "tecnico")
    assert expected and any("Técnico" in c.nombre for c in expected)
    expect(page.locator(OPTIONS)).to_have_count(len(expected))
    assert sorted(shown_options(page)) == sorted(c.nombre for c in expected)


def test_picking_with_the_mouse(page, base_url, portal):
    page.goto(base_url)
    page.locator(FIELD).press_sequentially("cartografia")
    cargo = matching(portal, "cartografia")[0]
    page.locator(OPTIONS, has_text=cargo.nombre).click()
    page.wait_for_url(base_url + cargo.path)


def test_the_button_opens_the_one_match_or_says_what_to_do(page, base_url, portal):
    page.goto(base_url)
    button = page.get_by_role("button", name="Ver mis metas")
    page.locator(FIELD).press_sequentially("jefe")
    button.click()
    expect(page.locator("[data-aviso]")).to_have_text(f"{len(matching(portal, 'jefe'))} cargos coinciden: elija uno en la lista.")
    page.locator(FIELD).fill("")
    page.locator(FIELD).press_sequentially("xyzxyz")
    expect(page.locator(OPTIONS)).to_have_text(["Ningún cargo coincide"])
    page.keyboard.press("Escape")
    button.click()
    expect(page.locator("[data-aviso]")).to_have_text("Ningún cargo se llama «xyzxyz» ni se le parece.")
    expect(page.get_by_role("link", name="todos los cargos y puestos")).to_be_visible()
    [cargo] = [c for c in portal.cargos if fold(c.nombre) == "director de cartografia electoral"]
    page.locator(FIELD).fill("")
    page.locator(FIELD).press_sequentially("director de cartografia electoral")
    page.keyboard.press("Escape")
    button.click()
    page.wait_for_url(base_url + cargo.path)


def test_the_field_is_labelled_and_announced(page, base_url):
    page.goto(base_url)
    field = page.get_by_role("combobox", name="Mi cargo o puesto")
    expect(field).to_have_count(1)
    field.press_sequentially("vocal")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".mis-metas .autocomplete__status")).to_contain_text("cargos coinciden")
    expect(page.get_by_role("listbox", name="Mi cargo o puesto")).to_be_visible()


def test_without_javascript_every_cargo_is_a_link(browser, base_url, portal):
    context = browser.new_context(java_script_enabled=False, locale="es-MX")
    page = context.new_page()
    page.goto(base_url)
    expect(page.locator(".mis-metas form")).to_be_hidden()
    page.get_by_text(f"Ver los {len(portal.cargos)} cargos y puestos con metas").click()
    links = page.locator(".mis-metas__lista a")
    assert links.all_inner_texts() == [c.nombre for c in portal.cargos]
    cargo = portal.cargos[3]
    links.nth(3).click()
    page.wait_for_url(base_url + cargo.path)
    context.close()


def test_on_a_phone(browser, base_url, portal):
    context = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(base_url)
    page.locator(FIELD).press_sequentially("vocal secretario distrital")
    [cargo] = matching(portal, "vocal secretario distrital")
    expect(page.locator(OPTIONS)).to_have_text([cargo.nombre])
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + cargo.path)
    context.close()


def test_no_request_leaves_the_local_server(page, base_url):
    page.goto(base_url)
    page.locator(FIELD).press_sequentially("vocal")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cargos/**")
    assert external_requests(page.requests, base_url) == []


def test_a_cargo_page_prints_cleanly(page, base_url, portal):
    cargo = max(portal.cargos, key=lambda c: sum(c.nombre in m.cargos for m in portal.metas))
    page.goto(base_url + cargo.path)
    page.emulate_media(media="print")
    for hidden in [".md-header", ".md-sidebar--primary", ".md-footer", "form[role=search]"]:
        expect(page.locator(hidden).first).to_be_hidden()
    footer = page.locator(".pie-impresion")
    expect(footer).to_be_visible()
    expect(footer).to_contain_text(base_url + cargo.path)
    newest = max(a.fecha_aprobacion for a in portal.acuerdos)
    expect(page.locator(".fecha-datos")).to_contain_text(fecha_larga(newest))
    rows = page.locator("article table tbody tr")
    assert rows.count() > 0
    assert rows.first.evaluate("row => getComputedStyle(row).breakInside") == "avoid"
    assert page.locator("article table thead").first.evaluate("head => getComputedStyle(head).display") == "table-header-group"
    assert len(page.pdf(format="A4")) > 10_000
    page.emulate_media(media="screen")
    expect(footer).to_be_hidden()


def closest(portal, typed):
    """The cargos that share the most words with what was typed (endings of gender and number aside)."""
    stop = {"de", "del", "la", "las", "el", "los", "y", "e", "en", "a", "al", "con", "por", "para"}

    def stems(text):
        return [w[:-2] if len(w) > 4 and w.endswith("es") else w[:-1] if len(w) > 4 and w[-1] in "aeos" else w for w in fold(text).replace("-", " ").split() if w not in stop]

    words = stems(typed)
    shared = {c.nombre: sum(any(n.startswith(w) or (len(w) >= 4 and w.startswith(n)) for n in stems(c.nombre)) for w in words) for c in portal.cargos}
    best = max(shared.values())
    return {name for name, n in shared.items() if n == best}


@pytest.mark.parametrize("width", [1280, 375])
def test_a_cargo_that_does_not_exist_gets_the_closest_ones_and_every_cargo(browser, base_url, portal, width):
    typed = "vocal ejecutivo distrital"
    assert not matching(portal, typed)  # no cargo has that name
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": 740})
    try:
        page = context.new_page()
        page.goto(base_url)
        page.locator(FIELD).press_sequentially(typed)
        options = page.locator(OPTIONS)
        expect(options.first).to_contain_text("(parecido)")
        near = closest(portal, typed)
        shown = [o.removesuffix("(parecido)").strip() for o in shown_options(page)]
        assert shown[0] in near and len(shown) <= 5
        expect(page.locator(".mis-metas .autocomplete__status")).to_contain_text("Ningún cargo coincide")
        page.keyboard.press("Escape")
        expect(page.locator("#mis-metas-cargo__listbox")).to_be_hidden()  # closed, it leaves the button free
        page.get_by_role("button", name="Ver mis metas").click()
        expect(page.locator("[data-aviso]")).to_have_text(f"Ningún cargo se llama «{typed}».")
        links = page.locator("[data-parecidos] a")
        assert links.all_inner_texts() == shown
        every = page.get_by_role("link", name="todos los cargos y puestos")
        assert every.get_attribute("href") == "cargos/"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"mis-metas-parecidos-{width}.png"), full_page=False)
        links.first.click()
        cargo = next(c for c in portal.cargos if c.nombre == shown[0])
        page.wait_for_url(base_url + cargo.path)
    finally:
        context.close()


def test_on_a_phone_mis_metas_is_above_the_fold(browser, base_url):
    context = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(base_url)
        field = page.locator(FIELD).bounding_box()
        button = page.get_by_role("button", name="Ver mis metas").bounding_box()
        assert field["y"] + field["height"] <= 740 and button["y"] + button["height"] <= 740
        assert page.locator("#mis-metas-ayuda").bounding_box()["y"] < field["y"]  # with its hint
        page.screenshot(path=str(ARTIFACTS / "telefono-inicio-mis-metas.png"), full_page=False)
    finally:
        context.close()
