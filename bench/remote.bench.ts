/**
 * @file Benchmark: surprisal of a 16 KB text (test/fixtures/sample.ts repeated) through the remote backend against
 * the loopback test server (test/remoteServer.ts, lens-lm, run as its own process), beside a plain Python client of
 * the same server doing the same requests (bench/remote_client.py: same windows, 8 a request, 4 in flight) and beside
 * the same model run locally. The bits per byte of all three must agree; the ratio is ours over the Python client's
 * time, both bounded by the server's compute. Best of BENCH_TRIES runs (3). Run with `BENCH_ONLY=remote npm run bench`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  } finally {
    server.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
