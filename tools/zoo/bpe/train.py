"""Trains a BPE zoo model (lens-gpt2 or lens-llama) on the zoo corpus in GPT-2 tokens for a budget of CPU seconds
(the machine may be shared: the budget counts this process's own time).

Usage (from the repository root, after `python3 -m tools.zoo.bpe.corpus` and
`node tools/zoo/bpe/tokenize_corpus.mjs`):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.bpe.train lens-gpt2 --budget 720 --threads 1
Writes tools/zoo/.work/bpe/<name>.pt (state, config, training record).
"""
import argparse
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

from ..schedule import warmup_cosine
from .corpus import WORK, load
from .models import VOCAB, CausalLM, gpt2_config, llama_config

CONFIGS = {"lens-gpt2": gpt2_config, "lens-llama": llama_config}


def options():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", choices=sorted(CONFIGS))
    p.add_argument("--budget", type=float, default=720, help="CPU seconds of training (this process)")
    p.add_argument("--steps", type=int, default=100_000, help="at most this many steps")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--lr", type=float, default=4e-3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def batch(rng, corpora, size, window):
    """`size` windows of window+1 tokens, alternating code and prose."""
    rows = []
    for i in range(size):
        ids = corpora[i % len(corpora)]
        s = rng.randrange(0, len(ids) - window - 1)
        rows.append(ids[s : s + window + 1])
    t = torch.from_numpy(np.stack(rows))
    return t[:, :-1], t[:, 1:]


class Progress:
    steps = 0


def run(o, m, opt, corpora, rng, c0, progress):
    """Steps until the CPU budget or the step limit is spent."""
    ema = None
    while progress.steps < o.steps and time.process_time() - c0 < o.budget:
        for g in opt.param_groups:
            g["lr"] = warmup_cosine(o.lr, progress.steps, 50, (time.process_time() - c0) / o.budget, floor=0.1)
        x, y = batch(rng, corpora, o.batch, m.c.ctx)
        loss = F.cross_entropy(m.logits(x).reshape(-1, VOCAB), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        progress.steps += 1
        ema = loss.item() if ema is None else 0.97 * ema + 0.03 * loss.item()
        if progress.steps % 25 == 0:
            print(f"{o.name} step {progress.steps} loss {ema:.3f} bits/token {ema / math.log(2):.3f}", flush=True)


def train(o):
    torch.manual_seed(o.seed)
    torch.set_num_threads(o.threads)
    rng = random.Random(o.seed)
    corpora = [load("code", "train")[0], load("prose", "train")[0]]
    c = CONFIGS[o.name]()
    m = CausalLM(c)
    opt = torch.optim.AdamW(m.parameters(), lr=o.lr, betas=(0.9, 0.95), weight_decay=0.01)
    t0, c0, progress = time.time(), time.process_time(), Progress()
    try:
        run(o, m, opt, corpora, rng, c0, progress)
    except KeyboardInterrupt:  # stopped early (SIGINT): the steps run so far are kept
        print("stopped early", flush=True)
    meta = {"steps": progress.steps, "seconds": round(time.time() - t0), "cpuSeconds": round(time.process_time() - c0)}
    meta["trainingTokens"] = progress.steps * o.batch * c.ctx
    record = {"batch": o.batch, "stepsAsked": o.steps, "budgetSeconds": o.budget, "threads": o.threads}
    record |= {"seed": o.seed, "peakLearningRate": o.lr, "window": c.ctx} | meta
    os.makedirs(WORK, exist_ok=True)
    torch.save({"state": m.state_dict(), "config": c.to_dict(), "training": record}, os.path.join(WORK, f"{o.name}.pt"))
    print(record, flush=True)


if __name__ == "__main__":
    train(options())
