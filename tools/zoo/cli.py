"""Command-line options every zoo recipe shares: the seed, the CPU threads and, where it keeps one, the cache."""

import torch


def add_run_options(p, seed=0, cache=None):
    """Adds --seed, --threads (and --cache when the recipe has a default cache path) to an ArgumentParser."""
    p.add_argument("--seed", type=int, default=seed)
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    if cache is not None:
        p.add_argument("--cache", default=cache)


def parse_run_options(p):
    """Parses the arguments and applies --threads to torch."""
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    return a
