/**
 * @file Benchmark: surprisal of a 16 KB text (test/fixtures/sample.ts repeated) through the remote backend against
 * the loopback test server (test/remoteServer.ts, lens-lm, run as its own process), beside a plain Python client of
 * the same server doing the same requests (bench/remote_client.py: same windows, 8 a request, 4 in flight) and beside
 * the same model run locally. The bits per byte of all three must agree; the ratio is ours over the Python client's
 * time, both bounded by the server's compute. A second row ablates the last token of the text's first window through
 * the server (every earlier token replaced in turn, each copy scored), beside the Python client doing the same rows;
 * both must find the same top position. Best of BENCH_TRIES runs (3). Run with `BENCH_ONLY=remote npm run bench`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ablationDependenciesOfTokens } from '../src/core/analyses/dependencies/ablationDependencies';
import { loadForDependencies } from '../src/core/analyses/dependencies/loadForDependencies';
import { analyseSurprisal } from '../src/core/analyses/surprisal/analyseSurprisal';
import { loadModel } from '../src/core/model/loadModel';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';
import { best } from './timing';

const ROOT = join(__dirname, '..');
const MODELS = join(ROOT, 'media', 'models');
const TRIES = Number(process.env['BENCH_TRIES'] ?? 3);
const BYTES = 16 * 1024;

/** Starts the test server in its own process; resolves with its API base and a function that stops it. */
function serve(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'remoteServer.ts'), 'lens-lm'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Test server at (\S+)/u.exec(out)?.[1];
      if (url !== undefined) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`the test server exited (${code}) before it listened`)));
  });
}

async function main(): Promise<void> {
  let text = readFileSync(join(ROOT, 'test', 'fixtures', 'sample.ts'), 'utf8');
  while (Buffer.byteLength(text) < BYTES) text += text;
  text = text.slice(0, BYTES);
  const file = join(mkdtempSync(join(tmpdir(), 'model-lens-remote-')), 'text.txt');
  writeFileSync(file, text);
  const server = await serve();
  try {
    const log = (): void => undefined;
    const local = await loadModel('lens-lm', { modelsDir: MODELS, device: 'cpu', log });
    const remote = await loadModel(`openai:${server.url}#lens-lm`, { modelsDir: MODELS, device: 'cpu', log });
    const here = await best(() => analyseSurprisal(local, text, { maxTokens: 4 * BYTES }), TRIES, 1);
    const ours = await best(() => analyseSurprisal(remote, text, { maxTokens: 4 * BYTES }), TRIES, 1);
    const out = runPeer(join(__dirname, 'remote_client.py'), [server.url, 'lens-lm', file, String(TRIES)]);
    const py = lastJsonLine<{ seconds: number; bitsPerByte: number }>(out);
    const bpb = [here.value.bitsPerByte, ours.value.bitsPerByte, py.bitsPerByte].map((x) => x.toFixed(4));
    console.log(`surprisal of ${ours.value.bytes} bytes (${ours.value.tokens.length} tokens), best of ${TRIES}`);
    console.log(`  local lens-lm        ${here.seconds.toFixed(3)} s  ${bpb[0]} bits/byte`);
    console.log(`  remote (Model Lens)  ${ours.seconds.toFixed(3)} s  ${bpb[1]} bits/byte`);
    console.log(`  remote (Python)      ${py.seconds.toFixed(3)} s  ${bpb[2]} bits/byte`);
    const same = new Set(bpb).size === 1 ? 'bits/byte equal' : `bits/byte differ: ${bpb.join(', ')}`;
    const note = `${same}; the same model locally: ${here.seconds.toFixed(3)} s`;
    reportRow({
      bench: 'remote',
      step: `surprisal, ${Math.round(ours.value.bytes / 1024)} KB over loopback`,
      ours: ours.seconds,
      peer: py.seconds,
      unit: 's',
      note,
    });
    await ablationRow(server.url, text, file);
  } finally {
    server.stop();
  }
}

/** Ablation of the last token of the first window through the server, ours beside the Python client's. */
async function ablationRow(url: string, text: string, file: string): Promise<void> {
  const spec = `openai:${url}#lens-lm`;
  const loaded = await loadForDependencies(spec, { modelsDir: MODELS, cacheDir: tmpdir(), allowLocalFiles: true });
  const all = await loaded.encode(text, 0, { maxTokens: 4 * BYTES });
  const n = Math.min(all.ids.length, loaded.model.context);
  const tokens = { ids: all.ids.subarray(0, n), start: all.start.subarray(0, n), end: all.end.subarray(0, n) };
  const t = n - 1;
  const run = () => ablationDependenciesOfTokens(loaded.model, tokens, { k: 1, targets: { from: t, to: t + 1 } });
  const ours = await best(run, TRIES, 1);
  const out = runPeer(join(__dirname, 'remote_client.py'), [url, 'lens-lm', file, String(TRIES), 'ablate']);
  const py = lastJsonLine<{ seconds: number; top: number; effect: number }>(out);
  const top = ours.value.topPositions[t];
  console.log(`ablation of token ${t} (${t - 1} copies scored), best of ${TRIES}`);
  console.log(`  remote (Model Lens)  ${ours.seconds.toFixed(3)} s  top position ${top}`);
  console.log(`  remote (Python)      ${py.seconds.toFixed(3)} s  top position ${py.top}`);
  reportRow({
    bench: 'remote',
    step: `ablation of one token, ${t - 1} copies over loopback`,
    ours: ours.seconds,
    peer: py.seconds,
    unit: 's',
    note: top === py.top ? 'same top position' : `top positions differ: ${top} and ${py.top}`,
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
