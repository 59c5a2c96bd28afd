/**
 * @file Result types shared by the engine, the CLI, the extension host and the webviews.
 * Plain data only: every value here crosses a process or webview boundary as JSON.
 */

/** Devices a model can run on; `auto` tries cuda, then webgpu, then cpu. */
export type DeviceSetting = 'auto' | 'cpu' | 'webgpu' | 'cuda';

/** A device a model actually ran on. */
export type Device = 'cpu' | 'webgpu' | 'cuda';

/** One candidate next token with its probability. */
export interface TokenCandidate {
  /** Decoded text of the candidate (may be a partial UTF-8 sequence shown as U+FFFD). */
  readonly text: string;
  /** Probability under the model, in [0, 1]. */
  readonly p: number;
}

/** One token of the analysed text with its surprisal. */
export interface SurprisalToken {
  /** The source text this token covers (`text.slice(start, end)` of the document). */
  readonly text: string;
  /** Start of the token in the document, in UTF-16 code units (a VS Code offset). */
  readonly start: number;
  /** End (exclusive) of the token in the document, in UTF-16 code units. */
  readonly end: number;
  /** -log2 p(token | tokens before it), in bits. */
  readonly surprisal: number;
  /** The model's five most probable tokens at this position, most probable first. */
  readonly top?: readonly TokenCandidate[];
}

/** Result of the surprisal analysis of one document or selection. */
export interface SurprisalResult {
  /** Name of the model that produced the result. */
  readonly model: string;
  /** Device the model ran on. */
  readonly device: Device;
  /** Every token of the input, in order. */
  readonly tokens: readonly SurprisalToken[];
  /** Total surprisal divided by the number of UTF-8 bytes of the input. */
  readonly bitsPerByte: number;
  /** Number of UTF-8 bytes of the input. */
  readonly bytes: number;
  /** Context window (tokens) used when scoring; longer inputs are scored in overlapping windows. */
  readonly window: number;
  /** Offset in the document where the analysed text starts (non-zero for a selection). */
  readonly offset: number;
}

/** A place in a document: UTF-16 range plus 0-based line and character of its start. */
export interface SourceSpot {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly character: number;
}

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
