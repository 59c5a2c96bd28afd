"""Seeded data for the LoRA-composition zoo (byte level, answers end with a newline).

Skill A (arith):  "7+5="                 -> "12"   digits and +/-, operands 0..12, minus only when a >= b
Skill B (words):  "seven plus five>"     -> "7+5"  read operands and operator written as English words
Target (composed): "seven plus five="    -> "12"   needs both: read the words, then compute
Base (generic):   "<s>:"                 -> "<s>"  copy a random string of digits, + - and number words

Each example is the byte string prompt + answer + "\n"; the loss is on the answer and the newline.
"""
import json
import os
import random

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
OPS = {"+": "plus", "-": "minus"}
N = len(WORDS)
SEED = 1234


def combos():
    out = []
    for a in range(N):
        for b in range(N):
            out.append((a, "+", b))
            if a >= b:
                out.append((a, "-", b))
    return out


def value(a, op, b):
    return a + b if op == "+" else a - b


def arith(c):
    a, op, b = c
    return {"prompt": f"{a}{op}{b}=", "answer": str(value(a, op, b))}


def words(c):
    a, op, b = c
    return {"prompt": f"{WORDS[a]} {OPS[op]} {WORDS[b]}>", "answer": f"{a}{op}{b}"}


def target(c):
    a, op, b = c
    return {"prompt": f"{WORDS[a]} {OPS[op]} {WORDS[b]}=", "answer": str(value(a, op, b))}


def splits():
    """Composed task: the 260 operand/operator combos split train 100 / dev 60 / test 100.
    Skills: train = all 260 combos in the skill's own format (a skill is learnt in full, from data
    unrelated to the target format); test = the target test's 100 combos in the skill's format, an
    in-distribution check of whether each skill holds on exactly the items the target test needs."""
    rng = random.Random(SEED)
    cs = combos()
    t = cs[:]
    rng.shuffle(t)
    out = {"target": {"train": [target(c) for c in t[:100]], "dev": [target(c) for c in t[100:160]],
                      "test": [target(c) for c in t[160:]]}}
    for name, f in (("arith", arith), ("words", words)):
        s = cs[:]
        rng.shuffle(s)
        out[name] = {"train": [f(c) for c in s], "test": [f(c) for c in t[160:]]}
    return out


def copy_example(rng):
    parts = []
    for _ in range(rng.randint(1, 3)):
        k = rng.random()
        if k < 0.4:
            parts.append(rng.choice(WORDS))
        elif k < 0.55:
            parts.append(rng.choice(list(OPS.values())))
        else:
            parts.append("".join(rng.choice("0123456789+-") for _ in range(rng.randint(1, 4))))
    s = " ".join(parts)[:20]
    return {"prompt": s + ":", "answer": s}


def write_jsonl(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
