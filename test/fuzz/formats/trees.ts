/**
 * @file Tree-model cases: a model saved by `trees train` (cart or boosted) with fields of the wrong type or
 * size, node arrays decoded and rewritten (children pointing back, features out of range, NaN thresholds),
 * huge sizes and windows, or bad text; each run through `trees generate` or `trees trace`.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BAD_FLOATS, badText, getAt, jsonPaths, jsonText, mutateJson, short } from '../mutate';
import type { Rng } from '../rng';
import type { CaseBody, Materials } from '../types';

const INT_FIELDS = ['feature', 'yes', 'no', 'samples', 'topStart', 'topClass', 'topCount'];
const FLOAT_FIELDS = ['threshold', 'gain', 'value'];

/** Rewrites one typed-array field of a saved tree (base64) in place. */
function nodeChange(tree: Record<string, unknown>, rng: Rng): string {
  const field = rng.pick([...INT_FIELDS, ...FLOAT_FIELDS]);
  const raw = Buffer.from(String(tree[field] ?? ''), 'base64');
  const slots = Math.floor(raw.length / 4);
  if (slots === 0) return `${field} is empty`;
  const at = 4 * rng.int(slots);
  let value: number;
  if (FLOAT_FIELDS.includes(field)) {
    value = rng.pick([...BAD_FLOATS, 1e9, -1]);
    raw.writeFloatLE(value, at);
  } else {
    value = rng.pick([-1, 0, at / 4, 1e6, 2 ** 31 - 1, -(2 ** 31)]);
    raw.writeInt32LE(value, at);
  }
  tree[field] = raw.toString('base64');
  return `${field}[${at / 4}] = ${value}`;
}

/** A tree-specific change of a parsed model, in place. */
function special(model: Record<string, unknown>, rng: Rng): string {
  const learner = model['learner'] as Record<string, unknown>;
  const trees = (learner['trees'] as Record<string, unknown>[] | undefined) ?? [learner['tree']];
  const tree = rng.pick(trees) as Record<string, unknown>;
  switch (rng.int(5)) {
    case 0:
      return nodeChange(tree, rng);
    case 1: {
      const key = rng.pick(['window', 'vocabSize']);
      model[key] = rng.pick([0, 1, 4096, 1e6, 1e9, 2 ** 31, 1.5]);
      return `${key} = ${String(model[key])}`;
    }
    case 2:
      tree['size'] = rng.pick([0, 1, 1e6, 1e9, 2 ** 31, 1.5]);
      return `tree size = ${String(tree['size'])}`;
    case 3: {
      model['embedding'] = { dim: rng.pick([1, 64, 1e5, 1e9]), decay: 0.5, name: 'x', table: '' };
      return `embedding = ${short(model['embedding'])}`;
    }
    default:
      learner['learningRate'] = rng.pick([1e308, 0, -1]);
      if (learner['base'] !== undefined) learner['base'] = Buffer.alloc(64, 0xff).toString('base64');
      return `learningRate = ${String(learner['learningRate'])}`;
  }
}

/** A tree-model case. */
export function treesCase(rng: Rng, m: Materials): CaseBody {
  const path = rng.chance(0.6) ? m.cartModel : m.boostedModel;
  const model = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const kind = rng.weighted([
    [4, 'special'],
    [4, 'structure'],
    [1, 'text'],
  ] as const);
  let file: string | Buffer;
  let what: string;
  if (kind === 'text') {
    const t = badText(rng, 0);
    file = t.bytes;
    what = t.what;
  } else {
    const changes = [kind === 'special' ? special(model, rng) : mutateJson(model, rng, jsonPaths(model))];
    if (rng.chance(0.25)) changes.push(special(model, rng));
    const t = jsonText(model, rng);
    file = t.text;
    what = changes.join('; ') + t.what;
  }
  const argv = rng.chance(0.5)
    ? ['trees', 'trace', 't.txt', '--at', `1:${rng.range(1, 9)}`, '--model', 'm.json', '--json']
    : ['trees', 'generate', '--model', 'm.json', `--prompt=${prompt(rng)}`, '--tokens', String(tokens(rng)), '--json'];
  const learner = getAt(model, ['learner', 'kind']);
  return {
    what: `${argv[1] ?? ''} (${typeof learner === 'string' ? learner : '?'}): ${what}`,
    files: { 'm.json': file, 't.txt': 'export function f(x) { return x + 1; }\n' },
    argv,
  };
}

function prompt(rng: Rng): string {
  return rng.draw(fc.string({ unit: 'grapheme', maxLength: 200 })).replaceAll('\u0000', '');
}

function tokens(rng: Rng): number {
  return rng.weighted([
    [8, rng.range(1, 32)],
    [1, 100_000],
  ]);
}
