"""Calendars (iCalendar) and feeds (Atom) per cargo and per área: read back with real parsers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import icalendar
import pytest

from generator.contract import urls
from generator.model.pipeline import prepare
from generator.site import subscriptions
from generator.tools.synth import synth

SITE_URL = "https://metas.example.org/portal/"
HOST = "metas.example.org"
VOCAL = "Vocal de Organización Electoral de Junta Distrital Ejecutiva"
VOCAL_EJECUTIVO = "Vocal Ejecutivo de Junta Distrital Ejecutiva"
DIRECTOR = "Director de Estadística y Documentación Electoral"
CARTOGRAFIA = "Director de Cartografía Electoral"
MB = 1_000_000

ACUERDO = """clave: {clave}
titulo: "{titulo}"
organo: Junta General Ejecutiva
fecha_aprobacion: {fecha}
sistema: INE
periodo_inicio: {inicio}
periodo_fin: {fin}
tipo: {tipo}
metas: metas/{slug}.csv
datos_ilustrativos: {ilustrativos}
"""
APPROVAL_HEADER = "acuerdo,numero_meta,tipo,area_normativa,ambito,cargos_puestos,descripcion,fecha_inicio,fecha_termino,lider_equipo,personas_evaluadas\n"
FIRST = (
    f"INE/JGE100/2023,DEOE-1,individual,DEOE,oficinas_centrales,{DIRECTOR},Integrar la estadística de la elección,2023-09-15,2024-06-30,,\n"
    f"INE/JGE100/2023,DEOE-2,individual,DEOE,organos_desconcentrados,{VOCAL},Verificar las bodegas electorales,2023-10-01,2024-05-31,,\n"
    f'INE/JGE100/2023,DEOE-3,colectiva,DEOE,organos_desconcentrados,"{VOCAL}; {VOCAL_EJECUTIVO}",Instalar las casillas aprobadas,2023-10-01,2024-06-30,{VOCAL_EJECUTIVO},300\n'
    f'INE/JGE100/2023,DERFE-1,individual,DERFE,oficinas_centrales,{CARTOGRAFIA},"Actualizar la cartografía <script>alert(1)</script> & más",2023-09-15,2024-08-31,,\n'
)
AMENDMENT = (
    "acuerdo,accion,acuerdo_origen,numero_meta,cargos_puestos,descripcion,fecha_termino\n"
    "INE/JGE101/2023,modifica,INE/JGE100/2023,DEOE-2,,Verificar y documentar las bodegas electorales,2024-07-31\n"
    "INE/JGE101/2023,cancela,INE/JGE100/2023,DEOE-3,,,\n"
    f"INE/JGE101/2023,modifica,INE/JGE100/2023,DERFE-1,{VOCAL},,\n"
)
NEXT_PERIOD = f"INE/JGE200/2024,DEOE-1,individual,DEOE,organos_desconcentrados,{VOCAL},Supervisar el equipamiento de las bodegas,2024-10-01,2025-03-31,,\n"


def write_data(root: Path, *, amended: bool = True, next_period: bool = True) -> Path:
    """Two periods: an approval, its amendment (modifies, cancels, moves a meta to another cargo), and an
    illustrative approval of the next period."""
    data = root / "data"
    (data / "acuerdos").mkdir(parents=True)
    (data / "metas").mkdir()
    acuerdos = [("INE/JGE100/2023", "Acuerdo de prueba por el que se aprueban metas", "2023-08-30", "2023-09-01", "2024-08-31", "aprobacion", "false", APPROVAL_HEADER + FIRST)]
    if amended:
        acuerdos.append(("INE/JGE101/2023", "Acuerdo de prueba por el que se modifican y cancelan metas", "2023-12-01", "2023-09-01", "2024-08-31", "modificacion", "false", AMENDMENT))
    if next_period:
        acuerdos.append(("INE/JGE200/2024", "Acuerdo de prueba del periodo siguiente", "2024-08-28", "2024-09-01", "2025-08-31", "aprobacion", "true", APPROVAL_HEADER + NEXT_PERIOD))
    for clave, titulo, fecha, inicio, fin, tipo, ilustrativos, table in acuerdos:
        slug = clave.replace("/", "-")
        (data / "acuerdos" / f"{slug}.yml").write_text(ACUERDO.format(clave=clave, titulo=titulo, fecha=fecha, inicio=inicio, fin=fin, tipo=tipo, slug=slug, ilustrativos=ilustrativos), encoding="utf-8")
        (data / "metas" / f"{slug}.csv").write_text(table, encoding="utf-8")
    return data


@pytest.fixture
def portal(tmp_path):
    return prepare(write_data(tmp_path)).portal


def files_of(portal, site_url=SITE_URL) -> dict[str, bytes]:
    return {f.path: f.content for f in subscriptions.subscription_files(portal, site_url)}


def cargo_of(portal, nombre):
    return next(c for c in portal.cargos if c.nombre == nombre)


def area_of(portal, siglas):
    return next(a for a in portal.areas if a.siglas == siglas)


def events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def uid(clave: str, numero: str, host: str = HOST) -> str:
    return f"{clave.replace('/', '-').lower()}/{numero.lower()}@{host}"


def test_every_calendar_and_feed_parses_and_every_cargo_and_area_has_them(portal):
    files = files_of(portal)
    for place, links in [(c, subscriptions.links_for_cargo(c, portal)) for c in portal.cargos] + [(a, subscriptions.links_for_area(a, portal)) for a in portal.areas]:
        assert links.calendars, place
        for label, url in links.calendars:
            assert url in files and label.startswith("Periodo ")
            calendar = icalendar.Calendar.from_ical(files[url])
            assert calendar.to_ical() == files[url]  # icalendar reads it and writes it back byte for byte
            assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"] and calendar["X-WR-CALNAME"]
            for event in calendar.walk("VEVENT"):
                start, end = event.decoded("DTSTART"), event.decoded("DTEND")
                assert type(start) is dt.date and type(end) is dt.date and end > start  # all-day, end exclusive
                assert event["UID"] and event["DTSTAMP"] and event["SUMMARY"]
        assert links.feed in files
        parsed = feedparser.parse(files[links.feed])
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries
    linked = {url for place in portal.cargos for _, url in subscriptions.links_for_cargo(place, portal).calendars}
    linked |= {url for place in portal.areas for _, url in subscriptions.links_for_area(place, portal).calendars}
    linked |= {subscriptions.links_for_cargo(c, portal).feed for c in portal.cargos} | {subscriptions.links_for_area(a, portal).feed for a in portal.areas}
    assert linked <= set(files)  # every link has its file
    assert set(files) - linked == {urls.cargo_feed(CARTOGRAFIA)}  # and every file is linked, but the feed of a cargo whose last meta moved away


def test_the_calendar_of_a_cargo_has_one_all_day_event_per_meta_of_each_period(portal):
    files = files_of(portal)
    links = subscriptions.links_for_cargo(cargo_of(portal, VOCAL), portal)
    assert [url for _, url in links.calendars] == [urls.cargo_calendar(VOCAL), urls.cargo_calendar(VOCAL, "ine-2023-2024")]
    assert "septiembre 2024 – agosto 2025" in links.calendars[0][0] and "más reciente" in links.calendars[0][0]
    latest = events(files[urls.cargo_calendar(VOCAL)])
    assert set(latest) == {uid("INE/JGE200/2024", "DEOE-1")}
    event = latest[uid("INE/JGE200/2024", "DEOE-1")]
    assert event.decoded("DTSTART") == dt.date(2024, 10, 1) and event.decoded("DTEND") == dt.date(2025, 4, 1)
    earlier = events(files[urls.cargo_calendar(VOCAL, "ine-2023-2024")])
    # DEOE-2, DEOE-3 (its cargos include this one) and DERFE-1, moved to this cargo by the amendment
    assert set(earlier) == {uid("INE/JGE100/2023", n) for n in ("DEOE-2", "DEOE-3", "DERFE-1")}
    assert earlier[uid("INE/JGE100/2023", "DEOE-3")].decoded("DTSTART") == dt.date(2023, 10, 1)
    assert earlier[uid("INE/JGE100/2023", "DEOE-3")].decoded("DTEND") == dt.date(2024, 7, 1)
    # the cargo it left has no meta, hence no calendar, any more
    assert not [path for path in files if path.startswith(urls.cargo(CARTOGRAFIA)) and path.endswith(".ics")]
    summary = str(earlier[uid("INE/JGE100/2023", "DEOE-2")]["SUMMARY"])
    assert summary == "DEOE-2 · Verificar y documentar las bodegas electorales"
    description = earlier[uid("INE/JGE100/2023", "DEOE-2")].decoded("DESCRIPTION")
    assert "Verificar y documentar las bodegas electorales" in description
    assert SITE_URL + "metas/ine-jge100-2023/deoe-2/" in description
    assert str(earlier[uid("INE/JGE100/2023", "DEOE-2")]["URL"]) == SITE_URL + "metas/ine-jge100-2023/deoe-2/"


def test_a_cargo_in_one_period_gets_one_calendar(portal):
    files = files_of(portal)
    links = subscriptions.links_for_cargo(cargo_of(portal, DIRECTOR), portal)
    assert [url for _, url in links.calendars] == [urls.cargo_calendar(DIRECTOR)]
    assert not [path for path in files if path.startswith(urls.cargo(DIRECTOR)) and path.endswith(".ics") and path != urls.cargo_calendar(DIRECTOR)]
    assert set(events(files[urls.cargo_calendar(DIRECTOR)])) == {uid("INE/JGE100/2023", "DEOE-1")}


def test_a_modified_meta_has_its_new_dates_and_a_higher_sequence(tmp_path):
    before = events(files_of(prepare(write_data(tmp_path / "before", amended=False)).portal)[urls.area_calendar("DEOE", "ine-2023-2024")])
    after = events(files_of(prepare(write_data(tmp_path / "after")).portal)[urls.area_calendar("DEOE", "ine-2023-2024")])
    key = uid("INE/JGE100/2023", "DEOE-2")
    assert before[key].decoded("DTEND") == dt.date(2024, 6, 1)
    assert after[key].decoded("DTEND") == dt.date(2024, 8, 1)  # fecha_termino 2024-07-31, inclusive
    assert after[key]["SEQUENCE"] > before[key]["SEQUENCE"]
    assert after[key].decoded("DTSTAMP") == dt.datetime(2023, 12, 1, tzinfo=dt.timezone.utc)  # the amendment's date, not the build's
    unchanged = uid("INE/JGE100/2023", "DEOE-1")
    assert after[unchanged]["SEQUENCE"] == before[unchanged]["SEQUENCE"] == 0
    assert after[unchanged].decoded("DTSTAMP") == dt.datetime(2023, 8, 30, tzinfo=dt.timezone.utc)


def test_a_cancelled_meta_stays_as_a_cancelled_event(portal):
    files = files_of(portal)
    for path in (urls.cargo_calendar(VOCAL, "ine-2023-2024"), urls.cargo_calendar(VOCAL_EJECUTIVO), urls.area_calendar("DEOE", "ine-2023-2024")):
        found = events(files[path])
        cancelled = found[uid("INE/JGE100/2023", "DEOE-3")]
        assert str(cancelled["STATUS"]) == "CANCELLED"
        assert str(cancelled["SUMMARY"]).startswith("[Cancelada] DEOE-3 · ")
        assert cancelled["SEQUENCE"] == 1
        others = [e for key, e in found.items() if key != uid("INE/JGE100/2023", "DEOE-3")]
        assert all(str(e["STATUS"]) == "CONFIRMED" for e in others)


def test_illustrative_metas_say_so(portal):
    files = files_of(portal)
    latest = icalendar.Calendar.from_ical(files[urls.cargo_calendar(VOCAL)])
    assert "ilustrativos" in str(latest["X-WR-CALNAME"])
    assert all(str(e["SUMMARY"]).startswith("[Ilustrativa] ") for e in latest.walk("VEVENT"))
    assert "ilustrativos" in latest.walk("VEVENT")[0].decoded("DESCRIPTION").lower()
    official = icalendar.Calendar.from_ical(files[urls.cargo_calendar(VOCAL, "ine-2023-2024")])
    assert "ilustrativ" not in str(official["X-WR-CALNAME"]).lower()
    assert not [e for e in official.walk("VEVENT") if "Ilustrativa" in str(e["SUMMARY"])]
    feed = feedparser.parse(files[urls.cargo_feed(VOCAL)])
    titles = {e.link: e.title for e in feed.entries}
    assert "datos ilustrativos" in titles[SITE_URL + "acuerdos/ine-jge200-2024/"]
    assert "ilustrativos" not in titles[SITE_URL + "acuerdos/ine-jge101-2023/"]


def test_the_feed_of_a_cargo_lists_its_acuerdos_with_the_changed_fields(portal):
    feed = feedparser.parse(files_of(portal)[urls.cargo_feed(VOCAL)])
    assert not feed.bozo
    assert feed.feed.link == SITE_URL + urls.cargo(VOCAL)
    assert [e.link for e in feed.entries] == [SITE_URL + urls.acuerdo(c) for c in ("INE/JGE200/2024", "INE/JGE101/2023", "INE/JGE100/2023")]
    assert [e.updated_parsed[:3] for e in feed.entries] == [(2024, 8, 28), (2023, 12, 1), (2023, 8, 30)]
    amendment = feed.entries[1]
    assert amendment.title.startswith("INE/JGE101/2023: ")
    text = amendment.content[0].value
    assert "Fecha de término" in text and "31 de mayo de 2024" in text and "31 de julio de 2024" in text
    assert "Descripción" in text and "Verificar las bodegas electorales" in text
    assert "Cargos o puestos" in text and CARTOGRAFIA in text  # DERFE-1 came to this cargo
    assert "Metas canceladas (1)" in text and "DEOE-3" in text
    assert SITE_URL + "metas/ine-jge100-2023/deoe-2/" in text
    approval = feed.entries[2]
    assert "DEOE-2" in approval.content[0].value and "DEOE-3" in approval.content[0].value
    assert "DEOE-1" not in approval.content[0].value  # that meta is another cargo's
    assert len({e.id for e in feed.entries}) == 3


def test_a_meta_moved_to_another_cargo_is_announced_to_the_cargo_it_left(portal):
    files = files_of(portal)
    assert CARTOGRAFIA not in {c.nombre for c in portal.cargos}  # no meta left: no page, but its subscribers keep the feed
    feed = feedparser.parse(files[urls.cargo_feed(CARTOGRAFIA)])
    assert not feed.bozo
    assert feed.feed.link == SITE_URL + urls.CARGOS
    assert [e.link for e in feed.entries] == [SITE_URL + urls.acuerdo(c) for c in ("INE/JGE101/2023", "INE/JGE100/2023")]
    moved = feed.entries[0].content[0].value
    assert "DERFE-1" in moved and "Cargos o puestos" in moved and CARTOGRAFIA in moved and VOCAL in moved
    for place in (urls.area_feed("DERFE"), urls.cargo_feed(VOCAL)):
        change = next(e for e in feedparser.parse(files[place]).entries if e.link == SITE_URL + urls.acuerdo("INE/JGE101/2023"))
        assert "DERFE-1" in change.content[0].value


def test_feeds_of_an_area_list_only_the_acuerdos_that_touched_it(portal):
    files = files_of(portal)
    derfe = feedparser.parse(files[urls.area_feed("DERFE")])
    assert [e.link for e in derfe.entries] == [SITE_URL + urls.acuerdo(c) for c in ("INE/JGE101/2023", "INE/JGE100/2023")]
    assert "DEOE" not in derfe.entries[0].content[0].value
    director = feedparser.parse(files[urls.cargo_feed(DIRECTOR)])
    assert [e.link for e in director.entries] == [SITE_URL + urls.acuerdo("INE/JGE100/2023")]


def test_without_site_url_links_are_relative_to_the_feed_and_resolve_to_the_pages(portal):
    files = files_of(portal, None)
    base = "https://any.host/sub/path/"
    feed_url = base + urls.cargo_feed(VOCAL)
    feed = feedparser.parse(files[urls.cargo_feed(VOCAL)], response_headers={"content-location": feed_url, "content-type": subscriptions.FEED_TYPE})
    assert not feed.bozo
    assert feed.feed.link == base + urls.cargo(VOCAL)
    assert feed.entries[0].link == base + urls.acuerdo("INE/JGE200/2024")
    root = ET.fromstring(files[urls.cargo_feed(VOCAL)])
    hrefs = [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and not [h for h in hrefs if "://" in h]
    assert urljoin(feed_url, hrefs[0]) == base + urls.cargo(VOCAL)
    calendar = icalendar.Calendar.from_ical(files[urls.cargo_calendar(VOCAL)])
    event = calendar.walk("VEVENT")[0]
    assert "URL" not in event and "://" not in event.decoded("DESCRIPTION")
    assert str(event["UID"]).endswith("@metas-spen")


def test_text_from_data_stays_text_and_characters_xml_forbids_never_reach_the_files(portal):
    # the loader already drops them (tests/test_load.py); a Portal made otherwise must not let them through either
    forbidden = "\x0b\x1f\ufffe\uffff\ud800\x85\r"
    metas = tuple(dataclasses.replace(m, descripcion=m.descripcion + forbidden + " fin") if m.area == "DERFE" else m for m in portal.metas)
    portal = dataclasses.replace(portal, metas=metas)
    files = files_of(portal)
    for path, content in files.items():
        text = content.decode("utf-8")
        assert not [c for c in forbidden if c in text.replace("\r\n", "\n")], path
    feed = ET.fromstring(files[urls.area_feed("DERFE")])  # a strict XML parser
    html = "".join(c.text for c in feed.iter("{http://www.w3.org/2005/Atom}content"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; más" in html and "<script>" not in html
    event = events(files[urls.area_calendar("DERFE")])[uid("INE/JGE100/2023", "DERFE-1")]
    assert "<script>alert(1)</script> & más" in event.decoded("DESCRIPTION")


def test_same_data_same_bytes_and_no_build_time(tmp_path):
    first = subscriptions.subscription_files(prepare(write_data(tmp_path / "one")).portal, SITE_URL)
    second = subscriptions.subscription_files(prepare(write_data(tmp_path / "two")).portal, SITE_URL)
    assert [(f.path, f.content) for f in first] == [(f.path, f.content) for f in second]
    today = dt.datetime.now(dt.timezone.utc).date()
    for f in first:
        assert today.strftime("%Y%m%d").encode() not in f.content and today.isoformat().encode() not in f.content, f.path
    feed = feedparser.parse(next(f.content for f in first if f.path == urls.cargo_feed(VOCAL)))
    assert feed.feed.updated_parsed[:3] == (2024, 8, 28)  # the newest acuerdo of that cargo


def test_ten_thousand_metas_no_file_over_a_megabyte(tmp_path):
    synth(10000, tmp_path / "data")
    portal = prepare(tmp_path / "data").portal
    started = time.perf_counter()
    files = subscriptions.subscription_files(portal, SITE_URL)
    elapsed = time.perf_counter() - started
    sizes = {f.path: len(f.content) for f in files}
    largest = max(sizes, key=sizes.get)
    print(f"\n10,000 metas: {len(files)} files, {sum(sizes.values()) / MB:.1f} MB in all, largest {largest} {sizes[largest] / MB:.2f} MB, {elapsed:.2f} s")
    assert len(portal.metas) == 10000
    assert max(sizes.values()) <= MB
    for cargo in portal.cargos:
        links = subscriptions.links_for_cargo(cargo, portal)
        assert all(url in sizes for _, url in links.calendars) and links.feed in sizes
    counted = {}
    for area in portal.areas:
        for _, url in subscriptions.links_for_area(area, portal).calendars:
            counted[area.siglas] = counted.get(area.siglas, 0) + len(icalendar.Calendar.from_ical(next(f.content for f in files if f.path == url)).walk("VEVENT"))
    assert counted == {a.siglas: sum(1 for m in portal.metas if m.area == a.siglas) for a in portal.areas}
    for meta in portal.metas[::50]:
        assert subscriptions._event_bytes(subscriptions._event_values(meta, portal, SITE_URL, HOST)) == icalendar_event(subscriptions._event_values(meta, portal, SITE_URL, HOST)).to_ical()
    biggest_feed = max((f for f in files if f.path.endswith(".xml")), key=lambda f: len(f.content))
    assert not feedparser.parse(biggest_feed.content).bozo


def icalendar_event(values) -> icalendar.Event:
    """A meta's VEVENT as icalendar itself makes it, from the module's values: the bytes the module must write."""
    event = icalendar.Event()
    for name, value in values:
        event[name] = value
    return event


def test_events_are_written_as_icalendar_writes_them(portal):
    """The module writes each event's lines itself, from icalendar's values; the bytes must be icalendar's own."""
    for meta in portal.metas:
        for site_url, host in ((SITE_URL, HOST), (None, subscriptions.UID_HOST)):
            values = subscriptions._event_values(meta, portal, site_url, host)
            assert subscriptions._event_bytes(values) == icalendar_event(values).to_ical()
    values = subscriptions._event_values(portal.metas[0], portal, SITE_URL, HOST)
    for shift in range(80):  # an escape, a 2-, 3- and 4-byte character at every place of a fold
        tricky = "x" * shift + ("\\,Áé€😀; a^b\n" * 30)
        changed = [(name, icalendar.vText(tricky + str(value)) if name in ("SUMMARY", "DESCRIPTION") else value) for name, value in values]
        event = icalendar.Event()
        for name, value in changed:
            event[name] = value
        assert subscriptions._event_bytes(changed) == event.to_ical()


