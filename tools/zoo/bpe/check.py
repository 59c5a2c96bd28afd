"""Checks a shipped BPE zoo model from its files alone: rebuilds the PyTorch model from config.json and
model.safetensors (Hugging Face parameter names, float16), and compares its logits on the fixture texts with
test/fixtures/bpe/<name>.json (written by export.py from the training checkpoint) to 1e-4.

Usage (from the repository root): /usr/bin/python3 -m tools.zoo.bpe.check lens-gpt2 lens-llama
"""
import argparse
import json
import os

import torch

from ..zoo_files import read_safetensors
from .models import CausalLM, Config
from .tokenizer import EOT

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
MODELS = os.path.join(ROOT, "media", "models")
FIXTURES = os.path.join(ROOT, "test", "fixtures", "bpe")


def config_of(hf):
    """The recipe's Config from a Hugging Face config.json (gpt2 or llama)."""
    if hf["model_type"] == "gpt2":
        keys = dict(d=hf["n_embd"], layers=hf["n_layer"], heads=hf["n_head"], ff=hf["n_inner"], ctx=hf["n_positions"])
        return Config("gpt2", kv_heads=hf["n_head"], **keys)
    keys = dict(d=hf["hidden_size"], layers=hf["num_hidden_layers"], heads=hf["num_attention_heads"])
    keys |= dict(kv_heads=hf["num_key_value_heads"], ff=hf["intermediate_size"], ctx=hf["max_position_embeddings"])
    return Config("llama", **keys)


def check(name):
    folder = os.path.join(MODELS, name)
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        m = CausalLM(config_of(json.load(f))).eval()
    m.load_state_dict(read_safetensors(os.path.join(folder, "model.safetensors")))
    with open(os.path.join(FIXTURES, f"{name}.json"), encoding="utf-8") as f:
        fixture = json.load(f)
    worst = 0.0
    with torch.no_grad():
        for t in fixture["texts"]:
            logits = m.logits(torch.tensor([[EOT, *t["ids"]]]))[0]
            logp = torch.log_softmax(logits, dim=-1)
            nxt = t["ids"] + [EOT]
            got = logits[:, fixture["probeIds"]]
            worst = max(worst, (got - torch.tensor(t["probeLogits"])).abs().max().item())
            lp = logp[torch.arange(len(nxt)), torch.tensor(nxt)]
            worst = max(worst, (lp - torch.tensor(t["nextLogProb"])).abs().max().item())
    assert worst < 1e-4, f"{name}: logits from model.safetensors differ from the fixture by {worst}"
    print(f"{name}: model.safetensors + config.json reproduce the fixture's logits (largest difference {worst:.2e})")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("names", nargs="+", choices=["lens-gpt2", "lens-llama"])
    for n in p.parse_args().names:
        check(n)
