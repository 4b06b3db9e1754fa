#!/usr/bin/env python3
"""Figures, colour and charts as a reader sees them on the page (issue 23),
read from the PDFs with mutool trace and pdftotext:

- one number format per quantity: scores with one decimal in the summary
  and the assessment sheets (no two-decimal number left), 完成系数 with
  three; 序号 counting 1…n beside the task's own number;
- colour marks a cell, never a row or a paragraph: every run of red text
  is short, and no line of text is red from end to end (the red header of
  a 公文 aside);
- charts: no text under 10.5 pt; no value label struck by a marker; an
  axis rule crossing a label is covered by the label's white ground; long
  category labels wrap instead of being cut; a trend of more than five
  series is a table.

usage: figures_test.py JINDU WORKDIR
Ends with "figures: N passed, N failed"."""
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal, ROUND_HALF_UP

J, W = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish  # noqa: E402

RED = "0 .8 .8 0"
WHITE = "0 0 0 0"


def build(data, out, *extra):
    return subprocess.run([J, "build", "--data", data, "--templates", os.path.join(ROOT, "templates"), "--out", out,
                           "--quiet", *extra], capture_output=True, text=True, timeout=300)


def trace(pdf):
    """Per page, in drawing order: ("g", ch, x, y, size, colour) glyphs, ("stroke", colour, width, x0, y0, x1, y1)
    lines and ("fill", colour, x0, y0, x1, y1) boxes, in PDF points (y up)."""
    pages, colour, size, stroke = [], None, 0, False
    path = None
    for line in subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True).stdout.splitlines():
        s = line.strip()
        if s.startswith("<page "):
            pages.append([])
        elif s.startswith(("<fill_text", "<stroke_text")):
            colour = re.search(r'color="([^"]*)"', s).group(1)
            stroke = s.startswith("<stroke_text")
        elif s.startswith("<span "):
            size = float(re.search(r'trm="([-\d.]+)', s).group(1))
        elif s.startswith("<g ") and not stroke:
            m = re.search(r'unicode="(.*?)" glyph="\d+" x="([-\d.]+)" y="([-\d.]+)" adv="([-\d.]+)"', s)
            pages[-1].append(("g", m.group(1), float(m.group(2)), float(m.group(3)), size, colour,
                              float(m.group(4)) * size))
        elif s.startswith(("<stroke_path", "<fill_path")):
            path = [s.startswith("<fill_path"), re.search(r'color="([^"]*)"', s).group(1),
                    float((re.search(r'linewidth="([-\d.]+)"', s) or re.match("()", "")).group(1) or 0), []]
        elif path is not None and s.startswith(("<moveto", "<lineto")):
            m = re.search(r'x="([-\d.]+)" y="([-\d.]+)"', s)
            path[3].append((float(m.group(1)), float(m.group(2))))
        elif s.startswith(("</stroke_path", "</fill_path")) and path:
            xs, ys = [p[0] for p in path[3]], [p[1] for p in path[3]]
            if xs:
                if path[0]:
                    pages[-1].append(("fill", path[1], min(xs), min(ys), max(xs), max(ys)))
                elif len(xs) == 2:
                    pages[-1].append(("stroke", path[1], path[2], xs[0], ys[0], xs[1], ys[1]))
            path = None
    return pages


def glyph_box(g):
    _, _, x, y, size, _, adv = g
    return x, y - 0.15 * size, x + adv, y + 0.8 * size


def text(pdf, *opt):
    return subprocess.run(["pdftotext", *opt, pdf, "-"], capture_output=True, text=True).stdout


out = os.path.join(W, "out")
r = build(os.path.join(ROOT, "data"), out)
check(r.returncode == 0, f"the sample builds: {r.stderr[-300:]}")
P = os.path.join(out, "2024Q3")
res = json.load(open(os.path.join(P, "results.json")))
short = {"rmyy": "区人民医院", "zyy": "区中医院", "fybjy": "区妇幼保健院", "jkzx": "区疾控中心"}
pdfs = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(P) for f in fs if f.endswith(".pdf"))


