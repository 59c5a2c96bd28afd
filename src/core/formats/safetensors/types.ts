/**
 * @file The in-memory form of a safetensors file.
 */
import type { SafetensorsDtype, TensorData } from './dtypes';

/** One tensor: its stored dtype, its shape and its values (F16/BF16 held as Float32Array). */
export interface Tensor {
  readonly dtype: SafetensorsDtype;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

/** A whole file: tensors by name, and the string-to-string `__metadata__`. */
export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, Tensor>;
  readonly metadata: Readonly<Record<string, string>>;
}
