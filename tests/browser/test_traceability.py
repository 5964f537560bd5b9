"""A fact of an acuerdo's page leads to its passage in the text shown on the same page, highlighted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_clicking_the_date_lands_on_the_highlighted_sentence(browser, base_url):
    context = browser.new_context(locale="es-MX", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(base_url + "acuerdos/ine-jge186-2022/")
        passage = page.locator("mark#pasaje-fecha_aprobacion")
        assert not passage.is_visible() or passage.evaluate("(el) => el.getBoundingClientRect().top > innerHeight")
        page.locator("dl.ficha a.a-pasaje", has_text="28 de septiembre de 2022").click()
        page.wait_for_function("() => location.hash === '#pasaje-fecha_aprobacion'")
        assert "aprobado en sesión extraordinaria" in passage.inner_text()
        assert passage.inner_text().endswith("celebrada el 28 de septiembre de 2022")
        box = passage.bounding_box()
        assert box and 0 <= box["y"] and box["y"] + box["height"] <= 900, box  # in the viewport
        background = passage.evaluate("(el) => getComputedStyle(el).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background  # highlighted on arrival
        other = page.locator("mark#pasaje-comision_servicio")
        assert other.evaluate("(el) => getComputedStyle(el).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    finally:
        context.close()
