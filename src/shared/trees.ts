/**
 * @file The decision-tree LM toolkit's requests and results: params, result types and schemas side
 * by side. Drawn trees are recursive, so their check first bounds depth and size without recursion
 * (a hostile or broken message cannot blow the stack) and requires unique node ids within a tree
 * (the view keys its drawing and collapse state on them).
 */
import { requestKind } from './request';
import {
  v,
  Count,
  Finite,
  MAX_LIST_ITEMS,
  Name,
  NonEmptyName,
  Share,
  SourceSpotSchema,
  Text,
  TokenCandidateSchema,
  oneOf,
  type Infer,
} from './schema';

/** Learners: one classification tree, or softmax gradient boosting. */
export const TREE_LEARNERS = ['cart', 'boosted'] as const;
/** A learner. */
export type TreeLearner = (typeof TREE_LEARNERS)[number];
/** Features: token identities, plus lens-lm's embedding average or its hidden states. */
export const TREE_FEATURES = ['tokens', 'embedding', 'hidden'] as const;
/** A feature set. */
export type TreeFeatures = (typeof TREE_FEATURES)[number];
/** Whose hidden states `hidden` features read: byte-level lens-lm, or a BPE model (from the last word break). */
export const TREE_FEATURE_MODELS = ['lens-lm', 'lens-gpt2', 'lens-llama'] as const;
/** A model whose hidden states trees can read. */
export type TreeFeatureModel = (typeof TREE_FEATURE_MODELS)[number];
/** How an automaton demo lays out its sequences (see `core/analyses/trees/automata.ts`). */
export const AUTOMATON_LAYOUTS = ['interleaved', 'separated', 'direct'] as const;
/** An automaton layout. */
export type AutomatonLayout = (typeof AUTOMATON_LAYOUTS)[number];

/** The format name written into every saved model file. */
export const TREE_MODEL_FORMAT = 'model-lens/ardt';
/** The saved-model format version written and read. */
export const TREE_MODEL_VERSION = 1;

/** Defaults and bounds of the training options (settings, CLI flags and the engine's check share them). */
export const TREE_TRAINING = {
  window: { default: 16, min: 1, max: 4096 },
  depth: { default: 16, min: 1, max: 64 },
  minLeaf: { default: 2, min: 1, max: 1_000_000 },
} as const;

/** Deepest drawn tree accepted (the engine cuts paths far shorter). */
export const MAX_TREE_DEPTH = 256;
/** Most drawn nodes accepted in one tree. */
export const MAX_TREE_NODES = 20_000;

const between = (b: { readonly min: number; readonly max: number }) =>
  v.pipe(Count, v.minValue(b.min), v.maxValue(b.max));

/** Summary of a trained decision-tree LM. */
export const TreesModelSummarySchema = v.object({
  /** Handle of the model in the engine (or the file it was loaded from). */
  modelId: v.string(),
  learner: oneOf(TREE_LEARNERS),
  /** Previous tokens read by each prediction. */
  window: Count,
  /** Features: token identities, plus lens-lm's embedding average or hidden states. */
  features: v.string(),
  tokens: Count,
  samples: Count,
  /** Nodes in all trees. */
  nodes: Count,
  depth: Count,
  /** Next-token accuracy on the training text. */
  trainAccuracy: Share,
  seconds: v.pipe(Finite, v.minValue(0)),
  /** Names of the texts trained on. */
  sources: v.array(v.string()),
  /** Files skipped (binary, unreadable), with the reason. */
  skipped: v.array(v.string()),
});
/** Summary of a trained decision-tree LM. */
export type TreesModelSummary = Infer<typeof TreesModelSummarySchema>;

const ENDS_BEFORE = 'the end is before the start';

/** A place in the document whose end is not before its start. */
const SpotSchema = v.pipe(
  SourceSpotSchema,
  v.check((s) => s.end >= s.start, ENDS_BEFORE),
);

/** The fields of one drawn node, without its children. */
export const TreeNodeFieldsSchema = v.object({
  node: Count,
  samples: Count,
  /** True on the path this prediction took. */
  onPath: v.boolean(),
  /** Internal nodes: the test in words, e.g. "the token 3 back ≤ `(`". */
  split: v.optional(v.string()),
  /** On-path internal nodes: the value seen, in words, and the branch taken. */
  seen: v.optional(v.string()),
  taken: v.optional(v.picklist(['yes', 'no'])),
  /** Token features on the path: where the tested token is in the document. */
  source: v.optional(SpotSchema),
  /** Leaves: the most frequent next tokens in training, as text, with counts. */
  top: v.optional(v.array(v.object({ text: v.string(), count: Count }))),
  /** Number of nodes below this one that are not drawn (an off-path subtree cut for size). */
  hidden: v.optional(Count),
});

