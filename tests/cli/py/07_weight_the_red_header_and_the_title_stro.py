# tests/run.sh: weight: the red header and the title stroked (小标宋 role, fonts.map stroke=), the body only where **bold**
import re, subprocess, sys
trace = subprocess.run(["mutool", "trace", "-p", "1", sys.argv[1]], capture_output=True, text=True).stdout
stroked, filled = {}, {}
for kind, body in re.findall(r"<(stroke|fill)_text[^>]*>(.*?)</(?:stroke|fill)_text>", trace, re.S):
    for size, glyphs in re.findall(r'<span[^>]*trm="([\d.]+) [^"]*"[^>]*>(.*?)</span>', body, re.S):
        text = "".join(re.findall(r'unicode="([^"]*)"', glyphs))
        (stroked if kind == "stroke" else filled).setdefault(round(float(size)), []).append(text)
assert any("卫生健康委员会文件" in t for t in stroked.get(30, [])), stroked.keys()      # the red header
assert any("督办通知" in t for t in stroked.get(22, [])), stroked.keys()                # the 2号 title
assert 16 in filled and all("2024年10月15日" in t for t in stroked.get(16, [])), stroked.get(16)   # 3号 body: only the **bold** deadline
