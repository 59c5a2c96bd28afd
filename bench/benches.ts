/**
 * @file The benchmarks `npm run bench` runs (bench/run.ts), in order, each with the Python peers it starts and
 * the modules they import (a unit test checks these against the peers' sources). To add a benchmark: add an
 * entry here, run its peer with `runPeer` (bench/peer.ts) and report its steps with `reportRow` (bench/summary.ts).
 */

/** One benchmark of the runner. */
export interface Bench {
  /** Its name in BENCH_ONLY and in the summary. */
  readonly name: string;
  /** Its script, relative to bench/. */
  readonly file: string;
  /** The peer scripts it runs (relative to bench/). */
  readonly peers: readonly string[];
  /** The Python modules its peers import, directly or through tools/zoo (each mapped in bench/peerPackages.ts). */
  readonly modules: readonly string[];
  /** Its timed peer work is numpy's BLAS: the runner then reports numpy's OpenBLAS kernel in the header. */
  readonly numpy?: boolean;
  /** Node flags before `--import tsx`. */
  readonly nodeFlags?: readonly string[];
  /** Run only when named in BENCH_ONLY (too long for the default run). */
  readonly optIn?: boolean;
  /** It loads its model through the engine's device chain, so `--device` applies (the others run on the CPU). */
  readonly device?: boolean;
  /** Skip, not fail, when its script is missing (a benchmark another branch adds). */
  readonly mayBeMissing?: boolean;
}

/** Every benchmark, in the order the runner runs them. */
export const BENCHES: readonly Bench[] = [
  {
    name: 'surprisal',
    file: 'surprisal.bench.ts',
    peers: ['surprisal_torch.py'],
    modules: ['numpy', 'torch'],
    device: true,
  },
  {
    name: 'dependencies',
    file: 'dependencies.bench.ts',
    peers: ['dependencies_torch.py', 'surprisal_torch.py'],
    modules: ['numpy', 'torch'],
  },
  {
    name: 'copying',
    file: 'copying.bench.ts',
    peers: ['copying_torch.py', 'surprisal_torch.py'],
    modules: ['numpy', 'torch'],
    device: true,
  },
  { name: 'trees', file: 'trees.bench.ts', peers: ['trees_sklearn.py'], modules: ['numpy', 'sklearn'] },
  {
    name: 'lora',
    file: 'lora.bench.ts',
    peers: ['lora_numpy.py', 'numpy_peer.py'],
    modules: ['numpy', 'threadpoolctl'],
    numpy: true,
  },
  {
    name: 'numerics',
    file: 'numerics.bench.ts',
    peers: ['numerics_numpy.py', 'numpy_peer.py'],
    modules: ['numpy', 'sklearn', 'threadpoolctl'],
    numpy: true,
  },
  // tools/zoo/zoo_files.py's load_onnx_weights imports onnx inside the function.
  { name: 'positions', file: 'positions.bench.ts', peers: ['positions_torch.py'], modules: ['onnx', 'torch'] },
  { name: 'cancel', file: 'cancel.bench.ts', peers: [], modules: [], device: true },
  { name: 'remote', file: 'remote.bench.ts', peers: ['remote_client.py'], modules: [] },
  {
    name: 'scaling',
    file: 'scaling.bench.ts',
    peers: ['scaling_scipy.py', 'numpy_peer.py'],
    modules: ['numpy', 'scipy', 'threadpoolctl'],
  },
  { name: 'serving', file: 'serving.bench.ts', peers: ['serving_heapq.py'], modules: [] },
  { name: 'parity', file: 'parity.bench.ts', peers: ['parity_torch.py'], modules: ['torch'] },
  {
    name: 'kronecker',
    file: 'kronecker.bench.ts',
    peers: ['kronecker_numpy.py', 'numpy_peer.py'],
    modules: ['numpy', 'threadpoolctl'],
    numpy: true,
  },
  {
    name: 'routing',
    file: 'routing.bench.ts',
    peers: ['routing_numpy.py', 'numpy_peer.py'],
    modules: ['numpy', 'threadpoolctl'],
  },
  // tools/zoo/turing's model builds on tools/zoo/copying's; load_onnx_weights imports onnx inside the function.
  { name: 'turing', file: 'turing.bench.ts', peers: ['turing_torch.py'], modules: ['onnx', 'torch'] },
  // The cost of lens-lm's 1,024-token window beside 256 (the same model, the context overridden); no peer.
  { name: 'window', file: 'window.bench.ts', peers: [], modules: [], optIn: true },
  {
    name: 'surprisal-files',
    file: 'surprisal-files.bench.ts',
    peers: [],
    modules: [],
    nodeFlags: ['--expose-gc'],
    optIn: true,
    device: true,
  },
];

/**
 * The benchmarks named in `only` (comma- or space-separated names; empty: every one not opt-in), in run order.
 * @throws Error naming an unknown benchmark and listing the known ones.
 */
export function selectBenches(only: string | undefined, all: readonly Bench[] = BENCHES): Bench[] {
  const names = (only ?? '').split(/[\s,]+/u).filter((n) => n !== '');
  if (names.length === 0) return all.filter((b) => b.optIn !== true);
  const unknown = names.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length > 0)
    throw new Error(
      `Unknown benchmark ${unknown.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}: ` +
        `choose from ${all.map((b) => b.name).join(', ')}.`,
    );
  return all.filter((b) => names.includes(b.name));
}

/** The modules the peers of `benches` import, required and sorted. */
export function modulesOf(benches: readonly Bench[]): string[] {
  return [...new Set(benches.flatMap((b) => b.modules))].sort();
}
