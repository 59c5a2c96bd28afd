/**
 * @file A LoRA composition run: the base model, each adapter alone, the data-mix adapter and
 * every chosen merge, scored on a target task (exact match and loss), with CAT weights learned
 * on a dev split, and per-layer cosines and TIES sign conflicts of the adapters.
 */
import type * as ort from 'onnxruntime-node';
import { LensError, throwIfCancelled } from '../../errors';
import type { LoraAdapter } from '../../formats/peft/types';
import {
  COMPOSE_METHODS,
  DEFAULT_DENSITY,
  learnsCat,
  type CatParameterisation,
  type ComposeMethod,
  type LoraComposeResult,
  type LoraComposeRow,
  type LoraLayerStats,
} from '../../../shared/lora';
import { catLearn, type CatLearnResult } from './catLearn';
import { catWeighted } from './catWeighted';
import { scoreOnTask, type WeightedAdapter } from './evaluate';
import { isLoraMergeMethod, loraMerge } from './merge';
import { loraCosines, tiesConflicts } from './stats';
import type { ScoreOptions, TaskItem } from './taskData';

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
  readonly methods: readonly ComposeMethod[];
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
export function composeMethodsCheck(
  methods: readonly string[],
  hasDev: boolean,
): asserts methods is readonly ComposeMethod[] {
  for (const m of methods) {
    if (!isComposeMethod(m)) {
      throw new LensError(
        'bad-input',
        `Unknown composition method "${m}". Choose from: ${COMPOSE_METHODS.join(', ')}.`,
      );
    }
    if (learnsCat(m) && !hasDev)
      throw new LensError(
        'bad-input',
        `Method ${m} learns CAT weights on a dev split: give one (a JSONL file of {"prompt", "answer"} items, ` +
          `not the test data).`,
      );
  }
}

function isComposeMethod(m: string): m is ComposeMethod {
  return (COMPOSE_METHODS as readonly string[]).includes(m);
}

const EXAMPLES = 5;
const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

async function layerStats(adapters: readonly LoraAdapter[], density: number): Promise<LoraLayerStats[]> {
  const cos = loraCosines(adapters).layers;
  const conflicts = (await tiesConflicts(adapters, density)).layers;
  return cos.map((row) => {
    const c = conflicts.find((x) => x.layer === row.layer);
    return {
      layer: row.layer,
      name: row.name,
      cosine: row.cosine.map((r) => r.map(finiteOrNull)),
      overlapping: c?.overlapping ?? 0,
      conflicting: c?.conflicting ?? 0,
      conflictShare: finiteOrNull(c?.share ?? NaN),
    };
  });
}

type RowHead = Omit<LoraComposeRow, 'exactMatch' | 'loss' | 'examples'>;
type Score = (row: RowHead, parts: readonly WeightedAdapter[]) => Promise<void>;

/** A scorer that appends a row per configuration to `rows`, reporting progress over `configs`. */
function scorer(
  session: ort.InferenceSession,
  input: ComposeInput,
  o: ComposeOptions,
  rows: LoraComposeRow[],
  configs: number,
): Score {
  return async (row, parts) => {
    throwIfCancelled(o.signal);
    o.onProgress?.(rows.length / configs, `Scoring ${row.config}`);
    const s = await scoreOnTask(session, parts, input.test.items, o);
    const examples = input.test.items
      .slice(0, EXAMPLES)
      .map((it, i) => ({ prompt: it.prompt, expected: it.answer, answer: s.answers[i] ?? '' }));
    rows.push({ ...row, exactMatch: s.exactMatch, loss: s.loss, examples });
  };
}

interface MergeRun {
  readonly session: ort.InferenceSession;
  readonly input: ComposeInput;
  readonly o: ComposeOptions;
  readonly adapters: readonly LoraAdapter[];
  readonly weights: readonly number[];
  readonly density: number;
  readonly progress: (step: number, steps: number, what: string) => void;
}

