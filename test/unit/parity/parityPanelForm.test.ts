import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PARITY_OPTIONS, ParityGridParamsSchema } from '../../../src/shared/parity';
import {
  PARITY_FORM_DEFAULTS,
  formParams,
  formRuns,
  parseRunArg,
  readParityForm,
  type ParityFormText,
} from '../../../src/shared/parityPanel';
import { check } from '../../../src/shared/schema';

const TYPED: ParityFormText = {
  n: '30',
  k: '3',
  widths: '1000, 10,100 ',
  samples: 'online; 200 1000',
  seeds: '3',
  sparsity: '2',
  steps: '5_000',
  inits: ['sparse', 'dense'],
  rewind: true,
};

test('the form reads lists in any separator, sorted, online (0) last, inits in the lab order', () => {
  const read = readParityForm(TYPED);
  assert.ok('form' in read, JSON.stringify(read));
  assert.deepEqual(read.form, {
    n: 30,
    k: 3,
    widths: [10, 100, 1000],
    samples: [200, 1000, 0],
    seeds: 3,
    inits: ['dense', 'sparse'],
    sparsity: 2,
    steps: 5000,
    rewind: true,
  });
  // 3 widths × 3 sample sizes × 2 inits × 3 seeds.
  assert.equal(formRuns(read.form), 54);
});

test('each bad field is named with what to type', () => {
  const bad = (patch: Partial<ParityFormText>) => readParityForm({ ...TYPED, ...patch });
  assert.deepEqual(bad({ n: '3.5' }), { field: 'n', problem: 'n (input bits): type a whole number from 2 to 1,000.' });
  assert.equal((bad({ widths: '10, ten' }) as { field: string }).field, 'widths');
  assert.match((bad({ widths: '10, ten' }) as { problem: string }).problem, /"ten" is not one/u);
  assert.match((bad({ widths: '' }) as { problem: string }).problem, /^Widths: type whole numbers from 1 to 100,000/u);
  assert.match((bad({ samples: '-5' }) as { problem: string }).problem, /"online" for a fresh batch/u);
  assert.deepEqual(bad({ n: '5', k: '6' }), { field: 'k', problem: 'k (relevant bits) must be at most n.' });
  assert.deepEqual(bad({ n: '5', sparsity: '6', k: '2' }), {
    field: 'sparsity',
    problem: 'Sparsity s must be at most n.',
  });
  assert.equal((bad({ inits: [] }) as { field: string }).field, 'inits');
  assert.equal((bad({ steps: String(PARITY_OPTIONS.steps.max + 1) }) as { field: string }).field, 'steps');
  const many = Array.from({ length: 21 }, (_, i) => i + 1).join(',');
  assert.deepEqual(bad({ widths: many }), { field: 'widths', problem: 'Widths: at most 20 values.' });
  // Duplicates count once: 20 distinct values pass.
  assert.ok('form' in bad({ widths: `${Array.from({ length: 20 }, (_, i) => i + 1).join(',')},1` }));
});

test('the defaults make valid grid params; the rest of the params are the lab defaults', () => {
  const params = formParams(PARITY_FORM_DEFAULTS);
  const c = check(ParityGridParamsSchema, params);
  assert.ok(c.ok, c.ok ? '' : c.message);
  assert.equal(params.batch, 32);
  assert.equal(params.lr, 0.1);
  assert.equal(params.weightDecay, 0.01);
});

test('the run message is checked again in the host: not JSON, a bad form, a valid one', () => {
  assert.deepEqual(parseRunArg('{'), { problem: 'The form sent something that is not JSON.' });
  const big = parseRunArg(JSON.stringify({ ...PARITY_FORM_DEFAULTS, n: 5000 }));
  assert.ok('problem' in big && /^The form is not valid: n: /u.test(big.problem), JSON.stringify(big));
  const extra = parseRunArg(JSON.stringify({ ...PARITY_FORM_DEFAULTS, k: 6, n: 5 }));
  assert.ok('problem' in extra, 'k > n passed');
  const missing = parseRunArg(JSON.stringify({ ...PARITY_FORM_DEFAULTS, inits: [] }));
  assert.ok('problem' in missing, 'no init passed');
  const ok = parseRunArg(JSON.stringify({ ...PARITY_FORM_DEFAULTS, widths: [10, 1000], seeds: 2 }));
  assert.ok('params' in ok, JSON.stringify(ok));
  assert.deepEqual(ok.params.widths, [10, 1000]);
  assert.equal(ok.params.seeds, 2);
  assert.equal(ok.params.testSize, PARITY_OPTIONS.testSize.default);
});
