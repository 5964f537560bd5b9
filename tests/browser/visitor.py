"""What a visitor does before reading a chart: scroll to it. Charts are drawn only when they come
near the screen (site_src/assets/js/graficas.js), so a test that reads charts scrolls to each first."""

from __future__ import annotations

CHART = ".grafica-figura"


def scroll_to_every_chart(page, timeout: int = 15_000) -> list[str]:
    """Scroll each chart into view, top to bottom, and wait until its bars are drawn; the charts' ids."""
    chart_ids = page.locator(CHART).evaluate_all("(charts) => charts.map((chart) => chart.id)")
    for chart_id in chart_ids:
        page.locator(f"#{chart_id}").scroll_into_view_if_needed()
        page.wait_for_selector(f"#{chart_id}.js-plotly-plot svg.main-svg .trace.bars", timeout=timeout)
    return chart_ids