/** Learns CAT (`cat`: softmax, `cat_free`: free weights) on the dev split, scores it, returns what it learned. */
async function scoreLearnedCat(run: MergeRun, method: 'cat' | 'cat_free', score: Score): Promise<CatLearnResult> {
  const p: CatParameterisation = method === 'cat' ? 'softmax' : 'free';
  const learned = await catLearn(run.session, run.adapters, run.input.dev?.items ?? [], run.o, {
    parameterisation: p,
    steps: run.input.catSteps ?? 30,
    ...(run.o.signal !== undefined ? { signal: run.o.signal } : {}),
    onStep: (t, n) => run.progress(t, n, `Learning CAT weights (${p}): step ${t} of ${n}`),
  });
  const config = method === 'cat' ? 'CAT (learned)' : 'CAT (learned, free weights)';
  const adapter = catWeighted(run.adapters, learned.weights);
  await score({ config, kind: 'merge', method, catWeights: learned.weights }, [{ adapter, weight: 1 }]);
  return learned;
}

/** Scores every merge method; returns the CAT weights shown (those of `cat`, else `cat_free`). */
async function scoreMerges(run: MergeRun, score: Score): Promise<CatLearnResult | undefined> {
  let cat: CatLearnResult | undefined;
  for (const method of run.input.methods) {
    if (learnsCat(method)) {
      const learned = await scoreLearnedCat(run, method, score);
      if (method === 'cat' || cat === undefined) cat = learned;
      continue;
    }
    const peft = method === 'peft_cat' ? 'cat' : method;
    if (!isLoraMergeMethod(peft)) continue;
    const rank = run.input.rank !== undefined ? { rank: run.input.rank } : {};
    const merged = await loraMerge(peft, run.adapters, { weights: run.weights, density: run.density, ...rank });
    await score({ config: method, kind: 'merge', method }, [{ adapter: merged, weight: 1 }]);
  }
  return cat;
}

function catSummary(cat: CatLearnResult): NonNullable<LoraComposeResult['cat']> {
  const { parameterisation, weights, devLoss, startLoss, history, evaluations } = cat;
  return { parameterisation, weights, devLoss, startLoss, history, evaluations };
}

/** Runs the composition (see the file comment). */
export async function loraCompose(
  session: ort.InferenceSession,
  input: ComposeInput,
  o: ComposeOptions,
): Promise<LoraComposeResult> {
  const t0 = Date.now();
  composeMethodsCheck(input.methods, input.dev !== undefined);
  const adapters = input.adapters.map((a) => a.adapter);
  if (adapters.length < 2) throw new LensError('bad-input', 'A composition needs two or more adapters.');
  const weights = input.weights ?? adapters.map(() => 1);
  const density = input.density ?? DEFAULT_DENSITY;
  const rows: LoraComposeRow[] = [];
  const configs = 1 + adapters.length + (input.mix === undefined ? 0 : 1) + input.methods.length;
  const score = scorer(session, input, o, rows, configs);
  await score({ config: 'base', kind: 'base' }, []);
  for (const a of input.adapters) await score({ config: a.name, kind: 'adapter' }, [{ adapter: a.adapter, weight: 1 }]);
  const mix = input.mix;
  if (mix !== undefined)
    await score({ config: `${mix.name} (data mix)`, kind: 'mix' }, [{ adapter: mix.adapter, weight: 1 }]);
  const progress = (t: number, n: number, what: string): void => o.onProgress?.((rows.length + t / n) / configs, what);
  const cat = await scoreMerges({ session, input, o, adapters, weights, density, progress }, score);
  o.onProgress?.(1, 'Done');
  return {
    base: input.base,
    adapters: input.adapters.map((a) => a.name),
    ...(mix !== undefined ? { mix: mix.name } : {}),
    data: { source: input.test.source, items: input.test.items.length },
    ...(input.dev !== undefined ? { dev: { source: input.dev.source, items: input.dev.items.length } } : {}),
    weights,
    density,
    rows,
    layers: await layerStats(adapters, density),
    seconds: (Date.now() - t0) / 1000,
    ...(cat !== undefined ? { cat: catSummary(cat) } : {}),
  };
}
