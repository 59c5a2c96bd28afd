"""The BPE zoo models in Hugging Face's layouts and parameter names, so that their checkpoints read as GPT-2 and
Llama checkpoints do: `lens-gpt2` (GPT2LMHeadModel: learned positions wpe, Conv1D-style fused c_attn, LayerNorm,
GELU-tanh MLP c_fc/c_proj) and `lens-llama` (LlamaForCausalLM: RMSNorm, rotary (rotate-half), grouped-query
attention, SwiGLU gate_proj/up_proj/down_proj). Both tie the output layer to the token embedding.

`forward(input_ids, attention_mask, position_ids, *past)` is the graph Optimum exports: logits, then
present.{i}.key/value [batch, kv_heads, past + seq, head_dim]; attention_mask covers past and new tokens.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

VOCAB = 50257
MASKED = -1e9  # score of a key a query may not attend


class Config:
    def __init__(self, layout, d=64, layers=2, heads=4, kv_heads=4, ff=256, ctx=256):
        self.layout, self.d, self.layers, self.heads, self.kv_heads = layout, d, layers, heads, kv_heads
        self.ff, self.ctx, self.hd = ff, ctx, d // heads

    def to_dict(self):
        keys = ("layout", "d", "layers", "heads", "kv_heads", "ff", "ctx")
        return {k: getattr(self, k) for k in keys}


def attend(q, k, v, mask, groups):
    """Causal attention of q [B,H,T,hd] over k, v [B,KV,S,hd] (S = past + T), each kv head shared by `groups`
    query heads; mask [B,S] (1 = attend). Written out so the softmax of Q·Kᵀ is a tensor of the graph.
    Returns the output [B,H,T,hd] and the probabilities [B,H,T,S]."""
    T, S = q.shape[2], k.shape[2]
    if groups > 1:
        k, v = repeat_kv(k, groups), repeat_kv(v, groups)
    allowed = (torch.arange(S)[None, :] <= torch.arange(T)[:, None] + (S - T))[None, None]
    allowed = allowed & (mask[:, None, None, :] > 0)
    scores = (q @ k.transpose(-1, -2)) / math.sqrt(q.shape[-1])
    probs = torch.softmax(torch.where(allowed, scores, torch.full_like(scores, MASKED)), dim=-1)
    return probs @ v, probs


def repeat_kv(x, groups):
    """[B,KV,S,hd] → [B,KV*groups,S,hd], each kv head repeated for its group of query heads (as Llama does)."""
    B, KV, S, hd = x.shape
    return x[:, :, None].expand(B, KV, groups, S, hd).reshape(B, KV * groups, S, hd)


def with_past(k, v, past_k, past_v):
    return torch.cat((past_k, k), dim=2), torch.cat((past_v, v), dim=2)


class Conv1D(nn.Module):
    """GPT-2's Conv1D: a linear layer whose weight is [in, out] (y = x W + b)."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(n_in, n_out) * 0.02)
        self.bias = nn.Parameter(torch.zeros(n_out))

    def forward(self, x):
        return x @ self.weight + self.bias


class GPT2Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.c_attn = Conv1D(c.d, 3 * c.d)
        self.c_proj = Conv1D(c.d, c.d)

    def forward(self, x, mask, past_k, past_v):
        c, (B, T, _) = self.c, x.shape
        q, k, v = (t.view(B, T, c.heads, c.hd).transpose(1, 2) for t in self.c_attn(x).split(c.d, dim=2))
        k, v = with_past(k, v, past_k, past_v)
        y, self.probs = attend(q, k, v, mask, 1)
        y = y.transpose(1, 2).reshape(B, T, c.d)
        return self.c_proj(y), k, v


class GPT2MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_fc = Conv1D(c.d, c.ff)
        self.c_proj = Conv1D(c.ff, c.d)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class GPT2Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = nn.LayerNorm(c.d), GPT2Attention(c), nn.LayerNorm(c.d), GPT2MLP(c)

    def forward(self, x, mask, pos, past_k, past_v):
        a, k, v = self.attn(self.ln_1(x), mask, past_k, past_v)
        x = x + a
        return x + self.mlp(self.ln_2(x)), k, v


class GPT2Body(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(VOCAB, c.d)
        self.wpe = nn.Embedding(c.ctx, c.d)
        self.h = nn.ModuleList([GPT2Block(c) for _ in range(c.layers)])
        self.ln_f = nn.LayerNorm(c.d)
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.01)

    def embed(self, ids, pos):
        return self.wte(ids) + self.wpe(pos)


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


def rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def rope(q, k, pos, hd, theta=10000.0):
    """Llama's rotary embedding (rotate-half layout) at positions pos [B,T]."""
    inv = 1.0 / (theta ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
    ang = pos.to(torch.float32)[:, :, None] * inv[None, None, :]
    emb = torch.cat((ang, ang), dim=-1)[:, None]
    cos, sin = emb.cos(), emb.sin()
    return q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin


class LlamaAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.q_proj = nn.Linear(c.d, c.heads * c.hd, bias=False)
        self.k_proj = nn.Linear(c.d, c.kv_heads * c.hd, bias=False)
        self.v_proj = nn.Linear(c.d, c.kv_heads * c.hd, bias=False)
        self.o_proj = nn.Linear(c.heads * c.hd, c.d, bias=False)

    def forward(self, x, mask, pos, past_k, past_v):
        c, (B, T, _) = self.c, x.shape
        q = self.q_proj(x).view(B, T, c.heads, c.hd).transpose(1, 2)
        k = self.k_proj(x).view(B, T, c.kv_heads, c.hd).transpose(1, 2)
        v = self.v_proj(x).view(B, T, c.kv_heads, c.hd).transpose(1, 2)
        q, k = rope(q, k, pos, c.hd)
        k, v = with_past(k, v, past_k, past_v)
        y, self.probs = attend(q, k, v, mask, c.heads // c.kv_heads)
        y = y.transpose(1, 2).reshape(B, T, c.heads * c.hd)
        return self.o_proj(y), k, v


class LlamaMLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate_proj = nn.Linear(c.d, c.ff, bias=False)
        self.up_proj = nn.Linear(c.d, c.ff, bias=False)
        self.down_proj = nn.Linear(c.ff, c.d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.input_layernorm, self.self_attn = RMSNorm(c.d), LlamaAttention(c)
        self.post_attention_layernorm, self.mlp = RMSNorm(c.d), LlamaMLP(c)

    def forward(self, x, mask, pos, past_k, past_v):
        a, k, v = self.self_attn(self.input_layernorm(x), mask, pos, past_k, past_v)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), k, v


class LlamaBody(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.embed_tokens = nn.Embedding(VOCAB, c.d)
        self.layers = nn.ModuleList([LlamaLayer(c) for _ in range(c.layers)])
        self.norm = RMSNorm(c.d)
        nn.init.normal_(self.embed_tokens.weight, std=0.02)

    def embed(self, ids, pos):
        return self.embed_tokens(ids)


class CausalLM(nn.Module):
    """GPT2LMHeadModel (body `transformer`) or LlamaForCausalLM (body `model`), lm_head tied to the embedding."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        if c.layout == "gpt2":
            self.transformer = GPT2Body(c)
        else:
            self.model = LlamaBody(c)

    @property
    def body(self):
        return self.transformer if self.c.layout == "gpt2" else self.model

    def attentions(self):
        """The attention probabilities [B,H,T,S] of each layer in the last forward pass."""
        return [b.attn.probs if self.c.layout == "gpt2" else b.self_attn.probs for b in self.blocks()]

    def blocks(self):
        return self.body.h if self.c.layout == "gpt2" else self.body.layers

    def embedding(self):
        return self.body.wte.weight if self.c.layout == "gpt2" else self.body.embed_tokens.weight

    def final_norm(self):
        return self.body.ln_f if self.c.layout == "gpt2" else self.body.norm

    def empty_past(self, batch):
        c = self.c
        return [torch.zeros(batch, c.kv_heads, 0, c.hd) for _ in range(2 * c.layers)]

    def forward(self, input_ids, attention_mask, position_ids, *past):
        past = past if past else self.empty_past(input_ids.shape[0])
        x = self.body.embed(input_ids, position_ids)
        presents = []
        for i, block in enumerate(self.blocks()):
            x, k, v = block(x, attention_mask, position_ids, past[2 * i], past[2 * i + 1])
            presents += [k, v]
        logits = self.final_norm()(x) @ self.embedding().T
        return (logits, *presents)

    def logits(self, ids):
        """Logits of full rows [B,T] with no padding and no past."""
        pos = torch.arange(ids.shape[1])[None].expand(ids.shape[0], -1)
        return self(ids, torch.ones_like(ids), pos)[0]


def gpt2_config():
    return Config("gpt2", d=64, layers=2, heads=4, kv_heads=4, ff=256, ctx=256)


def llama_config():
    return Config("llama", d=64, layers=2, heads=4, kv_heads=2, ff=176, ctx=256)
