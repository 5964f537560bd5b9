#!/usr/bin/env bash
# What the browser and HTML tests need, from Debian and npm only (nothing downloads a browser
# of its own): Debian's Chromium (Playwright drives it), Java and the Nu Html Checker (vnu.jar),
# and Debian's nginx and Apache, which the deploy tests run as unprivileged servers on 127.0.0.1
# (their recipes in deploy/; the packages' own services are not needed).
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
if [ ! -f tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  (cd tools && npm ci --silent --no-audit --no-fund)
fi
