/**
 * @file Plain-words help for everything the Sparse Parity Frontier panel shows (tooltips, notes, the form's
 * fields), shared by the body markup and the drawing code. No DOM use.
 */

/** One line per field and figure, for someone who never read the paper. */
export const HELP = {
  intro:
    'What you are seeing: small two-layer networks learning a hidden rule. Each example is n random bits (±1); ' +
    'its label is the product of k of them (a parity: +1 when an even number of those k bits are −1). Which k ' +
    'bits matter is hidden, so a network must find them. The grid trains many networks (one per width, number ' +
    'of training examples, initialization and seed) and counts how many learn the rule: at least 99% right on ' +
    'examples they never saw, within the step cutoff.',
  n: 'n: bits per example. More bits hide the k relevant ones better and make the rule harder to find.',
  k: 'k: how many bits the label depends on (the parity of those bits). Each extra bit makes the search much harder.',
  widths: 'Widths: hidden neurons of the network, one or more values separated by commas (e.g. 10, 100, 1000).',
  samples:
    'Training samples: examples the network trains on, reused every pass; "online" draws fresh examples every ' +
    'step (unlimited data). Several values separated by commas.',
  seeds: 'Seeds per cell: networks trained per cell with different random starts; the success rate is over these.',
  inits:
    'Initialization of the first layer. Dense: every neuron starts connected to all n bits. Sparse: each neuron ' +
    'starts connected to only s random bits (the rest zero), so some neurons start near the right bits by luck.',
  sparsity: 'Sparsity s: bits each neuron of the sparse initialization starts connected to (the paper finds 2 best).',
  steps: 'Step cutoff: training steps (batches of 32) a network gets; one that has not learned by then failed.',
  rewind:
    'Rewind check: after the grid, take the widest network that learned, keep only its few largest neurons, reset ' +
    'them to their starting weights and train again; then do the same with random neurons.',
  heatmap:
    'One square per width (rows) and number of training samples (columns): the share of seeds that learned the ' +
    'rule. Darker: more succeeded; the fraction is written inside; grey squares are still training. Hover a ' +
    'square for the median steps it took.',
  luck:
    'Success rate against width at the largest sample size. Dots: measured. Dashed line: the chance that at ' +
    'least one neuron of the sparse initialization starts connected only to relevant bits (or to all of them ' +
    'when s ≥ k): 1 − (1 − q)^width, q that chance for one neuron. Wider networks buy more lottery tickets.',
  neurons:
    'First-layer weights of the neurons with the largest weights in one trained network: one row per neuron, ' +
    'one column per input bit; red positive, blue negative. Columns marked ▼ are the k relevant bits: neurons ' +
    'that learned the rule put their weight there (the lottery ticket).',
  rewindFigure:
    'The few largest neurons alone, reset to where they started and trained again, against the same number of ' +
    'random neurons. If the top neurons learn and random ones do not, the winning neurons were lucky from the start.',
  curves:
    'Accuracy on the training examples (dashed) and on new examples (solid) as training goes. When the training ' +
    'accuracy reaches 100% long before the test accuracy rises, the network first memorized, then understood ' +
    '("grokking").',
} as const;
