"""Turns the checkpoints of train.py into the zoo: measures exact match against length in PyTorch (with the
float16-rounded weights the graph stores), exports the ONNX graph, writes config.json, model-card.json, the
manifest entry and test/fixtures/turing/pytorch-decodes.json.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.turing.export \\
    --models turing-addition=<checkpoint>,turing-addition-direct=<checkpoint>     (from the repository root)

`--out DIR` writes the model folders to DIR instead of media/models (no manifest entry, no fixtures).
"""
import argparse
import json
import os
import sys
import time

import onnx
import torch

from ..cli import add_run_options, parse_run_options
from ..positions.export import HALF_MIN, halve_weights
from ..zoo_files import export_onnx, read_models, round_weights, update_manifest, write_compact, write_json
from . import data as D
from .card import card_for, config_json, manifest_entry
from .evaluate import by_carry_chain, errors_by_cell, exact_curve, greedy_answer_accuracy
from .fixtures import fixtures_for
from .model import build
from .train import CACHE, checkpoint_path

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
FIXTURES = os.path.join(ROOT, "test", "fixtures", "turing", "pytorch-decodes.json")


def load(path):
    ck = torch.load(path)
    c = ck["meta"]["config"]
    m = build(c["d"], c["windows"], c.get("slopes"))
    m.load_state_dict(ck["state"])
    return round_weights(m.eval(), HALF_MIN), ck["meta"]


def evaluation(m, meta, a):
    o = meta["options"]
    task, scratchpad, top = o["task"], not o["direct"], o["max_length"]
    lengths = list(range(1, 2 * top + a.beyond + 1))
    t0 = time.time()
    ev = {
        "lengths": lengths,
        "exactMatch": exact_curve(m, task, scratchpad, lengths, a.samples, a.seed),
        "samples": a.samples,
        "seed": a.seed,
        "problems": "data.eval_problems(task, n, samples, seed): random.Random(seed * 1000 + n)",
        "scoring": "one teacher-forced pass, PyTorch float32: every generated token (after <bos> line0 |, "
        "through <eos>) is the argmax, which equals greedy decoding reproducing every line and the answer",
    }
    ev["byCarryChain"] = {
        "length": 2 * top,
        "columns": "longest carry chain: [exact, problems]",
        "rows": by_carry_chain(m, task, scratchpad, 2 * top, a.samples, a.seed),
    }
    ev["errorsByCell"] = {
        "samples": 100,
        "note": "one teacher-forced pass: per cell role (evaluate.cell_roles), [wrong argmax, cells]; and the role "
        "of each problem's first error",
        "byLength": {str(n): errors_by_cell(m, task, scratchpad, n, 100, a.seed) for n in (top, 2 * top)},
    }
    ev["answerAccuracyGreedy"] = {
        "samples": a.greedy_samples,
        "note": "greedy decoding token by token; only the answer line is compared (steps may differ)",
        "byLength": {
            str(n): greedy_answer_accuracy(m, task, scratchpad, n, a.greedy_samples, a.seed) for n in (top, 2 * top)
        },
    }
    ev["seconds"] = round(time.time() - t0, 1)
    return ev


class Graph(torch.nn.Module):
    """input_ids -> logits, attentions.{l}."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids):
        logits, atts = self.m(input_ids)
        return (logits, *atts)


def export_graph(m, path):
    ids = torch.tensor([D.tokens("addition", "57", "68")[0]] * 2)
    names = ["logits"] + [f"attentions.{i}" for i in range(m.c.layers)]
    export_onnx(Graph(m), (ids,), path, ["input_ids"], names)
    halve_weights(path)
    onnx.checker.check_model(onnx.load(path), full_check=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", required=True, help="name=checkpoint,... (a checkpoint name in --cache, or a path)")
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--greedy-samples", type=int, default=50)
    p.add_argument("--beyond", type=int, default=4, help="lengths measured past twice the training length")
    p.add_argument("--out", default="", help="write the model folders here (no manifest, no fixtures)")
    add_run_options(p, seed=1, cache=CACHE)
    a = parse_run_options(p)
    fixtures = read_models(FIXTURES)
    for spec in a.models.split(","):
        name, ck = spec.split("=")
        m, meta = load(ck if os.path.exists(ck) else checkpoint_path(a.cache, ck))
        ev = evaluation(m, meta, a)
        print(name, json.dumps(ev), flush=True)
        out = os.path.join(a.out or MODELS, name)
        os.makedirs(out, exist_ok=True)
        export_graph(m, os.path.join(out, "model.onnx"))
        write_json(os.path.join(out, "config.json"), config_json(m, meta))
        write_json(os.path.join(out, "model-card.json"), card_for(name, m, meta, ev, " ".join(sys.argv[1:])))
        if a.out:
            continue
        update_manifest(MODELS, manifest_entry(name, m, meta, out, ev))
        fixtures[name] = fixtures_for(m, meta, a.seed)
    if a.out:
        return
    doc = {
        "note": "PyTorch reference of the Turing-program zoo (tools/zoo/turing/fixtures.py): greedy decodes "
        "(full forward pass per token) of problems at lengths 3, trainMax and 2 x trainMax, and the "
        "teacher-forced logits of one problem",
        "vocab": D.VOCAB,
        "models": dict(sorted(fixtures.items())),
    }
    write_compact(FIXTURES, doc)


if __name__ == "__main__":
    main()
