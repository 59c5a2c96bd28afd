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
import { intOption } from './input';

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
  const adapters = await Promise.all(list('adapters', o.trees['adapters']).map((d) => peftRead(d)));
  if (sub === 'stats') return stats(o, adapters);
  if (sub !== 'merge') throw new LensError('bad-input', `Unknown lora command "${sub ?? ''}": use merge or stats.`);
  if (o.out === undefined) throw new LensError('bad-input', 'Name a new folder for the merged adapter with --out (an existing folder is never overwritten).');
  const weights = o.trees['weights'] === undefined ? adapters.map(() => 1 / adapters.length) : list('weights', o.trees['weights']).map(Number);
  if (weights.length !== adapters.length || weights.some((w) => !Number.isFinite(w))) {
    throw new LensError('bad-input', `--weights needs one number per adapter (${adapters.length}).`);
  }
  const density = o.trees['density'] === undefined ? undefined : Number(o.trees['density']);
  const rank = o.trees['rank'] === undefined ? undefined : intOption('rank', o.trees['rank'], 8, 1, 100_000);
  const method = o.trees['method'] ?? 'linear';
  const merged = loraMerge(method, adapters, { weights, ...(density !== undefined ? { density } : {}), ...(rank !== undefined ? { rank } : {}) });
  // Written in float32 whatever the sources' dtype, so the file reproduces the merge exactly.
  await peftWrite(o.out, { ...merged, dtype: 'F32' });
  const summary = { method, weights, modules: merged.modules.size, out: o.out };
  print(o.json ? JSON.stringify(summary) : `Merged ${adapters.length} adapters by ${method} (${merged.modules.size} modules) into ${o.out}`);
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
