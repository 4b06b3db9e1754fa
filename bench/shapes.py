#!/usr/bin/env python3
"""bench/shapes.py DATADIR OUTDIR: the same data set in the layouts other
systems export it in, for `make bench` to time `jindu check` on each:

  pretty.json   one file, indented (as a person writes it)
  oneline.json  one file, minified: the whole data set on one line
  hugeline.json one line as above, every task's text padded to 20,000
                characters (columns far past any editor's)
"""
import glob
import json
import os
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
d = {}
for f in sorted(glob.glob(src + "/**/*.json", recursive=True)):
    for k, v in json.load(open(f, encoding="utf-8")).items():
        if isinstance(v, list):
            d.setdefault(k, []).extend(v)
        else:
            d[k] = v
with open(out + "/pretty.json", "w", encoding="utf-8") as f:
    json.dump(d, f, ensure_ascii=False, indent=2)
with open(out + "/oneline.json", "w", encoding="utf-8") as f:
    json.dump(d, f, ensure_ascii=False, separators=(",", ":"))
for t in d["tasks"]:
    t["text"] = (t.get("text") or t["title"]) * (20000 // max(len(t.get("text") or t["title"]), 1))
with open(out + "/hugeline.json", "w", encoding="utf-8") as f:
    json.dump(d, f, ensure_ascii=False, separators=(",", ":"))
