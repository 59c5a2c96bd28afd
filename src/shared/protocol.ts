/**
 * @file The one typed protocol of Model Lens: engine requests and replies (host or CLI ↔ engine)
 * and webview messages (host ↔ webview). Every message has a `type` discriminant.
 */
import type { DependenciesResult, DeviceSetting, LengthProbeView, PositionsResult, TreesModelSummary, TreesTraceResult } from './results';
export type { ErrorCode, ErrorInfo } from './messages';

/** Which model to run and where. */
export interface ModelRequest {
  /** Embedded model name, local `.onnx` path or folder, or Hugging Face hub id. */
  readonly model: string;
  /** Device setting; failures fall back along cuda → webgpu → cpu. */
  readonly device: DeviceSetting;
  /** False in a restricted (untrusted) workspace: no model is loaded from a local path. */
  readonly allowLocalFiles: boolean;
}

/** Request: train a decision-tree LM on texts; the engine keeps it under the returned modelId. */
export interface TreesTrainRequest {
  readonly type: 'treesTrain';
  readonly id: number;
  readonly params: {
    /** Texts to train on, with names shown in the summary. */
    readonly sources: readonly { readonly name: string; readonly text: string }[];
    /** Files already skipped by the sender (binary, unreadable), reported back in the summary. */
    readonly skipped: readonly string[];
    readonly learner: 'cart' | 'boosted';
    readonly window: number;
    readonly depth: number;
    readonly minLeaf: number;
    /** Extra features: none, lens-lm's embedding average over the window, or lens-lm's hidden states. */
    readonly features: 'tokens' | 'embedding' | 'hidden';
  };
}

/** Request: generate text with a trained decision-tree LM. */
export interface TreesGenerateRequest {
  readonly type: 'treesGenerate';
  readonly id: number;
  readonly params: {
    readonly modelId: string;
    readonly prompt: string;
    readonly maxTokens: number;
    /** 0 = greedy. */
    readonly temperature: number;
    readonly seed: number;
  };
}

/** Request: trace the prediction of the token at a document offset. */
export interface TreesTraceRequest {
  readonly type: 'treesTrace';
  readonly id: number;
  readonly params: {
    readonly modelId: string;
    readonly text: string;
    /** UTF-16 offset of the token whose prediction is traced. */
    readonly at: number;
    /** Name of the document, shown in the panel. */
    readonly source: string;
  };
}

/** Request: token dependencies and attention sparsity of a text. */
export interface DependenciesRequest {
  readonly type: 'dependencies';
  readonly id: number;
  readonly params: ModelRequest & {
    /** The whole document. */
    readonly text: string;
    /** The part analysed (UTF-16 offsets); the whole text when absent. */
    readonly range?: { readonly start: number; readonly end: number };
    /** Name of the document, shown in views. */
    readonly source: string;
    readonly method: 'attention' | 'ablation' | 'both';
    /** UTF-16 offset (in the document) of a token whose ranked dependencies are wanted. */
    readonly at?: number;
    /** Share of attention mass k_p covers. */
    readonly p: number;
    /** Dependencies kept per token. */
    readonly k: number;
    readonly maxTokens: number;
    /** Include the sparse rows and one window of dense per-head maps (for the map panel). */
    readonly maps: boolean;
  };
}

/** Request: position IDs of a selected problem or scratchpad, decoded by the task's positions model. */
export interface PositionsRequest {
  readonly type: 'positions';
  readonly id: number;
  readonly params: {
    /** The selected text. */
    readonly text: string;
    /** Offset of `text` in its document (UTF-16), added to every token range. */
    readonly offset: number;
    readonly source: string;
    /** ppc: the model's own IDs; oracle: the coupled model fed the rule's; absolute: ordinary positions. */
    readonly method: 'ppc' | 'oracle' | 'absolute';
    /** The task, when not guessed from the text. */
    readonly task?: string;
    readonly allowLocalFiles: boolean;
  };
}

/** Request: exact match against problem length for PPC, oracle coupling and absolute positions. */
export interface LengthProbeRequest {
  readonly type: 'lengthProbe';
  readonly id: number;
  readonly params: {
    readonly task: 'addition' | 'copy';
    readonly maxLength: number;
    readonly samples: number;
    readonly seed: number;
  };
}

/** Every request the engine answers. */
export type EngineRequest = TreesTrainRequest | TreesGenerateRequest | TreesTraceRequest | DependenciesRequest | PositionsRequest | LengthProbeRequest;

/** The result type of each request type. */
export interface EngineResults {
  treesTrain: TreesModelSummary;
  treesGenerate: { readonly text: string; readonly prompt: string };
  treesTrace: TreesTraceResult;
  dependencies: DependenciesResult;
  positions: PositionsResult;
  lengthProbe: LengthProbeView;
}


export type { StatusNotification } from './messages';
import type { StatusNotification } from './messages';

/** Notification to a webview: show why a decision-tree LM predicted a token. */
export interface ShowTreeTraceNotification {
  readonly type: 'showTreeTrace';
  readonly result: TreesTraceResult;
}

/** Notification to a webview: show token dependencies and attention sparsity. */
export interface ShowDependenciesNotification {
  readonly type: 'showDependencies';
  readonly result: DependenciesResult;
}

/** Notification to a webview: show the position IDs of a problem. */
export interface ShowPositionsNotification {
  readonly type: 'showPositions';
  readonly result: PositionsResult;
}

/** Notification to a webview: show a length-generalization curve. */
export interface ShowLengthProbeNotification {
  readonly type: 'showLengthProbe';
  readonly result: LengthProbeView;
}

/** Transitional: what the host sends to a view not yet on mountView. */
export type ToWebview =
  | StatusNotification
  | ShowTreeTraceNotification
  | ShowDependenciesNotification
  | ShowPositionsNotification
  | ShowLengthProbeNotification;

/** Transitional: what a view not yet on mountView sends (`saveMerged` is now an `action`). */
export type FromWebview = import('./messages').FromWebview;
