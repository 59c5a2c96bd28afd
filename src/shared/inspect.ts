/**
 * @file The model-file inspector's request: what an `.onnx`, `.safetensors` or `.gguf` file or a PEFT adapter
 * folder holds, read from headers only (never whole tensors): the tensor tree with dtypes, shapes and sizes,
 * parameter counts (total and, for mixtures of experts, active per token), LoRA ranks and targets, ONNX inputs,
 * outputs, a compact layer graph and which analysis outputs the graph exposes, and the file's metadata.
 */
import { requestKind } from './request';
import { v, Count, Int, Name, NonEmptyName, oneOf, type Infer } from './schema';

/** File formats the inspector reads. */
export const INSPECT_FORMATS = ['onnx', 'safetensors', 'gguf', 'peft'] as const;
/** A file format the inspector reads. */
export type InspectFormat = (typeof INSPECT_FORMATS)[number];

/** Analyses a file can be opened with ("Analyse with…"), by the command that runs them. */
export const INSPECT_ROUTES = ['surprisal', 'dependencies', 'routing', 'lora'] as const;
/** An analysis a file can be opened with. */
export type InspectRoute = (typeof INSPECT_ROUTES)[number];

/** Bounds of a report (a 70B model's safetensors index lists a few thousand tensors). */
export const INSPECT_LIMITS = {
  /** Most tree rows a report carries; past it the deepest rows are cut and a note says so. */
  treeRows: 100_000,
  /** Most groups of the ONNX layer graph. */
  graphGroups: 2000,
  /** Most metadata entries shown. */
  metadata: 2000,
  /** Longest metadata value shown, in characters; longer ones are cut. */
  valueChars: 400,
} as const;

const Dim = v.union([Int, v.string(), v.null()]);
const Dims = v.pipe(v.array(Dim), v.maxLength(64));

/** One row of the tensor tree, in preorder: a name part with the totals below it, and for a tensor its type. */
export const TreeRowSchema = v.object({
  /** The full dotted name up to this part. */
  path: Name,
  /** This part of the name. */
  name: Name,
  /** The row index of the parent; -1 at the top. */
  parent: Int,
  depth: Count,
  /** Elements below this row (for a tensor: its own). */
  params: Count,
  /** Bytes below this row as stored (quantized GGUF tensors count their blocks). */
  bytes: Count,
  /** For a tensor: its stored element type (safetensors `F32`, ONNX `float16`, GGUF `Q4_K`). */
  dtype: v.optional(Name),
  /** For a tensor: its shape (GGUF lists dimensions as the file does, fastest first). */
  shape: v.optional(Dims),
});
/** One row of the tensor tree. */
export type TreeRow = Infer<typeof TreeRowSchema>;

/** How many parameters there are and how they were counted. */
export const ParamCountSchema = v.object({
  total: Count,
  /** Parameters one token passes through: all but the experts not chosen; absent without experts. */
  active: v.optional(Count),
  /** Experts per layer and how many a token uses, when recognisable. */
  experts: v.optional(v.object({ count: Count, topK: v.nullable(Count), expertParams: Count, layers: Count })),
  /** How the counts were made, one sentence each (the panel's tooltips). */
  how: v.array(v.string()),
});
/** Parameter counts. */
export type ParamCount = Infer<typeof ParamCountSchema>;

/** One adapted module of a PEFT LoRA adapter. */
export const LoraRowSchema = v.object({
  module: Name,
  rank: Count,
  alpha: v.number(),
  /** alpha / rank (or alpha / √rank with rsLoRA). */
  scaling: v.number(),
  inFeatures: Count,
  outFeatures: Count,
  /** Parameters of A and B. */
  params: Count,
});
/** One adapted module. */
export type LoraRow = Infer<typeof LoraRowSchema>;

/** A PEFT adapter's configuration and modules. */
export const LoraSummarySchema = v.object({
  rank: Count,
  alpha: v.number(),
  targetModules: v.union([v.array(v.string()), v.string()]),
  useRslora: v.boolean(),
  baseModel: v.nullable(v.string()),
  taskType: v.nullable(v.string()),
  modules: v.array(LoraRowSchema),
});
/** A PEFT adapter's configuration and modules. */
export type LoraSummary = Infer<typeof LoraSummarySchema>;

