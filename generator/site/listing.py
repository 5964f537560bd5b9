"""How many metas a page lists before the explorer takes over, and the área and cargo pages' listing:
by period, acuerdo and tipo, within that budget."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.model.records import Acuerdo, Meta, Periodo, Portal

LISTING_ROWS = 100  # metas listed on an acuerdo, área or cargo page; beyond, the explorer takes over


@dataclass(frozen=True)
class PeriodListing:
    """The metas of one period on an área or cargo page, grouped by acuerdo and tipo."""

    periodo: Periodo
    total: int
    shown: int
    groups: tuple[tuple[Acuerdo, tuple[tuple[str, tuple[Meta, ...]], ...]], ...]


def by_period(portal: Portal, metas: list[Meta]) -> list[PeriodListing]:
    """Latest period first, acuerdos newest first, individuales before colectivas; at most
    LISTING_ROWS metas in all, so the page stays light whatever the size of the data."""
    by_periodo: dict[Periodo, list[Meta]] = defaultdict(list)
    for meta in metas:
        by_periodo[meta.periodo].append(meta)
    budget = LISTING_ROWS
    listings = []
    for periodo in portal.periodos:
        own = by_periodo.get(periodo)
        if not own:
            continue
        groups = []
        shown = 0
        for acuerdo in portal.acuerdos:
            tipos = []
            for tipo in ("individual", "colectiva"):
                selected = [m for m in own if m.acuerdo == acuerdo.clave and m.tipo == tipo][: max(budget - shown, 0)]
                shown += len(selected)
                if selected:
                    tipos.append((tipo, tuple(selected)))
            if tipos:
                groups.append((acuerdo, tuple(tipos)))
        budget -= shown
        listings.append(PeriodListing(periodo, len(own), shown, tuple(groups)))
    return listings
