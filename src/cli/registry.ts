/**
 * @file The CLI's registry of commands: one line per toolkit. How to add an analysis is written at
 * the top of `src/engine/registry.ts`; here a toolkit adds its `CliCommand`s.
 */
import type { CliCommand } from './command';
import { copyProbeCli } from './copying/index';
import { dependenciesCli } from './dependencies/index';
import { inspectCli } from './inspect/index';
import { kronCli } from './kronecker/index';
import { LORA_CLI } from './lora/index';
import { moeSweepCli } from './moeSweep/index';
import { PARITY_COMMANDS } from './parity/index';
import { positionsCli } from './positions/index';
import { lengthProbeCli } from './positions/lengthProbe';
import { remainingCli } from './remaining/index';
import { ROUTING_COMMANDS } from './routing/index';
import { SCALING_COMMANDS } from './scaling/index';
import { serveSimCli } from './serving/index';
import { surprisalCli } from './surprisal/index';
import { TREES_COMMANDS } from './trees/index';
import { turingCli } from './turing/index';

/** Every CLI command, in the order --help lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  surprisalCli,
  dependenciesCli,
  positionsCli,
  lengthProbeCli,
  turingCli,
  ...LORA_CLI,
  ...TREES_COMMANDS,
  ...SCALING_COMMANDS,
  serveSimCli,
  remainingCli,
  kronCli,
  ...PARITY_COMMANDS,
  copyProbeCli,
  moeSweepCli,
  ...ROUTING_COMMANDS,
  inspectCli,
];
