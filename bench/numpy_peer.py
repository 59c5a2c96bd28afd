"""Helpers the numpy peers share (bench/lora_numpy.py, bench/numerics_numpy.py): best-of-N timing in
the peer's own process, and the BLAS numpy runs, as threadpoolctl reports it."""
import time


def best(fn, repeats, warmup=0):
    """The fastest of `repeats` runs of fn (seconds), after `warmup` untimed runs, and the last run's value."""
    for _ in range(warmup):
        fn()
    seconds, value = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = fn()
        seconds = min(seconds, time.perf_counter() - t0)
    return seconds, value


def blas():
    """The BLAS numpy runs and its kernel (OpenBLAS's core type), where threadpoolctl can tell."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "BLAS kernel unknown (no threadpoolctl)"
    info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(
        f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} x{i.get('num_threads')}" for i in info
    )
