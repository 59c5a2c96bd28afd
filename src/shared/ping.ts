/**
 * @file The engine's own request: a round trip that proves the engine is alive (tests, the log).
 */
import { requestKind } from './request';
import { v, Count } from './schema';

/**
 * Request: answer with the engine's pid after `delayMs` (lets tests catch the engine mid-request); with `busyMs`,
 * first compute for that long in slices that yield to the event loop and check for a cancel (a stand-in for a long
 * analysis in fault tests and the cancel benchmark); with `partials`, first send that many partial results (the
 * partial-result channel's test).
 */
export const pingRequest = requestKind(
  'ping',
  v.object({
    delayMs: v.pipe(Count, v.maxValue(600_000)),
    busyMs: v.optional(v.pipe(Count, v.maxValue(600_000))),
    partials: v.optional(v.pipe(Count, v.maxValue(100))),
  }),
  v.object({ pid: Count }),
);
