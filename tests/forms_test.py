#!/usr/bin/env python3
"""The quarterly round trip: jindu forms, filled here as a hospital would,
jindu collect, and the same results.json as the original data; then forms
with mistakes, in GB18030, with quoted multi-line answers.

usage: forms_test.py JINDU WORKDIR
Ends with "forms: N passed, N failed"."""
import csv, glob, io, json, os, shutil, subprocess, sys

J, W = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish, form_sample  # noqa: E402

# the clerk reads Chinese: collect and forms run as on the clerk's machine
# (LANG=zh_CN.UTF-8); tests/cli/collect-zh has the same messages in C
for _k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_k, None)
os.environ["LANG"] = "zh_CN.UTF-8"


def run(*args, **kw):
    return subprocess.run([J, *args], capture_output=True, text=True, timeout=120, **kw)


# the data, with a multi-line answer and a comma in one text
data, original = form_sample(ROOT, W)
r = run("build", "--data", data, "--templates", os.path.join(ROOT, "templates"), "--out", os.path.join(W, "orig"),
        "--only", "summary", "--quiet")
check(r.returncode == 0, f"original build: {r.stderr}")

# --- forms -----------------------------------------------------------------
r = run("forms", "--data", data, "--out", os.path.join(W, "forms"), "--format", "csv", "--quiet")
forms = sorted(glob.glob(os.path.join(W, "forms", "2024Q3", "forms", "*.csv")))
check(r.returncode == 0 and len(forms) == 4, f"jindu forms: one per institution ({r.returncode} {len(forms)} {r.stderr})")
raw = open(forms[0], "rb").read() if forms else b""
check(raw.startswith(b"\xef\xbb\xbf"), "forms are UTF-8 with a BOM")
text = raw.decode("utf-8-sig")
rows = list(csv.reader(io.StringIO(text)))
check(rows and rows[0][0].startswith("填报说明"), "the form starts with its 填报说明")
header = next((i for i, row in enumerate(rows) if row and row[0] == "类型"), -1)
check(header > 0 and rows[header][:8] == ["类型", "编号", "名称", "完成时限", "上季度状态", "上季度进度(%)", "本季度状态", "本季度进度(%)"],
      f"one header row in Chinese: {rows[header] if header > 0 else None}")
zyy = [f for f in forms if "zyy-" in f]
if zyy:
    zrows = list(csv.reader(io.StringIO(open(zyy[0], encoding="utf-8-sig").read())))
    t1 = next(row for row in zrows if row[:2] == ["任务", "1"])
    prev = json.load(open(os.path.join(data, "progress", "2024Q2", "zyy.json")))["progress"]
    p1 = next(e for e in prev if e["task"] == "1")
    check(t1[2] == "推进基础设施建设" and t1[4] == p1["status"] and float(t1[5]) == p1["percent"],
          f"pre-filled with last quarter's status and percent: {t1[:6]}")
    check(not any(row[:2] == ["任务", "9"] for row in zrows), "only the institution's own tasks")
    check(any(row and row[0] == "指标" for row in zrows), "its indicators are listed")


