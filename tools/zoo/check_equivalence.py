"""Checks that the zoo recipes, made one Python package with one model module and one schedule, still
compute what the code that trained the shipped models computed.

  /usr/bin/python3 -m tools.zoo.check_equivalence [--base REV]      (from the repository root, ~1 min)

1. Models: the same probe runs on the recipes at --base (extracted with `git archive`, imported as they
   were run then, in a child process) and on this package: initial weights after torch.manual_seed(0),
   the shipped weights' forward outputs (logits, attentions, KV-cache steps) on fixed inputs, and the
   gradients of a loss. Names must match and values must agree to --tol (expected: exactly).
2. Fixtures: the package's models against what the old code wrote: test/fixtures/lens-lm.reference.json,
   test/fixtures/positions/pytorch-decodes.json, test/fixtures/lora/cat-gradient.json, lora-base's
   reference logits and the planted models' held-out accuracy in their cards (rounded where stored).
3. Schedules: schedule.warmup_cosine against each recipe's former formula, written out below.
"""
import argparse
import importlib
import io
import json
import math
import os
import random
import struct
import subprocess
import sys
import tarfile
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

from .schedule import warmup_cosine
from .zoo_files import load_onnx_weights

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
BASE = "7040cdffd194e80cb5bed331ddbc2ba013e9f0e8"  # the last commit before tools/zoo became a package
PLANTED = ("planted-k1", "planted-k2", "planted-k3", "planted-k4")
POSITIONS = [f"positions-{t}-{m}" for t in ("addition", "copy") for m in ("ppc", "coupled", "absolute")]
# family: (recipe folder, modules imported by their old top-level names, the same modules in this package)
FAMILIES = {
    "lens-lm": ("lens_lm", ("model", "export"), ("lens_lm.model", "lens_lm.export")),
    "planted": ("planted", ("train",), ("planted.train",)),
    "lora": ("lora", ("lora_model",), ("lora.lora_model",)),
    "positions": ("positions", ("model",), ("positions.model",)),
}


def card(name, file="model-card.json"):
    with open(os.path.join(MODELS, name, file), encoding="utf-8") as f:
        return json.load(f)


def fixed_ids(vocab, shape, seed=1):
    return torch.randint(0, vocab, shape, generator=torch.Generator().manual_seed(seed))


def record(out, prefix, m, ids_loss):
    """Gradients of a loss of the model's outputs (computed by ids_loss()) w.r.t. every parameter."""
    m.zero_grad(set_to_none=True)
    ids_loss().backward()
    out.update({f"{prefix}.grad.{k}": q.grad for k, q in m.named_parameters() if q.grad is not None})


def initial(out, prefix, build):
    torch.manual_seed(0)
    out.update({f"{prefix}.init.{k}": v for k, v in build().state_dict().items()})


def probe_lens(model, export):
    out = {}
    initial(out, "lens-lm", lambda: model.LensLM(model.Config()))
    a = card("lens-lm")["architecture"]
    m = model.LensLM(model.Config(d=a["d"], layers=a["layers"], heads=a["heads"], ctx=a["ctx"]))
    state = np.load(os.path.join(MODELS, "lens-lm", "torch", "state.npz"))
    m.load_state_dict({k: torch.from_numpy(state[k]) for k in state.files})
    m.eval()
    ids = fixed_ids(257, (2, 40))
    mask = torch.ones_like(ids)
    mask[1, :6] = 0  # left padding in the second row
    with torch.no_grad():
        logits, atts, hidden = m(ids, mask)
        out.update(
            {
                "lens-lm.logits": logits,
                **{f"lens-lm.attentions.{i}": p for i, p in enumerate(atts)},
                **{f"lens-lm.hidden.{i}": h for i, h in enumerate(hidden)},
            }
        )
        wp, past = export.WithPast(m), []
        for i in range(m.c.layers):
            heads = m.c.heads + (1 if i == 0 else 0)
            past += [torch.zeros(2, heads, 0, m.c.hd)] * 2
        for t in range(8):  # the KV-cache graph, token by token
            step = wp(ids[:, t : t + 1], torch.ones(2, t + 1, dtype=torch.long), torch.full((2, 1), t), *past)
            out[f"lens-lm.kv.{t}"], past = step[0], list(step[1:])
    record(out, "lens-lm", m, lambda: F.cross_entropy(m(ids, mask)[0][:, :-1].reshape(-1, 257), ids[:, 1:].reshape(-1)))
    return out


