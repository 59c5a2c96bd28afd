/**
 * @file Transitional: the toolkits whose commands still live in `commands/` behind one table.
 * Each toolkit's move to `src/host/<toolkit>/` deletes its lines here.
 */
import * as vscode from 'vscode';
import type { CommandFactory, LensContext } from './context';
import { treesTrain } from './commands/treesTrain';
import { treesGenerate, treesTrace } from './commands/treesUse';
import { revealRange, showSparsityMap, showTokenDependencies } from './commands/dependencies';
import { choosePositionMethod, lengthGeneralizationProbe, showPositionIds } from './commands/positions';
import { DependencyDecorations } from './editor/dependencyDecorations';
import { TreeDecorations } from './editor/treeDecorations';
import type { HostToolkit } from './toolkit';

const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'modelLens.showTokenDependencies': showTokenDependencies,
  'modelLens.showSparsityMap': showSparsityMap,
  'modelLens.revealRange': revealRange,
  'modelLens.trainTreeLM': treesTrain,
  'modelLens.generateTreeLM': treesGenerate,
  'modelLens.traceTreePrediction': treesTrace,
  'modelLens.showPositionIds': showPositionIds,
  'modelLens.showPositionIdsWith': choosePositionMethod,
  'modelLens.lengthGeneralizationProbe': lengthGeneralizationProbe,
};

/** The toolkits not yet in modules of their own. */
export const legacyHost: HostToolkit = (host) => {
  const ctx: LensContext = {
    ...host,
    trees: { summary: undefined, panel: host.panel('trees'), decorations: new TreeDecorations() },
    dependencies: { panel: host.panel('dependencies'), decorations: new DependencyDecorations() },
    positions: { method: undefined, panel: host.panel('positions') },
  };
  host.onClear(() => ctx.dependencies.decorations.clear());
  const commands = Object.fromEntries(Object.entries(COMMANDS).map(([id, make]) => [id, make(ctx)]));
  return {
    commands,
    disposables: [
      ctx.trees.decorations,
      ctx.dependencies.decorations,
      vscode.languages.registerHoverProvider({ scheme: '*' }, ctx.dependencies.decorations.hover()),
    ],
  };
};
