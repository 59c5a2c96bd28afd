"""Trains and exports the whole mixture-of-experts zoo: for each task, E in {1, 2, 4, 8, 16} experts of
width f with top-2 routing (E = 1: one expert of width 2f, top-1), dense 1x (d, FFN 2f: the MoEs'
active parameters) and dense 2x (2d, FFN 4f); same data, steps, batch and seed for every model of a task.
At most --jobs trainings at once (one torch thread each), then export.py and fixtures.py.

  OPENBLAS_NUM_THREADS=1 /usr/bin/python3 -m tools.zoo.moe.sweep          (from the repository root)
"""
import argparse
import os
import subprocess
import sys
import time

from ..cli import add_run_options, parse_run_options
from .train import CACHE

# Calibrated with short runs (see README.md): the phone book limited by capacity, the path task by width.
TASKS = {
    "phonebook": {
        **{"d": 32, "ffn": 16, "layers": 1, "book": 1000},
        **{"steps": 800, "batch": 512, "lr": 0.02, "warmup": 50},
    },
    "paths": {
        **{"d": 32, "ffn": 32, "layers": 2, "vertices": 8, "edges": 8, "queries": 10},
        **{"steps": 2000, "batch": 64, "lr": 0.005},
    },
}
EXPERTS = (1, 2, 4, 8, 16)


def variants(task):
    """(zoo name, train.py options) of the seven models of a task."""
    t = TASKS[task]
    d, f = t["d"], t["ffn"]
    common = [f"--{k}={v}" for k, v in t.items() if k not in ("d", "ffn")] + ["--task", task]
    out = []
    for e in EXPERTS:
        shape = ["--experts=1", "--top-k=1", f"--ffn={2 * f}"] if e == 1 else [f"--experts={e}", f"--ffn={f}"]
        out.append((f"moe-{task}-e{e}", common + shape + [f"--d={d}"]))
    out.append((f"moe-{task}-dense1x", common + ["--experts=0", "--top-k=0", f"--d={d}", f"--ffn={2 * f}"]))
    out.append((f"moe-{task}-dense2x", common + ["--experts=0", "--top-k=0", f"--d={2 * d}", f"--ffn={4 * f}"]))
    return out


def run_all(jobs, a):
    """Runs the trainings, at most a.jobs at once; returns the names whose training failed."""
    queue, running, failed = list(jobs), [], []
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    while queue or running:
        while queue and len(running) < a.jobs:
            name, opts = queue.pop(0)
            log = open(os.path.join(a.cache, name + ".log"), "w")
            cmd = [sys.executable, "-m", "tools.zoo.moe.train", "--name", name, "--cache", a.cache, *opts]
            cmd += ["--threads", str(a.threads), "--seed", str(a.seed)]
            running.append((name, subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), log))
            print("started", name, flush=True)
        time.sleep(2)
        for r in [r for r in running if r[1].poll() is not None]:
            running.remove(r)
            r[2].close()
            print("finished", r[0], "rc", r[1].returncode, flush=True)
            if r[1].returncode != 0:
                failed.append(r[0])
    return failed


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--tasks", default=",".join(TASKS))
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--variants", default="", help="train only these (e.g. e16,dense2x); default all")
    p.add_argument("--force", action="store_true", help="retrain models that already have a checkpoint")
    p.add_argument("--no-export", action="store_true")
    add_run_options(p, cache=CACHE)
    a = parse_run_options(p)
    os.makedirs(a.cache, exist_ok=True)
    models = [v for task in a.tasks.split(",") for v in variants(task)]
    todo = [(n, o) for n, o in models if a.force or not os.path.exists(os.path.join(a.cache, n + ".pt"))]
    if a.variants:
        todo = [(n, o) for n, o in todo if n.rsplit("-", 1)[1] in a.variants.split(",")]
    failed = run_all(todo, a)
    if failed:
        sys.exit("training failed: " + ", ".join(failed))
    if not a.no_export:
        names = ",".join(n for n, _ in models)
        export = [sys.executable, "-m", "tools.zoo.moe.export", "--models", names, "--cache", a.cache]
        subprocess.run(export, check=True)
        subprocess.run([sys.executable, "-m", "tools.zoo.moe.fixtures", "--cache", a.cache], check=True)


if __name__ == "__main__":
    main()
