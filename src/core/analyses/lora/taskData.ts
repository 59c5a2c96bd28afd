/**
 * @file What scoring on a task reads: the task items (JSONL lines `{"prompt", "answer"}`, each
 * checked by its schema) and the decoding settings of the base graph. Shared by the batched passes
 * (`taskBatch.ts`) and the scoring (`evaluate.ts`) without either importing the other.
 */
import { LensError } from '../../errors';
import { TaskItemSchema, type TaskItem } from '../../../shared/lora';
import { check } from '../../../shared/schema';

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

/** Parses a JSONL file of `{prompt, answer}` items; a bad line is named in the error with its wrong field. */
export function parseTaskJsonl(text: string, file: string): TaskItem[] {
  const items: TaskItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let x: unknown;
    try {
      x = JSON.parse(line);
    } catch {
      throw new LensError(
        'bad-input',
        `${file} line ${i + 1} is not JSON. Each line must be an object like {"prompt": "…", "answer": "…"}.`,
      );
    }
    const checked = check(TaskItemSchema, x);
    if (!checked.ok) {
      throw new LensError(
        'bad-input',
        `${file} line ${i + 1} needs string fields "prompt" and "answer" (${checked.message}).`,
      );
    }
    items.push({ prompt: checked.value.prompt, answer: checked.value.answer });
  });
  if (items.length === 0) throw new LensError('empty-input', `${file} holds no items.`);
  return items;
}
