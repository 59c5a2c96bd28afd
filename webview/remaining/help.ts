/** @file Plain-words help of the remaining-length panel (tooltips and notes). No DOM use. */

/** One line per statistic, for someone who never read the paper. */
export const HELP = {
  intro:
    'What you are seeing: a small language model answers the prompt one token at a time. After each token, a ' +
    'probe (a tiny classifier reading one layer\u2019s hidden state) guesses how many tokens the answer still ' +
    'needs, as probabilities over ranges (bins). A server can use the guess to run short answers first.',
  strip:
    'Each column is one generated token; each band a range of remaining lengths, darker where the probe finds ' +
    'it likelier. The lines are single-number estimates; the closer to the dotted truth, the better.',
  heat: 'The probe\u2019s probability that the remaining length falls in the band, after this token.',
  mae: 'Mean absolute error: how many tokens an estimate was off by, averaged over the answer\u2019s tokens.',
  scan:
    'A probe was trained on each layer; the bar is how far off that layer\u2019s probe was on this answer (dots: on ' +
    'held-out prompts); the blue bar is the layer the chart above uses. The lowest bar knows the length best.',
} as const;
