/**
 * @file Benchmark: surprisal of a 2,000-token file with lens-lm through onnxruntime-node (our
 * engine code) beside the same weights in PyTorch (Debian python3-torch), run by this script.
 * Prints tokens per second of each and their ratio, and one summary row. Run with `npm run bench` (all benchmarks)
 * or `BENCH_ONLY=surprisal npm run bench`.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { analyseSurprisal } from '../src/core/analyses/surprisal/analyseSurprisal';
import { loadModel } from '../src/core/model/loadModel';
import type { Device } from '../src/shared/schema';
import { benchDevice, deviceNote } from './device';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';

const ROOT = join(__dirname, '..');
const REPS = Number(process.env['BENCH_REPS'] ?? 5);

function input(): string {
  const sources = [
    'src/core/analyses/surprisal/analyseSurprisal.ts',
    'src/host/engineClient.ts',
    'src/core/model/ortModel.ts',
  ];
  const text = sources
    .map((f) => readFileSync(join(ROOT, f), 'utf8'))
    .join('\n')
    .slice(0, 2000);
  const path = join(mkdtempSync(join(tmpdir(), 'lens-bench-')), 'input.ts');
  writeFileSync(path, text);
  return path;
}

/** One run of ours: median seconds, bits per byte, tokens, the model's window and the device it ran on. */
interface Ours {
  readonly seconds: number;
  readonly bitsPerByte: number;
  readonly tokens: number;
  readonly window: number;
  readonly device: Device;
}

async function ours(path: string): Promise<Ours> {
  const lm = await loadModel('lens-lm', {
    modelsDir: join(ROOT, 'media', 'models'),
    device: benchDevice(),
    log: () => undefined,
  });
  const text = readFileSync(path, 'utf8');
  const first = await analyseSurprisal(lm, text);
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    await analyseSurprisal(lm, text);
    times.push((performance.now() - t0) / 1000);
  }
  await lm.dispose();
  times.sort((a, b) => a - b);
  return {
    seconds: times[Math.floor(times.length / 2)] ?? NaN,
    bitsPerByte: first.bitsPerByte,
    tokens: first.tokens.length,
    device: lm.device,
    window: lm.context,
  };
}

async function main(): Promise<void> {
  const path = input();
  const a = await ours(path);
  const out = runPeer(join(__dirname, 'surprisal_torch.py'), [path, String(REPS)]);
  const b = lastJsonLine<{
    seconds: number;
    bitsPerByte: number;
    tokens: number;
    threads: number;
    torch: string;
  }>(out);
  const rate = (r: { seconds: number; tokens: number }) => r.tokens / r.seconds;
  console.log(
    `surprisal of ${a.tokens} tokens, lens-lm, windows of ${a.window} (stride ${a.window / 2}), median of ${REPS} ` +
      `runs, ` +
      `${cpus().length} CPUs`,
  );
  console.log(
    `  onnxruntime-node (Model Lens engine) on ${a.device}: ${rate(a).toFixed(0)} tokens/s  ` +
      `(${(a.seconds * 1000).toFixed(1)} ms, ${a.bitsPerByte.toFixed(4)} bits/byte)`,
  );
  console.log(
    `  PyTorch ${b.torch} (${b.threads} threads):          ${rate(b).toFixed(0)} tokens/s  ` +
      `(${(b.seconds * 1000).toFixed(1)} ms, ${b.bitsPerByte.toFixed(4)} bits/byte)`,
  );
  console.log(`  ratio (ours / PyTorch): ${(rate(a) / rate(b)).toFixed(2)}x`);
  const agree = Math.abs(a.bitsPerByte - b.bitsPerByte) <= 1e-3;
  reportRow({
    bench: 'surprisal',
    step: `${a.tokens} tokens, lens-lm`,
    ours: rate(a),
    peer: rate(b),
    unit: 'tokens/s',
    note: `${deviceNote(benchDevice(), a.device)}; PyTorch ${b.torch} on cpu; bits/byte ${agree ? 'equal' : 'DIFFER'}`,
  });
  if (!agree) throw new Error('The two runs disagree on bits/byte: the comparison is not like for like.');
}

void main();
