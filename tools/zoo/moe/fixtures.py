"""Writes test/fixtures/moe-zoo.reference.json from the checkpoints (with the float16-rounded weights
the graphs store): for one MoE and one dense model a few rows with PyTorch's logits (last positions)
and router logits (every position); for every zoo model the greedy exact match of a fixed sample of
its eval set, item by item. test/unit/moe/zoo.test.ts checks onnxruntime and scoreAnswers against it.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.moe.fixtures      (from the repository root)
"""
import argparse
import os

import torch

from ..cli import add_run_options, parse_run_options
from ..positions.export import compact_json
from . import data as D
from .export import ROOT, eval_items, load
from .model import BOS
from .sweep import TASKS, variants
from .train import CACHE

OUT = os.path.join(ROOT, "test", "fixtures", "moe-zoo.reference.json")
FORWARD = ("moe-phonebook-e16", "moe-paths-dense1x")
SAMPLE = 40  # eval items per model: every (len / SAMPLE)-th
LAST = 3  # positions of each row whose full logits are kept


def rounded(t):
    return [round(float(v), 5) for v in t]


@torch.no_grad()
def forward_rows(m, items):
    rows = []
    for it in items:
        ids = [BOS] + D.encode(it["prompt"] + it["answer"])
        logits, routers = m(torch.tensor([ids]))
        T = len(ids)
        rows.append(
            {
                "ids": ids,
                "positions": list(range(T - LAST, T)),
                "logits": [rounded(logits[0, t]) for t in range(T - LAST, T)],
                "routerLogits": [[rounded(z[0, t]) for t in range(T)] for z in routers],
            }
        )
    return rows


def sample_of(items):
    step = max(1, len(items) // SAMPLE)
    return list(range(0, len(items), step))[:SAMPLE]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    add_run_options(p, cache=CACHE)
    a = parse_run_options(p)
    doc = {
        "note": "PyTorch outputs of the mixture-of-experts zoo (tools/zoo/moe/fixtures.py), float16-rounded "
        "weights as the graphs store them. forward: logits at `positions`, router logits at every position "
        "(one list per layer). accuracy: greedy teacher-forced exact match on the eval items at `indices`.",
        "forward": {},
        "accuracy": {},
    }
    for task in TASKS:
        for name, _ in variants(task):
            m, meta = load(a.cache, name)
            items = eval_items(meta)
            idx = sample_of(items)
            correct = D.greedy_correct(m, [items[i] for i in idx])
            doc["accuracy"][name] = {"indices": idx, "correct": [int(c) for c in correct]}
            if name in FORWARD:
                doc["forward"][name] = forward_rows(m, [items[i] for i in idx[:2]])
            print(name, sum(correct), "/", len(idx), flush=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(compact_json(doc) + "\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
