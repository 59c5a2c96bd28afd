/**
 * @file Where the engine finds the length probe's models: each source lists the scorers it has for
 * a task (none when it has no model of that task). The probe runs the scorers of every source.
 */
import type { ProbeScorer } from '../../core/analyses/positions/probeScorer';
import type { CouplingTask } from '../../shared/positions';

/** Lists the probe scorers one family of models has for `task`; models are loaded once per engine. */
export type ProbeScorerSource = (task: CouplingTask) => Promise<readonly ProbeScorer[]>;
