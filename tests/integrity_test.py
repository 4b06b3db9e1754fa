"""Nothing wrong goes out silently (issue 29): document numbers through the
year, returned forms with mistakes, a plan's own facts.

usage: integrity_test.py JINDU WORKDIR"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402

J = os.path.abspath(sys.argv[1])
W = os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(os.path.dirname(ROOT), "shared", "seeds")
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)


def run(*args, timeout=300, cwd=None):
    p = subprocess.run([J, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def pdf_text(path):
    return subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout.replace(" ", "")


# ---- document numbers across quarters -------------------------------------------------------
# A three-quarter data set built quarter by quarter, as an office does: each
# quarter's run sees the entries up to it, into one output tree.
gen = os.path.join(W, "year")
subprocess.run(["python3", os.path.join(ROOT, "tests", "gen_data.py"), gen, "11", "12", "8", "3"], check=True,
               capture_output=True)
plan = json.load(open(os.path.join(gen, "plan.json")))
plan.pop("as_of", None)
plan.pop("rules", None)
json.dump(plan, open(os.path.join(gen, "plan.json"), "w"), ensure_ascii=False)
quarters = sorted(os.listdir(os.path.join(gen, "progress")))
check(quarters == ["2024Q1", "2024Q2", "2024Q3"], f"three quarters generated: {quarters}")
out = os.path.join(W, "year-out")
issued = {}
for i, q in enumerate(quarters):
    data = os.path.join(W, "year-" + q)
    shutil.copytree(gen, data)
    for later in quarters[i + 1:]:
        shutil.rmtree(os.path.join(data, "progress", later))
    p = json.load(open(os.path.join(data, "plan.json")))
    p["period"] = q
    json.dump(p, open(os.path.join(data, "plan.json"), "w"), ensure_ascii=False)
    rc, _, err = run("build", "--data", data, "--out", out, "--only", "notice,bulletin", "--quiet")
    check(rc == 0 and "文号" not in err, f"{q}: built, no repeated number warned ({rc}): {err[-300:]}")
    res = json.load(open(os.path.join(out, q, "results.json")))
    nums = [i["notice_number"] for i in res["institutions"] if i["notice_number"]] + [res["bulletin_number"]]
    issued[q] = nums
    check(all(os.path.exists(os.path.join(out, q, f)) for f in ["情况通报.pdf"]), f"{q}: the bulletin made")
    bul = pdf_text(os.path.join(out, q, "情况通报.pdf"))
    check(res["bulletin_number"] in bul, f"{q}: the bulletin prints its number {res['bulletin_number']}")
everything = [n for q in quarters for n in issued[q]]
check(len(everything) == len(set(everything)), f"no 文号 repeats within the year: {issued}")
serials = [int(re.search(r"〕(\d+)号", n).group(1)) for n in everything]
check(serials == list(range(1, len(serials) + 1)), f"numbers run 1, 2, 3 … through the year: {serials}")
res3 = json.load(open(os.path.join(out, "2024Q3", "results.json")))
q2_last = int(re.search(r"〕(\d+)号", issued["2024Q2"][-1]).group(1))
check(res3["numbering"] == {"first": q2_last + 1, "rule": "after_earlier_quarters", "after": "2024Q2",
                            "after_last": q2_last}, f"results.json says how the number was found: {res3['numbering']}")
res1 = json.load(open(os.path.join(out, "2024Q1", "results.json")))
check(res1["numbering"]["rule"] == "first_number" and res1["numbering"]["after"] is None,
      f"the year's first quarter starts at first_number: {res1['numbering']}")
# rebuilding the second quarter gives the same numbers
before = open(os.path.join(out, "2024Q2", "results.json")).read()
rc, _, err = run("build", "--data", os.path.join(W, "year-2024Q2"), "--out", out, "--only", "notice,bulletin", "--quiet")
check(open(os.path.join(out, "2024Q2", "results.json")).read() == before, "a rebuild of a quarter gives the same numbers")
# the third quarter built from the full data (all three quarters) numbers the same
rc, _, err = run("build", "--data", gen, "--out", os.path.join(W, "year-full"), "--only", "summary", "--quiet")
full = json.load(open(os.path.join(W, "year-full", "2024Q3", "results.json")))
check([i["notice_number"] for i in full["institutions"]] == [i["notice_number"] for i in res3["institutions"]],
      "the third quarter's numbers do not depend on which earlier entries the run holds")
# an override for a period where numbers were issued by hand
d3 = os.path.join(W, "year-2024Q3")
p = json.load(open(os.path.join(d3, "plan.json")))
p["rules"] = {"notice": {"first_number_by_period": {"2024Q3": 40}}}
json.dump(p, open(os.path.join(d3, "plan.json"), "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", d3, "--out", out)
check(rc == 0 and "文号" not in err, f"an override past the earlier numbers: no warning ({rc}): {err[-300:]}")
p["rules"] = {"notice": {"first_number_by_period": {"2024Q3": q2_last - 1}}}
json.dump(p, open(os.path.join(d3, "plan.json"), "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", d3, "--out", out)
warned = [l for l in err.splitlines() if "2024Q2/results.json: warning: 文号" in l]
check(len(warned) == 2, f"check warns at the other run's results.json for each number issued twice: {err[-600:]}")
p["rules"] = {"notice": {"first_number_by_period": {"2024q3": 3}}}
json.dump(p, open(os.path.join(d3, "plan.json"), "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", d3, "--out", out)
check(rc == 1 and "first_number_by_period" in err and "2024q3" in err, f"a malformed period in the override is an error: {err[-300:]}")

# ---- returned forms: mistakes named at their row or file, nothing dropped ------------------------
LO_FILL = os.path.join(ROOT, "tests", "forms", "lo_fill.py")


def lo_fill(src, dst, edits):
    path = dst + ".edits.json"
    json.dump(edits, open(path, "w"), ensure_ascii=False)
    p = subprocess.run(["/usr/bin/python3", LO_FILL, src, dst, path], capture_output=True, text=True, timeout=180)
    return p.returncode == 0 and os.path.exists(dst)


data = os.path.join(ROOT, "data")
rc, _, err = run("forms", "--data", data, "--out", os.path.join(W, "forms"), "--quiet")
books = sorted(glob.glob(os.path.join(W, "forms", "2024Q3", "forms", "*.xlsx")))
zyy = next(b for b in books if os.path.basename(b).startswith("zyy-"))
rmyy = next(b for b in books if os.path.basename(b).startswith("rmyy-"))


def task_rows(book):
    """(row number, task id) of a workbook's task rows, as LibreOffice numbers rows."""
    import zipfile
    z = zipfile.ZipFile(book)
    strings = re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)
    strings = ["".join(re.findall(r"<t[^>]*>([^<]*)</t>", s)) for s in strings]
    sheet = z.read("xl/worksheets/sheet2.xml").decode()
    rows = []
    for rn, body in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet, re.S):
        cells = {}
        for ref, attrs, v in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(?:<v>([^<]*)</v>)?', body):
            cells[ref] = strings[int(v)] if 't="s"' in attrs and v else v
        if cells.get("A") == "任务":
            rows.append((int(rn), cells.get("B")))
    return rows


