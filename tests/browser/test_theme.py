"""What the theme (Material) would do by itself, kept in check: siglas' meanings on keyboard focus without its tooltips, no
sitemap.xml fetched beside a feed, the site's name once in a tab, no pencil beside a chart's data (issue 29)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_first_sigla_focused_with_the_keyboard_shows_its_meaning(page, base_url):
    page.goto(base_url + "acuerdos/ine-jge186-2022/")
    first = page.locator("abbr[title][tabindex='0']").first
    meaning = first.get_attribute("title")
    assert meaning
    first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus-visible: reached with the keyboard
    shown = first.evaluate("a => getComputedStyle(a, '::after').content")
    assert shown.strip('"') == meaning


@pytest.mark.parametrize("path", ["areas/deoe/", "cargos/", "acuerdos/ine-jge186-2022/"])
def test_a_page_with_a_feed_requests_no_missing_file(page, base_url, path):
    missing = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    assert missing == []
    assert page.locator("head link[rel~='alternate'][type='application/atom+xml']").count() >= (1 if path.startswith("areas/") else 0)


def test_the_tab_title_says_the_site_name_once(page, base_url):
    page.goto(base_url)
    title = page.title()
    assert title.count("Metas del Servicio Profesional Electoral Nacional") == 1, title
    page.goto(base_url + "acuerdos/")
    assert page.title().endswith(" - Metas del Servicio Profesional Electoral Nacional")


def test_the_chart_data_summary_carries_no_pencil_icon(page, base_url):
    """Issue 29: «Ver los datos de la gráfica» carried Material's note icon (a pencil)."""
    page.goto(base_url + "areas/deoe/")
    summary = page.locator("details.grafica-datos > summary").first
    assert summary.inner_text().strip() == "Ver los datos de la gráfica"
    assert summary.evaluate("s => getComputedStyle(s, '::before').display") == "none"
