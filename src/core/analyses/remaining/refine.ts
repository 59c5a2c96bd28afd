/**
 * @file TRAIL's Bayesian refinement of a remaining-length distribution (papers-C §1.1). The posterior q over the
 * bins is carried from token to token: predict q⁻ = T·q with the adjacent-bin transition matrix T[i][i] = 1 − 1/w,
 * T[i][i+1] = 1/w (remaining length only shrinks, so mass moves one bin shorter at rate 1/w per token), then update
 * q ∝ q⁻ ⊙ p_t with the probe's distribution p_t for this token. The estimate is Σ q_i·m_i.
 */

/** The prediction step q⁻ = T·q: q⁻_i = (1 − rate)·q_i + rate·q_{i+1} (the last bin gains nothing). */
export function transition(q: ArrayLike<number>, rate: number): Float64Array {
  const k = q.length;
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) out[i] = (1 - rate) * (q[i] ?? 0) + (i + 1 < k ? rate * (q[i + 1] ?? 0) : 0);
  return out;
}

/**
 * One refinement step: q ∝ (T·q) ⊙ p. When the product vanishes (the probe rules out every bin the prior
 * allows) the probe's own distribution is taken, normalised.
 */
export function refineStep(q: ArrayLike<number>, p: ArrayLike<number>, rate: number): Float64Array {
  const post = transition(q, rate);
  let z = 0;
  for (let i = 0; i < post.length; i++) {
    post[i] = (post[i] ?? 0) * (p[i] ?? 0);
    z += post[i] ?? 0;
  }
  if (z > 0 && Number.isFinite(z)) return post.map((x) => x / z);
  let zp = 0;
  for (let i = 0; i < post.length; i++) zp += p[i] ?? 0;
  return Float64Array.from({ length: post.length }, (_, i) => (zp > 0 ? (p[i] ?? 0) / zp : 1 / post.length));
}

/** The posteriors after each of the distributions `ps`, starting from `prior`. */
export function refineAll(prior: ArrayLike<number>, ps: readonly ArrayLike<number>[], rate: number): Float64Array[] {
  const out: Float64Array[] = [];
  let q: ArrayLike<number> = prior;
  for (const p of ps) {
    const post = refineStep(q, p, rate);
    out.push(post);
    q = post;
  }
  return out;
}
