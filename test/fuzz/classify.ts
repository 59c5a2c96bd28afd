/**
 * @file What a case's run means: a clean error (exit 2, one short line on stderr), a success (exit 0, JSON
 * on stdout and in written files with no non-finite number), or a failure of one kind (crash, time-out,
 * memory, non-finite output, a noisy error, files left behind by a failed run, an input file changed).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every verdict; the first two are passes. */
export const VERDICTS = [
  'clean-error',
  'success',
  'crash',
  'timeout',
  'memory',
  'non-finite',
  'bad-output',
  'noisy-error',
  'leftover',
  'input-changed',
] as const;
/** One verdict. */
export type Verdict = (typeof VERDICTS)[number];

/** What a run did, as the runner saw it. */
export interface RunResult {
  readonly exit: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident memory (VmHWM) in MB. */
  readonly peakMb: number;
  readonly timedOut: boolean;
  /** Killed for resident memory over the limit. */
  readonly overMemory: boolean;
}

/** A classified run. */
export interface Outcome extends RunResult {
  readonly verdict: Verdict;
  /** Why, in a few words (the first stderr line, the non-finite value's path…). */
  readonly detail: string;
}

/** Longest error message accepted as one clean line. */
export const MAX_MESSAGE = 400;

/**
 * Nulls the README documents as undefined, not as failures: `lora stats` gives a null cosine where an adapter's
 * update is zero and a null conflict share where no entries overlap (0/0). NaN and Inf tensors are refused on read,
 * so these are the only nulls it may print.
 */
function undefinedByDesign(path: string): boolean {
  return /^\$\.conflicts\[\d+\]\.share$/u.test(path) || /^\$\.cosines\[\d+\]\.cosine\[\d+\]\[\d+\]$/u.test(path);
}

/** The path of the first null, NaN or infinite number in a JSON value, if any. */
export function nonFinitePath(value: unknown, path = '$'): string | undefined {
  if (value === null) return undefinedByDesign(path) ? undefined : path;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const hit = nonFinitePath(v, Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** The first non-finite float32 of a safetensors file's F32 tensors, or a reason it cannot be read. */
function safetensorsProblem(path: string): string | undefined {
  const bytes = readFileSync(path);
  if (bytes.length < 8) return 'a written safetensors file is shorter than 8 bytes';
  const n = Number(bytes.readBigUInt64LE(0));
  let header: Record<string, { dtype?: string; data_offsets?: number[] }>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as typeof header;
  } catch {
    return 'a written safetensors header is not JSON';
  }
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__' || e.dtype !== 'F32') continue;
    const [a = 0, b = 0] = e.data_offsets ?? [];
    for (let at = 8 + n + a; at + 4 <= 8 + n + b; at += 4) {
      if (!Number.isFinite(bytes.readFloatLE(at))) return `written ${name} holds ${bytes.readFloatLE(at)}`;
    }
  }
  return undefined;
}

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((f) => files(join(path, f)));
}

/** A problem of the files a run wrote. */
export interface OutputProblem {
  readonly verdict: 'non-finite' | 'bad-output';
  readonly detail: string;
}

/** What is wrong with the files a successful run wrote: missing, unreadable JSON, non-finite tensors. */
export function outputProblem(dir: string, outputs: readonly string[]): OutputProblem | undefined {
  for (const out of outputs) {
    const all = files(join(dir, out));
    if (all.length === 0) return { verdict: 'bad-output', detail: `${out} was not written` };
    for (const f of all) {
      const name = f.slice(dir.length + 1);
      if (f.endsWith('.safetensors')) {
        const p = safetensorsProblem(f);
        if (p !== undefined) return { verdict: p.includes(' holds ') ? 'non-finite' : 'bad-output', detail: p };
      } else if (f.endsWith('.json')) {
        try {
          JSON.parse(readFileSync(f, 'utf8'));
        } catch {
          return { verdict: 'bad-output', detail: `${name} is not JSON` };
        }
      }
    }
  }
  return undefined;
}

const firstLine = (s: string): string => s.trim().split('\n')[0]?.slice(0, 200) ?? '';

function errorVerdict(r: RunResult): { verdict: Verdict; detail: string } {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) {
    const verdict = stdoutJson(r.stdout) !== undefined ? 'clean-error' : 'noisy-error';
    return { verdict, detail: verdict === 'clean-error' ? 'a negative verdict on stdout' : 'exit 2 without a message' };
  }
  if (lines.length > 1) return { verdict: 'noisy-error', detail: `${lines.length} lines: ${firstLine(r.stderr)}` };
  const line = lines[0] ?? '';
  if (line.length > MAX_MESSAGE) {
    return { verdict: 'noisy-error', detail: `${line.length} characters: ${line.slice(0, 160)}…` };
  }
  return { verdict: 'clean-error', detail: line };
}

function stdoutJson(stdout: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(stdout) as unknown };
  } catch {
    return undefined;
  }
}

/** Classifies a run; `problems` are checks done by the runner on the folder (changed inputs, leftovers, outputs). */
export function classify(
  r: RunResult,
  problems: { changed?: string; leftover?: string; output?: OutputProblem },
): Outcome {
  const v = ((): { verdict: Verdict; detail: string } => {
    if (problems.changed !== undefined) return { verdict: 'input-changed', detail: problems.changed };
    if (r.timedOut) return { verdict: 'timeout', detail: `killed after ${r.ms} ms` };
    if (r.overMemory) return { verdict: 'memory', detail: `killed at ${r.peakMb} MB` };
    if (r.signal !== null) return { verdict: 'crash', detail: `signal ${r.signal}: ${firstLine(r.stderr)}` };
    if (/\n\s+at .+:\d+:\d+/u.test(r.stderr)) return { verdict: 'crash', detail: `stack: ${firstLine(r.stderr)}` };
    if (r.exit !== 0 && r.exit !== 2) return { verdict: 'crash', detail: `exit ${r.exit}: ${firstLine(r.stderr)}` };
    if (r.exit === 2) {
      const e = errorVerdict(r);
      if (e.verdict === 'clean-error' && problems.leftover !== undefined)
        return { verdict: 'leftover', detail: `${problems.leftover} after: ${e.detail}` };
      return e;
    }
    const json = stdoutJson(r.stdout);
    if (json === undefined) return { verdict: 'bad-output', detail: `stdout is not JSON: ${r.stdout.slice(0, 80)}` };
    const bad = nonFinitePath(json.value);
    if (bad !== undefined) return { verdict: 'non-finite', detail: `stdout ${bad} is null or not finite` };
    if (problems.output !== undefined) return problems.output;
    return { verdict: 'success', detail: '' };
  })();
  return { ...r, ...v };
}

/** True for the verdicts that pass. */
export const passes = (v: Verdict): boolean => v === 'clean-error' || v === 'success';
