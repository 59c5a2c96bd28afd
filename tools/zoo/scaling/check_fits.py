"""Reference fits of the shipped sweep (media/scaling-sweep/runs.csv) in scipy, the way the paper's code fits:
the numbers the TypeScript fits (src/core/analyses/scaling/) are checked against at fixture time.

For each dataset, the largest-compute run is held out. On the other runs:
  * the compute law L(N,D) = ((A/N)^(alpha/beta) + B/D)^beta + E: mean Huber loss (delta 1e-3) between log
    predictions and log losses over (log A, log B, log E, alpha, beta), L-BFGS from the paper's 16 starts
    (log A, log B in {5, 10, 15, 20}, log E 0.5, alpha = beta = 0.4), the best kept;
  * the loss-to-loss laws y = K (x - Ex)^kappa + Ey: train-to-train (L_code|code vs L_prose|prose, runs paired
    by (N, D)) and train-to-test (L_other|ds vs L_ds|ds, the same model), each with the E's fixed from the
    compute-law fits (least squares on logs), with Ey free (curve_fit trf, p0 (1, 1, 0), 0 <= Ey <= min y) and
    with both free (a 100 x 100 grid of Ex in [0, min x], Ey in [0, min y], chosen by mean squared error).
Then each held-out loss is predicted by the compute law (extrapolated to the held-out N, D) and by each
loss-to-loss law (from the held-out run's measured loss on the other side), and the relative errors compared.

Usage: /usr/bin/python3 -m tools.zoo.scaling.check_fits [--csv media/scaling-sweep/runs.csv] [--json OUT] [--selftest]
(seeds.csv beside runs.csv, when there, adds each held-out error against every seed replica of the held-out runs)
"""
import argparse
import csv
import itertools
import json
import os

import numpy as np
from scipy.optimize import curve_fit, minimize

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DELTA = 1e-3
STARTS = [(a, b, 0.5, 0.4, 0.4) for a, b in itertools.product((5, 10, 15, 20), repeat=2)]


def compute_law(p, N, D):
    """L(N, D) for p = (log A, log B, log E, alpha, beta), computed in logs (no overflow at big A/N)."""
    la, lb, le, alpha, beta = p
    inner = np.logaddexp(alpha / beta * (la - np.log(N)), lb - np.log(D))
    return np.exp(beta * inner) + np.exp(le)


def objective_and_grad(p, N, D, L):
    """The mean Huber loss of log residuals and its analytic gradient in p = (log A, log B, log E, alpha, beta)."""
    la, lb, le, alpha, beta = p
    t = la - np.log(N)
    u, v = alpha / beta * t, lb - np.log(D)
    S = np.logaddexp(u, v)
    wu = np.exp(u - S)
    P, E = np.exp(beta * S), np.exp(le)
    pred = P + E
    r = np.log(pred) - np.log(L)
    a = np.abs(r)
    loss = np.where(a <= DELTA, 0.5 * r * r, DELTA * (a - 0.5 * DELTA))
    dr = np.where(a <= DELTA, r, DELTA * np.sign(r)) / pred  # d loss / d pred
    parts = [P * alpha * wu, P * beta * (1 - wu), E * np.ones_like(P), P * wu * t, P * (S - wu * u)]
    return np.mean(loss), np.array([np.mean(dr * g) for g in parts])


def fit_compute_law(N, D, L):
    """The best of the 16 L-BFGS fits: dict of A, B, E, alpha, beta, objective, r2."""
    N, D, L = (np.asarray(v, dtype=np.float64) for v in (N, D, L))

    def objective(p):
        with np.errstate(all="ignore"):
            v, g = objective_and_grad(p, N, D, L)
        return (v, g) if np.isfinite(v) and np.all(np.isfinite(g)) else (1e3, np.zeros(5))

    best = None
    for s in STARTS:
        r = minimize(
            objective,
            np.array(s, dtype=np.float64),
            jac=True,
            method="L-BFGS-B",
            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-13},
        )
        if best is None or r.fun < best.fun:
            best = r
    la, lb, le, alpha, beta = best.x
    pred = compute_law(best.x, N, D)
    r2 = 1 - np.sum((L - pred) ** 2) / np.sum((L - L.mean()) ** 2)
    return dict(
        A=np.exp(la),
        B=np.exp(lb),
        E=np.exp(le),
        alpha=alpha,
        beta=beta,
        objective=best.fun,
        r2=r2,
        params=best.x.tolist(),
    )


