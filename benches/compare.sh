#!/usr/bin/env bash
# Whole-command timings of fibf at 1x, 10x and 100x the bundled standards,
# side by side with the tools a user would pick instead, on the same inputs
# and in the same run. Prints a Markdown table (and writes it, with the raw
# numbers, under target/compare/). See docs/performance.md.
#
#   benches/compare.sh                 # everything (about half an hour on two cores)
#   SCALES="1 10" RUNS=3 benches/compare.sh
#
# Peers, installed by this script into target/compare/tools (nothing global):
#   LinkML (gen-json-schema, gen-doc, linkml-validate) and check-jsonschema
#   from PyPI; ajv-cli with ajv-formats from npm; the `jsonschema` CLI
#   (jsonschema-cli) from crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${OUT:-target/compare}
TOOLS=$OUT/tools
DATA=$OUT/data
RUNS=${RUNS:-5}
SCALES=${SCALES:-"1 10 100"}
# Offerings for the conformance workload (checked against the 1x standards).
OFFERINGS=${OFFERINGS:-10000}
# The offerings linkml-validate gets: all of them unless set lower (it
# takes about 10 ms an offering); fibf is also timed on a smaller subset,
# for that ratio.
LINKML_OFFERINGS=${LINKML_OFFERINGS:-$OFFERINGS}
# Timed runs of the peers that take minutes (check-jsonschema and
# linkml-validate on 10,000 offerings), without a warm-up; the peak memory
# is read from the same runs.
SLOW_RUNS=${SLOW_RUNS:-1}
# LinkML generators run on scales up to this one.
LINKML_MAX_SCALE=${LINKML_MAX_SCALE:-10}

mkdir -p "$OUT" "$TOOLS" "$DATA"
results=$OUT/results.tsv
printf 'role\tworkload\ttool\tsize\tmedian_s\tthroughput\tpeak_mb\tverdict\n' > "$results"
# Verdicts that disagree with the known answer; the run fails at the end.
wrong=()

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine; then
  if [ "$(id -u)" = 0 ] && need apt-get; then
    apt-get install -y -qq hyperfine >/dev/null
  else
    echo "error: hyperfine is needed (Debian: apt-get install hyperfine)" >&2
    exit 2
  fi
fi

