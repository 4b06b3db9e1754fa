#!/usr/bin/env bash
# build-shards.sh N [jindu build options…]: one jindu run split into N
# shards that GNU parallel (Debian: parallel) runs at once on this machine,
# then joined by `jindu merge` into the manifest.json one run writes.
#
#   contrib/parallel/build-shards.sh 4 --data data --out out
#
# Each shard is `jindu build --shard I/N --jobs 1`: parallel, not jindu,
# decides how many run at a time (-j, default: one per core). JINDU names
# the program (default: jindu on PATH).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 N [jindu build options…]" >&2; exit 2; }
n=$1
shift
jindu=${JINDU:-jindu}
out=out
for ((i = 1; i <= $#; i++)); do
    [ "${!i}" = --out ] && { j=$((i + 1)); out=${!j}; }
    case ${!i} in --out=*) out=${!i#--out=} ;; esac
done
# shards that found errors exit 1 and still write what they could; stop
# the run only when a shard could not run at all (usage, I/O: exit 2, 3)
status=0
parallel --will-cite --line-buffer --tagstring 'shard {}' \
    "$jindu" build --shard "{}/$n" --jobs 1 --quiet "$@" ::: $(seq 0 $((n - 1))) || status=$?
first=$(ls -td "$out"/*/manifest-0-of-"$n".json 2>/dev/null | head -1)   # this run's period: the newest
[ -n "$first" ] || { echo "$0: no shard wrote $out/<period>/manifest-0-of-$n.json" >&2; exit 3; }
"$jindu" merge "$(dirname "$first")"
exit $status
