#!/usr/bin/env bash
# benches/import.sh: how long `spotter import` and then `spotter build` of the guide it wrote
# take, for each open data set in tests/data/ (free-exercise-db and wger, with their licences).
#
#   benches/import.sh
#
# Builds Spotter with `cargo build --release` (unless SPOTTER names a binary), then, RUNS times
# (default 5) per data set after one untimed warm-up, imports the data set into a fresh folder
# on tmpfs and builds that guide into a fresh output folder; the folders are removed outside
# the timed commands. Each command is timed with `/usr/bin/time -f '%e %U %S %M'` (wall, CPU,
# peak RSS). The report (Markdown) goes to stdout: per data set, the medians of the import, of
# the build and of the two together, and the range of the sum; progress goes to stderr.
#
# Environment: RUNS (default 5), DATA (default tests/data), BENCH_DIR (default
# /dev/shm/spotter-import-bench), SPOTTER (a binary to time instead of building this checkout).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${DATA:-$ROOT/tests/data}"
RUNS="${RUNS:-5}"

say() { printf 'import.sh: %s\n' "$*" >&2; }
die() { printf 'import.sh: error: %s\n' "$*" >&2; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"
[ -f "$DATA/free-exercise-db/exercises.json" ] || die "no data sets in $DATA (set DATA)"
[ -x /usr/bin/time ] || die "/usr/bin/time is needed: apt-get install -y time"

if [ -n "${BENCH_DIR:-}" ]; then
  WORK="$BENCH_DIR"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  WORK=/dev/shm/spotter-import-bench
else
  WORK="${TMPDIR:-/tmp}/spotter-import-bench"
fi
mkdir -p "$WORK"

if [ -n "${SPOTTER:-}" ]; then
  BIN="$SPOTTER"
else
  say "cargo build --release"
  (cd "$ROOT" && cargo build --release --quiet)
  BIN="$ROOT/target/release/spotter"
fi

# One timed command: prints "wall cpu rss_kib".
timed() {
  local t
  t="$(/usr/bin/time -f '%e %U %S %M' "$@" 2>&1 >/dev/null | tail -1)"
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' <<<"$t"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| data set | exercises | import (median) | build (median) | import + build (median) | import + build (range) | peak memory (build) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for set in free-exercise-db wger; do
  case "$set" in
    free-exercise-db) input="$DATA/free-exercise-db/exercises.json" ;;
    wger) input="$DATA/wger" ;;
  esac
  imports=() builds=() sums=() rss=0
  for run in $(seq 0 "$RUNS"); do
    rm -rf "$WORK/guide" "$WORK/site"
    read -r iw _ _ < <(timed "$BIN" import "$set" "$input" --out "$WORK/guide")
    read -r bw _ br < <(timed "$BIN" build --root "$WORK/guide" --output "$WORK/site")
    [ "$run" -eq 0 ] && continue # the warm-up
    imports+=("$iw") builds+=("$bw")
    sums+=("$(awk -v a="$iw" -v b="$bw" 'BEGIN { printf "%.2f", a + b }')")
    [ "$br" -gt "$rss" ] && rss="$br"
    say "$set run $run: import $iw s, build $bw s"
  done
  n="$(find "$WORK/guide/content/exercises" -name '*.md' | wc -l)"
  lo="$(printf '%s\n' "${sums[@]}" | sort -g | head -1)"
  hi="$(printf '%s\n' "${sums[@]}" | sort -g | tail -1)"
  printf '| %s | %s | %s s | %s s | %s s | %s–%s s | %s MiB |\n' "$set" "$n" \
    "$(printf '%s\n' "${imports[@]}" | median)" "$(printf '%s\n' "${builds[@]}" | median)" \
    "$(printf '%s\n' "${sums[@]}" | median)" "$lo" "$hi" "$((rss / 1024))"
done
rm -rf "$WORK/guide" "$WORK/site"
