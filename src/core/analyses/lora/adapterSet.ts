/**
 * @file Checks that a set of LoRA adapters can be merged (same base model, same weight layout,
 * matching module shapes, one weight each), walks their modules, and builds the merged adapter
 * the way PEFT's `add_weighted_adapter` does: the config of the first adapter with
 * lora_alpha = r (so the merged scaling is 1, every source scaling being folded into the
 * factors), the union of target modules, and use_rslora off (PEFT PR #3449).
 */
import { loraScaling, type LoraAdapter, type LoraModule, type Matrix } from '../../formats/peft/types';
import { LensError } from '../../errors';
import { quote } from '../../../shared/schema';

/** One adapter's module at a merge site, with the adapter's index and weight. */
export interface Site {
  readonly index: number;
  readonly weight: number;
  readonly module: LoraModule;
}

/** Validates the adapters and weights together; throws a `bad-input` LensError naming the problem. */
export function adaptersCheck(adapters: readonly LoraAdapter[], weights: readonly number[]): void {
  if (adapters.length === 0) throw new LensError('bad-input', 'Nothing to merge: choose at least one adapter.');
  if (weights.length !== adapters.length)
    throw new LensError(
      'bad-input',
      `Got ${weights.length} weights for ${adapters.length} adapters; give one weight per adapter.`,
    );
  if (!weights.every(Number.isFinite))
    throw new LensError('bad-input', `The weights ${JSON.stringify(weights)} must all be finite numbers.`);
  basesCheck(adapters);
  if (new Set(adapters.map((a) => a.config.fanInFanOut)).size > 1)
    throw new LensError(
      'bad-input',
      'Some adapters set fan_in_fan_out and others do not; they cannot belong to the same base model.',
    );
  const shapes = new Map<string, string>();
  adapters.forEach((adapter, i) => {
    for (const m of adapter.modules.values()) {
      const shape = `[${m.b.rows} × ${m.a.cols}]`;
      const seen = shapes.get(m.name);
      if (seen === undefined) shapes.set(m.name, shape);
      else if (seen !== shape)
        throw new LensError(
          'bad-input',
          `Module ${m.name} is ${seen} in an earlier adapter but ${shape} in adapter ${i + 1}; these adapters do ` +
            `not fit the same model.`,
        );
    }
  });
}

/**
 * Refuses adapters of different base models. A base of null (or "") means the config does not say: adapters that
 * all say nothing pass (their shapes are still checked), but one that says nothing is not merged with one that
 * names its base, since nothing shows they share it.
 */
function basesCheck(adapters: readonly LoraAdapter[]): void {
  const named = (b: string | null): b is string => b !== null && b !== '';
  const bases = adapters.map((a) => a.config.baseModelNameOrPath);
  const distinct = [...new Set(bases.filter(named))];
  if (distinct.length > 1)
    throw new LensError(
      'bad-input',
      `The adapters were trained on different base models (${distinct.map(quote).join(', ')}); merge only ` +
        `adapters of one base model.`,
    );
  const unnamed = bases.findIndex((b) => !named(b));
  if (distinct.length === 1 && unnamed >= 0)
    throw new LensError(
      'bad-input',
      `Adapter ${unnamed + 1} does not say which base model it was trained on (base_model_name_or_path is ` +
        `${JSON.stringify(bases[unnamed])}) while the others name ${quote(distinct[0])}. If it was trained on that ` +
        `model, set base_model_name_or_path in its adapter_config.json.`,
    );
}

/** The union of module names, sorted. */
export function moduleNames(adapters: readonly LoraAdapter[]): string[] {
  return [...new Set(adapters.flatMap((a) => [...a.modules.keys()]))].sort();
}

/** The adapters that adapt module `name`, with their weights. */
export function sitesOf(adapters: readonly LoraAdapter[], weights: readonly number[], name: string): Site[] {
  const out: Site[] = [];
  adapters.forEach((a, index) => {
    const module = a.modules.get(name);
    if (module !== undefined) out.push({ index, weight: weights[index] ?? 0, module });
  });
  return out;
}

/** A merged module with factors a [k × in] and b [out × k]; alpha = k, so its scaling is 1. */
export function mergedModule(name: string, a: Matrix, b: Matrix): LoraModule {
  return { name, a, b, rank: a.rows, alpha: a.rows, scaling: loraScaling(a.rows, a.rows, false) };
}

function unionTargets(adapters: readonly LoraAdapter[], modules: readonly LoraModule[]): readonly string[] | string {
  const targets = adapters.map((a) => a.config.targetModules);
  if (targets.every((t) => typeof t !== 'string')) return [...new Set(targets.flatMap((t) => [...t]))].sort();
  if (targets.every((t) => typeof t === 'string')) return targets.map((t) => `(${t})`).join('|');
  return [...new Set(modules.map((m) => m.name.slice(m.name.lastIndexOf('.') + 1)))].sort();
}

/** The merged adapter holding `modules`, configured as PEFT configures a weighted adapter. */
export function mergedAdapter(adapters: readonly LoraAdapter[], modules: readonly LoraModule[]): LoraAdapter {
  const first = adapters[0];
  if (first === undefined) throw new LensError('bad-input', 'Nothing to merge: choose at least one adapter.');
  const r = Math.max(...modules.map((m) => m.rank), 1);
  return {
    config: {
      ...first.config,
      r,
      loraAlpha: r,
      useRslora: false,
      rankPattern: {},
      alphaPattern: {},
      targetModules: unionTargets(adapters, modules),
    },
    modules: new Map(modules.map((m) => [m.name, m])),
    dtype: first.dtype,
    extras: new Map(),
  };
}
