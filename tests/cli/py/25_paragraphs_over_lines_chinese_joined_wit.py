# tests/run.sh: paragraphs over lines: Chinese joined without a space, ASCII with one; a blank line or a directive ends one
import subprocess, sys
text = subprocess.run(["pdftotext", "-layout", sys.argv[1], "-"], capture_output=True, text=True).stdout
lines = [l.strip() for l in text.splitlines() if l.strip()]
assert lines[1:6] == ["第一行写到这里，条件成立时的半句，第三行接着写完。", "see http://example.org 这一段到此结束。",
                      "空行之后另起一段。", "指令段落的开头，续写的后半句。", "标题"], lines
