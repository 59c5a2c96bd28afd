import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { SIDE_PANEL_COMMANDS } from '../../../src/shared/messages';
import { SURPRISAL_BODY } from '../../../webview/surprisal/body';

test("the empty panel's buttons run exactly the commands on the host's allowlist", () => {
  const commands = [...SURPRISAL_BODY.matchAll(/data-command="([^"]+)"/gu)].map((m) => m[1]);
  assert.deepEqual(commands, [...SIDE_PANEL_COMMANDS]);
});

test('the side panel has its overview, detail chart, most surprising lines and a "what you are seeing" line', () => {
  for (const id of ['surprisal-overview', 'surprisal-chart', 'top-lines', 'about', 'empty-state', 'token-text']) {
    assert.match(SURPRISAL_BODY, new RegExp(`id="${id}"`, 'u'), `#${id}`);
  }
});

test('no stylesheet of the side panel changes the case of text (tokens must read as in the file)', () => {
  for (const file of ['webview/shared/base.css', 'webview/surprisal/style.css']) {
    const css = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(css, /text-transform\s*:\s*(?!none)/u, file);
  }
});
