"""The model → plotly figures (JSON), each with a text alternative.

Figures are built with plotly's graph_objects and shipped as JSON inside the page;
site_src/assets/js/graficas.js draws them with the self-hosted plotly.js. Counts
of metas leave out the cancelled ones, except the acuerdo's Cuadro, which compares
the annex as approved (as derive.reconcile does).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from generator.common.text import fecha_larga, mes_anio
from generator.contract import urls
from generator.contract.schema import CUADRO_COLUMNS
from generator.model.derive import annex_counts, Derived, Reconciliation
from generator.model.records import Acuerdo, Area, Cargo, Portal

# The palette of site_src/assets/css/portal.css. Each colour has a contrast of at least 4.5:1
# with white, beyond WCAG AA's 3:1 for graphics, and white stripes or borders on it too.
COLOR_INDIVIDUAL = "#1f5f8b"
COLOR_COLECTIVA = "#b3541e"
COLOR_OC = "#5b4a9c"
COLOR_OD = "#2e7d4f"
COLOR_DECLARED = "#6b6b6b"  # metas an acuerdo declares whose annex is not in the portal
TEXT_COLOR = "#1f1f1f"
GRID_COLOR = "#d9d9d9"


@dataclass(frozen=True)
class Series:
    key: str  # the value in the data (or the Cuadro's column)
    label: str  # legend and table header
    color: str
    counts: str  # what its bars count, in hover text
    stripes: bool = False


TIPOS = (
    Series("individual", "Individuales", COLOR_INDIVIDUAL, "metas individuales"),
    Series("colectiva", "Colectivas", COLOR_COLECTIVA, "metas colectivas"),
)
AMBITOS = (
    Series("oficinas_centrales", "Oficinas centrales", COLOR_OC, "metas de oficinas centrales"),
    Series("organos_desconcentrados", "Órganos desconcentrados", COLOR_OD, "metas de órganos desconcentrados"),
)
# The Cuadro's four columns: the colour tells the tipo, stripes tell órganos desconcentrados.
CUADRO_SERIES = (
    Series("oc_individuales", "Individuales, oficinas centrales", COLOR_INDIVIDUAL, "metas individuales de oficinas centrales"),
    Series("od_individuales", "Individuales, órganos desconcentrados", COLOR_INDIVIDUAL, "metas individuales de órganos desconcentrados", stripes=True),
    Series("oc_colectivas", "Colectivas, oficinas centrales", COLOR_COLECTIVA, "metas colectivas de oficinas centrales"),
    Series("od_colectivas", "Colectivas, órganos desconcentrados", COLOR_COLECTIVA, "metas colectivas de órganos desconcentrados", stripes=True),
)
DECLARED = Series("declaradas", "Declaradas (anexo no disponible)", COLOR_DECLARED, "metas que declara el acuerdo (su anexo no está disponible)")

LABEL_WIDTH = 44  # characters per line of a bar's label (above the bar: the full width of a 375 px screen)
TABLE_NOTE = "Los datos están en la tabla «Ver los datos de la gráfica»."
SOURCE = "Fuente: acuerdos de la Junta General Ejecutiva del INE; portal «Metas del Servicio Profesional Electoral Nacional»"
ILLUSTRATIVE_NOTICE = "Datos ilustrativos: no son el anexo oficial del acuerdo"
# Horizontal bars carry their label above them, across the plot's width (no label column squeezing
# the bars on a phone): a bar, the label's lines above it and a gap make each category's band.
BAR_PX = 20
LINE_PX = 17  # a line of 13 px text
GAP_PX = 14

# The site's template, set once: plotly's default one would add about 6.5 KB to every figure.
TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family='-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif', size=13, color=TEXT_COLOR),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        separators=".,",  # 1,234.5, as the rest of the portal writes numbers (Mexico)
        autosize=True,
        margin=dict(l=8, r=16, t=8, b=8),
        barmode="stack",
        bargap=0.25,
        dragmode=False,
        hovermode="closest",
        hoverlabel=dict(bgcolor="#ffffff", bordercolor=TEXT_COLOR, font=dict(color=TEXT_COLOR)),
        legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", traceorder="normal"),
        xaxis=dict(automargin=True, fixedrange=True, gridcolor=GRID_COLOR, zeroline=False, linecolor=TEXT_COLOR),
        yaxis=dict(automargin=True, fixedrange=True, gridcolor=GRID_COLOR, zeroline=False, linecolor=TEXT_COLOR),
    )
)
TEMPLATE_JSON = TEMPLATE.to_plotly_json()


@dataclass(frozen=True)
class Chart:
    id: str  # unique in its page
    title: str
    description: str  # what the chart shows, for screen readers (aria-label)
    figure: dict  # plotly's {"data": [...], "layout": {...}}
    headers: tuple[str, ...]  # the table of the numbers it draws; the first column names the row
    rows: tuple[tuple, ...]
    links: tuple[str | None, ...] = ()  # per row: the site URL (urls.py) of the page of what the row counts
    names: tuple[str, ...] = ()  # per row: what the row counts, in full (siglas with their name)
    illustrative: bool = False  # it counts illustrative metas
    date: str = ""  # how recent its data is (data_date)
    summary: str = ""  # what its table says, in a line: shown in its box until the chart is drawn

    def export(self) -> dict:
        """What the exported image carries besides the plot: title, source, date, notice (text for plotly)."""
        return {"title": plotly_text(self.title), "source": plotly_text(SOURCE), "date": plotly_text(self.date), "notice": ILLUSTRATIVE_NOTICE if self.illustrative else ""}

    @property
    def height(self) -> int:
        return self.figure["layout"]["height"]

    def figure_json(self) -> Markup:
        """The figure as JSON for a <script type="application/json">: no "<", ">" or "&" can end it early."""
        text = json.dumps(self.figure, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def for_page(kind: str, portal: Portal, derived: Derived, **objects) -> list[Chart]:
    if kind == "home":
        found = _home(portal, derived)
    elif kind == "acuerdo":
        found = _acuerdo(portal, objects["acuerdo"], objects["reconciliation"], derived)
    elif kind == "area":
        found = _area(portal, objects["area"], derived)
    elif kind == "cargo":
        found = _cargo(portal, objects["cargo"], derived)
    else:
        raise ValueError(f"no charts for pages of kind {kind!r}")
    date = data_date(portal)
    return [dataclasses.replace(chart, date=date) for chart in found]


def data_date(portal: Portal) -> str:
    """How recent the charts' data is: the approval of the newest acuerdo in the portal (the same at every build)."""
    newest = max((a.fecha_aprobacion for a in portal.acuerdos), default=None)
    return f"Acuerdos aprobados hasta el {fecha_larga(newest)}" if newest else ""


