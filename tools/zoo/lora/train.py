"""Builds the LoRA-composition zoo: base model, skill LoRAs, data-mix LoRA, ONNX, PEFT folders, card.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/zoo/lora/train.py
See tools/zoo/lora/README.md for the task, the graph's LoRA inputs and what gets written.
"""
import argparse
import json
import math
import os
import random
import struct
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from zoo_files import sha256, update_manifest, write_json  # noqa: E402
import data as D  # noqa: E402
from lora_model import BOS, KINDS, VOCAB, Config, Exported, LoraBase, module_names  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
NL = 10
MAX_NEW = 6
PREDICTIONS_KEPT = 50
REF_PROMPT = "seven plus five="


def encode(ex):
    p = list(ex["prompt"].encode())
    a = list((ex["answer"] + "\n").encode())
    return [BOS] + p + a, len(p) + 1  # ids, index of the first answer token


def batch_tensors(exs):
    enc = [encode(e) for e in exs]
    T = max(len(ids) for ids, _ in enc) - 1
    x = torch.full((len(exs), T), BOS, dtype=torch.long)
    y = torch.full((len(exs), T), -100, dtype=torch.long)
    for i, (ids, start) in enumerate(enc):
        x[i, : len(ids) - 1] = torch.tensor(ids[:-1])
        y[i, start - 1: len(ids) - 1] = torch.tensor(ids[start:])
    return x, y


def loss_of(m, exs, loras=None):
    x, y = batch_tensors(exs)
    return F.cross_entropy(m(x, loras).reshape(-1, VOCAB), y.reshape(-1), ignore_index=-100)


def schedule(opt, base_lr, step, steps, warmup):
    lr = base_lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / steps))
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
        loss = loss_of(m, [D.copy_example(rng) for _ in range(a.batch)])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        if (step + 1) % 250 == 0:
            log.append((step + 1, round(time.time() - t0, 1), round(loss.item(), 5)))
            print("base", log[-1], flush=True)
    m.eval()
    for p in m.parameters():
        p.requires_grad_(False)
    return m, {"steps": a.base_steps, "seconds": round(time.time() - t0, 1), "log": log}


