import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programParams } from '../../../src/host/turing/plan';

test('the selection picks the zoo model of its operator, or the setting', () => {
  assert.deepEqual(programParams(' 57+68 \n', '', false), {
    params: { input: '57+68', model: 'turing-addition', task: 'addition', allowLocalFiles: false },
  });
  assert.deepEqual(programParams('123*4=', undefined, true), {
    params: { input: '123*4=', model: 'turing-multiplication', task: 'multiplication', allowLocalFiles: true },
  });
  const chosen = programParams('5+5', ' turing-addition-direct ', true);
  assert.ok('params' in chosen && chosen.params.model === 'turing-addition-direct');
});

test('a selection that is no problem, or too long, is refused with what to select', () => {
  const refused = (text: string, pattern: RegExp) => {
    const r = programParams(text, '', true);
    assert.ok('problem' in r && pattern.test(r.problem), JSON.stringify(r));
  };
  refused('hello world', /^"hello world" is not a problem .* Select an addition like "57\+68"/u);
  refused('', /is not a problem/u);
  refused(`${'1'.repeat(600)}+${'2'.repeat(600)}`, /^The selection has 1201 characters; select one problem/u);
});
