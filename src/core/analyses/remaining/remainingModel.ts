/**
 * @file Loads a remaining-length model: the zoo's `remaining-lm` (manifest task `remaining-length`) or a folder with
 * model.onnx (inputs input_ids, attention_mask; outputs logits and hidden_states.{l}), probes.safetensors and
 * config.json (eosTokenId, promptSuffix, ctx). Byte-level: token id = byte, the vocabulary has 257 ids.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { readManifest } from '../../model/manifest';
import { readJson } from '../../model/readFiles';
import { quote } from '../../../shared/schema';
import { readProbes, type ProbeSet } from './probeFile';

/** A loaded remaining-length model. */
export interface RemainingModel {
  readonly name: string;
  readonly session: ort.InferenceSession;
  readonly probes: ProbeSet;
  /** Id that ends an answer. */
  readonly eosId: number;
  /** Appended to the prompt before the answer (remaining-lm: a newline). */
  readonly promptSuffix: string;
  /** Longest sequence (prompt + answer, tokens) the model is run on. */
  readonly context: number;
}

/** Where to find embedded models, and whether a local folder may be loaded. */
export interface RemainingLoadOptions {
  readonly modelsDir: string;
  readonly allowLocalFiles: boolean;
}

/** Names of the embedded remaining-length models. */
export function remainingModelNames(modelsDir: string): string[] {
  return readManifest(modelsDir)
    .filter((m) => m.task === 'remaining-length')
    .map((m) => m.name);
}

function folderOf(spec: string, o: RemainingLoadOptions): { name: string; dir: string } {
  const entry = readManifest(o.modelsDir).find((m) => m.name === spec);
  if (entry !== undefined) {
    if (entry.task !== 'remaining-length')
      throw new LensError(
        'bad-model',
        `${spec} is an embedded ${entry.task} model, not a remaining-length model. Choose ` +
          `${remainingModelNames(o.modelsDir).join(', ')}.`,
      );
    return { name: spec, dir: join(o.modelsDir, entry.dir) };
  }
  if (!existsSync(spec) || !statSync(spec).isDirectory())
    throw new LensError(
      'model-not-found',
      `No remaining-length model "${quote(spec)}": neither an embedded one (` +
        `${remainingModelNames(o.modelsDir).join(', ')}) nor a folder with model.onnx, probes.safetensors and ` +
        `config.json.`,
    );
  if (!o.allowLocalFiles)
    throw new LensError(
      'untrusted',
      `This workspace is in restricted mode, so Model Lens loads only its embedded models. Trust the workspace ` +
        `to load ${quote(spec)}.`,
    );
  const dir = resolve(spec);
  return { name: dir, dir };
}

/** Loads the model `spec` names (CPU) with its probes; checks the graph's outputs against the probes. */
export async function loadRemainingModel(spec: string, o: RemainingLoadOptions): Promise<RemainingModel> {
  const { name, dir } = folderOf(spec.trim(), o);
  const config = readJson(join(dir, 'config.json'), {}) as Record<string, unknown>;
  const eosId = typeof config['eosTokenId'] === 'number' ? config['eosTokenId'] : 256;
  const promptSuffix = typeof config['promptSuffix'] === 'string' ? config['promptSuffix'] : '\n';
  const context = typeof config['ctx'] === 'number' && config['ctx'] > 1 ? config['ctx'] : 512;
  const onnx = join(dir, 'model.onnx');
  if (!existsSync(onnx)) throw new LensError('bad-model', `${dir} holds no model.onnx. Put the exported graph there.`);
  const probes = await readProbes(join(dir, 'probes.safetensors'));
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LensError('bad-model', `${onnx} could not be loaded (${why.slice(0, 200)}). Re-export the model.`);
  }
  const missing = ['logits', ...probes.layers.map((_, l) => `hidden_states.${l}`)].filter(
    (n) => !session.outputNames.includes(n),
  );
  if (missing.length > 0 || !session.inputNames.includes('input_ids')) {
    void session.release();
    throw new LensError(
      'missing-output',
      `${name}'s graph lacks ${missing.length > 0 ? missing.join(', ') : 'the input input_ids'}: a ` +
        `remaining-length model outputs logits and hidden_states.0 … hidden_states.${probes.layers.length - 1} ` +
        `(one per probe). Re-export it with them.`,
    );
  }
  return { name, session, probes, eosId, promptSuffix, context };
}