/** One node of a drawn decision tree. Children are [yes, no]. */
export interface TreeNodeView extends Infer<typeof TreeNodeFieldsSchema> {
  /** [yes, no] for internal nodes that are drawn; absent for leaves and cut-off subtrees. */
  readonly children?: readonly TreeNodeView[] | undefined;
}

/** One drawn node and its subtree (recursive; use {@link DrawnTreeSchema}, which bounds it first). */
const TreeNodeSchema: v.GenericSchema<TreeNodeView> = v.object({
  ...TreeNodeFieldsSchema.entries,
  children: v.optional(v.pipe(v.array(v.lazy(() => TreeNodeSchema)), v.maxLength(2))),
});

/** Walks a would-be tree without recursion: false past the bounds or on a repeated node id. */
function boundedTree(root: unknown): boolean {
  const ids = new Set<unknown>();
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, depth } = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_TREE_DEPTH || ids.size >= MAX_TREE_NODES) return false;
    const id = (node as { node?: unknown }).node;
    if (ids.has(id)) return false;
    ids.add(id);
    const children = (node as { children?: unknown }).children;
    if (Array.isArray(children)) for (const c of children.slice(0, 3)) stack.push({ node: c, depth: depth + 1 });
  }
  return true;
}

/** A drawn tree: at most {@link MAX_TREE_DEPTH} deep, {@link MAX_TREE_NODES} nodes, unique node ids. */
export const DrawnTreeSchema = v.pipe(
  v.unknown(),
  v.check(boundedTree, `deeper than ${MAX_TREE_DEPTH}, over ${MAX_TREE_NODES} nodes, or a node id twice`),
  TreeNodeSchema,
);

/** Why a decision-tree LM predicted what it did at one position of a document. */
export const TreesTraceResultSchema = v.object({
  model: TreesModelSummarySchema,
  source: v.string(),
  /** The token predicted at this position (the one at the cursor). */
  position: SpotSchema,
  predicted: v.string(),
  /** The token actually there, if any. */
  actual: v.optional(v.string()),
  top: v.array(TokenCandidateSchema),
  /** True when replaying the recorded path reproduced the prediction. */
  replayed: v.boolean(),
  /** Drawn trees (boosting: the trees that moved the predicted token's score most). */
  trees: v.array(v.object({ index: Count, classToken: v.optional(v.string()), root: DrawnTreeSchema })),
  /** Every source token the path tested, for decorations. */
  tested: v.array(
    v.pipe(
      v.object({ ...SourceSpotSchema.entries, label: v.string() }),
      v.check((s) => s.end >= s.start, ENDS_BEFORE),
    ),
  ),
});
/** Why a decision-tree LM predicted what it did at one position of a document. */
export type TreesTraceResult = Infer<typeof TreesTraceResultSchema>;

/**
 * Which tree model a request uses: one the engine holds, a saved model file, or a saved model's text. An
 * engine model may name a saved copy (`file`): an engine that no longer holds it (it restarted) loads that.
 */
export const TreeModelRefSchema = v.variant('from', [
  v.object({ from: v.literal('engine'), modelId: Name, file: v.optional(NonEmptyName) }),
  v.object({ from: v.literal('file'), path: NonEmptyName }),
  /** `name` is shown as the model's source. */
  v.object({ from: v.literal('json'), text: Text, name: Name }),
]);
/** Which tree model a request uses. */
export type TreeModelRef = Infer<typeof TreeModelRefSchema>;

/** A named text. */
export const NamedTextSchema = v.object({ name: Name, text: Text });

/** Learner and its limits, as trained. */
const TrainingSchema = v.object({
  learner: oneOf(TREE_LEARNERS),
  window: between(TREE_TRAINING.window),
  depth: between(TREE_TRAINING.depth),
  minLeaf: between(TREE_TRAINING.minLeaf),
});

/** Params of a training request. */
export const TreesTrainParamsSchema = v.object({
  /** Texts to train on, with names shown in the summary. */
  sources: v.pipe(v.array(NamedTextSchema), v.minLength(1), v.maxLength(MAX_LIST_ITEMS)),
  /** Files already skipped by the sender (binary, unreadable), reported back in the summary. */
  skipped: v.pipe(v.array(Name), v.maxLength(MAX_LIST_ITEMS)),
  ...TrainingSchema.entries,
  /** Extra features: none, lens-lm's embedding average over the window, or a model's hidden states. */
  features: oneOf(TREE_FEATURES),
  /** Whose hidden states `hidden` reads. @default 'lens-lm' */
  featureModel: v.optional(oneOf(TREE_FEATURE_MODELS)),
  /** When given, the trained model is also written to this file (JSON, format "model-lens/ardt"). */
  out: v.optional(NonEmptyName),
});
/** Params of a training request. */
export type TreesTrainParams = Infer<typeof TreesTrainParamsSchema>;

