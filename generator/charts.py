"""The model → plotly figures (JSON), each with a text alternative.

Figures are built with plotly's graph_objects and shipped as JSON inside the page;
site_src/assets/js/graficas.js draws them with the self-hosted plotly.js. Counts
of metas leave out the cancelled ones, except the acuerdo's Cuadro, which compares
the annex as approved (as derive.reconcile does).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup

from .derive import Derived, Reconciliation, annex_counts
from .model import Acuerdo, Area, Cargo, Periodo, Portal
from .schema import CUADRO_COLUMNS
from .text import mes_anio

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

LABEL_WIDTH = 28  # characters per line of a category label: long cargo names wrap on a 375 px screen
TABLE_NOTE = "Los datos están en la tabla «Ver los datos de la gráfica»."

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

    @property
    def height(self) -> int:
        return self.figure["layout"]["height"]

    def figure_json(self) -> Markup:
        """The figure as JSON for a <script type="application/json">: no "<", ">" or "&" can end it early."""
        text = json.dumps(self.figure, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def for_page(kind: str, portal: Portal, derived: Derived, **objects) -> list[Chart]:
    if kind == "home":
        return _home(portal, derived)
    if kind == "acuerdo":
        return _acuerdo(objects["acuerdo"], objects["reconciliation"], derived)
    if kind == "area":
        return _area(objects["area"], derived)
    if kind == "cargo":
        return _cargo(objects["cargo"], derived)
    raise ValueError(f"no charts for pages of kind {kind!r}")


def plotly_text(value: str) -> str:
    """Data as plotly.js shows it literally: it reads tags (<b>, <br>, <a>) and entities in text."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Pages ------------------------------------------------------------------------------------------


def _home(portal: Portal, derived: Derived) -> list[Chart]:
    vigentes = _vigentes(derived.metas)
    charts = []
    if not vigentes.empty:
        charts.append(_by_category("grafica-areas-tipo", "Metas por área normativa y tipo", vigentes, "area", "tipo", TIPOS, "Área normativa"))
        charts.append(_by_category("grafica-areas-ambito", "Metas por área normativa y ámbito", vigentes, "area", "ambito", AMBITOS, "Área normativa"))
    by_acuerdo = _by_acuerdo(portal, vigentes)
    if by_acuerdo:
        charts.append(by_acuerdo)
    if not vigentes.empty:
        charts.append(_timeline("grafica-vigencia", "Metas vigentes por mes", vigentes))
    return charts


def _acuerdo(acuerdo: Acuerdo, reconciliation: Reconciliation, derived: Derived) -> list[Chart]:
    """The Cuadro as a chart; where the annex differs, its counts in a bar below the acuerdo's."""
    rows = []  # (área, source, axis label, {Cuadro column: count})
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
    labels = [label for _, _, label, _ in rows]
    traces = [_bar(series, _axis_labels(labels), [counts[series.key] for *_, counts in rows]) for series in CUADRO_SERIES]
    description = (
        "Gráfica de barras horizontales apiladas: una barra por área normativa con sus metas individuales y colectivas, "
        "de oficinas centrales (color liso) y de órganos desconcentrados (con rayas)"
        + (f"; en {differing} área(s) el anexo difiere del acuerdo y una segunda barra muestra las cifras del anexo" if differing else "")
        + f". {TABLE_NOTE}"
    )
    return [
        Chart(
            "grafica-cuadro", title, description,
            _figure(traces, _bars_height(labels, len(traces)), yaxis=_category_axis(labels), xaxis=_count_axis("Metas", max(sum(counts.values()) for *_, counts in rows))),
            ("Área normativa", "Fuente", *(s.label for s in CUADRO_SERIES), "Total"),
            tuple((area, source, *(counts[s.key] for s in CUADRO_SERIES), sum(counts.values())) for area, source, _, counts in rows),
        )
    ]


