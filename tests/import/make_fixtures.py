#!/usr/bin/env python3
"""Write the importer's layout corpus from a real plan, and the .docx files
with LibreOffice.

usage: make_fixtures.py        (run from anywhere; needs soffice for .docx)

The source is tests/import/rongchang-2023-39.txt (荣昌府办发〔2023〕39号), 13
tasks in six （一） sections, written inline (1﹒标题。正文…（牵头单位：…）).
Its tasks are rewritten here in the other layouts the family of plans uses:

  family/heading-lines.txt      numbered heading lines, text in the paragraphs
                                below, sub-items （1）（2） (Word text)
  family/heading-lines-pdf.txt  the same broken at the page width, page
                                numbers and running heads between (PDF text)
  family/heading-lines.docx     the same as a Word file
  family/auto-numbering.docx    the headings numbered by Word's automatic
                                numbering (the text has no "1."), the text
                                paragraphs inside the list items
  family/auto-numbering-cn.docx  one multi-level list numbers the parts
                                (一、), the sections (（一）) and the tasks (1.,
                                restarting in every section), as offices set
                                up Word; written from OpenDocument (.fodt)
  family/task-table.txt         the heading-lines body and an attachment
                                重点任务分解表 copied from Word (tab-separated)
  family/task-table-spaces.txt  no body tasks; a table with group rows
                                (一、…) and cells set apart by spaces
  family/task-table-2rows.txt   a header of two rows: 责任单位 over 牵头单位 |
  family/task-table-2rows.docx  配合单位 (tab-separated; in Word with merged
                                header cells)
  family/task-table.docx        the table in Word: group rows across the
                                table (w:gridSpan), lead units merged down
                                (w:vMerge)
  family/dadukou.html           tests/import/dadukou-2024-28.txt as a
                                government web page (navigation, footer)
  family/dadukou.docx           the same plan as a Word file

and family/expected.json says, per fixture, the tasks each must give.
The .docx files are written by LibreOffice (soffice --headless
--convert-to docx) from HTML, so they are Word files as a word processor
writes them, not as we would.
"""
import html, json, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FAM = os.path.join(HERE, "family")
SEED = open(os.path.join(HERE, "rongchang-2023-39.txt"), encoding="utf-8").read().splitlines()

# ---- the seed's parts -------------------------------------------------------------
start = SEED.index("三、主要任务")
end = next(i for i in range(start, len(SEED)) if SEED[i].startswith("四、"))
preamble = [re.sub(r"^\[bookmark:[^\]]*\]\s*", "", l) for l in SEED[:start]]
tail = SEED[end:]
TASK = re.compile(r"^(\d+)﹒(.*?)。(.*)（牵头单位：(.*?)；责任单位：(.*?)）$")
SECTION = re.compile(r"^（([一二三四五六])）(.*?)。$")
sections, tasks, cur = [], [], None
for line in SEED[start + 1:end]:
    m = SECTION.match(line)
    if m:
        cur = m.group(2)
        sections.append(cur)
        continue
    m = TASK.match(line)
    assert m, line
    tasks.append(dict(id=m.group(1), title=m.group(2), rest=m.group(3), section=cur,
                      lead=m.group(4).split("、"), responsible=m.group(5).split("、")))
assert len(tasks) == 13 and len(sections) == 6
CN = "一二三四五六"

def sentences(s):
    return [x + "。" for x in s.split("。") if x]

def body_paragraphs(t, k):
    """A task's text as paragraphs: sub-items （1）（2） where it has sentences
    enough; every other task starts with its first sub-item right under the
    heading."""
    ss = sentences(t["rest"])
    annot = "（牵头单位：%s；责任单位：%s）" % ("、".join(t["lead"]), "、".join(t["responsible"]))
    if len(ss) >= 3:
        paras = ([] if k % 2 else [ss[0]]) + ["（%d）%s" % (i + 1, s) for i, s in enumerate(ss[0 if k % 2 else 1:3])]
        paras += ["".join(ss[3:])] if ss[3:] else []
    else:
        paras = ["".join(ss)]
    paras[-1] += annot
    return paras

def heading_lines():
    out = list(preamble) + ["三、主要任务"]
    for si, sec in enumerate(sections):
        out.append("（%s）%s" % (CN[si], sec))
        for k, t in enumerate(x for x in tasks if x["section"] == sec):
            out.append("%s.%s" % (t["id"], t["title"]))
            out += body_paragraphs(t, int(t["id"]))
    return out + tail

