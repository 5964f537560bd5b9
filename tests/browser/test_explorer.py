"""The explorer (/explorador/) in Chromium: facets and their counts, text, vigencia, sorting,
the state in the URL, the CSV of the selection, keyboard and phone."""

from __future__ import annotations

import csv
import datetime as dt
import json
import io
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import DATA, build_site, external_requests, serve
from generator.common.text import fold
from generator.contract import schema, urls
from generator.model.pipeline import prepare
from generator.site import explorer

pytestmark = pytest.mark.browser

FACETS = ("periodo", "acuerdo", "area", "ambito", "tipo", "cargo", "entidad")
ROWS = "[data-filas] tr"
READY = "[data-explorador][data-listo]"  # explorador.js has the data: the filters work


@pytest.fixture(scope="module")
def portal():
    return prepare(DATA).portal


# ---- what the data says, computed in plain Python ----

def values_of(meta) -> dict[str, set[str]]:
    return {
        "periodo": {meta.periodo.slug}, "acuerdo": {meta.acuerdo}, "area": {meta.area}, "ambito": {meta.ambito},
        "tipo": {meta.tipo}, "cargo": set(meta.cargos), "entidad": set(meta.entidades) or {"todas"},
    }


def text_of(meta, portal) -> str:
    """What the free text looks in: every field the explorer's data marks searched, and the área's name."""
    names = {a.siglas: a.nombre or "" for a in portal.areas}
    values = [field.encoded(meta, None, False) for field in explorer.fields() if field.searched]
    return fold("\n".join([*(v for value in values if value for v in ([value] if isinstance(value, str) else value)), names[meta.area]]))


def selected_metas(portal, q="", fecha=None, **chosen: set[str]):
    words = fold(q).split()
    return [
        m for m in portal.metas
        if all(w in text_of(m, portal) for w in words)
        and (fecha is None or (not m.cancelada and m.fecha_inicio <= fecha <= m.fecha_termino))
        and all(values_of(m)[facet] & wanted for facet, wanted in chosen.items())
    ]


def facet_counts(portal, facet, **chosen) -> Counter:
    """What checking each value of `facet` would give, the other choices kept."""
    others = {f: v for f, v in chosen.items() if f != facet}
    return Counter(value for m in selected_metas(portal, **others) for value in values_of(m)[facet])


# ---- what the page shows ----

def open_explorer(page, base_url, query=""):
    page.goto(base_url + "explorador/" + query)
    page.wait_for_selector(READY)


def shown_total(page) -> int:
    text = page.inner_text("[data-resumen]")
    return 0 if text.startswith("Ninguna") else int(re.match(r"[\d,]+", text).group().replace(",", ""))


def shown_paths(page, base_url) -> list[str]:
    for _ in range(400):  # 50 rows a click
        if not page.is_visible("[data-mas]"):
            break
        page.click("[data-mas]")
    root = urlsplit(base_url).path
    return [urlsplit(h).path.removeprefix(root) for h in page.eval_on_selector_all(f"{ROWS} td:first-child a", "links => links.map(a => a.href)")]


def shown_counts(page, facet) -> dict[str, int]:
    return page.eval_on_selector_all(
        f"input[name={facet}]",
        "boxes => Object.fromEntries(boxes.map(b => [b.value, Number(b.closest('label').querySelector('.faceta__cuenta').firstChild.textContent.replace(/,/g, ''))]))",
    )


def choose(page, facet, value):
    box = page.locator(f"input[name={facet}][value='{value}']")
    if not box.is_visible():
        page.locator(f"details.faceta:has(input[name={facet}]) > summary").click()
    box.check()


def paths(metas) -> list[str]:
    return [m.path for m in metas]


# ---- tests ----

def test_all_metas_and_the_counts_of_the_data(page, base_url, portal):
    open_explorer(page, base_url)
    assert shown_total(page) == len(portal.metas)
    assert page.locator(ROWS).count() == min(50, len(portal.metas))
    for facet in FACETS:
        assert shown_counts(page, facet) == facet_counts(portal, facet), facet
    assert shown_paths(page, base_url) == paths(portal.metas)
    assert page.locator(f"{ROWS}.cancelada").count() == sum(m.cancelada for m in portal.metas)


