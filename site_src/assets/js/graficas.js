/* Draws the portal's charts: each <script type="application/json" class="figura"> holds a
   plotly figure for the element named by its data-target. Loaded after plotly.js and its
   Spanish locale, only by pages that have a chart. */
(function () {
  "use strict";

  var CONFIG = {
    locale: "es",
    displaylogo: false,
    responsive: true,
    // Two settings of plotly's could reach another host: map data (read by geo traces only, which
    // the basic bundle cannot draw; its default is already patched to the site, see
    // vendor/plotly/README.md) and Chart Studio (showSendToCloud is on by default).
    // Point the first at this folder and turn the second off: no chart reaches outside the portal.
    topojsonURL: new URL("../vendor/plotly/", document.currentScript.src).href,
    showSendToCloud: false,
    modeBarButtonsToRemove: ["zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"]
  };

  function draw() {
    if (!window.Plotly) {
      return;
    }
    document.querySelectorAll("script.figura").forEach(function (script) {
      var target = document.getElementById(script.dataset.target);
      if (!target || target.classList.contains("js-plotly-plot")) {
        return;  // gone, or already drawn
      }
      var figure = JSON.parse(script.textContent);
      var config = Object.assign({}, CONFIG, { toImageButtonOptions: { filename: script.dataset.target } });
      window.Plotly.newPlot(target, figure.data, figure.layout, config);
    });
  }

  // With Material's instant navigation, document$ emits for every page it loads.
  if (window.document$) {
    window.document$.subscribe(draw);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
