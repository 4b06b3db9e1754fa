#!/usr/bin/env python3
"""jindu import on real plans and on variants of them.

usage: import_test.py JINDU WORKDIR
Prints one line per failed check and ends with "import: N passed, N failed".
"""
import json, os, re, subprocess, sys

J, WORK = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
os.makedirs(WORK, exist_ok=True)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402


def run_import(path, name):
    out = os.path.join(WORK, name + ".json")
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([J, "import", path, "-o", out], capture_output=True, text=True, timeout=20)
    data = json.load(open(out)) if p.returncode == 0 and os.path.exists(out) else None
    return p, data


def by_id(d):
    return {t["id"]: t for t in d["tasks"]}


# ---- the real plans: exact counts, titles, sections, units, dates ----------------
plans = {}
for name in ("rongchang-2023-39", "rongchang-2022-gui-1", "dadukou-2024-28"):
    p, d = run_import(os.path.join(HERE, "import", name + ".txt"), name)
    check(p.returncode == 0 and d is not None, f"{name}: import exits 0 ({p.returncode}: {p.stderr[-300:]})")
    plans[name] = d
    check("Sanitizer" not in p.stderr and "runtime error" not in p.stderr, f"{name}: no sanitizer report")

d = plans["rongchang-2023-39"]
if d:
    t = by_id(d)
    check(len(d["tasks"]) == 13, f"rongchang-2023-39: 13 tasks, got {len(d['tasks'])}")
    check(d["plan"]["title"] == "重庆市荣昌区“四院”同创“三甲”实施方案", d["plan"]["title"])
    check(d["plan"]["doc_no"] == "荣昌府办发〔2023〕39号", d["plan"].get("doc_no"))
    check(d["plan"]["issued_by"] == "重庆市荣昌区人民政府办公室", d["plan"].get("issued_by"))
    check(d["plan"]["issued_on"] == "2023-06-02", d["plan"].get("issued_on"))
    sections = []
    for x in d["tasks"]:
        if x.get("section") not in sections:
            sections.append(x.get("section"))
    check(sections == ["高质量基础设施建设工程", "高质量人才建设工程", "高质量能力提升工程", "高质量体系建设工程",
                       "高质量文化提升工程", "高质量党建品牌工程"], f"rongchang-2023-39 sections {sections}")
    check(t["1"]["title"] == "推进基础设施建设", t["1"]["title"])
    check(t["13"]["title"] == "全面贯彻落实党委领导下的院长负责制", t["13"]["title"])
    check(t["1"]["lead"] == ["区卫生健康委"], t["1"]["lead"])
    check(t["1"]["responsible"] == ["区发展改革委", "区财政局", "区生态环境局", "区住房城乡建委", "区规划自然资源局",
                                    "万灵山公司", "兴荣公司"], t["1"]["responsible"])
    check(t["12"]["lead"] == ["区人民医院", "区中医院", "区妇幼保健院", "区疾控中心"], t["12"]["lead"])
    check(t["12"]["responsible"] == ["区委宣传部", "区卫生健康委"], t["12"]["responsible"])
    # task 10 names only 2023年4月, before the plan was issued (2023-06-02): no deadline of its own
    check(t["1"].get("due") == "2025-12-31" and "due" not in t["10"] and "due" not in t["2"],
          f"rongchang-2023-39 due dates {t['1'].get('due')} {t['10'].get('due')} {t['2'].get('due')}")
    check("牵头单位" not in t["1"]["text"] and t["1"]["text"].startswith("推进基础设施建设。加快推进区人民医院"),
          "task text without its annotation")
    cands = {c["name"]: c for x in d["tasks"] for c in x.get("indicator_candidates", [])}
    check("党支部标准化规范化率" in cands and cands["党支部标准化规范化率"]["target"] == 100
          and cands["党支部标准化规范化率"]["unit"] == "%", f"indicator candidates {list(cands)}")

d = plans["rongchang-2022-gui-1"]
if d:
    t = by_id(d)
    check(len(d["tasks"]) == 25, f"rongchang-2022-gui-1: 25 tasks, got {len(d['tasks'])}")
    check(d["plan"]["title"] == "荣昌区推动公立医院高质量发展实施方案", d["plan"]["title"])
    check(d["plan"]["doc_no"] == "荣昌府办规〔2022〕1号", d["plan"].get("doc_no"))
    check(d["plan"]["issued_on"] == "2022-04-26", d["plan"].get("issued_on"))
    check(t["3"]["title"] == "发挥公立医院在医联体中的作用", t["3"]["title"])
    check(t["16"]["title"] == "健全医务人员培养引进和评价制度", t["16"]["title"])
    check(t["16"]["section"] == "激活公立医院高质量发展新动力", t["16"]["section"])
    check(t["25"]["section"] == "坚持和加强党对公立医院的全面领导", t["25"]["section"])
    check(all(x["lead"] == [] and x["responsible"] == [] for x in d["tasks"]), "no units named in this plan")
    check(t["2"].get("due") == "2025-12-31", t["2"].get("due"))
    check("医疗健康服务补短板工程" in t["2"]["text"], "a task's text runs across page breaks")
    check("（三）提升" not in t["9"]["text"] and "保障措施" not in t["25"]["text"], "tasks end where the next part starts")

