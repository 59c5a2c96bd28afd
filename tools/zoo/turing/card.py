"""config.json, the model card and the manifest entry of one Turing-program model."""
import os

from ..zoo_files import run_record, sha256
from . import data as D

FILES = ("model.onnx", "config.json", "model-card.json")

DESCRIPTION = {
    True: "Turing-program transformer for {task} (Hard-ALiBi: windowed heads + global NoPE heads): writes the "
    "scratchpad of Turing Programs (Hou et al. 2024), one tape line per column, then the answer.",
    False: "No-scratchpad baseline for {task}: the Turing-program model's architecture and training steps, "
    "trained to write the answer line right after the problem.",
}


def config_json(m, meta):
    """config.json: the contract the Turing-program loader reads (windows per head, the same in every layer)."""
    o = meta["options"]
    assert all(w == m.c.windows[0] for w in m.c.windows) and all(s == m.c.slopes[0] for s in m.c.slopes)
    return {
        "kind": "turing-program",
        "task": o["task"],
        "scratchpad": not o["direct"],
        "vocab": D.VOCAB,
        "bos": D.BOS,
        "eos": D.EOS,
        "sep": D.SEP,
        "trainMaxLength": o["max_length"],
        "layers": m.c.layers,
        "heads": m.c.heads,
        "windows": [w if w > 0 else None for w in m.c.windows[0]],
        **({"slopes": m.c.slopes[0]} if any(any(s) for s in m.c.slopes) else {}),
        "d": m.c.d,
    }


def train_arguments(o):
    """The train.py command line that gives these options (every option spelled out)."""
    flags = []
    for k, v in o.items():
        if v == "" or v is False:
            continue
        flag = "--" + k.replace("_", "-")
        flags.append(flag if v is True else f'{flag}="{v}"' if ";" in str(v) else f"{flag}={v}")
    return " ".join(flags)


def architecture(m, meta):
    return {
        **m.c.to_dict(),
        "headDim": m.c.hd,
        "parameters": meta["parameters"],
        "positions": "Hard-ALiBi (Jelassi et al. 2024): head h of layer l attends only to the last windows[l][h] "
        "tokens, query included; window 0 (null in config.json) = global, causal, no positional signal (NoPE). "
        "No position embedding and no position input.",
        "block": "pre-LayerNorm, fused qkv, learned attention logit scale per head, MLP 4d GELU-tanh, tied embedding",
        "dropout": 0,
    }


def training(meta):
    o = meta["options"]
    return {
        "data": "fresh problems every step from Python random.Random(seed); one length per batch, uniform in "
        "[1, %d]; operands' first digit non-zero when n > 1" % o["max_length"],
        "loss": "cross-entropy on the generated part only (after <bos> line0 |, through <eos>)",
        "optimizer": "AdamW (betas 0.9/0.98, weight decay %g), lr %g, %d warm-up steps then cosine to 0 at the "
        "step or time budget, gradient clipping at 1" % (o["wd"], o["lr"], o["warmup"]),
        **run_record(o, meta),
        **continued(meta),
        "log": {
            "columns": ["step", "seconds", "loss", *[f"exact@{n}" for n in meta["probeLengths"]]],
            "rows": meta["log"],
        },
    }


def continued(meta):
    """When this run started from another checkpoint (--init): that run's steps and seconds, and the totals."""
    c = meta.get("continued")
    if c is None:
        return {}
    return {
        "continuedFrom": {"name": c["options"]["name"], "steps": c["steps"], "seconds": c["seconds"]},
        "totalSteps": c["steps"] + meta["steps"],
        "totalSeconds": round(c["seconds"] + meta["seconds"], 1),
    }


def recipe(meta, export_args):
    train = "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.turing.train "
    runs = [meta["continued"]["options"]] if "continued" in meta else []
    return [train + train_arguments(o) for o in [*runs, meta["options"]]] + [
        "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.turing.export " + export_args
    ]


def card_for(name, m, meta, ev, export_args):
    o = meta["options"]
    scratchpad = not o["direct"]
    return {
        "name": name,
        "description": DESCRIPTION[scratchpad].format(task=o["task"]),
        "task": {
            "name": o["task"],
            "kind": "turing-program",
            "scratchpad": scratchpad,
            "format": "tools/zoo/turing/data.py (the project's Turing-program format): <bos> line0 | line1 | .. | "
            "answer <eos>" + ("" if scratchpad else "; this baseline writes <bos> line0 | answer <eos>"),
            "vocab": D.VOCAB,
            "trainLengths": [1, o["max_length"]],
        },
        "architecture": architecture(m, meta),
        "graph": {
            "file": "model.onnx",
            "opset": 17,
            "weights": "float16 initializers (every parameter of 64 values or more) cast to float32 in the graph; "
            "the curves and fixtures are measured with these rounded weights",
            "inputs": "input_ids [batch_size, sequence_length] int64 (no position input)",
            "outputs": "logits [batch_size, sequence_length, 25], attentions.{i} [batch_size, %d, sequence_length, "
            "sequence_length] for i < %d (softmax probabilities)" % (m.c.heads, m.c.layers),
        },
        "training": training(meta),
        "evaluation": ev,
        "limits": [
            "trained only on %s problems in the Turing-program format; other input means nothing to it" % o["task"],
            "exactMatch is one teacher-forced pass (every generated token is the argmax), PyTorch float32 with the "
            "float16-rounded weights",
        ],
        "recipe": recipe(meta, export_args),
    }


def context(o, ev):
    """Tokens of the longest sequence the card measures (Hard-ALiBi has no context limit of its own)."""
    n = ev["lengths"][-1]
    return len(D.tokens(o["task"], "9" * n, "9" * n if o["task"] == "addition" else "9", not o["direct"])[0])


def manifest_entry(name, m, meta, out, ev):
    o = meta["options"]
    return {
        "name": name,
        "task": "turing-program",
        "description": DESCRIPTION[not o["direct"]].format(task=o["task"]),
        "dir": name,
        "graphs": {"lm": "model.onnx", "analysis": "model.onnx"},
        "context": context(o, ev),
        "bosTokenId": D.BOS,
        "card": "model-card.json",
        "turing": {
            "task": o["task"],
            "scratchpad": not o["direct"],
            "trainMaxLength": o["max_length"],
            "parameters": meta["parameters"],
            "exactMatch": {str(n): a for n, a in zip(ev["lengths"], ev["exactMatch"])},
        },
        "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in FILES},
        "sha256": {f: sha256(os.path.join(out, f)) for f in FILES},
    }
