import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from '../../../src/host/engineClient';
import { pingRequest } from '../../../src/shared/ping';
import { ensureBuilt, ROOT } from '../helpers';

let client: EngineClient;

before(() => {
  ensureBuilt();
  client = new EngineClient(join(ROOT, 'dist', 'engine.js'), () => undefined);
});
after(() => client.dispose());

test('partial results reach onPartial, checked, before the result and never after it', async () => {
  const seen: { pid: number; settled: boolean }[] = [];
  let settled = false;
  const r = await client.request(
    pingRequest,
    { delayMs: 0, partials: 3 },
    { onPartial: (p) => seen.push({ pid: p.pid, settled }) },
  );
  settled = true;
  // 150 ms apart: coalescing (100 ms) lets each through.
  assert.deepEqual(
    seen,
    [1, 2, 3].map(() => ({ pid: r.pid, settled: false })),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(seen.length, 3);
});

test('a request without onPartial still resolves while the engine sends partials', async () => {
  const r = await client.request(pingRequest, { delayMs: 0, partials: 2 });
  assert.equal(r.pid, client.pid);
});
