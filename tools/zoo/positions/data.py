"""Problems and their coupled position IDs, exactly as Model Lens computes them in TypeScript:
the rules of src/core/analyses/positions/couplingRules.ts (addition with padAnswer and
padOperands true, as in Cho et al.; copy), the offset draw of couple.ts (`offsetChoose`), the random problems of
problemRandom.ts and the mulberry32 generator of src/core/random/rng.ts, so that the accuracy
curves in the model cards are measured on the very problems `model-lens length-probe` draws.
"""
import random

from .carry import carry_heavy_addition

VOCAB = "0123456789+=|"
TOK = {c: i for i, c in enumerate(VOCAB)}
# Multiplication writes `*` where addition writes `+` (same 13 ids; `|` is unused by both).
VOCABS = {"addition": VOCAB, "copy": VOCAB, "multiplication": "0123456789*=|"}
TRAIN_MAX_LENGTH = 10
ARITHMETIC = ("addition", "multiplication")


def vocab(task):
    """The characters of a task's vocabulary, token id = index."""
    return VOCABS[task]


def tok(task):
    """Token ids of a task's characters."""
    return {c: i for i, c in enumerate(VOCABS[task])}


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
    if task in ARITHMETIC:
        a = _digits(n, rng)
        return f"{a}{'+' if task == 'addition' else '*'}{_digits(n if task == 'addition' else 1, rng)}="
    return "".join("0123456789"[int(rng() * 10)] for _ in range(n)) + "|"


def parse(problem, task):
    """The operands (addition, multiplication) or the input string (copy) of a problem without its answer."""
    if task in ARITHMETIC:
        a, rest = problem.split("+" if task == "addition" else "*")
        return a, rest.rstrip("=")
    return problem.rstrip("|")


def id_span(task, parsed):
    """Largest rule ID at offset 0 (couplingRules.ts: idSpan)."""
    if task in ARITHMETIC:
        return max(len(parsed[0]), len(parsed[1])) + 1
    return len(parsed)


def couple(task, parsed, s):
    """(tokens, rule IDs, index of the first answer token) at offset s. Addition operands are
    zero-padded to the longer one's length (couple(..., { padOperands: true })): every ID of the
    prompt then has exactly one digit of each operand. Multiplication (N×1) is not padded: its one
    digit factor gets the units' ID (couplingRules.ts: arithmeticRule)."""
    toks, ids = [], []
    if task in ARITHMETIC:
        L = max(len(parsed[0]), len(parsed[1]))
        add = task == "addition"
        a, b = (parsed[0].rjust(L, "0"), parsed[1].rjust(L, "0")) if add else parsed
        e = s + L + 1
        for x, op in ((a, "+" if add else "*"), (b, "=")):
            for k, ch in enumerate(x):
                toks.append(ch)
                ids.append(e - 1 - (len(x) - 1 - k))
            toks.append(op)
            ids.append(e)
        answer = str(int(a) + int(b) if add else int(a) * int(b))[::-1].ljust(L + 1, "0")
        start = len(toks)
        for j, ch in enumerate(answer):
            toks.append(ch)
            ids.append(e - 1 - j)
        return toks, ids, start
    n = len(parsed)
    toks = list(parsed) + ["|"] + list(parsed)
    ids = [s + 1 + j for j in range(n)] + [s] + [s + 1 + j for j in range(n)]
    return toks, ids, n + 1


def train_example(task, rng, max_position, max_length=TRAIN_MAX_LENGTH, carry_heavy=0.0):
    """One training sequence: lengths 1..max_length (addition: each operand's drawn on its own, then padded;
    multiplication: a number times one digit 0-9), a random offset s uniform in [0, maxPosition-1-span]
    (couple.ts: offsetChoose). With probability carry_heavy an addition is instead drawn as the carry-heavy
    sampler does (carry_heavy_addition: both operands n digits, longest carry chain uniform in 0..n)."""

    def num(n):
        return (
            str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
            if n > 1
            else str(rng.randint(0, 9))
        )

    if task == "addition" and carry_heavy > 0 and rng.random() < carry_heavy:
        parsed = carry_heavy_addition(rng.randint(1, max_length), rng)
    elif task == "addition":
        parsed = (num(rng.randint(1, max_length)), num(rng.randint(1, max_length)))
    elif task == "multiplication":
        parsed = (num(rng.randint(1, max_length)), str(rng.randint(0, 9)))
    else:
        parsed = "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(1, max_length)))
    s = rng.randint(0, max_position - 1 - id_span(task, parsed))
    return couple(task, parsed, s)


def longest_sequence(task, n):
    """Tokens in a problem of n digits or symbols, with its answer."""
    return {"addition": 3 * n + 3, "multiplication": 2 * n + 4}.get(task, 2 * n + 1)


def make_rng(seed):
    return random.Random(seed)
