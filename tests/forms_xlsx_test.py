#!/usr/bin/env python3
"""Workbook forms: jindu forms writes .xlsx (drop-down, locked cells,
number checks, print set-up, a hidden identity); LibreOffice opens them,
fills them as a hospital would and saves them (tests/forms/lo_fill.py);
jindu collect reads them back to the same results.json as the original
data. Also: a CSV form saved as a workbook by LibreOffice, a workbook as
Excel stores what LibreOffice does not write (rich text, numbers stored as
text, full-width digits, formulas, cells out of order, rows inserted above
the header), mistakes at their cells, stale and foreign forms.

usage: forms_xlsx_test.py JINDU WORKDIR
Ends with "forms-xlsx: N passed, N failed"."""
import glob, io, json, os, re, shutil, subprocess, sys, zipfile

J, W = sys.argv[1], sys.argv[2]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LO_FILL = os.path.join(ROOT, "tests", "forms", "lo_fill.py")
shutil.rmtree(W, ignore_errors=True)
os.makedirs(W)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklib import check, finish, form_sample  # noqa: E402

# the clerk and the office read Chinese: these checks run jindu as they do
# (LANG=zh_CN.UTF-8, po/zh_CN.po); the same messages in English are the
# cases' (tests/cli/collect-zh) and the C-locale suites'
for _k in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_k, None)
os.environ["LANG"] = "zh_CN.UTF-8"



def run(*args, **kw):
    return subprocess.run([J, *args], capture_output=True, text=True, timeout=120, **kw)


def lo_fill(src, dst, edits):
    path = dst + ".edits.json"
    json.dump(edits, open(path, "w"), ensure_ascii=False)
    p = subprocess.run(["/usr/bin/python3", LO_FILL, src, dst, path], capture_output=True, text=True, timeout=180)
    return p.returncode == 0 and os.path.exists(dst), p.stderr


data, original = form_sample(ROOT, W)
r = run("build", "--data", data, "--templates", os.path.join(ROOT, "templates"), "--out", os.path.join(W, "orig"),
        "--only", "summary", "--quiet")
check(r.returncode == 0, f"original build: {r.stderr}")

# --- the workbooks -------------------------------------------------------------------
r = run("forms", "--data", data, "--out", os.path.join(W, "forms"), "--quiet")
books = sorted(glob.glob(os.path.join(W, "forms", "2024Q3", "forms", "*.xlsx")))
check(r.returncode == 0 and len(books) == 4, f"jindu forms writes one workbook per institution ({len(books)} {r.stderr})")
r = run("forms", "--data", data, "--out", os.path.join(W, "forms2"), "--quiet")
again = sorted(glob.glob(os.path.join(W, "forms2", "2024Q3", "forms", "*.xlsx")))
check([open(a, "rb").read() for a in books] == [open(b, "rb").read() for b in again], "the same data, the same bytes")
zyy = next(b for b in books if "zyy-" in b)
z = zipfile.ZipFile(zyy)
wb = z.read("xl/workbook.xml").decode()
sheets = [(re.search(r'name="([^"]+)"', x).group(1), (re.search(r'state="(\w+)"', x) or re.search("()", x)).group(1))
          for x in re.findall(r"<sheet [^>]*/>", wb)]
check([s[0] for s in sheets] == ["填报说明", "任务进展", "jindu"] and sheets[2][1] == "hidden",
      f"sheets 填报说明, 任务进展 and a hidden identity sheet: {sheets}")
check("_xlnm.Print_Titles" in wb, "the header row repeats on every printed page")
s2 = z.read("xl/worksheets/sheet2.xml").decode()
check(re.search(r'<dataValidation type="list"[^>]*sqref="G6:G\d+"', s2) and "已完成,序时推进,滞后,未启动" in s2,
      "本季度状态 is a drop-down of the four status words")
check(re.search(r'<dataValidation type="decimal"[^>]*sqref="H6:H\d+"[^>]*>.*?<formula1>0</formula1><formula2>100</formula2>', s2)
      and 'promptTitle="本季度进度(%)"' in s2, "本季度进度 takes a number from 0 to 100, with an input message")
check("<sheetProtection" in s2 and "password" not in s2, "the sheet is protected, without a password")
styles = z.read("xl/styles.xml").decode()
check('locked="0"' in styles, "the input cells are unlocked")
check('ySplit="5"' in s2 and 'orientation="landscape"' in s2 and 'paperSize="9"' in s2,
      "header frozen, A4 landscape")

# --- filled in LibreOffice, as a hospital would --------------------------------------
def header_cols():
    names = ["类型", "编号", "名称", "完成时限", "上季度状态", "上季度进度(%)", "本季度状态", "本季度进度(%)",
             "工作进展", "存在问题", "下步计划", "指标单位", "指标目标", "上次数值", "本季度数值"]
    return {n: chr(ord("A") + i) for i, n in enumerate(names)}