def one(x):
    return str(Decimal(repr(x)).quantize(Decimal("0.1"), ROUND_HALF_UP))


# ---- one number format per quantity -----------------------------------------------------------------------------
summary = text(os.path.join(P, "考核评估汇总.pdf"))
two = re.findall(r"(?<![\d.])\d+\.\d\d(?![\d%])", summary)
check(not two, f"the summary has no two-decimal score: {two[:5]}")
for i in res["institutions"]:
    if i.get("task_part") is not None:
        check(one(i["task_part"]) in summary and one(i["indicator_part"]) in summary,
              f"the summary prints {i['id']}'s parts with one decimal: {one(i['task_part'])}, {one(i['indicator_part'])}")
for i in res["institutions"]:
    sheet = os.path.join(P, short[i["id"]], "考核评估结果.pdf")
    t = text(sheet, "-layout")
    two = re.findall(r"(?<![\d.])\d+\.\d\d(?![\d%])", t)
    rows = [m.groups() for m in re.finditer(r"^\s*(\d+)\s+(\d+)\s+\S", t, re.M)]
    factors = re.findall(r"(?<![\d.])[01]\.\d+(?![\d%])", t)
    check(not two and rows and [int(a) for a, _ in rows] == list(range(1, len(rows) + 1))
          and all(len(f.split(".")[1]) in (1, 3) for f in factors),
          f"{short[i['id']]}: no two-decimal score, 序号 1…{len(rows)} beside the task numbers, "
          f"完成系数 with three decimals: {two[:3]} {rows[:3]}")

# ---- colour marks a cell ----------------------------------------------------------------------------------------
headers = {"重庆市荣昌区卫生健康委员会文件"}
worst_run, whole_red = 0, []
for pdf in pdfs:
    for k, page in enumerate(trace(pdf), 1):
        glyphs = [g for g in page if g[0] == "g"]
        lines = {}
        for g in glyphs:
            lines.setdefault(round(g[3], 1), []).append(g)
        for y, gs in lines.items():
            gs.sort(key=lambda g: g[2])
            s = "".join(g[1] for g in gs)
            red = [g[5] == RED for g in gs]
            if s in headers:
                continue
            if all(red) and len(gs) > 1:
                whole_red.append(f"{os.path.relpath(pdf, P)} p{k}: {s[:20]}")
            run = 0
            for v in red:
                run = run + 1 if v else 0
                worst_run = max(worst_run, run)
check(not whole_red, f"no line of text is red from end to end: {whole_red[:4]}")
check(worst_run <= 6, f"red marks a word or a cell: the longest red run is {worst_run} characters")

# ---- charts -----------------------------------------------------------------------------------------------------
small, struck, crossed = [], [], []
for pdf in pdfs:
    for k, page in enumerate(trace(pdf), 1):
        where = f"{os.path.relpath(pdf, P)} p{k}"
        glyphs = [(i, g) for i, g in enumerate(page) if g[0] == "g"]
        small += [f"{where}: {g[1]} at {g[4]} pt" for _, g in glyphs if g[4] < 10.5 - 1e-6]
        for i, op in enumerate(page):
            if op[0] != "stroke" or abs(op[3] - op[5]) > 0.01:
                continue                     # vertical lines only: markers and axis rules
            x, y0, y1 = op[3], min(op[4], op[6]), max(op[4], op[6])
            for j, g in glyphs:
                gx0, gy0, gx1, gy1 = glyph_box(g)
                if not (gx0 + 0.5 < x < gx1 - 0.5 and y0 < gy1 and y1 > gy0):
                    continue
                if op[1] == RED and op[2] >= 1.4:
                    struck.append(f"{where}: {g[1]!r} struck by a marker")
                elif op[1] != RED:
                    covered = any(o[0] == "fill" and o[1] == WHITE and i < m < j and o[2] <= gx0 + 0.5 and
                                  o[4] >= gx1 - 0.5 and o[3] <= gy0 + 1 and o[5] >= gy1 - 1
                                  for m, o in enumerate(page))
                    if not covered and op[2] < 0.5:
                        crossed.append(f"{where}: {g[1]!r} crossed by a rule")
