#!/usr/bin/env bash
# A fuzzing campaign: every target in turn, two at a time (one per core),
# from the committed seed corpus (fuzz/corpus/TARGET/), for SECONDS each.
# Prints, per target, the executions, the coverage libFuzzer reached (cov:
# edges, ft: features), the corpus it grew, the peak memory and whether it
# crashed, as a Markdown table to paste into fuzz/README.md with the date
# and commit it gives. Exits 1 if any target crashed (its input is in
# fuzz/artifacts/TARGET/).
#
#   fuzz/campaign.sh              # 300 s per target
#   fuzz/campaign.sh 1200         # 20 minutes per target
#   TARGETS="fmt conform" JOBS=1 fuzz/campaign.sh 60
#   UPDATE_CORPUS=1 fuzz/campaign.sh 1200   # then minimise the seeds
#   LOGS=target/rerun TARGETS=conform fuzz/campaign.sh 1200   # logs elsewhere
#   FRESH=1 fuzz/campaign.sh 1200   # from the seeds alone, not the last run's corpus
#
# Needs cargo-fuzz (installed into fuzz/target/tools when missing) and, on a
# stable toolchain, RUSTC_BOOTSTRAP=1 for libFuzzer's unstable flags (set
# here).
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_PER_TARGET=${1:-300}
JOBS=${JOBS:-2}
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  if [ ! -x target/tools/bin/cargo-fuzz ]; then
    echo "== installing cargo-fuzz into fuzz/target/tools" >&2
    cargo install --quiet --locked cargo-fuzz --root target/tools
  fi
  export PATH="$PWD/target/tools/bin:$PATH"
fi

TARGETS=${TARGETS:-$(cargo fuzz list)}
echo "== building ${TARGETS//$'\n'/ } (release, debug assertions, sanitizer)" >&2
for t in $TARGETS; do
  cargo fuzz build -O "$t" >&2
done

logs=${LOGS:-target/campaign}
mkdir -p "$logs"
# One target: the committed seeds are read, what the run finds goes to a
# working corpus outside the repository. Leak detection is off:
# LeakSanitizer takes the per-thread destructor lists glibc keeps for
# rayon's worker threads (which live as long as the run) for leaks, and
# reported one after 16,804 inputs of import_cells; Rust frees by
# ownership, and growth would show in the peak memory column.
run() {
  local t=$1 code=0
  if [ "${FRESH:-0}" = 1 ]; then
    rm -rf "target/work/$t"
  fi
  mkdir -p "corpus/$t" "target/work/$t"
  "${timer[@]}" cargo fuzz run -O "$t" "target/work/$t" "corpus/$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=4096 -timeout=10 \
    -max_len=65536 -print_final_stats=1 -detect_leaks=0 >"$logs/$t.log" 2>&1 || code=$?
  echo "$code" >"$logs/$t.code"
}

# Peak memory from GNU time where there is one, else libFuzzer's own
# last `rss:` figure.
timer=()
if [ -x /usr/bin/time ]; then
  timer=(/usr/bin/time -f 'peak_kb %M')
fi

running=0
for t in $TARGETS; do
  echo "== $t for ${SECONDS_PER_TARGET}s" >&2
  run "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "Campaign of $(date -u +%Y-%m-%d) at $commit: ${SECONDS_PER_TARGET} s per target, $JOBS at a time, on $(nproc) cores."
echo
echo "| target | executions | per second | cov | ft | corpus | peak memory | result |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
failed=0
for t in $TARGETS; do
  log=$logs/$t.log
  code=$(cat "$logs/$t.code")
  execs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -ao '[0-9]*$' | tail -n 1)
  rate=$(grep -ao 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -ao '[0-9]*$' | tail -n 1)
  # The last status line libFuzzer printed: "#N ... cov: C ft: F corp: K/...".
  status=$(grep -aE '^#[0-9]+' "$log" | tail -n 1)
  cov=$(grep -ao 'cov: [0-9]*' <<<"$status" | grep -ao '[0-9]*' || true)
  ft=$(grep -ao 'ft: [0-9]*' <<<"$status" | grep -ao '[0-9]*' || true)
  corp=$(grep -ao 'corp: [0-9]*' <<<"$status" | grep -ao '[0-9]*' || true)
  peak=$(grep -ao 'peak_kb [0-9]*' "$log" | grep -ao '[0-9]*$' | tail -n 1 || true)
  if [ -z "$peak" ]; then
    peak=$(( $(grep -ao 'rss: [0-9]*Mb' <<<"$status" | grep -ao '[0-9]*' || echo 0) * 1024 ))
  fi
  if [ "$code" = 0 ]; then
    result=clean
  else
    result="**crashed** (exit $code; see fuzz/artifacts/$t/)"
    failed=1
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s MiB | %s |\n' "$t" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$(( ${peak:-0} / 1024 ))" "$result"
done

# The committed seeds minimised: inputs that add no coverage to the others
# go. `cargo fuzz cmin` would keep the rest under their SHA-1 names, so the
# merge writes what it keeps elsewhere and the seeds keep their names. The
# working corpora (megabytes each) stay out of the repository.
if [ "${UPDATE_CORPUS:-0}" = 1 ] && [ "$failed" = 0 ]; then
  for t in $TARGETS; do
    echo "== minimising the seeds of $t" >&2
    kept=$(mktemp -d)
    cargo fuzz run -O "$t" "$kept" "corpus/$t" -- \
      -merge=1 -detect_leaks=0 -rss_limit_mb=4096 -timeout=10 -max_len=65536 >&2
    for f in "corpus/$t"/*; do
      if [ ! -e "$kept/$(sha1sum <"$f" | cut -d' ' -f1)" ]; then
        echo "   dropped $f" >&2
        rm -- "$f"
      fi
    done
    rm -rf "$kept"
  done
fi
exit "$failed"
