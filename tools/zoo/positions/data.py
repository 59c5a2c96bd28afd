"""Problems and their coupled position IDs, exactly as Model Lens computes them in TypeScript:
the rules of src/core/analyses/positions/couplingRules.ts (addition with padAnswer and
padOperands true, as in Cho et al.; copy), the offset draw of couple.ts (`offsetChoose`), the random problems of
problemRandom.ts and the mulberry32 generator of src/core/random/rng.ts, so that the accuracy
curves in the model cards are measured on the very problems `model-lens length-probe` draws.
"""
import random

VOCAB = "0123456789+=|"
TOK = {c: i for i, c in enumerate(VOCAB)}
TRAIN_MAX_LENGTH = 10
M32 = 0xFFFFFFFF


def rng_seeded(seed):
    """mulberry32, bit for bit as rngSeeded in src/core/random/rng.ts: uniform floats in [0, 1)."""
    state = seed & M32

    def imul(a, b):
        return (a * b) & M32

    def nxt():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        z = state
        z = imul(z ^ (z >> 15), z | 1)
        z = (z ^ ((z + imul(z ^ (z >> 7), z | 61)) & M32)) & M32
        return ((z ^ (z >> 14)) & M32) / 4294967296

    return nxt


def probe_seed(seed, length):
    """Seed of the problems of one length in a length probe (lengthProbe.ts: probeSeed)."""
    return (seed * 1000 + length) & M32


def _digits(n, rng):
    s = ""
    for i in range(n):
        first = i == 0 and n > 1
        s += str(int(rng() * (9 if first else 10)) + (1 if first else 0))
    return s


def problem_random(task, n, rng):
    """problemRandom.ts: two n-digit operands `a+b=`, or n symbols from the digits then `|`."""
    if task == "addition":
        a = _digits(n, rng)
        return f"{a}+{_digits(n, rng)}="
    return "".join("0123456789"[int(rng() * 10)] for _ in range(n)) + "|"


def parse(problem, task):
    """The operands (addition) or the input string (copy) of a problem without its answer."""
    if task == "addition":
        a, rest = problem.split("+")
        return a, rest.rstrip("=")
    return problem.rstrip("|")


def id_span(task, parsed):
    """Largest rule ID at offset 0 (couplingRules.ts: idSpan)."""
    if task == "addition":
        return max(len(parsed[0]), len(parsed[1])) + 1
    return len(parsed)


def couple(task, parsed, s):
    """(tokens, rule IDs, index of the first answer token) at offset s. Addition operands are
    zero-padded to the longer one's length (couple(..., { padOperands: true })): every ID of the
    prompt then has exactly one digit of each operand."""
    toks, ids = [], []
    if task == "addition":
        L = max(len(parsed[0]), len(parsed[1]))
        a, b = parsed[0].rjust(L, "0"), parsed[1].rjust(L, "0")
        e = s + L + 1
        for x, op in ((a, "+"), (b, "=")):
            for k, ch in enumerate(x):
                toks.append(ch)
                ids.append(e - 1 - (len(x) - 1 - k))
            toks.append(op)
            ids.append(e)
        answer = str(int(a) + int(b))[::-1].ljust(L + 1, "0")
        start = len(toks)
        for j, ch in enumerate(answer):
            toks.append(ch)
            ids.append(e - 1 - j)
        return toks, ids, start
    n = len(parsed)
    toks = list(parsed) + ["|"] + list(parsed)
    ids = [s + 1 + j for j in range(n)] + [s] + [s + 1 + j for j in range(n)]
    return toks, ids, n + 1


def train_example(task, rng, max_position):
    """One training sequence: lengths 1..10 (addition: each operand's drawn on its own, then padded), a random
    offset s uniform in [0, maxPosition-1-span] (couple.ts: offsetChoose)."""

    def num(n):
        return (
            str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
            if n > 1
            else str(rng.randint(0, 9))
        )

    if task == "addition":
        parsed = (num(rng.randint(1, TRAIN_MAX_LENGTH)), num(rng.randint(1, TRAIN_MAX_LENGTH)))
    else:
        parsed = "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(1, TRAIN_MAX_LENGTH)))
    s = rng.randint(0, max_position - 1 - id_span(task, parsed))
    return couple(task, parsed, s)


def longest_sequence(task, n):
    """Tokens in a problem of n digits or symbols, with its answer."""
    return 3 * n + 3 if task == "addition" else 2 * n + 1


def make_rng(seed):
    return random.Random(seed)
