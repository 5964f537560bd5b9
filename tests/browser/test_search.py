"""Site search (Pagefind) in Chromium: /buscar/, the header's form, accents, números, sub-paths."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import DATA, REPO, external_requests, serve
from generator.common.text import fold
from generator.contract.schema import METAS_COLUMNS as COLUMNS
from generator.model.pipeline import prepare

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
FIRST_RESULT = ".buscar__resultado-titulo"
FIELD = "#buscar-q"


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
    assert page.locator(FIRST_RESULT).first.inner_text().startswith("Meta DEOE-12")
    assert page.locator(".buscar__resultado-tipo").first.inner_text().lower() == "meta"


def test_words_of_a_description_find_the_meta(page, base_url, portal):
    meta = meta_named(portal, "DERFE-29")
    words = " ".join(meta.descripcion.removeprefix("Ejemplo ilustrativo: ").split()[:6])
    page.goto(base_url + "buscar/")
    page.fill(FIELD, words)
    page.wait_for_function("() => document.querySelectorAll('.buscar__resultado').length > 0")
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


@pytest.mark.parametrize("column, word", [
    ("puesto_que_evalua", "financiamiento"),  # a cargo finds the metas it carries out, not those it evaluates
    ("calidad_medio", "subsanadas"),  # a level of the scale a meta is evaluated on, shared word for word by most metas
])
def test_a_meta_is_not_found_by_the_columns_left_out_of_the_search(page, base_url, portal, column, word):
    """schema.Column.searched: shown on a meta's page, not searched."""
    unsearched = {c.name for c in COLUMNS if not c.searched}
    assert column in unsearched
    areas = {a.siglas: a.nombre or "" for a in portal.areas}
    searched = lambda m: fold(" ".join([m.numero, m.acuerdo, m.descripcion, *m.cargos, areas[m.area], *(str(v) for k, v in m.fields.items() if k not in unsearched)]))
    only_there = {m.path for m in portal.metas if word in fold(str(m.fields.get(column, ""))) and word not in searched(m)}
    assert only_there, f"the data has metas with «{word}» in {column} alone"
    page.goto(base_url + "buscar/")
    assert only_there.isdisjoint(all_results(page, word))


def test_the_ui_speaks_spanish_and_shows_an_empty_state(page, base_url):
    page.goto(base_url + "buscar/?q=zzzqqqxxx")
    expect(page.locator("[data-estado]")).to_contain_text("Ningún resultado para «zzzqqqxxx». Pruebe con menos palabras")
    expect(page.get_by_role("searchbox", name="Buscar en el portal")).to_have_value("zzzqqqxxx")


def search_from_the_header(page, query):
    page.evaluate("() => { window.leftPage = true; }")  # gone if the browser loads a new document
    page.fill("#buscador-cabecera-q", query)
    page.press("#buscador-cabecera-q", "Enter")


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
        search_from_the_header(page, "deoe-12")
        page.wait_for_url("**/portal/metas-spen/buscar/?q=deoe-12")
        assert page.input_value("#buscador-cabecera-q") == "deoe-12"
        assert result_paths(page, prefixed)[0] == meta.path
        assert page.evaluate("() => window.leftPage") is True  # drawn in place
        page.click(FIRST_RESULT)
        page.wait_for_url(prefixed + meta.path)
        assert page.locator("h1").inner_text().startswith("Meta DEOE-12")
        assert external_requests(requests, prefixed) == []
        context.close()
    finally:
        server.shutdown()


def test_the_header_box_draws_the_results_page_in_place(page, base_url, portal):
    meta = meta_named(portal, "DEOE-12")
    page.goto(base_url + "buscar/?q=deoe-12")
    direct = {"title": page.title(), "results": result_paths(page, base_url), "topic": page.locator(".md-header__topic").last.inner_text()}
    # From the home page: its relative addresses (the header's, <head>'s) would be wrong one folder down.
    page.goto(base_url)
    home = page.title()
    icon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    search_from_the_header(page, "deoe-12")
    page.wait_for_url("**/buscar/?q=deoe-12")
    assert result_paths(page, base_url) == direct["results"]
    assert page.evaluate("() => window.leftPage") is True  # drawn in place: no new document, Pagefind not booted twice
    assert page.title() == direct["title"]
    assert page.locator(".md-header__topic").last.inner_text() == direct["topic"]
    assert page.input_value(FIELD) == "deoe-12"
    assert page.evaluate("() => document.querySelector('.md-header .md-logo').href") == base_url
    assert page.evaluate("() => document.querySelector('header form[role=search]').action") == base_url + "buscar/"
    assert page.evaluate("() => document.querySelector('link[rel=icon]').href") == icon
    page.click(FIRST_RESULT)
    page.wait_for_url(base_url + meta.path)
    assert page.locator("h1").inner_text().startswith("Meta DEOE-12")
    page.go_back()
    page.wait_for_url("**/buscar/?q=deoe-12")
    assert result_paths(page, base_url) == direct["results"]
    page.go_back()
    page.wait_for_url(base_url)
    expect(page).to_have_title(home)
    assert external_requests(page.requests, base_url) == []
    assert missing == []  # no address went wrong on the way (the icon fetched anew from /buscar/, say)


