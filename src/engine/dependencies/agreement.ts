/**
 * @file How far the attention and ablation top-k sets of a result agree, when both ran and can be compared.
 */
import type { AblationDependencies } from '../../core/analyses/dependencies/ablationDependencies';
import { dependencyAgreement } from '../../core/analyses/dependencies/dependencyAgreement';
import type { AttentionDependencies } from '../../core/analyses/dependencies/dependencyTypes';
import type { DependencyParts } from '../../core/analyses/dependencies/toResult';

/** The agreement of both methods' top-k sets (at most the top 8), or nothing when they cannot be compared. */
export function agreementOf(
  attention: AttentionDependencies,
  ablation: AblationDependencies,
): Pick<DependencyParts, 'agreement'> {
  try {
    return { agreement: dependencyAgreement(attention, ablation, Math.min(8, attention.k, ablation.k)) };
  } catch {
    return {};
  }
}
