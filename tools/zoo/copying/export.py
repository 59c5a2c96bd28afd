"""Turns the checkpoints of train.py into the zoo: measures string accuracy against length in PyTorch,
exports the ONNX graphs, writes tokenizer.json (lens-lm's), config.json, model-card.json, the manifest
entries and test/fixtures/copy-zoo.reference.json.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.copying.export      (from the repository root)
"""
import argparse
import json
import os
import shutil
import sys
import time

import onnx
import torch

from ..cli import add_run_options, parse_run_options
from ..zoo_files import export_onnx, read_models, update_manifest, write_compact, write_json
from . import data as D
from .card import CONTEXT, NAMES, card_for, manifest_entry
from .fixtures import COLUMNS, fixtures_for
from .model import CopyGRU, CopyTransformer, GRUConfig, TransformerConfig
from .train import CACHE, checkpoint_path, string_accuracy

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
FIXTURES = os.path.join(ROOT, "test", "fixtures", "copy-zoo.reference.json")
LENGTHS = (5, 10, 20, 30, 40, 60, 80, 100, 120)


def load(cache, arch, tag):
    ck = torch.load(checkpoint_path(cache, arch + tag))
    c = ck["meta"]["config"]
    if arch == "transformer":
        m = CopyTransformer(
            TransformerConfig(d=c["d"], heads=c["heads"], windows=c["windows"], log_keys=c.get("logKeyScaling", False))
        )
    else:
        m = CopyGRU(GRUConfig(embed=c["embed"], hidden=c["hidden"]))
    m.load_state_dict(ck["state"])
    return m.eval(), ck["meta"]


def curve(m, samples, seed):
    """String accuracy at each of LENGTHS on `samples` strings per length (data.eval_strings)."""
    acc = [round(string_accuracy(m, D.eval_strings(L, samples, seed)), 4) for L in LENGTHS]
    return {
        "lengths": list(LENGTHS),
        "stringAccuracy": acc,
        "samples": samples,
        "seed": seed,
        "strings": "data.eval_strings(length, samples, seed): random.Random(seed * 1000 + length), a-z",
        "scoring": "teacher-forced greedy, PyTorch float32: every letter of the second s is the argmax",
    }


@torch.no_grad()
def source_reading(m, lengths, samples, seed):
    """Transformer only: per layer and head, the share of second-copy queries whose most attended key is
    the letter they must output in the first copy (query L+1+i predicts s[i], which sits at 1+i): how
    often a head reads the copy's source, as the dependencies view would show it."""
    if not isinstance(m, CopyTransformer):
        return None
    out = {}
    for L in lengths:
        ids = torch.tensor([D.row(s) for s in D.eval_strings(L, samples, seed)])
        _, atts = m(ids)
        q = torch.arange(L) + L + 1
        shares = [(a[:, :, q].argmax(-1) == (q - L)[None, None, :]).float().mean((0, 2)) for a in atts]
        out[str(L)] = [[round(v, 3) for v in h.tolist()] for h in shares]
    return {"lengths": out, "columns": "per layer, per head (windows as in architecture.windows)"}


class Graph(torch.nn.Module):
    """input_ids -> logits (the GRU); input_ids, attention_mask -> logits, attentions.{l} (the transformer,
    like the planted models' analysis graphs, so the dependency analyses can mask tokens out)."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask=None):
        logits, atts = self.m(input_ids) if attention_mask is None else self.m(input_ids, attention_mask)
        return (logits, *atts)


def export_graph(m, path):
    ids = torch.tensor([D.row("abc"), D.row("xyz")])
    if isinstance(m, CopyTransformer):
        names = ["logits"] + [f"attentions.{i}" for i in range(m.c.layers)]
        export_onnx(Graph(m), (ids, torch.ones_like(ids)), path, ["input_ids", "attention_mask"], names)
    else:
        export_onnx(Graph(m), (ids,), path, ["input_ids"], ["logits"])
    onnx.checker.check_model(onnx.load(path), full_check=True)


def config_json(m, meta):
    return {
        **m.c.to_dict(),
        "task": "copy",
        "n_ctx": CONTEXT,
        "bos_token_id": D.BOS,
        "trainLengths": [1, meta["options"]["max_length"]],
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--archs", default="transformer,gru")
    p.add_argument("--tag", default="", help="checkpoint name suffix of train.py --tag")
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--fixture-lengths", default="20,40")
    p.add_argument("--fixture-samples", type=int, default=100)
    add_run_options(p, seed=1, cache=CACHE)
    a = parse_run_options(p)
    fixtures = read_models(FIXTURES)  # the models this run does not export (--archs) are kept
    for arch in a.archs.split(","):
        name = NAMES[arch]
        m, meta = load(a.cache, arch, a.tag)
        t0 = time.time()
        ev = curve(m, a.samples, a.seed)
        ev["seconds"] = round(time.time() - t0, 1)
        ev["readsSource"] = source_reading(m, (20, 40), 50, a.seed)
        print(name, json.dumps(ev), flush=True)
        out = os.path.join(MODELS, name)
        os.makedirs(out, exist_ok=True)
        export_graph(m, os.path.join(out, "model.onnx"))
        shutil.copyfile(os.path.join(MODELS, "lens-lm", "tokenizer.json"), os.path.join(out, "tokenizer.json"))
        write_json(os.path.join(out, "config.json"), config_json(m, meta))
        write_json(os.path.join(out, "model-card.json"), card_for(name, m, meta, ev, " ".join(sys.argv[1:])))
        update_manifest(MODELS, manifest_entry(name, m, meta, out, ev))
        lengths = [int(x) for x in a.fixture_lengths.split(",")]
        fixtures[name] = fixtures_for(m, lengths, a.fixture_samples, a.seed)
    doc = {
        "note": "PyTorch reference of the copy zoo (tools/zoo/copying/fixtures.py): logits of whole copy rows "
        "(columns: the ids in `columns`) and per-string exact match (prompt s|, answer s) at two lengths",
        "columns": COLUMNS,
        "models": dict(sorted(fixtures.items())),
    }
    write_compact(FIXTURES, doc)


if __name__ == "__main__":
    main()
