# tests/run.sh: push-in: ” ） squeezed to take in ，; 29 characters, one word, at the block's right edge
import re, subprocess, sys
mm = 72 / 25.4
xml = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True, text=True, check=True).stdout
words = [(float(a), float(c), t) for a, c, t in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', xml)]
line = [w for w in words if w[2].endswith("律”），")]
assert len(line) == 1 and len(line[0][2]) == 29, words[:6]          # not split into overlapping words
assert abs(line[0][0] - 28 * mm) < 0.5 * mm and abs(line[0][1] - 184 * mm) < 0.5 * mm, line
full = [w for w in words if w[2].startswith("宇宙") and w[2].endswith("律")]
assert len(full) == 1 and abs(full[0][1] - 184 * mm) < 0.5 * mm, full      # the second paragraph pushed 吕 out
assert any(w[2] == "吕。”）果珍李柰菜重芥姜。" for w in words)
assert any(w[2].endswith("吕，") for w in words) and any(w[2].startswith("“海咸") for w in words)
assert all(w[1] <= 184 * mm + 0.5 * mm for w in words)
