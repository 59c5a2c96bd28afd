/**
 * @file Loads a Turing-program model: the zoo's `turing-addition`, `turing-addition-direct`, … (manifest task
 * `turing-program`) or a folder with model.onnx and config.json. The graph takes `input_ids` [batch, tokens]
 * (int64; Hard-ALiBi, so no positions) and returns `logits` [batch, tokens, 25] and `attentions.{i}`.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { BOS_ID, EOS_ID, PROGRAM_VOCAB, SEP_ID } from './programTokens';
import { LensError, ortReason } from '../../errors';
import { readManifest } from '../../model/manifest';
import { readJson } from '../../model/readFiles';
import { parseWith } from '../../parse';
import { oneOf, quote, v, type Infer } from '../../../shared/schema';
import { PROGRAM_TASKS } from '../../../shared/turing';

/** The manifest task of Turing-program models. */
export const PROGRAM_MODEL_TASK = 'turing-program';

const Positive = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** config.json of a Turing-program model (extra fields pass). */
export const ProgramModelConfigSchema = v.looseObject({
  kind: v.literal(PROGRAM_MODEL_TASK),
  task: oneOf(PROGRAM_TASKS),
  /** False for the baseline that writes the answer right after the problem. */
  scratchpad: v.boolean(),
  vocab: v.array(v.string()),
  bos: v.literal(BOS_ID),
  eos: v.literal(EOS_ID),
  sep: v.literal(SEP_ID),
  /** Longest operand (digits) seen in training. */
  trainMaxLength: Positive,
  layers: Positive,
  heads: Positive,
  /** Each head's Hard-ALiBi window (tokens), null for a global head. */
  windows: v.array(v.nullable(Positive)),
});
/** config.json of a Turing-program model. */
export type ProgramModelConfig = Infer<typeof ProgramModelConfigSchema>;

/** A loaded Turing-program model. */
export interface ProgramModel {
  /** Zoo name, or the folder it was loaded from. */
  readonly name: string;
  readonly config: ProgramModelConfig;
  readonly session: ort.InferenceSession;
}

/** Where the zoo is, and whether a local folder may be loaded. */
export interface ProgramModelLoadOptions {
  readonly modelsDir: string;
  readonly allowLocalFiles: boolean;
}

/** Names of the embedded Turing-program models. */
export function programModelNames(modelsDir: string): string[] {
  return readManifest(modelsDir)
    .filter((m) => m.task === PROGRAM_MODEL_TASK)
    .map((m) => m.name);
}

function programFolder(spec: string, o: ProgramModelLoadOptions): { name: string; dir: string } {
  const entry = readManifest(o.modelsDir).find((m) => m.name === spec);
  const names = (): string => programModelNames(o.modelsDir).join(', ') || 'none installed';
  if (entry !== undefined && entry.task !== PROGRAM_MODEL_TASK)
    throw new LensError(
      'bad-model',
      `${spec} is an embedded ${entry.task} model, not a Turing-program one: ${names()}.`,
    );
  if (entry !== undefined) return { name: spec, dir: join(o.modelsDir, entry.dir) };
  if (!existsSync(spec) || !statSync(spec).isDirectory())
    throw new LensError(
      'model-not-found',
      `No Turing-program model "${quote(spec)}": not an embedded one (${names()}) and not a folder holding ` +
        `model.onnx and config.json.`,
    );
  if (!o.allowLocalFiles)
    throw new LensError(
      'untrusted',
      `This workspace is in restricted mode, so only embedded models load. Trust the workspace to load ${quote(spec)}.`,
    );
  return { name: resolve(spec), dir: resolve(spec) };
}

/** Reads and checks config.json of a Turing-program model folder. */
export function programModelConfig(dir: string): ProgramModelConfig {
  const path = join(dir, 'config.json');
  const fix = 'A Turing-program model writes the config.json its zoo recipe (tools/zoo/turing) exports.';
  const config = parseWith(ProgramModelConfigSchema, readJson(path, undefined), path, { code: 'bad-model', fix });
  if (config.vocab.length !== PROGRAM_VOCAB.length || config.vocab.some((t, i) => t !== PROGRAM_VOCAB[i]))
    throw new LensError('bad-model', `${path}: vocab must be ${JSON.stringify(PROGRAM_VOCAB)} in this order. ${fix}`);
  return config;
}

/** Loads a Turing-program model (CPU): a zoo name, or a folder when local files are allowed. */
export async function programModelLoad(spec: string, o: ProgramModelLoadOptions): Promise<ProgramModel> {
  const { name, dir } = programFolder(spec.trim(), o);
  const config = programModelConfig(dir);
  const onnx = join(dir, 'model.onnx');
  if (!existsSync(onnx))
    throw new LensError('bad-model', `${dir} holds no model.onnx. Put the graph beside config.json.`);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  } catch (error) {
    throw new LensError('bad-model', `${onnx} could not be loaded (${ortReason(error)}). Re-export the model.`);
  }
  if (!session.inputNames.includes('input_ids') || !session.outputNames.includes('logits')) {
    void session.release();
    throw new LensError(
      'missing-output',
      `${name}'s graph must take input_ids [batch, tokens] and output logits [batch, tokens, 25]. Re-export it.`,
    );
  }
  return { name, config, session };
}
