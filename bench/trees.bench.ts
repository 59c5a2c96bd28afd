/**
 * @file Benchmark: our CART (histogram split search, TypeScript) beside scikit-learn's
 * DecisionTreeClassifier (exact split search, Cython) on next-byte prediction features built from
 * about 100,000 bytes of the peers' Python's standard-library source (sorted file names, deterministic; Debian's
 * /usr/lib/python3.11 on Debian 12).
 * Both get identical float32 features and labels, the same depth and leaf limits, and Gini
 * impurity; the script prints training times, both held-out accuracies and the ratio, and summary rows.
 * Run with `BENCH_ONLY=trees npm run bench`.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ardtAccuracy, ardtTrainIds } from '../src/core/analyses/trees/ardt';
import { boostedPredict, boostedTrain } from '../src/core/analyses/trees/boosted';
import { cartPredict, cartTrain, type TokenSplit } from '../src/core/analyses/trees/cart';
import { featuresMatrix, type FeatureMatrix } from '../src/core/analyses/trees/features';
import { embeddingRandom } from '../src/core/random/rng';
import { lastJsonLine, peerEval, runPeer } from './peer';
import { reportRow } from './summary';

const TRAIN = 100_000;
const TEST = 20_000;
const MAX_DEPTH = Number(process.env['BENCH_DEPTH'] ?? 16);
const MIN_LEAF = Number(process.env['BENCH_MIN_LEAF'] ?? 2);

/** The first TRAIN + TEST + 1 bytes of the top-level .py files of the peers' Python's stdlib, in name order. */
function corpus(): Uint8Array {
  const dir = peerEval('import sysconfig; print(sysconfig.get_paths()["stdlib"])');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.py'))
    .sort();
  const parts: Buffer[] = [];
  let size = 0;
  for (const name of names) {
    if (size > TRAIN + TEST + 1) break;
    const b = readFileSync(join(dir, name));
    parts.push(b);
    size += b.length;
  }
  return new Uint8Array(Buffer.concat(parts).subarray(0, TRAIN + TEST + 1));
}

/** Writes the features and labels in the layout bench/trees_sklearn.py reads. */
function writeData(m: FeatureMatrix, labels: Int32Array): string {
  const header = Buffer.from(
    JSON.stringify({
      rows: m.rows,
      cols: m.cols,
      trainRows: TRAIN,
      maxDepth: MAX_DEPTH,
      minLeaf: MIN_LEAF,
      criterion: 'gini',
    }),
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const path = join(mkdtempSync(join(tmpdir(), 'lens-trees-')), 'features.bin');
  writeFileSync(path, Buffer.concat([len, header, Buffer.from(m.values.buffer), Buffer.from(labels.buffer)]));
  return path;
}

/** Trains our tree and returns its time and held-out accuracy. */
function ours(
  m: FeatureMatrix,
  labels: Int32Array,
  tokenSplit: TokenSplit,
): { seconds: number; accuracy: number; nodes: number } {
  const train: FeatureMatrix = { ...m, rows: TRAIN, values: m.values.subarray(0, TRAIN * m.cols) };
  const t0 = performance.now();
  const model = cartTrain(train, labels.subarray(0, TRAIN), {
    maxDepth: MAX_DEPTH,
    minLeaf: MIN_LEAF,
    criterion: 'gini',
    tokenSplit,
  });
  const seconds = (performance.now() - t0) / 1000;
  let right = 0;
  for (let r = TRAIN; r < m.rows; r++) if (cartPredict(model, m.values, r * m.cols) === labels[r]) right++;
  return { seconds, accuracy: right / (m.rows - TRAIN), nodes: model.tree.size };
}

/** Our boosted ensemble with its defaults (no peer: printed for scale). */
function oursBoosted(m: FeatureMatrix, labels: Int32Array): { seconds: number; accuracy: number; trees: number } {
  const train: FeatureMatrix = { ...m, rows: TRAIN, values: m.values.subarray(0, TRAIN * m.cols) };
  const t0 = performance.now();
  const model = boostedTrain(train, labels.subarray(0, TRAIN));
  const seconds = (performance.now() - t0) / 1000;
  let right = 0;
  for (let r = TRAIN; r < m.rows; r++) if (boostedPredict(model, m.values, r * m.cols) === labels[r]) right++;
  return { seconds, accuracy: right / (m.rows - TRAIN), trees: model.trees.length };
}

/** The whole ARDT pipeline (features, bins, tree) with its defaults, as the CLI would run it. */
function oursArdt(bytes: Uint8Array): { seconds: number; accuracy: number } {
  const t0 = performance.now();
  const model = ardtTrainIds([{ ids: bytes.subarray(0, TRAIN + 1) }]);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, accuracy: ardtAccuracy(model, [{ ids: bytes.subarray(TRAIN) }]).accuracy };
}

