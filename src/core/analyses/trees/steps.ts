/**
 * @file Training as resumable steps: a learner is a generator that yields between units of work
 * (a tree node, a boosting tree, a feature column), so the same code runs straight through
 * (`stepsRun`) or in slices that let the event loop answer a ping and receive a cancel
 * (`stepsRunAsync`, which checks the signal after every slice).
 */
import { throwIfCancelled } from '../../errors';
import { nextTurn } from '../../model/pacing';

/** Work that yields between its units and returns a `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to the end without pausing. */
export function stepsRun<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
  }
}

/** Longest slice of work between two turns of the event loop, in milliseconds. */
export const SLICE_MS = 20;

/**
 * Runs steps in slices of about `SLICE_MS`, letting the event loop run between slices; throws a
 * `cancelled` LensError when the signal has fired (checked after every slice and step `onStep`).
 */
export async function stepsRunAsync<T>(steps: Steps<T>, signal?: AbortSignal, onStep?: () => void): Promise<T> {
  let start = performance.now();
  throwIfCancelled(signal);
  for (;;) {
    const r = steps.next();
    if (r.done === true) return r.value;
    onStep?.();
    if (performance.now() - start >= SLICE_MS || signal?.aborted === true) {
      await nextTurn();
      throwIfCancelled(signal);
      start = performance.now();
    }
  }
}
