/**
 * @file Where the ONNX graph of a model spec lies, for analyses that open the graph themselves to read outputs
 * besides the logits (gradients, router logits): an embedded model's graph (the analysis picks which), or a local
 * file or folder with its context and start token. A hub id is refused: such a graph must be on disk.
 */
import { join } from 'node:path';
import { remoteRefusal } from './remoteSpec';
import { LensError } from '../errors';
import { readManifest, type EmbeddedModel } from './manifest';
import { localModelConfig } from './readFiles';
import { resolveModel, type ResolveOptions } from './registry';

/** The files of a model whose graph an analysis opens itself. */
export interface GraphFiles {
  readonly name: string;
  readonly onnx: string;
  readonly tokenizerDir: string;
  readonly context: number;
  readonly bosId: number | undefined;
  /** The manifest entry of an embedded model. */
  readonly entry?: EmbeddedModel;
}

/** How an analysis picks an embedded model's graph (throwing for models it cannot use) and refuses a hub id. */
export interface GraphChoice {
  /** The graph file of an embedded entry, relative to its folder. */
  readonly graphOf: (entry: EmbeddedModel) => string;
  /** The message for a hub id: what the analysis needs and what to do. */
  readonly hubRefusal: (spec: string) => string;
}

/** The graph files of `spec`: an embedded model by name, else a local file or folder (hub ids refused). */
export function locateGraph(spec: string, o: ResolveOptions, choice: GraphChoice): GraphFiles {
  const name = spec.trim();
  const entry = readManifest(o.modelsDir).find((m) => m.name === name);
  if (entry !== undefined) {
    const dir = join(o.modelsDir, entry.dir);
    const onnx = join(dir, choice.graphOf(entry));
    return { name, onnx, tokenizerDir: dir, context: entry.context, bosId: entry.bosTokenId, entry };
  }
  const source = resolveModel(spec, o);
  if (source.kind === 'hub') throw new LensError('bad-model', choice.hubRefusal(spec));
  if (source.kind === 'remote') throw new LensError('bad-model', remoteRefusal(source.name, 'an ONNX graph to open'));
  const config = localModelConfig(source.tokenizerDir);
  return { name: source.name, onnx: source.onnx, tokenizerDir: source.tokenizerDir, ...config };
}
