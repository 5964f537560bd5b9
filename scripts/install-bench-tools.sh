#!/usr/bin/env bash
# What `make bench` needs beyond the test tools (scripts/install-test-tools.sh: Debian's Chromium,
# nginx, npm): Lighthouse, pinned by scripts/bench-tools/package-lock.json, from npm. It drives
# Debian's Chromium (CHROME_PATH); nothing downloads a browser of its own. scripts/bench.py runs
# this when Lighthouse is missing.
set -euo pipefail
cd "$(dirname "$0")/bench-tools"
if [ ! -x node_modules/.bin/lighthouse ]; then
  npm ci --silent --no-audit --no-fund
fi
