"""Turns the checkpoints of train.py into the zoo: measures each model's accuracy against length in
PyTorch, exports the ONNX graph, writes config.json, model-card.json, the manifest entry and the
decoding fixtures that test/unit/positions checks onnxruntime-node against.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.positions.export      (from the repository root)
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

from ..cli import add_run_options, parse_run_options
from ..zoo_files import export_onnx, update_manifest, write_json
from . import data as D
from . import decode as DC
from .card import card_for, manifest_entry
from .chains import by_chain_heavy, by_chain_probe
from .decode_fixtures import fixtures_for
from .model import Config, Exported, PositionsLM
from .onnx_weights import state_from_onnx
from .train import METHODS, TASKS, checkpoint_path

HERE = os.path.dirname(os.path.abspath(__file__))

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
FIXTURES = os.path.join(ROOT, "test", "fixtures", "positions", "pytorch-decodes.json")
HALF_MIN = 64  # parameters this large are stored as float16 (the logit scales and constants stay float32)
MODE = DC.MODE


def model_of(c):
    """An untrained PositionsLM of a config.json (Config.to_dict)."""
    keys = dict(d="d", layers="layers", heads="heads", max_position="maxPosition", train_max_length="trainMaxLength")
    return PositionsLM(Config(c["task"], c["method"], **{k: c[v] for k, v in keys.items()}))


def rounded(m):
    """m in eval mode with its weights rounded as the zoo stores them (float16, see halve_weights)."""
    m.eval()
    with torch.no_grad():
        for q in m.parameters():
            if q.numel() >= HALF_MIN:
                q.copy_(q.half().float())
    return m


def load(cache, task, method):
    ck = torch.load(checkpoint_path(cache, task, method))
    m = model_of(ck["meta"]["config"])
    m.load_state_dict(ck["state"])
    return rounded(m), ck["meta"]


def load_graph(path):
    """The model of an exported folder or .onnx file (its config.json beside it), from the graph's weights."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        m = model_of(json.load(f))
    m.load_state_dict(state_from_onnx(os.path.join(folder, "model.onnx"), m))
    return rounded(m)


def refresh_chains(name, a):
    """Adds the tables by longest carry chain to an exported model's card (measured on its graph's weights, so
    no checkpoint is needed) and updates its manifest entry; the graph and the rest of the card stay."""
    out = os.path.join(MODELS, name)
    m = load_graph(out)
    path = os.path.join(out, "model-card.json")
    with open(path, encoding="utf-8") as f:
        card = json.load(f)
    card["evaluation"]["byCarryChain"] = by_carry_chain(m, m.c.task, a)
    write_json(path, card)
    update_manifest(MODELS, manifest_entry(name, m, out, card["evaluation"]))
    print(name, card["evaluation"]["byCarryChain"], flush=True)


def halve_weights(path):
    """Stores every float initializer of at least HALF_MIN values as float16 followed by a Cast to
    float32: half the bytes, and the graph still computes in float32 with exactly the rounded
    weights that load() gives the PyTorch model."""
    model = onnx.load(path)
    g = model.graph
    inits, casts = [], []
    for init in g.initializer:
        arr = numpy_helper.to_array(init)
        if init.data_type == onnx.TensorProto.FLOAT and arr.size >= HALF_MIN:
            half = numpy_helper.from_array(arr.astype(np.float16), init.name + ".fp16")
            inits.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=onnx.TensorProto.FLOAT))
        else:
            inits.append(init)
    del g.initializer[:]
    g.initializer.extend(inits)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, path)


def fits(m, task, n):
    span = n + 1 if task in D.ARITHMETIC else n
    if m.c.method == "absolute":
        return D.longest_sequence(task, n) <= m.c.max_position
    return span <= m.c.max_position - 1


def curves(m, task, a):
    """Exact match per length (offset 0) in the model's own mode, and for ppc: with the rule's IDs
    too, the share of predicted IDs equal to the rule's, and that share at random offsets."""
    out = {"lengths": list(range(1, a.max_length + 1)), "samples": a.samples, "seed": a.seed, "offset": 0}
    modes = [MODE[m.c.method]] + (["oracle"] if m.c.method == "ppc" else [])
    for mode in modes:
        acc, ids = [], []
        for n in out["lengths"]:
            if not fits(m, task, n):
                acc.append(None)
                ids.append(None)
                continue
            em, idacc = DC.accuracy_at(m, task, n, mode, a.samples, a.seed)
            acc.append(round(em, 4))
            ids.append(None if idacc is None else round(idacc, 5))
        out["exactMatch" if mode != "oracle" or m.c.method != "ppc" else "exactMatchOracleIds"] = acc
        if mode == "ppc":
            out["idAccuracy"] = ids
    if m.c.method == "ppc":
        out["idAccuracyRandomOffsets"] = random_offset_ids(m, task, a)
    if task in D.ARITHMETIC:
        out["byCarryChain"] = by_carry_chain(m, task, a)
    return out


