/**
 * @file `model-lens lora merge` (merge PEFT adapters and write the result as a PEFT adapter) and
 * `model-lens lora stats` (per-layer cosine between the adapters' updates, and TIES sign conflicts).
 */
import { loraMerge } from '../core/analyses/lora/merge';
import { loraCosines, tiesConflicts } from '../core/analyses/lora/stats';
import { LensError } from '../core/errors';
import { peftRead } from '../core/formats/peft/readAdapter';
import { peftWrite } from '../core/formats/peft/writeAdapter';
import type { CliOptions } from './args';
import { intOption, readInput } from './input';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { catLearn } from '../core/analyses/lora/catLearn';
import { catWeighted } from '../core/analyses/lora/catWeighted';
import { DEFAULT_COMPOSE_METHODS } from '../core/analyses/lora/compose';
import { loraBaseOpen } from '../core/analyses/lora/loraSources';
import type { LoraAdapter } from '../core/formats/peft/types';
import { LoraJobs } from '../engine/loraJobs';
import type { TaskData } from '../shared/protocol';
import type { LoraComposeResult } from '../shared/results';
import * as ort from 'onnxruntime-node';
import { parseTaskJsonl, scoreOnTask, type WeightedAdapter } from '../core/analyses/lora/evaluate';
import { readManifest } from '../core/model/manifest';
import { modelsDir } from '../core/paths';

const print = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

function list(name: string, value: string | undefined): string[] {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new LensError('bad-input', `Give --${name} as a comma-separated list.`);
  return items;
}

/** Runs `lora merge` or `lora stats`; returns the exit code. */
export async function loraCommand(o: CliOptions): Promise<number> {
  const [sub] = o.positionals;
  if (sub === undefined || sub === 'compose') return compose(o);
  const adapters = await Promise.all(list('adapters', o.trees['adapters']).map((d) => peftRead(d)));
  if (sub === 'stats') return stats(o, adapters);
  if (sub === 'eval') return evaluate(o, adapters);
  if (sub !== 'merge') throw new LensError('bad-input', `Unknown lora command "${sub ?? ''}": use merge, eval or stats.`);
  if (o.out === undefined) throw new LensError('bad-input', 'Name a new folder for the merged adapter with --out (an existing folder is never overwritten).');
  const weights = weightsOf(o, adapters.length);
  const density = o.trees['density'] === undefined ? undefined : Number(o.trees['density']);
  const rank = o.trees['rank'] === undefined ? undefined : intOption('rank', o.trees['rank'], 8, 1, 100_000);
  const method = o.trees['method'] ?? 'linear';
  const merged = method === 'cat' && o.trees['dev'] !== undefined
    ? await learnedCat(o, adapters)
    : loraMerge(method, adapters, { weights, ...(density !== undefined ? { density } : {}), ...(rank !== undefined ? { rank } : {}) });
  // Written in float32 whatever the sources' dtype, so the file reproduces the merge exactly.
  await peftWrite(o.out, { ...merged, dtype: 'F32' });
  const summary = { method, weights, modules: merged.modules.size, out: o.out };
  print(o.json ? JSON.stringify(summary) : `Merged ${adapters.length} adapters by ${method} (${merged.modules.size} modules) into ${o.out}`);
  return 0;
}

function weightsOf(o: CliOptions, n: number): number[] {
  const weights = o.trees['weights'] === undefined ? new Array<number>(n).fill(1 / n) : list('weights', o.trees['weights']).map(Number);
  if (weights.length !== n || weights.some((w) => !Number.isFinite(w))) throw new LensError('bad-input', `--weights needs one number per adapter (${n}).`);
  return weights;
}

/** `lora eval --base <embedded base> --adapters … --data <jsonl> [--method base,each,cat,…]`: exact match and loss per configuration. */
async function evaluate(o: CliOptions, adapters: Awaited<ReturnType<typeof peftRead>>[]): Promise<number> {
  const entry = readManifest(modelsDir(__dirname)).find((m) => m.name === (o.trees['base'] ?? 'lora-base'));
  if (entry === undefined || entry.task !== 'lora-base') throw new LensError('bad-input', `--base must name an embedded LoRA base model (lora-base), not "${o.trees['base'] ?? ''}".`);
  const items = parseTaskJsonl(await readInput(o.trees['data']), o.trees['data'] ?? '');
  const session = await ort.InferenceSession.create(join(modelsDir(__dirname), entry.dir, entry.graphs.lm), { executionProviders: ['cpu'] });
  const weights = weightsOf(o, adapters.length);
  const rows: { config: string; exactMatch: number; loss: number }[] = [];
  const score = async (config: string, parts: WeightedAdapter[]): Promise<void> => {
    const s = await scoreOnTask(session, parts, items, { bos: entry.bosTokenId ?? 256 });
    rows.push({ config, exactMatch: s.exactMatch, loss: Math.round(s.loss * 1e4) / 1e4 });
  };
  for (const method of list('method', o.trees['method'] ?? 'base,each,cat,linear,ties')) {
    if (method === 'base') await score('base', []);
    else if (method === 'each') for (const [i, a] of adapters.entries()) await score(`adapter ${i + 1}`, [{ adapter: a, weight: 1 }]);
    else await score(method, [{ adapter: loraMerge(method, adapters, { weights }), weight: 1 }]);
  }
  await session.release();
  if (o.json) print(JSON.stringify({ items: items.length, weights, rows }));
  else for (const r of rows) print(`${r.config.padEnd(16)} exact match ${(100 * r.exactMatch).toFixed(1).padStart(5)}%  loss ${r.loss.toFixed(3)}`);
  return 0;
}

