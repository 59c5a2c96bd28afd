"""Turing-program scratchpads for addition and n×1 multiplication (the format of the project's
Turing-program models; the TypeScript generator writes the same tokens).

Vocabulary (25 ids, in this order): `0`-`9`, `+`, `*`, `a`-`j` (carry c written as the c-th letter),
`|` (step separator), `<bos>`, `<eos>`.

Addition `a+b`, both operands zero-padded on the left to n digits:
- line 0: a_1 .. a_n + b_1 .. b_n (most significant digit first);
- line k = 1..n: a_1 .. a_{n-k} + b_1 .. b_{n-k} C_k s_k .. s_1 (C_k = the mark of the carry out of
  column k from the units, s_i = digit i of the sum from the units);
- answer: `1 s_n .. s_1` when C_n is `b`, else s_n .. s_1.
Multiplication `a*d` (d one digit): line k is a_1 .. a_{n-k} * d C_k s_k .. s_1 with C_k the carry
(0-8) out of column k; the answer is the final carry (only when > 0) then s_n .. s_1.
Sequence: <bos> line0 | line1 | .. | answer <eos>; the prompt is <bos> line0 |. The direct baseline
writes <bos> line0 | answer <eos>.
"""
import random

VOCAB = [*"0123456789", "+", "*", *"abcdefghij", "|", "<bos>", "<eos>"]
ID = {t: i for i, t in enumerate(VOCAB)}
SEP, BOS, EOS = ID["|"], ID["<bos>"], ID["<eos>"]
OPERATOR = {"addition": "+", "multiplication": "*"}


def mark_of(c):
    """The letter that marks carry (or digit) c."""
    return "abcdefghij"[c]


def columns(task, a, b):
    """Per column from the units: (sum digit, carry out). a, b are digit strings (b one digit for
    multiplication; a and b of one length for addition)."""
    out, carry = [], 0
    for i in range(1, len(a) + 1):
        x = int(a[-i])
        v = x + int(b[-i]) + carry if task == "addition" else x * int(b) + carry
        carry = v // 10
        out.append((v % 10, carry))
    return out


def lines(task, a, b):
    """The scratchpad's lines (lists of cell strings): line 0, the n steps and the answer line."""
    if task == "addition":
        n = max(len(a), len(b))
        a, b = a.zfill(n), b.zfill(n)
    n, op, cols = len(a), OPERATOR[task], columns(task, a, b)
    operand = (lambda k: list(b[: n - k])) if task == "addition" else (lambda k: [b])
    out = [[*a, op, *operand(0)]]
    for k in range(1, n + 1):
        sums = [str(s) for s, _ in reversed(cols[:k])]
        out.append([*a[: n - k], op, *operand(k), mark_of(cols[k - 1][1]), *sums])
    final = cols[-1][1]
    out.append(([str(final)] if final > 0 else []) + [str(s) for s, _ in reversed(cols)])
    return out


def text(task, a, b):
    """The text form: cells separated by one space, lines by a newline."""
    return "\n".join(" ".join(line) for line in lines(task, a, b))


def tokens(task, a, b, scratchpad=True):
    """Token ids of the whole sequence, and the length of its prompt (<bos> line0 |)."""
    ls = lines(task, a, b)
    if not scratchpad:
        ls = [ls[0], ls[-1]]
    ids = [BOS]
    for i, line in enumerate(ls):
        ids += [ID[c] for c in line] + ([SEP] if i < len(ls) - 1 else [EOS])
    return ids, len(ls[0]) + 2


def random_number(rng, n):
    """n random digits, the first non-zero when n > 1 (as the project's problemRandom draws)."""
    return (
        str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
        if n > 1
        else str(rng.randint(0, 9))
    )


def random_problem(rng, task, n):
    """One problem of length n: two n-digit numbers (addition) or an n-digit number and a digit."""
    if task == "addition":
        return random_number(rng, n), random_number(rng, n)
    return random_number(rng, n), str(rng.randint(0, 9))


def longest_carry_chain(task, a, b):
    """The longest run of consecutive columns that carry out (carry > 0); 0 when none."""
    if task == "addition":
        n = max(len(a), len(b))
        a, b = a.zfill(n), b.zfill(n)
    best = run = 0
    for _, c in columns(task, a, b):
        run = run + 1 if c > 0 else 0
        best = max(best, run)
    return best


def eval_problems(task, n, count, seed):
    """The evaluation problems of one length: random.Random(seed * 1000 + n)."""
    rng = random.Random(seed * 1000 + n)
    return [random_problem(rng, task, n) for _ in range(count)]


def batch(problems, task, scratchpad=True):
    """Token ids [B, T] (right-padded with <eos>), the loss mask [B, T] (1 where the logits at t predict
    token t+1 of the generated part: after the prompt, through <eos>)."""
    import numpy as np

    rows = [tokens(task, a, b, scratchpad) for a, b in problems]
    T = max(len(r) for r, _ in rows)
    ids = np.full((len(rows), T), EOS, dtype=np.int64)
    mask = np.zeros((len(rows), T), dtype=np.float32)
    for i, (r, prompt) in enumerate(rows):
        ids[i, : len(r)] = r
        mask[i, prompt - 1 : len(r) - 1] = 1.0
    return ids, mask
