/**
 * @file Commands of Model Lens itself, not of one toolkit: choosing the model, the engine log,
 * restarting the engine and clearing every toolkit's decorations.
 */
import type { HostToolkit } from '../toolkit';
import { selectModel } from './selectModel';

/** Model, engine and decoration commands. */
export const lensHost: HostToolkit = (ctx) => ({
  commands: {
    'modelLens.selectModel': selectModel(ctx),
    'modelLens.showEngineLog': () => ctx.log.show(),
    'modelLens.restartEngine': () => {
      ctx.engine.dispose();
      ctx.log.info('Engine stopped; the next analysis starts a new one.');
    },
  },
});
