/**
 * @file Every family of models the length probe runs: the engine asks each source for its scorers
 * of the task and draws one curve per scorer. A new family (its own `(env) => ProbeScorerSource`)
 * is added to this list.
 */
import type { EngineEnv } from '../toolkit';
import { turingScorerSource } from '../turing/probeScorers';
import { positionsScorerSource } from './probeScorers';
import type { ProbeScorerSource } from './scorerSource';

/** The probe's model families, in the order their curves are drawn. */
export const PROBE_SCORER_SOURCES: readonly ((env: EngineEnv) => ProbeScorerSource)[] = [
  positionsScorerSource,
  turingScorerSource,
];
