/**
 * @file `model-lens moe routing <file>` (which experts a mixture-of-experts model sends each token of a file to,
 * per layer, with the load statistics and the expert × token-kind counts) and `model-lens moe routing-stats
 * <logits.json>` (the statistics of router logits given as rows, to check them without a model), through the
 * engine's routing handlers.
 */
import { readManifest } from '../../core/model/manifest';
import { modelsDir } from '../../core/paths';
import { languageIdOfPath } from '../../core/analyses/routing/languages';
import {
  defaultMoeModel,
  ROUTING_LIMITS,
  routingRequest,
  routingStatsRequest,
  zooMoeModels,
} from '../../shared/routing';
import type { CliArgs, CliCommand } from '../command';
import { intOption, readInput, tokenLimit } from '../input';
import { readLogitRows } from './rows';
import { routingText, statsText } from './text';

const topKOf = (args: CliArgs): number | undefined => {
  const value = args.values['top-k'];
  const k = typeof value === 'string' ? value : undefined;
  return k === undefined ? undefined : intOption('top-k', k, ROUTING_LIMITS.defaultTopK, 1, ROUTING_LIMITS.maxExperts);
};

/** `moe routing <file> [--model M] [--top-k K]`. */
export const moeRoutingCli: CliCommand = {
  name: 'moe routing',
  usage:
    'moe routing <file> [--model moe-phonebook-e16|<folder>|<file.onnx>] [--top-k 2]\n' +
    '                     which experts a mixture-of-experts model sends each token to, per layer (its\n' +
    '                     router_logits.{layer} outputs): top-k experts and gates per token, loads, the\n' +
    '                     auxiliary loss, CV, entropy, dead experts and the expert × token-kind counts;\n' +
    "                     --top-k for models without a zoo card (the zoo's cards give k)",
  options: { 'top-k': { type: 'string' } },
  async run(args, engine) {
    const file = args.positionals[0];
    const maxTokens = Math.min(args.maxTokens, ROUTING_LIMITS.maxTokens);
    const text = await readInput(
      file,
      'Give the file to route, e.g. model-lens moe routing src/app.ts',
      tokenLimit(maxTokens),
    );
    const model = args.modelGiven ? args.model : defaultMoeModel(zooMoeModels(readManifest(modelsDir(__dirname))));
    const topK = topKOf(args);
    const result = await engine.run(routingRequest, {
      model,
      device: args.device,
      allowLocalFiles: true,
      text,
      offset: 0,
      source: file ?? '',
      languageId: languageIdOfPath(file ?? ''),
      maxTokens,
      ...(topK === undefined ? {} : { topK }),
    });
    const title = `Model Lens · expert routing · ${result.source}`;
    return {
      result,
      text: routingText(result),
      report: { view: 'routing', kind: routingRequest.name, source: result.source, title },
    };
  },
};

/** `moe routing-stats <logits.json> [--top-k K]`. */
export const moeRoutingStatsCli: CliCommand = {
  name: 'moe routing-stats',
  usage:
    'moe routing-stats <logits.json> [--top-k 2]\n' +
    '                     the routing statistics of router logits given as a JSON array of rows (one score\n' +
    '                     per expert): {topk, gates, counts, fractions, meanProb, auxLoss, cv, entropy, dead}',
  options: { 'top-k': { type: 'string' } },
  async run(args, engine) {
    const rows = await readLogitRows(args.positionals[0]);
    const result = await engine.run(routingStatsRequest, { rows, topK: topKOf(args) ?? ROUTING_LIMITS.defaultTopK });
    return { result, text: statsText(result) };
  },
};

/** The routing toolkit's commands. */
export const ROUTING_COMMANDS: readonly CliCommand[] = [moeRoutingCli, moeRoutingStatsCli];