def shifted(x, kappa, K, ex, ey):
    return K * np.power(np.maximum(x - ex, 0.0), kappa) + ey


def l2l_fixed(x, y, ex, ey):
    """kappa, log K by least squares on log(y - ey) = kappa log(x - ex) + log K."""
    X = np.stack([np.log(x - ex), np.ones_like(x)], axis=1)
    (kappa, logk), *_ = np.linalg.lstsq(X, np.log(y - ey), rcond=None)
    return kappa, np.exp(logk)


def fit_l2l(x, y, ex, ey, mode):
    """The three fits of y = K (x - ex)^kappa + ey: 'fixed' (both E's given), 'ey' (ey free), 'grid' (both free)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if mode == "fixed":
        kappa, K = l2l_fixed(x, y, ex, ey)
    elif mode == "ey":
        (kappa, K, ey), _ = curve_fit(
            lambda t, a, b, d: b * np.power(t - ex, a) + d,
            x,
            y,
            p0=[1, 1, 0],
            bounds=([0, 0, 0], [np.inf, np.inf, np.min(y)]),
            method="trf",
            maxfev=500000,
        )
    else:
        best = (np.inf, None)
        for gx in np.linspace(0, np.min(x), 100)[:-1]:  # the last grid value makes log(0)
            for gy in np.linspace(0, np.min(y), 100)[:-1]:
                k, K = l2l_fixed(x, y, gx, gy)
                mse = np.mean((shifted(x, k, K, gx, gy) - y) ** 2)
                if mse < best[0]:
                    best = (mse, (k, K, gx, gy))
        kappa, K, ex, ey = best[1]
    pred = shifted(x, kappa, K, ex, ey)
    r2 = 1 - np.sum((y - pred) ** 2) / np.sum((y - y.mean()) ** 2)
    return dict(kappa=kappa, K=K, ex=ex, ey=ey, r2=r2)


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k in ("N", "D", "C"):
            r[k] = float(r[k])
        for k in ("train_loss", "eval_code", "eval_prose"):
            r[k] = float(r[k])
    return rows


def rel(pred, actual):
    return (pred - actual) / actual


def check(rows):
    datasets = sorted({r["dataset"] for r in rows})
    by = {ds: [r for r in rows if r["dataset"] == ds] for ds in datasets}
    held = {ds: max(by[ds], key=lambda r: r["C"]) for ds in datasets}
    fit_rows = {ds: [r for r in by[ds] if r is not held[ds]] for ds in datasets}
    out = {
        "heldOut": {ds: held[ds]["run"] for ds in datasets},
        "laws": {},
        "lawsAllRuns": {},
        "l2l": {},
        "predictions": {},
    }
    for ds in datasets:  # L_{t|ds} for every test set t: own (train) and other (test) losses
        for t in datasets:
            rs = fit_rows[ds]
            key = f"{t}|{ds}"
            out["laws"][key] = fit_compute_law([r["N"] for r in rs], [r["D"] for r in rs], [r[f"eval_{t}"] for r in rs])
            allr = by[ds]
            out["lawsAllRuns"][key] = fit_compute_law(
                [r["N"] for r in allr], [r["D"] for r in allr], [r[f"eval_{t}"] for r in allr]
            )
    pairs = {}  # (kind, a, b) -> (x, y, role, N, D); role: fit, target (the held-out y) or skip
    for a, b in itertools.permutations(datasets, 2):
        # train-to-train: x = L_{a|a}, y = L_{b|b}, paired by (N, D); train-to-test: x = L_{a|a}, y = L_{b|a}
        pair_of = {(r["N"], r["D"]): r for r in by[b]}
        both = [(r, pair_of[(r["N"], r["D"])]) for r in by[a] if (r["N"], r["D"]) in pair_of]
        role = lambda target, skip: "target" if target else "skip" if skip else "fit"  # noqa: E731
        pairs[("t2t", a, b)] = [
            (ra[f"eval_{a}"], rb[f"eval_{b}"], role(rb is held[b], ra is held[a]), rb["N"], rb["D"]) for ra, rb in both
        ]
        pairs[("t2test", a, b)] = [
            (r[f"eval_{a}"], r[f"eval_{b}"], role(r is held[a], False), r["N"], r["D"]) for r in by[a]
        ]
    for (kind, a, b), pts in pairs.items():
        x = np.array([p[0] for p in pts if p[2] == "fit"])
        y = np.array([p[1] for p in pts if p[2] == "fit"])
        targets = [p for p in pts if p[2] == "target"]
        if not targets:  # a partial sweep: the held-out run has no partner on the other side yet
            continue
        hx, hy, _, hn, hd = targets[0]
        ex = out["laws"][f"{a}|{a}"]["E"]
        ey = out["laws"][f"{b}|{b}"]["E"] if kind == "t2t" else out["laws"][f"{b}|{a}"]["E"]
        x_law = float(compute_law(out["laws"][f"{a}|{a}"]["params"], hn, hd))  # x from a's law, not measured
        name = f"{kind}:{a}->{b}"
        out["l2l"][name] = {}
        for mode in ("fixed", "ey", "grid"):
            try:
                f = fit_l2l(x, y, ex, ey, mode)
            except (RuntimeError, ValueError) as e:
                out["l2l"][name][mode] = {"error": str(e)}
                continue
            f["points"], f["x"], f["actual"] = len(x), hx, hy
            f["prediction"] = float(shifted(hx, f["kappa"], f["K"], f["ex"], f["ey"]))
            f["relError"] = rel(f["prediction"], hy)
            f["fromLaw"] = float(shifted(x_law, f["kappa"], f["K"], f["ex"], f["ey"]))  # = the translated law
            f["fromLawRelError"] = rel(f["fromLaw"], hy)
            out["l2l"][name][mode] = f
    for ds in datasets:
        h = held[ds]
        law = out["laws"][f"{ds}|{ds}"]
        pred = float(compute_law(law["params"], h["N"], h["D"]))
        out["predictions"][ds] = {
            "run": h["run"],
            "actual": h[f"eval_{ds}"],
            "computeLaw": pred,
            "computeLawRelError": rel(pred, h[f"eval_{ds}"]),
        }
    return out


def seed_check(out, seeds_csv):
    """Each held-out prediction's error against every seed replica of the held-out runs (seeds.csv), and the
    spread of the replicated runs' losses: how much of an error the seed alone explains."""
    reps = load(seeds_csv)
    spread = {}
    for name in sorted({r["run"] for r in reps}):
        rs = [r for r in reps if r["run"] == name]
        ds = rs[0]["dataset"]
        own = np.array([r[f"eval_{ds}"] for r in rs])
        spread[name] = dict(seeds=len(rs), mean=own.mean(), std=own.std(ddof=1) if len(rs) > 1 else 0.0)
    errors = {}
    for ds, p in out["predictions"].items():
        mine = {r["seed"]: r for r in reps if r["run"] == p["run"]}
        for seed, r in sorted(mine.items()):
            e = {"computeLaw": rel(p["computeLaw"], r[f"eval_{ds}"])}
            for name, fits in out["l2l"].items():
                kind, ab = name.split(":")
                a, b = ab.split("->")
                if kind != "t2t" or b != ds or "fixed" not in fits:
                    continue
                partner = [
                    q for q in reps if q["dataset"] == a and q["seed"] == seed and q["N"] == r["N"] and q["D"] == r["D"]
                ]
                if partner:
                    f = fits["fixed"]
                    pred = shifted(partner[0][f"eval_{a}"], f["kappa"], f["K"], f["ex"], f["ey"])
                    e[f"{name}[fixed]"] = rel(pred, r[f"eval_{ds}"])
            errors[f"{p['run']}@seed{seed}"] = e
    return {"spread": spread, "errors": errors}


