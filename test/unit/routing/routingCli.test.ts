/**
 * @file `model-lens moe routing <file>`: the result of a zoo MoE on a source file (valid by its schema, loads that
 * add up, k from the model's card, token kinds from the file's extension), the text table, and bad input.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { RoutingResultSchema, TOKEN_KINDS } from '../../../src/shared/routing';
import { check } from '../../../src/shared/schema';
import { cliRefuses, ensureBuilt, runCli } from '../helpers';

const dir = mkdtempSync(join(tmpdir(), 'lens-routing-'));
const file = (name: string, content: string): string => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const SOURCE = 'def area(r):\n    # circle\n    return 3.14 * r * r\n';

before(() => ensureBuilt());

test('moe routing --json: per layer the top-k and gates of every token, loads and the kind matrix', () => {
  const r = runCli('moe', 'routing', file('area.py', SOURCE), '--model', 'moe-phonebook-e8', '--json');
  assert.equal(r.status, 0, r.stderr);
  const checked = check(RoutingResultSchema, JSON.parse(r.stdout));
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  const out = checked.value;
  const T = SOURCE.length;
  assert.equal(out.topKFrom, 'manifest');
  assert.equal(out.topK, 2);
  assert.equal(out.experts, 8);
  assert.equal(out.languageId, 'python');
  assert.equal(out.tokens.start.length, T);
  // The kinds the lexer gives: `def` a keyword, `area` an identifier, `# circle` a comment, 3.14 a literal.
  const kindAt = (i: number): string => TOKEN_KINDS[out.tokenKinds[i] ?? 0] ?? '';
  assert.equal(kindAt(0), 'keyword');
  assert.equal(kindAt(4), 'identifier');
  assert.equal(kindAt(SOURCE.indexOf('#')), 'comment');
  assert.equal(kindAt(SOURCE.indexOf('3.14')), 'literal');
  for (const l of out.layers) {
    assert.equal(
      l.counts.reduce((a, b) => a + b, 0),
      2 * T,
    );
    for (let t = 0; t < T; t++) {
      const g = (l.gates[2 * t] ?? 0) + (l.gates[2 * t + 1] ?? 0);
      assert.ok(Math.abs(g - 1) < 1e-5, `gates of token ${t} sum to ${g}`);
      assert.ok((l.probs[2 * t] ?? 0) >= (l.probs[2 * t + 1] ?? 0), 'the first expert has the higher p');
    }
  }
});

test('moe routing without --json prints a table per layer', () => {
  const r = runCli('moe', 'routing', file('b.py', SOURCE), '--model', 'moe-phonebook-e8');
  assert.equal(r.status, 0, r.stderr);
  const head = `by moe-phonebook-e8: ${SOURCE.length} tokens, 8 experts, top-2 \\(the model's card\\)`;
  assert.match(r.stdout, new RegExp(`^Expert routing of .*b\\.py ${head}`, 'u'));
  assert.match(r.stdout, /^layer 0 \(router_logits\.0\)$/mu);
  assert.match(r.stdout, /aux loss \d\.\d{4} \(1 = uniform\) {2}CV \d\.\d{4} {2}entropy \d\.\d{4}/u);
});

test('moe routing --out report.html writes a report drawn by the routing panel', () => {
  const out = join(dir, 'report.html');
  const r = runCli('moe', 'routing', file('d.py', SOURCE), '--model', 'moe-phonebook-e8', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const html = readFileSync(out, 'utf8');
  assert.match(html, /Expert Routing/u);
  assert.match(html, /load-chart/u);
});

test('moe routing refuses bad input with exit 2 and one line', () => {
  const py = file('c.py', SOURCE);
  cliRefuses(['moe', 'routing', py, '--model', 'lens-lm'], /lens-lm has no router outputs \(it has: logits/u);
  cliRefuses(['moe', 'routing', file('empty.py', ''), '--model', 'moe-phonebook-e8'], /empty/iu);
  cliRefuses(['moe', 'routing', py, '--model', 'moe-phonebook-e8', '--top-k', 'x'], /--top-k must be an integer/u);
  cliRefuses(['moe', 'routing', '--model', 'moe-phonebook-e8'], /No input file given/u);
  cliRefuses(['moe', 'routing', py, '--model', join(dir, 'no-such-model.onnx')], /No model/u);
});
