"""Peer of bench/scaling.bench.ts: scipy's least_squares fitting the compute law L(N,D) = ((A/N)^(alpha/beta) +
B/D)^beta + E to the same runs with the same objective (Huber, f_scale = 1e-3, on log prediction - log loss, over
(log A, log B, log E, alpha, beta)), the same 16 starts and bounds, with the analytic Jacobian, best of the starts
kept. Prints one JSON line: the best-of-N time of the whole 16-start fit, the fit and its mean Huber loss."""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import least_squares

from numpy_peer import best

DELTA = 1e-3


def residual_and_jac(n, d, loss):
    ln, ld, ll = np.log(n), np.log(d), np.log(loss)

    def parts(q):
        a, b, e, alpha, beta = q
        u1 = (alpha / beta) * (a - ln)
        u2 = b - ld
        t = np.logaddexp(u1, u2)
        w1 = np.exp(u1 - t)
        lp = np.logaddexp(beta * t, e)
        g = np.exp(beta * t - lp)
        return u1, t, w1, lp, g

    def fun(q):
        return parts(q)[3] - ll

    def jac(q):
        a, _, _, alpha, beta = q
        u1, t, w1, _, g = parts(q)
        return np.stack([g * alpha * w1, g * beta * (1 - w1), 1 - g, g * w1 * (a - ln), g * (t - w1 * u1)], axis=1)

    return fun, jac


def fit(n, d, loss):
    fun, jac = residual_and_jac(n, d, loss)
    lower = [-30, -30, -20, 0.005, 0.005]
    upper = [100, 100, float(np.log(loss.max())), 5, 5]
    found = None
    for a in (5, 10, 15, 20):
        for b in (5, 10, 15, 20):
            start = np.clip([a, b, 0.5, 0.4, 0.4], lower, upper)
            r = least_squares(fun, start, jac=jac, loss="huber", f_scale=DELTA, method="trf", bounds=(lower, upper))
            if found is None or r.cost < found.cost:
                found = r
    return found


def main(path, repeats):
    data = json.load(open(path))
    n, d, loss = (np.array(data[k], dtype=np.float64) for k in ("N", "D", "loss"))
    seconds, r = best(lambda: fit(n, d, loss), repeats)
    a, b, e, alpha, beta = r.x
    law = {"A": float(np.exp(a)), "B": float(np.exp(b)), "E": float(np.exp(e)), "alpha": alpha, "beta": beta}
    print(json.dumps({"seconds": seconds, "law": law, "huber": r.cost / n.size, "scipy": scipy.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
