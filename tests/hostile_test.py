"""Hostile inputs and file-system faults (issue 30): each case the red-team
pass found, made by script, with what must hold afterwards: every
institution keeps its own files, nothing outside the output directory is
read into an output or deleted, no hang, no abort, bounded memory, and the
manifest always matches the files.

usage: hostile_test.py JINDU WORKDIR"""
import hashlib
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402

J = os.path.abspath(sys.argv[1])
W = os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
SAN = "san" in os.path.basename(J)


def run(*args, timeout=120, **kw):
    """The command's exit status, stdout and stderr; a hang fails the check
    that reads it (returncode None)."""
    try:
        p = subprocess.run([J, *args], capture_output=True, text=True, timeout=timeout, **kw)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return None, "", "TIMEOUT"


def sample(name, extra_institutions=()):
    d = os.path.join(W, name, "data")
    shutil.rmtree(os.path.join(W, name), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "data"), d)
    if extra_institutions:
        p = os.path.join(d, "institutions.json")
        insts = json.load(open(p))
        insts["institutions"] += list(extra_institutions)
        json.dump(insts, open(p, "w"), ensure_ascii=False)
    return d


def manifest_matches(period_dir):
    """Every regular file under the directory (its lock aside) is listed
    with its size and hash, and every listed file is there: (ok, why)."""
    m = json.load(open(os.path.join(period_dir, "manifest.json")))
    listed = {f["path"]: f for f in m["files"]}
    if len(listed) != len(m["files"]):
        return False, "a path listed twice"
    found = set()
    for top, dirs, files in os.walk(period_dir):
        for f in files:
            rel = os.path.relpath(os.path.join(top, f), period_dir)
            if rel == "manifest.json":
                continue
            found.add(rel)
    if found != set(listed):
        return False, f"on disk not listed: {sorted(found - set(listed))[:5]}; listed not on disk: {sorted(set(listed) - found)[:5]}"
    for rel, f in listed.items():
        data = open(os.path.join(period_dir, rel), "rb").read()
        if len(data) != f["bytes"] or hashlib.sha256(data).hexdigest() != f["sha256"]:
            return False, f"{rel}: size or hash differs"
    return True, ""


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout


def child_peak_mb():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# ---- 1, 2: folder names unique after sanitising and cutting -----------------------------
long_a = "某" * 45 + "人民医院第一分院"        # 53 characters: over 120 bytes with the id
long_b = "某" * 45 + "人民医院第二分院"
extra = [
    {"id": "jia1", "name": "甲医院一", "short_name": "甲"},
    {"id": "fybjy2", "name": "甲医院二", "short_name": "甲"},
    {"id": "jia3", "name": "甲医院三", "short_name": "甲-fybjy2"},
    {"id": "longa", "name": long_a, "short_name": long_a},
    {"id": "longb", "name": long_b, "short_name": long_b},
    {"id": "idx", "name": "索引医院", "short_name": "index.html"},
    {"id": "sumry", "name": "汇总医院", "short_name": "考核评估汇总.pdf"},
    {"id": "mani", "name": "清单医院", "short_name": "manifest.json"},
    {"id": "res", "name": "结果医院", "short_name": "RESULTS.JSON"},
]
d = sample("names", extra)
out = os.path.join(W, "names", "out")
rc, _, err = run("build", "--data", d, "--out", out, "--quiet")
check(rc == 0, f"names: the build succeeds (rc {rc}): {err[-400:]}")
pdir = os.path.join(out, "2024Q3")
ok, why = manifest_matches(pdir)
check(ok, f"names: the manifest matches the files: {why}")
m = json.load(open(os.path.join(pdir, "manifest.json")))
by_inst = {}
for f in m["files"]:
    if f["institution"] and f["kind"] == "assessment":
        by_inst[f["institution"]] = os.path.dirname(f["path"])
