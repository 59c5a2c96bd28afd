/**
 * @file Router statistics of one mixture-of-experts layer, as Mixture of Parrots specifies them (papers-B §3):
 * from router logits z [T, E] and the number k of experts each token is sent to,
 * - per token: p = softmax(z), the top-k expert ids (higher z first, ties to the lower id) and the gates, p
 *   renormalised over the top-k;
 * - per layer: loads c_e (tokens with e among their top-k), fractions f_e = c_e / (k·T), mean probabilities
 *   P̄_e = (1/T) Σ_t p_{t,e}, the auxiliary load-balancing loss E · Σ_e f_e · P̄_e (1 when loads and
 *   probabilities are uniform), the coefficient of variation of c_e (population standard deviation over the
 *   mean), the normalised entropy −Σ_e f_e ln f_e / ln E (0 · ln 0 = 0), and the dead experts (c_e = 0).
 * With one expert (E = 1) every token goes to it: the load is uniform by definition, so the entropy is defined
 * as 1 (as for any uniform load), the coefficient of variation is 0 and the auxiliary loss is 1.
 */

/** The per-token routing of T tokens: row t holds entries t·k … t·k + k − 1. */
export interface TokenRouting {
  /** Top-k expert ids, highest router score first. */
  readonly topk: Int32Array;
  /** Gates: p of each chosen expert over the sum of p of the chosen ones. */
  readonly gates: Float32Array;
  /** Router probability p of each chosen expert (softmax over all E). */
  readonly probs: Float32Array;
}

/** The per-layer statistics. */
export interface LayerLoad {
  /** Tokens routed to each expert (c_e). */
  readonly counts: readonly number[];
  /** c_e / (k·T). */
  readonly fractions: readonly number[];
  /** Mean router probability of each expert over the tokens. */
  readonly meanProb: readonly number[];
  /** E · Σ f_e · P̄_e. */
  readonly auxLoss: number;
  /** Population standard deviation of c_e over its mean. */
  readonly cv: number;
  /** −Σ f_e ln f_e / ln E (1 when E = 1). */
  readonly entropy: number;
  /** Experts no token was routed to, ascending. */
  readonly dead: readonly number[];
}

/** Routing and statistics of one layer. */
export interface LayerRouting extends TokenRouting, LayerLoad {
  readonly tokens: number;
  readonly experts: number;
  readonly k: number;
}

/** Accumulates {@link LayerLoad} over tokens routed one block at a time (a long file, in windows). */
export class LoadAccumulator {
  private readonly counts: Float64Array;
  private readonly probSums: Float64Array;
  private tokens = 0;

  /** An empty accumulator of `experts` experts, `k` per token. */
  constructor(
    readonly experts: number,
    readonly k: number,
  ) {
    checkShape(experts, k);
    this.counts = new Float64Array(experts);
    this.probSums = new Float64Array(experts);
  }

  /**
   * Routes `rows` tokens of `logits` (row-major [rows, E]), writing their top-k, gates and probabilities into
   * `out` from token `at` on, and adds them to the loads.
   */
  add(logits: ArrayLike<number>, rows: number, out: TokenRouting, at: number): void {
    const E = this.experts;
    const p = new Float64Array(E);
    const order = new Int32Array(E);
    for (let t = 0; t < rows; t++) {
      softmaxRow(logits, t * E, E, p);
      topK(logits, t * E, E, this.k, order);
      let chosen = 0;
      for (let j = 0; j < this.k; j++) chosen += p[order[j] ?? 0] ?? 0;
      for (let j = 0; j < this.k; j++) {
        const e = order[j] ?? 0;
        const at1 = (at + t) * this.k + j;
        out.topk[at1] = e;
        out.probs[at1] = p[e] ?? 0;
        out.gates[at1] = (p[e] ?? 0) / chosen;
        this.counts[e] = (this.counts[e] ?? 0) + 1;
      }
      for (let e = 0; e < E; e++) this.probSums[e] = (this.probSums[e] ?? 0) + (p[e] ?? 0);
    }
    this.tokens += rows;
  }

