/**
 * @file The LoRA composition toolkit's requests and results: compose (score the base, each adapter,
 * the data mix and every merge on a target task), merge and write a PEFT adapter, adapter statistics
 * and a plain evaluation. Params, result types and schemas side by side; every closed set is one
 * `as const` array. Free of Node and of any model runtime, so the extension host imports it.
 */
import { requestKind } from './request';
import { v, Count, Finite, Int, Name, NonEmptyName, oneOf, Share, Text, type Infer } from './schema';

/** PEFT's merge methods other than `cat`, in PEFT's spelling. */
const MERGES_BUT_CAT = [
  'linear',
  'svd',
  'task_arithmetic',
  'ties',
  'dare_linear',
  'dare_ties',
  'magnitude_prune',
  'ties_svd',
  'dare_linear_svd',
  'dare_ties_svd',
  'magnitude_prune_svd',
] as const;

/** Every merge method of PEFT's `add_weighted_adapter`, PEFT's spelling. */
export const LORA_MERGE_METHODS = ['cat', ...MERGES_BUT_CAT] as const;
/** A merge method name. */
export type LoraMergeMethod = (typeof LORA_MERGE_METHODS)[number];

/**
 * Composition methods: learned CAT (`cat`, `cat_free`), PEFT's fixed-weight cat (`peft_cat`) and PEFT's
 * other merges.
 */
export const COMPOSE_METHODS = ['cat', 'cat_free', 'peft_cat', ...MERGES_BUT_CAT] as const;
/** A composition method. */
export type ComposeMethod = (typeof COMPOSE_METHODS)[number];

/** Methods run when none are named. */
export const DEFAULT_COMPOSE_METHODS = [
  'cat',
  'cat_free',
  'peft_cat',
  'linear',
  'ties',
  'dare_linear',
  'dare_ties',
  'svd',
] as const satisfies readonly ComposeMethod[];

/** The composition methods that learn CAT weights on a dev split. */
export const LEARNED_CAT_METHODS = ['cat', 'cat_free'] as const satisfies readonly ComposeMethod[];

/** Whether `method` learns CAT weights (and so needs a dev split). */
export function learnsCat(method: ComposeMethod): method is (typeof LEARNED_CAT_METHODS)[number] {
  return (LEARNED_CAT_METHODS as readonly string[]).includes(method);
}

/** How learned CAT weights are parameterised: a softmax per layer (LoRA Soups) or free weights. */
export const CAT_PARAMETERISATIONS = ['softmax', 'free'] as const;
/** A CAT parameterisation. */
export type CatParameterisation = (typeof CAT_PARAMETERISATIONS)[number];

/** Kinds of a scored configuration. */
export const LORA_ROW_KINDS = ['base', 'adapter', 'mix', 'merge'] as const;
/** The kind of a scored configuration. */
export type LoraRowKind = (typeof LORA_ROW_KINDS)[number];

/** What `lora eval` scores: the base, each adapter alone, or a merge. */
export const LORA_EVAL_CONFIGS = ['base', 'each', ...LORA_MERGE_METHODS] as const;
/** One thing `lora eval` scores. */
export type LoraEvalConfig = (typeof LORA_EVAL_CONFIGS)[number];

/** Density used when none is given: the value LoRA Soups ran TIES and DARE with. */
export const DEFAULT_DENSITY = 0.75;

/** Adapters composed at most. */
export const MAX_ADAPTERS = 64;

/** One task item: a JSONL line of the task data. */
export const TaskItemSchema = v.object({ prompt: v.string(), answer: v.string() });
/** One task item. */
export type TaskItem = Infer<typeof TaskItemSchema>;

/** A JSONL file of `{prompt, answer}` items, as text, with the name shown in results. */
export const TaskDataSchema = v.object({
  source: Name,
  text: Text,
  /** Most items (lines) read. @default 10,000 (`--max-items`) */
  maxItems: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
  /** Most tokens of one item (BOS, prompt, answer, stop). @default the base model's context (`--max-length`) */
  maxLength: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
});
/** A JSONL file of task items, as text. */
export type TaskData = Infer<typeof TaskDataSchema>;

const AdapterRefs = v.pipe(v.array(NonEmptyName), v.minLength(1), v.maxLength(MAX_ADAPTERS));
const Weights = v.pipe(v.array(Finite), v.minLength(1), v.maxLength(MAX_ADAPTERS));
/** A share of entries kept: in (0, 1]. */
const Density = v.pipe(Finite, v.gtValue(0), v.maxValue(1));
const Rank = v.pipe(Count, v.minValue(1), v.maxValue(100_000));
/** CAT weights[layer][adapter]. */
const CatWeightsSchema = v.pipe(v.array(v.pipe(v.array(Finite), v.maxLength(MAX_ADAPTERS))), v.maxLength(10_000));

