/**
 * @file The Python modules the benchmarks' peers import, mapped to the Debian packages that provide them, and the
 * one command that installs the missing ones. A peer that imports a new module adds it to {@link MODULE_PACKAGES}
 * (a unit test reads every bench/*.py and fails on a module that is neither mapped nor standard library).
 */

/** Python module (top-level import name) → the Debian package that provides it (checked with apt-cache policy). */
export const MODULE_PACKAGES: Readonly<Record<string, string>> = {
  numpy: 'python3-numpy',
  torch: 'python3-torch',
  sklearn: 'python3-sklearn',
  onnx: 'python3-onnx',
  scipy: 'python3-scipy',
  threadpoolctl: 'python3-threadpoolctl',
};

/** Modules the runner uses when present but does without: threadpoolctl names numpy's BLAS kernel. */
export const OPTIONAL_MODULES: readonly string[] = ['threadpoolctl'];

/** The standard-library modules the peers import (add one here when a peer imports another). */
export const PEER_STDLIB: readonly string[] = [
  'array',
  'concurrent',
  'ctypes',
  'hashlib',
  'heapq',
  'json',
  'math',
  'os',
  'sys',
  'time',
  'urllib',
];

/**
 * The Debian packages that provide `modules`, sorted, without repeats.
 * @throws Error naming a module that {@link MODULE_PACKAGES} does not map (a bug in the bench's module list).
 */
export function debianPackages(modules: Iterable<string>): string[] {
  const packages = new Set<string>();
  for (const m of modules) {
    const p = MODULE_PACKAGES[m];
    if (p === undefined) throw new Error(`No Debian package is known for the Python module ${JSON.stringify(m)}.`);
    packages.add(p);
  }
  return [...packages].sort();
}

/** The one command that installs `packages` (`sudo` unless the user is root). */
export function installCommand(packages: readonly string[], root: boolean): string {
  return `${root ? '' : 'sudo '}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * The one-line message for missing modules: what is missing, the command that installs it, and BENCH_INSTALL.
 * `missing` are the required modules that do not import, `optional` the missing optional ones (installed with them);
 * `override` is the Python MODEL_LENS_PEER_PYTHON names, if any (apt-get installs for Debian's Python only).
 */
export function missingMessage(
  missing: readonly string[],
  optional: readonly string[],
  root: boolean,
  override?: string,
): string {
  const command = installCommand(debianPackages([...missing, ...optional]), root);
  if (override !== undefined)
    return (
      `npm run bench: ${JSON.stringify(override.slice(0, 80))} (MODEL_LENS_PEER_PYTHON) lacks ${missing.join(', ')}: ` +
      `install them into it, or unset MODEL_LENS_PEER_PYTHON and run \`${command}\` for Debian's Python.`
    );
  const how = root ? ', or rerun with BENCH_INSTALL=1' : '';
  return `npm run bench: the peers' Python lacks ${missing.join(', ')}: install with \`${command}\`${how}.`;
}

/**
 * The top-level modules a Python source imports (`import a.b, c as d` → a, c; `from a.b import c` → a), in order
 * of first appearance; relative imports (`from . import x`) are left out. Indented imports count too.
 */
export function pythonImports(source: string): string[] {
  const found = new Set<string>();
  for (const raw of source.split('\n')) {
    const line = raw.replace(/#.*$/u, '').trim();
    const from = /^from\s+([A-Za-z_][\w.]*)\s+import\b/u.exec(line);
    if (from?.[1] !== undefined) {
      found.add(from[1].split('.')[0] ?? '');
      continue;
    }
    const plain = /^import\s+(.+)$/u.exec(line);
    if (plain?.[1] === undefined) continue;
    for (const part of plain[1].split(',')) {
      const name = part.trim().split(/\s+/u)[0]?.split('.')[0];
      if (name !== undefined && /^[A-Za-z_]\w*$/u.test(name)) found.add(name);
    }
  }
  return [...found];
}
