/**
 * @file The copy and lookup panel's words: what each section shows and what each statistic means, for the notes
 * and tooltips. Plain strings, shared by the body markup and the view script.
 */

/** Help of each section and statistic. */
export const COPY_HELP = {
  intro:
    'What you are seeing: how often each model copies a span it has just read (a span, a separator, then the ' +
    'span again, scored token by token: the model must rank each next token of the copy first), against the ' +
    "span's length, one line per model; and how surprised it is by the span the first time and the second.",
  accuracy:
    'String accuracy: the share of tasks whose whole second copy the model predicted, every token its greedy ' +
    'choice given the right tokens before it. A dashed line is the bound of "Repeat After Me" for a fixed-state ' +
    'model: no model with a state of that many bits copies more than min(1, 2^(stateBits − L·log2 D)) of the ' +
    'strings of length L over D symbols. It is 1, saying nothing, below L = stateBits / log2 D.',
  surprisal:
    'Mean surprisal in bits per token of the span where it first appears (after the start token) and of its ' +
    'second copy. A model that reads back from its context finds the second copy far less surprising.',
  lookup:
    'Lookup: name: value pairs harvested from the text are listed, then one name is asked (name:); the model ' +
    'must produce its value. String accuracy: the share of queries answered exactly.',
  tasks:
    'Tasks the model got wrong come first. The first token it did not predict is marked; "Show where it reads ' +
    'from" opens the task as text and shows the dependencies of that token (or of the last token when all were ' +
    'right) with the token-dependencies command.',
  tokenAccuracy: 'Token accuracy: the share of answer tokens that were the greedy choice.',
} as const;
