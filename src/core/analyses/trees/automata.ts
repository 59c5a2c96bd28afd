/**
 * @file Automata with chain of thought (paper section 2.2, item 1): data and demos for parity and
 * a mod-3 counter of ones. Symbols are bytes, so sequences read as text: inputs `0`/`1`, parity
 * states `e`/`o` (even, odd), mod-3 states `a`/`b`/`c` (0, 1, 2 ones mod 3).
 * Three layouts of one input x1..xn:
 * - `separated` (the paper's): `x1..xn | q1..qn`. With window L = n+1, x_t is always L back and
 *   q_{t-1} (the separator for t = 1) 1 back, so one shallow tree computes q_t = δ(q_{t-1}, x_t).
 *   The offset of x_t depends on n, so a tree trained at one length cannot run at another.
 * - `interleaved` (our equivalent design for length generalisation): `q0 x1 q1 x2 q2 … xn qn`.
 *   x_t is always 1 back and q_{t-1} 2 back whatever n is, so the same tree runs at any length.
 * - `direct` (no chain of thought): `x1..xn = answer`, the answer predicted from the raw window.
 * The driver writes the inputs; the tree writes every state itself (its own outputs are read back).
 */
import { ardtNext, ardtTrainIds, type ArdtModel, type ArdtSequence } from './ardt';
import type { CartOptions } from './cart';
import { featureDescriptors } from './features';
import { rngSeeded } from '../../random/rng';
import type { AutomatonLayout } from '../../../shared/trees';

/** A finite automaton over the input bytes `0` and `1`, starting in state 0. */
export interface Automaton {
  readonly name: string;
  /** One byte per state, state index order. */
  readonly states: string;
  /** The next state index from state q on input bit x. */
  step(q: number, x: number): number;
}

/** Parity of the ones seen: states `e` (even) and `o` (odd). */
export const PARITY: Automaton = { name: 'parity', states: 'eo', step: (q, x) => q ^ x };
/** Number of ones seen, mod 3: states `a`, `b`, `c`. */
export const MOD3: Automaton = { name: 'mod-3 counter', states: 'abc', step: (q, x) => (q + x) % 3 };

/** How a sequence is laid out (see the file comment). */
export type { AutomatonLayout } from '../../../shared/trees';

const ZERO = 48;
const SEP = '|'.charCodeAt(0);
const EQ = '='.charCodeAt(0);

/** The states q1..qn of an automaton on bits xs. */
export function automatonStates(a: Automaton, xs: readonly number[]): number[] {
  const out: number[] = [];
  let q = 0;
  for (const x of xs) out.push((q = a.step(q, x)));
  return out;
}

/** One training sequence (byte ids) with the positions the tree must learn marked in `targets`. */
export function automatonSequence(a: Automaton, xs: readonly number[], layout: AutomatonLayout): ArdtSequence {
  const qs = automatonStates(a, xs).map((q) => a.states.charCodeAt(q));
  const bits = xs.map((x) => ZERO + x);
  let ids: number[];
  if (layout === 'interleaved') ids = [a.states.charCodeAt(0), ...bits.flatMap((b, t) => [b, qs[t] ?? 0])];
  else if (layout === 'separated') ids = [...bits, SEP, ...qs];
  else ids = [...bits, EQ, qs[qs.length - 1] ?? a.states.charCodeAt(0)];
  const targets = ids.map((_, t) => (layout === 'interleaved' ? t > 0 && t % 2 === 0 : t > xs.length)) as boolean[];
  return { ids, targets };
}

/** Random bit strings of one length, from a seed. */
export function automatonInputs(count: number, length: number, seed: number): number[][] {
  const next = rngSeeded(seed);
  return Array.from({ length: count }, () => Array.from({ length }, () => (next() < 0.5 ? 1 : 0)));
}

/** The window a layout needs to see x_t and q_{t-1} (or the whole input) for inputs of length n. */
export function automatonWindow(layout: AutomatonLayout, n: number): number {
  return layout === 'interleaved' ? 2 : n + 1;
}

/** Trains a tree on automaton sequences of one length. */
export function automatonTrain(
  a: Automaton,
  layout: AutomatonLayout,
  inputs: readonly number[][],
  cart: CartOptions,
): ArdtModel {
  const n = inputs[0]?.length ?? 1;
  const sequences = inputs.map((xs) => automatonSequence(a, xs, layout));
  return ardtTrainIds(sequences, { window: automatonWindow(layout, n), learner: 'cart', cart, vocabSize: 256 });
}