def wrap(lines, width=29, per_page=34):
    """PDF text: lines broken at the page width, a page number and the
    running head at every page break."""
    out, n, page = [], 0, 1
    for l in lines:
        chunks = [l[i:i + width] for i in range(0, len(l), width)] or [""]
        for c in chunks:
            out.append(c)
            n += 1
            if n % per_page == 0:
                out += ["", "— %d —" % page, "", "重庆市荣昌区“四院”同创“三甲”实施方案"]
                page += 1
    return out

# deadlines in the table's 完成时限 column, and the dates they mean (the plan
# was issued in 2023: 年底前 is 2023-12-31); None: ongoing, due at plan.end
DUE = [("2025年底前", "2025-12-31"), ("2024年6月底前", "2024-06-30"), ("2023年9月", "2023-09-30"),
       ("2024年第三季度", "2024-09-30"), ("长期坚持", None), ("2025年12月31日", "2025-12-31"),
       ("年底前", "2023-12-31"), ("2024年上半年", "2024-06-30"), ("持续推进", None), ("2023年底", "2023-12-31"),
       ("2024年3月底", "2024-03-31"), ("2025年6月", "2025-06-30"), ("每年", None)]

TABLE_HEAD = ["序号", "重点任务", "主要内容", "牵头单位", "责任单位", "完成时限"]

def table_rows():
    return [[t["id"], t["title"], t["rest"], "、".join(t["lead"]), "、".join(t["responsible"]), DUE[i][0]]
            for i, t in enumerate(tasks)]

def task_table_txt():
    body = heading_lines()
    body = body[:body.index(tail[0])] + tail
    out = body + ["附件", "重庆市荣昌区“四院”同创“三甲”重点任务分解表", "\t".join(TABLE_HEAD)]
    return out + ["\t".join(r) for r in table_rows()]

def two_row_rows():
    return [[t["id"], t["title"], t["rest"], "、".join(t["lead"]), "、".join(t["responsible"]), DUE[i][0]]
            for i, t in enumerate(tasks)]


def task_table_2rows_txt():
    body = list(preamble) + ["三、主要任务", "具体任务见附件。"] + tail
    out = body + ["附件", "重点任务责任分工表", "序号\t工作任务\t工作措施\t责任单位\t\t完成时限",
                  "\t\t\t牵头单位\t配合单位\t"]
    return out + ["\t".join(r) for r in two_row_rows()]


def task_table_2rows_html():
    body = list(preamble) + ["三、主要任务", "具体任务见附件。"] + tail
    head = ('<tr><td rowspan="2">序号</td><td rowspan="2">工作任务</td><td rowspan="2">工作措施</td>'
            '<td colspan="2">责任单位</td><td rowspan="2">完成时限</td></tr><tr><td>牵头单位</td><td>配合单位</td></tr>')
    rows = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(c) for c in r) for r in two_row_rows())
    return page(paras_html(body) + "\n<p>附件</p>\n<p>重点任务责任分工表</p>\n<table border=\"1\">%s%s</table>" % (head, rows))


def task_table_spaces():
    out = list(preamble) + ["三、主要任务", "按照创建标准，分六个方面推进，具体任务见附件。"] + tail
    out += ["附件", "重点任务清单", "序号    工作任务    牵头单位    配合单位    时间节点"]
    for si, sec in enumerate(sections):
        out.append("%s、%s" % (CN[si], sec))
        for t in tasks:
            if t["section"] == sec:
                i = int(t["id"]) - 1
                out.append("  ".join([t["id"], t["title"], "、".join(t["lead"]), "、".join(t["responsible"]), DUE[i][0]]))
    return out

# ---- HTML, for the web page and as LibreOffice's input ------------------------------
def page(body, title="t"):
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title></head><body>\n%s\n</body></html>\n'
            % (html.escape(title), body))

def paras_html(lines):
    return "\n".join("<p>%s</p>" % html.escape(l) for l in lines)

