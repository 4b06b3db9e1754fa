# tests/run.sh: a step of tests/run.sh
import sys
t = open(sys.argv[1], encoding="utf-8").read()
i = t.rindex('"status":"') + len('"status":"')
t = t[:i] + "完成了" + t[t.index('"', i):]
open(sys.argv[2], "w", encoding="utf-8").write(t)
open(sys.argv[2] + ".col", "w").write(str(i))   # the opening quote, in characters, 1-based
