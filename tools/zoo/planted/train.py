"""Trains one planted-k model (ground truth for the dependency analyses) and exports it.

Recipe (one model, about 2-5 minutes on one or two cores; the exact command of each is in its model card):
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.planted.train --name planted-k2 --offsets 3,7 --layers 1
(from the repository root).
See tools/zoo/planted/README.md for the task, the architecture choices and what gets written.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
import torch

from ..cli import add_run_options, parse_run_options
from ..lens_lm.model import AnalysisGraph, Config, LensLM
from ..schedule import warmup_cosine
from ..zoo_files import export_onnx, sha256, update_manifest, write_json
from .planted import planted_batch, planted_sequences_ts

HERE = os.path.dirname(os.path.abspath(__file__))

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
AUX_NOTE = (
    "weight {w}: training-only linear probe on the final hidden state (not exported) predicting each source token "
    "x[t-o_i] separately at every t >= max(offsets), so each read-offset head gets a direct gradient; the exported "
    "graph is the model alone, and its logits were trained on the planted rule"
)
HELD_OUT_SEED = 4242  # the TS generator's seed for the held-out set (the unit test uses another)


class PlantedLM(LensLM):
    """lens-lm's blocks (rotary attention written out, positions cumsum(mask)-1 inside the graph)
    without the previous-token smear: the only way a token reaches another position is attention,
    so an attention row names the positions a prediction reads, not their right-hand neighbours."""

    def __init__(self, c, smear=False):
        super().__init__(c)
        self.smear = smear
        if not smear:
            self.smear_down = None
            self.smear_up = None

    def embed(self, ids, prev_smear=None):
        if self.smear:
            return super().embed(ids, prev_smear)
        return self.wte(ids), None


def with_bos(tokens, bos):
    return np.concatenate((np.full((tokens.shape[0], 1), bos, dtype=np.int64), tokens), axis=1)


def rollout(atts):
    """Attention rollout as in attentionRollout.ts: A' = rownorm(0.5 mean_h(A) + 0.5 I), R = A'_L..A'_1."""
    r = None
    for a in atts:
        m = a.mean(dim=1)
        T = m.shape[-1]
        mixed = 0.5 * m + 0.5 * torch.eye(T)
        mixed = mixed / mixed.sum(-1, keepdim=True)
        r = mixed if r is None else mixed @ r
    return r


def dependency_scores(atts, targets, offsets, exclude_self=False):
    """Precision (= recall: k predicted, k true) of the top-k attention positions of each target's
    query row, per layer (mean over heads), for the mean over layers, and for rollout.
    Query of target t (token index t) is fed position t (BOS at 0); its sources sit at t - o + 1."""
    k = len(offsets)
    maps = {f"layer{l}": a.mean(dim=1) for l, a in enumerate(atts)}
    maps["layerMean"] = torch.stack([a.mean(dim=1) for a in atts]).mean(0)
    maps["rollout"] = rollout(atts)
    out = {}
    for name, m in maps.items():
        hit = total = 0
        for t in targets:
            row = m[:, t, : t + 1].clone()
            if exclude_self:
                row[:, t] = -1
            top = torch.topk(row, k, dim=-1).indices
            true = torch.tensor([t - o + 1 for o in offsets])
            hit += (top[:, :, None] == true[None, None, :]).any(-1).sum().item()
            total += top.numel()
        out[name] = round(hit / total, 4)
    return out


def evaluate(m, a, n=500):
    tokens, targets = planted_sequences_ts(n, a.vocab, a.length, a.offsets, a.rule, a.every, HELD_OUT_SEED)
    ids = torch.from_numpy(with_bos(tokens, a.vocab))
    with torch.no_grad():
        logits, atts, _ = m(ids)
    pred = logits[:, targets].argmax(-1)
    acc = (pred == torch.from_numpy(tokens[:, targets])).float().mean().item()
    return {
        "sequences": n,
        "targets": int(n * len(targets)),
        "seed": HELD_OUT_SEED,
        "accuracy": round(acc, 6),
        "topKPrecision": dependency_scores(atts, targets, a.offsets),
        "topKPrecisionExcludingQuery": dependency_scores(atts, targets, a.offsets, exclude_self=True),
    }


