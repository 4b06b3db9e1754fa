# tests/run.sh: a step of tests/run.sh
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
base = {"issuer": {"name": "委", "doc_code": "督"}, "plan": {"title": "方案", "start": "2024-01-01", "end": "2024-12-31"},
        "period": "2024Q3", "institutions": [{"id": "a", "name": "甲"}], "tasks": [{"id": "1", "title": "任务"}], "progress": []}
d = dict(base, institutions=[{"id": "i%d" % k, "name": "院"} for k in range(20001)])
json.dump(d, open(out + "/institutions.json", "w"), ensure_ascii=False)
d = dict(base, tasks=[{"id": "t%d" % k, "title": "任务"} for k in range(2001)])
json.dump(d, open(out + "/tasks.json", "w"), ensure_ascii=False)
d = dict(base, plan=dict(base["plan"], title="长" * (1 << 20)))
json.dump(d, open(out + "/string.json", "w"), ensure_ascii=False)
open(out + "/nesting.json", "w").write('{"issuer": ' + "[" * 3000 + "]" * 3000 + "}")
