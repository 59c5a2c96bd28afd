"""A small scaling sweep with lens-lm's byte-level recipe: model sizes x token budgets x datasets.

Every (size, budget) pair is trained once on lens-lm's code corpus and once on its prose corpus, from
the same initial weights (seed per size) and the same sampler stream (seed per budget: window offsets
are the same fractions of each corpus), with AdamW and a warm-up + cosine schedule whose length is
the run's token budget (as in Chinchilla-style sweeps: each budget is its own run, not a checkpoint
of a longer one). Each final model is scored on fixed held-out windows of BOTH corpora, so
train-to-train (L_code|code vs L_prose|prose) and train-to-test (L_prose|code vs L_code|code) pairs exist.

Differences from lens_lm/train.py: one corpus per run; no copy-span windows (they add an
irreducible part to the loss that has nothing to do with the corpus); a step-counted schedule;
context 128. N counts ALL parameters (the tied byte embedding included, as the paper's OLMo sweep
does); `nonEmbedding` is recorded too.

Usage (from the repository root; resumable: finished runs are skipped):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.scaling.sweep [--only code-d64-l3-D1M] [--probe]
Writes tools/zoo/.work/scaling/runs/<run>.json; tools/zoo/scaling/export.py turns them into media/scaling-sweep/.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..cli import add_run_options, parse_run_options
from ..lens_lm.corpus import build
from ..lens_lm.model import EOT, Config, LensLM
from ..schedule import warmup_cosine

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK = os.path.join(ROOT, "tools", "zoo", ".work", "scaling")
CTX, BATCH = 128, 8  # 1024 tokens a step
SIZES = [(16, 2), (32, 2), (48, 2), (64, 3), (96, 3)]  # (d, layers); head width 16
BUDGETS = [250_000, 500_000, 1_000_000]  # training tokens D
DATASETS = ["code", "prose"]
EVAL_WINDOWS = 500  # x CTX = 64,000 scored tokens per held-out corpus
PEAK_LR, WARMUP_FRAC, FLOOR, WD = 3e-3, 0.1, 0.1, 0.05
CURVE_POINTS = 25


def run_name(dataset, d, layers, D):
    """`code-d64-l3-D1M`, `prose-d16-l2-D250k`: the dataset first (readers take it from the prefix)."""
    return f"{dataset}-d{d}-l{layers}-D" + (f"{D / 1e6:g}M" if D >= 1_000_000 else f"{D // 1000}k")


def ids_of(data):
    a = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    return np.where(a == 0, EOT, a)


def load_corpora():
    """{dataset: (train ids, held-out ids)}, cached as .npy files under WORK (the build reads ~13k files)."""
    os.makedirs(WORK, exist_ok=True)
    paths = {f"{k}-{p}": os.path.join(WORK, f"{k}-{p}.npy") for k in DATASETS for p in ("train", "held")}
    if not all(os.path.exists(p) for p in paths.values()):
        data, summary = build(ROOT)
        for k in DATASETS:
            np.save(paths[f"{k}-train"], ids_of(data[k][0]).astype(np.int16))
            np.save(paths[f"{k}-held"], ids_of(data[k][1]).astype(np.int16))
        json.dump(summary, open(os.path.join(WORK, "corpus.json"), "w"), indent=1)
    return {k: (np.load(paths[f"{k}-train"]), np.load(paths[f"{k}-held"])) for k in DATASETS}


def eval_windows(held):
    """EVAL_WINDOWS windows of CTX+1 tokens, evenly spaced over the held-out set (fixed, no randomness)."""
    starts = np.linspace(0, len(held) - CTX - 1, EVAL_WINDOWS).astype(np.int64)
    return torch.from_numpy(np.stack([held[s : s + CTX + 1] for s in starts]).astype(np.int64))


@torch.no_grad()
def evaluate(model, windows):
    """Mean cross-entropy (nats per byte) over every target of the windows."""
    model.eval()
    total = 0.0
    for i in range(0, len(windows), 50):
        w = windows[i : i + 50]
        logits = model(w[:, :-1])[0]
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), w[:, 1:].reshape(-1), reduction="sum").item()
    model.train()
    return total / (len(windows) * CTX)


def count_params(model):
    total = sum(p.numel() for p in model.parameters())
    return total, total - model.wte.weight.numel()


def train_run(dataset, d, layers, D, corpora, windows, seed):
    """Trains one run and returns its record."""
    torch.manual_seed(seed + 1000 * d + layers)  # the same initial weights for a size on both datasets
    model = LensLM(Config(d=d, layers=layers, heads=d // 16, ctx=CTX))
    N, non_emb = count_params(model)
    opt = torch.optim.AdamW(model.parameters(), lr=PEAK_LR, betas=(0.9, 0.95), weight_decay=WD)
    steps = D // (CTX * BATCH)
    warmup = max(1, int(WARMUP_FRAC * steps))
    train = corpora[dataset][0]
    sampler = np.random.default_rng(seed)  # the same offset fractions for every run of a budget
    every = max(1, steps // CURVE_POINTS)
    curve, acc, t0 = [], [], time.time()
    for step in range(steps):
        for g in opt.param_groups:
            g["lr"] = warmup_cosine(PEAK_LR, step, warmup, step, steps, floor=FLOOR)
        starts = (sampler.random(BATCH) * (len(train) - CTX - 1)).astype(np.int64)
        w = torch.from_numpy(np.stack([train[s : s + CTX + 1] for s in starts]).astype(np.int64))
        logits = model(w[:, :-1])[0]
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), w[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        acc.append(loss.item())
        if (step + 1) % every == 0 or step + 1 == steps:
            curve.append({"step": step + 1, "tokens": (step + 1) * CTX * BATCH, "loss": float(np.mean(acc))})
            acc = []
    seconds = time.time() - t0
    evals = {k: evaluate(model, windows[k]) for k in DATASETS}
    tokens = steps * CTX * BATCH
    return {
        "run": run_name(dataset, d, layers, D),
        "budget": D,
        "dataset": dataset,
        "d": d,
        "layers": layers,
        "heads": d // 16,
        "N": N,
        "nonEmbedding": non_emb,
        "nCounts": "all parameters (tied byte embedding included)",
        "D": tokens,
        "C": 6 * N * tokens,
        "steps": steps,
        "warmupSteps": warmup,
        "curve": curve,
        "trainLoss": curve[-1]["loss"],
        "eval": evals,
        "seconds": round(seconds, 1),
        "evalSeconds": round(time.time() - t0 - seconds, 1),
        "seed": seed,
    }


def plan(only):
    runs = [(ds, d, l, D) for (d, l) in SIZES for D in BUDGETS for ds in DATASETS]  # small sizes first
    return [r for r in runs if not only or run_name(*r) in only]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_options(p)
    p.add_argument("--only", nargs="*", help="run names to train (default: the whole grid)")
    p.add_argument("--probe", action="store_true", help="time 30 steps of each size and exit")
    p.add_argument("--out", default=os.path.join(WORK, "runs"), help="folder of the run records")
    a = parse_run_options(p)
    corpora = load_corpora()
    windows = {k: eval_windows(corpora[k][1]) for k in DATASETS}
    if a.probe:
        for d, l in SIZES:
            r = train_run("code", d, l, 30 * CTX * BATCH, corpora, windows, a.seed)
            print(f"d{d} l{l} N={r['N']} {r['seconds'] / 30 * 1000:.0f} ms/step eval {r['evalSeconds']}s", flush=True)
        return
    out = a.out
    os.makedirs(out, exist_ok=True)
    for ds, d, l, D in plan(a.only):
        path = os.path.join(out, run_name(ds, d, l, D) + ".json")
        if os.path.exists(path):
            continue
        r = train_run(ds, d, l, D, corpora, windows, a.seed)
        tmp = path + ".tmp"
        json.dump(r, open(tmp, "w"), indent=1)
        os.replace(tmp, path)
        print(
            f"{r['run']} N={r['N']} D={r['D']} train {r['trainLoss']:.3f} code {r['eval']['code']:.3f}"
            f" prose {r['eval']['prose']:.3f} {r['seconds']}s+{r['evalSeconds']}s",
            flush=True,
        )


if __name__ == "__main__":
    main()
