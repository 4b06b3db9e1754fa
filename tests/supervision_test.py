#!/usr/bin/env python3
"""The supervision cycle (supervision.md) in the documents: warning marks
and last quarter's follow-up in the progress report, 再次督办 in the notice,
warnings and follow-up in the summary, the bulletin (GB/T 9704), the pack
taking it in, and index.html loaded in headless Chromium: every link
resolves inside OUT, nothing external, it renders and prints on A4.
The figures themselves are compared with tests/reference.py by run.sh.

usage: supervision_test.py JINDU WORKDIR
Ends with "supervision: N passed, N failed"."""
import html.parser, json, os, re, shutil, subprocess, sys, urllib.parse

J, W = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402


def build(data, out, *extra):
    return subprocess.run([J, "build", "--data", data, "--templates", os.path.join(ROOT, "templates"), "--out", out,
                           "--quiet", *extra], capture_output=True, text=True, timeout=300)


def text(pdf):
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout


def flat(pdf):
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout)


out = os.path.join(W, "out")
r = build(os.path.join(ROOT, "data"), out)
check(r.returncode == 0, f"the sample builds: {r.stderr[-300:]}")
P = os.path.join(out, "2024Q3")
res = json.load(open(os.path.join(P, "results.json")))
check(res["previous_period"] == "2024Q2" and res["bulletin_number"] == "荣卫督〔2024〕7号" and res["follow_up_rate"] == 0.4,
      f"previous_period, the bulletin's number (after the two notices), the overall rate: {res['previous_period']} "
      f"{res['bulletin_number']} {res['follow_up_rate']}")
jkzx = next(i for i in res["institutions"] if i["id"] == "jkzx")
check(jkzx["warnings"] == {"红": 4, "黄": 0, "蓝": 0} and jkzx["follow_up"]["items"] == 5 and jkzx["follow_up"]["resolved"] == 2,
      f"区疾控中心: four red items, five of last quarter's, two resolved: {jkzx['warnings']} {jkzx['follow_up']['items']}")

# --- the progress report --------------------------------------------------------------
rep = flat(os.path.join(P, "区疾控中心", "工作进展情况报告.pdf"))
check("预警事项4项，其中红色4项、黄色0项、蓝色0项" in rep, "the report counts its warnings")
check("四、上期督办事项整改情况" in rep and "已整改2项、未整改3项，整改率40.0%" in rep,
      "the report has its section 上期督办事项整改情况 with the rate")
check("预警等级：红色（上期已列为督办事项：进度滞后、未启动，本期仍未整改）" in rep,
      "a repeated task says it was supervised last quarter")
check(rep.count("红色") >= 8, "every red row carries the word, not the colour alone")
clean = flat(os.path.join(P, "区人民医院", "工作进展情况报告.pdf"))
check("上期督办事项整改情况" not in clean, "no follow-up section for an institution without last quarter's items")

# no body paragraph drawn in colour (GB/T 9704 5.2.5): red is for table rows, marks and the header
def coloured_body_text(pdf):
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True).stdout
    found = []
    for color, body in re.findall(r'<fill_text [^>]*color="([^"]*)"[^>]*>(.*?)</fill_text>', trace, re.S):
        if color in ("0 0 0 1", "0 0 0 .45"):
            continue
        for size, glyphs in re.findall(r'<span[^>]*trm="([\d.]+) [^"]*"[^>]*>(.*?)</span>', body, re.S):
            if abs(float(size) - 16) < 0.01:
                found.append("".join(re.findall(r'unicode="([^"]*)"', glyphs))[:20])
    return found


for doc in ("区疾控中心/工作进展情况报告.pdf", "区疾控中心/督办通知.pdf", "考核评估汇总.pdf", "情况通报.pdf"):
    bad = coloured_body_text(os.path.join(P, doc))
    check(not bad, f"{doc}: no body text (3号) in colour: {bad[:3]}")

# --- the notice ------------------------------------------------------------------------
notice = flat(os.path.join(P, "区疾控中心", "督办通知.pdf"))
check("重点任务推进滞后的再次督办通知" in notice and "其中3项已在上期督办、至今仍未整改到位，现再次督办" in notice,
      "a notice that repeats items says so in its title and text")
trace = subprocess.run(["mutool", "trace", os.path.join(P, "区疾控中心", "督办通知.pdf")], capture_output=True,
                       text=True).stdout
