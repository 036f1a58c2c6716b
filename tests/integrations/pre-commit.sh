#!/usr/bin/env bash
# The real pre-commit (from PyPI) runs this repository's hooks
# (.pre-commit-hooks.yaml) in a fresh Git repository made by `fibf init`:
# pre-commit builds fibf from this checkout's HEAD (language: rust, once,
# cached in target/pre-commit-home), then fibf-fmt-check fails with a diff,
# fibf-fmt fixes, fibf-check passes a clean workspace and fails a broken
# one, and fibf-conform checks an offering. First, `pre-commit try-repo`
# (which also takes changes not yet committed) runs fibf-check; the rest
# runs from a configuration naming this checkout at HEAD, so the hooks are
# built once. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
checkout=$PWD
venv=$checkout/target/pre-commit-venv
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pre-commit
fi
export PRE_COMMIT_HOME=$checkout/target/pre-commit-home
# pre-commit builds the hooks' fibf with `cargo install`; sharing this
# checkout's target directory lets it reuse the compiled dependencies.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$checkout/target}
fibf=${FIBF:-$checkout/target/debug/fibf}
rev=$(git rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
git init -q -b main
git config user.email test@example.com
git config user.name test
"$fibf" init . > /dev/null
# The configuration `fibf init` writes names hooks this repository has.
for id in $(sed -n 's/^ *- id: //p' .pre-commit-config.yaml); do
  grep -q "^- id: $id\$" "$checkout/.pre-commit-hooks.yaml" || { echo "error: fibf init names an unknown hook $id" >&2; exit 1; }
done
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $checkout
    rev: $rev
    hooks:
      - id: fibf-check
      - id: fibf-fmt
      - id: fibf-fmt-check
      - id: fibf-conform
YAML
mkdir offerings
cp "$checkout/examples/offerings/acme-payables.yaml" offerings/
printf 'area   ABC "Another"\n' > extra.fibf
git add -A
git commit -q -m start --no-verify

run() { "$venv/bin/pre-commit" run "$@" > out.txt 2>&1; }
fail() { echo "error: $1" >&2; cat out.txt >&2; exit 1; }

"$venv/bin/pre-commit" try-repo "$checkout" fibf-check --all-files > out.txt 2>&1 \
  || fail "try-repo: fibf-check fails a clean workspace"
grep -q 'fibf check.*Passed' out.txt || fail "try-repo did not run fibf-check"

run fibf-fmt-check --all-files && fail "fibf-fmt-check passed an unformatted file"
grep -q 'would reformat extra.fibf' out.txt || fail "no diff from fibf-fmt-check"
run fibf-fmt --all-files && fail "fibf-fmt did not report that it changed a file"
grep -qx 'area ABC "Another"' extra.fibf || fail "fibf-fmt did not fix the file"
run fibf-fmt-check --all-files || fail "fibf-fmt-check fails a formatted workspace"
run fibf-check --all-files || fail "fibf-check fails a clean workspace"
cp extra.fibf extra.fibf.good
printf 'function ABC.010 "F" {\n  area ABD\n}\n' >> extra.fibf
run fibf-check --all-files && fail "fibf-check passed a dangling reference"
grep -q 'E0301' out.txt || fail "fibf-check did not say why"
mv extra.fibf.good extra.fibf
# The offering is checked against this workspace's standards, which have
# no payables profile: the hook fails and says so.
run fibf-conform --files offerings/acme-payables.yaml && fail "fibf-conform passed an offering of a profile the standards do not have"
grep -q 'FFM-PAYABLES-CORE' out.txt || fail "fibf-conform did not say why"
echo "ok: pre-commit ran fibf-check, fibf-fmt, fibf-fmt-check and fibf-conform"
