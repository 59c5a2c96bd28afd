/**
 * @file The inspector view's help texts: each section's tooltip and note, and each column's tooltip.
 */

/** Tooltips and notes of the inspector view. */
export const HELP = {
  intro:
    'Read from the file’s headers only: no tensor is loaded and no code runs, so files of many gigabytes open ' +
    'at once.',
  routes: 'Open this file with the analyses that can use it; the analysis runs on the file you have open beside it.',
  params: 'How the parameters were counted; hover each figure for the rule used.',
  tree: 'Tensor names split on “.” into a tree; each row sums the tensors below it. Click a row to fold it.',
  filter: 'Show only tensors whose name contains this text (and the rows above them).',
  dtype: 'The stored element type (safetensors F32/BF16…, ONNX float16…, GGUF F16/Q4_K…).',
  shape: 'The tensor’s shape as stored (GGUF lists the fastest dimension first).',
  elements: 'Elements below this row: the product of each tensor’s shape, summed.',
  bytes: 'Bytes below this row as stored (quantized GGUF blocks included).',
  io: 'The graph’s inputs and outputs with element types and shapes; names are symbolic dimensions.',
  exposed:
    'Outputs analyses read: logits (surprisal), attentions and hidden states (dependencies, trees), router logits ' +
    '(expert routing), present key/values (the cache).',
  graph:
    'The graph’s nodes grouped by name prefix up to the layer index, one box per group with its node count and ' +
    'most frequent ops; arrows show data flowing from one group to a later one.',
  lora: 'Each adapted module: rank r (rows of lora_A), alpha and scaling (alpha / r), and the layer’s shape.',
  metadata: 'Key/value metadata of the file; long arrays (a vocabulary, merges) show their length and first items.',
} as const;
