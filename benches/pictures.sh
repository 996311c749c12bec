#!/usr/bin/env bash
# benches/pictures.sh: processing pictures, Spotter against Hugo, cold and warm cache.
#
#   benches/pictures.sh > pictures.md
#
# It makes, once, COUNT (default 300) photograph-like JPEGs of 3000 x 2000 pixels
# (`cargo run --release --example photos -- make`), and three guides of COUNT exercises on
# tmpfs (/dev/shm, else /tmp), each exercise a folder holding its photo:
#   - spotter:   `images: [{src: photo.jpg, alt: ...}]` and site.yaml `images: {widths: [480,
#                960, 1600], quality: 80}`: WebP and a JPEG fallback at each width;
#   - hugo:      page bundles whose single.html template makes the same files with
#                `.Resize "480x webp q80 Lanczos"` and `.Resize "480x jpg q80 Lanczos"` for each
#                width, in a <picture> like Spotter's;
#   - nopics:    Spotter's guide without `images:` (the baseline a warm build is held to).
# Each build goes into a fresh output folder, removed outside the timed command, and warm builds
# are timed again over the output of the build before (as a rebuild usually is). Cold: the
# cache is removed before the build (Spotter's .spotter-cache/, Hugo's resources/); warm: it
# is kept from the build before. Builds alternate between the tools, RUNS times each (default
# 3 cold, 5 warm; RUNS_COLD=0 times warm builds alone, over the caches of an earlier run),
# timed by the shell's clock ($EPOCHREALTIME, to the microsecond: a warm build takes tens of
# milliseconds) around `/usr/bin/time -f '%U %S %M'` (CPU and peak memory, to 10 ms).
#
# The report (Markdown) goes to stdout; progress to stderr. Environment: COUNT, RUNS_COLD,
# RUNS_WARM, BENCH_DIR (default /dev/shm/spotter-pictures).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT="${COUNT:-300}"
RUNS_COLD="${RUNS_COLD:-3}"
RUNS_WARM="${RUNS_WARM:-5}"

say() { printf 'pictures.sh: %s\n' "$*" >&2; }
die() { printf 'pictures.sh: error: %s\n' "$*" >&2; exit 1; }