def rule_labels(tokens, offsets, rule, vocab):
    """f(x[t - o_1], ..., x[t - o_k]) at every t >= max(offsets), from the tokens as fed."""
    first = max(offsets)
    src = np.stack([tokens[:, first - o : tokens.shape[1] - o] for o in offsets])
    if rule == "sum":
        return src.sum(0) % vocab
    acc = np.zeros_like(src[0])
    for s in src:
        acc ^= s
    return acc


def loss_positions(tokens, targets, a, prefix):
    """Positions (token index t; logits at fed position t predict x_t) and labels of the loss.
    'targets': the planted targets only (labels = their tokens). 'rule': every t >= max(offsets),
    labelled f(sources) from the sequence as fed; at targets that is the next token itself, elsewhere
    it is the value a target there would take, which supervises the same read-k-offsets circuit.
    `prefix`: the offsets the label uses (all of them once the task curriculum is done)."""
    if a.loss == "targets" and len(prefix) == len(a.offsets):
        return targets, tokens[:, targets]
    first = max(a.offsets)
    pos = np.arange(first, tokens.shape[1])
    labels = rule_labels(tokens, prefix, a.rule, a.vocab)
    labels = labels[:, labels.shape[1] - len(pos) :]
    if a.loss == "targets":
        return targets, labels[:, targets - first]
    return pos, labels


