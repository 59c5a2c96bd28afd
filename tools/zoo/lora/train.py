"""Builds the LoRA-composition zoo: base model, skill LoRAs, data-mix LoRA, CAT weights, ONNX, PEFT folders, card.

  /usr/bin/python3 -m tools.zoo.lora.train      (from the repository root)
See tools/zoo/lora/README.md for the task, the training choices, the graph's LoRA inputs and what gets written.
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy and torch load BLAS

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from ..cli import add_run_options, parse_run_options
from ..schedule import warmup_cosine  # noqa: E402
from ..zoo_files import sha256, update_manifest, write_json, write_safetensors  # noqa: E402
from . import cat as C  # noqa: E402
from . import data as D  # noqa: E402
from .lora_model import BOS, KINDS, VOCAB, Config, Exported, LoraBase, module_names  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
NL = 10
MAX_NEW = 16  # scoreOnTask's default
PREDICTIONS_KEPT = 50
REF_PROMPT = "seven plus five>"


def card_fields(run):
    """What the card keeps of a CAT learning run."""
    return {k: run[k] for k in ("init", "weights", "devLoss", "bestStep", "log")}


def encode(ex):
    p = list(ex["prompt"].encode())
    a = list((ex["answer"] + "\n").encode())
    return [BOS] + p + a, len(p) + 1  # ids, index of the first answer token


def batch_tensors(exs):
    """Teacher forcing; the loss covers the answer and the newline, or only the answer for rows with stop: false."""
    enc = [encode(e) for e in exs]
    T = max(len(ids) for ids, _ in enc) - 1
    x = torch.full((len(exs), T), BOS, dtype=torch.long)
    y = torch.full((len(exs), T), -100, dtype=torch.long)
    for i, ((ids, start), e) in enumerate(zip(enc, exs)):
        x[i, : len(ids) - 1] = torch.tensor(ids[:-1])
        y[i, start - 1 : len(ids) - 1] = torch.tensor(ids[start:])
        if e.get("stop", True) is False:
            y[i, len(ids) - 2] = -100
    return x, y


def loss_of(m, exs, loras=None):
    x, y = batch_tensors(exs)
    return F.cross_entropy(m(x, loras).reshape(-1, VOCAB), y.reshape(-1), ignore_index=-100)


def skill_loss(m, skill, replay, loras, keep_weight):
    """A skill LoRA's loss: cross-entropy on the skill rows' answer bytes (and newline, unless stop: false), plus
    keep_weight x the mean KL(base || base+LoRA) of the next-byte distributions at every other position: the
    skill rows' prompt positions and every position of the replay rows (the base's own data). The adapter is
    asked to change the model where its skill answers and nowhere else."""
    exs = skill + replay
    x, y = batch_tensors(exs)
    keep = torch.zeros_like(y, dtype=torch.bool)
    for i, e in enumerate(exs):
        n = len(encode(e)[0]) - 1
        if i >= len(skill):
            keep[i, :n] = True
            y[i] = -100
        else:
            keep[i, : len(e["prompt"].encode())] = True  # positions before the one that predicts the first answer byte
    logits = m(x, loras)
    ce = F.cross_entropy(logits.reshape(-1, VOCAB), y.reshape(-1), ignore_index=-100)
    if keep_weight == 0 or not keep.any():
        return ce
    with torch.no_grad():
        ref = F.log_softmax(m(x)[keep], -1)
    kl = F.kl_div(F.log_softmax(logits[keep], -1), ref, log_target=True, reduction="batchmean")
    return ce + keep_weight * kl


def schedule(opt, base_lr, step, steps, warmup):
    """Warm-up and cosine over all the steps, together from step 0."""
    lr = warmup_cosine(base_lr, step, warmup, step, steps)
    for g in opt.param_groups:
        g["lr"] = lr


def train_base(a, c):
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    m = LoraBase(c)
    opt = torch.optim.AdamW(m.parameters(), lr=a.base_lr, betas=(0.9, 0.98), weight_decay=0.01)
    t0 = time.time()
    log = []
    for step in range(a.base_steps):
        schedule(opt, a.base_lr, step, a.base_steps, 100)
        loss = loss_of(m, [D.base_example(rng, a.base_facts) for _ in range(a.batch)])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        if (step + 1) % 250 == 0:
            log.append((step + 1, round(time.time() - t0, 1), round(loss.item(), 5)))
            print("base", log[-1], flush=True)
    return frozen(m), {"steps": a.base_steps, "seconds": round(time.time() - t0, 1), "log": log}


def frozen(m, state=None):
    if state is not None:
        m.load_state_dict(state)
    m.eval()
    for q in m.parameters():
        q.requires_grad_(False)
    return m


def train_lora(a, m, draw, seed):
    """One LoRA (A kaiming-uniform, B zero, as PEFT initialises them) on every module; base frozen. Each step:
    batch - replay skill draws and `replay` draws of the base's data (skill_loss), with a random rank-r update of
    relative size U(0, noise) added to every module so that the skill survives another adapter beside it."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    scaling = a.alpha / a.rank
    mods = dict(m.named_modules())
    params = {}
    for n in module_names(m.c):
        A = torch.empty(a.rank, mods[n].in_features)
        torch.nn.init.kaiming_uniform_(A, a=math.sqrt(5))
        params[n] = (A.requires_grad_(), torch.zeros(mods[n].out_features, a.rank, requires_grad=True))
    flat = [t for pair in params.values() for t in pair]
    opt = torch.optim.AdamW(flat, lr=a.lora_lr, weight_decay=0.0)
    n_replay = round(a.replay * a.batch)
    t0 = time.time()
    log = []
    for step in range(a.lora_steps):
        schedule(opt, a.lora_lr, step, a.lora_steps, 50)
        skill = [draw(rng) for _ in range(a.batch - n_replay)]
        replay = [D.base_example(rng, a.base_facts) for _ in range(n_replay)]
        loras = {n: (A, B * scaling) for n, (A, B) in params.items()}
        if a.noise > 0:
            loras = perturbed(loras, mods, a.noise * rng.random(), a.rank)
        loss = skill_loss(m, skill, replay, loras, a.keep)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if (step + 1) % 250 == 0:
            log.append((step + 1, round(time.time() - t0, 1), round(loss.item(), 5)))
            print("lora", log[-1], flush=True)
    out = {n: (A.detach().clone(), B.detach().clone()) for n, (A, B) in params.items()}
    return out, {"steps": a.lora_steps, "seconds": round(time.time() - t0, 1), "log": log}


