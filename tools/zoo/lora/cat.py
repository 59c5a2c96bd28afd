"""LoRA Soups CAT in PyTorch: learn one weight per (transformer block, LoRA) with base and LoRAs frozen.

Module m of block l computes  y = W x + b + sum_i w[l, i] s_i B_i A_i x,  fed to the graph as
A = stack_i(w[l, i] s_i A_i), B = concat_i(B_i) (PEFT's 'cat' layout; rank = sum r_i).

Parameterisations of w [layers, loras]:
  softmax  w[l, :] = softmax(logits[l, :])   (the paper's CAT), logits ~ N(0, 1) from torch.manual_seed(seed)
  free     w[l, i] = theta[l, i], unconstrained, initialised at 1

Objective (exactly Model Lens' scoreOnTask loss in src/core/analyses/lora/evaluate.ts): for each item,
ids = [BOS] + bytes(prompt) + bytes(answer) + [stop]; one teacher-forced forward pass over ids[:-1];
item loss = mean over the answer bytes and the stop byte of -log softmax(logits at the position before
the byte)[byte] (natural log); loss = mean of the item losses over the items.
"""
import torch
import torch.nn.functional as F

from .lora_model import BOS, VOCAB

NL = 10


def encode(ex, stop=NL):
    p = [BOS] + list(ex["prompt"].encode())
    a = list(ex["answer"].encode()) + [stop]
    return p, a


def task_batch(items):
    """Right-padded teacher-forcing batch. Padding comes after each row's last position and attention is
    causal, so every scored position sees exactly the item's own bytes (as one row per item would)."""
    enc = [encode(e) for e in items]
    T = max(len(p) + len(a) - 1 for p, a in enc)
    x = torch.full((len(items), T), BOS, dtype=torch.long)
    y = torch.full((len(items), T), -100, dtype=torch.long)
    for i, (p, a) in enumerate(enc):
        ids = p + a
        x[i, : len(ids) - 1] = torch.tensor(ids[:-1])
        y[i, len(p) - 1 : len(ids) - 1] = torch.tensor(a)
    return x, y


def task_loss(m, loras, batch):
    """Mean over items of the per-byte NLL of answer + stop (scoreOnTask's loss); also the per-item losses."""
    x, y = batch
    logits = m(x, loras)
    nll = F.cross_entropy(logits.reshape(-1, VOCAB), y.reshape(-1), ignore_index=-100, reduction="none").view(y.shape)
    mask = (y != -100).to(nll.dtype)
    per_item = (nll * mask).sum(1) / mask.sum(1)
    return per_item.mean(), per_item


def layer_feed(adapters, w, scaling, layers):
    """adapters: list of {module: (A, B)}; w [layers, n] (tensor, may require grad) -> graph LoRA inputs."""
    out = {}
    for n in adapters[0]:
        li = int(n.split(".")[1])
        assert 0 <= li < layers
        out[n] = (
            torch.cat([w[li, i] * scaling * ad[n][0] for i, ad in enumerate(adapters)], 0),
            torch.cat([ad[n][1] for ad in adapters], 1),
        )
    return out


def weights_of(param, theta):
    return torch.softmax(theta, dim=1) if param == "softmax" else theta


def loss_and_grad(m, adapters, scaling, items, param, theta):
    """The objective at theta (logits for softmax, weights for free) and its autograd gradient d loss / d theta."""
    theta = torch.tensor(theta, dtype=torch.float32, requires_grad=True)
    loss, _ = task_loss(m, layer_feed(adapters, weights_of(param, theta), scaling, m.c.layers), task_batch(items))
    loss.backward()
    return loss.item(), theta.grad.tolist()


def learn(m, adapters, scaling, items, param, steps=300, lr=0.05, seed=0, log_every=50):
    """Adam on theta, full batch (all dev items each step); returns the theta of the lowest dev loss seen."""
    L, n = m.c.layers, len(adapters)
    if param == "softmax":
        torch.manual_seed(seed)
        theta = torch.randn(L, n)
    else:
        theta = torch.ones(L, n)
    init = theta.tolist()
    theta.requires_grad_(True)
    opt = torch.optim.Adam([theta], lr=lr)
    batch = task_batch(items)
    best = (float("inf"), None, -1)
    log = []
    for step in range(steps + 1):
        loss, _ = task_loss(m, layer_feed(adapters, weights_of(param, theta), scaling, L), batch)
        if loss.item() < best[0]:
            best = (loss.item(), theta.detach().clone(), step)
        if step % log_every == 0 or step == steps:
            log.append((step, round(loss.item(), 5)))
        if step == steps:
            break
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    theta_best = best[1]
    return {
        "init": init,
        "theta": theta_best.tolist(),
        "weights": weights_of(param, theta_best).tolist(),
        "devLoss": best[0],
        "bestStep": best[2],
        "log": log,
    }
