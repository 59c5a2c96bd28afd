/**
 * @file Benchmark: merging two LoRA adapters shaped like a 100M-parameter model's
 * (12 layers × q, k, v, o [768 × 768] and mlp up [3072 × 768], down [768 × 3072]; r = 16),
 * synthetic seeded factors written as PEFT folders, merged by Model Lens (TypeScript) and by
 * numpy applying the same formulas (bench/lora_numpy.py, run with /usr/bin/python3 and Debian's
 * python3-numpy). Prints the best of 3 times per method, the ratio, and a checksum per method
 * (Σ over modules of ‖B·A‖²_F) from both sides so the results can be seen to agree.
 * Run with `node --import tsx bench/lora.bench.ts`; BENCH_DENSE_SVD=1 adds numpy's dense
 * (PEFT-style) SVD of every ΔW as a reference, which takes about a minute on two cores.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeCat } from '../src/core/analyses/lora/cat';
import { mergeLinear } from '../src/core/analyses/lora/linear';
import { lowRankInner } from '../src/core/analyses/lora/matrix';
import { denseDeltas } from '../src/core/analyses/lora/denseDelta';
import { mergeSvd } from '../src/core/analyses/lora/svd';
import { mergeTies } from '../src/core/analyses/lora/pruneMerges';
import { rngSeeded } from '../src/core/random/rng';
import { peftRead } from '../src/core/formats/peft/readAdapter';
import { loraScaling, type LoraAdapter, type LoraModule } from '../src/core/formats/peft/types';
import { peftWrite } from '../src/core/formats/peft/writeAdapter';

const LAYERS = 12;
const HIDDEN = 768;
const MLP = 3072;
const RANK = 16;
const WEIGHTS = [0.6, 0.4];
const DENSITY = 0.75;
const REPEATS = 3;

function synthetic(seed: number, alpha: number): LoraAdapter {
  const next = rngSeeded(seed);
  const modules = new Map<string, LoraModule>();
  const shapes: [string, number, number][] = [];
  for (let l = 0; l < LAYERS; l++) {
    for (const p of ['q', 'k', 'v', 'o']) shapes.push([`model.layers.${l}.self_attn.${p}_proj`, HIDDEN, HIDDEN]);
    shapes.push([`model.layers.${l}.mlp.up_proj`, MLP, HIDDEN], [`model.layers.${l}.mlp.down_proj`, HIDDEN, MLP]);
  }
  for (const [name, out, inp] of shapes.sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const a = Float32Array.from({ length: RANK * inp }, () => (next() * 2 - 1) / Math.sqrt(inp));
    const b = Float32Array.from({ length: out * RANK }, () => (next() * 2 - 1) * 0.01);
    modules.set(name, {
      name,
      a: { rows: RANK, cols: inp, data: a },
      b: { rows: out, cols: RANK, data: b },
      rank: RANK,
      alpha,
      scaling: loraScaling(alpha, RANK, false),
    });
  }
  return {
    config: {
      r: RANK,
      loraAlpha: alpha,
      targetModules: ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'up_proj', 'down_proj'],
      useRslora: false,
      rankPattern: {},
      alphaPattern: {},
      baseModelNameOrPath: 'synthetic-100m',
      taskType: 'CAUSAL_LM',
      fanInFanOut: false,
      raw: {},
    },
    modules,
    dtype: 'F32',
    extras: new Map(),
  };
}

/** Σ over modules of ‖scaling·B·A‖²_F, from the factors. */
function checksum(a: LoraAdapter): number {
  let s = 0;
  for (const m of a.modules.values()) s += m.scaling * m.scaling * lowRankInner(m.b, m.a, m.b, m.a);
  return s;
}

async function best<T>(fn: () => T | Promise<T>): Promise<{ seconds: number; value: T }> {
  let seconds = Infinity;
  let value: T | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    value = await fn();
    seconds = Math.min(seconds, (performance.now() - t0) / 1000);
  }
  return { seconds, value: value as T };
}