rows = task_rows(zyy)
check(len(rows) >= 6, f"the form's task rows found: {rows}")
(r1, t1), (r2, t2), (r3, t3), (r4, t4), (r5, t5) = rows[:5]
bad = os.path.join(W, "zyy-区中医院.xlsx")
edits = [
    {"sheet": "任务进展", "cell": f"H{r1}", "value": 60},                 # a figure and text, no status
    {"sheet": "任务进展", "cell": f"I{r1}", "value": "已完成招标"},
    {"sheet": "任务进展", "cell": f"G{r2}", "value": "已完成"},            # 已完成 with 25
    {"sheet": "任务进展", "cell": f"H{r2}", "value": 25},
    {"sheet": "任务进展", "cell": f"G{r3}", "value": "未启动"},            # 未启动 with 40
    {"sheet": "任务进展", "cell": f"H{r3}", "value": 40},
    {"sheet": "任务进展", "cell": f"G{r4}", "value": "序时推进"},          # 70 typed into a date cell
    {"sheet": "任务进展", "cell": f"H{r4}", "value": {"date": 70}},
    {"sheet": "任务进展", "cell": f"G{r5}", "value": "序时推进"},          # a good row
    {"sheet": "任务进展", "cell": f"H{r5}", "value": 50},
]
ok = lo_fill(zyy, bad, edits)
check(ok, "LibreOffice fills the form with mistakes")
out = os.path.join(W, "collected", "new", "deep", "progress.json")
rc, _, err = run("collect", bad, "--data", data, "-o", out)
name = os.path.basename(bad)
want = [f"{name}:任务进展!G{r1}: error: 填了进度、工作进展，但没有选本季度状态",
        f"{name}:任务进展!H{r2}: error: 状态为已完成，进度却是 25",
        f"{name}:任务进展!H{r3}: error: 状态为未启动，进度却是 40",
        f"{name}:任务进展!H{r4}: error: 本季度进度应是 0 到 100 的数字，填的是“1900-03-10”：这个单元格是日期格式"]
