"""pages: every page of the site rendered by the Renderer — complete HTML, plain titles, metadata and table of contents as data."""

from __future__ import annotations

import pytest

from generator.contract import urls
from generator.model import pipeline
from generator.site.assemble import Settings
from generator.site.pages import Renderer

from conftest import DATA


@pytest.fixture(scope="module")
def rendered():
    prepared = pipeline.prepare(DATA)
    return {page.url: page for page in Renderer(prepared.portal, prepared.derived, prepared.findings).render_all()}


def test_every_page_has_a_plain_title_and_no_markdown_left(rendered):
    for page in rendered.values():
        assert page.title and "<" not in page.title, page.url
        assert "{:" not in page.html.replace("{: tabindex", "")  # no attribute-list syntax was needed anywhere
        assert not page.html.lstrip().startswith("---"), page.url  # no front matter
        assert "\n## " not in page.html and "\n### " not in page.html, page.url  # headings are HTML


def test_a_meta_page_has_its_metadata_as_data_and_no_table_of_contents(rendered):
    page = rendered[urls.meta("INE/JGE186/2022", "DEOE-1")]
    assert page.kind == "meta"
    assert page.title == "DEOE-1 · INE/JGE186/2022 (datos ilustrativos)"
    assert page.description.startswith("Ejemplo ilustrativo")
    assert page.headings == ()  # its headings stay out of a table of contents
    assert '<h2 id="ficha">' in page.html


def test_an_acuerdo_page_lists_its_sections_in_its_table_of_contents(rendered):
    page = rendered[urls.acuerdo("INE/JGE186/2022")]
    ids = [h.id for h in page.headings]
    assert ids[:3] == ["datos-del-acuerdo", "totales-que-declara-el-acuerdo", "cuadro-1-metas-por-area-normativa"]
    assert "texto-del-acuerdo" in ids


def test_sections_are_in_the_navigation_and_other_pages_are_not(rendered):
    assert {url for url, page in rendered.items() if page.in_nav} == set(urls.SECTIONS) - {urls.DATOS}  # datos renders apart
    assert rendered[urls.HOME].hide == ("toc",)


def test_the_about_page_says_what_is_not_set_and_shows_what_is(rendered):
    about = rendered[urls.ABOUT]
    assert "no lo ha indicado todavía" in about.html and "no ha indicado una licencia" in about.html
    assert "Esta Junta es competente para aprobar las metas" in about.html  # the legal basis, as INE/JGE186/2022 words it
    prepared = pipeline.prepare(DATA)
    chosen = Settings(publisher="Instituto Nacional Electoral", contact="metas@ine.mx", license_name="CC-BY-4.0", license_url="https://creativecommons.org/licenses/by/4.0/deed.es")
    pages = {p.url: p for p in Renderer(prepared.portal, prepared.derived, prepared.findings, settings=chosen).render_all()}
    html = pages[urls.ABOUT].html
    assert "Lo publica <strong>Instituto Nacional Electoral</strong>" in html and 'href="mailto:metas@ine.mx"' in html
    assert 'rel="license">CC-BY-4.0</a>' in html and "no lo ha indicado" not in html


def test_dates_in_listings_abbreviate_every_month_as_the_rae_does():
    """Issue 29: «1 feb. 2023 al 4 marzo 2023» mixed two styles in one cell."""
    import datetime as dt

    from generator.common.text import fecha_corta

    assert [fecha_corta(dt.date(2023, month, 4)) for month in (1, 3, 5, 9, 12)] == ["4 ene. 2023", "4 mar. 2023", "4 may. 2023", "4 sept. 2023", "4 dic. 2023"]


def test_the_datos_page_previews_the_first_rows_of_metas_csv_as_written():
    import csv
    import io
    import re

    from generator.site import exports

    prepared = pipeline.prepare(DATA)
    renderer = Renderer(prepared.portal, prepared.derived, prepared.findings)
    downloads = exports.build(prepared.portal, prepared.derived)
    written = next(d for d in downloads if d.path == urls.download("metas.csv")).content.decode("utf-8-sig")
    first = list(csv.DictReader(io.StringIO(written)))[:3]
    html = renderer.datos(downloads).html
    preview = html.split('id="vista-previa"', 1)[1].split("</table>", 1)[0]
    columns = ["acuerdo", "numero_meta", "area_normativa", "descripcion", "fecha_inicio", "fecha_termino", "datos_ilustrativos"]
    assert re.findall(r'data-etiqueta="([^"]+)"', preview) == columns * len(first)
    for row in first:
        assert f">{row['numero_meta']}</td>" in preview and f">{row['fecha_inicio']}</td>" in preview and f">{row['datos_ilustrativos']}</td>" in preview