  /** The statistics of the tokens added so far (at least one). */
  load(): LayerLoad {
    const E = this.experts;
    const T = this.tokens;
    if (T === 0) throw new RangeError('no tokens were routed');
    const counts = Array.from(this.counts);
    const fractions = counts.map((c) => c / (this.k * T));
    const meanProb = Array.from(this.probSums, (s) => s / T);
    let aux = 0;
    for (let e = 0; e < E; e++) aux += (fractions[e] ?? 0) * (meanProb[e] ?? 0);
    return {
      counts,
      fractions,
      meanProb,
      auxLoss: E * aux,
      cv: coefficientOfVariation(counts),
      entropy: normalisedEntropy(fractions),
      dead: counts.flatMap((c, e) => (c === 0 ? [e] : [])),
    };
  }
}

/** Routing and statistics of one layer's logits [T, E] (row-major) with k experts per token. */
export function routeLayer(logits: ArrayLike<number>, T: number, E: number, k: number): LayerRouting {
  const acc = new LoadAccumulator(E, k);
  const out = emptyRouting(T, k);
  acc.add(logits, T, out, 0);
  return { ...out, ...acc.load(), tokens: T, experts: E, k };
}

/** Zeroed per-token arrays for T tokens and k experts each. */
export function emptyRouting(T: number, k: number): TokenRouting {
  return { topk: new Int32Array(T * k), gates: new Float32Array(T * k), probs: new Float32Array(T * k) };
}

function checkShape(E: number, k: number): void {
  if (!Number.isInteger(E) || E < 1) throw new RangeError(`experts must be a positive integer, not ${E}`);
  if (!Number.isInteger(k) || k < 1 || k > E) throw new RangeError(`k must be an integer from 1 to ${E}, not ${k}`);
}

/** Writes softmax(z[from … from + E − 1]) into `p` (max subtracted first, so large scores stay finite). */
export function softmaxRow(z: ArrayLike<number>, from: number, E: number, p: Float64Array): void {
  let max = -Infinity;
  for (let e = 0; e < E; e++) max = Math.max(max, z[from + e] ?? 0);
  let sum = 0;
  for (let e = 0; e < E; e++) {
    const x = Math.exp((z[from + e] ?? 0) - max);
    p[e] = x;
    sum += x;
  }
  for (let e = 0; e < E; e++) p[e] = (p[e] ?? 0) / sum;
}

/** Writes the ids of the k highest scores of z[from …] into order[0 … k-1], highest first, ties to lower ids. */
export function topK(z: ArrayLike<number>, from: number, E: number, k: number, order: Int32Array): void {
  let n = 0;
  for (let e = 0; e < E; e++) {
    const s = z[from + e] ?? 0;
    if (n === k && s <= (z[from + (order[k - 1] ?? 0)] ?? 0)) continue;
    // Insertion: a later id moves above an earlier one only on a strictly higher score.
    let i = Math.min(n, k - 1);
    while (i > 0 && s > (z[from + (order[i - 1] ?? 0)] ?? 0)) {
      order[i] = order[i - 1] ?? 0;
      i--;
    }
    order[i] = e;
    if (n < k) n++;
  }
}

/** Population standard deviation of `c` over its mean (0 when the mean is 0). */
export function coefficientOfVariation(c: readonly number[]): number {
  const mean = c.reduce((a, b) => a + b, 0) / c.length;
  if (mean === 0) return 0;
  const variance = c.reduce((a, b) => a + (b - mean) ** 2, 0) / c.length;
  return Math.sqrt(variance) / mean;
}

/** −Σ f ln f / ln E, with 0 · ln 0 = 0; 1 for a single expert (its load is uniform). */
export function normalisedEntropy(f: readonly number[]): number {
  if (f.length === 1) return 1;
  let h = 0;
  for (const x of f) if (x > 0) h -= x * Math.log(x);
  return h / Math.log(f.length);
}
