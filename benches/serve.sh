#!/usr/bin/env bash
# benches/serve.sh: how long `spotter serve` takes to bring its site up to date after an edit.
#
#   benches/serve.sh [N]        (default N: 10000)
#
# Generates, once, the synthetic guide of ../shared/bench/gen_corpus.py with N exercises (made
# acyclic with benches/acyclic.py) on tmpfs, copies it, builds Spotter with
# `cargo build --release` and starts `spotter serve` on the copy. Then, ROUNDS times (default
# 3), it makes each of these edits and waits for serve to report the update: an exercise's
# title, its level, a tag added to it, a workout's title, a post's title, a line added to
# the exercise's body, a piece of equipment added to it or taken away, a secondary muscle
# likewise, its cover picture's bytes (the exercise is given a 1200 x 800 PNG cover before
# serve starts), a new exercise (a copy of it under another name) and that copy removed. The time
# is the one serve prints: from the save's first file event to the site written, when the
# browser is told to reload (so it counts serve's wait for the rest of the save: 5 ms after a
# file is closed, renamed into place or removed, else 30 ms). The table gives, per edit, the
# median and range and what serve did.
#
# The report (Markdown) goes to stdout; progress goes to stderr.
#
# Environment: ROUNDS (default 3), GEN_CORPUS (path of gen_corpus.py), BENCH_DIR (where corpora
# go, default /dev/shm/spotter-bench), SPOTTER (a spotter binary to time instead of building
# this checkout's, e.g. an older build to compare against).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="${GEN_CORPUS:-$ROOT/../shared/bench/gen_corpus.py}"
ROUNDS="${ROUNDS:-3}"
N="${1:-10000}"

say() { printf 'serve.sh: %s\n' "$*" >&2; }
die() { printf 'serve.sh: error: %s\n' "$*" >&2; exit 1; }

[[ "$N" =~ ^[1-9][0-9]*$ ]] || die "not a number of exercises: '$N'"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$ROUNDS'"
[ -f "$GEN" ] || die "corpus generator not found: $GEN (set GEN_CORPUS)"

if [ -n "${BENCH_DIR:-}" ]; then
  WORK="$BENCH_DIR"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  WORK=/dev/shm/spotter-bench
else
  WORK=/tmp/spotter-bench
fi
mkdir -p "$WORK"
SRC="$WORK/spotter-$N"
if [ ! -f "$SRC/site.yaml" ]; then
  say "generating the $N-exercise guide in $SRC"
  rm -rf "$SRC"
  python3 "$GEN" --exercises "$N" --out "$SRC" --format spotter >&2
  python3 "$ROOT/benches/acyclic.py" "$SRC" >&2
fi
GUIDE="$WORK/serve-$N"
rm -rf "$GUIDE"
cp -r "$SRC" "$GUIDE"

if [ -n "${SPOTTER:-}" ]; then
  BIN="$SPOTTER"
  [ -x "$BIN" ] || die "SPOTTER is not an executable: $BIN"
else
  say "building: cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="$ROOT/target/release/spotter"
fi

# A PNG of WIDTH x 800 pixels of gradients shifted by SHIFT, at PATH: the exercise's cover,
# whose bytes an edit changes.
png() {
  python3 - "$@" <<'PY'
import struct, sys, zlib
path, width, shift = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
height = 800
rows = b"".join(
    b"\0" + bytes(v for x in range(width) for v in ((x + shift) % 256, (y * 3) % 256, (x + y + shift) % 256))
    for y in range(height)
)
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
PY
}

nth() { find "$GUIDE/content/$1" -name '*.md' ! -name '_index.md' | sort | sed -n "${2}p"; }
EXERCISE="$(nth exercises 5)"
COVER="$(dirname "$EXERCISE")/bench-cover.png"
png "$COVER" 1200 0
sed -i '0,/^title: /s//images:\n  - src: bench-cover.png\n    alt: The movement\ntitle: /' "$EXERCISE"

LOG="$WORK/serve-$N.log"
"$BIN" serve --root "$GUIDE" --port 0 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q "serving" "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || die "serve stopped: $(cat "$LOG")"
  sleep 0.1
done
grep -q "serving" "$LOG" || die "serve did not start in 60 s"
say "$(head -n 1 "$LOG")"

