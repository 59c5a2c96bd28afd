"""Trains the positions models (one per task and method, same data, steps and seed per task) and
keeps each as a checkpoint; export.py turns the checkpoints into the zoo files.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.positions.train      (from the repository root)
See tools/zoo/positions/README.md.
"""
import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F

from ..cli import add_run_options, parse_run_options
from ..schedule import warmup_cosine
from . import data as D
from .model import Config, PositionsLM
from .onnx_weights import state_from_onnx

TASKS = ("addition", "multiplication", "copy")
METHODS = ("ppc", "coupled", "absolute")
MAX_POSITION = {"ppc": 64, "coupled": 64, "absolute": 128}
# One layer (with zero-padded operands, one layer generalizes further than two), except the absolute
# baselines: with one layer they do not fit even the training lengths (see README.md).
TASK_DEFAULTS = {
    "addition": {"layers": 1, "steps": 6000},
    "multiplication": {"layers": 2, "steps": 6000},
    "copy": {"layers": 1, "steps": 3000},
}
METHOD_DEFAULTS = {"absolute": {"layers": 2}}


def batch(task, method, rng, size, max_position, max_length=D.TRAIN_MAX_LENGTH, carry_heavy=0.0):
    """Inputs, fed IDs, next-token and next-ID targets (-100 outside the answer) for one batch."""
    exs = [D.train_example(task, rng, max_position, max_length, carry_heavy) for _ in range(size)]
    tok = D.tok(task)
    T = max(len(t) for t, _, _ in exs)
    x = torch.zeros(size, T, dtype=torch.long)
    pos = torch.zeros(size, T, dtype=torch.long)
    y = torch.full((size, T), -100, dtype=torch.long)
    yp = torch.full((size, T), -100, dtype=torch.long)
    for i, (toks, ids, start) in enumerate(exs):
        n = len(toks)
        x[i, :n] = torch.tensor([tok[c] for c in toks])
        pos[i, :n] = torch.tensor(ids if method != "absolute" else list(range(n)))
        y[i, start - 1 : n - 1] = x[i, start:n]
        yp[i, start - 1 : n - 1] = pos[i, start:n]
    return x, pos, y, yp


def lr_at(base, step, steps, warmup):
    """Warm-up alone, then the cosine over the steps after it."""
    return warmup_cosine(base, step, warmup, step - warmup, max(1, steps - warmup), cosine_after_warmup=True)


def train_one(task, method, a):
    torch.manual_seed(a.seed)
    rng = D.make_rng(a.seed)  # same data stream for every method of a task
    c = Config(
        task,
        method,
        d=a.d,
        layers=a.layers,
        heads=a.heads,
        max_position=MAX_POSITION[method],
        pos_init=a.pos_init,
        attention_scale=a.attention_scale,
        train_max_length=a.train_max_length,
    )
    m = PositionsLM(c)
    if a.init_from:
        m.load_state_dict(
            state_from_onnx(a.init_from, m) if a.init_from.endswith(".onnx") else torch.load(a.init_from)["state"]
        )
    scales = [q for n, q in m.named_parameters() if n.endswith("log_scale")]
    rest = [q for n, q in m.named_parameters() if n != "wpe.weight" and not n.endswith("log_scale")]
    groups = [
        {"params": rest, "scale": 1.0},
        {"params": [m.wpe.weight], "scale": a.pos_lr_scale},
        {"params": scales, "scale": a.scale_lr_scale, "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups, lr=a.lr, betas=(0.9, 0.98), weight_decay=0.01)
    t0 = time.time()
    log = []
    for step in range(a.steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(a.lr, step, a.steps, a.warmup) * g["scale"]
        x, pos, y, yp = batch(task, method, rng, a.batch, c.max_position, a.train_max_length, a.carry_heavy)
        logits, plogits, _, _ = m(x, pos)
        tok_loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), ignore_index=-100)
        loss = tok_loss
        pos_loss = None
        if plogits is not None:
            pos_loss = F.cross_entropy(plogits.reshape(-1, plogits.shape[-1]), yp.reshape(-1), ignore_index=-100)
            loss = loss + pos_loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        if (step + 1) % a.log_every == 0 or step + 1 == a.steps:
            row = [step + 1, round(time.time() - t0, 1), round(tok_loss.item(), 5)] + (
                [round(pos_loss.item(), 5)] if pos_loss is not None else []
            )
            log.append(row)
            print(task, method, row, flush=True)
    meta = {
        "steps": a.steps,
        "seconds": round(time.time() - t0, 1),
        "log": log,
        "batch": a.batch,
        "lr": a.lr,
        "warmup": a.warmup,
        "posInit": a.pos_init,
        "attentionScale": a.attention_scale,
        "posLrScale": a.pos_lr_scale,
        "scaleLrScale": a.scale_lr_scale,
        "seed": a.seed,
        "threads": a.threads,
        "trainMaxLength": a.train_max_length,
        "carryHeavy": a.carry_heavy,
        "initFrom": a.init_from,
        "config": c.to_dict(),
        "logColumns": ["step", "seconds", "tokenLoss"] + (["positionLoss"] if method == "ppc" else []),
    }
    return m, meta


def checkpoint_path(cache, task, method):
    return os.path.join(cache, f"{task}-{method}.pt")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tasks", default=",".join(TASKS))
    p.add_argument("--methods", default=",".join(METHODS))
    p.add_argument("--d", type=int, default=128)
    p.add_argument("--layers", type=int, default=None, help="default: %s, then %s" % (TASK_DEFAULTS, METHOD_DEFAULTS))
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--pos-init", default="orthogonal", choices=("orthogonal", "sinusoidal", "normal"))
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=None, help="default: per task, as --layers")
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--pos-lr-scale", type=float, default=0.1, help="learning-rate factor of the position embeddings")
    p.add_argument("--attention-scale", type=float, default=1.0, help="initial logit scale of every head")
    p.add_argument("--scale-lr-scale", type=float, default=1.0, help="learning-rate factor of the heads' logit scales")
    p.add_argument("--log-every", type=int, default=250)
    p.add_argument("--train-max-length", type=int, default=D.TRAIN_MAX_LENGTH, help="training lengths 1..N")
    p.add_argument("--carry-heavy", type=float, default=0.0, help="share of carry-heavy additions (carry.py)")
    p.add_argument("--init-from", default=None, help="start from this checkpoint or zoo model.onnx (same architecture)")
    add_run_options(p, cache="/tmp/positions-zoo")
    p.add_argument("--force", action="store_true", help="retrain models that already have a checkpoint")
    a = parse_run_options(p)
    os.makedirs(a.cache, exist_ok=True)
    for task in a.tasks.split(","):
        for method in a.methods.split(","):
            path = checkpoint_path(a.cache, task, method)
            if os.path.exists(path) and not a.force:
                print("kept", path)
                continue
            t = argparse.Namespace(**vars(a))
            for k, v in {**TASK_DEFAULTS[task], **METHOD_DEFAULTS.get(method, {})}.items():
                if getattr(t, k) is None:
                    setattr(t, k, v)
            m, meta = train_one(task, method, t)
            meta["recipe"] = "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.positions.train " + " ".join(
                sys.argv[1:]
            )
            torch.save({"state": m.state_dict(), "meta": meta}, path)
            print("saved", path, meta["seconds"], "s", flush=True)


if __name__ == "__main__":
    main()
