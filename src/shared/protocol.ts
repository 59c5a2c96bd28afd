/**
 * @file The one typed protocol of Model Lens: engine requests and replies (host or CLI ↔ engine)
 * and webview messages (host ↔ webview). Every message has a `type` discriminant.
 */
import type { DeviceSetting, LoraComposeResult } from './results';
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

/** A JSONL file of `{prompt, answer}` items, as text, with the name shown in results. */
export interface TaskData {
  readonly source: string;
  readonly text: string;
}

/** Request: compose LoRA adapters by several methods and score each on a target task. */
export interface LoraComposeRequest {
  readonly type: 'loraCompose';
  readonly id: number;
  readonly params: {
    /** Embedded LoRA base (`lora-base`) or a folder whose model.onnx takes lora.<module>.A/B inputs. */
    readonly base: string;
    /** Embedded adapter names, PEFT folders or adapter_config.json paths. */
    readonly adapters: readonly string[];
    /** A data-mix adapter scored beside the merges. */
    readonly mix?: string;
    readonly data: TaskData;
    /** Dev split for learning CAT weights. */
    readonly dev?: TaskData;
    readonly methods: readonly string[];
    /** Weights of the fixed-weight merges (one per adapter). @default 1 each */
    readonly weights?: readonly number[];
    readonly density?: number;
    readonly catSteps?: number;
    /** False in a restricted workspace: only embedded adapters and bases load. */
    readonly allowLocalFiles: boolean;
  };
}

/** Request: merge adapters and write the result as a new PEFT adapter folder. */
export interface LoraSaveRequest {
  readonly type: 'loraSave';
  readonly id: number;
  readonly params: {
    readonly adapters: readonly string[];
    /** A composition method; `cat`/`cat_free` need `catWeights`. */
    readonly method: string;
    readonly weights?: readonly number[];
    /** CAT weights[layer][adapter]. */
    readonly catWeights?: readonly (readonly number[])[];
    readonly density?: number;
    /** New folder (never an existing path). */
    readonly out: string;
    readonly allowLocalFiles: boolean;
  };
}

/** Every request the engine answers. */

/** The result type of each request type. */
/** Every request the engine answers. */
export type EngineRequest = LoraComposeRequest | LoraSaveRequest;

/** The result type of each request type. */
export interface EngineResults {
  loraCompose: LoraComposeResult;
  loraSave: { readonly out: string; readonly method: string; readonly modules: number };
}


export type { StatusNotification } from './messages';
import type { StatusNotification } from './messages';

/** Notification to a webview: show a LoRA composition's scores, CAT weights and adapter statistics. */
export interface ShowLoraCompositionNotification {
  readonly type: 'showLoraComposition';
  readonly result: LoraComposeResult;
}

/** Transitional: what the host sends to a view not yet on mountView. */
export type ToWebview = StatusNotification | ShowLoraCompositionNotification;

/** Transitional: what a view not yet on mountView sends (`saveMerged` is now an `action`). */
export type FromWebview = import('./messages').FromWebview;
