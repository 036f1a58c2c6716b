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
printf 'role\tworkload\ttool\tsize\tmedian_s\tthroughput\tpeak_mb\n' > "$results"

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

echo "== building fibf and the generator" >&2
cargo build --profile dist --quiet --bin fibf --example synth
FIBF=$PWD/target/dist/fibf
SYNTH=$PWD/target/dist/examples/synth

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

# measure ROLE WORKLOAD TOOL SIZE AMOUNT UNIT COMMAND [PREPARE]: time COMMAND
# (exit codes ignored: some inputs are meant to fail) and record throughput
# AMOUNT/UNIT. ROLE is `ours` (the time peers are compared with), `extra`
# (another fibf variant) or `peer`. PREPARE runs before each run, untimed
# (hyperfine --prepare), and before the run that measures memory: it
# removes the previous run's output, which is not the tool's work.
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
  printf '%s\t%s\t%s\t%s\t%.4f\t%s\t%s\n' "$role" "$workload" "$tool" "$size" "$m" "$rate" "$mb" >> "$results"
  printf '%-28s %-26s %-6s %9.4f s  %-22s %6s MiB\n' "$workload" "$tool" "$size" "$m" "$rate" "$mb" >&2
}

# measure_slow: as measure, for commands that take minutes: SLOW_RUNS runs,
# each under /usr/bin/time, which gives the wall time and the peak memory.
measure_slow() {
  local role=$1 workload=$2 tool=$3 size=$4 amount=$5 unit=$6 cmd=$7
  local times=() peaks=() out m mb i
  for ((i = 0; i < SLOW_RUNS; i++)); do
    out=$({ /usr/bin/time -f '%e %M' sh -c "$cmd" 2>&1 >/dev/null || true; } | tail -n 1)
    times+=("${out%% *}")
    peaks+=("${out##* }")
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
  measure ours "check" "fibf check" "$size" "$mb" "MB" "$FIBF check $std"
  measure extra "check" "fibf -j 1 check" "$size" "$mb" "MB" "$FIBF -j 1 check $std"
  measure ours "compile (JSON Schema)" "fibf compile" "$size" "$ent" "entities" "$FIBF compile $std --out $scratch/c"
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
    measure ours "compile, data model only" "fibf compile" "${s}x" "$dent" "entities" "$FIBF compile $dm --out $scratch/c"
    measure peer "compile, data model only" "LinkML gen-json-schema" "${s}x" "$lent" "entities" "$PY/gen-json-schema $d/linkml/model.yaml > $scratch/linkml.schema.json"
    measure ours "docs, data model only" "fibf docs" "${s}x" "$dent" "entities" "$FIBF docs $dm --out $scratch/d" "rm -rf $scratch/d"
    measure peer "docs, data model only" "LinkML gen-doc" "${s}x" "$lent" "entities" "$PY/gen-doc -d $scratch/ld $d/linkml/model.yaml" "rm -rf $scratch/ld"
  fi
done

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
  measure ours "conform" "fibf conform" "$all" "$all" "offerings" "$FIBF conform --standards $d/standards --format json $json > /dev/null"
  measure extra "conform" "fibf -j 1 conform" "$all" "$all" "offerings" "$FIBF -j 1 conform --standards $d/standards --format json $json > /dev/null"
  measure peer "conform" "ajv-cli (schema only)" "$all" "$all" "offerings" "$AJV validate --spec=draft2020 --strict=false -c ajv-formats -s $schema -d '$json/*.json' > /dev/null 2>&1"
  measure_slow peer "conform" "check-jsonschema (schema only)" "$all" "$all" "offerings" "$PY/check-jsonschema --schemafile $schema $json/*.json > /dev/null 2>&1"
  measure peer "conform" "jsonschema CLI (schema only)" "$all" "$all" "offerings" "$JSONSCHEMA validate --offline $schema -i $json/*.json > /dev/null 2>&1"
  measure ours "conform, YAML input" "fibf conform" "$LINKML_OFFERINGS" "$LINKML_OFFERINGS" "offerings" "$FIBF conform --standards $d/standards --format json $sub > /dev/null"
  # A glob of 10,000 names is within the argument limit.
  measure_slow peer "conform, YAML input" "linkml-validate" "$LINKML_OFFERINGS" "$LINKML_OFFERINGS" "offerings" "$PY/linkml-validate -s $d/linkml/model.yaml -C Offering $sub/*.yaml > /dev/null 2>&1"
fi

# The table, with each peer's time as a ratio to fibf's on the same workload
# and size.
{
  echo "Machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GiB; $(uname -sr)."
  echo "fibf $(git rev-parse --short HEAD 2>/dev/null || echo '?'); LinkML $("$PY/pip" show linkml 2>/dev/null | sed -n 's/^Version: //p'), check-jsonschema $("$PY/pip" show check-jsonschema 2>/dev/null | sed -n 's/^Version: //p'), ajv-cli $(cd "$TOOLS" && node -p 'require("ajv-cli/package.json").version' 2>/dev/null), $("$JSONSCHEMA" --version 2>/dev/null); at least $RUNS runs each and as many as fit in three seconds ($SLOW_RUNS for check-jsonschema and linkml-validate), medians."
  echo
} | tee "$OUT/results.md"
python3 - "$results" <<'EOF' | tee -a "$OUT/results.md"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
ours = {}
for r in rows:
    if r["role"] == "ours":
        ours[(r["workload"], r["size"])] = float(r["median_s"])
print("| workload | tool | size | median | throughput | peak memory (RSS) | time / fibf's |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    m = float(r["median_s"])
    base = ours.get((r["workload"], r["size"]))
    ratio = f"{m / base:,.1f}x" if r["role"] != "ours" and base else ""
    print(f"| {r['workload']} | {r['tool']} | {r['size']} | {m*1000:,.0f} ms | {r['throughput']} | {r['peak_mb']} MiB | {ratio} |")
EOF