def rows_of(book):
    """(row number, 类型, 编号) of the form's rows, read with zipfile."""
    z = zipfile.ZipFile(book)
    shared = re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)
    shared = ["".join(re.findall(r"<t[^>]*>(.*?)</t>", s, re.S)) for s in shared]
    sheet = z.read("xl/worksheets/sheet2.xml").decode()
    out = []
    for rn, body in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet, re.S):
        cells = dict(re.findall(r'<c r="([A-Z]+)\d+"[^>]*t="s"[^>]*><v>(\d+)</v></c>', body))
        if int(rn) > 5 and "A" in cells:
            out.append((int(rn), shared[int(cells["A"])], shared[int(cells["B"])]))
    return out


C = header_cols()
filled = []
for k, book in enumerate(books):
    inst = re.search(r"/([a-z]+)-[^/]*\.xlsx$", book).group(1)
    ind = {}
    for (i, t), e in original.items():
        if i == inst:
            ind.update({a: b for a, b in (e.get("indicators") or {}).items() if b is not None})
    edits = []
    for rn, kind, id_ in rows_of(book):
        if kind == "任务" and (inst, id_) in original:
            e = original[(inst, id_)]
            edits.append({"sheet": "任务进展", "cell": f"{C['本季度状态']}{rn}", "value": e["status"]})
            if "percent" in e:
                # typed three ways: a number, 85% in a percent cell, and text
                x = e["percent"]
                v = {"percent": x / 100} if rn % 3 == 0 else (str(x) + "%") if rn % 3 == 1 else x
                edits.append({"sheet": "任务进展", "cell": f"{C['本季度进度(%)']}{rn}", "value": v})
            for col, key in (("工作进展", "summary"), ("存在问题", "problems"), ("下步计划", "next_steps")):
                if e.get(key):
                    edits.append({"sheet": "任务进展", "cell": f"{C[col]}{rn}", "value": e[key]})
        elif kind == "指标" and id_ in ind:
            edits.append({"sheet": "任务进展", "cell": f"{C['本季度数值']}{rn}", "value": ind[id_]})
    out = os.path.join(W, os.path.basename(book))
    ok, err = lo_fill(book, out, edits)
    check(ok, f"LibreOffice fills and saves {os.path.basename(book)}: {err[-300:]}")
    filled.append(out)
collected = os.path.join(W, "collected.json")
r = run("collect", *filled, "-o", collected, "--data", data)
check(r.returncode == 0 and os.path.exists(collected), f"collect the workbooks LibreOffice saved: {r.returncode} {r.stderr}")
got = {}
if os.path.exists(collected):
    for e in json.load(open(collected))["progress"]:
        got[(e["institution"], e["task"])] = e
keys = ("status", "percent", "summary", "problems", "next_steps")
diff = [(k, x, got.get(k, {}).get(x), original[k].get(x)) for k in original for x in keys
        if got.get(k, {}).get(x) != original[k].get(x)]
diff += [(k, "indicators", got.get(k, {}).get("indicators"), original[k].get("indicators")) for k in original
         if (got.get(k, {}).get("indicators") or {}) != {a: b for a, b in (original[k].get("indicators") or {}).items() if b is not None}]
check(set(got) == set(original) and not diff,
      f"every typed value comes back: statuses, percents (number, percent cell, text), texts with line breaks, commas "
      f"and quotes, indicator values: {diff[:3]}")
merged = os.path.join(W, "merged")
shutil.copytree(data, merged)
shutil.rmtree(os.path.join(merged, "progress", "2024Q3"))
shutil.copy(collected, os.path.join(merged, "progress", "collected.json"))
r = run("build", "--data", merged, "--templates", os.path.join(ROOT, "templates"), "--out", os.path.join(W, "again"),
        "--only", "summary", "--quiet")
a = json.load(open(os.path.join(W, "orig", "2024Q3", "results.json")))
b = json.load(open(os.path.join(W, "again", "2024Q3", "results.json"))) if r.returncode == 0 else None
check(b == a, f"forms → LibreOffice → collect → build gives the same results.json ({r.returncode} {r.stderr[-200:]})")