/** An ONNX graph input or output. */
export const OnnxIoSchema = v.object({ name: Name, dtype: v.string(), shape: v.nullable(Dims) });
/** An ONNX graph input or output. */
export type OnnxIo = Infer<typeof OnnxIoSchema>;

/** One box of the compact layer graph: the nodes under one name prefix (a layer, the embedding, the head). */
export const GraphGroupSchema = v.object({
  id: Name,
  /** Nodes in the group. */
  nodes: Count,
  /** Op types with counts, most frequent first. */
  ops: v.array(v.object({ op: v.string(), count: Count })),
});
/** One box of the compact layer graph. */
export type GraphGroup = Infer<typeof GraphGroupSchema>;

/** Which analysis outputs a graph exposes. */
export const ExposedSchema = v.object({
  logits: v.boolean(),
  attentions: Count,
  hiddenStates: Count,
  routerLogits: Count,
  presentKeyValues: Count,
});
/** Which analysis outputs a graph exposes (counts of outputs of each kind). */
export type Exposed = Infer<typeof ExposedSchema>;

/** The ONNX part of a report. */
export const OnnxSummarySchema = v.object({
  irVersion: Count,
  opsets: v.array(v.object({ domain: v.string(), version: Int })),
  producer: v.string(),
  inputs: v.array(OnnxIoSchema),
  outputs: v.array(OnnxIoSchema),
  nodes: Count,
  groups: v.array(GraphGroupSchema),
  /** Data flow between groups (indices into `groups`). */
  edges: v.array(v.tuple([Count, Count])),
  exposed: ExposedSchema,
  /** External data files the weights live in, relative to the model. */
  externalData: v.array(v.string()),
});
/** The ONNX part of a report. */
export type OnnxSummary = Infer<typeof OnnxSummarySchema>;

/** What a model file holds. */
export const InspectReportSchema = v.object({
  /** The path inspected. */
  source: Name,
  format: oneOf(INSPECT_FORMATS),
  /** Bytes of the file (for a folder: of the files read; for ONNX: with its external data). */
  fileBytes: Count,
  tensors: Count,
  tree: v.array(TreeRowSchema),
  params: ParamCountSchema,
  /** Element types with the parameters stored in each, most first. */
  dtypes: v.array(v.object({ dtype: v.string(), params: Count })),
  lora: v.optional(LoraSummarySchema),
  onnx: v.optional(OnnxSummarySchema),
  /** Key/value metadata (safetensors `__metadata__`, GGUF keys, ONNX metadata_props, PEFT config). */
  metadata: v.array(v.object({ key: v.string(), value: v.string() })),
  /** The analyses this file can be opened with. */
  routes: v.array(oneOf(INSPECT_ROUTES)),
  /** Anything the reader left out or could not tell, one sentence each. */
  notes: v.array(v.string()),
});
/** What a model file holds. */
export type InspectReport = Infer<typeof InspectReportSchema>;

/** Request: inspect the model file or adapter folder at `path` from its headers. */
export const inspectRequest = requestKind('inspect.file', v.object({ path: NonEmptyName }), InspectReportSchema);

/** What an Analyse button runs, by route: the command and how the file is passed. */
export const ROUTE_LABELS: Readonly<Record<InspectRoute, string>> = {
  surprisal: 'Surprisal',
  dependencies: 'Token dependencies',
  routing: 'Expert routing',
  lora: 'LoRA composition',
};

/** The panel's action that analyses the inspected file with a route (its `arg`). */
export const INSPECT_ANALYSE_ACTION = 'analyse';

/**
 * Sent to the panel beside a report (no engine request has this kind): whether its Analyse buttons may load the
 * file, and why not (a restricted workspace loads no model from the workspace).
 */
export const inspectAccessKind = requestKind(
  'inspect.access',
  v.object({}),
  v.object({ allowed: v.boolean(), reason: v.string() }),
);

/** A byte count in binary units: `512 B`, `7.29 MiB`, `6.0 GiB`. */
export function byteSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  for (; value >= 1024 && unit < units.length - 1; unit++) value /= 1024;
  return unit === 0 ? `${n} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