def by_carry_chain(m, task, a):
    """Exact match by longest carry chain at 2x and 3x the training length (those within --max-length): on
    the probe's problems, and for addition on carry-heavy ones (--per-chain per chain length)."""
    T = m.c.train_max_length
    out = []
    for n in (2 * T, 3 * T):
        if n > a.max_length or not fits(m, task, n):
            continue
        out.append(by_chain_probe(m, task, n, a.samples, a.seed))
        if task == "addition":
            out.append(by_chain_heavy(m, n, a.per_chain, a.seed))
    return out


def random_offset_ids(m, task, a):
    """Within training lengths: predicted-ID accuracy and exact match with a random offset per problem."""
    hits = total = em = count = 0
    rng = D.rng_seeded(a.seed + 77)
    for n in range(1, m.c.train_max_length + 1):
        rows = []
        for _ in range(a.samples):
            problem = D.problem_random(task, n, rng)
            parsed = D.parse(problem, task)
            s = int(rng() * (m.c.max_position - D.id_span(task, parsed)))
            rows.append(D.couple(task, parsed, s))
        for (toks, ids, start), (gen, fed, pred) in zip(rows, DC.decode_batch(m, rows, "ppc")):
            hits += sum(p == r for p, r in zip(pred, ids[start:]))
            total += len(pred)
            em += gen == toks[start:]
            count += 1
    return {
        "lengths": [1, m.c.train_max_length],
        "offsets": "uniform in [0, maxPosition-1-span] per problem",
        "idAccuracy": round(hits / total, 5),
        "exactMatch": round(em / count, 4),
        "problems": count,
    }


def export_graph(m, path):
    ids = torch.tensor([[1, 2, 10, 3, 4, 11]])
    pos = torch.tensor([[2, 3, 3, 2, 3, 3]])
    wrapped = Exported(m)
    export_onnx(wrapped, (ids, pos), path, ["input_ids", "position_ids"], wrapped.output_names())
    halve_weights(path)


def compact_json(obj, indent=0):
    """JSON with one line per list of numbers or strings, so the fixtures stay readable."""
    pad = " " * (indent + 1)
    if isinstance(obj, dict):
        items = [f"{pad}{json.dumps(k)}: {compact_json(v, indent + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(obj, list) and any(isinstance(v, (dict, list)) for v in obj):
        return "[\n" + ",\n".join(pad + compact_json(v, indent + 1) for v in obj) + "\n" + " " * indent + "]"
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tasks", default=",".join(TASKS))
    p.add_argument("--methods", default=",".join(METHODS))
    p.add_argument("--max-length", type=int, default=30)
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--per-chain", type=int, default=10, help="carry-heavy problems per longest-chain length")
    add_run_options(p, seed=1, cache="/tmp/positions-zoo")
    p.add_argument("--no-fixtures", action="store_true")
    p.add_argument("--chains-only", action="store_true", help="add byCarryChain to the exported cards, nothing else")
    a = parse_run_options(p)
    if a.chains_only:
        for task in a.tasks.split(","):
            for method in a.methods.split(","):
                refresh_chains(f"positions-{task}-{method}", a)
        return
    fixtures = {}
    if os.path.exists(FIXTURES):
        with open(FIXTURES, encoding="utf-8") as f:
            fixtures = json.load(f).get("models", {})
    for task in a.tasks.split(","):
        for method in a.methods.split(","):
            name = f"positions-{task}-{method}"
            m, meta = load(a.cache, task, method)
            t0 = time.time()
            ev = curves(m, task, a)
            ev["seconds"] = round(time.time() - t0, 1)
            print(name, ev, flush=True)
            out = os.path.join(MODELS, name)
            os.makedirs(out, exist_ok=True)
            export_graph(m, os.path.join(out, "model.onnx"))
            write_json(os.path.join(out, "config.json"), m.c.to_dict())
            write_json(os.path.join(out, "model-card.json"), card_for(name, m, meta, ev, " ".join(sys.argv[1:])))
            update_manifest(MODELS, manifest_entry(name, m, out, ev))
            if not a.no_fixtures:
                fixtures[name] = fixtures_for(m, task)
    if not a.no_fixtures:
        doc = {
            "note": "PyTorch greedy decodes of the positions models (tools/zoo/positions/decode_fixtures.py): "
            "full forward pass per step, as decode.ts runs the ONNX graph; forward = logits of one "
            "pass over a whole rule sequence, first rows.",
            "models": dict(sorted(fixtures.items())),
        }
        os.makedirs(os.path.dirname(FIXTURES), exist_ok=True)
        with open(FIXTURES, "w", encoding="utf-8") as f:
            f.write(compact_json(doc) + "\n")


if __name__ == "__main__":
    main()
