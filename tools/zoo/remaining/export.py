"""Writes the remaining-lm zoo entry: the ONNX graph (logits and hidden_states.{l}), probes.safetensors, config.json,
tokenizer.json, model-card.json, its manifest entry and the PyTorch fixtures test/unit/remaining checks
onnxruntime-node against. Runs build.py first (or reuses its cache with --cached).

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.remaining.export      (from the repository root)
"""
import argparse
import os
import shutil

import torch

from ..cli import add_run_options, parse_run_options
from ..positions.export import compact_json, halve_weights
from ..zoo_files import export_onnx, sha256, update_manifest, write_json
from . import build as B
from . import data as D
from . import generate as G
from . import probes as PR
from .card import card_for

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
OUT = os.path.join(MODELS, "remaining-lm")
FIXTURES = os.path.join(ROOT, "test", "fixtures", "remaining", "pytorch.json")
FILES = ("model.onnx", "probes.safetensors", "config.json", "tokenizer.json", "model-card.json")
FIXTURE_PROMPTS = ["count down from 12:", "spell kalomi:", "for i in range(7): print(i)"]


class Graph(torch.nn.Module):
    """input_ids, attention_mask → logits, hidden_states.0 … hidden_states.L (0: embeddings; L: after ln_f)."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask):
        logits, _, hidden = self.m(input_ids, attention_mask)
        return (logits, *hidden)


def write_probes(path, o, layers):
    tensors = {}
    for l, p in enumerate(o["steps"]):
        for k, t in p.items():
            tensors[f"layer.{l}.{k}"] = t.numpy()
    for k, t in o["prompt"][o["promptLayer"]].items():
        tensors[f"prompt.{k}"] = t.numpy()
    meta = {
        "format": "remaining-probes/1",
        "edges": ",".join(f"{e:g}" for e in PR.EDGES),
        "centres": ",".join(f"{c:g}" for c in PR.CENTRES),
        "layers": layers + 1,
        "defaultLayer": o["layer"],
        "promptLayer": o["promptLayer"],
        "transition": 1.0 / PR.WIDTH,
        "heldOutProbeMae": ",".join(f"{e['probeMae']:.3f}" for e in o["heldOut"]["scan"]),
    }
    PR.write_safetensors(path, tensors, meta)


def fixtures(model, o):
    out = []
    for prompt in FIXTURE_PROMPTS:
        ids = D.encode(prompt)
        answers, fin = G.greedy(model, [prompt])
        a = answers[0]
        seq = torch.tensor([ids + a])
        with torch.no_grad():
            logits, _, hidden = model(seq)
        h = G.hidden_rows(model, [prompt], [a])[0]
        prior = PR.apply_mlp(o["prompt"][o["promptLayer"]], h[o["promptLayer"], :1])[0]
        ps = PR.apply_mlp(o["steps"][o["layer"]], h[o["layer"], 1:])
        post = PR.refine(prior, ps)
        out.append(
            {
                "prompt": prompt,
                "inputIds": ids,
                "answerIds": a,
                "finished": fin[0],
                "lastLogits": [round(float(x), 5) for x in logits[0, -1]],
                "lastHidden": [[round(float(x), 5) for x in hidden[l][0, -1]] for l in range(len(hidden))],
                "promptProbs": [round(float(x), 7) for x in prior],
                "stepProbs": [[round(float(x), 7) for x in p] for p in ps[:5]],
                "refined": [round(float(x), 4) for x in PR.expected(post)],
            }
        )
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_run_options(p)
    p.add_argument("--cached", action="store_true", help="reuse tools/zoo/.work/remaining-probes.pt")
    a = parse_run_options(p)
    if a.cached:
        model, meta = B.load_model()
        o = torch.load(os.path.join(B.WORK, "remaining-probes.pt"))
    else:
        model, meta, o = B.build()
    L = model.c.layers
    os.makedirs(OUT, exist_ok=True)
    ids = torch.tensor([D.encode("count down from 5:", "5 4 3 2 1")])
    path = os.path.join(OUT, "model.onnx")
    names = ["logits"] + [f"hidden_states.{l}" for l in range(L + 1)]
    export_onnx(Graph(model), (ids, torch.ones_like(ids)), path, ["input_ids", "attention_mask"], names)
    halve_weights(path)
    write_probes(os.path.join(OUT, "probes.safetensors"), o, L)
    config = {**model.c.to_dict(), "vocab": 257, "eosTokenId": 256, "promptSuffix": "\n", "maxNewTokens": 260}
    write_json(os.path.join(OUT, "config.json"), config)
    shutil.copy(os.path.join(MODELS, "lens-lm", "tokenizer.json"), os.path.join(OUT, "tokenizer.json"))
    card = card_for(model, meta, o)
    write_json(os.path.join(OUT, "model-card.json"), card)
    update_manifest(MODELS, manifest_entry(o, card))
    doc = {
        "note": "PyTorch (float16-rounded weights) greedy answers, outputs and probes of remaining-lm "
        "(tools/zoo/remaining/export.py).",
        "layer": o["layer"],
        "promptLayer": o["promptLayer"],
        "cases": fixtures(model, o),
    }
    os.makedirs(os.path.dirname(FIXTURES), exist_ok=True)
    with open(FIXTURES, "w", encoding="utf-8") as f:
        f.write(compact_json(doc) + "\n")
    print(compact_json(card["probes"]))


def manifest_entry(o, card):
    return {
        "name": "remaining-lm",
        "task": "remaining-length",
        "dir": "remaining-lm",
        "description": "Byte-level causal LM (4 layers) on prompts whose answer length they determine, with "
        "TRAIL-style remaining-length probes per layer (probes.safetensors).",
        "graphs": {"lm": "model.onnx", "analysis": "model.onnx"},
        "context": 512,
        "card": "model-card.json",
        "probes": {"file": "probes.safetensors", "defaultLayer": o["layer"], "promptLayer": o["promptLayer"]},
        "metrics": {
            "heldOutMaeRefined": round(o["heldOut"]["mae"]["refined"], 3),
            "heldOutMaePromptOnly": round(o["heldOut"]["mae"]["promptOnly"], 3),
            "ratio": card["probes"]["heldOut"]["ratio"],
        },
        "bytes": {f: os.path.getsize(os.path.join(OUT, f)) for f in FILES},
        "sha256": {f: sha256(os.path.join(OUT, f)) for f in FILES},
    }


if __name__ == "__main__":
    main()
