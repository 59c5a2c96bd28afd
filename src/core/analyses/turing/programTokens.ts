/**
 * @file The token vocabulary of the Turing-program models (25 ids): `0`…`9` (0–9), `+` (10), `*` (11),
 * the carry marks `a`…`j` (12–21), the line separator `|` (22), `<bos>` (23) and `<eos>` (24). A
 * scratchpad sequence is `<bos>` line 0 `|` line 1 `|` … `|` answer `<eos>`; the prompt is `<bos>`
 * line 0 `|`. The no-scratchpad baseline writes `<bos>` line 0 `|` answer `<eos>`.
 */
import type { ProgramLine } from './program';

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
