/**
 * @file Runs one case: writes its files into a fresh folder under the run's temporary folder (never the
 * repository), hashes them, runs the command through an executor (the CLI as a child process, or the
 * in-process worker) under a time and memory limit, then checks the inputs are unchanged, what a failed run
 * left behind and what a successful one wrote, and classifies the outcome.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { classify, outputProblem, type Outcome, type RunResult } from './classify';
import { CLI } from './materials';
import type { FuzzCase } from './types';

/** The limits a case runs under. */
export interface Limits {
  readonly timeMs: number;
  /** Resident memory at which the run is killed, in MB. */
  readonly memoryMb: number;
}

/** Runs a command line in a folder and reports what it did. */
export interface Executor {
  exec(dir: string, argv: readonly string[], limits: Limits): Promise<RunResult>;
  close(): Promise<void>;
}

/**
 * The environment of a case: the model cache inside its folder (so that a failed run's cached files are
 * seen), HOME in the run's folder (onnxruntime keeps a device id there).
 */
export function caseEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: join(dirname(dir), 'home'), MODEL_LENS_CACHE: join(dir, 'cache', 'hub') };
}

/** VmHWM and VmRSS of a process, in kB (0 when it is gone). */
export function memoryOf(pid: number): { hwm: number; rss: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`, 'u').exec(status)?.[1] ?? 0);
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return { hwm: 0, rss: 0 };
  }
}

/** Watches a process: kills it past the time limit or the memory limit, and tracks its peak memory. */
export function watch(pid: number, limits: Limits, kill: () => void) {
  const state = { peakKb: 0, timedOut: false, overMemory: false };
  const poll = setInterval(() => {
    const m = memoryOf(pid);
    state.peakKb = Math.max(state.peakKb, m.hwm);
    if (m.rss > limits.memoryMb * 1024 && !state.overMemory) {
      state.overMemory = true;
      kill();
    }
  }, 25);
  const timer = setTimeout(() => {
    state.timedOut = true;
    kill();
  }, limits.timeMs);
  return {
    state,
    stop: () => {
      clearInterval(poll);
      clearTimeout(timer);
    },
  };
}

const CAP = 64 * 1024 * 1024;

/** Runs `node dist/cli.js …` as a child process. */
export const cliExecutor: Executor = {
  exec(dir, argv, limits) {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...argv], { cwd: dir, env: caseEnv(dir), stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (b: Buffer) => {
      size += b.length;
      if (size < CAP) into.push(b);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const w = watch(child.pid ?? 0, limits, () => child.kill('SIGKILL'));
    return new Promise((resolve) => {
      child.on('close', (exit, signal) => {
        w.stop();
        const killed = w.state.timedOut || w.state.overMemory;
        resolve({
          exit,
          signal: killed ? null : signal,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          ms: Date.now() - started,
          peakMb: Math.round(w.state.peakKb / 1024),
          timedOut: w.state.timedOut,
          overMemory: w.state.overMemory,
        });
      });
    });
  },
  close: () => Promise.resolve(),
};

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Writes a case's files into `dir`. */
export function writeCase(c: FuzzCase, dir: string): void {
  for (const [name, spec] of Object.entries(c.files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof spec !== 'string' && !(spec instanceof Uint8Array)) copyFileSync(spec.copy, path);
    else writeFileSync(path, spec);
  }
}

/** Runs one case in a new folder under `runDir` and classifies it; the folder is removed unless `keep`. */
export async function runCase(
  c: FuzzCase,
  executor: Executor,
  limits: Limits,
  runDir: string,
  keep = false,
): Promise<Outcome> {
  const dir = mkdtempSync(join(runDir, `${c.format}-${c.seed}-${c.index}-`));
  try {
    writeCase(c, dir);
    const before = new Map(walk(dir).map((f) => [f, sha(f)]));
    const r = await executor.exec(dir, c.argv, limits);
    const changed = [...before].find(([f, h]) => !existsSync(f) || sha(f) !== h)?.[0];
    const added = walk(dir).filter((f) => !before.has(f));
    const output = r.exit === 0 && c.outputs !== undefined ? outputProblem(dir, c.outputs) : undefined;
    return classify(r, {
      ...(changed !== undefined ? { changed: `${relative(dir, changed)} changed` } : {}),
      ...(added.length > 0 ? { leftover: `left ${added.map((f) => relative(dir, f)).join(', ')}` } : {}),
      ...(output !== undefined ? { output } : {}),
    });
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
