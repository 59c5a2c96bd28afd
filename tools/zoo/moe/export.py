"""Turns train.py's checkpoints into zoo files: measures each model's greedy exact match on its whole
eval set in PyTorch (with the float16-rounded weights the graph stores), exports the ONNX graph
(input_ids -> logits, router_logits.{layer}), copies lens-lm's tokenizer.json, writes config.json,
model-card.json, the manifest entry and the eval set media/models/moe-data/<task>.json.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.moe.export --models moe-phonebook-e8,...
(from the repository root; checkpoints are read from --cache).
"""
import argparse
import json
import os
import shutil
import sys

import torch

from ..cli import add_run_options, parse_run_options
from ..positions.export import HALF_MIN, halve_weights
from ..zoo_files import export_onnx, round_weights, update_manifest, write_json
from . import data as D
from .card import card_for, manifest_entry
from .model import BOS, VOCAB, Config, Exported, MoELM
from .train import CACHE

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
DATA = os.path.join(MODELS, "moe-data")
PATHS_EVAL = {"count": 1000, "seed": 1_000_003}
DESCRIPTION = {
    "phonebook": "The whole phone book the phonebook models were trained on: prompt = a synthetic name and ':', "
    "answer = its 4-digit number. Greedy exact match of all 4 digits; chance 1e-4.",
    "paths": "Held-out length-2-path queries (graphs never seen in training): prompt = the edge list, '|', the "
    "query pair s t and ':'; answer 'y' if some u has edges s-u and u-t, else 'n'. Half y, half n; chance 50%%. "
    "%s",
}


def load(cache, name):
    """The checkpoint as an eval-mode model with its weights rounded as the graph stores them, and its meta."""
    ck = torch.load(os.path.join(cache, name + ".pt"))
    m = MoELM(Config.from_dict(ck["meta"]["config"]))
    m.load_state_dict(ck["state"])
    return round_weights(m.eval(), HALF_MIN), ck["meta"]


def eval_items(meta):
    """The eval set of a model's task, as training's data options define it."""
    d = meta["data"]
    if meta["config"]["task"] == "phonebook":
        return D.phonebook(d["entries"], d["bookSeed"])
    return D.paths(PATHS_EVAL["count"], d["vertices"], d["edges"], PATHS_EVAL["seed"])


def eval_doc(task, meta, items):
    d = meta["data"]
    text = DESCRIPTION[task]
    if task == "paths":
        text = text % ("|V| = %d vertices (letters a..), %d edges per graph." % (d["vertices"], d["edges"]))
    return {"task": task, "description": text, "data": d, "items": items}


def write_eval_set(path, doc):
    """The eval set as JSON with one item per line (the phone book has thousands)."""
    head = {k: v for k, v in doc.items() if k != "items"}
    lines = [json.dumps(it, ensure_ascii=False) for it in doc["items"]]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [\n' + ",\n".join(lines) + "\n]}\n")


def context_of(items):
    """Longest row (BOS, prompt, answer) of the eval set."""
    return max(1 + len(D.encode(it["prompt"])) + len(D.encode(it["answer"])) for it in items)


def export_graph(m, path):
    wrapped = Exported(m)
    ids = torch.tensor([[BOS] + D.encode("kalo veni:1234")])
    export_onnx(wrapped, (ids,), path, ["input_ids"], wrapped.output_names())
    halve_weights(path)


def config_json(m, context):
    """The model's own config, plus the Hugging Face names Model Lens reads from a model folder."""
    return {**m.c.to_dict(), "max_position_embeddings": context, "bos_token_id": BOS, "vocab_size": VOCAB}


def export_one(name, a):
    m, meta = load(a.cache, name)
    items = eval_items(meta)
    correct = D.greedy_correct(m, items)
    ev = {"accuracy": round(sum(correct) / len(items), 4), "items": len(items), "measured": "PyTorch, greedy"}
    if m.c.task == "paths":
        ev["chance"] = 0.5
    print(name, ev, flush=True)
    context = context_of(items)
    out = os.path.join(MODELS, name)
    os.makedirs(out, exist_ok=True)
    export_graph(m, os.path.join(out, "model.onnx"))
    shutil.copy(os.path.join(MODELS, "lens-lm", "tokenizer.json"), os.path.join(out, "tokenizer.json"))
    write_json(os.path.join(out, "config.json"), config_json(m, context))
    write_json(os.path.join(out, "model-card.json"), card_for(name, m, meta, ev, context, " ".join(sys.argv[1:])))
    update_manifest(MODELS, manifest_entry(name, m, out, ev, context))
    write_eval_set(os.path.join(DATA, m.c.task + ".json"), eval_doc(m.c.task, meta, items))
    return m, items, correct


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--models", required=True, help="comma-separated checkpoint (and zoo) names")
    add_run_options(p, cache=CACHE)
    a = parse_run_options(p)
    for name in a.models.split(","):
        export_one(name, a)


if __name__ == "__main__":
    main()
