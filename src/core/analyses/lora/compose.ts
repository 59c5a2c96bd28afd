/**
 * @file A LoRA composition run: the base model, each adapter alone, the data-mix adapter and
 * every chosen merge, scored on a target task (exact match and loss), with CAT weights learned
 * on a dev split, and per-layer cosines and TIES sign conflicts of the adapters.
 */
import type * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../../errors';
import type { LoraAdapter } from '../../formats/peft/types';
import type { LoraComposeResult, LoraComposeRow, LoraLayerStats } from '../../../shared/results';
import { catLearn, type CatLearnResult, type CatParameterisation } from './catLearn';
import { catWeighted } from './catWeighted';
import { scoreOnTask, type ScoreOptions, type TaskItem, type WeightedAdapter } from './evaluate';
import { DEFAULT_DENSITY, isLoraMergeMethod, loraMerge, LORA_MERGE_METHODS } from './merge';
import { loraCosines, tiesConflicts } from './stats';

/** Composition methods: learned CAT (`cat`, `cat_free`), PEFT's fixed-weight cat (`peft_cat`) and PEFT's other merges. */
export const COMPOSE_METHODS: readonly string[] = ['cat', 'cat_free', 'peft_cat', ...LORA_MERGE_METHODS.filter((m) => m !== 'cat')];

/** Methods run when none are named. */
export const DEFAULT_COMPOSE_METHODS: readonly string[] = ['cat', 'cat_free', 'peft_cat', 'linear', 'ties', 'dare_linear', 'dare_ties', 'svd'];

/** A named adapter. */
export interface NamedAdapter {
  readonly name: string;
  readonly adapter: LoraAdapter;
}

/** What to compose and score. */
export interface ComposeInput {
  readonly base: string;
  readonly adapters: readonly NamedAdapter[];
  readonly mix?: NamedAdapter;
  readonly test: { readonly source: string; readonly items: readonly TaskItem[] };
  /** Dev split for learning CAT weights (required by `cat` and `cat_free`). */
  readonly dev?: { readonly source: string; readonly items: readonly TaskItem[] };
  readonly methods: readonly string[];
  /** Weights of the fixed-weight merges. @default 1 per adapter */
  readonly weights?: readonly number[];
  readonly density?: number;
  readonly rank?: number;
  /** Adam steps of CAT learning. @default 30 */
  readonly catSteps?: number;
}

/** Decoding and cancellation settings. */
export interface ComposeOptions extends ScoreOptions {
  readonly onProgress?: (fraction: number, message: string) => void;
}

/** Refuses unknown methods and learned CAT without a dev split. */
export function composeMethodsCheck(methods: readonly string[], hasDev: boolean): void {
  for (const m of methods) {
    if (!COMPOSE_METHODS.includes(m)) throw new LensError('bad-input', `Unknown composition method "${m}". Choose from: ${COMPOSE_METHODS.join(', ')}.`);
    if (m.startsWith('cat') && !hasDev) throw new LensError('bad-input', `Method ${m} learns CAT weights on a dev split: give one (a JSONL file of {"prompt", "answer"} items, not the test data).`);
  }
}

const EXAMPLES = 5;
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

function layerStats(adapters: readonly LoraAdapter[], density: number): LoraLayerStats[] {
  const cos = loraCosines(adapters).layers;
  const conflicts = tiesConflicts(adapters, density).layers;
  return cos.map((row) => {
    const c = conflicts.find((x) => x.layer === row.layer);
    return {
      layer: row.layer, name: row.name, cosine: row.cosine.map((r) => r.map(finiteOrNull)),
      overlapping: c?.overlapping ?? 0, conflicting: c?.conflicting ?? 0, conflictShare: finiteOrNull(c?.share ?? NaN),
    };
  });
}

/** Runs the composition (see the file comment). */
export async function loraCompose(session: ort.InferenceSession, input: ComposeInput, o: ComposeOptions): Promise<LoraComposeResult> {
  const t0 = Date.now();
  composeMethodsCheck(input.methods, input.dev !== undefined);
  const adapters = input.adapters.map((a) => a.adapter);
  if (adapters.length < 2) throw new LensError('bad-input', 'A composition needs two or more adapters.');
  const weights = input.weights ?? adapters.map(() => 1);
  const density = input.density ?? DEFAULT_DENSITY;
  const rows: LoraComposeRow[] = [];
  const configs = 1 + adapters.length + (input.mix === undefined ? 0 : 1) + input.methods.length;
  const score = async (row: Omit<LoraComposeRow, 'exactMatch' | 'loss' | 'examples'>, parts: readonly WeightedAdapter[]): Promise<void> => {
    throwIfCancelled(o.signal);
    o.onProgress?.(rows.length / configs, `Scoring ${row.config}`);
    const s = await scoreOnTask(session, parts, input.test.items, o);
    const examples = input.test.items.slice(0, EXAMPLES).map((it, i) => ({ prompt: it.prompt, expected: it.answer, answer: s.answers[i] ?? '' }));
    rows.push({ ...row, exactMatch: s.exactMatch, loss: s.loss, examples });
  };
  await score({ config: 'base', kind: 'base' }, []);
  for (const a of input.adapters) await score({ config: a.name, kind: 'adapter' }, [{ adapter: a.adapter, weight: 1 }]);
  if (input.mix !== undefined) await score({ config: `${input.mix.name} (data mix)`, kind: 'mix' }, [{ adapter: input.mix.adapter, weight: 1 }]);
  let cat: CatLearnResult | undefined;
  for (const method of input.methods) {
    if (method === 'cat' || method === 'cat_free') {
      const p: CatParameterisation = method === 'cat' ? 'softmax' : 'free';
      const learned = await catLearn(session, adapters, input.dev?.items ?? [], o, {
        parameterisation: p, steps: input.catSteps ?? 30, ...(o.signal !== undefined ? { signal: o.signal } : {}),
        onStep: (t, n) => o.onProgress?.((rows.length + t / n) / configs, `Learning CAT weights (${p}): step ${t} of ${n}`),
      });
      if (method === 'cat' || cat === undefined) cat = learned;
      await score({ config: method === 'cat' ? 'CAT (learned)' : 'CAT (learned, free weights)', kind: 'merge', method, catWeights: learned.weights }, [{ adapter: catWeighted(adapters, learned.weights), weight: 1 }]);
    } else {
      const peft = method === 'peft_cat' ? 'cat' : method;
      if (!isLoraMergeMethod(peft)) continue;
      const merged = loraMerge(peft, adapters, { weights, density, ...(input.rank !== undefined ? { rank: input.rank } : {}) });
      await score({ config: method, kind: 'merge', method }, [{ adapter: merged, weight: 1 }]);
    }
  }
  o.onProgress?.(1, 'Done');
  return {
    base: input.base, adapters: input.adapters.map((a) => a.name), ...(input.mix !== undefined ? { mix: input.mix.name } : {}),
    data: { source: input.test.source, items: input.test.items.length },
    ...(input.dev !== undefined ? { dev: { source: input.dev.source, items: input.dev.items.length } } : {}),
    weights, density, rows, layers: layerStats(adapters, density), seconds: (Date.now() - t0) / 1000,
    ...(cat !== undefined ? { cat: { parameterisation: cat.parameterisation, weights: cat.weights, devLoss: cat.devLoss, startLoss: cat.startLoss, history: cat.history, evaluations: cat.evaluations } } : {}),
  };
}
