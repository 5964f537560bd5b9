"""Siglas in the acuerdo's text: the meaning on hover (the abbr's title) and on keyboard focus; and no request the
theme would make for a page in another language (issue 29: every área and cargo page fetched a sitemap.xml)."""

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
