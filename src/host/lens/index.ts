/**
 * @file Commands of Model Lens itself, not of one toolkit: choosing the model, the engine log,
 * restarting the engine and clearing every toolkit's decorations.
 */
import * as vscode from 'vscode';
import type { HostToolkit } from '../toolkit';
import { selectModel } from './selectModel';

/** What Restart Engine says when it is done. */
export const RESTARTED = 'Model Lens engine restarted: the next analysis runs in a fresh engine.';

/** Model, engine and decoration commands. */
export const lensHost: HostToolkit = (ctx) => ({
  commands: {
    'modelLens.selectModel': selectModel(ctx),
    'modelLens.showEngineLog': () => ctx.log.show(),
    'modelLens.restartEngine': () => {
      ctx.engine.restart();
      ctx.log.info(RESTARTED);
      void vscode.window.showInformationMessage(RESTARTED);
    },
  },
});
