'use strict';
/* The portal's plotly.js (scripts/build-plotly-bundle.sh): plotly's src/core.js with only what the
   portal's charts use — the bar trace (generator/charts.py), annotations, the legend, hover labels
   and the mode bar. The components left out (annotations3d, images, updatemenus, sliders,
   rangeslider, rangeselector, grid, errorbars, colorbar, calendars) and the pie trace are looked up
   through plotly's registry, which answers a no-op for what is not registered.

   Evaluated in steps, each in a task of its own, so that no task of plotly's start-up blocks the page
   for long on a slow phone: Plotly.register works at once (the Spanish locale registers itself),
   everything else once Plotly.ready has resolved. */

var Registry = require('plotly.js/src/registry');

exports.version = require('plotly.js/src/version').version;
exports.register = Registry.register;

var BUDGET_MS = 30; // of work per task, then the browser gets its turn

var steps = [
    // The largest modules first, each alone: requiring one evaluates what it needs, once.
    function() { require('@plotly/d3'); },
    function() { require('culori'); },
    function() { require('d3-time-format'); require('d3-format'); },
    function() { require('plotly.js/src/lib/coerce'); },
    function() { require('plotly.js/src/lib/dates'); },
    function() { require('plotly.js/src/lib/matrix'); require('plotly.js/src/lib/dom'); },
    function() { require('plotly.js/src/lib'); },
    function() { require('plotly.js/src/lib/svg_text_utils'); },
    function() { require('plotly.js/build/plotcss'); },
    function() { require('plotly.js/src/components/color'); },
    function() { require('plotly.js/src/components/drawing'); },
    function() { require('plotly.js/src/plots/plots'); },
    function() { require('plotly.js/src/plots/cartesian/axes'); },
    function() { require('plotly.js/src/components/fx'); },
    function() { require('polybooljs'); },
    function() { require('plotly.js/src/components/shapes'); },
    function() { require('plotly.js/src/components/selections'); },
    function() { require('plotly.js/src/plots/cartesian/dragbox'); },
    function() { require('plotly.js/src/plots/cartesian'); },
    function() { require('plotly.js/src/plot_api/plot_api'); },
    function() {
        var plotApi = require('plotly.js/src/plot_api');
        Object.keys(plotApi).forEach(function(name) {
            if(name.charAt(0) !== '_') exports[name] = plotApi[name];
            Registry.register({moduleType: 'apiMethod', name: name, fn: plotApi[name]});
        });
    },
    function() { Registry.register(require('plotly.js/src/traces/scatter')); }, // plotly's code counts on it
    function() { Registry.register(require('plotly.js/src/components/annotations')); },
    function() { Registry.register(require('plotly.js/src/components/selections')); },
    function() { Registry.register(require('plotly.js/src/components/shapes')); },
    function() { Registry.register(require('plotly.js/src/components/colorscale')); },
    function() { Registry.register(require('plotly.js/src/components/legend')); }, // after shapes, as in plotly's core
    function() { Registry.register(require('plotly.js/src/components/fx')); }, // after the legend
    function() { Registry.register(require('plotly.js/src/components/modebar')); },
    function() { Registry.register([require('plotly.js/src/locale-en'), require('plotly.js/src/locale-en-us')]); },
    function() { exports.Icons = require('plotly.js/src/fonts/ploticon'); },
    function() { Registry.register(require('plotly.js/src/traces/bar')); },
    // A first plot runs much of plotly's code for the first time, which costs a slow phone more than
    // any later plot: a small one, off the screen, in steps of its own, so that the page's first
    // chart costs what the others do.
    function() { warmUp.run('defaults'); },
    function() { warmUp.run('plot'); }
];

var warmUp = {
    run: function(step) {
        try {
            warmUp[step]();
        } catch(error) {} // only ever a head start: a chart draws the same without it
    },
    figure: function() {
        return {
            data: [
                {type: 'bar', orientation: 'h', name: 'a', y: ['x', 'y'], x: [1, 2], marker: {pattern: {shape: '/'}}},
                {type: 'bar', orientation: 'h', name: 'b', y: ['x', 'y'], x: [2, 1]}
            ],
            layout: {
                width: 300, height: 200, barmode: 'stack', legend: {orientation: 'h'},
                xaxis: {automargin: true, title: {text: 'n'}}, yaxis: {automargin: true, type: 'category'},
                annotations: [{text: 'x', x: 0, xref: 'paper', y: 'x', yref: 'y', showarrow: false, captureevents: true}]
            }
        };
    },
    defaults: function() {
        var figure = warmUp.figure();
        var gd = {data: figure.data, layout: figure.layout, _context: require('plotly.js/src/plot_api/plot_config').dfltConfig};
        require('plotly.js/src/plots/plots').supplyDefaults(gd);
    },
    plot: function() {
        var div = document.createElement('div');
        div.setAttribute('aria-hidden', 'true');
        div.style.cssText = 'position:absolute;left:-10000px;top:0;width:300px;height:200px;visibility:hidden';
        document.body.appendChild(div);
        var figure = warmUp.figure();
        exports.newPlot(div, figure.data, figure.layout).then(function() {
            exports.purge(div);
            div.remove();
        }, function() {
            div.remove();
        });
    }
};

exports.ready = new Promise(function(resolve) {
    function run() {
        var start = Date.now();
        do {
            steps.shift()();
        } while(steps.length && Date.now() - start < BUDGET_MS);
        if(steps.length) setTimeout(run, 0);
        else resolve(exports);
    }
    setTimeout(run, 0);
});
