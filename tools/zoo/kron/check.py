"""The build-time checks of kron-mlp's graph: its hand-written backward pass against PyTorch autograd, and the
cosines of the Kronecker approximations of H = Σ vec(G_i) vec(G_i)ᵀ for one layer, computed exactly in numpy from
rank-1 gradients G_i = u_i v_iᵀ (u: output gradient, v: input), which test/unit/kronecker reproduces through
onnxruntime-node."""
import numpy as np
import torch
import torch.nn.functional as F

from .model import LAYERS, WithGradients


def autograd_grads(m, context, labels):
    """Per layer (v, u) = (input, d loss_b / d output) by autograd: the batch loss is the sum of the examples'
    cross-entropies, and examples do not interact, so the gradient at each row is that example's own."""
    logits, acts = m(context)
    outs = [acts[name][1] for name in LAYERS]
    loss = F.cross_entropy(logits, labels, reduction="sum")
    grads = torch.autograd.grad(loss, outs)
    return {name: (acts[name][0].detach(), g.detach()) for name, g in zip(LAYERS, grads)}


def handwritten_grads(m, context, labels):
    out = WithGradients(m)(context, labels)
    return {name: (out[1 + 2 * i], out[2 + 2 * i]) for i, name in enumerate(LAYERS)}


def max_differences(m, context, labels):
    """Largest |hand-written − autograd| over every layer's output gradients, in float32 and in float64."""
    res = {}
    for label, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        mm = m.to(dtype)
        with torch.no_grad():
            hand = handwritten_grads(mm, context, labels)
        auto = autograd_grads(mm, context, labels)
        res[label] = max(float((hand[k][1] - auto[k][1]).abs().max()) for k in LAYERS)
        res[label + "Activations"] = max(float((hand[k][0] - auto[k][0]).abs().max()) for k in LAYERS)
    m.to(torch.float32)
    return res


def cosines(u, v):
    """Cosines to H of the optimal Kronecker approximation, of L⊗R (Shampoo²) and of L^{1/2}⊗R^{1/2} (Shampoo), for
    G_i = u_i v_iᵀ (u: count × m, v: count × n), exactly: ‖H‖² = Σ_ij (u_i·u_j)² (v_i·v_j)²; ⟨H, A⊗B⟩ =
    Σ_i (u_iᵀ A u_i)(v_iᵀ B v_i); the optimal cosine is σ₁(ℛ(H)) / ‖H‖, σ₁² the top eigenvalue of
    S^{1/2} T S^{1/2} with S = (U Uᵀ)∘², T = (V Vᵀ)∘² (ℛ(H) = Σ vec(u_i u_iᵀ) vec(v_i v_iᵀ)ᵀ)."""
    u, v = np.asarray(u, np.float64), np.asarray(v, np.float64)
    s, t = (u @ u.T) ** 2, (v @ v.T) ** 2
    h = np.sqrt(float(np.sum(s * t)))
    ws, qs = np.linalg.eigh(s)
    root = (qs * np.sqrt(np.clip(ws, 0, None))) @ qs.T
    sigma = np.sqrt(max(0.0, float(np.linalg.eigvalsh(root @ t @ root)[-1])))
    big_l = u.T @ (u * (v * v).sum(1)[:, None])
    big_r = v.T @ (v * (u * u).sum(1)[:, None])

    def cos_of(a, b):
        inner = float(np.sum(np.einsum("im,mk,ik->i", u, a, u) * np.einsum("in,nk,ik->i", v, b, v)))
        return inner / (h * np.linalg.norm(a) * np.linalg.norm(b))

    return {
        "cosOptimal": sigma / h,
        "cosShampooSquared": cos_of(big_l, big_r),
        "cosShampoo": cos_of(sqrt_psd(big_l), sqrt_psd(big_r)),
    }


def sqrt_psd(a):
    w, q = np.linalg.eigh(a)
    return (q * np.sqrt(np.clip(w, 0, None))) @ q.T


def single_example_check():
    """One rank-1 gradient: H = vec(G) vec(G)ᵀ is itself a Kronecker product, so every cosine is 1."""
    rng = np.random.default_rng(0)
    c = cosines(rng.normal(size=(1, 5)), rng.normal(size=(1, 4)))
    assert all(abs(x - 1) < 1e-9 for x in c.values()), c
