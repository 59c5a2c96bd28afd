"""Writes media/serving/zoo-trace.jsonl: remaining-lm's own prompts chosen so that their greedy output lengths follow
the Alpaca shape (media/serving/alpaca-lengths.csv, rescaled so 512 tokens → SCALE_TO), with Poisson arrivals, each
row carrying the model's own prompt-only prediction and refined predictions (the zoo's probes, as the engine runs
them). Needs export.py's outputs (tools/zoo/.work/remaining-probes.pt).

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.remaining.trace      (from the repository root)
"""
import argparse
import bisect
import csv
import json
import os
import random

import numpy as np
import torch

from ..cli import add_run_options, parse_run_options
from . import build as B
from . import data as D
from . import probes as PR

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CSV = os.path.join(ROOT, "media", "serving", "alpaca-lengths.csv")
OUT = os.path.join(ROOT, "media", "serving", "zoo-trace.jsonl")
SCALE_TO = 200  # Alpaca's 512-token cap maps to this many bytes
LOAD, SERVER_TOKENS_PER_S = 0.9, 1000.0


def pool_prompts(seed, n_random, n_long):
    """Random prompts of every task, plus long ones (the Alpaca shape has a heavy tail at its cap)."""
    rng = random.Random(seed)
    out = [D.example(rng) for _ in range(n_random)]
    while len(out) < n_random + n_long:
        t, p, a = D.example(rng, rng.choice(["countdown", "countup", "loop", "multiples"]))
        if len(a) >= 120:
            out.append((t, p, a))
    return out


def predictions(model, o, prompts, answers):
    """Per prompt: the prompt-only total estimate and the refined estimates after each generated token."""
    out = []
    layer, pl = o["layer"], o["promptLayer"]
    for s in range(0, len(prompts), 256):
        hs = B.features(model, prompts[s : s + 256], answers[s : s + 256])
        for h in hs:
            prior = PR.apply_mlp(o["prompt"][pl], h[pl, :1])[0]
            ps = PR.apply_mlp(o["steps"][layer], h[layer, 1:])
            out.append((float(PR.expected(prior[None])[0]), PR.expected(PR.refine(prior, ps)) if len(ps) else []))
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_options(p, seed=104)
    p.add_argument("--pool", type=int, default=2500)
    p.add_argument("--long", type=int, default=1000)
    p.add_argument("--answers-only", action="store_true", help="only cache the pool's greedy answers")
    a = parse_run_options(p)
    model, _ = B.load_model()
    ex = pool_prompts(a.seed, a.pool, a.long)
    prompts = [q for _, q, _ in ex]
    cache = os.path.join(B.WORK, f"remaining-trace-pool-{a.seed}-{a.pool}-{a.long}.pt")
    if os.path.exists(cache):
        answers, fin = torch.load(cache)
    else:
        answers, fin = B.G.greedy(model, prompts, 260, hints=[len(x) for _, _, x in ex])
        torch.save((answers, fin), cache)
    if a.answers_only:
        return
    o = torch.load(os.path.join(B.WORK, "remaining-probes.pt"))
    keep = [i for i in range(len(ex)) if fin[i] and len(answers[i]) > 0]
    preds = predictions(model, o, [prompts[i] for i in keep], [answers[i] for i in keep])
    by_len = sorted((len(answers[i]), k) for k, i in enumerate(keep))
    lengths = [x for x, _ in by_len]
    with open(CSV, encoding="utf-8") as f:
        targets = [int(r["output_tokens"]) for r in csv.DictReader(f)]
    rng = random.Random(a.seed)
    used = set()
    rows = []
    for t in targets:
        want = max(1, round(t * SCALE_TO / 512))
        j = min(bisect.bisect_left(lengths, want), len(lengths) - 1)
        cands = sorted(range(max(0, j - 40), min(len(lengths), j + 40)), key=lambda c: (abs(lengths[c] - want), c))
        pick = next((c for c in cands if c not in used), cands[0])
        used.add(pick)
        k = by_len[pick][1]
        i = keep[k]
        total, refined = preds[k]
        n = len(answers[i])
        rows.append((prompts[i], n, total, [round(total)] + [round(float(x)) for x in refined[: n - 1]]))
    mean_n = float(np.mean([r[1] for r in rows]))
    rate = LOAD * SERVER_TOKENS_PER_S / mean_n
    t = 0.0
    with open(OUT, "w", encoding="utf-8") as f:
        for prompt, n, total, refined in rows:
            t += rng.expovariate(rate)
            row = {
                "arrival": round(t, 4),
                "prompt_tokens": len(D.encode(prompt)),
                "output_tokens": n,
                "predicted": round(total, 1),
                "refined": refined,
                "prompt_text": prompt,
            }
            f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    lens = sorted(r[1] for r in rows)
    print(
        json.dumps(
            {
                "requests": len(rows),
                "meanOutput": round(mean_n, 2),
                "median": lens[len(lens) // 2],
                "p90": lens[int(0.9 * len(lens))],
                "max": lens[-1],
                "distinctPrompts": len(used),
                "ratePerS": round(rate, 4),
                "pool": len(ex),
                "poolFinished": len(keep),
            }
        )
    )


if __name__ == "__main__":
    main()