WORKOUT="$(nth workouts 5)"
POST="$(nth blog 5)"
# For the equipment and muscle edits: a piece of equipment and a muscle the exercise does not
# name, which the edits add and then take away again.
SPARE=sled
grep -q '"sled"' "$EXERCISE" && SPARE=rings
MUSCLE=biceps
grep -q '"biceps"' "$EXERCISE" && MUSCLE=calves

# Adds "$3" to the list on the line `$2: [...]` of the file $1, or takes it out when it is there.
toggle() {
  python3 - "$@" <<'PY'
import re, sys
path, key, value = sys.argv[1:]
lines = open(path, encoding="utf-8").read().split("\n")
for i, line in enumerate(lines):
    m = re.match(r"^(\s*" + re.escape(key) + r": )\[(.*)\]$", line)
    if m:
        items = [x.strip() for x in m.group(2).split(",") if x.strip()]
        q = '"%s"' % value
        items = [x for x in items if x != q] if q in items else items + [q]
        lines[i] = m.group(1) + "[" + ", ".join(items) + "]"
        break
else:
    sys.exit(f"serve.sh: no `{key}: [...]` line in {path}")
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
}

# Runs the edit $2 (a shell command) and prints "$1<TAB>what serve said".
edit() {
  local before
  before=$(wc -l <"$LOG")
  eval "$2"
  for _ in $(seq 300); do
    [ "$(wc -l <"$LOG")" -gt "$before" ] && break
    sleep 0.05
  done
  sleep 0.2
  printf '%s\t%s\n' "$1" "$(tail -n +"$((before + 1))" "$LOG" | tr '\n' ' ')"
}

RESULTS="$WORK/serve-$N.results"
: >"$RESULTS"
for round in $(seq "$ROUNDS"); do
  say "round $round of $ROUNDS"
  {
    edit "an exercise's title" "sed -i 's/^title: \"\\(.*\\)\"/title: \"\\1 X\"/' '$EXERCISE'"
    edit "an exercise's level" "sed -i -E 's/^level: beginner/level: TMP/; s/^level: intermediate/level: beginner/; s/^level: advanced/level: intermediate/; s/^level: TMP/level: advanced/' '$EXERCISE'"
    edit "a tag added to an exercise" "sed -i '0,/^tags: \\[/s/^tags: \\[/tags: [\"mobility\", /' '$EXERCISE'"
    edit "a workout's title" "sed -i 's/^title: \"\\(.*\\)\"/title: \"\\1 X\"/' '$WORKOUT'"
    edit "a post's title" "sed -i 's/^title: \"\\(.*\\)\"/title: \"\\1 X\"/' '$POST'"
    edit "an exercise's body" "echo 'One more line.' >>'$EXERCISE'"
    edit "an exercise's equipment" "toggle '$EXERCISE' equipment '$SPARE'"
    edit "an exercise's muscles" "toggle '$EXERCISE' secondary '$MUSCLE'"
    edit "its cover picture's bytes" "png '$COVER' 1200 $round"
    edit "a new exercise" "sed 's/^title: \"/title: \"New /' '$EXERCISE' >'${EXERCISE%.md}-new.md'"
    edit "an exercise removed" "rm '${EXERCISE%.md}-new.md'"
  } >>"$RESULTS"
done

python3 - "$RESULTS" "$N" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1], encoding="utf-8"):
    what, said = line.rstrip("\n").split("\t", 1)
    m = re.search(r"in (\d+) ms", said)
    if not m:
        print(f"serve.sh: no time for {what!r}: {said!r}", file=sys.stderr)
        continue
    how = re.sub(r" in \d+ ms", "", said).strip()
    rows.setdefault(what, []).append((int(m.group(1)), how))
print(f"`spotter serve` on the {int(sys.argv[2]):,}-exercise guide: time from the save's first file event to the site written (serve's own report)\n")
print("| edit | median | range | what serve did (first round) |")
print("|---|---:|---:|---|")
for what, got in rows.items():
    times = [t for t, _ in got]
    print(f"| {what} | {statistics.median(times):.0f} ms | {min(times)}–{max(times)} ms | {got[0][1]} |")
PY
