/**
 * @file The generators by format, and the one way a case is made: from (format, seed, index) alone.
 */
import { adapterCase } from './formats/adapter';
import { jsonlCase } from './formats/jsonl';
import { onnxCase } from './formats/onnx';
import { safetensorsCase } from './formats/safetensors';
import { textCase } from './formats/text';
import { tokenizerCase } from './formats/tokenizer';
import { treesCase } from './formats/trees';
import { turingCase } from './formats/turing';
import { Rng } from './rng';
import type { FormatName, FuzzCase, Generator, Materials } from './types';

/** One generator per format. */
export const GENERATORS: Readonly<Record<FormatName, Generator>> = {
  onnx: onnxCase,
  tokenizer: tokenizerCase,
  safetensors: safetensorsCase,
  adapter: adapterCase,
  trees: treesCase,
  turing: turingCase,
  jsonl: jsonlCase,
  text: textCase,
};

/** The case `index` of `format` under `seed`: the same files and arguments every time. */
export function makeCase(format: FormatName, seed: number, index: number, m: Materials): FuzzCase {
  const body = GENERATORS[format](new Rng(`${format}:${seed}:${index}`), m);
  return { format, seed, index, ...body };
}

/** How to run one case again. */
export function reproduce(c: Pick<FuzzCase, 'format' | 'seed' | 'index'>): string {
  return `npm run fuzz -- --format ${c.format} --seed ${c.seed} --case ${c.index}`;
}
