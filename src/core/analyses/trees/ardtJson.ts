/**
 * @file Saves an ARDT as JSON (format `model-lens/ardt`, version 1) and loads it back, refusing
 * foreign or corrupt files with a `bad-model` LensError that says what is wrong. Typed arrays
 * are stored as little-endian base64, so a loaded model predicts bit for bit like the saved one.
 */
import type { ArdtModel } from './ardt';
import type { BoostedModel } from './boosted';
import type { CartModel } from './cart';
import type { Criterion } from './classSplit';
import { featureDescriptors, featureSpecCheck, type FeatureSpec } from './features';
import { TEST_EQ, TEST_LE, TEST_LEAF, type FlatTree } from './tree';
import { LensError } from '../../errors';
import { jsonParse } from '../../parse';
import { TREE_MODEL_FORMAT, TREE_MODEL_VERSION } from '../../../shared/trees';

/** The format name written into every saved model. */
export const ARDT_FORMAT = TREE_MODEL_FORMAT;
/** The format version this code writes and reads. */
export const ARDT_VERSION = TREE_MODEL_VERSION;

/** Most nodes accepted in one saved tree (a depth-16 tree has at most 131,071; training rarely nears this). */
export const ARDT_MAX_TREE_NODES = 2 ** 22;
/** Most trees accepted in one saved boosted model (rounds × classes; the default is 10 × 16). */
export const ARDT_MAX_TREES = 100_000;
/** Most nodes accepted over all trees of a saved model. */
export const ARDT_MAX_TOTAL_NODES = 2 ** 24;
/** Largest saved model file read, in bytes. */
export const ARDT_MAX_FILE_BYTES = 256 * 2 ** 20;

type Arr = Int32Array | Float32Array | Uint8Array;
const b64 = (a: Arr): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function treeSave(t: FlatTree): Record<string, unknown> {
  return {
    size: t.size,
    feature: b64(t.feature),
    test: b64(t.test),
    threshold: b64(t.threshold),
    yes: b64(t.yes),
    no: b64(t.no),
    samples: b64(t.samples),
    gain: b64(t.gain),
    value: b64(t.value),
    topStart: b64(t.topStart),
    topClass: b64(t.topClass),
    topCount: b64(t.topCount),
  };
}

/** Serialises a model to JSON text. */
export function ardtSave(model: ArdtModel): string {
  const { spec, learner: l } = model;
  const e = spec.embedding;
  const learner =
    l.kind === 'cart'
      ? { kind: 'cart', criterion: l.criterion, classes: Array.from(l.classes), tree: treeSave(l.tree) }
      : {
          kind: 'boosted',
          classes: Array.from(l.classes),
          base: b64(l.base),
          learningRate: l.learningRate,
          trees: l.trees.map(treeSave),
        };
  return JSON.stringify({
    format: ARDT_FORMAT,
    version: ARDT_VERSION,
    vocabSize: model.vocabSize,
    window: spec.window,
    embedding:
      e === undefined ? null : { dim: e.dim, decay: e.decay, name: model.embeddingName ?? null, table: b64(e.table) },
    dense: spec.dense ?? null,
    trainedOn: model.trainedOn,
    learner,
  });
}

