#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each, one after the other, on one core.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      SECONDS defaults to 180; targets: front_matter, sets,
#                                          shortcode, guide
#
# Seed corpora are made afresh from the bundled guide (content/) and the bad-input cases
# (tests/bad/) into fuzz/corpus/TARGET/, which libFuzzer grows from run to run. Each target runs
# in libFuzzer's fork mode with one job, so a crash or a hang does not end its run: every
# failing input is left in fuzz/artifacts/TARGET/, and the script exits with status 1 at the
# end when any target left one. Once the bug is fixed, copy the input to
# fuzz/regressions/TARGET/, where `cargo test --test it fuzz_regressions` runs it for good.
#
# Needs a nightly toolchain and cargo-fuzz; not part of every CI run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
all_targets=(front_matter sets shortcode guide)

seconds=${1:-180}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
    echo "usage: fuzz/run.sh [SECONDS] [TARGET...]   (targets: ${all_targets[*]})" >&2
    exit 2
fi
shift $(($# > 0 ? 1 : 0))
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    if [[ ! -f $here/fuzz_targets/$t.rs ]]; then
        echo "fuzz/run.sh: no fuzz target \"$t\" (targets: ${all_targets[*]})" >&2
        exit 2
    fi
done

if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
    echo "fuzz/run.sh: cargo and rustup are needed: install Rust with rustup (https://rustup.rs)" >&2
    exit 1
fi
if ! cargo +nightly --version >/dev/null 2>&1; then
    cat >&2 <<'EOF'
fuzz/run.sh: a nightly Rust toolchain is needed (libFuzzer's instrumentation is nightly-only).
Install it with:
    rustup toolchain install nightly
EOF
    exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cat >&2 <<'EOF'
fuzz/run.sh: cargo-fuzz is needed. Install it with:
    cargo install cargo-fuzz
EOF
    exit 1
fi

# --- Seed corpora ------------------------------------------------------------------------------

corpus=$here/corpus
mkdir -p "${all_targets[@]/#/$corpus/}"

seed() { # seed TARGET NAME: standard input, unless empty, becomes a seed named by its content
    local bytes
    bytes=$(mktemp)
    cat >"$bytes"
    if [[ ! -s $bytes ]]; then
        rm "$bytes"
        return
    fi
    mv "$bytes" "$corpus/$1/seed-$2-$(cksum <"$bytes" | cut -d' ' -f1)"
}

mapfile -t pages < <(cd "$root" && find content tests/bad -name '*.md' -type f | sort)

for page in "${pages[@]}"; do
    name=$(basename "$page" .md)
    seed front_matter "$name" <"$root/$page"
    # The guide target reads a part whose first line is a path as that file.
    case $page in
    content/*) { printf '%s\n' "$page"; cat "$root/$page"; } | seed guide "$name" ;;
    esac
    # Shortcode lines, and every value a prescription or a duration is read from.
    { grep -h '^{{' "$root/$page" || true; } | while IFS= read -r line; do
        printf '%s' "$line" | seed shortcode "$name"
    done
    { grep -hoE '^ *-? *(sets|reps|rest|hold|rest_between_rounds): *[^ ].*$' "$root/$page" || true; } |
        sed -E 's/^ *-? *[a-z_]+: *//' | while IFS= read -r value; do
        printf '%s' "$value" | seed sets "$name"
    done
    # A `sets:` mapping or list written over several lines, as its own YAML text.
    awk '/^sets: *$/ { on = 1; next } on && /^  / { print substr($0, 3); next } { on = 0 }' \
        "$root/$page" | seed sets "$name-block"
done

# Each bad-input case as one guide: its files, a path line before each, joined by NUL bytes.
for case_dir in "$root"/tests/bad/*/; do
    (
        cd "$case_dir"
        first=1
        while IFS= read -r file; do
            ((first)) || printf '\0'
            first=0
            printf '%s\n' "$file"
            cat "$file"
        done < <(find site.yaml content -type f 2>/dev/null | sort | head -8)
    ) | seed guide "bad-$(basename "$case_dir")"
done

# The forms the SPEC allows that the bundled guide may not use.
for text in '3x8-12' '3 × 10 per side' '2x30s' '2 x 1m30s' '3xmax' '3 X AMRAP' '4x6/arm' \
    '3x10 reps each leg' '1:30' '45 sec' '1 min 30 s' '8–12' \
    '{sets: 3, reps: 8-12, per_side: true, rest: 40s, tempo: 3-1-1, note: "slow"}' \
    $'- {level: beginner, sets: 2, reps: 10}\n- {level: advanced, sets: 4, reps: 30s, rest: 1m}'; do
    printf '%s' "$text" | seed sets spec
done
for text in '{{ exercise(slug="band-pull-apart") }}' "{{ note(text='a, \"b\"', n=-1.5, big=true) }}"; do
    printf '%s' "$text" | seed shortcode spec
done

# --- Runs -------------------------------------------------------------------------------------

cd "$here"
failed=()
for t in "${targets[@]}"; do
    echo "=== $t: $seconds s"
    mkdir -p "artifacts/$t"
    before=$(find "artifacts/$t" -type f | wc -l)
    # One job at a time (the machine is shared); an input taking over 20 s counts as a hang.
    status=0
    cargo +nightly fuzz run --debug-assertions "$t" "$corpus/$t" -- \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -timeout=20 -max_len=16384 || status=$?
    after=$(find "artifacts/$t" -type f | wc -l)
    if ((status != 0 || after > before)); then
        failed+=("$t")
        echo "=== $t: exit status $status, $((after - before)) new failing inputs in fuzz/artifacts/$t/"
    fi
done
if ((${#failed[@]})); then
    echo "fuzz/run.sh: crashes or hangs in: ${failed[*]}; their inputs are in fuzz/artifacts/" >&2
    exit 1
fi
echo "fuzz/run.sh: no crash in ${targets[*]} (${seconds} s each)"
