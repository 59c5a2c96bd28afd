"""Exports kron-mlp from train.py's checkpoint: checks the hand-written backward pass against PyTorch autograd
(the largest difference goes in the card), writes model.onnx, config.json, tokenizer.json (lens-lm's byte-level
one), model-card.json, its manifest entry, and test/fixtures/kronecker/kron-mlp-gradients.json (a text, the first
examples' activations and output gradients by autograd, and numpy's cosines for one layer over the whole text).

  OPENBLAS_NUM_THREADS=1 nice -n 10 /usr/bin/python3 -m tools.zoo.kron.export      (from the repository root)
"""
import json
import os
import shutil

import numpy as np
import torch

from ..lens_lm.corpus import build
from ..zoo_files import update_manifest, write_json
from . import check as C
from .card import card_for, manifest_entry
from .model import BOS, LAYERS, OUTPUT_NAMES, KronMLP, WithGradients, contexts
from .train import CHECKPOINT, ROOT, WORK, as_ids, batch

MODELS = os.path.join(ROOT, "media", "models")
OUT = os.path.join(MODELS, "kron-mlp")
FIXTURE = os.path.join(ROOT, "test", "fixtures", "kronecker", "kron-mlp-gradients.json")
FIXTURE_TEXT = (
    "def mean(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)\n"
    "Gradients of one layer, one token at a time.\n"
)
FIXTURE_EXAMPLES, FIXTURE_LAYER = 3, "fc2"


def load():
    ck = torch.load(CHECKPOINT)
    m = KronMLP()
    m.load_state_dict(ck["state"])
    return m.eval(), ck["meta"]


def export_graph(m, path):
    ctx = torch.full((2, m.ctx), BOS, dtype=torch.long)
    labels = torch.tensor([65, 10])
    axes = {n: {0: "batch_size"} for n in ["context", "labels", *OUTPUT_NAMES]}
    with torch.no_grad():
        torch.onnx.export(
            WithGradients(m),
            (ctx, labels),
            path,
            input_names=["context", "labels"],
            output_names=OUTPUT_NAMES,
            dynamic_axes=axes,
            opset_version=17,
        )


def rounded(a, digits=7):
    return [float(f"{x:.{digits}g}") for x in np.asarray(a, dtype=np.float64).ravel()]


def fixture(m):
    seq = [BOS, *FIXTURE_TEXT.encode("utf-8")]
    ctx = torch.tensor(contexts(seq))
    labels = torch.tensor(seq[1:])
    grads = C.autograd_grads(m, ctx, labels)
    v, u = grads[FIXTURE_LAYER]
    return {
        "note": "Written by tools/zoo/kron/export.py. Examples: targets 1..N of [256, ...utf8(text)], true labels; "
        "u = d loss / d layer output and v = layer input by PyTorch autograd (float32); cosines by numpy "
        "(float64, exact) over all N examples of one layer.",
        "text": FIXTURE_TEXT,
        "count": len(seq) - 1,
        "layers": {k: {"m": int(grads[k][1].shape[1]), "n": int(grads[k][0].shape[1])} for k in LAYERS},
        "examples": [
            {k: {"u": rounded(grads[k][1][i]), "v": rounded(grads[k][0][i])} for k in LAYERS}
            for i in range(FIXTURE_EXAMPLES)
        ],
        "cosines": {"layer": FIXTURE_LAYER, **{k: round(x, 9) for k, x in C.cosines(u.numpy(), v.numpy()).items()}},
    }


def main():
    torch.manual_seed(0)
    m, meta = load()
    C.single_example_check()
    corpora, _ = build(ROOT)
    held = np.concatenate([as_ids(h) for _, h in corpora.values()])
    x, y = batch(np.random.default_rng(11), held, 512)
    diffs = C.max_differences(m, x, y)
    print("hand-written backward against autograd, max |difference|:", diffs, flush=True)
    assert diffs["float64"] < 1e-10 and diffs["float32"] < 1e-4, diffs
    os.makedirs(OUT, exist_ok=True)
    export_graph(m, os.path.join(OUT, "model.onnx"))
    shutil.copy(os.path.join(MODELS, "lens-lm", "tokenizer.json"), os.path.join(OUT, "tokenizer.json"))
    write_json(os.path.join(OUT, "config.json"), {"ctx": m.ctx, "bosTokenId": BOS, "vocab": m.vocab})
    fx = fixture(m)
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w", encoding="utf-8") as f:
        json.dump(fx, f, separators=(",", ":"))
        f.write("\n")
    print("fixture cosines:", fx["cosines"], flush=True)
    write_json(os.path.join(OUT, "model-card.json"), card_for(m, meta, diffs, fx["cosines"]))
    update_manifest(MODELS, manifest_entry(m, meta, OUT))
    print("wrote", OUT, FIXTURE)


if __name__ == "__main__":
    main()