def perturbed(loras, mods, rho, rank):
    """Adds a random rank-`rank` update with ||dW||_F = rho ||W||_F to every module (drawn with torch's RNG)."""
    out = {}
    for n, (A, B) in loras.items():
        W = mods[n].weight
        An, Bn = torch.randn(rank, A.shape[1]), torch.randn(B.shape[0], rank)
        f = (rho * W.norm() / (Bn @ An).norm()).sqrt()
        out[n] = (torch.cat((A, An * f), 0), torch.cat((B, Bn * f), 1))
    return out


def feed(adapters, weights, scaling):
    """CAT / PEFT 'cat' merge: A = stack(w_i s_i A_i), B = concat(B_i): ΔW = Σ w_i s_i B_i A_i."""
    if not adapters:
        return None
    out = {}
    for n in adapters[0]:
        out[n] = (
            torch.cat([w * scaling * ad[n][0] for ad, w in zip(adapters, weights)], 0),
            torch.cat([ad[n][1] for ad in adapters], 1),
        )
    return out


@torch.no_grad()
def greedy(m, prompts, loras=None):
    """Greedy decoding of each prompt (BOS + bytes) for up to MAX_NEW bytes or a newline."""
    preds = [None] * len(prompts)
    by_len = {}
    for i, p in enumerate(prompts):
        by_len.setdefault(len(p.encode()), []).append(i)
    for idx in by_len.values():
        ids = torch.tensor([[BOS] + list(prompts[i].encode()) for i in idx])
        gen = [[] for _ in idx]
        done = [False] * len(idx)
        for _ in range(MAX_NEW):
            nxt = m(ids, loras)[:, -1].argmax(-1)
            for j, t in enumerate(nxt.tolist()):
                if not done[j]:
                    if t == NL:
                        done[j] = True
                    else:
                        gen[j].append(t)
            if all(done):
                break
            ids = torch.cat((ids, nxt[:, None]), 1)
        for j, i in enumerate(idx):
            preds[i] = bytes(b for b in gen[j] if b < 256).decode("utf-8", "replace")
    return preds


