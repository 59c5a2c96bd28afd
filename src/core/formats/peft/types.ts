/**
 * @file The in-memory form of a PEFT LoRA adapter: its configuration and, per adapted module,
 * the factors A [r × in] and B [out × r] with the rank, alpha and scaling that apply there.
 * The module's update is ΔW = scaling · B · A, in the [out × in] layout of torch's Linear
 * (with `fan_in_fan_out` the base weight is stored transposed; ΔW here is not).
 */
import type { SafetensorsDtype } from '../safetensors/dtypes';
import type { Tensor } from '../safetensors/types';

/** A dense row-major float32 matrix. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

/** What Model Lens reads from `adapter_config.json`; `raw` keeps every key as written. */
export interface LoraConfig {
  readonly r: number;
  readonly loraAlpha: number;
  /** A list of module-name suffixes, or one regular expression matched against the whole name. */
  readonly targetModules: readonly string[] | string;
  readonly useRslora: boolean;
  readonly rankPattern: Readonly<Record<string, number>>;
  readonly alphaPattern: Readonly<Record<string, number>>;
  readonly baseModelNameOrPath: string | null;
  readonly taskType: string | null;
  readonly fanInFanOut: boolean;
  /** The JSON object as read (or as it will be written), for keys not interpreted here. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One adapted module. */
export interface LoraModule {
  /** The module's name in the base model, e.g. `model.layers.0.self_attn.q_proj`. */
  readonly name: string;
  /** lora_A.weight, [rank × in]. */
  readonly a: Matrix;
  /** lora_B.weight, [out × rank]. */
  readonly b: Matrix;
  readonly rank: number;
  readonly alpha: number;
  /** alpha / rank, or alpha / √rank with rsLoRA. */
  readonly scaling: number;
}

/** A LoRA adapter. */
export interface LoraAdapter {
  readonly config: LoraConfig;
  /** Modules by name, in the order of their names. */
  readonly modules: ReadonlyMap<string, LoraModule>;
  /** The dtype the weights were stored in (written back in the same). @default 'F32' */
  readonly dtype: SafetensorsDtype;
  /** Tensors of the file that are not LoRA factors (modules_to_save, biases), kept as read. */
  readonly extras: ReadonlyMap<string, Tensor>;
}

/** A module's scaling from its rank and alpha: alpha/r, or alpha/√r with rsLoRA. */
export function loraScaling(alpha: number, rank: number, useRslora: boolean): number {
  return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
}
