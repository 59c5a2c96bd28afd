/**
 * The LoRA toolkit's schemas: a well-formed composition result is accepted and every malformed one
 * is refused naming the wrong field (what the view checks before drawing); request params are
 * checked by value; task JSONL lines and adapter_config.json name the wrong line and field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTaskJsonl } from '../../../src/core/analyses/lora/taskData';
import { loraConfigParse } from '../../../src/core/formats/peft/adapterConfig';
import {
  COMPOSE_METHODS,
  DEFAULT_COMPOSE_METHODS,
  LORA_MERGE_METHODS,
  loraComposeRequest,
  loraMergeRequest,
  loraStatsRequest,
  type LoraComposeResult,
} from '../../../src/shared/lora';
import { check } from '../../../src/shared/schema';

function result(): LoraComposeResult {
  const examples = [{ prompt: 'seven plus five>', expected: '12', answer: '12' }];
  return {
    base: 'lora-base',
    adapters: ['lora-arith', 'lora-words'],
    mix: 'lora-mix',
    data: { source: 'test.jsonl', items: 200 },
    dev: { source: 'dev.jsonl', items: 64 },
    weights: [1, 1],
    density: 0.75,
    rows: [
      { config: 'base', kind: 'base', exactMatch: 0, loss: 2.5, examples },
      {
        config: 'CAT (learned)',
        kind: 'merge',
        method: 'cat',
        exactMatch: 0.9,
        loss: 0.1,
        catWeights: [[0.4, 0.6]],
        examples,
      },
    ],
    cat: {
      parameterisation: 'softmax',
      weights: [[0.4, 0.6]],
      devLoss: 0.1,
      startLoss: 0.5,
      history: [0.5, 0.1],
      evaluations: 9,
    },
    layers: [
      {
        layer: 0,
        name: 'layer 0',
        cosine: [
          [1, 0.1],
          [0.1, null],
        ],
        overlapping: 10,
        conflicting: 3,
        conflictShare: 0.3,
      },
    ],
    seconds: 12.5,
  };
}

type Draft = { -readonly [K in keyof LoraComposeResult]: unknown } & Record<string, unknown>;

/** A copy of the result with `edit` applied. */
function broken(
  edit: (r: Draft & { rows: Record<string, unknown>[]; layers: Record<string, unknown>[] }) => void,
): unknown {
  const r = structuredClone(result()) as unknown as Draft & {
    rows: Record<string, unknown>[];
    layers: Record<string, unknown>[];
  };
  edit(r);
  return r;
}

function refused(value: unknown, field: RegExp): void {
  const checked = check(loraComposeRequest.result, value);
  assert.equal(checked.ok, false, 'accepted a malformed result');
  if (!checked.ok) assert.match(checked.message, field);
}

test('the closed sets: compose methods are the learned CATs, peft_cat and every PEFT merge but cat', () => {
  assert.deepEqual(
    [...COMPOSE_METHODS].sort(),
    ['cat', 'cat_free', 'peft_cat', ...LORA_MERGE_METHODS.filter((m) => m !== 'cat')].sort(),
  );
  for (const m of DEFAULT_COMPOSE_METHODS) assert.ok((COMPOSE_METHODS as readonly string[]).includes(m), m);
});

test('a well-formed composition result is accepted', () => {
  const checked = check(loraComposeRequest.result, result());
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
});

test('malformed composition results are refused, naming the field', () => {
  refused(
    broken((r) => {
      r.rows[1]!['exactMatch'] = 1.5;
    }),
    /^rows\.1\.exactMatch: /u,
  );
  refused(
    broken((r) => {
      r.rows[0]!['loss'] = Number.NaN;
    }),
    /^rows\.0\.loss: /u,
  );
  refused(
    broken((r) => {
      r.rows[0]!['kind'] = 'other';
    }),
    /^rows\.0\.kind: /u,
  );
  refused(
    broken((r) => {
      r.rows[1]!['method'] = 'frobnicate';
    }),
    /^rows\.1\.method: /u,
  );
  refused(
    broken((r) => {
      r.rows[0]!['examples'] = [{ prompt: 'x', expected: 1, answer: '' }];
    }),
    /^rows\.0\.examples\.0\.expected: /u,
  );
  refused(
    broken((r) => {
      r.weights = [1];
    }),
    /^weights: one weight per adapter/u,
  );
  refused(
    broken((r) => {
      r.cat = { ...result().cat, weights: [[1]] };
    }),
    /^cat: one CAT weight per adapter/u,
  );
  refused(
    broken((r) => {
      r.cat = { ...result().cat, parameterisation: 'adam' };
    }),
    /^cat\.parameterisation: /u,
  );
  refused(
    broken((r) => {
      r.layers[0]!['cosine'] = [[1]];
    }),
    /^layers: one cosine per pair/u,
  );
  refused(
    broken((r) => {
      r.layers[0]!['conflictShare'] = -0.1;
    }),
    /^layers\.0\.conflictShare: /u,
  );
  refused(
    broken((r) => {
      r.layers[0]!['overlapping'] = 1.5;
    }),
    /^layers\.0\.overlapping: /u,
  );
  refused(
    broken((r) => {
      r.data = { source: 'x' };
    }),
    /^data\.items: /u,
  );
  refused(
    broken((r) => {
      r.seconds = '1';
    }),
    /^seconds: /u,
  );
});

