/**
 * @file What the length probe asks of a model: one curve on its chart. The positions models (ppc,
 * oracle coupling, absolute positions) and the Turing-program models (with and without a
 * scratchpad) each give a scorer; the probe draws the problems once, runs every scorer on the same
 * ones, and groups the outcomes by length and by longest carry chain.
 */
import type { CouplingTask } from '../../../shared/positions';

/** How one problem went. */
export interface ProbeOutcome {
  /** Whether the model's answer equals the rule's (for a scratchpad model: its answer line). */
  readonly correct: boolean;
  /** Answer tokens whose position ID the model predicted right (ppc only), and their number. */
  readonly idMatches?: number;
  readonly idTotal?: number;
  /** Scratchpad models: the first wrong step (0-based line), absent when every step is right. */
  readonly firstWrongStep?: number;
}

/** A model the length probe runs: one curve on its chart. */
export interface ProbeScorer {
  /** The curve's name, e.g. `ppc`, `coupled`, `absolute`, `turing-program`, `no-scratchpad`. */
  readonly method: string;
  /** The zoo name (or path) of the model. */
  readonly model: string;
  readonly task: CouplingTask;
  /** Longest problem length the model was trained on. */
  readonly trainMaxLength: number;
  /** Whether problems of this length fit the model (its positions or context); unfit lengths get no point. */
  fits(length: number): boolean;
  /**
   * Scores problems written as `problemRandom` writes them (`123+456=`, `123*4=`, `0123|`), one outcome per
   * problem in order. Calls `onProgress(n)` after each batch of n problems; throws `cancelled` on the signal.
   */
  score(
    problems: readonly string[],
    signal?: AbortSignal,
    onProgress?: (n: number) => void,
  ): Promise<readonly ProbeOutcome[]>;
}
