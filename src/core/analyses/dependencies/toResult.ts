/**
 * @file Converts the dependency analyses' typed-array results into the JSON-safe
 * {@link DependenciesResult} that the CLI prints and the views draw.
 */
import type { DependenciesResult, DependencyView, Origin } from '../../../shared/dependencies';
import type { Device } from '../../../shared/schema';
import { lineCol, lineStarts } from '../../text/lineCol';
import type { AblationDependencies } from './ablationDependencies';
import type { DependencyAgreement } from './dependencyAgreement';
import { dependenciesOf, type SparseDependencies } from './dependencyQueries';
import type { AttentionDependencies } from './dependencyTypes';
import type { WindowAttention } from './attentionWindow';

/** What {@link toDependenciesResult} combines. */
export interface DependencyParts {
  readonly source: string;
  /** The document text (for token text and line:col), or the part of it that starts at `origin`. */
  readonly document: string;
  /** Where `document` starts in the document. @default its start */
  readonly origin?: Origin;
  /**
   * The first position of the analyses that is a token of the text: 1 when position 0 is the BOS (the text's start),
   * 0 when it is a token (a window that starts inside the document). @default 1
   */
  readonly firstToken?: 0 | 1;
  /** Only the window ending at `at` was analysed; with `context`, its earlier tokens of the text. */
  readonly token?: { readonly context: number };
  readonly attention?: AttentionDependencies;
  readonly ablation?: AblationDependencies;
  readonly agreement?: DependencyAgreement;
  /** Token position (BOS = 0) whose ranked dependencies are listed. */
  readonly at?: number;
  /** Dense maps of one window, starting at token position `first`. */
  readonly window?: { readonly first: number; readonly maps: WindowAttention };
  readonly includeRows: boolean;
  readonly notes: readonly string[];
  /** Where the model ran. @default 'cpu' */
  readonly device?: Device;
}

const num = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

/** Reads token text and line:col of document offsets from `document` (which starts at `origin`). */
function reader(parts: DependencyParts): {
  text: (start: number, end: number) => string;
  place: (offset: number) => { line: number; character: number };
} {
  const o = parts.origin ?? { offset: 0, line: 0, character: 0 };
  const starts = lineStarts(parts.document);
  return {
    text: (start, end) => parts.document.slice(start - o.offset, end - o.offset),
    place: (offset) => {
      const { line, character } = lineCol(starts, offset - o.offset);
      return { line: o.line + line, character: line === 0 ? o.character + character : character };
    },
  };
}

/** Builds the wire result; token index i of the result is token position i + firstToken of the analyses. */
export function toDependenciesResult(parts: DependencyParts): DependenciesResult {
  const base = parts.attention ?? parts.ablation;
  if (base === undefined) throw new Error('no dependency analysis to report');
  const read = reader(parts);
  const first = parts.firstToken ?? 1;
  const n = base.ids.length;
  const tokens = [];
  for (let t = first; t < n; t++)
    tokens.push({
      text: read.text(base.start[t] ?? 0, base.end[t] ?? 0),
      start: base.start[t] ?? 0,
      end: base.end[t] ?? 0,
    });
  const a = parts.attention;
  const b = parts.ablation;
  const view = (r: SparseDependencies, t: number): DependencyView[] =>
    dependenciesOf(r, t).map((d) => ({
      index: d.position - first,
      weight: num(d.weight) ?? 0,
      start: d.start,
      end: d.end,
      text: read.text(d.start, d.end),
      ...read.place(d.start),
    }));
  return {
    model: base.model,
    device: parts.device ?? 'cpu',
    source: parts.source,
    methods: [...(a !== undefined ? ['attention' as const] : []), ...(b !== undefined ? ['ablation' as const] : [])],
    ...(parts.token !== undefined ? { scope: 'token' as const } : {}),
    aggregate: a?.method ?? 'none (ablation only)',
    p: a?.p ?? 0.9,
    k: base.k,
    window: base.window,
    layers: a?.layers ?? 0,
    heads: a?.heads ?? 0,
    tokens,
    kBins: a?.stats.kBins ?? [],
    ...(notesOf(parts).length > 0 ? { notes: notesOf(parts) } : {}),
    ...(a !== undefined ? attentionParts(a, parts.includeRows, first) : {}),
    ...(b !== undefined
      ? {
          kAblation: Array.from(b.kDelta.subarray(first), num),
          ablation: {
            delta: b.delta,
            method: b.method,
            runs: b.runs,
            cache: b.cache,
            measure: b.measure,
            ...(b.reach < b.window ? { reach: b.reach } : {}),
          },
        }
      : {}),
    ...(parts.agreement !== undefined ? { agreement: pick(parts.agreement) } : {}),
    ...(parts.at !== undefined
      ? {
          at: {
            index: parts.at - first,
            ...(parts.token !== undefined ? { context: parts.token.context } : {}),
            ...(a !== undefined ? { attention: view(a, parts.at) } : {}),
            ...(b !== undefined ? { ablation: view(b, parts.at) } : {}),
          },
        }
      : {}),
    ...(parts.window !== undefined ? { windowMaps: windowMaps(parts.window, first) } : {}),
  };
}

