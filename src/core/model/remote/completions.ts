/**
 * @file The two ways an OpenAI-compatible completions server gives the log-probability of every prompt token, read
 * into {@link RowScores}. Prompts are sent as token ids, several in one request (`prompt: [[ids], …]`), so the
 * tokens scored are exactly the ones the text was cut into.
 * - `prompt_logprobs: k` (vLLM's extra parameter): `choices[i].prompt_logprobs` is `null` for the first token, then
 *   for each token a map id → `{logprob, rank, decoded_token}` holding the top k and the actual token.
 * - `echo: true` with `logprobs: k` (the original OpenAI completions API): `choices[i].logprobs` has `tokens`,
 *   `token_logprobs` (`null` first) and `top_logprobs` (text → logprob) for the prompt, then the generated token.
 */
import { LensError } from '../../errors';
import { parseWith } from '../../parse';
import { v } from '../../../shared/schema';
import type { RowScores, ScoreRow, ScoredCandidate } from '../types';

/** Which request shape a server answers. */
export type ApiShape = 'prompt_logprobs' | 'echo';

const Logprob = v.union([v.number(), v.picklist(['-inf', '-Infinity'])]);
const PromptEntry = v.nullable(
  v.record(
    v.string(),
    v.looseObject({ logprob: Logprob, rank: v.nullish(v.number()), decoded_token: v.nullish(v.string()) }),
  ),
);
const EchoLogprobs = v.looseObject({
  tokens: v.optional(v.array(v.string())),
  token_logprobs: v.nullish(v.array(v.nullable(v.number()))),
  top_logprobs: v.nullish(v.array(v.nullable(v.record(v.string(), v.number())))),
});
const ReplySchema = v.looseObject({
  choices: v.array(
    v.looseObject({
      index: v.optional(v.number()),
      prompt_logprobs: v.nullish(v.array(PromptEntry)),
      logprobs: v.nullish(EchoLogprobs),
    }),
  ),
});
type Choice = v.InferOutput<typeof ReplySchema>['choices'][number];

/** The request body scoring `rows` (token ids) with `k` candidates per position in `shape`. */
export function completionBody(model: string, rows: readonly ScoreRow[], k: number, shape: ApiShape): object {
  const base = { model, prompt: rows.map((r) => r.ids), max_tokens: 1, temperature: 0 };
  return shape === 'prompt_logprobs' ? { ...base, prompt_logprobs: k } : { ...base, echo: true, logprobs: k };
}

/**
 * The scores in a reply to {@link completionBody}, one per row; undefined when the reply lacks the field `shape`
 * asks for (a server that ignores `prompt_logprobs`), so the caller can try the other shape.
 */
export function readScores(
  reply: unknown,
  rows: readonly ScoreRow[],
  k: number,
  shape: ApiShape,
): RowScores[] | undefined {
  const fix = 'Check that the URL points at an OpenAI-compatible completions API.';
  const parsed = parseWith(ReplySchema, reply, 'The model server reply', { code: 'network', fix });
  const choices = [...parsed.choices].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  if (choices.length !== rows.length) {
    throw new LensError('network', `The model server answered ${choices.length} prompts of ${rows.length}. ${fix}`);
  }
  const read = shape === 'prompt_logprobs' ? fromPromptLogprobs : fromEcho;
  const out: RowScores[] = [];
  for (const [i, row] of rows.entries()) {
    const scores = read(choices[i] as Choice, row, k);
    if (scores === undefined) return undefined;
    out.push(scores);
  }
  return out;
}

function fromPromptLogprobs(choice: Choice, row: ScoreRow, k: number): RowScores | undefined {
  const entries = choice.prompt_logprobs;
  if (entries === undefined || entries === null || entries.length < row.ids.length) return undefined;
  const scores = emptyScores(row.ids.length);
  for (let t = Math.max(1, row.from); t < row.ids.length; t++) {
    const entry = entries[t];
    const actual = entry?.[String(row.ids[t])];
    if (entry === null || entry === undefined || actual === undefined) return undefined;
    scores.bits[t] = bitsOf(toNumber(actual.logprob));
    if (k <= 0) continue;
    scores.top[t] = Object.entries(entry)
      .map(([id, e]) => ({ id: Number(id), text: e.decoded_token ?? '', p: Math.exp(toNumber(e.logprob)) }))
      .sort((a, b) => b.p - a.p)
      .slice(0, k);
  }
  return scores;
}

function fromEcho(choice: Choice, row: ScoreRow, k: number): RowScores | undefined {
  const lp = choice.logprobs?.token_logprobs;
  if (lp === undefined || lp === null || lp.length < row.ids.length) return undefined;
  const tops = choice.logprobs?.top_logprobs;
  const scores = emptyScores(row.ids.length);
  for (let t = Math.max(1, row.from); t < row.ids.length; t++) {
    const logprob = lp[t];
    if (logprob === null || logprob === undefined) return undefined;
    scores.bits[t] = bitsOf(logprob);
    if (k <= 0) continue;
    scores.top[t] = Object.entries(tops?.[t] ?? {})
      .map(([text, l]): ScoredCandidate => ({ text, p: Math.exp(l) }))
      .sort((a, b) => b.p - a.p)
      .slice(0, k);
  }
  return scores;
}

function emptyScores(n: number): { bits: Float64Array; top: (ScoredCandidate[] | undefined)[] } {
  return { bits: new Float64Array(n).fill(NaN), top: new Array<ScoredCandidate[] | undefined>(n) };
}

function toNumber(logprob: number | string): number {
  return typeof logprob === 'number' ? logprob : -Infinity;
}

function bitsOf(logprob: number): number {
  const bits = -logprob / Math.LN2;
  if (!Number.isFinite(bits)) {
    throw new LensError(
      'bad-model',
      'The model server gave a log-probability that is not a finite number for a prompt token. Check the served ' +
        'model (its weights or dtype).',
    );
  }
  return bits;
}
