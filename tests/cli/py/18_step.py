# tests/run.sh: a step of tests/run.sh
import json, sys
d = {"issuer": {"name": "委", "doc_code": "督"}, "plan": {"title": "方案", "start": "2024-01-01", "end": "2024-12-31"},
     "period": "2024Q3",
     "institutions": [{"id": "a", "name": "甲", "short_name": "../../escape"}, {"id": "b", "name": "乙", "short_name": "/etc/x"},
                      {"id": "c", "name": "丙", "short_name": "tab\there\n"}, {"id": "d", "name": "丁", "short_name": "甲" * 200},
                      {"id": "e", "name": "戊", "short_name": "../../escape"}, {"id": "f", "name": "己", "short_name": ".."},
                      {"id": "g", "name": "𠀀庚", "short_name": "results.json"}],
     "tasks": [{"id": "1", "title": "任务"}], "progress": []}
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False)