function main(): void {
  const bytes = corpus();
  const spec = { window: 16, embedding: { table: embeddingRandom(256, 16, 1), dim: 16, decay: 0.8 } };
  const t0 = performance.now();
  const m = featuresMatrix(bytes, spec);
  const featureSeconds = (performance.now() - t0) / 1000;
  const labels = Int32Array.from(bytes.subarray(1));
  const path = writeData(m, labels);
  const a = ours(m, labels, 'threshold');
  const e = ours(m, labels, 'equals');
  const s = lastJsonLine<{ seconds: number; accuracy: number; nodes: number; sklearn: string }>(
    runPeer(join(__dirname, 'trees_sklearn.py'), [path]),
  );
  console.log(
    `next-byte CART on ${TRAIN} training / ${TEST} held-out bytes of Python stdlib source, ${m.cols} features`,
  );
  console.log(
    `  (16 bytes back + 16-dim decay-0.8 average of a seeded random byte embedding), depth ${MAX_DEPTH}, min ` +
      `leaf ${MIN_LEAF}, Gini`,
  );
  console.log(`  feature build: ${featureSeconds.toFixed(2)} s`);
  console.log(
    `  Model Lens CART, token <= splits:  ${a.seconds.toFixed(2)} s, held-out accuracy ${a.accuracy.toFixed(4)}, ` +
      `${a.nodes} nodes`,
  );
  console.log(
    `  Model Lens CART, token == splits:  ${e.seconds.toFixed(2)} s, held-out accuracy ${e.accuracy.toFixed(4)}, ` +
      `${e.nodes} nodes`,
  );
  console.log(
    `  scikit-learn ${s.sklearn} DecisionTree:  ${s.seconds.toFixed(2)} s, held-out accuracy ` +
      `${s.accuracy.toFixed(4)}, ${s.nodes} nodes`,
  );
  console.log(`  training-time ratio (scikit-learn / ours, <= splits): ${(s.seconds / a.seconds).toFixed(2)}x`);
  const accuracy = (x: { accuracy: number }): string => `accuracy ${x.accuracy.toFixed(4)}`;
  const note = `ours ${accuracy(a)}, scikit-learn ${s.sklearn} ${accuracy(s)}`;
  reportRow({ bench: 'trees', step: 'CART training, <= splits', ours: a.seconds, peer: s.seconds, unit: 's', note });
  reportRow({ bench: 'trees', step: 'CART training, == splits', ours: e.seconds, unit: 's', note: accuracy(e) });
  const d = oursArdt(bytes);
  reportRow({ bench: 'trees', step: 'ARDT end to end', ours: d.seconds, unit: 's', note: accuracy(d) });
  console.log(
    `  ARDT defaults end to end (16 bytes back, depth 16, min leaf 2): ${d.seconds.toFixed(2)} s, held-out ` +
      `accuracy ${d.accuracy.toFixed(4)}`,
  );
  if (process.env['BENCH_BOOSTED'] !== '0') {
    const b = oursBoosted(m, labels);
    console.log(
      `  Model Lens boosted, defaults (${b.trees} trees): ${b.seconds.toFixed(2)} s, held-out accuracy ` +
        `${b.accuracy.toFixed(4)}`,
    );
    reportRow({ bench: 'trees', step: `boosted, ${b.trees} trees`, ours: b.seconds, unit: 's', note: accuracy(b) });
  }
}

main();
