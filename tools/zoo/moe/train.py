"""Trains one model of the mixture-of-experts zoo and keeps it as a checkpoint (export.py turns
checkpoints into zoo files; sweep.py trains the whole zoo).

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.moe.train --task phonebook --experts 8 --name e8
(from the repository root). Loss: cross-entropy on the answer bytes + aux * E * sum_e f_e * P_e per MoE layer.
"""
import argparse
import os
import random
import sys
import time

import torch
import torch.nn.functional as F

from ..cli import add_run_options, parse_run_options
from ..schedule import warmup_cosine
from . import data as D
from .model import Config, MoELM, aux_loss

CACHE = "/tmp/moe-zoo"


def task_data(a):
    """(sampler(rng, n) -> items, description of the training data)."""
    if a.task == "phonebook":
        book = D.phonebook(a.book, a.book_seed)
        return (lambda rng, n: rng.sample(book, n)), {"entries": a.book, "bookSeed": a.book_seed}
    return (lambda rng, n: [D.path_training_row(rng, a.vertices, a.edges, a.queries) for _ in range(n)]), {
        "vertices": a.vertices,
        "edges": a.edges,
        "queriesPerGraph": a.queries,
        "graphs": "fresh random graphs every step",
    }


def train(a):
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    c = Config(a.task, d=a.d, ffn=a.ffn, experts=a.experts, top_k=a.top_k, layers=a.layers, heads=a.heads)
    m = MoELM(c)
    sample, data = task_data(a)
    opt = torch.optim.AdamW(m.parameters(), lr=a.lr, betas=(0.9, 0.98), weight_decay=a.weight_decay)
    t0, log = time.time(), []
    for step in range(a.steps):
        for g in opt.param_groups:
            g["lr"] = warmup_cosine(a.lr, step, a.warmup, step, a.steps, floor=0.05)
        x, y, valid = D.batch(sample(rng, a.batch))
        logits, routers = m(x, sparse=True)
        ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)
        aux = sum((aux_loss(z, c.top_k, valid) for z in routers), torch.zeros(()))
        loss = ce + a.aux * aux
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        if (step + 1) % a.log_every == 0 or step + 1 == a.steps:
            log.append([step + 1, round(time.time() - t0, 1), round(ce.item(), 4), round(float(aux), 4)])
            print(a.name, log[-1], flush=True)
    m.eval()
    if a.task == "phonebook":
        held = sample(random.Random(a.seed + 99), min(a.book, 1000))
    else:
        held = D.paths(400, a.vertices, a.edges, 7)
    acc = sum(D.greedy_correct(m, held)) / len(held)
    print(a.name, "accuracy", round(acc, 4), "on", len(held), flush=True)
    meta = {
        "trainAccuracySample": round(acc, 4),
        "config": c.to_dict(),
        "data": data,
        "steps": a.steps,
        "batch": a.batch,
        "lr": a.lr,
        "warmup": a.warmup,
        "weightDecay": a.weight_decay,
        "auxCoefficient": a.aux,
        "seed": a.seed,
        "threads": a.threads,
        "seconds": round(time.time() - t0, 1),
        "log": log,
        "logColumns": ["step", "seconds", "answerCrossEntropy", "auxLoss (sum over layers)"],
        "recipe": "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.moe.train " + " ".join(sys.argv[1:]),
    }
    return m, meta


def options(p):
    """The training options (sweep.py passes them through)."""
    p.add_argument("--task", choices=("phonebook", "paths"), required=True)
    p.add_argument("--name", required=True, help="checkpoint name in the cache")
    p.add_argument("--experts", type=int, default=8, help="0 = dense")
    p.add_argument("--top-k", type=int, default=2)
    p.add_argument("--d", type=int, default=64)
    p.add_argument("--ffn", type=int, default=64, help="width of one expert (or of the dense FFN)")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--book", type=int, default=8000, help="phone-book entries")
    p.add_argument("--book-seed", type=int, default=0)
    p.add_argument("--vertices", type=int, default=16)
    p.add_argument("--edges", type=int, default=24)
    p.add_argument("--queries", type=int, default=8, help="path queries per training graph (half y, half n)")
    p.add_argument("--steps", type=int, default=2000)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--aux", type=float, default=0.01, help="load-balancing loss coefficient")
    p.add_argument("--log-every", type=int, default=250)
    add_run_options(p, cache=CACHE)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    options(p)
    a = parse_run_options(p)
    m, meta = train(a)
    os.makedirs(a.cache, exist_ok=True)
    path = os.path.join(a.cache, a.name + ".pt")
    torch.save({"state": m.state_dict(), "meta": meta}, path)
    print("saved", path, meta["seconds"], "s", flush=True)


if __name__ == "__main__":
    main()