strokes = ["".join(re.findall(r'unicode="([^"]*)"', b)) for b in re.findall(r"<stroke_text[^>]*>(.*?)</stroke_text>", trace, re.S)
           if 'trm="16 ' in b]
check(any("于2024年10月15日前" in s for s in strokes) and not any("请你单位" in s for s in strokes),
      f"**…** in a template is drawn bold (stroked) with the default fonts, the rest of the paragraph not: {strokes[:3]}")
check(notice.count("（再次督办）") >= 3 and notice.count("办）") >= 3 + 3,
      "each repeated item is marked in the text and in 附件1")

# the 办理情况反馈表 is filled by hand: never split across pages
for inst in ("区中医院", "区疾控中心"):
    pages = subprocess.run(["pdftotext", os.path.join(P, inst, "督办通知.pdf"), "-"], capture_output=True,
                           text=True).stdout.split("\f")
    on = [k for k, pg in enumerate(pages) if "填报单位" in pg or "填报日期" in pg or "联系电话" in pg]
    check(len(set(on)) == 1, f"{inst}: the feedback form on one page: {on}")

# --- the summary -----------------------------------------------------------------------
summ = flat(os.path.join(P, "考核评估汇总.pdf"))
check("预警（红/黄/蓝）" in summ and "全部单位预警事项7项：红色7项" in summ, "the summary counts warnings per institution")
check("四、上期督办事项整改情况" in summ and "督办事项10项，已整改4项，整改率40.0%" in summ, "the summary's follow-up table")

# --- the bulletin: GB/T 9704, its number, its parts ------------------------------------
bpdf = os.path.join(P, "情况通报.pdf")
bul = flat(bpdf)
check("荣卫督〔2024〕7号" in bul and "关于“四院”同创“三甲”2024年第三季度重点任务推进情况的通报" in bul
      and "各有关单位：" in bul, "the bulletin: number, title, 主送")
check(all(h in bul for h in ("一、总体情况", "二、表扬单位", "三、存在的问题", "四、上期督办事项整改情况", "五、工作要求")),
      "the bulletin's parts")
check("重庆市荣昌区人民医院、重庆市荣昌区妇幼保健院考核评估等级为“优秀”" in bul, "those commended, by rank")
check("1．重庆市荣昌区疾病预防控制中心：红色预警4项、黄色预警0项" in bul and "2．重庆市荣昌区中医院：红色预警3项" in bul,
      "those named for red items, most red items first, with their counts")
check("总体整改率40.0%" in bul and "抄送" in bul and "印发" in bul, "the follow-up rate, and the 版记")
g = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "notice_geometry.py"), bpdf,
                    "重庆市荣昌区卫生健康委员会文件", "荣卫督〔2024〕7号"], capture_output=True, text=True)
check(g.returncode == 0, f"the bulletin passes the GB/T 9704 geometry checks of the notices: {g.stdout[-400:]}{g.stderr[-200:]}")
man = json.load(open(os.path.join(P, "manifest.json")))
kinds = {f["path"]: f["kind"] for f in man["files"]}
check(kinds.get("情况通报.pdf") == "bulletin" and kinds.get("index.html") == "index", f"the manifest lists them: {kinds}")

# --- the pack takes it in after the summary --------------------------------------------
pack = flat(os.path.join(P, "会议材料汇编.pdf"))
i_sum, i_bul = pack.find("考核评估汇总"), pack.find("重点任务推进情况通报")
check(0 <= i_sum < i_bul and "荣卫督〔2024〕7号" in pack, "the pack holds the bulletin after the summary")

# --- --only bulletin -------------------------------------------------------------------
r = build(os.path.join(ROOT, "data"), os.path.join(W, "only"), "--only", "bulletin")
made = sorted(f["path"] for f in json.load(open(os.path.join(W, "only", "2024Q3", "manifest.json")))["files"])
check(r.returncode == 0 and made == ["index.html", "results.json", "情况通报.pdf"], f"--only bulletin: {made} {r.stderr}")

