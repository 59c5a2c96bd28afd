/**
 * @file What a fuzz case is: the files it writes into its own temporary folder, the CLI arguments it runs
 * with, and the paths a successful run writes (checked for non-finite values).
 */
import type { Rng } from './rng';

/** The formats the suite mutates, one generator each. */
export const FORMATS = ['onnx', 'tokenizer', 'safetensors', 'adapter', 'trees', 'turing', 'jsonl', 'text'] as const;
/** One format name. */
export type FormatName = (typeof FORMATS)[number];

/** A file of a case: bytes, UTF-8 text, or a copy of an existing file (a model). */
export type FileSpec = Uint8Array | string | { readonly copy: string };

/** What a generator makes. */
export interface CaseBody {
  /** A few words on the mutation, printed with failures. */
  readonly what: string;
  /** Relative path → content, written into the case's temporary folder. */
  readonly files: Readonly<Record<string, FileSpec>>;
  /** The arguments after `node dist/cli.js`, run in the case's folder. */
  readonly argv: readonly string[];
  /** Paths a successful run writes (a merged adapter folder, a tree model), checked like stdout. */
  readonly outputs?: readonly string[];
}

/** One reproducible case. */
export interface FuzzCase extends CaseBody {
  readonly format: FormatName;
  readonly seed: number;
  readonly index: number;
}

/** Files the generators start from: the repository's, and those made once per run (see materials.ts). */
export interface Materials {
  /** The repository root (read only). */
  readonly root: string;
  /** A tree model saved by `trees train` (cart learner). */
  readonly cartModel: string;
  /** A tree model saved by `trees train` (boosted learner). */
  readonly boostedModel: string;
  /** A valid scratchpad of the addition machine. */
  readonly scratchpad: string;
}

/** Makes the body of one case of a format. */
export type Generator = (rng: Rng, m: Materials) => CaseBody;
