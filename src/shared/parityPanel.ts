/**
 * @file What the Sparse Parity Frontier panel sends and shows beyond the lab's own kinds (`./parity.ts`): the form
 * (n, k, widths, sample sizes, seeds, inits, sparsity, step cutoff, rewind check) read from the text typed, checked
 * by schema in the view and again in the host (the `run` action's argument is JSON of it), and the panel's one
 * result: the grid's params beside its result, so the heatmap knows every cell before it finishes. The panel kind
 * is never sent to the engine: the host assembles it from engine replies and the view checks it like any other.
 */
import {
  PARITY_INITS,
  PARITY_OPTIONS,
  ParityGridParamsSchema,
  ParityGridResultSchema,
  type ParityGridParams,
} from './parity';
import { requestKind } from './request';
import { v, Count, check, oneOf, type Infer } from './schema';

const O = PARITY_OPTIONS;
type Bound = { readonly min: number; readonly max: number };
const int = (b: Bound) => v.pipe(Count, v.minValue(b.min), v.maxValue(b.max));
const list = (b: Bound & { readonly items: number }) => v.pipe(v.array(int(b)), v.minLength(1), v.maxLength(b.items));

/** The panel's action that runs the grid of the form (its argument: JSON of a {@link ParityForm}). */
export const PARITY_RUN_ACTION = 'run';
/** The panel's action that stops the grid running (partial results stay). */
export const PARITY_STOP_ACTION = 'stop';

/** The form as the view sends it; the host fills the rest of the grid params from the defaults. */
export const ParityFormSchema = v.pipe(
  v.object({
    n: int(O.n),
    k: int(O.k),
    widths: list(O.widths),
    /** Training set sizes; 0 = online. */
    samples: list(O.samples),
    seeds: int(O.seeds),
    inits: v.pipe(v.array(oneOf(PARITY_INITS)), v.minLength(1), v.maxLength(PARITY_INITS.length)),
    sparsity: int(O.sparsity),
    steps: int(O.steps),
    rewind: v.boolean(),
  }),
  v.check((f) => f.k <= f.n, 'k must be at most n'),
  v.check((f) => f.sparsity <= f.n, 'the sparsity s must be at most n'),
);
/** The form as the view sends it. */
export type ParityForm = Infer<typeof ParityFormSchema>;

/** The form's fields as typed (text boxes) and ticked (checkboxes). */
export interface ParityFormText {
  readonly n: string;
  readonly k: string;
  readonly widths: string;
  readonly samples: string;
  readonly seeds: string;
  readonly sparsity: string;
  readonly steps: string;
  readonly inits: readonly string[];
  readonly rewind: boolean;
}

/** The form's first values: the lab's defaults. */
export const PARITY_FORM_DEFAULTS: ParityForm = {
  n: O.n.default,
  k: O.k.default,
  widths: [...O.widths.default],
  samples: [...O.samples.default],
  seeds: O.seeds.default,
  inits: [...PARITY_INITS],
  sparsity: O.sparsity.default,
  steps: O.steps.default,
  rewind: true,
};

/** A problem with the form, in words that say what to type. */
export interface FormProblem {
  /** The field at fault (its input's name), when one is. */
  readonly field?: keyof ParityFormText;
  readonly problem: string;
}

const fmt = (x: number): string => x.toLocaleString('en-US');

function whole(text: string, b: Bound, field: keyof ParityFormText, what: string): number | FormProblem {
  const t = text.trim().replace(/_/gu, '');
  const x = /^\d+$/u.test(t) ? Number(t) : NaN;
  if (Number.isSafeInteger(x) && x >= b.min && x <= b.max) return x;
  return { field, problem: `${what}: type a whole number from ${fmt(b.min)} to ${fmt(b.max)}.` };
}

