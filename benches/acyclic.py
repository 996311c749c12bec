#!/usr/bin/env python3
"""Makes the regression ladders of a generated Spotter corpus acyclic, in place.

gen_corpus.py picks each exercise's regressions and progressions at random, so its ladders
contain cycles (A easier than B easier than A), which Spotter rejects as the contract says. This
drops exactly the ladder links that close a cycle, found by a depth-first search in slug order:
deterministic, and it keeps most links (about 86% at 10,000 exercises).

    python3 benches/acyclic.py /dev/shm/c10k
"""
import os
import re
import sys

LIST = re.compile(r'^(regressions|progressions): \[(.*)\]$', re.M)


def parse_list(text):
    return [x.strip().strip('"') for x in text.split(",") if x.strip()]


def main(root):
    folder = os.path.join(root, "content", "exercises")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".md"))
    ladders = {}
    for f in files:
        with open(os.path.join(folder, f), encoding="utf-8") as fh:
            text = fh.read()
        lists = {m.group(1): parse_list(m.group(2)) for m in LIST.finditer(text)}
        ladders[f[:-3]] = lists
    # Edges easier -> harder, each remembering where it is written.
    harder = {s: [] for s in ladders}
    for s, lists in ladders.items():
        for r in lists.get("regressions", []):
            if r in harder:
                harder[r].append((s, s, "regressions", r))
        for p in lists.get("progressions", []):
            if p in harder:
                harder[s].append((p, s, "progressions", p))
    drop = set()
    state = {}
    for start in sorted(harder):
        if start in state:
            continue
        stack = [(start, iter(harder[start]))]
        state[start] = 1
        while stack:
            node, edges = stack[-1]
            for to, owner, key, name in edges:
                if state.get(to) == 1:
                    drop.add((owner, key, name))
                elif to not in state:
                    state[to] = 1
                    stack.append((to, iter(harder[to])))
                    break
            else:
                state[node] = 2
                stack.pop()
    kept = 0
    for s, lists in ladders.items():
        changed = False
        for key in ("regressions", "progressions"):
            new = [x for x in lists.get(key, []) if (s, key, x) not in drop]
            kept += len(new)
            if len(new) != len(lists.get(key, [])):
                lists[key] = new
                changed = True
        if changed:
            path = os.path.join(folder, s + ".md")
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            text = LIST.sub(lambda m: f'{m.group(1)}: [' + ", ".join(f'"{x}"' for x in lists[m.group(1)]) + "]", text)
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    print(f"acyclic: dropped {len(drop)} ladder links that closed cycles, kept {kept}")


if __name__ == "__main__":
    main(sys.argv[1])
