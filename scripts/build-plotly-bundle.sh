#!/usr/bin/env bash
# Builds site_src/assets/vendor/plotly/plotly-basic.min.js from the pinned plotly.js npm package:
# only the bar trace and the components the portal's charts use (scripts/plotly-bundle/index.js),
# bundled and minified by esbuild. Needs npm (Debian's is enough); `make site` does not: the
# output is committed. Same packages → same bytes. See site_src/assets/vendor/plotly/README.md.
set -euo pipefail
cd "$(dirname "$0")/plotly-bundle"
npm ci --silent --no-audit --no-fund --ignore-scripts
version=$(node -p 'require("plotly.js/package.json").version')
out=../../site_src/assets/vendor/plotly/plotly-basic.min.js
node build.js bundle.tmp.js
# topojsonURL, where map traces (not in this bundle) would fetch map data: plotly's CDN by default,
# the site's own folder here, so that the file names no host outside the site.
grep -c 'dflt:"https://cdn.plot.ly/un/"' bundle.tmp.js | grep -qx 1
# The first line asks Chromium to compile every function while it streams the file, off the page's
# main thread (V8's compile hints: https://v8.dev/blog/explicit-compile-hints).
{
  echo "//# allFunctionsCalledOnLoad"
  echo "/*! plotly.js ${version} (MIT licence, see LICENSE): the bar trace and the components the portal uses, built by scripts/build-plotly-bundle.sh */"
  sed 's|dflt:"https://cdn.plot.ly/un/"|dflt:"./"|' bundle.tmp.js
} > "$out"
rm -f bundle.tmp.js bundle.tmp.css
cp node_modules/plotly.js/LICENSE ../../site_src/assets/vendor/plotly/LICENSE
echo "$out: $(wc -c < "$out") bytes, $(gzip -6c "$out" | wc -c) gzipped"
