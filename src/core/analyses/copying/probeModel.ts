/**
 * @file Probes one model: its copy tasks at each length (prompt = span + separator, answer = span) and the first
 * copies alone (the span after the start token, as it is read in the prompt), scored by the shared
 * `scoreAnswers`; lookup tasks when asked; and for a fixed-state copy model the bound on its accuracy.
 */
import { LensError } from '../../errors';
import { encodeText } from '../../model/encodeBounded';
import type { CausalLM } from '../../model/types';
import {
  COPY_OPTIONS,
  type CopyExample,
  type CopyLength,
  type CopyModelResult,
  type CopySpec,
} from '../../../shared/copying';
import { scoreAnswers, type AnswerItem } from '../tasks/scoreAnswers';
import { copyBound, stateBitsOf, vacuousBelow } from './bound';
import { lookupRun } from './lookup';
import { accuracies, examplesOf, meanBits } from './summary';
import { copySpans, type CopySource } from './tasks';

/** What a probe of one model asks. */
export interface ProbeOptions {
  /** The text the tasks come from; absent: synthetic tasks over the alphabet. */
  readonly text?: string;
  /** The model's `copy` card block, when it is a copy model (then its tasks are synthetic). */
  readonly copy?: CopySpec;
  readonly lengths: readonly number[];
  readonly tasks: number;
  readonly seed: number;
  readonly lookup: boolean;
  readonly signal?: AbortSignal;
  /** Progress of this model's probe, `fraction` in [0, 1]. */
  readonly onProgress?: (fraction: number, message: string) => void;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The first copy read after the start token; without one, its first token is the prompt and the rest scored. */
async function firstCopyItem(model: CausalLM, span: string, signal?: AbortSignal): Promise<AnswerItem | undefined> {
  if (model.bosId !== undefined) return { prompt: '', answer: span };
  const cut = (await encodeText(model.tokenizer, span, signal))[1]?.start;
  return cut === undefined ? undefined : { prompt: span.slice(0, cut), answer: span.slice(cut) };
}

function sourceOf(o: ProbeOptions): CopySource {
  if (o.copy !== undefined || o.text === undefined) return { mode: 'synthetic', alphabet: o.copy?.alphabet ?? LETTERS };
  return { mode: 'text', text: o.text };
}

/** Probes `model`; `bad-input` when a length does not fit its window or the text. */
export async function probeModel(model: CausalLM, o: ProbeOptions): Promise<CopyModelResult> {
  if (o.lookup && o.text === undefined)
    throw new LensError('bad-input', 'Lookup tasks need a file or selection with name: value pairs. Give one.');
  const source = sourceOf(o);
  const separator = o.copy?.separator ?? COPY_OPTIONS.separator;
  const spans = await copySpans(model, source, separator, o.lengths, o.tasks, o.seed, o.signal);
  const pairs = o.lookup ? await lookupRun(model, o.text ?? '', o.tasks, o.seed, o.signal) : undefined;
  const copyItems = spans.map((s) => s.map((span) => ({ prompt: span + separator, answer: span })));
  const firstItems: AnswerItem[][] = [];
  for (const s of spans) {
    const items: AnswerItem[] = [];
    for (const span of s) {
      const item = await firstCopyItem(model, span, o.signal);
      if (item !== undefined) items.push(item);
    }
    firstItems.push(items);
  }
  const all = [...copyItems.flat(), ...firstItems.flat(), ...(pairs?.items ?? [])];
  const onProgress = (done: number, total: number): void =>
    o.onProgress?.(done / total, `${done} of ${total} tasks scored`);
  const scores = await scoreAnswers(model, all, { ...(o.signal ? { signal: o.signal } : {}), onProgress });
  let at = 0;
  const take = (n: number) => scores.slice(at, (at += n));
  const copyScores = copyItems.map((items) => take(items.length));
  const firstScores = firstItems.map((items) => take(items.length));
  const bits = stateBitsOf(o.copy ?? {});
  const d = new Set(source.mode === 'synthetic' ? source.alphabet : '').size;
  const bound = o.copy?.architecture === 'fixed-state' && bits !== undefined && d > 1;
  const lengths = o.lengths.map((length, i): CopyLength => ({
    length,
    tasks: copyItems[i]?.length ?? 0,
    ...accuracies(copyScores[i] ?? []),
    firstBits: meanBits(firstScores[i] ?? []),
    secondBits: meanBits(copyScores[i] ?? []),
    ...(bound ? { bound: copyBound(bits, length, d) } : {}),
  }));
  const most = COPY_OPTIONS.examples;
  const examples: CopyExample[] = [];
  for (const [i, n] of o.lengths.entries()) {
    examples.push(...(await examplesOf(model, 'copy', n, copyItems[i] ?? [], copyScores[i] ?? [], most)));
  }
  const lookupScores = take(pairs?.items.length ?? 0);
  return {
    model: model.name,
    mode: source.mode,
    separator,
    ...(source.mode === 'synthetic' ? { alphabet: source.alphabet } : {}),
    ...(o.copy?.architecture === undefined ? {} : { architecture: o.copy.architecture }),
    ...(bits === undefined ? {} : { stateBits: bits }),
    ...(bound ? { vacuousBelow: vacuousBelow(bits, d) } : {}),
    ...(o.copy?.trainLengths === undefined ? {} : { trainLengths: o.copy.trainLengths }),
    lengths,
    ...(pairs === undefined
      ? {}
      : {
          lookup: { pairs: pairs.pairs, tasks: pairs.items.length, listed: pairs.listed, ...accuracies(lookupScores) },
        }),
    examples: [...examples, ...(await examplesOf(model, 'lookup', 0, pairs?.items ?? [], lookupScores, most))],
  };
}
