/**
 * @file Reads the `modelLens.*` settings.
 */
import * as vscode from 'vscode';
import { defaultMaxTokens, fileSizeSetting } from '../core/text/fileSize';
import { DEVICE_SETTINGS, DeviceSettingSchema, type DeviceSetting } from '../shared/schema';
import { v } from '../shared/schema';
import { dependencySettingsOf, type DependencySettings } from '../shared/dependencies';

/** The settings an analysis needs. */
export interface LensSettings {
  readonly model: string;
  readonly device: DeviceSetting;
  /** `modelLens.maxTokens`, or when unset one token per byte of {@link LensSettings.maxFileBytes}. */
  readonly maxTokens: number;
  /** `modelLens.maxFileSize` in bytes: larger files (or selections) are refused before their text is read. */
  readonly maxFileBytes: number;
}

/** Current settings, with defaults for anything unset or invalid. */
export function readSettings(): LensSettings {
  const c = vscode.workspace.getConfiguration('modelLens');
  const device = v.safeParse(DeviceSettingSchema, c.get<string>('device', DEVICE_SETTINGS[0]));
  const maxFileBytes = fileSizeSetting(c.get<unknown>('maxFileSize'));
  const maxTokens = c.get<unknown>('maxTokens');
  return {
    model: c.get<string>('model', 'lens-lm') || 'lens-lm',
    device: device.success ? device.output : DEVICE_SETTINGS[0],
    maxTokens:
      typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens > 0
        ? maxTokens
        : defaultMaxTokens(maxFileBytes),
    maxFileBytes,
  };
}

/** Current dependency settings, with the defaults (p 0.9, k 32, both methods, 512) for anything unset or invalid. */
export function readDependencySettings(): DependencySettings {
  const c = vscode.workspace.getConfiguration('modelLens.dependencies');
  return dependencySettingsOf({ p: c.get('p'), k: c.get('k'), method: c.get('method'), reach: c.get('ablationReach') });
}

/** The model a command was given as `{ model }` (an Analyse button's file, a hover link), else undefined. */
export function modelArgOf(arg: unknown): string | undefined {
  const model = typeof arg === 'object' && arg !== null ? (arg as { model?: unknown }).model : undefined;
  return typeof model === 'string' && model.trim() !== '' ? model.trim() : undefined;
}
