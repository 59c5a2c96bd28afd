/**
 * @file Routes a text through a mixture-of-experts graph: the text's tokens after the start token, fed in the
 * overlapping windows surprisal uses when they outnumber the context (each token routed once, with at least half
 * a window before it), every `router_logits.{layer}` read per pass ([B, T, E], or [B·T, E] as Hugging Face's
 * Mixtral returns it), then each layer's routing, load statistics and expert × token-kind counts.
 */
import type * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { encodeBounded } from '../../model/encodeBounded';
import { BatchSizer, passYield } from '../../model/pacing';
import { graphFeeds } from '../../model/graphFeeds';
import { tooManyTokens } from '../../model/textLimits';
import { planWindows, type ScoreWindow } from '../surprisal/planWindows';
import { ROUTING_LIMITS, TOKEN_KINDS, type LayerRouting, type RoutingResult } from '../../../shared/routing';
import type { MoeModel } from './moeModel';
import { emptyRouting, LoadAccumulator, type TokenRouting } from './routingStats';
import { characterKinds, tokenKinds } from './tokenKinds';

/** What {@link routeText} routes and how. */
export interface RouteTextOptions {
  readonly text: string;
  /** UTF-16 offset of the text in its document. */
  readonly offset: number;
  readonly source: string;
  readonly languageId: string;
  /** k when the model's card gives none. */
  readonly topK: number | undefined;
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

/** One layer's routing being filled window by window. */
interface LayerFill {
  readonly acc: LoadAccumulator;
  readonly out: TokenRouting;
}

/**
 * The experts E of a router tensor of `batch` windows of `length` tokens: [batch, length, E], or [batch·length, E]
 * as Hugging Face's Mixtral returns it; a `bad-model` error otherwise.
 */
export function routerExperts(tensor: ort.Tensor | undefined, name: string, batch: number, length: number): number {
  const d = tensor?.dims ?? [];
  const ok = (d.length === 3 && d[0] === batch && d[1] === length) || (d.length === 2 && d[0] === batch * length);
  const E = d[d.length - 1] ?? 0;
  if (tensor === undefined || !ok || tensor.type !== 'float32' || E < 1 || E > ROUTING_LIMITS.maxExperts)
    throw new LensError(
      'bad-model',
      `${name} is not float32 router logits [${batch}, ${length}, experts] or [${batch * length}, experts] with 1 ` +
        `to ${ROUTING_LIMITS.maxExperts} experts (got ${tensor?.type ?? 'nothing'} [${d.join(', ')}]).`,
    );
  return E;
}

function kOf(model: MoeModel, requested: number | undefined, E: number): number {
  const k = model.topK ?? requested ?? ROUTING_LIMITS.defaultTopK;
  if (k > E)
    throw new LensError(
      'bad-input',
      `Top-k ${k} is more than the ${E} experts of ${model.name}. Give --top-k from 1 to ${E}.`,
    );
  return k;
}

/** Windows fed in one pass at most. */
const MAX_BATCH = 256;

/** The windows from `from` on that have the first one's length, at most `max` of them. */
function sameLength(windows: readonly ScoreWindow[], from: number, max: number): ScoreWindow[] {
  const first = windows[from] as ScoreWindow;
  const length = first.end - first.begin;
  const batch = [first];
  for (let w = from + 1; w < windows.length && batch.length < max; w++) {
    const win = windows[w] as ScoreWindow;
    if (win.end - win.begin !== length) break;
    batch.push(win);
  }
  return batch;
}

/** The router outputs of one pass over `batch` (windows of equal length), by output name. */
async function runBatch(model: MoeModel, ids: readonly number[], batch: readonly ScoreWindow[]) {
  const first = batch[0] as ScoreWindow;
  const W = first.end - first.begin;
  const input = new BigInt64Array(batch.length * W);
  batch.forEach((win, b) => {
    for (let t = 0; t < W; t++) input[b * W + t] = BigInt(ids[win.begin + t] ?? 0);
  });
  const feeds = graphFeeds(model.session, input, new BigInt64Array(input.length).fill(1n), batch.length, W);
  return model.session.run(
    feeds,
    model.routers.map((r) => r.name),
  );
}

/** Each layer's routing, filled pass by pass; E and k are known from the first pass. */
class Fills {
  readonly layers: LayerFill[] = [];
  experts = 0;
  k = 0;

  constructor(
    private readonly model: MoeModel,
    private readonly topK: number | undefined,
    private readonly tokens: number,
  ) {}

