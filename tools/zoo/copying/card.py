"""The model card and the manifest entry of one copy model (the contract the copy probe reads)."""
import os

from ..zoo_files import run_record, sha256
from . import data as D

FILES = ("model.onnx", "tokenizer.json", "config.json", "model-card.json")
CONTEXT = 256  # 2 * 126 + 3: the longest copy row the zoo models are meant to take
NAMES = {"transformer": "copy-transformer", "gru": "copy-recurrent"}

DESCRIPTION = {
    "transformer": "Copy-task transformer with Hard-ALiBi heads (windowed heads + global NoPE heads), "
    "byte-level: copies strings of a-z after `|` (Repeat After Me).",
    "gru": "Copy-task fixed-state model (a GRU: a stand-in for Mamba, whose scan does not export to ONNX), "
    "byte-level, about the transformer's size: its whole memory of the prefix is one hidden vector.",
}


def state_floats(m):
    """Floats of the recurrent state (fixed-state models only)."""
    return m.c.hidden if m.c.to_dict()["architecture"] == "fixed-state" else None


def architecture_text(m):
    c = m.c.to_dict()
    if c["architecture"] == "transformer":
        return {
            **c,
            "headDim": m.c.hd,
            "positions": "Hard-ALiBi (Jelassi et al. 2024): head h of layer l attends only to the last windows[l][h] "
            "tokens, query included (bias 0 if 0 <= i-j < w, else -inf); window 0 = global, causal, no positional "
            "signal (NoPE). No position embedding anywhere.",
            "block": "pre-LayerNorm, fused qkv, learned attention logit scale per head, MLP 4d GELU-tanh",
            "tiedEmbeddings": True,
            "dropout": 0,
        }
    return {
        **c,
        "what": "one nn.GRU layer (ONNX GRU op) over byte embeddings, then a linear head. A stand-in for an SSM "
        "such as Mamba: Mamba's selective scan does not export to ONNX and needs CUDA. Like any GSSM, everything "
        "the model keeps of the prefix is a state of fixed size.",
        "stateFloats": c["hidden"],
        "stateBits": 32 * c["hidden"],
        "initialState": "zeros",
    }


def bound_note(m):
    floats = state_floats(m)
    if floats is None:
        return None
    return (
        f"Repeat After Me, Thm 2.7: error >= 1 - |S|/D^L with log2|S| = stateBits = {32 * floats}, D = 26; "
        f"the bound allows 100% up to L = {int(32 * floats / 4.7004)} letters, so this model's failure at "
        "short lengths comes from training, not from the counting bound"
    )


def train_arguments(o):
    """The train.py command line that gives these options (every option spelled out)."""
    skip = ("windows", "d", "log_keys") if o["arch"] == "gru" else ("embed", "hidden")
    flags = []
    for k, v in o.items():
        flag = "--" + k.replace("_", "-")
        if k in skip or v == "" or v is False:
            continue
        flags.append(flag if v is True else f'{flag}="{v}"' if ";" in str(v) else f"{flag}={v}")
    return " ".join(flags)


def card_for(name, m, meta, ev, export_args):
    o = meta["options"]
    return {
        "name": name,
        "description": DESCRIPTION[o["arch"]],
        "task": {
            "name": "copy",
            "format": "BOS (id 256), s, `|`, s, `.`: s of lowercase letters a-z, bytes as ids 0-255",
            "probe": "prompt `s|`, answer `s` (teacher-forced greedy: every letter must be the argmax)",
            "trainLengths": [1, o["max_length"]],
            "lengthDistribution": "uniform in [1, %d]" % o["max_length"],
        },
        "architecture": architecture_text(m),
        "parameters": meta["parameters"],
        "stateFloats": state_floats(m),
        "graph": {
            "file": "model.onnx",
            "opset": 17,
            "inputs": "input_ids [batch_size, sequence_length] int64"
            + (
                ", attention_mask [batch_size, sequence_length] int64 (0 = a key no query reads)"
                if o["arch"] == "transformer"
                else ""
            )
            + " (right padding is harmless: the model is causal)",
            "outputs": "logits [batch_size, sequence_length, 257]"
            + (
                ", attentions.{l} [batch_size, %d, sequence_length, sequence_length] (softmax probabilities)"
                % m.c.heads
                if o["arch"] == "transformer"
                else ""
            ),
        },
        "training": {
            "data": "fresh strings every step from Python random.Random(seed), the same stream for both copy models",
            "loss": "cross-entropy on the second s and the `.` only",
            "optimizer": "AdamW (betas 0.9/0.98, weight decay %g), lr %g, %d warm-up steps then cosine to 0, "
            "gradient clipping at 1" % (o["wd"], o["lr"], o["warmup"]),
            **run_record(o, meta),
            "curriculum": None
            if o["curriculum_steps"] <= 0
            else "longest length grows linearly from %d to %d over the first %d steps"
            % (o["curriculum_start"], o["max_length"], o["curriculum_steps"]),
            "log": {"columns": ["step", "seconds", "loss", "acc@Lmax", "acc@2Lmax"], "rows": meta["log"]},
        },
        "evaluation": ev,
        "bound": bound_note(m),
        "limits": [
            "trained only on the copy task over a-z: on other text its predictions mean nothing",
            "string accuracy is teacher-forced greedy on random strings; repeated n-grams inside s make copying "
            "harder for the transformer",
        ],
        "recipe": [
            "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.copying.train " + train_arguments(o),
            "OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.copying.export " + export_args,
        ],
    }


def manifest_entry(name, m, meta, out, ev):
    o = meta["options"]
    arch = m.c.to_dict()["architecture"]
    floats = state_floats(m)
    copy = {
        "alphabet": D.ALPHABET,
        "separator": D.SEPARATOR,
        "end": D.END,
        "trainLengths": [1, o["max_length"]],
        "architecture": arch,
        "parameters": meta["parameters"],
        **({"stateFloats": floats, "stateBits": 32 * floats} if floats is not None else {}),
        "accuracy": {str(L): a for L, a in zip(ev["lengths"], ev["stringAccuracy"])},
    }
    graphs = {"lm": "model.onnx", **({"analysis": "model.onnx"} if arch == "transformer" else {})}
    return {
        "name": name,
        "task": "copy",
        "description": DESCRIPTION[o["arch"]],
        "dir": name,
        "graphs": graphs,
        "context": CONTEXT,
        "bosTokenId": D.BOS,
        "card": "model-card.json",
        "copy": copy,
        "bytes": {f: os.path.getsize(os.path.join(out, f)) for f in FILES},
        "sha256": {f: sha256(os.path.join(out, f)) for f in FILES},
    }