class _Names:
    """Full names and page addresses of what bars count: áreas (siglas → name), cargos, acuerdos."""

    def __init__(self, portal: Portal):
        self.glosario = portal.glosario
        self.areas = {a.siglas: a for a in portal.areas}
        self.cargos = {c.nombre for c in portal.cargos}

    def area(self, siglas: str) -> str:
        area = self.areas.get(siglas)
        nombre = (area.nombre if area else None) or self.glosario.get(siglas)
        return f"{siglas} · {nombre}" if nombre and nombre != siglas else siglas

    def spoken(self, label: str) -> str:
        """«DEOE · Dirección…» as a sentence says it: «Dirección… (DEOE)»."""
        siglas, _, nombre = label.partition(" · ")
        return f"{nombre} ({siglas})" if nombre else label

    def area_link(self, siglas: str) -> str | None:
        return urls.area(siglas) if siglas in self.areas else None

    def cargo_link(self, nombre: str) -> str | None:
        return urls.cargo(nombre) if nombre in self.cargos else None

    def of(self, category: str, value: str) -> tuple[str, str | None]:
        if category == "area":
            return self.area(value), self.area_link(value)
        if category == "cargo":
            return value, self.cargo_link(value)
        raise ValueError(category)


def plotly_text(value: str) -> str:
    """Data as plotly.js shows it literally: it reads tags (<b>, <br>, <a>) and entities in text."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Pages ------------------------------------------------------------------------------------------


def _home(portal: Portal, derived: Derived) -> list[Chart]:
    vigentes = _vigentes(derived.metas)
    names = _Names(portal)
    charts = []
    if not vigentes.empty:
        charts.append(_by_category("grafica-areas-tipo", "Metas por área normativa y tipo", vigentes, "area", "tipo", TIPOS, "Área normativa", names))
        charts.append(_by_category("grafica-areas-ambito", "Metas por área normativa y ámbito", vigentes, "area", "ambito", AMBITOS, "Área normativa", names))
    by_acuerdo = _by_acuerdo(portal, vigentes)
    if by_acuerdo:
        charts.append(by_acuerdo)
    if not vigentes.empty:
        charts.append(_timeline("grafica-vigencia", "Metas vigentes por mes", vigentes))
    return charts


def _acuerdo(portal: Portal, acuerdo: Acuerdo, reconciliation: Reconciliation, derived: Derived) -> list[Chart]:
    """The Cuadro as a chart; where the annex differs, its counts in a bar below the acuerdo's."""
    names = _Names(portal)
    rows = []  # (área, source, category, {Cuadro column: count})
    differing = 0
    if acuerdo.cuadro and reconciliation.annex_available:
        for area, comparisons in reconciliation.cuadro:
            declared = {column: c.declared for column, c in zip(CUADRO_COLUMNS, comparisons)}
            annex = {column: c.annex for column, c in zip(CUADRO_COLUMNS, comparisons)}
            if declared == annex:
                rows.append((area, "Acuerdo y anexo (coinciden)", area, declared))
            else:
                differing += 1
                rows.append((area, "Acuerdo", f"{area} · acuerdo", declared))
                rows.append((area, "Anexo", f"{area} · anexo", annex))
        title = ("Cuadro 1 frente al anexo" if differing else "Cuadro 1 en gráfica") + ": metas por área normativa, tipo y ámbito"
    elif acuerdo.cuadro:
        rows = [(row["area"], "Acuerdo", row["area"], {c: row[c] for c in CUADRO_COLUMNS}) for row in acuerdo.cuadro]
        title = "Cuadro 1 en gráfica: metas por área normativa, tipo y ámbito"
    elif reconciliation.annex_available:
        counts = annex_counts(derived.metas[derived.metas["acuerdo"] == acuerdo.clave])
        rows = [(area, "Anexo", area, {c: int(counts.loc[area, c]) for c in CUADRO_COLUMNS}) for area in counts.index]
        title = "Metas que aprueba el acuerdo, por área normativa, tipo y ámbito"
    else:
        return []
    categories = [category for _, _, category, _ in rows]
    full = [names.area(area) + ("" if source.startswith("Acuerdo y") or not differing else f" ({source.lower()})") for area, source, _, _ in rows]
    traces = [_bar(series, categories, [counts[series.key] for *_, counts in rows], full) for series in CUADRO_SERIES]
    description = (
        "Gráfica de barras horizontales apiladas: una barra por área normativa ("
        + "; ".join(dict.fromkeys(names.spoken(names.area(area)) for area, *_ in rows))
        + ") con sus metas individuales y colectivas, de oficinas centrales (color liso) y de órganos desconcentrados (con rayas)"
        + (f"; en {differing} área(s) el anexo difiere del acuerdo y una segunda barra muestra las cifras del anexo" if differing else "")
        + f". {TABLE_NOTE}"
    )
    shows_annex = reconciliation.annex_available
    illustrative = shows_annex and bool(derived.metas.loc[derived.metas["acuerdo"] == acuerdo.clave, "datos_ilustrativos"].any())
    return [
        Chart(
            "grafica-cuadro", title, description,
            _hbar_figure(traces, categories, full, max(sum(counts.values()) for *_, counts in rows)),
            ("Área normativa", "Fuente", *(s.label for s in CUADRO_SERIES), "Total"),
            tuple((area, source, *(counts[s.key] for s in CUADRO_SERIES), sum(counts.values())) for area, source, _, counts in rows),
            tuple(names.area_link(area) for area, *_ in rows), tuple(full), illustrative,
            summary=_leaders((category, sum(counts.values())) for _, _, category, counts in rows),
        )
    ]


