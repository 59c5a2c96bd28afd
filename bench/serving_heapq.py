"""Peer of bench/serving.bench.ts: the same M/G/1 event loop as src/core/analyses/serving/mg1.ts, on plain heapq.

Usage: serving_heapq.py WORKLOAD POLICIES C REPEATS. WORKLOAD holds n, then n arrival times and n sizes, as
float64 (the benchmark writes it); predictions are perfect (the sizes), service rate 1. POLICIES is a comma list
of fcfs, sjf, sprpt, trail; C is trail's limit. Prints one JSON line: per policy the best time of REPEATS runs
(simulation only, not the reading) and the mean latency.
"""
import heapq
import json
import sys
import time
from array import array

INF = float("inf")


def simulate(arrival, size, policy, c):
    """One run: returns the finish times. Ranks: fcfs index, sjf size, sprpt/trail remaining (size - age)."""
    n = len(arrival)
    pred = size
    finish = [0.0] * n
    first = [-1.0] * n
    age = [0.0] * n
    preemptions = [0] * n
    queue = []
    push = heapq.heappush
    pop = heapq.heappop
    preemptive = policy in ("sprpt", "trail")
    nxt = done = 0
    t = cur_start = cur_age0 = 0.0
    cur = -1
    cur_limit = -INF
    while done < n:
        t_arr = arrival[nxt] if nxt < n else INF
        if cur < 0:
            if queue:
                j = pop(queue)[1]
            else:
                t = t_arr
                j = nxt
                nxt += 1
            if first[j] < 0:
                first[j] = t
            cur, cur_start, cur_age0 = j, t, age[j]
            cur_limit = INF if policy == "sprpt" else c * pred[j] if policy == "trail" else -INF
            continue
        t_done = cur_start + (size[cur] - cur_age0)
        if t_done <= t_arr:
            finish[cur] = t_done
            done += 1
            t = t_done
            cur = -1
            continue
        t = t_arr
        j = nxt
        nxt += 1
        key = j if policy == "fcfs" else pred[j]
        a = cur_age0 + (t - cur_start)
        if preemptive and a < cur_limit and key < pred[cur] - a:
            age[cur] = a
            preemptions[cur] += 1
            push(queue, (pred[cur] - a, cur))
            first[j] = t
            cur, cur_start, cur_age0 = j, t, 0.0
            cur_limit = INF if policy == "sprpt" else c * pred[j]
        else:
            push(queue, (key, j))
    return finish


def main():
    path, policies, c, repeats = sys.argv[1], sys.argv[2].split(","), float(sys.argv[3]), int(sys.argv[4])
    with open(path, "rb") as f:
        head = array("d")
        head.fromfile(f, 1)
        n = int(head[0])
        arrival = array("d")
        arrival.fromfile(f, n)
        size = array("d")
        size.fromfile(f, n)
    arrival, size = arrival.tolist(), size.tolist()
    out = {}
    for policy in policies:
        best = INF
        for _ in range(repeats):
            t0 = time.perf_counter()
            finish = simulate(arrival, size, policy, c)
            best = min(best, time.perf_counter() - t0)
        total = 0.0
        for f, a in zip(finish, arrival):
            total += f - a  # in index order, as the benchmark sums: the same rounding
        mean = total / n
        out[policy] = {"seconds": best, "mean": mean}
    print(json.dumps({"python": sys.version.split()[0], "policies": out}))


if __name__ == "__main__":
    main()
