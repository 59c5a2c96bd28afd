import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { revivedResults } from '../../../src/host/views/revived';
import { VIEWS } from '../../../webview/views';
import { ROOT } from '../helpers';

test('every editor-panel view activates the extension when VS Code revives its panel after a reload', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] };
  // The surprisal view is the side panel (a webview view, restored by its provider), not an editor panel; the
  // inspector is a custom editor, which VS Code reopens through its provider (activation: onCustomEditor).
  const panelViews = Object.keys(VIEWS).filter((id) => id !== 'surprisal' && id !== 'inspect');
  const missing = panelViews.filter((id) => !pkg.activationEvents.includes(`onWebviewPanel:modelLens.${id}`));
  assert.deepEqual(missing, [], 'views without an onWebviewPanel activation event in package.json');
});

test('a revived panel reads back the results its webview state kept, leaving out malformed ones', () => {
  const state = [
    { kind: 'treesTrace', result: { a: 1 }, source: 'sample.ts' },
    { kind: 'positions', result: [] },
    { kind: 3, result: {} },
    { kind: 'x' },
    null,
    'text',
  ];
  assert.deepEqual(revivedResults(state), [
    { kind: 'treesTrace', result: { a: 1 }, source: 'sample.ts' },
    { kind: 'positions', result: [], source: undefined },
  ]);
  assert.deepEqual(revivedResults(undefined), []);
  assert.deepEqual(revivedResults({ kind: 'treesTrace', result: {} }), []);
});
