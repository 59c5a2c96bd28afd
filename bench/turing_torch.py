"""PyTorch side of bench/turing.bench.ts: builds the Turing-program model of tools/zoo/turing from config.json,
loads the weights from the exported ONNX file (zoo_files.load_onnx_weights: the float16 values the graph stores),
and decodes each prompt greedily the way Model Lens does (one problem at a time, a full forward pass per token,
stopping at <eos> or the token budget). Run with the repository root importable (the bench sets PYTHONPATH):
PYTHONPATH=. python3 bench/turing_torch.py jobs.json   (jobs.json: {"folder", "jobs": [{"prompt", "limit"}]})"""
import json
import os
import sys
import time

import torch

from tools.zoo.turing.data import EOS
from tools.zoo.turing.model import build
from tools.zoo.zoo_files import load_onnx_weights


def load(folder):
    c = json.load(open(os.path.join(folder, "config.json")))
    windows = [[w or 0 for w in c["windows"]]] * c["layers"]
    slopes = [c["slopes"]] * c["layers"] if "slopes" in c else None
    return load_onnx_weights(build(c["d"], windows, slopes), os.path.join(folder, "model.onnx"))


@torch.no_grad()
def greedy(m, prompt, limit):
    ids, out = list(prompt), []
    while len(out) < limit:
        logits, _ = m(torch.tensor([ids]))
        t = int(logits[0, -1].argmax())
        out.append(t)
        ids.append(t)
        if t == EOS:
            break
    return out


def main():
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    job = json.load(open(sys.argv[1]))
    m = load(job["folder"])
    greedy(m, job["jobs"][0]["prompt"], 4)
    t0 = time.perf_counter()
    tokens = [greedy(m, j["prompt"], j["limit"]) for j in job["jobs"]]
    print(json.dumps({"seconds": time.perf_counter() - t0, "tokens": tokens, "torch": torch.__version__}))


main()