def auto_numbering_html():
    out = [paras_html(preamble), "<p>三、主要任务</p>"]
    for si, sec in enumerate(sections):
        out.append("<p>（%s）%s</p>" % (CN[si], html.escape(sec)))
        ts = [t for t in tasks if t["section"] == sec]
        out.append('<ol start="%s">' % ts[0]["id"])
        for t in ts:
            inner = "".join("<p>%s</p>" % html.escape(p) for p in body_paragraphs(t, int(t["id"])))
            out.append("<li><p>%s</p>%s</li>" % (html.escape(t["title"]), inner))
        out.append("</ol>")
    out.append(paras_html(tail))
    return page("\n".join(out))

def task_table_html():
    body = heading_lines()
    body = body[:body.index(tail[0])] + tail
    rows = ["<tr>%s</tr>" % "".join("<td>%s</td>" % h for h in TABLE_HEAD)]
    trs = table_rows()
    for si, sec in enumerate(sections):
        rows.append('<tr><td colspan="6">%s、%s</td></tr>' % (CN[si], html.escape(sec)))
        idx = [i for i, t in enumerate(tasks) if t["section"] == sec]
        k = 0
        while k < len(idx):
            # consecutive rows with the same lead unit: one merged cell
            j = k
            while j + 1 < len(idx) and trs[idx[j + 1]][3] == trs[idx[k]][3]:
                j += 1
            for m in range(k, j + 1):
                r = trs[idx[m]]
                cells = ["<td>%s</td>" % html.escape(c) for c in r[:3]]
                if m == k:
                    cells.append('<td rowspan="%d">%s</td>' % (j - k + 1, html.escape(r[3])))
                cells += ["<td>%s</td>" % html.escape(c) for c in r[4:]]
                rows.append("<tr>%s</tr>" % "".join(cells))
            k = j + 1
    table = '<table border="1">%s</table>' % "\n".join(rows)
    return page(paras_html(body) + "\n<p>附件</p>\n<p>重庆市荣昌区“四院”同创“三甲”重点任务分解表</p>\n" + table)

def dadukou_lines():
    return [l for l in open(os.path.join(HERE, "dadukou-2024-28.txt"), encoding="utf-8").read().splitlines() if l.strip()]

def dadukou_web():
    nav = ('<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
           '<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>\n'
           '<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政策文件</div>\n'
           '<table class="meta"><tr><td>索引号：</td><td>11500104009347869X/2024-00031</td><td>发布机构：</td>'
           '<td>大渡口区政府办公室</td></tr><tr><td>成文日期：</td><td>2024-04-30</td><td>发布日期：</td>'
           '<td>2024-05-08</td></tr></table>\n')
    article = '<div class="article"><div id="zoom" class="TRS_Editor">\n%s\n</div></div>' % paras_html(dadukou_lines())
    foot = ('<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>'
            '<div class="related"><h3>相关文件</h3><ul><li><a href="/a.html">大渡口区卫生健康委2023年工作总结</a></li>'
            '<li><a href="/b.html">关于开展2024年健康宣传月活动的通知</a></li></ul></div>'
            '<div class="footer"><p>主办单位：重庆市大渡口区人民政府办公室</p><p>版权所有：重庆市大渡口区人民政府</p>'
            '<p>渝ICP备05003300号</p></div>')
    return page(nav + article + foot, "大渡口区人民政府办公室关于印发《大渡口区进一步完善医疗卫生服务体系实施方案》的通知_政策文件")