/** A `bad-model` error about a saved tree model. */
function bad(what: string): LensError {
  return new LensError(
    'bad-model',
    `This decision-tree model file is corrupt: ${what}. Train the model again and save it anew.`,
  );
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${what} is missing or not an object`);
  return v as Record<string, unknown>;
}

function num(v: unknown, what: string, min = -Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw bad(`${what} is not a number >= ${min}`);
  return v;
}

function arr<T extends Arr>(v: unknown, make: (b: ArrayBuffer) => T, bytes: number, what: string, length?: number): T {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw bad(`${what} is not base64 data`);
  if (length !== undefined && v.length !== 4 * Math.ceil((length * bytes) / 3))
    throw bad(`${what} holds ${v.length} base64 characters where ${length} values of ${bytes} bytes are needed`);
  const buf = Buffer.from(v, 'base64');
  if (buf.byteLength % bytes !== 0) throw bad(`${what} has ${buf.byteLength} bytes, not a whole number of values`);
  const out = make(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  if (length !== undefined && out.length !== length)
    throw bad(`${what} has ${out.length} values where ${length} are needed`);
  return out;
}

const i32 = (v: unknown, what: string, n?: number): Int32Array => arr(v, (b) => new Int32Array(b), 4, what, n);
const f32 = (v: unknown, what: string, n?: number): Float32Array => arr(v, (b) => new Float32Array(b), 4, what, n);

/** Decodes one tree and checks that it is a well-formed tree over `cols` features. */
function treeLoad(v: unknown, cols: number, what: string, budget: { nodes: number }): FlatTree {
  const o = obj(v, what);
  const size = num(o['size'], `${what}.size`, 1);
  if (!Number.isInteger(size) || size > ARDT_MAX_TREE_NODES)
    throw bad(`${what}.size is ${size}, not a whole number up to the limit of ${ARDT_MAX_TREE_NODES} nodes per tree`);
  budget.nodes += size;
  if (budget.nodes > ARDT_MAX_TOTAL_NODES)
    throw bad(`its trees hold more than the limit of ${ARDT_MAX_TOTAL_NODES} nodes in all`);
  const t: FlatTree = {
    size,
    feature: i32(o['feature'], `${what}.feature`, size),
    test: arr(o['test'], (b) => new Uint8Array(b), 1, `${what}.test`, size),
    threshold: f32(o['threshold'], `${what}.threshold`, size),
    yes: i32(o['yes'], `${what}.yes`, size),
    no: i32(o['no'], `${what}.no`, size),
    samples: i32(o['samples'], `${what}.samples`, size),
    gain: f32(o['gain'], `${what}.gain`, size),
    value: f32(o['value'], `${what}.value`, size),
    topStart: i32(o['topStart'], `${what}.topStart`, size + 1),
    topClass: i32(o['topClass'], `${what}.topClass`),
    topCount: i32(o['topCount'], `${what}.topCount`),
  };
  for (let n = 0; n < size; n++) {
    const test = t.test[n];
    const inner = test === TEST_LE || test === TEST_EQ;
    if (!inner && test !== TEST_LEAF) throw bad(`${what} node ${n} has an unknown test ${test}`);
    const f = t.feature[n] ?? -1;
    const y = t.yes[n] ?? -1;
    const no = t.no[n] ?? -1;
    if (inner && (f < 0 || f >= cols || y <= n || no <= n || y >= size || no >= size))
      throw bad(`${what} node ${n} points outside the tree or its ${cols} features`);
    if ((t.topStart[n + 1] ?? 0) < (t.topStart[n] ?? 0)) throw bad(`${what} leaf counts are out of order at node ${n}`);
  }
  if (t.topStart[0] !== 0 || t.topStart[size] !== t.topClass.length || t.topClass.length !== t.topCount.length)
    throw bad(`${what} leaf counts do not add up`);
  return t;
}

function cartLoad(o: Record<string, unknown>, spec: FeatureSpec): CartModel {
  const classes = Int32Array.from(
    Array.isArray(o['classes']) ? (o['classes'] as unknown[]).map((c) => num(c, 'a class', 0)) : [],
  );
  if (classes.length === 0) throw bad('learner.classes is missing');
  const criterion = o['criterion'];
  if (criterion !== 'gini' && criterion !== 'entropy') throw bad('learner.criterion is neither gini nor entropy');
  const descriptors = featureDescriptors(spec);
  const tree = treeLoad(o['tree'], descriptors.length, 'learner.tree', { nodes: 0 });
  for (let n = 0; n < tree.size; n++) {
    const v = tree.value[n] ?? 0;
    if (tree.test[n] === TEST_LEAF && !(Number.isInteger(v) && v >= 0 && v < classes.length))
      throw bad(`leaf ${n} names class ${v} of ${classes.length}`);
  }
  for (const c of tree.topClass)
    if (c < 0 || c >= classes.length) throw bad(`a leaf count names class ${c} of ${classes.length}`);
  return { kind: 'cart', tree, classes, criterion: criterion as Criterion, descriptors };
}

function boostedLoad(o: Record<string, unknown>, spec: FeatureSpec): BoostedModel {
  const classes = Int32Array.from(
    Array.isArray(o['classes']) ? (o['classes'] as unknown[]).map((c) => num(c, 'a class', -1)) : [],
  );
  if (classes.length === 0) throw bad('learner.classes is missing');
  const base = f32(o['base'], 'learner.base', classes.length);
  const learningRate = num(o['learningRate'], 'learner.learningRate', 0);
  const descriptors = featureDescriptors(spec);
  const list = Array.isArray(o['trees']) ? (o['trees'] as unknown[]) : [];
  if (list.length === 0 || list.length % classes.length !== 0)
    throw bad(`learner.trees holds ${list.length} trees, not a whole number of rounds of ${classes.length}`);
  if (list.length > ARDT_MAX_TREES)
    throw bad(`learner.trees holds ${list.length} trees, over the limit of ${ARDT_MAX_TREES}`);
  const budget = { nodes: 0 };
  const trees = list.map((t, i) => treeLoad(t, descriptors.length, `learner.trees[${i}]`, budget));
  return { kind: 'boosted', trees, classes, base, learningRate, descriptors };
}

function specLoad(o: Record<string, unknown>, vocabSize: number): FeatureSpec {
  const window = num(o['window'], 'window', 1);
  const e = o['embedding'] === null ? undefined : obj(o['embedding'], 'embedding');
  const d = o['dense'] === null || o['dense'] === undefined ? undefined : obj(o['dense'], 'dense');
  const dim = e === undefined ? 0 : num(e['dim'], 'embedding.dim', 1);
  const spec: FeatureSpec = {
    window,
    ...(e === undefined
      ? {}
      : {
          embedding: {
            dim,
            decay: num(e['decay'], 'embedding.decay', 0),
            table: f32(e['table'], 'embedding.table', vocabSize * dim),
          },
        }),
    ...(d === undefined
      ? {}
      : {
          dense: {
            dim: num(d['dim'], 'dense.dim', 1),
            source: String(d['source'] ?? 'dense features'),
            ...(typeof d['model'] === 'string' ? { model: d['model'] } : {}),
          },
        }),
  };
  try {
    featureSpecCheck(spec);
  } catch (error) {
    throw bad(error instanceof Error ? error.message : String(error));
  }
  return spec;
}

/** Parses a saved model; throws `bad-model` for text that is not one, or is damaged. */
export function ardtLoad(text: string): ArdtModel {
  return ardtFromJson(ardtReadJson(text));
}

/** The JSON value of a saved model's text; throws `bad-model` when it is not JSON or passes the size limits. */
export function ardtReadJson(text: string): unknown {
  return jsonParse(text, 'This decision-tree model file', {
    code: 'bad-model',
    maxBytes: ARDT_MAX_FILE_BYTES,
    fix: 'Choose a file written by "trees train".',
  });
}

/** A model from the parsed JSON of a saved one; throws `bad-model` for a foreign or damaged value. */
export function ardtFromJson(raw: unknown): ArdtModel {
  const o = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if (o['format'] !== ARDT_FORMAT) {
    const format = `its format is ${JSON.stringify(o['format'] ?? null)}, expected "${ARDT_FORMAT}"`;
    const what = `This JSON is not a Model Lens decision-tree model (${format}).`;
    throw new LensError('bad-model', `${what} Choose a file written by "trees train".`);
  }
  if (o['version'] !== ARDT_VERSION) {
    const versions = `format version ${JSON.stringify(o['version'])}; this Model Lens reads version ${ARDT_VERSION}`;
    throw new LensError('bad-model', `This decision-tree model has ${versions}. Train and save the model again.`);
  }
  const vocabSize = num(o['vocabSize'], 'vocabSize', 1);
  const spec = specLoad(o, vocabSize);
  const l = obj(o['learner'], 'learner');
  const learner = l['kind'] === 'cart' ? cartLoad(l, spec) : l['kind'] === 'boosted' ? boostedLoad(l, spec) : null;
  if (learner === null) throw bad(`learner.kind is ${JSON.stringify(l['kind'])}, neither "cart" nor "boosted"`);
  const t = obj(o['trainedOn'], 'trainedOn');
  const name = obj(o['embedding'] ?? {}, 'embedding')['name'];
  return {
    spec,
    vocabSize,
    learner,
    ...(typeof name === 'string' ? { embeddingName: name } : {}),
    trainedOn: {
      sequences: num(t['sequences'], 'trainedOn.sequences', 0),
      tokens: num(t['tokens'], 'trainedOn.tokens', 0),
      samples: num(t['samples'], 'trainedOn.samples', 0),
    },
  };
}
