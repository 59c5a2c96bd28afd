/**
 * @file Opens a document and selects a range of it, scrolled into view: what a click on a token in
 * a panel, or on a link in a hover, does.
 */
import * as vscode from 'vscode';

/** Shows `uri` (in `options`' column) with the UTF-16 range [start, end) selected and visible. */
export async function revealInEditor(
  uri: vscode.Uri,
  start: number,
  end: number,
  options: vscode.TextDocumentShowOptions = {},
): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, ...options });
  const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