# --- a CSV form saved as a workbook by LibreOffice -----------------------------------
r = run("forms", "--data", data, "--out", os.path.join(W, "csvforms"), "--format", "csv", "--institution", "zyy", "--quiet")
csvform = glob.glob(os.path.join(W, "csvforms", "2024Q3", "forms", "zyy-*.csv"))
check(r.returncode == 0 and len(csvform) == 1, f"--format csv writes the CSV form: {r.stderr}")
if csvform:
    text = open(csvform[0], encoding="utf-8-sig", newline="").read()
    lines = text.split("\r\n")
    i = next(k for k, l in enumerate(lines) if l.startswith("任务,1,"))
    cells = lines[i].split(",")
    cells[6], cells[7] = "序时推进", "62.5"
    lines[i] = ",".join(cells)
    src = os.path.join(W, "zyy-filled.csv")
    open(src, "w", encoding="utf-8", newline="").write("\r\n".join(lines))
    out = os.path.join(W, "zyy-from-csv.xlsx")
    ok, err = lo_fill(src, out, [])
    check(ok, f"LibreOffice saves the CSV form as .xlsx: {err[-200:]}")
    r = run("collect", out, "--data", data, "--partial")
    got = json.loads(r.stdout)["progress"] if r.stdout.strip().startswith("{") else []
    check([(e["task"], e["status"], e.get("percent")) for e in got] == [("1", "序时推进", 62.5)],
          f"a CSV form saved as a workbook collects: {got} {r.stderr}")


# --- a workbook as Excel stores what LibreOffice does not write ------------------------
# Written here, so it proves only the reading of these forms of cell: shared strings
# in rich-text runs with phonetic guides, an inline string, a percent cell (0.855 in
# 0.0%), a number stored as text, full-width digits, a formula with its cached value,
# a line break, commas and quotes, cells out of order, two rows inserted above.
MULTI = "第一行，含逗号\n第二行\"引号\""


def excel_style(src, dst):
    z = zipfile.ZipFile(src)
    ident = re.search(r"<t[^>]*>(jindu-form[^<]*)</t>", z.read("xl/sharedStrings.xml").decode()).group(1)
    rows = rows_of(src)
    t = {i: rn for rn, k, i in rows if k == "任务"}
    shared = ["类型", "编号", "单位编号", "zyy", "期别", "2024Q3", "任务", "本季度状态", "本季度进度(%)", "工作进展",
              "指标", "本季度数值", MULTI, ident, "70"]
    sst = "".join("<si><t xml:space=\"preserve\">%s</t></si>" % x.replace("&", "&amp;").replace("<", "&lt;")
                  for x in shared)
    sst += "<si><r><t>序时</t></r><r><rPr><b/></rPr><t>推进</t></r><rPh sb=\"0\" eb=\"1\"><t>じょ</t></rPh></si>"
    S = {x: i for i, x in enumerate(shared)}
    S["序时推进"] = len(shared)

    def c(ref, v, kind="s", style=None):
        st = f' s="{style}"' if style is not None else ""
        if kind == "s":
            return f'<c r="{ref}" t="s"{st}><v>{S[v]}</v></c>'
        if kind == "inline":
            return f'<c r="{ref}" t="inlineStr"{st}><is><t>{v}</t></is></c>'
        if kind == "f":
            return f'<c r="{ref}"{st}><f>{v[0]}</f><v>{v[1]}</v></c>'
        return f'<c r="{ref}"{st}><v>{v}</v></c>'
    off = 2   # two rows inserted above the form
    r1, r2, r3, r4 = (t[x] + off for x in ("1", "2", "3", "4"))
    ri = next(rn for rn, k, i in rows if k == "指标") + off
    ind = next(i for rn, k, i in rows if k == "指标")
    body = [
        f'<row r="{2 + off}">{c(f"B{2 + off}", "zyy")}{c(f"A{2 + off}", "单位编号")}</row>',
        f'<row r="{3 + off}">{c(f"A{3 + off}", "期别")}{c(f"B{3 + off}", "2024Q3")}</row>',
        f'<row r="{5 + off}">' + "".join(c(f"{C[n]}{5 + off}", n) for n in ("类型", "编号", "本季度状态", "本季度进度(%)",
                                                                            "工作进展", "本季度数值")) + "</row>",
        # cells out of order; the status as rich text; a percent cell with one decimal
        f'<row r="{r1}">{c(f"H{r1}", 0.855, "n", 1)}{c(f"G{r1}", "序时推进")}{c(f"A{r1}", "任务")}'
        f'{c(f"B{r1}", "1", "inline")}{c(f"I{r1}", MULTI)}</row>',
        # an inline string status, a formula's cached value
        f'<row r="{r2}">{c(f"A{r2}", "任务")}{c(f"B{r2}", "2", "inline")}{c(f"G{r2}", "序时推进", "inline")}'
        f'{c(f"H{r2}", ("40+20", 60), "f")}</row>',
        # a number stored as text
        f'<row r="{r3}">{c(f"A{r3}", "任务")}{c(f"B{r3}", "3", "inline")}{c(f"G{r3}", "序时推进")}{c(f"H{r3}", "70")}</row>',
        # full-width digits
        f'<row r="{r4}">{c(f"A{r4}", "任务")}{c(f"B{r4}", "4", "inline")}{c(f"G{r4}", "序时推进")}'
        f'{c(f"H{r4}", "８５", "inline")}</row>',
        f'<row r="{ri}">{c(f"A{ri}", "指标")}{c(f"B{ri}", ind, "inline")}{c(f"O{ri}", 12.5, "n")}</row>',
    ]
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="任务进展" sheetId="1" r:id="rId1"/>'
                           f'<sheet name="jindu" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                      '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
                                      '<Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {ns}>{sst}</sst>',
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/>'
                         '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData>{"".join(body)}</sheetData></worksheet>',
        "xl/worksheets/sheet2.xml": f'<?xml version="1.0"?><worksheet {ns}><sheetData><row r="1">{c("A1", ident)}</row>'
                                    '</sheetData></worksheet>',
    }
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for name, text in parts.items():
            out.writestr(name, text)
    return ind, (r1, r2, r3, r4)


