/**
 * @file The command table: every command id with the factory that implements it.
 */
import * as vscode from 'vscode';
import type { CommandFactory, LensContext } from '../context';
import { analyseSurprisal } from './analyseSurprisal';
import { selectModel } from './selectModel';
import { treesTrain } from './treesTrain';
import { treesGenerate, treesTrace } from './treesUse';
import { revealRange, showSparsityMap, showTokenDependencies } from './dependencies';
import { addToLoraComposition, composeLoras, saveMergedAdapter } from './lora';
import { choosePositionMethod, lengthGeneralizationProbe, showPositionIds } from './positions';

const COMMANDS: Readonly<Record<string, CommandFactory>> = {
  'modelLens.analyseSurprisal': analyseSurprisal,
  'modelLens.selectModel': selectModel,
  'modelLens.showTokenDependencies': showTokenDependencies,
  'modelLens.showSparsityMap': showSparsityMap,
  'modelLens.revealRange': revealRange,
  'modelLens.trainTreeLM': treesTrain,
  'modelLens.generateTreeLM': treesGenerate,
  'modelLens.traceTreePrediction': treesTrace,
  'modelLens.showPositionIds': showPositionIds,
  'modelLens.showPositionIdsWith': choosePositionMethod,
  'modelLens.lengthGeneralizationProbe': lengthGeneralizationProbe,
  'modelLens.addToLoraComposition': addToLoraComposition,
  'modelLens.composeLoras': composeLoras,
  'modelLens.saveMergedAdapter': saveMergedAdapter,
  'modelLens.showEngineLog': (ctx) => () => ctx.log.show(),
  'modelLens.clearDecorations': (ctx) => () => {
    ctx.surprisal.clear();
    ctx.dependencies.decorations.clear();
  },
  'modelLens.restartEngine': (ctx) => () => {
    ctx.engine.dispose();
    ctx.log.info('Engine stopped; the next analysis starts a new one.');
  },
};

/** Registers every command; the disposables go to the extension's subscriptions. */
export function registerCommands(ctx: LensContext): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
}
