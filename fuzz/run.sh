#!/usr/bin/env bash
# fuzz/run.sh SECONDS NAME...: run each libFuzzer harness for SECONDS, its
# corpus seeded from the tests. Findings are written to fuzz/crashes/ and
# fail the run; keep each as a regression case under tests/fuzz/<name>/.
set -u
cd "$(dirname "$0")/.."
secs=$1
shift
mkdir -p fuzz/crashes
status=0
for name in "$@"; do
    corpus=build/fuzz/corpus/$name
    mkdir -p "$corpus"
    case $name in
        load) cp tests/bad/*.json "$corpus/" 2>/dev/null
              python3 -c "
import glob, json
d = {}
for f in sorted(glob.glob('data/**/*.json', recursive=True)):
    for k, v in json.load(open(f)).items():
        d.setdefault(k, []).extend(v) if isinstance(v, list) else d.__setitem__(k, v)
json.dump(d, open('$corpus/sample.json', 'w'), ensure_ascii=False)" ;;
        template) for f in templates/*.tpl templates/partials/*.tpl tests/badtpl/*/*.tpl; do
                      cp "$f" "$corpus/$(echo "$f" | tr / _)"; done ;;
        import) cp tests/import/*.txt "$corpus/" ;;
        linebreak) python3 -c "
import glob
for i, f in enumerate(sorted(glob.glob('tests/import/*.txt'))):
    for j, line in enumerate(open(f, encoding='utf-8').read().split('\n')[:40]):
        if line.strip(): open('$corpus/l%d-%d' % (i, j), 'wb').write(bytes([20 + j % 20]) + line.encode())
# the unit cases of tests/linebreak.cases: the width byte gives the same measure
for k, line in enumerate(open('tests/linebreak.cases', encoding='utf-8')):
    if line.strip() and not line.startswith('#'):
        head, text = line.split(' | ')[:2]
        w = int(float(head.split()[1]))
        open('$corpus/case%d' % k, 'wb').write(bytes([(w - 1) % 40]) + text.encode())" ;;
        csv) ./jindu forms --data data --out build/fuzz/forms --quiet && cp build/fuzz/forms/*/forms/*.csv "$corpus/" ;;
    esac
    [ -d "tests/fuzz/$name" ] && cp tests/fuzz/"$name"/* "$corpus/" 2>/dev/null
    echo "== fuzz_$name for ${secs}s ($(ls "$corpus" | wc -l) seeds)"
    JINDU_FUZZ_DATA=data build/fuzz/fuzz_"$name" "$corpus" -max_total_time="$secs" -max_len=65536 -timeout=20 \
        -rss_limit_mb=2048 -artifact_prefix=fuzz/crashes/"$name"- -print_final_stats=1 2>&1 |
        grep -E "^(#[0-9]+ *DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)" || true
    if ls fuzz/crashes/"$name"-* >/dev/null 2>&1; then
        echo "fuzz_$name: FINDINGS in fuzz/crashes/"
        status=1
    fi
done
exit $status
