/**
 * @file Transitional: sends an old-style `{type, params}` request as a request kind whose result is
 * not yet checked by a schema. Each toolkit's move to its own module deletes its callers.
 */
import type { EngineRequest, EngineResults } from '../shared/protocol';
import { v } from '../shared/schema';
import type { EngineClient, RequestOptions } from './engineClient';

/** An old request body (without id). */
export type RequestBody = EngineRequest extends infer R ? (R extends EngineRequest ? Omit<R, 'id'> : never) : never;

/** Sends an old-style request. */
export function legacyRequest<B extends RequestBody>(
  engine: EngineClient,
  body: B,
  options: RequestOptions = {},
): Promise<EngineResults[B['type']]> {
  const kind = { name: body.type, params: v.unknown(), result: v.unknown() };
  return engine.request(kind, (body as { params: unknown }).params, options) as Promise<EngineResults[B['type']]>;
}
