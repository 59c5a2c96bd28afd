"""Trains remaining-lm (byte-level, lens-lm's architecture, smaller) on data.py's tasks for a wall-clock
budget and saves tools/zoo/.work/remaining-lm.pt. Loss on the answer and its <|endoftext|> only.

Usage (from the repository root):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.remaining.train --budget 840
"""
import argparse
import json
import os
import random
import time

import torch
import torch.nn.functional as F

from ..cli import add_run_options, parse_run_options
from ..lens_lm.model import EOT, Config, LensLM
from ..schedule import warmup_cosine
from . import data as D

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK = os.path.join(ROOT, "tools", "zoo", ".work")
CHECKPOINT = os.path.join(WORK, "remaining-lm.pt")
CONFIG = dict(d=96, layers=4, heads=4, ctx=512)
POOL = 16  # batches drawn at once and sorted by length, so a batch holds sequences of similar length


def batches(rng, size):
    """Endless (inputs, targets, loss weights) [size, T], padded with <|endoftext|>; POOL batches at a
    time are drawn, sorted by length and shuffled."""
    while True:
        pool = []
        for _ in range(size * POOL):
            _, p, a = D.example(rng)
            pool.append((D.encode(p, a), len(D.encode(p))))
        pool.sort(key=lambda r: len(r[0]))
        chunks = [pool[i : i + size] for i in range(0, len(pool), size)]
        rng.shuffle(chunks)
        for ch in chunks:
            yield batch([r for r, _ in ch], [s for _, s in ch])


def batch(rows, starts):
    """One padded batch of encoded sequences (each with its prompt length)."""
    size = len(rows)
    T = max(len(r) for r in rows)
    ids = torch.full((size, T), EOT, dtype=torch.long)
    w = torch.zeros((size, T - 1))
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        w[i, starts[i] - 1 : len(r) - 1] = 1.0
    return ids[:, :-1], ids[:, 1:], w


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_options(p)
    p.add_argument("--budget", type=float, default=840.0, help="wall-clock seconds")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint (a fresh warm-up and decay)")
    a = parse_run_options(p)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    c = Config(**CONFIG)
    model = LensLM(c)
    prior = {"steps": 0, "answerTokens": 0, "seconds": 0, "command": ""}
    if a.resume:
        ck = torch.load(CHECKPOINT)
        model.load_state_dict(ck["state"])
        prior = ck["meta"]
        rng.seed(a.seed + prior["steps"])
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.05)
    t0, step, tokens, ema = time.time(), 0, 0, None
    stream = batches(rng, a.batch)
    while True:
        frac = (time.time() - t0) / a.budget
        if frac >= 1:
            break
        for g in opt.param_groups:
            g["lr"] = warmup_cosine(a.lr, step, 100, frac, floor=0.05)
        x, y, w = next(stream)
        logits, _, _ = model(x)
        ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="none")
        loss = (ce * w.reshape(-1)).sum() / w.sum()
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step, tokens = step + 1, tokens + int(w.sum())
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        if step % 50 == 0:
            el = time.time() - t0
            print(f"step {step} t {el:.0f}s loss {ema:.4f} answer-tok/s {tokens / el:.0f}", flush=True)
    os.makedirs(WORK, exist_ok=True)
    meta = {
        "config": c.to_dict(),
        "steps": prior["steps"] + step,
        "answerTokens": prior["answerTokens"] + tokens,
        "seconds": prior["seconds"] + round(time.time() - t0),
        "batch": a.batch,
        "lr": a.lr,
        "seed": a.seed,
        "finalLoss": round(ema, 5),
        "params": sum(q.numel() for q in model.parameters()),
        "command": (prior["command"] + " && " if a.resume else "")
        + f"OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.remaining.train --budget {a.budget:g}"
        f" --batch {a.batch} --lr {a.lr:g} --seed {a.seed} --threads {a.threads}" + (" --resume" if a.resume else ""),
    }
    torch.save({"state": model.state_dict(), "meta": meta}, CHECKPOINT)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
