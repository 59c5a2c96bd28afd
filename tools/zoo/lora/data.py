"""Seeded data for the LoRA-composition zoo (byte level; answers end with a newline, the stop byte).

A miniature of LoRA Soups' "math word problems with code": one skill writes the program, the other
executes it, and the target task is the chain of the two inside one greedy decode.

Skill A (arith, executes): "7+5"               -> "=12"     digits and +/-, operands 0..12, minus only when a >= b;
                           "<text><delim>7+5"  -> "=12"     half the training draws put the expression after
                                                            fresh generic text (the program inside a document)
Skill B (words, reads):    "seven plus five>"  -> "7+5"     operands and operator written as English words
Target (composed):         "seven plus five>"  -> "7+5=12"  read the words into an expression, then execute it
Base (generic):            "<s>:"              -> "<s>"     copy a random string of digits, + - = and number words
                           "seven?" -> "7", "+ 7 5?" -> "12"   number facts in a form unlike both skills

Each example is the byte string prompt + answer + "\n". The loss is on the answer bytes and the newline, except
where an example has "stop": false (design B's words skill): then the newline gets no loss, so the byte after
the expression is left to whatever else is active.
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


def arith(c, prefix=""):
    a, op, b = c
    return {"prompt": f"{prefix}{a}{op}{b}", "answer": f"={value(a, op, b)}"}


DELIMS = " :>"


def context(rng):
    """Generic text that an expression may follow (the program inside a document): a base-domain string
    (number words, plus/minus, digit strings, as the copy task draws them) and a delimiter."""
    return copy_example(rng)["answer"] + rng.choice(DELIMS)


def words(c, stop=True):
    a, op, b = c
    row = {"prompt": f"{WORDS[a]} {OPS[op]} {WORDS[b]}>", "answer": f"{a}{op}{b}"}
    if not stop:
        row["stop"] = False
    return row


def target(c):
    a, op, b = c
    return {"prompt": f"{WORDS[a]} {OPS[op]} {WORDS[b]}>", "answer": f"{a}{op}{b}={value(a, op, b)}"}


def splits(words_stop=True):
    """Composed task: the 260 operand/operator combos split train 100 / dev 60 / test 100.
    Skills: train = all 260 combos in the skill's own format (a skill is learnt in full, from data
    unrelated to the target format); test = the target test's 100 combos in the skill's format, an
    in-distribution check of whether each skill holds on exactly the items the target test needs.
    words_stop=False (design B) drops the loss on the words skill's newline in its training rows."""
    rng = random.Random(SEED)
    cs = combos()
    t = cs[:]
    rng.shuffle(t)
    out = {
        "target": {
            "train": [target(c) for c in t[:100]],
            "dev": [target(c) for c in t[100:160]],
            "test": [target(c) for c in t[160:]],
        }
    }
    for name, f in (("arith", arith), ("words", lambda c: words(c, words_stop))):
        s = cs[:]
        rng.shuffle(s)
        out[name] = {"train": [f(c) for c in s], "test": [words(c) if name == "words" else f(c) for c in t[160:]]}
    crng = random.Random(SEED + 1)
    out["arith"]["testInContext"] = [arith(c, context(crng)) for c in t[160:]]
    return out


def sampler(rows, context_share=0.0):
    """Training draws: a row of `rows` at random; with probability context_share (arith) the prompt is put
    after fresh generic text (`context`), so the skill executes an expression wherever it stands."""

    def draw(rng):
        r = rng.choice(rows)
        if context_share > 0 and rng.random() < context_share:
            r = {**r, "prompt": context(rng) + r["prompt"]}
        return r

    return draw


def copy_example(rng):
    parts = []
    for _ in range(rng.randint(1, 3)):
        k = rng.random()
        if k < 0.4:
            parts.append(rng.choice(WORDS))
        elif k < 0.55:
            parts.append(rng.choice(list(OPS.values())))
        else:
            parts.append("".join(rng.choice("0123456789+-=") for _ in range(rng.randint(1, 4))))
    s = " ".join(parts)[:20]
    return {"prompt": s + ":", "answer": s}


def fact_example(rng):
    """The base's number facts, in a form unlike both skills: a word's symbol ('seven?' -> '7', 'plus?' -> '+')
    or an operation in prefix notation ('+ 7 5?' -> '12', '- 7 5?' -> '2')."""
    if rng.random() < 0.4:
        w = rng.choice(WORDS + list(OPS.values()))
        sym = str(WORDS.index(w)) if w in WORDS else {v: k for k, v in OPS.items()}[w]
        return {"prompt": w + "?", "answer": sym}
    a, op, b = rng.choice(combos())
    return {"prompt": f"{op} {a} {b}?", "answer": str(value(a, op, b))}


def base_example(rng, facts=0.0):
    return fact_example(rng) if rng.random() < facts else copy_example(rng)


def write_jsonl(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