xs = os.path.join(W, "zyy-excel.xlsx")
ind, _ = excel_style(zyy, xs)
r = run("collect", xs, "--data", data)
got = {e["task"]: e for e in json.loads(r.stdout)["progress"]} if r.returncode == 0 else {}
check(r.returncode == 0 and [(k, got[k]["status"], got[k].get("percent")) for k in sorted(got)] ==
      [("1", "序时推进", 85.5), ("2", "序时推进", 60), ("3", "序时推进", 70), ("4", "序时推进", 85)]
      and got["1"].get("summary") == "第一行，含逗号\n第二行\"引号\"",
      f"Excel's ways of storing cells all read: {r.stderr} {[(k, got[k].get('status'), got[k].get('percent')) for k in sorted(got)]}")

# --- mistakes, at the cell a spreadsheet shows ----------------------------------------
rows = rows_of(zyy)
r1 = next(rn for rn, k, i in rows if (k, i) == ("任务", "1"))
r2 = next(rn for rn, k, i in rows if (k, i) == ("任务", "2"))
ri = next(rn for rn, k, i in rows if k == "指标")
bad = os.path.join(W, "zyy-bad.xlsx")
ok, err = lo_fill(zyy, bad, [{"sheet": "任务进展", "cell": f"G{r1}", "value": "序时推进"},
                             {"sheet": "任务进展", "cell": f"H{r1}", "value": "约六成"},
                             {"sheet": "任务进展", "cell": f"G{r2}", "value": "完成"},
                             {"sheet": "任务进展", "cell": f"O{ri}", "value": "abc"}])
r = run("collect", bad, "--data", data, "-o", os.path.join(W, "none.json"))
want = [f'zyy-bad.xlsx:任务进展!H{r1}: 错误：本季度进度应是 0 到 100 的数字，填的是“约六成”',
        f'zyy-bad.xlsx:任务进展!G{r2}: 错误：本季度状态“完成”不是已完成、序时推进、滞后、未启动之一',
        f'zyy-bad.xlsx:任务进展!O{ri}: 错误：本季度数值应是数字，填的是“abc”']
check(ok and r.returncode == 1 and all(w in r.stderr for w in want) and not os.path.exists(os.path.join(W, "none.json")),
      f"each mistake named at its cell (任务进展!H7): {r.stderr}")

# --- a form made before the task list changed, and one of another quarter --------------
changed = os.path.join(W, "changed")
shutil.copytree(data, changed)
tf = next(f for f in glob.glob(os.path.join(changed, "**", "*.json"), recursive=True) if '"tasks"' in open(f).read())
t = json.load(open(tf))
t["tasks"][0]["title"] += "（调整）"
json.dump(t, open(tf, "w"), ensure_ascii=False, indent=1)
r = run("collect", filled[0], "--data", changed)
check(r.returncode == 1 and "这份表发出后" in r.stderr and "重新生成填报表" in r.stderr,
      f"a form made before the task list changed is refused, saying so: {r.stderr}")
later = os.path.join(W, "later")
shutil.copytree(data, later)
for f in glob.glob(os.path.join(later, "**", "*.json"), recursive=True):
    s = open(f).read()
    if '"period"' in s and '"as_of"' in s:
        open(f, "w").write(s.replace('"2024Q3"', '"2024Q4"').replace('"2024-09-30"', '"2024-12-31"'))
r = run("collect", filled[0], "--data", later)
check(r.returncode == 1 and "这是 2024Q3 的填报表，数据的本期是 2024Q4" in r.stderr,
      f"a form of another quarter is refused, naming both: {r.stderr}")

finish("forms-xlsx")
