/**
 * @file The token vocabulary of the Turing-program models (25 ids): `0`…`9` (0–9), `+` (10), `*` (11),
 * the carry marks `a`…`j` (12–21), the line separator `|` (22), `<bos>` (23) and `<eos>` (24). A
 * scratchpad sequence is `<bos>` line 0 `|` line 1 `|` … `|` answer `<eos>`; the prompt is `<bos>`
 * line 0 `|`. The no-scratchpad baseline writes `<bos>` line 0 `|` answer `<eos>`.
 */
import type { ProgramLine, ProgramTask } from './program';

/** Token strings by id. */
export const PROGRAM_VOCAB: readonly string[] = [...'0123456789+*abcdefghij'.split(''), '|', '<bos>', '<eos>'];
/** The line separator's id. */
export const SEP_ID = 22;
/** The start token's id. */
export const BOS_ID = 23;
/** The end token's id. */
export const EOS_ID = 24;

const ID_OF = new Map(PROGRAM_VOCAB.map((t, i) => [t, i]));

/** The id of a cell; undefined for a string outside the vocabulary. */
export function programId(cell: string): number | undefined {
  return ID_OF.get(cell);
}

/** The ids of a line's cells (every cell must be in the vocabulary: lines from `programLines` are). */
export function lineIds(line: ProgramLine): number[] {
  return line.map((c) => ID_OF.get(c) ?? EOS_ID);
}

/** The prompt: `<bos>` line 0 `|`. */
export function promptIds(line0: ProgramLine): number[] {
  return [BOS_ID, ...lineIds(line0), SEP_ID];
}

/** The whole sequence a model of this kind is trained on: every line (scratchpad) or line 0 and the answer. */
export function sequenceIds(lines: readonly ProgramLine[], scratchpad: boolean): number[] {
  const kept = scratchpad ? lines : [lines[0] ?? [], lines[lines.length - 1] ?? []];
  const ids = [BOS_ID];
  kept.forEach((l, i) => ids.push(...(i > 0 ? [SEP_ID] : []), ...lineIds(l)));
  ids.push(EOS_ID);
  return ids;
}

/** The token string of an id (`<id 99>` for one outside the vocabulary). */
export function tokenOf(id: number): string {
  return PROGRAM_VOCAB[id] ?? `<id ${id}>`;
}

/**
 * Longest sequence (tokens) Model Lens runs a Turing-program model on: the graph's attention is [heads, T, T] per
 * layer, 537 MB at 4,096 tokens and 8 heads. Scratchpads grow as 1.5·n² (about 50 digits of addition fit).
 */
export const MAX_MODEL_TOKENS = 4096;

/** Tokens of the longest sequence of an n-digit problem (answer of n + 1 digits): scratchpad or baseline. */
export function programLength(task: ProgramTask, n: number, scratchpad: boolean): number {
  const line0 = task === 'multiplication' ? n + 2 : 2 * n + 1;
  const answer = n + 1;
  if (!scratchpad) return 1 + line0 + 1 + answer + 1;
  let total = 1 + line0 + 1 + answer + 1;
  for (let k = 1; k <= n; k++) total += (task === 'multiplication' ? n + 3 : 2 * n - k + 2) + 1;
  return total;
}