check(not small, f"no text under 10.5 pt: {small[:4]}")
check(not struck, f"no value label struck by a marker: {struck[:4]}")
check(not crossed, f"no label crossed by an axis rule: {crossed[:4]}")

# ---- long labels wrap, many series become a table ---------------------------------------------------------------
data = os.path.join(W, "data")
shutil.copytree(os.path.join(ROOT, "data"), data)
tasks = json.load(open(os.path.join(data, "tasks.json")))
long_title = "全面提升县域医共体牵头医院急诊急救服务能力"
tasks["tasks"][0]["title"] = long_title
json.dump(tasks, open(os.path.join(data, "tasks.json"), "w"), ensure_ascii=False, indent=1)
lo = os.path.join(W, "long")
r = build(data, lo, "--only", "progress", "--institution", "rmyy")
rep = os.path.join(lo, "2024Q3", "区人民医院", "工作进展情况报告.pdf")
chart_page = next((k for k in range(1, 8) if "各项任务报告进度与应达进度" in text(rep, "-f", str(k), "-l", str(k))), 0)
pt = text(rep, "-f", str(chart_page), "-l", str(chart_page)) if chart_page else ""
check(r.returncode == 0 and chart_page and "…" not in pt and re.sub(r"\s", "", pt).count(long_title) >= 1,
      f"a long task title wraps in the chart, whole, not cut with …: page {chart_page}")
gen = os.path.join(W, "gen")
subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_data.py"), gen, "11", "3", "28", "4"],
               capture_output=True, check=True)
go = os.path.join(W, "gen-out")
r = build(gen, go, "--only", "progress")
reports = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(go, "2024Q3")) for f in fs
                 if f.endswith(".pdf"))
trend = [re.sub(r"\s", "", text(p)) for p in reports]
check(r.returncode == 0 and reports and all("指标完成率变化趋势2023年第四季度" in t for t in trend),
      "a trend of more than five indicators is a table: its title, then the quarters as column heads")
zr = os.path.join(P, "区疾控中心", "工作进展情况报告.pdf")     # three indicators
tp = next((k for k in range(1, 20) if "指标完成率变化趋势" in text(zr, "-f", str(k), "-l", str(k))), 0)
lines = [o for o in trace(zr)[tp - 1] if o[0] == "stroke" and abs(o[2] - 1.2) < 0.01] if tp else []
check(len(lines) >= 2, f"a trend of a few indicators stays a line chart: {len(lines)} line segments on page {tp}")

# ---- adjacent punctuation compressed mid-line (clreq 3.1.6), full widths with @fullwidth ---------------------------
CLOSE, PUNCT = set("）”’〕》」』】，。、；：？！"), set("）”’〕》」』】，。、；：？！（“‘〔《「『【")


def pairs(pdf):
    """(first, second, distance in em) of adjacent punctuation on one baseline, the first a closing mark."""
    out = []
    for page in trace(pdf):
        gs = [g for g in page if g[0] == "g"]
        for a, b in zip(gs, gs[1:]):
            if a[1] in CLOSE and b[1] in PUNCT and abs(a[3] - b[3]) < 0.01 and b[2] > a[2]:
                out.append((a[1], b[1], (b[2] - a[2]) / a[4]))
    return out


def hole_after_digit(pdf):
    """Distances (em) from a full-width ．after a digit to the next character."""
    out = []
    for page in trace(pdf):
        gs = [g for g in page if g[0] == "g"]
        for p0, a, b in zip(gs, gs[1:], gs[2:]):
            if a[1] == "．" and p0[1].isdigit() and abs(a[3] - b[3]) < 0.01:
                out.append((b[2] - a[2]) / a[4])
    return out


notice = os.path.join(P, "区中医院", "督办通知.pdf")
ps = pairs(notice)
check(len(ps) >= 3 and all(d < 0.6 for _, _, d in ps), f"the notice's ）。 ”， pairs take half an em for the first: {ps[:6]}")
holes = hole_after_digit(notice)
check(holes and all(h < 0.6 for h in holes), f"附件：1．督办: the ．after a digit is half-width, no hole: {holes}")
fw = os.path.join(W, "fullwidth")
shutil.copytree(os.path.join(ROOT, "templates"), fw)
with open(os.path.join(fw, "notice.tpl"), encoding="utf-8") as f:
    body = f.read()
