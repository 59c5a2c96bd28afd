/**
 * @file The text a model reads for "Inspect Kronecker Preconditioner": the open file (its selection, if any) or a
 * picked text file, refused when binary or over `modelLens.maxFileSize` (the checks the other analyses use).
 */
import * as vscode from 'vscode';
import { binaryFile, binaryReason } from '../../core/text/decodeText';
import { tooLargeFile } from '../../core/text/fileSize';
import { activeTextEditor, editorText } from '../editor/activeText';
import type { KronData } from './plan';

const TITLE = 'Inspect Kronecker Preconditioner';

async function readTextFile(uri: vscode.Uri, maxBytes: number): Promise<KronData> {
  const source = vscode.workspace.asRelativePath(uri);
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > maxBytes) throw tooLargeFile(source, stat.size, maxBytes);
  const bytes = await vscode.workspace.fs.readFile(uri);
  const why = binaryReason(bytes);
  if (why !== undefined) throw binaryFile(source, why);
  return { text: new TextDecoder('utf-8').decode(bytes), source };
}

async function pickTextFile(maxBytes: number): Promise<KronData | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: the text the model reads`,
    canSelectFiles: true,
    canSelectMany: false,
    openLabel: 'Read',
  });
  return picked?.[0] === undefined ? undefined : readTextFile(picked[0], maxBytes);
}

type DataItem = vscode.QuickPickItem & { readonly pick: () => Promise<KronData | undefined> };

/** The text the model reads: the open text editor's (offered first) or a picked file's. */
export async function pickData(maxBytes: number): Promise<KronData | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items: DataItem[] = [];
  if (editor !== undefined) {
    const doc = editor.document;
    const name = vscode.workspace.asRelativePath(doc.uri);
    const what = editor.selection.isEmpty ? `The open file ${name}` : `The selection in ${name}`;
    items.push({
      label: `$(file-text) ${what}`,
      detail: 'one gradient per token, up to the examples setting (modelLens.kronecker.maxExamples)',
      pick: async () => {
        const checked = await activeTextEditor('Kronecker analysis');
        return { text: editorText(checked, maxBytes).text, source: name };
      },
    });
  }
  items.push({ label: '$(folder-opened) A text file\u2026', pick: () => pickTextFile(maxBytes) });
  const chosen = await vscode.window.showQuickPick(items, { title: `${TITLE}: which text does the model read?` });
  return chosen?.pick();
}