def train(a):
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    c = Config(d=a.d, layers=a.layers, heads=a.heads, ctx=a.length + 1, vocab=a.vocab + 1)
    m = PlantedLM(c, smear=a.smear)
    params = sum(p.numel() for p in m.parameters())
    # Auxiliary source-reading loss (--aux-sources, training only, not exported): a linear probe on
    # the final hidden state predicts each source token x[t - o_i] separately. Each probe's label is
    # one token, so it gives every read-offset-o_i head a direct gradient (as for k = 1), which the
    # k-way sum alone does not (no subset of the sources carries signal about it).
    aux = torch.nn.Linear(a.d, len(a.offsets) * a.vocab) if a.aux_sources > 0 else None
    trained = list(m.parameters()) + (list(aux.parameters()) if aux is not None else [])
    opt = torch.optim.AdamW(trained, lr=a.lr, betas=(0.9, 0.98), weight_decay=a.wd)
    t0 = time.time()
    step = 0
    log = []
    # Length curriculum: sum mod V of k >= 2 tokens gives no signal from any one source (each is
    # independent of the label), so on long sequences the loss sits at ln V for a long time. On short
    # ones the circuit appears within a few hundred steps; then the length grows by 1.5x whenever
    # accuracy at the current length passes 0.98, up to --length (rotary positions are relative,
    # so the learnt read-offset-o heads carry over).
    L = min(a.length, a.start_length or max(a.offsets) + 5)
    # Task curriculum (k >= 3): sum mod V of three tokens stays at ln V even at short lengths (no
    # pair of sources carries signal either). So the label first uses offsets[:1], then offsets[:2],
    # ..., each stage moving on when accuracy passes 0.98; the input is always the full planted
    # sequence, and the final model is trained and judged on the full rule only.
    stage = max(1, min(a.first_stage, len(a.offsets))) if a.task_curriculum else len(a.offsets)
    while True:
        el = time.time() - t0
        if el >= a.budget:
            break
        lr = warmup_cosine(a.lr, step, a.warmup, min(1.0, el / a.budget))
        for g in opt.param_groups:
            g["lr"] = lr
        batch = min(256, a.batch * a.length // L)
        tokens, targets = planted_batch(rng, batch, a.vocab, L, a.offsets, a.rule, a.every)
        ids = torch.from_numpy(with_bos(tokens, a.vocab))
        logits, _, hidden = m(ids)
        pos, labels = loss_positions(tokens, targets, a, a.offsets[:stage])
        loss = torch.nn.functional.cross_entropy(
            logits[:, pos].reshape(-1, c.vocab), torch.from_numpy(labels).reshape(-1)
        )
        total, aux_loss = loss, None
        if aux is not None:
            first = max(a.offsets)
            h = hidden[-1][:, first : tokens.shape[1]]  # logits at fed position t predict x_t
            src = np.stack([tokens[:, first - o : tokens.shape[1] - o] for o in a.offsets], axis=-1)  # [B, P, k]
            pred = aux(h).view(h.shape[0], h.shape[1], len(a.offsets), a.vocab)
            aux_loss = torch.nn.functional.cross_entropy(pred.reshape(-1, a.vocab), torch.from_numpy(src).reshape(-1))
            total = loss + a.aux_sources * aux_loss
        opt.zero_grad(set_to_none=True)
        total.backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        opt.step()
        step += 1
        if step % 250 == 0:
            m.eval()
            with torch.no_grad():
                tk, tg = planted_batch(np.random.default_rng(999), 256, a.vocab, L, a.offsets, a.rule, a.every)
                lg, _, _ = m(torch.from_numpy(with_bos(tk, a.vocab)))
                _, want = loss_positions(
                    tk, tg, argparse.Namespace(**{**vars(a), "loss": "targets"}), a.offsets[:stage]
                )
                acc = (lg[:, tg].argmax(-1) == torch.from_numpy(want)).float().mean().item()
            m.train()
            log.append((step, round(time.time() - t0, 1), stage, L, round(loss.item(), 5), round(acc, 4)))
            print(
                f"step {step} {time.time() - t0:.0f}s stage {stage} L {L} lr {lr:.2e} loss {loss.item():.4f}"
                + (f" aux {aux_loss.item():.4f}" if aux_loss is not None else "")
                + f" acc {acc:.4f}",
                flush=True,
            )
            if acc > 0.98 and stage < len(a.offsets):
                stage += 1
            elif acc > 0.98 and L < a.length:
                L = min(a.length, int(L * 1.5))
    seconds = time.time() - t0
    m.eval()
    return m, c, {"steps": step, "seconds": round(seconds, 1), "params": params, "log": log}


def export(m, c, a, out_dir):
    path = os.path.join(out_dir, "model.onnx")
    os.makedirs(out_dir, exist_ok=True)
    ids = torch.randint(0, a.vocab, (1, 12))
    names = ["logits"] + [f"attentions.{i}" for i in range(c.layers)]
    export_onnx(
        AnalysisGraph(m, hidden=False), (ids, torch.ones_like(ids)), path, ["input_ids", "attention_mask"], names
    )
    onnx.checker.check_model(onnx.load(path), full_check=True)
    return path


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", required=True)
    p.add_argument("--offsets", required=True, help="comma-separated, e.g. 3,7")
    p.add_argument("--vocab", type=int, default=16)
    p.add_argument("--rule", default="sum", choices=["sum", "xor"])
    p.add_argument("--length", type=int, default=64)
    p.add_argument("--start-length", type=int, default=0, help="first length of the curriculum; 0 = max(offsets)+5")
    p.add_argument(
        "--task-curriculum",
        action="store_true",
        help="label with offsets[:1], offsets[:2], ... first (needed for k >= 3)",
    )
    p.add_argument(
        "--first-stage", type=int, default=1, help="task curriculum: offsets used by the first stage's label"
    )
    p.add_argument(
        "--every",
        type=int,
        default=0,
        help="distance between targets; 0 = max(offsets)+1, so every source is a background token",
    )
    p.add_argument("--d", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--smear", action="store_true")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--wd", type=float, default=0.01)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--loss", default="rule", choices=["rule", "targets"], help="see loss_positions")
    p.add_argument(
        "--aux-sources", type=float, default=0.0, help="weight of the auxiliary per-source loss (see train); 0 = off"
    )
    p.add_argument("--budget", type=float, default=150)
    add_run_options(p)
    p.add_argument("--no-export", action="store_true")
    a = parse_run_options(p)
    a.offsets = [int(x) for x in a.offsets.split(",")]
    if a.every == 0:
        a.every = max(a.offsets) + 1
    m, c, meta = train(a)
    metrics = evaluate(m, a)
    print(json.dumps(metrics), flush=True)
    if a.no_export:
        return
    out_dir = os.path.join(MODELS, a.name)
    path = export(m, c, a, out_dir)
    size, digest = os.path.getsize(path), sha256(path)
    planted = {"vocab": a.vocab, "offsets": a.offsets, "rule": a.rule, "every": a.every, "length": a.length}
    argv = " ".join(sys.argv[1:])
    card = {
        "name": a.name,
        "k": len(a.offsets),
        "planted": planted,
        "bosTokenId": a.vocab,
        "description": (
            f"Causal transformer trained on k-sparse planted sequences (k={len(a.offsets)}, offsets "
            f"{a.offsets}, {a.rule} mod {a.vocab}): the prediction of each target x[t] depends on exactly "
            f"x[t-o] for o in the offsets."
        ),
        "input": (
            "ids = [BOS=vocab, x_0, ..., x_{L-1}]; the logits at fed position t (token x_{t-1}) predict x_t; "
            "the planted sources of target x_t sit at fed positions t-o+1"
        ),
        "architecture": {
            **c.to_dict(),
            "headDim": c.hd,
            "positions": "rotary (positions = cumsum(attention_mask)-1, inside the graph)",
            "smear": a.smear,
            "mlp": "4d, GELU-tanh",
            "tiedEmbeddings": True,
        },
        "training": {
            "loss": {
                "rule": (
                    "cross-entropy at every position t >= max(offsets), label f(x[t-o]) of the sequence as fed "
                    "(= the next token at targets)"
                ),
                "targets": "cross-entropy on the planted targets only",
            }[a.loss],
            "batch": a.batch,
            "lr": a.lr,
            "weightDecay": a.wd,
            "warmup": a.warmup,
            "schedule": "cosine over the wall-clock budget",
            "seed": a.seed,
            "steps": meta["steps"],
            "seconds": meta["seconds"],
            "threads": a.threads,
            "data": "fresh numpy-drawn planted sequences every step",
            "taskCurriculum": (
                f"label f(x[t-o]) over offsets[:{a.first_stage}], then one more offset per stage, each stage "
                f"until accuracy passes 0.98, then the full rule"
            )
            if a.task_curriculum
            else None,
            "auxiliarySourceLoss": AUX_NOTE.format(w=a.aux_sources) if a.aux_sources > 0 else None,
            "curriculum": (
                "length starts at max(offsets)+5 (or --start-length) and grows 1.5x whenever accuracy at the "
                "current length passes 0.98 (checked every 250 steps), up to the final length; batch = "
                "min(256, batch*length/L)"
            ),
        },
        "parameters": meta["params"],
        "heldOut": metrics,
        "recipe": f"OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.planted.train {argv}",
        "files": {"model.onnx": {"bytes": size, "sha256": digest}},
        "outputs": {"model.onnx": "logits [B,T,vocab+1], attentions.{layer} [B,H,T,T]"},
        "trainingLog": {
            "columns": [
                "step",
                "seconds",
                "stage (offsets used by the label)",
                "length",
                "loss",
                "accuracy at that length",
            ],
            "rows": meta["log"],
        },
    }
    write_json(os.path.join(out_dir, "model-card.json"), card)
    update_manifest(
        MODELS,
        {
            "name": a.name,
            "task": "planted-dependencies",
            "description": (
                f"Ground-truth model for the dependency analyses: trained on planted sequences where each "
                f"target depends on exactly {len(a.offsets)} earlier position(s) (offsets {a.offsets}, {a.rule} "
                f"mod {a.vocab}). Not a language model."
            ),
            "dir": a.name,
            "graphs": {"lm": "model.onnx", "analysis": "model.onnx"},
            "context": a.length + 1,
            "bosTokenId": a.vocab,
            "card": "model-card.json",
            "planted": planted,
            "metrics": {"heldOutTargetAccuracy": metrics["accuracy"]},
            "bytes": {"model.onnx": size},
            "sha256": {"model.onnx": digest},
        },
    )
    print(f"wrote {path} ({size} bytes)")


if __name__ == "__main__":
    main()
