/**
 * @file Routes a text through a mixture-of-experts graph: the text's tokens after the start token, fed in the
 * overlapping windows surprisal uses when they outnumber the context (each token routed once, with at least half
 * a window before it), every `router_logits.{layer}` read per window ([1, T, E], or [T, E] as Hugging Face's
 * Mixtral returns it), then each layer's routing, load statistics and expert × token-kind counts.
 */
import type * as ort from 'onnxruntime-node';
import { LensError } from '../../errors';
import { encodeBounded } from '../../model/encodeBounded';
import { passYield } from '../../model/pacing';
import { tooManyTokens } from '../../model/textLimits';
import { windowFeeds } from '../dependencies/attentionWindow';
import { planWindows } from '../surprisal/planWindows';
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

/** The experts E of a router tensor of `rows` tokens: [1, rows, E] or [rows, E]; a `bad-model` error otherwise. */
export function routerExperts(tensor: ort.Tensor | undefined, name: string, rows: number): number {
  const d = tensor?.dims ?? [];
  const ok = (d.length === 3 && d[0] === 1 && d[1] === rows) || (d.length === 2 && d[0] === rows);
  const E = d[d.length - 1] ?? 0;
  if (tensor === undefined || !ok || tensor.type !== 'float32' || E < 1 || E > ROUTING_LIMITS.maxExperts)
    throw new LensError(
      'bad-model',
      `${name} is not float32 router logits [1, ${rows}, experts] or [${rows}, experts] with 1 to ` +
        `${ROUTING_LIMITS.maxExperts} experts (got ${tensor?.type ?? 'nothing'} [${d.join(', ')}]).`,
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

/** Routes `o.text` through `model`: per layer the per-token top-k, gates and probabilities, and the statistics. */
export async function routeText(model: MoeModel, o: RouteTextOptions): Promise<RoutingResult> {
  const limit = { maxTokens: o.maxTokens, tooLong: tooManyTokens, ...(o.signal ? { signal: o.signal } : {}) };
  const spans = await encodeBounded(model.tokenizer, o.text, limit);
  if (spans.length === 0) throw new LensError('empty-input', 'The text is empty: open or select some text to route.');
  const ids = [model.bosId, ...spans.map((s) => s.id)];
  const T = spans.length;
  const windows = planWindows(ids.length, Math.max(2, model.context));
  const fills: LayerFill[] = [];
  let experts = 0;
  let k = 0;
  for (const [w, win] of windows.entries()) {
    await passYield(o.signal);
    const out = await model.session.run(windowFeeds(model.session, ids.slice(win.begin, win.end)), [
      ...model.routers.map((r) => r.name),
    ]);
    model.routers.forEach((r, l) => {
      const tensor = out[r.name];
      const E = routerExperts(tensor, r.name, win.end - win.begin);
      if (fills.length < model.routers.length) {
        if (experts !== 0 && E !== experts)
          throw new LensError('bad-model', `${r.name} has ${E} experts, but an earlier layer has ${experts}.`);
        experts = E;
        k = kOf(model, o.topK, E);
        fills.push({ acc: new LoadAccumulator(E, k), out: emptyRouting(T, k) });
      }
      const fill = fills[l] as LayerFill;
      const data = (tensor as ort.Tensor).data as Float32Array;
      const from = win.scoreFrom - win.begin;
      fill.acc.add(
        data.subarray(from * E, (win.end - win.begin) * E),
        win.end - win.scoreFrom,
        fill.out,
        win.scoreFrom - 1,
      );
    });
    o.onProgress?.(w + 1, windows.length);
  }
  return assemble(model, o, { spans, fills, experts, k, windows: windows.length });
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
