import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { LensError } from '../../../src/core/errors';
import { SAMPLE_FILE, SAMPLE_SPOTS, sampleSpotOffset } from '../../../src/host/tour/spots';
import { ROOT } from '../helpers';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  steps: Step[];
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  contributes: { commands: { command: string }[]; walkthroughs?: Walkthrough[] };
};
const COMMANDS = new Set(pkg.contributes.commands.map((c) => c.command));
const sample = readFileSync(join(ROOT, 'media', SAMPLE_FILE), 'utf8');

/** `[command id, decoded JSON arguments]` of every `command:` link in `markdown`. */
function commandLinks(markdown: string): [string, unknown[]][] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)(?:\?([^)\s]+))?\)/g)].map(([, id, query]) => [
    id ?? '',
    query === undefined ? [] : (JSON.parse(decodeURIComponent(query)) as unknown[]),
  ]);
}

const walkthrough = (): Walkthrough => {
  const found = pkg.contributes.walkthroughs?.find((w) => w.id === 'modelLens.gettingStarted');
  assert.ok(found, 'package.json contributes no walkthrough modelLens.gettingStarted');
  return found;
};

test('the walkthrough the side panel links to exists, as model-lens.model-lens#modelLens.gettingStarted', () => {
  assert.equal(`${pkg.publisher}.${pkg.name}#${walkthrough().id}`, 'model-lens.model-lens#modelLens.gettingStarted');
});

test('the walkthrough steps through the sample and the four views, each with a page and a button', () => {
  const steps = walkthrough().steps;
  assert.deepEqual(
    steps.map((s) => s.id),
    ['openSample', 'surprisal', 'dependencies', 'trees', 'positions', 'lora'],
  );
  for (const step of steps) {
    const page = step.media.markdown ?? '';
    assert.ok(page.startsWith('media/walkthrough/') && existsSync(join(ROOT, page)), `${step.id}: no page ${page}`);
    const text = readFileSync(join(ROOT, page), 'utf8');
    assert.ok(text.length > 300, `${step.id}: the page says too little`);
    const buttons = commandLinks(step.description);
    assert.ok(buttons.length > 0, `${step.id}: no command button in the description`);
    assert.deepEqual(commandLinks(text), buttons, `${step.id}: the page's links differ from the buttons`);
    for (const [id, args] of buttons) {
      assert.ok(COMMANDS.has(id), `${step.id}: ${id} is not a contributed command`);
      if (id === 'modelLens.openSample') assert.doesNotThrow(() => sampleSpotOffset(sample, args[0]), step.id);
    }
    for (const e of step.completionEvents ?? []) {
      assert.ok(COMMANDS.has(e.replace(/^onCommand:/, '')), `${step.id}: completion event ${e}`);
    }
    for (const line of [...step.description.split('\n'), ...text.split('\n')]) {
      assert.ok(Buffer.byteLength(line) <= 200, `${step.id}: a line of ${Buffer.byteLength(line)} bytes`);
    }
  }
});

test('the sample spots land where the walkthrough says: the last ORDER_LOG, the sum in the docstring', () => {
  assert.equal(sampleSpotOffset(sample, undefined), 0);
  assert.equal(sampleSpotOffset(sample, 'start'), 0);
  const dep = sampleSpotOffset(sample, 'dependencies');
  assert.equal(sample.slice(dep - 'read_orders(ORDER_'.length, dep + 4), 'read_orders(ORDER_LOG)');
  assert.equal(sample[dep], 'L');
  assert.ok(sample.indexOf('ORDER_LOG') < dep - 20, 'an earlier ORDER_LOG to depend on');
  const sum = sampleSpotOffset(sample, 'positions');
  const line = sample.slice(sample.lastIndexOf('\n', sum) + 1, sample.indexOf('\n', sum));
  assert.equal(line.trim(), '48213+9077=', 'Show Position IDs reads the whole line: it must hold the sum alone');
  assert.deepEqual(Object.keys(SAMPLE_SPOTS), ['start', 'dependencies', 'positions']);
});

test('an unknown spot is bad input naming the spots; a sample without the spot is an internal error', () => {
  assert.throws(
    () => sampleSpotOffset(sample, 'nowhere'),
    (e: unknown) =>
      e instanceof LensError && e.code === 'bad-input' && /start, dependencies, positions/.test(e.message),
  );
  assert.throws(
    () => sampleSpotOffset('print(1)\n', 'positions'),
    (e: unknown) => e instanceof LensError && e.code === 'internal' && /48213\+9077=/.test(e.message),
  );
});

test('the extension host registers modelLens.openSample', async () => {
  const config = (await import(pathToFileURL(join(ROOT, 'esbuild.mjs')).href)) as { hostBuild: esbuild.BuildOptions };
  const result = await esbuild.build({ ...config.hostBuild, absWorkingDir: ROOT, write: false, logLevel: 'silent' });
  const code = result.outputFiles?.find((f) => f.path.endsWith('.js'))?.text ?? '';
  assert.ok(code.includes('"modelLens.openSample"'), 'no modelLens.openSample command in the host bundle');
});
