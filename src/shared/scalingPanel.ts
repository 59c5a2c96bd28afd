/**
 * @file What the scaling panel needs beyond the fits' own kinds (`./scaling.ts`): the columns of a log with the
 * guessed mapping (for the mapping quick pick, read in the engine so the host never parses a log), and the
 * panel's one result: each dataset's fit (on its own loss), the loss-to-loss fit between two datasets and the
 * laws translated from one dataset to another. The panel kind is never sent to the engine: the host assembles
 * its result from engine replies, and the view checks it by this schema like any other.
 */
import { requestKind } from './request';
import { v, Finite, Name, NonEmptyName, MAX_LIST_ITEMS, type Infer } from './schema';
import {
  ColumnMappingSchema,
  ComputeLawSchema,
  DatasetFitSchema,
  OptimalSchema,
  ScalingL2lResultSchema,
} from './scaling';

/** What a log column holds, as the mapping pick describes it. */
export const COLUMN_KINDS = ['number', 'text', 'mixed', 'empty'] as const;

/** Params of a columns request: a log file or run folder, and optionally a mapping to list its datasets. */
export const ScalingColumnsParamsSchema = v.object({ path: NonEmptyName, mapping: v.optional(ColumnMappingSchema) });

/** The log's columns, what each holds, the guessed mapping, and the datasets under `mapping` (else the guess). */
export const ScalingColumnsResultSchema = v.object({
  source: v.string(),
  format: v.string(),
  columns: v.pipe(v.array(Name), v.maxLength(MAX_LIST_ITEMS)),
  kinds: v.record(v.string(), v.picklist(COLUMN_KINDS)),
  guess: ColumnMappingSchema,
  /** Datasets of the runs under the mapping; empty when the runs cannot be read under it. */
  datasets: v.pipe(v.array(v.string()), v.maxLength(MAX_LIST_ITEMS)),
  /** Why the runs could not be read under the mapping (a bad-input message), when they could not. */
  problem: v.optional(v.string()),
});
/** The log's columns, kinds, guessed mapping and datasets. */
export type ScalingColumnsResult = Infer<typeof ScalingColumnsResultSchema>;

/** Request (engine): a log's columns and the guessed mapping. */
export const scalingColumnsRequest = requestKind(
  'scalingColumns',
  ScalingColumnsParamsSchema,
  ScalingColumnsResultSchema,
);

/** A law translated from one dataset's compute law by a train-to-train fit (or typed κ, K, E₁). */
export const TranslatedSchema = v.object({
  from: v.string(),
  to: v.string(),
  kappa: Finite,
  K: Finite,
  e1: Finite,
  /** Where κ, K and E₁ came from, in words ("loss-to-loss fit code → prose", "typed"). */
  how: v.string(),
  law: ComputeLawSchema,
  optimal: OptimalSchema,
});
/** A translated law. */
export type Translated = Infer<typeof TranslatedSchema>;

/** The loss-to-loss fit between two datasets' runs paired by (N, D). */
export const PanelL2lSchema = v.object({
  xDataset: v.string(),
  yDataset: v.string(),
  fit: ScalingL2lResultSchema,
});
/** The panel's loss-to-loss fit. */
export type PanelL2l = Infer<typeof PanelL2lSchema>;

/** Everything the scaling panel shows. */
export const ScalingPanelSchema = v.object({
  source: v.string(),
  mapping: ColumnMappingSchema,
  fits: v.pipe(v.array(DatasetFitSchema), v.maxLength(1000)),
  l2l: v.optional(PanelL2lSchema),
  translated: v.pipe(v.array(TranslatedSchema), v.maxLength(1000)),
});
/** Everything the scaling panel shows. */
export type ScalingPanel = Infer<typeof ScalingPanelSchema>;

/** The panel's kind (view only: the host builds its result; no engine handler). */
export const scalingPanelKind = requestKind('scalingPanel', v.object({}), ScalingPanelSchema);
