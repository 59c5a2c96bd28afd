/**
 * @file What scoring on a task reads: the task items (JSONL lines `{"prompt", "answer"}`, each
 * checked by its schema) and the decoding settings of the base graph. Shared by the batched passes
 * (`taskBatch.ts`) and the scoring (`evaluate.ts`) without either importing the other.
 */
import { LensError } from '../../errors';
import { TaskItemSchema, type TaskItem } from '../../../shared/lora';
import { check, quote } from '../../../shared/schema';

export type { TaskItem } from '../../../shared/lora';

/** Decoding settings of the base graph. */
export interface ScoreOptions {
  readonly bos: number;
  /** Byte that ends an answer. @default 10 (newline) */
  readonly stop?: number;
  /** Longest answer decoded. @default 16 */
  readonly maxNew?: number;
  readonly signal?: AbortSignal;
}

/** Limits of a task file, checked before each line is parsed. */
export interface TaskLimits {
  /** Most items (non-empty lines). */
  readonly maxItems: number;
  /** Most tokens of one item: BOS, the prompt's and the answer's UTF-8 bytes, and the stop byte. */
  readonly maxLength: number;
}

/** Default number of items of a task file (`--max-items`). */
export const MAX_TASK_ITEMS = 10_000;

/** Default tokens of one item when the base model names no context (`--max-length`). */
export const DEFAULT_TASK_LENGTH = 1024;

/** Characters of JSON a line of an item within `maxLength` tokens can take: every byte escaped as \uXXXX, and room. */
const lineBound = (maxLength: number): number => 6 * maxLength + 1024;

const tooLong = (where: string, what: string, limit: string, flag: string): LensError =>
  new LensError(
    'too-long',
    `${where} ${what}, over ${limit} (${flag}). Shorten the item or file, or raise ${flag} (model-lens lora).`,
  );

/** The tokens an item takes in a pass: BOS, prompt bytes, answer bytes, stop byte. */
export const itemLength = (it: TaskItem): number => Buffer.byteLength(it.prompt) + Buffer.byteLength(it.answer) + 2;

function parseLine(line: string, where: string): TaskItem {
  let x: unknown;
  try {
    x = JSON.parse(line);
  } catch {
    throw new LensError(
      'bad-input',
      `${where} is not JSON. Each line must be an object like {"prompt": "…", "answer": "…"}.`,
    );
  }
  const checked = check(TaskItemSchema, x);
  if (!checked.ok)
    throw new LensError('bad-input', `${where} needs string fields "prompt" and "answer" (${quote(checked.message)}).`);
  return { prompt: checked.value.prompt, answer: checked.value.answer };
}

/**
 * Parses a JSONL file of `{prompt, answer}` items; a bad line is named in the error with its wrong
 * field. More than `maxItems` items, or an item longer than `maxLength` tokens, is a `too-long`
 * error naming the line, the limit and its flag, found before the line is parsed.
 */
export function parseTaskJsonl(text: string, file: string, limits: Partial<TaskLimits> = {}): TaskItem[] {
  const maxItems = limits.maxItems ?? MAX_TASK_ITEMS;
  const maxLength = limits.maxLength ?? DEFAULT_TASK_LENGTH;
  const items: TaskItem[] = [];
  for (let at = 0, n = 1; at < text.length; n++) {
    const found = text.indexOf('\n', at);
    const end = found < 0 ? text.length : found;
    const size = end - at;
    const line = size > lineBound(maxLength) ? undefined : text.slice(at, end);
    at = end + 1;
    if (line?.trim() === '') continue;
    const where = `${file} line ${n}`;
    if (items.length >= maxItems) throw tooLong(file, `has more than ${maxItems} items`, 'the limit', '--max-items');
    if (line === undefined)
      throw tooLong(where, `is ${size} characters`, `what an item of ${maxLength} tokens takes`, '--max-length');
    const item = parseLine(line, where);
    const length = itemLength(item);
    if (length > maxLength) {
      const what = `is ${length} tokens (BOS, prompt and answer bytes, stop)`;
      throw tooLong(where, what, `the limit of ${maxLength}`, '--max-length');
    }
    items.push(item);
  }
  if (items.length === 0) throw new LensError('empty-input', `${file} holds no items.`);
  return items;
}