with open(os.path.join(fw, "notice.tpl"), "w", encoding="utf-8") as f:
    f.write(body + "\n@fullwidth\n")     # anywhere in the template: the whole document
fo = os.path.join(W, "fullwidth-out")
r = subprocess.run([J, "build", "--data", os.path.join(ROOT, "data"), "--templates", fw, "--out", fo, "--quiet",
                    "--only", "notice"], capture_output=True, text=True)
fps = pairs(os.path.join(fo, "2024Q3", "区中医院", "督办通知.pdf"))
mid = [d for _, _, d in fps]
check(r.returncode == 0 and any(d > 0.95 for d in mid), f"@fullwidth keeps full widths mid-line: {fps[:6]}")

# ---- table columns sized by content: few cells wrapping to one or two characters ----------------------------------
def short_tails(pdf):
    """Table cells (between the page's rules) whose last line holds one or two characters."""
    out = []
    for page in trace(pdf):
        vert = sorted({round(o[3], 1) for o in page if o[0] == "stroke" and abs(o[3] - o[5]) < 0.01
                       and abs(o[4] - o[6]) > 20})
        horiz = sorted({round(o[4], 1) for o in page if o[0] == "stroke" and abs(o[4] - o[6]) < 0.01
                        and abs(o[3] - o[5]) > 50})
        if len(vert) < 3:
            continue
        cells = {}
        for g in page:
            if g[0] != "g":
                continue
            c, r = sum(v <= g[2] for v in vert), sum(h >= g[3] for h in horiz)
            if 0 < c < len(vert) and 0 < r < len(horiz):
                cells.setdefault((r, c), {}).setdefault(round(g[3], 1), []).append(g[1])
        for lines in cells.values():
            ys = sorted(lines, reverse=True)
            if len(ys) >= 2 and len(lines[ys[-1]]) <= 2:
                out.append("".join(lines[ys[-2]]) + "/" + "".join(lines[ys[-1]]))
    return out


g7 = os.path.join(W, "gen7")
subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gen_data.py"), g7, "7", "40", "12", "3"],
               capture_output=True, check=True)
ids = [i["id"] for i in json.load(open(os.path.join(g7, "institutions.json")))["institutions"][:6]]
g7o = os.path.join(W, "gen7-out")
r = build(g7, g7o, "--only", "notice", "--institution", ",".join(ids))
tails = [t for dp, _, fs in os.walk(g7o) for f in fs if f.endswith(".pdf") for t in short_tails(os.path.join(dp, f))]
check(r.returncode == 0 and len(tails) <= 2, f"the notices' tables: at most two cells wrap to one or two characters "
                                              f"(14 before columns were sized by content): {tails}")

# ---- a form to fill in by hand is never split ------------------------------------------------------------------
ft = os.path.join(W, "form-templates")
shutil.copytree(os.path.join(ROOT, "templates"), ft)
FORM = ("@table(header=0, size=14)\n@columns 36mm center | 1* left\n| 表单甲 | |\n@row(lines=4) | 表单乙 | |\n"
        "@row(lines=5) | 表单丙 | |\n@row(lines=4) | 表单丁 | |\n| 表单戊 | |\n@end\n")
with open(os.path.join(ft, "progress.tpl"), "a", encoding="utf-8") as f:
    f.write("@pagebreak\n" + "".join(f"@p 第{k}段填充文字。\n" for k in range(17)) + FORM)
    f.write("@pagebreak\n" + "".join(f"@p 第{k}段填充文字。\n" for k in range(9)) + FORM)
fo2 = os.path.join(W, "form-out")
r = subprocess.run([J, "build", "--data", os.path.join(ROOT, "data"), "--templates", ft, "--out", fo2, "--quiet",
                    "--only", "progress", "--institution", "rmyy"], capture_output=True, text=True)