/** Params of a composition. */
export const LoraComposeParamsSchema = v.object({
  /** Embedded LoRA base (`lora-base`) or a folder whose model.onnx takes lora.<module>.A/B inputs. */
  base: Name,
  /** Embedded adapter names, PEFT folders or adapter_config.json paths. */
  adapters: AdapterRefs,
  /** A data-mix adapter scored beside the merges. */
  mix: v.optional(Name),
  data: TaskDataSchema,
  /** Dev split for learning CAT weights. */
  dev: v.optional(TaskDataSchema),
  methods: v.pipe(v.array(oneOf(COMPOSE_METHODS)), v.maxLength(COMPOSE_METHODS.length)),
  /** Weights of the fixed-weight merges (one per adapter). @default 1 each */
  weights: v.optional(Weights),
  density: v.optional(Density),
  catSteps: v.optional(v.pipe(Count, v.minValue(1), v.maxValue(10_000))),
  /** False in a restricted workspace: only embedded adapters and bases load. */
  allowLocalFiles: v.boolean(),
});
/** Params of a composition. */
export type LoraComposeParams = Infer<typeof LoraComposeParamsSchema>;

const ExampleSchema = v.object({ prompt: v.string(), expected: v.string(), answer: v.string() });

/** One configuration of a LoRA composition scored on the target task. */
export const LoraComposeRowSchema = v.object({
  /** What is shown: `base`, an adapter's name, or a merge method. */
  config: v.string(),
  kind: oneOf(LORA_ROW_KINDS),
  /** Merge method (`cat` = CAT with learned weights), for kind `merge`. */
  method: v.optional(oneOf(COMPOSE_METHODS)),
  /** Share of test items whose greedy answer equals the expected one. */
  exactMatch: Share,
  /** Mean per-byte negative log-likelihood of the expected answers (nats). */
  loss: Finite,
  /** Learned CAT weights[layer][adapter] of this row (methods cat and cat_free). */
  catWeights: v.optional(CatWeightsSchema),
  /** The first few test items with the configuration's answer. */
  examples: v.pipe(v.array(ExampleSchema), v.maxLength(100)),
});
/** One configuration of a LoRA composition scored on the target task. */
export type LoraComposeRow = Infer<typeof LoraComposeRowSchema>;

const NullableFinite = v.nullable(Finite);

/** Per-layer statistics of the adapters' updates (null where an adapter is absent or zero). */
export const LoraLayerStatsSchema = v.object({
  layer: Int,
  name: v.string(),
  /** cosine[i][j] between the updates of adapters i and j. */
  cosine: v.array(v.array(NullableFinite)),
  /** Entries where two or more TIES-pruned updates are non-zero, and those with opposite signs. */
  overlapping: Count,
  conflicting: Count,
  conflictShare: v.nullable(Share),
});
/** Per-layer statistics of the adapters' updates. */
export type LoraLayerStats = Infer<typeof LoraLayerStatsSchema>;

const DataSizeSchema = v.object({ source: v.string(), items: Count });

/** Learned CAT weights[layer][adapter] and how learning went. */
export const LoraCatSchema = v.object({
  parameterisation: oneOf(CAT_PARAMETERISATIONS),
  weights: CatWeightsSchema,
  devLoss: Finite,
  startLoss: Finite,
  history: v.array(Finite),
  evaluations: Count,
});

const square = (rows: readonly (readonly unknown[])[], n: number): boolean =>
  rows.length === n && rows.every((r) => r.length === n);

/** A LoRA composition: every configuration scored on the target task, with CAT weights and adapter statistics. */
export const LoraComposeResultSchema = v.pipe(
  v.object({
    base: v.string(),
    /** Names of the composed adapters, in order (the columns of the CAT weights). */
    adapters: v.pipe(v.array(v.string()), v.maxLength(MAX_ADAPTERS)),
    /** Name of the data-mix adapter, when one was given. */
    mix: v.optional(v.string()),
    /** Target test data and its size. */
    data: DataSizeSchema,
    /** Dev data CAT learned on, when given. */
    dev: v.optional(DataSizeSchema),
    /** Weights the fixed-weight merges used (one per adapter) and the pruning density. */
    weights: v.array(Finite),
    density: Finite,
    rows: v.array(LoraComposeRowSchema),
    /** Learned CAT weights[layer][adapter] and how learning went. */
    cat: v.optional(LoraCatSchema),
    layers: v.array(LoraLayerStatsSchema),
    seconds: Finite,
  }),
  v.forward(
    v.check((r) => r.weights.length === r.adapters.length, 'one weight per adapter'),
    ['weights'],
  ),
  v.forward(
    v.check(
      (r) => (r.cat?.weights ?? []).every((w) => w.length === r.adapters.length),
      'one CAT weight per adapter in each layer',
    ),
    ['cat'],
  ),
  v.forward(
    v.check((r) => r.layers.every((l) => square(l.cosine, r.adapters.length)), 'one cosine per pair of adapters'),
    ['layers'],
  ),
);
/** A LoRA composition. */
export type LoraComposeResult = Infer<typeof LoraComposeResultSchema>;

