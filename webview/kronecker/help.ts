/**
 * @file Plain-words help for every statistic the Kronecker panel shows (tooltips and notes), shared by the body
 * markup and the drawing code. No DOM use.
 */

/** One line per statistic, for someone who never read the paper. */
export const HELP = {
  intro:
    'What you are seeing: how well Shampoo\u2019s preconditioner matches the curvature it stands in for. For one ' +
    'layer (an m \u00d7 n weight) each example i gives a gradient G\u1d62. Their outer products add up to H, an ' +
    'mn \u00d7 mn matrix too large to keep, which Adagrad and Gauss\u2013Newton optimizers would like to invert. ' +
    'Shampoo keeps two small matrices instead, L = \u03a3 G\u1d62G\u1d62\u1d40 (m \u00d7 m) and R = \u03a3 ' +
    'G\u1d62\u1d40G\u1d62 (n \u00d7 n), and uses their Kronecker product A \u2297 B as a stand-in for H. A cosine ' +
    'of 1 means a stand-in points exactly the way H does; 0 means it has nothing in common with it.',
  cosines:
    'Each layer\u2019s three stand-ins for H, scored by their cosine to H (1 = identical up to scale). Optimal: the ' +
    'best any Kronecker product A \u2297 B can do. Shampoo\u00b2: L \u2297 R, which is one step towards the optimal ' +
    'from (I, I). Shampoo: L^\u00bd \u2297 R^\u00bd, the usual choice, only the square root of Shampoo\u00b2. A ' +
    'Shampoo\u00b2 bar close to the optimal one says the exponent \u2212\u00bd (L^\u2212\u00bd G R^\u2212\u00bd) is ' +
    'the better preconditioner.',
  optimal:
    'Optimal: the Kronecker product A \u2297 B closest to H (found by power iteration, never forming H). No ' +
    'preconditioner of Shampoo\u2019s shape can do better than this cosine.',
  shampooSquared:
    'Shampoo\u00b2 = L \u2297 R, with L = \u03a3 G\u1d62G\u1d62\u1d40 and R = \u03a3 G\u1d62\u1d40G\u1d62: one step ' +
    'of power iteration towards the optimal, starting from (I, I).',
  shampoo:
    'Shampoo = L^\u00bd \u2297 R^\u00bd: the square roots of Shampoo\u2019s statistics, which the original ' +
    'Shampoo uses (its update L^\u2212\u00bc G R^\u2212\u00bc).',
  convergence:
    'The cosine to H after each step of power iteration from (I, I): step 1 is exactly Shampoo\u00b2 = L \u2297 R; ' +
    'later steps climb to the optimal. A flat line after step 1 means Shampoo\u00b2 is already as good as it gets.',
  spectra:
    'The eigenvalues of L (m of them) and R (n of them), largest first, on a log scale. A steep drop means the ' +
    'gradients use few directions; the ratio of the first to the last is how stretched the preconditioner is.',
  spectrumL: 'L = \u03a3 G\u1d62G\u1d62\u1d40: how the gradients spread over the layer\u2019s outputs (m \u00d7 m).',
  spectrumR: 'R = \u03a3 G\u1d62\u1d40G\u1d62: how the gradients spread over the layer\u2019s inputs (n \u00d7 n).',
  hNorm:
    '\u2016H\u2016 (its Frobenius norm) divides every cosine. It is exact when every pair of examples is summed, ' +
    'otherwise an unbiased estimate from sampled pairs with its standard error.',
  layer: 'A weight of the model: m outputs \u00d7 n inputs, with one gradient per example (token).',
  examples: 'Examples: how many per-example gradients G\u1d62 were summed (one per token for a language model).',
  labels: {
    sampled:
      'Labels sampled from the model (the Gauss\u2013Newton view: H is the Fisher information the optimizer ' +
      'approximates).',
    true: 'Labels taken from the text\u2019s next token (the empirical Fisher: the Adagrad view).',
  },
} as const;
