# tests/run.sh: a step of tests/run.sh
import hashlib, json, subprocess, sys
def outline(pdf):
    j = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True, text=True,
                                  check=True).stdout)["outlines"]
    def walk(items):
        return [(o["title"], o["destpageposfrom1"], round(o["dest"][2], 3), walk(o["kids"])) for o in items]
    return walk(j)
parts, whole = outline(sys.argv[1]), outline(sys.argv[2])
assert parts == whole, (parts[:3], whole[:3])
assert len(parts) >= 6 and any(k for *_, k in parts)
fonts = subprocess.run(["pdffonts", sys.argv[1]], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
names = [l.split()[0] for l in fonts]
assert len(names) > 8 and len(set(names)) == len(names), names   # 37 pages in 4-page parts
assert all(l.split()[-5:-2] == ["yes", "yes", "yes"] for l in fonts)
m = {f["path"]: f for f in json.load(open(sys.argv[3]))["files"]}["会议材料汇编.pdf"]
data = open(sys.argv[1], "rb").read()
npages = int(subprocess.run(["qpdf", "--show-npages", sys.argv[2]], capture_output=True, text=True).stdout)
assert m["bytes"] == len(data) and m["sha256"] == hashlib.sha256(data).hexdigest() and m["pages"] == npages > 30, m
