# tests/run.sh: 40 generated institutions: every report made and in the manifest
import json, sys
m = json.load(open(sys.argv[1]))
assert sum(f["kind"] == "progress" for f in m["files"]) == 40, len(m["files"])
