/**
 * The positions zoo's files: manifest hashes, config.json against the manifest, and the model
 * cards' accuracy curves (every length 1..30, in [0, 1], ppc with its ID accuracy).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { positionModelConfig } from '../../../src/core/analyses/positions/positionModel';
import { readManifest } from '../../../src/core/model/manifest';
import { MODELS } from '../helpers';

interface Entry {
  name: string;
  dir: string;
  context: number;
  sha256: Record<string, string>;
  positions: { task: string; method: string; maxPosition: number; trainMaxLength: number };
}
interface ChainTable {
  length: number;
  sampler: 'probe' | 'carry-heavy';
  chains: number[];
  problems: number[];
  exactMatch: (number | null)[];
}
interface Card {
  architecture: { parameters: number; layers: number };
  training: { steps: number; seconds: number; log: number[][]; seed: number };
  evaluation: {
    lengths: number[];
    samples: number;
    offset: number;
    exactMatch: (number | null)[];
    exactMatchOracleIds?: (number | null)[];
    idAccuracy?: (number | null)[];
    idAccuracyRandomOffsets?: { idAccuracy: number };
    byCarryChain?: ChainTable[];
  };
  recipe: string[];
}

const entries = readManifest(MODELS).filter((m) => m.task === 'positions') as unknown as Entry[];

/** Tokens of the longest training problem with its answer (data.py: longest_sequence). */
const LONGEST: Record<string, (n: number) => number> = {
  addition: (n) => 3 * n + 3,
  multiplication: (n) => 2 * n + 4,
  copy: (n) => 2 * n + 1,
};

/** An arithmetic card's table by longest carry chain at 2x and 3x the training length (those within 1..30). */
function checkChains(tables: ChainTable[] | undefined, task: string, T: number, samples: number): void {
  const lengths = [2 * T, 3 * T].filter((n) => n <= 30);
  assert.deepEqual([...new Set((tables ?? []).map((t) => t.length))], lengths);
  for (const t of tables ?? []) {
    assert.deepEqual(
      t.chains,
      Array.from({ length: t.length + 1 }, (_, i) => i),
    );
    const total = t.problems.reduce((s, k) => s + k, 0);
    if (t.sampler === 'probe') assert.equal(total, samples);
    else assert.ok(task === 'addition' && t.problems.every((k) => k === t.problems[0]));
    t.exactMatch.forEach((v, c) => assert.ok(t.problems[c] === 0 ? v === null : v !== null && v >= 0 && v <= 1));
  }
}

for (const e of entries) {
  test(`${e.name}: files match the manifest, config.json agrees with it, the card holds the curve 1..30`, () => {
    for (const [file, sha] of Object.entries(e.sha256)) {
      const bytes = readFileSync(join(MODELS, e.dir, file));
      assert.ok(bytes.length < 2 * 1024 * 1024, file);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), sha, `${e.dir}/${file}`);
    }
    const config = positionModelConfig(join(MODELS, e.dir));
    assert.deepEqual(
      [config.task, config.method, config.maxPosition, config.trainMaxLength],
      [e.positions.task, e.positions.method, e.positions.maxPosition, e.positions.trainMaxLength],
    );
    assert.equal(e.context, LONGEST[e.positions.task]?.(e.positions.trainMaxLength));
    const card = JSON.parse(readFileSync(join(MODELS, e.dir, 'model-card.json'), 'utf8')) as Card;
    assert.deepEqual(
      card.evaluation.lengths,
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assert.equal(card.evaluation.offset, 0);
    assert.ok(card.evaluation.samples >= 100);
    for (const v of card.evaluation.exactMatch) assert.ok(v !== null && v >= 0 && v <= 1);
    assert.ok(card.training.steps > 0 && card.training.seconds > 0 && card.training.log.length > 0);
    assert.match(card.recipe.join('\n'), /tools[./]zoo[./]positions[./]train/u);
    if (config.task !== 'copy')
      checkChains(card.evaluation.byCarryChain, config.task, config.trainMaxLength, card.evaluation.samples);
    if (config.method === 'ppc') {
      assert.equal(card.evaluation.idAccuracy?.length, 30);
      assert.equal(card.evaluation.exactMatchOracleIds?.length, 30);
      assert.ok((card.evaluation.idAccuracyRandomOffsets?.idAccuracy ?? 0) >= 0.99);
    }
  });
}
