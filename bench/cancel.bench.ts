/**
 * @file Benchmark: cancel latency of long engine jobs, run through {@link Engine.run} with an
 * AbortController the way the CLI does (src/cli/main.ts). For each job the abort is due 300 ms
 * after a given progress message (the work to interrupt has begun); the latency is the time from
 * when the abort was due to when the job rejected with `cancelled`, so a batch that blocks the
 * event loop when the abort is due counts in full (as a cancel message waiting in the engine's
 * queue would). Also prints the longest stall of the event loop during the run (a ping waits at
 * most that long). Median of BENCH_TRIES tries (3). Jobs: surprisal of 14,500 tokens, ablation
 * dependencies, CAT learning (lora compose with cat), and the length-generalization probe.
 * Reports one summary row per job (no peer). Run with `BENCH_ONLY=cancel npm run bench`. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { LensError } from '../src/core/errors';
import { Engine } from '../src/engine/engine';
import { dependenciesRequest } from '../src/shared/dependencies';
import { loraComposeRequest } from '../src/shared/lora';
import { lengthProbeRequest } from '../src/shared/lengthProbe';
import type { RequestKind } from '../src/shared/request';
import { surprisalRequest } from '../src/shared/surprisal';
import { benchDevice } from './device';
import { reportRow } from './summary';

const ROOT = join(__dirname, '..');
const MODELS = join(ROOT, 'media', 'models');
const TRIES = Number(process.env['BENCH_TRIES'] ?? 3);

/** One job to cancel: what to run, and when the abort is due (after the first progress message matching `from`). */
interface Case {
  readonly name: string;
  readonly kind: RequestKind<string, never, unknown>;
  readonly params: unknown;
  readonly from: RegExp;
  readonly abortAfterMs: number;
}

/** test/fixtures/sample.ts repeated to `bytes` bytes, printable ASCII (lens-lm: one token per byte). */
function sourceText(bytes: number): string {
  let text = readFileSync(join(ROOT, 'test', 'fixtures', 'sample.ts'), 'utf8').replace(/[^\x20-\x7e\n]/gu, ' ');
  while (text.length < bytes) text += text;
  return text.slice(0, bytes);
}

function taskData(file: string): { source: string; text: string } {
  return { source: file, text: readFileSync(join(MODELS, 'lora-base', 'data', file), 'utf8') };
}

const model = { model: 'lens-lm', device: benchDevice(), allowLocalFiles: false } as const;

function cases(): Case[] {
  const deps = {
    ...model,
    text: sourceText(1500),
    source: 'bench.ts',
    method: 'ablation',
    p: 0.9,
    k: 32,
    maxTokens: 16384,
    maps: false,
  };
  const lora = {
    base: 'lora-base',
    adapters: ['lora-arith', 'lora-words'],
    data: taskData('test.jsonl'),
    dev: taskData('dev.jsonl'),
    methods: ['cat'],
    catSteps: 10_000,
    allowLocalFiles: false,
  };
  return [
    { name: 'surprisal, 14,500 tokens', kind: k(surprisalRequest), params: surprisal(14_500), ...after(/Scored/u) },
    { name: 'dependencies, ablation', kind: k(dependenciesRequest), params: deps, ...after(/Ablated/u) },
    { name: 'lora compose, CAT learning', kind: k(loraComposeRequest), params: lora, ...after(/Learning CAT/u) },
    {
      name: 'length probe (positions)',
      kind: k(lengthProbeRequest),
      params: { task: 'addition', maxLength: 60, samples: 200, seed: 1 },
      ...after(/scored/u),
    },
  ];
}

/** Abort 300 ms after the first progress message matching `from`. */
function after(from: RegExp): { from: RegExp; abortAfterMs: number } {
  return { from, abortAfterMs: 300 };
}

function surprisal(tokens: number): unknown {
  return { ...model, text: sourceText(tokens), offset: 0, maxTokens: 16384 };
}

function k<P, R>(kind: RequestKind<string, P, R>): RequestKind<string, never, unknown> {
  return kind as unknown as RequestKind<string, never, unknown>;
}

/** One try: latency from the due abort to the rejection, the longest loop stall, and what ran last. */
async function once(engine: Engine, c: Case): Promise<{ latency: number; stall: number; last: string }> {
  const controller = new AbortController();
  let last = '';
  let stall = 0;
  let tick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - tick);
    tick = now;
  }, 5);
  let due = Infinity;
  const progress = (_f: number, message: string): void => {
    const now = performance.now();
    if (due === Infinity && c.from.test(message)) {
      due = now + c.abortAfterMs;
      setTimeout(() => controller.abort(), c.abortAfterMs);
    }
    if (now < due) last = message;
  };
  try {
    await engine.run(c.kind, c.params as never, { signal: controller.signal, progress });
    return { latency: NaN, stall, last: `${last} (finished before the abort)` };
  } catch (error) {
    if (!(error instanceof LensError && error.code === 'cancelled')) throw error;
    return { latency: performance.now() - due, stall, last };
  } finally {
    clearInterval(ticker);
    stall = Math.max(stall, performance.now() - tick);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const engine = new Engine(MODELS, () => undefined);
  // Load the models first, so each try cancels work, not a load.
  await engine.run(surprisalRequest, surprisal(300) as never, { signal: new AbortController().signal, progress: noop });
  console.log(`cancel latency (abort due → job rejected), median of ${TRIES} tries, ${cpus().length} CPUs`);
  console.log(
    `${'job'.padEnd(30)} ${'median ms'.padStart(10)} ${'max ms'.padStart(8)} ${'stall ms'.padStart(9)}  running`,
  );
  for (const c of cases()) {
    const runs = [];
    for (let i = 0; i < TRIES; i++) runs.push(await once(engine, c));
    const lat = runs.map((r) => r.latency);
    const row = [
      c.name.padEnd(30),
      median(lat).toFixed(0).padStart(10),
      Math.max(...lat)
        .toFixed(0)
        .padStart(8),
      Math.max(...runs.map((r) => r.stall))
        .toFixed(0)
        .padStart(9),
    ];
    console.log(`${row.join(' ')}  ${runs[0]?.last ?? ''}`);
    const stall = Math.max(...runs.map((r) => r.stall));
    const note = `max ${Math.max(...lat).toFixed(0)} ms, loop stall ${stall.toFixed(0)} ms; ${model.device} asked`;
    reportRow({ bench: 'cancel', step: c.name, ours: median(lat), unit: 'ms', note });
  }
  await engine.dispose();
}

function noop(): void {}

void main();
