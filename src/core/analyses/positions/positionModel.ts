/**
 * @file Loads a positions model (the zoo's `positions-<task>-<method>`, or a folder with
 * model.onnx and config.json): a small decoder whose graph takes `input_ids` and the position ID
 * of every token (`position_ids`), and returns `logits`, the per-layer `attentions.{i}` and, for
 * Predictive Position Coupling, `position_logits` (the ID of the next token).
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { CoupleOptions } from './couplingTypes';
import { LensError } from '../../errors';
import { readManifest } from '../../model/manifest';
import { readJson } from '../../model/readFiles';
import {
  isModelTask,
  MODEL_TASKS,
  POSITION_METHODS,
  type PositionMethod,
  type PositionTask,
} from '../../../shared/positions';

/** What config.json of a positions model says. */
export interface PositionModelConfig {
  readonly task: PositionTask;
  readonly method: PositionMethod;
  /** The characters of the vocabulary, token id = index. */
  readonly vocab: string;
  /** Rows of the position embedding: fed IDs run 0 … maxPosition-1. */
  readonly maxPosition: number;
  /** Longest problem (digits per operand, or symbols) seen in training. */
  readonly trainMaxLength: number;
  /** Addition operands are zero-padded to the longer one's length before coupling, as in training. @default false */
  readonly padOperands: boolean;
  readonly layers: number;
  readonly heads: number;
  readonly d: number;
}

/** A loaded positions model. */
export interface PositionModel {
  /** Manifest name, or the folder it was loaded from. */
  readonly name: string;
  readonly config: PositionModelConfig;
  readonly session: ort.InferenceSession;
  /** True when the graph outputs `position_logits` (it can decode with its own IDs). */
  readonly predictsPositions: boolean;
  /** Names of the attention outputs, layer by layer (empty when the graph has none). */
  readonly attentionOutputs: readonly string[];
}

/** Where to find embedded models, and whether local folders may be loaded. */
export interface PositionModelLoadOptions {
  readonly modelsDir: string;
  /** False in a restricted workspace: only embedded models. @default true */
  readonly allowLocalFiles?: boolean;
}

/** The zoo name of the model of a task and method, e.g. `positions-addition-ppc`. */
export function positionModelName(task: PositionTask, method: PositionMethod): string {
  return `positions-${task}-${method}`;
}

/** The coupling options a model was trained with: its ID range and whether addition operands are padded. */
export function modelCoupleOptions(model: PositionModel): Pick<CoupleOptions, 'maxPosition' | 'padOperands'> {
  return { maxPosition: model.config.maxPosition, padOperands: model.config.padOperands };
}

/** Names of the embedded positions models. */
export function positionModelNames(modelsDir: string): string[] {
  return readManifest(modelsDir)
    .filter((m) => m.task === 'positions')
    .map((m) => m.name);
}

function folderOf(spec: string, o: PositionModelLoadOptions): { name: string; dir: string; onnx: string } {
  const entry = readManifest(o.modelsDir).find((m) => m.name === spec);
  if (entry !== undefined) {
    if (entry.task !== 'positions')
      throw new LensError(
        'bad-model',
        `${spec} is an embedded ${entry.task} model, not a positions model. Choose one of ` +
          `${positionModelNames(o.modelsDir).join(', ')}.`,
      );
    const dir = join(o.modelsDir, entry.dir);
    return { name: spec, dir, onnx: join(dir, entry.graphs.lm) };
  }
  if (!existsSync(spec) || !statSync(spec).isDirectory()) {
    throw new LensError(
      'model-not-found',
      `No positions model "${spec}": it is neither an embedded one ` +
        `(${positionModelNames(o.modelsDir).join(', ')}) nor a folder with model.onnx and config.json.`,
    );
  }
  if (o.allowLocalFiles === false)
    throw new LensError(
      'untrusted',
      `This workspace is in restricted mode, so Model Lens loads only its embedded models. Trust the workspace ` +
        `to load ${spec}.`,
    );
  const dir = resolve(spec);
  return { name: dir, dir, onnx: join(dir, 'model.onnx') };
}

/** Reads and checks config.json of a positions model folder. */
export function positionModelConfig(dir: string): PositionModelConfig {
  const raw = readJson(join(dir, 'config.json'), undefined) as Record<string, unknown>;
  const bad = (what: string): never => {
    throw new LensError(
      'bad-model',
      `${join(dir, 'config.json')} ${what}. A positions model's config.json gives task ` +
        `(${MODEL_TASKS.join('|')}), method (ppc|coupled|absolute), vocab, maxPosition, trainMaxLength, layers, ` +
        `heads and d (and padOperands for addition).`,
    );
  };
  const int = (key: string): number => {
    const v = raw[key];
    return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : bad(`has no positive integer "${key}"`);
  };
  const task = raw['task'];
  const method = raw['method'];
  if (!isModelTask(String(task))) bad(`names task ${JSON.stringify(task)}`);
  if (!POSITION_METHODS.includes(method as PositionMethod)) bad(`names method ${JSON.stringify(method)}`);
  if (typeof raw['vocab'] !== 'string' || raw['vocab'].length === 0) bad('has no "vocab" string');
  const pad = raw['padOperands'] ?? false;
  if (typeof pad !== 'boolean') bad(`gives padOperands ${JSON.stringify(pad)} (true, false or absent)`);
  return {
    task: task as PositionTask,
    method: method as PositionMethod,
    vocab: raw['vocab'] as string,
    maxPosition: int('maxPosition'),
    trainMaxLength: int('trainMaxLength'),
    padOperands: pad as boolean,
    layers: int('layers'),
    heads: int('heads'),
    d: int('d'),
  };
}

/** Checks that the graph has the inputs and outputs every positions model needs, and a ppc model its position head. */
function checkGraph(name: string, session: ort.InferenceSession, config: PositionModelConfig): void {
  for (const input of ['input_ids', 'position_ids']) {
    if (!session.inputNames.includes(input))
      throw new LensError(
        'bad-model',
        `${name} has no "${input}" input; a positions model takes input_ids and position_ids [batch, tokens] ` +
          `(int64). Export it with both inputs.`,
      );
  }
  if (!session.outputNames.includes('logits'))
    throw new LensError(
      'missing-output',
      `${name} has no "logits" output. Export the graph with logits [batch, tokens, vocab].`,
    );
  if (config.method === 'ppc' && !session.outputNames.includes('position_logits')) {
    throw new LensError(
      'missing-output',
      `${name} is a ppc model but its graph has no "position_logits" output. Export the position head as ` +
        `position_logits [batch, tokens, maxPosition].`,
    );
  }
}

/** Loads a positions model: an embedded name, or a folder with model.onnx and config.json (CPU). */
export async function positionModelLoad(spec: string, options: PositionModelLoadOptions): Promise<PositionModel> {
  const { name, dir, onnx } = folderOf(spec.trim(), options);
  const config = positionModelConfig(dir);
  if (!existsSync(onnx))
    throw new LensError('bad-model', `${dir} holds no model.onnx. Put the exported graph beside config.json.`);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  } catch (error) {
    throw new LensError(
      'bad-model',
      `${onnx} could not be loaded (${error instanceof Error ? error.message : String(error)}). Re-export the model.`,
    );
  }
  checkGraph(name, session, config);
  const attentionOutputs = session.outputNames
    .filter((n) => /^attentions\.\d+$/u.test(n))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  return {
    name,
    config,
    session,
    predictsPositions: session.outputNames.includes('position_logits'),
    attentionOutputs,
  };
}
