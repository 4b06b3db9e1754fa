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
# FUZZ_SECONDS=0: no fuzzing, every seed and kept finding run once through
# the harness (make test does this when clang is there)
replay() {
    local out
    # with its dictionary, so that a dictionary libFuzzer cannot read fails here, not in a long run
    out=$(JINDU_FUZZ_DATA=data build/fuzz/fuzz_"$1" "$2" -dict=fuzz/dict/"$1".dict -runs=0 -timeout=60 -rss_limit_mb=2048 2>&1)
    if grep -qE "==[0-9]+==ERROR|SUMMARY: |Test unit written|deadly signal|ParseDictionaryFile" <<<"$out"; then
        echo "fuzz_$1: a seed, a kept finding or the dictionary fails"; echo "$out" | grep -E "ERROR|SUMMARY|ParseDictionaryFile" -A1 | head -6
        status=1
    else
        echo "fuzz_$1: $(ls "$2" | wc -l) seeds and findings replayed, none fails"
    fi
}
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
        import) cp tests/import/*.txt tests/import/family/*.txt tests/import/family/*.docx tests/import/family/*.html \
                   "$corpus/" ;;
        docx) python3 -c "
import glob, os, zipfile
for f in sorted(glob.glob('tests/import/family/*.docx')):
    z = zipfile.ZipFile(f)
    data = z.read('word/document.xml')
    if 'word/numbering.xml' in z.namelist():
        data += b'\\n\\x01numbering\\n' + z.read('word/numbering.xml')
    open('$corpus/' + os.path.basename(f) + '.xml', 'wb').write(data)
    # the same part in UTF-16, as some writers save it (a byte search for <!DOCTYPE misses it)
    text = z.read('word/document.xml').decode('utf-8').replace('encoding=\"UTF-8\"', 'encoding=\"UTF-16\"')
    open('$corpus/' + os.path.basename(f) + '.utf16.xml', 'wb').write(text.encode('utf-16'))" ;;
        xlsx) python3 -c "
import glob, os, re, subprocess, zipfile
subprocess.run(['./jindu', 'forms', '--data', 'data', '--out', 'build/fuzz/xforms', '--quiet'], check=True)
for f in sorted(glob.glob('build/fuzz/xforms/*/forms/*.xlsx')) + sorted(glob.glob('tests/badforms/*.xlsx')):
    try:
        z = zipfile.ZipFile(f)
        data = z.read('xl/worksheets/sheet2.xml') + b'\\n\\x01strings\\n' + z.read('xl/sharedStrings.xml')
        data += b'\\n\\x01styles\\n' + z.read('xl/styles.xml')
    except Exception:
        continue
    if len(data) < 1 << 20:
        open('$corpus/' + os.path.basename(f) + '.xml', 'wb').write(data)
        strings = z.read('xl/sharedStrings.xml').decode('utf-8').replace('encoding=\"UTF-8\"', 'encoding=\"UTF-16\"')
        open('$corpus/' + os.path.basename(f) + '.utf16.xml', 'wb').write(
            z.read('xl/worksheets/sheet2.xml') + b'\\n\\x01strings\\n' + strings.encode('utf-16'))" ;;
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
        csv) ./jindu forms --data data --out build/fuzz/forms --format csv --quiet && cp build/fuzz/forms/*/forms/*.csv "$corpus/" ;;
        merge) rm -rf build/fuzz/shards
               for i in 0 1 2; do ./jindu build --data data --out build/fuzz/shards --shard $i/3 --quiet; done
               cp build/fuzz/shards/*/manifest-*.json "$corpus/" ;;
    esac
    # every case's input, too: the cases are the inputs that once went wrong
    case $name in
        load) cp tests/bad/*.json "$corpus/" 2>/dev/null ;;
        template) for f in tests/badtpl/*/*.tpl tests/badtpl/*/partials/*.tpl; do
                      [ -f "$f" ] && cp "$f" "$corpus/$(echo "$f" | tr / _)"; done ;;
        import) cp tests/badimport/* "$corpus/" 2>/dev/null ;;
    esac
    [ -d "tests/fuzz/$name" ] && cp tests/fuzz/"$name"/* "$corpus/" 2>/dev/null
    echo "== fuzz_$name for ${secs}s ($(ls "$corpus" | wc -l) seeds)"
    # real files are larger than libFuzzer's default 4 KB: a data file or a
    # plan runs to hundreds of KB, a template or a form to tens
    case $name in load|import|docx|xlsx) max_len=1048576 ;; *) max_len=262144 ;; esac
    dict=fuzz/dict/$name.dict
    [ "$secs" = 0 ] && { replay "$name" "$corpus"; continue; }
    JINDU_FUZZ_DATA=data build/fuzz/fuzz_"$name" "$corpus" -dict="$dict" -max_total_time="$secs" -max_len="$max_len" -timeout=20 \
        -rss_limit_mb=2048 -artifact_prefix=fuzz/crashes/"$name"- -print_final_stats=1 2>&1 |
        grep -E "^(#[0-9]+ *DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)" || true
    if ls fuzz/crashes/"$name"-* >/dev/null 2>&1; then
        echo "fuzz_$name: FINDINGS in fuzz/crashes/"
        status=1
    fi
done
exit $status
