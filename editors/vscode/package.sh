#!/usr/bin/env bash
# Test the TextMate grammar against its fixtures (vscode-tmgrammar-test) and
# package the extension to fibf.vsix (@vscode/vsce). Installs the npm
# packages it needs from package-lock.json; run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --silent --no-audit --no-fund
npx vscode-tmgrammar-test -g syntaxes/fibf.tmLanguage.json 'test/*.fibf'
npx vsce package --no-update-package-json --out fibf.vsix
# The package holds the grammar, the client, its library and the
# language configuration.
python3 - <<'PY'
import zipfile
names = zipfile.ZipFile("fibf.vsix").namelist()
for want in ["extension/syntaxes/fibf.tmLanguage.json", "extension/extension.js",
             "extension/language-configuration.json", "extension/package.json"]:
    assert want in names, want
assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
PY
echo "ok: editors/vscode/fibf.vsix"
