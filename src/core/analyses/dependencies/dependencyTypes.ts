/**
 * @file Result types of the dependency analyses. Per-token arrays are indexed by token position
 * t in the fed sequence (0 = BOS, t ≥ 1 = byte t−1 of the text); entries of the BOS are NaN or −1.
 * "The dependencies of token t" are those of the model's prediction of t, made at position t−1
 * from tokens 0..t−1.
 */
import type { HeadAverage, MapStats } from './headStats';

/** Statistics of one attention head over the whole text. */
export interface HeadStatsEntry extends MapStats {
  readonly layer: number;
  readonly head: number;
}

/** Statistics of one layer: of its head-mean map, and the mean of its heads' statistics. */
export interface LayerStatsEntry {
  readonly layer: number;
  /** Statistics of the map averaged over the layer's heads (k_p of the average, not the average k_p). */
  readonly headMeanMap: MapStats;
  /** Each head's statistics, averaged over heads. */
  readonly headAverage: HeadAverage;
}

/** Whole-text statistics of the attention maps; every row is one scored prediction. */
export interface DependencyStats {
  /** Upper bounds of the k_p histogram bins (1, 2, 4, …). */
  readonly kBins: readonly number[];
  readonly heads: readonly HeadStatsEntry[];
  readonly layers: readonly LayerStatsEntry[];
  /** Statistics of the aggregated map (rollout or mean). */
  readonly aggregate: MapStats;
}

/** Attention-based dependencies of every token of a text. */
export interface AttentionDependencies {
  readonly model: string;
  readonly aggregate: 'rollout' | 'mean';
  /** The aggregated map's method, in words (with its reference). */
  readonly method: string;
  /** Share of mass that k_p covers. */
  readonly p: number;
  /** Dependencies kept per token. */
  readonly k: number;
  /** Tokens per window. */
  readonly window: number;
  readonly layers: number;
  readonly heads: number;
  /** Token ids, BOS first. */
  readonly ids: Int32Array;
  /** UTF-16 start in the document of each token. */
  readonly start: Uint32Array;
  /** UTF-16 end (exclusive) in the document of each token. */
  readonly end: Uint32Array;
  /** [layers × tokens]: k_p of layer l's head-mean attention row for the prediction of t. */
  readonly kLayer: Float32Array;
  /** [layers × tokens]: the mean over layer l's heads of each head's k_p. */
  readonly kHeads: Float32Array;
  /** [tokens]: k_p of the aggregated row. */
  readonly kAggregate: Float32Array;
  /** [tokens × k]: positions of the largest entries of the aggregated row, largest first; −1 pads. */
  readonly topPositions: Int32Array;
  /** [tokens × k]: their weights. */
  readonly topWeights: Float32Array;
  readonly stats: DependencyStats;
}

/** One dependency of a token, with its source range. */
export interface Dependency {
  /** Token position (0 = BOS). */
  readonly position: number;
  readonly weight: number;
  /** UTF-16 range of the token in the document (empty for the BOS). */
  readonly start: number;
  readonly end: number;
}