ids = [i["id"] for i in json.load(open(os.path.join(d, "institutions.json")))["institutions"]]
check(sorted(by_inst) == sorted(ids), f"names: every institution has its assessment sheet: {sorted(set(ids) - set(by_inst))}")
check(len(set(by_inst.values())) == len(by_inst), f"names: every institution has a folder of its own: {by_inst}")
check(all(len(v.encode()) <= 120 for v in by_inst.values()), "names: folder names within 120 bytes")
for inst in extra:
    folder = by_inst.get(inst["id"], "")
    text = pdf_text(os.path.join(pdir, folder, "考核评估结果.pdf")) if folder else ""
    check(inst["name"][:20] in text.replace(" ", "").replace("\n", ""),
          f"names: {inst['id']}'s folder {folder!r} holds its own sheet")
check(os.path.isfile(os.path.join(pdir, "index.html")) and os.path.isfile(os.path.join(pdir, "考核评估汇总.pdf")),
      "names: the run's own index.html and summary are files, not an institution's folder")
check(by_inst.get("jia1") == "甲" and by_inst.get("fybjy2") == "甲-fybjy2" and by_inst.get("jia3") == "甲-fybjy2-jia3",
      f"names: a name that ends like another's suffixed name gets its own id: {[by_inst.get(i) for i in ('jia1', 'fybjy2', 'jia3')]}")
check(by_inst.get("res", "").lower() != "results.json", "names: RESULTS.JSON renamed (case-folding file systems)")

# the forms of two institutions whose "id-name" read the same: two files
d = sample("formnames", [{"id": "x-y", "name": "丙医院一", "short_name": "丙"},
                         {"id": "x", "name": "丙医院二", "short_name": "y-丙"}])
rc, _, err = run("forms", "--data", d, "--out", os.path.join(W, "formnames", "out"), "--quiet")
fdir = os.path.join(W, "formnames", "out", "2024Q3", "forms")
got = sorted(os.listdir(fdir)) if os.path.isdir(fdir) else []
check(rc == 0 and len(got) == 6 and "x-y-丙.xlsx" in got and "x-y-丙-2.xlsx" in got,
      f"forms: two institutions never share a file: {got}")

