#!/usr/bin/env bash
# benches/compare.sh: Spotter against Hugo (and optionally Zola) on the same generated guide.
#
#   benches/compare.sh [--zola] [N ...]        (default N: 1000 10000)
#
# For each N it generates, once, the synthetic guide of ../shared/bench/gen_corpus.py in Spotter's
# format (made acyclic with benches/acyclic.py, as Spotter rejects ladder cycles) and in Hugo's
# (and Zola's with --zola) on tmpfs (/dev/shm, else /tmp), reusing them on later runs. It builds
# Spotter with `cargo build --release`, then, after one untimed warm-up build per tool, builds
# with each tool RUNS times (default 5), alternating tools (and their order every round), each
# build into a fresh output folder on tmpfs that is removed outside the timed command. Each build
# is measured with `/usr/bin/time -f '%e %U %S %M'`: wall time, user+sys CPU, peak RSS.
#
# The report (Markdown, ready to paste) goes to stdout; progress goes to stderr:
#
#   benches/compare.sh 1000 10000 > bench.md
#
# Missing tools: Hugo is installed with `apt-get install -y hugo` and /usr/bin/time with
# `apt-get install -y time`, saying so; Zola is never installed (--zola without a `zola` on PATH
# is reported as skipped).
#
# Environment: RUNS (timed builds per tool, default 5), GEN_CORPUS (path of gen_corpus.py),
# BENCH_DIR (where corpora and outputs go, default /dev/shm/spotter-bench).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="${GEN_CORPUS:-$ROOT/../shared/bench/gen_corpus.py}"
ACYCLIC="$ROOT/benches/acyclic.py"
RUNS="${RUNS:-5}"

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

say() { printf 'compare.sh: %s\n' "$*" >&2; }
die() { printf 'compare.sh: error: %s\n' "$*" >&2; exit 1; }

ZOLA=0
NS=()
for arg in "$@"; do
  case "$arg" in
    --zola) ZOLA=1 ;;
    -h|--help) usage; exit 0 ;;
    *[!0-9]*|'') die "not a number of exercises: '$arg' (usage: benches/compare.sh [--zola] [N ...])" ;;
    *) [ "$arg" -ge 2 ] || die "N must be at least 2, got $arg"; NS+=("$arg") ;;
  esac
done
[ "${#NS[@]}" -gt 0 ] || NS=(1000 10000)
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, got '$RUNS'"

[ -f "$GEN" ] || die "corpus generator not found: $GEN (set GEN_CORPUS)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to generate the corpora"

# --- Where: tmpfs --------------------------------------------------------------------------------
if [ -n "${BENCH_DIR:-}" ]; then
  WORK="$BENCH_DIR"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  WORK=/dev/shm/spotter-bench
else
  say "/dev/shm is missing or not writable: using /tmp (times may include disk noise)"
  WORK=/tmp/spotter-bench
fi
mkdir -p "$WORK"
OUTS="$WORK/out.$$"     # this run's build outputs, each removed right after it is measured
LOGS="$WORK/logs.$$"    # this run's time/stdout/stderr files
mkdir -p "$OUTS" "$LOGS"
cleanup() { rm -rf "$OUTS" "$LOGS"; }
trap cleanup EXIT

# --- Tools ---------------------------------------------------------------------------------------
apt_install() {  # apt_install PACKAGE: install a Debian package, refreshing the lists if needed
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  if ! "${sudo[@]}" apt-get install -y "$1" >&2; then
    "${sudo[@]}" apt-get update >&2
    "${sudo[@]}" apt-get install -y "$1" >&2
  fi
}

if [ ! -x /usr/bin/time ]; then
  say "/usr/bin/time is missing: installing Debian's time package (apt-get install -y time)"
  apt_install time
fi
if ! command -v hugo >/dev/null 2>&1; then
  say "hugo is not on PATH: installing it with apt-get install -y hugo"
  apt_install hugo
  command -v hugo >/dev/null 2>&1 || die "hugo is still missing after apt-get install -y hugo"
