/**
 * @file Result types shared by the engine, the CLI, the extension host and the webviews.
 * Plain data only: every value here crosses a process or webview boundary as JSON.
 */

export type { Device, DeviceSetting, SourceSpot, TokenCandidate } from './schema';
export type { SurprisalResult, SurprisalToken } from './surprisal';
import type { Device, SourceSpot, TokenCandidate } from './schema';

/** Summary of a trained decision-tree LM. */
export interface TreesModelSummary {
  /** Handle of the model in the engine (or the file it was loaded from). */
  readonly modelId: string;
  readonly learner: 'cart' | 'boosted';
  /** Previous tokens read by each prediction. */
  readonly window: number;
  /** Features: token identities, plus lens-lm's embedding average or hidden states. */
  readonly features: string;
  readonly tokens: number;
  readonly samples: number;
  /** Nodes in all trees. */
  readonly nodes: number;
  readonly depth: number;
  /** Next-token accuracy on the training text. */
  readonly trainAccuracy: number;
  readonly seconds: number;
  /** Names of the texts trained on. */
  readonly sources: readonly string[];
  /** Files skipped (binary, unreadable), with the reason. */
  readonly skipped: readonly string[];
}

/** One node of a drawn decision tree. Children are [yes, no]. */
export interface TreeNodeView {
  readonly node: number;
  readonly samples: number;
  /** True on the path this prediction took. */
  readonly onPath: boolean;
  /** Internal nodes: the test in words, e.g. "the token 3 back ≤ `(`". */
  readonly split?: string;
  /** On-path internal nodes: the value seen, in words, and the branch taken. */
  readonly seen?: string;
  readonly taken?: 'yes' | 'no';
  /** Token features on the path: where the tested token is in the document. */
  readonly source?: SourceSpot;
  /** Leaves: the most frequent next tokens in training, as text, with counts. */
  readonly top?: readonly { readonly text: string; readonly count: number }[];
  /** [yes, no] for internal nodes that are drawn; absent for leaves and cut-off subtrees. */
  readonly children?: readonly TreeNodeView[];
  /** Number of nodes below this one that are not drawn (an off-path subtree cut for size). */
  readonly hidden?: number;
}

/** Why a decision-tree LM predicted what it did at one position of a document. */
export interface TreesTraceResult {
  readonly model: TreesModelSummary;
  readonly source: string;
  /** The token predicted at this position (the one at the cursor). */
  readonly position: SourceSpot;
  readonly predicted: string;
  /** The token actually there, if any. */
  readonly actual?: string;
  readonly top: readonly TokenCandidate[];
  /** True when replaying the recorded path reproduced the prediction. */
  readonly replayed: boolean;
  /** Drawn trees (boosting: the trees that moved the predicted token's score most). */
  readonly trees: readonly { readonly index: number; readonly classToken?: string; readonly root: TreeNodeView }[];
  /** Every source token the path tested, for decorations. */
  readonly tested: readonly (SourceSpot & { readonly label: string })[];
}

/** Whole-text statistics of one attention map (a head, a layer's head mean, or the aggregate). */
export interface AttentionMapStats {
  /** Predictions measured. */
  readonly rows: number;
  /** Mean k_p: fewest earlier tokens holding p of the attention mass. */
  readonly meanK: number;
  /** Predictions per k_p bin; bin upper bounds are `kBins` of the result. */
  readonly kHistogram: readonly number[];
  /** Mean attention distance, in tokens. */
  readonly meanDistance: number;
  /** Mean share of attention on the window's first token (the attention sink). */
  readonly sinkShare: number;
}

/** One dependency of a token, with where it is. */
export interface DependencyView extends SourceSpot {
  /** Index in `tokens` of the result (-1: the start-of-text token). */
  readonly index: number;
  /** Attention weight, or ablation effect (KL divergence, nats). */
  readonly weight: number;
  readonly text: string;
}

/** Token dependencies of a text: how many earlier tokens each prediction depends on, and which. */
export interface DependenciesResult {
  readonly model: string;
  readonly device: Device;
  readonly source: string;
  readonly methods: readonly ('attention' | 'ablation')[];
  /** Things the user should know about how this was measured (e.g. a fallback to ablation). */
  readonly notes?: readonly string[];
  /** The attention aggregate, in words (e.g. attention rollout, with its reference). */
  readonly aggregate: string;
  /** Share of attention mass k_p covers. */
  readonly p: number;
  /** Dependencies kept per token. */
  readonly k: number;
  readonly window: number;
  readonly layers: number;
  readonly heads: number;
  /** The analysed tokens (the start-of-text token is not listed). */
  readonly tokens: readonly { readonly text: string; readonly start: number; readonly end: number }[];
  /** Per token: k_p of the aggregated attention row (null where not scored). */
  readonly kAttention?: readonly (number | null)[];
  /** [layer][token]: k_p of the layer's head-mean row. */
  readonly kLayers?: readonly (readonly (number | null)[])[];
  /** Per token: number of earlier tokens whose removal changes the prediction by more than delta. */
  readonly kAblation?: readonly (number | null)[];
  /** Ablation threshold (KL, nats) and how tokens were removed. */
  readonly ablation?: { readonly delta: number; readonly method: string; readonly runs: number };
  /** Upper bounds of the k_p histogram bins. */
  readonly kBins: readonly number[];
  /** Per head statistics over the whole text. */
  readonly headStats?: readonly (AttentionMapStats & { readonly layer: number; readonly head: number })[];
  /** Statistics of the aggregated map. */
  readonly aggregateStats?: AttentionMapStats;
  /** Agreement of attention and ablation top-k sets, when both ran. */
  readonly agreement?: { readonly k: number; readonly tokens: number; readonly overlap: number; readonly jaccard: number; readonly chanceOverlap: number };
  /** With an `at` position: the token there and its ranked dependencies by each method. */
  readonly at?: {
    readonly index: number;
    readonly attention?: readonly DependencyView[];
    readonly ablation?: readonly DependencyView[];
  };
  /** Sparse aggregated attention rows for the map: per token, [index, weight] pairs, largest first. */
  readonly rows?: readonly (readonly (readonly [number, number])[])[];
  /**
   * Dense attention of every layer and head for one window of tokens (for the map's layer and head
   * filters): `data[((layer * heads + head) * T + q) * T + key]`, q and key relative to `first`.
   */
  readonly windowMaps?: { readonly first: number; readonly T: number; readonly data: readonly number[] };
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
