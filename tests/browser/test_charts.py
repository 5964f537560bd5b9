"""Charts in Chromium: drawn as the reader reaches them, they draw the data's numbers, speak Spanish and load only from the portal."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest

from browser.visitor import scroll_to_every_chart
from conftest import DATA, REPO, external_requests
from generator.model.pipeline import prepare
from generator.site import charts

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "test-artifacts"

BUNDLE = "assets/vendor/plotly/plotly-basic.min.js"
# Per figure: its traces as drawn (name, categories, values, bar lengths in pixels).
BARS = """(id) => {
  const el = document.getElementById(id);
  return [...el.querySelectorAll('.trace.bars')].map((group, i) => {
    const trace = el.data[i];
    const lengths = [...group.querySelectorAll('.point path')].map((p) => trace.orientation === 'h' ? p.getBBox().width : p.getBBox().height);
    const categories = trace.orientation === 'h' ? trace.y : trace.x;
    // A multicategory axis (period, acuerdo): the acuerdo names the bar.
    return {name: trace.name, categories: Array.isArray(categories[0]) ? categories[categories.length - 1] : categories, values: trace.orientation === 'h' ? trace.x : trace.y, lengths};
  });
}"""
# Per horizontal chart: the top of each category's bar and the box of its name, in page pixels.
LABELS_AND_BARS = """(id) => {
  const el = document.getElementById(id);
  const bars = {};
  el.querySelectorAll('.trace.bars').forEach((group, i) => {
    const trace = el.data[i];
    group.querySelectorAll('.point path').forEach((path, j) => {
      const box = path.getBoundingClientRect();
      if (box.width > 0) bars[trace.y[j]] = Math.min(bars[trace.y[j]] ?? Infinity, box.top);
    });
  });
  const labels = {};
  el.querySelectorAll('.annotation').forEach((node, i) => {
    const a = el.layout.annotations[i];
    if (a.yref !== 'y') return;
    const box = node.querySelector('.annotation-text').getBoundingClientRect();
    labels[a.y] = {top: box.top, bottom: box.bottom};
  });
  for (const key of Object.keys(labels)) if (!(key in bars)) delete labels[key];
  return {bars, labels};
}"""
SPANISH_ONLY_MONTHS = {"Ene", "Abr", "Ago", "Dic"}
ENGLISH_MONTHS = {"Jan", "Apr", "Aug", "Dec"}


@pytest.fixture(scope="module")
def demo():
    return prepare(DATA)


def open_charts(page, base_url, path):
    page.goto(base_url + path)
    assert scroll_to_every_chart(page)


def bars(page, chart_id) -> list[dict]:
    traces = page.evaluate(BARS, chart_id + "-figura")
    for trace in traces:
        nonzero = [(v, px) for v, px in zip(trace["values"], trace["lengths"]) if v]
        scale = nonzero[0][1] / nonzero[0][0]
        assert len(trace["lengths"]) == len(trace["values"])
        for value, length in zip(trace["values"], trace["lengths"]):
            assert length == pytest.approx(value * scale, abs=1.5), (trace["name"], value, length)  # drawn to scale
    return traces


def counts(traces, names=None) -> Counter:
    found = Counter()
    for trace in traces:
        for category, value in zip(trace["categories"], trace["values"]):
            found[(category.replace("<br>", " "), (names or {}).get(trace["name"], trace["name"]))] += value
    return +found


def hover_text(page, chart_id, point=0) -> str:
    figure = page.locator(f"#{chart_id}-figura")
    figure.scroll_into_view_if_needed()
    target = figure.locator(".trace.bars .point path").nth(point)
    box = target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 - 3, box["y"] + box["height"] / 2)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=3)
    page.wait_for_function(f"() => document.querySelector('#{chart_id}-figura .hoverlayer').textContent.length > 0")
    return figure.locator(".hoverlayer").text_content()


def in_force(metas):
    return [m for m in metas if not m.cancelada]


TIPOS = {"Individuales": "individual", "Colectivas": "colectiva"}


def test_home_charts_draw_the_counts_of_the_data(page, base_url, demo):
    open_charts(page, base_url, "")
    metas = in_force(demo.portal.metas)
    assert counts(bars(page, "grafica-areas-tipo"), TIPOS) == Counter((m.area, m.tipo) for m in metas)
    ambitos = {"Oficinas centrales": "oficinas_centrales", "Órganos desconcentrados": "organos_desconcentrados"}
    assert counts(bars(page, "grafica-areas-ambito"), ambitos) == Counter((m.area, m.ambito) for m in metas)
    by_acuerdo = counts(bars(page, "grafica-acuerdos"), TIPOS | {"Declaradas (anexo no disponible)": "declaradas"})
    assert by_acuerdo[("INE/JGE186/2022", "individual")] == sum(1 for m in metas if m.acuerdo == "INE/JGE186/2022" and m.tipo == "individual")
    assert by_acuerdo[("INE/JGE177/2022", "declaradas")] == demo.portal.acuerdo("INE/JGE177/2022").totales["metas"]
    timeline = bars(page, "grafica-vigencia")
    january = {t["name"]: dict(zip(t["categories"], t["values"]))["2023-01-01"] for t in timeline}
    assert january["Individuales"] == sum(1 for m in metas if m.tipo == "individual" and m.fecha_inicio.isoformat() <= "2023-01-31" and m.fecha_termino.isoformat() >= "2023-01-01")
    # The largest área on top, as in the table below the chart, each with its full name.
    labels = page.locator("#grafica-areas-tipo-figura .annotation-text")
    drawn_order = sorted((t.bounding_box()["y"], squeeze(t.text_content())) for t in labels.all())
    table = [squeeze(name) for name in page.locator("#grafica-areas-tipo tbody th").all_text_contents()]
    assert [name for _, name in drawn_order] == table
    assert table[0] == squeeze("DEOE · Dirección Ejecutiva de Organización Electoral")
    assert external_requests(page.requests, base_url) == []


def test_hover_labels_are_in_spanish(page, base_url):
    open_charts(page, base_url, "")
    assert re.search(r"Metas (individuales|colectivas): \d+", hover_text(page, "grafica-areas-tipo"))
    text = hover_text(page, "grafica-vigencia", point=3)
    assert re.search(r"(Enero|Febrero|Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre|Octubre|Noviembre|Diciembre) de 20\d\d", text), text
    assert "vigentes" in text


def test_plotly_uses_its_spanish_locale(page, base_url):
    open_charts(page, base_url, "")
    ticks = set(page.locator("#grafica-vigencia-figura .xtick text").all_text_contents())
    words = {w for tick in ticks for w in re.findall(r"[A-Za-zé]+", tick)}
    assert words & SPANISH_ONLY_MONTHS and not words & ENGLISH_MONTHS, ticks
    page.locator("#grafica-vigencia-figura").hover()
    assert page.locator("#grafica-vigencia-figura .modebar-btn").first.get_attribute("data-title") == "Descargar gráfica como PNG"
    assert page.evaluate("() => document.getElementById('grafica-vigencia-figura')._context.locale") == "es"


def test_acuerdo_page_draws_its_cuadro(page, base_url, demo):
    open_charts(page, base_url, "acuerdos/ine-jge186-2022/")
    acuerdo = demo.portal.acuerdo("INE/JGE186/2022")
    columns = {"Individuales, oficinas centrales": "oc_individuales", "Individuales, órganos desconcentrados": "od_individuales", "Colectivas, oficinas centrales": "oc_colectivas", "Colectivas, órganos desconcentrados": "od_colectivas"}
    expected = Counter({(row["area"], column): row[column] for row in acuerdo.cuadro for column in columns.values()})
    assert counts(bars(page, "grafica-cuadro"), columns) == +expected
    assert page.locator("#grafica-cuadro-figura .legendtext").all_text_contents() == list(columns)
    assert external_requests(page.requests, base_url) == []


def test_area_page_draws_its_metas_by_cargo_and_a_timeline(page, base_url, demo):
    open_charts(page, base_url, "areas/deoe/")
    metas = in_force(m for m in demo.portal.metas if m.area == "DEOE")
    assert counts(bars(page, "grafica-cargos"), TIPOS) == Counter((c, m.tipo) for m in metas for c in m.cargos)
    timeline = bars(page, "grafica-vigencia")
    assert sum(sum(t["values"]) for t in timeline) == sum(months_in_force(m) for m in metas)
    assert external_requests(page.requests, base_url) == []


def months_in_force(meta) -> int:
    return (meta.fecha_termino.year - meta.fecha_inicio.year) * 12 + meta.fecha_termino.month - meta.fecha_inicio.month + 1


def test_cargo_page_shows_what_is_due_when(page, base_url, demo):
    cargo = max(demo.portal.cargos, key=lambda c: sum(c.nombre in m.cargos for m in demo.portal.metas))
    metas = in_force(m for m in demo.portal.metas if cargo.nombre in m.cargos)
    open_charts(page, base_url, cargo.path)
    assert counts(bars(page, "grafica-areas"), TIPOS) == Counter((m.area, m.tipo) for m in metas)
    timeline = {t["name"]: dict(zip(t["categories"], t["values"])) for t in bars(page, "grafica-vigencia")}
    for meta in metas:
        month = meta.fecha_inicio.replace(day=1).isoformat()
        assert timeline["Individuales" if meta.tipo == "individual" else "Colectivas"][month] >= 1
    assert "Metas" in hover_text(page, "grafica-vigencia")
    assert external_requests(page.requests, base_url) == []


def test_every_chart_has_a_text_alternative(page, base_url, demo):
    open_charts(page, base_url, "")
    for chart in page.locator(".grafica").all():
        plot = chart.locator(".grafica-figura")
        # described, not role="img": plotly's toolbar buttons inside must stay reachable (axe: nested-interactive)
        description = chart.locator("#" + plot.get_attribute("aria-describedby"))
        assert "Gráfica de barras" in description.text_content()
        if chart.get_attribute("id").startswith("grafica-areas"):
            assert "Dirección Ejecutiva de Organización Electoral (DEOE)" in description.text_content()
        assert chart.locator(".grafica-titulo").text_content().strip()
        summary = chart.locator("details summary")
        assert summary.text_content().strip() == "Ver los datos de la gráfica"
        summary.click()
        assert chart.locator("details table tbody tr").first.is_visible()
    rows = page.locator("#grafica-areas-tipo tbody tr").all()
    table = {r.locator("th").text_content().split(" · ")[0]: [int(c.replace(",", "")) for c in r.locator("td").all_text_contents()] for r in rows}
    metas = in_force(demo.portal.metas)
    for area, (individuales, colectivas, total) in table.items():
        assert (individuales, colectivas, total) == (
            sum(1 for m in metas if m.area == area and m.tipo == "individual"),
            sum(1 for m in metas if m.area == area and m.tipo == "colectiva"),
            sum(1 for m in metas if m.area == area),
        )


@pytest.mark.parametrize("path", ["", "acuerdos/ine-jge186-2022/", "areas/deoe/"])
def test_charts_fit_a_375_px_screen(browser, base_url, path):
    context = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 800})
    try:
        tab = context.new_page()
        open_charts(tab, base_url, path)
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= 375
        for plot in tab.locator(".grafica-figura").all():
            box = plot.locator("svg.main-svg").first.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375
            for label in plot.locator(".annotation-text, .legendtext").all():
                text = label.bounding_box()
                assert text["x"] >= 0 and text["x"] + text["width"] <= 375, label.text_content()
        for chart_id in tab.evaluate("() => [...document.querySelectorAll('.grafica')].map((g) => g.id)"):
            if tab.locator(f"#{chart_id}-figura .annotation-text").count():
                assert_names_stand_above_their_bars(tab, chart_id)
                plot = tab.locator(f"#{chart_id}-figura .nsewdrag").bounding_box()
                assert plot["width"] >= 0.8 * 343, chart_id  # the bars get the width, no column of labels squeezes them
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"telefono-graficas-{path.strip('/').replace('/', '-') or 'inicio'}.png"), full_page=True)
    finally:
        context.close()


def assert_names_stand_above_their_bars(tab, chart_id):
    """Each name just above its own bar (not over the bar, not nearer another bar)."""
    found = tab.evaluate(LABELS_AND_BARS, chart_id + "-figura")
    assert found["labels"], chart_id
    tops = sorted(found["bars"].values())
    for category, label in found["labels"].items():
        bar_top = found["bars"][category]
        assert 0 <= bar_top - label["bottom"] <= 8, (chart_id, category, bar_top, label)
        above = [t for t in tops if t < bar_top]
        if above:
            assert label["top"] > above[-1] + 10, (chart_id, category)  # clear of the bar above


@pytest.mark.parametrize("path", ["acuerdos/", "acuerdos/ine-jge177-2022/", "metas/ine-jge186-2022/deoe-1/"])
def test_pages_without_a_chart_load_no_plotly(page, base_url, path):
    page.goto(base_url + path)
    page.wait_for_load_state("load")
    assert page.locator(".grafica").count() == 0
    assert [url for url in page.requests if "plotly" in url or "graficas" in url] == []


def test_plotly_is_one_self_hosted_bundle_under_1_mb(page, base_url, site):
    open_charts(page, base_url, "")
    plotly = [url for url in page.requests if "plotly" in url]
    assert plotly == [base_url + BUNDLE, base_url + "assets/vendor/plotly/locale-es.js"]
    assert (site / BUNDLE).stat().st_size <= 1_000_000


def test_names_in_the_data_are_shown_as_written_not_as_markup(page, base_url, fresh_copy):
    evil = "<b>Jefe</b> & <i>Cía</i> &amp x"
    table = fresh_copy / "metas" / "INE-JGE186-2022.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    rows[0]["cargos_puestos"] = evil
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    table.write_text(buffer.getvalue(), encoding="utf-8")
    prepared = prepare(fresh_copy)
    area = next(a for a in prepared.portal.areas if a.siglas == rows[0]["area_normativa"])
    chart = next(c for c in charts.for_page("area", prepared.portal, prepared.derived, area=area, metas=[]) if c.id == "grafica-cargos")
    open_charts(page, base_url, "")
    shown = page.evaluate(
        """async (json) => {
          const figure = JSON.parse(json), div = document.createElement('div');
          document.body.append(div);
          await Plotly.newPlot(div, figure.data, figure.layout);
          const labels = [...div.querySelectorAll('.annotation-text')];
          return {texts: labels.map((t) => t.textContent), bold: div.querySelectorAll('.annotation-text tspan[style*="bold"], .annotation-text tspan[style*="italic"]').length};
        }""",
        str(chart.figure_json()),
    )
    assert squeeze(evil) in [squeeze(t) for t in shown["texts"]]
    assert shown["bold"] == 0


def squeeze(text: str) -> str:
    """Without white space: a wrapped label's lines lose the spaces between them."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path", ["", "acuerdos/ine-jge186-2022/"])