/** Runs the tree on one input: the tree writes every state (or the answer); returns its final state index. */
export function automatonRun(model: ArdtModel, a: Automaton, xs: readonly number[], layout: AutomatonLayout): number {
  const row = new Float32Array(featureDescriptors(model.spec).length);
  const ids: number[] =
    layout === 'interleaved' ? [a.states.charCodeAt(0)] : [...xs.map((x) => ZERO + x), layout === 'direct' ? EQ : SEP];
  let last = -1;
  const write = (): void => {
    last = ardtNext(model, ids, ids.length, row);
    ids.push(last);
  };
  if (layout === 'direct') write();
  else
    for (const x of xs) {
      if (layout === 'interleaved') ids.push(ZERO + x);
      write();
    }
  return a.states.indexOf(String.fromCharCode(last));
}

/** Fraction of inputs whose final answer the tree gets exactly right. */
export function automatonAccuracy(
  model: ArdtModel,
  a: Automaton,
  layout: AutomatonLayout,
  inputs: readonly number[][],
): number {
  let right = 0;
  for (const xs of inputs) if (automatonRun(model, a, xs, layout) === automatonStates(a, xs).at(-1)) right++;
  return right / Math.max(1, inputs.length);
}

/** One line of a demo: a layout's accuracy on held-out inputs of the training length and of `scale` times it. */
export interface AutomatonResult {
  readonly automaton: string;
  readonly layout: AutomatonLayout;
  readonly trainLength: number;
  readonly nodes: number;
  readonly depth: number;
  /** Exact final answers on held-out inputs of the training length. */
  readonly accuracy1x: number;
  /** Exact final answers on inputs `scale` times longer (the window stays as trained). */
  readonly accuracyLong: number;
  /** Accuracy of always answering the most frequent final state of the long inputs. */
  readonly majorityLong: number;
}

/** Options of `automatonDemo`. */
export interface AutomatonDemoOptions {
  /** @default 8 */ readonly trainLength?: number;
  /** @default 10 */ readonly scale?: number;
  /** Training inputs. @default 200 */ readonly trainCount?: number;
  /** Held-out inputs per length. @default 200 */ readonly testCount?: number;
  /** The shallow tree. @default maxDepth 3, minLeaf 1 */ readonly cart?: CartOptions;
  /** @default 1 */ readonly seed?: number;
}

/** Trains and tests one layout, as in the paper's claim that CoT lets shallow trees run automata. */
export function automatonDemo(a: Automaton, layout: AutomatonLayout, o: AutomatonDemoOptions = {}): AutomatonResult {
  const n = o.trainLength ?? 8;
  const seed = o.seed ?? 1;
  const cart: CartOptions = { maxDepth: 3, minLeaf: 1, ...o.cart };
  const model = automatonTrain(a, layout, automatonInputs(o.trainCount ?? 200, n, seed), cart);
  const long = automatonInputs(o.testCount ?? 200, n * (o.scale ?? 10), seed + 2);
  const finals = long.map((xs) => automatonStates(a, xs).at(-1) ?? 0);
  const most = Math.max(...Array.from(a.states, (_, q) => finals.filter((f) => f === q).length));
  const tree = model.learner.kind === 'cart' ? model.learner.tree : undefined;
  return {
    automaton: a.name,
    layout,
    trainLength: n,
    nodes: tree?.size ?? 0,
    depth: tree === undefined ? 0 : treeDepth(tree.yes, tree.no),
    accuracy1x: automatonAccuracy(model, a, layout, automatonInputs(o.testCount ?? 200, n, seed + 1)),
    accuracyLong: automatonAccuracy(model, a, layout, long),
    majorityLong: most / Math.max(1, long.length),
  };
}

/** Depth of a flat tree from its child arrays (the root is depth 0). */
function treeDepth(yes: Int32Array, no: Int32Array): number {
  const depth = new Int32Array(yes.length);
  let most = 0;
  for (let n = 0; n < yes.length; n++) {
    for (const c of [yes[n] ?? -1, no[n] ?? -1]) if (c > 0) depth[c] = (depth[n] ?? 0) + 1;
    most = Math.max(most, depth[n] ?? 0);
  }
  return most;
}
