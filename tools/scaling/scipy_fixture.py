"""Writes test/fixtures/scaling/scipy-fits.json: noisy synthetic runs and pairs (seeded), and scipy's fits of them
with the objectives our fits minimise, to check our optimiser against.

- compute law L(N,D) = ((A/N)^(alpha/beta) + B/D)^beta + E and power law L(C) = E + A*C^(-alpha): scipy's
  least_squares on log prediction - log loss with loss='huber', f_scale=1e-3 (the paper's Huber, delta = 1e-3),
  over (log A, log B, log E, alpha, beta) from the paper's 16 starts (power law: 8 starts), best kept;
- loss-to-loss with E_y free: curve_fit(method='trf', p0=(1, 1, 0), E_y in [0, min y]) as the paper's code;
- loss-to-loss with both E's free: the paper's 100 x 100 grid, each point by least squares on logs, best by MSE.

Usage: /usr/bin/python3 tools/scaling/scipy_fixture.py test/fixtures/scaling/scipy-fits.json
"""
import json
import sys

import numpy as np
import scipy
from scipy.optimize import curve_fit, least_squares

DELTA = 1e-3


def compute_log(q, n, d):
    a, b, e, alpha, beta = q
    t = np.logaddexp((alpha / beta) * (a - np.log(n)), b - np.log(d))
    return np.logaddexp(beta * t, e)


def power_log(q, c):
    a, e, alpha = q
    return np.logaddexp(a - alpha * np.log(c), e)


def best_fit(residual, starts, lower, upper):
    best = None
    for s in starts:
        s = np.clip(np.array(s, dtype=float), lower, upper)
        r = least_squares(residual, s, loss="huber", f_scale=DELTA, method="trf", bounds=(lower, upper),
                          x_scale="jac", max_nfev=5000, ftol=1e-15, xtol=1e-15, gtol=1e-15)
        if best is None or r.cost < best.cost:
            best = r
    return best


def compute_case(rng):
    law = {"A": 4.0e8, "B": 2.0e9, "E": 1.7, "alpha": 0.34, "beta": 0.28}
    n, d = np.meshgrid([1e7, 2.5e7, 6e7, 1.5e8, 4e8, 1e9], [2e8, 6e8, 2e9, 6e9, 2e10])
    n, d = n.ravel(), d.ravel()
    q = [np.log(law["A"]), np.log(law["B"]), np.log(law["E"]), law["alpha"], law["beta"]]
    loss = np.exp(compute_log(q, n, d)) * np.exp(rng.normal(0, 0.01, n.size))
    starts = [[a, b, 0.5, 0.4, 0.4] for a in (5, 10, 15, 20) for b in (5, 10, 15, 20)]
    lower = [-30, -30, -20, 0.005, 0.005]
    upper = [100, 100, np.log(loss.max()), 5, 5]
    r = best_fit(lambda p: compute_log(p, n, d) - np.log(loss), starts, lower, upper)
    a, b, e, alpha, beta = r.x
    fit = {"A": np.exp(a), "B": np.exp(b), "E": np.exp(e), "alpha": alpha, "beta": beta}
    return {"truth": law, "N": n.tolist(), "D": d.tolist(), "loss": loss.tolist(), "fit": fit,
            "huber": r.cost / n.size}


def power_case(rng):
    law = {"A": 3.0e3, "E": 1.2, "alpha": 0.17}
    c = np.geomspace(1e17, 1e21, 12)
    loss = (law["E"] + law["A"] * c ** -law["alpha"]) * np.exp(rng.normal(0, 0.01, c.size))
    least = loss.min()
    mid = np.sort(c)[c.size // 2]
    mid_loss = loss[np.argsort(c)][c.size // 2]
    starts = [[np.log(max(mid_loss - f * least, 1e-6)) + alpha * np.log(mid), np.log(f * least), alpha]
              for alpha in (0.05, 0.1, 0.2, 0.4) for f in (0.5, 0.9)]
    r = best_fit(lambda p: power_log(p, c) - np.log(loss), starts, [-50, -20, 0.001], [200, np.log(loss.max()), 5])
    a, e, alpha = r.x
    return {"truth": law, "C": c.tolist(), "loss": loss.tolist(),
            "fit": {"A": np.exp(a), "E": np.exp(e), "alpha": alpha}, "huber": r.cost / c.size}


def l2l_case(rng):
    law = {"kappa": 1.15, "K": 0.7, "e0": 1.9, "e1": 0.85}
    x = np.linspace(2.2, 4.0, 20)
    y = law["K"] * (x - law["e0"]) ** law["kappa"] + law["e1"] + rng.normal(0, 0.004, x.size)
    f = lambda x, a, b, d: b * np.power(x - law["e0"], a) + d
    p, _ = curve_fit(f, x, y, maxfev=500000, p0=[1, 1, 0], bounds=([0, 0, 0], [np.inf, np.inf, np.min(y)]),
                     method="trf")
    e1_free = {"kappa": p[0], "K": p[1], "e0": law["e0"], "e1": p[2], "mse": float(np.mean((f(x, *p) - y) ** 2))}
    best = None
    for bx in np.linspace(0, x.min(), 100)[:-1]:
        for by in np.linspace(0, y.min(), 100)[:-1]:
            X = np.stack([np.log(x - bx), np.ones_like(x)], axis=1)
            (k, lk), *_ = np.linalg.lstsq(X, np.log(y - by), rcond=None)
            mse = float(np.mean((np.exp(lk) * (x - bx) ** k + by - y) ** 2))
            if best is None or mse < best["mse"]:
                best = {"kappa": k, "K": np.exp(lk), "e0": bx, "e1": by, "mse": mse}
    return {"truth": law, "x": x.tolist(), "y": y.tolist(), "e1Free": e1_free, "bothFreeGrid": best}


def main(out):
    rng = np.random.RandomState(0)
    data = {"scipy": scipy.__version__, "numpy": np.__version__, "compute": compute_case(rng),
            "power": power_case(rng), "l2l": l2l_case(rng)}
    with open(out, "w") as f:
        json.dump(data, f, indent=1, default=float)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
