"""Prompts whose answer length the prompt determines but never states (remaining-lm's tasks).

Every example is `prompt + "\n" + answer`, byte-level; the model then writes <|endoftext|>. The length
follows from the prompt through counting, arithmetic or a short program (count down from 57; the
multiples of 7 below 90; spell a word; repeat a word as many times as it has letters; print('ab' * 6);
a loop printing its index; reverse a list of words; the letters from d to q; say a phrase twice), so a
probe must work it out rather than read it. Words are made up from syllables (no corpus needed).
"""
import random

SYLLABLES = "ka lo mi ne ru ta po si be da fu go hi ja ke la mo ni pa re so tu va we xo yu zi".split()
CONSONANTS = "bcdfghjklmnprstvwz"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def word(rng, lo=2, hi=9):
    """A made-up lowercase word of lo..hi letters."""
    n = rng.randint(lo, hi)
    w = ""
    while len(w) < n:
        w += rng.choice(SYLLABLES) if rng.random() < 0.7 else rng.choice(CONSONANTS)
    return w[:n]


def countdown(rng):
    n = rng.randint(1, 80)
    return rng.choice(["count down from {n}:", "countdown {n}"]).format(n=n), " ".join(str(i) for i in range(n, 0, -1))


def countup(rng):
    a = rng.randint(0, 90)
    b = rng.randint(a + 1, min(99, a + 60))
    return f"count from {a} to {b}:", " ".join(str(i) for i in range(a, b + 1))


def multiples(rng):
    k = rng.randint(2, 12)
    n = rng.randint(k + 1, 100)
    return f"multiples of {k} below {n}:", " ".join(str(i) for i in range(k, n, k))


def spell(rng):
    w = word(rng, 2, 12)
    return f"spell {w}:", "-".join(w)


def repeat_letters(rng):
    w = word(rng, 2, 9)
    return f"repeat {w} once per letter:", " ".join([w] * len(w))


def times(rng):
    s = "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 4)))
    n = rng.randint(1, 24)
    return f"print('{s}' * {n})", s * n


def loop(rng):
    n = rng.randint(1, 40)
    if rng.random() < 0.5:
        return f"for i in range({n}): print(i)", "\n".join(str(i) for i in range(n))
    return f"for i in range({n}): print(i, end=' ')", " ".join(str(i) for i in range(n))


def reverse(rng):
    ws = [word(rng, 2, 7) for _ in range(rng.randint(1, 9))]
    return "reverse: " + " ".join(ws), " ".join(reversed(ws))


def letters(rng):
    a = rng.randrange(0, 25)
    b = rng.randint(a + 1, 25)
    return f"letters from {LETTERS[a]} to {LETTERS[b]}:", LETTERS[a : b + 1]


def twice(rng):
    p = " ".join(word(rng, 2, 7) for _ in range(rng.randint(1, 5)))
    return f"say twice: {p}", f"{p} {p}"


TASKS = {
    "countdown": (countdown, 3),
    "countup": (countup, 2),
    "multiples": (multiples, 2),
    "spell": (spell, 1),
    "repeat": (repeat_letters, 1),
    "times": (times, 1),
    "loop": (loop, 2),
    "reverse": (reverse, 1),
    "letters": (letters, 1),
    "twice": (twice, 1),
}
NAMES = list(TASKS)
WEIGHTS = [TASKS[k][1] for k in NAMES]


def example(rng, task=None):
    """(task, prompt, answer): the prompt without its trailing newline."""
    task = task or rng.choices(NAMES, WEIGHTS)[0]
    prompt, answer = TASKS[task][0](rng)
    return task, prompt, answer


def encode(prompt, answer=None):
    """Byte ids of `prompt\\n` (and the answer with <|endoftext|> = 256 when given)."""
    ids = list((prompt + "\n").encode("utf-8"))
    if answer is not None:
        ids += list(answer.encode("utf-8")) + [256]
    return ids


if __name__ == "__main__":
    rng = random.Random(1)
    lens = []
    for _ in range(20000):
        t, p, a = example(rng)
        lens.append(len(a))
    lens.sort()
    print(
        "answer bytes: min", lens[0], "median", lens[len(lens) // 2], "p90", lens[int(0.9 * len(lens))], "max", lens[-1]
    )
    for t in NAMES:
        print(t, example(random.Random(3), t))
