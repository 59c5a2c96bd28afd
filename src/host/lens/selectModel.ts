/**
 * @file "Model Lens: Select Model": pick an embedded model, a local ONNX file, a hub id, or a model server.
 */
import * as vscode from 'vscode';
import { LM_TASKS, readManifest } from '../../core/model/manifest';
import { parseRemoteSpec, REMOTE_PREFIX } from '../../core/model/remoteSpec';
import type { HostContext } from '../toolkit';

type Pick = vscode.QuickPickItem & { readonly value?: string; readonly action?: 'file' | 'hub' | 'server' };

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
  items.push({
    label: '$(remote) Model server…',
    detail: 'An OpenAI-compatible completions server with prompt log-probabilities (vLLM): surprisal and task probes',
    action: 'server',
  });
  const pick = await vscode.window.showQuickPick(items, { title: 'Model Lens: Select Model' });
  if (pick === undefined) return;
  const ask = { file: pickFile, hub: askHubId, server: askServer };
  const value = pick.value ?? (pick.action === undefined ? undefined : await ask[pick.action]());
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

/** `openai:<url>#<model>` from the server's API base URL and the served model's name, each checked as typed. */
async function askServer(): Promise<string | undefined> {
  const url = await vscode.window.showInputBox({
    title: 'Model server: API base URL',
    placeHolder: 'http://gpu-box:8000/v1',
    validateInput: (v) => check(`${REMOTE_PREFIX}${v.trim()}#model`),
  });
  if (url === undefined) return undefined;
  const model = await vscode.window.showInputBox({
    title: 'Model server: model name (as the server lists it in /v1/models)',
    placeHolder: 'meta-llama/Llama-3.1-8B',
    validateInput: (v) => check(`${REMOTE_PREFIX}${url.trim()}#${v.trim()}`),
  });
  if (model === undefined) return undefined;
  void vscode.window.showInformationMessage(
    'Model Lens: if the server asks for a key, run "Model Lens: Set Remote Model API Key".',
  );
  return `${REMOTE_PREFIX}${url.trim()}#${model.trim()}`;
}

/** The remote spec's problem in one line, or undefined when it is well formed. */
function check(spec: string): string | undefined {
  try {
    parseRemoteSpec(spec);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
