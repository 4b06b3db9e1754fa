# tests/run.sh: a step of tests/run.sh
import glob, re, subprocess, sys
mm = 72 / 25.4
files = glob.glob(sys.argv[1] + "/*/工作进展情况报告.pdf")
assert len(files) == 2, files
for f in files:
    xml = subprocess.run(["pdftotext", "-bbox", f, "-"], capture_output=True, text=True).stdout
    pages = xml.split("<page ")[1:]
    table_pages = 0
    for n, page in enumerate(pages, 1):
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        for w in words:
            assert 28 * mm - 0.5 * mm <= w[0] and w[2] <= 184 * mm + 0.5 * mm, (f, n, w)
            assert 37 * mm - 0.5 * mm <= w[1] and w[3] <= 275 * mm, (f, n, w)
        texts = [w[4] for w in words]
        # a page whose first line is a table row (a task number cell) must start with the header
        # table text is 小4 (boxes about 12.6 pt tall); charts use 5号
        body = sorted((w for w in words if w[1] < 262 * mm and abs((w[3] - w[1]) - 12.6) < 0.6),
                      key=lambda w: (round(w[1]), w[0]))
        if body and "序号" in texts:
            table_pages += 1
        if n > 1 and body and re.fullmatch(r"\d+", body[0][4]) and body[0][0] < 40 * mm:
            assert texts[:1] == ["序号"] or "序号" in texts, (f, n, texts[:6])
    assert table_pages >= 2, (f, table_pages)
