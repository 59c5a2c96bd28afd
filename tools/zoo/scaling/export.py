"""Writes media/scaling-sweep/ from the sweep's run records (tools/zoo/.work/scaling/runs/*.json).

  media/scaling-sweep/<run>/events.out.tfevents.<time>.model-lens.<i>.v2   one TensorBoard run per folder
  media/scaling-sweep/runs.csv                                             one row per run
  media/scaling-sweep/pairs.csv                                            one row per (N, D): the 4 losses
  media/scaling-sweep/seeds.csv                                            seed replicas of a few runs
  media/scaling-sweep/card.json                                            the recipe, sizes, budgets, corpora

The event files are written by tools/zoo/scaling/tfevents.py (the independent writer the reader is tested
against). Tags: `train/loss` (simple_value, mean training loss over the steps since the previous point, at
every curve point), and at the last step, as float64 rank-0 tensor summaries: `eval/code`, `eval/prose`
(held-out losses, nats per byte), `params` (N, all parameters), `tokens` (D), `compute` (C = 6ND). The dataset
a run was trained on is recorded as the hyperparameter `dataset` (hparams plugin) at step 0, is the run
folder's prefix before the first '-' (`code-d64-l3-D1M`), and is a column of runs.csv.
Usage: /usr/bin/python3 -m tools.zoo.scaling.export
"""
import csv
import glob
import json
import os
import shutil

from . import sweep
from .tfevents import write

MEDIA = os.path.join(sweep.ROOT, "media", "scaling-sweep")
RECIPE = (
    "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.scaling.sweep && /usr/bin/python3 -m tools.zoo.scaling.export"
)


def load_runs():
    runs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(sweep.WORK, "runs", "*.json")))]
    for r in runs:  # records written before the names were settled: the name from the nominal budget
        r.setdefault("budget", min(sweep.BUDGETS, key=lambda b: abs(b - r["D"])))
        r["run"] = sweep.run_name(r["dataset"], r["d"], r["layers"], r["budget"])
    return sorted(runs, key=lambda r: (r["dataset"], r["N"], r["D"]))


def description(r, start, index):
    """The tfevents.py description of one run's event file; wall times spread the run's seconds over its steps."""
    per_step = r["seconds"] / r["steps"]
    events = [
        {"step": p["step"], "wall_time": round(start + p["step"] * per_step, 3), "simple": {"train/loss": p["loss"]}}
        for p in r["curve"]
    ]
    last = events[-1]
    last["tensor"] = {
        "eval/code": r["eval"]["code"],
        "eval/prose": r["eval"]["prose"],
        "params": float(r["N"]),
        "tokens": float(r["D"]),
        "compute": float(r["C"]),
    }
    last["encoding"] = "double_val"
    # The dataset as a hyperparameter (TensorBoard's hparams plugin), so a reader of the folder alone knows it.
    events.insert(0, {"step": 0, "wall_time": round(start, 3), "hparams": {"dataset": r["dataset"]}})
    name = f"{r['run']}/events.out.tfevents.{int(start)}.model-lens.{index}.v2"
    return {"path": name, "events": events}


def write_csv(runs, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["run", "dataset", "N", "D", "C", "train_loss", "eval_code", "eval_prose"])
        for r in runs:
            row = [
                r["run"],
                r["dataset"],
                r["N"],
                r["D"],
                r["C"],
                r["trainLoss"],
                r["eval"]["code"],
                r["eval"]["prose"],
            ]
            w.writerow([f"{x:.6f}" if isinstance(x, float) else x for x in row])


def write_seeds(runs, path):
    """Seed replicas (tools/zoo/.work/scaling/seeds/seed<k>/*.json) beside the sweep's seed of the same runs:
    how much a run's losses move with the seed (initial weights and data order)."""
    reps = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(sweep.WORK, "seeds", "seed*", "*.json")))]
    names = {r["run"] for r in reps}
    rows = sorted([r for r in runs if r["run"] in names] + reps, key=lambda r: (r["run"], r["seed"]))
    if not reps:
        return
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["run", "dataset", "seed", "N", "D", "C", "train_loss", "eval_code", "eval_prose"])
        for r in rows:
            losses = [r["trainLoss"], r["eval"]["code"], r["eval"]["prose"]]
            w.writerow([r["run"], r["dataset"], r["seed"], r["N"], r["D"], r["C"]] + [f"{x:.6f}" for x in losses])