def test_plotly_settings_that_name_outside_hosts_point_at_the_site(page, base_url, path):
    """topojsonURL (map data, geo traces only) and Chart Studio: every drawn chart keeps both at home."""
    open_charts(page, base_url, path)
    contexts = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(
        el => [el._context.topojsonURL, el._context.showSendToCloud])""")
    assert contexts
    for topojson, send_to_cloud in contexts:
        assert topojson == base_url + "assets/vendor/plotly/"
        assert send_to_cloud is False


def click_at(page, locator):
    """A click where a reader's pointer would land (plotly's drag layer lies over the bars)."""
    locator.evaluate("(el) => el.scrollIntoView({block: 'center'})")
    box = locator.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2 - 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_click_on_a_bar_or_its_name_opens_its_page(browser, base_url, width):
    context = browser.new_context(locale="es-MX", viewport={"width": width, "height": 800})
    try:
        tab = context.new_page()
        open_charts(tab, base_url, "")
        second = tab.locator("#grafica-areas-tipo tbody th").nth(1).text_content()
        siglas = second.split(" · ")[0]
        click_at(tab, tab.locator("#grafica-areas-tipo-figura .trace.bars").first.locator(".point path").nth(1))
        tab.wait_for_url(base_url + f"areas/{siglas.lower()}/")
        assert tab.locator("h1").text_content().startswith(siglas) or siglas in tab.locator("h1").text_content()
        open_charts(tab, base_url, "")
        click_at(tab, tab.locator("#grafica-acuerdos-figura .annotation-text").first)
        tab.wait_for_url(base_url + "acuerdos/ine-jge186-2022/")
        open_charts(tab, base_url, "areas/deoe/")
        first_cargo = tab.locator("#grafica-cargos tbody th").first.text_content()
        click_at(tab, tab.locator("#grafica-cargos-figura .annotation-text").first)
        tab.wait_for_load_state("load")
        assert first_cargo in tab.locator("h1").text_content()
    finally:
        context.close()


def test_the_table_of_a_chart_links_each_row_to_its_page(page, base_url):
    open_charts(page, base_url, "")
    link = page.locator("#grafica-areas-tipo tbody th a").first
    assert link.text_content() == "DEOE · Dirección Ejecutiva de Organización Electoral"
    page.locator("#grafica-areas-tipo summary").click()
    link.click()
    page.wait_for_url(base_url + "areas/deoe/")


def test_hover_names_the_area_in_full(page, base_url):
    open_charts(page, base_url, "")
    text = hover_text(page, "grafica-areas-tipo")
    assert "Dirección Ejecutiva de Organización Electoral" in text and re.search(r"Metas (individuales|colectivas): \d+", text)


def test_each_chart_has_a_link_of_its_own(page, base_url):
    open_charts(page, base_url, "")
    for chart in page.locator(".grafica").all():
        anchor = chart.locator(".grafica-titulo a.grafica-enlace")
        assert anchor.get_attribute("href") == "#" + chart.get_attribute("id")
        assert anchor.is_visible()
    page.goto(base_url + "#grafica-acuerdos")
    page.wait_for_selector("#grafica-acuerdos-figura.js-plotly-plot svg.main-svg", timeout=15000)  # drawn: the link brought it to the screen
    top = page.locator("#grafica-acuerdos").bounding_box()["y"]
    assert 0 <= top < 200  # opened at the chart


EXPORT_SPY = """() => {
  window.__exported = [];
  const original = Plotly.toImage;
  Plotly.toImage = (figure, options) => { window.__exported.push({layout: figure.layout, options}); return original(figure, options); };
}"""


def test_the_exported_png_carries_title_source_date_and_notice(browser, base_url, site):
    context = browser.new_context(locale="es-MX", viewport={"width": 375, "height": 800}, accept_downloads=True)
    try:
        tab = context.new_page()
        open_charts(tab, base_url, "")
        tab.evaluate(EXPORT_SPY)
        figure = tab.locator("#grafica-areas-tipo-figura")
        figure.evaluate("(el) => el.scrollIntoView({block: 'center'})")
        figure.hover()
        with tab.expect_download() as download:
            figure.locator('.modebar-btn[data-title="Descargar gráfica como PNG"]').click()
        assert download.value.suggested_filename == "grafica-areas-tipo.png"
        png = download.value.path().read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        exported = tab.evaluate("() => window.__exported")[0]
        layout = exported["layout"]
        assert (width, height) == (layout["width"], layout["height"])
        assert "Metas por área normativa y tipo" in layout["title"]["text"]
        footer = layout["annotations"][-1]["text"]
        assert "Fuente: acuerdos de la Junta General Ejecutiva del INE; portal «Metas del Servicio Profesional Electoral Nacional»" in footer
        assert "Datos ilustrativos" in footer  # every meta of data/ is illustrative
        assert re.search(r"Acuerdos aprobados hasta el 28 de septiembre de 2022; consultada el \d{1,2} de [a-z]+ de 20\d\d", footer), footer
        assert "Página: " + base_url in footer
        # What the image shows below the plot fits in it: the footer's lines end above its bottom edge.
        assert layout["margin"]["b"] >= 64 + 16 * footer.count("<br>") + 16
    finally:
        context.close()


# --- Drawn when reached: nothing before, no jump, every chart in the end ---------------------------

PHONE = {"width": 412, "height": 823}
CHART_PAGES = {"inicio": "", "acuerdo": "acuerdos/ine-jge186-2022/", "area": "areas/deoe/", "cargo": None}
SHIFTS = """window.shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifts.push(entry.value);
}).observe({ type: 'layout-shift', buffered: true });"""
BOXES = """() => [...document.querySelectorAll('.grafica-figura')].map((el) => ({
  id: el.id, top: el.getBoundingClientRect().top + scrollY, height: el.getBoundingClientRect().height,
  drawn: el.classList.contains('js-plotly-plot'), waiting: (el.querySelector('.grafica-espera') || {}).textContent || ''}))"""


def chart_page(demo, kind):
    if kind == "cargo":
        return max(demo.portal.cargos, key=lambda c: sum(c.nombre in m.cargos for m in demo.portal.metas)).path
    return CHART_PAGES[kind]


@pytest.fixture
def phone(browser, base_url):
    context = browser.new_context(locale="es-MX", viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(SHIFTS)
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


@pytest.mark.parametrize("kind", CHART_PAGES)
def test_each_chart_is_drawn_when_reached_into_a_box_of_its_size(phone, base_url, demo, kind):
    phone.goto(base_url + chart_page(demo, kind), wait_until="load")
    phone.wait_for_timeout(1500)
    before = phone.evaluate(BOXES)
    near = [box for box in before if box["top"] < PHONE["height"] * 1.5]
    if not near:
        assert [url for url in phone.requests if "plotly" in url] == []  # nothing fetched for charts not reached
    for box in before:
        if box not in near:
            assert not box["drawn"] and box["waiting"].startswith(("Con más metas: ", "De ")), box  # what its table says, meanwhile
    for box in before:
        phone.locator("#" + box["id"]).scroll_into_view_if_needed()
        phone.wait_for_selector(f"#{box['id']}.js-plotly-plot svg.main-svg .trace.bars", timeout=15000)
    after = phone.evaluate(BOXES)
    for old, new in zip(before, after):
        assert new["drawn"] and new["height"] == old["height"], (old, new)  # the box had the chart's size
    assert phone.evaluate("() => window.shifts.reduce((a, b) => a + b, 0)") < 0.01  # nothing on the screen moved
    for box in after:  # interactive: plotly's own chart, with its hover layer, mode bar and event handlers
        assert phone.evaluate("(id) => { const el = document.getElementById(id); return Boolean(el._fullLayout && el.on && el.querySelector('.modebar') && el.querySelector('.nsewdrag')); }", box["id"])
    plotly = [url for url in phone.requests if "plotly" in url]
    assert plotly == [base_url + BUNDLE, base_url + "assets/vendor/plotly/locale-es.js"]  # once each
    assert external_requests(phone.requests, base_url) == []


def test_a_chart_far_below_is_not_drawn_until_reached(phone, base_url):
    phone.goto(base_url + "acuerdos/ine-jge186-2022/", wait_until="load")
    phone.wait_for_timeout(1500)
    assert not phone.locator("#grafica-cuadro-figura").evaluate("(el) => el.classList.contains('js-plotly-plot')")
    assert [url for url in phone.requests if "plotly" in url] == []
    expect_waiting = phone.locator("#grafica-cuadro-figura .grafica-espera")
    assert expect_waiting.text_content().startswith("Con más metas: DEOE")


def test_printed_each_chart_shows_drawn_or_as_its_table(phone, base_url):
    phone.goto(base_url, wait_until="load")
    first = phone.locator("#grafica-areas-tipo-figura")
    first.scroll_into_view_if_needed()
    phone.wait_for_selector("#grafica-areas-tipo-figura.js-plotly-plot svg.main-svg", timeout=15000)
    phone.wait_for_timeout(500)
    undrawn = [box["id"] for box in phone.evaluate(BOXES) if not box["drawn"]]
    assert undrawn  # the last charts, not reached
    phone.emulate_media(media="print")
    assert first.locator("svg.main-svg").first.is_visible()
    assert not phone.locator("#grafica-areas-tipo table").is_visible()  # drawn: the chart, its table stays folded
    for plot in undrawn:
        chart = plot.removesuffix("-figura")
        assert not phone.locator("#" + plot).is_visible()
        assert phone.locator(f"#{chart} table tbody tr").first.is_visible()  # not drawn: its table, open
    phone.emulate_media(media="screen")
    assert not phone.locator(f"#{undrawn[0].removesuffix('-figura')} table").is_visible()


def test_the_offline_copy_draws_every_chart(browser, offline_site):
    context = browser.new_context(locale="es-MX", viewport=PHONE)
    try:
        tab = context.new_page()
        requests = []
        tab.on("request", lambda request: requests.append(request.url))
        for page in ("index.html", "areas/deoe.html", "acuerdos/ine-jge186-2022.html"):
            tab.goto((offline_site / page).as_uri())
            assert scroll_to_every_chart(tab)
        assert [url for url in requests if not url.startswith(("file://", "data:", "blob:", "about:"))] == []
    finally:
        context.close()


def test_the_home_page_keeps_the_room_of_mis_metas(browser, base_url):
    """Painted before «Mis metas» has its script, the home page already has the form's room: nothing below it moves."""
    context = browser.new_context(locale="es-MX", viewport=PHONE, is_mobile=True)
    try:
        tab = context.new_page()
        tab.add_init_script(SHIFTS)
        held = []
        tab.route("**/assets/js/mis-metas.js", lambda route: held.append(route))
        tab.goto(base_url, wait_until="commit")
        tab.wait_for_function("() => document.querySelector('.aviso-ilustrativo') && performance.getEntriesByType('paint').length > 0")
        before = tab.locator(".aviso-ilustrativo").bounding_box()["y"]
        for route in held:
            route.continue_()
        tab.unroute("**/assets/js/mis-metas.js")
        tab.wait_for_selector("#mis-metas-cargo")
        tab.wait_for_timeout(300)
        assert tab.locator("#mis-metas-cargo").is_visible()
        assert tab.locator(".aviso-ilustrativo").bounding_box()["y"] == before
        assert tab.evaluate("() => window.shifts.reduce((a, b) => a + b, 0)") < 0.01
    finally:
        context.close()
