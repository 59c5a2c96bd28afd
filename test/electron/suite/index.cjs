// Integration suite run inside VS Code's extension host by @vscode/test-electron.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

exports.run = async function run() {
  const ext = vscode.extensions.getExtension('model-lens.model-lens');
  assert.ok(ext, 'the extension is installed');
  const api = await ext.activate();
  const file = path.join(__dirname, '..', '..', 'fixtures', 'sample.ts');
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('modelLens.analyseSurprisal');
  const result = api.surprisalOf(document.uri);
  assert.ok(result, 'a surprisal result is stored for the document');
  assert.equal(result.tokens.length, Buffer.byteLength(document.getText()));
  assert.ok(result.bitsPerByte > 0 && result.bitsPerByte < 8);
  const hovers = await vscode.commands.executeCommand(
    'vscode.executeHoverProvider',
    document.uri,
    new vscode.Position(1, 8),
  );
  assert.ok(
    hovers.some((h) => h.contents.some((c) => /bits/.test(typeof c === 'string' ? c : c.value))),
    'the hover shows bits',
  );
};
