"""Subscriptions: a calendar (iCalendar) and a feed (Atom) per cargo and per área normativa.

A member of the Servicio subscribes to the calendar of their cargo and sees the
vigencia of every meta that applies to it; a journalist follows the feed of an
área and learns of every acuerdo that approved, modified or cancelled one of its
metas. Both are written with well-kept libraries (icalendar, RFC 5545; feedgen,
RFC 4287) and carry only the data's own dates: same data, same bytes.

Calendars, one all-day event per meta (cancelled ones stay, as STATUS:CANCELLED,
so that a subscribed calendar removes them):

- `metas.ics` (`urls.cargo_calendar(nombre)`) always holds the metas of the most
  recent period of that cargo or área (the latest `Periodo` by start, then
  sistema). It is the address to subscribe to: when the Junta approves the metas
  of a new period, the same subscription moves on to them.
- `metas-<periodo>.ics` (`urls.cargo_calendar(nombre, periodo.slug)`), one per
  earlier period, only when the cargo or área has metas in more than one period.
  The most recent period has no dated copy: one file per period, each linked.

Cutting by period keeps every file small and a client holds only the metas of one
period: at 10,000 illustrative metas (`portal synth`, 8 periods) the 472 calendars
weigh at most about 0.27 MB and the 56 feeds about 0.5 MB (with a
site_url of some 30 characters).

Each event: SUMMARY "<número> · <the first words of the descripción>" (with
"[Cancelada] " and "[Ilustrativa] " before it where they apply), DESCRIPTION with the
whole descripción, the meta's acuerdos and cargos and its address, URL (both only
when site_url is set), TRANSP:TRANSPARENT (months long, it must not show anyone as
busy), DTEND the day after fecha_termino (RFC 5545's end is exclusive).

The UID of an event names its meta (`<acuerdo>/<número>@<host>`, the host of
site_url or `metas-spen`), so a client updates an event instead of adding a new
one; SEQUENCE counts the acuerdos that amended the meta (modified or cancelled it)
and DTSTAMP is the date of the latest of them (of its approval when none did).

Feeds (`urls.cargo_feed`, `urls.area_feed`): an entry per acuerdo that approved,
modified or cancelled a meta of the cargo or área, newest first, listing the metas
and, for a modification, every field before → after. A meta counts for a cargo or
área when it applied to it before or after that acuerdo, so a meta moved to another
cargo is announced in both feeds. A feed keeps its newest entries within FEED_BYTES
(none is left out at 10,000 metas; a reader keeps the entries it has already seen).
Links are absolute when site_url is set, and
relative to the feed's own address otherwise (a reader resolves them against it).

Characters that XML 1.0 forbids (and control characters, which iCalendar forbids)
are removed from every text taken from the data.

Cost at 10,000 metas: about 1.4 s of one core here, against a build of about 60 s
(each event is written once, whatever the number of calendars it is in, by
`_event_bytes` from icalendar's values: icalendar's own Event.to_ical() took 2.6 s).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import icalendar
from feedgen.feed import FeedGenerator
from markupsafe import escape

from generator.common.text import fecha_larga, numero, remove_forbidden, slugify
from generator.common.timing import step
from generator.contract import urls
from generator.contract.schema import COLUMNS_BY_NAME
from generator.model.records import Area, Cargo, Event, Meta, Periodo, Portal
from generator.site.tables import Download

CALENDAR_TYPE = "text/calendar"
FEED_TYPE = "application/atom+xml"
PRODID = "-//Portal de las metas del SPEN//Calendarios de metas//ES"
UID_HOST = "metas-spen"  # the UIDs' host when the site's address is not known
TAG = "tag:metas-spen.portal,2022:"  # the authority of feed and entry ids, as in the site's feed.xml
AUTHOR = "Portal de las metas del SPEN"
SUMMARY_CHARS = 70  # the short description in an event's title
FEED_BYTES = 950_000  # a feed keeps its newest entries within this size (a file stays under 1 MB)
_ENTRY_BYTES = 1_000  # an entry's elements but its content, with a margin
REFRESH = dt.timedelta(days=1)  # how often a subscribed client should fetch the calendar again
ILLUSTRATIVE_PREFIX = "[Ilustrativa] "
CANCELLED_PREFIX = "[Cancelada] "
ILLUSTRATIVE_SUFFIX = " (datos ilustrativos)"
ILLUSTRATIVE_NOTE = "Datos ilustrativos: esta meta sirve para demostrar el portal; no forma parte del anexo oficial."
SUBSCRIBE_HELP = (
    "Para recibir estas fechas en su calendario, copie la dirección del calendario y agréguela como suscripción: "
    "en Google Calendar, «Otros calendarios» → «Desde URL»; en Outlook, «Agregar calendario» → «Suscribirse desde la web»; "
    "en Apple Calendar, «Archivo» → «Nueva suscripción a calendario». Para seguir los cambios, agregue el canal Atom a su lector de noticias."
)

# What XML 1.0 allows (https://www.w3.org/TR/xml/#charsets): no C0 control but tab, LF and CR (iCalendar forbids them too).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ACCION_VERB = {"alta": "aprueba", "modifica": "modifica", "cancela": "cancela"}
_ACCION_HEADING = {"alta": "Metas aprobadas", "modifica": "Metas modificadas", "cancela": "Metas canceladas"}
_ACCIONES = ("alta", "modifica", "cancela")


@dataclass(frozen=True)
class Links:
    """What a cargo or área page offers: its calendars (label, site URL), newest period first, and its feed."""

    calendars: tuple[tuple[str, str], ...]
    feed: str | None  # None when no acuerdo touched a meta of it
    feed_title: str
    help: str = SUBSCRIBE_HELP


@dataclass(frozen=True)
class _Place:
    kind: str  # "cargos" | "areas"
    key: str  # Cargo.nombre | Area.siglas
    slug: str
    name: str  # as a visitor reads it: "del cargo o puesto X", "del área normativa X"
    page: str

    def calendar(self, periodo_slug: str | None = None) -> str:
        if self.kind == "cargos":
            return urls.cargo_calendar(self.key, periodo_slug)
        return urls.area_calendar(self.key, periodo_slug)

    @property
    def feed(self) -> str:
        return urls.cargo_feed(self.key) if self.kind == "cargos" else urls.area_feed(self.key)


def _cargo_place(cargo: Cargo) -> _Place:
    return _Place("cargos", cargo.nombre, cargo.slug, f"del cargo o puesto {cargo.nombre}", urls.cargo(cargo.nombre))


def _area_place(area: Area) -> _Place:
    name = f"{area.siglas} ({area.nombre})" if area.nombre else area.siglas
    return _Place("areas", area.siglas, area.slug, f"del área normativa {name}", urls.area(area.siglas))


# ---------------------------------------------------------------- who is concerned by what


@dataclass
class _Index:
    metas: dict[tuple[str, str], list[Meta]]  # place → metas that apply to it today, calendar order
    events: dict[tuple[str, str], dict[str, list[tuple[Meta, Event]]]]  # place → acuerdo → (meta, event) it concerns


_last_index: tuple[Portal, _Index] | None = None  # the pages ask once per cargo and área: group the metas once


def _index(portal: Portal) -> _Index:
    global _last_index
    if _last_index is not None and _last_index[0] is portal:
        return _last_index[1]
    metas: dict[tuple[str, str], list[Meta]] = defaultdict(list)
    events: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for meta in sorted(portal.metas, key=_meta_order):
        metas[("areas", meta.area)].append(meta)
        for cargo in meta.cargos:
            metas[("cargos", cargo)].append(meta)
        for event, cargos, areas in _members(meta):
            for cargo in sorted(cargos):
                events[("cargos", cargo)][event.acuerdo].append((meta, event))
            for area in sorted(areas):
                events[("areas", area)][event.acuerdo].append((meta, event))
    index = _Index(dict(metas), {place: dict(by_acuerdo) for place, by_acuerdo in events.items()})
    _last_index = (portal, index)
    return index


def _members(meta: Meta) -> list[tuple[Event, set[str], set[str]]]:
    """Each event of the meta with the cargos and áreas it applied to just before or just after it."""
    cargos, area = tuple(meta.cargos), meta.area
    found = []
    for event in reversed(meta.history):
        before_cargos, before_area = cargos, area
        for change in event.changes:
            if change.campo == "cargos_puestos" and change.anterior:
                before_cargos = tuple(change.anterior)
            elif change.campo == "area_normativa" and change.anterior:
                before_area = change.anterior
        found.append((event, set(cargos) | set(before_cargos), {area, before_area}))
        cargos, area = before_cargos, before_area
    return found[::-1]


def _natural(text: str) -> tuple:
    """DEOE-2 before DEOE-10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", slugify(text)))


