/**
 * Engine messages are validated by value, not only by type: every number a request carries is finite (or a safe
 * integer), every string and list is bounded, and senseless values (a negative count or offset, maxTokens −1,
 * NaN, Infinity, a density of 0) are refused before a handler runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { ModelCache } from '../../../src/engine/modelCache';
import { ENGINE_TOOLKITS } from '../../../src/engine/registry';
import { LensError } from '../../../src/core/errors';
import { pingRequest } from '../../../src/shared/ping';
import type { RequestKind } from '../../../src/shared/request';
import { MODELS, quiet } from '../helpers';

interface Schema {
  readonly type: string;
  readonly pipe?: readonly Schema[];
  readonly entries?: Record<string, Schema>;
  readonly wrapped?: Schema;
  readonly item?: Schema;
  readonly items?: readonly Schema[];
  readonly options?: readonly Schema[];
  readonly value?: Schema;
  readonly getter?: (input: unknown) => Schema;
}

function kinds(): RequestKind[] {
  const env = { modelsDir: MODELS, models: new ModelCache(MODELS, quiet), log: quiet };
  return [pingRequest, ...ENGINE_TOOLKITS.flatMap((toolkit) => toolkit(env)).map((h) => h.kind)];
}

/** The checks of a schema, through nested pipes (`v.pipe(Count, v.maxValue(9))`). */
function actions(s: Schema): string[] {
  const [root, ...rest] = s.pipe ?? [];
  return [...(root !== undefined && root !== s ? actions(root) : []), ...rest.map((a) => a.type)];
}

/** Every field of a params schema that is not bounded by value, as `path: what is missing`. */
function unbounded(s: Schema, path: string, out: string[], depth = 0): void {
  if (depth > 12) return;
  const has = (...names: string[]) => actions(s).some((a) => names.includes(a));
  const inner = (x: Schema | undefined, p: string) => x !== undefined && unbounded(x, p, out, depth + 1);
  switch (s.type) {
    case 'object':
    case 'strict_object':
    case 'loose_object':
      for (const [k, e] of Object.entries(s.entries ?? {})) inner(e, `${path}.${k}`);
      return;
    case 'optional':
    case 'nullable':
      return void inner(s.wrapped, path);
    case 'array':
      if (!has('max_length')) out.push(`${path}: a list without a maximum length`);
      return void inner(s.item, `${path}[]`);
    case 'tuple':
    case 'strict_tuple':
      return (s.items ?? []).forEach((x, i) => inner(x, `${path}[${i}]`));
    case 'variant':
    case 'union':
      return (s.options ?? []).forEach((x) => inner(x, path));
    case 'record':
      out.push(`${path}: a record`);
      return;
    case 'lazy':
      return void inner(s.getter?.(undefined), path);
    case 'string':
      if (!has('max_length')) out.push(`${path}: a string without a maximum length`);
      return;
    case 'number':
      if (!has('finite', 'safe_integer', 'integer')) out.push(`${path}: a number that may be NaN or infinite`);
      return;
    default:
  }
}

test('every number a request carries is finite or a safe integer, every string and list bounded', () => {
  const out: string[] = [];
  for (const kind of kinds()) unbounded(kind.params as unknown as Schema, kind.name, out);
  assert.deepEqual(out, []);
});

test('well-typed but senseless values are refused before a handler runs', async () => {
  const engine = new Engine(MODELS, quiet);
  const job = { signal: new AbortController().signal, progress: quiet };
  const model = { model: 'lens-lm', device: 'cpu', allowLocalFiles: true };
  const surprisal = { ...model, text: 'hello', offset: 0, maxTokens: 100 };
  const stats = { adapters: ['lora-arith'], density: 0.5, allowLocalFiles: true };
  const generate = { tree: { from: 'engine', modelId: 'm' }, prompt: 'a', maxTokens: 4, temperature: 0, seed: 1 };
  const cases: [string, unknown][] = [
    ['surprisal', { ...surprisal, maxTokens: -1 }],
    ['surprisal', { ...surprisal, maxTokens: 0 }],
    ['surprisal', { ...surprisal, maxTokens: 2.5 }],
    ['surprisal', { ...surprisal, offset: -5 }],
    ['surprisal', { ...surprisal, offset: Number.POSITIVE_INFINITY }],
    ['surprisal', { ...surprisal, model: 'm'.repeat(5000) }],
    ['ping', { delayMs: Number.NaN }],
    ['ping', { delayMs: 0, busyMs: -1 }],
    ['loraStats', { ...stats, density: 0 }],
    ['loraStats', { ...stats, density: Number.NaN }],
    ['loraStats', { ...stats, density: 1.5 }],
    ['treesGenerate', { ...generate, temperature: Number.POSITIVE_INFINITY }],
    ['treesGenerate', { ...generate, seed: -1 }],
    ['treesGenerate', { ...generate, maxTokens: -1 }],
  ];
  for (const [kind, params] of cases) {
    await assert.rejects(
      engine.runNamed(kind, params, job),
      (e) => e instanceof LensError && e.code === 'bad-input' && /is malformed: \S+: Invalid/u.test(e.message),
      `${kind} ${JSON.stringify(params).slice(0, 120)}`,
    );
  }
  await engine.dispose();
});
