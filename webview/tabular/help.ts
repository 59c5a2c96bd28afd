/** @file Plain-words help for the MLP-vs-trees view (tooltips and notes). No DOM use. */
import type { TableMethod } from '../../src/shared/parity';

/** One line per figure and method, for someone who never read the paper. */
export const HELP = {
  intro:
    'What you are seeing: three ways to predict the label column of a table from its numeric columns, each ' +
    'trained on a share of the training rows (1%, 10%, all of them) and scored on rows kept aside (the test ' +
    'set). Higher is better. The dashed line is what always answering the most common class scores.',
  chart:
    'Test accuracy (share of held-out rows predicted right) of each method at each share of the training rows. ' +
    'Hover a bar for its numbers.',
  table: 'The same numbers: test accuracy, the best of each column in bold. Hover a cell for rows and time.',
  majority: 'Always answering the most common class of the training rows: the score to beat.',
} as const;

/** Each method in words (the table's row names and the legend). */
export const METHOD_NAMES: Readonly<Record<TableMethod, string>> = {
  mlp: 'Wide sparse MLP',
  cart: 'Decision tree (CART)',
  boosted: 'Boosted trees',
};

/** What each method is, for its tooltip. */
export const METHOD_HELP: Readonly<Record<TableMethod, string>> = {
  mlp:
    'A one-hidden-layer network with many neurons, each starting connected to only a few input columns ' +
    '(sparse initialization), trained by gradient descent on the standardized columns.',
  cart: 'One decision tree: a sequence of yes/no questions on the columns (CART), grown on the training rows.',
  boosted: 'Many small trees added one after another, each correcting the errors of those before (gradient boosting).',
};

/** The colour of each method's bars. */
export const METHOD_COLOURS: Readonly<Record<TableMethod, string>> = {
  mlp: '#1b8048',
  cart: '#9a6700',
  boosted: '#0969da',
};