def _meta_order(meta: Meta) -> tuple:
    return (meta.fecha_inicio, meta.fecha_termino, slugify(meta.acuerdo), _natural(meta.numero))


def _periods(periods) -> list[Periodo]:
    """Newest first, as Portal.periodos."""
    return sorted(set(periods), key=lambda p: (p.inicio, p.sistema), reverse=True)


def _places(portal: Portal, index: _Index) -> list[_Place]:
    """The cargos and áreas of the portal, then those that no meta applies to any more (an amendment moved
    their last meta elsewhere): their feed stays, so that its subscribers learn of the move."""
    cargos = [_cargo_place(c) for c in portal.cargos]
    areas = [_area_place(a) for a in portal.areas]
    known = {(p.kind, p.key) for p in cargos + areas}
    gone = sorted((kind, key) for kind, key in index.events if (kind, key) not in known)
    for kind, key in gone:
        if kind == "cargos":
            cargos.append(_Place(kind, key, slugify(key), f"del cargo o puesto {key}", urls.CARGOS))
        else:
            areas.append(_Place(kind, key, key.lower(), f"del área normativa {key}", urls.AREAS))
    return cargos + areas


# ---------------------------------------------------------------- what the pages show


def links_for_cargo(cargo: Cargo, portal: Portal) -> Links:
    return _links(_cargo_place(cargo), portal)


