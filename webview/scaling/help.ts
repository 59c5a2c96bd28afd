/**
 * @file Plain-words help for every statistic the scaling panel shows (tooltips and notes), shared by the body
 * markup and the drawing code. No DOM use.
 */

/** One line per statistic, for someone who never read the paper. */
export const HELP = {
  intro:
    'What you are seeing: models of several sizes, each trained on a different number of tokens, on each ' +
    'dataset. A scaling law predicts a run\u2019s final loss from its model size N and tokens D. It is fitted on ' +
    'all runs but the biggest of each dataset; predicting that run shows how far the law can be trusted.',
  compute:
    'Compute C: the training cost in floating-point operations, about 6 × N parameters × D tokens. Both axes are ' +
    'logarithmic: each grid step multiplies by 10.',
  loss: 'Loss: cross-entropy on held-out text (lower is better), in nats per token.',
  law:
    'The fitted law L(N, D) = ((A/N)^(α/β) + B/D)^β + E. Each line is one model size N trained for more and more ' +
    'tokens: along it only D grows. The thick line is the law at the compute-optimal size N*(C).',
  power: 'The fitted law L(C) = E + A·C^(−α): loss falls as a power of compute towards E.',
  heldOut:
    'Held-out run: the largest-compute run of the dataset, left out of the fit and predicted by it. The whisker ' +
    'is the 95% bootstrap interval of the prediction; the error is (predicted − observed) / observed.',
  band:
    'The band: 95% of the curves fitted to bootstrap resamples of the runs (runs drawn again with replacement) ' +
    'pass inside it; a wide band means few or scattered runs.',
  residual:
    'Residual: observed loss − the law\u2019s value, for each fitted run. Points scattered evenly around 0 mean ' +
    'the law has the right shape; a trend means it misses something.',
  r2:
    'R²: the share of the spread of the losses that the law explains (1 is perfect, 0 is no better than the ' +
    'mean loss).',
  huber:
    'Huber: the mean Huber loss (δ = 0.001) between the log of the law\u2019s values and the log of the losses: ' +
    'what the fit minimises, as the paper does; it counts big misses less than squares would.',
  E: 'E: the irreducible loss, what an infinitely large model trained on infinite data would still reach.',
  A: 'A and α: how fast the loss falls as the model grows (the larger α, the faster).',
  B: 'B and β: how fast the loss falls with more training tokens (the larger β, the faster).',
  l2l:
    'Loss-to-loss: each point is one model size and token budget trained once on each dataset; x is the loss of ' +
    'the run trained on the first, y that of the run trained on the second. The curve is ' +
    'L\u2081 = K·(L\u2080 − E\u2080)^κ + E\u2081.',
  kappa: 'κ: the exponent of the loss-to-loss law; 1 means the two losses fall in step (above their floors).',
  K: 'K: the scale of the loss-to-loss law; below 1, the second dataset\u2019s reducible loss is smaller.',
  e0e1: 'E\u2080 and E\u2081: the irreducible losses of the two datasets, taken from their own fitted laws.',
  optimal:
    'N*(C): the model size that reaches the lowest loss for a compute budget C under the fitted law; the rest ' +
    'of the budget goes to tokens (D = C / 6N). A translated law has the same N*(C) as the law it came from.',
  translated:
    'A translated law: the law of one dataset carried to another through the loss-to-loss law (α\u2032 = κα, ' +
    'β\u2032 = κβ, E\u2032 = E\u2081), without fitting the second dataset\u2019s runs.',
  interval: 'In brackets: the 95% bootstrap interval (from refits on resampled runs).',
} as const;