# --- yellow and blue, and no previous quarter ------------------------------------------
data2 = os.path.join(W, "data2")
shutil.copytree(os.path.join(ROOT, "data"), data2)
plan = json.load(open(os.path.join(data2, "plan.json")))
plan.setdefault("rules", {})["warning"] = {"due_soon_days": 400}
plan["rules"]["bulletin"] = {"number": 17, "to": "各区属医疗卫生单位"}
plan["rules"]["notice"] = {"items_in_body": 3}
json.dump(plan, open(os.path.join(data2, "plan.json"), "w"), ensure_ascii=False, indent=1)
p = os.path.join(data2, "progress", "2024Q3", "rmyy.json")
d = json.load(open(p))
d["progress"][0]["status"] = "滞后"
json.dump(d, open(p, "w"), ensure_ascii=False, indent=1)
out2 = os.path.join(W, "out2")
r = build(data2, out2)
res2 = json.load(open(os.path.join(out2, "2024Q3", "results.json")))
rm = next(i for i in res2["institutions"] if i["id"] == "rmyy")
t1 = rm["tasks"][0]
check(t1["warning"] == "黄" and not t1["repeat"] and rm["warnings"]["蓝"] > 0,
      f"a flag new this quarter is yellow; due within rules.warning.due_soon_days is blue: {t1} {rm['warnings']}")
check(res2["bulletin_number"] == "荣卫督〔2024〕17号", f"rules.bulletin.number: {res2['bulletin_number']}")
check("各区属医疗卫生单位：" in flat(os.path.join(out2, "2024Q3", "情况通报.pdf")), "rules.bulletin.to is the 主送")
# documents.md: more items than rules.notice.items_in_body are summarised in the body, listed in 附件1
n4 = flat(os.path.join(out2, "2024Q3", "区疾控中心", "督办通知.pdf"))
body4, att4 = n4.split("二、整改要求")[0], n4.split("附件1督办事项清单")[-1]
check("你单位本期督办事项共4项" in body4 and "逐项情况见附件1" in body4 and "（一）合理配置大中型设备" not in body4
      and "其中红色预警事项4项" in body4, "a notice of more items than rules.notice.items_in_body summarises them")
check(all(t in att4 for t in ("任务2：", "任务3：", "任务6：", "任务11：")), "and 附件1 lists every item")
n3 = flat(os.path.join(out2, "2024Q3", "区中医院", "督办通知.pdf"))
check("（一）" in n3.split("二、整改要求")[0], "a notice within the limit writes each item out")
trace = subprocess.run(["mutool", "trace", os.path.join(out2, "2024Q3", "区人民医院", "工作进展情况报告.pdf")],
                       capture_output=True, text=True).stdout
check('color="0 .45 1 .15"' in trace or 'color="0 0.45 1 0.15"' in trace, "yellow items are set in amber")
check('color="1 .55 0 .15"' in trace or 'color="1 0.55 0 0.15"' in trace, "blue items are set in blue")
rep2 = flat(os.path.join(out2, "2024Q3", "区人民医院", "工作进展情况报告.pdf"))
check("黄色" in rep2 and "蓝色" in rep2, "amber and blue rows carry their words too")
shutil.rmtree(os.path.join(data2, "progress", "2024Q2"))
r = build(data2, os.path.join(W, "out3"))
res3 = json.load(open(os.path.join(W, "out3", "2024Q3", "results.json")))
fu = [i["follow_up"] for i in res3["institutions"]]
check(res3["previous_period"] is None and res3["follow_up_rate"] is None
      and all(f == {"items": 0, "resolved": 0, "rate": None, "list": []} for f in fu)
      and not any(t["repeat"] for i in res3["institutions"] for t in i["tasks"] + i["indicators"]),
      "without last quarter's data: no previous_period, no repeats, empty follow-ups")
check("上一季度没有报送数据" in flat(os.path.join(W, "out3", "2024Q3", "情况通报.pdf")), "and the bulletin says so")

# --- index.html in a real browser ------------------------------------------------------
index = os.path.join(P, "index.html")
raw = open(index, encoding="utf-8").read()


class Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.external, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            if k in ("href", "src", "action", "data") and v:
                (self.links if k == "href" else self.external).append(v)


