/**
 * @file Reads the `modelLens.*` settings.
 */
import * as vscode from 'vscode';
import type { DeviceSetting } from '../shared/results';

/** The settings an analysis needs. */
export interface LensSettings {
  readonly model: string;
  readonly device: DeviceSetting;
  readonly maxTokens: number;
}

/** Current settings, with defaults for anything unset or invalid. */
export function readSettings(): LensSettings {
  const c = vscode.workspace.getConfiguration('modelLens');
  const device = c.get<string>('device', 'auto');
  const maxTokens = c.get<number>('maxTokens', 16384);
  return {
    model: c.get<string>('model', 'lens-lm') || 'lens-lm',
    device: (['auto', 'cpu', 'webgpu', 'cuda'].includes(device) ? device : 'auto') as DeviceSetting,
    maxTokens: Number.isInteger(maxTokens) && maxTokens > 0 ? maxTokens : 16384,
  };
}