def _area(area: Area, derived: Derived) -> list[Chart]:
    vigentes = _vigentes(derived.metas)
    own = vigentes[vigentes["area"] == area.siglas]
    if own.empty:
        return []
    by_cargo = _vigentes(derived.metas_cargos)
    return [
        _by_category("grafica-cargos", f"Metas de {area.siglas} por cargo o puesto y tipo", by_cargo[by_cargo["area"] == area.siglas], "cargo", "tipo", TIPOS, "Cargo o puesto"),
        _timeline("grafica-vigencia", f"Metas de {area.siglas} vigentes por mes", own),
    ]


def _cargo(cargo: Cargo, derived: Derived) -> list[Chart]:
    by_cargo = _vigentes(derived.metas_cargos)
    own = by_cargo[by_cargo["cargo"] == cargo.nombre]
    if own.empty:
        return []
    return [
        _by_category("grafica-areas", "Metas del cargo por área normativa y tipo", own, "area", "tipo", TIPOS, "Área normativa"),
        _timeline("grafica-vigencia", "Metas del cargo vigentes por mes: qué está en curso cada mes", own),
    ]


# Figures ----------------------------------------------------------------------------------------


def _by_category(chart_id: str, title: str, frame: pd.DataFrame, category: str, split: str, series: tuple[Series, ...], header: str) -> Chart:
    """Horizontal stacked bars: metas by `category` (the most first), split by `split` (tipo or ámbito)."""
    table = frame.groupby([category, split]).size().unstack(fill_value=0).reindex(columns=[s.key for s in series], fill_value=0)
    table = table.assign(total=table.sum(axis=1)).reset_index()
    table = table.sort_values(["total", category], ascending=[False, True], kind="stable")
    labels = list(table[category])
    traces = [_bar(s, _axis_labels(labels), [int(n) for n in table[s.key]]) for s in series]
    description = (
        f"Gráfica de barras horizontales apiladas: metas por {header.lower()}, divididas en {series[0].counts} y {series[1].counts}, "
        f"de más a menos metas; encabeza {labels[0]}, con {int(table['total'].iloc[0]):,}. {TABLE_NOTE}"
    )
    columns = [category, *(s.key for s in series), "total"]
    return Chart(
        chart_id, title, description,
        _figure(traces, _bars_height(labels, len(traces)), yaxis=_category_axis(labels), xaxis=_count_axis("Metas", int(table["total"].max()))),
        (header, *(s.label for s in series), "Total"),
        tuple((row[0], *(int(n) for n in row[1:])) for row in table[columns].itertuples(index=False)),
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
    axis = [[_periodo_short(a.periodo) for a, _ in rows], [plotly_text(a.clave) for a, _ in rows]]
    names = [f"{plotly_text(a.clave)}<br>Periodo {plotly_text(a.periodo.label)}" for a, _ in rows]
    traces = [_bar(s, axis, [n[s.key] for _, n in rows], names) for s in series]
    description = (
        f"Gráfica de barras horizontales apiladas: las metas de cada uno de {len(rows)} acuerdos, agrupados por periodo de evaluación "
        f"del más reciente al más antiguo, divididas en individuales y colectivas"
        + ("; en gris, las que declara un acuerdo cuyo anexo no está disponible" if DECLARED in series else "")
        + f". {TABLE_NOTE}"
    )
    return Chart(
        "grafica-acuerdos", "Metas por acuerdo y periodo", description,
        _figure(traces, _bars_height([a.clave for a, _ in rows], len(traces)), yaxis=dict(type="multicategory", autorange="reversed"), xaxis=_count_axis("Metas", max(sum(n.values()) for _, n in rows))),
        ("Acuerdo", "Periodo", *(s.label for s in series)),
        tuple((a.clave, a.periodo.label, *(n[s.key] for s in series)) for a, n in rows),
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
        f"individuales y colectivas; el mes con más es {mes_anio(months[peak])}, con {totals[peak]:,} metas. {TABLE_NOTE}"
    )
    return Chart(
        chart_id, title, description,
        _figure(traces, 360, xaxis=dict(type="date", ticklabelmode="period", tickformat="%b\n%Y"), yaxis=_count_axis("Metas vigentes", max(totals))),
        ("Mes", *(s.label for s in TIPOS), "Total"),
        tuple((mes_anio(month), *(counts[s.key][i] for s in TIPOS), totals[i]) for i, month in enumerate(months)),
    )


def _monthly_counts(frame: pd.DataFrame) -> tuple[list[dt.date], dict[str, list[int]]]:
    """The first day of every month from the first vigencia to the last, and the metas in force in each, by tipo."""
    start = frame["fecha_inicio"].dt.year * 12 + frame["fecha_inicio"].dt.month - 1
    end = frame["fecha_termino"].dt.year * 12 + frame["fecha_termino"].dt.month - 1
    first, last = int(start.min()), int(end.max())
    length = last - first + 1
    counts = {}
    for s in TIPOS:
        of_tipo = (frame["tipo"] == s.key).to_numpy()
        # +1 in the month a vigencia starts, -1 in the month after it ends: the running sum counts those in force.
        steps = np.bincount(start[of_tipo] - first, minlength=length + 1) - np.bincount(end[of_tipo] - first + 1, minlength=length + 1)
        counts[s.key] = [int(n) for n in np.cumsum(steps)[:length]]
    return [dt.date(index // 12, index % 12 + 1, 1) for index in range(first, last + 1)], counts


def _bar(series: Series, y: list, x: list[int], names: list[str] | None = None) -> go.Bar:
    """One series of horizontal bars; `y` holds category labels already escaped for plotly, and
    `names` what hover text calls each bar when the label is not enough."""
    marker = dict(color=series.color, line=dict(color="#ffffff", width=1))
    if series.stripes:
        marker["pattern"] = dict(shape="/", fillmode="overlay", fgcolor="#ffffff", solidity=0.3)
    name = "%{customdata}" if names else "%{y}"
    return go.Bar(
        name=series.label, orientation="h", y=y, x=x, customdata=names, marker=marker,
        hovertemplate=f"{name}<br>{series.counts.capitalize()}: %{{x:,}}<extra></extra>",
    )


def _figure(traces: list[go.Bar], height: int, **layout) -> dict:
    """What go.Figure(...).to_plotly_json() gives, without go.Figure copying and validating
    the template again for every figure (five times slower); traces and layout are validated."""
    return {"data": [trace.to_plotly_json() for trace in traces], "layout": go.Layout(height=height, **layout).to_plotly_json() | {"template": TEMPLATE_JSON}}


def _vigentes(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame["cancelada"]]


def _wrap(label: str) -> list[str]:
    return textwrap.wrap(plotly_text(label), LABEL_WIDTH, break_long_words=False, break_on_hyphens=False) or [""]


def _axis_labels(labels: list[str]) -> list[str]:
    """Category labels escaped for plotly, long ones wrapped (the <br> is ours, added after escaping)."""
    return ["<br>".join(_wrap(label)) for label in labels]


def _count_axis(title: str, top: int) -> dict:
    """An axis of counts: whole numbers only (plotly would mark 0.2, 0.4… up to a count of 1)."""
    return dict(title=dict(text=title), rangemode="tozero", dtick=1 if top <= 5 else None)


def _category_axis(labels: list[str]) -> dict:
    """The categories in the given order, the first on top."""
    return dict(type="category", categoryorder="array", categoryarray=_axis_labels(labels), autorange="reversed")


def _bars_height(labels: list[str], series: int) -> int:
    """Room for the axis, for the legend (a line per series on a narrow screen) and for every bar with its label's lines."""
    return 60 + 22 * series + sum(28 + 18 * (len(_wrap(label)) - 1) for label in labels)


def _periodo_short(periodo: Periodo) -> str:
    """The period on the axis, in two short lines: INE / 2022–2023."""
    return f"{plotly_text(periodo.sistema)}<br>{periodo.inicio.year}–{periodo.fin.year}"
