import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_DOCUMENTS,
  SidePanelModel,
  WALKTHROUGH_ID,
  panelCommand,
  type PanelDocument,
} from '../../../src/host/views/sidePanelModel';
import type { ShowNotification } from '../../../src/shared/messages';

const A: PanelDocument = { uri: 'file:///w/a.py', name: 'a.py' };
const B: PanelDocument = { uri: 'file:///w/b.js', name: 'b.js' };
const show = (kind: string, result: unknown = { n: 1 }): ShowNotification => ({ type: 'show', kind, result });

test('the panel follows the active editor: each document shows its own results, or an empty state naming it', () => {
  const m = new SidePanelModel();
  const surprisalA = show('surprisal');
  assert.deepEqual(m.post(surprisalA, A), [{ type: 'clear', source: 'a.py' }, surprisalA]);
  const depsA = show('dependencies');
  assert.deepEqual(m.post(depsA, A), [depsA], 'same document: only the new result is sent');
  assert.deepEqual(m.focus(B), [{ type: 'clear', source: 'b.js' }], 'b.js has no results: an empty state');
  assert.deepEqual(m.focus(undefined), [], 'no text editor (a panel has focus): the panel keeps b.js');
  assert.deepEqual(m.focus(A), [{ type: 'clear', source: 'a.py' }, surprisalA, depsA]);
  assert.deepEqual(m.focus(A), [], 'the same editor again: nothing to send');
});

test("a result of a document not in view waits for its editor, and is never shown under another file's", () => {
  const m = new SidePanelModel();
  const surprisalA = show('surprisal');
  m.post(surprisalA, A);
  m.focus(B);
  const depsA = show('dependencies');
  assert.deepEqual(m.post(depsA, A), [], 'b.js is in view: nothing of a.py is sent');
  assert.equal(m.shownDocument?.uri, B.uri);
  assert.deepEqual(m.focus(A), [{ type: 'clear', source: 'a.py' }, surprisalA, depsA]);
});

test('Clear Decorations clears the panel, and a view loaded later is not given the old result back', () => {
  const m = new SidePanelModel();
  m.post(show('surprisal'), A);
  m.focus(B);
  m.post(show('surprisal'), B);
  // The view may be hidden when Clear runs (its message is then lost): the replay on `ready` must start
  // with a clear, or the webview redraws the result it saved in its own state.
  assert.deepEqual(m.clear(), [{ type: 'clear', source: 'b.js' }]);
  assert.deepEqual(m.replay(), [{ type: 'clear', source: 'b.js' }]);
  assert.deepEqual(m.focus(A), [{ type: 'clear', source: 'a.py' }], 'every document was cleared');
});

test('clearing one document leaves the others', () => {
  const m = new SidePanelModel();
  const s = show('surprisal');
  m.post(s, A);
  m.focus(B);
  m.post(show('surprisal'), B);
  assert.deepEqual(m.clear(B), [{ type: 'clear', source: 'b.js' }]);
  assert.deepEqual(m.focus(A), [{ type: 'clear', source: 'a.py' }, s]);
});

test('status lines pass through and are not kept', () => {
  const m = new SidePanelModel();
  const status = { type: 'status', state: 'running', message: 'scoring' } as const;
  assert.deepEqual(m.post(status, A), [status]);
  assert.deepEqual(m.replay(), [{ type: 'clear' }]);
});

test(`results of at most ${MAX_DOCUMENTS} documents are kept, the least recent forgotten first`, () => {
  const m = new SidePanelModel();
  for (let i = 0; i <= MAX_DOCUMENTS; i++) m.post(show('surprisal', { i }), { uri: `file:///${i}`, name: `${i}` });
  m.focus(B);
  assert.deepEqual(m.focus({ uri: 'file:///0', name: '0' }), [{ type: 'clear', source: '0' }]);
  assert.equal(m.focus({ uri: 'file:///1', name: '1' }).length, 2);
});

test('a snapshot restores the results and the document in view after a reload', () => {
  const m = new SidePanelModel();
  const s = show('surprisal', { tokens: [1, 2, 3] });
  m.post(show('surprisal'), B);
  m.focus(A);
  m.post(s, A);
  const saved = JSON.parse(JSON.stringify(m.snapshot())) as unknown;
  const reloaded = new SidePanelModel();
  reloaded.restore(saved);
  assert.deepEqual(reloaded.replay(), [{ type: 'clear', source: 'a.py' }, s]);
  assert.equal(reloaded.focus(B).length, 2, 'b.js kept too');
});

test('the snapshot is bounded: the most recent results that fit are kept, larger ones left out', () => {
  const m = new SidePanelModel();
  const small = show('surprisal', 'x'.repeat(100));
  m.post(show('surprisal', 'y'.repeat(10_000)), B);
  m.post(small, A);
  const saved = m.snapshot(1_000);
  assert.deepEqual(saved.documents, [{ uri: A.uri, name: 'a.py', shown: [small] }]);
});

test('a malformed saved state is ignored', () => {
  for (const bad of [undefined, 42, { version: 2, documents: [] }, { version: 1, documents: [{ uri: 1 }] }]) {
    const m = new SidePanelModel();
    m.restore(bad);
    assert.deepEqual(m.replay(), [{ type: 'clear' }]);
  }
});

test('panel buttons run only commands on the allowlist; the walkthrough button names the walkthrough', () => {
  assert.deepEqual(panelCommand('modelLens.analyseSurprisal'), { command: 'modelLens.analyseSurprisal', args: [] });
  assert.deepEqual(panelCommand('workbench.action.openWalkthrough'), {
    command: 'workbench.action.openWalkthrough',
    args: [WALKTHROUGH_ID],
  });
  for (const bad of [
    'workbench.action.terminal.new',
    'modelLens.clearDecorations',
    '',
    'modelLens.analyseSurprisal ',
  ]) {
    assert.equal(panelCommand(bad), undefined, bad);
  }
});
