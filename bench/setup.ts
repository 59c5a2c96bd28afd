/**
 * @file What the runner (bench/run.ts) does before the benchmarks: find the peers' Python, check that every module
 * the chosen peers import is there, install the missing ones (BENCH_INSTALL=1, as root) or say in one line how,
 * and describe the machine for the summary's header (Python, numpy's OpenBLAS kernel, CPUs, load).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  choosePeerPython,
  DEBIAN_PYTHON,
  OPENBLAS_SLOW_VARS,
  PEER_PYTHON_ENV,
  peerEnv,
  PeerPythonError,
  pythonSysPath,
} from './peer';
import { debianPackages, missingMessage, OPTIONAL_MODULES } from './peerPackages';

/** Test hook: modules the first check treats as missing (comma-separated), to try the message and BENCH_INSTALL. */
export const PRETEND_MISSING_ENV = 'BENCH_PRETEND_MISSING';

/** The set-up cannot go on: `message` is one line for the user, `code` the exit code (2: install something). */
export class SetupError extends Error {
  /** The exit code. */
  readonly code: number;
  /** `message`: one line. */
  constructor(message: string, code: number) {
    super(message);
    this.code = code;
  }
}

const IMPORT_CHECK = `
import importlib, json, sys
failed = {}
for m in sys.argv[1:]:
    try:
        importlib.import_module(m)
    except Exception as e:
        failed[m] = "%s: %s" % (type(e).__name__, e)
print(json.dumps(failed))
`;

/** The modules of `modules` that do not import on `python`, with why. */
function failingImports(python: string, modules: readonly string[]): Record<string, string> {
  if (modules.length === 0) return {};
  const out = execFileSync(python, ['-c', IMPORT_CHECK, ...modules], { encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, string>;
}

const isRoot = (): boolean => process.getuid?.() === 0;
const canInstall = (): boolean => process.env['BENCH_INSTALL'] === '1' && isRoot() && existsSync('/usr/bin/apt-get');

/** apt-get update, then apt-get install of `packages`, printing apt's output. */
function aptInstall(packages: readonly string[]): void {
  console.log(`bench: installing ${packages.join(' ')} (BENCH_INSTALL=1)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
}

/** The peers' Python; with BENCH_INSTALL=1 as root, Debian's python3 is installed first when missing. */
function findPython(modules: readonly string[]): string {
  const probe = { env: process.env, exists: existsSync, sysPath: pythonSysPath };
  try {
    return choosePeerPython(probe);
  } catch (error) {
    if (!(error instanceof PeerPythonError)) throw error;
    const override = process.env[PEER_PYTHON_ENV] ?? '';
    if (override !== '' || existsSync(DEBIAN_PYTHON) || !canInstall())
      throw new SetupError(`npm run bench: ${error.message}`, 2);
    aptInstall(['python3', ...debianPackages([...modules, ...OPTIONAL_MODULES])]);
    return choosePeerPython(probe);
  }
}

/**
 * Finds the peers' Python and makes sure `modules` import on it (installing them with BENCH_INSTALL=1 as root).
 * Returns the Python's path and the optional modules still missing.
 * @throws SetupError (code 2) with the one line that says what to install.
 */
export function preparePeers(modules: readonly string[]): { python: string; optionalMissing: string[] } {
  const python = findPython(modules);
  const pretend = (process.env[PRETEND_MISSING_ENV] ?? '').split(',').filter((m) => m !== '');
  const wanted = [...new Set([...modules, ...OPTIONAL_MODULES])];
  let failed = failingImports(python, wanted);
  for (const m of pretend) failed[m] ??= `treated as missing (${PRETEND_MISSING_ENV})`;
  let missing = modules.filter((m) => failed[m] !== undefined);
  const optional = (): string[] => OPTIONAL_MODULES.filter((m) => failed[m] !== undefined);
  if (missing.length > 0 && canInstall() && python === DEBIAN_PYTHON) {
    aptInstall(debianPackages([...missing, ...optional()]));
    failed = failingImports(python, wanted);
    missing = modules.filter((m) => failed[m] !== undefined);
  }
  if (missing.length > 0) {
    for (const m of missing) console.error(`bench: ${python} cannot import ${m}: ${failed[m]?.slice(0, 200)}`);
    const override = python === DEBIAN_PYTHON ? undefined : python;
    throw new SetupError(missingMessage(missing, optional(), isRoot(), override), 2);
  }
  return { python, optionalMissing: optional() };
}

const BLAS_REPORT = `
import json
import numpy
info = {"numpy": numpy.__version__}
try:
    from threadpoolctl import threadpool_info
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    info["via"] = "threadpoolctl"
    info["blas"] = [{k: p.get(k) for k in ("internal_api", "version", "architecture", "num_threads")} for p in pools]
except ImportError:
    import ctypes
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        info["via"] = "libopenblas (no threadpoolctl)"
        config = lib.openblas_get_config().decode().split()
        info["blas"] = [{"internal_api": "openblas", "version": config[1] if len(config) > 1 else "?",
                         "architecture": lib.openblas_get_corename().decode(),
                         "num_threads": lib.openblas_get_num_threads()}]
    except (OSError, AttributeError) as e:
        info["via"] = "numpy.show_config"
        info["error"] = "no OpenBLAS found (%s)" % e
print(json.dumps(info))
`;

interface BlasInfo {
  numpy: string;
  via: string;
  blas?: { internal_api?: string; version?: string; architecture?: string; num_threads?: number }[];
  error?: string;
}

/** One line: the BLAS (and its kernel) numpy runs with in a numpy peer's environment. */
export function numpyBlasLine(python: string): string {
  const was = OPENBLAS_SLOW_VARS.map((n) => `${n}=${process.env[n] ?? '(unset)'}`).join(', ');
  let info: BlasInfo;
  try {
    const out = execFileSync(python, ['-c', BLAS_REPORT], { encoding: 'utf8', env: peerEnv({ numpy: true }) });
    info = JSON.parse(out.trim().split('\n').pop() ?? '{}') as BlasInfo;
  } catch {
    return `numpy BLAS: unknown (the report did not run); ours: ${was}`;
  }
  const libs = (info.blas ?? []).map(
    (b) => `${b.internal_api ?? '?'} ${b.version ?? '?'}, kernel ${b.architecture ?? '?'}, ${b.num_threads} threads`,
  );
  const what = libs.length > 0 ? libs.join('; ') : (info.error ?? 'no BLAS found');
  return (
    `numpy ${info.numpy} BLAS in numpy peers: ${what} (via ${info.via}; ` +
    `${OPENBLAS_SLOW_VARS.join(' and ')} unset for them; this shell has ${was})`
  );
}

/** The header lines of the summary: the peers' Python, numpy's BLAS (when `numpy`), CPUs and load. */
export function machineLines(python: string, numpy: boolean): string[] {
  const version = execFileSync(python, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' });
  const lines = [`peers' Python: ${python} (${version.trim()})`];
  if (numpy) lines.push(numpyBlasLine(python));
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  lines.push(`${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load}, node ${process.version}`);
  return lines;
}
