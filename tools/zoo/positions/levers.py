"""Measures one trained addition model for the table of PPC levers (README.md, "PPC past 3x"): exact match at
chosen lengths on the probe's problems (200, seed 1, offset 0, weights rounded to float16 as the zoo stores
them), and exact match by longest carry chain at 2x and 3x of the zoo's 10 digits (probe problems and
carry-heavy ones). Appends one JSON line per model to --out.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.positions.levers --name seed0 --checkpoint X.pt
  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.positions.levers --name zoo \\
      --onnx media/models/positions-addition-ppc/model.onnx
"""
import argparse
import json
import time

import torch

from ..cli import add_run_options, parse_run_options
from . import decode as DC
from .chains import by_chain_heavy, by_chain_probe
from .export import load_graph, model_of, rounded


def load_any(checkpoint, onnx_path):
    """A PositionsLM from a train.py checkpoint or an exported graph, float16-rounded as the zoo stores it."""
    if onnx_path:
        return load_graph(onnx_path), {}
    ck = torch.load(checkpoint)
    m = model_of(ck["meta"]["config"])
    m.load_state_dict(ck["state"])
    return rounded(m), ck["meta"]


def pct(v):
    return "–" if v is None else f"{100 * v:.1f}".removesuffix(".0") + "%"


def table(path):
    """The README's table of levers from the JSON lines of --out."""
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    head = "| lever | 10 | 15 | 20 | 30 | 45 | carry-heavy 20 / 30 | chains ≥ 6 at 20 / 30 |"
    out = [head, "|" + "---|" * 8]
    for r in rows:
        em = r["exactMatch"]
        heavy = " / ".join(pct(t["exactMatchAll"]) for t in r["carryHeavy"])
        long = []
        for t in r["byCarryChain"]:
            k = sum(n for c, n in zip(t["chains"], t["problems"]) if c >= 6)
            hit = sum(n * (v or 0) for c, n, v in zip(t["chains"], t["problems"], t["exactMatch"]) if c >= 6)
            long.append(f"{pct(hit / k if k else None)} ({k})")
        cells = [pct(em.get(str(n))) for n in (10, 15, 20, 30, 45)]
        out.append("| " + " | ".join([r["name"], *cells, heavy, " / ".join(long)]) + " |")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", default="", help="the lever, as the table names it")
    p.add_argument("--checkpoint", default=None)
    p.add_argument("--onnx", default=None)
    p.add_argument("--lengths", default="10,15,20,30,45")
    p.add_argument("--chain-lengths", default="20,30")
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--per-chain", type=int, default=10)
    p.add_argument("--out", default="/tmp/positions-zoo/levers.jsonl")
    p.add_argument("--table", action="store_true", help="print the table of the models measured in --out")
    add_run_options(p, seed=1)
    a = parse_run_options(p)
    if a.table:
        print(table(a.out))
        return
    m, meta = load_any(a.checkpoint, a.onnx)
    t0 = time.time()
    row = {"name": a.name, "checkpoint": a.checkpoint or a.onnx, "recipe": meta.get("recipe"), "exactMatch": {}}
    for n in map(int, a.lengths.split(",")):
        row["exactMatch"][n] = DC.accuracy_at(m, "addition", n, DC.MODE[m.c.method], a.samples, a.seed)[0]
        print(a.name, n, row["exactMatch"][n], flush=True)
    chain_lengths = [int(n) for n in a.chain_lengths.split(",")]
    row["byCarryChain"] = [by_chain_probe(m, "addition", n, a.samples, a.seed) for n in chain_lengths]
    row["carryHeavy"] = [by_chain_heavy(m, n, a.per_chain, a.seed) for n in chain_lengths]
    row["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(row), flush=True)
    with open(a.out, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
