#!/usr/bin/env bash
# tests/slurm_test.sh JINDU: contrib/slurm/submit.sh on a single-node Slurm
# cluster of the test's own (munged, slurmctld and slurmd with a private
# key, socket, ports, state and logs under one temporary directory; the
# machine's own configuration is not read or touched), then the merged
# output compared with one --jobs 2 run. Needs root and Debian's
# slurm-wlm and munge; ends with "slurm: N passed, N failed".
set -u
J=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$(dirname "$0")/.."
ROOT=$PWD
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else fail "$what"; fi; }
finish() { echo "slurm: $PASS passed, $FAIL failed"; [ "$FAIL" = 0 ]; exit; }

for p in munged slurmctld slurmd sbatch squeue; do
    command -v $p >/dev/null || { fail "$p is not installed (Debian: slurm-wlm, munge)"; finish; }
done
[ "$(id -u)" = 0 ] || { fail "a private Slurm cluster needs root (slurmd runs jobs as their user)"; finish; }

W=$(mktemp -d /tmp/jindu-slurm.XXXXXX)
chmod 700 "$W"
stop() {
    for d in slurmd slurmctld munged; do [ -f "$W/$d.pid" ] && kill "$(cat "$W/$d.pid")" 2>/dev/null; done
    sleep 1
    rm -rf "$W"
}
trap stop EXIT
H=$(hostname -s)
# ports from the process id, so two runs on one machine do not meet
PORT=$((20000 + ($$ % 20000) * 2))
mkdir -p "$W/state" "$W/spool" "$W/project"
head -c 1024 /dev/urandom >"$W/munge.key" && chmod 400 "$W/munge.key"
munged --force --socket="$W/munge.sock" --key-file="$W/munge.key" --pid-file="$W/munged.pid" \
    --log-file="$W/munged.log" --seed-file="$W/munged.seed" 2>"$W/munged.err"
check "a private munged starts" test -S "$W/munge.sock"
cat >"$W/slurm.conf" <<CONF
ClusterName=jindutest
SlurmctldHost=$H(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$W/munge.sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmdSpoolDir=$W/spool
StateSaveLocation=$W/state
SlurmUser=root
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ReturnToService=2
NodeName=$H NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=$H Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$W/slurm.conf
slurmctld -f "$SLURM_CONF" && sleep 1 && slurmd -f "$SLURM_CONF"
up=0
for _ in $(seq 1 30); do
    sinfo -h -o %t 2>/dev/null | grep -q idle && { up=1; break; }
    sleep 1
done
check "a private single-node Slurm cluster comes up" [ $up = 1 ]
[ $up = 1 ] || { tail -5 "$W"/slurm*.log; finish; }

cp -r data templates fonts "$W/project/"
JINDU="$J" contrib/slurm/submit.sh 4 "$W/project" >"$W/submit.out" 2>&1
check "submit.sh queues the array and the merge" grep -q "^shards: job [0-9]* (array 0-3); merge: job [0-9]*" "$W/submit.out"
merge=$(sed -n 's/.*merge: job \([0-9]*\).*/\1/p' "$W/submit.out")
done_=0
for _ in $(seq 1 120); do
    [ -z "$(squeue -h 2>/dev/null)" ] && { done_=1; break; }
    sleep 1
done
check "the array and the merge finish within two minutes" [ $done_ = 1 ]
check "the merge job says what it joined" \
    grep -q "4 shards merged: 14 files of 4 institutions" "$W/project/jindu-merge-$merge.log"
"$J" build --data data --out "$W/one" --jobs 2 --quiet
# (a sharded run writes no index.html: no shard holds every PDF it would link)
check "the merged manifest is the one a single run writes, but for index.html" python3 -c "
import json, sys
merged, single = (json.load(open(p)) for p in sys.argv[1:3])
single['files'] = [f for f in single['files'] if f['path'] != 'index.html']
assert merged == single" "$W/project/out/2024Q3/manifest.json" "$W/one/2024Q3/manifest.json"
check "four array tasks ran, one shard each" \
    test "$(ls "$W/project/out/2024Q3"/manifest-?-of-4.json | wc -l)" = 4
finish