def test_the_results_page_drawn_in_place_searches_again_from_either_box(page, base_url):
    page.goto(base_url + "acuerdos/")
    search_from_the_header(page, "padron")
    page.wait_for_url("**/buscar/?q=padron")
    page.wait_for_selector(FIRST_RESULT)
    page.fill(FIELD, "zzzqqqxxx")
    expect(page.locator("[data-estado]")).to_contain_text("Ningún resultado para «zzzqqqxxx»")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["zzzqqqxxx"]
    search_from_the_header(page, "deoe-12")
    page.wait_for_url("**/buscar/?q=deoe-12")
    expect(page.locator(FIRST_RESULT).first).to_contain_text("Meta DEOE-12")


def test_without_the_results_page_at_hand_the_header_form_submits_as_it_is(page, base_url):
    page.route("**/buscar/", lambda route: route.abort() if route.request.resource_type == "fetch" else route.continue_())
    page.goto(base_url + "acuerdos/")
    search_from_the_header(page, "deoe-12")
    page.wait_for_url("**/buscar/?q=deoe-12")
    expect(page.locator(FIRST_RESULT).first).to_contain_text("Meta DEOE-12")
    assert page.evaluate("() => window.leftPage") is None  # loaded as a new page, as without scripts


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
    assert page.evaluate("() => document.activeElement.id") == "buscar-q"
    context.close()


def test_no_request_leaves_the_local_server(page, base_url):
    page.goto(base_url + "buscar/?q=padron")
    page.wait_for_selector(FIRST_RESULT)
    assert external_requests(page.requests, base_url) == []


KINDS = ["Meta", "Cargo o puesto", "Área normativa", "Acuerdo", "Periodo", "Página"]


def shown_kinds(page) -> list[str]:
    return [k.strip().lower() for k in page.locator(".buscar__resultado-tipo").all_inner_texts()]


@pytest.mark.parametrize("width", [1280, 375])
def test_each_result_says_what_it_is_and_the_reader_filters_by_kind(browser, base_url, portal, width):
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "buscar/?q=organizacion electoral")
        page.wait_for_selector(FIRST_RESULT)
        expect(page.locator("[data-cuenta='']")).not_to_have_text("")  # counted once every result's kind is read
        kinds = set(shown_kinds(page))
        assert kinds <= {k.lower() for k in KINDS} and len(kinds) >= 2
        counts = {label: page.locator(f"[data-cuenta='{label}']").inner_text() for label in KINDS if page.locator(f"label[data-tipo='{label}']").is_visible()}
        assert "Meta" in counts and "Cargo o puesto" in counts
        page.get_by_role("radio", name="Cargo o puesto").check()
        expect(page.locator("[data-estado]")).to_contain_text("de tipo «Cargo o puesto»")
        assert set(shown_kinds(page)) == {"cargo o puesto"}
        cargos = {c.path for c in portal.cargos if "organizacion electoral" in fold(c.nombre)}
        root = urlsplit(base_url).path
        shown = {urlsplit(a).path.removeprefix(root) for a in page.eval_on_selector_all(FIRST_RESULT, "links => links.map(a => a.href)")}
        assert cargos <= shown
        assert counts["Cargo o puesto"] == f"({len(shown)})"
        assert parse_qs(urlsplit(page.url).query)["tipo"] == ["Cargo o puesto"]  # shared with the kind
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"buscar-{width}.png"), full_page=True)
        page.goto(base_url + "buscar/?q=organizacion electoral&tipo=Meta")
        page.wait_for_selector(FIRST_RESULT)
        expect(page.get_by_role("radio", name="Meta")).to_be_checked()
        assert set(shown_kinds(page)) == {"meta"}
    finally:
        context.close()


