#!/usr/bin/env bash
# The fibf action's install step: a binary given, else one on PATH, else
# the release binary for the runner (checked against its .sha256), else
# `cargo install`. Writes `fibf=PATH` to $GITHUB_OUTPUT and puts its
# directory on the job's PATH (GITHUB_PATH), so later steps can run `fibf`.
set -euo pipefail
repo="https://github.com/fibf-dev/fibf"
found() {
  echo "fibf=$1" >> "${GITHUB_OUTPUT:-/dev/null}"
  dirname "$1" >> "${GITHUB_PATH:-/dev/null}"
  "$1" --version
  exit 0
}
# sha256sum on Linux and Windows (Git Bash), shasum on macOS.
verify() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum -c "$1"; else shasum -a 256 -c "$1"; fi
}
if [ -n "${INPUT_FIBF:-}" ]; then found "$INPUT_FIBF"; fi
if command -v fibf >/dev/null 2>&1; then found "$(command -v fibf)"; fi
version=${INPUT_VERSION:-}
if [ -z "$version" ]; then
  ref=${ACTION_REF:-}
  version=${ref#v}
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux-aarch64) target=aarch64-unknown-linux-gnu ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  MINGW*|MSYS*|CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) target="" ;;
esac
dir=${RUNNER_TEMP:-/tmp}/fibf-bin
mkdir -p "$dir"
if [ -n "$target" ] && [ -n "$version" ] && [[ "$version" =~ ^[0-9] ]]; then
  asset="fibf-$version-$target.tar.gz"
  [[ "$target" == *windows* ]] && asset="fibf-$version-$target.zip"
  url="$repo/releases/download/v$version/$asset"
  if curl -fsSL -o "$dir/$asset" "$url" && curl -fsSL -o "$dir/$asset.sha256" "$url.sha256"; then
    (cd "$dir" && verify "$asset.sha256" >/dev/null)
    if [[ "$asset" == *.zip ]]; then
      7z x -y -bd -o"$dir" "$dir/$asset" >/dev/null
    else
      tar -xzf "$dir/$asset" -C "$dir"
    fi
    bin=$(find "$dir" -name 'fibf' -o -name 'fibf.exe' | head -n 1)
    [ -n "$bin" ] && found "$bin"
  fi
  echo "no release binary for $target at v$version; building it with cargo" >&2
fi
if [ -n "$version" ] && [[ "$version" =~ ^[0-9] ]]; then
  cargo install --locked --git "$repo" --tag "v$version" --root "$dir" fibf
else
  cargo install --locked --git "$repo" --root "$dir" fibf
fi
found "$dir/bin/fibf"
