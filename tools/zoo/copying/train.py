"""Trains one copy model on the copy task (data.py) and saves a checkpoint; export.py turns it into the zoo.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.copying.train --arch transformer --threads 1
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.copying.train --arch gru --threads 1

Both architectures get the same data stream (random.Random(seed)), batch, steps, optimizer and schedule:
AdamW, linear warm-up then cosine decay, gradient clipping at 1.
"""
import argparse
import json
import os
import random
import time

import torch

from ..cli import add_run_options, parse_run_options
from ..schedule import warmup_cosine
from ..steps import masked_step
from . import data as D
from .model import build, parameters

CACHE = "/tmp/copy-zoo"


def checkpoint_path(cache, arch):
    return os.path.join(cache, f"{arch}.pt")


def model_options(a):
    if a.arch == "transformer":
        windows = [[int(w) for w in layer.split(",")] for layer in a.windows.split(";")]
        return {"d": a.d, "heads": len(windows[0]), "windows": windows, "log_keys": a.log_keys}
    return {"embed": a.embed, "hidden": a.hidden}


@torch.no_grad()
def exact_per_string(m, strings, batch=50):
    """For each string (all of one length): is every copied letter the greedy, teacher-forced prediction?"""
    L = len(strings[0])
    out = []
    for i in range(0, len(strings), batch):
        ids = torch.tensor([D.row(s) for s in strings[i : i + batch]])
        logits, _ = m(ids)
        out += (logits[:, L + 1 : 2 * L + 1].argmax(-1) == ids[:, L + 2 : 2 * L + 2]).all(-1).tolist()
    return out


def string_accuracy(m, strings):
    """Share of strings copied exactly (see exact_per_string)."""
    hits = exact_per_string(m, strings)
    return sum(hits) / len(hits)


def length_for(a, step):
    """Longest training length at `step`: the curriculum grows it linearly from --curriculum-start
    to --max-length over the first --curriculum-steps steps (off by default)."""
    if a.curriculum_steps <= 0 or step >= a.curriculum_steps:
        return a.max_length
    return a.curriculum_start + (a.max_length - a.curriculum_start) * step // a.curriculum_steps


def progress(a, step, elapsed):
    """How far training is, 0..1: steps or wall-clock budget, whichever runs out first (the cosine
    reaches 0 at the end either way)."""
    return min(1.0, max(step / a.steps, elapsed / a.budget))


def train(a):
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    m = build(a.arch, **model_options(a))
    opt = torch.optim.AdamW(m.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=a.wd)
    t0, log, step = time.time(), [], 0
    probe = {L: D.eval_strings(L, 64, 99) for L in (a.max_length, 2 * a.max_length)}
    while step < a.steps and time.time() - t0 < a.budget:
        for g in opt.param_groups:
            g["lr"] = warmup_cosine(a.lr, step, a.warmup, progress(a, step, time.time() - t0))
        ids, mask = D.batch(rng, a.batch, 1, length_for(a, step), a.same_length)
        ids, mask = torch.from_numpy(ids), torch.from_numpy(mask)
        logits, _ = m(ids[:, :-1])
        loss = masked_step(m, opt, logits, ids, mask)
        step += 1
        if step % a.log_every == 0 or step == a.steps:
            m.eval()
            acc = {L: round(string_accuracy(m, s), 3) for L, s in probe.items()}
            m.train()
            log.append([step, round(time.time() - t0, 1), round(loss.item(), 5), *acc.values()])
            print(f"step {step} {time.time() - t0:.0f}s loss {loss.item():.4f} acc {acc}", flush=True)
    return m.eval(), {"steps": step, "seconds": round(time.time() - t0, 1), "parameters": parameters(m), "log": log}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", choices=["transformer", "gru"], required=True)
    p.add_argument("--d", type=int, default=64)
    p.add_argument("--windows", default="1,2,3,4,5,6,0,0;1,2,3,4,5,6,0,0", help="per layer, per head; 0 = global")
    p.add_argument("--log-keys", action="store_true", help="scale attention scores by log(keys seen)")
    p.add_argument("--embed", type=int, default=64)
    p.add_argument("--hidden", type=int, default=120)
    p.add_argument("--max-length", type=int, default=20)
    p.add_argument("--curriculum-start", type=int, default=5)
    p.add_argument("--curriculum-steps", type=int, default=0)
    p.add_argument("--same-length", action="store_true", help="one string length per batch (no padding)")
    p.add_argument("--steps", type=int, default=12000)
    p.add_argument("--budget", type=float, default=720, help="seconds; training stops at whichever comes first")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--wd", type=float, default=0.1)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--log-every", type=int, default=250)
    p.add_argument("--tag", default="", help="checkpoint name suffix (trials)")
    add_run_options(p, cache=CACHE)
    a = parse_run_options(p)
    m, meta = train(a)
    os.makedirs(a.cache, exist_ok=True)
    meta["options"] = {k: v for k, v in vars(a).items() if k != "cache"}
    meta["config"] = m.c.to_dict()
    torch.save({"state": m.state_dict(), "meta": meta}, checkpoint_path(a.cache, a.arch + a.tag))
    print(json.dumps({k: v for k, v in meta.items() if k != "log"}), flush=True)


if __name__ == "__main__":
    main()