def links_for_area(area: Area, portal: Portal) -> Links:
    return _links(_area_place(area), portal)


def _links(place: _Place, portal: Portal) -> Links:
    index = _index(portal)
    periods = _periods(m.periodo for m in index.metas.get((place.kind, place.key), []))
    calendars = []
    for position, periodo in enumerate(periods):
        if position == 0:
            newest = len(periods) > 1 and periods[1].inicio < periodo.inicio  # not when the other sistema's period has the same dates
            calendars.append((f"Periodo {periodo.label}" + (", el más reciente" if newest else ""), place.calendar()))
        else:
            calendars.append((f"Periodo {periodo.label}", place.calendar(periodo.slug)))
    has_feed = bool(index.events.get((place.kind, place.key)))
    return Links(tuple(calendars), place.feed if has_feed else None, _feed_title(place))


# ---------------------------------------------------------------- the files


def subscription_files(portal: Portal, site_url: str | None) -> list[Download]:
    """Every calendar and feed of every cargo and área, in a fixed order (cargos, then áreas, as in the portal).

    A cargo or área that no meta applies to any more, but did before an amendment, keeps its feed
    (whose page link is then the section's index) and has no calendar. Timed as the step "subscriptions"."""
    with step("subscriptions"):
        return _files(portal, site_url)


def _files(portal: Portal, site_url: str | None) -> list[Download]:
    index = _index(portal)
    host = (urlsplit(site_url).hostname if site_url else None) or UID_HOST
    events: dict[tuple[str, str], bytes] = {}  # each meta's VEVENT, serialised once for all its calendars
    files = []
    for place in _places(portal, index):
        by_period: dict[Periodo, list[Meta]] = defaultdict(list)
        for meta in index.metas.get((place.kind, place.key), []):
            by_period[meta.periodo].append(meta)
        for position, periodo in enumerate(_periods(by_period)):
            path = place.calendar() if position == 0 else place.calendar(periodo.slug)
            files.append(_calendar(place, periodo, by_period[periodo], path, portal, site_url, host, events))
        by_acuerdo = index.events.get((place.kind, place.key))
        if by_acuerdo:
            files.append(_feed(place, by_acuerdo, portal, site_url))
    return files


def _calendar(place: _Place, periodo: Periodo, metas: list[Meta], path: str, portal: Portal, site_url: str | None, host: str, cache: dict) -> Download:
    illustrative = any(m.datos_ilustrativos for m in metas)
    name = _clean(f"Metas {place.name} · {periodo.label}" + (ILLUSTRATIVE_SUFFIX if illustrative else ""))
    description = _clean(
        f"La vigencia de cada meta {place.name} en el periodo {periodo.label}, según los acuerdos de la Junta General Ejecutiva del INE."
        + (" Contiene datos ilustrativos, no el anexo oficial." if illustrative else "")
    )
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("description", description)
    calendar.add("x-wr-caldesc", icalendar.vText(description))
    calendar.add("last-modified", _moment(max(_last_change(m) for m in metas)))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    if site_url:
        calendar.add("url", urls.absolute(site_url, place.page))
        calendar.add("source", urls.absolute(site_url, path), parameters={"VALUE": "URI"})
    events = []
    for meta in metas:
        key = (meta.acuerdo, meta.numero)
        if key not in cache:
            cache[key] = _event_bytes(_event_values(meta, portal, site_url, host))
        events.append(cache[key])
    title = f"Calendario de las metas {place.name}, {periodo.label}" + (ILLUSTRATIVE_SUFFIX if illustrative else "")
    return Download(
        path, _with_events(calendar, events), title,
        "Un evento de día completo por meta, de su fecha de inicio a su fecha de término; las canceladas quedan marcadas como canceladas.",
        len(metas), CALENDAR_TYPE,
        notice="ATENCIÓN: contiene metas ilustrativas, no el anexo oficial." if illustrative else "",
    )