fi
TOOLS=(spotter hugo)
ZOLA_NOTE=""
if [ "$ZOLA" -eq 1 ]; then
  if command -v zola >/dev/null 2>&1; then
    TOOLS+=(zola)
  else
    ZOLA_NOTE="Zola skipped: --zola was given but there is no \`zola\` on PATH (this script does not install it)."
    say "$ZOLA_NOTE"
  fi
fi

say "building Spotter: cargo build --release"
(cd "$ROOT" && cargo build --release >&2) || die "cargo build --release failed"
# Time a private copy: another session's cargo build cannot replace it halfway through the runs.
mkdir -p "$WORK/bin"
SPOTTER="$WORK/bin/spotter.$$"
cp "$ROOT/target/release/spotter" "$SPOTTER"
trap 'cleanup; rm -f "$SPOTTER"' EXIT

# --- Corpora -------------------------------------------------------------------------------------
hash_of() { sha256sum "$@" | cut -c1-16 | tr '\n' ' '; }

corpus() {  # corpus FORMAT N: path of the generated corpus, (re)generating it if needed
  local fmt=$1 n=$2 dir="$WORK/$1-$2" stamp="$WORK/$1-$2.ready" key
  if [ "$fmt" = spotter ]; then key="n=$n $(hash_of "$GEN" "$ACYCLIC")"; else key="n=$n $(hash_of "$GEN")"; fi
  if [ -d "$dir" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
    say "reusing $dir"
  else
    rm -f "$stamp"
    say "generating $dir"
    python3 "$GEN" --exercises "$n" --out "$dir" --format "$fmt" >&2
    if [ "$fmt" = spotter ]; then python3 "$ACYCLIC" "$dir" >&2; fi
    printf '%s' "$key" >"$stamp"
  fi
  printf '%s\n' "$dir"
}

# --- Measuring -----------------------------------------------------------------------------------
median() {  # numbers on stdin -> their median
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

build_cmd() {  # build_cmd TOOL SOURCE OUT: sets CMD
  case $1 in
    spotter) CMD=("$SPOTTER" build --root "$2" --output "$3" --timings) ;;
    hugo) CMD=(hugo --source "$2" --destination "$3" --quiet) ;;
    zola) CMD=(zola --root "$2" build --output-dir "$3") ;;
  esac
}

# run_one TOOL N LABEL: one build into a fresh folder; appends
#   "wall user sys maxrss_kib files bytes" to $LOGS/TOOL-N.runs (unless LABEL is "warmup")
run_one() {
  local tool=$1 n=$2 label=$3
  local out="$OUTS/$tool-$n-$label" log="$LOGS/$tool-$n-$label"
  rm -rf "$out"
  build_cmd "$tool" "$WORK/$tool-$n" "$out"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$log.time" "${CMD[@]}" >"$log.out" 2>"$log.err"; then
    say "$tool failed (N=$n, $label): ${CMD[*]}"
    tail -n 40 "$log.out" "$log.err" >&2
    die "$tool build failed (N=$n); see above"
  fi
  local t files bytes
  t=$(tail -n 1 "$log.time")
  files=$(find "$out" -type f | wc -l)
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  rm -rf "$out"
  say "$(printf '%-7s N=%-6s %-6s wall %6ss  user %6ss  sys %6ss  peak %7s KiB  %s files' \
    "$tool" "$n" "$label" $t "$files")"
  [ "$label" = warmup ] && return 0
  printf '%s %s %s\n' "$t" "$files" "$bytes" >>"$LOGS/$tool-$n.runs"
  if [ "$tool" = spotter ]; then
    # --timings lines: "          load:     12.3 ms"
    awk -v run="$label" '/^ *[^ ].*: +[0-9.]+ ms$/ { sub(/^ +/, ""); name = $0; sub(/:.*/, "", name);
      ms = $(NF - 1); print run, name, ms }' "$log.err" >>"$LOGS/spotter-$n.stages"
  fi
}

