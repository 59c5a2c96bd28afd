import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loraMerge } from '../../../src/core/analyses/lora/merge';
import { peftRead } from '../../../src/core/formats/peft/readAdapter';
import type { LoraModule } from '../../../src/core/formats/peft/types';
import {
  LoraComposeResultSchema,
  LoraEvalResultSchema,
  LoraMergeResultSchema,
  LoraStatsResultSchema,
} from '../../../src/shared/lora';
import { check } from '../../../src/shared/schema';
import { ensureBuilt, FIXTURES, ROOT } from '../helpers';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
const tiny = join(FIXTURES, 'lora', 'tiny-adapter');

/** ΔW = scaling · B · A of one module, row-major [out × in]. */
function delta(m: LoraModule): Float64Array {
  const { a, b } = m;
  const out = new Float64Array(b.rows * a.cols);
  for (let i = 0; i < b.rows; i++)
    for (let r = 0; r < m.rank; r++)
      for (let j = 0; j < a.cols; j++) {
        out[i * a.cols + j] =
          (out[i * a.cols + j] ?? 0) + m.scaling * (b.data[i * b.cols + r] ?? 0) * (a.data[r * a.cols + j] ?? 0);
      }
  return out;
}

before(() => ensureBuilt());

for (const method of ['cat', 'linear', 'svd', 'ties']) {
  test(`lora merge --method ${method} writes a PEFT adapter that reloads to the in-memory merge (1e-5)`, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lens-lora-')), 'merged');
    const r = cli(
      'lora',
      'merge',
      '--adapters',
      `${tiny},${tiny}`,
      '--method',
      method,
      '--weights',
      '0.3,0.7',
      '--out',
      out,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const printed = check(LoraMergeResultSchema, JSON.parse(r.stdout));
    assert.ok(printed.ok && printed.value.out === out && printed.value.modules > 0, r.stdout);
    const source = await peftRead(tiny);
    const expected = await loraMerge(method, [source, source], { weights: [0.3, 0.7] });
    const written = await peftRead(out);
    assert.equal(written.modules.size, expected.modules.size);
    for (const [name, m] of expected.modules) {
      const w = written.modules.get(name);
      assert.ok(w !== undefined, name);
      const d1 = delta(m);
      const d2 = delta(w);
      for (let i = 0; i < d1.length; i++)
        assert.ok(Math.abs((d1[i] ?? 0) - (d2[i] ?? 0)) < 1e-5, `${method} ${name}[${i}]`);
    }
  });
}

test('lora merge refuses to overwrite a folder and names a missing adapter', () => {
  const existing = mkdtempSync(join(tmpdir(), 'lens-lora-'));
  const r = cli('lora', 'merge', '--adapters', `${tiny},${tiny}`, '--method', 'cat', '--out', existing);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /never writes over an existing folder/u);
  const missing = cli(
    'lora',
    'merge',
    '--adapters',
    `${tiny},/nonexistent-adapter`,
    '--method',
    'cat',
    '--out',
    join(existing, 'x'),
  );
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does not exist/u);
});

test('lora eval scores the base, each adapter and a merge on the zoo task as PyTorch did at zoo-build time', () => {
  const zoo = join(ROOT, 'media', 'models');
  const r = cli(
    'lora',
    'eval',
    '--adapters',
    `${join(zoo, 'lora-arith')},${join(zoo, 'lora-words')}`,
    '--data',
    join(zoo, 'lora-base', 'data', 'test.jsonl'),
    '--method',
    'base,each,cat',
    '--weights',
    '1,1',
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  const printed = check(LoraEvalResultSchema, JSON.parse(r.stdout));
  assert.ok(printed.ok, r.stdout);
  const out = printed.value;
  const em = (config: string) => out.rows.find((x) => x.config === config)?.exactMatch;
  const expected = targetTest();
  assert.equal(em('base'), expected['base']);
  assert.equal(em('adapter 1'), expected['arith']);
  assert.equal(em('adapter 2'), expected['words']);
  assert.equal(em('cat'), expected['sum']);
  assert.ok(out.rows.every((x) => Number.isFinite(x.loss) && x.loss > 0));
});

test('lora eval refuses an adapter whose finite but huge weights make the loss overflow (exit 2, no null loss)', () => {
  const zoo = join(ROOT, 'media', 'models');
  const dir = join(mkdtempSync(join(tmpdir(), 'lens-lora-')), 'huge');
  cpSync(join(zoo, 'lora-arith'), dir, { recursive: true });
  const path = join(dir, 'adapter_model.safetensors');
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as Record<string, { data_offsets?: number[] }>;
  // Every value of every tensor at 1e30: finite in float32, but B·A x overflows to infinity.
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [from = 0, to = 0] = e.data_offsets ?? [];
    for (let at = 8 + n + from; at < 8 + n + to; at += 4) bytes.writeFloatLE(1e30, at);
  }
  writeFileSync(path, bytes);
  const data = join(zoo, 'lora-base', 'data', 'test.jsonl');
  const r = cli('lora', 'eval', '--adapters', dir, '--data', data, '--method', 'each', '--json');
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /loss that is not a finite number/u);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('lora eval names a malformed JSONL line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-lora-'));
  writeFileSync(join(dir, 'bad.jsonl'), '{"prompt": "1+1=", "answer": "2"}\n{oops\n');
  const r = cli('lora', 'eval', '--adapters', tiny, '--data', join(dir, 'bad.jsonl'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /line 2 is not JSON/u);
});

