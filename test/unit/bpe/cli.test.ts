import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { DependenciesResultSchema } from '../../../src/shared/dependencies';
import { check } from '../../../src/shared/schema';
import { ensureBuilt, FIXTURES, MODELS, ROOT } from '../helpers';

const home = mkdtempSync(join(tmpdir(), 'lens-bpe-cli-'));
const cache = join(home, 'hub');
/** The CLI with its caches (hub models, rewritten attention graphs) in a fresh folder. */
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, MODEL_LENS_CACHE: cache },
  });

interface FixtureText {
  readonly text: string;
  readonly ids: number[];
  readonly nextLogProb: number[];
}

before(() => ensureBuilt());

const SPECS = ['lens-gpt2', 'lens-llama', join(MODELS, 'lens-llama')];

for (const model of SPECS) {
  test(`surprisal --model ${model.replace(ROOT, '.')}: bits of each BPE token equal PyTorch's`, () => {
    const name = model.endsWith('lens-gpt2') ? 'lens-gpt2' : 'lens-llama';
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'bpe', `${name}.json`), 'utf8')) as {
      texts: FixtureText[];
    };
    const t = fixture.texts.at(-1);
    assert.ok(t !== undefined && /日本/u.test(t.text));
    const file = join(home, `${name}.txt`);
    writeFileSync(file, t.text);
    const r = cli('surprisal', file, '--model', model, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { tokens: { text: string; start: number; end: number; surprisal: number }[] };
    assert.equal(out.tokens.length, t.ids.length);
    out.tokens.forEach((tok, i) => {
      const want = -(t.nextLogProb[i] ?? NaN) / Math.LN2;
      assert.ok(Math.abs(tok.surprisal - want) < 1e-3, `token ${i}: ${tok.surprisal} bits vs PyTorch ${want}`);
      assert.ok(tok.end > tok.start && t.text.slice(tok.start, tok.end).length > 0);
    });
  });

  test(`dependencies --model ${model.replace(ROOT, '.')}: attention by graph surgery and ablation, one window`, () => {
    // The `throw` of line 12: about 100 tokens of context, line 1's multi-byte characters among them.
    const args = ['dependencies', join(FIXTURES, 'sample.ts'), '--model', model, '--at', '12:7', '--method', 'both'];
    const json = cli(...args, '--json');
    assert.equal(json.status, 0, json.stderr);
    const checked = check(DependenciesResultSchema, JSON.parse(json.stdout));
    assert.ok(checked.ok, checked.ok ? '' : checked.message);
    const out = checked.value;
    assert.deepEqual(out.methods, ['attention', 'ablation']);
    assert.equal(out.layers, 2);
    assert.equal(out.heads, 4);
    const notes = out.notes ?? [];
    assert.ok(!notes.some((n) => /ablation instead/u.test(n)), notes.join(' '));
    assert.ok(
      notes.some((n) => /cached copy with its 2 attention softmaxes added as outputs/u.test(n)),
      notes.join(' '),
    );
    const text = readFileSync(join(FIXTURES, 'sample.ts'), 'utf8');
    const at = out.at;
    assert.ok(at !== undefined && (at.attention?.length ?? 0) > 0 && (at.ablation?.length ?? 0) > 0);
    assert.equal(out.tokens[at.index]?.text, ' throw');
    for (const d of [...(at.attention ?? []), ...(at.ablation ?? [])].filter((x) => x.index >= 0))
      assert.equal(d.text, text.slice(d.start, d.end));
    // Ranked dependencies, largest first: attention weights are probabilities, ablation effects KL divergences.
    for (const list of [at.attention ?? [], at.ablation ?? []])
      assert.ok(list.every((d, i) => d.weight >= 0 && d.weight <= (list[i - 1]?.weight ?? Infinity)));
    assert.ok((at.attention ?? []).every((d) => d.weight <= 1));
  });
}

test('the rewritten graphs (attention outputs added) are cached, one per model, never beside the model', () => {
  const cached = readdirSync(join(home, 'attention')).filter((f) => f.endsWith('.onnx'));
  assert.equal(cached.length, 2, cached.join(', '));
  assert.deepEqual(readdirSync(join(MODELS, 'lens-llama', 'onnx')), ['model.onnx']);
});

test('copy-probe --model lens-gpt2,lens-llama: copy tasks of BPE tokens scored by both models', () => {
  const r = cli(
    'copy-probe',
    join(FIXTURES, 'settings.ts'),
    '--model',
    'lens-gpt2,lens-llama',
    '--lengths',
    '8,16',
    '--tasks',
    '6',
    '--json',
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    models: { model: string; lengths: { length: number; tasks: number; firstBits: number; secondBits: number }[] }[];
  };
  assert.deepEqual(
    out.models.map((m) => m.model),
    ['lens-gpt2', 'lens-llama'],
  );
  for (const m of out.models) {
    assert.deepEqual(
      m.lengths.map((l) => [l.length, l.tasks]),
      [
        [8, 6],
        [16, 6],
      ],
    );
    // Bits per token of a 50,257-id model: finite, and below the 15.6 bits of a uniform guess.
    for (const l of m.lengths) assert.ok(l.firstBits > 0 && l.firstBits < 15.6 && l.secondBits > 0, `${m.model}`);
  }
});