function stats(o: CliOptions, adapters: Awaited<ReturnType<typeof peftRead>>[]): number {
  const cos = loraCosines(adapters);
  const conflicts = tiesConflicts(adapters, o.trees['density'] === undefined ? 0.75 : Number(o.trees['density']));
  if (o.json) {
    print(JSON.stringify({ cosines: cos.layers, conflicts: conflicts.layers }));
    return 0;
  }
  for (const row of cos.layers) print(`layer ${row.layer}: cosine ${JSON.stringify(row.cosine.map((r) => r.map((x) => Math.round(x * 1000) / 1000)))}`);
  for (const row of conflicts.layers) print(`layer ${row.layer}: sign conflicts TIES resolves ${(100 * row.share).toFixed(1)}% of ${row.overlapping} overlapping entries`);
  return 0;
}

const jobs = (): LoraJobs => new LoraJobs(modelsDir(__dirname));

async function taskData(path: string | undefined, what: string): Promise<TaskData> {
  if (path === undefined) throw new LensError('bad-input', `Give the ${what} with --${what === 'target data' ? 'data' : 'dev'} <file.jsonl> (one {"prompt", "answer"} object per line).`);
  return { source: path, text: await readInput(path) };
}

/** The dev split: --dev, else dev.jsonl beside the data file (when the data file is not that file). */
function devPath(o: CliOptions): string | undefined {
  if (o.trees['dev'] !== undefined) return o.trees['dev'];
  const data = o.trees['data'];
  if (data === undefined) return undefined;
  const beside = join(dirname(data), 'dev.jsonl');
  return existsSync(beside) && resolve(beside) !== resolve(data) ? beside : undefined;
}

/** `lora --base … --adapters … --data … [--dev …] [--mix …] [--methods …]`: the composition table. */
async function compose(o: CliOptions): Promise<number> {
  const dev = devPath(o);
  const methods = o.trees['methods'] === undefined ? DEFAULT_COMPOSE_METHODS.filter((m) => dev !== undefined || !m.startsWith('cat')) : list('methods', o.trees['methods']);
  const adapters = list('adapters', o.trees['adapters']);
  const weights = o.trees['weights'] === undefined ? undefined : weightsOf(o, adapters.length);
  const r = await jobs().compose({
    base: o.trees['base'] ?? 'lora-base', adapters, methods, data: await taskData(o.trees['data'], 'target data'), allowLocalFiles: true,
    ...(dev !== undefined ? { dev: await taskData(dev, 'dev data') } : {}), ...(o.trees['mix'] !== undefined ? { mix: o.trees['mix'] } : {}),
    ...(weights !== undefined ? { weights } : {}), ...(o.trees['density'] !== undefined ? { density: Number(o.trees['density']) } : {}),
    ...(o.trees['catSteps'] !== undefined ? { catSteps: intOption('cat-steps', o.trees['catSteps'], 30, 1, 10_000) } : {}),
  }, new AbortController().signal, (f, m) => { if (process.stderr.isTTY) process.stderr.write(`\r${`${Math.round(100 * f)}% ${m}`.padEnd(60)}`); });
  if (process.stderr.isTTY) process.stderr.write('\n');
  print(o.json ? JSON.stringify(r) : composeTable(r));
  return 0;
}

function composeTable(r: LoraComposeResult): string {
  const lines = [`${r.base} + ${r.adapters.join(', ')} on ${r.data.source} (${r.data.items} items)`];
  for (const row of r.rows) lines.push(`${row.config.padEnd(34)} exact match ${(100 * row.exactMatch).toFixed(1).padStart(5)}%  loss ${row.loss.toFixed(3)}`);
  if (r.cat !== undefined) lines.push(`CAT weights (${r.cat.parameterisation}, learned on ${r.dev?.source ?? 'dev'}; rows = layers, columns = ${r.adapters.join(', ')}): ${JSON.stringify(r.cat.weights.map((w) => w.map((x) => Math.round(x * 1000) / 1000)))}`);
  for (const l of r.layers) lines.push(`${l.name}: cosine ${JSON.stringify(l.cosine.map((c) => c.map((x) => (x === null ? null : Math.round(x * 1000) / 1000))))}, TIES sign conflicts ${l.conflictShare === null ? '-' : `${(100 * l.conflictShare).toFixed(1)}%`} of ${l.overlapping}`);
  return lines.join('\n');
}

/** Learns CAT weights on --dev with the base (--base, default lora-base) and returns the weighted merge. */
async function learnedCat(o: CliOptions, adapters: Awaited<ReturnType<typeof peftRead>>[]): Promise<LoraAdapter> {
  const base = await loraBaseOpen(modelsDir(__dirname), o.trees['base'] ?? 'lora-base', true);
  try {
    const dev = await taskData(o.trees['dev'], 'dev data');
    const learned = await catLearn(base.session, adapters, parseTaskJsonl(dev.text, dev.source), { bos: base.bos }, {});
    process.stderr.write(`CAT weights learned on ${dev.source}: ${JSON.stringify(learned.weights)} (dev loss ${learned.startLoss.toFixed(4)} → ${learned.devLoss.toFixed(4)})\n`);
    return catWeighted(adapters, learned.weights);
  } finally {
    await base.session.release();
  }
}
