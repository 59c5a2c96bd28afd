/**
 * @file Opens the model a gradient source names and finds what its graph offers: a causal LM (`logits` and a last
 * hidden state `hidden_states.{k}`: the output layer) or a gradient graph (inputs `context` and `labels`; outputs
 * `logits`, `activations.{layer}` and `output_grads.{layer}`: every linear layer, as kron-mlp exports them).
 */
import * as ort from 'onnxruntime-node';
import { LensError } from '../../../errors';
import { graphFeeds } from '../../../model/graphFeeds';
import { locateGraph, type GraphFiles } from '../../../model/locateGraph';
import { readTokenizer } from '../../../model/readFiles';
import type { SpanTokenizer } from '../../../model/tokenizer';
import { quote } from '../../../../shared/schema';
import type { LayerInfo } from '../types';
import type { ModelLayersOptions } from './index';

/** The manifest task of zoo models whose graph outputs per-layer activations and output gradients. */
export const GRADIENT_TASK = 'kronecker-gradients';

/** A model opened for gradients. */
export interface GradientModel {
  readonly name: string;
  readonly session: ort.InferenceSession;
  /** `causal`: output layer from logits and the last hidden state; `graph`: activations and output gradients. */
  readonly kind: 'causal' | 'graph';
  readonly tokenizer: SpanTokenizer;
  /** Tokens per window (causal), or the width of the `context` input (graph). */
  readonly context: number;
  readonly bosId: number | undefined;
  readonly layers: LayerInfo[];
  /** The hidden-state output the output layer reads (causal). */
  readonly hidden?: string;
}

type Located = GraphFiles;

function locate(o: ModelLayersOptions): Located {
  return locateGraph(o.model, o, {
    graphOf: (entry) => {
      if (entry.task !== 'causal-lm' && entry.task !== GRADIENT_TASK) {
        throw new LensError(
          'bad-model',
          `${entry.name} is an embedded ${entry.task} model: it gives no gradients. Choose lens-lm (its output ` +
            `layer), kron-mlp (every layer) or a local ONNX causal LM.`,
        );
      }
      return entry.task === 'causal-lm' ? (entry.graphs.analysis ?? entry.graphs.lm) : entry.graphs.lm;
    },
    hubRefusal: (spec) =>
      `${quote(spec)} is a Hugging Face id: gradients need a local ONNX graph that outputs logits and its last ` +
      `hidden state. Export the model with hidden states and pick its folder.`,
  });
}

/** Opens the model (CPU) and lists its layers; throws `missing-output` naming what its graph lacks. */
export async function openGradientModel(o: ModelLayersOptions): Promise<GradientModel> {
  const at = locate(o);
  const tokenizer = readTokenizer(at.tokenizerDir);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(at.onnx, { executionProviders: ['cpu'] });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LensError('bad-model', `${at.onnx} could not be loaded (${why.slice(0, 200)}). Pick an ONNX model.`);
  }
  try {
    const isGraph = session.inputNames.includes('labels') && session.inputNames.includes('context');
    const found = isGraph ? graphLayers(session, at) : await causalLayers(session, at);
    return { name: at.name, session, tokenizer, bosId: at.bosId, ...found };
  } catch (error) {
    await session.release();
    throw error;
  }
}

type Found = Pick<GradientModel, 'kind' | 'context' | 'layers' | 'hidden'>;

function lastDim(session: ort.InferenceSession, name: string, inputs = false): number | undefined {
  const meta = (inputs ? session.inputMetadata : session.outputMetadata).find((m) => m.name === name);
  const d = meta?.isTensor === true ? meta.shape[meta.shape.length - 1] : undefined;
  return typeof d === 'number' ? d : undefined;
}

function graphLayers(session: ort.InferenceSession, at: Located): Found {
  const names = session.outputNames.filter((n) => n.startsWith('activations.')).map((n) => n.slice(12));
  const missing = ['logits', ...names.map((n) => `output_grads.${n}`)].filter((n) => !session.outputNames.includes(n));
  if (names.length === 0 || missing.length > 0) {
    throw new LensError(
      'missing-output',
      `${quote(at.name)}'s graph takes context and labels but lacks ${
        missing.length > 0 ? missing.join(', ') : 'any ' + 'activations.{layer} output'
      }. A gradient graph outputs logits, and activations.{layer} with ` +
        `output_grads.{layer} for each layer (see media/models/kron-mlp/model-card.json). Re-export it with them.`,
    );
  }
  const layers = names.map((name) => ({
    name,
    m: lastDim(session, `output_grads.${name}`) ?? 0,
    n: lastDim(session, `activations.${name}`) ?? 0,
  }));
  const bad = layers.find((l) => l.m === 0 || l.n === 0);
  const context = lastDim(session, 'context', true);
  if (bad !== undefined || context === undefined) {
    throw new LensError(
      'bad-model',
      `${quote(at.name)}'s graph leaves the size of ${bad === undefined ? 'its context input' : `layer ${bad.name}`} ` +
        `open. Export it with fixed sizes for every axis but the batch.`,
    );
  }
  return { kind: 'graph', context, layers };
}

async function causalLayers(session: ort.InferenceSession, at: Located): Promise<Found> {
  const ks = session.outputNames
    .map((n) => /^hidden_states\.(\d+)$/u.exec(n)?.[1])
    .filter((k): k is string => k !== undefined)
    .map(Number);
  const missing = [
    ...(session.outputNames.includes('logits') ? [] : ['logits']),
    ...(ks.length === 0 ? ['hidden_states.{last layer}'] : []),
  ];
  if (missing.length > 0) {
    throw new LensError(
      'missing-output',
      `${quote(at.name)}'s graph has no ${missing.join(' and no ')} output (it has: ` +
        `${session.outputNames.slice(0, 8).join(', ')}). The output layer's gradients need the logits and the last ` +
        `hidden state after the final norm; export the graph with both (lens-lm's analysis graph has them).`,
    );
  }
  const hidden = `hidden_states.${Math.max(...ks)}`;
  let m = lastDim(session, 'logits');
  let n = lastDim(session, hidden);
  if (m === undefined || n === undefined) ({ m, n } = await probeDims(session, hidden, at.bosId ?? 0));
  return { kind: 'causal', context: Math.max(2, at.context), layers: [{ name: 'output', m, n }], hidden };
}

async function probeDims(session: ort.InferenceSession, hidden: string, id: number): Promise<{ m: number; n: number }> {
  const feeds = graphFeeds(session, BigInt64Array.of(BigInt(id)), BigInt64Array.of(1n), 1, 1);
  const out = await session.run(feeds, ['logits', hidden]);
  return { m: out['logits']?.dims.at(-1) ?? 0, n: out[hidden]?.dims.at(-1) ?? 0 };
}
