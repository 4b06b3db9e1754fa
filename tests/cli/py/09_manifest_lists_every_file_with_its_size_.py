# tests/run.sh: manifest lists every file with its size, hash and pages
import hashlib, json, os, subprocess, sys
R = sys.argv[1]
m = json.load(open(os.path.join(R, "manifest.json")))
files = {f["path"]: f for f in m["files"]}
on_disk = {os.path.relpath(os.path.join(d, n), R) for d, _, ns in os.walk(R) for n in ns} - {"manifest.json"}
assert set(files) == on_disk, (set(files) ^ on_disk)
for p, f in files.items():
    data = open(os.path.join(R, p), "rb").read()
    assert f["bytes"] == len(data) and f["sha256"] == hashlib.sha256(data).hexdigest(), p
    if p.endswith(".pdf"):
        info = subprocess.run(["pdfinfo", os.path.join(R, p)], capture_output=True, text=True).stdout
        pages = int([l for l in info.splitlines() if l.startswith("Pages:")][0].split()[1])
        kind = {"工作进展情况报告.pdf": "progress", "督办通知.pdf": "notice",
                "考核评估结果.pdf": "assessment", "考核评估汇总.pdf": "summary", "情况通报.pdf": "bulletin",
                "会议材料汇编.pdf": "pack"}[os.path.basename(p)]
        whole = kind in ("summary", "bulletin", "pack")
        assert f["pages"] == pages and f["kind"] == kind and (f["institution"] is None) == whole, p
assert files["results.json"]["kind"] == "results" and files["results.json"]["institution"] is None
assert files["index.html"]["kind"] == "index" and files["index.html"]["pages"] == 0
