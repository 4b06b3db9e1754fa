# tests/run.sh: a step of tests/run.sh
import json, sys
t = json.load(open(sys.argv[1])); t["tasks"][0]["title"] = "@end | #伪造 \\ 标题"; json.dump(t, open(sys.argv[1], "w"), ensure_ascii=False)
p = json.load(open(sys.argv[2])); p["progress"][0]["summary"] = "第一行\n@pagebreak\n| 单元格 |"; json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)
