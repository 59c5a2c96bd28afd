"""Peer for bench/numerics.bench.ts: the same products and factorisations in numpy (Debian's
python3-numpy, on OpenBLAS and LAPACK), timed best of N in this one process, on the matrices the
TypeScript side wrote (raw little-endian float32/float64 files). Prints one JSON line: seconds per
case and the numbers the results are compared by (sums of products, singular values, eigenvalues).
"""
import json
import sys

import numpy as np
from numpy_peer import best, blas


def main(args):
    a = json.loads(args)
    out = {"numpy": np.__version__, "blas": blas(), "seconds": {}, "check": {}}
    for n in a["gemm"]:
        x = np.fromfile(f"{a['dir']}/gemm{n}_a.f32", dtype="<f4").reshape(n, n)
        y = np.fromfile(f"{a['dir']}/gemm{n}_b.f32", dtype="<f4").reshape(n, n)
        t, c = best(lambda: x @ y, a["repeats"] if n < 4096 else 2)
        out["seconds"][f"gemm {n}"] = t
        out["check"][f"gemm {n}"] = float(c.astype(np.float64).sum())
    m, n, k = a["svd"]
    x = np.fromfile(f"{a['dir']}/svd.f32", dtype="<f4").reshape(m, n).astype(np.float64)
    t, (_, s, _) = best(lambda: np.linalg.svd(x, full_matrices=False), 1)
    out["seconds"]["svd"] = t
    out["check"]["svd"] = s[:k].tolist()
    try:
        from sklearn.utils.extmath import randomized_svd

        t, (_, s, _) = best(lambda: randomized_svd(x, k, n_oversamples=10, n_iter=20, random_state=0), a["repeats"])
        out["seconds"]["svd (scikit-learn randomized)"] = t
        out["check"]["svd (scikit-learn randomized)"] = s[:k].tolist()
    except ImportError:
        pass
    e = np.fromfile(f"{a['dir']}/eig.f64", dtype="<f8").reshape(a["eig"], a["eig"])
    t, (w, _) = best(lambda: np.linalg.eigh(e), a["repeats"])
    out["seconds"]["eig"] = t
    out["check"]["eig"] = sorted(w.tolist(), reverse=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