# ---- OpenDocument with a multi-level Chinese list, for LibreOffice -------------------
FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles><text:list-style style:name="L1">
<text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."/>
<text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."/>
<text:list-level-style-number text:level="3" style:num-suffix="." style:num-format="1"/>
</text:list-style></office:automatic-styles>
<office:body><office:text>
"""

def auto_numbering_cn_fodt():
    esc = html.escape
    def item(level, text):
        open_ = "<text:list-item>" + "<text:list><text:list-item>" * (level - 1)
        close = "</text:list-item></text:list>" * (level - 1) + "</text:list-item>"
        return '<text:list text:style-name="L1" text:continue-numbering="true">%s<text:p>%s</text:p>%s</text:list>' % (
            open_, esc(text), close)
    out = [FODT_HEAD]
    top = re.compile(r"^[一二三四五六七八九十]、(.*)$")
    for l in preamble:
        m = top.match(l)
        out.append(item(1, m.group(1)) if m else "<text:p>%s</text:p>" % esc(l))
    out.append(item(1, "主要任务"))
    for sec in sections:
        out.append(item(2, sec))
        for t in tasks:
            if t["section"] == sec:
                out.append(item(3, t["title"]))
                out += ["<text:p>%s</text:p>" % esc(p) for p in body_paragraphs(t, int(t["id"]))]
    for l in tail:
        m = top.match(l)
        out.append(item(1, m.group(1)) if m else "<text:p>%s</text:p>" % esc(l))
    return "\n".join(out) + "\n</office:text></office:body></office:document>\n"

# ---- what each must give ------------------------------------------------------------
def no_section(ts):
    """A table without groups in a plan whose body names no tasks: no sections."""
    return [dict(t, section=None) for t in ts]


def restarting(ts):
    """Task numbers that start again in every section: ids section.number."""
    out, count = [], {}
    for t in ts:
        si = sections.index(t["section"]) + 1
        count[si] = count.get(si, 0) + 1
        out.append(dict(t, id="%d.%d" % (si, count[si]), seed_id=t["id"]))
    return out

def expected():
    def base(due):
        return [dict(id=t["id"], title=t["title"], section=t["section"], lead=t["lead"],
                     responsible=t["responsible"], **({"due": due[i]} if due else {})) for i, t in enumerate(tasks)]
    table_due = [d for _, d in DUE]
    seed = {"same_as": "rongchang-2023-39.txt"}
    return {
        "heading-lines.txt": dict(layout="numbered heading lines", tasks=base(None), **seed),
        "heading-lines-pdf.txt": dict(layout="numbered heading lines", tasks=base(None), **seed),
        "heading-lines.docx": dict(layout="numbered heading lines", tasks=base(None), **seed),
        "auto-numbering.docx": dict(layout="numbered heading lines", tasks=base(None), **seed),
        "auto-numbering-cn.docx": dict(layout="numbered heading lines", tasks=restarting(base(None)), **seed),
        "task-table.txt": dict(layout="a task table", tasks=base(table_due)),
        "task-table-spaces.txt": dict(layout="a task table", tasks=base(table_due)),
        "task-table-2rows.txt": dict(layout="a task table", tasks=no_section(base(table_due))),
        "task-table-2rows.docx": dict(layout="a task table", tasks=no_section(base(table_due))),
        "task-table.docx": dict(layout="a task table", tasks=base(table_due)),
        "dadukou.html": dict(layout="numbered tasks", same_as="dadukou-2024-28.txt"),
        "dadukou.docx": dict(layout="numbered tasks", same_as="dadukou-2024-28.txt"),
    }

def write(name, text):
    with open(os.path.join(FAM, name), "w", encoding="utf-8") as f:
        f.write(text)

def to_docx(html_text, name, suffix=".html", infilter="HTML (StarWriter)"):
    soffice = shutil.which("soffice")
    if not soffice:
        print("make_fixtures: no soffice (apt-get install libreoffice-writer-nogui): %s not written" % name)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, os.path.splitext(name)[0] + suffix)
        open(src, "w", encoding="utf-8").write(html_text)
        filt = ["--infilter=" + infilter] if infilter else []
        subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + tmp + "/profile"] + filt +
                       ["--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src],
                       check=True, capture_output=True, timeout=120)
        shutil.copy(os.path.join(tmp, name), os.path.join(FAM, name))

def main():
    os.makedirs(FAM, exist_ok=True)
    hl = heading_lines()
    write("heading-lines.txt", "\n".join(hl) + "\n")
    write("heading-lines-pdf.txt", "\n".join(wrap(hl)) + "\n")
    write("task-table.txt", "\n".join(task_table_txt()) + "\n")
    write("task-table-spaces.txt", "\n".join(task_table_spaces()) + "\n")
    write("task-table-2rows.txt", "\n".join(task_table_2rows_txt()) + "\n")
    write("dadukou.html", dadukou_web())
    write("expected.json", json.dumps(expected(), ensure_ascii=False, indent=1) + "\n")
    to_docx(page(paras_html(hl)), "heading-lines.docx")
    to_docx(auto_numbering_html(), "auto-numbering.docx")
    to_docx(auto_numbering_cn_fodt(), "auto-numbering-cn.docx", ".fodt", None)
    to_docx(task_table_html(), "task-table.docx")
    to_docx(task_table_2rows_html(), "task-table-2rows.docx")
    to_docx(page(paras_html(dadukou_lines())), "dadukou.docx")

if __name__ == "__main__":
    main()
