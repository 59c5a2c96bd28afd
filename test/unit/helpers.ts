/**
 * @file Paths and small helpers shared by the unit tests.
 */
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { readTokenizer } from '../../src/core/model/readFiles';
import type { CausalLM } from '../../src/core/model/types';

/** The project root. */
export const ROOT = join(__dirname, '..', '..');
/** The embedded model zoo. */
export const MODELS = join(ROOT, 'media', 'models');
/** Test fixtures. */
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** A log function that drops everything. */
export const quiet = (): void => undefined;

/** Builds dist/ once if a test needs the bundles and they are missing. */
export function ensureBuilt(): void {
  if (
    !['engine.js', 'cli.js', 'parityWorker.js', 'kronEigWorker.js'].every((file) =>
      existsSync(join(ROOT, 'dist', file)),
    )
  ) {
    execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** Runs the built CLI (`dist/cli.js`, see {@link ensureBuilt}) with the arguments: its status, stdout and stderr. */
export const runCli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

/** Expects the CLI to exit 2 (bad input) with one line on stderr matching `pattern`. */
export function cliRefuses(args: string[], pattern: RegExp): void {
  const r = runCli(...args);
  assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, pattern);
}

/** A stand-in for an onnxruntime session: anything with a `run` method. */
interface Runs {
  run(...args: never[]): Promise<unknown>;
}

/**
 * `session` with its `run` calls counted; `controller` aborts once `abortAfter` runs have finished. Every other
 * member is the session's own.
 */
export function countedSession<S extends Runs>(
  session: S,
  abortAfter: number,
  controller: AbortController,
): { session: S; runs: () => number } {
  let runs = 0;
  const proxy = new Proxy(session, {
    get(target, key) {
      if (key === 'run')
        return async (...args: Parameters<S['run']>) => {
          runs++;
          const out = await target.run(...args);
          if (runs === abortAfter) controller.abort();
          return out;
        };
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { session: proxy, runs: () => runs };
}

/** Ids of a byte-level model: 256 bytes and the start token. */
export const BYTE_VOCAB = 257;

/**
 * A byte-level causal LM (lens-lm's tokenizer, start token 256) whose logit at position t of a row is `high` for
 * the id `predict(row, t)` gives and 0 for every other id (all 0 where it gives none): its scores work by hand.
 */
export function predictingLM(
  name: string,
  context: number,
  high: number,
  predict: (row: readonly number[], t: number) => number | undefined,
): CausalLM {
  return {
    name,
    device: 'cpu',
    context,
    bosId: 256,
    tokenizer: readTokenizer(join(MODELS, 'lens-lm')),
    async logits(rows) {
      const length = Math.max(...rows.map((r) => r.length));
      const data = new Float32Array(rows.length * length * BYTE_VOCAB);
      rows.forEach((row, b) =>
        row.forEach((_, t) => {
          const id = predict(row, t);
          if (id !== undefined) data[(b * length + t) * BYTE_VOCAB + id] = high;
        }),
      );
      return { data, batch: rows.length, length, vocab: BYTE_VOCAB };
    },
    async dispose() {},
  };
}

/** An entry of the embedded manifest, as the tests read it. */
export type ManifestEntry = Record<string, unknown> & { readonly name: string; readonly graphs: { lm: string } };

/**
 * A models folder holding lens-lm's files (linked) and a manifest of the entries `entries(lens)` makes from
 * lens-lm's entry: the same weights listed as other models.
 */
export function zooFromLensLm(entries: (lens: ManifestEntry) => readonly object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-zoo-'));
  symlinkSync(join(MODELS, 'lens-lm'), join(dir, 'lens-lm'));
  const manifest = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as { models: ManifestEntry[] };
  const lens = manifest.models.find((m) => m.name === 'lens-lm');
  assert.ok(lens !== undefined, 'lens-lm is in the manifest');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: entries(lens) }));
  return dir;
}
