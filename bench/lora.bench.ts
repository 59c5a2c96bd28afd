/**
 * @file Benchmark: merging two LoRA adapters shaped like a 100M-parameter model's
 * (12 layers × q, k, v, o [768 × 768] and mlp up [3072 × 768], down [768 × 3072]; r = 16),
 * synthetic seeded factors written as PEFT folders, merged by Model Lens (TypeScript) and by
 * numpy applying the same formulas (bench/lora_numpy.py, run on Debian's Python (bench/peer.ts) and Debian's
 * python3-numpy, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE left out of its environment only).
 * Prints the best of 3 times per method (both sides, each after one untimed run, so that
 * JavaScript's compile time is not what is timed), the ratio, and a checksum per method from both
 * sides so the results can be seen to agree: Σ over modules of ‖B·A‖²_F for the merged factors,
 * and of ‖ΔW‖²_F for the dense update (equal to cat's). DARE's masks are the same on both sides
 * (the peer reproduces Model Lens's seeded draws). `loraBench()` returns the rows for a summary
 * table.
 * Run with `node --import tsx bench/lora.bench.ts`; BENCH_LORA_STEPS=linear,ties runs only those steps
 * (read always runs); BENCH_REPEATS=n takes the best of n on both sides (for a busy machine),
 * after BENCH_WARMUP (default 1) untimed runs on both sides;
 * BENCH_DENSE_SVD=1 adds numpy's dense (PEFT-style) SVD of every ΔW as a reference, which takes
 * about a minute on two cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeCat } from '../src/core/analyses/lora/cat';
import { mergeLinear } from '../src/core/analyses/lora/linear';
import { lowRankInner } from '../src/core/analyses/lora/matrix';
import { denseDeltas } from '../src/core/analyses/lora/denseDelta';
import { mergeSvd } from '../src/core/analyses/lora/svd';
import { mergeDareLinear, mergeDareTies, mergeMagnitudePrune, mergeTies } from '../src/core/analyses/lora/pruneMerges';
import { rngSeeded } from '../src/core/random/rng';
import { peftRead } from '../src/core/formats/peft/readAdapter';
import { loraScaling, type LoraAdapter, type LoraModule } from '../src/core/formats/peft/types';
import { peftWrite } from '../src/core/formats/peft/writeAdapter';
import type { Matrix } from '../src/core/formats/peft/types';
import { lastJsonLine, runPeer } from './peer';
import { reportRow } from './summary';
import { best as timedBest } from './timing';

const LAYERS = 12;
const HIDDEN = 768;
const MLP = 3072;
const RANK = 16;
const WEIGHTS = [0.6, 0.4];
const DENSITY = 0.75;
const REPEATS = Number(process.env['BENCH_REPEATS'] ?? 3);
/** Untimed runs first, on both sides, so the best of REPEATS is not JavaScript's compile time. */
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 1);
const SEED = 0;

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

/** Σ over modules of ‖ΔW‖²_F, in float64. */
function denseChecksum(deltas: ReadonlyMap<string, Matrix>): number {
  let s = 0;
  for (const m of deltas.values()) {
    const d = m.data;
    for (let i = 0; i < d.length; i++) s += (d[i] ?? 0) * (d[i] ?? 0);
  }
  return s;
}

function best<T>(fn: () => T | Promise<T>): Promise<{ seconds: number; value: T }> {
  return timedBest(fn, REPEATS, WARMUP);
}

interface PyResult {
  numpy: string;
  blas?: string;
  seconds: Record<string, number>;
  checksum: Record<string, number>;
}

/** One step of the benchmark, both sides: seconds (best of the repeats) and checksum. */
export interface LoraBenchRow {
  readonly step: string;
  readonly ours: { readonly seconds: number; readonly checksum: number };
  readonly numpy?: { readonly seconds: number; readonly checksum: number };
}

type Step = [string, (adapters: LoraAdapter[]) => Promise<{ seconds: number; checksum: number }>];

const merged =
  (fn: (adapters: LoraAdapter[]) => LoraAdapter | Promise<LoraAdapter>) =>
  async (adapters: LoraAdapter[]): Promise<{ seconds: number; checksum: number }> => {
    const r = await best(() => fn(adapters));
    return { seconds: r.seconds, checksum: checksum(r.value) };
  };

const STEPS: Step[] = [
  ['linear', merged((a) => mergeLinear(a, WEIGHTS))],
  ['cat', merged((a) => mergeCat(a, WEIGHTS))],
  ['ties', merged((a) => mergeTies(a, WEIGHTS, { density: DENSITY }))],
  ['dare_linear', merged((a) => mergeDareLinear(a, WEIGHTS, { density: DENSITY, seed: SEED }))],
  ['dare_ties', merged((a) => mergeDareTies(a, WEIGHTS, { density: DENSITY, seed: SEED }))],
  ['magnitude_prune', merged((a) => mergeMagnitudePrune(a, WEIGHTS, { density: DENSITY }))],
  ['svd', merged((a) => mergeSvd(a, WEIGHTS, { rank: RANK }))],
  [
    'dense ΔW',
    async (a) => {
      const r = await best(() => denseDeltas(a, WEIGHTS));
      return { seconds: r.seconds, checksum: denseChecksum(r.value) };
    },
  ],
];

