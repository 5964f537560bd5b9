/* Draws the portal's charts: each <script type="application/json" class="figura"> holds a
   plotly figure for the element named by its data-target. Loaded by pages that have a chart.

   - Nothing costs the visitor before a chart comes near the screen (or is linked to): only then is
     plotly.js fetched (its address and its Spanish locale's in this script's data-plotly and
     data-plotly-locale), and each chart is drawn in a task of its own, one after another, into
     its box, which already has the chart's height (no layout shift). Until then the box shows
     what the chart's table says in one line; printed, the table stands in for a chart not drawn
     (impresion.css).
   - Horizontal bars carry their full name above them (annotations across the plot's width, see
     generator/site/charts.py); once plotly has laid the plot out, each name is put just above its bar.
   - A click on a bar or on its name opens the page of what it counts: data-enlaces lists those
     pages, already relative to this page, in the order of the chart's rows (customdata[1] of a bar,
     the name of an annotation).
   - "Descargar gráfica como PNG" exports the chart with its title, source, date, the page's
     address and, when it counts illustrative metas, the notice (data-exportar). */
(function () {
  "use strict";

  var BAR_PX = 20; // generator/site/charts.py: BAR_PX
  var NEAR = "50% 0px"; // a chart is near the screen half a screen before it shows
  var self = document.currentScript;

  var CONFIG = {
    locale: "es",
    displaylogo: false,
    responsive: true,
    // Two settings of plotly's could reach another host: map data (read by geo traces only, which
    // the portal's bundle cannot draw; its default is already patched to the site, see
    // vendor/plotly/README.md) and Chart Studio (showSendToCloud is on by default).
    // Point the first at plotly's folder and turn the second off: no chart reaches outside the portal.
    topojsonURL: new URL("./", new URL(self.dataset.plotly, location.href)).href,
    showSendToCloud: false,
    modeBarButtonsToRemove: ["toImage", "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"]
  };

  function parse(text, fallback) {
    try {
      return text ? JSON.parse(text) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  // Plotly reads tags and entities in text: the page's address is shown as written.
  function plotlyText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function today() {
    return new Date().toLocaleDateString("es-MX", { day: "numeric", month: "long", year: "numeric" });
  }

  // Each bar's name just above its bar, whatever height plotly gave the plot.
  function placeLabels(gd) {
    var layout = gd._fullLayout;
    var axis = layout && layout.yaxis;
    var labels = (gd.layout.annotations || []);
    if (!axis || !labels.length || !axis.range) {
      return;
    }
    var perCategory = axis._length / Math.abs(axis.range[1] - axis.range[0]);
    var shift = Math.round(Math.min(BAR_PX, perCategory * (1 - layout.bargap)) / 2 + 2);
    var update = {};
    labels.forEach(function (label, i) {
      if (label.yref === "y" && Math.abs((label.yshift || 0) - shift) > 0.5) {
        update["annotations[" + i + "].yshift"] = shift;
      }
    });
    if (Object.keys(update).length) {
      window.Plotly.relayout(gd, update);
    }
  }

  function follow(links, row) {
    var link = links[row];
    if (link) {
      location.href = new URL(link, location.href).href;
    }
  }

  function exportImage(gd, info, filename) {
    var width = Math.max(gd.clientWidth, 760);
    var lines = [info.source + ".", plotlyText("Página: " + location.href.split("#")[0]), (info.date ? info.date + "; " : "") + "consultada el " + today() + "."];
    if (info.notice) {
      lines.unshift("<b>" + info.notice + ".</b>");
    }
    var axis = 64; // the axis and its title, below the plot
    var footer = 12 + 16 * lines.length;
    var size = gd._fullLayout._size; // the plot area as drawn on the screen, and what stands around it
    var top = size.t + 36;
    var bottom = axis + footer + 8;
    var layout = Object.assign({}, gd.layout, {
      width: width,
      height: top + size.h + bottom,
      title: { text: "<b>" + info.title + "</b>", x: 0, xref: "paper", xanchor: "left", y: 1, yref: "container", yanchor: "top", pad: { t: 12 } },
      margin: { l: size.l, r: size.r, t: top, b: bottom, autoexpand: false },
      annotations: (gd.layout.annotations || []).concat([{
        text: lines.join("<br>"), x: 0, xref: "paper", xanchor: "left", align: "left",
        y: 0, yref: "paper", yanchor: "top", yshift: -axis, showarrow: false, font: { size: 11 }
      }])
    });
    return window.Plotly.toImage({ data: gd.data, layout: layout }, { format: "png", width: width, height: layout.height }).then(function (url) {
      var link = document.createElement("a");
      link.href = url;
      link.download = filename + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return url;
    });
  }

  function draw(script) {
    var target = document.getElementById(script.dataset.target);
    if (!target || target.classList.contains("js-plotly-plot")) {
      return Promise.resolve();  // gone, or already drawn
    }
    var figure = JSON.parse(script.textContent);
    var links = parse(script.dataset.enlaces, []);
    var info = parse(script.dataset.exportar, null);
    var filename = script.dataset.target.replace(/-figura$/, "");
    var button = {
      name: "descargar",
      title: "Descargar gráfica como PNG",
      icon: window.Plotly.Icons.camera,
      click: function (gd) { return info ? exportImage(gd, info, filename) : window.Plotly.downloadImage(gd, { format: "png", filename: filename }); }
    };
    var config = Object.assign({}, CONFIG, { modeBarButtonsToAdd: [button] });
    var waiting = target.querySelector(".grafica-espera");
    if (waiting) {
      waiting.remove();
    }
    return window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function (gd) {
      gd.on("plotly_afterplot", function () { placeLabels(gd); });
      placeLabels(gd);
      if (!links.some(Boolean)) {
        return;
      }
      gd.classList.add("grafica-figura--enlaces");
      gd.on("plotly_click", function (event) {
        var point = event.points && event.points[0];
        if (point && point.customdata) {
          follow(links, point.customdata[1]);
        }
      });
      gd.on("plotly_clickannotation", function (event) {
        follow(links, Number(event.annotation.name));
      });
      var drag = function () { return gd.querySelector(".nsewdrag"); };
      gd.on("plotly_hover", function () { var layer = drag(); if (layer) { layer.style.cursor = "pointer"; } });
      gd.on("plotly_unhover", function () { var layer = drag(); if (layer) { layer.style.cursor = ""; } });
    });
  }

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(src, location.href).href;
      script.async = false;  // in the order inserted: plotly, then its locale
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  // plotly.js and its Spanish locale, fetched once, the first time a chart is wanted. The portal's
  // bundle starts up in steps of its own (Plotly.ready, see scripts/plotly-bundle/index.js).
  var plotly = null;
  function withPlotly() {
    if (!plotly) {
      var bundle = load(self.dataset.plotly);
      plotly = Promise.all([bundle, load(self.dataset.plotlyLocale)]).then(function () {
        return window.Plotly.ready;
      });
    }
    return plotly;
  }

  // Charts wanted, drawn one per task in the order asked for.
  var queue = [];
  var drawing = false;
  function want(script) {
    if (queue.indexOf(script) < 0) {
      queue.push(script);
    }
    if (!drawing) {
      drawing = true;
      withPlotly().then(function () { setTimeout(next, 0); }, function () { drawing = false; });
    }
  }
  function next() {
    var script = queue.shift();
    if (!script) {
      drawing = false;
      return;
    }
    draw(script).then(function () { setTimeout(next, 0); }, function () { setTimeout(next, 0); });
  }

  function start() {
    var figures = Array.prototype.slice.call(document.querySelectorAll("script.figura"));
    var byTarget = {};
    figures.forEach(function (script) { byTarget[script.dataset.target] = script; });
    if (!("IntersectionObserver" in window)) {
      figures.forEach(want);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          want(byTarget[entry.target.id]);
        }
      });
    }, { rootMargin: NEAR });
    figures.forEach(function (script) {
      var target = document.getElementById(script.dataset.target);
      if (target) {
        observer.observe(target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
