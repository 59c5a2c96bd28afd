/**
 * @file The `model-lens` command line: finds the command in the registry, parses its options with
 * `node:util` `parseArgs`, runs it on the engine in process (the same handlers the extension's
 * engine runs) and prints the result as JSON, writes a report, or prints a summary.
 */
import { parseArgs } from 'node:util';
import { LensError } from '../core/errors';
import { modelsDir } from '../core/paths';
import { Engine } from '../engine/engine';
import { quote } from '../shared/schema';
import type { CliEngine, CliOutput } from './command';
import { exitCodeOf, failureLine } from './failure';
import { COMMON_OPTIONS, commandArgs, findCommand } from './args';
import { CLI_COMMANDS } from './registry';
import { writeReport } from './report';

/** Usage text printed by --help. */
export function usage(): string {
  const commands = CLI_COMMANDS.map((c) => `  ${c.usage.replace(/\n/gu, '\n  ')}`).join('\n');
  return `Usage: model-lens <analysis> <file> [options]

Analyses:
${commands}

Options:
  --model <m>          embedded model name, .onnx file or folder, hub id, or openai:<url>#<model> for a model
                       server (its key in MODEL_LENS_API_KEY) (default: lens-lm)
  --device <d>         auto | cpu | webgpu | cuda (default: auto)
  --max-tokens <n>     refuse inputs longer than this many tokens (default: one per byte of --max-file-size)
  --json               print the result as JSON
  --out <file>         write a self-contained report (.html) or the JSON result (.json)
  -h, --help           show this help

Exit codes: 0 success, 2 bad input or a model problem (the message says what to do), 1 a bug.`;
}

function inProcess(engine: Engine): CliEngine {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return {
    run: (kind, params, onPartial) =>
      engine.run(kind, params, {
        signal: controller.signal,
        progress: () => undefined,
        ...(onPartial === undefined ? {} : { partial: onPartial }),
      }),
  };
}

async function emit(output: CliOutput, json: boolean, out: string | undefined): Promise<void> {
  if (out !== undefined && output.wroteOut !== true) {
    const r = output.report;
    const message = r && { type: 'show', kind: r.kind, result: output.result, source: r.source };
    await writeReport(out, output.result, r && { view: r.view, title: r.title, message });
    process.stderr.write(`Wrote ${out}\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(output.result)}\n`);
  else if (out === undefined || output.wroteOut === true) process.stdout.write(output.text);
}

async function main(argv: readonly string[]): Promise<number> {
  const loose = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: COMMON_OPTIONS });
  const command = findCommand(loose.positionals);
  if (command === undefined && loose.positionals.length > 0) {
    throw new LensError(
      'bad-input',
      `Unknown analysis "${quote(loose.positionals[0] ?? '')}". Run "model-lens --help".`,
    );
  }
  if (command === undefined) {
    process.stdout.write(`${usage()}\n`);
    return loose.values['help'] === true ? 0 : 2;
  }
  commandName = command.name;
  if (loose.values['help'] === true) {
    process.stdout.write(`Usage: model-lens ${command.usage}\n`);
    return 0;
  }
  const { values, args } = commandArgs(argv, command);
  const engine = new Engine(modelsDir(__dirname), (level, message) => {
    if (level === 'debug' && process.env['MODEL_LENS_DEBUG'] === undefined) return;
    if (values['json'] !== true || level === 'error') process.stderr.write(`[${level}] ${message}\n`);
  });
  try {
    const output = await command.run(args, inProcess(engine));
    await emit(output, values['json'] === true, args.out);
    return output.exitCode ?? 0;
  } finally {
    await engine.dispose();
  }
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

let commandName: string | undefined;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${failureLine(error, commandName, process.argv)}\n`);
    process.exitCode = exitCodeOf(error);
  },
);
