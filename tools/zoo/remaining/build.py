"""Answers, hidden states and probes of remaining-lm: greedy answers of seeded prompt sets, the probes trained on
the training set, the layers chosen on the validation set, the errors measured on the held-out set.
Cached in tools/zoo/.work/remaining-*.pt so export.py and trace.py can be re-run alone.
"""
import os
import random
import time

import numpy as np
import torch

from ..lens_lm.model import Config, LensLM
from . import data as D
from . import generate as G
from . import probes as PR
from .train import CHECKPOINT, WORK

PROMPT_EPOCHS = (5, 15, 40)
HALF_MIN = 64  # parameters this large are stored as float16 in the ONNX graph (see positions/export.halve_weights)
SETS = {"train": (101, 1500), "validation": (102, 250), "heldOut": (103, 400)}


def load_model():
    """The trained model with its large weights rounded to float16, as the ONNX graph stores them."""
    ck = torch.load(CHECKPOINT)
    m = LensLM(Config(**ck["meta"]["config"]))
    m.load_state_dict(ck["state"])
    m.eval()
    with torch.no_grad():
        for q in m.parameters():
            if q.numel() >= HALF_MIN:
                q.copy_(q.half().float())
    return m, ck["meta"]


def prompt_set(seed, n):
    rng = random.Random(seed)
    return [D.example(rng) for _ in range(n)]


def answered(model, seed, n, max_new=260):
    """(examples, answers, finished) of a seeded set, greedy in PyTorch."""
    ex = prompt_set(seed, n)
    answers, fin = G.greedy(model, [p for _, p, _ in ex], max_new, hints=[len(a) for _, _, a in ex])
    return ex, answers, fin


def features(model, prompts, answers, chunk=256):
    """Per prompt: hidden states [layers + 1, 1 + N, d] (float32), computed chunk by chunk."""
    out = []
    for s in range(0, len(prompts), chunk):
        out += G.hidden_rows(model, prompts[s : s + chunk], answers[s : s + chunk])
    return out


def step_data(hs, answers, keep):
    """Stacked per-layer step features [layers + 1, n, d] and remaining-length labels for the kept prompts."""
    xs, ys = [], []
    for h, a, k in zip(hs, answers, keep):
        if not k or len(a) == 0:
            continue
        n = len(a)
        xs.append(h[:, 1:])
        ys += [n - j for j in range(1, n + 1)]
    return torch.cat(xs, dim=1), torch.tensor(ys)


def prompt_data(hs, answers, keep):
    x = torch.stack([h[:, 0] for h, k in zip(hs, keep) if k], dim=1)
    y = torch.tensor([len(a) for a, k in zip(answers, keep) if k])
    return x, y


def train_probes(hs, answers, keep, layers):
    x, y = step_data(hs, answers, keep)
    labels = torch.tensor([PR.bin_of(int(r)) for r in y])
    steps = [PR.train_mlp(x[l], labels, seed=l, epochs=30) for l in range(layers + 1)]
    return steps


def train_prompt_probes(train, validation, layers):
    """The prompt-only baseline per layer, its training length (epochs) chosen on the validation prompts' error on
    the whole length, so the baseline is as good as this probe family gets."""
    px, py = prompt_data(train[3], train[1], train[2])
    vx, vy = prompt_data(validation[3], validation[1], validation[2])
    plabels = torch.tensor([PR.bin_of(int(r)) for r in py])
    best = []
    for l in range(layers + 1):
        fits = [PR.train_mlp(px[l], plabels, seed=100 + l, epochs=e, batch=256) for e in PROMPT_EPOCHS]
        errs = [float(np.mean(np.abs(PR.expected(PR.apply_mlp(f, vx[l])) - vy.numpy()))) for f in fits]
        best.append(fits[int(np.argmin(errs))])
    return best