def test_snippets_are_the_page_s_content_not_its_furniture(page, base_url, portal):
    meta = meta_named(portal, "DERFE-29")
    words = " ".join(meta.descripcion.removeprefix("Ejemplo ilustrativo: ").split()[:6])
    page.goto(base_url + "buscar/?q=" + words)
    page.wait_for_selector(FIRST_RESULT)
    item = page.locator(".buscar__resultado", has=page.locator(f"a[href$='{meta.path}']"))
    snippet = item.locator(".buscar__resultado-extracto")
    text = " ".join(snippet.inner_text().replace("…", "").split())
    assert item.locator("mark").count() >= 3
    assert {fold(m) for m in item.locator("mark").all_inner_texts()} & set(fold(words).split())
    for furniture in ["Descargar CSV", "todos los datos", "Datos ilustrativos", "Ver los datos de la gráfica", "Gráfica de barras"]:
        assert furniture not in text
    page.goto(base_url + meta.path)
    on_page = set(page.locator("article").inner_text().split())
    assert set(text.split()) <= on_page  # words the reader finds on the page


FURNITURE = ["Descargar CSV", "todos los datos", "Datos ilustrativos", "Ver los datos de la gráfica", "Gráfica de barras", "Cargo o puesto del Servicio"]


@pytest.mark.parametrize("query", ["vocal distrital", "organizacion electoral", "padron"])
def test_no_snippet_of_any_kind_of_page_is_furniture(page, base_url, query):
    page.goto(base_url + "buscar/?q=" + query)
    page.wait_for_selector(FIRST_RESULT)
    snippets = page.locator(".buscar__resultado-extracto").all_inner_texts()
    for furniture in FURNITURE:
        assert not [t for t in snippets if furniture in t], furniture
    for kind, snippet in zip(shown_kinds(page), snippets):
        assert not snippet.lower().startswith(kind), snippet  # the hidden kind is no text of the page


def test_a_snippet_shows_page_text_as_written_never_as_markup(page, base_url):
    page.goto(base_url + "buscar/?q=DEOE-12")
    page.wait_for_selector(FIRST_RESULT)
    assert page.locator(".buscar__resultado-extracto *:not(mark)").count() == 0  # text and marks only


def test_the_hint_is_under_the_field_not_over_the_results(page, base_url):
    page.goto(base_url + "buscar/?q=padron")
    page.wait_for_selector(FIRST_RESULT)
    expect(page.locator("[data-cuenta='']")).not_to_have_text("")  # every batch drawn: the list stays put
    field = page.locator(FIELD)
    assert not field.get_attribute("placeholder")
    hint = page.locator("#buscar-ayuda").bounding_box()
    first = page.locator(".buscar__resultado").first.bounding_box()
    assert field.bounding_box()["y"] + field.bounding_box()["height"] <= hint["y"] < hint["y"] + hint["height"] <= first["y"]


def test_with_no_result_the_page_suggests_where_to_look(page, base_url, portal):
    page.goto(base_url + "buscar/?q=zzzqqqxxx")
    suggestions = page.locator("[data-sugerencias]")
    expect(suggestions).to_be_visible()
    expect(page.locator("[data-mas]")).to_be_hidden()
    assert suggestions.get_by_role("link", name=f"lista de los {len(portal.cargos)} cargos y puestos").get_attribute("href") == "../cargos/"
    suggestions.get_by_role("link", name="explorador").click()
    page.wait_for_url(base_url + "explorador/?q=zzzqqqxxx")


def test_a_numero_and_a_name_bring_their_own_page_first(page, base_url, portal):
    page.goto(base_url + "buscar/?q=DEOE-12")
    assert result_paths(page, base_url)[0] == meta_named(portal, "DEOE-12").path
    page.goto(base_url + "buscar/?q=vocal secretario distrital")
    [cargo] = [c for c in portal.cargos if fold(c.nombre) == "vocal secretario de junta distrital ejecutiva"]
    assert result_paths(page, base_url)[0] == cargo.path


def test_organizacion_electoral_brings_the_area_first(page, base_url):
    page.goto(base_url + "buscar/?q=organizacion electoral")
    assert result_paths(page, base_url)[0] == "areas/deoe/"


SHIFTS = """window.shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
}).observe({ type: 'layout-shift', buffered: true });"""


def test_a_shared_search_keeps_the_room_of_its_results_nothing_jumps(browser, base_url):
    """Painted before the search has run (its script held back), the page already has the room the
    results, their kinds and counts take: nothing moves as they come in (CLS)."""
    context = browser.new_context(locale="es-MX", viewport={"width": 412, "height": 823}, is_mobile=True)
    try:
        tab = context.new_page()
        tab.add_init_script(SHIFTS)
        held = []
        tab.route("**/assets/js/buscar.js", lambda route: held.append(route))
        tab.goto(base_url + "buscar/?q=organizacion", wait_until="commit")
        tab.wait_for_function("() => document.querySelector('footer') && performance.getEntriesByType('paint').length > 0")
        footer = tab.locator("footer.md-footer").bounding_box()["y"]
        assert footer >= 823  # below the first screen, where the results will be
        tab.wait_for_timeout(300)
        for route in held:
            route.continue_()
        tab.unroute("**/assets/js/buscar.js")
        tab.wait_for_selector(".buscar__resultado")
        tab.wait_for_function("() => [...document.querySelectorAll('[data-cuenta]')].some((c) => c.textContent)")
        tab.wait_for_timeout(500)
        assert tab.evaluate("() => window.shifts.reduce((a, b) => a + b, 0)") < 0.01
        assert tab.locator("[data-tipos]").is_visible()
    finally:
        context.close()