@pytest.mark.parametrize("facet", FACETS)
def test_each_facet_filters_to_the_count_of_the_data(page, base_url, portal, facet):
    counts = facet_counts(portal, facet)
    value = min(counts, key=lambda v: (counts[v], v))  # the rarest value: the filter visibly narrows
    open_explorer(page, base_url)
    choose(page, facet, value)
    expected = selected_metas(portal, **{facet: {value}})
    assert shown_total(page) == len(expected) == counts[value]
    assert shown_paths(page, base_url) == paths(expected)
    assert parse_qs(urlsplit(page.url).query)[facet] == [value]


def test_the_links_of_the_cargo_and_area_pages_open_their_selection(page, base_url, portal):
    """Listing pages send the rest of a period to ?cargo=<nombre>&periodo=<slug> (or ?area=<siglas>…)."""
    cargo = portal.cargos[0]
    periodo = portal.periodos[0]
    open_explorer(page, base_url, "?" + urlencode({"cargo": cargo.nombre, "periodo": periodo.slug}))
    expected = selected_metas(portal, cargo={cargo.nombre}, periodo={periodo.slug})
    assert expected and shown_paths(page, base_url) == paths(expected)
    expect(page.locator("details.faceta:has(input[name=cargo])")).to_have_attribute("open", "")  # a long facet opens when it has a choice


def test_combined_facets_and_the_counts_beside_them(page, base_url, portal):
    chosen = {"area": {"DEOE", "DERFE"}, "tipo": {"colectiva"}, "ambito": {"oficinas_centrales"}}
    open_explorer(page, base_url)
    for facet, values in chosen.items():
        for value in sorted(values):
            choose(page, facet, value)
    expected = selected_metas(portal, **chosen)
    assert 0 < len(expected) < len(portal.metas)
    assert shown_total(page) == len(expected)
    assert shown_paths(page, base_url) == paths(expected)
    for facet in FACETS:
        shown = shown_counts(page, facet)
        assert {v: n for v, n in shown.items() if n} == dict(facet_counts(portal, facet, **chosen)), facet
    expect(page.locator("[data-activos]")).to_have_text("(4 activos)")


@pytest.mark.parametrize("query", ["organizacion", "ORGANIZACIÓN", "Organización electoral"])
def test_free_text_ignores_accents_and_case(page, base_url, portal, query):
    open_explorer(page, base_url)
    page.fill("#explorador-texto", query)
    expected = selected_metas(portal, q=query)
    assert 0 < len(expected) < len(portal.metas)
    expect(page.locator("[data-resumen]")).to_contain_text(f"{len(expected)} metas coinciden")
    assert shown_paths(page, base_url) == paths(expected)
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]


def test_a_field_the_data_describes_is_searched_and_in_the_csv_with_no_change_to_the_script(page, base_url, site, portal):
    """explorador.js takes its fields from the data (`campos`): one more, as a contract column given an explorer key
    brings, is found by the free text and written in the CSV of a selection (the one the page writes when the full
    records cannot be fetched)."""
    document = json.loads((site / urls.EXPLORER_DATA).read_bytes())
    document["campos"].append({"clave": "tp", "nombre": "tema_prioritario", "buscado": True})
    document["csv"]["columnas"].append("tp")
    marked = {3, 7}
    for i, record in enumerate(document["metas"]):
        record["tp"] = "Tema zafiro" if i in marked else "Tema ordinario"
    page.route("**/" + urls.EXPLORER_DATA, lambda route: route.fulfill(json=document))
    page.route("**/" + urls.download("metas.json"), lambda route: route.abort())
    open_explorer(page, base_url, "?q=ZAFIRO")
    assert shown_paths(page, base_url) == [portal.metas[i].path for i in sorted(marked)]
    with page.expect_download() as info:
        page.click("[data-descargar]")
    _, rows = read_csv(info.value)
    assert rows[0][-1] == "tema_prioritario" and [r[-1] for r in rows[1:]] == ["Tema zafiro"] * len(marked)
    assert [r[rows[0].index("url")] for r in rows[1:]] == [portal.metas[i].path for i in sorted(marked)]