[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || die "COUNT must be a positive integer"
[[ "$RUNS_COLD" =~ ^[0-9]+$ && "$RUNS_WARM" =~ ^[1-9][0-9]*$ ]] || die "RUNS_COLD must be 0 or more, RUNS_WARM 1 or more"
command -v hugo >/dev/null 2>&1 || die "hugo is not installed (apt-get install -y hugo)"
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (apt-get install -y time)"

if [ -n "${BENCH_DIR:-}" ]; then WORK="$BENCH_DIR"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then WORK=/dev/shm/spotter-pictures
else WORK=/tmp/spotter-pictures; fi
mkdir -p "$WORK"
OUTS="$WORK/out.$$"
LOGS="$WORK/logs.$$"
mkdir -p "$OUTS" "$LOGS"
trap 'rm -rf "$OUTS" "$LOGS"' EXIT

say "building Spotter and the photo maker: cargo build --release"
(cd "$ROOT" && cargo build --release --bin spotter --example photos >&2) || die "cargo build failed"
SPOTTER="$WORK/spotter.$$"
cp "$ROOT/target/release/spotter" "$SPOTTER"
trap 'rm -rf "$OUTS" "$LOGS" "$SPOTTER"' EXIT

# --- The photos and the guides --------------------------------------------------------------
PHOTOS="$WORK/photos-$COUNT"
if [ ! -f "$PHOTOS.ready" ]; then
  say "making $COUNT photos of 3000 x 2000 in $PHOTOS"
  rm -rf "$PHOTOS"
  "$ROOT/target/release/examples/photos" make "$PHOTOS" "$COUNT" 3000 2000
  touch "$PHOTOS.ready"
fi

make_guides() {
  local spotter="$WORK/spotter-$COUNT" hugo="$WORK/hugo-$COUNT" nopics="$WORK/nopics-$COUNT"
  rm -rf "$spotter" "$hugo" "$nopics"
  mkdir -p "$spotter/content/exercises" "$nopics/content/exercises" "$hugo/content/exercises" "$hugo/layouts/_default"
  printf 'title: Pictures\nbase_url: https://example.org/\nimages:\n  widths: [480, 960, 1600]\n  quality: 80\n' >"$spotter/site.yaml"
  printf 'title: Pictures\nbase_url: https://example.org/\n' >"$nopics/site.yaml"
  cat >"$hugo/config.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Pictures"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[imaging]
quality = 80
resampleFilter = "Lanczos"
TOML
  cat >"$hugo/layouts/_default/single.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>
{{ with .Resources.GetMatch "photo.jpg" }}
{{ $a := .Resize "480x webp q80 Lanczos" }}{{ $b := .Resize "960x webp q80 Lanczos" }}{{ $c := .Resize "1600x webp q80 Lanczos" }}
{{ $d := .Resize "480x jpg q80 Lanczos" }}{{ $e := .Resize "960x jpg q80 Lanczos" }}{{ $f := .Resize "1600x jpg q80 Lanczos" }}
<picture><source type="image/webp" srcset="{{ $a.RelPermalink }} 480w, {{ $b.RelPermalink }} 960w, {{ $c.RelPermalink }} 1600w" sizes="(min-width: 50rem) 46rem, 100vw">
<img src="{{ $f.RelPermalink }}" srcset="{{ $d.RelPermalink }} 480w, {{ $e.RelPermalink }} 960w, {{ $f.RelPermalink }} 1600w" width="{{ $f.Width }}" height="{{ $f.Height }}" alt="{{ $.Title }}" loading="lazy" decoding="async"></picture>
{{ end }}
{{ .Content }}</body></html>
HTML
  printf '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n' >"$hugo/layouts/_default/list.html"
  local i=0 photo slug
  for photo in "$PHOTOS"/*.jpg; do
    i=$((i + 1))
    slug=$(printf 'exercise-%03d' "$i")
    mkdir -p "$spotter/content/exercises/$slug" "$hugo/content/exercises/$slug" "$nopics/content/exercises/$slug"
    ln "$photo" "$spotter/content/exercises/$slug/photo.jpg" 2>/dev/null || cp "$photo" "$spotter/content/exercises/$slug/photo.jpg"
    ln "$photo" "$hugo/content/exercises/$slug/photo.jpg" 2>/dev/null || cp "$photo" "$hugo/content/exercises/$slug/photo.jpg"
    printf -- '---\ntitle: Exercise %d\nmuscles:\n  primary: [rhomboids]\nimages:\n  - src: photo.jpg\n    alt: The start of exercise %d\n---\nPull the band to your ribs.\n' "$i" "$i" >"$spotter/content/exercises/$slug/index.md"
    printf -- '---\ntitle: Exercise %d\nmuscles:\n  primary: [rhomboids]\n---\nPull the band to your ribs.\n' "$i" >"$nopics/content/exercises/$slug/index.md"
    printf -- '---\ntitle: Exercise %d\n---\nPull the band to your ribs.\n' "$i" >"$hugo/content/exercises/$slug/index.md"
  done
}
if [ -f "$WORK/guides-$COUNT.ready" ]; then
  say "reusing the guides"
else
  say "writing the guides"
  make_guides
  touch "$WORK/guides-$COUNT.ready"
fi

# --- Measuring -------------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run_one TOOL STATE LABEL: one build; appends "wall user sys rss files bytes" to $LOGS/TOOL-STATE
run_one() {
  local tool=$1 state=$2 label=$3 out="$OUTS/$1-$3" src cmd
  # kept: over the output of the build before (the usual rebuild), else into a fresh folder.
  if [ "$state" = kept ]; then out="$OUTS/$1-kept"; else rm -rf "$out"; fi
  case $tool in
    spotter) src="$WORK/spotter-$COUNT"; cmd=("$SPOTTER" build --root "$src" --output "$out")
             [ "$state" = cold ] && rm -rf "$src/.spotter-cache" ;;
    nopics)  src="$WORK/nopics-$COUNT"; cmd=("$SPOTTER" build --root "$src" --output "$out") ;;
    hugo)    src="$WORK/hugo-$COUNT"; cmd=(hugo --source "$src" --destination "$out" --quiet)
             [ "$state" = cold ] && rm -rf "$src/resources" ;;
  esac
  sync
  local start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$LOGS/t" "${cmd[@]}" >"$LOGS/out" 2>"$LOGS/err" || { cat "$LOGS/err" >&2; die "$tool failed"; }
  local end=$EPOCHREALTIME
  local t files bytes
  t="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }') $(tail -n 1 "$LOGS/t")"
  files=$(find "$out" -type f | wc -l)
  bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  [ "$state" = kept ] || rm -rf "$out"
  say "$(printf '%-7s %-4s %-7s wall %7ss  user %7ss  sys %6ss  peak %8s KiB  %5s files' "$tool" "$state" "$label" $t "$files")"
  [ "$label" = warmup ] || printf '%s %s %s\n' "$t" "$files" "$bytes" >>"$LOGS/$tool-$state"
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$RUNS_COLD"); do
  if [ $((r % 2)) -eq 1 ]; then order=(spotter hugo); else order=(hugo spotter); fi
  for tool in "${order[@]}"; do run_one "$tool" cold "run$r"; done
done
# Warm: the caches are there from the cold runs; one untimed build each first.
for tool in spotter hugo nopics; do run_one "$tool" warm warmup; done
for r in $(seq 1 "$RUNS_WARM"); do
  for tool in spotter hugo nopics; do run_one "$tool" warm "run$r"; done
done
# Warm, over the last output: one untimed build each makes it.
for tool in spotter hugo nopics; do run_one "$tool" kept warmup; done
for r in $(seq 1 "$RUNS_WARM"); do
  for tool in spotter hugo nopics; do run_one "$tool" kept "run$r"; done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

med() { [ -f "$LOGS/$1-$2" ] || { echo nan; return; }; awk -v c="$3" '{ print $c }' "$LOGS/$1-$2" | median; }
cpu() { [ -f "$LOGS/$1-$2" ] || { echo nan; return; }; awk '{ printf "%.2f\n", $2 + $3 }' "$LOGS/$1-$2" | median; }
mib() { med "$1" cold 4 | awk '$1 == "nan" { print "n/a"; next } { printf "%d MiB", $1 / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

SC=$(med spotter cold 1); HC=$(med hugo cold 1)
SW=$(med spotter warm 1); HW=$(med hugo warm 1); NW=$(med nopics warm 1)
SK=$(med spotter kept 1); HK=$(med hugo kept 1); NK=$(med nopics kept 1)
cat <<MD
$COUNT photos of 3000 x 2000 px (JPEG, $(du -sh "$PHOTOS" | cut -f1) in all), each the one picture
of an exercise page; widths 480, 960 and 1600, WebP and JPEG at quality 80, Lanczos3.
$(nproc) cores; load average $LOAD_START at the start, $LOAD_END at the end. Medians of
$RUNS_COLD cold and $RUNS_WARM warm builds; Spotter $(git -C "$ROOT" rev-parse --short HEAD),
$(hugo version | awk '{ print "Hugo", $2 }').

| build | Spotter | Hugo | Hugo / Spotter | no pictures (Spotter) |
|---|---|---|---|---|
| cold cache: wall | ${SC} s | ${HC} s | $(ratio "$HC" "$SC")× | |
| cold cache: CPU (user+sys) | $(cpu spotter cold) s | $(cpu hugo cold) s | | |
| warm cache, fresh output: wall | ${SW} s | ${HW} s | $(ratio "$HW" "$SW")× | ${NW} s (Spotter warm / no pictures: $(ratio "$SW" "$NW")×) |
| warm cache, over the last output: wall | ${SK} s | ${HK} s | $(ratio "$HK" "$SK")× | ${NK} s (Spotter / no pictures: $(ratio "$SK" "$NK")×) |
| files written | $(med spotter warm 5) | $(med hugo warm 5) | | $(med nopics warm 5) |
| peak memory, cold | $(mib spotter) | $(mib hugo) | | |
MD
