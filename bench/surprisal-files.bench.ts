/**
 * @file Benchmark: surprisal of whole files of real code, 100 KB and 1 MB (made from this repository's own
 * sources, so every checkout has them), through the engine as the extension and the CLI call it, with default
 * settings. Prints tokens per second, the size of the result as it crosses the engine's IPC (V8 serialization,
 * as `fork` with `serialization: 'advanced'` sends it) and as `--json`, the heap the received result takes in the
 * host, the time of one hover's on-demand top-5, and a summary row per size. Run with
 * `npm run bench:surprisal-files` or `BENCH_ONLY=surprisal-files npm run bench` (not in the default run: it takes
 * minutes); `BENCH_SIZES_KB` (default `100,1024`) picks the sizes, `BENCH_DEVICE` (default `cpu`) the device.
 * `BENCH_LOGITS=random` replaces the model's forward pass by random logits (same tokenizer, same result shape): the
 * sizes, memory and the cost of decorating one screen, in seconds rather than the minutes the model takes on a
 * small machine.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { scoreText } from '../src/core/analyses/surprisal/analyseSurprisal';
import { loadModel } from '../src/core/model/loadModel';
import type { CausalLM } from '../src/core/model/types';
import { Engine } from '../src/engine/engine';
import { cellsIn, cellsOf } from '../src/host/surprisal/displayCells';
import { defaultMaxTokens, DEFAULT_MAX_FILE_MB, mebibytes } from '../src/core/text/fileSize';
import type { DeviceSetting } from '../src/shared/schema';
import { surprisalRequest, surprisalTopRequest, type SurprisalResult } from '../src/shared/surprisal';
import { benchDevice } from './device';
import { reportRow } from './summary';

const ROOT = join(__dirname, '..');

/** Every `.ts` file under `dir`, sorted, so the input is the same on every machine with this commit. */
function sources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return name.endsWith('.ts') ? [path] : [];
    });
}

/** `bytes` of real code: the repository's sources concatenated (repeated when short), cut at a line end. */
export function codeOfSize(bytes: number): string {
  const all = sources(join(ROOT, 'src'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  let text = all;
  while (Buffer.byteLength(text) < bytes) text += `\n${all}`;
  const cut = Buffer.from(text).subarray(0, bytes).toString('utf8');
  return cut.slice(0, cut.lastIndexOf('\n') + 1);
}

function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function one(engine: Engine, kb: number, device: DeviceSetting): Promise<void> {
  const text = codeOfSize(kb * 1024);
  const job = { signal: new AbortController().signal, progress: () => undefined };
  const maxTokens = defaultMaxTokens(mebibytes(DEFAULT_MAX_FILE_MB));
  const params = { model: 'lens-lm', device, allowLocalFiles: true, text, offset: 0, maxTokens };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await engine.run(surprisalRequest, params, job);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wire = serialize(result).length;
  const json = JSON.stringify(result).length;
  const before = heapAfterGc();
  const received = deserialize(serialize(result)) as SurprisalResult;
  const host = heapAfterGc() - before;
  let hover = 'top-5 inline';
  if (result.topId !== undefined) {
    const t1 = performance.now();
    const index = Math.floor(result.tokens.length / 2);
    const top = await engine.run(surprisalTopRequest, { topId: result.topId, index }, job);
    hover = `top-5 on demand in ${(performance.now() - t1).toFixed(0)} ms (${top.top?.length ?? 0} candidates)`;
  }
  console.log(
    `  ${kb} KB: ${result.tokens.length} tokens in ${seconds.toFixed(1)} s = ` +
      `${(result.tokens.length / seconds).toFixed(0)} tokens/s (${cpuSeconds.toFixed(0)} s of CPU, ` +
      `${(result.tokens.length / cpuSeconds).toFixed(0)} tokens per CPU-second), ` +
      `${result.bitsPerByte.toFixed(3)} bits/byte; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; ` +
      `result ${mb(wire)} over IPC, ${mb(json)} as --json, ${received.tokens.length > 0 ? mb(host) : '?'} of host ` +
      `heap; ${hover}`,
  );
  reportRow({
    bench: 'surprisal-files',
    step: `${kb} KB file, ${device} asked, ${result.device} used`,
    ours: result.tokens.length / seconds,
    unit: 'tokens/s',
    note: `${result.tokens.length} tokens in ${seconds.toFixed(1)} s; result ${mb(wire)} over IPC`,
  });
}

/** lens-lm's tokenizer with random logits in place of the forward pass. */
async function randomLogits(): Promise<CausalLM> {
  const lm = await loadModel('lens-lm', {
    modelsDir: join(ROOT, 'media', 'models'),
    device: 'cpu',
    log: () => undefined,
  });
  let seed = 1;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 8;
  return {
    ...lm,
    logits: async (rows) => {
      const length = Math.max(...rows.map((r) => r.length));
      const vocab = lm.tokenizer.vocabSize;
      return {
        data: Float32Array.from({ length: rows.length * length * vocab }, random),
        batch: rows.length,
        length,
        vocab,
      };
    },
  };
}

/** Sizes and memory of the result of a `kb` file, and the time to find one screen's cells, with random logits. */
async function shape(lm: CausalLM, kb: number): Promise<void> {
  const text = codeOfSize(kb * 1024);
  const t0 = performance.now();
  const { result } = await scoreText(lm, text, { maxTokens: defaultMaxTokens(mebibytes(DEFAULT_MAX_FILE_MB)) });
  const seconds = (performance.now() - t0) / 1000;
  const before = heapAfterGc();
  const received = deserialize(serialize(result)) as SurprisalResult;
  const host = heapAfterGc() - before;
  const t1 = performance.now();
  const cells = cellsOf(received.tokens);
  const t2 = performance.now();
  const screen = cellsIn(cells, Math.floor(text.length / 2), Math.floor(text.length / 2) + 8000).length;
  const t3 = performance.now();
  console.log(
    `  ${kb} KB (random logits): ${result.tokens.length} tokens in ${seconds.toFixed(1)} s; result ` +
      `${mb(serialize(result).length)} over IPC, ${mb(JSON.stringify(result).length)} as --json, ${mb(host)} of ` +
      `host heap (+ display cells ${(t2 - t1).toFixed(0)} ms once), one screen's ${screen} cells found in ` +
      `${(t3 - t2).toFixed(2)} ms; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

async function main(): Promise<void> {
  const sizes = (process.env['BENCH_SIZES_KB'] ?? '100,1024').split(',').map(Number);
  const device = benchDevice();
  if (process.env['BENCH_LOGITS'] === 'random') {
    const lm = await randomLogits();
    for (const kb of sizes) await shape(lm, kb);
    return;
  }
  const engine = new Engine(join(ROOT, 'media', 'models'), () => undefined);
  console.log(`surprisal of whole files of this repository's code, lens-lm on ${device}, ${cpus().length} CPUs`);
  for (const kb of sizes) await one(engine, kb, device);
  await engine.dispose();
}

if (require.main === module) void main();
