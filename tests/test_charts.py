"""Charts: the numbers they draw are the data's, counted here again in plain Python."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.common.text import fecha_larga
from generator.model.derive import Reconciliation
from generator.model.pipeline import prepare
from generator.site import charts
from generator.tools.synth import synth

REPO = Path(__file__).resolve().parents[1]
TIPO_OF_TRACE = {"Individuales": "individual", "Colectivas": "colectiva"}
AMBITO_OF_TRACE = {"Oficinas centrales": "oficinas_centrales", "Órganos desconcentrados": "organos_desconcentrados"}
EVIL = "<b>Jefe</b> & <i>Cía</i> &amp x"  # no ";": it separates cargos


@pytest.fixture(scope="module")
def demo(example_data):
    return prepare(example_data)  # data/ with the example amendment (examples/modificacion/)


@pytest.fixture(scope="module")
def multi(tmp_path_factory):
    """Four periods, two systems, amendments that cancel and modify metas."""
    out = tmp_path_factory.mktemp("synth") / "data"
    synth(1300, out, seed=3)
    return prepare(out)


def page_charts(prepared, kind, **objects) -> dict[str, charts.Chart]:
    return {c.id: c for c in charts.for_page(kind, prepared.portal, prepared.derived, **objects)}


def label(value) -> str:
    """A category as a visitor reads it on the axis."""
    return html.unescape(value.replace("<br>", " "))


def drawn(chart: charts.Chart, names: dict[str, str]) -> Counter:
    """(category, key) → the length of its bar, from the figure."""
    counts = Counter()
    for trace in chart.figure["data"]:
        for category, value in zip(trace["y"], trace["x"]):
            counts[(label(category), names[trace["name"]])] += value
    return +counts  # without zeros


def in_force(metas):
    return [m for m in metas if not m.cancelada]


def months_of(meta) -> list[dt.date]:
    day, months = meta.fecha_inicio.replace(day=1), []
    while day <= meta.fecha_termino:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def timeline(chart: charts.Chart) -> Counter:
    counts = Counter()
    for trace in chart.figure["data"]:
        for month, value in zip(trace["x"], trace["y"]):
            counts[(dt.date.fromisoformat(month), TIPO_OF_TRACE[trace["name"]])] += value
    return +counts


def expected_timeline(metas) -> Counter:
    return Counter((month, m.tipo) for m in in_force(metas) for month in months_of(m))


def test_home_counts_metas_by_area_tipo_and_ambito(demo):
    found = page_charts(demo, "home")
    metas = in_force(demo.portal.metas)
    assert drawn(found["grafica-areas-tipo"], TIPO_OF_TRACE) == Counter((m.area, m.tipo) for m in metas)
    assert drawn(found["grafica-areas-ambito"], AMBITO_OF_TRACE) == Counter((m.area, m.ambito) for m in metas)


def test_home_bars_go_from_the_largest_area_down(demo):
    chart = page_charts(demo, "home")["grafica-areas-tipo"]
    totals = [row[-1] for row in chart.rows]
    assert totals == sorted(totals, reverse=True)
    assert [label(y) for y in chart.figure["layout"]["yaxis"]["categoryarray"]] == [row[0] for row in chart.rows]


def test_home_counts_metas_by_acuerdo_and_shows_what_an_acuerdo_without_annex_declares(demo):
    chart = page_charts(demo, "home")["grafica-acuerdos"]
    names = TIPO_OF_TRACE | {"Declaradas (anexo no disponible)": "declaradas"}
    counts = Counter()
    for trace in chart.figure["data"]:
        for clave, value in zip(trace["y"], trace["x"]):
            counts[(clave, names[trace["name"]])] += value
    expected = Counter((m.acuerdo, m.tipo) for m in in_force(demo.portal.metas))
    with_metas = {m.acuerdo for m in demo.portal.metas}
    for acuerdo in demo.portal.acuerdos:
        if acuerdo.clave not in with_metas and acuerdo.totales:
            expected[(acuerdo.clave, "declaradas")] = acuerdo.totales["metas"]
    assert +counts == expected
    assert counts[("INE/JGE177/2022", "declaradas")] == 198  # the first block, known only by its totals


def test_home_groups_acuerdos_by_period_newest_first_and_names_the_period(multi):
    chart = page_charts(multi, "home")["grafica-acuerdos"]
    claves = chart.figure["data"][0]["y"]
    starts = [multi.portal.acuerdo(c).periodo.inicio for c in claves]
    assert starts == sorted(starts, reverse=True) and len(set(starts)) == 4
    labels = {a["y"]: label(a["text"]) for a in chart.figure["layout"]["annotations"]}
    for clave in claves:
        assert labels[clave] == f"{clave} · periodo {multi.portal.acuerdo(clave).periodo.label}"
    assert {row[0]: row[1] for row in chart.rows} == {clave: multi.portal.acuerdo(clave).periodo.label for clave in claves}
    assert chart.links == tuple(f"acuerdos/{c.lower().replace('/', '-')}/" for c in claves)


def test_the_timeline_counts_metas_in_force_each_month_without_the_cancelled(demo, multi):
    for prepared in (demo, multi):
        assert any(m.cancelada for m in prepared.portal.metas)  # else this test proves nothing
        chart = page_charts(prepared, "home")["grafica-vigencia"]
        assert timeline(chart) == expected_timeline(prepared.portal.metas)
        months = [dt.date.fromisoformat(x) for x in chart.figure["data"][0]["x"]]
        vigencia = [month for m in in_force(prepared.portal.metas) for month in months_of(m)]
        assert (months[0], months[-1]) == (min(vigencia), max(vigencia))
        assert all(later == (earlier + dt.timedelta(days=32)).replace(day=1) for earlier, later in zip(months, months[1:]))  # no month skipped


def test_counts_leave_out_cancelled_metas(multi):
    cancelled = [m for m in multi.portal.metas if m.cancelada]
    assert cancelled
    home = page_charts(multi, "home")
    assert sum(row[-1] for row in home["grafica-areas-tipo"].rows) == len(multi.portal.metas) - len(cancelled)


def test_area_page_counts_its_metas_by_cargo_and_tipo(demo, multi):
    for prepared in (demo, multi):
        for area in prepared.portal.areas:
            metas = [m for m in prepared.portal.metas if m.area == area.siglas]
            found = page_charts(prepared, "area", area=area, metas=metas)
            if not in_force(metas):
                assert found == {}
                continue
            assert drawn(found["grafica-cargos"], TIPO_OF_TRACE) == Counter((c, m.tipo) for m in in_force(metas) for c in m.cargos)
            assert timeline(found["grafica-vigencia"]) == expected_timeline(metas)


def test_cargo_page_counts_its_metas_by_area_and_tipo(demo, multi):
    for prepared in (demo, multi):
        for cargo in prepared.portal.cargos:
            metas = [m for m in prepared.portal.metas if cargo.nombre in m.cargos]
            found = page_charts(prepared, "cargo", cargo=cargo, metas=metas)
            if not in_force(metas):
                assert found == {}
                continue
            assert drawn(found["grafica-areas"], TIPO_OF_TRACE) == Counter((m.area, m.tipo) for m in in_force(metas))
            assert timeline(found["grafica-vigencia"]) == expected_timeline(metas)


CUADRO_OF_TRACE = {
    "Individuales, oficinas centrales": "oc_individuales",
    "Individuales, órganos desconcentrados": "od_individuales",
    "Colectivas, oficinas centrales": "oc_colectivas",
    "Colectivas, órganos desconcentrados": "od_colectivas",
}


def acuerdo_charts(prepared, clave, reconciliation=None, **changes):
    acuerdo = dataclasses.replace(prepared.portal.acuerdo(clave), **changes)
    metas = [m for m in prepared.portal.metas if m.acuerdo == clave]
    return page_charts(prepared, "acuerdo", acuerdo=acuerdo, metas=metas, reconciliation=reconciliation or prepared.derived.reconciliations[clave])


def test_acuerdo_page_draws_its_cuadro(demo):
    acuerdo = demo.portal.acuerdo("INE/JGE186/2022")
    chart = acuerdo_charts(demo, acuerdo.clave)["grafica-cuadro"]
    expected = Counter({(row["area"], column): row[column] for row in acuerdo.cuadro for column in CUADRO_OF_TRACE.values()})
    assert drawn(chart, CUADRO_OF_TRACE) == +expected
    assert [row[1] for row in chart.rows] == ["Acuerdo y anexo (coinciden)"] * len(acuerdo.cuadro)


def test_acuerdo_page_puts_the_annex_beside_the_cuadro_where_they_differ(fresh_copy):
    table = fresh_copy / "metas" / "INE-JGE186-2022.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    dropped = next(r for r in rows if r["area_normativa"] == "DEOE" and r["ambito"] == "oficinas_centrales" and r["tipo"] == "individual")
    write_rows(table, [r for r in rows if r is not dropped])
    prepared = prepare(fresh_copy)
    acuerdo = prepared.portal.acuerdo("INE/JGE186/2022")
    chart = acuerdo_charts(prepared, acuerdo.clave)["grafica-cuadro"]
    bars = drawn(chart, CUADRO_OF_TRACE)
    declared = {row["area"]: row for row in acuerdo.cuadro}
    assert bars[("DEOE · acuerdo", "oc_individuales")] == declared["DEOE"]["oc_individuales"]
    assert bars[("DEOE · anexo", "oc_individuales")] == declared["DEOE"]["oc_individuales"] - 1
    assert bars[("DERFE", "oc_individuales")] == declared["DERFE"]["oc_individuales"]  # the same: one bar
    assert not any(area.startswith("DERFE ·") for area, _ in bars)
    assert chart.title.startswith("Cuadro 1 frente al anexo")
    assert ("DEOE", "Anexo") in {row[:2] for row in chart.rows}


def test_acuerdo_page_draws_the_cuadro_alone_when_the_annex_is_missing(demo):
    acuerdo = demo.portal.acuerdo("INE/JGE186/2022")
    chart = acuerdo_charts(demo, acuerdo.clave, Reconciliation(acuerdo.clave, False, (), ()), metas_file=None)["grafica-cuadro"]
    assert drawn(chart, CUADRO_OF_TRACE) == +Counter({(row["area"], c): row[c] for row in acuerdo.cuadro for c in CUADRO_OF_TRACE.values()})


def test_no_chart_for_an_acuerdo_with_neither_cuadro_nor_metas(demo):
    acuerdo = demo.portal.acuerdo("INE/JGE177/2022")
    assert not acuerdo.cuadro and not [m for m in demo.portal.metas if m.acuerdo == acuerdo.clave]
    assert acuerdo_charts(demo, acuerdo.clave) == {}


def all_charts(prepared) -> list[charts.Chart]:
    portal = prepared.portal
    found = charts.for_page("home", portal, prepared.derived)
    for acuerdo in portal.acuerdos:
        found += charts.for_page("acuerdo", portal, prepared.derived, acuerdo=acuerdo, metas=[], reconciliation=prepared.derived.reconciliations[acuerdo.clave])
    for area in portal.areas:
        found += charts.for_page("area", portal, prepared.derived, area=area, metas=[])
    for cargo in portal.cargos:
        found += charts.for_page("cargo", portal, prepared.derived, cargo=cargo, metas=[])
    return found


def test_one_palette_for_tipo_and_ambito_in_every_chart(demo):
    colours = {}
    for chart in all_charts(demo):
        for trace in chart.figure["data"]:
            colours.setdefault(trace["name"].split(",")[0], set()).add(trace["marker"]["color"])
    assert colours["Individuales"] == {"#1f5f8b"}
    assert colours["Colectivas"] == {"#b3541e"}
    assert colours["Oficinas centrales"] == {"#5b4a9c"}
    assert colours["Órganos desconcentrados"] == {"#2e7d4f"}


def test_the_palette_is_the_stylesheet_s_and_passes_wcag_aa():
    css = (REPO / "site_src" / "assets" / "css" / "portal.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r"--color-(individual|colectiva|oc|od):\s*(#[0-9a-f]{6})", css))
    assert declared == {"individual": charts.COLOR_INDIVIDUAL, "colectiva": charts.COLOR_COLECTIVA, "oc": charts.COLOR_OC, "od": charts.COLOR_OD}
    for colour in (*declared.values(), charts.COLOR_DECLARED, charts.TEXT_COLOR):
        assert contrast(colour, "#ffffff") >= 4.5, colour


def contrast(a: str, b: str) -> float:
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def write_rows(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def test_data_text_never_becomes_plotly_markup(fresh_copy):
    table = fresh_copy / "metas" / "INE-JGE186-2022.csv"
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    rows[0]["cargos_puestos"] = EVIL
    write_rows(table, rows)
    prepared = prepare(fresh_copy)
    cargo = next(c for c in prepared.portal.cargos if c.nombre == EVIL)
    area = next(a for a in prepared.portal.areas if a.siglas == rows[0]["area_normativa"])
    for chart in page_charts(prepared, "area", area=area, metas=[]).values():
        categories = [y for trace in chart.figure["data"] for y in trace["y"] if isinstance(y, str)]
        if chart.id == "grafica-cargos":
            assert "&lt;b&gt;Jefe&lt;/b&gt; &amp; &lt;i&gt;Cía&lt;/i&gt; &amp;amp x" in [c.replace("<br>", " ") for c in categories]
            assert EVIL in [row[0] for row in chart.rows]  # the table shows the name as written
        for category in categories:
            assert re.sub("<br>", "", category).count("<") == 0, category
    assert page_charts(prepared, "cargo", cargo=cargo, metas=[])  # its page has charts too
    for chart in page_charts(prepared, "area", area=area, metas=[]).values():
        for text in [name for trace in chart.figure["data"] for name, _ in trace.get("customdata") or []] + [a["text"] for a in chart.figure["layout"].get("annotations", [])]:
            assert "<" not in text.replace("<br>", ""), text
    assert charts.plotly_text("a <br> & b &lt;") == "a &lt;br&gt; &amp; b &amp;lt;"


def test_figure_json_cannot_close_its_script_and_reads_back(demo):
    for chart in all_charts(demo):
        text = str(chart.figure_json())
        assert "<" not in text and ">" not in text and "&" not in text
        assert json.loads(text) == json.loads(json.dumps(chart.figure))


def test_figures_use_the_small_site_template(demo):
    for chart in page_charts(demo, "home").values():
        template = chart.figure["layout"]["template"]
        assert "data" not in template  # plotly's default template styles every trace type
        assert len(json.dumps(template)) < 1500
        assert chart.figure["layout"]["template"]["layout"]["separators"] == ".,"


def test_the_same_data_gives_the_same_bytes(demo, example_data):
    again = prepare(example_data)
    first = [(c.id, str(c.figure_json()), c.rows) for c in all_charts(demo)]
    second = [(c.id, str(c.figure_json()), c.rows) for c in all_charts(again)]
    assert first == second


def test_every_chart_has_a_title_a_description_and_the_table_of_its_numbers(demo):
    for chart in all_charts(demo):
        assert chart.title and "Gráfica" in chart.description
        assert all(len(row) == len(chart.headers) for row in chart.rows)
        assert chart.rows


def test_chart_ids_are_unique_in_each_page(demo):
    portal = demo.portal
    pages = [charts.for_page("home", portal, demo.derived)]
    pages += [charts.for_page("area", portal, demo.derived, area=a, metas=[]) for a in portal.areas]
    pages += [charts.for_page("cargo", portal, demo.derived, cargo=c, metas=[]) for c in portal.cargos]
    for found in pages:
        ids = [c.id for c in found]
        assert len(ids) == len(set(ids))


def test_the_table_shows_the_numbers_the_chart_draws(demo):
    for chart in all_charts(demo):
        for trace in chart.figure["data"]:
            column = chart.headers.index(trace["name"])
            values = trace["x"] if trace.get("orientation") == "h" else trace["y"]
            assert [row[column] for row in chart.rows] == list(values), (chart.id, trace["name"])


VENDOR = Path(__file__).resolve().parents[1] / "site_src" / "assets" / "vendor" / "plotly"


def test_the_plotly_bundle_is_built_from_the_pinned_plotly_js_with_its_default_pointed_home():
    """Provenance: scripts/build-plotly-bundle.sh builds it from the plotly.js its lock pins, the version
    plotly for Python targets; topojsonURL's default (plotly's CDN) is the site's own folder."""
    import json

    import plotly.offline

    bundle = (VENDOR / "plotly-basic.min.js").read_text(encoding="utf-8")
    lock = json.loads((Path(__file__).resolve().parents[1] / "scripts" / "plotly-bundle" / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/plotly.js"]["version"]
    assert pinned == plotly.offline.get_plotlyjs_version()
    hint, banner = bundle.splitlines()[:2]
    assert hint == "//# allFunctionsCalledOnLoad"  # compiled while it streams in (V8's compile hints)
    assert banner.startswith(f"/*! plotly.js {pinned} (MIT licence, see LICENSE): ")
    assert bundle.count('topojsonURL:{valType:"string",noBlank:!0,dflt:"./"}') == 1 and "cdn.plot.ly" not in bundle
    assert "Permission is hereby granted" in (VENDOR / "LICENSE").read_text(encoding="utf-8")


def test_bars_carry_the_full_name_of_their_area_in_the_label_hover_and_text_alternative(demo):
    chart = page_charts(demo, "home")["grafica-areas-tipo"]
    nombre = {a.siglas: a.nombre or demo.portal.glosario.get(a.siglas) for a in demo.portal.areas}
    labels = {a["y"]: label(a["text"]) for a in chart.figure["layout"]["annotations"]}
    for trace in chart.figure["data"]:
        for siglas, (name, row) in zip(trace["y"], trace["customdata"]):
            full = f"{siglas} · {nombre[siglas]}" if nombre[siglas] else siglas
            assert html.unescape(name) == labels[siglas] == full
            assert chart.rows[row][0] == siglas  # the row of the table, and so of the link, the bar is
            assert "%{customdata[0]}" in trace["hovertemplate"]
        assert trace["y"] == chart.figure["layout"]["yaxis"]["categoryarray"]
    assert "Dirección Ejecutiva de Organización Electoral (DEOE)" in chart.description
    assert chart.figure["layout"]["yaxis"]["showticklabels"] is False  # the names stand above the bars, across the width


def test_each_bar_links_to_the_page_of_what_it_counts(demo):
    from generator.contract import urls

    home = page_charts(demo, "home")
    assert home["grafica-areas-tipo"].links == tuple(urls.area(row[0]) for row in home["grafica-areas-tipo"].rows)
    assert home["grafica-acuerdos"].links == tuple(urls.acuerdo(row[0]) for row in home["grafica-acuerdos"].rows)
    area = next(a for a in demo.portal.areas if a.siglas == "DEOE")
    by_cargo = page_charts(demo, "area", area=area, metas=[])["grafica-cargos"]
    assert by_cargo.links == tuple(urls.cargo(row[0]) for row in by_cargo.rows)
    assert "links" not in dataclasses.asdict(home["grafica-vigencia"]) or home["grafica-vigencia"].links == ()


def test_the_exported_image_names_source_date_and_illustrative_data(demo):
    for chart in all_charts(demo):
        export = chart.export()
        assert export["title"] == charts.plotly_text(chart.title)
        assert export["source"].startswith("Fuente: acuerdos de la Junta General Ejecutiva del INE; portal")
        newest = max(a.fecha_aprobacion for a in demo.portal.acuerdos)
        assert export["date"] == f"Acuerdos aprobados hasta el {fecha_larga(newest)}"
        assert export["notice"].startswith("Datos ilustrativos")  # every meta of data/ is illustrative
    # Metas that are not illustrative: no notice.
    derived = dataclasses.replace(demo.derived, metas=demo.derived.metas.assign(datos_ilustrativos=False), metas_cargos=demo.derived.metas_cargos.assign(datos_ilustrativos=False))
    for chart in charts.for_page("home", demo.portal, derived):
        assert chart.export()["notice"] == ""


def test_horizontal_bars_leave_room_for_every_label_line(demo):
    for chart in all_charts(demo):
        layout = chart.figure["layout"]
        if "annotations" not in layout:
            continue
        lines = max(a["text"].count("<br>") + 1 for a in layout["annotations"])
        categories = len(layout["yaxis"]["categoryarray"])
        band = (layout["height"] - 70 - 22 * len(chart.figure["data"])) / categories
        bar = band * (1 - layout["bargap"])
        assert band - bar >= lines * charts.LINE_PX, chart.id  # the gap above each bar holds its name
