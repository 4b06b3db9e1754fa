#!/usr/bin/env python3
"""data_errors.py JINDU WORK: one institution's entries have an error.

Its documents are not made; results.json marks it ("data_errors": true,
rank and notice number null); the summary names it as left out; and every
other institution's figures are those of the same data without it at all
(ranks, grades, notice numbers, totals, and the summary's average).
Ends with "data-errors: N passed, N failed"."""
import glob
import json
import os
import shutil
import subprocess
import sys

jindu, work = os.path.abspath(sys.argv[1]), sys.argv[2]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: data-errors: " + what)


def build(data, out):
    p = subprocess.run([jindu, "build", "--data", data, "--templates", os.path.join(root, "templates"),
                        "--out", out, "--quiet"], capture_output=True, text=True)
    return p.returncode, p.stderr


shutil.rmtree(work, ignore_errors=True)
bad, without = os.path.join(work, "bad"), os.path.join(work, "without")
shutil.copytree(os.path.join(root, "data"), bad)
shutil.copytree(os.path.join(root, "data"), without)
# the error: a status word that does not exist, in the health centre's entry for this quarter
path = os.path.join(bad, "progress", "2024Q3", "jkzx.json")
d = json.load(open(path, encoding="utf-8"))
d["progress"][0]["status"] = "差不多"
json.dump(d, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
# the same data without jkzx at all
for f in glob.glob(os.path.join(without, "progress", "*", "jkzx.json")):
    os.remove(f)
ip = os.path.join(without, "institutions.json")
inst = json.load(open(ip, encoding="utf-8"))
inst["institutions"] = [i for i in inst["institutions"] if i["id"] != "jkzx"]
json.dump(inst, open(ip, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
tp = os.path.join(without, "tasks.json")
tasks = json.load(open(tp, encoding="utf-8"))
for t in tasks["tasks"]:
    if "institutions" in t:
        t["institutions"] = [i for i in t["institutions"] if i != "jkzx"]
    if "indicators" in t:   # an indicator of the health centre's alone goes with it
        t["indicators"] = [x for x in t["indicators"] if x.get("institution") != "jkzx"]
json.dump(tasks, open(tp, "w", encoding="utf-8"), ensure_ascii=False, indent=2)

# an earlier good run into the same directory: its files of the bad institution must go
rc0, _ = build(os.path.join(root, "data"), os.path.join(work, "out-bad"))
check("the earlier good run exits 0", rc0 == 0)
earlier = glob.glob(os.path.join(work, "out-bad", "*", "区疾控中心", "*.pdf"))
check("the earlier run made the health centre's documents (%d)" % len(earlier), len(earlier) == 3)
rc, err = build(bad, os.path.join(work, "out-bad"))
check("a build with one institution's bad entry exits 1 (got %d)" % rc, rc == 1)
period_dir = glob.glob(os.path.join(work, "out-bad", "*"))[0]
listed = sorted(f["path"] for f in json.load(open(os.path.join(period_dir, "manifest.json")))["files"])
present = sorted(os.path.relpath(os.path.join(dp, f), period_dir) for dp, _, fs in os.walk(period_dir) for f in fs
                 if f != "manifest.json")
check("the directory holds exactly what its manifest lists (stale files of the earlier run removed)", listed == present)
check("the bad entry is reported at its place", "jkzx.json:" in err and "差不多" in err)
rc2, err2 = build(without, os.path.join(work, "out-without"))
check("the same data without that institution builds (exit %d: %s)" % (rc2, err2[:300]), rc2 == 0)
r_bad = {i["id"]: i for i in json.load(open(glob.glob(os.path.join(work, "out-bad", "*", "results.json"))[0]))["institutions"]}
r_wo = {i["id"]: i for i in json.load(open(glob.glob(os.path.join(work, "out-without", "*", "results.json"))[0]))["institutions"]}
j = r_bad["jkzx"]
check("results.json marks it: data_errors true", j.get("data_errors") is True)
check("... not ranked (rank null)", j["rank"] is None)
check("... no notice number", j["notice_number"] is None)
check("... no grade", j["grade"] is None)
for k, w in r_wo.items():
    b = r_bad[k]
    for key in ("rank", "grade", "notice_number", "total", "task_part", "indicator_part", "total_display"):
        check("%s.%s as without the bad institution (%r, want %r)" % (k, key, b[key], w[key]), b[key] == w[key])
    check("%s is not marked" % k, "data_errors" not in b)
pdfs = glob.glob(os.path.join(work, "out-bad", "*", "*", "*.pdf"))
check("no document of the bad institution, not even the earlier run's", not any("区疾控中心" in p for p in pdfs))
summary = glob.glob(os.path.join(work, "out-bad", "*", "考核评估汇总.pdf"))[0]
text = subprocess.run(["pdftotext", "-layout", summary, "-"], capture_output=True, text=True).stdout
flat = "".join(text.split())
check("the summary names it as left out of the ranking", "区疾控中心报送的数据有误，未纳入本期排名" in flat)
wo_sum = glob.glob(os.path.join(work, "out-without", "*", "考核评估汇总.pdf"))[0]
wo_text = "".join(subprocess.run(["pdftotext", "-layout", wo_sum, "-"], capture_output=True, text=True).stdout.split())
first = lambda t: t[t.index("纳入考核评估的单位"):t.index("家", t.index("纳入考核评估的单位"))]
check("the summary counts the ranked institutions only (%s / %s)" % (first(flat), first(wo_text)), first(flat) == first(wo_text))
avg = lambda t: t[t.index("平均得分"):t.index("分", t.index("平均得分") + 4)]
check("the summary's average is that of the ranked (%s / %s)" % (avg(flat), avg(wo_text)), avg(flat) == avg(wo_text))
ranking = lambda t: t[t.index("一、综合排名"):t.index("二、等级分布")]
check("the summary's ranking table leaves it out", "区疾控中心" not in ranking(flat) and ranking(wo_text))
print("data-errors: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