def evaluate(hs, answers, keep, steps, prompt, layer, prompt_layer):
    """Errors (tokens) over every (prompt, generated token) pair of the finished answers."""
    err = {"refined": [], "probeOnly": [], "promptOnly": [], "promptOnlyTotal": []}
    per_layer = {l: {"probe": [], "refined": []} for l in range(len(steps))}
    for h, a, k in zip(hs, answers, keep):
        if not k or len(a) == 0:
            continue
        n = len(a)
        truth = np.array([n - j for j in range(1, n + 1)], dtype=np.float64)
        prior = PR.apply_mlp(prompt[prompt_layer], h[prompt_layer, :1])[0]
        total = float(PR.expected(prior[None])[0])
        err["promptOnlyTotal"].append(abs(total - n))
        err["promptOnly"] += list(np.abs(np.maximum(0.0, total - np.arange(1, n + 1)) - truth))
        for l in range(len(steps)):
            ps = PR.apply_mlp(steps[l], h[l, 1:])
            ref = PR.expected(PR.refine(prior, ps))
            per_layer[l]["probe"] += list(np.abs(PR.expected(ps) - truth))
            per_layer[l]["refined"] += list(np.abs(ref - truth))
        err["refined"] += per_layer[layer]["refined"][-n:]
        err["probeOnly"] += per_layer[layer]["probe"][-n:]
    mae = {k: float(np.mean(v)) for k, v in err.items()}
    scan = [
        {"layer": l, "probeMae": float(np.mean(v["probe"])), "refinedMae": float(np.mean(v["refined"]))}
        for l, v in per_layer.items()
    ]
    return mae, scan, len(err["promptOnlyTotal"]), len(err["refined"])


def build():
    t0 = time.time()
    model, meta = load_model()
    L = model.c.layers
    sets = {}
    for name, (seed, n) in SETS.items():
        cache = os.path.join(WORK, f"remaining-answers-{seed}-{n}.pt")
        if os.path.exists(cache):
            ex, answers, fin = torch.load(cache)
        else:
            ex, answers, fin = answered(model, seed, n)
            torch.save((ex, answers, fin), cache)
        hs = features(model, [p for _, p, _ in ex], answers)
        sets[name] = (ex, answers, fin, hs)
        print(f"{name}: {n} prompts answered, {sum(fin)} finished ({time.time() - t0:.0f}s)", flush=True)
    ex, answers, fin, hs = sets["train"]
    steps = train_probes(hs, answers, fin, L)
    prompt = train_prompt_probes(sets["train"], sets["validation"], L)
    print(f"probes trained ({time.time() - t0:.0f}s)", flush=True)
    ex, answers, fin, hs = sets["validation"]
    best_prompt = min(range(L + 1), key=lambda pl: evaluate(hs, answers, fin, steps, prompt, 0, pl)[0]["promptOnly"])
    _, vscan, _, _ = evaluate(hs, answers, fin, steps, prompt, 0, best_prompt)
    layer = min(vscan, key=lambda e: e["refinedMae"])["layer"]
    ex, answers, fin, hs = sets["heldOut"]
    mae, scan, prompts, pairs = evaluate(hs, answers, fin, steps, prompt, layer, best_prompt)
    out = {
        "steps": steps,
        "prompt": prompt,
        "layer": layer,
        "promptLayer": best_prompt,
        "heldOut": {"prompts": prompts, "pairs": pairs, "unfinished": len(fin) - sum(fin), "mae": mae, "scan": scan},
        "validationScan": vscan,
        "exactMatch": exact_match(sets["heldOut"]),
        "seconds": round(time.time() - t0),
    }
    torch.save(out, os.path.join(WORK, "remaining-probes.pt"))
    return model, meta, out


def exact_match(s):
    ex, answers, fin, _ = s
    by = {}
    for (task, _, ref), a in zip(ex, answers):
        ok = bytes(a) == ref.encode("utf-8")
        tot, good = by.get(task, (0, 0))
        by[task] = (tot + 1, good + ok)
    return {t: round(g / n, 3) for t, (n, g) in sorted(by.items())}


if __name__ == "__main__":
    _, _, o = build()
    print({k: o[k] for k in ("layer", "promptLayer", "heldOut", "validationScan", "exactMatch", "seconds")})