chrome = shutil.which("chromium")
if check(chrome is not None, "headless Chromium is installed (make deps)"):
    base = [chrome, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=" + os.path.join(W, "chrome")]
    dom = subprocess.run(base + ["--dump-dom", "file://" + index], capture_output=True, text=True, timeout=120).stdout
    refs = Refs()
    refs.feed(dom)
    pdfs = sorted(f["path"] for f in man["files"] if f["path"].endswith(".pdf"))
    targets = sorted(urllib.parse.unquote(h) for h in refs.links)
    check(dom.count("<tr") >= 4 + 7 and "区疾控中心" in dom, "Chromium loads the page: the tables are there")
    check(targets == pdfs, f"the page links every PDF written, and only those: {len(targets)} links, {len(pdfs)} PDFs")
    check(all(os.path.isfile(os.path.join(P, t)) and os.path.realpath(os.path.join(P, t)).startswith(os.path.realpath(P))
              for t in targets), "every link resolves to a file inside OUT")
    check(not refs.external and "script" not in refs.tags and not re.search(r"(https?:)?//|url\(", raw.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")), "nothing external: no script, no src, no URL, no url()")
    check(raw.count("<svg") == 1, "one inline SVG chart")
    shot = os.path.join(W, "index.png")
    subprocess.run(base + ["--window-size=1200,1600", "--screenshot=" + shot, "file://" + index], capture_output=True,
                   timeout=120)
    check(os.path.exists(shot) and os.path.getsize(shot) > 20000, "Chromium renders a screenshot of it")
    printed = os.path.join(W, "index.pdf")
    subprocess.run(base + ["--no-pdf-header-footer", "--print-to-pdf=" + printed, "file://" + index],
                   capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", printed], capture_output=True, text=True).stdout if os.path.exists(printed) else ""
    check("(A4)" in info, f"it prints on A4: {info[-200:]}")
    words = subprocess.run(["pdftotext", printed, "-"], capture_output=True, text=True).stdout if info else ""
    check("● 红" in words and "区疾控中心" in words, "the printout keeps the marks beside the colours")

# --- the bulletin at scale: rules.bulletin.named in the body, everyone in an attachment ----------
gen = os.path.join(W, "gen40")
subprocess.run(["python3", os.path.join(ROOT, "tests", "gen_data.py"), gen, "19", "40", "8", "2"], check=True,
               capture_output=True)
pj = json.load(open(os.path.join(gen, "plan.json")))
pj.setdefault("rules", {}).setdefault("bulletin", {})["named"] = 3
pj["rules"].pop("scoring", None)
json.dump(pj, open(os.path.join(gen, "plan.json"), "w"), ensure_ascii=False)
gout = os.path.join(W, "gen40-out")
r = build(gen, gout, "--only", "bulletin,summary")
GP = os.path.join(gout, "2024Q3")
gres = json.load(open(os.path.join(GP, "results.json"))) if r.returncode in (0, 1) else {"institutions": []}
names = {i["id"]: i for i in json.load(open(os.path.join(gen, "institutions.json")))["institutions"]}
red = [i for i in gres["institutions"] if i["warnings"]["红"] and not i.get("data_errors")]
red.sort(key=lambda i: (-i["warnings"]["红"], i["rank"]))
gtext = text(os.path.join(GP, "情况通报.pdf")) if os.path.exists(os.path.join(GP, "情况通报.pdf")) else ""
gflat = re.sub(r"\s+", "", gtext)
body, _, attachments = gflat.partition("附件1红色预警单位名单")
check(len(red) > 3 and f"单位共{len(red)}家" in body, f"the bulletin says how many institutions have red items: {len(red)}")
listed = re.findall(r"(\d+)．(第\d+人民医院)：红色预警(\d+)项", body)
want = [(str(k + 1), names[i["id"]]["name"], str(i["warnings"]["红"])) for k, i in enumerate(red[:3])]
check(listed == want, f"the body names the first rules.bulletin.named, most red items first: {listed} != {want}")
check(f"其余{len(red) - 3}家单位" in body and "见附件1" in body, "and refers to the attachment for the rest")
rows = re.findall(r"^\s*(\d+)\s+(第\d+人民医院)\s+(\d+)\s+(\d+)\s*$", gtext.partition("红色预警单位名单")[2].partition("附件2")[0],
                  re.M)
want_rows = [(str(k + 1), names[i["id"]]["name"], str(i["warnings"]["红"]), str(i["warnings"]["黄"])) for k, i in enumerate(red)]
check(rows == want_rows, f"附件1 lists every one of them with its red and yellow counts: {len(rows)} rows, want {len(want_rows)}")
check(gflat.index("附件：1．红色预警单位名单") < gflat.index("附件1红色预警单位名单"), "the attachment is announced before the signature")
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", os.path.join(GP, "情况通报.pdf")], capture_output=True,
                                                       text=True).stdout).group(1)) if gtext else 0
check(0 < pages <= 12, f"a bulletin of 40 institutions stays short: {pages} pages")

finish("supervision")
