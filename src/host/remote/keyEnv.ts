/**
 * @file The remote model's API key as the engine receives it: from VS Code's secret storage, stored per server
 * origin (`modelLens.remoteKey:<origin>`), handed to the engine process in its environment when it starts (never
 * on its command line, in settings or in a log), together with the origin it belongs to, so the engine sends it to
 * that server only.
 */
import type * as vscode from 'vscode';
import { isRemoteSpec, parseRemoteSpec } from '../../core/model/remoteSpec';

/** The key and the origin it is for, while the model setting names a server that has a stored key. */
let current: { readonly origin: string; readonly key: string } | undefined;

/** The secret-storage name of the key for `origin`. */
export function secretName(origin: string): string {
  return `modelLens.remoteKey:${origin}`;
}

/** The origin of a remote model spec, or undefined for any other model (or a malformed spec). */
export function originOf(model: string): string | undefined {
  if (!isRemoteSpec(model)) return undefined;
  try {
    return new URL(parseRemoteSpec(model).baseUrl).origin;
  } catch {
    return undefined;
  }
}

/** Environment the engine process starts with: the process's own, plus the key and its origin when there is one. */
export function engineEnv(): NodeJS.ProcessEnv {
  if (current === undefined) return process.env;
  return { ...process.env, MODEL_LENS_API_KEY: current.key, MODEL_LENS_API_KEY_ORIGIN: current.origin };
}

/** Reads the key for `model`'s server from secret storage; true when it changed (the engine must restart). */
export async function refreshKey(secrets: Pick<vscode.SecretStorage, 'get'>, model: string): Promise<boolean> {
  const origin = originOf(model);
  const key = origin === undefined ? undefined : await secrets.get(secretName(origin));
  const next = origin !== undefined && key !== undefined && key !== '' ? { origin, key } : undefined;
  const changed = next?.origin !== current?.origin || next?.key !== current?.key;
  current = next;
  return changed;
}
