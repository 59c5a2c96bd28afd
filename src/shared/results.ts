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

