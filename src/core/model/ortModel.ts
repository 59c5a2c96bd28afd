/**
 * @file A causal LM run by onnxruntime-node from an ONNX graph with `input_ids` and `logits`.
 * Optional inputs are fed as the Hugging Face exports expect: `attention_mask`, `position_ids`
 * (cumsum of the mask minus one) and empty `past_key_values.*` for KV-cache graphs.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Device, DeviceSetting } from '../../shared/schema';
import { clipMessage, LensError, ortReason } from '../errors';
import { withFallback } from './devices';
import { graphFeeds } from './graphFeeds';
import type { SpanTokenizer } from './tokenizer';
import type { CausalLM, LogFn, LogitsBatch } from './types';

/** What {@link loadOrtModel} needs besides the file. */
export interface OrtModelOptions {
  readonly name: string;
  readonly device: DeviceSetting;
  readonly context: number;
  readonly bosId: number | undefined;
  readonly tokenizer: SpanTokenizer;
  readonly log: LogFn;
}

/** Loads an ONNX causal LM on the first device of the fallback chain that works. */
export async function loadOrtModel(path: string, options: OrtModelOptions): Promise<CausalLM> {
  if (!existsSync(path) || statSync(path).size === 0) {
    throw new LensError('bad-model', `${path} is missing or empty. Pick an ONNX model file.`);
  }
  const t0 = Date.now();
  const { value: session, device } = await createSession(path, options);
  options.log('info', `Loaded ${options.name} on ${device} in ${Date.now() - t0} ms`);
  checkOutputs(session, options.name);
  checkVocab(session, options);
  return ortCausalLM(session, device, options);
}

/** True when onnxruntime-node's CUDA provider libraries are installed beside its binding. */
function cudaInstalled(): boolean {
  try {
    const binding = require.resolve('onnxruntime-node/package.json');
    return existsSync(
      join(dirname(binding), 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so'),
    );
  } catch {
    return false;
  }
}

async function createSession(
  path: string,
  options: OrtModelOptions,
): Promise<{ value: ort.InferenceSession; device: Device }> {
  try {
    return await withFallback(
      options.device,
      async (device) => {
        if (device === 'cuda' && !cudaInstalled()) {
          throw new Error(
            'CUDA provider libraries are not installed (reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 npm install)',
          );
        }
        return ort.InferenceSession.create(path, {
          executionProviders: [device],
          graphOptimizationLevel: 'all',
          // Probing a missing GPU provider is expected: keep onnxruntime's own log quiet for it.
          logSeverityLevel: device === 'cpu' ? 2 : 4,
        });
      },
      options.log,
    );
  } catch (error) {
    throw new LensError(
      'bad-model',
      `${clipMessage(options.name, 120)} is not a valid ONNX model: onnxruntime could not load it ` +
        `(${ortReason(error)}). Pick a .onnx file ` +
        `exported from a causal language model.`,
    );
  }
}

function checkOutputs(session: ort.InferenceSession, name: string): void {
  if (!session.outputNames.includes('logits')) {
    throw new LensError(
      'missing-output',
      `${name} has no output named "logits" (it has: ${session.outputNames.join(', ')}). Model Lens needs a ` +
        `causal LM whose graph outputs logits [batch, sequence, vocab]; export it with Optimum's text-generation task.`,
    );
  }
  if (!session.inputNames.includes('input_ids')) {
    throw new LensError(
      'missing-output',
      `${name} has no input named "input_ids" (it has: ${session.inputNames.join(', ')}). Model Lens runs causal ` +
        `LMs that take token ids.`,
    );
  }
}

/** Refuses a model whose logits cover fewer ids than its tokenizer gives (the graph would index past its table). */
function checkVocab(session: ort.InferenceSession, options: OrtModelOptions): void {
  const logits = session.outputMetadata.find((m) => m.name === 'logits');
  const vocab = logits?.isTensor === true ? logits.shape[logits.shape.length - 1] : undefined;
  if (typeof vocab !== 'number' || vocab >= options.tokenizer.vocabSize) return;
  void session.release();
  throw new LensError(
    'bad-model',
    `${options.name} scores ${vocab} tokens, but its tokenizer.json gives ids up to ` +
      `${options.tokenizer.vocabSize - 1}: the tokenizer belongs to another model. Put the model's own ` +
      `tokenizer.json beside it.`,
  );
}

function ortCausalLM(session: ort.InferenceSession, device: Device, options: OrtModelOptions): CausalLM {
  return {
    name: options.name,
    device,
    context: options.context,
    bosId: options.bosId,
    tokenizer: options.tokenizer,
    logits: async (rows) => {
      const feeds = buildFeeds(session, rows);
      const out = await session.run(feeds, ['logits']);
      return toBatch(out['logits'], rows.length);
    },
    dispose: () => session.release(),
  };
}

/** Builds the input tensors for right-padded rows. */
export function buildFeeds(
  session: ort.InferenceSession,
  rows: readonly (readonly number[])[],
): Record<string, ort.Tensor> {
  const batch = rows.length;
  const length = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(batch * length);
  const mask = new BigInt64Array(batch * length);
  rows.forEach((row, b) => {
    for (let t = 0; t < row.length; t++) {
      ids[b * length + t] = BigInt(row[t] ?? 0);
      mask[b * length + t] = 1n;
    }
  });
  return graphFeeds(session, ids, mask, batch, length);
}

function toBatch(tensor: ort.Tensor | undefined, batch: number): LogitsBatch {
  if (tensor === undefined || tensor.dims.length !== 3 || tensor.type !== 'float32') {
    throw new LensError(
      'missing-output',
      `The model's logits are not a float32 tensor [batch, sequence, vocab] (got ${tensor?.type ?? 'nothing'} ` +
        `${JSON.stringify(tensor?.dims ?? [])}).`,
    );
  }
  const [, length = 0, vocab = 0] = tensor.dims;
  return { data: tensor.data as Float32Array, batch, length, vocab };
}