d = plans["dadukou-2024-28"]
if d:
    t = by_id(d)
    check(len(d["tasks"]) == 20, f"dadukou-2024-28: 20 tasks, got {len(d['tasks'])}")
    check(d["plan"]["title"] == "大渡口区进一步完善医疗卫生服务体系实施方案", d["plan"]["title"])
    check(d["plan"]["doc_no"] == "大渡口府办发〔2024〕28号", d["plan"].get("doc_no"))
    check(t["1"]["section"] == "科学规划，优化城乡医疗卫生服务体系布局", t["1"]["section"])
    check(t["14"]["title"] == "改善医疗卫生服务体验", t["14"]["title"])
    check(t["18"]["responsible"] == ["区财政局", "区卫生健康委"] and t["18"]["lead"] == [], t["18"])
    check(t["20"]["responsible"] == ["区委编办", "区人力社保局", "区卫生健康委", "区财政局"], t["20"]["responsible"])
    check(t["1"].get("due") == "2027-12-31", t["1"].get("due"))


# ---- forms the real plans do not use ------------------------------------------------
p, d = run_import(os.path.join(HERE, "import", "family-restarting-numbers.txt"), "family1")
if check(d is not None, f"family-restarting-numbers: imports ({p.stderr[-200:]})") or d:
    check([t["id"] for t in d["tasks"]] == ["1.1", "1.2", "2.1", "2.2"] and [t["no"] for t in d["tasks"]] == ["1", "2", "1", "2"],
          f"numbers restarting per section give section-qualified ids {[t['id'] for t in d['tasks']]}")
    t = by_id(d)
    check(t["1.1"]["lead"] == ["县卫生健康局"] and t["1.1"]["responsible"] == ["县财政局", "县发展改革局"], t["1.1"])
    check(t["1.2"]["lead"] == [] and t["1.2"]["responsible"] == ["县卫生健康局", "县财政局"], t["1.2"])
    check(t["2.1"]["lead"] == ["县卫生健康局"] and t["2.1"]["responsible"] == ["县人力社保局", "县委编办"], t["2.1"])
    check(t["2.1"]["section"] == "加强人才队伍建设" and t["2.1"].get("due") == "2026-12-31", t["2.1"])
    check(d["plan"]["doc_no"] == "某卫发〔2024〕12号" and d["plan"]["issued_by"] == "某某县卫生健康局", d["plan"])
p, d = run_import(os.path.join(HERE, "import", "family-sections-as-tasks.txt"), "family2")
if check(d is not None, f"family-sections-as-tasks: imports ({p.stderr[-200:]})") or d:
    check([t["title"] for t in d["tasks"]] == ["完善管理体制", "统一人员管理", "统一财务管理"]
          and all("section" not in t for t in d["tasks"]), f"（一） items as tasks {[t['title'] for t in d['tasks']]}")
    check(d["plan"]["title"] == "某市推进紧密型县域医共体建设工作方案", d["plan"]["title"])
    check(by_id(d)["2"]["lead"] == ["市委编办", "市人力社保局"], by_id(d)["2"]["lead"])

# ---- variants: the same tasks whatever the form ------------------------------------
def essence(d):
    return [(x["id"], x["title"], x.get("section"), x["lead"], x["responsible"], x.get("due")) for x in d["tasks"]]


def wrap(line, width):
    return "\n".join(line[i:i + width] for i in range(0, len(line), width)) if line else line


