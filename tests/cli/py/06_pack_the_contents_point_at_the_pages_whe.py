# tests/run.sh: pack: the contents point at the pages where the parts start, each part on an odd page, bookmarked
import json, os, re, subprocess, sys
R = sys.argv[1]
pdf = os.path.join(R, "会议材料汇编.pdf")
def page_text(n):
    return subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), pdf, "-"], capture_output=True,
                          text=True).stdout.replace("\n", "")
# two-sided: the cover's back is blank and unnumbered, the contents start on page 3, the pack ends on an even page
assert page_text(2).strip("\f ") == "", "the back of the cover is blank"
pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
assert pages % 2 == 0, pages
toc = subprocess.run(["pdftotext", "-layout", "-f", "3", "-l", "3", pdf, "-"], capture_output=True, text=True).stdout
assert re.search(r"·{6,}", toc), "dot leaders in the contents"
# an entry of two lines has its page number on its last line, with the leaders
entries, head = [], ""
for line in toc.splitlines():
    m = re.match(r"^\s*(\S.*?)\s+(\d+)\s*$", line)
    if m and not line.strip().startswith("目"):
        entries.append((head + m.group(1), m.group(2)))
        head = ""
    elif line.strip() and not re.fullmatch(r"目\s*录", line.strip()):
        head += line.strip()
assert len(entries) == 6, entries            # the summary, the bulletin and four reports
titles = {re.sub(r"[·\s]+$", "", e[0]): int(e[1]) for e in entries}
for name, first in titles.items():
    assert first % 2 == 1, (name, first)
    text = page_text(first)
    if "考核评估汇总" in name:
        assert "考核评估汇总" in text and "综合排名" in text, (name, first)
    elif "重点任务推进" in name:     # the bulletin's entry runs over two lines
        assert "重点任务推进情况的通报" in text and "荣卫督〔2024〕7号" in text, (name, first)
    else:
        inst = name.replace("工作进展情况报告", "")
        assert f"关于{inst}" in text, (name, first, text[:40])
        assert "关于" + inst not in page_text(first - 1), (name, "starts earlier")
outl = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True,
                                 text=True).stdout)["outlines"]
tops = [o["destpageposfrom1"] for o in outl]
assert sorted(titles.values()) == sorted(tops[2:]), (titles, tops)
assert "— 1 —" not in page_text(1), "the cover carries no page number"
