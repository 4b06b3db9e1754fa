# tests/run.sh: merged manifest.json is the one a single --jobs 2 run writes, but for index.html
import json, sys
merged, single = (json.load(open(p)) for p in sys.argv[1:3])
single["files"] = [f for f in single["files"] if f["path"] != "index.html"]
assert merged == single, "differ"