def train_lora(a, m, pool, seed):
    """One LoRA (A kaiming-uniform, B zero, as PEFT initialises them) on every module; base frozen."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    scaling = a.alpha / a.rank
    params = {}
    for n in module_names(m.c):
        lin = dict(m.named_modules())[n]
        A = torch.empty(a.rank, lin.in_features)
        torch.nn.init.kaiming_uniform_(A, a=math.sqrt(5))
        params[n] = (A.requires_grad_(), torch.zeros(lin.out_features, a.rank, requires_grad=True))
    flat = [t for pair in params.values() for t in pair]
    opt = torch.optim.AdamW(flat, lr=a.lora_lr, weight_decay=0.0)
    t0 = time.time()
    log = []
    for step in range(a.lora_steps):
        schedule(opt, a.lora_lr, step, a.lora_steps, 50)
        loss = loss_of(m, [rng.choice(pool) for _ in range(a.batch)], {n: (A, B * scaling) for n, (A, B) in params.items()})
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if (step + 1) % 250 == 0:
            log.append((step + 1, round(time.time() - t0, 1), round(loss.item(), 5)))
            print("lora", log[-1], flush=True)
    out = {n: (A.detach().clone(), B.detach().clone()) for n, (A, B) in params.items()}
    return out, {"steps": a.lora_steps, "seconds": round(time.time() - t0, 1), "log": log}


def feed(adapters, weights, scaling):
    """CAT / PEFT 'cat' merge: A = stack(w_i s_i A_i), B = concat(B_i): ΔW = Σ w_i s_i B_i A_i."""
    if not adapters:
        return None
    out = {}
    for n in adapters[0]:
        out[n] = (torch.cat([w * scaling * ad[n][0] for ad, w in zip(adapters, weights)], 0),
                  torch.cat([ad[n][1] for ad in adapters], 1))
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


def st_write(path, tensors):
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        arr = np.ascontiguousarray(tensors[k].numpy().astype("<f4"))
        header[k] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [off, off + arr.nbytes]}
        blobs.append(arr.tobytes())
        off += arr.nbytes
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def write_peft(name, adapter, a, note):
    d = os.path.join(MODELS, name)
    os.makedirs(d, exist_ok=True)
    write_json(os.path.join(d, "adapter_config.json"), {
        "peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": "lora-base", "r": a.rank,
        "lora_alpha": a.alpha, "target_modules": list(KINDS), "lora_dropout": 0.0, "bias": "none",
        "fan_in_fan_out": False, "use_rslora": False, "rank_pattern": {}, "alpha_pattern": {}, "inference_mode": True,
        "modelLens": note})
    tensors = {}
    for n, (A, B) in adapter.items():
        tensors[f"base_model.model.{n}.lora_A.weight"] = A
        tensors[f"base_model.model.{n}.lora_B.weight"] = B
    st_write(os.path.join(d, "adapter_model.safetensors"), tensors)
    return {f: sha256(os.path.join(d, f)) for f in ("adapter_config.json", "adapter_model.safetensors")}


def export(m, path):
    names = module_names(m.c)
    ids = torch.tensor([[BOS] + list(REF_PROMPT.encode())])
    mods = dict(m.named_modules())
    args, in_names, axes = [ids], ["input_ids"], {"input_ids": {0: "batch_size", 1: "sequence_length"},
                                                 "logits": {0: "batch_size", 1: "sequence_length"}}
    for n in names:
        lin = mods[n]
        args += [torch.randn(2, lin.in_features) * 0.01, torch.randn(lin.out_features, 2) * 0.01]
        in_names += [f"lora.{n}.A", f"lora.{n}.B"]
        axes[f"lora.{n}.A"] = {0: f"rank.{n}"}
        axes[f"lora.{n}.B"] = {1: f"rank.{n}"}
    with torch.no_grad():
        torch.onnx.export(Exported(m), tuple(args), path, input_names=in_names, output_names=["logits"],
                          dynamic_axes=axes, opset_version=17)
    onnx.checker.check_model(onnx.load(path), full_check=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, default=96)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--base-steps", type=int, default=3000)
    p.add_argument("--base-lr", type=float, default=3e-3)
    p.add_argument("--lora-steps", type=int, default=1500)
    p.add_argument("--lora-lr", type=float, default=5e-3)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--alpha", type=float, default=16)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--cache", default="/tmp/lora-zoo-cache.pt")
    p.add_argument("--retrain-loras", action="store_true", help="keep the cached base, retrain the adapters")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    c = Config(d=a.d, layers=a.layers, heads=a.heads)
    S = D.splits()
    scaling = a.alpha / a.rank
    if os.path.exists(a.cache) and a.retrain_loras:
        ck = torch.load(a.cache)
        m = LoraBase(c)
        m.load_state_dict(ck["base"])
        m.eval()
        for q in m.parameters():
            q.requires_grad_(False)
        ads, meta = {}, {"base": ck["meta"]["base"]}
        pools = {"arith": S["arith"]["train"], "words": S["words"]["train"], "mix": S["arith"]["train"] + S["words"]["train"]}
        for i, (k, pool) in enumerate(pools.items()):
            ads[k], meta[k] = train_lora(a, m, pool, a.seed + 1 + i)
        torch.save({"base": m.state_dict(), "adapters": ads, "meta": meta}, a.cache)
    elif os.path.exists(a.cache):
        ck = torch.load(a.cache)
        m = LoraBase(c)
        m.load_state_dict(ck["base"])
        m.eval()
        for q in m.parameters():
            q.requires_grad_(False)
        ads, meta = ck["adapters"], ck["meta"]
    else:
        m, base_meta = train_base(a, c)
        ads, meta = {}, {"base": base_meta}
        pools = {"arith": S["arith"]["train"], "words": S["words"]["train"], "mix": S["arith"]["train"] + S["words"]["train"]}
        for i, (k, pool) in enumerate(pools.items()):
            ads[k], meta[k] = train_lora(a, m, pool, a.seed + 1 + i)
        torch.save({"base": m.state_dict(), "adapters": ads, "meta": meta}, a.cache)
    configs = {"base": ([], []), "arith": (["arith"], [1]), "words": (["words"], [1]), "mix": (["mix"], [1]),
               "sum": (["arith", "words"], [1, 1])}
    table, preds = {}, {}
    for k, (names, w) in configs.items():
        lo = feed([ads[n] for n in names], w, scaling)
        row = {}
        for split, rows in (("target", S["target"]["test"]), ("targetDev", S["target"]["dev"]),
                            ("arith", S["arith"]["test"]), ("words", S["words"]["test"])):
            row[split], pr = exact(m, rows, lo)
            if split == "target":
                preds[k] = pr[:PREDICTIONS_KEPT]
        table[k] = row
        print(k, row, flush=True)
    # A crude global CAT: one weight per skill for all modules, picked on the dev split.
    grid = {}
    for wa in (0.5, 1.0, 1.5):
        for wb in (0.5, 1.0, 1.5):
            grid[f"{wa},{wb}"] = exact(m, S["target"]["dev"], feed([ads["arith"], ads["words"]], [wa, wb], scaling))[0]
    best = max(grid, key=lambda g: (grid[g], g == "1.0,1.0"))
    wa, wb = (float(x) for x in best.split(","))
    lo = feed([ads["arith"], ads["words"]], [wa, wb], scaling)
    row = {}
    for split, rows in (("target", S["target"]["test"]), ("targetDev", S["target"]["dev"]),
                        ("arith", S["arith"]["test"]), ("words", S["words"]["test"])):
        row[split], pr = exact(m, rows, lo)
        if split == "target":
            preds["devWeighted"] = pr[:PREDICTIONS_KEPT]
    table["devWeighted"] = row
    print("grid", grid, "best", best, row, flush=True)
    with torch.no_grad():
        ref = m(torch.tensor([[BOS] + list(REF_PROMPT.encode())]))[0, -1]

    out = os.path.join(MODELS, "lora-base")
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    for split in ("train", "dev", "test"):
        D.write_jsonl(os.path.join(out, "data", f"{split}.jsonl"), S["target"][split])
    for sk in ("arith", "words"):
        for split in ("train", "test"):
            D.write_jsonl(os.path.join(out, "data", f"{sk}-{split}.jsonl"), S[sk][split])
    onnx_path = os.path.join(out, "model.onnx")
    export(m, onnx_path)
    notes = {"arith": "skill A: digits arithmetic ('7+5=' -> '12'), trained on data/arith-train.jsonl",
             "words": "skill B: read number words ('seven plus five>' -> '7+5'), trained on data/words-train.jsonl",
             "mix": "data-mix baseline: one LoRA on arith-train + words-train, same steps and batch as each skill LoRA"}
    adapter_sha = {}
    for k in ("arith", "words", "mix"):
        adapter_sha[f"lora-{k}"] = write_peft(f"lora-{k}", ads[k], a, notes[k])
    params = sum(q.numel() for q in m.parameters())
    lora_params = sum(A.numel() + B.numel() for A, B in ads["arith"].values())
    names = module_names(c)
    mods = dict(m.named_modules())
    card = {
        "name": "lora-base",
        "description": "Tiny byte-level base model for LoRA composition (LoRA Soups / CAT in miniature). Target task: arithmetic on operands written as words ('seven plus five=' -> '12'), which needs skill A (compute: '7+5=' -> '12') and skill B (read words: 'seven plus five>' -> '7+5'). The base model was trained on copying only; no adapter saw the target task.",
        "task": {
            "format": "ids = [BOS=256] + utf-8 bytes of prompt; greedy-decode bytes until '\\n' (at most %d); exact match of the decoded string with answer" % MAX_NEW,
            "operands": "0..12 (zero..twelve), operators + (plus) and - (minus, only when a >= b): 260 combinations",
            "target": "'<word> plus|minus <word>=' -> the value; splits of the 260 combos: train 100, dev 60, test 100 (data/train|dev|test.jsonl)",
            "skillA_arith": "'<a><op><b>=' -> the value; train: all 260 combos; test: the target test's 100 combos in this format (in-distribution check) (data/arith-*.jsonl)",
            "skillB_words": "'<word> <opword> <word>>' -> '<a><op><b>' (note '>' not '='); train: all 260 combos; test: the target test's 100 combos in this format (data/words-*.jsonl)",
            "base": "copy: '<s>:' -> '<s>' with s 1-3 random parts (number words, plus/minus, digit/+/- strings), at most 20 bytes; fresh data each step",
            "generator": "tools/zoo/lora/data.py (seed %d)" % D.SEED,
        },
        "architecture": {**c.to_dict(), "headDim": c.hd, "positions": "rotary, positions 0..T-1 (no attention mask input; one prompt per row, no padding)",
                         "mlp": "4d, GELU-tanh", "tiedEmbeddings": True, "parameters": params},
        "graph": {
            "file": "model.onnx",
            "inputs": "input_ids [batch_size, sequence_length] int64; then for each adapted module m in %s: lora.<m>.A [rank.<m>, in] and lora.<m>.B [out, rank.<m>] float32" % names,
            "scaling": "NOT an input: feed B already multiplied by the adapter's scaling (lora_alpha / r; 2.0 for these adapters). The module computes y = W x + b + B (A x).",
            "rank": "each module's rank is its own symbolic dim and may be 0 (A [0,in], B [out,0]) = the base model; a zero row/column is appended inside the graph. A CAT/cat merge is fed as A = stack(w_i s_i A_i), B = concat(B_i).",
            "modules": {n: {"in": mods[n].in_features, "out": mods[n].out_features} for n in names},
            "outputs": "logits [batch_size, sequence_length, 257]",
        },
        "adapters": {f"lora-{k}": {"dir": f"lora-{k}", "r": a.rank, "lora_alpha": a.alpha, "scaling": scaling,
                                   "targetModules": list(KINDS), "parameters": lora_params, "note": notes[k],
                                   "training": {kk: v for kk, v in meta[k].items() if kk != "log"}, "sha256": adapter_sha[f"lora-{k}"]}
                     for k in ("arith", "words", "mix")},
        "training": {"base": {"batch": a.batch, "lr": a.base_lr, "steps": meta["base"]["steps"], "seconds": meta["base"]["seconds"],
                              "schedule": "AdamW, 100 warm-up steps then cosine", "loss": "answer bytes and the newline only", "seed": a.seed},
                     "lora": {"batch": a.batch, "lr": a.lora_lr, "steps": a.lora_steps, "schedule": "AdamW (no weight decay), 50 warm-up steps then cosine",
                              "init": "A kaiming-uniform(a=sqrt 5), B zero (as PEFT)", "baseFrozen": True},
                     "threads": a.threads, "logs": {k: v["log"] for k, v in meta.items()}},
        "exactMatch": {
            "note": "PyTorch, greedy; rows: base (no adapter), each adapter alone, sum = cat merge of arith and words with weights 1,1, devWeighted = cat with one weight per skill (grid 0.5/1/1.5) chosen on the dev split. Columns: target test (100), target dev (60), skill tests (100 each: the target test's combos in each skill's format).",
            "table": table,
            "devGrid": grid, "devWeights": [wa, wb],
        },
        "predictions": {"split": "data/test.jsonl", "first": PREDICTIONS_KEPT, "byConfig": preds},
        "reference": {"prompt": REF_PROMPT, "ids": [BOS] + list(REF_PROMPT.encode()),
                      "lastLogits": [round(v, 5) for v in ref.tolist()], "note": "base model (rank 0), logits at the last position"},
        "recipe": "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/zoo/lora/train.py " + " ".join(x for x in sys.argv[1:] if x != "--retrain-loras"),
    }
    write_json(os.path.join(out, "model-card.json"), card)
    files = ["model.onnx", "model-card.json"] + [f"data/{s}.jsonl" for s in ("train", "dev", "test")] + \
            [f"data/{k}-{s}.jsonl" for k in ("arith", "words") for s in ("train", "test")]
    update_manifest(MODELS, {
        "name": "lora-base", "task": "lora-base",
        "description": "LoRA-composition base (byte level, %d layers): its graph takes each module's LoRA A and B (scaling folded into B) as inputs. Adapters: lora-arith, lora-words, lora-mix." % c.layers,
        "dir": "lora-base", "graphs": {"lm": "model.onnx"}, "context": c.ctx, "bosTokenId": BOS, "card": "model-card.json",
        "adapters": [{"name": f"lora-{k}", "dir": f"lora-{k}", "sha256": adapter_sha[f"lora-{k}"]} for k in ("arith", "words", "mix")],
        "metrics": {"targetTestExactMatch": {k: v["target"] for k, v in table.items()}},
        "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in files},
        "sha256": {f: sha256(os.path.join(out, f)) for f in files},
    })
    print("wrote", onnx_path, os.path.getsize(onnx_path))


if __name__ == "__main__":
    main()
