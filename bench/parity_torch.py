"""Peer of bench/parity.bench.ts: SGD steps per second of a 2-layer ReLU MLP on (n, k)-sparse parity in PyTorch.

The same work as Model Lens's trainRun: online batches of 32 fresh +/-1 examples, hinge loss, SGD (lr 0.1, weight
decay 0.01), one thread (torch.set_num_threads(1): Model Lens trains one run per worker thread). Prints one JSON
line: {"torch": version, "rows": [{"width": w, "steps": s, "seconds": t}]} (best of `repeats`).
Usage: parity_torch.py N K WIDTHS STEPS REPEATS   (WIDTHS and STEPS comma-separated, one STEPS per width)
"""
import json
import sys
import time

import torch


def run(n, k, width, steps):
    torch.manual_seed(1)
    support = torch.arange(k)
    model = torch.nn.Sequential(torch.nn.Linear(n, width), torch.nn.ReLU(), torch.nn.Linear(width, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.01)
    t0 = time.perf_counter()
    for _ in range(steps):
        x = torch.randint(0, 2, (32, n)).float() * 2 - 1
        y = x[:, support].prod(dim=1)
        loss = torch.clamp(1 - y * model(x)[:, 0], min=0).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter() - t0


def main():
    n, k = int(sys.argv[1]), int(sys.argv[2])
    widths = [int(w) for w in sys.argv[3].split(",")]
    steps = [int(s) for s in sys.argv[4].split(",")]
    repeats = int(sys.argv[5])
    torch.set_num_threads(1)
    rows = []
    for width, count in zip(widths, steps):
        seconds = min(run(n, k, width, count) for _ in range(repeats))
        rows.append({"width": width, "steps": count, "seconds": seconds})
    print(json.dumps({"torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