test('lora eval names the line and the field of a JSONL item without a string answer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-lora-'));
  writeFileSync(join(dir, 'bad.jsonl'), '{"prompt": "1+1=", "answer": "2"}\n{"prompt": "2+2=", "answer": 4}\n');
  const r = cli('lora', 'eval', '--adapters', tiny, '--data', join(dir, 'bad.jsonl'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.jsonl line 2 .*answer: /u);
});

test('lora stats --json prints per-layer cosines and sign conflicts; bad options are refused in one line', () => {
  const zoo = join(ROOT, 'media', 'models');
  const r = cli('lora', 'stats', '--adapters', `${join(zoo, 'lora-arith')},lora-words`, '--json');
  assert.equal(r.status, 0, r.stderr);
  const printed = check(LoraStatsResultSchema, JSON.parse(r.stdout));
  assert.ok(printed.ok, r.stdout);
  assert.ok(printed.value.cosines.length > 0 && printed.value.cosines.every((c) => c.cosine.length === 2));
  assert.ok(printed.value.conflicts.every((c) => c.conflicting <= c.overlapping));
  const text = cli('lora', 'stats', '--adapters', 'lora-arith,lora-words');
  assert.match(text.stdout, /^layer 0: cosine \[\[1,/mu);
  for (const [args, message] of [
    [
      ['lora', 'stats', '--adapters', 'lora-arith', '--density', '2'],
      /--density must be a number above 0 and at most 1/u,
    ],
    [
      ['lora', 'merge', '--adapters', tiny, '--method', 'average', '--out', '/tmp/never'],
      /--method must be one of cat, linear/u,
    ],
    [['lora', 'frobnicate', '--adapters', tiny], /Unknown lora command "frobnicate"/u],
    [
      ['lora', '--adapters', 'lora-arith,lora-words', '--data', 'x.jsonl', '--methods', 'ties,nope'],
      /Unknown composition method "nope"/u,
    ],
    [['lora', 'merge', '--adapters', tiny], /Name a new folder for the merged adapter with --out/u],
  ] as const) {
    const bad = cli(...args);
    assert.equal(bad.status, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
  }
});

test("lora --json prints the composition the panel shows (the kind's result), on the zoo adapters", () => {
  const zoo = join(ROOT, 'media', 'models');
  const data = join(zoo, 'lora-base', 'data', 'test.jsonl');
  const r = cli('lora', '--adapters', 'lora-arith,lora-words', '--data', data, '--methods', 'linear,ties', '--json');
  assert.equal(r.status, 0, r.stderr);
  const printed = check(LoraComposeResultSchema, JSON.parse(r.stdout));
  assert.ok(printed.ok, printed.ok ? '' : printed.message);
  assert.deepEqual(
    printed.value.rows.map((x) => x.config),
    ['base', 'lora-arith', 'lora-words', 'linear', 'ties'],
  );
  assert.equal(
    printed.value.dev?.source,
    join(zoo, 'lora-base', 'data', 'dev.jsonl'),
    'dev.jsonl beside the data is found',
  );
  const expected = targetTest();
  const em = (config: string) => printed.value.rows.find((x) => x.config === config)?.exactMatch;
  assert.equal(em('base'), expected['base']);
  assert.equal(em('lora-arith'), expected['arith']);
});

/** The card's exact match on the target test split, by configuration. */
function targetTest(): Record<string, number> {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'media', 'models', 'manifest.json'), 'utf8')) as {
    models: { name: string; metrics?: { targetTestExactMatch?: Record<string, number> } }[];
  };
  return manifest.models.find((m) => m.name === 'lora-base')?.metrics?.targetTestExactMatch ?? {};
}
