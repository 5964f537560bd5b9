"""In Chromium: hostile data opens no dialog, and the site's policy blocks nothing the site needs."""

from __future__ import annotations

import pytest

from browser.test_audits import PAGES, settle
from conftest import serve
from test_security import make_attacked_site

pytestmark = pytest.mark.browser


def watched_tab(browser):
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs, tab.violations = [], []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.on("console", lambda message: "Content Security Policy" in message.text and tab.violations.append(message.text))
    tab.on("pageerror", lambda error: tab.violations.append(str(error)))
    return context, tab


@pytest.mark.parametrize("name", PAGES)
def test_the_policy_blocks_nothing_the_site_needs(browser, base_url, name):
    """Charts, search, explorer and the theme work under the Content-Security-Policy of every page."""
    context, tab = watched_tab(browser)
    try:
        tab.goto(base_url + PAGES[name])
        settle(tab)
        tab.wait_for_timeout(300)
        assert tab.violations == []
    finally:
        context.close()


def test_hostile_data_opens_no_dialog(browser, attacked_site):
    server, url = serve(attacked_site)
    context, tab = watched_tab(browser)
    try:
        for path in ("metas/ine-jge100-2023/deoe-1/", "metas/ine-jge100-2023/deoe-2/", "acuerdos/ine-jge100-2023/", "cargos/", "areas/deoe/", ""):
            tab.goto(url + path)
            tab.wait_for_load_state("load")
            tab.keyboard.press("Tab")
            tab.mouse.move(300, 300)
            tab.wait_for_timeout(200)
        assert tab.dialogs == []
        assert tab.violations == []  # nothing had to be blocked: no handler or script reached a page
    finally:
        context.close()
        server.shutdown()


@pytest.fixture(scope="module")
def attacked_site(tmp_path_factory):
    return make_attacked_site(tmp_path_factory.mktemp("ataque"))