def _area(portal: Portal, area: Area, derived: Derived) -> list[Chart]:
    vigentes = _vigentes(derived.metas)
    own = vigentes[vigentes["area"] == area.siglas]
    if own.empty:
        return []
    by_cargo = _vigentes(derived.metas_cargos)
    return [
        _by_category("grafica-cargos", f"Metas de {area.siglas} por cargo o puesto y tipo", by_cargo[by_cargo["area"] == area.siglas], "cargo", "tipo", TIPOS, "Cargo o puesto", _Names(portal)),
        _timeline("grafica-vigencia", f"Metas de {area.siglas} vigentes por mes", own),
    ]


def _cargo(portal: Portal, cargo: Cargo, derived: Derived) -> list[Chart]:
    by_cargo = _vigentes(derived.metas_cargos)
    own = by_cargo[by_cargo["cargo"] == cargo.nombre]
    if own.empty:
        return []
    return [
        _by_category("grafica-areas", "Metas del cargo por área normativa y tipo", own, "area", "tipo", TIPOS, "Área normativa", _Names(portal)),
        _timeline("grafica-vigencia", "Metas del cargo vigentes por mes: qué está en curso cada mes", own),
    ]


# Figures ----------------------------------------------------------------------------------------


def _by_category(chart_id: str, title: str, frame: pd.DataFrame, category: str, split: str, series: tuple[Series, ...], header: str, names: _Names) -> Chart:
    """Horizontal stacked bars: metas by `category` (the most first), split by `split` (tipo or ámbito)."""
    table = frame.groupby([category, split]).size().unstack(fill_value=0).reindex(columns=[s.key for s in series], fill_value=0)
    table = table.assign(total=table.sum(axis=1)).reset_index()
    table = table.sort_values(["total", category], ascending=[False, True], kind="stable")
    keys = list(table[category])
    full, links = zip(*(names.of(category, key) for key in keys))
    traces = [_bar(s, keys, [int(n) for n in table[s.key]], full) for s in series]
    description = (
        f"Gráfica de barras horizontales apiladas: metas por {header.lower()}, divididas en {series[0].counts} y {series[1].counts}, "
        f"de más a menos metas: {_enumeration(f'{names.spoken(name)}, {total:,}' for name, total in zip(full, table['total']))}"
        + f". {TABLE_NOTE}"
    )
    columns = [category, *(s.key for s in series), "total"]
    return Chart(
        chart_id, title, description,
        _hbar_figure(traces, keys, list(full), int(table["total"].max())),
        (header, *(s.label for s in series), "Total"),
        tuple((row[0], *(int(n) for n in row[1:])) for row in table[columns].itertuples(index=False)),
        tuple(links), tuple(full), bool(frame["datos_ilustrativos"].any()),
        summary=_leaders(zip(keys, (int(n) for n in table["total"]))),
    )


