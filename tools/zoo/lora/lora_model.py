"""The lora-base model: lens-lm's blocks (tools/zoo/lens_lm/model.py: rotary attention written out,
fused qkv, GELU MLP; tied embeddings, no smear) where every adapted Linear takes a LoRA pair
(A [r,in], B [out,r]) as inputs: y = W x + b + B (A x). The LoRA scaling is folded into B by the
caller. A zero row/column is appended inside the graph so that rank 0 (A [0,in], B [out,0]) is
valid and gives the base model.
"""
import torch
import torch.nn as nn

from ..lens_lm import model as lens_lm

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


class Block(lens_lm.Block):
    """lens-lm's block (causal, rotary) whose every Linear adds its LoRA pair, when given one."""

    def linear(self, name, x, adapters=None):
        return lora_linear(getattr(self, name), x, (adapters or {}).get(name))


class LoraBase(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(VOCAB, c.d)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.layers)])
        self.ln_f = nn.LayerNorm(c.d)
        lens_lm.init_weights(self, c)

    def forward(self, ids, loras=None):
        """ids [B,T]; loras: {module name: (A [r,in], B·scaling [out,r])} or None."""
        loras = loras or {}
        T = ids.shape[1]
        pos = torch.arange(T)[None, :].expand(ids.shape[0], T)
        x = self.wte(ids)
        for i, b in enumerate(self.blocks):
            pairs = {k: loras[f"blocks.{i}.{k}"] for k in KINDS if f"blocks.{i}.{k}" in loras}
            x = b(x, pos, adapters=pairs)[0]
        return self.ln_f(x) @ self.wte.weight.T


class Exported(nn.Module):
    """ONNX wrapper: input_ids then, per module in module_names order, lora.<m>.A and lora.<m>.B."""

    def __init__(self, m):
        super().__init__()
        self.m = m
        self.names = module_names(m.c)

    def forward(self, input_ids, *ab):
        return self.m(input_ids, {n: (ab[2 * i], ab[2 * i + 1]) for i, n in enumerate(self.names)})