fp = os.path.join(fo2, "2024Q3", "区人民医院", "工作进展情况报告.pdf")
n_pages = len(trace(fp)) if r.returncode == 0 else 0
where = {}
for k in range(1, n_pages + 1):
    for label in re.findall(r"表单[甲乙丙丁戊]", text(fp, "-f", str(k), "-l", str(k))):
        where.setdefault(label, set()).add(k)
forms = [sorted(p for lab in "甲乙丙丁戊" for p in where.get("表单" + lab, ()))]
pages_of = sorted({p for s in where.values() for p in s})
check(r.returncode == 0 and len(pages_of) == 2 and all(len(s) == 2 for s in where.values()),
      f"two forms, each whole on one page (moved to the next page, or its writing rows shrunk): {where}")

# ---- a chart that does not fit closes up by up to 15%, or floats below the paragraph after it -----------------------
ct = os.path.join(W, "chart-templates")
shutil.copytree(os.path.join(ROOT, "templates"), ct)
bars = "".join(f"| 第{k}项 | {10 + 5 * k} |\n" for k in range(14))
with open(os.path.join(ct, "progress.tpl"), "a", encoding="utf-8") as f:
    f.write("@pagebreak\n" + "".join(f"@p 图前第{k}段。\n" for k in range(12)))
    f.write("@chart(bars, max=100, unit=%, title=浮动的图表)\n" + bars + "@end\n")
    f.write("".join(f"@p 图后第{k}段文字。\n" for k in range(3)))
    f.write("@pagebreak\n" + "".join(f"@p 二图前第{k}段。\n" for k in range(10)))
    f.write("@chart(bars, max=100, unit=%, title=收紧的图表)\n" + bars + "@end\n")
co = os.path.join(W, "chart-out")
r = subprocess.run([J, "build", "--data", os.path.join(ROOT, "data"), "--templates", ct, "--out", co, "--quiet",
                    "--only", "progress", "--institution", "rmyy"], capture_output=True, text=True)
cp = os.path.join(co, "2024Q3", "区人民医院", "工作进展情况报告.pdf")
page_text = [re.sub(r"\s", "", text(cp, "-f", str(k), "-l", str(k))) for k in range(1, len(trace(cp)) + 1)] \
    if r.returncode == 0 else []
pf = next((k for k, t in enumerate(page_text) if "浮动的图表" in t), None)
check(pf is not None and page_text[pf].startswith("浮动的图表") and "图后第0段文字" in page_text[pf - 1]
      and "图前第11段" in page_text[pf - 1],
      "a chart too tall for the rest of the page floats below the next paragraph, to the next page's top")
ps = next((k for k, t in enumerate(page_text) if "收紧的图表" in t), None)
bars_y = sorted({round(o[3], 2) for o in trace(cp)[ps] if o[0] == "fill" and o[1] != WHITE and o[4] - o[2] > 5}) \
    if ps is not None else []
pitch = min(b - a for a, b in zip(bars_y, bars_y[1:])) if len(bars_y) > 1 else 0
check(ps is not None and "二图前第9段" in page_text[ps] and "第13项" in page_text[ps] and len(bars_y) == 14
      and 0.85 * 21 - 0.01 <= pitch < 21 - 0.5,
      f"a chart a little too tall closes up (rows {pitch:.1f} pt apart, not 21) to stay where it is, whole")

# ---- a contents entry of two lines has its page number on its last line, with the leaders -------------------------
toc = trace(os.path.join(P, "会议材料汇编.pdf"))[2]
tg = [g for g in toc if g[0] == "g"]
tail = next((g for a, b, g in zip(tg, tg[1:], tg[2:]) if a[1] + b[1] + g[1] == "况通报"), None)
num = [g for g in tg if g[1].isdigit() and g[2] > 430 and tail is not None and abs(g[3] - tail[3]) < 0.5]
dots = [g for g in tg if g[1] == "·" and tail is not None and abs(g[3] - tail[3]) < 0.5]
check(tail is not None and num and dots, f"the pack's contents: 情况通报's page number on its second line, with the leaders")