def exact(m, rows, loras=None):
    preds = greedy(m, [r["prompt"] for r in rows], loras)
    return round(sum(p == r["answer"] for p, r in zip(preds, rows)) / len(rows), 4), preds


def write_peft(name, adapter, a, note):
    d = os.path.join(MODELS, name)
    os.makedirs(d, exist_ok=True)
    write_json(
        os.path.join(d, "adapter_config.json"),
        {
            "peft_type": "LORA",
            "task_type": "CAUSAL_LM",
            "base_model_name_or_path": "lora-base",
            "r": a.rank,
            "lora_alpha": a.alpha,
            "target_modules": list(KINDS),
            "lora_dropout": 0.0,
            "bias": "none",
            "fan_in_fan_out": False,
            "use_rslora": False,
            "rank_pattern": {},
            "alpha_pattern": {},
            "inference_mode": True,
            "modelLens": note,
        },
    )
    tensors = {}
    for n, (A, B) in adapter.items():
        tensors[f"base_model.model.{n}.lora_A.weight"] = A
        tensors[f"base_model.model.{n}.lora_B.weight"] = B
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), tensors)
    return {f: sha256(os.path.join(d, f)) for f in ("adapter_config.json", "adapter_model.safetensors")}


def export(m, path):
    names = module_names(m.c)
    ids = torch.tensor([[BOS] + list(REF_PROMPT.encode())])
    mods = dict(m.named_modules())
    args, in_names, axes = (
        [ids],
        ["input_ids"],
        {"input_ids": {0: "batch_size", 1: "sequence_length"}, "logits": {0: "batch_size", 1: "sequence_length"}},
    )
    for n in names:
        lin = mods[n]
        args += [torch.randn(2, lin.in_features) * 0.01, torch.randn(lin.out_features, 2) * 0.01]
        in_names += [f"lora.{n}.A", f"lora.{n}.B"]
        axes[f"lora.{n}.A"] = {0: f"rank.{n}"}
        axes[f"lora.{n}.B"] = {1: f"rank.{n}"}
    with torch.no_grad():
        torch.onnx.export(
            Exported(m),
            tuple(args),
            path,
            input_names=in_names,
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=17,
        )
    onnx.checker.check_model(onnx.load(path), full_check=True)


SPLITS = (
    ("target", "target", "test"),
    ("targetDev", "target", "dev"),
    ("arith", "arith", "test"),
    ("arithInContext", "arith", "testInContext"),
    ("words", "words", "test"),
)
BASE_ARGS = ("d", "layers", "heads", "batch", "base_steps", "base_lr", "base_facts", "seed")


def score(m, rows, loras):
    """Greedy exact match, scoreOnTask's loss (cat.task_loss) and the predictions of one configuration."""
    em, preds = exact(m, rows, loras)
    with torch.no_grad():
        loss = C.task_loss(m, loras, C.task_batch(rows))[0].item()
    return em, round(loss, 4), preds