def _with_events(calendar: icalendar.Calendar, events: list[bytes]) -> bytes:
    """calendar.to_ical() with these VEVENTs in it: a meta is in the calendar of each of its cargos and
    of its área, and is serialised once for all of them (see `_event_bytes`)."""
    head = calendar.to_ical()
    end = b"END:VCALENDAR\r\n"
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(events) + end


def _event_values(meta: Meta, portal: Portal, site_url: str | None, host: str) -> list[tuple[str, object]]:
    """The properties of a meta's all-day VEVENT as icalendar value types, in the order icalendar writes them."""
    prefix = (CANCELLED_PREFIX if meta.cancelada else "") + (ILLUSTRATIVE_PREFIX if meta.datos_ilustrativos else "")
    address = urls.absolute(site_url, urls.meta(meta.acuerdo, meta.numero))
    values = [
        ("SUMMARY", icalendar.vText(_clean(f"{prefix}{meta.numero} · {_short(meta.descripcion)}"))),
        ("DTSTART", _day(meta.vigencia_en_periodo[0])),
        ("DTEND", _day(meta.vigencia_en_periodo[1] + dt.timedelta(days=1))),  # exclusive: the event covers its last day
        ("DTSTAMP", _stamp(_last_change(meta))),
        ("UID", icalendar.vText(f"{slugify(meta.acuerdo)}/{meta.slug}@{host}")),
        ("SEQUENCE", icalendar.vInt(len(meta.history) - 1)),
        ("DESCRIPTION", icalendar.vText(_clean(_event_description(meta, portal, address)))),
        ("STATUS", _CANCELLED if meta.cancelada else _CONFIRMED),
        ("TRANSP", _TRANSPARENT),  # months long: never shows the person as busy
    ]
    if address:
        values.append(("URL", icalendar.vUri(address)))
    return values


def _event_bytes(values: list[tuple[str, object]]) -> bytes:
    """What icalendar's Event.to_ical() writes for these properties, in a fraction of its time.

    Each value is written by icalendar (`to_ical()`: TEXT escaping, dates, parameters); what is left
    here is what icalendar's Contentline does around it, NAME[;PARAMS]:VALUE, and the fold of long
    lines. At 10,000 metas icalendar's component machinery took about 2 s, some 4 % of a build, for
    10,000 events (a new Parameters object per property, a fold that walks each line character by
    character). Tests compare both, byte for byte, on every event of their data sets.
    """
    lines = [b"BEGIN:VEVENT"]
    for name, value in values:
        shared = isinstance(value, (icalendar.vDDDTypes, _Constant))
        lines.append(_shared_line(name, value) if shared else _fold(_line(name, value)))
    lines.append(b"END:VEVENT\r\n")
    return b"\r\n".join(lines)


def _line(name: str, value) -> bytes:
    params = value.params.to_ical() if value.params else b""
    return name.encode("ascii") + (b";" + params if params else b"") + b":" + value.to_ical()


@functools.cache
def _shared_line(name: str, value) -> bytes:
    """The line of a value that many events share (a date, a status): made once."""
    return _fold(_line(name, value))