# ---- 抄送 breaks between the names it lists -----------------------------------------------------------------------
for doc in ("情况通报.pdf", os.path.join("区中医院", "督办通知.pdf")):
    lines = [ln.strip() for ln in text(os.path.join(P, doc)).splitlines()]
    k = next((i for i, ln in enumerate(lines) if ln.startswith("抄送：")), None)
    cc = []
    while k is not None and k < len(lines) and lines[k] and len(cc) < 6:
        cc.append(lines[k])
        if lines[k].endswith("。"):
            break
        k += 1
    check(cc and all(ln[-1] in "，、。" for ln in cc) and cc[-1].endswith("。"),
          f"{doc}: the 抄送 lines break between names, never inside one: {cc}")

# ---- bold: a whole paragraph (@p(bold)) stroked, a table row (@row(bold)) in 黑体 ----------------------------------
tpl = os.path.join(W, "templates")
shutil.copytree(os.path.join(ROOT, "templates"), tpl)
with open(os.path.join(tpl, "progress.tpl"), "a", encoding="utf-8") as f:
    f.write("@p(bold) 这一段整段加粗。\n@p(font=kt) 楷体里**真粗体**一词。\n@table(header=1)\n| 甲列 | 乙列 |\n@row(bold) | 加粗行甲 | 加粗行乙 |\n| 普通行甲 | 普通行乙 |\n@end\n")
bo = os.path.join(W, "bold")
r = subprocess.run([J, "build", "--data", os.path.join(ROOT, "data"), "--templates", tpl, "--out", bo, "--quiet",
                    "--only", "progress", "--institution", "rmyy", "--format", "pdf,ofd"], capture_output=True, text=True)
bt = subprocess.run(["mutool", "trace", os.path.join(bo, "2024Q3", "区人民医院", "工作进展情况报告.pdf")],
                    capture_output=True, text=True).stdout
runs, kind = [], None            # (fill or stroke, font, text) per span
for ln in bt.splitlines():
    m = re.match(r"\s*<(stroke|fill)_text", ln)
    if m:
        kind = m.group(1)
    m = re.match(r'\s*<span font="([^"]*)"', ln)
    if m:
        runs.append([kind, m.group(1), ""])
    m = re.match(r'\s*<g unicode="([^"]*)"', ln)
    if m and runs:
        runs[-1][2] += m.group(1)
stroked = "".join(t for k, _, t in runs if k == "stroke")
def font_of(word):
    return next((font for k, font, t in runs if k == "fill" and word in t), None)


check(r.returncode == 0 and "这一段整段加粗" in stroked, f"@p(bold): the paragraph is stroked for weight: {r.stderr[-200:]}")
kai_bold = [font for k, font, t in runs if "真粗体" in t]
check(kai_bold and all(k == "fill" for k, _, t in runs if "真粗体" in t) and "Bold" in kai_bold[0]
      and "WenKai" in (font_of("楷体里") or "") and "Bold" not in (font_of("楷体里") or "Bold"),
      f"**…** in a font with a bold face (LXGW WenKai, fonts.map bold=) is drawn in it, not stroked: {kai_bold}")
import ofdcheck  # noqa: E402
bofd = os.path.join(bo, "2024Q3", "区人民医院", "工作进展情况报告.ofd")
problems, _, opages = ofdcheck.check_package(bofd) if os.path.exists(bofd) else (["no OFD"], {}, [])
if not problems:
    ofdcheck.compare_with_pdf(opages, bofd[:-4] + ".pdf", problems)
import zipfile  # noqa: E402
pub = zipfile.ZipFile(bofd).read("Doc_0/PublicRes.xml").decode() if os.path.exists(bofd) else ""
check(not problems and re.search(r'FontName="楷体_GB2312" FamilyName="楷体_GB2312" Bold="true"', pub),
      f"the OFD names the bold face 楷体_GB2312 Bold=true and matches its PDF: {problems[:2]}")
check("Hei" in (font_of("加粗行甲") or "") and "Hei" not in (font_of("普通行甲") or "Hei"),
      f"@row(bold): the row in 黑体, the next row not: {font_of('加粗行甲')}, {font_of('普通行甲')}")

finish("figures")
