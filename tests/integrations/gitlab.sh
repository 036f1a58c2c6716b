#!/usr/bin/env bash
# gitlab-ci-local (from npm) runs the GitLab template's jobs as GitLab
# would lay them out: the template included into a project's
# .gitlab-ci.yml, validated against GitLab's CI schema, rules choosing the
# job, each job's script run by the shell executor with this checkout's
# fibf on PATH, and its report artifacts. Three projects: clean standards
# (fibf-check passes, a Code Quality report), broken standards (it fails),
# and a vendor's offerings (fibf-conform, Code Quality and JUnit). Run by
# .ci/run; needs Node.js with npm, git and rsync (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
checkout=$PWD
fibf=${FIBF:-$checkout/target/debug/fibf}
if ! command -v rsync >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rsync >/dev/null
  else
    echo "error: gitlab-ci-local needs rsync (Debian: apt-get install rsync)" >&2
    exit 2
  fi
fi
(cd tests/integrations && npm ci --no-audit --no-fund --silent)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$fibf" "$work/bin/fibf"
export PATH="$work/bin:$PATH"
glci() { "$checkout/tests/integrations/node_modules/.bin/gitlab-ci-local" --force-shell-executor --json-schema-validation --color=false "$@"; }
fail() { echo "error: $1" >&2; cat "$work/out.txt" >&2; exit 1; }

# project NAME VARIABLES: a Git repository including the template.
project() {
  local dir="$work/$1"
  mkdir -p "$dir"
  cp "$checkout/ci/gitlab/fibf.gitlab-ci.yml" "$dir/"
  printf 'include:\n  - local: fibf.gitlab-ci.yml\nvariables:\n%s\n' "$2" > "$dir/.gitlab-ci.yml"
  (cd "$dir" && git init -q -b main && git remote add origin https://gitlab.example/g/p.git)
}
commit() {
  (cd "$1" && git add -A && git -c user.email=ci@example.com -c user.name=ci commit -q -m work)
}

# Standards with a warning (the bundled ones allow their published defects):
# fibf-check runs (fibf-conform does not), passes, and leaves a Code Quality
# report that names the warning.
project standards '  FIBF_STANDARDS: standards'
cp -r "$checkout/standards" "$work/standards/standards"
printf '\nelement UnusedHere {\n  definition "Nothing refers to it."\n}\n' >> "$work/standards/standards/authored/ffm-payables.fibf"
commit "$work/standards"
(cd "$work/standards" && glci --list) > "$work/out.txt" 2>&1 || fail "gitlab-ci-local --list"
grep -q '^fibf-check ' "$work/out.txt" || fail "fibf-check is not a job of a standards project"
grep -q '^fibf-conform ' "$work/out.txt" && fail "fibf-conform runs in a standards project"
(cd "$work/standards" && glci) > "$work/out.txt" 2>&1 || fail "fibf-check failed clean standards"
grep -q 'PASS  fibf-check' "$work/out.txt" || fail "no fibf-check pass"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert isinstance(r, list) and [f for f in r if f["check_name"] == "W0310"], r' \
  "$work/standards/gl-code-quality-report.json" || fail "no Code Quality report naming the warning"

# Broken standards: the job fails, and its report names the finding.
project broken '  FIBF_STANDARDS: standards'
mkdir "$work/broken/standards"
printf 'area GRM "Grants"\n\nfunction GRM.010 "Admin" {\n  area GMR\n}\n' > "$work/broken/standards/a.fibf"
commit "$work/broken"
(cd "$work/broken" && glci) > "$work/out.txt" 2>&1 && fail "fibf-check passed a dangling reference"
grep -q 'FAIL  fibf-check' "$work/out.txt" || fail "fibf-check did not fail"
grep -q '"check_name": "E0301"' "$work/broken/gl-code-quality-report.json" || fail "the report lacks E0301"

# A vendor: fibf-conform against the built-in standards, one offering that
# conforms and one that does not; the job fails and both reports exist.
project vendor '  FIBF_OFFERINGS: offerings'
mkdir "$work/vendor/offerings"
cp "$checkout/examples/offerings/acme-payables.yaml" "$checkout/examples/offerings/ledgerline-payables.json" "$work/vendor/offerings/"
commit "$work/vendor"
(cd "$work/vendor" && glci --list) > "$work/out.txt" 2>&1 || fail "gitlab-ci-local --list"
grep -q '^fibf-conform ' "$work/out.txt" || fail "fibf-conform is not a job of a vendor project"
grep -q '^fibf-check ' "$work/out.txt" && fail "fibf-check runs in a vendor project"
(cd "$work/vendor" && glci) > "$work/out.txt" 2>&1 && fail "fibf-conform passed a non-conformant offering"
grep -q 'ledgerline-payables.json (Ledgerline Inc., Ledgerline AP, 8.1.0): NOT conformant' "$work/out.txt" || fail "no verdict in the log"
grep -q '<testsuites' "$work/vendor/fibf-junit.xml" || fail "no JUnit report"
grep -q '"check_name": "E0605"' "$work/vendor/gl-code-quality-report.json" || fail "the report lacks E0605"
echo "ok: gitlab-ci-local ran the template's fibf-check (clean, broken) and fibf-conform"
