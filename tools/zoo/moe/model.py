"""The mixture-of-experts zoo model: a small byte-level decoder (pre-LayerNorm blocks of causal
attention with rotary positions, then a feed-forward layer), where the feed-forward layer is either
dense (GELU-tanh, width `ffn`) or a mixture of E experts of width `ffn` with a linear router d -> E:
p = softmax(router(x)), the top-k experts kept and their gates renormalised over the top-k.

Every expert is computed densely and combined with the sparse gates (zero outside the top-k), which
exports to ONNX as plain MatMuls; `sparse=True` computes only the routed tokens of each expert
(the same numbers up to float rounding, faster in training when E is large).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..lens_lm.model import causal, rotary

VOCAB = 257  # 256 bytes + BOS
BOS = 256


class Config:
    """d: model width; ffn: width of one expert (or of the dense feed-forward layer); experts: E
    (0 = dense); top_k: experts per token (0 for dense)."""

    def __init__(self, task, d=64, ffn=64, experts=8, top_k=2, layers=2, heads=4):
        self.task, self.d, self.ffn, self.experts, self.top_k = task, d, ffn, experts, top_k
        self.layers, self.heads, self.hd = layers, heads, d // heads

    def to_dict(self):
        return {
            "task": self.task,
            "vocab": VOCAB,
            "bosTokenId": BOS,
            "d": self.d,
            "ffn": self.ffn,
            "experts": self.experts,
            "topK": self.top_k,
            "layers": self.layers,
            "heads": self.heads,
        }

    @staticmethod
    def from_dict(c):
        return Config(c["task"], c["d"], c["ffn"], c["experts"], c["topK"], c["layers"], c["heads"])


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        self.qkv = nn.Linear(c.d, 3 * c.d)
        self.proj = nn.Linear(c.d, c.d)

    def forward(self, x, pos):
        c = self.c
        B, T, _ = x.shape
        q, k, v = (t.view(B, T, c.heads, c.hd).transpose(1, 2) for t in self.qkv(x).split(c.d, dim=2))
        q, k = rotary(q, pos, c.hd), rotary(k, pos, c.hd)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(c.hd)
        p = torch.softmax(s.masked_fill(~causal(T, T)[None, None], -1e9), dim=-1)
        return self.proj((p @ v).transpose(1, 2).reshape(B, T, c.d))


class DenseFFN(nn.Module):
    def __init__(self, d, f):
        super().__init__()
        self.fc, self.out = nn.Linear(d, f), nn.Linear(f, d)

    def forward(self, x, sparse=False):
        return self.out(F.gelu(self.fc(x), approximate="tanh")), None


def top_k_gates(router_logits, k):
    """[.., E] router logits -> [.., E] gates: softmax, keep the k largest, renormalise over them
    (zero elsewhere). The k-th largest probability is the threshold, so no scatter is exported."""
    p = torch.softmax(router_logits, dim=-1)
    if k >= p.shape[-1]:
        return p
    kth = torch.topk(p, k, dim=-1).values[..., -1:]
    kept = p * (p >= kth).to(p.dtype)
    return kept / kept.sum(dim=-1, keepdim=True)


class MoEFFN(nn.Module):
    """E experts (fc: d -> f, GELU-tanh, out: f -> d, each with biases) and a bias-free router."""

    def __init__(self, d, f, experts, k):
        super().__init__()
        self.k = k
        self.router = nn.Linear(d, experts, bias=False)
        self.w1 = nn.Parameter(torch.randn(experts, d, f) / math.sqrt(d))
        self.b1 = nn.Parameter(torch.zeros(experts, f))
        self.w2 = nn.Parameter(torch.randn(experts, f, d) / math.sqrt(f) * 0.5)
        self.b2 = nn.Parameter(torch.zeros(experts, d))

    def forward(self, x, sparse=False):
        """x [B,T,d] -> y [B,T,d], router logits [B,T,E]."""
        z = self.router(x)
        g = top_k_gates(z, self.k)
        if sparse:
            return self.sparse(x, g), z
        h = F.gelu(torch.einsum("btd,edf->btef", x, self.w1) + self.b1, approximate="tanh")
        y = torch.einsum("btef,efd->bted", h, self.w2) + self.b2
        return (y * g[..., None]).sum(dim=2), z

    def sparse(self, x, g):
        flat, gf = x.reshape(-1, x.shape[-1]), g.reshape(-1, g.shape[-1])
        out = torch.zeros_like(flat)
        for e in range(gf.shape[-1]):
            idx = torch.nonzero(gf[:, e] > 0, as_tuple=True)[0]
            if idx.numel() == 0:
                continue
            h = F.gelu(flat[idx] @ self.w1[e] + self.b1[e], approximate="tanh")
            out.index_add_(0, idx, (h @ self.w2[e] + self.b2[e]) * gf[idx, e : e + 1])
        return out.view_as(x)


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln1, self.attn, self.ln2 = nn.LayerNorm(c.d), Attention(c), nn.LayerNorm(c.d)
        self.ffn = DenseFFN(c.d, c.ffn) if c.experts == 0 else MoEFFN(c.d, c.ffn, c.experts, c.top_k)

    def forward(self, x, pos, sparse=False):
        x = x + self.attn(self.ln1(x), pos)
        y, z = self.ffn(self.ln2(x), sparse)
        return x + y, z


class MoELM(nn.Module):
    """input_ids [B,T] -> logits [B,T,257] (tied embedding), router logits (one [B,T,E] per layer,
    empty for a dense model)."""

    def __init__(self, c):
        super().__init__()
        self.c = c
        self.wte = nn.Embedding(VOCAB, c.d)
        self.blocks = nn.ModuleList([Block(c) for _ in range(c.layers)])
        self.ln_f = nn.LayerNorm(c.d)
        nn.init.normal_(self.wte.weight, std=0.02 * math.sqrt(c.d))

    def forward(self, ids, sparse=False):
        T = ids.shape[1]
        pos = torch.arange(T)[None, :].expand(ids.shape[0], T)
        x = self.wte(ids)
        routers = []
        for b in self.blocks:
            x, z = b(x, pos, sparse)
            if z is not None:
                routers.append(z)
        return self.ln_f(x) @ self.wte.weight.T / math.sqrt(self.c.d), routers


def aux_loss(router_logits, k, valid):
    """Switch-style load-balancing loss E * sum_e f_e * P_e over the valid tokens: f_e = share of the
    k*T top-k slots that go to expert e, P_e = mean router probability of e (1 at uniform load)."""
    z = router_logits[valid]
    E = z.shape[-1]
    p = torch.softmax(z, dim=-1)
    chosen = torch.zeros_like(p).scatter_(1, torch.topk(p, min(k, E), dim=-1).indices, 1.0)
    f = chosen.sum(0) / (min(k, E) * z.shape[0])
    return E * (f * p.mean(0)).sum()


def count_params(c):
    """Parameters as papers-B §3 counts them, plus attention, norms and the (tied) embedding:
    FFN total = E*(2*d*f + f + d) and active = k*(2*d*f + f + d), router d*E."""
    expert = 2 * c.d * c.ffn + c.ffn + c.d
    n_experts, k = (1, 1) if c.experts == 0 else (c.experts, c.top_k)
    router = 0 if c.experts == 0 else c.d * c.experts
    attn = 4 * c.d * c.d + 4 * c.d + 4 * c.d  # qkv, proj (with biases), two LayerNorms
    shared = c.layers * (attn + router) + VOCAB * c.d + 2 * c.d
    return {
        "total": shared + c.layers * n_experts * expert,
        "active": shared + c.layers * k * expert,
        "ffnTotal": c.layers * n_experts * expert,
        "ffnActive": c.layers * k * expert,
        "router": c.layers * router,
        "attention": c.layers * attn,
        "embedding": VOCAB * c.d,
    }


class Exported(nn.Module):
    """The ONNX graph: input_ids -> logits, router_logits.{layer} (MoE only)."""

    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, ids):
        logits, routers = self.m(ids)
        return (logits, *routers)

    def output_names(self):
        return ["logits"] + ([f"router_logits.{i}" for i in range(self.m.c.layers)] if self.m.c.experts else [])
