/**
 * @file Plain words for the probe view: every method of its curves (the positions methods' words,
 * and the Turing-program models'), and each axis's title.
 */
import type { ProbeMethod, ProbeTask } from '../../src/shared/lengthProbe';
import { METHOD_WORDS } from '../positions/words';

/** Each method of the probe: its name as shown and a one-line description. */
export const PROBE_METHOD_WORDS: Readonly<Record<ProbeMethod, { readonly name: string; readonly line: string }>> = {
  ...METHOD_WORDS,
  'turing-program': {
    name: 'Turing program',
    line:
      'A Hard-ALiBi transformer that writes a scratchpad, each step a copy of the previous tape with one local ' +
      'edit (Turing Programs); exact match: every step and the answer right.',
  },
  'no-scratchpad': {
    name: 'No scratchpad',
    line: 'The same kind of transformer trained to write the answer at once, without a scratchpad: the baseline.',
  },
};

/** The length axis's title, shorter in a narrow panel. */
export function lengthAxisTitle(task: ProbeTask, width: number): string {
  const unit = task === 'copy' ? 'symbols' : 'digits';
  if (width < 340) return `length (${unit})`;
  if (task === 'addition') return 'problem length (digits per operand)';
  return task === 'multiplication' ? 'problem length (digits of the long factor)' : 'problem length (symbols to copy)';
}

/** What the longest carry chain is, for the chain chart's title and tooltips. */
export const CHAIN_WORDS =
  'Longest carry chain: the most columns in a row that carry into the next (999+1 has 3). Long chains are rare in ' +
  'random problems; this chart shows whether a model’s errors gather on them.';