def test_vigentes_en_una_fecha_leave_out_the_cancelled(page, example_site, example_data):
    """With the example amendment, which cancels a meta."""
    portal = prepare(example_data).portal
    cancelled = next(m for m in portal.metas if m.cancelada)
    day = cancelled.fecha_inicio
    expected = selected_metas(portal, fecha=day)
    assert cancelled not in expected and 0 < len(expected) < len(portal.metas)
    server, base_url = serve(example_site)
    try:
        open_explorer(page, base_url)
        page.fill("#explorador-fecha", day.isoformat())
        expect(page.locator("[data-resumen]")).to_contain_text(f"{len(expected)} metas coinciden")
        assert shown_paths(page, base_url) == paths(expected)
    finally:
        server.shutdown()


def test_entre_periodos_selects_the_metas_that_continue_one_and_those_a_rule_fired_on(page, example_site, example_data):
    """Issue 32: with an earlier period, the explorer filters by what the previous period says of each meta."""
    prepared = prepare(example_data)
    across = prepared.derived.continuity
    continuing = [m for m in prepared.portal.metas if across.link(m) and across.link(m).predecessor]
    fired = [m for m in prepared.portal.metas if across.link(m) and across.link(m).observaciones]
    assert continuing and fired
    server, base_url = serve(example_site)
    try:
        open_explorer(page, base_url)
        choose(page, "entre", "continua")
        expect(page.locator("[data-resumen]")).to_contain_text(f"{len(continuing)} metas coinciden")
        assert sorted(shown_paths(page, base_url)) == sorted(paths(continuing))
        open_explorer(page, base_url, "?entre=observacion")
        assert sorted(shown_paths(page, base_url)) == sorted(paths(fired))
        assert page.locator(f"{ROWS} time").first.inner_text().split()[1] in ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic.")
    finally:
        server.shutdown()


def natural(numero: str):
    return [int(part) if part.isdigit() else fold(part) for part in re.split(r"(\d+)", numero)]


def test_sorting_by_a_column_both_ways(page, base_url, portal):
    open_explorer(page, base_url)
    header = page.locator("th:has(button:text-is('Meta'))")
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert shown_paths(page, base_url) == paths(sorted(portal.metas, key=lambda m: natural(m.numero)))
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert shown_paths(page, base_url) == paths(sorted(portal.metas, key=lambda m: natural(m.numero), reverse=True))
    assert parse_qs(urlsplit(page.url).query)["orden"] == ["-numero"]
    vigencia = page.locator("th:has(button:text-is('Vigencia'))")
    vigencia.locator("button").click()
    assert shown_paths(page, base_url) == paths(sorted(portal.metas, key=lambda m: (m.fecha_inicio, m.fecha_termino)))
    page.locator("th button:text-is('Tipo y ámbito')").click()  # by the labels the cells show
    assert shown_paths(page, base_url) == paths(sorted(portal.metas, key=lambda m: fold(f"{schema.TIPO_LABEL[m.tipo]} {schema.AMBITO_LABEL[m.ambito]}")))


def test_a_shared_address_restores_the_view(browser, page, base_url, portal):
    open_explorer(page, base_url)
    choose(page, "area", "DEOE")
    choose(page, "tipo", "individual")
    page.fill("#explorador-texto", "casillas")
    page.fill("#explorador-fecha", "2023-02-01")
    page.locator("th button:text-is('Meta')").click()
    page.locator("th button:text-is('Meta')").click()
    expect(page.locator("[data-resumen]")).to_contain_text("coincide")
    shown = shown_paths(page, base_url)
    expected = sorted(selected_metas(portal, q="casillas", fecha=dt.date(2023, 2, 1), area={"DEOE"}, tipo={"individual"}), key=lambda m: natural(m.numero), reverse=True)
    assert shown == paths(expected) and shown
    shared = page.url

    other = browser.new_context(locale="es-MX").new_page()
    other.goto(shared)
    other.wait_for_selector(READY)
    assert shown_paths(other, base_url) == shown
    assert other.input_value("#explorador-texto") == "casillas"
    assert other.input_value("#explorador-fecha") == "2023-02-01"
    assert other.is_checked("input[name=area][value=DEOE]") and other.is_checked("input[name=tipo][value=individual]")
    expect(other.locator("th:has(button:text-is('Meta'))")).to_have_attribute("aria-sort", "descending")
    other.context.close()


