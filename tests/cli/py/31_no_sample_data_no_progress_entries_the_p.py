# tests/run.sh: ... no sample data: no progress entries, the plan's own title
import json, sys
d = sys.argv[1]
assert json.load(open(d + "/progress.json"))["progress"] == []
plan = json.load(open(d + "/plan.json"))
assert plan["plan"]["title"] == "重庆市荣昌区“四院”同创“三甲”实施方案", plan["plan"]["title"]
inst = json.load(open(d + "/institutions.json"))["institutions"]
tasks = json.load(open(d + "/tasks.json"))["tasks"]
ids = {i["id"] for i in inst}
assert len(inst) >= 3 and all(i["id"].startswith("u") for i in inst), inst[:3]
assert len({i["name"] for i in inst}) == len(inst), "each unit once"
assert all(set(t.get("institutions", [])) <= ids for t in tasks)
names = {i["id"]: i["name"] for i in inst}
t = next(t for t in tasks if t.get("lead"))
assert names[t["institutions"][0]] == t["lead"][0], "a task is assigned its own units"
