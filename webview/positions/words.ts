/**
 * @file Plain words for the positions and probe views: what each way of feeding positions is, in
 * one line, and what each statistic measures. Both views import them, so the panels say the same.
 */
import type { DecodeMode, PositionMethod } from '../../src/shared/positions';

/** Position coupling itself, in one line. */
export const COUPLING_WORDS = {
  name: 'Position coupling',
  line:
    'Digits that belong together (the units of both operands and of the answer, say) share one position ID, ' +
    'so the model finds them by ID whatever the length of the numbers.',
} as const;

/** How a decode mode feeds positions, as said in a summary. */
export const MODE_WORDS: Readonly<Record<DecodeMode, string>> = {
  ppc: 'fed its own predicted IDs (PPC)',
  oracle: 'fed the rule\u2019s IDs (position coupling)',
  absolute: 'fed positions 0, 1, 2, \u2026 (absolute positions)',
};

/** Each trained method: its name as shown and a one-line description. */
export const METHOD_WORDS: Readonly<Record<PositionMethod, { readonly name: string; readonly line: string }>> = {
  ppc: {
    name: 'PPC',
    line:
      'Predictive Position Coupling: the model also predicts the position ID of each token it writes and is ' +
      'fed its own predictions (no rule needed when it runs).',
  },
  coupled: {
    name: 'Oracle coupling',
    line: 'A model trained with coupled IDs and fed the coupling rule\u2019s IDs while it writes (an oracle).',
  },
  absolute: {
    name: 'Absolute positions',
    line: 'The usual baseline: positions 0, 1, 2, \u2026 with no coupling.',
  },
};

/** What each statistic measures, for tooltips. */
export const STAT_WORDS = {
  exactMatch:
    'Exact match: the share of problems whose whole answer is right, every digit; one wrong digit makes it wrong.',
  idMatches:
    'Answer tokens whose position ID fed to the model equals the coupling rule\u2019s ID. For PPC these IDs are ' +
    'the model\u2019s own predictions, so this says how well it keeps track of where it is.',
  idAccuracy:
    'Predicted IDs right: the share of answer tokens (over all problems of a length) whose position ID, as ' +
    'PPC predicted it, equals the rule\u2019s.',
  attentionShare:
    'The share of this token\u2019s attention (0\u2013100%) that goes to tokens with the same rule ID: high ' +
    'means the model looks where coupling says the matching digits are.',
  verdict: 'Whether the model\u2019s answer equals the expected one, digit for digit.',
} as const;