echo "== installing the peer tools into $TOOLS" >&2
if [ ! -x "$TOOLS/venv/bin/linkml-validate" ] || [ ! -x "$TOOLS/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q linkml check-jsonschema
fi
if [ ! -x "$TOOLS/node_modules/.bin/ajv" ]; then
  (cd "$TOOLS" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --silent --no-audit --no-fund ajv-cli ajv-formats)
fi
if [ ! -x "$TOOLS/cargo/bin/jsonschema-cli" ]; then
  cargo install --quiet jsonschema-cli --root "$TOOLS/cargo"
fi
PY=$TOOLS/venv/bin
AJV=$TOOLS/node_modules/.bin/ajv
JSONSCHEMA=$TOOLS/cargo/bin/jsonschema-cli

# The figures are of the `dist` profile (fat LTO, one codegen unit: what a
# release ships). cargo rebuilds only when the sources changed since the
# last build; FIBF and SYNTH name binaries to time instead (no build).
if [ -z "${FIBF:-}" ] || [ -z "${SYNTH:-}" ]; then
  echo "== building fibf and the generator (dist profile, when not current)" >&2
  cargo build --profile dist --quiet --bin fibf --example synth
fi
FIBF=${FIBF:-$PWD/target/dist/fibf}
SYNTH=${SYNTH:-$PWD/target/dist/examples/synth}
PROFILE=$(basename "$(dirname "$FIBF")")

# Generated data is reused while the generator and its parameters stay the
# same.
for s in $SCALES; do
  n=100
  [ "$s" = 1 ] && n=$OFFERINGS
  stamp="$(sha256sum < "$SYNTH" | cut -c1-16) scale $s offerings $n"
  if [ "$(cat "$DATA/${s}x.stamp" 2>/dev/null)" != "$stamp" ]; then
    "$SYNTH" --scale "$s" --offerings "$n" --out "$DATA/${s}x" >&2
    echo "$stamp" > "$DATA/${s}x.stamp"
  fi
done

# The median of a hyperfine run, in seconds.
median() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"; }
# Peak resident memory of one run, in MiB.
peak() { { /usr/bin/time -f '%M' sh -c "$1" 2>&1 >/dev/null || true; } | tail -n 1 | awk '{printf "%.0f", $1/1024}'; }

# The verdict of the last command run with `verdict` or `outputs`, recorded
# with its timing row.
last_verdict=""
# A second verdict about the same tool, added to its row (linkml-validate's
# on the canary).
verdict_note=""

# verdict KIND KEY COMMAND [NAMES]: run COMMAND once, untimed, keeping what
# it prints, and check with benches/verdict.py that it rejected exactly the
# offerings the generator's expected.json lists under KEY (among those in
# the file NAMES, when it was given fewer than all).
verdict() {
  local kind=$1 key=$2 cmd=$3 names=${4:-} code=0
  sh -c "$cmd" > "$scratch/verdict.out" 2>&1 || code=$?
  judge "$kind" "$code" "$key" "$names"
}

# judge KIND EXIT_CODE KEY [NAMES]: the verdict in $scratch/verdict.out.
judge() {
  local kind=$1 code=$2 key=$3 names=${4:-} v
  # shellcheck disable=SC2086 # NAMES is one optional argument
  if v=$(python3 benches/verdict.py "$kind" "$scratch/verdict.out" "$code" "$d/expected.json" "$key" $names); then
    last_verdict="ok: $v"
  else
    last_verdict="WRONG: $v"
    wrong+=("$kind: $v")
  fi
  echo "   verdict: $last_verdict" >&2
}

# outputs COMMAND TEST...: run COMMAND once, untimed; it must exit 0 and
# every `test` expression (e.g. `-s FILE`) must hold after it.
outputs() {
  local cmd=$1 code=0 t missing=()
  shift
  sh -c "$cmd" > "$scratch/verdict.out" 2>&1 || code=$?
  for t in "$@"; do
    # shellcheck disable=SC2086 # each test is words for `test`
    test $t || missing+=("$t")
  done
  if [ "$code" = 0 ] && [ ${#missing[@]} = 0 ]; then
    last_verdict="ok: exit 0, outputs written"
  else
    last_verdict="WRONG: exit $code${missing:+, not true: ${missing[*]}}"
    wrong+=("$cmd: $last_verdict")
  fi
  echo "   verdict: $last_verdict" >&2
}

# measure ROLE WORKLOAD TOOL SIZE AMOUNT UNIT COMMAND [PREPARE]: time COMMAND
# (exit codes ignored: some inputs are meant to fail; the verdict run before
# it checks what the command does) and record throughput AMOUNT/UNIT. ROLE
# is `ours` (the time peers are compared with), `one` (fibf on one thread,
# the per-core base), `extra` or `peer`. PREPARE runs before each run,
# untimed (hyperfine --prepare), and before the run that measures memory:
# it removes the previous run's output, which is not the tool's work.
measure() {
  local role=$1 workload=$2 tool=$3 size=$4 amount=$5 unit=$6 cmd=$7 prepare=${8:-true}
  local json=$OUT/run.json
  # At least RUNS runs, and as many more as fit in hyperfine's three
  # seconds: a median of five runs of a 60 ms command moved by a fifth on
  # this shared machine, where five of a 3 s one did not.
  hyperfine --style none --warmup 1 --min-runs "$RUNS" -i --prepare "$prepare" --export-json "$json" "$cmd" >/dev/null 2>&1
  sh -c "$prepare"
  record "$role" "$workload" "$tool" "$size" "$amount" "$unit" "$(median "$json")" "$(peak "$cmd")"
}

# record ROLE WORKLOAD TOOL SIZE AMOUNT UNIT SECONDS MIB: one row, to the
# results and to the terminal.
record() {
  local role=$1 workload=$2 tool=$3 size=$4 amount=$5 unit=$6 m=$7 mb=$8 rate
  rate=$(python3 -c "print(f'{$amount/$m:,.1f} $unit/s')")
  printf '%s\t%s\t%s\t%s\t%.4f\t%s\t%s\t%s\n' "$role" "$workload" "$tool" "$size" "$m" "$rate" "$mb" "$last_verdict" >> "$results"
  printf '%-28s %-26s %-6s %9.4f s  %-22s %6s MiB\n' "$workload" "$tool" "$size" "$m" "$rate" "$mb" >&2
  last_verdict=""
}

# measure_slow ROLE WORKLOAD TOOL SIZE AMOUNT UNIT COMMAND [KIND KEY [NAMES]]:
# as measure, for commands that take minutes: SLOW_RUNS runs, each under
# /usr/bin/time, which gives the wall time and the peak memory. With KIND
# and KEY, what the first run printed (kept in a file on tmpfs) is its
# verdict, checked as `verdict` does, so the slow tool is not run again.
measure_slow() {
  local role=$1 workload=$2 tool=$3 size=$4 amount=$5 unit=$6 cmd=$7 kind=${8:-} key=${9:-} names=${10:-}
  local times=() peaks=() out m mb i
  for ((i = 0; i < SLOW_RUNS; i++)); do
    out=$({ /usr/bin/time -f '%e %M' sh -c "$cmd > $scratch/verdict.out 2>&1; echo \$? > $scratch/verdict.code" 2>&1 >/dev/null || true; } | tail -n 1)
    times+=("${out%% *}")
    peaks+=("${out##* }")
    if [ "$i" = 0 ] && [ -n "$kind" ]; then
      judge "$kind" "$(cat "$scratch/verdict.code")" "$key" "$names"
      last_verdict="$last_verdict${verdict_note:+; $verdict_note}"
      verdict_note=""
    fi
  done
  m=$(printf '%s\n' "${times[@]}" | python3 -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.stdin))')
  mb=$(printf '%s\n' "${peaks[@]}" | python3 -c 'import sys; print(f"{max(int(x) for x in sys.stdin) / 1024:.0f}")')
  record "$role" "$workload" "$tool" "$size" "$amount" "$unit" "$m" "$mb"
}

bytes_of() { find "$1" -name '*.fibf' -print0 | xargs -0 cat | wc -c; }
entities_of() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(v) for v in d.values() if isinstance(v, list)))' "$1"; }

