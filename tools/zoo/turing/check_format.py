"""Checks data.py's scratchpads: against hand-worked cases, with --typescript against the project's TypeScript
generator (src/core/analyses/turing/program.ts), and with --chains data.longest_carry_chain against the length
probe's (src/core/analyses/positions/carryChain.ts), problem by problem.

  /usr/bin/python3 -m tools.zoo.turing.check_format [--typescript] [--chains]     (from the repository root)
"""
import argparse
import json
import random
import subprocess

from . import data as D

HAND = {
    ("addition", "57", "68"): "5 7 + 6 8\n5 + 6 b 5\n+ b 2 5\n1 2 5",
    ("addition", "5", "123"): "0 0 5 + 1 2 3\n0 0 + 1 2 a 8\n0 + 1 a 2 8\n+ a 1 2 8\n1 2 8",
    ("addition", "999", "1"): "9 9 9 + 0 0 1\n9 9 + 0 0 b 0\n9 + 0 b 0 0\n+ b 0 0 0\n1 0 0 0",
    ("addition", "0", "0"): "0 + 0\n+ a 0\n0",
    ("multiplication", "457", "6"): "4 5 7 * 6\n4 5 * 6 e 2\n4 * 6 d 4 2\n* 6 c 7 4 2\n2 7 4 2",
    ("multiplication", "12", "3"): "1 2 * 3\n1 * 3 a 6\n* 3 a 3 6\n3 6",
}

SCRIPT = """
const { programLines, programText } = require('./src/core/analyses/turing/program.ts');
const problems = JSON.parse(process.argv[1]);
const out = problems.map(([task, a, b]) => {
  const n = Math.max(a.length, b.length);
  const pa = task === 'addition' ? a.padStart(n, '0') : a;
  const pb = task === 'addition' ? b.padStart(n, '0') : b;
  return programText(programLines({ task, a: pa, b: pb }));
});
console.log(JSON.stringify(out));
"""


CHAINS = """
const { longestCarryChain } = require('./src/core/analyses/positions/carryChain.ts');
const problems = JSON.parse(process.argv[1]);
const op = (task) => (task === 'addition' ? '+' : '*');
console.log(JSON.stringify(problems.map(([task, a, b]) => longestCarryChain(a + op(task) + b))));
"""


def run_node(root, script, problems):
    out = subprocess.run(
        ["node", "--import", "tsx", "-e", script, json.dumps(problems)], cwd=root, capture_output=True, text=True
    )
    assert out.returncode == 0, "node could not run the TypeScript: " + out.stderr[-2000:]
    return json.loads(out.stdout)


def random_problems(count):
    rng = random.Random(7)
    problems = [*HAND]
    for _ in range(count):
        task = rng.choice(list(D.OPERATOR))
        problems.append((task, *D.random_problem(rng, task, rng.randint(1, 25))))
    return problems


def check_hand():
    for (task, a, b), want in HAND.items():
        got = D.text(task, a, b)
        assert got == want, f"{task} {a} {b}:\n{got}\n!=\n{want}"
        ids, prompt = D.tokens(task, a, b)
        assert ids[0] == D.BOS and ids[prompt - 1] == D.SEP and ids[-1] == D.EOS
    print(f"{len(HAND)} hand-worked scratchpads agree")


def check_chains(root, count):
    problems = random_problems(count)
    chains = run_node(root, CHAINS, problems)
    bad = [(p, c) for p, c in zip(problems, chains) if D.longest_carry_chain(*p) != c]
    assert not bad, f"{len(bad)} carry chains differ from TypeScript's, first: {bad[0]}"
    print(f"{len(problems)} longest carry chains equal carryChain.ts's")


def check_typescript(root, count):
    problems = random_problems(count)
    texts = run_node(root, SCRIPT, problems)
    bad = [(p, t) for p, t in zip(problems, texts) if D.text(*p) != t]
    assert not bad, f"{len(bad)} scratchpads differ from TypeScript's, first: {bad[0]}"
    print(f"{len(problems)} scratchpads equal the TypeScript generator's")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--typescript", action="store_true", help="also compare with program.ts (needs node, tsx)")
    p.add_argument("--chains", action="store_true", help="also compare carry chains with carryChain.ts")
    p.add_argument("--root", default=".", help="repository root holding src/core/analyses/turing/program.ts")
    p.add_argument("--count", type=int, default=300)
    a = p.parse_args()
    check_hand()
    if a.typescript:
        check_typescript(a.root, a.count)
    if a.chains:
        check_chains(a.root, a.count)


if __name__ == "__main__":
    main()
