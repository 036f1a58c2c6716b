// The FIBF extension: starts `fibf lsp` and hands it .fibf files and
// vendor offerings (YAML and JSON). Everything the editor shows comes from
// the server; this file only connects the two.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("fibf");
  const command = config.get("server.path") || "fibf";
  const selector = [{ scheme: "file", language: "fibf" }];
  if (config.get("offerings")) {
    selector.push({ scheme: "file", language: "yaml" });
    selector.push({ scheme: "file", language: "json" });
  }
  const options = {};
  const docsBaseUrl = config.get("docsBaseUrl");
  if (docsBaseUrl) {
    options.docsBaseUrl = docsBaseUrl;
  }
  client = new LanguageClient(
    "fibf",
    "FIBF",
    { command, args: ["lsp"] },
    {
      documentSelector: selector,
      initializationOptions: options,
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.fibf,fibf.toml}"),
      },
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
