"""Site search (Pagefind) in Chromium: /buscar/, the header's form, accents, números, sub-paths."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import DATA, external_requests, serve
from generator.pipeline import prepare
from generator.text import fold

pytestmark = pytest.mark.browser

FIRST_RESULT = ".pagefind-ui__result-link"


@pytest.fixture(scope="module")
def portal():
    return prepare(DATA).portal


def meta_named(portal, numero, acuerdo="INE/JGE186/2022"):
    return next(m for m in portal.metas if m.numero == numero and m.acuerdo == acuerdo)


def result_paths(page, base_url) -> list[str]:
    """The results the UI shows, as paths from the site root."""
    page.wait_for_selector(FIRST_RESULT)
    root = urlsplit(base_url).path
    return [urlsplit(href).path.removeprefix(root) for href in page.eval_on_selector_all(FIRST_RESULT, "links => links.map(a => a.href)")]


def all_results(page, query) -> list[str]:
    """Every result of a query, through Pagefind's own API (the UI shows them five at a time)."""
    return page.evaluate(
        """async (query) => {
            const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
            const search = await pagefind.search(query);
            const data = await Promise.all(search.results.map((r) => r.data()));
            return data.map((d) => d.url.replace(/^\\//, ""));
        }""",
        query,
    )


def test_a_numero_finds_its_meta_first(page, base_url, portal):
    meta = meta_named(portal, "DEOE-12")
    page.goto(base_url + "buscar/?q=DEOE-12")
    assert result_paths(page, base_url)[0] == meta.path
    assert page.locator(".pagefind-ui__result-title").first.inner_text().startswith("Meta DEOE-12")


def test_words_of_a_description_find_the_meta(page, base_url, portal):
    meta = meta_named(portal, "DERFE-29")
    words = " ".join(meta.descripcion.removeprefix("Ejemplo ilustrativo: ").split()[:6])
    page.goto(base_url + "buscar/")
    page.fill(".pagefind-ui__search-input", words)
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length > 0")
    assert meta.path in all_results(page, words)
    assert parse_qs(urlsplit(page.url).query)["q"] == [words]  # the query goes back into the address


@pytest.mark.parametrize("query", ["organizacion", "ORGANIZACIÓN", "Organización"])
def test_accents_and_case_do_not_matter(page, base_url, portal, query):
    page.goto(base_url + "buscar/")
    found = set(all_results(page, query))
    written = {m.path for m in portal.metas if "organizacion" in fold(m.descripcion + " " + " ".join(m.cargos))}
    assert written, "the data has metas about organización"
    assert written <= found
    cargo = next(c for c in portal.cargos if "organizacion" in fold(c.nombre))
    assert cargo.path in found


def test_a_cargo_and_an_area_are_found(page, base_url, portal):
    page.goto(base_url + "buscar/")
    cargo = portal.cargos[0]
    assert all_results(page, cargo.nombre)[0] == cargo.path
    deoe = {m.path for m in portal.metas if m.area == "DEOE"}
    assert deoe <= set(all_results(page, "DEOE"))


def test_the_ui_speaks_spanish_and_shows_an_empty_state(page, base_url):
    page.goto(base_url + "buscar/?q=zzzqqqxxx")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("Ningún resultado para «zzzqqqxxx». Pruebe con menos palabras")
    expect(page.get_by_role("textbox", name="Buscar en el portal")).to_have_value("zzzqqqxxx")


def test_the_header_form_searches_from_any_page_under_a_sub_path(browser, site, portal):
    server, prefixed = serve(site, "portal/metas-spen")
    try:
        context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        meta = meta_named(portal, "DEOE-12")
        cargo = portal.cargos[-1]
        page.goto(prefixed + cargo.path)
        page.fill("#buscador-cabecera-q", "deoe-12")
        page.press("#buscador-cabecera-q", "Enter")
        page.wait_for_url("**/portal/metas-spen/buscar/?q=deoe-12")
        assert page.input_value("#buscador-cabecera-q") == "deoe-12"
        assert result_paths(page, prefixed)[0] == meta.path
        page.click(FIRST_RESULT)
        page.wait_for_url(prefixed + meta.path)
        assert page.locator("h1").inner_text().startswith("Meta DEOE-12")
        assert external_requests(requests, prefixed) == []
        context.close()
    finally:
        server.shutdown()


def test_the_header_form_is_labelled_and_on_every_kind_of_page(page, base_url, portal):
    for path in ["", "acuerdos/", portal.cargos[0].path, portal.metas[0].path, "explorador/"]:
        page.goto(base_url + path)
        form = page.locator("header form[role=search]")
        assert form.count() == 1, path
        assert page.locator("#buscador-cabecera-q").get_attribute("name") == "q"
        assert page.get_by_label("Buscar metas").count() == 1
        action = page.evaluate("() => new URL(document.querySelector('header form[role=search]').action).pathname")
        assert action == urlsplit(base_url).path + "buscar/", path


def test_the_phone_header_keeps_a_search_button(browser, base_url):
    context = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + "acuerdos/")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url("**/buscar/?q=")
    assert page.evaluate("() => document.activeElement.classList.contains('pagefind-ui__search-input')")
    context.close()


def test_no_request_leaves_the_local_server(page, base_url):
    page.goto(base_url + "buscar/?q=padron")
    page.wait_for_selector(FIRST_RESULT)
    assert external_requests(page.requests, base_url) == []
