# tests/run.sh: @cell(bold={{ … }}): a font more (黑体) only where the condition holds; a value's @cell stays text
import subprocess, sys
def fonts(d):
    out = subprocess.run(["pdffonts", f"{sys.argv[1]}/{d}/工作进展情况报告.pdf"], capture_output=True, text=True).stdout
    return {l.split()[0].split("+", 1)[-1] for l in out.splitlines()[2:] if l.strip()}
def text(d):
    return subprocess.run(["pdftotext", f"{sys.argv[1]}/{d}/工作进展情况报告.pdf", "-"], capture_output=True, text=True).stdout
bold, plain = fonts("区人民医院"), fonts("区中医院")
assert plain < bold and len(bold - plain) == 1, (bold, plain)
assert "2 条件加粗的单元格\n" in text("区人民医院") and "3 @cell(bold) 数据里的符号\n" in text("区中医院")