def variants(text):
    lines = text.split("\n")
    yield "half-width", text.replace("（", "(").replace("）", ")").replace("：", ":").replace("；", ";")
    yield "numbering 1.", re.sub(r"(?m)^(\s*\d{1,2})[﹒．、.]\s*", r"\1. ", text)
    yield "numbering 1、", re.sub(r"(?m)^(\s*\d{1,2})[﹒．、.]\s*", r"\1、", text)
    out, page = [], 1
    for i, l in enumerate(lines):
        out.append(wrap(l, 23))
        if i % 9 == 8:
            page += 1
            out += ["", f"— {page} —", "", "某某区人民政府行政规范性文件", ""]
    yield "broken lines, page numbers, running heads", "\n".join(out)
    yield "web debris", ("首页 > 政务公开 > 政策文件\n字号：大 中 小  打印本页\n索引号：11500000-00-2023\n\n" + text +
                         "\n\n【打印本页】【关闭窗口】\n分享到：\n扫一扫在手机打开当前页\n版权所有：某某区人民政府\n")
    yield "CRLF", text.replace("\n", "\r\n")
    yield "blank lines", text.replace("\n", "\n\n\n")


for name, d in plans.items():
    if not d:
        continue
    text = open(os.path.join(HERE, "import", name + ".txt"), encoding="utf-8").read()
    want = essence(d)
    for k, (label, v) in enumerate(variants(text)):
        path = os.path.join(WORK, f"{name}-v{k}.txt")
        open(path, "w", encoding="utf-8", newline="").write(v)
        p, got = run_import(path, f"{name}-v{k}")
        ok = got is not None and essence(got) == want
        detail = ""
        if got is not None and not ok:
            g = essence(got)
            diff = [(a, b) for a, b in zip(want, g) if a != b][:1]
            detail = f"{len(g)} tasks; first difference {diff}"
        check(ok, f"{name} / {label}: same tasks ({p.returncode} {detail} {p.stderr[-200:] if got is None else ''})")
    path = os.path.join(WORK, f"{name}-gb.txt")
    open(path, "wb").write(text.encode("gb18030"))
    p, got = run_import(path, f"{name}-gb")
    check(got is not None and essence(got) == want and "GB18030" in p.stderr, f"{name} / GB18030: same tasks")

# ---- the ledger passes jindu check once institutions and progress are added ------
d = plans["rongchang-2023-39"]
if d:
    data = dict(d)
    data["issuer"] = {"name": "重庆市荣昌区卫生健康委员会", "doc_code": "荣卫督"}
    data["period"] = "2024Q3"
    data["institutions"] = [{"id": "rmyy", "name": "重庆市荣昌区人民医院", "short_name": "区人民医院"}]
    data["progress"] = [{"institution": "rmyy", "task": "1", "status": "序时推进", "percent": 50}]
    path = os.path.join(WORK, "ledger-data.json")
    json.dump(data, open(path, "w"), ensure_ascii=False)
    p = subprocess.run([J, "check", "--data", path, "--templates", os.path.join(HERE, "..", "templates")],
                       capture_output=True, text=True, timeout=60)
    # the only warnings: what the plan did not state, marked 待确认 for a person
    others = [l for l in p.stderr.splitlines() if "warning:" in l and "to confirm: 待确认" not in l]
    check(p.returncode == 0 and not others, f"imported ledger passes jindu check: {p.returncode} {p.stderr[-400:]}")


# ---- the layout family: every layout and format of one plan (tests/import/family/,
# written by tests/import/make_fixtures.py, the .docx files by LibreOffice) -----------
FAM = os.path.join(HERE, "import", "family")
expected = json.load(open(os.path.join(FAM, "expected.json"), encoding="utf-8"))
seed_due = {}
for seed in ("rongchang-2023-39", "dadukou-2024-28"):
    if plans.get(seed):
        seed_due[seed + ".txt"] = plans[seed]
for name, want in sorted(expected.items()):
    p, d = run_import(os.path.join(FAM, name), "family-" + name)
    if not check(p.returncode == 0 and d is not None, f"family/{name}: import exits 0 ({p.returncode}: {p.stderr[-300:]})"):
        continue
    check("Sanitizer" not in p.stderr and "runtime error" not in p.stderr, f"family/{name}: no sanitizer report")
    check("layout: " + want["layout"] in p.stderr, f"family/{name}: the review names the layout {want['layout']!r}")
    seed = seed_due.get(want.get("same_as"))
    tasks = want.get("tasks")
    if tasks is None:
        tasks = [dict(t) for t in seed["tasks"]]
    elif seed:
        # the due dates a layout gives are those the same words give inline
        by = {t["id"]: t for t in seed["tasks"]}
        tasks = [dict(t, **({"due": by[t.get("seed_id", t["id"])]["due"]} if "due" in by[t.get("seed_id", t["id"])] else {}))
                 for t in tasks]
    got = d["tasks"]
    check(len(got) == len(tasks), f"family/{name}: {len(tasks)} tasks, got {len(got)}")
    for g, w in zip(got, tasks):
        for k in ("id", "title", "section", "lead", "responsible", "due"):
            check(g.get(k) == w.get(k), f"family/{name} task {w['id']} {k}: got {g.get(k)!r}, want {w.get(k)!r}")
    if name.startswith("heading-lines") or name.startswith("auto-numbering"):
        t1 = got[0]
        check(t1["text"].startswith("（1）加快推进区人民医院") and t1["title"] not in t1["text"][:20],
              f"family/{name}: a heading line's text is the paragraphs below it, sub-items included: {t1['text'][:40]}")
    if d["plan"].get("title") and want.get("same_as") == "rongchang-2023-39.txt":
        check(d["plan"]["title"] == "重庆市荣昌区“四院”同创“三甲”实施方案" and d["plan"].get("doc_no") == "荣昌府办发〔2023〕39号",
              f"family/{name}: the plan's title and number {d['plan'].get('title')} {d['plan'].get('doc_no')}")

