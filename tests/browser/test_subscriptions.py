"""In Chromium: a Vocal finds the calendar and the feed of their cargo, a journalist those of an área."""

from __future__ import annotations

import feedparser
import icalendar
import pytest

from conftest import DATA
from generator.model import pipeline

pytestmark = pytest.mark.browser

PLACES = ["areas/deoe/", "cargos/vocal-de-organizacion-electoral-de-junta-distrital-ejecutiva/"]


@pytest.mark.parametrize("path", PLACES)
def test_the_page_offers_its_calendar_and_its_feed(page, base_url, path):
    page.goto(base_url + path)
    calendar = page.get_by_role("link", name="Calendario de vigencias", exact=False).first
    assert calendar.is_visible()
    page.locator(".suscripciones__ayuda summary").click()
    assert "Google Calendar" in page.locator(".suscripciones__ayuda").inner_text()
    response = page.request.get(calendar.evaluate("a => a.href"))
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert events and all(str(e["UID"]) for e in events)

    feed_link = page.locator('head link[rel~="alternate"][type="application/atom+xml"]')
    assert feed_link.count() == 1
    address = feed_link.evaluate("link => link.href")
    assert address == page.get_by_role("link", name="Canal Atom de cambios").evaluate("a => a.href")
    feed = feedparser.parse(page.request.get(address).body())
    assert not feed.bozo and feed.entries


def test_the_home_page_announces_the_feed_of_acuerdos(page, base_url):
    page.goto(base_url)
    address = page.locator('head link[rel~="alternate"][type="application/atom+xml"]').evaluate("link => link.href")
    feed = feedparser.parse(page.request.get(address).body())
    newest = pipeline.prepare(DATA).portal.acuerdos[0].clave
    assert not feed.bozo and feed.entries[0].title.startswith(newest + ":")
