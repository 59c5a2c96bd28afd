/**
 * The length probe has its own view: a `probe` entry in the view registry with its own title and
 * containers (chart, table, progress line, "what you are seeing", the words list), and the positions
 * view no longer carries the probe's section but has the answer lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VIEWS } from '../../../webview/views';

test('the probe view is registered with its own title and containers', () => {
  assert.equal(VIEWS.probe.title, 'Length Generalization Probe');
  for (const id of ['summary', 'toolbar', 'status', 'what', 'probe-progress', 'probe', 'probe-table', 'methods']) {
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
