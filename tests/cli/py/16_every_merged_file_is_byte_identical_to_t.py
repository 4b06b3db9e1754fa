# tests/run.sh: every merged file is byte-identical to the single run's
import json, sys, filecmp
files = json.load(open(sys.argv[1] + "/manifest.json"))["files"]
assert len(files) == 14 and sum(f["path"].endswith(".pdf") for f in files) == 13, len(files)
for f in files:
    assert filecmp.cmp(sys.argv[1] + "/" + f["path"], sys.argv[2] + "/" + f["path"], shallow=False), f["path"]
