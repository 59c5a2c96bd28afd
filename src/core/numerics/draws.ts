/**
 * @file Uniform draws that can be taken one at a time or in bulk. `mulberry32Source(seed)` gives
 * exactly the stream of `rngSeeded(seed)` (src/core/random/rng.ts: mulberry32, state advanced by
 * 0x6D2B79F5 and hashed per draw), and its `fill` writes the next draws into a buffer in a tight
 * loop, which is what DARE's masks need (one draw per tensor entry).
 */

/** A source of uniform draws in [0, 1); `fill`, where present, writes the next out.length draws. */
export interface UniformSource {
  (): number;
  readonly fill?: (out: Float64Array) => void;
}

/** The draws of `rngSeeded(seed)`, one at a time or `fill`ed in bulk from one shared state. */
export function mulberry32Source(seed: number): UniformSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  const fill = (out: Float64Array): void => {
    let s = state;
    const n = out.length;
    for (let i = 0; i < n; i++) {
      s = (s + 0x6d2b79f5) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      out[i] = ((z ^ (z >>> 14)) >>> 0) / 4294967296;
    }
    state = s;
  };
  return Object.assign(next, { fill });
}

/** The next `n` draws of `random`, in bulk where it can. */
export function drawsOf(random: UniformSource, n: number): Float64Array {
  const out = new Float64Array(n);
  if (random.fill !== undefined) random.fill(out);
  else for (let i = 0; i < n; i++) out[i] = random();
  return out;
}
