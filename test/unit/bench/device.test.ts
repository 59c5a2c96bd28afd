/**
 * @file `npm run bench -- --device X`: the runner's arguments, the device a benchmark reads, the note its rows
 * carry, and the runner refusing a device it does not know before any benchmark starts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { benchDevice, deviceNote, runnerArgs } from '../../../bench/device';
import { ROOT } from '../helpers';

test('runnerArgs takes --device X and --device=X anywhere among the names', () => {
  assert.deepEqual(runnerArgs(['--device', 'cuda', 'surprisal', 'trees']), {
    device: 'cuda',
    names: ['surprisal', 'trees'],
  });
  assert.deepEqual(runnerArgs(['copying', '--device=webgpu']), { device: 'webgpu', names: ['copying'] });
  assert.deepEqual(runnerArgs(['trees']), { device: undefined, names: ['trees'] });
});

test('runnerArgs refuses a missing or unknown device, naming the settings', () => {
  assert.throws(() => runnerArgs(['--device']), /--device takes one of auto, cpu, webgpu, cuda \(got ""\)/u);
  assert.throws(() => runnerArgs(['--device=tpu']), /\(got "tpu"\)/u);
});

test('benchDevice reads BENCH_DEVICE, cpu by default, and refuses other values', () => {
  assert.equal(benchDevice({}), 'cpu');
  assert.equal(benchDevice({ BENCH_DEVICE: 'cuda' }), 'cuda');
  assert.throws(() => benchDevice({ BENCH_DEVICE: 'gpu' }), /BENCH_DEVICE must be one of auto, cpu, webgpu, cuda/u);
});

test('deviceNote names the device used, and the one asked when it was not available', () => {
  assert.equal(deviceNote('cuda', 'cuda'), 'on cuda');
  assert.equal(deviceNote('cuda', 'cpu'), 'on cpu (cuda asked, unavailable)');
  assert.equal(deviceNote('auto', 'webgpu'), "on webgpu (auto's choice)");
});

test('the runner refuses an unknown device with exit 2 and one line, before any benchmark runs', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), '--device', 'tpu'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr.trim(), /^npm run bench: --device takes one of auto, cpu, webgpu, cuda \(got "tpu"\)$/u);
});
