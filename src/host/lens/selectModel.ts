/**
 * @file "Model Lens: Select Model": pick an embedded model, a local ONNX file, or a hub id.
 */
import * as vscode from 'vscode';
import { LM_TASKS, readManifest } from '../../core/model/manifest';
import type { HostContext } from '../toolkit';

type Pick = vscode.QuickPickItem & { readonly value?: string; readonly action?: 'file' | 'hub' };

/** Creates the command; the choice is saved in the `modelLens.model` setting. */
export const selectModel = (ctx: HostContext) => async (): Promise<void> => {
  const modelsDir = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'models').fsPath;
  const items: Pick[] = readManifest(modelsDir)
    .filter((m) => LM_TASKS.includes(m.task))
    .map((m) => ({ label: m.name, description: 'embedded', detail: m.description, value: m.name }));
  items.push({
    label: '$(file) Local ONNX model…',
    detail: 'A .onnx file with tokenizer.json beside it (the Optimum layout)',
    action: 'file',
  });
  items.push({
    label: '$(cloud-download) Hugging Face hub id…',
    detail: 'Downloaded through transformers.js and cached; needs network',
    action: 'hub',
  });
  const pick = await vscode.window.showQuickPick(items, { title: 'Model Lens: Select Model' });
  if (pick === undefined) return;
  const value = pick.value ?? (pick.action === 'file' ? await pickFile() : await askHubId());
  if (value === undefined) return;
  await vscode.workspace.getConfiguration('modelLens').update('model', value, vscode.ConfigurationTarget.Global);
  ctx.statusBar.show(value, undefined);
  ctx.log.info(`Model set to ${value}`);
};

async function pickFile(): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Model Lens: this workspace is in restricted mode, so only embedded models can be used. Trust the ' +
        'workspace to load a local model.',
    );
    return undefined;
  }
  const uris = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'ONNX model': ['onnx'] } });
  return uris?.[0]?.fsPath;
}

function askHubId(): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: 'Hugging Face model id',
      placeHolder: 'owner/name (an ONNX export, e.g. from Optimum)',
      validateInput: (v) => (/^[\w.-]+\/[\w.-]+$/u.test(v.trim()) ? undefined : 'Use the form owner/name'),
    })
    .then((v) => v?.trim());
}
