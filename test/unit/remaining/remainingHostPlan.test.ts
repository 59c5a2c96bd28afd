import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptParams } from '../../../src/host/remaining/plan';

const s = { maxTokens: undefined, model: undefined, allowLocalFiles: true };

test('the prompt is trimmed; default limit; the model only when set', () => {
  assert.deepEqual(promptParams('  count down from 5  \n', s), {
    params: { prompt: 'count down from 5', maxTokens: 256, allowLocalFiles: true },
  });
  const set = promptParams('p', { maxTokens: 40, model: ' /m ', allowLocalFiles: false });
  assert.deepEqual(set, { params: { prompt: 'p', maxTokens: 40, allowLocalFiles: false, model: '/m' } });
  assert.equal(
    (promptParams('p', { ...s, maxTokens: 1e9 }) as { params: { maxTokens: number } }).params.maxTokens,
    256,
  );
});

test('an empty line or an over-long prompt is refused with what to do', () => {
  assert.match((promptParams('  ', s) as { problem: string }).problem, /^The line is empty\. Select a prompt/u);
  assert.match((promptParams('x'.repeat(20_000), s) as { problem: string }).problem, /20000 characters/u);
});