  /** Adds the scored rows of every window of `batch` from the pass's outputs `out`. */
  add(out: Record<string, ort.Tensor>, batch: readonly ScoreWindow[]): void {
    const first = batch[0] as ScoreWindow;
    const W = first.end - first.begin;
    this.model.routers.forEach((r, l) => {
      const tensor = out[r.name];
      const E = routerExperts(tensor, r.name, batch.length, W);
      const fill = this.layers[l] ?? this.open(r.name, E);
      const data = (tensor as ort.Tensor).data as Float32Array;
      batch.forEach((win, b) => {
        const from = (b * W + win.scoreFrom - win.begin) * E;
        fill.acc.add(data.subarray(from, (b + 1) * W * E), win.end - win.scoreFrom, fill.out, win.scoreFrom - 1);
      });
    });
  }

  private open(name: string, E: number): LayerFill {
    if (this.experts !== 0 && E !== this.experts)
      throw new LensError('bad-model', `${name} has ${E} experts, but an earlier layer has ${this.experts}.`);
    this.experts = E;
    this.k = kOf(this.model, this.topK, E);
    const fill = { acc: new LoadAccumulator(E, this.k), out: emptyRouting(this.tokens, this.k) };
    this.layers.push(fill);
    return fill;
  }
}

/**
 * Routes `o.text` through `model`: per layer the per-token top-k, gates and probabilities, and the statistics.
 * Windows of equal length go through the graph together, in batches sized to about 60 ms (a cancel is honoured
 * between them).
 */
export async function routeText(model: MoeModel, o: RouteTextOptions): Promise<RoutingResult> {
  const limit = { maxTokens: o.maxTokens, tooLong: tooManyTokens, ...(o.signal ? { signal: o.signal } : {}) };
  const spans = await encodeBounded(model.tokenizer, o.text, limit);
  if (spans.length === 0) throw new LensError('empty-input', 'The text is empty: open or select some text to route.');
  const ids = [model.bosId, ...spans.map((s) => s.id)];
  const windows = planWindows(ids.length, Math.max(2, model.context));
  const fills = new Fills(model, o.topK, spans.length);
  const sizer = new BatchSizer(MAX_BATCH);
  for (let w = 0; w < windows.length;) {
    await passYield(o.signal);
    const batch = sameLength(windows, w, sizer.next);
    const t0 = performance.now();
    fills.add(await runBatch(model, ids, batch), batch);
    sizer.record(batch.length, performance.now() - t0);
    w += batch.length;
    o.onProgress?.(w, windows.length);
  }
  const { layers, experts, k } = fills;
  return assemble(model, o, { spans, fills: layers, experts, k, windows: windows.length });
}

interface Routed {
  readonly spans: readonly { readonly start: number; readonly end: number }[];
  readonly fills: readonly LayerFill[];
  readonly experts: number;
  readonly k: number;
  readonly windows: number;
}

function assemble(model: MoeModel, o: RouteTextOptions, r: Routed): RoutingResult {
  const kinds = tokenKinds(
    characterKinds(o.text, o.languageId),
    r.spans.map((s) => s.start),
    r.spans.map((s) => s.end),
  );
  const kindTotals = TOKEN_KINDS.map((_, i) => kinds.reduce((n, x) => n + (x === i ? 1 : 0), 0));
  const layers: LayerRouting[] = r.fills.map((fill, l) => ({
    layer: model.routers[l]?.layer ?? l,
    output: model.routers[l]?.name ?? '',
    topk: Array.from(fill.out.topk),
    gates: Array.from(fill.out.gates),
    probs: Array.from(fill.out.probs),
    ...fill.acc.load(),
    kindCounts: kindMatrix(fill.out.topk, kinds, r.experts, r.k),
  }));
  return {
    model: model.name,
    source: o.source,
    languageId: o.languageId,
    experts: r.experts,
    topK: r.k,
    topKFrom: model.topK === undefined ? 'request' : 'manifest',
    context: model.context,
    windows: r.windows,
    tokens: {
      text: r.spans.map((s) => o.text.slice(s.start, s.end)),
      start: r.spans.map((s) => s.start + o.offset),
      end: r.spans.map((s) => s.end + o.offset),
    },
    tokenKinds: Array.from(kinds),
    kindTotals,
    layers,
  };
}

/** [expert][kind]: how many top-k choices of tokens of each kind went to each expert. */
export function kindMatrix(topk: Int32Array, kinds: Uint8Array, E: number, k: number): number[][] {
  const m = Array.from({ length: E }, () => new Array<number>(TOKEN_KINDS.length).fill(0));
  for (let i = 0; i < topk.length; i++) {
    const row = m[topk[i] ?? 0];
    const kind = kinds[Math.floor(i / k)] ?? 0;
    if (row !== undefined) row[kind] = (row[kind] ?? 0) + 1;
  }
  return m;
}
