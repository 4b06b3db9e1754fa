# tests/run.sh: SIG$sig: every output complete or absent, all in the manifest
import glob, json, os, subprocess, sys
base = glob.glob(sys.argv[1] + "/*")[0]
assert not glob.glob(base + "/**/*.tmp-*", recursive=True)
m = json.load(open(base + "/manifest.json"))
listed = {f["path"] for f in m["files"] if f["path"].endswith(".pdf")}
on_disk = {os.path.relpath(p, base) for p in glob.glob(base + "/**/*.pdf", recursive=True)}
assert listed == on_disk, listed ^ on_disk
for p in sorted(on_disk)[:60]:
    assert subprocess.run(["qpdf", "--check", os.path.join(base, p)], capture_output=True).returncode == 0, p