def read_csv(download) -> tuple[bytes, list[list[str]]]:
    raw = Path(download.path()).read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_has_exactly_the_rows_shown_with_every_column_of_metas_csv(page, base_url, site, portal):
    open_explorer(page, base_url, "?area=DERFE&orden=-vigencia")
    shown = shown_paths(page, base_url)
    with page.expect_download() as info:
        page.click("text=Descargar esta selección (CSV)")
    raw, rows = read_csv(info.value)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    published = list(csv.reader(io.StringIO((site / "datos" / "metas.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == published[0]  # every column, in the order of metas.csv
    assert [r[rows[0].index("url")] for r in rows[1:]] == shown
    assert len(rows) - 1 == len(selected_metas(portal, area={"DERFE"}))
    by_key = {(r[0], r[1]): r for r in published[1:]}
    assert rows[1:] == [by_key[(r[0], r[1])] for r in rows[1:]]


def test_the_selection_downloads_as_json_full_records(page, base_url, portal):
    open_explorer(page, base_url, "?area=DERFE")
    with page.expect_download() as info:
        page.click("[data-descargar-json]")
    document = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    expected = selected_metas(portal, area={"DERFE"})
    assert sorted((m["acuerdo"], m["numero_meta"]) for m in document["metas"]) == sorted((m.acuerdo, m.numero) for m in expected)
    assert document["datos_ilustrativos"] is True and document["aviso"]
    assert "descripcion" in document["metas"][0] and "ponderacion_calidad" in document["metas"][0]


def test_the_csv_neutralises_formulas_like_metas_csv(browser, fresh_copy, tmp_path):
    annex = fresh_copy / "metas" / "INE-JGE186-2022.csv"
    rows = list(csv.DictReader(annex.open(encoding="utf-8")))
    rows[0]["descripcion"] = '=HIPERVINCULO("http://ejemplo.org"; "clic"), con "comillas"'
    rows[1]["descripcion"] = "+1 y @suma\nen dos líneas"
    with annex.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    built = tmp_path / "site"
    result = build_site(fresh_copy, built)
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve(built)
    try:
        page = browser.new_context(locale="es-MX").new_page()
        open_explorer(page, url)
        with page.expect_download() as info:
            page.click("[data-descargar]")
        _, mine = read_csv(info.value)
        assert mine[1][6] == "'" + rows[0]["descripcion"]
        assert mine[2][6] == "'" + rows[1]["descripcion"]
        published = list(csv.reader(io.StringIO((built / "datos" / "metas.csv").read_text(encoding="utf-8-sig"), newline="")))
        assert [r[6] for r in mine[1:3]] == [r[published[0].index("descripcion")] for r in published[1:3]]
        page.context.close()
    finally:
        server.shutdown()


def test_show_more_the_empty_state_and_clearing(page, base_url, portal):
    open_explorer(page, base_url, "?q=zzzqqq&tipo=colectiva")
    expect(page.locator("[data-vacio]")).to_be_visible()
    expect(page.locator("[data-vacio]")).to_contain_text("Pruebe con menos palabras")
    expect(page.locator("[data-descargar]")).to_be_disabled()
    assert page.locator(ROWS).count() == 0
    page.click("[data-vacio] button")
    expect(page.locator("[data-resumen]")).to_contain_text(f"{len(portal.metas)} metas coinciden; se muestran las primeras 50")
    assert urlsplit(page.url).query == ""
    assert not page.is_checked("input[name=tipo][value=colectiva]")
    expect(page.locator("[data-mas]")).to_have_text(f"Mostrar 50 más (quedan {len(portal.metas) - 50})")
    page.click("[data-mas]")
    assert page.locator(ROWS).count() == 100
    assert shown_paths(page, base_url) == paths(portal.metas)
    expect(page.locator("[data-mas]")).to_be_hidden()


def test_usable_with_the_keyboard_alone(page, base_url, portal):
    open_explorer(page, base_url)
    page.focus("#explorador-texto")
    for _ in range(40):  # through the date's fields, the facets' summaries and checkboxes, to the first área
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name === 'area'"):
            break
    focused = page.evaluate("() => ({ name: document.activeElement.name, value: document.activeElement.value, outline: getComputedStyle(document.activeElement).outlineStyle })")
    assert focused["name"] == "area"
    assert focused["outline"] != "none", "focus is visible"
    page.keyboard.press("Space")
    expect(page.locator("[data-resumen]")).to_contain_text(f"{len(selected_metas(portal, area={focused['value']}))} meta")
    page.focus("th button:text-is('Área')")
    page.keyboard.press("Enter")
    expect(page.locator("th:has(button:text-is('Área'))")).to_have_attribute("aria-sort", "ascending")


def test_on_a_phone_the_facets_fold_into_details(browser, base_url, portal):
    page = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 740}).new_page()
    open_explorer(page, base_url)
    panel = page.locator("details.explorador__panel")
    assert panel.get_attribute("open") is None
    expect(page.locator("[data-resumen]")).to_be_in_viewport()
    panel.locator("> summary").click()
    assert all(d.get_attribute("open") is None for d in page.locator("details.faceta").all())
    choose(page, "tipo", "colectiva")
    expect(page.locator("[data-resumen]")).to_contain_text(f"{len(selected_metas(portal, tipo={'colectiva'}))} metas")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.context.close()


def test_no_request_leaves_the_local_server(page, base_url):
    open_explorer(page, base_url, "?tipo=colectiva")
    page.click("[data-descargar]")
    assert external_requests(page.requests, base_url) == []


# What a row shows, read the same way from the page's own rows and from the ones the script draws.
ROW_CONTENT = """rows => rows.map(row => [row.className, ...[...row.cells].map(cell => [cell.className, cell.dataset.etiqueta || "", cell.textContent,
    ...[...cell.querySelectorAll("a")].map(a => a.href), ...[...cell.querySelectorAll("abbr")].map(a => a.title), ...[...cell.querySelectorAll("time")].map(t => t.dateTime)])])"""


def test_the_page_brings_the_first_rows_the_script_draws(browser, page, base_url, portal):
    """Seen before the data loads, and without JavaScript; the script then draws the same rows."""
    bare = browser.new_context(java_script_enabled=False, locale="es-MX").new_page()
    bare.goto(base_url + "explorador/")
    static = bare.eval_on_selector_all(ROWS, ROW_CONTENT)
    assert len(static) == min(50, len(portal.metas))
    assert bare.inner_text("[data-resumen]") == f"Las primeras 50 de {len(portal.metas):,} metas."
    expect(bare.locator("noscript")).to_have_count(1)
    bare.context.close()
    open_explorer(page, base_url)
    assert page.eval_on_selector_all(ROWS, ROW_CONTENT) == static
    assert [urlsplit(h).path.removeprefix(urlsplit(base_url).path) for h in page.eval_on_selector_all(f"{ROWS} td:first-child a", "links => links.map(a => a.href)")] == paths(portal.metas[:50])


ROWS_AT_FIRST_FRAME = """requestAnimationFrame(() => {
  const shown = [...document.querySelectorAll("[data-filas] tr td:first-child a")].filter((a) => getComputedStyle(a).visibility !== "hidden");
  window.rowsAtFirstFrame = shown.map((a) => a.href);
});"""


def test_with_filters_in_the_address_the_unfiltered_rows_never_show(browser, base_url, portal):
    context = browser.new_context(locale="es-MX")
    context.add_init_script(ROWS_AT_FIRST_FRAME)
    other = context.new_page()
    other.goto(base_url + "explorador/?tipo=colectiva")
    other.wait_for_selector(READY)
    expected = selected_metas(portal, tipo={"colectiva"})
    root = urlsplit(base_url).path
    first_frame = [urlsplit(h).path.removeprefix(root) for h in other.evaluate("() => window.rowsAtFirstFrame")]
    assert set(first_frame) <= set(paths(expected))  # nothing yet, or already the selection: never the first metas of all
    assert shown_total(other) == len(expected)
    context.close()
