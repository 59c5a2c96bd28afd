"""Writes test/fixtures/parity/mlp-grads.json: a 2-layer ReLU MLP's loss and gradients by PyTorch autograd.

Two cases, each with its weights, a batch and the expected mean loss, gradients and the parameters after one SGD
step (torch.optim.SGD with weight decay): hinge loss on one +/-1 output (sparse parity) and softmax cross-entropy
on three classes (the table MLP). The TypeScript test (test/unit/parity/mlp.test.ts) runs src/core's hand-written
backward pass on the same numbers. Run: /usr/bin/python3 tools/zoo/parity/fixtures.py
"""
import json
import pathlib

import torch

OUT = pathlib.Path(__file__).resolve().parents[3] / "test" / "fixtures" / "parity" / "mlp-grads.json"
LR, WD = 0.1, 0.01


def case(name, dims, width, outputs, batch, loss, seed):
    g = torch.Generator().manual_seed(seed)
    w1 = torch.randn(width, dims, generator=g)
    b1 = torch.randn(width, generator=g) * 0.5
    w2 = torch.randn(outputs, width, generator=g) * (1.5 if loss == "hinge" else 1.0)
    b2 = torch.randn(outputs, generator=g) * 0.1
    x = torch.randn(batch, dims, generator=g)
    if loss == "hinge":
        y = torch.randint(0, 2, (batch,), generator=g).float() * 2 - 1
    else:
        y = torch.randint(0, outputs, (batch,), generator=g)
    params = [p.clone().double().requires_grad_(True) for p in (w1, b1, w2, b2)]
    pw1, pb1, pw2, pb2 = params
    out = torch.relu(x.double() @ pw1.T + pb1) @ pw2.T + pb2
    if loss == "hinge":
        value = torch.clamp(1 - y.double() * out[:, 0], min=0).mean()
    else:
        value = torch.nn.functional.cross_entropy(out, y)
    value.backward()
    opt = torch.optim.SGD(params, lr=LR, weight_decay=WD)
    grads = [p.grad.clone() for p in params]
    opt.step()
    flat = lambda t: [float(v) for v in t.detach().reshape(-1)]
    return {
        "name": name,
        "loss": loss,
        "dims": dims,
        "width": width,
        "outputs": outputs,
        "batch": batch,
        "w1": flat(w1), "b1": flat(b1), "w2": flat(w2), "b2": flat(b2),
        "x": flat(x), "y": [float(v) for v in y],
        "value": float(value),
        "grads": {k: flat(t) for k, t in zip(("w1", "b1", "w2", "b2"), grads)},
        "stepped": {k: flat(p) for k, p in zip(("w1", "b1", "w2", "b2"), params)},
        "active": int((1 - y.double() * out[:, 0] > 0).sum()) if loss == "hinge" else batch,
    }


def main():
    cases = [case("hinge", 6, 5, 1, 8, "hinge", 17), case("xent", 4, 7, 3, 6, "xent", 18)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {"lr": LR, "weightDecay": WD, "torch": torch.__version__, "cases": cases}
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT}; hinge active margins {cases[0]['active']} of {cases[0]['batch']}")


if __name__ == "__main__":
    main()
