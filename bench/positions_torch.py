"""PyTorch side of bench/positions.bench.ts: builds the positions model of tools/zoo/positions,
loads the weights from the exported ONNX file (zoo_files.load_onnx_weights), and decodes the given
problems with PPC the way Model Lens does (batched, a full forward pass per answer token, fed its own predicted IDs).
Run with the repository root importable (bench/positions.bench.ts sets PYTHONPATH to it):
PYTHONPATH=. python3 bench/positions_torch.py problems.json"""
import json
import sys
import time

import torch

from tools.zoo.positions.model import Config, PositionsLM
from tools.zoo.zoo_files import load_onnx_weights


def load(onnx_path, config_path):
    c = json.load(open(config_path))
    m = PositionsLM(
        Config(c["task"], c["method"], d=c["d"], layers=c["layers"], heads=c["heads"], max_position=c["maxPosition"])
    )
    return load_onnx_weights(m, onnx_path)


def decode(m, vocab, problems):
    index = {ch: i for i, ch in enumerate(vocab)}
    start, length = problems[0]["start"], len(problems[0]["tokens"])
    ids = torch.tensor([[index[t] for t in p["tokens"][:start]] for p in problems])
    pos = torch.tensor([p["ruleIds"][:start] for p in problems])
    with torch.no_grad():
        for _ in range(length - start):
            logits, pos_logits, _, _ = m(ids, pos)
            ids = torch.cat([ids, logits[:, -1].argmax(-1, keepdim=True)], 1)
            pos = torch.cat([pos, pos_logits[:, -1].argmax(-1, keepdim=True)], 1)
    return sum(1 for b, p in enumerate(problems) if [vocab[i] for i in ids[b, start:].tolist()] == p["tokens"][start:])


def main():
    torch.set_num_threads(2)
    job = json.load(open(sys.argv[1]))
    m = load(job["onnx"], job["config"])
    decode(m, job["vocab"], job["sets"][0][:8])
    t0 = time.perf_counter()
    correct = [decode(m, job["vocab"], s) for s in job["sets"]]
    print(json.dumps({"seconds": time.perf_counter() - t0, "correct": correct}))


main()
