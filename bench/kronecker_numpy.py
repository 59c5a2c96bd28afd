"""Peer for bench/kronecker.bench.ts: the Kronecker analysis of one layer's rank-1 per-example gradients
G_i = u_i v_i^T with numpy, the same algorithm Model Lens runs (src/core/analyses/kronecker/):

- L = sum G G^T = U^T diag(|v_i|^2) U and R = sum G^T G = V^T diag(|u_i|^2) V;
- eigh of L and R (spectra, and the roots L^(1/2), R^(1/2) for Shampoo);
- |H|_F^2 = sum_ij (u_i.u_j)^2 (v_i.v_j)^2 exactly, by Gram blocks of 512 rows, upper triangle only;
- power iteration on R(H) from (L, R): A <- U^T diag(v_i^T B v_i) U, then B <- V^T diag(u_i^T A u_i) V, the
  cosine of A (x) B to H being <A, R(H) vec B> / (|A| |B| |H|), for a fixed number of steps;
- the cosine of L^(1/2) (x) R^(1/2), with |L^(1/2)|_F^2 = tr L.

Reads u [count x m] and v [count x n] as float64 from one file (count, m, n first); prints one JSON line with the
best-of-N seconds per phase and the cosines.
"""
import json
import sys
import time

import numpy as np
from numpy_peer import best, blas

BLOCK = 512


def apply_r(x, y, b):
    """sum_i (x_i^T B x_i) y_i y_i^T; B = None is the identity."""
    w = np.einsum("ij,ij->i", x, x) if b is None else np.einsum("ij,ij->i", x @ b, x)
    out = (y * w[:, None]).T @ y
    return (out + out.T) / 2


def h_norm(u, v):
    count = u.shape[0]
    total = 0.0
    for r0 in range(0, count, BLOCK):
        r1 = min(count, r0 + BLOCK)
        k = (u[r0:r1] @ u[r0:].T) * (v[r0:r1] @ v[r0:].T)
        k2 = k * k
        square = k2[:, : r1 - r0].sum()
        total += square + 2 * k2[:, r1 - r0 :].sum()
    return np.sqrt(total)


def power(u, v, l, r, h, steps):
    cosines = []
    a, b = l / np.linalg.norm(l), r / np.linalg.norm(r)
    for t in range(steps):
        rb = apply_r(v, u, b)
        cosines.append(float(np.vdot(a, rb) / (np.linalg.norm(a) * np.linalg.norm(b) * h)))
        if t == steps - 1:
            break
        a = rb / np.linalg.norm(rb)
        b = apply_r(u, v, a)
        b /= np.linalg.norm(b)
    return cosines


def root(e):
    values, vectors = e
    return (vectors * np.sqrt(np.maximum(values, 0))) @ vectors.T


def analyze(u, v, steps, seconds):
    t = time.perf_counter()
    l, r = apply_r(v, u, None), apply_r(u, v, None)
    seconds["L, R"] = time.perf_counter() - t
    t = time.perf_counter()
    el, er = np.linalg.eigh(l), np.linalg.eigh(r)
    seconds["eigh L, R"] = time.perf_counter() - t
    t = time.perf_counter()
    h = h_norm(u, v)
    seconds["|H| exact"] = time.perf_counter() - t
    t = time.perf_counter()
    cosines = power(u, v, l, r, h, steps)
    seconds["power steps"] = time.perf_counter() - t
    t = time.perf_counter()
    lh, rh = root(el), root(er)
    norms = np.sqrt(np.maximum(el[0], 0).sum() * np.maximum(er[0], 0).sum())
    shampoo = float(np.vdot(lh, apply_r(v, u, rh)) / (norms * h))
    seconds["Shampoo"] = time.perf_counter() - t
    return {"optimal": cosines[-1], "shampooSquared": cosines[0], "shampoo": shampoo, "steps": cosines, "hNorm": h}


def main():
    path, steps, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    raw = np.fromfile(path, dtype="<f8")
    count, m, n = (int(x) for x in raw[:3])
    u = raw[3 : 3 + count * m].reshape(count, m)
    v = raw[3 + count * m : 3 + count * (m + n)].reshape(count, n)
    phases = {}
    fastest = {}

    def run():
        seconds = {}
        value = analyze(u, v, steps, seconds)
        for k, s in seconds.items():
            fastest[k] = min(fastest.get(k, float("inf")), s)
        return value

    total, value = best(run, repeats)
    phases.update(fastest)
    print(json.dumps({"numpy": np.__version__, "blas": blas(), "total": total, "seconds": phases, "result": value}))


if __name__ == "__main__":
    main()
