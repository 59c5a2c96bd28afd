/**
 * @file Transitional: the toolkits whose commands still live in `commands/` behind one table.
 * Each toolkit's move to `src/host/<toolkit>/` deletes its lines here.
 */
import * as vscode from 'vscode';
import type { CommandFactory, LensContext } from './context';
import { addToLoraComposition, composeLoras, saveMergedAdapter } from './commands/lora';
import type { HostToolkit } from './toolkit';

const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'modelLens.addToLoraComposition': addToLoraComposition,
  'modelLens.composeLoras': composeLoras,
  'modelLens.saveMergedAdapter': saveMergedAdapter,
};

/** The toolkits not yet in modules of their own. */
export const legacyHost: HostToolkit = (host) => {
  const saveMerged = (method: string): void =>
    void vscode.commands.executeCommand('modelLens.saveMergedAdapter', method);
  const ctx: LensContext = {
    ...host,
    lora: { added: [], last: undefined, panel: host.panel('lora', { saveMerged }) },
  };
  const commands = Object.fromEntries(Object.entries(COMMANDS).map(([id, make]) => [id, make(ctx)]));
  return {
    commands,
  };
};
