"""Trains lens-lm on the offline corpus for a wall-clock budget and saves a checkpoint.

Half of the training windows hold a span (random characters or their own text) repeated later,
anywhere in the window (so up to about a window apart), so the model learns to read from its context
(copy), which the dependency views exist to show. Windows longer than 256 bytes get one such chance per 128 bytes.
Usage (from the repository root): OPENBLAS_NUM_THREADS=1 BUDGET=1200 /usr/bin/python3 -m tools.zoo.lens_lm.train
Options: --window (bytes per training window, 256; the batch is scaled so that a step holds 16 x 256 tokens),
--init (continue from the weights of a state.npz, e.g. media/models/lens-lm/torch/state.npz, with a fresh
optimiser and schedule; its steps, tokens and seconds are added from --init-card when given).
Environment: BUDGET (seconds, 1200), SEED (0), TORCH_THREADS (2), LR (peak, 2e-3), WARMUP (steps, 150),
RESUME=1 (continue from tools/zoo/.work/lens-lm.pt), SAVE_EVERY (seconds between checkpoints, 0 = only at
the end). SIGTERM or SIGINT stops training after the step in progress and saves, as the end of the budget does.
"""
import argparse
import json
import math
import os
import random
import signal
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..schedule import warmup_cosine
from .corpus import build
from .model import Config, LensLM, EOT, load_npz

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK = os.path.join(ROOT, "tools", "zoo", ".work")
WIN, BATCH = 256, 16
TOKENS_PER_STEP = WIN * BATCH
PRINTABLE = np.frombuffer(bytes(range(33, 127)), dtype=np.uint8)


def repeat_at(rng, win, n):
    """Where a repeated span of n bytes goes in a window of win+1 bytes: (a, gap) with the first copy at a
    and the second after `gap` bytes of text. With a window of 256 this is the placement the first, 256-byte
    stage used (the first copy in the first half); with longer windows the gap is drawn first, uniformly up
    to what the window holds, so copies lie anywhere from adjacent to about a window apart."""
    if win <= 256:
        a = rng.randrange(0, win // 2)
        return a, (rng.randint(0, win - a - 2 * n) if win - a - 2 * n > 0 else 0)
    gap = rng.randint(0, win - 2 * n)
    return rng.randint(0, win - 2 * n - gap), gap


def window(rng, data, win):
    """A training window of win+1 bytes. With a window of 256, half the time it holds a span repeated later. A
    longer window gets win // 128 such chances (each half the time), so that copying keeps the share of the loss
    it has at 256 bytes and more: later spans go in after earlier ones, which they may push apart or split."""
    start = rng.randrange(0, len(data) - win - 1)
    w = np.frombuffer(data[start : start + win + 1], dtype=np.uint8).astype(np.int64)
    w = np.where(w == 0, EOT, w)
    for _ in range(1 if win <= 256 else win // 128):
        if rng.random() < 0.5:
            w = with_repeat(rng, w, win)
    return w


def with_repeat(rng, w, win):
    """w with a span of 6 to 48 bytes (random characters, or w's own text) written twice, cut to win+1 bytes."""
    n = rng.randint(6, 48)
    if rng.random() < 0.5:
        span = PRINTABLE[np.array([rng.randrange(len(PRINTABLE)) for _ in range(n)])].astype(np.int64)
    else:
        s = rng.randrange(0, win - n)
        span = w[s : s + n].copy()
    a, gap = repeat_at(rng, win, n)
    return np.concatenate((w[:a], span, w[a : a + gap], span, w[a + gap :]))[: win + 1]


def batch(rng, corpora, win):
    rows = [window(rng, corpora[i % len(corpora)], win) for i in range(max(1, TOKENS_PER_STEP // win))]
    t = torch.from_numpy(np.stack(rows))
    return t[:, :-1], t[:, 1:]


def meta_of(prior, step, tokens, t0, x, win, args, peak, warmup, budget, seed, summary, model):
    """The train-meta.json of the run so far (steps, tokens and seconds include the --init card's)."""
    return {
        "steps": prior["steps"] + step,
        "trainingTokens": prior["trainingTokens"] + tokens,
        "seconds": prior["seconds"] + round(time.time() - t0),
        "batch": x.shape[0],
        "window": win,
        "init": os.path.relpath(args.init, ROOT) if args.init else None,
        "peakLr": peak,
        "warmup": warmup,
        "budget": budget,
        "seed": seed,
        "corpus": summary,
        "params": sum(p.numel() for p in model.parameters()),
    }


def save(model, c, meta):
    """Writes tools/zoo/.work/lens-lm.pt and train-meta.json, each through a temporary file and a rename."""
    os.makedirs(WORK, exist_ok=True)
    pt, mj = os.path.join(WORK, "lens-lm.pt"), os.path.join(WORK, "train-meta.json")
    torch.save({"state": model.state_dict(), "config": c.to_dict()}, pt + ".tmp")
    json.dump(meta, open(mj + ".tmp", "w"), indent=1)
    os.replace(pt + ".tmp", pt)
    os.replace(mj + ".tmp", mj)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--window", type=int, default=WIN, help="bytes per training window (256)")
    ap.add_argument("--init", help="a state.npz to continue from")
    ap.add_argument("--init-card", help="the model-card.json of --init (its steps, tokens and seconds are carried)")
    args = ap.parse_args()
    win = args.window
    budget = float(os.environ.get("BUDGET", "1200"))
    seed = int(os.environ.get("SEED", "0"))
    torch.manual_seed(seed)
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    rng = random.Random(seed)
    data, summary = build(ROOT)
    corpora = [data["code"][0], data["prose"][0]]
    c = Config()
    model = LensLM(c)
    peak = float(os.environ.get("LR", "2e-3"))
    opt = torch.optim.AdamW(model.parameters(), lr=peak, betas=(0.9, 0.95), weight_decay=0.05)
    t0, step, tokens, ema = time.time(), 0, 0, None
    prior = {"steps": 0, "trainingTokens": 0, "seconds": 0}
    if args.init:
        load_npz(model, args.init)
        if args.init_card:
            card = json.load(open(args.init_card))
            prior = {
                "steps": card["trainingSteps"],
                "trainingTokens": card["trainingTokens"],
                "seconds": card["trainingSeconds"],
            }
    warmup = int(os.environ.get("WARMUP", "150"))
    if os.environ.get("RESUME") == "1":
        model.load_state_dict(torch.load(os.path.join(WORK, "lens-lm.pt"))["state"])
        prior = json.load(open(os.path.join(WORK, "train-meta.json")))
        rng.seed(seed + prior["steps"])
    stop = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.append(True))
    every, saved = float(os.environ.get("SAVE_EVERY", "0")), time.time()
    while not stop:
        frac = (time.time() - t0) / budget
        if frac >= 1:
            break
        lr = warmup_cosine(peak, step, warmup, frac, floor=0.1)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = batch(rng, corpora, win)
        logits, _, _ = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step, tokens = step + 1, tokens + x.numel()
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 50 == 0:
            print(
                f"step {step} loss {ema:.3f} bits {ema / math.log(2):.3f} tok/s {tokens / (time.time() - t0):.0f}",
                flush=True,
            )
        if every and time.time() - saved >= every:
            save(model, c, meta_of(prior, step, tokens, t0, x, win, args, peak, warmup, budget, seed, summary, model))
            saved = time.time()
    meta = meta_of(prior, step, tokens, t0, x, win, args, peak, warmup, budget, seed, summary, model)
    save(model, c, meta)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