def _by_acuerdo(portal: Portal, vigentes: pd.DataFrame) -> Chart | None:
    """Metas of each acuerdo, grouped by period, newest on top; what it declares where its annex is missing."""
    counts = vigentes.groupby(["acuerdo", "tipo"]).size().unstack(fill_value=0).reindex(columns=[s.key for s in TIPOS], fill_value=0)
    rows = []  # (acuerdo, {series key: count})
    for periodo in portal.periodos:
        for acuerdo in portal.acuerdos:
            if acuerdo.periodo != periodo:
                continue
            if acuerdo.clave in counts.index:
                rows.append((acuerdo, {s.key: int(counts.loc[acuerdo.clave, s.key]) for s in TIPOS} | {DECLARED.key: 0}))
            elif acuerdo.metas_file is None and acuerdo.totales and acuerdo.totales.get("metas"):
                rows.append((acuerdo, {s.key: 0 for s in TIPOS} | {DECLARED.key: int(acuerdo.totales["metas"])}))
    if not rows:
        return None
    series = (*TIPOS, DECLARED) if any(n[DECLARED.key] for _, n in rows) else TIPOS
    keys = [a.clave for a, _ in rows]
    full = [f"{a.clave} · periodo {a.periodo.label}" for a, _ in rows]
    traces = [_bar(s, keys, [n[s.key] for _, n in rows], full) for s in series]
    description = (
        f"Gráfica de barras horizontales apiladas: las metas de cada uno de {len(rows)} acuerdos, agrupados por periodo de evaluación "
        f"del más reciente al más antiguo, divididas en individuales y colectivas"
        + ("; en gris, las que declara un acuerdo cuyo anexo no está disponible" if DECLARED in series else "")
        + f". {TABLE_NOTE}"
    )
    shown = vigentes[vigentes["acuerdo"].isin(keys)]
    return Chart(
        "grafica-acuerdos", "Metas por acuerdo y periodo", description,
        _hbar_figure(traces, keys, full, max(sum(n.values()) for _, n in rows)),
        ("Acuerdo", "Periodo", *(s.label for s in series)),
        tuple((a.clave, a.periodo.label, *(n[s.key] for s in series)) for a, n in rows),
        tuple(urls.acuerdo(a.clave) for a, _ in rows), tuple(full), bool(shown["datos_ilustrativos"].any()),
        summary=_leaders((a.clave, sum(n.values())) for a, n in rows),
    )