for w in want:
    check(w in err, f"named at its cell: {w}\n{err}")
check(rc == 1 and not os.path.exists(out), f"errors: exit 1, nothing written ({rc})")
check("progress entries from" not in err and "收回" not in err.split("jindu:")[-1][:10], f"no success line after a failure: {err[-200:]}")
check(not re.search(r"error: [A-Za-z]", err), f"the clerk's messages are in Chinese: {err}")
# the good rows with --partial, into a folder that does not exist yet
rc, _, err = run("collect", bad, "--data", data, "-o", out, "--partial")
got = json.load(open(out))["progress"] if os.path.exists(out) else []
check(rc == 1 and [e["task"] for e in got] == [t5], f"--partial: only the good row, into a new folder ({rc}): {got}")

# a form returned with nothing filled in; the same institution's form twice
empty = os.path.join(W, "rmyy-empty.xlsx")
ok = lo_fill(rmyy, empty, [])
rc, _, err = run("collect", empty, "--data", data, "-o", os.path.join(W, "empty.json"))
check(ok and rc == 0 and "区人民医院：填报表未填写任何内容，本期全部任务" in err,
      f"an empty form is reported by name ({rc}): {err}")
half = os.path.join(W, "rmyy-half.xlsx")
rrows = task_rows(rmyy)
ok = lo_fill(rmyy, half, [{"sheet": "任务进展", "cell": f"G{rrows[0][0]}", "value": "已完成"}])
rc, _, err = run("collect", half, "--data", data, "-o", os.path.join(W, "half.json"))
check(ok and rc == 0 and f"区人民医院：有 {len(rrows) - 1} 项任务未填写（第 {rrows[1][0]}、" in err,
      f"a half-filled form names its blank rows ({rc}): {err}")
rc, _, err = run("collect", half, empty, "--data", data, "-o", os.path.join(W, "twice.json"))
check(rc == 1 and f"区人民医院的填报表交了两次：{half} 和 {empty}" in err and not os.path.exists(os.path.join(W, "twice.json")),
      f"the same institution's form twice: an error naming both ({rc}): {err}")
rc, _, err = run("collect", half, half, "--data", data)
check(rc == 1 and "交了两次" in err, f"the same file twice: an error ({rc})")
# build repeats it: an institution with no entries this quarter
d2 = os.path.join(W, "silent")
shutil.copytree(data, d2)
os.remove(os.path.join(d2, "progress", "2024Q3", "rmyy.json"))
rc, _, err = run("build", "--data", d2, "--out", os.path.join(W, "silent-out"), "--only", "summary")
check("区人民医院：2024Q3 没有任何进度（填报表未交回或交回了空表），全部" in err and "warning" in err,
      f"build warns about an institution with no entries: {err[-400:]}")
# a CSV saved from the instructions sheet
instr = os.path.join(W, "zyy-说明.csv")
ok = lo_fill(zyy, instr, [{"active": "填报说明"}])
rc, _, err = run("collect", instr, "--data", data)
check(ok and rc == 1 and "这是“填报说明”工作表另存的 CSV" in err, f"a CSV of the 填报说明 sheet is named as that ({rc}): {err}")

# the 填报说明 sheet prints on one A4 page, its text wrapped (LibreOffice prints the workbook)
import zipfile  # noqa: E402
sheet1 = zipfile.ZipFile(zyy).read("xl/worksheets/sheet1.xml").decode()
check('fitToPage="1"' in sheet1 and 'paperSize="9"' in sheet1, "填报说明: fitted to one A4 page")
pdfdir = os.path.join(W, "lo-print")
os.makedirs(pdfdir)
shutil.copy(zyy, os.path.join(pdfdir, "form.xlsx"))
subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{W}/lo-profile", "--convert-to", "pdf",
                "--outdir", pdfdir, os.path.join(pdfdir, "form.xlsx")], capture_output=True, timeout=180)
page1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", os.path.join(pdfdir, "form.pdf"), "-"], capture_output=True,
                       text=True).stdout.replace("\n", "").replace(" ", "")
check("填报说明：每项任务填写" in page1 and "请勿增删行列或改动前三行" in page1 and "填好后直接保存为.xlsx" in page1,
      f"填报说明: printed whole on its first page: {page1[:300]}")

finish("integrity")
