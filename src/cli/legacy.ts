/**
 * @file Transitional: commands not yet moved to `src/cli/<toolkit>/`, run through the old argument
 * parser. Each toolkit's move deletes its lines here; the file goes when the list is empty.
 */
import { parseCli, type CliOptions } from './args';
import type { CliCommand } from './command';
import { treesCommand } from './trees';
import { dependenciesCommand } from './dependencies';
import { lengthProbeCommand, positionsCommand, turingCommand } from './positions';

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
  legacy('dependencies', 'dependencies <file> [--at LINE:COL] [--method attention|ablation|both] [--p 0.9] [--k 32]', dependenciesCommand),
  legacy('positions', 'positions "<problem>" [--task …] [--offset N] [--method ppc|oracle|absolute]', positionsCommand),
  legacy('length-probe', 'length-probe --task addition|copy --max-length N [--samples 50] [--seed 1]', lengthProbeCommand),
  legacy('turing', 'turing <machine-file> --input "…" | --task addition --input "57+68" | --check <file>', turingCommand),
  legacy('trees', 'trees train|generate|trace|compare|automata …', treesCommand),
];
