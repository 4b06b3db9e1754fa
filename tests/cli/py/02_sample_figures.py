# tests/run.sh: sample figures
import json, sys
r = {i["id"]: i for i in json.load(open(sys.argv[1]))["institutions"]}
assert r["rmyy"]["notice_number"] is None and r["fybjy"]["notice_number"] is None
assert r["zyy"]["notice_number"] == "荣卫督〔2024〕5号", r["zyy"]["notice_number"]
assert r["jkzx"]["notice_number"] == "荣卫督〔2024〕6号"
t = {x["task"]: x for x in r["jkzx"]["tasks"]}
assert t["11"]["flags"] == ["未报送"] and t["11"]["status"] is None and t["11"]["reported"] is None
assert t["3"]["flags"] == ["逾期未完成"] and t["3"]["expected"] == 100
assert t["6"]["flags"] == ["进度滞后", "未启动"], t["6"]["flags"]
assert {x["task"]: x for x in r["zyy"]["tasks"]}["7"]["flags"] == ["自报滞后"]
zi = {x["indicator"]: x for x in r["zyy"]["indicators"]}
assert zi["4.2"]["flags"] == ["指标未达标"] and zi["4.2"]["value"] == 46.5 and abs(zi["4.2"]["attainment"] - 0.93) < 1e-12
ri = {x["indicator"]: x for x in r["rmyy"]["indicators"]}
assert ri["4.7"]["value"] == 24 and ri["4.7"]["attainment"] == 1 and ri["4.7"]["flags"] == []   # lower is better
assert [r[k]["rank"] for k in ("rmyy", "zyy", "fybjy", "jkzx")] == [1, 3, 2, 4]
assert r["rmyy"]["total_display"] == "95.1" and r["rmyy"]["grade"] == "优秀"
