// The VS Code client of `planc lsp`: starts the language server for .plan files and hands it
// everything (diagnostics, hover, definition, references, rename, completion, formatting,
// outline, semantic tokens, folding).
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("planc").get("path") || "planc";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "planc",
    "planc",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "plan" }] }
  );
  context.subscriptions.push(client);
  return client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `planc: could not start \`${command} lsp\` (${error.message}). Install planc or set planc.path.`
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