/** Request: train a decision-tree LM on texts; the engine keeps it under the returned modelId. */
export const treesTrainRequest = requestKind('treesTrain', TreesTrainParamsSchema, TreesModelSummarySchema);

/** Result of a generation: the prompt and the text generated after it. */
export const TreesGenerateResultSchema = v.object({ text: v.string(), prompt: v.string() });
/** Result of a generation. */
export type TreesGenerateResult = Infer<typeof TreesGenerateResultSchema>;

/** Request: generate text with a decision-tree LM. */
export const treesGenerateRequest = requestKind(
  'treesGenerate',
  v.object({
    tree: TreeModelRefSchema,
    prompt: Text,
    maxTokens: v.pipe(Count, v.minValue(1), v.maxValue(100_000)),
    /** 0 = greedy. */
    temperature: v.pipe(Finite, v.minValue(0)),
    seed: v.pipe(Count, v.maxValue(2 ** 31)),
  }),
  TreesGenerateResultSchema,
);

/** Request: trace the prediction of the token at a document offset. */
export const treesTraceRequest = requestKind(
  'treesTrace',
  v.object({
    tree: TreeModelRefSchema,
    text: Text,
    /** UTF-16 offset of the token whose prediction is traced. */
    at: Count,
    /** Name of the document, shown in the panel. */
    source: Name,
  }),
  TreesTraceResultSchema,
);

/** Request: write a tree model to a file (JSON, format "model-lens/ardt"), atomically. */
export const treesSaveRequest = requestKind(
  'treesSave',
  v.object({ tree: TreeModelRefSchema, out: NonEmptyName }),
  v.object({ out: v.string(), bytes: Count }),
);

/** Request: load a saved tree model file; the engine keeps it under the returned modelId. */
export const treesLoadRequest = requestKind('treesLoad', v.object({ path: NonEmptyName }), TreesModelSummarySchema);

/** Held-out next-token accuracy of tree LMs on each feature set, beside lens-lm. */
export const TreesCompareResultSchema = v.object({
  /** Name of the held-out text. */
  heldOut: v.string(),
  /** Its length in tokens (bytes). */
  tokens: Count,
  rows: v.array(v.object({ name: v.string(), accuracy: Share })),
});
/** Held-out accuracy of each model. */
export type TreesCompareResult = Infer<typeof TreesCompareResultSchema>;

/** Request: train a tree LM per feature set and score each, and lens-lm, on a held-out text. */
export const treesCompareRequest = requestKind(
  'treesCompare',
  v.object({
    sources: v.pipe(v.array(NamedTextSchema), v.minLength(1), v.maxLength(MAX_LIST_ITEMS)),
    ...TrainingSchema.entries,
    heldOut: NamedTextSchema,
  }),
  TreesCompareResultSchema,
);

/** One automaton and layout: accuracy at the training length and at ten times it. */
export const AutomatonRowSchema = v.object({
  automaton: v.string(),
  layout: oneOf(AUTOMATON_LAYOUTS),
  trainLength: Count,
  nodes: Count,
  depth: Count,
  /** Exact final answers on held-out inputs of the training length. */
  accuracy1x: Share,
  /** Exact final answers on inputs ten times longer (the window stays as trained). */
  accuracyLong: Share,
  /** Accuracy of always answering the most frequent final state of the long inputs. */
  majorityLong: Share,
});
/** One automaton and layout of the demo. */
export type AutomatonRow = Infer<typeof AutomatonRowSchema>;

/** Request: parity and mod-3 counters learnt by shallow trees, with and without chain of thought. */
export const treesAutomataRequest = requestKind(
  'treesAutomata',
  v.object({}),
  v.object({ rows: v.array(AutomatonRowSchema) }),
);

/** The summary a saved model file carries; any field may be missing, none may be malformed. */
const SavedSummarySchema = v.partial(TreesModelSummarySchema);

/** The envelope of a saved model file: format, version and training summary (the loader checks the trees). */
export const SavedTreeModelSchema = v.looseObject({
  format: v.literal(TREE_MODEL_FORMAT),
  version: v.literal(TREE_MODEL_VERSION),
  learner: v.looseObject({ kind: oneOf(TREE_LEARNERS) }),
  summary: v.optional(SavedSummarySchema),
});
