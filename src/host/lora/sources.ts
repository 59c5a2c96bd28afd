/**
 * @file Where the composition commands find adapters and task data: the adapters the user added
 * from the explorer, the embedded zoo adapters, JSONL files; and the workspace-trust rule (in
 * restricted mode no adapter is loaded from the workspace).
 */
import * as vscode from 'vscode';
import { LensError } from '../../core/errors';
import type { TaskData } from '../../shared/lora';
import { taskSourceName } from './names';

/** Largest task file read (the tasks are small JSONL files). */
const MAX_DATA_BYTES = 32 * 1024 * 1024;

/** The embedded models folder. */
export function modelsFolder(extension: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(extension.extensionUri, 'media', 'models');
}

/** The adapter folder for an explorer selection: the folder itself, or the folder of its adapter_config.json. */
export async function adapterFolderOf(uri: vscode.Uri): Promise<vscode.Uri> {
  const stat = await vscode.workspace.fs.stat(uri);
  const folder = stat.type & vscode.FileType.Directory ? uri : vscode.Uri.joinPath(uri, '..');
  const config = vscode.Uri.joinPath(folder, 'adapter_config.json');
  try {
    await vscode.workspace.fs.stat(config);
  } catch {
    throw new LensError(
      'bad-input',
      `${vscode.workspace.asRelativePath(folder)} has no adapter_config.json, so it is not a PEFT LoRA adapter. ` +
        `Choose the folder that PEFT's save_pretrained wrote.`,
    );
  }
  return folder;
}

/** Refuses, in a restricted workspace, an adapter inside the workspace (saying why and what to do). */
export function refuseUntrusted(folder: vscode.Uri): void {
  if (vscode.workspace.isTrusted || vscode.workspace.getWorkspaceFolder(folder) === undefined) return;
  throw new LensError(
    'untrusted',
    `${vscode.workspace.asRelativePath(folder)} is in this workspace, which is in restricted mode: Model Lens ` +
      `loads no adapter from an untrusted workspace. Trust the workspace (Manage Workspace Trust) to compose it; ` +
      `the embedded adapters work meanwhile.`,
  );
}

/** Reads a JSONL task file as text (refusing huge and binary files); an embedded one is named by its zoo path. */
export async function readTaskData(uri: vscode.Uri, extension: vscode.ExtensionContext): Promise<TaskData> {
  const source =
    uri.scheme === 'file'
      ? taskSourceName(uri.fsPath, modelsFolder(extension).fsPath, vscode.workspace.asRelativePath(uri))
      : uri.toString();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_DATA_BYTES)
    throw new LensError(
      'too-long',
      `${source} is ${(stat.size / 1e6).toFixed(1)} MB; task files up to ${MAX_DATA_BYTES / 1e6} MB are read. ` +
        `Use a smaller test split.`,
    );
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.includes(0))
    throw new LensError(
      'binary-file',
      `${source} is a binary file, not JSONL. Give one {"prompt", "answer"} object per line.`,
    );
  return { source, text: new TextDecoder('utf-8').decode(bytes) };
}

/** The dev split beside a test file (`dev.jsonl`), if there is one. */
export async function devBeside(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const dev = vscode.Uri.joinPath(uri, '..', 'dev.jsonl');
  if (dev.toString() === uri.toString()) return undefined;
  try {
    await vscode.workspace.fs.stat(dev);
    return dev;
  } catch {
    return undefined;
  }
}
