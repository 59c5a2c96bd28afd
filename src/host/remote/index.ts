/**
 * @file Remote models in VS Code: "Set Remote Model API Key" asks for the key of the server `modelLens.model` names
 * (a password box) and keeps it in secret storage; "Clear Remote Model API Key" forgets it. The engine restarts
 * when the key it should hold changes (a new key, or a model setting naming another server).
 */
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import type { HostToolkit } from '../toolkit';
import { originOf, refreshKey, secretName } from './keyEnv';

/** The remote-model toolkit: the key commands and the watch on the model setting. */
export const remoteHost: HostToolkit = (ctx) => {
  const secrets = ctx.extension.secrets;
  const refresh = async (): Promise<void> => {
    if (await refreshKey(secrets, readSettings().model)) ctx.engine.restart();
  };
  const server = (): string | undefined => {
    const origin = originOf(readSettings().model);
    if (origin === undefined) {
      void vscode.window.showErrorMessage(
        'Model Lens: set "modelLens.model" to a model server first, as openai:<url>#<model> (for example ' +
          'openai:http://gpu-box:8000/v1#meta-llama/Llama-3.1-8B).',
      );
    }
    return origin;
  };
  void refresh();
  return {
    commands: {
      'modelLens.setRemoteKey': async () => {
        const origin = server();
        if (origin === undefined) return;
        const key = await vscode.window.showInputBox({
          title: `Model Lens: API key for ${origin}`,
          prompt: 'Kept in VS Code secret storage and sent only to this server, as a bearer token.',
          password: true,
          ignoreFocusOut: true,
        });
        if (key === undefined || key.trim() === '') return;
        await secrets.store(secretName(origin), key.trim());
        await refresh();
        ctx.log.info(`A remote model API key is stored for ${origin}.`);
      },
      'modelLens.clearRemoteKey': async () => {
        const origin = server();
        if (origin === undefined) return;
        await secrets.delete(secretName(origin));
        await refresh();
        ctx.log.info(`The remote model API key for ${origin} was cleared.`);
      },
    },
    disposables: [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelLens.model')) void refresh();
      }),
      secrets.onDidChange((e) => {
        if (e.key.startsWith('modelLens.remoteKey:')) void refresh();
      }),
    ],
  };
};