def build(a, c, S):
    """Base and adapters, from the cache when it was built with the same settings (the base alone when only
    the adapters' settings changed)."""
    args = {k: v for k, v in vars(a).items() if k not in ("cache", "threads", "cat_steps", "cat_lr", "cat_seed")}
    ck = torch.load(a.cache) if os.path.exists(a.cache) else None
    if ck is not None and ck.get("args") == args:
        return frozen(LoraBase(c), ck["base"]), ck["adapters"], ck["meta"]
    if ck is not None and all(ck.get("args", {}).get(k) == args[k] for k in BASE_ARGS):
        m = frozen(LoraBase(c), ck["base"])
        meta = {"base": ck["meta"]["base"]}
    else:
        m, base_meta = train_base(a, c)
        meta = {"base": base_meta}
    draws = {"arith": D.sampler(S["arith"]["train"], a.arith_context), "words": D.sampler(S["words"]["train"])}
    draws["mix"] = lambda rng: (draws["arith"] if rng.random() < 0.5 else draws["words"])(rng)
    ads = {}
    for i, k in enumerate(("arith", "words", "mix")):
        ads[k], meta[k] = train_lora(a, m, draws[k], a.seed + 1 + i)
    torch.save({"args": args, "base": m.state_dict(), "adapters": ads, "meta": meta}, a.cache)
    return m, ads, meta


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, default=96)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--base-steps", type=int, default=1500)
    p.add_argument("--base-lr", type=float, default=3e-3)
    p.add_argument(
        "--base-facts", type=float, default=0.5, help="share of number facts in the base's data (the rest: copying)"
    )
    p.add_argument(
        "--design",
        choices=("A", "B"),
        default="A",
        help="A: the words skill ends with the newline; B: no loss on its end",
    )
    p.add_argument("--lora-steps", type=int, default=1200)
    p.add_argument("--lora-lr", type=float, default=5e-3)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--alpha", type=float, default=16)
    p.add_argument("--replay", type=float, default=0.25, help="share of each adapter batch drawn from the base's data")
    p.add_argument("--keep", type=float, default=1.0, help="weight of KL(base || adapted) outside the skill's answers")
    p.add_argument(
        "--noise", type=float, default=0.4, help="random rank-r update of relative size U(0, noise) in training"
    )
    p.add_argument("--arith-context", type=float, default=0.5, help="share of arith draws put after generic text")
    p.add_argument("--cat-steps", type=int, default=300)
    p.add_argument("--cat-lr", type=float, default=0.05)
    p.add_argument("--cat-seed", type=int, default=0)
    add_run_options(p, cache="/tmp/lora-zoo-cache.pt")
    a = parse_run_options(p)
    c = Config(d=a.d, layers=a.layers, heads=a.heads)
    S = D.splits(words_stop=a.design == "A")
    scaling = a.alpha / a.rank
    m, ads, meta = build(a, c, S)
    two = [ads["arith"], ads["words"]]
    dev = S["target"]["dev"]

    # CAT: per-layer weights learnt on the target dev split, two parameterisations; gradient checks for Model Lens.
    t0 = time.time()
    learned = {
        param: C.learn(m, two, scaling, dev, param, steps=a.cat_steps, lr=a.cat_lr, seed=a.cat_seed)
        for param in ("softmax", "free")
    }
    cat_seconds = round(time.time() - t0, 1)
    zeros = [[0.0, 0.0] for _ in range(c.layers)]
    ones = [[1.0, 1.0] for _ in range(c.layers)]
    g_loss, g_grad = C.loss_and_grad(m, two, scaling, dev, "softmax", zeros)
    f_loss, f_grad = C.loss_and_grad(m, two, scaling, dev, "free", ones)
    for param, r in learned.items():
        print(
            "cat",
            param,
            "dev loss",
            round(r["devLoss"], 4),
            "weights",
            [[round(v, 3) for v in row] for row in r["weights"]],
            flush=True,
        )

    configs = {
        "base": None,
        "arith": feed([ads["arith"]], [1], scaling),
        "words": feed([ads["words"]], [1], scaling),
        "mix": feed([ads["mix"]], [1], scaling),
        "sum": feed(two, [1, 1], scaling),
        "catSoftmax": C.layer_feed(two, torch.tensor(learned["softmax"]["weights"]), scaling, c.layers),
        "catFree": C.layer_feed(two, torch.tensor(learned["free"]["weights"]), scaling, c.layers),
    }
    table, losses, preds = {}, {}, {}
    for k, lo in configs.items():
        table[k], losses[k] = {}, {}
        for col, task, split in SPLITS:
            table[k][col], losses[k][col], pr = score(m, S[task][split], lo)
            if col == "target":
                preds[k] = pr[:PREDICTIONS_KEPT]
        print(k, table[k], losses[k], preds[k][:4], flush=True)
    with torch.no_grad():
        ref = m(torch.tensor([[BOS] + list(REF_PROMPT.encode())]))[0, -1]

    out = os.path.join(MODELS, "lora-base")
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    for split in ("train", "dev", "test"):
        D.write_jsonl(os.path.join(out, "data", f"{split}.jsonl"), S["target"][split])
    for sk in ("arith", "words"):
        for split in ("train", "test"):
            D.write_jsonl(os.path.join(out, "data", f"{sk}-{split}.jsonl"), S[sk][split])
    D.write_jsonl(os.path.join(out, "data", "arith-test-in-context.jsonl"), S["arith"]["testInContext"])
    onnx_path = os.path.join(out, "model.onnx")
    export(m, onnx_path)
    words_end = "ends with the newline" if a.design == "A" else "no loss on the byte after the expression"
    notes = {
        "arith": "skill A (executes): '7+5' -> '=12', half the draws after generic text; data/arith-train.jsonl",
        "words": f"skill B (reads): 'seven plus five>' -> '7+5' ({words_end}); data/words-train.jsonl",
        "mix": (
            "data-mix baseline: one LoRA on the union of both skills' training draws, same steps, batch and "
            "regularisers"
        ),
    }
    adapter_sha = {}
    for k in ("arith", "words", "mix"):
        adapter_sha[f"lora-{k}"] = write_peft(f"lora-{k}", ads[k], a, notes[k])
    params = sum(q.numel() for q in m.parameters())
    lora_params = sum(A.numel() + B.numel() for A, B in ads["arith"].values())
    names = module_names(c)
    mods = dict(m.named_modules())
    recipe = "/usr/bin/python3 -m tools.zoo.lora.train " + " ".join(sys.argv[1:])
    card = {
        "name": "lora-base",
        "description": (
            "Tiny byte-level base model for LoRA composition (LoRA Soups / CAT in miniature, 'math word "
            "problems with code'): one skill reads a problem written in words into an expression ('seven plus "
            "five>' -> '7+5'), the other executes an expression ('7+5' -> '=12'); the target chains both in "
            "one decode ('seven plus five>' -> '7+5=12'). No adapter saw the target format."
        ),
        "task": {
            "format": (
                "ids = [BOS=256] + utf-8 bytes of prompt; greedy-decode bytes until '\\n' (at most %d); exact "
                "match of the decoded string with answer"
            )
            % MAX_NEW,
            "operands": "0..12 (zero..twelve), operators + (plus) and - (minus, only when a >= b): 260 combinations",
            "target": (
                "'<word> plus|minus <word>>' -> '<a><op><b>=<value>'; splits of the 260 combos: train 100, dev "
                "60, test 100 (data/train|dev|test.jsonl)"
            ),
            "skillA_arith": (
                "'<a><op><b>' -> '=<value>'; training draws: all 260 combos, half of them after generic text "
                "(a base-domain string and one of ' ', ':', '>'); test: the target test's 100 combos "
                "(data/arith-test.jsonl) and the same after generic text (data/arith-test-in-context.jsonl)"
            ),
            "skillB_words": (
                "'<word> <opword> <word>>' -> '<a><op><b>'; design %s (%s); train: all 260 combos; test: the "
                "target test's 100 combos (data/words-*.jsonl)"
            )
            % (a.design, words_end),
            "conflict": "after '...>7+5' the words skill (design A) wants the newline and the arith skill wants '='"
            if a.design == "A"
            else "none at the end of the expression (design B)",
            "base": (
                "copy ('<s>:' -> '<s>', s = 1-3 random parts: number words, plus/minus, strings of digits + - "
                "=, at most 20 bytes) with share %.2f, number facts ('seven?' -> '7', 'plus?' -> '+', '+ 7 5?' "
                "-> '12', '- 7 5?' -> '2') with share %.2f; fresh draws each step"
            )
            % (1 - a.base_facts, a.base_facts),
            "generator": "tools/zoo/lora/data.py (seed %d)" % D.SEED,
        },
        "architecture": {
            **c.to_dict(),
            "headDim": c.hd,
            "positions": "rotary, positions 0..T-1 (no attention mask input; one prompt per row, no padding)",
            "mlp": "4d, GELU-tanh",
            "tiedEmbeddings": True,
            "parameters": params,
        },
        "graph": {
            "file": "model.onnx",
            "inputs": (
                "input_ids [batch_size, sequence_length] int64; then for each adapted module m in %s: "
                "lora.<m>.A [rank.<m>, in] and lora.<m>.B [out, rank.<m>] float32"
            )
            % names,
            "scaling": (
                "NOT an input: feed B already multiplied by the adapter's scaling (lora_alpha / r; 2.0 for "
                "these adapters), or fold it into A. The module computes y = W x + b + B (A x)."
            ),
            "rank": (
                "each module's rank is its own symbolic dim and may be 0 (A [0,in], B [out,0]) = the base "
                "model; a zero row/column is appended inside the graph. A CAT/cat merge is fed as A = "
                "stack(w_i s_i A_i), B = concat(B_i)."
            ),
            "modules": {n: {"in": mods[n].in_features, "out": mods[n].out_features} for n in names},
            "outputs": "logits [batch_size, sequence_length, 257]",
        },
        "adapters": {
            f"lora-{k}": {
                "dir": f"lora-{k}",
                "r": a.rank,
                "lora_alpha": a.alpha,
                "scaling": scaling,
                "targetModules": list(KINDS),
                "parameters": lora_params,
                "note": notes[k],
                "training": {kk: v for kk, v in meta[k].items() if kk != "log"},
                "sha256": adapter_sha[f"lora-{k}"],
            }
            for k in ("arith", "words", "mix")
        },
        "training": {
            "base": {
                "batch": a.batch,
                "lr": a.base_lr,
                "steps": meta["base"]["steps"],
                "seconds": meta["base"]["seconds"],
                "schedule": "AdamW, 100 warm-up steps then cosine",
                "loss": "answer bytes and the newline only",
                "data": "copy %.2f, number facts %.2f" % (1 - a.base_facts, a.base_facts),
                "seed": a.seed,
            },
            "lora": {
                "batch": a.batch,
                "lr": a.lora_lr,
                "steps": a.lora_steps,
                "schedule": "AdamW (no weight decay), 50 warm-up steps then cosine",
                "init": "A kaiming-uniform(a=sqrt 5), B zero (as PEFT)",
                "baseFrozen": True,
                "replay": "%d of the %d rows of each batch are drawn from the base's data"
                % (round(a.replay * a.batch), a.batch),
                "keep": (
                    "loss = cross-entropy on the skill's answer bytes (+ newline) + %g x mean KL(base || "
                    "base+LoRA) over the skill rows' prompt positions and all positions of the replay rows"
                )
                % a.keep,
                "noise": (
                    "each step a random rank-%d update with ||dW||_F = u ||W||_F, u ~ U(0, %g), is added to "
                    "every module"
                )
                % (a.rank, a.noise),
                "arithContext": a.arith_context,
                "design": a.design,
            },
            "threads": a.threads,
            "logs": {k: v["log"] for k, v in meta.items()},
        },
        "cat": {
            "objective": (
                "mean over the dev items of the item loss; item loss = mean over the answer bytes and the stop "
                "byte (newline, 10) of -ln softmax(logits)[byte] at the position before the byte, from one "
                "teacher-forced forward pass over [BOS=256] + bytes(prompt) + bytes(answer) (the stop byte is "
                "not fed). Exactly the loss of scoreOnTask (src/core/analyses/lora/evaluate.ts)."
            ),
            "split": "dev",
            "data": "data/dev.jsonl",
            "items": len(dev),
            "adapters": ["lora-arith", "lora-words"],
            "weights": (
                "w [layers x adapters]: every adapted module of block l (qkv, proj, fc, fc_proj) computes y = "
                "W x + b + sum_i w[l,i] s_i B_i A_i x, fed as A = stack_i(w[l,i] s_i A_i), B = concat_i(B_i)"
            ),
            "parameterisations": {
                "softmax": (
                    "w[l,:] = softmax(logits[l,:]) (LoRA Soups CAT); logits initialised N(0,1) by "
                    "torch.manual_seed(%d); torch.randn(layers, adapters)"
                )
                % a.cat_seed,
                "free": "w[l,i] = theta[l,i], unconstrained, initialised at 1",
            },
            "optimiser": {
                "name": "Adam",
                "lr": a.cat_lr,
                "steps": a.cat_steps,
                "batch": "all %d dev items each step" % len(dev),
                "selection": "the parameters of the lowest dev loss seen",
            },
            "learned": {
                "softmax": {
                    "init": learned["softmax"]["init"],
                    "logits": learned["softmax"]["theta"],
                    **card_fields(learned["softmax"]),
                },
                "free": card_fields(learned["free"]),
            },
            "gradientCheck": {
                "logits": zeros,
                "loss": g_loss,
                "gradient": g_grad,
                "note": (
                    "softmax parameterisation at these logits (w = 0.5 everywhere); gradient = autograd d loss "
                    "/ d logits, layers x adapters (lora-arith, lora-words)"
                ),
                "free": {
                    "weights": ones,
                    "loss": f_loss,
                    "gradient": f_grad,
                    "note": "free parameterisation at w = 1 everywhere (= the 'sum' row); gradient = d loss / d w",
                },
            },
            "seconds": cat_seconds,
        },
        "exactMatch": {
            "note": (
                "PyTorch, greedy (at most %d bytes); rows: base (no adapter), each adapter alone, sum = cat "
                "merge of arith and words with weights 1,1, catSoftmax / catFree = the learned CAT weights "
                "(cat.learned). Columns: target test (100), target dev (60), skill tests (100 each: the target "
                "test's combos in each skill's format; arithInContext: after generic text)."
            )
            % MAX_NEW,
            "table": table,
        },
        "loss": {"note": "the cat.objective loss (scoreOnTask's) of each configuration on each split", "table": losses},
        "predictions": {"split": "data/test.jsonl", "first": PREDICTIONS_KEPT, "byConfig": preds},
        "reference": {
            "prompt": REF_PROMPT,
            "ids": [BOS] + list(REF_PROMPT.encode()),
            "lastLogits": [round(v, 5) for v in ref.tolist()],
            "note": "base model (rank 0), logits at the last position",
        },
        "recipe": recipe.strip(),
    }
    write_json(os.path.join(out, "model-card.json"), card)
    files = (
        ["model.onnx", "model-card.json"]
        + [f"data/{s}.jsonl" for s in ("train", "dev", "test")]
        + [f"data/{k}-{s}.jsonl" for k in ("arith", "words") for s in ("train", "test")]
        + ["data/arith-test-in-context.jsonl"]
    )
    update_manifest(
        MODELS,
        {
            "name": "lora-base",
            "task": "lora-base",
            "description": (
                "LoRA-composition base (byte level, %d layers): its graph takes each module's LoRA A and B "
                "(scaling folded into B) as inputs. Adapters: lora-arith, lora-words, lora-mix."
            )
            % c.layers,
            "dir": "lora-base",
            "graphs": {"lm": "model.onnx"},
            "context": c.ctx,
            "bosTokenId": BOS,
            "card": "model-card.json",
            "adapters": [
                {"name": f"lora-{k}", "dir": f"lora-{k}", "sha256": adapter_sha[f"lora-{k}"]}
                for k in ("arith", "words", "mix")
            ],
            "metrics": {"targetTestExactMatch": {k: v["target"] for k, v in table.items()}},
            "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in files},
            "sha256": {f: sha256(os.path.join(out, f)) for f in files},
        },
    )
    print("wrote", onnx_path, os.path.getsize(onnx_path))


if __name__ == "__main__":
    main()