def _fold(raw: bytes, limit: int = 75) -> bytes:
    """RFC 5545 folding as icalendar's: at most limit - 1 octets a piece, never inside a UTF-8 character,
    and an escape's backslash (or RFC 6868's ^) carried to the next piece with what it escapes."""
    if len(raw) < limit:
        return raw
    pieces = []
    start = 0
    while len(raw) - start >= limit:
        end = start + limit - 1
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: the character starts before
            end -= 1
        if raw[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(raw[start:end])
        start = end
    pieces.append(raw[start:])
    return b"\r\n ".join(pieces)


class _Constant(icalendar.vText):
    """A TEXT value that every event of a kind shares."""

    __hash__ = str.__hash__


_CONFIRMED = _Constant("CONFIRMED")
_CANCELLED = _Constant("CANCELLED")
_TRANSPARENT = _Constant("TRANSPARENT")


@functools.cache
def _day(day: dt.date) -> icalendar.vDDDTypes:
    return icalendar.vDDDTypes(day)  # DTSTART;VALUE=DATE:20230101


@functools.cache
def _stamp(day: dt.date) -> icalendar.vDDDTypes:
    return icalendar.vDDDTypes(_moment(day))  # 20230101T000000Z


def _event_description(meta: Meta, portal: Portal, address: str | None) -> str:
    alta = meta.history[0]
    lines = [meta.descripcion, ""]
    if meta.cancelada:
        last = meta.history[-1]
        lines.append(f"META CANCELADA por el acuerdo {last.acuerdo} el {fecha_larga(last.fecha)}.")
    if meta.datos_ilustrativos:
        lines.append(ILLUSTRATIVE_NOTE)
    lines.append(f"Meta {meta.tipo} del área normativa {meta.area}, aprobada por el acuerdo {alta.acuerdo} el {fecha_larga(alta.fecha)}.")
    for event in meta.history[1:]:
        if event.accion == "modifica":
            fields = ", ".join(_field_title(c.campo).lower() for c in event.changes) or "sin cambios de campo"
            lines.append(f"Modificada por el acuerdo {event.acuerdo} el {fecha_larga(event.fecha)} ({fields}).")
    lines.append(f"Vigencia: del {fecha_larga(meta.fecha_inicio)} al {fecha_larga(meta.fecha_termino)}.")
    if meta.vigencia_en_periodo != (meta.fecha_inicio, meta.fecha_termino):
        lines.append(f"La vigencia sale del periodo del acuerdo ({fecha_larga(meta.periodo.inicio)} al {fecha_larga(meta.periodo.fin)}): el calendario la muestra dentro del periodo.")
    lines.append(f"Cargos o puestos: {'; '.join(meta.cargos)}.")
    if address:
        lines += ["", address]
    return "\n".join(lines)


def _feed(place: _Place, by_acuerdo: dict[str, list[tuple[Meta, Event]]], portal: Portal, site_url: str | None) -> Download:
    path = place.feed

    def link(url: str) -> str:
        return urls.absolute(site_url, url) or urls.href(path, url)

    acuerdos = sorted((portal.acuerdo(clave) for clave in by_acuerdo), key=lambda a: (a.fecha_aprobacion, a.clave), reverse=True)
    illustrative = any(meta.datos_ilustrativos for pairs in by_acuerdo.values() for meta, _ in pairs)
    feed = FeedGenerator()
    feed.id(f"{TAG}{place.kind}/{place.slug}")
    feed.title(_clean(_feed_title(place) + (ILLUSTRATIVE_SUFFIX if illustrative else "")))
    feed.subtitle(_clean(
        f"Cada acuerdo de la Junta General Ejecutiva del INE que aprobó, modificó o canceló metas {place.name}."
        + (" Contiene datos ilustrativos, no los anexos oficiales." if illustrative else "")
    ))
    feed.language("es")
    feed.author(name=AUTHOR)
    feed.generator(AUTHOR)
    feed.link(href=link(place.page), rel="alternate", type="text/html")
    if site_url:
        feed.link(href=urls.absolute(site_url, path), rel="self", type=FEED_TYPE)
    feed.updated(_moment(acuerdos[0].fecha_aprobacion))
    size = _ENTRY_BYTES  # the feed's own elements
    kept = 0
    for acuerdo in acuerdos:
        pairs = sorted(by_acuerdo[acuerdo.clave], key=lambda pair: (_ACCIONES.index(pair[1].accion), slugify(pair[0].acuerdo), _natural(pair[0].numero)))
        shown = any(meta.datos_ilustrativos for meta, _ in pairs) or acuerdo.datos_ilustrativos
        html = _clean(_entry_html(acuerdo, pairs, shown, link))
        size += _ENTRY_BYTES + len(html.encode("utf-8")) + 3 * (html.count("<") + html.count(">")) + 4 * html.count("&")  # as XML escapes it
        if kept and size > FEED_BYTES:
            break  # the oldest entries: a reader keeps those it has seen
        kept += 1
        entry = feed.add_entry(order="append")
        entry.id(f"{TAG}{place.kind}/{place.slug}/{acuerdo.slug}")
        entry.title(_clean(f"{acuerdo.clave}: {_entry_verbs(pairs)}" + (ILLUSTRATIVE_SUFFIX if shown else "")))
        entry.updated(_moment(acuerdo.fecha_aprobacion))
        entry.published(_moment(acuerdo.fecha_aprobacion))
        entry.link(href=link(acuerdo.path), rel="alternate", type="text/html")
        entry.content(html, type="html")
    return Download(
        path, feed.atom_str(pretty=True, encoding="UTF-8"), _clean(_feed_title(place)),
        "Canal Atom: una entrada por cada acuerdo que aprobó, modificó o canceló alguna de sus metas, con los campos que cambiaron.",
        kept, FEED_TYPE,
        notice="ATENCIÓN: contiene metas ilustrativas, no el anexo oficial." if illustrative else "",
    )


def _feed_title(place: _Place) -> str:
    return f"Cambios en las metas {place.name}"


def _grouped(pairs: list[tuple[Meta, Event]]) -> dict[str, dict[tuple[str, str], tuple[Meta, list]]]:
    """accion → meta → (meta, its changes): an acuerdo whose table changes one meta in two rows lists it once."""
    groups: dict[str, dict[tuple[str, str], tuple[Meta, list]]] = {accion: {} for accion in _ACCIONES}
    for meta, event in pairs:
        _, changes = groups[event.accion].setdefault((meta.acuerdo, meta.numero), (meta, []))
        changes.extend(event.changes)
    return groups


def _entry_verbs(pairs: list[tuple[Meta, Event]]) -> str:
    """aprueba 3 metas, modifica 1 meta y cancela 1 meta."""
    counts = {accion: len(metas) for accion, metas in _grouped(pairs).items()}
    parts = [f"{_ACCION_VERB[a]} {n} {'meta' if n == 1 else 'metas'}" for a, n in counts.items() if n]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]


