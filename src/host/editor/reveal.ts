/**
 * @file Opens a document and selects a range of it, scrolled into view: what a click on a token in
 * a panel, or on a link in a hover, does.
 */
import * as vscode from 'vscode';

/** How long after a reveal a panel may still take the focus back from the editor (a click's own focus change). */
const FOCUS_SETTLE_MS = 250;

/** Shows `uri` (in `options`' column) with the UTF-16 range [start, end) selected and visible. */
export async function revealInEditor(
  uri: vscode.Uri,
  start: number,
  end: number,
  options: vscode.TextDocumentShowOptions = {},
): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await showFocused(document, options);
  const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/**
 * Shows `document` with the focus (unless `options` preserve it), and keeps the focus there when the click that
 * asked for it hands it back to its panel or page a moment later.
 */
export async function showFocused(
  document: vscode.TextDocument,
  options: vscode.TextDocumentShowOptions = {},
): Promise<vscode.TextEditor> {
  const show: vscode.TextDocumentShowOptions = { preserveFocus: false, ...options };
  const editor = await vscode.window.showTextDocument(document, show);
  if (!show.preserveFocus) setTimeout(() => void refocus(document, show), FOCUS_SETTLE_MS);
  return editor;
}

/**
 * The click that asked for a reveal also focuses its panel (or the walkthrough's page), and on a busy machine that
 * focus can land after the editor's. When no text editor has the focus a moment later, the editor takes it back, once.
 */
async function refocus(document: vscode.TextDocument, show: vscode.TextDocumentShowOptions): Promise<void> {
  if (vscode.window.activeTextEditor !== undefined || document.isClosed) return;
  await vscode.window.showTextDocument(document, show);
}
