"""Trains kron-mlp on lens-lm's offline corpus (tools/zoo/lens_lm/corpus.py: code and prose, one file in 16 held
out) for a wall-clock budget and saves tools/zoo/.work/kron-mlp.pt with its held-out bits per byte.

Usage (from the repository root):
  OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 -m tools.zoo.kron.train --budget 240
"""
import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..cli import add_run_options, parse_run_options
from ..lens_lm.corpus import build
from ..schedule import warmup_cosine
from .model import BOS, CTX, KronMLP

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK = os.path.join(ROOT, "tools", "zoo", ".work")
CHECKPOINT = os.path.join(WORK, "kron-mlp.pt")


def as_ids(data):
    """Corpus bytes as ids; the 0 byte between files becomes 256 (start of text), as in lens-lm's training."""
    a = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    return np.where(a == 0, BOS, a)


def batch(rng, ids, size):
    """(contexts [size, CTX], targets [size]) at random positions; one in ten contexts starts mid-way, padded with
    256 on the left, as the first bytes of a text are."""
    starts = rng.integers(CTX, len(ids), size=size)
    idx = starts[:, None] + np.arange(-CTX, 0)[None, :]
    ctx = ids[idx]
    cut = rng.integers(0, CTX, size=size)
    pad = (rng.random(size) < 0.1)[:, None] & (np.arange(CTX)[None, :] < cut[:, None])
    ctx = np.where(pad, BOS, ctx)
    return torch.from_numpy(ctx), torch.from_numpy(ids[starts])


def bits_per_byte(m, ids, n=20000, seed=7):
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        x, y = batch(rng, ids, n)
        return float(F.cross_entropy(m(x)[0], y)) / math.log(2)


def unigram_bits(train, held):
    counts = np.bincount(train, minlength=257).astype(np.float64) + 1.0
    p = counts / counts.sum()
    return float(-np.log2(p[held]).mean())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_options(p)
    p.add_argument("--budget", type=float, default=240.0, help="wall-clock seconds of training")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=3e-3)
    a = parse_run_options(p)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    t0 = time.time()
    corpora, summary = build(ROOT)
    train = np.concatenate([as_ids(tr) for tr, _ in corpora.values()])
    held = np.concatenate([as_ids(h) for _, h in corpora.values()])
    print(f"corpus: {len(train)} train, {len(held)} held-out bytes ({time.time() - t0:.0f}s)", flush=True)
    m = KronMLP()
    opt = torch.optim.AdamW(m.parameters(), lr=a.lr, weight_decay=0.01)
    start, step, losses = time.time(), 0, []
    while time.time() - start < a.budget:
        lr = warmup_cosine(a.lr, step, 100, min(1.0, (time.time() - start) / a.budget), floor=0.05)
        for g in opt.param_groups:
            g["lr"] = lr
        x, y = batch(rng, train, a.batch)
        loss = F.cross_entropy(m(x)[0], y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss))
        step += 1
        if step % 500 == 0:
            print(f"step {step} loss {np.mean(losses[-500:]) / math.log(2):.3f} bits ({time.time() - start:.0f}s)")
    m.eval()
    meta = {
        "steps": step,
        "batch": a.batch,
        "lr": a.lr,
        "seed": a.seed,
        "seconds": round(time.time() - start),
        "finalTrainBitsPerByte": round(float(np.mean(losses[-200:])) / math.log(2), 4),
        "heldOutBitsPerByte": round(bits_per_byte(m, held), 4),
        "unigramBitsPerByte": round(unigram_bits(train, held), 4),
        "params": sum(q.numel() for q in m.parameters()),
        "corpus": summary,
        "command": f"OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 -m tools.zoo.kron.train --budget {a.budget:g} "
        f"--batch {a.batch} --lr {a.lr:g} --seed {a.seed} --threads {a.threads}",
    }
    os.makedirs(WORK, exist_ok=True)
    torch.save({"state": m.state_dict(), "meta": meta}, CHECKPOINT)
    print(json.dumps({k: v for k, v in meta.items() if k != "corpus"}))


if __name__ == "__main__":
    main()