/** Request: compose LoRA adapters by several methods and score each on a target task. */
export const loraComposeRequest = requestKind('loraCompose', LoraComposeParamsSchema, LoraComposeResultSchema);

/** Params of merging adapters and writing the result as a new PEFT adapter folder. */
export const LoraMergeParamsSchema = v.object({
  adapters: AdapterRefs,
  /** A composition method; `cat`/`cat_free` use `catWeights`, or learn them on `dev` with `base`. */
  method: oneOf(COMPOSE_METHODS),
  weights: v.optional(Weights),
  /** CAT weights[layer][adapter]. */
  catWeights: v.optional(CatWeightsSchema),
  density: v.optional(Density),
  /** Rank of SVD-based results. */
  rank: v.optional(Rank),
  /** Dev split to learn CAT weights on when `catWeights` are not given. */
  dev: v.optional(TaskDataSchema),
  /** Base the CAT weights are learned with. @default lora-base */
  base: v.optional(Name),
  /** New folder (never an existing path). */
  out: NonEmptyName,
  allowLocalFiles: v.boolean(),
});
/** Params of merging adapters and writing the result. */
export type LoraMergeParams = Infer<typeof LoraMergeParamsSchema>;

/** A merged adapter written as a PEFT folder. */
export const LoraMergeResultSchema = v.object({
  /** The folder written. */
  out: v.string(),
  method: oneOf(COMPOSE_METHODS),
  /** Adapted modules of the merged adapter. */
  modules: Count,
  /** Weights of a fixed-weight merge (one per adapter); absent for CAT. */
  weights: v.optional(v.array(Finite)),
  /** CAT weights[layer][adapter] of a CAT merge, and the dev loss before and after learning them. */
  catWeights: v.optional(CatWeightsSchema),
  learned: v.optional(v.object({ source: v.string(), startLoss: Finite, devLoss: Finite })),
});
/** A merged adapter written as a PEFT folder. */
export type LoraMergeResult = Infer<typeof LoraMergeResultSchema>;

/** Request: merge adapters and write the result as a new PEFT adapter folder (atomically, never over a path). */
export const loraMergeRequest = requestKind('loraMerge', LoraMergeParamsSchema, LoraMergeResultSchema);

/** Params of the adapter statistics. */
export const LoraStatsParamsSchema = v.object({
  adapters: AdapterRefs,
  /** TIES pruning density of the sign-conflict counts. */
  density: Density,
  allowLocalFiles: v.boolean(),
});

/** Pairwise cosines of the adapters' updates in one layer (null where an adapter is absent or zero). */
export const LoraCosineRowSchema = v.object({
  /** `layer N` (`other` for modules outside numbered layers). */
  name: v.string(),
  layer: Int,
  cosine: v.array(v.array(NullableFinite)),
});

/** Sign conflicts TIES resolves in one layer. */
export const LoraConflictRowSchema = v.object({
  name: v.string(),
  layer: Int,
  /** Entries of ΔW. */
  entries: Count,
  /** Entries where two or more pruned updates are non-zero. */
  overlapping: Count,
  /** Of those, entries where the non-zero values disagree in sign. */
  conflicting: Count,
  /** conflicting / overlapping (null when nothing overlaps). */
  share: v.nullable(Share),
});

/** Per-layer cosines of the adapters' updates and TIES sign conflicts. */
export const LoraStatsResultSchema = v.object({
  cosines: v.array(LoraCosineRowSchema),
  conflicts: v.array(LoraConflictRowSchema),
});
/** Per-layer cosines and TIES sign conflicts. */
export type LoraStatsResult = Infer<typeof LoraStatsResultSchema>;

/** Request: per-layer cosines of the adapters' updates and TIES sign conflicts. */
export const loraStatsRequest = requestKind('loraStats', LoraStatsParamsSchema, LoraStatsResultSchema);

/** Params of a plain evaluation of the base, each adapter and merges on a task. */
export const LoraEvalParamsSchema = v.object({
  base: Name,
  adapters: AdapterRefs,
  data: TaskDataSchema,
  configs: v.pipe(v.array(oneOf(LORA_EVAL_CONFIGS)), v.minLength(1), v.maxLength(LORA_EVAL_CONFIGS.length)),
  /** One per adapter. */
  weights: Weights,
  allowLocalFiles: v.boolean(),
});

/** Exact match and loss of each configuration on the task. */
export const LoraEvalResultSchema = v.object({
  items: Count,
  weights: v.array(Finite),
  rows: v.array(v.object({ config: v.string(), exactMatch: Share, loss: Finite })),
});
/** Exact match and loss of each configuration. */
export type LoraEvalResult = Infer<typeof LoraEvalResultSchema>;

/** Request: exact match and loss of the base, each adapter and each merge on a task. */
export const loraEvalRequest = requestKind('loraEval', LoraEvalParamsSchema, LoraEvalResultSchema);
