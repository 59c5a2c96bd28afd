import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorLevel } from '../../../src/host/errorLevel';

test('a cancel is logged at info, a problem with the input at warn, a failure of Model Lens at error', () => {
  assert.equal(errorLevel('cancelled'), 'info');
  assert.equal(errorLevel('bad-input'), 'warn');
  assert.equal(errorLevel('too-long'), 'warn');
  assert.equal(errorLevel('engine-died'), 'error');
  assert.equal(errorLevel('internal'), 'error');
});
