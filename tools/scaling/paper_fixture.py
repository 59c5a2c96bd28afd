"""Writes test/fixtures/scaling/paper-*.{csv,json} from the authors' released sweep.

Source: github.com/KempnerInstitute/loss-to-loss-notebooks at commit 457ce81a019019bc3981937c20a70c52f5fad436,
data/sweep.csv (529 runs) and data/opt_params_data.csv (their fits), for Brandfonbrener et al., "Loss-to-Loss
Prediction: Scaling Laws for All Datasets" (arXiv 2411.12925). Only the FineWeb-Edu and StarCoder runs' params,
tokens and val_loss are kept, with the authors' Kaplan-form fits of val_loss for those two datasets.

Usage: /usr/bin/python3 tools/scaling/paper_fixture.py <clone of loss-to-loss-notebooks> test/fixtures/scaling
"""
import csv
import json
import math
import os
import sys

DATASETS = ["fineweb-edu-100b", "starcoder"]
SOURCE = "github.com/KempnerInstitute/loss-to-loss-notebooks@457ce81a019019bc3981937c20a70c52f5fad436"


def main(repo, out):
    rows = list(csv.DictReader(open(os.path.join(repo, "data", "sweep.csv"))))
    opt = [r for r in csv.DictReader(open(os.path.join(repo, "data", "opt_params_data.csv")))
           if r["kaplan"] == "True" and r["loss_name"] == "val_loss" and r["data"] in DATASETS]
    runs = {d: [r for r in rows if r["data"] == d] for d in DATASETS}
    with open(os.path.join(out, "paper-sweep.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["run", "dataset", "params", "tokens", "val_loss"])
        for d in DATASETS:
            for r in runs[d]:
                w.writerow([r["id"], d, r["params"], r["tokens"], r["val_loss"]])
    key = lambda r: (r["params"], r["tokens"])
    y_of = {key(r): r["val_loss"] for r in runs["starcoder"]}
    pairs = [(r["val_loss"], y_of[key(r)]) for r in runs["fineweb-edu-100b"] if key(r) in y_of]
    with open(os.path.join(out, "paper-pairs.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["fineweb_edu", "starcoder"])
        w.writerows(pairs)
    fits = {r["data"]: {k: float(r[k]) for k in ["A", "B", "E", "alpha", "beta", "loss", "r_squared"]} for r in opt}
    e0, e1 = fits["fineweb-edu-100b"]["E"], fits["starcoder"]["E"]
    # Their train-to-train fit with both E's fixed: least squares of log(y - e1) on log(x - e0).
    lx = [math.log(float(x) - e0) for x, _ in pairs]
    ly = [math.log(float(y) - e1) for _, y in pairs]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    kappa = sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)
    expected = {"source": SOURCE, "fits": fits, "pairs": len(pairs),
                "l2l": {"kappa": kappa, "K": math.exp(my - kappa * mx), "e0": e0, "e1": e1}}
    with open(os.path.join(out, "paper-expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