def planted_config(train, name):
    a = card(name)["architecture"]
    return train.Config(d=a["d"], layers=a["layers"], heads=a["heads"], ctx=a["ctx"], vocab=a["vocab"])


def probe_planted(train):
    out = {}
    for name in PLANTED:
        initial(out, name, lambda: train.PlantedLM(planted_config(train, name)))
        c = planted_config(train, name)
        m = load_onnx_weights(train.PlantedLM(c), os.path.join(MODELS, name, "model.onnx"))
        ids = fixed_ids(c.vocab, (2, 65))
        with torch.no_grad():
            logits, atts, _ = m(ids, torch.ones_like(ids))
        out.update({f"{name}.logits": logits, **{f"{name}.attentions.{i}": p for i, p in enumerate(atts)}})
        record(out, name, m, lambda: F.cross_entropy(m(ids)[0][:, :-1].reshape(-1, c.vocab), ids[:, 1:].reshape(-1)))
    return out


def adapter(name):
    """{module: (A, B)} of a zoo adapter, read from its safetensors file."""
    with open(os.path.join(MODELS, name, "adapter_model.safetensors"), "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header, data = json.loads(f.read(n)), f.read()
    out = {}
    for key, t in header.items():
        if key != "__metadata__":
            a, b = t["data_offsets"]
            mod, ab = key.removeprefix("base_model.model.").split(".lora_")
            arr = np.frombuffer(data[a:b], dtype=np.float32).reshape(t["shape"]).copy()
            out.setdefault(mod, {})[ab[0]] = torch.from_numpy(arr)
    return {k: (v["A"], v["B"]) for k, v in out.items()}


def probe_lora(lora_model):
    out = {}
    initial(out, "lora-base", lambda: lora_model.LoraBase(lora_model.Config()))
    m = load_onnx_weights(lora_model.LoraBase(lora_model.Config()), os.path.join(MODELS, "lora-base", "model.onnx"))
    ids = fixed_ids(257, (3, 24))
    arith, words = adapter("lora-arith"), adapter("lora-words")
    merged = {
        n: (torch.cat((2.0 * 0.7 * arith[n][0], 2.0 * 0.4 * words[n][0])), torch.cat((arith[n][1], words[n][1]), 1))
        for n in arith
    }
    configs = {
        "base": None,
        "arith": {n: (A, 2.0 * B) for n, (A, B) in arith.items()},
        "cat": merged,
        "rank0": {n: (A[:0], B[:, :0]) for n, (A, B) in arith.items()},
    }
    with torch.no_grad():
        out.update({f"lora-base.logits.{k}": m(ids, lo) for k, lo in configs.items()})
    w = torch.tensor([0.7, 0.4], requires_grad=True)  # the gradient CAT learns from, and the base's

    def loss():
        feed = {n: (torch.cat((2.0 * w[0] * arith[n][0], 2.0 * w[1] * words[n][0])), merged[n][1]) for n in arith}
        return F.cross_entropy(m(ids, feed)[:, :-1].reshape(-1, 257), ids[:, 1:].reshape(-1))

    record(out, "lora-base", m, loss)
    out["lora-base.grad.weights"] = w.grad
    return out


def positions_model(model, name):
    c = card(name, "config.json")
    return model.PositionsLM(
        model.Config(
            c["task"], c["method"], d=c["d"], layers=c["layers"], heads=c["heads"], max_position=c["maxPosition"]
        )
    )


def probe_positions(model):
    out = {}
    for name in POSITIONS:
        initial(out, name, lambda: positions_model(model, name))
        m = load_onnx_weights(positions_model(model, name), os.path.join(MODELS, name, "model.onnx"))
        ids, pos = fixed_ids(13, (2, 30)), fixed_ids(m.c.max_position, (2, 30), seed=2)
        with torch.no_grad():
            logits, plogits, atts, _ = m(ids, pos)
            past = None
            for t in range(0, 30, 10):  # the key/value cache, ten tokens at a time
                step, _, _, past = m(ids[:, t : t + 10], pos[:, t : t + 10], past)
                out[f"{name}.cached.{t}"] = step
        out.update({f"{name}.logits": logits, **{f"{name}.attentions.{i}": p for i, p in enumerate(atts)}})
        if plogits is not None:
            out[f"{name}.position_logits"] = plogits
        record(out, name, m, lambda: F.cross_entropy(m(ids, pos)[0][:, :-1].reshape(-1, 13), ids[:, 1:].reshape(-1)))
    return out


PROBES = {"lens-lm": probe_lens, "planted": probe_planted, "lora": probe_lora, "positions": probe_positions}


def run_old(family, path):
    """In the child process: the old modules, imported by the names the old scripts used."""
    torch.set_num_threads(1)
    mods = [importlib.import_module(n) for n in FAMILIES[family][1]]
    out = PROBES[family](*mods)
    np.savez(path, **{k: v.detach().numpy() for k, v in out.items()})


def old_outputs(family, tree, work):
    folder = FAMILIES[family][0]
    path = os.path.join(work, family + ".npz")
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([os.path.join(tree, "tools", "zoo", folder), os.path.join(tree, "tools", "zoo")]),
    )
    subprocess.run(
        [sys.executable, "-m", "tools.zoo.check_equivalence", "--old", family, path], cwd=ROOT, env=env, check=True
    )
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def compare_models(base, tol):
    rows = {}
    with tempfile.TemporaryDirectory() as work:
        tree = os.path.join(work, "base")
        blob = subprocess.run(
            ["git", "archive", "--format=tar", base, "tools/zoo"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        tarfile.open(fileobj=io.BytesIO(blob)).extractall(tree)
        for family, (_, _, names) in FAMILIES.items():
            old = old_outputs(family, tree, work)
            new = {
                k: v.detach().numpy()
                for k, v in PROBES[family](*[importlib.import_module("tools.zoo." + n) for n in names]).items()
            }
            assert old.keys() == new.keys(), (family, sorted(set(old) ^ set(new)))
            for k in old:
                assert old[k].shape == new[k].shape, (k, old[k].shape, new[k].shape)
            kinds = {}
            for k in old:
                kind = "init" if ".init." in k else "grad" if ".grad." in k else "forward"
                d = float(np.abs(old[k].astype(np.float64) - new[k]).max()) if old[k].size else 0.0
                kinds[kind] = max(kinds.get(kind, 0.0), d)
            rows[family] = {"tensors": len(old), **kinds}
            assert max(kinds.values()) <= tol, (family, kinds)
    return rows


def fixture_lens():
    from .lens_lm.evaluate import surprisal_windows
    from .lens_lm.model import Config, LensLM

    ref = json.load(open(os.path.join(ROOT, "test", "fixtures", "lens-lm.reference.json")))
    a = card("lens-lm")["architecture"]
    m = LensLM(Config(d=a["d"], layers=a["layers"], heads=a["heads"], ctx=a["ctx"]))
    state = np.load(os.path.join(MODELS, "lens-lm", "torch", "state.npz"))
    m.load_state_dict({k: torch.from_numpy(state[k]) for k in state.files})
    data = open(os.path.join(ROOT, "test", "fixtures", "sample.ts"), "rb").read()
    bits, top = surprisal_windows(m.eval(), data, ref["window"])
    top_same = sum(list(map(int, t)) == r for t, r in zip(top, ref["top5"]))
    return {"surprisal": float(np.abs(np.array(bits) - ref["surprisal"]).max()), "top5 equal": f"{top_same}/{len(top)}"}


def fixture_positions():
    from .positions.decode_fixtures import fixtures_for
    from .positions import model

    ref = json.load(open(os.path.join(ROOT, "test", "fixtures", "positions", "pytorch-decodes.json")))["models"]
    out = {"logits": 0.0, "decodes equal": 0, "decodes": 0}
    for name in POSITIONS:
        m = load_onnx_weights(positions_model(model, name), os.path.join(MODELS, name, "model.onnx"))
        got, want = fixtures_for(m, m.c.task), ref[name]
        out["decodes equal"] += sum(g == w for g, w in zip(got["decodes"], want["decodes"]))
        out["decodes"] += len(want["decodes"])
        for k in ("logits", "positionLogits"):
            if k in want["forward"]:
                d = np.abs(np.array(got["forward"][k]) - np.array(want["forward"][k])).max()
                out["logits"] = max(out["logits"], float(d))
    return out


def fixture_lora():
    from .lora import cat
    from .lora.lora_model import BOS, Config, LoraBase

    m = load_onnx_weights(LoraBase(Config()), os.path.join(MODELS, "lora-base", "model.onnx"))
    c = card("lora-base")
    ref = c["reference"]
    with torch.no_grad():
        last = m(torch.tensor([ref["ids"]]))[0, -1]
    assert ref["ids"][0] == BOS
    items = [json.loads(line) for line in open(os.path.join(MODELS, "lora-base", "data", "dev.jsonl")) if line.strip()]
    grad_ref = json.load(open(os.path.join(ROOT, "test", "fixtures", "lora", "cat-gradient.json")))["points"]
    two = [adapter("lora-arith"), adapter("lora-words")]
    out = {"card lastLogits": float((last - torch.tensor(ref["lastLogits"])).abs().max())}
    for point, r in grad_ref.items():
        loss, grad = cat.loss_and_grad(m, two, 2.0, items, "softmax", r["logits"])
        out[f"cat {point} loss"] = abs(loss - r["loss"])
        out[f"cat {point} gradient"] = float(np.abs(np.array(grad) - np.array(r["gradient"])).max())
    check = c["cat"]["gradientCheck"]
    loss, grad = cat.loss_and_grad(m, two, 2.0, items, "softmax", check["logits"])
    out["card gradientCheck"] = max(abs(loss - check["loss"]), float(np.abs(np.array(grad) - check["gradient"]).max()))
    return out


def fixture_planted():
    from .planted import train

    out = {}
    for name in PLANTED:
        doc = card(name)
        m = load_onnx_weights(train.PlantedLM(planted_config(train, name)), os.path.join(MODELS, name, "model.onnx"))
        got = train.evaluate(m, argparse.Namespace(**doc["planted"]))
        want = doc["heldOut"]
        same = got["topKPrecision"] == want["topKPrecision"]
        out[name] = f"accuracy {got['accuracy']} (card {want['accuracy']}), top-k precision same: {same}"
        assert got["accuracy"] == want["accuracy"] and same, (name, got, want)
    return out


def check_schedules():
    """Each recipe's former formula, inline, against warmup_cosine: max |difference| and unequal values."""
    rng = random.Random(0)
    diff, unequal, n = {}, {}, {}

    def see(key, old, new):
        diff[key] = max(diff.get(key, 0.0), abs(old - new))
        unequal[key] = unequal.get(key, 0) + (old != new)
        n[key] = n.get(key, 0) + 1

    for peak in (2e-3, 3e-3, 5e-3, 1e-3, 0.0123):
        for steps, w in ((6000, 300), (3000, 300), (1500, 100), (1200, 50), (7, 3), (300, 300)):
            for s in range(steps):
                see(
                    "lora",
                    peak * min(1.0, (s + 1) / w) * 0.5 * (1 + math.cos(math.pi * s / steps)),
                    warmup_cosine(peak, s, w, s, steps),
                )
                old = (
                    peak * (s + 1) / w if s < w else peak * 0.5 * (1 + math.cos(math.pi * (s - w) / max(1, steps - w)))
                )
                see("positions", old, warmup_cosine(peak, s, w, s - w, max(1, steps - w), cosine_after_warmup=True))
                el, budget = rng.random() * 330, rng.choice((90.0, 150.0, 300.0))
                see(
                    "planted",
                    peak * min(1.0, (s + 1) / w) * 0.5 * (1 + math.cos(math.pi * min(1.0, el / budget))),
                    warmup_cosine(peak, s, w, min(1.0, el / budget)),
                )
                frac = rng.random()
                see(
                    "lens-lm",
                    peak * min(1.0, (s + 1) / 150) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac))),
                    warmup_cosine(peak, s, 150, frac, floor=0.1),
                )
    for key in diff:
        assert diff[key] <= 1e-12, (key, diff[key])
    return {k: {"points": n[k], "maxAbsDiff": diff[k], "unequal": unequal[k]} for k in diff}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", default=BASE, help="the revision whose recipes trained the shipped models")
    p.add_argument("--tol", type=float, default=0.0, help="largest difference allowed between old and new")
    p.add_argument("--old", nargs=2, metavar=("FAMILY", "NPZ"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.old:
        return run_old(*a.old)
    torch.set_num_threads(1)
    print("schedules", json.dumps(check_schedules()), flush=True)
    for family, row in compare_models(a.base, a.tol).items():
        print("old vs new", family, json.dumps(row), flush=True)
    for name, fn in (
        ("lens-lm", fixture_lens),
        ("positions", fixture_positions),
        ("lora", fixture_lora),
        ("planted", fixture_planted),
    ):
        print("fixtures", name, json.dumps(fn()), flush=True)


if __name__ == "__main__":
    main()