# Outputs go to memory (tmpfs) where there is one, for every tool alike: on
# a virtual disk, creating the 3,700 files of a 1x docs site takes seconds
# of journal latency that would drown what the tools themselves do.
if [ -z "${SCRATCH:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  SCRATCH=/dev/shm/fibf-compare
fi
scratch=${SCRATCH:-$OUT/scratch}
trap 'rm -rf "$scratch"' EXIT
# fibf_rows SIZE STANDARDS: check, compile and docs of one workspace. Sets
# $ent (entities in its model.json) for the peers' rows.
fibf_rows() {
  local size=$1 std=$2 mb
  rm -rf "$scratch" && mkdir -p "$scratch"
  "$FIBF" compile "$std" --out "$scratch/compiled" >/dev/null 2>&1
  mb=$(python3 -c "print($(bytes_of "$std")/1e6)")
  ent=$(entities_of "$scratch/compiled/model.json")
  echo "== $size: ${mb} MB, ${ent} entities" >&2
  outputs "$FIBF check $std"
  measure ours "check" "fibf check" "$size" "$mb" "MB" "$FIBF check $std"
  measure one "check" "fibf -j 1 check" "$size" "$mb" "MB" "$FIBF -j 1 check $std"
  outputs "$FIBF compile $std --out $scratch/c" "-s $scratch/c/model.json" "-s $scratch/c/schemas/offering.schema.json"
  measure ours "compile (JSON Schema)" "fibf compile" "$size" "$ent" "entities" "$FIBF compile $std --out $scratch/c"
  outputs "$FIBF docs $std --out $scratch/d" "-s $scratch/d/index.html"
  measure ours "docs" "fibf docs" "$size" "$ent" "entities" "$FIBF docs $std --out $scratch/d" "rm -rf $scratch/d"
}

# The published standards as bundled (the targets for a working group's
# CI are set on these).
fibf_rows bundled standards

for s in $SCALES; do
  d=$DATA/${s}x
  fibf_rows "${s}x" "$d/standards"
  if [ "$s" -le "$LINKML_MAX_SCALE" ]; then
    # The LinkML model holds the data elements and records (slots and
    # classes) and the offering document; fibf is timed on the workspace
    # that holds the same (data-model/: the elements, the references they
    # cite and the records), and throughput counts what each tool's model
    # holds.
    dm=$d/data-model
    "$FIBF" compile "$dm" --out "$scratch/dm" >/dev/null 2>&1
    dent=$(entities_of "$scratch/dm/model.json")
    lent=$("$PY/python" -c 'import sys, yaml; m = yaml.safe_load(open(sys.argv[1])); print(sum(len(m.get(k) or {}) for k in ("slots", "classes", "enums")))' "$d/linkml/model.yaml")
    outputs "$FIBF compile $dm --out $scratch/c" "-s $scratch/c/model.json"
    measure ours "compile, data model only" "fibf compile" "${s}x" "$dent" "entities" "$FIBF compile $dm --out $scratch/c"
    measure one "compile, data model only" "fibf -j 1 compile" "${s}x" "$dent" "entities" "$FIBF -j 1 compile $dm --out $scratch/c"
    outputs "$PY/gen-json-schema $d/linkml/model.yaml > $scratch/linkml.schema.json" "-s $scratch/linkml.schema.json"
    measure peer "compile, data model only" "LinkML gen-json-schema" "${s}x" "$lent" "entities" "$PY/gen-json-schema $d/linkml/model.yaml > $scratch/linkml.schema.json"
    outputs "$FIBF docs $dm --out $scratch/d" "-s $scratch/d/index.html"
    measure ours "docs, data model only" "fibf docs" "${s}x" "$dent" "entities" "$FIBF docs $dm --out $scratch/d" "rm -rf $scratch/d"
    measure one "docs, data model only" "fibf -j 1 docs" "${s}x" "$dent" "entities" "$FIBF -j 1 docs $dm --out $scratch/d" "rm -rf $scratch/d"
    rm -rf "$scratch/ld"
    outputs "$PY/gen-doc -d $scratch/ld $d/linkml/model.yaml" "-s $scratch/ld/index.md"
    measure peer "docs, data model only" "LinkML gen-doc" "${s}x" "$lent" "entities" "$PY/gen-doc -d $scratch/ld $d/linkml/model.yaml" "rm -rf $scratch/ld"
  fi
done

# LinkML's start-up (importing Python and its packages) is part of every
# command of it; the table also gives its ratios with it taken away.
if [ "$(printf '%s\n' $SCALES | sort -n | head -n 1)" -le "$LINKML_MAX_SCALE" ]; then
  measure startup "start-up (--help)" "LinkML gen-json-schema" "-" 1 "runs" "$PY/gen-json-schema --help"
  measure startup "start-up (--help)" "LinkML gen-doc" "-" 1 "runs" "$PY/gen-doc --help"
fi

# Conformance: the offerings of the 1x data against the 1x standards. Every
# tool reads the same JSON documents; fibf also on their YAML originals.
d=$DATA/1x
if [ -d "$d" ]; then
  rm -rf "$scratch" && mkdir -p "$scratch"
  "$FIBF" compile "$d/standards" --out "$scratch/compiled" >/dev/null 2>&1
  schema=$scratch/compiled/schemas/offering.schema.json
  mapfile -t names < <(ls "$d/offerings")
  all=${#names[@]}
  # linkml-validate reads the YAML originals (the LinkML model describes
  # them), so its ratio is to fibf on the same YAML files.
  sub=$d/offerings
  if [ "$LINKML_OFFERINGS" -lt "$all" ]; then
    sub=$scratch/linkml && mkdir -p "$sub"
    for f in "${names[@]:0:$LINKML_OFFERINGS}"; do cp "$d/offerings/$f" "$sub/"; done
  fi
  json=$d/offerings-json
  echo "== conformance: $all offerings ($LINKML_OFFERINGS for linkml-validate)" >&2
  # Each command once for its verdict (what it printed, checked against
  # the generator's expected.json), then timed with its output discarded.
  cmd="$FIBF conform --standards $d/standards --format json $json"
  verdict fibf not_conformant "$cmd"
  measure ours "conform" "fibf conform" "$all" "$all" "offerings" "$cmd > /dev/null"
  verdict fibf not_conformant "$FIBF -j 1 conform --standards $d/standards --format json $json"
  measure one "conform" "fibf -j 1 conform" "$all" "$all" "offerings" "$FIBF -j 1 conform --standards $d/standards --format json $json > /dev/null"
  cmd="$AJV validate --spec=draft2020 --strict=false -c ajv-formats -s $schema -d '$json/*.json'"
  verdict ajv invalid_by_schema "$cmd"
  measure peer "conform" "ajv-cli (schema only)" "$all" "$all" "offerings" "$cmd > /dev/null 2>&1"
  # check-jsonschema's verdict comes from its timed run (it takes minutes;
  # its JSON output names the files it checked and the errors of each).
  measure_slow peer "conform" "check-jsonschema (schema only)" "$all" "$all" "offerings" "$PY/check-jsonschema -o json -v --schemafile $schema $json/*.json" check-jsonschema invalid_by_schema
  cmd="$JSONSCHEMA validate --offline $schema -i $json/*.json"
  verdict jsonschema-cli invalid_by_schema "$cmd"
  measure peer "conform" "jsonschema CLI (schema only)" "$all" "$all" "offerings" "$cmd > /dev/null 2>&1"
  ls "$sub" > "$scratch/given"
  cmd="$FIBF conform --standards $d/standards --format json $sub"
  verdict fibf not_conformant "$cmd" "$scratch/given"
  measure ours "conform, YAML input" "fibf conform" "$LINKML_OFFERINGS" "$LINKML_OFFERINGS" "offerings" "$cmd > /dev/null"
  measure one "conform, YAML input" "fibf -j 1 conform" "$LINKML_OFFERINGS" "$LINKML_OFFERINGS" "offerings" "$FIBF -j 1 conform --standards $d/standards --format json $sub > /dev/null"
  # A glob of 10,000 names is within the argument limit. Its model has no
  # list of capability IDs, so the known answer is that it rejects none.
  echo canary > "$scratch/canary"
  verdict linkml-validate canary_rejected "$PY/linkml-validate -s $d/linkml/model.yaml -C Offering $d/linkml/canary.yaml" "$scratch/canary"
  verdict_note="the canary: ${last_verdict}"
  measure_slow peer "conform, YAML input" "linkml-validate" "$LINKML_OFFERINGS" "$LINKML_OFFERINGS" "offerings" "$PY/linkml-validate -s $d/linkml/model.yaml -C Offering $sub/*.yaml" linkml-validate invalid_by_linkml_model "$scratch/given"
fi

# The table, with each peer's time as a ratio to fibf's on the same workload
# and size.
{
  echo "Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GiB; $(uname -sr)."
  echo "fibf $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($PROFILE profile, $FIBF); LinkML $("$PY/pip" show linkml 2>/dev/null | sed -n 's/^Version: //p'), check-jsonschema $("$PY/pip" show check-jsonschema 2>/dev/null | sed -n 's/^Version: //p'), ajv-cli $(cd "$TOOLS" && node -p 'require("ajv-cli/package.json").version' 2>/dev/null), $("$JSONSCHEMA" --version 2>/dev/null); at least $RUNS runs each and as many as fit in three seconds ($SLOW_RUNS for check-jsonschema and linkml-validate), medians."
  echo
} | tee "$OUT/results.md"
python3 - "$results" <<'EOF' | tee -a "$OUT/results.md"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
ours, one, startup = {}, {}, {}
for r in rows:
    key = (r["workload"], r["size"])
    if r["role"] == "ours":
        ours[key] = float(r["median_s"])
    elif r["role"] == "one":
        one[key] = float(r["median_s"])
    elif r["role"] == "startup":
        startup[r["tool"]] = float(r["median_s"])
print("| workload | tool | size | median | throughput | peak memory (RSS) | time / fibf's | per core: time / fibf -j 1's | without start-up | verdict |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for r in rows:
    m = float(r["median_s"])
    key = (r["workload"], r["size"])
    peer = r["role"] in ("peer", "extra")
    base, base1 = ours.get(key), one.get(key)
    ratio = f"{m / base:,.1f}x" if (peer or r["role"] == "one") and base else ""
    ratio1 = f"{m / base1:,.1f}x" if peer and base1 else ""
    # A LinkML command's ratio with its --help time subtracted: what it
    # spends on the work itself.
    bare = ""
    s = startup.get(" ".join(r["tool"].split()[:2]))
    if peer and base and s is not None:
        bare = f"{(m - s) / base:,.1f}x"
    print(f"| {r['workload']} | {r['tool']} | {r['size']} | {m*1000:,.0f} ms | {r['throughput']} | {r['peak_mb']} MiB | {ratio} | {ratio1} | {bare} | {r['verdict']} |")
EOF

if [ ${#wrong[@]} -gt 0 ]; then
  echo "error: verdicts that disagree with the known answer:" >&2
  printf '  %s\n' "${wrong[@]}" >&2
  exit 1
fi
