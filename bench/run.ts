/**
 * @file `npm run bench`: checks that the peers' Python (Debian's, see bench/peer.ts) has every module the chosen
 * benchmarks' peers import (else prints the one apt-get command and exits 2; BENCH_INSTALL=1 as root installs
 * them), runs the benchmarks of bench/benches.ts one after another (so they do not compete for the cores), passes
 * their output through, collects their summary rows (bench/summary.ts) and prints one summary table at the end,
 * also written to bench/last-summary.md. A benchmark that fails shows as FAILED in the table; the others still
 * run, and the runner then exits 1. `BENCH_ONLY=trees,lora` (or `npm run bench -- trees lora`) runs a subset;
 * `--device cuda` (webgpu, auto, cpu) asks every benchmark whose model runs through the device chain to load it there
 * (bench/device.ts); the header says which those are, and their rows the device each used.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Bench, modulesOf, selectBenches } from './benches';
import { BENCH_DEVICE_ENV, runnerArgs } from './device';
import type { DeviceSetting } from '../src/shared/schema';
import { PEER_PYTHON_ENV } from './peer';
import { debianPackages } from './peerPackages';
import { machineLines, preparePeers, SetupError } from './setup';
import { type BenchOutcome, type BenchRow, parseLine, summaryTable } from './summary';

const ROOT = join(__dirname, '..');
/** Where the last summary is written (git-ignored). */
const SUMMARY_FILE = join(__dirname, 'last-summary.md');

/**
 * The child's environment: the chosen Python for its peers, and the asked device (else the environment's
 * BENCH_DEVICE stays as it is); BENCH_ONLY is the runner's, not the benchmark's.
 */
function childEnv(python: string, device: DeviceSetting | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, [PEER_PYTHON_ENV]: python, BENCH_RUNNER: '1' };
  if (device !== undefined) env[BENCH_DEVICE_ENV] = device;
  delete env['BENCH_ONLY'];
  return env;
}

/** The header line about devices: what was asked, and which benchmarks honour it. */
function deviceLine(benches: readonly Bench[], device: DeviceSetting | undefined): string {
  const asked = device ?? process.env[BENCH_DEVICE_ENV] ?? 'cpu';
  const honour = benches.filter((b) => b.device === true).map((b) => b.name);
  const on = honour.length > 0 ? honour.join(', ') : 'none of those chosen';
  return `device asked: ${asked}; it applies to ${on} (each row names the device used); the rest run on the CPU`;
}

/** Runs one benchmark in its own Node process, passing its output through and collecting its rows. */
function runOne(bench: Bench, python: string, device: DeviceSetting | undefined): Promise<BenchOutcome> {
  const file = join(__dirname, bench.file);
  const base = { name: bench.name, seconds: 0, rows: [] };
  if (!existsSync(file))
    return Promise.resolve(
      bench.mayBeMissing === true
        ? { ...base, status: 'skipped', reason: `bench/${bench.file} is not in this checkout` }
        : { ...base, status: 'failed', reason: `bench/${bench.file} is missing` },
    );
  console.log(`\n=== ${bench.name}: bench/${bench.file} ===`);
  const t0 = performance.now();
  const rows: BenchRow[] = [];
  const child = spawn(process.execPath, [...(bench.nodeFlags ?? []), '--import', 'tsx', file], {
    cwd: ROOT,
    env: childEnv(python, device),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = parseLine(line);
    if (parsed.kind === 'row') rows.push(parsed.row);
    else if (parsed.kind === 'bad')
      console.log(`bench: a malformed summary row (${parsed.error}): ${line.slice(0, 200)}`);
    else console.log(line);
  });
  return new Promise((resolve) => {
    const done = (status: 'ok' | 'failed', reason?: string): void => {
      const seconds = (performance.now() - t0) / 1000;
      resolve({ name: bench.name, status, seconds, rows, ...(reason === undefined ? {} : { reason }) });
    };
    child.on('error', (error) => done('failed', `did not start: ${error.message.slice(0, 80)}`));
    child.on('close', (code, signal) => {
      if (code === 0) done('ok');
      else done('failed', signal === null ? `exit ${code}` : `killed by ${signal}`);
    });
  });
}

/** Prints `message` (one line) and exits with `code`. */
function stop(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let benches: Bench[];
  let device: DeviceSetting | undefined;
  try {
    const args = runnerArgs(process.argv.slice(2));
    device = args.device;
    benches = selectBenches([process.env['BENCH_ONLY'] ?? '', ...args.names].join(','));
  } catch (error) {
    return stop(`npm run bench: ${(error as Error).message}`, 2);
  }
  const present = benches.filter((b) => existsSync(join(__dirname, b.file)));
  let python: string;
  try {
    const prepared = preparePeers(modulesOf(present));
    python = prepared.python;
    if (prepared.optionalMissing.length > 0)
      console.log(
        `bench: without ${prepared.optionalMissing.join(', ')} the BLAS kernel is read from libopenblas; ` +
          `apt-get install -y ${debianPackages(prepared.optionalMissing).join(' ')} names it through threadpoolctl`,
      );
  } catch (error) {
    if (error instanceof SetupError) return stop(error.message, error.code);
    throw error;
  }
  const header = [
    ...machineLines(
      python,
      present.some((b) => b.numpy === true),
    ),
    deviceLine(present, device),
  ];
  console.log(`npm run bench: ${benches.map((b) => b.name).join(', ')}\n${header.join('\n')}`);
  const outcomes: BenchOutcome[] = [];
  for (const bench of benches) outcomes.push(await runOne(bench, python, device));
  const took = `${((performance.now() - t0) / 1000).toFixed(0)} s in all`;
  const summary = summaryTable(outcomes, ['## npm run bench: summary', '', ...[...header, took].map((l) => `- ${l}`)]);
  console.log(`\n${summary}`);
  writeFileSync(SUMMARY_FILE, `${summary}\n`);
  console.log(`(also in bench/last-summary.md)`);
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}

void main();