interface PyResult {
  numpy: string;
  seconds: Record<string, number>;
  checksum: Record<string, number>;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'lens-lora-bench-'));
  const dirs = [join(root, 'skill-a'), join(root, 'skill-b')];
  await peftWrite(dirs[0] ?? '', synthetic(1, 32));
  await peftWrite(dirs[1] ?? '', synthetic(2, 16));
  const read = await best(() => Promise.all(dirs.map((d) => peftRead(d))));
  const adapters = read.value;
  const ours: Record<string, { seconds: number; checksum: number }> = {
    read: { seconds: read.seconds, checksum: adapters.reduce((s, a) => s + checksum(a), 0) },
  };
  const runs: [string, () => LoraAdapter | Promise<LoraAdapter>][] = [
    ['linear', () => mergeLinear(adapters, WEIGHTS)],
    ['cat', () => mergeCat(adapters, WEIGHTS)],
    ['ties', () => mergeTies(adapters, WEIGHTS, { density: DENSITY })],
    ['svd', () => mergeSvd(adapters, WEIGHTS, { rank: RANK })],
  ];
  for (const [name, fn] of runs) {
    const r = await best(fn);
    ours[name] = { seconds: r.seconds, checksum: checksum(r.value) };
  }
  const dense = await best(() => denseDeltas(adapters, WEIGHTS));
  ours['dense ΔW'] = { seconds: dense.seconds, checksum: NaN };
  const args = JSON.stringify({
    dirs,
    weights: WEIGHTS,
    density: DENSITY,
    rank: RANK,
    repeats: REPEATS,
    denseSvd: process.env['BENCH_DENSE_SVD'] === '1',
  });
  let out: string;
  try {
    out = execFileSync('/usr/bin/python3', [join(__dirname, 'lora_numpy.py'), args], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const py = JSON.parse(out.trim().split('\n').pop() ?? '{}') as PyResult;
  const params = [...(adapters[0]?.modules.values() ?? [])].reduce((s, m) => s + m.b.rows * m.a.cols, 0);
  console.log(
    `LoRA merge of 2 adapters, r = ${RANK}, on ${adapters[0]?.modules.size} modules of a ` +
      `${(params / 1e6).toFixed(1)}M-weight stack`,
  );
  console.log(
    `  (12 layers × q,k,v,o 768×768 + up 3072×768 + down 768×3072), weights ${WEIGHTS.join(', ')}, density ` +
      `${DENSITY}; best of ${REPEATS}`,
  );
  console.log(
    `  ${'method'.padEnd(10)} ${'Model Lens'.padStart(11)} ${`numpy ${py.numpy}`.padStart(13)} ` +
      `${'ours/numpy'.padStart(11)}   checksum ours / numpy`,
  );
  for (const [name, o] of Object.entries(ours)) {
    const p = py.seconds[name];
    const ratio = p === undefined ? '' : `${(o.seconds / p).toFixed(2)}x`;
    const check = Number.isNaN(o.checksum)
      ? ''
      : `${o.checksum.toPrecision(8)} / ${py.checksum[name]?.toPrecision(8) ?? '-'}`;
    console.log(
      `  ${name.padEnd(10)} ${`${o.seconds.toFixed(3)} s`.padStart(11)} ` +
        `${p === undefined ? '-'.padStart(13) : `${p.toFixed(3)} s`.padStart(13)} ${ratio.padStart(11)}   ${check}`,
    );
  }
  const d = py.seconds['svd (dense, PEFT path)'];
  if (d !== undefined) {
    console.log(
      `  numpy svd the way PEFT computes it (np.linalg.svd of each dense ΔW): ${d.toFixed(3)} s, checksum ` +
        `${py.checksum['svd (dense, PEFT path)']?.toPrecision(8)}`,
    );
    console.log(
      `  Model Lens svd (QR of the factors, exact) against that: ${((ours['svd']?.seconds ?? NaN) / d).toFixed(3)}x`,
    );
  }
}

void main();
