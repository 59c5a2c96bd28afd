/**
 * @file Result types shared by the engine, the CLI, the extension host and the webviews.
 * Plain data only: every value here crosses a process or webview boundary as JSON.
 */

export type { Device, DeviceSetting, SourceSpot, TokenCandidate } from './schema';
export type { SurprisalResult, SurprisalToken } from './surprisal';

/** One configuration of a LoRA composition scored on the target task. */
export interface LoraComposeRow {
  /** What is shown: `base`, an adapter's name, or a merge method. */
  readonly config: string;
  readonly kind: 'base' | 'adapter' | 'mix' | 'merge';
  /** Merge method (`cat` = CAT with learned weights), for kind `merge`. */
  readonly method?: string;
  /** Share of test items whose greedy answer equals the expected one. */
  readonly exactMatch: number;
  /** Mean per-byte negative log-likelihood of the expected answers (nats). */
  readonly loss: number;
  /** Learned CAT weights[layer][adapter] of this row (methods cat and cat_free). */
  readonly catWeights?: readonly (readonly number[])[];
  /** The first few test items with the configuration's answer. */
  readonly examples: readonly { readonly prompt: string; readonly expected: string; readonly answer: string }[];
}

/** Per-layer statistics of the adapters' updates (null where an adapter is absent or zero). */
export interface LoraLayerStats {
  readonly layer: number;
  readonly name: string;
  /** cosine[i][j] between the updates of adapters i and j. */
  readonly cosine: readonly (readonly (number | null)[])[];
  /** Entries where two or more TIES-pruned updates are non-zero, and those with opposite signs. */
  readonly overlapping: number;
  readonly conflicting: number;
  readonly conflictShare: number | null;
}

/** A LoRA composition: every configuration scored on the target task, with CAT weights and adapter statistics. */
export interface LoraComposeResult {
  readonly base: string;
  /** Names of the composed adapters, in order (the columns of the CAT weights). */
  readonly adapters: readonly string[];
  /** Name of the data-mix adapter, when one was given. */
  readonly mix?: string;
  /** Target test data and its size. */
  readonly data: { readonly source: string; readonly items: number };
  /** Dev data CAT learned on, when given. */
  readonly dev?: { readonly source: string; readonly items: number };
  /** Weights the fixed-weight merges used (one per adapter) and the pruning density. */
  readonly weights: readonly number[];
  readonly density: number;
  readonly rows: readonly LoraComposeRow[];
  /** Learned CAT weights[layer][adapter] and how learning went. */
  readonly cat?: {
    readonly parameterisation: 'softmax' | 'free';
    readonly weights: readonly (readonly number[])[];
    readonly devLoss: number;
    readonly startLoss: number;
    readonly history: readonly number[];
    readonly evaluations: number;
  };
  readonly layers: readonly LoraLayerStats[];
  readonly seconds: number;
}

/** One token of a positions view: its coupled rule ID and the ID the model was fed or predicted. */
export interface PositionsTokenView {
  readonly text: string;
  /** The coupling rule's ID. */
  readonly ruleId: number;
  /** The ID fed to the model with this token (ppc: the predicted one for answer tokens). */
  readonly fedId?: number;
  /** ppc: the ID the model predicted for this answer token. */
  readonly predictedId?: number;
  /** Whether the token belongs to the answer. */
  readonly answer: boolean;
  /** For a scratchpad: the step the token belongs to. */
  readonly step?: number;
  /** Where the token was read in the document (UTF-16 offsets), when it was typed there. */
  readonly range?: { readonly start: number; readonly end: number };
}

/** Position IDs of a selected problem (or scratchpad), decoded by a positions model where the zoo has one. */
export interface PositionsResult {
  readonly source: string;
  /** addition, multiplication, copy, reverse or scratchpad. */
  readonly task: string;
  readonly problem: string;
  readonly tokens: readonly PositionsTokenView[];
  /** The model that decoded and how its positions were fed; absent for rule IDs only. */
  readonly model?: string;
  readonly mode?: 'ppc' | 'oracle' | 'absolute';
  /** The model's answer and the rule's, as written (arithmetic: least-significant digit first). */
  readonly answer?: string;
  readonly expected?: string;
  readonly correct?: boolean;
  /** Answer tokens whose fed ID equals the rule's. */
  readonly idMatches?: number;
  readonly trainMaxLength?: number;
  readonly maxPosition?: number;
  /** Per layer, [head][query][key] attention of the decoded sequence (token indices as `tokens`). */
  readonly attentions?: readonly (readonly (readonly (readonly number[])[])[])[];
  /** What the view shows and does not (e.g. rule IDs only for a task without a model). */
  readonly note?: string;
}

/** Exact match against length for each method (the length-generalization probe). */
export interface LengthProbeView {
  readonly task: string;
  readonly lengths: readonly number[];
  readonly methods: readonly {
    readonly name: string;
    readonly model: string;
    readonly mode: string;
    /** Exact match per length; null where the problem does not fit the model's positions. */
    readonly accuracy: readonly (number | null)[];
    readonly idAccuracy?: readonly (number | null)[];
  }[];
  readonly trainMaxLength: number;
  readonly samples: number;
  readonly seed: number;
}
