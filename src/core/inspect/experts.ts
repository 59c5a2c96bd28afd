/**
 * @file Total and active parameter counts. Experts are recognised by name: `…experts.<e>.…` (Mixtral's
 * `block_sparse_moe.experts.<e>`, Qwen-MoE's and DeepSeek's `mlp.experts.<e>`) and GGUF's stacked `ffn_*_exps`
 * tensors, whose last dimension is the expert count; with an expert count from a config, also tensors stacked on a
 * first dimension of that size under an `experts`, `moe`, `ffn` or `mlp` name (routers excluded). A token passes
 * through all parameters but the experts it is not routed to: active = total − Σ over MoE layers of
 * (experts − top-k) × one expert's parameters.
 */
import type { ParamCount } from '../../shared/inspect';
import type { TensorLeaf } from './tree';

/** Experts per layer and top-k, when a config or metadata gives them. */
export interface ExpertHints {
  readonly count?: number | undefined;
  readonly topK?: number | undefined;
  /** Where the hints came from, for the tooltip ("config.json", "GGUF metadata"). */
  readonly from?: string;
}

const EXPERT = /^(.*?)\.experts\.(\d+)\./u;
const GGUF_EXPS = /^(.*?)\.ffn_[a-z_]+_exps\.weight$/u;
const STACKED = /^(.*?)\.(experts|moe|ffn|mlp)\./u;
const ROUTER = /router|\.gate(\.|$)/u;

interface Layer {
  /** Expert indices seen (named experts). */
  readonly experts: Set<number>;
  /** Parameters of all experts of the layer. */
  params: number;
  /** Expert count from a stacked tensor's last dimension. */
  stacked: number;
}

function stackedOn(leaf: TensorLeaf, count: number | undefined): RegExpExecArray | null {
  if (count === undefined || count < 2 || leaf.shape.length < 2 || leaf.shape[0] !== count) return null;
  return ROUTER.test(leaf.name) ? null : STACKED.exec(leaf.name);
}

function expertLayers(leaves: readonly TensorLeaf[], count: number | undefined): Map<string, Layer> {
  const layers = new Map<string, Layer>();
  const layer = (key: string): Layer => {
    let l = layers.get(key);
    if (l === undefined) layers.set(key, (l = { experts: new Set(), params: 0, stacked: 0 }));
    return l;
  };
  for (const leaf of leaves) {
    const named = EXPERT.exec(leaf.name);
    const stacked = GGUF_EXPS.exec(leaf.name);
    const first = named === null && stacked === null ? stackedOn(leaf, count) : null;
    if (named !== null) {
      const l = layer(named[1] ?? '');
      l.experts.add(Number(named[2]));
      l.params += leaf.params;
    } else if (stacked !== null) {
      const l = layer(stacked[1] ?? '');
      const last = leaf.shape[leaf.shape.length - 1];
      l.stacked = typeof last === 'number' ? last : 0;
      l.params += leaf.params;
    } else if (first !== null) {
      const l = layer(first[1] ?? '');
      l.stacked = count ?? 0;
      l.params += leaf.params;
    }
  }
  return layers;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Counts the parameters of `leaves`, with the active count when experts and top-k are known. */
export function paramCount(leaves: readonly TensorLeaf[], hints: ExpertHints = {}): ParamCount {
  const total = leaves.reduce((n, l) => n + l.params, 0);
  const how = [`Total: the elements of all ${fmt(leaves.length)} tensors (the product of each shape), summed.`];
  const layers = expertLayers(leaves, hints.count);
  if (layers.size === 0) return { total, how };
  let expertParams = 0;
  let count = 0;
  for (const l of layers.values()) {
    const e = l.stacked > 0 ? l.stacked : l.experts.size;
    count = Math.max(count, e);
    expertParams += l.params;
  }
  count = hints.count ?? count;
  const topK = hints.topK !== undefined && hints.topK > 0 && hints.topK <= count ? hints.topK : null;
  const experts = { count, topK, expertParams, layers: layers.size };
  how.push(
    `Experts: ${layers.size} layer${layers.size === 1 ? '' : 's'} of ${count} experts (tensors named ` +
      `…experts.<e>.…, GGUF ffn_*_exps, or stacked on a first dimension of the expert count), ` +
      `${fmt(expertParams)} parameters in all experts.`,
  );
  if (topK === null) {
    how.push('Active: not counted, since neither a config nor metadata gives how many experts a token uses.');
    return { total, experts, how };
  }
  const active = Math.round(total - (expertParams * (count - topK)) / count);
  how.push(
    `Active per token: total − (${count} − ${topK}) / ${count} of the expert parameters, with top-k ${topK} from ` +
      `${hints.from ?? 'the file'}; attention, embeddings and routers count in full.`,
  );
  return { total, active, experts, how };
}
