/**
 * @file The files generators start from that are not in the repository: two small tree models saved by
 * `trees train` and a valid scratchpad of the addition machine, made once per run with the built CLI in the
 * run's temporary folder (training is deterministic, so the cases stay reproducible).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Materials } from './types';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');
/** The built CLI. */
export const CLI = join(ROOT, 'dist', 'cli.js');

/** Builds dist/ when the CLI bundle is missing. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

function cli(dir: string, ...args: string[]): string {
  const env = { ...process.env, HOME: join(dir, 'home'), MODEL_LENS_CACHE: join(dir, 'cache', 'hub') };
  return execFileSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env });
}

/** Makes the materials in `<runDir>/materials` (once) and names them. */
export function makeMaterials(runDir: string): Materials {
  const dir = join(runDir, 'materials');
  const m: Materials = {
    root: ROOT,
    cartModel: join(dir, 'cart.json'),
    boostedModel: join(dir, 'boosted.json'),
    scratchpad: join(dir, 'pad.txt'),
  };
  if (existsSync(m.scratchpad)) return m;
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, 'test', 'fixtures', 'trees', 'corpus.txt'), join(dir, 'corpus.txt'));
  const small = ['--window', '4', '--device', 'cpu'];
  cli(dir, 'trees', 'train', 'corpus.txt', ...small, '--depth', '6', '--out', 'cart.json', '--json');
  cli(dir, 'trees', 'train', 'corpus.txt', ...small, '--learner', 'boosted', '--depth', '2', '--out', 'boosted.json');
  const pad = JSON.parse(cli(dir, 'turing', '--task', 'addition', '--input', '57+68', '--json')) as { text: string };
  writeFileSync(m.scratchpad, pad.text);
  return m;
}
