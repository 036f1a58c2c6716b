#!/usr/bin/env bash
# The fibf action's run step: annotations (workflow commands) in the log,
# a report in the job summary, counts and the exit code as outputs, and a
# SARIF file when asked. Inputs come as INPUT_* variables, the binary as
# FIBF; GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are files the runner reads.
set -uo pipefail
fibf=${FIBF:-fibf}
command=${INPUT_COMMAND:-check}
fail_on=${INPUT_FAIL_ON:-error}
standards=${INPUT_STANDARDS:-}
out_dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/fibf-action
mkdir -p "$out_dir"
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
outputs=${GITHUB_OUTPUT:-/dev/null}
read -r -a paths <<< "${INPUT_PATHS:-}"

case "$fail_on" in error|warning|never) ;; *)
  echo "::error title=fibf action::fail-on must be error, warning or never, not '$fail_on'"; exit 2 ;;
esac

# reports: annotations in the log, the Markdown report in the job summary,
# the JSON report kept for the outputs; status is the first run's exit code.
reports() {
  "$fibf" "${args[@]}" --format github
  status=$?
  "$fibf" "${args[@]}" --format markdown >> "$summary"
  "$fibf" "${args[@]}" --format json "${json_args[@]}" > "$out_dir/report.json"
}
# The counts below are read a line at a time, from the pretty layout.
json_args=()
# first KEY: the first value of "KEY" (a number or a word) in the JSON report.
first() { sed -n "s/^ *\"$1\": \"\{0,1\}\([0-9a-z]*\)\"\{0,1\},*\$/\1/p" "$out_dir/report.json" | head -n 1; }

case "$command" in
  check)
    args=(check "${paths[@]}")
    [ "$fail_on" = warning ] && args+=(--deny-warnings)
    "$fibf" "${args[@]}" --format github
    status=$?
    "$fibf" "${args[@]}" --format json --max-diagnostics 0 > "$out_dir/report.json"
    errors=$(grep -c '"severity": "error"' "$out_dir/report.json" || true)
    warnings=$(grep -c '"severity": "warning"' "$out_dir/report.json" || true)
    {
      echo "## fibf check"
      echo
      if [ "$errors" = 0 ] && [ "$warnings" = 0 ]; then
        echo "No problems found."
      else
        echo "$errors errors, $warnings warnings."
        echo
        echo '```text'
        NO_COLOR=1 "$fibf" "${args[@]}" --format text --max-diagnostics 50 | head -n 400
        echo '```'
      fi
    } >> "$summary"
    echo "errors=$errors" >> "$outputs"
    echo "warnings=$warnings" >> "$outputs"
    ;;
  conform)
    if [ ${#paths[@]} = 0 ]; then
      echo "::error title=fibf action::conform needs paths: the offering files or directories"
      exit 2
    fi
    args=(conform "${paths[@]}")
    [ -n "$standards" ] && args+=(--standards "$standards")
    json_args=(--json-layout pretty)
    reports
    offerings=$(first offerings)
    conformant=$(first conformant)
    errors=$(grep -c '"severity": "error"' "$out_dir/report.json" || true)
    warnings=$(grep -c '"severity": "warning"' "$out_dir/report.json" || true)
    if [ "$fail_on" = warning ] && [ "$status" = 0 ] && [ "$warnings" -gt 0 ]; then
      status=1
    fi
    echo "conformant=${conformant:-0}/${offerings:-0}" >> "$outputs"
    echo "errors=$errors" >> "$outputs"
    echo "warnings=$warnings" >> "$outputs"
    ;;
  diff)
    if [ -n "${INPUT_BASE:-}" ]; then
      dir=${standards:-standards}
      rm -rf "$out_dir/base"
      git worktree add --detach "$out_dir/base" "$INPUT_BASE" >/dev/null
      paths=("$out_dir/base/$dir" "$dir")
    fi
    if [ ${#paths[@]} != 2 ]; then
      echo "::error title=fibf action::diff needs paths OLD NEW, or base"
      exit 2
    fi
    args=(diff "${paths[@]}")
    case "$fail_on" in error) args+=(--fail-on breaking) ;; warning) args+=(--fail-on any) ;; esac
    reports
    breaking=$(first breaking)
    bump=$(first suggested_bump)
    echo "breaking=${breaking:-0}" >> "$outputs"
    echo "bump=${bump:-none}" >> "$outputs"
    [ -n "${INPUT_BASE:-}" ] && git worktree remove --force "$out_dir/base" >/dev/null 2>&1
    ;;
  *)
    echo "::error title=fibf action::command must be check, conform or diff, not '$command'"
    exit 2
    ;;
esac

if [ "${INPUT_SARIF:-false}" = true ] && [ "$command" != diff ]; then
  "$fibf" "${args[@]}" --format sarif > "$out_dir/fibf.sarif"
  echo "sarif=$out_dir/fibf.sarif" >> "$outputs"
fi
echo "exit-code=$status" >> "$outputs"
if [ "$status" = 2 ]; then exit 2; fi
if [ "$fail_on" = never ]; then exit 0; fi
exit "$status"