def _timeline(chart_id: str, title: str, frame: pd.DataFrame) -> Chart:
    """Metas in force each month (a meta counts in every month its vigencia touches), by tipo."""
    months, counts = _monthly_counts(frame)
    x = [m.isoformat() for m in months]
    traces = [
        go.Bar(
            name=s.label, x=x, y=counts[s.key], xperiod="M1", xperiodalignment="middle",
            marker=dict(color=s.color, line=dict(color="#ffffff", width=0.5)),
            hovertemplate=f"%{{x|%B de %Y}}<br>{s.counts.capitalize()} vigentes: %{{y:,}}<extra></extra>",
        )
        for s in TIPOS
    ]
    totals = [sum(values) for values in zip(*(counts[s.key] for s in TIPOS))]
    peak = totals.index(max(totals))
    description = (
        f"Gráfica de barras apiladas: metas vigentes cada mes, de {mes_anio(months[0])} a {mes_anio(months[-1])}, "
        f"individuales y colectivas; el mes con más es {mes_anio(months[peak])}, con {totals[peak]:,} {'meta' if totals[peak] == 1 else 'metas'}. {TABLE_NOTE}"
    )
    return Chart(
        chart_id, title, description,
        _figure(traces, 360, xaxis=dict(type="date", ticklabelmode="period", tickformat="%b\n%Y"), yaxis=_count_axis("Metas vigentes", max(totals))),
        ("Mes", *(s.label for s in TIPOS), "Total"),
        tuple((mes_anio(month), *(counts[s.key][i] for s in TIPOS), totals[i]) for i, month in enumerate(months)),
        illustrative=bool(frame["datos_ilustrativos"].any()),
        summary=f"De {mes_anio(months[0])} a {mes_anio(months[-1])}; el mes con más metas vigentes es {mes_anio(months[peak])}, con {totals[peak]:,}.",
    )


def _monthly_counts(frame: pd.DataFrame) -> tuple[list[dt.date], dict[str, list[int]]]:
    """The first day of every month from the first vigencia to the last, and the metas in force in each, by tipo
    (each vigencia within its acuerdo's period: one that runs to 2107 does not draw a century of months)."""
    start = frame["vigencia_inicio"].dt.year * 12 + frame["vigencia_inicio"].dt.month - 1
    end = frame["vigencia_fin"].dt.year * 12 + frame["vigencia_fin"].dt.month - 1
    first, last = int(start.min()), int(end.max())
    length = last - first + 1
    counts = {}
    for s in TIPOS:
        of_tipo = (frame["tipo"] == s.key).to_numpy()
        # +1 in the month a vigencia starts, -1 in the month after it ends: the running sum counts those in force.
        steps = np.bincount(start[of_tipo] - first, minlength=length + 1) - np.bincount(end[of_tipo] - first + 1, minlength=length + 1)
        counts[s.key] = [int(n) for n in np.cumsum(steps)[:length]]
    return [dt.date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1)], counts


