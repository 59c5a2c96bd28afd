/**
 * @file The `model-lens` command line: finds the command in the registry, parses its options with
 * `node:util` `parseArgs`, runs it on the engine in process (the same handlers the extension's
 * engine runs) and prints the result as JSON, writes a report, or prints a summary.
 */
import { parseArgs } from 'node:util';
import { clipMessage, LensError } from '../core/errors';
import { modelsDir } from '../core/paths';
import { Engine } from '../engine/engine';
import { DEVICE_SETTINGS, quote, type DeviceSetting } from '../shared/schema';
import type { CliArgs, CliCommand, CliEngine, CliOutput, ParseArgsOptionsConfig } from './command';
import { exitCodeOf, failureLine } from './failure';
import { CLI_COMMANDS } from './registry';
import { writeReport } from './report';

const COMMON: ParseArgsOptionsConfig = {
  model: { type: 'string' },
  device: { type: 'string', default: 'auto' },
  'max-tokens': { type: 'string', default: '16384' },
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
};

/** Usage text printed by --help. */
export function usage(): string {
  const commands = CLI_COMMANDS.map((c) => `  ${c.usage.replace(/\n/gu, '\n  ')}`).join('\n');
  return `Usage: model-lens <analysis> <file> [options]

Analyses:
${commands}

Options:
  --model <m>          embedded model name, .onnx file or folder, or hub id (default: lens-lm)
  --device <d>         auto | cpu | webgpu | cuda (default: auto)
  --max-tokens <n>     refuse inputs longer than this many tokens (default: 16384)
  --json               print the result as JSON
  --out <file>         write a self-contained report (.html) or the JSON result (.json)
  -h, --help           show this help

Exit codes: 0 success, 2 bad input or a model problem (the message says what to do), 1 a bug.`;
}

function findCommand(words: readonly string[]): CliCommand | undefined {
  const two = words.slice(0, 2).join(' ');
  return CLI_COMMANDS.find((c) => c.name === two) ?? CLI_COMMANDS.find((c) => c.name === words[0]);
}

function parse(argv: readonly string[], options: ParseArgsOptionsConfig): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options, strict: true });
  } catch (error) {
    const text = (error instanceof Error ? error.message : String(error)).split(/\.\s/u)[0] ?? '';
    const quoted = text.replace(/'([^']*)'/gu, (_, value: string) => `'${quote(value)}'`);
    throw new LensError('bad-input', `${clipMessage(quoted, 240)}. Run "model-lens --help" for the options.`);
  }
}

function argsOf(values: Record<string, string | boolean | undefined>, positionals: string[]): CliArgs {
  const device = String(values['device']);
  const maxTokens = Number(values['max-tokens']);
  if (!(DEVICE_SETTINGS as readonly string[]).includes(device)) {
    throw new LensError('bad-input', `--device must be one of ${DEVICE_SETTINGS.join(', ')}, not "${quote(device)}".`);
  }
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new LensError('bad-input', `--max-tokens must be a positive integer, not "${quote(values['max-tokens'])}".`);
  }
  const model = values['model'];
  return {
    positionals,
    values,
    model: typeof model === 'string' ? model : 'lens-lm',
    modelGiven: typeof model === 'string',
    device: device as DeviceSetting,
    maxTokens,
    out: typeof values['out'] === 'string' ? values['out'] : undefined,
  };
}

function inProcess(engine: Engine): CliEngine {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return { run: (kind, params) => engine.run(kind, params, { signal: controller.signal, progress: () => undefined }) };
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
  const loose = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: COMMON });
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
  const parsed = parse(argv, { ...COMMON, ...command.options });
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const args = argsOf(values, parsed.positionals.slice(command.name.split(' ').length));
  const engine = new Engine(modelsDir(__dirname), (level, message) => {
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