function attentionParts(a: AttentionDependencies, includeRows: boolean, first: number): Partial<DependenciesResult> {
  const n = a.ids.length;
  const kLayers = [];
  for (let l = 0; l < a.layers; l++) kLayers.push(Array.from(a.kLayer.subarray(l * n + first, (l + 1) * n), num));
  return {
    kAttention: Array.from(a.kAggregate.subarray(first), num),
    kLayers,
    headStats: a.stats.heads.map((h) => ({
      layer: h.layer,
      head: h.head,
      rows: h.rows,
      meanK: num(h.meanK) ?? 0,
      kHistogram: h.kHistogram,
      meanDistance: num(h.meanDistance) ?? 0,
      sinkShare: num(h.sinkShare) ?? 0,
    })),
    aggregateStats: a.stats.aggregate,
    ...(includeRows ? { rows: sparseRows(a, first) } : {}),
  };
}

/** The parts' notes, and what a bounded ablation left out. */
function notesOf(parts: DependencyParts): readonly string[] {
  const b = parts.ablation;
  if (b === undefined || b.outOfReach === 0) return parts.notes;
  return [
    ...parts.notes,
    `Ablation removed only the ${b.reach} tokens before each prediction (the model reads ${b.window}), so the ` +
      'earlier ones have no ablation effect here; attention covers the whole window. Raise ' +
      "modelLens.dependencies.ablationReach (--reach) to ablate further: one token's ablation costs about the " +
      'square of the reach.',
  ];
}

function sparseRows(a: AttentionDependencies, first: number): [number, number][][] {
  const rows: [number, number][][] = [];
  for (let t = first; t < a.ids.length; t++) {
    const row: [number, number][] = [];
    for (let i = 0; i < a.k; i++) {
      const p = a.topPositions[t * a.k + i] ?? -1;
      if (p < 0) break;
      row.push([p - first, Math.round((a.topWeights[t * a.k + i] ?? 0) * 10000) / 10000]);
    }
    rows.push(row);
  }
  return rows;
}

function windowMaps(
  w: { first: number; maps: WindowAttention },
  first: number,
): NonNullable<DependenciesResult['windowMaps']> {
  const data: number[] = [];
  for (const layer of w.maps.layers) for (const x of layer) data.push(Math.round(x * 10000) / 10000);
  return { first: w.first - first, T: w.maps.T, data };
}

function pick(g: DependencyAgreement): NonNullable<DependenciesResult['agreement']> {
  return {
    k: g.k,
    tokens: g.tokens,
    overlap: num(g.overlap) ?? 0,
    jaccard: num(g.jaccard) ?? 0,
    chanceOverlap: num(g.chanceOverlap) ?? 0,
  };
}
