"""Exports a trained lens-lm to ONNX, measures it, and writes its model card and test fixtures.

Writes media/models/lens-lm/: onnx/model.onnx (KV-cache graph for transformers.js generate()),
lens-lm.analysis.onnx (logits, attentions.{layer}, hidden_states.{layer}), config.json,
generation_config.json, tokenizer.json, tokenizer_config.json, model-card.json; and
test/fixtures/lens-lm.reference.json (PyTorch surprisal of test/fixtures/sample.ts).
Usage (from the repository root): /usr/bin/python3 -m tools.zoo.lens_lm.export
Environment: CHECKPOINT, META (default tools/zoo/.work/lens-lm.pt, train-meta.json), OUT (the model
folder, default media/models/lens-lm), QUICK=1 (skip the held-out metrics and the test fixture), BASELINE (the
JSON evaluate.py printed for the model this one continues, on the same held-out sets: kept in the card beside
the new figures).
The window (the manifest's context, the reference's windows) is the one the checkpoint was trained on (its
train-meta.json); the card's bits per byte are on 255-byte segments (as for every lens-lm) and, with a longer
window, on segments of that window too, beside copying at distances up to 900 bytes.
"""
import argparse
import json
import os

import numpy as np
import onnx
import torch

from ..zoo_files import export_onnx, sha256, update_manifest, write_json
from .corpus import build
from .evaluate import evaluate, surprisal_windows
from .model import AnalysisGraph, Config, LensLM, EOT, VOCAB

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
WORK = os.path.join(ROOT, "tools", "zoo", ".work")
OUT = os.environ.get("OUT", os.path.join(ROOT, "media", "models", "lens-lm"))
SHORT_WINDOW = 256
RECIPE_256 = "OPENBLAS_NUM_THREADS=1 BUDGET=1500 /usr/bin/python3 -m tools.zoo.lens_lm.train"


