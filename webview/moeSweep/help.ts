/** @file The Memorization vs Reasoning view's help texts: section tooltips, the intro and the form's help. */
import { PHONEBOOK_RISE_POINTS } from '../../src/shared/moeSweep';

/** Help texts by place. */
export const HELP = {
  intro:
    'Mixture of Parrots: at fixed active parameters, more experts keep improving memorization (a phone book of ' +
    'names to numbers), while reasoning (length-2 paths in a graph) follows the width, so a slightly wider dense ' +
    'model beats any number of narrow experts. Each point is a zoo model; its accuracy is the greedy exact match ' +
    'of every answer byte on the task’s eval set, measured when the model was built.',
  phonebook:
    'The phone book: each prompt is a name, each answer its number. Accuracy against total parameters (left, log ' +
    'scale) and against the parameters each token uses (right). The MoE models share their active parameters, ' +
    `so more experts add only capacity; Mixture of Parrots predicts a rise, here checked as at least ` +
    `${PHONEBOOK_RISE_POINTS} points from E = 2 to E = 16.`,
  paths:
    'Length-2 paths: each prompt lists the edges of a graph, then asks whether two vertices are joined through a ' +
    'third (answer y or n; half the answers are y, so chance is 50 %). ' +
    'Reasoning follows width: across E the accuracy should move by less than the gap between the dense 1× and ' +
    '2× models.',
  sample:
    'Items per model drawn (seeded) from the task’s eval set; every model of a task answers the same items. ' +
    'Each live point shows its 95 % Wilson interval.',
  checks: 'The claims of Mixture of Parrots checked on the accuracies shown.',
} as const;
