# tests/run.sh: a step of tests/run.sh
import glob, re, subprocess, sys
mm = 72 / 25.4
right, ch = (28 + 156) * mm, 156 / 28 * mm
pdfs = glob.glob(sys.argv[1] + "/*/*.pdf") + [sys.argv[1] + "/" + n for n in ("考核评估汇总.pdf", "情况通报.pdf")]
for pdf in pdfs:
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', xml)
    printed = {y for y, x, w in words if w.endswith("印发")}                  # the 版记's date is not the signature's
    dates = [float(x) for y, x, w in words if w == "2024年9月30日" and y not in printed]   # the sample's date
    assert dates, pdf
    assert abs(dates[-1] - (right - 2 * ch)) < 1 * mm, (pdf, dates[-1] / mm, (right - 2 * ch) / mm)
print(len(pdfs))
