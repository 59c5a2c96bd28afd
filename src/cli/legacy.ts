/**
 * @file Transitional: commands not yet moved to `src/cli/<toolkit>/`, run through the old argument
 * parser. Each toolkit's move deletes its lines here; the file goes when the list is empty.
 */
import { parseCli, type CliOptions } from './args';
import type { CliCommand } from './command';
import { loraCommand } from './lora';

/** Exit code of a legacy command, which prints its own output. */
export class LegacyExit {
  /** The code the command returned. */
  constructor(readonly code: number) {}
}

function legacy(name: string, usage: string, run: (o: CliOptions) => Promise<number>): CliCommand {
  return {
    name,
    usage,
    run: async () => {
      throw new LegacyExit(await run(parseCli(process.argv.slice(2))));
    },
  };
}

/** The commands still parsed by `args.ts`. */
export const LEGACY_COMMANDS: readonly CliCommand[] = [
  legacy('lora', 'lora [merge|stats|eval] --adapters <dir>,<dir> …', loraCommand),
];
