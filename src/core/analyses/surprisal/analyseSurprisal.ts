/**
 * @file The surprisal analysis: how many bits each token of a text costs the model, given the
 * tokens before it. Long texts are scored in overlapping windows, batched. The text is refused by
 * bytes before it is tokenized and by tokens as soon as the limit is passed (never tokenized
 * whole); batches are sized to take about 60 ms, with a turn of the event loop between them, so a
 * cancel is honoured within one batch. The five most probable tokens are kept for texts of up to
 * {@link TOP_TOKENS} tokens; for longer ones they would dominate the result (about 200 bytes a token), so they are
 * left out and {@link topAt} recomputes one token's on demand from the ids {@link scoreText} returns.
 */
import type { SurprisalResult, SurprisalToken } from '../../../shared/surprisal';
import { throwIfCancelled } from '../../errors';
import { requireText } from '../../text/decodeText';
import { encodeBounded } from '../../model/encodeBounded';
import { BatchSizer, nextTurn } from '../../model/pacing';
import type { TokenSpan } from '../../model/tokenizer';
import type { CausalLM, RowScores, ScoredCandidate } from '../../model/types';
import { planWindows, type ScoreWindow } from './planWindows';
import { rowScores } from './rowScores';

/** Texts with more tokens than this get no top-k candidates in the result (see {@link topAt}). */
export const TOP_TOKENS = 20_000;

/** Options of {@link analyseSurprisal}. */
export interface SurprisalOptions {
  /** Offset of the text in its document, added to every range. @default 0 */
  readonly offset?: number;
  /** Refuse texts with more tokens than this (or more than 16 bytes per token). @default 16384 */
  readonly maxTokens?: number;
  /** Candidates kept per token. @default 5 */
  readonly topK?: number;
  /** Texts with more tokens than this keep no candidates. @default {@link TOP_TOKENS} */
  readonly topTokens?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number, message: string) => void;
}

/** Largest number of logits held at once (windows are batched up to this). */
const LOGITS_BUDGET = 32 * 1024 * 1024;
/** Most windows run in one forward pass. */
const MAX_BATCH = 16;

/** Scores every token of `text` with `lm`; see {@link SurprisalResult}. */
export async function analyseSurprisal(
  lm: CausalLM,
  text: string,
  options: SurprisalOptions = {},
): Promise<SurprisalResult> {
  return (await scoreText(lm, text, options)).result;
}

/** {@link analyseSurprisal}'s result and the ids it scored (BOS first when the model has one). */
export async function scoreText(
  lm: CausalLM,
  text: string,
  options: SurprisalOptions = {},
): Promise<{ result: SurprisalResult; ids: Int32Array }> {
  requireText(text);
  const spans = await encodeBounded(lm.tokenizer, text, {
    maxTokens: options.maxTokens ?? 16384,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
  });
  const ids = Int32Array.from(lm.bosId === undefined ? [] : [lm.bosId]);
  const all = new Int32Array(ids.length + spans.length);
  all.set(ids);
  spans.forEach((s, i) => (all[ids.length + i] = s.id));
  const first = lm.bosId === undefined ? 1 : 0;
  const k = spans.length - first > (options.topTokens ?? TOP_TOKENS) ? 0 : (options.topK ?? 5);
  const scored = await scoreAll(lm, all, k, options);
  const offset = options.offset ?? 0;
  const tokens = spans.slice(first).map((s, i) => toToken(text, s, scored, i + 1, offset));
  const bytes = Buffer.byteLength(text.slice(spans[first]?.start ?? 0), 'utf8');
  const total = tokens.reduce((a, t) => a + t.surprisal, 0);
  const result = {
    model: lm.name,
    device: lm.device,
    tokens,
    bitsPerByte: bytes > 0 ? total / bytes : 0,
    bytes,
    window: lm.context,
    offset,
  };
  return { result, ids: all };
}

/** Bits of every target (NaN where none) and, when candidates are kept, their texts and probabilities. */
interface Scored {
  readonly bits: Float64Array;
  readonly top: (readonly ScoredCandidate[] | undefined)[];
}

async function scoreAll(lm: CausalLM, ids: Int32Array, k: number, options: SurprisalOptions): Promise<Scored> {
  const windows = planWindows(ids.length, lm.context);
  const out: Scored = { bits: new Float64Array(ids.length).fill(NaN), top: k > 0 ? new Array(ids.length) : [] };
  let sizer = firstSizer(lm);
  for (let w = 0; w < windows.length;) {
    throwIfCancelled(options.signal);
    const t0 = performance.now();
    const group = windows.slice(w, w + sizer.next);
    const rows = group.map((win) => ({
      ids: Array.from(ids.subarray(win.begin, win.end)),
      from: win.scoreFrom - win.begin,
    }));
    const scores = await rowScores(lm, rows, k, options.signal);
    group.forEach((win, b) => keepWindow(win, scores[b], out, k));
    if (w === 0 && lm.scorer === undefined) sizer = new BatchSizer(localBatch(lm));
    sizer.record(group.length, performance.now() - t0);
    w += group.length;
    options.onProgress?.(w / windows.length, `Scored ${w} of ${windows.length} windows`);
    if (w < windows.length) await nextTurn();
  }
  throwIfCancelled(options.signal);
  return out;
}

/** A local model starts with one window (then batches by time); a scorer takes as many rows as it asks for. */
function firstSizer(lm: CausalLM): BatchSizer {
  return lm.scorer === undefined ? new BatchSizer(1) : BatchSizer.fixed(lm.scorer.rowsPerCall);
}

function localBatch(lm: CausalLM): number {
  return Math.max(
    1,
    Math.min(MAX_BATCH, Math.floor(LOGITS_BUDGET / (lm.context * Math.max(1, lm.tokenizer.vocabSize)))),
  );
}

function keepWindow(win: ScoreWindow, scores: RowScores | undefined, out: Scored, k: number): void {
  for (let t = win.scoreFrom; t < win.end; t++) {
    out.bits[t] = scores?.bits[t - win.begin] ?? NaN;
    if (k > 0) out.top[t] = scores?.top[t - win.begin];
  }
}

function toToken(text: string, span: TokenSpan, scored: Scored, t: number, offset: number): SurprisalToken {
  const token = { text: text.slice(span.start, span.end), start: span.start + offset, end: span.end + offset };
  const surprisal = scored.bits[t] ?? NaN;
  const top = scored.top[t];
  if (top === undefined) return { ...token, surprisal };
  return { ...token, surprisal, top: top.map((c) => ({ text: c.text, p: c.p })) };
}
