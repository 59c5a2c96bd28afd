/**
 * @file The Python that runs the benchmarks' peers (PyTorch, numpy, scikit-learn), and how to run a peer.
 * Peers run on Debian's Python, `/usr/bin/python3` with Debian's `python3-*` packages, even where another
 * `python3` (pyenv, a virtualenv, conda) comes first on the PATH. `MODEL_LENS_PEER_PYTHON` names another one.
 *
 * A benchmark runs its peer with {@link runPeer}:
 * ```ts
 * const out = runPeer(join(__dirname, 'lora_numpy.py'), [args], { numpy: true });
 * const py = lastJsonLine<PyResult>(out);
 * ```
 * `numpy: true` unsets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for that command only (they slow a current numpy;
 * see the README's benchmark section); use it for peers whose timed work is numpy's BLAS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The environment variable that names the peers' Python instead of Debian's. */
export const PEER_PYTHON_ENV = 'MODEL_LENS_PEER_PYTHON';
/** Debian's Python. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
/** The folder of Debian's `python3-*` packages: Debian's Python has it on its `sys.path`. */
export const DEBIAN_DIST_PACKAGES = '/usr/lib/python3/dist-packages';
/** OpenBLAS settings that slow a current numpy; unset for numpy peers (that command only). */
export const OPENBLAS_SLOW_VARS = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'] as const;

/** The peers' Python could not be found or does not run. */
export class PeerPythonError extends Error {
  /** `message`: one line, what is wrong and what to do. */
  constructor(message: string) {
    super(message);
    this.name = 'PeerPythonError';
  }
}

/** What {@link choosePeerPython} needs to know of the machine (a seam for the unit tests). */
export interface PythonProbe {
  /** The environment (only {@link PEER_PYTHON_ENV} is read). */
  readonly env: NodeJS.ProcessEnv;
  /** Whether a file exists. */
  readonly exists: (path: string) => boolean;
  /** The `sys.path` of the Python at `path`; throws when it does not run. */
  readonly sysPath: (path: string) => string[];
}

/**
 * Picks the peers' Python: `$MODEL_LENS_PEER_PYTHON` when set (it must run), else Debian's `/usr/bin/python3`
 * when it exists and has Debian's dist-packages on its `sys.path`. Never the `python3` found on the PATH.
 * @throws PeerPythonError saying what to install or set.
 */
export function choosePeerPython(probe: PythonProbe): string {
  const override = probe.env[PEER_PYTHON_ENV];
  if (override !== undefined && override !== '') {
    try {
      probe.sysPath(override);
    } catch {
      throw new PeerPythonError(
        `${PEER_PYTHON_ENV}=${JSON.stringify(override.slice(0, 80))} does not run as Python. ` +
          `Point it at a working python3, or unset it to use Debian's ${DEBIAN_PYTHON}.`,
      );
    }
    return override;
  }
  if (!probe.exists(DEBIAN_PYTHON))
    throw new PeerPythonError(
      `Debian's Python (${DEBIAN_PYTHON}) is missing: install it (apt-get install -y python3), ` +
        `or set ${PEER_PYTHON_ENV} to a python3 that has the peers' packages.`,
    );
  let path: string[];
  try {
    path = probe.sysPath(DEBIAN_PYTHON);
  } catch {
    throw new PeerPythonError(`${DEBIAN_PYTHON} does not run: reinstall Debian's python3, or set ${PEER_PYTHON_ENV}.`);
  }
  if (!path.includes(DEBIAN_DIST_PACKAGES))
    throw new PeerPythonError(
      `${DEBIAN_PYTHON} is not Debian's Python (no ${DEBIAN_DIST_PACKAGES} on its sys.path), so Debian's ` +
        `python3-* packages are not there: set ${PEER_PYTHON_ENV} to a python3 that has the peers' packages.`,
    );
  return DEBIAN_PYTHON;
}

/** `sys.path` of the Python at `path`, from the Python itself; throws when it does not run. */
export function pythonSysPath(path: string): string[] {
  const out = execFileSync(path, ['-c', 'import json, sys; print(json.dumps(sys.path))'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 30_000,
  });
  return JSON.parse(out) as string[];
}

let chosen: string | undefined;

/**
 * The Python every benchmark runs its peers with (see {@link choosePeerPython}); looked up once per process.
 * @throws PeerPythonError when there is none.
 */
export function peerPython(): string {
  chosen ??= choosePeerPython({ env: process.env, exists: existsSync, sysPath: pythonSysPath });
  return chosen;
}

/** Options of {@link runPeer} and {@link peerEnv}. */
export interface PeerOptions {
  /** Unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE: the timed work is numpy's (OpenBLAS) BLAS. */
  readonly numpy?: boolean;
  /** Variables to add (after the unsetting). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The environment of a peer command: this process's, less the slow OpenBLAS settings for numpy peers. */
export function peerEnv(options: PeerOptions = {}, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  if (options.numpy === true) for (const name of OPENBLAS_SLOW_VARS) delete env[name];
  return { ...env, ...options.env };
}

/**
 * Runs `python3 script ...args` on the peers' Python and returns what it printed (its stderr goes to ours).
 * @throws when the peer exits non-zero (the benchmark then fails, and the runner's summary says so).
 */
export function runPeer(script: string, args: readonly string[], options: PeerOptions = {}): string {
  return execFileSync(peerPython(), [script, ...args], {
    encoding: 'utf8',
    env: peerEnv(options),
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26,
  });
}

/** The last line of a peer's output, parsed as JSON (peers print their result as one JSON line, last). */
export function lastJsonLine<T>(out: string): T {
  const line = out.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`The peer's last line is not JSON: ${JSON.stringify(line.slice(0, 80))}`);
  }
}

/** What `python3 -c code` prints on the peers' Python, trimmed (e.g. a path of its standard library). */
export function peerEval(code: string): string {
  return execFileSync(peerPython(), ['-c', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}
