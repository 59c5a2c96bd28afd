/**
 * @file Request kinds: the name of an engine request together with the schemas of its params and
 * its result. A kind carries both types, so the engine's handler, the extension's call and the CLI's
 * call are typed by it and nobody casts. Each toolkit declares its kinds in `src/shared/<toolkit>.ts`.
 */
import type { v, DeepReadonly } from './schema';

/** An engine request kind: name, params schema and result schema. */
export interface RequestKind<N extends string = string, P = unknown, R = unknown> {
  readonly name: N;
  readonly params: v.GenericSchema<unknown, unknown>;
  readonly result: v.GenericSchema<unknown, unknown>;
  /** Type carriers only; never set. */
  readonly types?: { readonly params: P; readonly result: R };
}

/** Declares a request kind from its name and the schemas of its params and result. */
export function requestKind<const N extends string, PS extends v.GenericSchema, RS extends v.GenericSchema>(
  name: N,
  params: PS,
  result: RS,
): RequestKind<N, DeepReadonly<v.InferOutput<PS>>, DeepReadonly<v.InferOutput<RS>>> {
  return { name, params, result };
}

/** The params type of a kind. */
export type ParamsOf<K> = K extends RequestKind<string, infer P, unknown> ? P : never;
/** The result type of a kind. */
export type ResultOf<K> = K extends RequestKind<string, unknown, infer R> ? R : never;
