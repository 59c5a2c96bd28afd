/**
 * The length probe has its own view: a `probe` entry in the view registry with its own title and
 * containers (length chart, carry-chain chart, table, progress line, "what you are seeing", the words list),
 * its dashed markers at each training length and twice it, and the positions view has no probe section.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VIEWS } from '../../../webview/views';
import { trainingMarkers } from '../../../webview/probe/chart';

test('the probe view is registered with its own title and containers', () => {
  assert.equal(VIEWS.probe.title, 'Length Generalization Probe');
  const ids = [
    'summary',
    'toolbar',
    'status',
    'what',
    'probe-progress',
    'probe',
    'chain-part',
    'chains',
    'probe-table',
  ];
  for (const id of [...ids, 'methods']) {
    assert.match(VIEWS.probe.body, new RegExp(`id="${id}"`, 'u'), `#${id} in the probe view`);
  }
  assert.match(VIEWS.probe.body, /What you are seeing:/u);
});

test('the positions view shows the answer lines and no probe section', () => {
  const body = VIEWS.positions.body;
  for (const id of ['what', 'answer-written', 'answer-number', 'ids', 'attention', 'methods']) {
    assert.match(body, new RegExp(`id="${id}"`, 'u'), `#${id} in the positions view`);
  }
  assert.doesNotMatch(body, /probe/u);
  assert.match(body, /What you are seeing:/u);
});

test('dashed markers at each training length and twice it; lines that coincide share one label', () => {
  const curve = (model: string, trainMaxLength: number) => ({
    method: 'ppc' as const,
    model,
    trainMaxLength,
    accuracy: [],
  });
  assert.deepEqual(
    trainingMarkers([curve('a', 10), curve('b', 10)]).map((m) => [m.x, m.label]),
    [
      [10, 'trained up to 10'],
      [20, '2\u00d7'],
    ],
  );
  assert.deepEqual(
    trainingMarkers([curve('a', 10), curve('t', 20)]).map((m) => [m.x, m.label]),
    [
      [10, 'trained up to 10'],
      [20, 'trained up to 20 \u00b7 2\u00d710'],
      [40, '2\u00d720'],
    ],
  );
});
