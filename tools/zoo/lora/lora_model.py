"""The lora-base model: lens-lm's block layout (rotary attention written out, fused qkv, GELU MLP,
tied embeddings, no smear) where every adapted Linear takes a LoRA pair (A [r,in], B [out,r]) as
inputs: y = W x + b + B (A x). The LoRA scaling is folded into B by the caller. A zero row/column
is appended inside the graph so that rank 0 (A [0,in], B [out,0]) is valid and gives the base model.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import importlib.util as _u
_spec = _u.spec_from_file_location("lens_lm_model", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lens_lm", "model.py"))
_mod = _u.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
rotary = _mod.rotary

BOS = 256
VOCAB = 257
KINDS = ("qkv", "proj", "fc", "fc_proj")


class Config:
    def __init__(self, d=96, layers=3, heads=4, ctx=32):
        self.d, self.layers, self.heads, self.ctx, self.hd = d, layers, heads, ctx, d // heads

    def to_dict(self):
        return dict(d=self.d, layers=self.layers, heads=self.heads, ctx=self.ctx, vocab=VOCAB, bosTokenId=BOS)


def module_names(c):
    return [f"blocks.{i}.{k}" for i in range(c.layers) for k in KINDS]


def lora_linear(lin, x, pair):
    y = lin(x)
    if pair is None:
        return y
    a, b = pair
    a = torch.cat((a, torch.zeros(1, a.shape[1])), 0)  # rank 0 allowed
    b = torch.cat((b, torch.zeros(b.shape[0], 1)), 1)
    return y + (x @ a.T) @ b.T


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.ln1 = nn.LayerNorm(c.d)
        self.qkv = nn.Linear(c.d, 3 * c.d)
        self.proj = nn.Linear(c.d, c.d)
        self.ln2 = nn.LayerNorm(c.d)
        self.fc = nn.Linear(c.d, 4 * c.d)
        self.fc_proj = nn.Linear(4 * c.d, c.d)

    def forward(self, x, pos, lora):
        c = self.c
        B, T, _ = x.shape
        q, k, v = lora_linear(self.qkv, self.ln1(x), lora.get("qkv")).split(c.d, dim=2)
        q, k, v = (t.view(B, T, c.heads, c.hd).transpose(1, 2) for t in (q, k, v))
        q, k = rotary(q, pos, c.hd), rotary(k, pos, c.hd)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(c.hd)
        causal = torch.ones(T, T, dtype=torch.bool).tril()
        att = att.masked_fill(~causal, -1e9)
        y = (torch.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(B, T, c.d)
        x = x + lora_linear(self.proj, y, lora.get("proj"))
        h = F.gelu(lora_linear(self.fc, self.ln2(x), lora.get("fc")), approximate="tanh")
        return x + lora_linear(self.fc_proj, h, lora.get("fc_proj"))


class LoraBase(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(VOCAB, c.d)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.layers)])
        self.ln_f = nn.LayerNorm(c.d)
        nn.init.normal_(self.wte.weight, std=0.02)
        for b in self.blocks:
            nn.init.normal_(b.proj.weight, std=0.02 / math.sqrt(2 * c.layers))
            nn.init.normal_(b.fc_proj.weight, std=0.02 / math.sqrt(2 * c.layers))

    def forward(self, ids, loras=None):
        """ids [B,T]; loras: {module name: (A [r,in], B·scaling [out,r])} or None."""
        loras = loras or {}
        T = ids.shape[1]
        pos = torch.arange(T)[None, :].expand(ids.shape[0], T)
        x = self.wte(ids)
        for i, b in enumerate(self.blocks):
            x = b(x, pos, {k: loras[f"blocks.{i}.{k}"] for k in KINDS if f"blocks.{i}.{k}" in loras})
        return self.ln_f(x) @ self.wte.weight.T


class Exported(nn.Module):
    """ONNX wrapper: input_ids then, per module in module_names order, lora.<m>.A and lora.<m>.B."""

    def __init__(self, m):
        super().__init__()
        self.m = m
        self.names = module_names(m.c)

    def forward(self, input_ids, *ab):
        return self.m(input_ids, {n: (ab[2 * i], ab[2 * i + 1]) for i, n in enumerate(self.names)})