def _entry_html(acuerdo, pairs: list[tuple[Meta, Event]], illustrative: bool, link) -> str:
    """HTML of one entry; every text from the data escaped."""
    html = [f"<p>{escape(acuerdo.clave)}, {escape(acuerdo.organo)}, aprobado el {escape(fecha_larga(acuerdo.fecha_aprobacion))}: {escape(acuerdo.titulo)}</p>"]
    if illustrative:
        html.append("<p><strong>Datos ilustrativos</strong>: estas metas sirven para demostrar el portal; no forman parte del anexo oficial.</p>")
    for accion, group in _grouped(pairs).items():
        if not group:
            continue
        html.append(f"<h3>{_ACCION_HEADING[accion]} ({len(group)})</h3><ul>")
        for meta, changes in group.values():
            item = f'<a href="{escape(link(meta.path))}">{escape(meta.numero)}</a>'
            if meta.acuerdo != acuerdo.clave:
                item += f" (aprobada por {escape(meta.acuerdo)})"
            item += f": {escape(_short(meta.descripcion))}"
            if changes:
                item += "<ul>" + "".join(
                    f"<li>{escape(_field_title(c.campo))}: <del>{escape(_value(c.anterior))}</del> → <ins>{escape(_value(c.nuevo))}</ins></li>"
                    for c in changes
                ) + "</ul>"
            html.append(f"<li>{item}</li>")
        html.append("</ul>")
    return "".join(html)


# ---------------------------------------------------------------- small helpers


def _clean(text: str) -> str:
    """Without the characters XML 1.0 and iCalendar cannot carry (nor those the project refuses
    everywhere, text.FORBIDDEN: the loader drops them, this keeps it so for any Portal), line ends as LF."""
    return remove_forbidden(_NOT_XML.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first words of a description, cut at a word and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def _field_title(campo: str) -> str:
    column = COLUMNS_BY_NAME.get(campo)
    return column.title if column else campo


def _value(value) -> str:
    """A value of a change as a visitor reads it (as on the meta page)."""
    if value is None or value == "" or value == ():
        return "—"
    if isinstance(value, dt.date):
        return fecha_larga(value)
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, (int, float)):
        return numero(value)
    return str(value)


def _last_change(meta: Meta) -> dt.date:
    return max(event.fecha for event in meta.history)


def _moment(day: dt.date) -> dt.datetime:
    """A date of the data as the start of that day in UTC (iCalendar and Atom want a time)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