test('request params are checked by value', () => {
  const data = { source: 't.jsonl', text: '' };
  const compose = { base: 'lora-base', adapters: ['a', 'b'], data, methods: ['ties'], allowLocalFiles: true };
  assert.ok(check(loraComposeRequest.params, compose).ok);
  const bad = (params: unknown, field: RegExp, kind = loraComposeRequest.params): void => {
    const checked = check(kind, params);
    assert.equal(checked.ok, false);
    if (!checked.ok) assert.match(checked.message, field);
  };
  bad({ ...compose, methods: ['frobnicate'] }, /^methods\.0: /u);
  bad({ ...compose, density: 1.5 }, /^density: /u);
  bad({ ...compose, weights: [1, Number.POSITIVE_INFINITY] }, /^weights\.1: /u);
  bad({ ...compose, catSteps: 0 }, /^catSteps: /u);
  bad({ ...compose, adapters: [] }, /^adapters: /u);
  const merge = { adapters: ['a'], method: 'linear', out: '/tmp/x', allowLocalFiles: true };
  assert.ok(check(loraMergeRequest.params, merge).ok);
  bad({ ...merge, method: 'average' }, /^method: /u, loraMergeRequest.params);
  bad({ ...merge, rank: 0 }, /^rank: /u, loraMergeRequest.params);
  bad({ ...merge, out: '' }, /^out: /u, loraMergeRequest.params);
  bad({ adapters: ['a'], density: -1, allowLocalFiles: true }, /^density: /u, loraStatsRequest.params);
});

test('task JSONL: a line that is not JSON, or lacks a string field, is named with its field', () => {
  assert.deepEqual(parseTaskJsonl('{"prompt": "1+1=", "answer": "2"}\n\n', 'f.jsonl'), [
    { prompt: '1+1=', answer: '2' },
  ]);
  assert.throws(
    () => parseTaskJsonl('{"prompt": "a", "answer": "b"}\n{oops\n', 'f.jsonl'),
    /f\.jsonl line 2 is not JSON/u,
  );
  assert.throws(() => parseTaskJsonl('{"prompt": "a", "answer": 2}\n', 'f.jsonl'), /f\.jsonl line 1 .*\(answer: /u);
  assert.throws(() => parseTaskJsonl('{"answer": "b"}\n', 'f.jsonl'), /f\.jsonl line 1 .*\(prompt: /u);
  assert.throws(() => parseTaskJsonl('[1]\n', 'f.jsonl'), /f\.jsonl line 1 needs string fields/u);
  assert.throws(() => parseTaskJsonl('\n', 'f.jsonl'), /holds no items/u);
});

test('adapter_config.json: each wrong field is named with its value', () => {
  assert.throws(() => loraConfigParse({ r: 0 }), /"r" is 0, not a positive integer/u);
  assert.throws(() => loraConfigParse({ r: '8' }), /"r" is "8", not a positive integer/u);
  assert.throws(() => loraConfigParse({ lora_alpha: 'x' }), /"lora_alpha" is "x", not a finite number above 0/u);
  assert.throws(() => loraConfigParse({ target_modules: 5 }), /"target_modules" is 5, not a list of module names/u);
  assert.throws(
    () => loraConfigParse({ rank_pattern: { q_proj: 1.5 } }),
    /"rank_pattern\.q_proj" is 1\.5, not a positive integer/u,
  );
  assert.throws(() => loraConfigParse({ use_rslora: 'yes' }), /"use_rslora" is "yes", not true or false/u);
  assert.throws(() => loraConfigParse([1]), /it is not a JSON object/u);
  const c = loraConfigParse({ target_modules: null, base_model_name_or_path: 'm', extra: 1 });
  assert.deepEqual([c.r, c.loraAlpha, c.targetModules, c.baseModelNameOrPath, c.raw['extra']], [8, 8, [], 'm', 1]);
});
