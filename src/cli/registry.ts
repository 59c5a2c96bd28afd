/**
 * @file The CLI's registry of commands: one line per toolkit. How to add an analysis is written at
 * the top of `src/engine/registry.ts`; here a toolkit adds its `CliCommand`s.
 */
import type { CliCommand } from './command';
import { LEGACY_COMMANDS } from './legacy';
import { LORA_CLI } from './lora/index';
import { surprisalCli } from './surprisal/index';

/** Every CLI command, in the order --help lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [surprisalCli, ...LORA_CLI, ...LEGACY_COMMANDS];
