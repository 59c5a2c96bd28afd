/**
 * @file The in-process executor's child: runs CLI command lines the way `src/cli/main.ts` does (the same
 * registry, option parsing, engine and exit codes) without starting a process per case, so the fast slice
 * can run hundreds of cases quickly. Each case gets a fresh Engine; its peak memory is measured by resetting
 * VmHWM (`/proc/self/clear_refs`) before it. Messages: `{dir, argv, env}` in, `{exit, stdout, stderr, peakKb}`
 * out; an uncaught exception is reported as exit 1 with its stack, then the process ends.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, commandArgs, findCommand } from '../../src/cli/args';
import type { CliArgs, CliCommand, CliEngine, CliOutput } from '../../src/cli/command';
import { writeReport } from '../../src/cli/report';
import { LensError, toErrorInfo } from '../../src/core/errors';
import { modelsDir } from '../../src/core/paths';
import { Engine } from '../../src/engine/engine';

/** A case to run. */
export interface WorkerRequest {
  readonly dir: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** What it did. */
export interface WorkerReply {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly peakKb: number;
}

/** `src/cli/main.ts`'s parsing: the command, then its options strictly, then the common values. */
function argsOf(argv: readonly string[]): { command: CliCommand; args: CliArgs; json: boolean } {
  const loose = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: COMMON_OPTIONS });
  const command = findCommand(loose.positionals);
  if (command === undefined) throw new LensError('bad-input', 'Unknown analysis.');
  const { values, args } = commandArgs(argv, command);
  return { command, args, json: values['json'] === true };
}

async function emit(output: CliOutput, json: boolean, out: string | undefined): Promise<string> {
  if (out !== undefined && output.wroteOut !== true) {
    const r = output.report;
    const message = r && { type: 'show', kind: r.kind, result: output.result, source: r.source };
    await writeReport(out, output.result, r && { view: r.view, title: r.title, message });
  }
  if (json) return `${JSON.stringify(output.result)}\n`;
  return out === undefined || output.wroteOut === true ? output.text : '';
}

/** Runs one command line as the CLI would; returns its exit code and what it printed. */
export async function runArgv(argv: readonly string[]): Promise<Omit<WorkerReply, 'peakKb'>> {
  const stderr: string[] = [];
  let engine: Engine | undefined;
  try {
    const { command, args, json } = argsOf(argv);
    engine = new Engine(modelsDir(__dirname), (level, message) => {
      if (!json || level === 'error') stderr.push(`[${level}] ${message}\n`);
    });
    const e = engine;
    const job = { signal: new AbortController().signal, progress: () => undefined };
    const cli: CliEngine = { run: (kind, params) => e.run(kind, params, job) };
    const output = await command.run(args, cli);
    const stdout = await emit(output, json, args.out);
    return { exit: output.exitCode ?? 0, stdout, stderr: stderr.join('') };
  } catch (error) {
    const info = toErrorInfo(error);
    stderr.push(`model-lens: ${info.message}\n`);
    return { exit: info.code === 'internal' ? 1 : 2, stdout: '', stderr: stderr.join('') };
  } finally {
    await engine?.dispose();
  }
}

function peakKb(): number {
  return Number(/VmHWM:\s+(\d+)/u.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

if (process.send !== undefined) {
  const send = (reply: WorkerReply): void => {
    process.send?.(reply);
  };
  process.on('uncaughtException', (error) => {
    send({ exit: 1, stdout: '', stderr: `${error.stack ?? String(error)}\n`, peakKb: peakKb() });
    process.exit(1);
  });
  process.on('message', (request: WorkerRequest) => {
    process.chdir(request.dir);
    Object.assign(process.env, request.env);
    try {
      writeFileSync('/proc/self/clear_refs', '5');
    } catch {
      // an older kernel: the peak is then the worker's peak so far
    }
    void runArgv(request.argv).then((r) => send({ ...r, peakKb: peakKb() }));
  });
  send({ exit: -1, stdout: 'ready', stderr: '', peakKb: 0 });
}
