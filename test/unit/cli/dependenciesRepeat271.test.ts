/**
 * @file The default model sees a repeat 271 bytes back: in test/fixtures/repeat-271.py the list of stages is written
 * twice, the second copy starting 271 bytes after the first (past the 256-byte window of the earlier lens-lm). Each
 * word of the second copy is guessed from the first: the top dependency of its first letter, by attention and by
 * ablation (in the window ending at the token, as "Show Token Dependencies" asks), lies in the first copy. These
 * checks are skipped while lens-lm's window is shorter than the distance (the shipped lens-lm reads 256 bytes).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { readManifest } from '../../../src/core/model/manifest';
import type { DependenciesResult } from '../../../src/shared/dependencies';
import { ensureBuilt, FIXTURES, MODELS, runCli } from '../helpers';

const file = join(FIXTURES, 'repeat-271.py');
const text = readFileSync(file, 'utf8');
const LIST = '["parse", "resolve", "lower", "schedule", "emit"]';
const first = text.indexOf(LIST);
const second = text.indexOf(LIST, first + 1);
/** The first letter of each word of the second copy after the first word (the first word has no cue yet). */
const WORDS = ['resolve', 'lower', 'schedule', 'emit'];
const targets = WORDS.map((w) => second + LIST.indexOf(`"${w}"`) + 1);
const inFirstCopy = (start: number): boolean => start >= first && start < first + LIST.length;

before(() => ensureBuilt());

const context = readManifest(MODELS).find((m) => m.name === 'lens-lm')?.context ?? 0;
/** Until lens-lm's window reaches 271 bytes back, the dependency checks cannot hold: they are skipped, saying so. */
const reach = context > 271 ? {} : { skip: `lens-lm's window (${context}) does not reach 271 bytes back` };

test('the fixture: the copies are 271 bytes apart, more than a 256-byte window holds', () => {
  assert.equal(Buffer.byteLength(text.slice(first, second)), 271);
});

for (const [i, at] of targets.entries()) {
  test(
    `"${WORDS[i]}" in the second copy: its top dependency (attention, ablation) lies in the first copy`,
    reach,
    () => {
      const line = text.slice(0, at).split('\n').length;
      const column = at - text.lastIndexOf('\n', at - 1);
      const r = runCli('dependencies', file, '--at', `${line}:${column}`, '--method', 'both', '--json');
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as DependenciesResult;
      assert.equal(out.tokens[out.at?.index ?? -1]?.start, at);
      for (const method of ['attention', 'ablation'] as const) {
        const top = out.at?.[method]?.[0];
        assert.ok(top !== undefined && inFirstCopy(top.start), `${method}: top ${JSON.stringify(top)}`);
      }
    },
  );
}
