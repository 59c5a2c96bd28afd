"""Peer for bench/routing.bench.ts: the per-layer routing statistics of Mixture of Parrots (papers-B section 3)
with numpy, on the same router logits Model Lens routes (src/core/analyses/routing/routingStats.ts):

- p = softmax(z) per row (max subtracted), top-k ids by a stable sort of -z (ties to the lower id), gates p over
  the sum of p of the top-k;
- counts c_e, fractions f_e = c_e / (k T), mean probabilities, the auxiliary loss E sum f_e P_e, the coefficient
  of variation of c_e (population std / mean), the normalised entropy -sum f ln f / ln E, the dead experts.

Reads T, E (int32) then z [T x E] (float32) from one file; prints one JSON line with the best-of-N seconds and the
statistics.
"""
import json
import sys

import numpy as np
from numpy_peer import best, blas


def stats(z, k):
    t, e = z.shape
    zz = z.astype(np.float64)
    p = np.exp(zz - zz.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    top = np.argsort(-zz, axis=1, kind="stable")[:, :k]
    chosen = np.take_along_axis(p, top, axis=1)
    gates = chosen / chosen.sum(axis=1, keepdims=True)
    counts = np.bincount(top.ravel(), minlength=e).astype(np.float64)
    f = counts / (k * t)
    mean_p = p.mean(axis=0)
    nz = f[f > 0]
    return {
        "topk": top,
        "gates": gates,
        "counts": counts.astype(int).tolist(),
        "auxLoss": float(e * (f * mean_p).sum()),
        "cv": float(counts.std() / counts.mean()),
        "entropy": 1.0 if e == 1 else float(-(nz * np.log(nz)).sum() / np.log(e)),
        "dead": np.flatnonzero(counts == 0).tolist(),
    }


def main():
    path, k, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    raw = np.fromfile(path, dtype=np.uint8)
    t, e = np.frombuffer(raw[:8].tobytes(), dtype=np.int32)
    z = np.frombuffer(raw[8:].tobytes(), dtype=np.float32).reshape(t, e)
    seconds, r = best(lambda: stats(z, k), repeats, warmup=1)
    top, gates = r.pop("topk"), r.pop("gates")
    r["topkHead"] = top[:4].tolist()
    r["gateHead"] = gates[:4].ravel().tolist()
    print(json.dumps({"numpy": np.__version__, "blas": blas(), "seconds": seconds, "result": r}))


main()
