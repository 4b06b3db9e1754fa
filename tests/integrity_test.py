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

# the clerk and the office read Chinese: these checks run jindu as they do
# (LANG=zh_CN.UTF-8, po/zh_CN.po); the same messages in English are the
# cases' (tests/cli/collect-zh) and the C-locale suites'
for _k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_k, None)
os.environ["LANG"] = "zh_CN.UTF-8"


J = os.path.abspath(sys.argv[1])
W = os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(os.path.dirname(ROOT), "shared", "seeds")
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)


def run(*args, timeout=300, cwd=None, binary=None):
    p = subprocess.run([binary or J, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


# `jindu init` copies templates, fonts and data from beside the program: a
# copy of the binary under test with them, wherever the binary was built
INIT_HOME = os.path.join(W, "jindu-home")
os.makedirs(INIT_HOME)
for part in ("templates", "fonts", "data"):
    shutil.copytree(os.path.join(ROOT, part), os.path.join(INIT_HOME, part))
J_INIT = os.path.join(INIT_HOME, "jindu")
shutil.copy(J, J_INIT)


def init(*args):
    return run("init", *args, binary=J_INIT)


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
warned = [l for l in err.splitlines() if "2024Q2/results.json: 警告：文号" in l]
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
want = [f"{name}:任务进展!G{r1}: 错误：填了进度和工作进展，但没有选本季度状态",
        f"{name}:任务进展!H{r2}: 错误：状态为已完成，进度却是 25",
        f"{name}:任务进展!H{r3}: 错误：状态为未启动，进度却是 40",
        f"{name}:任务进展!H{r4}: 错误：本季度进度应是 0 到 100 的数字，填的是“1900-03-10”：这个单元格是日期格式"]
for w in want:
    check(w in err, f"named at its cell: {w}\n{err}")
check(rc == 1 and not os.path.exists(out), f"errors: exit 1, nothing written ({rc})")
check("progress entries from" not in err and "收回" not in err.split("jindu:")[-1][:10], f"no success line after a failure: {err[-200:]}")
check("错误：" in err and not re.search(r"\b(error|warning): ", err), f"the clerk's messages are in Chinese: {err}")
# the good rows with --partial, into a folder that does not exist yet
rc, _, err = run("collect", bad, "--data", data, "-o", out, "--partial")
got = json.load(open(out))["progress"] if os.path.exists(out) else []
check(rc == 1 and [e["task"] for e in got] == [t5], f"--partial: only the good row, into a new folder ({rc}): {got}")

# a form returned with nothing filled in; the same institution's form twice
empty = os.path.join(W, "rmyy-empty.xlsx")
ok = lo_fill(rmyy, empty, [])
rc, _, err = run("collect", empty, "--data", data, "-o", os.path.join(W, "empty.json"))
check(ok and rc == 0 and "区人民医院：填报表未填写任何内容，本期全部任务按未报送计" in err,
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
check("区人民医院：2024Q3 没有任何进度（填报表未交回或交回了空表），全部" in err and "警告" in err,
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

# ---- a plan's own facts: title, number, validity, targets --------------------------------------
# A held-out-style plan made from a real one (seed 002's tasks): a web page
# whose notice cites another document with its number before issuing the
# plan, states no number of its own, names its years in its title and its
# validity at its end, with targets phrased every way and some numbers
# split by a hard wrap.
seed = [l.strip() for l in open(glob.glob(os.path.join(SEEDS, "002_*.txt"))[0], encoding="utf-8")]
start = next(i for i, l in enumerate(seed) if l.startswith("一、"))
body = [l for l in seed[start:] if l]
cited = "《国务院办公厅关于推动公立医院高质量发展的意见》（国办发〔2021〕18号）"
title = "某某区推动公立医院高质量发展工作方案（2022-2025年）"
last = max(int(m.group(1)) for l in body[:next(i for i, l in enumerate(body) if l.startswith("三、"))]
           for m in [re.match(r"(\d+)．", l)] if m)
extra = [
    f"{last + 1}．打造高水平临床专科。到2025年，建成3个以上国家级临床重点专科，力争8\n0%二级以上公立医院建成智慧医院。",
    f"{last + 2}．提升信息化水平。三级公立医院电子病历系统应用水平分级评价达到5级，二级公立医院达到4级以上。",
    f"{last + 3}．改善就医体验。三级公立医院门诊患者预约诊疗率达到5\n0%以上，平均住院日控制在9天以内，床位使用率保持在8\n5%左右。",
    f"{last + 4}．强化人才队伍。每千人口执业（助理）医师数达到3.2人，新增1\n000张及以上床位规模的区域医疗中心1所，培养学科带头人20名以上。",
]
html = ["<html><head><meta charset='utf-8'><title>某某区卫生健康局关于印发" + title + "的通知</title></head><body>",
        "<div class='nav'>首页 &gt; 政务公开 &gt; 通知公告</div><div class='article'>",
        "<p>某某区卫生健康局关于印发《" + title + "》的通知</p>",
        "<p>发布时间：2022-06-15　来源：区卫生健康局</p>",
        "<p>各公立医院，局机关各科室：</p>",
        "<p>为贯彻落实" + cited + "精神，推动我区公立医院高质量发展，我局组织制定了《" + title + "》，现印发给你们，请认真贯彻执行。</p>",
        "<p>某某区卫生健康局</p><p>2022年6月15日</p>",
        "<p>" + title + "</p>",
        "<p>为贯彻落实" + cited + "精神，结合我区实际，制定本方案。</p>"]
cut = next(i for i, l in enumerate(body) if l.startswith("三、"))   # the extra tasks close the key-task part
html += ["<p>" + l + "</p>" for l in body[:cut] + extra + body[cut:]]
html += ["<p>本方案自印发之日起施行，有效期至2025年12月31日止。</p>", "</div></body></html>"]
plan_html = os.path.join(W, "heldout.html")
open(plan_html, "w", encoding="utf-8").write("\n".join(html))
rc, _, err = run("import", plan_html, "-o", os.path.join(W, "heldout.json"))
led = json.load(open(os.path.join(W, "heldout.json"))) if rc == 0 else {"plan": {}, "tasks": []}
check(led["plan"].get("title") == title, f"the title is the plan's, not the cited document's: {led['plan'].get('title')}")
check("doc_no" not in led["plan"], f"no number of its own: none taken from the citation: {led['plan'].get('doc_no')}")
check(any("plan.doc_no" in n and n.startswith("待确认") for n in led.get("notes", [])), f"the missing number is marked 待确认: {led.get('notes')}")
check(led["plan"].get("end") == "2025-12-31" and "有效期至2025年12月31日" in err,
      f"the validity as the plan states it: {led['plan'].get('end')} {err[:300]}")
cands = [x for t in led["tasks"] for x in t.get("indicator_candidates", [])]
names = [x["name"] for x in cands]
check(len(cands) >= 20, f"at least 20 target candidates: {len(cands)}")
# a fragment: a name that starts inside a number (000张…), at a unit or a
# particle, or is too short to name anything
fragments = [n for n in names if re.match(r"^[0０.%％]|^(的|及以上|以上)|^[张个人所家名项](及以上|以上|的)", n) or len(n) < 3]
check(not fragments, f"no candidate named by a fragment: {fragments}")
want = {("国家级临床重点专科数", 3, "个"), ("二级以上公立医院建成智慧医院的比例", 80, "%"),
        ("三级公立医院门诊患者预约诊疗率", 50, "%"), ("床位使用率", 85, "%"),
        ("三级公立医院电子病历系统应用水平分级评价", 5, "级"), ("每千人口执业（助理）医师数", 3.2, "人"),
        ("1000张及以上床位规模的区域医疗中心数", 1, "所"), ("学科带头人数", 20, "名")}
got = {(x["name"], x["target"], x["unit"]) for x in cands}
check(want <= got, f"targets phrased every way, hard-wrapped numbers joined: missing {want - got}")
lower = [x for x in cands if x["name"] == "平均住院日"]
check(lower and lower[0].get("better") == "lower" and lower[0]["target"] == 9, f"控制在…以内 is a lower-better target: {lower}")
# the same plan under init: notes that tell the truth about the period
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"   # 2026-01-01, past the plan's end
proj = os.path.join(W, "proj-heldout")
rc, _, err = init(proj, "--plan", plan_html)
pj = json.load(open(os.path.join(proj, "data", "plan.json"))) if rc == 0 else {"notes": []}
check(pj.get("period") == "2025Q4" and any("已过方案的结束日期 2025-12-31" in n for n in pj["notes"]),
      f"the period note says the period was clipped to the plan's end: {pj.get('period')} {pj['notes']}")
del os.environ["SOURCE_DATE_EPOCH"]
# a real plan that states its number in its header keeps it; one that cites another keeps its own
for f, num in (("000_", "荣昌府办发〔2023〕39号"), ("001_", "荣昌府办规〔2022〕1号"), ("002_", "大渡口府办发〔2024〕28号")):
    src = glob.glob(os.path.join(SEEDS, f + "*.txt"))[0]
    rc, _, err = run("import", src, "-o", os.path.join(W, f + "plan.json"))
    got = json.load(open(os.path.join(W, f + "plan.json")))["plan"].get("doc_no") if rc == 0 else None
    check(got == num, f"{f}: the plan's own number from its header: {got}")

# validity as plans word it
for i, (words, end) in enumerate([("本方案自印发之日起施行，有效期至2026年6月30日。", "2026-06-30"),
                                   ("有效期：2023年1月1日至2025年12月31日。", "2025-12-31"),
                                   ("实施期限为2023年1月1日至2026年12月31日。", "2026-12-31"),
                                   ("本方案实施期为2023—2025年。", "2025-12-31"),
                                   ("本方案有效期至2027年底。", "2027-12-31"),
                                   ("本方案自印发之日起施行，有效期3年。", "2026-03-04")]):
    small = os.path.join(W, f"valid{i}.txt")
    open(small, "w", encoding="utf-8").write(
        "某县卫生健康局文件\n某卫发〔2023〕7号\n某县卫生健康局关于印发《某县医疗服务能力提升方案》的通知\n"
        "各医疗机构：\n现将《某县医疗服务能力提升方案》印发给你们，请认真贯彻执行。\n某县卫生健康局\n2023年3月5日\n"
        "某县医疗服务能力提升方案\n一、总体要求\n提升能力。\n二、重点任务\n1．加强专科建设。各医院要加强专科建设，2024年底前完成。\n"
        "2．完善制度。各医院要完善制度。\n三、保障措施\n" + words + "\n")
    rc, _, err = run("import", small, "-o", small + ".json")
    got = json.load(open(small + ".json"))["plan"] if rc == 0 else {}
    check(got.get("end") == end and got.get("doc_no") == "某卫发〔2023〕7号" and got.get("title") == "某县医疗服务能力提升方案",
          f"validity “{words}”: {got}")

# ---- the reporting bodies from a list; a deleted institution explained --------------------------
listing = os.path.join(W, "hospitals.csv")
open(listing, "w", encoding="utf-8").write("编号,单位名称,简称\nrmyy,重庆市荣昌区人民医院,区人民医院\n"
                                          "zyy,重庆市荣昌区中医院,区中医院\nfybjy,重庆市荣昌区妇幼保健院,区妇幼保健院\n"
                                          "jkzx,重庆市荣昌区疾病预防控制中心,区疾控中心\n")
proj = os.path.join(W, "proj-list")
rc, _, err = init(proj, "--plan", glob.glob(os.path.join(SEEDS, "000_*.txt"))[0], "--institutions", listing)
check(rc == 0, f"init --institutions: exit 0 ({rc}): {err[-300:]}")
insts = json.load(open(os.path.join(proj, "data", "institutions.json")))["institutions"] if rc == 0 else []
check([i["id"] for i in insts] == ["rmyy", "zyy", "fybjy", "jkzx"] and insts[1]["short_name"] == "区中医院",
      f"the listed bodies, with their ids and short names: {insts}")
tasks = json.load(open(os.path.join(proj, "data", "tasks.json")))["tasks"] if rc == 0 else []
assigned = {t["id"]: t.get("institutions") for t in tasks}
check(assigned.get("9") == ["jkzx"] and assigned.get("3") == ["rmyy", "zyy", "fybjy", "jkzx"] and assigned.get("1") is None,
      f"tasks go to the listed bodies the plan names, else to all: {assigned}")
check(all(set(v or []) <= {"rmyy", "zyy", "fybjy", "jkzx"} for v in assigned.values()), "no department is assigned a task")
rc, _, err = run("check", "--data", os.path.join(proj, "data"), "--templates", os.path.join(proj, "templates"))
check("error" not in err.replace("0 errors", ""), f"the new project checks without errors: {err[-400:]}")
# delete an institution the tasks name: one error per id, naming the tasks and the fix
ij = os.path.join(proj, "data", "institutions.json")
d = json.load(open(ij)) if os.path.exists(ij) else {"institutions": []}
named = next((v for v in assigned.values() if v), ["?"])[0]
d["institutions"] = [i for i in d["institutions"] if i["id"] != named]
json.dump(d, open(ij, "w"), ensure_ascii=False)
rc, _, err = run("check", "--data", os.path.join(proj, "data"), "--templates", os.path.join(proj, "templates"))
lines = [l for l in err.splitlines() if f"没有编号为“{named}”的单位" in l]
n_tasks = sum(1 for v in assigned.values() if v and named in v)
check(rc == 1 and len(lines) == 1 and f"还有 {n_tasks} 个任务列着它" in lines[0] and "请从这些任务的 institutions 中删去" in lines[0],
      f"a deleted institution: one error naming its tasks and the fix ({rc}): {err[-500:]}")

# a failed init leaves nothing behind, and the retry works
proj = os.path.join(W, "proj-retry")
rc, _, err = init(proj, "--plan", os.path.join(W, "no-such-plan.txt"))
check(rc != 0 and not os.path.exists(proj), f"a failed init leaves nothing behind ({rc}): {os.listdir(W)}")
rc, _, err = init(proj, "--plan", glob.glob(os.path.join(SEEDS, "000_*.txt"))[0], "--institutions", os.path.join(W, "none.csv"))
check(rc != 0 and not os.path.exists(proj), f"nor a missing list ({rc})")
rc, _, err = init(proj, "--plan", glob.glob(os.path.join(SEEDS, "000_*.txt"))[0])
check(rc == 0 and os.path.exists(os.path.join(proj, "data", "tasks.json")), f"the retry works ({rc}): {err[-300:]}")

finish("integrity")
