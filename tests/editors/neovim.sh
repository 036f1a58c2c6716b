#!/usr/bin/env bash
# Neovim (Debian's `neovim` package) against `fibf lsp`: a diagnostic for a
# dangling reference, and a jump to a definition in another file. Installs
# Neovim if it is missing; run by .ci/run after `cargo build`.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v nvim >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq neovim >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq neovim >/dev/null; }
  else
    echo "error: nvim is needed (Debian: apt-get install neovim)" >&2
    exit 2
  fi
fi

FIBF=${FIBF:-$PWD/target/debug/fibf}
ws=$(mktemp -d)
trap 'rm -rf "$ws"' EXIT
cat > "$ws/fibf.toml" <<'TOML'
name = "neovim-test"
TOML
cat > "$ws/areas.fibf" <<'FIBF'
area GRM "Grants Management"

function GRM.010 "Program Administration" {
  area GRM
}

activity GRM.010.010 "Program Set-up" {
  function GRM.010
}
FIBF
cat > "$ws/caps.fibf" <<'FIBF'
capability GRM.010.010.011 input {
  statement "Capture the authorizing legislation"
  activity GRM.010.010
  references PL-95-224
}
FIBF

export FIBF WS="$ws" OUT="$ws/result.txt"
timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile tests/editors/neovim.lua" >/dev/null 2>&1 || true
result=$(cat "$ws/result.txt" 2>/dev/null || echo "error: no result")
echo "$result"
expected="diagnostic E0301 at 4:14
definition areas.fibf at 7:10
word GRM.010.010"
if [ "$result" != "$expected" ]; then
  echo "error: Neovim saw something else; expected:" >&2
  echo "$expected" >&2
  exit 1
fi
echo "ok: Neovim got the diagnostic and jumped to the definition"
