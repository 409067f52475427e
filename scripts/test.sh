#!/usr/bin/env bash
# The whole test suite on a fresh Debian/Ubuntu machine: Node 24, Debian packages, real daemons,
# then type-check, lint, build, unit + integration tests, end-to-end tests in Chromium.
# With CI=true nothing is skipped: a missing component fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup-node.sh
if [ "$(id -u)" = 0 ]; then bash scripts/testbed.sh start; else echo "test: not root, using the components already running" >&2; fi
step() { echo; echo "== $*"; }
reports="$(mktemp -d)"
trap 'node scripts/test-summary.mjs "$reports"/*.json' EXIT
step "npm ci";    npm ci --no-audit --no-fund
step "typecheck"; npm run -s typecheck
step "lint";      npm run -s lint
step "build";     npm run -s build
step "unit and integration tests (vitest)"; npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
step "tests that restart shared daemons, one at a time (vitest)"; npx vitest run --config vitest.serial.config.ts --reporter=default --reporter=json --outputFile.json="$reports/vitest-serial.json"
step "end-to-end tests (Playwright, Chromium)"; PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/e2e.json" npx playwright test --reporter=list,json
