#!/usr/bin/env python3
"""benches/paired.py: warm builds of several (binary, guide) pairs, alternated, median wall time.

    python3 benches/paired.py RUNS LABEL:BINARY:GUIDE[:kept] ...

Each round builds every pair once, in the order given, after one untimed round; a pair marked
`kept` builds over its output of the round before (as a rebuild usually does), the others into
a fresh folder (removed outside the timing). Outputs go to /dev/shm (else the system's temporary
folder) as `paired-LABEL`. Alternating pairs in one process of rounds keeps the machine's drift
out of their ratio. Prints each pair's median, first and third quartile wall time in ms.

Example, a release against an older one, on the guides of benches/pictures.sh:

    python3 benches/paired.py 31 new:target/release/spotter:/dev/shm/spotter-pictures/spotter-300 \
        old:/tmp/spotter-old:/dev/shm/spotter-pictures/spotter-300
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    pairs = []
    for arg in sys.argv[2:]:
        parts = arg.split(":")
        if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "kept"):
            sys.exit(f"paired.py: not LABEL:BINARY:GUIDE[:kept]: {arg}")
        pairs.append((parts[0], parts[1], parts[2], len(parts) == 4))
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()
    times = {label: [] for label, *_ in pairs}
    for round_ in range(runs + 1):
        for label, binary, guide, kept in pairs:
            out = os.path.join(base, f"paired-{label}")
            if not kept:
                shutil.rmtree(out, ignore_errors=True)
            start = time.perf_counter()
            done = subprocess.run(
                [binary, "build", "--root", guide, "--output", out],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            took = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                sys.exit(f"paired.py: {label} failed:\n{done.stderr}")
            if round_ > 0:
                times[label].append(took)
    for label, ms in times.items():
        ms.sort()
        print(f"{label:14} median {statistics.median(ms):7.1f} ms   quartiles {ms[len(ms) // 4]:7.1f} – {ms[3 * len(ms) // 4]:7.1f} ms")


if __name__ == "__main__":
    main()