# --- fill them in as the hospitals would -------------------------------------------
def fill(path, encoding="utf-8-sig", extra_rows=0, extra_cols=0):
    rows = list(csv.reader(io.StringIO(open(path, encoding="utf-8-sig").read())))
    h = next(i for i, row in enumerate(rows) if row and row[0] == "类型")
    inst = rows[1][1]
    col = {name: i for i, name in enumerate(rows[h])}
    by_ind = {}
    for (i, t), e in original.items():
        if i == inst:
            for k, v in (e.get("indicators") or {}).items():
                by_ind[k] = v
    for row in rows[h + 1:]:
        if row[0] == "任务" and (inst, row[1]) in original:
            e = original[(inst, row[1])]
            row[col["本季度状态"]] = e["status"]
            row[col["本季度进度(%)"]] = str(e["percent"]) if "percent" in e else ""
            row[col["工作进展"]] = e.get("summary", "")
            row[col["存在问题"]] = e.get("problems", "")
            row[col["下步计划"]] = e.get("next_steps", "")
        elif row[0] == "指标" and by_ind.get(row[1]) is not None:
            row[col["本季度数值"]] = repr(by_ind[row[1]])
    rows = [row + [""] * extra_cols for row in rows] + [[""] * 5 for _ in range(extra_rows)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    data = out.getvalue()
    open(path, "wb").write(data.encode(encoding))


filled = []
for k, f in enumerate(forms):
    g = os.path.join(W, f"filled-{k}.csv")
    shutil.copy(f, g)
    # one as Excel on Chinese Windows writes it (GB18030), one with trailing empty rows and columns
    fill(g, "gb18030" if k == 1 else "utf-8-sig" if k != 2 else "utf-8", extra_rows=3 if k == 0 else 0,
         extra_cols=2 if k == 0 else 0)
    filled.append(g)
collected = os.path.join(W, "collected.json")
r = run("collect", *filled, "-o", collected, "--data", data)
check(r.returncode == 0 and os.path.exists(collected), f"collect the filled forms: {r.returncode} {r.stderr}")
got = {}
if os.path.exists(collected):
    for e in json.load(open(collected))["progress"]:
        got[(e["institution"], e["task"])] = e
keys = ("status", "percent", "summary", "problems", "next_steps", "indicators")
same = set(got) == set(original) and all(
    all(got[k].get(x) == original[k].get(x) or (x == "percent" and got[k].get(x) is None and original[k].get(x) is None)
        for x in keys if x != "indicators")
    and {a: b for a, b in (got[k].get("indicators") or {}).items()} == {a: b for a, b in (original[k].get("indicators") or {}).items() if b is not None}
    for k in original)
if not same:
    diff = [(k, {x: (got.get(k, {}).get(x), original[k].get(x)) for x in keys if got.get(k, {}).get(x) != original[k].get(x)})
            for k in original if got.get(k) != original[k]][:2]
    print("  differences:", diff)
check(same, "the collected entries are exactly the reported ones (statuses, percents, texts with line breaks and commas, indicator values)")
# merged into the data: the same results
merged = os.path.join(W, "merged")
shutil.copytree(data, merged)
shutil.rmtree(os.path.join(merged, "progress", "2024Q3"))
shutil.copy(collected, os.path.join(merged, "progress", "collected.json"))
r = run("build", "--data", merged, "--templates", os.path.join(ROOT, "templates"), "--out", os.path.join(W, "again"),
        "--only", "summary", "--quiet")
a = json.load(open(os.path.join(W, "orig", "2024Q3", "results.json")))
b = json.load(open(os.path.join(W, "again", "2024Q3", "results.json"))) if r.returncode == 0 else None
check(b == a, f"the round trip gives the same results.json ({r.returncode} {r.stderr[-300:]})")

# --- mistakes, all reported with row and column -------------------------------------
bad = os.path.join(W, "bad.csv")
rows = list(csv.reader(io.StringIO(open(zyy[0], encoding="utf-8-sig").read())))
h = next(i for i, row in enumerate(rows) if row and row[0] == "类型")
col = {name: i for i, name in enumerate(rows[h])}
r1 = next(i for i, row in enumerate(rows) if row[:2] == ["任务", "1"])
r2 = next(i for i, row in enumerate(rows) if row[:2] == ["任务", "2"])
r3 = next(i for i, row in enumerate(rows) if row[:2] == ["任务", "3"])
ri = next(i for i, row in enumerate(rows) if row and row[0] == "指标")
rows[r1][col["本季度状态"]] = "完成"
rows[r2][col["本季度状态"]] = "滞后"
rows[r2][col["本季度进度(%)"]] = "120"
rows[r3][col["本季度状态"]] = "序时推进"
rows[r3][col["本季度进度(%)"]] = "60"
rows[r3][col["工作进展"]] = "第一行\n第二行，含逗号"
rows[ri][col["本季度数值"]] = "abc"
rows.append(["任务", "9", "提升疾病预防控制能力", "", "", "", "序时推进", "50"])
out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(rows)
open(bad, "wb").write(out.getvalue().encode("gb18030"))
partial_out = os.path.join(W, "partial.json")
r = run("collect", bad, "-o", os.path.join(W, "none.json"), "--data", data)
# rows are records as Excel numbers them; the quoted line break does not count
want = [f"bad.csv:{r1 + 1}:{col['本季度状态'] + 1}: 错误：本季度状态“完成”不是已完成、序时推进、滞后、未启动之一",
        f"bad.csv:{r2 + 1}:{col['本季度进度(%)'] + 1}: 错误：本季度进度应是 0 到 100 的数字，填的是 120",
        f"bad.csv:{ri + 1}:{col['本季度数值'] + 1}: 错误：本季度数值应是数字，填的是“abc”",
        f"bad.csv:{len(rows)}:{col['编号'] + 1}: 错误：任务 9 不是区中医院的任务"]
check(r.returncode == 1 and all(w in r.stderr for w in want), f"every mistake with its row and column: {r.stderr}")
check(not os.path.exists(os.path.join(W, "none.json")), "nothing written when there are errors")
r = run("collect", bad, "-o", partial_out, "--data", data, "--partial")
got = json.load(open(partial_out))["progress"] if os.path.exists(partial_out) else []
check(r.returncode == 1 and [e["task"] for e in got] == ["3"] and got[0]["summary"] == "第一行\n第二行，含逗号",
      f"--partial writes the good rows: {[e['task'] for e in got]}")
r = run("collect", "--data", data)
check(r.returncode == 2, "collect without forms is a usage error")
open(os.path.join(W, "junk.csv"), "w").write("a,b\n1,2\n")
r = run("collect", os.path.join(W, "junk.csv"), "--data", data)
check(r.returncode == 1 and "找不到表头行" in r.stderr, f"a CSV that is not a form: {r.stderr}")
open(os.path.join(W, "open.csv"), "w").write("类型,编号\n任务,\"1\n")
r = run("collect", os.path.join(W, "open.csv"), "--data", data)
check(r.returncode == 1 and "a quoted field is not closed" in r.stderr, f"an unclosed quote: {r.stderr}")

finish("forms")
