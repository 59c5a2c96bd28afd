/**
 * @file The `model-lens` command line: runs an analysis in process (same engine code as the
 * extension) and prints JSON, a summary, or writes a self-contained HTML report.
 */
import { basename } from 'node:path';
import { LensError, toErrorInfo } from '../core/errors';
import { modelsDir } from '../core/paths';
import { runJob } from '../engine/jobs';
import { ModelCache } from '../engine/modelCache';
import type { SurprisalResult } from '../shared/results';
import { parseCli, USAGE, type CliOptions } from './args';
import { summarise } from './summary';
import { writeOutput } from './output';
import { readInput } from './input';
import { treesCommand } from './trees';
import { dependenciesCommand } from './dependencies';
import { lengthProbeCommand, positionsCommand, turingCommand } from './positions';
import { loraCommand } from './lora';
import { TreesJobs } from '../engine/treesJobs';
import { DependenciesJobs } from '../engine/dependenciesJob';
import { LoraJobs } from '../engine/loraJobs';
import { PositionsJobs } from '../engine/positionsJobs';

async function surprisal(options: CliOptions): Promise<SurprisalResult> {
  const text = await readInput(options.file, USAGE);
  const verbose = !options.json;
  const models = new ModelCache(modelsDir(__dirname), (level, message) => {
    if (verbose || level === 'error') process.stderr.write(`[${level}] ${message}\n`);
  });
  try {
    const request = { type: 'surprisal' as const, id: 1, params: { text, offset: 0, maxTokens: options.maxTokens, model: options.model, device: options.device, allowLocalFiles: true } };
    return await runJob(request, { models, trees: new TreesJobs(modelsDir(__dirname)), dependencies: new DependenciesJobs(modelsDir(__dirname)), lora: new LoraJobs(modelsDir(__dirname)), positions: new PositionsJobs(modelsDir(__dirname)), signal: new AbortController().signal, progress: () => undefined });
  } finally {
    await models.dispose();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseCli(argv);
  if (options.help || options.command === '') {
    process.stdout.write(`${USAGE}\n`);
    return options.help ? 0 : 2;
  }
  if (options.command === 'trees') return treesCommand(options);
  if (options.command === 'dependencies') return dependenciesCommand(options);
  if (options.command === 'positions') return positionsCommand(options);
  if (options.command === 'length-probe') return lengthProbeCommand(options);
  if (options.command === 'lora') return loraCommand(options);
  if (options.command === 'turing') return turingCommand(options);
  if (options.command !== 'surprisal') throw new LensError('bad-input', `Unknown analysis "${options.command}".\n\n${USAGE}`);
  const result = await surprisal(options);
  if (options.out !== undefined) {
    await writeOutput(options.out, result, basename(options.file ?? ''));
    process.stderr.write(`Wrote ${options.out}\n`);
  }
  if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else if (options.out === undefined) process.stdout.write(summarise(result, options.file ?? ''));
  return 0;
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    const info = toErrorInfo(error);
    process.stderr.write(`model-lens: ${info.message}\n`);
    process.exitCode = info.code === 'internal' ? 1 : 2;
  },
);
