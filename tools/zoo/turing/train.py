"""Trains one Turing-program model (or its no-scratchpad baseline) and saves a checkpoint; export.py
turns it into the zoo.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.turing.train --task addition --threads 1
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.turing.train --task addition --direct --threads 1

Every batch holds `--batch` fresh problems of one length n, uniform in [1, --max-length] (problems of one
length have one layout: no padding but the optional leading 1 of the answer). Loss: cross-entropy on the
generated part only (after <bos> line0 |, through <eos>). AdamW, linear warm-up then cosine decay to 0 at
--steps or --budget seconds, whichever comes first; gradient clipping at 1.
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
from .model import build, fast_logits, parameters

CACHE = "/tmp/turing-zoo"


def checkpoint_path(cache, name):
    return os.path.join(cache, f"{name}.pt")


def parse_windows(text, kind=int):
    """`1,2,3,0;1,2,3,0`: per layer, per head (windows: 0 = global; slopes: 0 = none)."""
    return [[kind(w) for w in layer.split(",")] for layer in text.split(";")] if text else None


@torch.no_grad()
def exact_per_problem(m, problems, task, scratchpad):
    """For each problem (all of one length): is every generated token (after the prompt, through <eos>)
    the argmax of the teacher-forced logits? This equals greedy decoding reproducing the whole sequence."""
    out, T = [], len(D.tokens(task, *problems[0], scratchpad)[0])
    batch = max(1, min(50, 4_000_000 // (T * T)))
    for i in range(0, len(problems), batch):
        ids, mask = (torch.from_numpy(x) for x in D.batch(problems[i : i + batch], task, scratchpad))
        logits = fast_logits(m, ids[:, :-1], {})
        right = (logits.argmax(-1) == ids[:, 1:]) | (mask[:, :-1] == 0)
        out += right.all(-1).tolist()
    return out


def exact_match(m, problems, task, scratchpad):
    hits = exact_per_problem(m, problems, task, scratchpad)
    return sum(hits) / len(hits)


def length_for(a, rng):
    """The length of the next batch: uniform in [1, --max-length]."""
    return rng.randint(1, a.max_length)


def train(a):
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    m = build(a.d, parse_windows(a.windows), parse_windows(a.slopes, float))
    before = None
    if a.init:
        ck = torch.load(checkpoint_path(a.cache, a.init))
        m.load_state_dict(ck["state"])
        before = {k: ck["meta"][k] for k in ("steps", "seconds")} | {"options": ck["meta"]["options"]}
    opt = torch.optim.AdamW(m.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=a.wd)
    t0, log, step, scratchpad, biases = time.time(), [], 0, not a.direct, {}
    probe_lengths = sorted({a.max_length, a.max_length + a.max_length // 2, 2 * a.max_length})
    probe = {n: D.eval_problems(a.task, n, a.probe_samples, 99) for n in probe_lengths}
    while step < a.steps and time.time() - t0 < a.budget:
        done = min(1.0, max(step / a.steps, (time.time() - t0) / a.budget))
        for g in opt.param_groups:
            g["lr"] = warmup_cosine(a.lr, step, a.warmup, done)
        n = length_for(a, rng)
        problems = [D.random_problem(rng, a.task, n) for _ in range(a.batch)]
        ids, mask = (torch.from_numpy(x) for x in D.batch(problems, a.task, scratchpad))
        logits = fast_logits(m, ids[:, :-1], biases)
        loss = masked_step(m, opt, logits, ids, mask)
        step += 1
        if step % a.log_every == 0 or step == a.steps:
            m.eval()
            acc = {n: round(exact_match(m, p, a.task, scratchpad), 3) for n, p in probe.items()}
            m.train()
            log.append([step, round(time.time() - t0, 1), round(loss.item(), 5), *acc.values()])
            print(f"step {step} {time.time() - t0:.0f}s loss {loss.item():.4f} exact {acc}", flush=True)
            if a.save_every_log:
                save(a, m, {"steps": step, "seconds": round(time.time() - t0, 1), "log": log})
    meta = {"steps": step, "seconds": round(time.time() - t0, 1), "log": log, "probeLengths": probe_lengths}
    if before is not None:
        meta["continued"] = before
    return m.eval(), meta


def save(a, m, meta):
    os.makedirs(a.cache, exist_ok=True)
    meta = {**meta, "parameters": parameters(m), "config": m.c.to_dict()}
    meta["options"] = {k: v for k, v in vars(a).items() if k != "cache"}
    torch.save({"state": m.state_dict(), "meta": meta}, checkpoint_path(a.cache, a.name))
    return meta


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--task", choices=list(D.OPERATOR), default="addition")
    p.add_argument("--direct", action="store_true", help="the baseline: no scratchpad, the answer line only")
    p.add_argument("--d", type=int, default=64)
    p.add_argument("--windows", default="1,2,3,4,5,6,0,0;1,2,3,4,5,6,0,0", help="per layer, per head; 0 = global")
    p.add_argument("--slopes", default="", help="ALiBi slope per layer, per head (0 = none), like --windows")
    p.add_argument("--max-length", type=int, default=10)
    p.add_argument("--steps", type=int, default=12000)
    p.add_argument("--budget", type=float, default=1800, help="seconds; training stops at whichever comes first")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-3)
    p.add_argument("--wd", type=float, default=0.1)
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--log-every", type=int, default=250)
    p.add_argument("--probe-samples", type=int, default=64)
    p.add_argument("--save-every-log", action="store_true", help="refresh the checkpoint at every log line")
    p.add_argument("--init", default="", help="start from this checkpoint's weights (same architecture)")
    p.add_argument("--name", required=True, help="checkpoint name (the zoo name, or a trial's)")
    add_run_options(p, cache=CACHE)
    a = parse_run_options(p)
    m, meta = train(a)
    meta = save(a, m, meta)
    print(json.dumps({k: v for k, v in meta.items() if k != "log"}), flush=True)


if __name__ == "__main__":
    main()