col() { awk -v c="$2" '{ print $c }' "$1"; }                 # col FILE N: column N of FILE
cpu_col() { awk '{ printf "%.3f\n", $2 + $3 }' "$1"; }      # user+sys per run
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else printf "n/a" }'; }

declare -A MED_WALL MED_CPU MED_RSS

version_of() {
  case $1 in
    spotter)
      local v rev dirty=""
      v=$("$SPOTTER" --version 2>/dev/null | awk '{ print $NF }')
      rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
      git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || dirty=" + uncommitted changes"
      printf 'Spotter %s (%s%s)' "$v" "$rev" "$dirty" ;;
    hugo) hugo version | awk '{ v = $2; sub(/^v/, "", v); sub(/[-+].*/, "", v); printf "Hugo %s", v }' ;;
    zola) zola --version | awk '{ printf "Zola %s", $2 }' ;;
  esac
}
declare -A NAME=([spotter]=Spotter [hugo]=Hugo [zola]=Zola)
declare -A COMMAND=(
  [spotter]='`target/release/spotter build --root DIR --output OUT --timings` (run from a copy of the binary taken after `cargo build --release`)'
  [hugo]='`hugo --source DIR --destination OUT --quiet`'
  [zola]='`zola --root DIR build --output-dir OUT`')
VERSIONS=""; COMMANDS=""; OTHERS=""
for t in "${TOOLS[@]}"; do
  VERSIONS+="${VERSIONS:+; }$(version_of "$t")"
  COMMANDS+="${COMMANDS:+; }${COMMAND[$t]}"
  [ "$t" = spotter ] || OTHERS+="${OTHERS:+ and }${NAME[$t]}"
done

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Report header -------------------------------------------------------------------------------
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "## Spotter vs $OTHERS"
echo
echo "- Machine: ${CPU_MODEL:-unknown CPU}, $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; shared, so medians are quoted"
echo "- Tools: $VERSIONS"
echo "- Corpora: \`gen_corpus.py\` (seed 20240611) in $WORK; the Spotter corpus made acyclic by \`benches/acyclic.py\`"
echo "- Method: per N, one untimed warm-up build per tool, then $RUNS timed builds per tool, alternating; each into a fresh folder on tmpfs, removed outside the timed command; \`/usr/bin/time -f '%e %U %S %M'\`"
echo "- Commands: $COMMANDS"
[ -z "$ZOLA_NOTE" ] || echo "- $ZOLA_NOTE"
echo