def write_pairs(runs, path):
    """One row per (N, D) trained on both datasets: the four losses, `train_X_eval_Y` (trained on X, scored on Y)."""
    by = {(r["dataset"], r["N"], r["D"]): r for r in runs}
    keys = sorted({(r["N"], r["D"]) for r in runs if all((ds, r["N"], r["D"]) in by for ds in sweep.DATASETS)})
    cols = [f"train_{a}_eval_{b}" for a in sweep.DATASETS for b in sweep.DATASETS]
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["size", "N", "D", "C"] + cols)
        for n, d in keys:
            r0 = by[(sweep.DATASETS[0], n, d)]
            size = r0["run"].split("-", 1)[1]
            losses = [f"{by[(a, n, d)]['eval'][b]:.6f}" for a in sweep.DATASETS for b in sweep.DATASETS]
            w.writerow([size, n, d, r0["C"]] + losses)


def card(runs):
    corpus = json.load(open(os.path.join(sweep.WORK, "corpus.json")))
    sizes = sorted({(r["d"], r["layers"], r["heads"], r["N"], r["nonEmbedding"]) for r in runs})
    return {
        "name": "lens-lm scaling sweep",
        "recipe": RECIPE,
        "model": "lens-lm (tools/zoo/lens_lm/model.py): byte-level GPT, rotary positions, previous-token smear,"
        " tied embedding, vocab 257",
        "sizes": [dict(d=d, layers=l, heads=h, N=n, nonEmbedding=ne) for d, l, h, n, ne in sizes],
        "budgets": sorted({r["D"] for r in runs}),
        "datasets": sweep.DATASETS,
        "datasetOfRun": "the run name's prefix before the first '-' (and runs.csv's dataset column)",
        "N": "all parameters, the tied byte embedding included (as the paper counts); nonEmbedding in sizes",
        "D": "training tokens (bytes) = steps x batch x context; the schedule length of the run",
        "C": "6 N D",
        "training": dict(
            context=sweep.CTX,
            batch=sweep.BATCH,
            optimizer="AdamW(0.9, 0.95)",
            peakLr=sweep.PEAK_LR,
            weightDecay=sweep.WD,
            warmup=f"{sweep.WARMUP_FRAC:g} of the steps, linear",
            schedule=f"cosine to {sweep.FLOOR:g} x peak over the run's own steps",
            gradClip=1.0,
            seed=runs[0]["seed"] if runs else 0,
            data="random windows of the corpus's training split; the same offset fractions for every run of a"
            " budget on both datasets; the same initial weights for a size on both datasets",
        ),
        "eval": f"mean cross-entropy in nats per byte over {sweep.EVAL_WINDOWS} windows x {sweep.CTX} tokens evenly"
        " spaced over each corpus's held-out split (files never trained on), the same windows for every run",
        "corpora": {
            k: dict(v, source=src)
            for (k, v), src in zip(
                sorted(corpus.items()),
                [
                    "Python 3.11 standard library and JS/TS sources of permissive npm packages (lens_lm/corpus.py)",
                    "README.md files of the same npm packages (the Python docs were not installed)",
                ],
            )
        },
        "tags": {
            "train/loss": "curve",
            "eval/code": "final",
            "eval/prose": "final",
            "params": "N",
            "tokens": "D",
            "compute": "C",
        },
        "runs": len(runs),
        "trainingSeconds": round(sum(r["seconds"] for r in runs)),
        "evalSeconds": round(sum(r["evalSeconds"] for r in runs)),
        "machine": "2 shared CPU cores, torch 1.13 (Debian), one thread",
    }


def main():
    runs = load_runs()
    os.makedirs(MEDIA, exist_ok=True)
    for name in os.listdir(MEDIA):  # the run folders are rewritten; README.md (written by hand) stays
        if os.path.isdir(os.path.join(MEDIA, name)):
            shutil.rmtree(os.path.join(MEDIA, name))
    start = 1764756000.0  # 2025-12-03 10:00 UTC; fixed so the export is reproducible
    for i, r in enumerate(runs):
        write({"files": [description(r, start, i)]}, MEDIA)
        start += r["seconds"] + r["evalSeconds"]
    write_csv(runs, os.path.join(MEDIA, "runs.csv"))
    write_pairs(runs, os.path.join(MEDIA, "pairs.csv"))
    write_seeds(runs, os.path.join(MEDIA, "seeds.csv"))
    json.dump(card(runs), open(os.path.join(MEDIA, "card.json"), "w"), indent=1)
    print(f"{len(runs)} runs -> {MEDIA}")


if __name__ == "__main__":
    main()
