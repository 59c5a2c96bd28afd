"""Exports a trained BPE zoo model as Optimum does, measures it, and writes its card, manifest entry and fixtures.

Writes media/models/<name>/: onnx/model.onnx (inputs input_ids, attention_mask, position_ids,
past_key_values.{i}.key/value; outputs logits, present.{i}.key/value; dynamic axes; float16 weights cast to
float32), model.safetensors (float16, Hugging Face parameter names, lm_head tied so not stored), config.json,
generation_config.json, tokenizer.json, tokenizer_config.json, model-card.json; test/fixtures/bpe/<name>.json
(PyTorch logits on a few texts); and the model's entry in media/models/manifest.json.
Usage (from the repository root): /usr/bin/python3 -m tools.zoo.bpe.export lens-gpt2
"""
import argparse
import json
import os
import subprocess

import onnx
import torch

from ..positions.export import halve_weights
from ..zoo_files import kv_cache_diff, round_weights, sha256, update_manifest, write_compact, write_json
from ..zoo_files import write_safetensors
from .corpus import WORK
from .evaluate import evaluate
from .models import VOCAB, CausalLM, Config
from .tokenizer import EOT, tokenizer_config, write_tokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
FIXTURES = os.path.join(ROOT, "test", "fixtures", "bpe")
HALF_MIN = 64
TEXTS = [
    "def mean(xs):\n    return sum(xs) / len(xs)\n",
    "The quick brown fox jumps over the lazy dog. It was not amused.",
    "naïve café — 日本語のテキスト 🎉 emoji, Ω≈ç√\n",
]
PROBE_IDS = [0, 11, 13, 198, 220, 262, 284, 50256]


def load(name):
    ck = torch.load(os.path.join(WORK, f"{name}.pt"))
    m = CausalLM(Config(**ck["config"]))
    m.load_state_dict(ck["state"])
    return round_weights(m.eval(), HALF_MIN), ck["training"]


def io_names(c):
    past = [f"past_key_values.{i}.{kind}" for i in range(c.layers) for kind in ("key", "value")]
    present = [f"present.{i}.{kind}" for i in range(c.layers) for kind in ("key", "value")]
    return ["input_ids", "attention_mask", "position_ids", *past], ["logits", *present]


def export_graph(m, path):
    c = m.c
    ins, outs = io_names(c)
    seq, total = "sequence_length", "past_sequence_length + sequence_length"
    axes = {"input_ids": {0: "batch_size", 1: seq}, "position_ids": {0: "batch_size", 1: seq}}
    axes |= {"attention_mask": {0: "batch_size", 1: total}, "logits": {0: "batch_size", 1: seq}}
    axes |= {n: {0: "batch_size", 2: "past_sequence_length"} for n in ins[3:]}
    axes |= {n: {0: "batch_size", 2: total} for n in outs[1:]}
    past_len, T = 3, 5
    ids = torch.randint(0, VOCAB, (1, T))
    past = [torch.randn(1, c.kv_heads, past_len, c.hd) for _ in range(2 * c.layers)]
    args = (ids, torch.ones(1, past_len + T, dtype=torch.long), torch.arange(past_len, past_len + T)[None], *past)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            m,
            args,
            path,
            input_names=ins,
            output_names=outs,
            dynamic_axes=axes,
            opset_version=17,
            do_constant_folding=False,
        )
    halve_weights(path)


def check_with_past(m):
    """Token by token from an empty past must equal one full pass (max |difference| of the logits)."""
    ids = torch.randint(0, VOCAB, (2, 9))
    return kv_cache_diff(m, ids, m.logits(ids), m.empty_past(2))


