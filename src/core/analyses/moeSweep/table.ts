/**
 * @file The sweep's table from the model manifest: every entry with a `moe` field whose task is the phone book or
 * the length-2 paths (a `moe` entry of another task, e.g. a language model, is not part of the sweep), checked by
 * schema, MoE models in order of E, then the dense models in order of width.
 */
import { readManifest } from '../../model/manifest';
import { parseWith } from '../../parse';
import { SweepModelSchema, SWEEP_TASKS, type SweepModel, type SweepTask } from '../../../shared/moeSweep';
import { v } from '../../../shared/schema';

/** The `moe` field of a manifest entry (the zoo's contract): the sweep model's sizes and accuracy; others pass. */
const MoeFieldSchema = v.looseObject({
  ...v.pick(SweepModelSchema, [
    'experts',
    'topK',
    'layers',
    'dModel',
    'dExpert',
    'totalParams',
    'activeParams',
    'accuracy',
    'evalItems',
  ]).entries,
  task: v.string(),
});

const isSweepTask = (t: string): t is SweepTask => (SWEEP_TASKS as readonly string[]).includes(t);

/** A dense model's width factor from its name (`…-dense2x` → 2), if it says. */
const namedWidth = (name: string): number | undefined => {
  const m = /dense(\d+(?:\.\d+)?)x$/u.exec(name);
  return m === null ? undefined : Number(m[1]);
};

/** The sweep's models among manifest entries (objects with `name` and maybe `moe`). */
export function sweepModels(entries: readonly { readonly name: string; readonly moe?: unknown }[]): SweepModel[] {
  const models: SweepModel[] = [];
  for (const e of entries) {
    if (e.moe === undefined) continue;
    const fix = 'Reinstall Model Lens, or rebuild the model with its zoo recipe.';
    const m = parseWith(MoeFieldSchema, e.moe, `the manifest entry of ${e.name}, field "moe"`, {
      code: 'internal',
      fix,
    });
    if (!isSweepTask(m.task)) continue;
    const dense = m.experts === 0;
    const { experts, topK, layers, dModel, dExpert, totalParams, activeParams, accuracy, evalItems } = m;
    const base = { experts, topK, layers, dModel, dExpert, totalParams, activeParams, accuracy, evalItems };
    models.push({ name: e.name, task: m.task, kind: dense ? 'dense' : 'moe', ...base });
  }
  return withWidths(models).sort(order);
}

/** Dense models get their width relative to the task's narrowest dense model (by name when it says, else size). */
function withWidths(models: SweepModel[]): SweepModel[] {
  return models.map((m) => {
    if (m.kind !== 'dense') return m;
    const named = namedWidth(m.name);
    if (named !== undefined) return { ...m, width: named };
    const narrowest = Math.min(
      ...models.filter((d) => d.kind === 'dense' && d.task === m.task).map((d) => d.activeParams),
    );
    return { ...m, width: narrowest > 0 ? m.activeParams / narrowest : 1 };
  });
}

function order(a: SweepModel, b: SweepModel): number {
  const byTask = SWEEP_TASKS.indexOf(a.task) - SWEEP_TASKS.indexOf(b.task);
  if (byTask !== 0) return byTask;
  if (a.kind !== b.kind) return a.kind === 'moe' ? -1 : 1;
  return a.kind === 'moe' ? a.experts - b.experts : (a.width ?? 0) - (b.width ?? 0);
}

/** The sweep's models of the manifest in `modelsDir`. */
export function readSweepModels(modelsDir: string): SweepModel[] {
  return sweepModels(readManifest(modelsDir));
}
