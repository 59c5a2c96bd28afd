/**
 * @file Saves a chart exported by a webview (SVG, PNG or JSON) where the user chooses, atomically.
 */
import * as vscode from 'vscode';
import { atomicWrite } from '../../core/io/atomicWrite';
import type { SaveExportCommand } from '../../shared/messages';

const FILTERS: Record<SaveExportCommand['format'], Record<string, string[]>> = {
  svg: { 'SVG image': ['svg'] },
  png: { 'PNG image': ['png'] },
  json: { JSON: ['json'] },
};

/** Asks where to save, then writes the file; nothing is written if the user cancels. */
export async function saveExport(message: SaveExportCommand): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = message.suggestedName.replace(/[^\w.-]+/gu, '_');
  const target = await vscode.window.showSaveDialog({
    ...(folder !== undefined ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: FILTERS[message.format],
    saveLabel: 'Export',
  });
  if (target === undefined) return;
  const data = message.format === 'png' ? Buffer.from(message.data, 'base64') : message.data;
  try {
    await atomicWrite(target.fsPath, data);
    void vscode.window.showInformationMessage(`Model Lens: saved ${vscode.workspace.asRelativePath(target)}`);
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Model Lens: could not save ${target.fsPath} (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}
