/**
 * @file The decision-tree LM toolkit in the engine: train (kept under an id, optionally saved to a
 * file), save and load models, generate and trace with a kept or saved model, compare feature sets on
 * held-out text, and the automaton demos.
 */
import { automatonDemo, MOD3, PARITY } from '../../core/analyses/trees/automata';
import { nextTokenAccuracy } from '../../core/analyses/surprisal/nextTokenAccuracy';
import { throwIfCancelled } from '../../core/errors';
import { requireText } from '../../core/text/decodeText';
import {
  AUTOMATON_LAYOUTS,
  TREE_FEATURE_MODELS,
  TREE_FEATURES,
  treesAutomataRequest,
  treesCompareRequest,
  treesGenerateRequest,
  treesLoadRequest,
  treesSaveRequest,
  treesTraceRequest,
  treesTrainRequest,
  type AutomatonRow,
  type TreesCompareResult,
} from '../../shared/trees';
import type { ParamsOf } from '../../shared/request';
import { handle, type EngineEnv, type EngineToolkit, type Job } from '../toolkit';
import { TreeModels } from './models';

/** The BPE models whose hidden states the comparison also tries. */
const BPE_MODELS = TREE_FEATURE_MODELS.filter((m) => m !== 'lens-lm');

/** Trains one tree LM per feature set (and per BPE model's hidden states) and scores each, and lens-lm, held out. */
async function compare(
  env: EngineEnv,
  models: TreeModels,
  p: ParamsOf<typeof treesCompareRequest>,
  job: Job,
): Promise<TreesCompareResult> {
  requireText(p.heldOut.text);
  const rows: { name: string; accuracy: number }[] = [];
  const sets = [
    ...TREE_FEATURES.map((features) => ({ features })),
    ...BPE_MODELS.map((featureModel) => ({ features: 'hidden' as const, featureModel })),
  ];
  for (const set of sets) {
    const held = await models.train({ ...p, skipped: [], ...set }, job);
    rows.push({ name: `trees on ${held.summary.features}`, accuracy: await models.accuracy(held, p.heldOut.text) });
  }
  throwIfCancelled(job.signal);
  const lm = await env.models.get({ model: 'lens-lm', device: 'cpu', allowLocalFiles: true });
  rows.push({
    name: 'lens-lm (argmax of its logits)',
    accuracy: (await nextTokenAccuracy(lm, p.heldOut.text, { signal: job.signal })).accuracy,
  });
  return { heldOut: p.heldOut.name, tokens: Buffer.byteLength(p.heldOut.text), rows };
}

/** Parity and mod-3 counters in every layout. */
function automata(job: Job): { rows: AutomatonRow[] } {
  const rows: AutomatonRow[] = [];
  for (const a of [PARITY, MOD3]) {
    for (const layout of AUTOMATON_LAYOUTS) {
      throwIfCancelled(job.signal);
      rows.push(automatonDemo(a, layout));
    }
  }
  return { rows };
}

/** Handlers of the decision-tree toolkit; trained models are kept per engine. */
export const treesEngine: EngineToolkit = (env) => {
  const models = new TreeModels(env.modelsDir);
  return [
    handle(treesTrainRequest, async (p, job) => {
      const held = await models.train(p, job);
      if (p.out !== undefined) await models.save(held, p.out);
      return models.keep(held);
    }),
    handle(treesSaveRequest, async (p) => ({
      out: p.out,
      bytes: await models.save(await models.resolve(p.tree), p.out),
    })),
    handle(treesLoadRequest, (p) => models.load(p.path)),
    handle(treesGenerateRequest, async (p) => models.generate(await models.resolve(p.tree), p)),
    handle(treesTraceRequest, async (p, job) => models.trace(await models.resolve(p.tree), p, job.signal)),
    handle(treesCompareRequest, (p, job) => compare(env, models, p, job)),
    handle(treesAutomataRequest, (_p, job) => automata(job)),
  ];
};
