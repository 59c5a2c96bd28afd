/**
 * @file Plain words for the LoRA composition: a one-line description of every composition method,
 * of each kind of scored configuration and of each statistic, and the one-sentence reason the softmax
 * CAT scores below CAT without the softmax (computed from the learned weights of a result). Shared by
 * the quick pick of "Compose LoRAs…", the panel and the CLI's text output; free of Node and the DOM.
 */
import type { ComposeMethod, LoraComposeResult, LoraComposeRow, LoraRowKind } from './lora';

/** What each composition method does, in one line of plain words. */
export const METHOD_HELP: Readonly<Record<ComposeMethod, string>> = {
  cat:
    'CAT (LoRA Soups): keeps the adapters side by side and learns on the dev split how much of each to use ' +
    'in each layer; a softmax makes the weights of a layer sum to 1.',
  cat_free: 'CAT with free weights: the same learning, without the softmax (each weight starts at 1, no sum rule).',
  peft_cat: "PEFT's cat: the adapters side by side with fixed weights (1 each), i.e. their updates added exactly.",
  linear:
    "Linear: averages the adapters' A and B matrices separately; cheap, but the product adds cross terms, so " +
    'it is not the sum of the updates.',
  svd: "SVD: adds the adapters' weighted updates, then keeps only the strongest directions (one adapter's rank).",
  task_arithmetic: "Task arithmetic: the weighted sum of the adapters' updates (a negative weight removes a skill).",
  ties:
    "TIES: keeps each adapter's largest entries, lets the entries vote on a sign, and averages the values " +
    'that agree with it.',
  dare_linear: 'DARE: drops entries at random, scales up the kept ones to make up for it, then adds the adapters.',
  dare_ties: "DARE then TIES: DARE's random drop and rescale, then TIES's sign vote and averaging.",
  magnitude_prune: "Magnitude prune: keeps each adapter's largest entries, then adds the adapters.",
  ties_svd: 'TIES on the full updates (B·A) instead of on A and B, then an SVD back to a LoRA.',
  dare_linear_svd: 'DARE on the full updates (B·A) instead of on A and B, then an SVD back to a LoRA.',
  dare_ties_svd: 'DARE then TIES on the full updates (B·A) instead of on A and B, then an SVD back to a LoRA.',
  magnitude_prune_svd: 'Magnitude prune on the full updates (B·A) instead of on A and B, then an SVD back to a LoRA.',
};

/** What each kind of scored configuration is. */
export const KIND_HELP: Readonly<Record<LoraRowKind, string>> = {
  base: 'The base model alone, with no adapter: the floor every configuration should beat.',
  adapter: 'One adapter alone: it knows one skill, not the combined task.',
  mix: 'One adapter trained on both skills\u2019 data at once: the data-mix baseline merges are compared with.',
  merge: 'The adapters combined by a merge method (see the methods below).',
};

/** What each statistic of the panel measures and how to read it. */
export const STAT_HELP = {
  exactMatch:
    'Exact match: the share of test prompts whose whole greedy answer equals the expected one. Higher is better.',
  loss:
    'Loss: how surprised the model is by the expected answer, in nats per byte (mean negative log-likelihood). ' +
    'Lower is better; 0 is certain.',
  catWeight: 'CAT weight: how much of this adapter\u2019s update is added in this layer (1 = all of it, 0 = none).',
  devLoss: 'Dev loss: the loss on the dev split, which CAT lowers by changing its weights (never the test data).',
  cosine:
    'Cosine of two adapters\u2019 updates in a layer: 1 = they push the same way, 0 = unrelated, \u22121 = opposite.',
  conflicts:
    'Sign conflicts: of the entries where two or more adapters (each pruned to its largest entries, as TIES ' +
    'does) are non-zero, the share where they disagree in sign. TIES keeps only one sign there.',
  overlapping: 'Overlapping entries: entries of the update where two or more pruned adapters are non-zero.',
} as const;

/** `lo–hi` of numbers, two decimals (one number when they agree). */
function span(xs: readonly number[]): string {
  const lo = Math.min(...xs).toFixed(2);
  const hi = Math.max(...xs).toFixed(2);
  return lo === hi ? lo : `${lo}\u2013${hi}`;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Each adapter's learned weights over the layers, as `name lo–hi`. */
function adapterSpans(weights: readonly (readonly number[])[], names: readonly string[]): string[] {
  return names.map((n, i) => `${n} ${span(weights.map((row) => row[i] ?? 0))}`);
}

/** The row without the softmax to compare with (free CAT, else PEFT's cat) and its weights per layer. */
interface Reference {
  readonly row: LoraComposeRow;
  readonly weights: readonly (readonly number[])[];
  readonly what: string;
}

function reference(r: LoraComposeResult): Reference | undefined {
  const free = r.rows.find((x) => x.method === 'cat_free');
  if (free?.catWeights !== undefined)
    return { row: free, weights: free.catWeights, what: 'CAT without the softmax learns' };
  const peft = r.rows.find((x) => x.method === 'peft_cat');
  return peft === undefined ? undefined : { row: peft, weights: [r.weights], what: "PEFT's cat adds" };
}

/**
 * Why the softmax CAT (method `cat`) scores below CAT without the softmax (or PEFT's cat), in one
 * sentence with the learned weights; undefined when it does not score lower or nothing compares.
 */
export function softmaxCatWhy(r: LoraComposeResult): string | undefined {
  const cat = r.rows.find((x) => x.method === 'cat');
  const ref = reference(r);
  if (cat?.catWeights === undefined || ref === undefined || cat.exactMatch >= ref.row.exactMatch) return undefined;
  const full = Math.min(...ref.weights.flat()) >= 0.7;
  const need = full ? 'this task needs every adapter at about full strength: ' : '';
  const learned = adapterSpans(cat.catWeights, r.adapters).join(', ');
  const other = `${ref.what} ${adapterSpans(ref.weights, r.adapters).join(', ')}`;
  return (
    `Why ${cat.config} scores ${pct(cat.exactMatch)}: its softmax makes each layer's weights sum to 1, so each ` +
    `adapter adds only a share of its update (learned per layer: ${learned}), while ${need}${other} and scores ` +
    `${pct(ref.row.exactMatch)}.`
  );
}