class WithPast(torch.nn.Module):
    """KV-cache graph in the layout transformers.js feeds. Layer 0's cache holds one extra head:
    the smear state of each position, so the next step can add its previous token's smear."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, position_ids, *past):
        m, c = self.m, self.m.c
        e = m.wte(input_ids)
        s = m.smear_down(e)
        all_s = torch.cat((past[0][:, c.heads], s), dim=1)
        padded = torch.cat((torch.zeros_like(s[:, :1]), all_s), dim=1)
        prev = padded[:, -(s.shape[1] + 1) : -1]
        x = e + m.smear_up(prev)
        presents = []
        for i, b in enumerate(m.blocks):
            pk, pv = past[2 * i], past[2 * i + 1]
            if i == 0:
                pk, pv = pk[:, : c.heads], pv[:, : c.heads]
            x, _, k, v = b(x, position_ids, attention_mask, pk, pv)
            if i == 0:
                k = torch.cat((k, all_s[:, None]), dim=1)
                v = torch.cat((v, all_s[:, None]), dim=1)
            presents += [k, v]
        x = m.ln_f(x)
        return (x @ m.wte.weight.T, *presents)


def export_analysis(m, path):
    c = m.c
    ids = torch.randint(0, 256, (1, 12))
    names = (
        ["logits"] + [f"attentions.{i}" for i in range(c.layers)] + [f"hidden_states.{i}" for i in range(c.layers + 1)]
    )
    export_onnx(AnalysisGraph(m), (ids, torch.ones_like(ids)), path, ["input_ids", "attention_mask"], names)


def export_with_past(m, path):
    c = m.c
    ids = torch.randint(0, 256, (1, 5))
    past_len = 3
    past, in_names, out_names = [], ["input_ids", "attention_mask", "position_ids"], ["logits"]
    axes = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for i in range(c.layers):
        heads = c.heads + 1 if i == 0 else c.heads
        for kind in ("key", "value"):
            past.append(torch.zeros(1, heads, past_len, c.hd))
            pn, on = f"past_key_values.{i}.{kind}", f"present.{i}.{kind}"
            in_names.append(pn)
            out_names.append(on)
            axes[pn] = {0: "batch_size", 2: "past_sequence_length"}
            axes[on] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    mask = torch.ones(1, past_len + 5, dtype=torch.long)
    pos = torch.arange(past_len, past_len + 5)[None]
    torch.onnx.export(
        WithPast(m),
        (ids, mask, pos, *past),
        path,
        input_names=in_names,
        output_names=out_names,
        dynamic_axes=axes,
        opset_version=17,
    )


def check_with_past(m):
    """The cached graph, run token by token from an empty past, must equal one full pass."""
    c = m.c
    ids = torch.randint(0, 256, (2, 9))
    full, _, _ = m(ids)
    wp = WithPast(m)
    past = []
    for i in range(c.layers):
        heads = c.heads + 1 if i == 0 else c.heads
        past += [torch.zeros(2, heads, 0, c.hd), torch.zeros(2, heads, 0, c.hd)]
    steps = []
    for t in range(ids.shape[1]):
        out = wp(ids[:, t : t + 1], torch.ones(2, t + 1, dtype=torch.long), torch.full((2, 1), t), *past)
        steps.append(out[0])
        past = list(out[1:])
    diff = (torch.cat(steps, dim=1) - full).abs().max().item()
    assert diff < 1e-4, f"KV-cache graph differs from the full pass by {diff}"
    return diff


def tokenizer_json():
    bs = list(range(ord("!"), ord("~") + 1))
    bs += list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    vocab = {chr(c): b for b, c in zip(bs, cs)}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": EOT,
                "content": "<|endoftext|>",
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": dict(sorted(vocab.items(), key=lambda kv: kv[1])) | {"<|endoftext|>": EOT},
            "merges": [],
        },
    }


def reference_fixture(m, window):
    text = open(os.path.join(ROOT, "test", "fixtures", "sample.ts"), encoding="utf-8").read()
    data = text.encode("utf-8")
    bits, top = surprisal_windows(m, data, window)
    write_json(
        os.path.join(ROOT, "test", "fixtures", "lens-lm.reference.json"),
        {
            "file": "sample.ts",
            "window": window,
            "bytes": len(data),
            "surprisal": [round(b, 6) for b in bits],
            "bitsPerByte": sum(bits) / len(data),
            "top5": [[int(i) for i in t] for t in top],
            "note": (
                f"PyTorch surprisal (bits) of each UTF-8 byte of sample.ts after <|endoftext|>, windows of {window} "
                f"with stride {window // 2}"
            ),
        },
    )


def main():
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    torch.manual_seed(0)
    ck = torch.load(os.environ.get("CHECKPOINT", os.path.join(WORK, "lens-lm.pt")))
    meta = json.load(open(os.environ.get("META", os.path.join(WORK, "train-meta.json"))))
    window = meta.get("window", SHORT_WINDOW)
    c = Config(**ck["config"])
    m = LensLM(c)
    m.load_state_dict(ck["state"])
    m.eval()
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    with torch.no_grad():
        kv_diff = check_with_past(m)
        export_analysis(m, os.path.join(OUT, "lens-lm.analysis.onnx"))
        export_with_past(m, os.path.join(OUT, "onnx", "model.onnx"))
        for f in ("lens-lm.analysis.onnx", "onnx/model.onnx"):
            onnx.checker.check_model(onnx.load(os.path.join(OUT, f)), full_check=True)
        if os.environ.get("QUICK") == "1":
            metrics = {}
        else:
            data, _ = build(ROOT)
            metrics = evaluate(m, data, SHORT_WINDOW, window if window > SHORT_WINDOW else None)
            reference_fixture(m, window)
    write_json(
        os.path.join(OUT, "config.json"),
        {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "vocab_size": VOCAB,
            "n_positions": c.ctx,
            "n_ctx": window,
            "n_embd": c.d,
            "n_layer": c.layers,
            "n_head": c.heads,
            "activation_function": "gelu_new",
            "bos_token_id": EOT,
            "eos_token_id": EOT,
            "pad_token_id": EOT,
            "use_cache": True,
            "model_lens": {
                "note": (
                    "rotary positions and a previous-token smear; layer 0's KV cache holds one extra head (the "
                    "smear state)"
                )
            },
        },
    )
    write_json(
        os.path.join(OUT, "generation_config.json"), {"bos_token_id": EOT, "eos_token_id": EOT, "pad_token_id": EOT}
    )
    write_json(os.path.join(OUT, "tokenizer.json"), tokenizer_json())
    write_json(
        os.path.join(OUT, "tokenizer_config.json"),
        {
            "tokenizer_class": "GPT2Tokenizer",
            "bos_token": "<|endoftext|>",
            "eos_token": "<|endoftext|>",
            "unk_token": "<|endoftext|>",
            "add_bos_token": False,
            "model_max_length": window,
        },
    )
    m.wte.weight.detach().numpy().astype("<f4").tofile(os.path.join(OUT, "embeddings.f32"))
    files = {
        f: {"bytes": os.path.getsize(os.path.join(OUT, f)), "sha256": sha256(os.path.join(OUT, f))}
        for f in ("onnx/model.onnx", "lens-lm.analysis.onnx", "tokenizer.json", "config.json", "embeddings.f32")
    }
    write_json(
        os.path.join(OUT, "model-card.json"),
        {
            "name": "lens-lm",
            "description": "Byte-level GPT-style causal LM on code and prose, trained offline on this machine.",
            "architecture": {
                **c.to_dict(),
                "headDim": c.hd,
                "positions": "rotary",
                "smear": "previous-token embedding, via a head_dim bottleneck",
                "vocab": VOCAB,
                "trainedContext": window,
            },
            "parameters": meta["params"],
            "trainingTokens": meta["trainingTokens"],
            "trainingSteps": meta["steps"],
            "trainingSeconds": meta["seconds"],
            "batch": meta["batch"],
            "seed": meta["seed"],
            "recipe": recipe(meta),
            **continuations(meta),
            "corpus": {
                "description": (
                    "Code: Python 3.11 standard library (/usr/lib/python3.11) and JS/TS sources of "
                    "permissively licensed packages under node_modules; prose: Python 3.11 documentation "
                    "sources (Debian python3.11-doc) and README.md files of the same packages. One file in 16 "
                    "is held out by path hash."
                ),
                **meta["corpus"],
            },
            "metrics": metrics,
            **baseline(),
            "kvCacheCheckMaxAbsDiff": kv_diff,
            "files": files,
            "outputs": {
                "onnx/model.onnx": "logits, present.{layer}.key/value (KV cache for transformers.js)",
                "lens-lm.analysis.onnx": (
                    "logits, attentions.{layer} [B,H,T,T], hidden_states.{0..layers} (0 = embeddings, last = "
                    "after the final LayerNorm)"
                ),
            },
        },
    )
    torch_dir = os.path.join(OUT, "torch")
    os.makedirs(torch_dir, exist_ok=True)
    np.savez(os.path.join(torch_dir, "state.npz"), **{k: v.numpy() for k, v in m.state_dict().items()})
    write_manifest(files, metrics, c.d, window)
    print(json.dumps(metrics, indent=1))


def baseline():
    """The card's record of the previous model's figures on the same held-out sets (BASELINE), if given."""
    path = os.environ.get("BASELINE")
    if not path:
        return {}
    return {
        "previousModelMetrics": {
            "note": "the 256-byte lens-lm this one continues, measured by evaluate.py on the same held-out sets",
            **json.load(open(path)),
        }
    }


def continuations(meta):
    """For a longer window: the card's record of the continuations that trained it (continuations.json)."""
    path = os.path.join(os.path.dirname(__file__), "continuations.json")
    if meta.get("window", SHORT_WINDOW) == SHORT_WINDOW or not os.path.exists(path):
        return {}
    with open(path) as f:
        return {"continuations": json.load(f)}