def _bar(series: Series, keys: list[str], x: list[int], names: list[str]) -> go.Bar:
    """One series of horizontal bars over the categories `keys` (as written in the data); `names`
    what each is in full, for the hover text; customdata also says which row of the chart's table
    (and so which link) a bar is."""
    marker = dict(color=series.color, line=dict(color="#ffffff", width=1))
    if series.stripes:
        marker["pattern"] = dict(shape="/", fillmode="overlay", fgcolor="#ffffff", solidity=0.3)
    return go.Bar(
        name=series.label, orientation="h", y=[plotly_text(k) for k in keys], x=x,
        customdata=[[plotly_text(name), row] for row, name in enumerate(names)], marker=marker,
        hovertemplate=f"%{{customdata[0]}}<br>{series.counts.capitalize()}: %{{x:,}}<extra></extra>",
    )


def _hbar_figure(traces: list[go.Bar], keys: list[str], names: list[str], top: int) -> dict:
    """Horizontal bars, the first category on top, each with its full name above it (an annotation
    across the plot's width, which graficas.js keeps just above its bar whatever the screen)."""
    lines = max(len(_wrap(name)) for name in names)
    band = BAR_PX + GAP_PX + LINE_PX * lines
    headroom = (LINE_PX * lines / 2 + 2) / band  # the top label stands above the first band's middle
    categories = [plotly_text(k) for k in keys]
    labels = [
        dict(
            text="<br>".join(_wrap(name)), x=0, xref="paper", xanchor="left", align="left", y=category, yref="y", yanchor="bottom",
            yshift=BAR_PX / 2 + 2, showarrow=False, captureevents=True, name=str(row),
        )
        for row, (category, name) in enumerate(zip(categories, names))
    ]
    yaxis = dict(type="category", categoryorder="array", categoryarray=categories, range=[len(keys) - 0.5, -0.5 - headroom], showticklabels=False, ticks="")
    return _figure(
        traces, 70 + 22 * len(traces) + round(band * (len(keys) + headroom)),
        bargap=round(1 - BAR_PX / band, 3), yaxis=yaxis, xaxis=_count_axis("Metas", top), annotations=labels,
    )


def _figure(traces: list[go.Bar], height: int, **layout) -> dict:
    """What go.Figure(...).to_plotly_json() gives, without go.Figure copying and validating
    the template again for every figure (five times slower); traces and layout are validated."""
    return {"data": [trace.to_plotly_json() for trace in traces], "layout": go.Layout(height=height, **layout).to_plotly_json() | {"template": TEMPLATE_JSON}}


def _vigentes(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame["cancelada"]]


def _wrap(label: str) -> list[str]:
    return textwrap.wrap(plotly_text(label), LABEL_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]


def _enumeration(items) -> str:
    """«a; b; y c»: items that may hold commas themselves."""
    items = list(items)
    return items[0] if len(items) == 1 else "; ".join(items[:-1]) + "; y " + items[-1]


def _leaders(counts, shown: int = 3) -> str:
    """«Con más metas: DEOE (40); DECEYEC (25); DERFE (12); y 4 más.»: the rows with most metas, in one line."""
    ranked = sorted(counts, key=lambda pair: -pair[1])  # stable: ties keep the table's order
    lead = "; ".join(f"{name} ({count:,})" for name, count in ranked[:shown])
    rest = len(ranked) - shown
    return f"Con más metas: {lead}" + (f"; y {rest} más." if rest > 0 else ".")


def _count_axis(title: str, top: int) -> dict:
    """An axis of counts: whole numbers only (plotly would mark 0.2, 0.4… up to a count of 1)."""
    return dict(title=dict(text=title), rangemode="tozero", dtick=1 if top <= 5 else None)
