/**
 * @file The human-readable output of `kron`: per layer, the cosines to H of the optimal Kronecker approximation,
 * of L⊗R (Shampoo²) and of L^{1/2}⊗R^{1/2} (Shampoo), the power steps taken and how ‖H‖ was found.
 */
import type { KronLayer, KronResult } from '../../shared/kronecker';

const f = (x: number): string => x.toFixed(4);

function hNormText(l: KronLayer): string {
  const h = l.hNorm;
  if (h.exact) return `‖H‖ ${h.value.toPrecision(6)} (exact)`;
  return `‖H‖ ${h.value.toPrecision(6)} ± ${(h.stderr ?? 0).toPrecision(2)} (estimated from ${h.pairs ?? 0} pairs)`;
}

/** A table of the cosines per layer, then one line per layer on convergence and ‖H‖. */
export function kronText(r: KronResult): string {
  const head = r.model === undefined ? r.source : `${r.model} on ${r.source}, labels ${r.labels ?? 'sampled'}`;
  const width = Math.max(5, ...r.layers.map((l) => l.name.length));
  const lines = [
    `Kronecker approximations of H = Σ vec(G) vec(G)ᵀ: ${head}`,
    `${'layer'.padEnd(width)}  ${'m × n'.padStart(11)}  ${'count'.padStart(6)}  optimal  Shampoo²  Shampoo`,
  ];
  for (const l of r.layers)
    lines.push(
      `${l.name.padEnd(width)}  ${`${l.m} × ${l.n}`.padStart(11)}  ${String(l.count).padStart(6)}  ` +
        `${f(l.cosOptimal).padStart(7)}  ${f(l.cosShampooSquared).padStart(8)}  ${f(l.cosShampoo).padStart(7)}`,
    );
  for (const l of r.layers) {
    const steps = `${l.powerSteps.length} power step${l.powerSteps.length === 1 ? '' : 's'}`;
    lines.push(`${l.name}: ${steps}${l.converged ? '' : ' (not converged)'}, ${hNormText(l)}`);
  }
  lines.push('Cosines to H: 1 is a perfect preconditioner shape. Shampoo² = L⊗R is one power step from (I, I).');
  return `${lines.join('\n')}\n`;
}