# ---- 3: a failed write leaves no stale, unlisted file -------------------------------------
d = sample("full")
out = os.path.join(W, "full", "out")
pdir = os.path.join(out, "2024Q3")
run("build", "--data", d, "--out", out, "--quiet")
pack = os.path.join(pdir, "会议材料汇编.pdf")
limit = (os.path.getsize(pack) // 1024) - 8        # the pack no longer fits; everything else does
p = subprocess.run(["bash", "-c", f'ulimit -f {limit}; exec "$0" "$@"', J, "build", "--data", d, "--out", out,
                    "--quiet"], capture_output=True, text=True, timeout=300)
check(p.returncode == 3, f"full disk: exit 3 (got {p.returncode})")
check("会议材料汇编.pdf: error: " in p.stderr, f"full disk: the pack's failure named: {p.stderr[-300:]}")
ok, why = manifest_matches(pdir)
check(ok, f"full disk: the manifest matches the files: {why}")
check(not os.path.exists(pack), "full disk: the earlier run's pack is not left behind as if current")
check("manifest.json lists them" in p.stderr, "full disk: says the manifest lists what is there")
leftovers = [f for _, _, fs in os.walk(pdir) for f in fs if ".tmp-" in f]
check(not leftovers, f"full disk: no temporaries left: {leftovers}")

# ---- 4: two builds at once into one directory -------------------------------------------
d = sample("twice")
out = os.path.join(W, "twice", "out")
procs = [subprocess.Popen([J, "build", "--data", d, "--out", out, "--quiet", "--jobs", "2"], stderr=subprocess.PIPE,
                          text=True) for _ in range(3)]
errs = [pr.communicate(timeout=300)[1] for pr in procs]
check(all(pr.returncode == 0 for pr in procs), f"concurrent builds: all succeed: {[pr.returncode for pr in procs]}")
ok, why = manifest_matches(os.path.join(out, "2024Q3"))
check(ok, f"concurrent builds: the manifest matches the files: {why}")

# ---- 5: clean-up never follows a link out of the directory ---------------------------------
d = sample("links")
out = os.path.join(W, "links", "out")
pdir = os.path.join(out, "2024Q3")
run("build", "--data", d, "--out", out, "--quiet")
outside = os.path.join(W, "links", "outside")
os.makedirs(outside)
victim = os.path.join(outside, "x.pdf")
open(victim, "wb").write(b"precious")
os.symlink(outside, os.path.join(pdir, "link"))
mpath = os.path.join(pdir, "manifest.json")
m = json.load(open(mpath))
m["files"].append({"path": "link/x.pdf", "kind": "progress", "institution": None, "pages": 1, "bytes": 8,
                   "sha256": hashlib.sha256(b"precious").hexdigest()})
open(os.path.join(pdir, "plain.pdf"), "wb").write(b"also precious")
os.symlink(os.path.join(outside, "x.pdf"), os.path.join(pdir, "alias.pdf"))
m["files"].append({"path": "alias.pdf", "kind": "progress", "institution": None, "pages": 1, "bytes": 8,
                   "sha256": hashlib.sha256(b"precious").hexdigest()})
m["files"].append({"path": "plain.pdf", "kind": "progress", "institution": None, "pages": 1, "bytes": 13,
                   "sha256": "0" * 64})
json.dump(m, open(mpath, "w"))
rc, _, err = run("build", "--data", d, "--out", out, "--quiet")
check(rc == 0, f"links: the build succeeds ({rc}): {err[-300:]}")
check(os.path.exists(victim) and open(victim, "rb").read() == b"precious", "links: a file reached through a linked folder is not deleted")
check(os.path.islink(os.path.join(pdir, "alias.pdf")) and os.path.exists(victim),
      "links: a link named in the manifest is not followed to its target")
check(open(os.path.join(pdir, "plain.pdf"), "rb").read() == b"also precious",
      "links: a listed file whose hash differs (the user's own) is not deleted")
listed = [f["path"] for f in json.load(open(mpath))["files"]]
check(not any(p in listed for p in ("link/x.pdf", "alias.pdf", "plain.pdf")), "links: none of them listed")

# ---- 6: merge reads regular files inside the run only -------------------------------------
d = sample("merge")
out = os.path.join(W, "merge", "out")
pdir = os.path.join(out, "2024Q3")
for i in range(2):
    run("build", "--data", d, "--out", out, "--shard", f"{i}/2", "--quiet")
rc, _, err = run("merge", pdir, "--quiet")
check(rc == 0, f"merge: the clean shards merge ({rc}): {err[-300:]}")
m0 = os.path.join(pdir, "manifest-0-of-2.json")
clean = open(m0).read()


def merge_with(path, make, timeout=20):
    """A shard manifest listing path, which make() creates; merge's answer."""
    full = os.path.join(pdir, path)
    if os.path.lexists(full):
        os.remove(full)
    make(full)
    m = json.loads(clean)
    m["files"].append({"path": path, "kind": "progress", "institution": None, "pages": 1, "bytes": 8,
                       "sha256": hashlib.sha256(b"precious").hexdigest()})
    open(m0, "w").write(json.dumps(m))
    res = run("merge", pdir, "--quiet", timeout=timeout)
    os.remove(full)
    return res


rc, _, err = merge_with("fifo.pdf", os.mkfifo)
check(rc == 1 and "fifo.pdf" in err and "not a regular file" in err, f"merge: a listed FIFO is refused at once ({rc}): {err[-200:]}")
rc, _, err = merge_with("zero.pdf", lambda f: os.symlink("/dev/zero", f))
check(rc == 1 and "symbolic link" in err, f"merge: a link to /dev/zero is refused at once ({rc}): {err[-200:]}")
rc, _, err = merge_with("out.pdf", lambda f: os.symlink(victim, f))
check(rc == 1 and "symbolic link" in err and "precious" not in err,
      f"merge: a link to a file outside with the right hash is refused ({rc})")
check(not os.path.exists(os.path.join(pdir, "manifest.json")) or "out.pdf" not in open(os.path.join(pdir, "manifest.json")).read(),
      "merge: the outside file is not in manifest.json")
m = json.loads(clean)
m["files"][0]["sha256"] = "1" * 64
open(m0, "w").write(json.dumps(m))
rc, _, err = run("merge", pdir, "--quiet")
check(rc == 1 and "differs" in err and not any(c * 12 in err for c in "0123456789abcdef"),
      "merge: a wrong hash is named without printing the file's size and hash")
open(m0, "w").write(clean)

# ---- 7: check and build read regular files only -------------------------------------------
d = sample("fifo")
os.mkfifo(os.path.join(d, "zz.json"))
os.symlink("/dev/zero", os.path.join(d, "zero.json"))
rc, _, err = run("check", "--data", d, timeout=20)
check(rc is not None, "check: a FIFO and a link to /dev/zero named *.json do not hang it")
check("zz.json" in err and "zero.json" in err, f"check: both are named: {err[-300:]}")
os.remove(os.path.join(d, "zz.json"))
os.remove(os.path.join(d, "zero.json"))
rc, _, err = run("check", "--data", "/dev/zero", timeout=20)
check(rc not in (None, 0) and "not a regular file" in err, f"check --data /dev/zero: refused at once ({rc})")

# ---- 8: entity expansion in office files, in UTF-16 ----------------------------------------
ents = '<!ENTITY a0 "草草草草草草草草草草">' + "".join(
    f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
doc = (f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE w:document [{ents}]>\n'
       f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>一、任务 &a9;</w:t></w:r></w:p></w:body></w:document>')
bomb = os.path.join(W, "bomb.docx")
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
               'package/2006/content-types"/>')
    z.writestr("word/document.xml", doc.encode("utf-16"))
before = child_peak_mb()
rc, _, err = run("import", bomb, "-o", os.path.join(W, "bomb.json"), timeout=30)
check(rc == 1 and "declares a DTD or entities" in err, f"docx entity bomb in UTF-16: refused ({rc}): {err[-200:]}")
check(not os.path.exists(os.path.join(W, "bomb.json")), "docx entity bomb: no tasks.json written")
# the .xlsx reader: a form's sheet in UTF-16 with entities
forms = os.path.join(W, "forms")
rc, _, err = run("forms", "--data", os.path.join(ROOT, "data"), "--out", forms)
forms = os.path.join(forms, "2024Q3", "forms")
xlsx = sorted(f for f in os.listdir(forms) if f.endswith(".xlsx"))[0] if rc == 0 else None
if check(xlsx is not None, f"forms for the xlsx bomb ({rc}): {err[-200:]}"):
    src = os.path.join(forms, xlsx)
    evil = os.path.join(W, "evil-" + xlsx)
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as zo:
        for item in zi.infolist():
            data = zi.read(item)
            if item.filename == "xl/sharedStrings.xml":
                text = data.decode("utf-8").replace('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "")
                text = f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE sst [{ents}]>\n' + text.replace(
                    "<t>", "<t>&a9;", 1)
                data = text.encode("utf-16")
            zo.writestr(item, data)
    rc, _, err = run("collect", "--data", os.path.join(ROOT, "data"), evil, "-o", os.path.join(W, "collected"),
                     timeout=30)
    check(rc not in (None, 0) and "declares a DTD or entities" in err, f"xlsx entity bomb in UTF-16: refused ({rc}): {err[-300:]}")
check(SAN or child_peak_mb() - before < 200 or child_peak_mb() < 200, f"entity bombs: memory stays small ({child_peak_mb():.0f} MB)")

# ---- 9, 10: a damaged or enormous seal -------------------------------------------------------
d = sample("seal")
fonts = os.path.join(W, "seal", "fonts")
shutil.copytree(os.path.join(ROOT, "fonts"), fonts)
good = open(os.path.join(ROOT, "tests", "seal.png"), "rb").read()
open(os.path.join(fonts, "seal.png"), "wb").write(good[:len(good) // 2] + b"\0" * 64 + good[len(good) // 2 + 64:])
for jobs in ("1", "2"):
    out = os.path.join(W, "seal", "out" + jobs)
    rc, _, err = run("build", "--data", d, "--fonts", fonts, "--out", out, "--jobs", jobs)
    pdir = os.path.join(out, "2024Q3")
    check(rc == 1, f"damaged seal --jobs {jobs}: exit 1, not an abort (rc {rc}): {err[-300:]}")
    check(f"{fonts}/seal.png: error: the seal image cannot be used" in err, f"damaged seal --jobs {jobs}: the seal named: {err[:300]}")
    made = [f["kind"] for f in json.load(open(os.path.join(pdir, "manifest.json")))["files"]] if os.path.exists(
        os.path.join(pdir, "manifest.json")) else []
    check(made.count("progress") == 4 and made.count("assessment") == 4 and "summary" in made,
          f"damaged seal --jobs {jobs}: the documents without a seal are made: {made}")
    check("notice" not in made and "bulletin" not in made, f"damaged seal --jobs {jobs}: no unsealed notice goes out")
    check(manifest_matches(pdir)[0], f"damaged seal --jobs {jobs}: the manifest matches")
    check("0 errors" not in err, f"damaged seal --jobs {jobs}: the summary line counts the error")
rc, _, err = run("preview", "notice", "--institution", "zyy", "--data", d, "--fonts", fonts, "--out",
                 os.path.join(W, "seal", "pv"))
check(rc == 1 and "the seal image cannot be used" in err, f"damaged seal: preview says so, no abort (rc {rc})")
huge = os.path.join(fonts, "seal.png")
subprocess.run(["python3", "-c", """
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
w = h = 100000
raw = zlib.compressobj(9)
row = b'\\0' + b'\\0' * w
data = b''.join(raw.compress(row) for _ in range(200)) + raw.flush()
open(sys.argv[1], 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
                              + chunk(b'IDAT', data) + chunk(b'IEND', b''))
""", huge], check=True)
t0 = time.monotonic()
rc, _, err = run("build", "--data", d, "--fonts", fonts, "--out", os.path.join(W, "seal", "huge"), "--only",
                 "notice", timeout=60)
check(rc == 1 and "100000 × 100000" in err, f"a seal of 100000 × 100000 pixels: refused with its size ({rc}): {err[:300]}")

# an interlaced PNG decodes, but libharu cannot embed it: refused the same way, before any document
subprocess.run(["python3", "-c", """
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
w = h = 64
raw = b''
for x0, y0, dx, dy in [(0,0,8,8),(4,0,8,8),(0,4,4,8),(2,0,4,4),(0,2,2,4),(1,0,2,2),(0,1,1,2)]:
    cols, rows = len(range(x0, w, dx)), len(range(y0, h, dy))
    raw += b''.join(b'\\0' + b'\\xff\\0\\0\\xff' * cols for _ in range(rows))
open(sys.argv[1], 'wb').write(b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 1))
                              + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
""", huge], check=True)
rc, _, err = run("build", "--data", d, "--fonts", fonts, "--out", os.path.join(W, "seal", "interlaced"))
made = [f["kind"] for f in json.load(open(os.path.join(W, "seal", "interlaced", "2024Q3", "manifest.json")))["files"]] \
    if os.path.exists(os.path.join(W, "seal", "interlaced", "2024Q3", "manifest.json")) else []
check(rc == 1 and "an interlaced PNG" in err and made.count("progress") == 4 and "notice" not in made,
      f"an interlaced seal: named, the unsealed documents made, not a stopped run ({rc}): {err[:300]}")

# ---- 11: memory per input byte ------------------------------------------------------------------
small = os.path.join(W, "small.json")
open(small, "w").write('{"notes":[' + ",".join(["1"] * 8_000_000) + "]}")
p = subprocess.run(["/usr/bin/time", "-f", "%M", J, "check", "--data", small], capture_output=True, text=True,
                   timeout=120)
peak_kb = int(p.stderr.strip().splitlines()[-1]) if p.stderr.strip().splitlines()[-1].isdigit() else 10 ** 9
check(p.returncode == 1 and "too many small values" in p.stderr, "16 MB of small numbers: refused with the reason")
check(SAN or peak_kb * 1024 < 20 * os.path.getsize(small), f"16 MB of small numbers: peak {peak_kb // 1024} MB, under 20× the input")
d = sample("notes")
json.dump({"notes": ["提醒", 3, {"x": 1}]}, open(os.path.join(d, "notes.json"), "w"))
rc, _, err = run("check", "--data", d)
check("notes.json:1:" in err and "notes: 2 of 3 entries are not texts" in err, f"non-string notes warned: {err[-300:]}")

# ---- 12: the smaller ones -------------------------------------------------------------------------
d = sample("tmp")
out = os.path.join(W, "tmp", "out")
run("build", "--data", d, "--out", out, "--quiet")
pdir = os.path.join(out, "2024Q3")
stale = [os.path.join(pdir, "会议材料汇编.pdf.tmp-AbC123"), os.path.join(pdir, "区中医院", "督办通知.pdf.tmp-zz99ZZ")]
for s in stale:
    open(s, "w").write("half a PDF")
keep = os.path.join(pdir, "区中医院", "notes.tmp-keep-me.txt")
open(keep, "w").write("mine")
rc, _, err = run("build", "--data", d, "--out", out)
check(not any(os.path.exists(s) for s in stale), "stale temporaries of a killed run removed")
check(os.path.exists(keep), "a file that only looks a bit like one is kept")
check("2 unfinished temporary files" in err, f"the removal is said: {err[-200:]}")
check("previous run" not in err, f"a rebuild does not report index.html as removed: {err[-200:]}")
os.remove(keep)
ok, why = manifest_matches(pdir)
check(ok, f"rebuild: the manifest matches: {why}")

head = '<html><head><meta charset="utf-8"><title>某某实施方案</title></head><body><div><p>二、重点任务</p><p>1．加强建设。各医院要加强建设。</p>'
deep = "<div>" * 100000 + "<p>x</p>" + "</div>" * 100000
tail = "<p>2．推进改革。各医院要推进改革。</p></div></body></html>"
open(os.path.join(W, "deep.html"), "w").write(head + deep + tail)
rc, _, err = run("import", os.path.join(W, "deep.html"), "-o", os.path.join(W, "deep.json"), timeout=60)
check(rc == 1 and "could not be read to its end" in err, f"a 100,000-deep page: said, not silently cut ({rc}): {err[-200:]}")

lines = ["某某实施方案", "二、重点任务"] + [f"{i}．任务{i}。各医院要推进第{i}项工作。" for i in range(1, 1006)]
open(os.path.join(W, "many.txt"), "w").write("\n".join(lines) + "\n")
rc, _, err = run("import", os.path.join(W, "many.txt"), "-o", os.path.join(W, "many.json"))
ids = [t["id"] for t in json.load(open(os.path.join(W, "many.json")))["tasks"]] if rc == 0 else []
check(len(ids) == 1005 and ids[-1] == "1005" and ids[999] == "1000", f"items numbered 1000 and above are tasks: {len(ids)}")

bad = os.path.join(W, "surrogate.json")
open(bad, "w").write('{"notes": ["ab\\ud800cd"]}')
rc, _, err = run("check", "--data", bad)
check(rc == 1 and "surrogate.json:1:15: error: \\ud800 is half of a UTF-16 surrogate pair" in err,
      f"a lone surrogate is named: {err[:200]}")

d = sample("negzero")
p = os.path.join(d, "progress", "2024Q3", "zyy.json")
text = open(p).read()
e = json.loads(text)
e["progress"][0]["status"] = "未启动"
e["progress"][0]["percent"] = 0
open(p, "w").write(json.dumps(e, ensure_ascii=False).replace('"percent": 0', '"percent": -0', 1))
rc, _, err = run("build", "--data", d, "--out", os.path.join(W, "negzero", "out"), "--only", "summary", "--quiet")
res = open(os.path.join(W, "negzero", "out", "2024Q3", "results.json")).read()
check("-0," not in res and "-0\n" not in res and ": -0" not in res, "-0 is written as 0 in results.json")

tpl = os.path.join(W, "fifotpl")
shutil.copytree(os.path.join(ROOT, "templates"), tpl)
os.mkfifo(os.path.join(tpl, "partials", "pipe.tpl"))
with open(os.path.join(tpl, "summary.tpl"), "a") as f:
    f.write('{% include "partials/pipe.tpl" %}\n')
rc, _, err = run("check", "--data", os.path.join(ROOT, "data"), "--templates", tpl, timeout=20)
check(rc == 1 and "pipe.tpl" in err and "not a regular file" in err and "Is a directory" not in err,
      f"a FIFO include: named as not a regular file ({rc}): {err[-200:]}")

finish("hostile")
