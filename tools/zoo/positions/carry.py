"""Carry chains (the definition Model Lens's probe uses): for `a+b`, both operands zero-padded to n digits,
column i (from the units) carries out when a_i + b_i + carry_in >= 10; for `a*d`, when a_i * d + carry_in >= 10
(its carry out is then 1..8). The longest carry chain is the longest run of consecutive columns that carry out
(0 when none). `carry_heavy_addition` draws an n-digit addition whose longest chain is a given length (uniform
in 0..n by default), as the probe's carry-heavy sampler does.
"""


def carries(task, a, b):
    """Carry out of every column, units first."""
    if task == "addition":
        n = max(len(a), len(b))
        x, y = a.rjust(n, "0")[::-1], b.rjust(n, "0")[::-1]
        out, c = [], 0
        for i in range(n):
            c = (int(x[i]) + int(y[i]) + c) // 10
            out.append(c)
        return out
    d, out, c = int(b), [], 0
    for ch in a[::-1]:
        c = (int(ch) * d + c) // 10
        out.append(c)
    return out


def longest_run(flags):
    """Longest run of consecutive truthy values."""
    best = run = 0
    for f in flags:
        run = run + 1 if f else 0
        best = max(best, run)
    return best


def longest_chain(task, a, b):
    """Longest carry chain of `a+b` or `a*b` (None for tasks without carries)."""
    if task not in ("addition", "multiplication"):
        return None
    return longest_run(carries(task, a, b))


def _pattern(n, length, rng):
    """Carry-out flags (units first) whose longest run is exactly `length`: the run at a uniform start, a
    column without carry on each side, the other columns fair coins redrawn until no run is longer."""
    if length == 0:
        return [False] * n
    start = rng.randint(0, n - length)
    while True:
        flags = [rng.random() < 0.5 for _ in range(n)]
        flags[start : start + length] = [True] * length
        if start > 0:
            flags[start - 1] = False
        if start + length < n:
            flags[start + length] = False
        if longest_run(flags) == length:
            return flags


def _column(cin, cout, top, rng):
    """Digits (a_i, b_i) with the given carry in and out, uniform over the pairs that give them (the top
    column of a problem of several digits has no zero digit)."""
    low = 1 if top else 0
    pairs = [(x, y) for x in range(low, 10) for y in range(low, 10) if (x + y + cin >= 10) == cout]
    return pairs[rng.randrange(len(pairs))]


def carry_heavy_addition(n, rng, length=None):
    """Operands (a, b) of n digits each whose longest carry chain is `length` (default: uniform in 0..n)."""
    if length is None:
        length = rng.randint(0, n)
    flags = _pattern(n, length, rng)
    a, b, cin = [], [], 0
    for i, cout in enumerate(flags):
        x, y = _column(cin, cout, i == n - 1 and n > 1, rng)
        a.append(str(x))
        b.append(str(y))
        cin = int(cout)
    return "".join(a[::-1]), "".join(b[::-1])