def plain(o):
    if isinstance(o, dict):
        return {k: plain(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [plain(v) for v in o]
    return float(o) if isinstance(o, (np.floating, float)) else o


def report(out):
    print("held out:", out["heldOut"])
    for key, law in out["laws"].items():
        a = out["lawsAllRuns"][key]
        print(
            f"law L_{key}: alpha {law['alpha']:.3f} beta {law['beta']:.3f} E {law['E']:.3f} A {law['A']:.4g}"
            f" B {law['B']:.4g} r2 {law['r2']:.4f} | all runs: alpha {a['alpha']:.3f} beta {a['beta']:.3f}"
            f" E {a['E']:.3f} r2 {a['r2']:.4f}"
        )
    for ds, p in out["predictions"].items():
        print(
            f"held-out {p['run']}: actual {p['actual']:.4f} compute law {p['computeLaw']:.4f}"
            f" ({100 * p['computeLawRelError']:+.2f}%)"
        )
    for name, fits in out["l2l"].items():
        for mode, f in fits.items():
            if "error" in f:
                print(f"{name} [{mode}]: {f['error']}")
                continue
            print(
                f"{name} [{mode}]: kappa {f['kappa']:.3f} K {f['K']:.3f} Ex {f['ex']:.3f} Ey {f['ey']:.3f}"
                f" r2 {f['r2']:.4f} -> predicts {f['prediction']:.4f} vs {f['actual']:.4f}"
                f" ({100 * f['relError']:+.2f}%); x from its law: {f['fromLaw']:.4f}"
                f" ({100 * f['fromLawRelError']:+.2f}%)"
            )


def selftest():
    """Noise-free points from known parameters (the sweep's N, D grid) are recovered: the compute law and the
    loss-to-loss law (both E's fixed, and Ey free)."""
    grid = list(itertools.product([11216, 34720, 70512, 168576, 363456], [249856, 499712, 999424]))
    N, D = (np.array(v, dtype=np.float64) for v in zip(*grid))
    truth = np.array([np.log(3e4), np.log(2e5), np.log(1.2), 0.35, 0.3])
    f = fit_compute_law(N, D, compute_law(truth, N, D))
    got = np.array([np.log(f["A"]), np.log(f["B"]), np.log(f["E"]), f["alpha"], f["beta"]])
    assert np.allclose(got, truth, rtol=1e-4, atol=1e-5), got
    x = compute_law(truth, N, D)
    y = shifted(x, 1.1, 0.63, 1.2, 0.8)
    for mode in ("fixed", "ey"):
        g = fit_l2l(x, y, 1.2, 0.8, mode)
        assert np.allclose([g["kappa"], g["K"], g["ey"]], [1.1, 0.63, 0.8], rtol=1e-6), (mode, g)
    print("selftest: compute law and loss-to-loss parameters recovered")


def report_seeds(seeds):
    for name, sp in seeds["spread"].items():
        print(
            f"seeds {name}: {sp['seeds']} seeds, own-dataset loss {sp['mean']:.4f} +- {sp['std']:.4f}"
            f" ({100 * sp['std'] / sp['mean']:.2f}%)"
        )
    for name, e in seeds["errors"].items():
        print(f"held-out {name}: " + ", ".join(f"{k} {100 * v:+.2f}%" for k, v in e.items()))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--csv", default=os.path.join(ROOT, "media", "scaling-sweep", "runs.csv"))
    p.add_argument("--json", help="write the results here")
    p.add_argument("--selftest", action="store_true", help="recover known parameters from noise-free points")
    a = p.parse_args()
    if a.selftest:
        return selftest()
    out = check(load(a.csv))
    seeds_csv = os.path.join(os.path.dirname(a.csv), "seeds.csv")
    if os.path.exists(seeds_csv):
        out["seeds"] = seed_check(out, seeds_csv)
    out = plain(out)
    report(out)
    if "seeds" in out:
        report_seeds(out["seeds"])
    if a.json:
        json.dump(out, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
