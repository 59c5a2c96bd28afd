/**
 * @file `npm run fuzz -- [--cases N] [--seed S] [--format F,…] [--case I] [--jobs 1|2] [--time-limit MS]
 * [--memory-limit MB] [--keep] [--log results.jsonl]`: the long campaign. Every case runs through the built CLI
 * (`node dist/cli.js`) in its own temporary folder, at most two at a time; the table per format and the failing
 * cases (with the command reproducing each) are printed. Exit code 1 when any case failed.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCase } from './cases';
import { passes } from './classify';
import { ensureBuilt, makeMaterials } from './materials';
import { failures, table, type Ran } from './report';
import { cliExecutor, runCase, type Limits } from './run';
import { FORMATS, type FormatName, type FuzzCase } from './types';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    format: { type: 'string' },
    case: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    'time-limit': { type: 'string', default: '30000' },
    'memory-limit': { type: 'string', default: '1024' },
    keep: { type: 'boolean', default: false },
    log: { type: 'string' },
  },
});

function int(name: string, text: string | undefined, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min}–${max}`);
  return n;
}

function formats(): FormatName[] {
  if (values.format === undefined) return [...FORMATS];
  return values.format.split(',').map((f) => {
    if (!(FORMATS as readonly string[]).includes(f)) throw new Error(`--format ${f}: one of ${FORMATS.join(', ')}`);
    return f as FormatName;
  });
}

async function main(): Promise<number> {
  ensureBuilt();
  const seed = int('seed', values.seed, 0, 2 ** 31);
  const jobs = int('jobs', values.jobs, 1, 2);
  const limits: Limits = {
    timeMs: int('time-limit', values['time-limit'], 1000, 600_000),
    memoryMb: int('memory-limit', values['memory-limit'], 64, 65_536),
  };
  const runDir = mkdtempSync(join(tmpdir(), 'lens-fuzz-'));
  const m = makeMaterials(runDir);
  const single = values.case === undefined ? undefined : int('case', values.case, 0, 1e9);
  const n = int('cases', values.cases, 1, 1e6);
  const queue: FuzzCase[] = formats().flatMap((f) =>
    single !== undefined
      ? [makeCase(f, seed, single, m)]
      : Array.from({ length: n }, (_, i) => makeCase(f, seed, i, m)),
  );
  const ran: Ran[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      const c = queue[next++] as FuzzCase;
      const o = await runCase(c, cliExecutor, limits, runDir, values.keep);
      ran.push({ c, o });
      if (values.log !== undefined) appendFileSync(values.log, `${JSON.stringify({ ...c, files: undefined, o })}\n`);
      if (single !== undefined) {
        process.stdout.write(`${c.format}#${c.index}: ${c.what}\n  argv: ${JSON.stringify(c.argv).slice(0, 300)}\n`);
        process.stdout.write(`  ${o.verdict} (exit ${o.exit}, ${o.ms} ms, ${o.peakMb} MB): ${o.detail}\n`);
        process.stdout.write(`  stderr: ${o.stderr.slice(0, 2000)}\n  stdout: ${o.stdout.slice(0, 300)}\n`);
      } else if (ran.length % 25 === 0) process.stderr.write(`${ran.length}/${queue.length} cases\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  ran.sort((a, b) => FORMATS.indexOf(a.c.format) - FORMATS.indexOf(b.c.format) || a.c.index - b.c.index);
  process.stdout.write(`\nseed ${seed}, ${limits.timeMs} ms and ${limits.memoryMb} MB per case\n\n${table(ran)}\n`);
  const failed = failures(ran);
  if (failed.length > 0) process.stdout.write(`\nFailing cases (${failed.length}):\n${failed.join('\n')}\n`);
  if (values.keep) process.stdout.write(`\nCase folders kept in ${runDir}\n`);
  else rmSync(runDir, { recursive: true, force: true });
  return ran.every((r) => passes(r.o.verdict)) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
