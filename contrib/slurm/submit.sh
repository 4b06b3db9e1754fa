#!/bin/bash
# submit.sh N [PROJECT_DIR]: a jindu run as a Slurm array of N shards, then
# the merge. PROJECT_DIR (default: here) must be on storage every node sees.
#
#   contrib/slurm/submit.sh 16 /shared/督办2025
set -euo pipefail
n=${1:?usage: submit.sh N [PROJECT_DIR]}
project=$(cd "${2:-.}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
array=$(sbatch --parsable --array="0-$((n - 1))" --chdir="$project" \
    --export=ALL,JINDU_PROJECT="$project" "$here/jindu-shards.sbatch")
merge=$(sbatch --parsable --dependency="afterany:$array" --chdir="$project" \
    --export=ALL,JINDU_PROJECT="$project",JINDU_SHARDS="$n" "$here/jindu-merge.sbatch")
echo "shards: job $array (array 0-$((n - 1))); merge: job $merge"