# the web page as a GB2312 site serves it
page = open(os.path.join(FAM, "dadukou.html"), encoding="utf-8").read().replace('charset="utf-8"', 'charset="gb2312"')
path = os.path.join(WORK, "dadukou-gb.html")
open(path, "wb").write(page.encode("gb18030"))
p, d = run_import(path, "dadukou-gb")
if check(d is not None, f"a GB2312 web page imports ({p.returncode}: {p.stderr[-200:]})") and plans.get("dadukou-2024-28"):
    check([t["title"] for t in d["tasks"]] == [t["title"] for t in plans["dadukou-2024-28"]["tasks"]],
          "a GB2312 web page gives the plan's tasks")

# --explain: the source of every field
p = subprocess.run([J, "import", os.path.join(FAM, "task-table.docx"), "--explain", "--quiet"], capture_output=True,
                   text=True, timeout=20)
check(p.returncode == 0 and "task 2  合理配置大中型设备" in p.stdout and
      "due          table 1, row 4, deadline column (\"2024年6月底前\")" in p.stdout and
      "units        table 1, row 4, unit columns" in p.stdout, f"--explain names each field's source: {p.stdout[:300]}")
p = subprocess.run([J, "import", os.path.join(FAM, "heading-lines.txt"), "--explain", "--quiet"], capture_output=True,
                   text=True, timeout=20)
check("title        line 36" in p.stdout and "text         lines 37–40" in p.stdout,
      f"--explain gives text lines: {p.stdout[:200]}")

# ---- indicator candidates the importer is unsure of ---------------------------------
p, d = run_import(os.path.join(HERE, "import", "family-indicator-doubts.txt"), "doubts")
if check(d is not None, f"family-indicator-doubts imports: {p.stderr[-200:]}"):
    cands = [c for t in d["tasks"] for c in t.get("indicator_candidates", [])]
    check([c["name"] for c in cands][:1] == ["覆盖率"] and not any(c["target"] == 800 for c in cands),
          f"a condition (低于800人的行政村) is not a target, the year is not the name: {[c['name'] for c in cands]}")
    cut = [c for c in cands if c.get("review")]
    check(len(cut) == 1 and cut[0]["target"] == 15 and "may be cut short" in p.stderr,
          f"a name cut in the middle of a phrase is marked for review: {cut}")

# ---- bad input --------------------------------------------------------------------
path = os.path.join(WORK, "no-tasks.txt")
open(path, "w").write("关于做好某项工作的通知\n一、总体要求\n做好工作。\n二、保障措施\n加强领导。\n")
p, got = run_import(path, "no-tasks")
check(p.returncode == 1 and "numbered tasks in a key-task part" in p.stderr and "task table" in p.stderr and not os.path.exists(
    os.path.join(WORK, "no-tasks.json")), f"a text without tasks: exit 1 and says why ({p.returncode} {p.stderr})")
p = subprocess.run([J, "import", os.path.join(WORK, "missing.txt")], capture_output=True, text=True)
check(p.returncode == 3 and "missing.txt: error: cannot read" in p.stderr, f"a missing file: exit 3 ({p.returncode})")
p = subprocess.run([J, "import"], capture_output=True, text=True)
check(p.returncode == 2, "import without a file: usage error")
path = os.path.join(WORK, "skipped.txt")
open(path, "w").write("一、重点任务\n1．甲任务。做甲。\n3．乙任务。做乙。\n2．丙任务。做丙。\n二、保障措施\n")
p, got = run_import(path, "skipped")
check(got is not None and [x["title"] for x in got["tasks"]] == ["甲任务", "丙任务"] and "left out" in p.stderr
      and "3．乙任务" in p.stderr, f"out-of-sequence numbers are reported, not taken ({p.stderr})")

finish("import")
