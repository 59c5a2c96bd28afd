/**
 * The mapping "Fit Scaling Laws…" lets the user correct (src/host/scaling/mapping.ts, no VS Code): a column plays
 * one role at most, the problems that keep a mapping from fitting, the columns offered per role, and mappings
 * remembered per folder (kept only while the log still has their columns, the newest 50 folders).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  columnChoices,
  mappingProblems,
  MAX_SAVED,
  rememberMapping,
  roleValue,
  sameMapping,
  savedMappingFor,
  setRole,
  type Mapping,
} from '../../../src/host/scaling/mapping';

const guess: Mapping = { run: 'run', dataset: 'dataset', N: 'N', D: 'D', losses: ['train_loss', 'eval_code'] };
const columns = ['run', 'dataset', 'N', 'D', 'C', 'train_loss', 'eval_code', 'eval_prose'];

test('setting a role moves the column out of any other role', () => {
  const m = setRole(guess, 'C', ['N']);
  assert.deepEqual(m, { run: 'run', dataset: 'dataset', C: 'N', D: 'D', losses: ['train_loss', 'eval_code'] });
  const l = setRole(guess, 'losses', ['eval_prose', 'D']);
  assert.deepEqual(l, { run: 'run', dataset: 'dataset', N: 'N', losses: ['eval_prose', 'D'] });
  const cleared = setRole(guess, 'dataset', []);
  assert.equal(cleared.dataset, undefined);
  assert.equal(roleValue(cleared, 'dataset'), '(none)');
  assert.equal(roleValue(guess, 'losses'), 'train_loss, eval_code');
  // A loss picked as the run name leaves the losses.
  assert.deepEqual(setRole(guess, 'run', ['eval_code']).losses, ['train_loss']);
});

test('problems: a column the log lacks, no loss, neither C nor both N and D', () => {
  assert.deepEqual(mappingProblems(guess, columns), []);
  assert.deepEqual(mappingProblems({ ...guess, N: 'params' }, columns), [
    'Parameters N: the log has no column "params"',
  ]);
  assert.deepEqual(mappingProblems({ losses: [] }, columns), [
    'Losses: pick at least one loss column',
    'Compute: give Compute C, or both Parameters N and Tokens D',
  ]);
  assert.deepEqual(mappingProblems({ C: 'C', losses: ['eval_code'] }, columns), []);
});

test('columns offered per role say what they hold; text columns are unlikely sizes', () => {
  const info = { columns: ['run', 'N', 'note'], kinds: { run: 'text', N: 'number', note: 'empty' } as const };
  assert.deepEqual(columnChoices('N', info), [
    { column: 'run', holds: 'text', fits: false },
    { column: 'N', holds: 'numbers', fits: true },
    { column: 'note', holds: 'empty', fits: false },
  ]);
  assert.deepEqual(
    columnChoices('dataset', info).map((c) => c.fits),
    [true, true, false],
  );
});

test('a saved mapping is used only while the log has its columns', () => {
  const saved = rememberMapping(undefined, '/w/sweep', guess);
  assert.deepEqual(savedMappingFor(saved, '/w/sweep', columns), guess);
  assert.equal(savedMappingFor(saved, '/w/other', columns), undefined);
  assert.equal(savedMappingFor(saved, '/w/sweep', ['run', 'N', 'D', 'train_loss', 'eval_code']), undefined);
  // Malformed stored state is ignored, never trusted.
  assert.equal(savedMappingFor({ '/w/sweep': { losses: 'eval_code' } }, '/w/sweep', columns), undefined);
  assert.equal(savedMappingFor('junk', '/w/sweep', columns), undefined);
});

test('remembering keeps the newest folders, the one just saved last', () => {
  let saved: Record<string, Mapping> = {};
  for (let i = 0; i < MAX_SAVED + 5; i++) saved = rememberMapping(saved, `/f${i}`, guess);
  const keys = Object.keys(saved);
  assert.equal(keys.length, MAX_SAVED);
  assert.equal(keys[0], '/f5');
  saved = rememberMapping(saved, '/f5', { ...guess, C: 'C' });
  assert.equal(Object.keys(saved).at(-1), '/f5');
  assert.equal(saved['/f5']?.C, 'C');
  assert.ok(sameMapping(guess, { ...guess }));
  assert.ok(!sameMapping(guess, { ...guess, losses: ['eval_code', 'train_loss'] }));
});