def recipe(meta):
    """The commands that rebuild this checkpoint: the 256-byte run, then (for a longer window) each continuation
    listed under the card's continuations, from the state.npz the one before it exported."""
    export = "/usr/bin/python3 -m tools.zoo.lens_lm.export"
    if meta.get("window", SHORT_WINDOW) == SHORT_WINDOW:
        return f"{RECIPE_256} && {export}"
    return (
        f"{RECIPE_256} && {export}, then for each run under continuations: OPENBLAS_NUM_THREADS=1 "
        "TORCH_THREADS=<torchThreads> LR=<lr> WARMUP=<warmup> BUDGET=<budgetSeconds> SEED=<seed> "
        f"/usr/bin/python3 -m tools.zoo.lens_lm.train --window {meta['window']} --init <the previous state.npz> "
        f"--init-card <its model-card.json> && {export}"
    )


def write_manifest(files, metrics, dim, window):
    """media/models/manifest.json: the embedded models the extension and CLI offer."""
    entry = {
        "name": "lens-lm",
        "task": "causal-lm",
        "dir": os.path.basename(OUT),
        "description": "Byte-level causal LM (4 layers) on code and prose; the default model.",
        "graphs": {"lm": "onnx/model.onnx", "analysis": "lens-lm.analysis.onnx"},
        "context": window,
        "bosTokenId": EOT,
        "card": "model-card.json",
        "embeddings": {"file": "embeddings.f32", "dtype": "float32-le", "shape": [VOCAB, dim]},
        "bytes": {f: v["bytes"] for f, v in files.items()},
        "sha256": {f: v["sha256"] for f, v in files.items()},
        "metrics": {k: metrics[k] for k in ("code", "prose", "copy", "long") if k in metrics},
    }
    update_manifest(os.path.dirname(OUT), entry)


if __name__ == "__main__":
    main()