function wholeList(
  text: string,
  b: Bound & { readonly items: number },
  field: 'widths' | 'samples',
  what: string,
): number[] | FormProblem {
  const items = text.split(/[\s,;]+/u).filter((s) => s !== '');
  const online = field === 'samples' ? ' ("online" for a fresh batch every step)' : '';
  const range = `from ${fmt(Math.max(b.min, 1))} to ${fmt(b.max)}${online}`;
  const hint = `${what}: type whole numbers ${range}, separated by commas`;
  if (items.length === 0) return { field, problem: `${hint}.` };
  const xs: number[] = [];
  for (const item of items) {
    const x = field === 'samples' && /^online$/iu.test(item) ? 0 : whole(item, b, field, what);
    if (typeof x !== 'number') return { field, problem: `${hint}; ${JSON.stringify(item.slice(0, 20))} is not one.` };
    xs.push(x);
  }
  const distinct = [...new Set(xs)].sort((a, c) => (a === 0 ? 1 : c === 0 ? -1 : a - c));
  if (distinct.length > b.items) return { field, problem: `${what}: at most ${b.items} values.` };
  return distinct;
}

/** The form read from the text typed, or the first problem (with the field at fault). */
export function readParityForm(t: ParityFormText): { form: ParityForm } | FormProblem {
  const n = whole(t.n, O.n, 'n', 'n (input bits)');
  const k = whole(t.k, O.k, 'k', 'k (relevant bits)');
  const widths = wholeList(t.widths, O.widths, 'widths', 'Widths');
  const samples = wholeList(t.samples, O.samples, 'samples', 'Training samples');
  const seeds = whole(t.seeds, O.seeds, 'seeds', 'Seeds per cell');
  const sparsity = whole(t.sparsity, O.sparsity, 'sparsity', 'Sparsity s');
  const steps = whole(t.steps, O.steps, 'steps', 'Step cutoff');
  for (const x of [n, k, widths, samples, seeds, sparsity, steps]) if (!isValue(x)) return x;
  const inits = PARITY_INITS.filter((i) => t.inits.includes(i));
  if (inits.length === 0) return { field: 'inits', problem: 'Tick at least one initialization (dense or sparse).' };
  const raw = { n, k, widths, samples, seeds, inits, sparsity, steps, rewind: t.rewind };
  if ((k as number) > (n as number)) return { field: 'k', problem: 'k (relevant bits) must be at most n.' };
  if ((sparsity as number) > (n as number)) return { field: 'sparsity', problem: 'Sparsity s must be at most n.' };
  const checked = check(ParityFormSchema, raw);
  return checked.ok ? { form: checked.value } : { problem: checked.message };
}

function isValue(x: number | number[] | FormProblem): x is number | number[] {
  return typeof x === 'number' || Array.isArray(x);
}

/** Networks a form trains: widths × sample sizes × inits × seeds. */
export function formRuns(f: ParityForm): number {
  return f.widths.length * f.samples.length * f.inits.length * f.seeds;
}

/** The grid params of a form: the form's values, the rest (batch, learning rate, …) the lab's defaults. */
export function formParams(f: ParityForm): ParityGridParams {
  return {
    ...f,
    batch: O.batch.default,
    lr: O.lr.default,
    weightDecay: O.weightDecay.default,
    testSize: O.testSize.default,
    evalEvery: O.evalEvery.default,
    seed: O.seed.default,
  };
}

/** The grid params the `run` action's argument asks for, or why it is refused (checked by both schemas). */
export function parseRunArg(arg: string): { params: ParityGridParams } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(arg);
  } catch {
    return { problem: 'The form sent something that is not JSON.' };
  }
  const form = check(ParityFormSchema, raw);
  if (!form.ok) return { problem: `The form is not valid: ${form.message}` };
  const params = check(ParityGridParamsSchema, formParams(form.value));
  return params.ok ? { params: params.value } : { problem: `The grid is not valid: ${params.message}` };
}

/** Where a grid shown in the panel stands. */
export const PANEL_STATES = ['running', 'done', 'stopped'] as const;
/** Where a grid shown in the panel stands. */
export type ParityPanelState = (typeof PANEL_STATES)[number];

/** Everything the parity panel shows: the grid's params, its result so far, and whether it still runs. */
export const ParityPanelSchema = v.object({
  params: ParityGridParamsSchema,
  result: ParityGridResultSchema,
  state: oneOf(PANEL_STATES),
});
/** Everything the parity panel shows. */
export type ParityPanel = Infer<typeof ParityPanelSchema>;

/** The panel's kind (view only: the host builds its result; no engine handler). */
export const parityPanelKind = requestKind('parityPanel', v.object({}), ParityPanelSchema);