def test_a_feed_over_its_size_keeps_its_newest_entries(portal, monkeypatch):
    whole = feedparser.parse(files_of(portal)[urls.cargo_feed(VOCAL)])
    monkeypatch.setattr(subscriptions, "FEED_BYTES", 4_000)
    small = files_of(portal)[urls.cargo_feed(VOCAL)]
    cut = feedparser.parse(small)
    assert not cut.bozo and len(small) <= 4_000
    assert 1 <= len(cut.entries) < len(whole.entries)
    assert [e.id for e in cut.entries] == [e.id for e in whole.entries[: len(cut.entries)]]


def test_a_vigencia_past_its_period_is_drawn_within_the_period(tmp_path):
    data = write_data(tmp_path, amended=False, next_period=False)
    table = data / "metas" / "INE-JGE100-2023.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2023-10-01,2024-05-31", "1980-01-01,2107-12-31"), encoding="utf-8")
    event = events(files_of(prepare(data).portal)[urls.area_calendar("DEOE")])[uid("INE/JGE100/2023", "DEOE-2")]
    assert event.decoded("DTSTART") == dt.date(2023, 9, 1) and event.decoded("DTEND") == dt.date(2024, 9, 1)  # the acuerdo's period
    description = event.decoded("DESCRIPTION")
    assert "Vigencia: del 1 de enero de 1980 al 31 de diciembre de 2107." in description
    assert "sale del periodo del acuerdo (1 de septiembre de 2023 al 31 de agosto de 2024)" in description