# --- Runs ----------------------------------------------------------------------------------------
for n in "${NS[@]}"; do
  for t in "${TOOLS[@]}"; do corpus "$t" "$n" >/dev/null; done
  for t in "${TOOLS[@]}"; do run_one "$t" "$n" warmup; done
  for ((i = 1; i <= RUNS; i++)); do
    order=("${TOOLS[@]}")
    if ((i % 2 == 0)); then order=(); for ((k = ${#TOOLS[@]} - 1; k >= 0; k--)); do order+=("${TOOLS[k]}"); done; fi
    for t in "${order[@]}"; do run_one "$t" "$n" "run$i"; done
  done

  inputs=$(find "$WORK/spotter-$n/content" -name '*.md' | wc -l)
  echo "### N = $n exercises ($inputs Spotter content files)"
  echo
  echo "| tool | wall, median (min–max) | CPU user+sys, median | cores used (CPU/wall) | peak RSS, median | output files | output size | wall vs Spotter |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for t in "${TOOLS[@]}"; do
    f="$LOGS/$t-$n.runs"
    w=$(col "$f" 1 | median); c=$(cpu_col "$f" | median); m=$(col "$f" 4 | median)
    wmin=$(col "$f" 1 | sort -g | head -n1); wmax=$(col "$f" 1 | sort -g | tail -n1)
    files=$(col "$f" 5 | tail -n1); bytes=$(col "$f" 6 | tail -n1)
    [ "$(col "$f" 5 | sort -u | wc -l)" -eq 1 ] || files="$files (varies)"
    MED_WALL[$t-$n]=$w; MED_CPU[$t-$n]=$c; MED_RSS[$t-$n]=$m
    name=${NAME[$t]}
    printf '| %s | %s s (%s–%s) | %s s | %s | %s MiB | %s | %s MiB | %s |\n' "$name" \
      "$(fmt "$w" %.2f)" "$(fmt "$wmin" %.2f)" "$(fmt "$wmax" %.2f)" "$(fmt "$c" %.2f)" \
      "$(awk -v c="$c" -v w="$w" 'BEGIN { if (w > 0) printf "%.2f", c / w; else printf "n/a" }')" \
      "$(fmt "$m" '%.0f' | awk '{ printf "%.0f", $1 / 1024 }')" "$files" \
      "$(fmt "$bytes" '%.0f' | awk '{ printf "%.1f", $1 / 1048576 }')" \
      "$(ratio "$w" "${MED_WALL[spotter-$n]}")"
  done
  echo
  for t in "${TOOLS[@]:1}"; do
    name=${NAME[$t]}
    echo "$name/Spotter at N = $n (medians): wall $(ratio "${MED_WALL[$t-$n]}" "${MED_WALL[spotter-$n]}"), CPU $(ratio "${MED_CPU[$t-$n]}" "${MED_CPU[spotter-$n]}"), peak RSS $(ratio "${MED_RSS[$t-$n]}" "${MED_RSS[spotter-$n]}")."
    echo
  done

  echo "Spotter's stages at N = $n (\`--timings\`, median of $RUNS runs):"
  echo
  echo "| stage | median | share of wall |"
  echo "|---|---:|---:|"
  sf="$LOGS/spotter-$n.stages"
  sum=0
  while read -r stage; do
    ms=$(awk -v s="$stage" '$2 == s { print $3 }' "$sf" | median)
    sum=$(awk -v a="$sum" -v b="$ms" 'BEGIN { print a + b }')
    printf '| %s | %s ms | %s |\n' "$stage" "$(fmt "$ms" %.1f)" \
      "$(awk -v a="$ms" -v w="${MED_WALL[spotter-$n]}" 'BEGIN { printf "%.1f%%", a / (w * 10) }')"
  done < <(awk '$1 == "run1" { print $2 }' "$sf")
  rest=$(awk -v w="${MED_WALL[spotter-$n]}" -v s="$sum" 'BEGIN { print w * 1000 - s }')
  printf '| outside the stages (start-up, exit, rounding of wall to 10 ms) | %s ms | %s |\n' \
    "$(fmt "$rest" %.1f)" "$(awk -v a="$rest" -v w="${MED_WALL[spotter-$n]}" 'BEGIN { printf "%.1f%%", a / (w * 10) }')"
  printf '| wall (median) | %s ms | 100%% |\n' "$(awk -v w="${MED_WALL[spotter-$n]}" 'BEGIN { printf "%.0f", w * 1000 }')"
  echo
done

# --- Scaling -------------------------------------------------------------------------------------
if [ -n "${MED_WALL[spotter-1000]:-}" ] && [ -n "${MED_WALL[spotter-10000]:-}" ]; then
  echo "### Scaling from N = 1,000 to N = 10,000 (ratio of medians; 10× the content)"
  echo
  echo "| tool | wall 10k/1k | CPU 10k/1k | peak RSS 10k/1k |"
  echo "|---|---:|---:|---:|"
  for t in "${TOOLS[@]}"; do
    name=${NAME[$t]}
    printf '| %s | %s | %s | %s |\n' "$name" \
      "$(ratio "${MED_WALL[$t-10000]}" "${MED_WALL[$t-1000]}")" \
      "$(ratio "${MED_CPU[$t-10000]}" "${MED_CPU[$t-1000]}")" \
      "$(ratio "${MED_RSS[$t-10000]}" "${MED_RSS[$t-1000]}")"
  done
  echo
fi
echo "Load average (1, 5, 15 min): $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