def encode(texts):
    tok = os.path.join(WORK, "tokenizer.json")
    script = os.path.join(ROOT, "tools", "zoo", "bpe", "encode.mjs")
    out = subprocess.run(["node", script, tok], input=json.dumps(texts), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def fixture(m, name):
    """PyTorch logits of each text after <|endoftext|>: at PROBE_IDS and at the next token, and the top 5; and the
    attention probabilities [layer][head][query][key] of the last (multi-byte) text."""
    rows = []
    for text, ids in zip(TEXTS, encode(TEXTS)):
        x = torch.tensor([[EOT, *ids]])
        logits = m.logits(x)[0]
        logp = torch.log_softmax(logits, dim=-1)
        nxt = ids + [EOT]
        rows.append(
            {
                "text": text,
                "ids": ids,
                "probeLogits": [[round(v, 5) for v in logits[t, PROBE_IDS].tolist()] for t in range(len(nxt))],
                "nextLogProb": [round(logp[t, nxt[t]].item(), 5) for t in range(len(nxt))],
                "top5": [torch.topk(logits[t], 5).indices.tolist() for t in range(len(nxt))],
            }
        )
    m.logits(torch.tensor([[EOT, *encode(TEXTS[-1:])[0]]]))
    attentions = [[[[round(p, 6) for p in row] for row in head] for head in a[0].tolist()] for a in m.attentions()]
    note = f"PyTorch {name} (tools/zoo/bpe/export.py, float16-rounded weights): logits after <|endoftext|>"
    write_compact(
        os.path.join(FIXTURES, f"{name}.json"),
        {"note": note, "probeIds": PROBE_IDS, "texts": rows, "attentionsOfLastText": attentions},
    )


def hf_config(c):
    if c.layout == "gpt2":
        return {
            "model_type": "gpt2",
            "architectures": ["GPT2LMHeadModel"],
            "vocab_size": VOCAB,
            "n_positions": c.ctx,
            "n_ctx": c.ctx,
            "n_embd": c.d,
            "n_layer": c.layers,
            "n_head": c.heads,
            "n_inner": c.ff,
            "activation_function": "gelu_new",
            "layer_norm_epsilon": 1e-5,
            "tie_word_embeddings": True,
            "bos_token_id": EOT,
            "eos_token_id": EOT,
            "use_cache": True,
            "torch_dtype": "float16",
        }
    return {
        "model_type": "llama",
        "architectures": ["LlamaForCausalLM"],
        "vocab_size": VOCAB,
        "max_position_embeddings": c.ctx,
        "hidden_size": c.d,
        "intermediate_size": c.ff,
        "num_hidden_layers": c.layers,
        "num_attention_heads": c.heads,
        "num_key_value_heads": c.kv_heads,
        "head_dim": c.hd,
        "hidden_act": "silu",
        "rms_norm_eps": 1e-5,
        "rope_theta": 10000.0,
        "attention_bias": False,
        "mlp_bias": False,
        "tie_word_embeddings": True,
        "bos_token_id": EOT,
        "eos_token_id": EOT,
        "use_cache": True,
        "torch_dtype": "float16",
    }


def write_folder(m, name, out):
    export_graph(m, os.path.join(out, "onnx", "model.onnx"))
    onnx.checker.check_model(onnx.load(os.path.join(out, "onnx", "model.onnx")), full_check=True)
    state = {k: v for k, v in m.state_dict().items() if not k.startswith("lm_head")}
    write_safetensors(os.path.join(out, "model.safetensors"), state, "F16")
    write_json(os.path.join(out, "config.json"), hf_config(m.c))
    write_json(os.path.join(out, "generation_config.json"), {"bos_token_id": EOT, "eos_token_id": EOT})
    write_tokenizer(os.path.join(out, "tokenizer.json"))
    write_json(os.path.join(out, "tokenizer_config.json"), tokenizer_config(m.c.ctx))


FILES = ("onnx/model.onnx", "model.safetensors", "tokenizer.json", "config.json")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("name", choices=["lens-gpt2", "lens-llama"])
    name = p.parse_args().name
    torch.manual_seed(0)
    m, training = load(name)
    out = os.path.join(MODELS, name)
    with torch.no_grad():
        kv_diff = check_with_past(m)
        write_folder(m, name, out)
        fixture(m, name)
        metrics = evaluate(m)
    from .card import write_card

    files = {f: {"bytes": os.path.getsize(os.path.join(out, f)), "sha256": sha256(os.path.join(out, f))} for f in FILES}
    write_card(out, name, m, training, metrics, kv_diff, files)
    update_manifest(MODELS, manifest_entry(name, m.c, files, metrics))
    print(json.dumps(metrics, indent=1))


def manifest_entry(name, c, files, metrics):
    layout = "GPT-2 layout (fused c_attn, learned positions)" if c.layout == "gpt2" else "Llama layout (RMSNorm, "
    layout += "" if c.layout == "gpt2" else f"rotary, {c.heads} query / {c.kv_heads} key-value heads, SwiGLU)"
    return {
        "name": name,
        "task": "causal-lm",
        "dir": name,
        "description": f"GPT-2 BPE causal LM ({c.layers} layers, {layout}) on code and prose, an Optimum-style export.",
        "graphs": {"lm": "onnx/model.onnx"},
        "context": c.ctx,
        "bosTokenId": EOT,
        "card": "model-card.json",
        "bytes": {f: v["bytes"] for f, v in files.items()},
        "sha256": {f: v["sha256"] for f, v in files.items()},
        "metrics": metrics,
    }


if __name__ == "__main__":
    main()
