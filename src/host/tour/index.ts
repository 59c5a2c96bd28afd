/**
 * @file The walkthrough's own command, Open Sample File: copies media/sample.py into the extension's storage
 * (so that the installed file is never edited) and opens it with the cursor where a walkthrough step wants it.
 */
import * as vscode from 'vscode';
import { showFocused } from '../editor/reveal';
import { report } from '../runWithProgress';
import type { HostContext, HostToolkit } from '../toolkit';
import { SAMPLE_FILE, sampleSpotOffset } from './spots';

/** Opens a fresh copy of the sample (the open one when it has unsaved edits), the cursor at `spot`. */
async function openSample(ctx: HostContext, spot: unknown): Promise<void> {
  const source = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', SAMPLE_FILE);
  const target = vscode.Uri.joinPath(ctx.extension.globalStorageUri, SAMPLE_FILE);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (open?.isDirty !== true) {
    await vscode.workspace.fs.createDirectory(ctx.extension.globalStorageUri);
    await vscode.workspace.fs.copy(source, target, { overwrite: true });
  }
  const document = open ?? (await vscode.workspace.openTextDocument(target));
  const shown = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const editor = await showFocused(document, {
    viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside,
    preview: false,
  });
  const at = document.positionAt(sampleSpotOffset(document.getText(), spot));
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The walkthrough's commands. */
export const tourHost: HostToolkit = (ctx) => ({
  commands: {
    'modelLens.openSample': (spot?: unknown) => openSample(ctx, spot).catch((error) => report(error, ctx.log)),
  },
});
