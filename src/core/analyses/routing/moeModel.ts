/**
 * @file A mixture-of-experts model opened for routing: an embedded zoo model (its manifest entry gives the
 * context, the start token and, under `moe.topK`, how many experts a token goes to) or a local ONNX file or folder
 * with its tokenizer.json, whose graph outputs each layer's pre-softmax router scores as `router_logits.{layer}`.
 */
import * as ort from 'onnxruntime-node';
import { clipMessage, LensError, ortReason } from '../../errors';
import { locateGraph, type GraphFiles } from '../../model/locateGraph';
import type { EmbeddedModel } from '../../model/manifest';
import { readTokenizer } from '../../model/readFiles';
import type { SpanTokenizer } from '../../model/tokenizer';

/** One router output of the graph. */
export interface RouterOutput {
  readonly layer: number;
  readonly name: string;
}

/** A model ready to route text. */
export interface MoeModel {
  readonly name: string;
  readonly session: ort.InferenceSession;
  readonly tokenizer: SpanTokenizer;
  /** Tokens per forward pass. */
  readonly context: number;
  readonly bosId: number;
  /** Experts per token from the model's card, when it has one. */
  readonly topK: number | undefined;
  /** The graph's router outputs, by layer. */
  readonly routers: readonly RouterOutput[];
}

/** Where embedded models are, and whether local files may be loaded. */
export interface MoeLoadOptions {
  readonly modelsDir: string;
  readonly allowLocalFiles: boolean;
}

const ROUTER = /^router_logits\.(\d+)$/u;

/** The router outputs of a graph by layer, or a `missing-output` error naming the outputs it has. */
export function routerOutputs(session: ort.InferenceSession, name: string): RouterOutput[] {
  const routers = session.outputNames.flatMap((n) => {
    const m = ROUTER.exec(n);
    return m === null ? [] : [{ layer: Number(m[1]), name: n }];
  });
  if (routers.length === 0)
    throw new LensError(
      'missing-output',
      clipMessage(`${name} has no router outputs (it has: ${session.outputNames.join(', ')}).`, 600) +
        " Expert routing needs a mixture-of-experts graph that outputs each layer's pre-softmax router scores " +
        'as router_logits.0, router_logits.1, … [batch, sequence, experts]; pick a MoE model such as ' +
        'moe-phonebook-e16.',
    );
  return routers.sort((a, b) => a.layer - b.layer);
}

/** The `moe.topK` of a manifest entry, when it is a positive integer. */
function cardTopK(entry: EmbeddedModel): number | undefined {
  const moe = (entry as { moe?: { topK?: unknown } }).moe;
  const k = moe?.topK;
  return typeof k === 'number' && Number.isInteger(k) && k >= 1 ? k : undefined;
}

function filesOf(spec: string, o: MoeLoadOptions): GraphFiles & { readonly topK: number | undefined } {
  const files = locateGraph(spec, o, {
    graphOf: (entry) => entry.graphs.lm,
    hubRefusal: (id) =>
      `Expert routing reads the ONNX graph from disk; "${id}" is a hub id. Export the model to a local folder ` +
      '(with router_logits.{layer} outputs) and select that folder.',
  });
  return { ...files, topK: files.entry === undefined ? undefined : cardTopK(files.entry) };
}

/** Opens `spec` (a zoo name, a .onnx file or a model folder) and checks it has router outputs and a start token. */
export async function loadMoeModel(spec: string, o: MoeLoadOptions): Promise<MoeModel> {
  const files = filesOf(spec, o);
  const tokenizer = readTokenizer(files.tokenizerDir);
  if (files.bosId === undefined)
    throw new LensError(
      'bad-model',
      `${files.name} declares no start token (bos_token_id in config.json); routing feeds it before the text.`,
    );
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(files.onnx, { executionProviders: ['cpu'] });
  } catch (error) {
    throw new LensError(
      'bad-model',
      `${clipMessage(files.name, 120)} is not a valid ONNX model: onnxruntime could not load it ` +
        `(${ortReason(error)}). Pick a .onnx file exported from a mixture-of-experts language model.`,
    );
  }
  let routers: RouterOutput[];
  try {
    routers = routerOutputs(session, files.name);
  } catch (error) {
    await session.release();
    throw error;
  }
  const { name, context, bosId, topK } = files;
  return { name, session, tokenizer, context, bosId, topK, routers };
}