/** The environment for numpy: ours without the OpenBLAS overrides that slow a current numpy (env README). */
/** Runs the benchmark (steps named in BENCH_LORA_STEPS, or all) and returns one row per step. */
export async function loraBench(only = process.env['BENCH_LORA_STEPS']): Promise<LoraBenchRow[]> {
  const wanted = only === undefined || only === '' ? undefined : new Set(only.split(','));
  const steps = STEPS.filter(([name]) => wanted === undefined || wanted.has(name));
  const root = mkdtempSync(join(tmpdir(), 'lens-lora-bench-'));
  try {
    const dirs = [join(root, 'skill-a'), join(root, 'skill-b')];
    await peftWrite(dirs[0] ?? '', synthetic(1, 32));
    await peftWrite(dirs[1] ?? '', synthetic(2, 16));
    const read = await best(() => Promise.all(dirs.map((d) => peftRead(d))));
    const adapters = read.value;
    const ours: Record<string, { seconds: number; checksum: number }> = {
      read: { seconds: read.seconds, checksum: adapters.reduce((s, a) => s + checksum(a), 0) },
    };
    for (const [name, run] of steps) ours[name] = await run(adapters);
    const args = JSON.stringify({
      dirs,
      methods: steps.map(([name]) => name),
      weights: WEIGHTS,
      density: DENSITY,
      rank: RANK,
      seed: SEED,
      repeats: REPEATS,
      warmup: WARMUP,
      denseSvd: process.env['BENCH_DENSE_SVD'] === '1',
    });
    const py = lastJsonLine<PyResult>(runPeer(join(__dirname, 'lora_numpy.py'), [args], { numpy: true }));
    const rows: LoraBenchRow[] = Object.entries(ours).map(([step, o]) => {
      const seconds = py.seconds[step];
      const check = py.checksum[step];
      return seconds === undefined ? { step, ours: o } : { step, ours: o, numpy: { seconds, checksum: check ?? NaN } };
    });
    const dense = py.seconds['svd (dense, PEFT path)'];
    if (dense !== undefined)
      rows.push({
        step: 'svd (dense, PEFT path)',
        ours: ours['svd'] ?? { seconds: NaN, checksum: NaN },
        numpy: { seconds: dense, checksum: py.checksum['svd (dense, PEFT path)'] ?? NaN },
      });
    printTable(rows, py.numpy, adapters);
    for (const { step, ours: o, numpy: p } of rows) {
      const agree = p === undefined ? '' : `, checksum ${o.checksum.toPrecision(8)} / ${p.checksum.toPrecision(8)}`;
      reportRow({
        bench: 'lora',
        step,
        ours: o.seconds,
        ...(p === undefined ? {} : { peer: p.seconds }),
        unit: 's',
        ...(step.startsWith('svd (dense') ? {} : { goal: 1.5 }),
        note: `numpy ${py.numpy}${agree}`,
      });
    }
    console.log(`  numpy's BLAS: ${py.blas ?? 'not reported'} (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for it)`);
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function printTable(rows: readonly LoraBenchRow[], numpy: string, adapters: readonly LoraAdapter[]): void {
  const params = [...(adapters[0]?.modules.values() ?? [])].reduce((s, m) => s + m.b.rows * m.a.cols, 0);
  console.log(
    `LoRA merge of 2 adapters, r = ${RANK}, on ${adapters[0]?.modules.size} modules of a ` +
      `${(params / 1e6).toFixed(1)}M-weight stack`,
  );
  console.log(
    `  (12 layers × q,k,v,o 768×768 + up 3072×768 + down 768×3072), weights ${WEIGHTS.join(', ')}, density ` +
      `${DENSITY}, DARE seed ${SEED}; best of ${REPEATS} after ${WARMUP} untimed`,
  );
  console.log(
    `  ${'method'.padEnd(16)} ${'Model Lens'.padStart(11)} ${`numpy ${numpy}`.padStart(13)} ` +
      `${'ours/numpy'.padStart(11)}   ${'checksum ours / numpy'.padEnd(29)} rel. diff`,
  );
  for (const { step, ours, numpy: p } of rows) {
    const ratio = p === undefined ? '' : `${(ours.seconds / p.seconds).toFixed(2)}x`;
    const check =
      p === undefined
        ? `${ours.checksum.toPrecision(8)}`
        : `${ours.checksum.toPrecision(8)} / ${p.checksum.toPrecision(8)}`;
    const diff = p === undefined ? '' : (Math.abs(ours.checksum - p.checksum) / Math.abs(p.checksum)).toExponential(1);
    console.log(
      `  ${step.padEnd(16)} ${`${ours.seconds.toFixed(3)} s`.padStart(11)} ` +
        `${p === undefined ? '-'.padStart(13) : `${p.seconds.toFixed(3)} s`.padStart(13)} ${ratio.padStart(11)}   ` +
        `${check.padEnd(29)} ${diff}`,
    );
  }
}

if (require.main === module) void loraBench();
