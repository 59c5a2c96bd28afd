/**
 * @file A task's eval set (`media/models/moe-data/<task>.json`: `{task, description, items: [{prompt, answer}]}`),
 * refused before reading when larger than the limit, then checked by schema, with messages that name the file, the
 * wrong field and what to do; and the seeded sample the live re-measure scores.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LensError } from '../../errors';
import { parseJsonWith } from '../../parse';
import { Rng } from '../../random/draws';
import type { SweepTask } from '../../../shared/moeSweep';
import { v, Name } from '../../../shared/schema';

/** Largest eval file read, in bytes. */
export const EVAL_MAX_BYTES = 16 * 2 ** 20;

const EvalSetSchema = v.object({
  task: v.string(),
  description: v.pipe(v.string(), v.maxLength(2000)),
  items: v.pipe(
    v.array(
      v.object({
        prompt: v.pipe(Name, v.minLength(1, 'a prompt is empty')),
        answer: v.pipe(v.string(), v.minLength(1, 'an answer is empty'), v.maxLength(1000)),
      }),
    ),
    v.minLength(1, 'the eval set has no items'),
    v.maxLength(1_000_000),
  ),
});
/** A task's eval set. */
export type EvalSet = v.InferOutput<typeof EvalSetSchema>;

const FIX = 'Rebuild it with the zoo recipe (tools/zoo), or reinstall Model Lens.';

/** The eval set of `task` in `<modelsDir>/moe-data/`. */
export async function readEvalSet(modelsDir: string, task: SweepTask, maxBytes = EVAL_MAX_BYTES): Promise<EvalSet> {
  const path = join(modelsDir, 'moe-data', `${task}.json`);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new LensError('bad-model', `The ${task} eval set ${path} is missing. ${FIX}`);
  }
  if (size > maxBytes)
    throw new LensError('bad-model', `${path} is ${size} bytes, more than the eval-set limit of ${maxBytes}. ${FIX}`);
  const set = parseJsonWith(EvalSetSchema, await readFile(path, 'utf8'), path, { code: 'bad-model', fix: FIX });
  if (set.task !== task)
    throw new LensError('bad-model', `${path} holds the "${set.task.slice(0, 40)}" task, not ${task}. ${FIX}`);
  return set;
}

/** `n` distinct items of `items` (all of them when there are fewer), drawn with the seed. */
export function seededSample<T>(items: readonly T[], n: number, seed: number): T[] {
  return new Rng(seed).distinct(Math.min(n, items.length), items.length).map((i) => items[i] as T);
}
