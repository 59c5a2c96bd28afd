/**
 * @file Extra files of an embedded model: its input embedding table and its analysis graph
 * (attentions and hidden states), used by toolkits that read a model's representations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { LensError } from '../errors';
import { readManifest, type EmbeddedModel } from './manifest';

function entry(
  modelsDir: string,
  name: string,
): EmbeddedModel & { embeddings?: { file: string; shape: [number, number] } } {
  const e = readManifest(modelsDir).find((m) => m.name === name);
  if (e === undefined) throw new LensError('model-not-found', `No embedded model named ${name}.`);
  return e;
}

/** The input embedding table [vocab × dim] of an embedded model. */
export function readEmbeddings(modelsDir: string, name: string): { table: Float32Array; vocab: number; dim: number } {
  const e = entry(modelsDir, name);
  if (e.embeddings === undefined) throw new LensError('missing-output', `${name} ships no embedding table.`);
  const [vocab, dim] = e.embeddings.shape;
  const bytes = readFileSync(join(modelsDir, e.dir, e.embeddings.file));
  if (bytes.length !== vocab * dim * 4)
    throw new LensError(
      'bad-model',
      `${e.embeddings.file} of ${name} has ${bytes.length} bytes, not ${vocab}×${dim} float32. Reinstall Model Lens.`,
    );
  const table = new Float32Array(vocab * dim);
  new Uint8Array(table.buffer).set(bytes);
  return { table, vocab, dim };
}

/** An onnxruntime session (cpu) on the analysis graph of an embedded model. */
export async function loadAnalysisSession(
  modelsDir: string,
  name: string,
): Promise<{ session: ort.InferenceSession; model: EmbeddedModel }> {
  const e = entry(modelsDir, name);
  if (e.graphs.analysis === undefined) throw new LensError('missing-output', `${name} has no analysis graph.`);
  const session = await ort.InferenceSession.create(join(modelsDir, e.dir, e.graphs.analysis), {
    executionProviders: ['cpu'],
  });
  return { session, model: e };
}
