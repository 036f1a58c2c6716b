#!/usr/bin/env bash
# Accessibility test of the generated documentation site and of the HTML
# reports: builds the site of the bundled standards, a conformance report of
# the example offerings and a release review page, then runs axe-core in
# headless Chromium over a sample of every page type and over the reports
# (check.mjs). Fails on any WCAG 2.1 A/AA violation or a page wider than the
# window. Screenshots for review land in target/a11y/screenshots/.
#
# Needs Node.js with npm, and Chromium (Debian's `chromium` package); it
# installs Chromium with apt-get when it is missing and it can.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: chromium is not installed (Debian: apt-get install chromium)" >&2
    exit 2
  fi
fi

echo "== npm ci (axe-core, playwright-core)"
(cd tests/a11y && npm ci --no-audit --no-fund --silent)

out=target/a11y
rm -rf "$out"
echo "== fibf docs standards"
cargo run --release --quiet -- docs standards --out "$out/site"
echo "== fibf conform --format html, fibf diff --format html"
# The examples are not all conformant: exit 1 is their verdict, and the
# report must exist.
code=0
cargo run --release --quiet -- conform examples/offerings --format html --out "$out/reports/conform.html" || code=$?
if [ "$code" -ne 1 ] || [ ! -s "$out/reports/conform.html" ]; then
  echo "error: conform --format html exited $code" >&2
  exit 1
fi
cargo run --release --quiet -- diff tests/fixtures/diff/capabilities/old.fibf tests/fixtures/diff/capabilities/new.fibf --format html --out "$out/reports/diff.html"
echo "== axe-core"
node tests/a11y/check.mjs "$out/site" "$out/screenshots" "$out/reports/conform.html" "$out/reports/diff.html"
