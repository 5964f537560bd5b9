'use strict';
/* Bundles index.js (the portal's plotly.js) with esbuild, as scripts/build-plotly-bundle.sh runs it:
   node build.js OUTFILE.

   As plotly's own dist builds do (its tasks/compress_attributes.js), the attributes' documentation
   (description, requiredOpts, otherOpts, role, hrName: plot_schema's text, never read while
   drawing) is left out of plotly's sources. */
const fs = require('fs');
const esbuild = require('esbuild');

const META = ['description', 'requiredOpts', 'otherOpts', 'role', 'hrName'];
const KEY = new RegExp('([{,]\\s*)(?:' + META.join('|') + ')\\s*:', 'g');

// Where the value that starts at `i` ends: the comma after it (included) or the bracket that closes
// its object (excluded), skipping strings, comments and nested brackets.
function valueEnd(source, i) {
    let depth = 0;
    while(i < source.length) {
        const c = source[i];
        if(c === '\'' || c === '"' || c === '`') {
            for(i++; source[i] !== c; i++) if(source[i] === '\\') i++;
        } else if(c === '/' && source[i + 1] === '/') {
            i = source.indexOf('\n', i);
        } else if(c === '/' && source[i + 1] === '*') {
            i = source.indexOf('*/', i) + 1;
        } else if('([{'.includes(c)) {
            depth++;
        } else if(')]}'.includes(c)) {
            if(depth === 0) return i;
            depth--;
        } else if(c === ',' && depth === 0) {
            return i + 1;
        }
        i++;
    }
    return i;
}

// Each documentation property of an object literal taken out, value and all.
function compressAttributes(source) {
    let out = '';
    let from = 0;
    KEY.lastIndex = 0;
    for(let match; (match = KEY.exec(source));) {
        const start = match.index + match[1].length;
        out += source.slice(from, start);
        from = valueEnd(source, KEY.lastIndex);
        KEY.lastIndex = from;
    }
    return out + source.slice(from);
}

const compressPlugin = {
    name: 'compress-attributes',
    setup(build) {
        build.onLoad({ filter: /[\\/]plotly\.js[\\/]src[\\/].*\.js$/ }, async (args) => ({
            contents: compressAttributes(await fs.promises.readFile(args.path, 'utf8')),
            loader: 'js'
        }));
    }
};

esbuild.build({
    entryPoints: ['index.js'],
    outfile: process.argv[2],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'Plotly',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    alias: { culori: './culori.js' },
    plugins: [compressPlugin],
    legalComments: 'none',
    logLevel: 'warning'
}).catch(() => process.exit(1));