def result_item(page, path):
    return page.locator(".buscar__resultado", has=page.locator(f"a.buscar__resultado-titulo[href$='/{path}']"))


@pytest.mark.parametrize("width", [1280, 375])
def test_results_read_as_prose_and_say_when_they_are_illustrative(browser, base_url, portal, width):
    """Issue 29, item 8: an área's result names it once, a cargo's says what its page holds, a meta's
    shows its description, and illustrative data says so on the result itself."""
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "buscar/?q=organizacion")
        page.wait_for_selector(FIRST_RESULT)
        expect(page.locator("[data-cuenta='']")).not_to_have_text("")
        deoe = next(a for a in portal.areas if a.siglas == "DEOE")
        area = result_item(page, deoe.path)
        text = " ".join(area.inner_text().split())
        assert text.count(deoe.nombre) == 1, text  # in the title only, not again in the excerpt
        excerpt = area.locator(".buscar__resultado-extracto")
        expect(excerpt).to_have_count(1)
        current = [m for m in portal.metas if m.area == "DEOE" and not m.cancelada]
        assert excerpt.inner_text().startswith(f"{len(current)} metas en el portal")
        for snippet in page.locator(".buscar__resultado-extracto").all_inner_texts():
            assert not snippet.rstrip(" .…").endswith("Gráficas"), snippet
        page.screenshot(path=str(ARTIFACTS / f"buscar-organizacion-{width}.png"), full_page=True)

        meta = meta_named(portal, "DERFE-29")
        words = " ".join(meta.descripcion.removeprefix("Ejemplo ilustrativo: ").split()[:6])
        page.goto(base_url + "buscar/?q=" + words + "&tipo=Meta")
        page.wait_for_selector(FIRST_RESULT)
        item = result_item(page, meta.path)
        expect(item).to_have_count(1)
        first = item.locator(".buscar__resultado-extracto").first
        assert " ".join(first.inner_text().split()).removesuffix(" …") == " ".join(meta.descripcion.split()[:60])
        marks = {fold(m) for m in first.locator("mark").all_inner_texts()}
        assert marks & set(fold(words).split()) and not marks & {"la", "en", "los", "de", "enero"}, marks  # «en» marks no «enero»
        assert meta.datos_ilustrativos
        expect(item.locator(".etiqueta-ilustrativa")).to_have_text("Datos ilustrativos")
        assert item.locator(".buscar__resultado-aviso").bounding_box()["y"] < item.locator(FIRST_RESULT).bounding_box()["y"]  # read before the title
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"buscar-meta-{width}.png"), full_page=True)
    finally:
        context.close()


def test_a_meta_found_by_its_cargo_shows_its_description_then_its_area_and_cargos(page, base_url, portal):
    cargo = next(c for c in portal.cargos if "monitoreo" in fold(c.nombre))
    meta = next(m for m in portal.metas if cargo.nombre in m.cargos and "monitoreo" not in fold(m.descripcion))
    page.goto(base_url + "buscar/?q=monitoreo&tipo=Meta")
    page.wait_for_selector(FIRST_RESULT)
    item = result_item(page, meta.path)
    paragraphs = item.locator(".buscar__resultado-extracto")
    expect(paragraphs).to_have_count(2)
    assert paragraphs.first.inner_text().startswith(" ".join(meta.descripcion.split()[:5]))
    where = " ".join(paragraphs.last.inner_text().split())
    assert where.startswith(f"Área normativa: {meta.area}") and cargo.nombre in where, where  # a sentence, not the ficha's values run together
    assert "monitoreo" in {fold(m) for m in paragraphs.last.locator("mark").all_inner_texts()}
    assert [fold(m) for m in item.locator("mark").all_inner_texts()] == ["monitoreo"] * item.locator("mark").count()


def test_the_home_page_is_not_among_the_results(page, base_url):
    page.goto(base_url + "buscar/?q=evaluacion desempeño servicio profesional")
    page.wait_for_selector(FIRST_RESULT)
    assert "" not in all_results(page, "evaluacion desempeño servicio profesional")
    assert "" not in result_paths(page, base_url)
