/**
 * @file The text an analysis of the active editor runs on, or a clear error: no editor at all ("Open a file
 * first"), VS Code's placeholder for a binary file (no text editor, the tab still names the file), a binary file
 * opened with "Open Anyway" (refused by the same check as the CLI's, `binaryReason` in src/core), and a file or
 * selection over `modelLens.maxFileSize`, refused before its text is read.
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import { tooLargeFile } from '../../core/text/fileSize';
import { binaryFile, binaryReason } from '../../core/text/decodeText';
import { report } from '../runWithProgress';

/** Characters of a document searched for signs of a binary file (NUL, U+FFFD) before its bytes are read. */
const PROBE_CHARS = 65536;

function nameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || vscode.workspace.asRelativePath(uri);
}

/** The uri of the active tab when it shows a file in something other than a text editor. */
function activeTabUri(): vscode.Uri | undefined {
  const input: unknown = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = typeof input === 'object' && input !== null && 'uri' in input ? input.uri : undefined;
  return uri instanceof vscode.Uri ? uri : undefined;
}

async function bytesOf(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

/** The error for a tab that shows `uri` without a text editor (VS Code's binary placeholder, an image...). */
async function notTextEditor(uri: vscode.Uri, what: string): Promise<LensError> {
  const bytes = await bytesOf(uri);
  const why = bytes === undefined ? undefined : binaryReason(bytes);
  if (why !== undefined) return binaryFile(nameOf(uri), why);
  return new LensError(
    'bad-input',
    `${nameOf(uri)} is not open in a text editor: the ${what} runs on text. Reopen it with the text editor ` +
      '(Reopen Editor With… › Text Editor).',
  );
}

/**
 * Refuses a document that is a binary file: a saved file whose first 64 Ki characters hold a NUL or U+FFFD is
 * checked by its bytes on disk exactly as the CLI checks them; an unsaved one by its text (NUL).
 */
async function refuseBinary(document: vscode.TextDocument): Promise<void> {
  const probe = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(PROBE_CHARS)));
  if (!probe.includes('\u0000') && !probe.includes('\uFFFD')) return;
  const saved = !document.isUntitled && !document.isDirty ? await bytesOf(document.uri) : undefined;
  const why = binaryReason(saved ?? new TextEncoder().encode(probe));
  if (why !== undefined) throw binaryFile(nameOf(document.uri), why);
}

/**
 * The active text editor, or a `LensError` to report: `bad-input` when there is none (naming the file when a tab
 * shows it in another editor), `binary-file` when it shows a binary file. `what` names the analysis in messages.
 */
export async function activeTextEditor(what: string): Promise<vscode.TextEditor> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    const uri = activeTabUri();
    if (uri !== undefined) throw await notTextEditor(uri, what);
    throw new LensError('bad-input', `Open a file first: the ${what} runs on the active editor.`);
  }
  await refuseBinary(editor.document);
  return editor;
}

/** The text to analyse and its offset in the document. */
export interface EditorText {
  readonly text: string;
  readonly offset: number;
}

/**
 * The selection of `editor` (the whole document when it is empty), refused with `too-long` over `maxBytes` UTF-8
 * bytes before the text is read when its length alone says so (UTF-8 takes at least a byte per UTF-16 unit).
 */
export function editorText(editor: vscode.TextEditor, maxBytes: number): EditorText {
  const { document, selection } = editor;
  const range = selection.isEmpty ? document.validateRange(new vscode.Range(0, 0, document.lineCount, 0)) : selection;
  const offset = document.offsetAt(range.start);
  const units = document.offsetAt(range.end) - offset;
  const name = selection.isEmpty ? nameOf(document.uri) : `The selection of ${nameOf(document.uri)}`;
  if (units > maxBytes) throw tooLargeFile(name, units, maxBytes, true);
  const text = document.getText(range);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) throw tooLargeFile(name, bytes, maxBytes);
  return { text, offset };
}

/** {@link activeTextEditor}, with its error reported to the user and the log; undefined then. */
export async function activeEditorOrReport(
  what: string,
  log: vscode.LogOutputChannel,
): Promise<vscode.TextEditor | undefined> {
  try {
    return await activeTextEditor(what);
  } catch (error) {
    report(error, log);
    return undefined;
  }
}
