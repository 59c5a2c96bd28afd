/**
 * @file A model served by an OpenAI-compatible completions server, as a {@link CausalLM} that scores through its
 * {@link RowScorer}: it has no logits, attentions or hidden states, so analyses that need those refuse it with a
 * message. Rows go several to a request and at most {@link RemoteOptions.concurrency} requests at a time; the
 * server's way of giving prompt log-probabilities (vLLM's `prompt_logprobs`, else `echo` + `logprobs`) is found on
 * the first request and kept.
 */
import { LensError, throwIfCancelled } from '../../errors';
import { parseWith } from '../../parse';
import { v } from '../../../shared/schema';
import type { CausalLM, LogFn, RowScorer, RowScores, ScoreRow } from '../types';
import { completionBody, readScores, type ApiShape } from './completions';
import { callJson, DEFAULT_HTTP, HttpStatusError, type HttpPolicy } from './http';
import { remoteTokenizer, tokenizeRemote } from './remoteTokenizer';
import { parseRemoteSpec, remoteRefusal, type RemoteSpec } from '../remoteSpec';

/** Options of {@link loadRemoteModel}. */
export interface RemoteOptions {
  /** Bearer key; never logged. */
  readonly key?: string;
  readonly log: LogFn;
  /** Time-out, retries and back-off. @default {@link DEFAULT_HTTP} */
  readonly http?: Omit<HttpPolicy, 'key' | 'log'>;
  /** Prompts in one request. @default 8 */
  readonly rowsPerRequest?: number;
  /** Requests in flight at once. @default 4 */
  readonly concurrency?: number;
}

const ModelsReply = v.looseObject({
  data: v.array(v.looseObject({ id: v.string(), max_model_len: v.nullish(v.number()) })),
});

/** Context assumed when the server does not say (`max_model_len` is vLLM's field). */
const DEFAULT_CONTEXT = 2048;

/** Connects to the server `spec` names, checks that it serves the model, and reads its context and BOS token. */
export async function loadRemoteModel(specText: string, options: RemoteOptions): Promise<CausalLM> {
  const spec = parseRemoteSpec(specText);
  const policy: HttpPolicy = { ...(options.http ?? DEFAULT_HTTP), log: options.log, ...keyOf(options.key) };
  const context = await servedContext(spec, policy, options.log);
  const bos = (await tokenizeRemote(spec, '', true, policy)).ids;
  const name = specText.trim();
  options.log('info', `Remote model ${spec.model} at ${new URL(spec.baseUrl).origin}: window ${context} tokens.`);
  return {
    name,
    device: 'server',
    context,
    bosId: bos.length === 1 ? bos[0] : undefined,
    tokenizer: remoteTokenizer(spec, policy),
    scorer: new RemoteScorer(spec, policy, options.rowsPerRequest ?? 8, options.concurrency ?? 4),
    logits: () => Promise.reject(new LensError('bad-model', remoteRefusal(name, 'logits over the whole vocabulary'))),
    dispose: () => Promise.resolve(),
  };
}

function keyOf(key: string | undefined): { key?: string } {
  return key === undefined || key === '' ? {} : { key };
}

/** The served model's window (one token less than `max_model_len`: each request generates one token). */
async function servedContext(spec: RemoteSpec, policy: HttpPolicy, log: LogFn): Promise<number> {
  const reply = parseWith(
    ModelsReply,
    await callJson(`${spec.baseUrl}/models`, undefined, policy),
    'The /v1/models reply',
    {
      code: 'network',
      fix: 'Check that the URL is the base of an OpenAI-compatible API (it usually ends in /v1).',
    },
  );
  const served = reply.data.find((m) => m.id === spec.model);
  if (served === undefined) {
    const names = reply.data.map((m) => m.id).join(', ') || 'none';
    throw new LensError(
      'model-not-found',
      `The server at ${new URL(spec.baseUrl).origin} does not serve "${spec.model}" (it serves: ${names}). Write ` +
        `one of these after "#" in the model spec.`,
    );
  }
  const max = served.max_model_len;
  if (typeof max === 'number' && Number.isInteger(max) && max >= 3) return max - 1;
  log('warn', `The server does not say ${spec.model}'s context length; assuming ${DEFAULT_CONTEXT} tokens.`);
  return DEFAULT_CONTEXT;
}

/** Most prompt tokens in one request (a server with a long window still gets requests of a bounded size). */
const REQUEST_TOKENS = 32_768;

/** Rows cut into requests of at most `most` rows and {@link REQUEST_TOKENS} tokens (a longer row goes alone). */
export function requestGroups(rows: readonly ScoreRow[], most: number): ScoreRow[][] {
  const groups: ScoreRow[][] = [];
  let tokens = 0;
  for (const row of rows) {
    const last = groups.at(-1);
    if (last === undefined || last.length >= most || tokens + row.ids.length > REQUEST_TOKENS) {
      groups.push([row]);
      tokens = row.ids.length;
    } else {
      last.push(row);
      tokens += row.ids.length;
    }
  }
  return groups;
}

/** Scores rows through the completions endpoint, batched and bounded in concurrency. */
class RemoteScorer implements RowScorer {
  readonly rowsPerCall: number;
  private shape: ApiShape | undefined;

  constructor(
    private readonly spec: RemoteSpec,
    private readonly policy: HttpPolicy,
    private readonly rowsPerRequest: number,
    private readonly concurrency: number,
  ) {
    this.rowsPerCall = rowsPerRequest * concurrency;
  }

  async scoreRows(rows: readonly ScoreRow[], k: number, signal?: AbortSignal): Promise<RowScores[]> {
    const groups = requestGroups(rows, this.rowsPerRequest);
    const out = new Array<RowScores[]>(groups.length);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      for (let g = next++; g < groups.length && !failed; g = next++) {
        throwIfCancelled(signal);
        try {
          out[g] = await this.scoreGroup(groups[g] ?? [], k, signal);
        } catch (error) {
          failed = true; // the other workers send nothing more
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, groups.length) }, worker));
    return out.flat();
  }

  private async scoreGroup(rows: readonly ScoreRow[], k: number, signal?: AbortSignal): Promise<RowScores[]> {
    for (const shape of this.shape === undefined ? (['prompt_logprobs', 'echo'] as const) : [this.shape]) {
      const scores = await this.request(rows, k, shape, signal);
      if (scores !== undefined) {
        this.shape = shape;
        return scores;
      }
    }
    throw new LensError(
      'bad-model',
      `The server at ${new URL(this.spec.baseUrl).origin} returns no log-probabilities for prompt tokens (neither ` +
        'prompt_logprobs nor echo with logprobs), which scoring needs. Serve the model with vLLM.',
    );
  }

  private async request(rows: readonly ScoreRow[], k: number, shape: ApiShape, signal?: AbortSignal) {
    const body = completionBody(this.spec.model, rows, k, shape);
    try {
      return readScores(await callJson(`${this.spec.baseUrl}/completions`, body, this.policy, signal), rows, k, shape);
    } catch (error) {
      // A server that rejects the request shape (400: an unknown field) may take the other one.
      if (
        error instanceof HttpStatusError &&
        error.status === 400 &&
        shape === 'prompt_logprobs' &&
        this.shape === undefined
      ) {
        return undefined;
      }
      throw error;
    }
  }
}
