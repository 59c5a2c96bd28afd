/**
 * @file A causal LM named by a Hugging Face hub id, downloaded and run through transformers.js.
 * Files are cached; without network a `network` error says what to do instead.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceSetting, LocalDevice } from '../../shared/schema';
import { LensError } from '../errors';
import { withFallback } from './devices';
import { readTokenizer } from './readFiles';
import type { CausalLM, LogFn, LogitsBatch } from './types';

/** Options of {@link loadHubModel}. */
export interface HubModelOptions {
  readonly device: DeviceSetting;
  readonly log: LogFn;
  readonly cacheDir: string;
  /** Hub mirror to download from instead of huggingface.co (from $MODEL_LENS_HUB_HOST). */
  readonly remoteHost?: string;
}

type Transformers = typeof import('@huggingface/transformers');

/** Downloads (or reads from the cache) a hub model and wraps it as a {@link CausalLM}. */
export async function loadHubModel(id: string, options: HubModelOptions): Promise<CausalLM> {
  const tjs: Transformers = await import('@huggingface/transformers');
  tjs.env.cacheDir = options.cacheDir;
  tjs.env.allowLocalModels = false;
  if (options.remoteHost !== undefined) tjs.env.remoteHost = options.remoteHost;
  const { value: model, device } = await withFallback(
    options.device,
    (d) =>
      fromPretrained(tjs, id, d).catch((error: unknown) => {
        const e = hubError(id, error, options.cacheDir);
        throw e.code === 'network' ? e : error;
      }),
    options.log,
  ).catch((error: unknown) => {
    throw error instanceof LensError ? error : hubError(id, error, options.cacheDir);
  });
  const dir = join(options.cacheDir, id);
  const tokenizer = readTokenizer(existsSync(join(dir, 'tokenizer.json')) ? dir : options.cacheDir);
  const config = model.config as unknown as Record<string, unknown>;
  const bos = config['bos_token_id'];
  const vocab = config['vocab_size'];
  if (typeof vocab === 'number' && vocab < tokenizer.vocabSize) {
    await model.dispose();
    throw new LensError(
      'bad-model',
      `${id} scores ${vocab} tokens (config.json vocab_size), but its tokenizer.json gives ids up to ` +
        `${tokenizer.vocabSize - 1}. The repository's files do not belong together; choose another model.`,
    );
  }
  return {
    name: id,
    device,
    context: 1024,
    bosId: typeof bos === 'number' ? bos : undefined,
    tokenizer,
    logits: (rows) => run(tjs, model, rows),
    dispose: () => model.dispose().then(() => undefined),
  };
}

async function fromPretrained(tjs: Transformers, id: string, device: LocalDevice) {
  return tjs.AutoModelForCausalLM.from_pretrained(id, { device, dtype: 'fp32' });
}

async function run(
  tjs: Transformers,
  model: Awaited<ReturnType<typeof fromPretrained>>,
  rows: readonly (readonly number[])[],
): Promise<LogitsBatch> {
  const length = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * length);
  const mask = new BigInt64Array(rows.length * length);
  rows.forEach((row, b) =>
    row.forEach((id, t) => {
      ids[b * length + t] = BigInt(id);
      mask[b * length + t] = 1n;
    }),
  );
  const dims = [rows.length, length];
  const out = (await model({
    input_ids: new tjs.Tensor('int64', ids, dims),
    attention_mask: new tjs.Tensor('int64', mask, dims),
  })) as { logits: { data: Float32Array; dims: number[] } };
  return { data: out.logits.data, batch: rows.length, length, vocab: out.logits.dims[2] ?? 0 };
}

function hubError(id: string, error: unknown, cacheDir: string): LensError {
  const why = error instanceof Error ? error.message : String(error);
  if (/fetch|network|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/iu.test(why)) {
    return new LensError(
      'network',
      `Could not download ${id} from the Hugging Face hub: no network (${why.split('\n')[0] ?? ''}). Download it ` +
        `where the network allows (it is cached in ${cacheDir}), or set modelLens.model to a local ONNX folder.`,
    );
  }
  return new LensError(
    'model-not-found',
    `Could not load ${id} from the Hugging Face hub (${why.split('\n')[0] ?? ''}). Check the id, or set ` +
      `modelLens.model to a local ONNX folder.`,
  );
}
