#!/usr/bin/env bash
# The whole test suite: unit tests (normal and sanitizer builds), then the
# command-line tests against the sample data and the bad-input corpus, once
# with the normal binary and once under AddressSanitizer/UBSan.
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
PASS=0
FAIL=0
TMP=$(mktemp -d /tmp/jindu-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C.UTF-8
unset SOURCE_DATE_EPOCH

ok() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
# make test T=WORD: only the checks and cases whose name holds WORD count
check() {
    local what=$1; shift
    case $what in *"${T:-}"*) ;; *) return 0 ;; esac
    if "$@"; then ok; else fail "$what"; fi
}

# Counts from the unit binaries' own summary lines.
run_unit() {
    local bin=$1 out
    out=$("$bin" ${2:+"$2"} 2>&1)
    local rc=$?
    echo "$out" | grep -v '^unit:' | sed 's/^/  /'
    local p f
    p=$(echo "$out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(echo "$out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    PASS=$((PASS + ${p:-0}))
    FAIL=$((FAIL + ${f:-1}))
    [ "$rc" = 0 ] || [ "${f:-1}" != 0 ] || { FAIL=$((FAIL + 1)); echo "FAIL: $bin exited $rc"; }
}

# The same for a script that ends with "<name>: N passed, N failed".
run_counted() {
    local name=$1 out rc p f
    shift
    out=$("$@" 2>&1)
    rc=$?
    echo "$out" | grep -v "^$name: [0-9]* passed" | sed 's/^/  /'
    p=$(echo "$out" | sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed\$/\1/p")
    f=$(echo "$out" | sed -n "s/^$name: \([0-9]*\) passed, \([0-9]*\) failed\$/\2/p")
    PASS=$((PASS + ${p:-0}))
    FAIL=$((FAIL + ${f:-1}))
    [ "$rc" = 0 ] || [ "${f:-1}" != 0 ] || { FAIL=$((FAIL + 1)); echo "FAIL: $name exited $rc"; }
}

# make test T=NAME, where NAME is a suite: that suite alone (with the normal
# and the sanitizer build), ending with its own "N passed, N failed" line;
# T=list names the suites. Any other T runs everything and counts only the
# checks whose name holds it.
declare -A SCRIPT=([import]=tests/import_test.py [forms]=tests/forms_test.py [forms-xlsx]=tests/forms_xlsx_test.py
                   [supervision]=tests/supervision_test.py [ofd]=tests/ofd_test.py [figures]=tests/figures_test.py
                   [data-errors]=tests/data_errors.py [hostile]=tests/hostile_test.py [integrity]=tests/integrity_test.py)
SECTIONS="layers unit cli valgrind install fuzz memory slurm deb"
UNIT_GROUPS="dates cn rounding expected sha256 zip_stream utf8_and_names linebreak positions scoring_example parts_left_out
             indicator_rules ties_and_rules edge_flags layout_pages templates"
if [ "${T:-}" = list ]; then
    echo "make test T=NAME runs one suite alone; the suites:"
    echo "  unit groups (build/unit NAME):" $UNIT_GROUPS
    echo "  scripts:" $(printf '%s\n' "${!SCRIPT[@]}" | sort) cases
    echo "  sections: $SECTIONS (cli: every command-line check, both builds)"
    exit 0
fi
if [ -n "${T:-}" ] && { [ -n "${SCRIPT[$T]:-}" ] || [ "$T" = cases ] || grep -qw -- "$T" <<<"$UNIT_GROUPS"; }; then
    echo "== $T alone"
    if [ "$T" = cases ]; then
        run_counted cases python3 tests/cases.py "$ROOT/jindu"
        ASAN_OPTIONS=detect_leaks=1 run_counted cases python3 tests/cases.py "$ROOT/build/jindu-san"
    elif [ -n "${SCRIPT[$T]:-}" ]; then
        run_counted "$T" python3 "${SCRIPT[$T]}" "$ROOT/jindu" "$TMP/normal-$T"
        ASAN_OPTIONS=detect_leaks=1 run_counted "$T" python3 "${SCRIPT[$T]}" "$ROOT/build/jindu-san" "$TMP/san-$T"
    else
        run_unit build/unit "$T"
        ASAN_OPTIONS=detect_leaks=1 run_unit build/unit-san "$T"
    fi
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" = 0 ]
    exit
fi

section_layers() {
    echo "== stage order of the sources"
    check "every include follows the stage order" python3 tools/check_layers.py src
    mkdir -p "$TMP/layers" && cp -r src "$TMP/layers/"
    echo '#include "cli/build.h"' >>"$TMP/layers/src/base/util.c"
    check "check-layers fails on a planted upward include" sh -c "! python3 tools/check_layers.py '$TMP/layers/src' 2>/dev/null"
    python3 tools/check_layers.py "$TMP/layers/src" 2>"$TMP/layers/err"
    check "check-layers names the file and line of the upward include" \
        grep -q "src/base/util.c:[0-9]*: error: base includes \"cli/build.h\"" "$TMP/layers/err"

    echo "== build dependencies"
    # -MMD -MP: an object depends on the headers it includes, not on every header
    n_src=$(ls src/*/*.c | wc -l)
    n_image=$(make -n -W src/pdf/image.h jindu 2>/dev/null | grep -c -- " -c src/")
    check "touching one header rebuilds only the objects that include it ($n_image of $n_src)" \
        sh -c "[ '$n_image' -ge 1 ] && [ '$n_image' -lt 5 ]"
}

section_unit() {
    echo "== unit tests"
    run_unit build/unit
    echo "== unit tests under ASan/UBSan"
    ASAN_OPTIONS=detect_leaks=1 run_unit build/unit-san
}

cli_suite() {
    local J=$1 label=$2
    local O="$TMP/$label"
    mkdir -p "$O"
    echo "== command line ($label)"

    # --- the sample data --------------------------------------------------
    "$J" build --data data --out "$O/out" --quiet 2>"$O/err"
    check "sample build exits 0" [ $? = 0 ]
    check "sample build prints no diagnostics" [ ! -s "$O/err" ]
    local R="$O/out/2024Q3"
    check "results.json written" [ -s "$R/results.json" ]
    check "results.json agrees with the independent computation" python3 tests/compare_results.py data "$R/results.json"
    # the same data as one minified line: same figures; positions on a long line counted right
    python3 bench/shapes.py data "$O/shapes"
    "$J" build --data "$O/shapes/oneline.json" --out "$O/oneline" --only summary --quiet 2>"$O/oneline.err"
    check "one-line JSON: build exits 0" [ $? = 0 ]
    check "one-line JSON: the same results.json as the directory" \
        cmp -s "$R/results.json" "$O/oneline/2024Q3/results.json"
    python3 tests/cli/py/01_step.py "$O/shapes/oneline.json" "$O/shapes/badline.json"
    "$J" check --data "$O/shapes/badline.json" 2>"$O/badline.err"
    check "one-line JSON: an error far along the line: exit 1" [ $? = 1 ]
    check "one-line JSON: its column counted in characters ($(cat "$O/shapes/badline.json.col"))" \
        grep -q "badline.json:1:$(cat "$O/shapes/badline.json.col"): error: .*status" "$O/badline.err"
    check "sample figures" python3 tests/cli/py/02_sample_figures.py "$R/results.json"
    local n_pdf
    n_pdf=$(find "$R" -name '工作进展情况报告.pdf' | wc -l)
    check "one progress report per institution ($n_pdf)" [ "$n_pdf" = 4 ]
    check "notices exactly for the flagged institutions" \
        sh -c "cd '$R' && [ \"\$(find . -name '督办通知.pdf' | sort | tr '\n' ' ')\" = './区中医院/督办通知.pdf ./区疾控中心/督办通知.pdf ' ]"
    check "notice 1: GB/T 9704 geometry (header, number, red line, title, signature, 版记, page numbers)" \
        python3 tests/notice_geometry.py "$R/区中医院/督办通知.pdf" 重庆市荣昌区卫生健康委员会文件 '荣卫督〔2024〕5号' --cc
    check "notice 2: GB/T 9704 geometry" \
        python3 tests/notice_geometry.py "$R/区疾控中心/督办通知.pdf" 重庆市荣昌区卫生健康委员会文件 '荣卫督〔2024〕6号' --cc
    check "no line of any sample PDF starts or ends with a forbidden character" sh -c "python3 tests/line_rules.py '$R'/*/*.pdf '$R'/*.pdf"
    check "no number of any sample PDF split from its unit at a line end (10 / 项, 2024 / 年)" sh -c "python3 tests/number_units.py '$R'/*/*.pdf '$R'/*.pdf"
    check "page rules: each can fail (a page made to break it)" python3 tests/page_rules.py --self-test
    check "page rules on the sample: charts whole or titled, nothing below the block, no header or heading at a foot, no page over 35 % empty, 7.3.5 signatures, 版记 numbered, contents leaders" \
        sh -c "python3 tests/page_rules.py '$R'/*/*.pdf '$R'/*.pdf"
    check "bookmarks: every title and heading, on the page where it really is" python3 tests/cli/py/03_bookmarks_every_title_and_heading_on_the.py "$R"
    check "assessment sheets: one per institution, with the figures of results.json" python3 tests/cli/py/04_assessment_sheets_one_per_institution_wi.py "$R"
    check "summary: every institution ranked with its total and grade, grade counts, notice numbers" python3 tests/cli/py/05_summary_every_institution_ranked_with_it.py "$R"
    check "pack: the contents point at the pages where the parts start, each part on an odd page, bookmarked" python3 tests/cli/py/06_pack_the_contents_point_at_the_pages_whe.py "$R"
    check "page numbers: the 一字线 7 mm (±1 mm) below the block, in every kind of document (GB/T 9704 7.5)" \
        sh -c "python3 tests/page_number_dash.py '$R/区中医院/督办通知.pdf' 1 2 && python3 tests/page_number_dash.py '$R/区中医院/工作进展情况报告.pdf' 1 2 3 && python3 tests/page_number_dash.py '$R/情况通报.pdf' 1 2 && python3 tests/page_number_dash.py '$R/考核评估汇总.pdf' 1 2"
    check "sample: no 孤字, no justified line looser than 1/4 em (the summary's long heading is set ragged)" \
        sh -c "python3 tests/lone_chars.py '$R'/*/*.pdf '$R'/*.pdf && python3 tests/loose_lines.py '$R'/*/*.pdf '$R'/*.pdf"
    check "weight: the red header and the title stroked (小标宋 role, fonts.map stroke=), the body only where **bold**" python3 tests/cli/py/07_weight_the_red_header_and_the_title_stro.py "$R/区中医院/督办通知.pdf"
    check "notices carry their numbers, in order" sh -c "pdftotext '$R/区中医院/督办通知.pdf' - | grep -q '荣卫督〔2024〕5号' && pdftotext '$R/区疾控中心/督办通知.pdf' - | grep -q '荣卫督〔2024〕6号'"
    local f bad=0 nofont=0 tu=0
    while IFS= read -r f; do
        qpdf --check "$f" >/dev/null 2>&1 || bad=$((bad + 1))
        pdffonts "$f" 2>/dev/null | awk 'NR > 2 && $(NF-4) != "yes" { e = 1 } END { exit !e }' && nofont=$((nofont + 1))
        pdftotext "$f" /dev/null 2>&1 | grep -q . && tu=$((tu + 1))
    done < <(find "$R" -name '*.pdf')
    check "every PDF passes qpdf --check" [ "$bad" = 0 ]
    check "every font embedded" [ "$nofont" = 0 ]
    check "poppler reads every PDF without complaint (ToUnicode)" [ "$tu" = 0 ]
    check "report text holds the figures of results.json" python3 tests/cli/py/08_report_text_holds_the_figures_of_results.py "$R"
    check "manifest lists every file with its size, hash and pages" python3 tests/cli/py/09_manifest_lists_every_file_with_its_size_.py "$R"
    check "geometry: text inside the block, lines on the 225/22 mm grid, page numbers placed" python3 tests/cli/py/10_geometry_text_inside_the_block_lines_on_.py "$R/区中医院/工作进展情况报告.pdf"

    python3 tests/gen_data.py "$O/long" 5 2 40 2
    "$J" build --data "$O/long" --out "$O/long-out" --jobs 1 --quiet 2>/dev/null
    check "40-task reports: tables repeat their header on every page they continue on, nothing leaves the block" \
        python3 tests/cli/py/11_step.py "$O/long-out/2024Q3"

    rm -rf "$O/seal" && mkdir -p "$O/seal" && cp tests/seal.png "$O/seal/seal.png"
    sed "s#^\([a-z]*\) \([^/ ][^ ]*\)#\1 $ROOT/fonts/\2#" fonts/fonts.map > "$O/seal/fonts.map"
    "$J" build --data data --fonts "$O/seal" --out "$O/seal-out" --only notice --quiet 2>/dev/null
    check "a seal in fonts/seal.png is printed once per notice, 42 mm across, its mask compressed" python3 tests/cli/py/12_a_seal_in_fonts_seal_png_is_printed_once.py "$O/seal-out/2024Q3"

    # --- the Word copies (--format pdf,docx): opened and printed by LibreOffice ------------
    "$J" build --data data --out "$O/docx-out" --format pdf,docx --quiet 2>"$O/docx.err"
    check "--format pdf,docx: a .docx beside each notice and the bulletin, in the manifest and linked from index.html" \
        sh -c "python3 -c \"import json,sys; m=json.load(open('$O/docx-out/2024Q3/manifest.json')); sys.exit(sum(f['path'].endswith('.docx') for f in m['files']) != 3)\" && [ \$(grep -o 'class=\"docx\"' '$O/docx-out/2024Q3/index.html' | wc -l) = 3 ]"
    if [ "$label" = normal ]; then
        check "the .docx: schema order, LibreOffice's print keeps the GB/T 9704 geometry and jindu's text, a LibreOffice edit reopens" \
            python3 tests/docx_check.py "$O/docx-out/2024Q3" "$O/docx-check"
        python3 tests/gen_data.py "$O/docx-gen" 7 12 12 3 >/dev/null
        "$J" build --data "$O/docx-gen" --out "$O/docx-gen-out" --format pdf,docx --only notice,bulletin --quiet 2>/dev/null
        check "the .docx of 12 generated institutions' notices and their bulletin: the same checks" \
            python3 tests/docx_check.py "$O/docx-gen-out/2024Q3" "$O/docx-gen-check"
        "$J" build --data data --fonts "$O/seal" --out "$O/seal-docx" --format pdf,docx --only notice,bulletin --quiet 2>/dev/null
        check "the .docx of sealed documents: 7.3.5.1 (date 4 characters in, signer centred on it, the seal's room kept)" \
            python3 tests/docx_check.py "$O/seal-docx/2024Q3" "$O/seal-docx-check"
    fi

    check "with a seal the notice's signature follows GB/T 9704 7.3.5.1 (date four characters in, signer centred)" \
        python3 tests/notice_geometry.py "$O/seal-out/2024Q3/区中医院/督办通知.pdf" 重庆市荣昌区卫生健康委员会文件 荣卫督〔2024〕5号
    check "signatures: without a seal every document's in 7.3.5.2 (signer 2 characters in, the date 2 right of it), with one 7.3.5.1" \
        sh -c "python3 tests/page_rules.py --rule signature '$R'/*/*.pdf '$R'/*.pdf && python3 tests/page_rules.py --rule signature --rule colophon '$O/seal-out/2024Q3'/*/*.pdf"
    check "40-task reports: page rules" sh -c "python3 tests/page_rules.py '$O/long-out/2024Q3'/*/*.pdf '$O/long-out/2024Q3'/*.pdf"
    python3 tests/gen_data.py "$O/tall" 7 1 120 2 >/dev/null
    "$J" build --data "$O/tall" --out "$O/tall-out" --only progress --quiet 2>/dev/null
    check "a chart longer than a page: thinned, then divided, each part under its title (续) with its axis" \
        sh -c "python3 tests/page_rules.py '$O/tall-out'/*/*/*.pdf && [ \$(pdftotext '$O/tall-out'/2024Q3/*/工作进展情况报告.pdf - | grep -c '（续）') -ge 2 ]"

    # --- determinism -------------------------------------------------------
    "$J" build --data data --out "$O/again" --quiet 2>/dev/null
    check "same input gives byte-identical outputs" diff -r "$O/out" "$O/again"
    SOURCE_DATE_EPOCH=1727654400 "$J" build --data data --out "$O/sde1" --quiet 2>/dev/null
    SOURCE_DATE_EPOCH=1727654400 "$J" build --data data --out "$O/sde2" --quiet 2>/dev/null
    check "SOURCE_DATE_EPOCH builds are identical" diff -r "$O/sde1" "$O/sde2"
    check "SOURCE_DATE_EPOCH sets the creation date" \
        sh -c "pdfinfo -isodates '$O/sde1/2024Q3/区人民医院/工作进展情况报告.pdf' | grep -q 'CreationDate: *2024-09-30T00:00:00'"
    check "no creation date without SOURCE_DATE_EPOCH" \
        sh -c "! pdfinfo '$O/out/2024Q3/区人民医院/工作进展情况报告.pdf' | grep -q CreationDate"

    "$J" build --data data --out "$O/j1" --jobs 1 --quiet 2>/dev/null
    "$J" build --data data --out "$O/j2" --jobs 2 --quiet 2>/dev/null
    check "--jobs 2 gives the same bytes as --jobs 1" diff -r "$O/j1" "$O/j2"
    python3 tests/gen_data.py "$O/gen" 7 40 12 3
    "$J" build --data "$O/gen" --out "$O/gen1" --jobs 1 --quiet 2>/dev/null
    "$J" build --data "$O/gen" --out "$O/gen3" --jobs 3 --quiet 2>/dev/null
    check "40 generated institutions: --jobs 3 same as --jobs 1" diff -r "$O/gen1" "$O/gen3"
    check "40 generated institutions: every report made and in the manifest" python3 tests/cli/py/14_40_generated_institutions_every_report_m.py "$O/gen3/2024Q3/manifest.json"
    check "40 generated institutions: every notice meets the geometry" sh -c '
        for f in "$1"/*/督办通知.pdf; do
            n=$(pdftotext -l 1 "$f" - | grep -o "某卫督〔[0-9]*〕[0-9]*号" | head -1)
            python3 tests/notice_geometry.py "$f" 重庆市某区卫生健康委员会文件 "$n" || exit 1
        done' _ "$O/gen3/2024Q3"
    check "40 generated institutions: no forbidden line starts or ends" sh -c "python3 tests/line_rules.py '$O/gen3/2024Q3'/*/*.pdf '$O/gen3/2024Q3'/*.pdf"
    check "40 generated institutions: no number split from its unit" sh -c "python3 tests/number_units.py '$O/gen3/2024Q3'/*/*.pdf '$O/gen3/2024Q3'/*.pdf"
    check "40 generated institutions: page rules (charts, block, feet, empty pages, signatures, 版记, contents)" \
        sh -c "python3 tests/page_rules.py '$O/gen3/2024Q3'/*/*.pdf '$O/gen3/2024Q3'/*.pdf"
    check "40 generated institutions: no 孤字 (a paragraph or cell ending on one character), no justified line looser than 1/4 em" \
        sh -c "python3 tests/lone_chars.py '$O/gen3/2024Q3'/*/*.pdf '$O/gen3/2024Q3'/*.pdf && python3 tests/loose_lines.py '$O/gen3/2024Q3'/*/*.pdf '$O/gen3/2024Q3'/*.pdf"
    check "40 generated institutions: no signature or date alone on a page, in the reports or the pack" \
        sh -c "python3 tests/lone_signature.py '$O/gen3/2024Q3'/*/*.pdf '$O/gen3/2024Q3/会议材料汇编.pdf'"
    check "generated data agrees with the independent computation" python3 tests/compare_results.py "$O/gen" "$O/gen3/2024Q3/results.json"
    # multi-quarter random data sets: warnings, repeats, follow-up, the bulletin's number (supervision.md)
    for seed in $(seq 101 124); do
        python3 tests/gen_data.py "$O/sv$seed" "$seed" >/dev/null
        "$J" build --data "$O/sv$seed" --out "$O/svo$seed" --only summary --quiet 2>/dev/null
        check "random data set $seed agrees with the independent computation, supervision included" \
            python3 tests/compare_results.py "$O/sv$seed" "$O/svo$seed/2024Q3/results.json"
        rm -rf "$O/sv$seed" "$O/svo$seed"
    done

    # --- selection ---------------------------------------------------------
    "$J" build --data data --out "$O/sel" --institution zyy,jkzx --quiet 2>/dev/null
    check "--institution makes only those institutions' documents" \
        sh -c "[ \$(find '$O/sel' -name '*.pdf' | wc -l) = 6 ] && [ -f '$O/sel/2024Q3/区中医院/工作进展情况报告.pdf' ] && [ -f '$O/sel/2024Q3/区疾控中心/督办通知.pdf' ]"
    "$J" build --data data --out "$O/only" --only notice --quiet 2>/dev/null
    check "--only notice makes only notices" sh -c "[ \$(find '$O/only' -name '*.pdf' | wc -l) = 2 ] && [ \$(find '$O/only' -name '督办通知.pdf' | wc -l) = 2 ]"
    "$J" build --data data --out "$O/sh" --shard 0/3 --quiet 2>/dev/null
    "$J" build --data data --out "$O/sh" --shard 1/3 --quiet 2>/dev/null
    "$J" build --data data --out "$O/sh" --shard 2/3 --quiet 2>/dev/null
    check "shards together make exactly the whole" \
        sh -c "cd '$O/sh/2024Q3' && find . -name '*.pdf' | sort > '$O/sh.list' && cd '$O/out/2024Q3' && find . -name '*.pdf' | sort | diff - '$O/sh.list' >/dev/null && for f in \$(cat '$O/sh.list'); do cmp -s \"\$f\" '$O/sh/2024Q3/'\"\$f\" || exit 1; done"
    check "shard manifests are named per shard" [ -f "$O/sh/2024Q3/manifest-1-of-3.json" ]

    # --- shards under GNU parallel, joined by jindu merge ---------------------
    rm -rf "$O/par" "$O/one2"
    JINDU="$J" contrib/parallel/build-shards.sh 4 --data data --out "$O/par" >"$O/par.log" 2>&1
    check "four shards under GNU parallel, merged: exit 0" [ $? = 0 ]
    "$J" build --data data --out "$O/one2" --jobs 2 --quiet 2>/dev/null
    # (a sharded run writes no index.html: no shard holds every PDF it would link)
    check "merged manifest.json is the one a single --jobs 2 run writes, but for index.html" python3 tests/cli/py/15_merged_manifest_json_is_the_one_a_single.py \
        "$O/par/2024Q3/manifest.json" "$O/one2/2024Q3/manifest.json"
    check "every merged file is byte-identical to the single run's" python3 tests/cli/py/16_every_merged_file_is_byte_identical_to_t.py "$O/par/2024Q3" "$O/one2/2024Q3"
    check "merge says what it joined" grep -q "4 shards merged: 14 files of 4 institutions" "$O/par.log"
    local P="$O/par/2024Q3"
    cp "$P/manifest-3-of-4.json" "$O/par-m3" && rm "$P/manifest-3-of-4.json" "$P/manifest.json"
    "$J" merge "$P" 2>"$O/merge.err"
    check "merge with a shard missing: exit 1" [ $? = 1 ]
    check "... names the shard and how to make it" grep -q "error: shard 3 of 4 is missing (no manifest-3-of-4.json): run jindu build --shard 3/4" "$O/merge.err"
    check "... and writes no manifest.json" [ ! -e "$P/manifest.json" ]
    cp "$O/par-m3" "$P/manifest-3-of-4.json"
    printf 'x' >>"$P/区中医院/工作进展情况报告.pdf"
    "$J" merge "$P" 2>"$O/merge.err"
    check "merge with a file changed since its shard wrote it: exit 1" [ $? = 1 ]
    check "... names the file and its manifest line" \
        grep -q "manifest-[0-9]-of-4.json:[0-9]*:[0-9]*: error: \"区中医院/工作进展情况报告.pdf\" is not the file shard [0-9] wrote" "$O/merge.err"
    cp "$O/one2/2024Q3/区中医院/工作进展情况报告.pdf" "$P/区中医院/"
    cp "$P/manifest-0-of-4.json" "$P/manifest-0-of-2.json"
    "$J" merge "$P" 2>"$O/merge.err"
    check "merge with manifests of two runs: exit 1, said" \
        sh -c "[ $? = 1 ] && grep -q 'error: manifests of two runs here: manifest-0-of-2.json is of a run of 2 shards, manifest-0-of-4.json of 4' '$O/merge.err'"
    rm "$P/manifest-0-of-2.json"
    "$J" merge "$P" --quiet
    check "merge once the directory is whole again: exit 0" [ $? = 0 ]
    "$J" merge "$O/one2/2024Q3" 2>"$O/merge.err"
    check "merge where no shard ran: exit 1, said" \
        sh -c "[ $? = 1 ] && grep -q 'no shard manifests (manifest-I-of-N.json) here' '$O/merge.err'"

    # --- usage -------------------------------------------------------------
    local args
    for args in "frobnicate" "build --bogus" "merge" "merge a b" "build --shard 3/3" "build --jobs 0" "build --only letters" \
                "build --institution nosuch" "check --fonts x" "build --data"; do
        (cd "$O" && "$J" $args --data "$ROOT/data" --out "$O/usage" >/dev/null 2>&1)
        local rc=$?
        [ "$args" = "build --data" ] && { (cd "$O" && "$J" build --data >/dev/null 2>&1); rc=$?; }
        check "usage error exits 2: jindu $args (got $rc)" [ "$rc" = 2 ]
    done
    check "--help exits 0 and names the commands" sh -c "'$J' --help | grep -q 'jindu build'"
    check "a mistyped option: did you mean" sh -c "'$J' build --stirct 2>&1 | grep -qF 'unknown option \"--stirct\" (did you mean \"--strict\"?)'"
    check "another command's option: named as such" sh -c "'$J' check --jobs 2 2>&1 | grep -qF -- '--jobs is not an option of jindu check'"
    check "a mistyped command: did you mean" sh -c "'$J' biuld 2>&1 | grep -qF 'unknown command \"biuld\" (did you mean \"build\"?)'"
    check "--version" sh -c "'$J' --version | grep -q '^jindu [0-9]'"
    "$J" check --data data --quiet
    check "jindu check on the sample exits 0" [ $? = 0 ]

    # --- the command-line cases (tests/**/*.case: bad data, broken templates, bad plans)
    run_counted cases python3 tests/cases.py "$J" "${T:-}"

    # --- one institution's errors do not stop the others ----------------
    rm -rf "$O/part" && cp -r data "$O/part"
    python3 tests/cli/py/17_step.py "$O/part/progress/2024Q3/jkzx.json"
    "$J" build --data "$O/part" --out "$O/part-out" --quiet 2>"$O/part.err"
    check "errors in one institution's entries: exit 1" [ $? = 1 ]
    check "... the others' documents are made" [ "$(find "$O/part-out" -name '工作进展情况报告.pdf' | wc -l)" = 3 ]
    check "... and the diagnostic names the file" grep -q "part/progress/2024Q3/jkzx.json:[0-9]*:[0-9]*: error: progress\[0\].status" "$O/part.err"
    "$J" build --data "$O/part" --out "$O/strict-out" --strict --quiet 2>/dev/null
    check "--strict: exit 1" [ $? = 1 ]
    check "--strict: nothing made" [ -z "$(find "$O/strict-out" -type f 2>/dev/null)" ]
    "$J" build --data tests/bad/typo_member.json --out "$O/strict-warn" --strict --quiet 2>/dev/null
    check "--strict turns a warning into an error" [ $? = 1 ]

    # --- names built from data stay inside --out ---------------------------
    rm -rf "$O/names" && mkdir -p "$O/names/cwd"
    python3 tests/cli/py/18_step.py "$O/names/data.json"
    (cd "$O/names/cwd" && "$J" build --data ../data.json --templates "$ROOT/templates" --out ../out --quiet 2>"$O/names/err")
    check "hostile short names: build exits 0" [ $? = 0 ]
    check "hostile short names: every file inside --out" sh -c "[ -z \"\$(ls -A '$O/names/cwd')\" ] && [ \$(find '$O/names' -name '工作进展情况报告.pdf' | wc -l) = 7 ] && [ \$(find '$O/names/out/2024Q3' -mindepth 2 -name '*.pdf' | wc -l) = \$(find '$O/names' -name '*.pdf' ! -name '考核评估汇总.pdf' ! -name '情况通报.pdf' ! -name '会议材料汇编.pdf' | wc -l) ] && [ -f '$O/names/out/2024Q3/考核评估汇总.pdf' ]"
    check "hostile short names: clashes get the id appended" [ -f "$O/names/out/2024Q3/_._.._escape-e/工作进展情况报告.pdf" ]
    check "a character no font has is reported with the document and page" \
        grep -q "warning: no font has U+20000 '𠀀' (page 1)" "$O/names/err"
    (cd "$O/names/cwd" && "$J" build --data ../data.json --templates "$ROOT/templates" --out ../strict --strict --quiet 2>/dev/null)
    check "--strict: a character no font has is an error" [ $? = 1 ]

    # --- templates: the wording is theirs, data cannot inject blocks ------------
    rm -rf "$O/tpl" && mkdir -p "$O/tpl" && cp -r templates "$O/tpl/templates"
    sed -i 's/特此报告。/以上报告，请审阅。/; s/^# 三、指标完成情况$/# 三、考核指标完成情况/' "$O/tpl/templates/progress.tpl"
    printf '@title 测试\n{%% if institution.flagged %%}有督办事项{{ institution.n_flagged | cn_num }}项。{%% endif %%}\n' \
        > "$O/tpl/templates/assessment.tpl"
    "$J" build --data data --templates "$O/tpl/templates" --out "$O/tpl/out" --only progress,assessment --quiet 2>/dev/null
    check "edited templates: build exits 0" [ $? = 0 ]
    local RP="$O/tpl/out/2024Q3/区中医院/工作进展情况报告.pdf"
    check "a changed sentence in progress.tpl reaches the PDF" sh -c "pdftotext '$RP' - | grep -q '以上报告，请审阅。' && ! pdftotext '$RP' - | grep -q '特此报告'"
    check "a changed heading in progress.tpl reaches the PDF" sh -c "pdftotext '$RP' - | grep -q '三、考核指标完成情况'"
    check "a rewritten assessment.tpl: the flagged institution's sentence" sh -c "pdftotext '$O/tpl/out/2024Q3/区疾控中心/考核评估结果.pdf' - | grep -q '有督办事项[一二三四五六七八九十]*项。'"
    check "a rewritten assessment.tpl: nothing for the others" sh -c "! pdftotext '$O/tpl/out/2024Q3/区人民医院/考核评估结果.pdf' - | grep -q '督办'"
    rm -rf "$O/hm" && cp -r templates "$O/hm"
    sed -i 's/^@redheader {{ issuer.header }}/@copyno 000012\n@secret 内部\n@urgency 特急\n@redheader {{ issuer.header }}/' "$O/hm/notice.tpl"
    "$J" build --data data --templates "$O/hm" --out "$O/hm-out" --only notice --quiet 2>/dev/null
    check "份号, 密级, 紧急程度: the notice keeps its geometry" python3 tests/notice_geometry.py "$O/hm-out/2024Q3/区中医院/督办通知.pdf" "重庆市荣昌区卫生健康委员会文件" "荣卫督〔2024〕5号" --cc
    check "份号, 密级, 紧急程度: flush left on the block's first three lines" python3 tests/cli/py/19_flush_left_on_the_block_s_first_three_li.py "$O/hm-out/2024Q3/区中医院/督办通知.pdf"
    rm -rf "$O/sg" && cp -r templates "$O/sg"
    sed -i 's/^@docnumber {{ institution.notice_number }}/@docnumber {{ institution.notice_number }} | 张三/' "$O/sg/notice.tpl"
    "$J" build --data data --templates "$O/sg" --out "$O/sg-out" --only notice --quiet 2>/dev/null
    check "签发人: the number one character in from the left, 签发人：张三 one character in from the right" python3 tests/cli/py/20_the_number_one_character_in_from_the_lef.py "$O/sg-out/2024Q3/区中医院/督办通知.pdf"
    # push-in: one line of 29 characters on the 28-character grid (the default fs font, AR PL UMing)
    "$J" build --data data --templates tests/templates-pushin --only progress --institution rmyy --out "$O/pi" --quiet 2>/dev/null
    check "push-in: ” ） squeezed to take in ，; 29 characters, one word, at the block's right edge" python3 tests/cli/py/21_push_in_squeezed_to_take_in_29_character.py "$O/pi/2024Q3/区人民医院/工作进展情况报告.pdf"
    check "push-in: no line starts or ends with a forbidden character; the text extracts whole" \
        sh -c "python3 tests/line_rules.py '$O/pi/2024Q3/区人民医院/工作进展情况报告.pdf' && pdftotext '$O/pi/2024Q3/区人民医院/工作进展情况报告.pdf' - | tr -d '\n' | grep -q '岁律”），剑号'"
    check "no line of a shipped template is over 120 characters" python3 tests/cli/py/22_no_line_of_a_shipped_template_is_over_12.py
    # jindu preview: one document, its path printed; --watch makes it again on a template change
    check "preview: one notice made apart from the outputs, its path printed" sh -c \
        "'$J' preview notice --institution zyy --out '$O/pv' > '$O/pv.out' && [ \"\$(cat '$O/pv.out')\" = 'jindu: preview: $O/pv/2024Q3/区中医院/督办通知.pdf' ] && pdftotext '$O/pv/2024Q3/区中医院/督办通知.pdf' - | grep -q 重庆市荣昌区中医院 && [ \$(find '$O/pv' -name '*.pdf' | wc -l) = 1 ]"
    rm -rf "$O/pw" && mkdir -p "$O/pw" && cp -r templates "$O/pw/t"
    "$J" preview progress --institution zyy --watch --templates "$O/pw/t" --out "$O/pw/o" > "$O/pw/log" 2>&1 &
    pw_pid=$!
    pw_wait() {   # until the log has $1 lines starting "jindu: preview:" (at most 20 s)
        for _ in $(seq 200); do [ "$(grep -c '^jindu: preview:' "$O/pw/log")" -ge "$1" ] && return 0; sleep 0.1; done; return 1
    }
    pw_wait 1
    sed -i 's/重点任务推进情况报告如下。/重点任务推进情况报告如下。预览中改的一句。/' "$O/pw/t/progress.tpl"
    pw_wait 2
    check "preview --watch: a changed sentence reaches the PDF" sh -c \
        "pdftotext '$O/pw/o/2024Q3/区中医院/工作进展情况报告.pdf' - | tr -d '\n' | grep -q 预览中改的一句"
    echo '{{ nope }}' >> "$O/pw/t/progress.tpl"
    pw_wait 3
    check "preview --watch: a template error is printed with its place, and the watch goes on" \
        grep -q 'progress.tpl:[0-9]*:4: error: unknown variable "nope"' "$O/pw/log"
    sed -i '$d' "$O/pw/t/progress.tpl"
    pw_wait 4
    check "preview --watch: fixed, the document is made again" sh -c "tail -1 '$O/pw/log' | grep -q '^jindu: preview: .*工作进展情况报告.pdf'"
    kill "$pw_pid" 2>/dev/null; wait "$pw_pid" 2>/dev/null
    "$J" build --data "$O/gen" --templates tests/templates-members --only progress --out "$O/mem" --quiet 2>/dev/null
    check "lost_points is the loss as printed (two decimals, half away from zero); met is due and not flagged" python3 tests/cli/py/23_lost_points_is_the_loss_as_printed_two_d.py "$O/mem"
    "$J" build --data data --templates tests/templates-cells --only progress --institution rmyy,zyy --out "$O/cells" --quiet 2>/dev/null
    check "@cell(bold={{ … }}): a font more (黑体) only where the condition holds; a value's @cell stays text" python3 tests/cli/py/24_cell_bold_a_font_more_only_where_the_con.py "$O/cells/2024Q3"
    # paragraphs over several source lines: joined as Markdown joins soft line breaks
    "$J" build --data data --templates tests/templates-paragraphs --only progress --institution rmyy --out "$O/para" --quiet 2>/dev/null
    check "paragraphs over lines: Chinese joined without a space, ASCII with one; a blank line or a directive ends one" python3 tests/cli/py/25_paragraphs_over_lines_chinese_joined_wit.py "$O/para/2024Q3/区人民医院/工作进展情况报告.pdf"
    "$J" build --data data --templates tests/templates-landscape --only summary --out "$O/ls" --quiet 2>/dev/null
    check "@table(landscape): the table on a turned page of its own, inside the turned block, text before and after upright" python3 tests/cli/py/26_table_landscape_the_table_on_a_turned_pa.py "$O/ls/2024Q3/考核评估汇总.pdf"
    rm -rf "$O/inj" && cp -r data "$O/inj"
    python3 tests/cli/py/27_step.py "$O/inj/tasks.json" "$O/inj/progress/2024Q3/rmyy.json"
    "$J" build --data "$O/inj" --out "$O/inj-out" --only progress --institution rmyy --quiet 2>"$O/inj.err"
    check "data that looks like block markup: build exits 0" [ $? = 0 ]
    check "data that looks like block markup is printed as text" sh -c "pdftotext -raw '$O/inj-out/2024Q3/区人民医院/工作进展情况报告.pdf' - | tr -d ' \n' | grep -qF '工作进展：第一行@pagebreak|单元格|' && pdftotext -raw '$O/inj-out/2024Q3/区人民医院/工作进展情况报告.pdf' - | tr -d ' \n' | grep -qF '@end|#伪造\\标题'"
    rm -rf "$O/notpl" && mkdir -p "$O/notpl"
    (cd "$O/notpl" && "$J" build --data "$ROOT/data" --templates nowhere --out out --quiet 2>err)
    check "a missing templates directory: exit 1" [ $? = 1 ]
    check "a missing templates directory: said plainly" grep -q "^nowhere: error: cannot read the templates directory: No such file or directory" "$O/notpl/err"

    # --- fuzzer findings, kept: each ends in a diagnostic, never a crash -------------
    local ff name2 out2
    for ff in tests/fuzz/*/*; do
        [ -f "$ff" ] || continue
        name2=$(basename "$(dirname "$ff")")
        rm -rf "$O/ff" && mkdir -p "$O/ff" && cp -r templates "$O/ff/templates"
        case $name2 in
            import) out2=$(timeout 20 "$J" import "$ff" -o "$O/ff/out.json" 2>&1) ;;
            load) out2=$(timeout 20 "$J" check --data "$ff" --templates "$O/ff/templates" 2>&1) ;;
            template) cp "$ff" "$O/ff/templates/progress.tpl"
                      out2=$(timeout 20 "$J" check --data data --templates "$O/ff/templates" 2>&1) ;;
            csv) out2=$(timeout 20 "$J" collect "$ff" --data data -o "$O/ff/out.json" 2>&1) ;;
            *) continue ;;
        esac
        rc=$?
        check "fuzz finding $name2/$(basename "$ff"): exit 0 or 1 (got $rc), no sanitizer report" \
            sh -c "[ $rc -le 1 ] && ! grep -qE 'Sanitizer|runtime error' <<'EOF2'
$out2
EOF2"
    done

    # --- limits: each a clear error naming it, never a hang -------------------------
    python3 tests/cli/py/28_step.py "$O/limits"
    local lim msg
    for lim in "institutions:institutions: 20001, more than the limit of 20000" \
               "tasks:tasks: 2001 tasks and 0 indicators, more than the limit of 2000 tasks" \
               "string:plan.title: string longer than the limit of 1048576 bytes" \
               "nesting:nesting deeper than 1000 levels"; do
        msg=${lim#*:}
        timeout 20 "$J" check --data "$O/limits/${lim%%:*}.json" --quiet 2>"$O/limits/err"
        rc=$?
        check "limit (${lim%%:*}): exit 1 (got $rc) naming the limit" sh -c "[ $rc = 1 ] && grep -qF '$msg' '$O/limits/err'"
    done

    # a name far longer than any title: no quadratic title balancing, no libharu string limit
    python3 -c "
import json
d = {'issuer': {'name': '委', 'doc_code': '督'}, 'plan': {'title': '方案', 'start': '2024-01-01', 'end': '2024-12-31'},
     'period': '2024Q3', 'institutions': [{'id': 'a', 'name': '甲' * 25000, 'short_name': '乙' * 60}],
     'tasks': [{'id': '1', 'title': '任' * 5000}], 'progress': [{'institution': 'a', 'task': '1', 'status': '滞后', 'percent': 5}]}
json.dump(d, open('$O/limits/long-name.json', 'w'), ensure_ascii=False)"
    rm -rf "$O/limits/long-out"
    timeout 60 "$J" build --data "$O/limits/long-name.json" --out "$O/limits/long-out" --jobs 1 --quiet 2>"$O/limits/long.err"
    check "a 25,000-character name: every document made, exit 0 (got $?)" sh -c "[ \$(find '$O/limits/long-out' -name '*.pdf' | wc -l) = 6 ] && [ ! -s '$O/limits/long.err' ]"

    # --- interrupted and failing runs: every output complete or absent -------------
    [ -d "$TMP/int-data" ] || python3 tests/gen_data.py "$TMP/int-data" 3 150 20 2
    local sig want
    for sig in INT TERM; do
        rm -rf "$O/int" && mkdir -p "$O/int"
        "$J" build --data "$TMP/int-data" --out "$O/int/out" --jobs 2 --quiet 2>"$O/int/err" &
        local pid=$!
        sleep 0.5
        kill -$sig $pid
        wait $pid
        rc=$?
        want=$([ $sig = INT ] && echo 130 || echo 143)
        check "SIG$sig: exit $want (got $rc)" [ "$rc" = "$want" ]
        check "SIG$sig: says which documents were not made" grep -qE "(interrupted|terminated): the documents of [0-9]+ institutions? were not made" "$O/int/err"
        check "SIG$sig: every output complete or absent, all in the manifest" python3 tests/cli/py/29_sig_sig_every_output_complete_or_absent_.py "$O/int/out"
    done
    rm -rf "$O/full" && mkdir -p "$O/full"
    (ulimit -f 200; "$J" build --data data --out "$O/full/out" --jobs 2 --quiet 2>"$O/full/err")
    check "a file-size limit (like a full disk): exit 3" [ $? = 3 ]
    check "... names the file and what was not made" sh -c "grep -q '会议材料汇编.pdf: error: cannot' '$O/full/err' && grep -q 'stopped by a write failure: .*nor 会议材料汇编.pdf' '$O/full/err'"
    check "... and leaves no partial file" sh -c "[ ! -e '$O/full/out/2024Q3/会议材料汇编.pdf' ] && [ -z \"\$(find '$O/full' -name '*.tmp-*')\" ] && qpdf --check '$O/full/out/2024Q3/考核评估汇总.pdf' >/dev/null"

    # --- a long document written in parts (pdfjoin) ---------------------------
    # the sample pack (37 pages) in parts of 4 pages: what a 10,000-page pack
    # does with the default 500
    rm -rf "$O/parts" && mkdir -p "$O/parts"
    for run in a b; do
        JINDU_PDF_PART_PAGES=4 "$J" build --data data --out "$O/parts/$run" --only pack --quiet 2>"$O/parts/err.$run"
    done
    local PP="$O/parts/a/2024Q3/会议材料汇编.pdf" WP="$R/会议材料汇编.pdf"
    check "pack in parts: exits 0 with no diagnostics" sh -c "[ -s '$PP' ] && [ ! -s '$O/parts/err.a' ]"
    check "pack in parts: qpdf --check" sh -c "qpdf --check '$PP' >/dev/null"
    check "pack in parts: the same text, in the same places, as the pack in one piece" \
        bash -c "[ \$(pdftotext '$PP' - | wc -c) -gt 20000 ] && pdftotext -bbox '$PP' - 2>/dev/null | cmp -s - <(pdftotext -bbox '$WP' - 2>/dev/null) && pdftotext -layout '$PP' - | cmp -s - <(pdftotext -layout '$WP' -)"
    check "pack in parts: the same pages, title, author, subject and dates" \
        bash -c "pdfinfo '$PP' | grep -q '^Pages: *[345][0-9]$' && cmp -s <(pdfinfo '$PP' | grep -v '^File size') <(pdfinfo '$WP' | grep -v '^File size')"
    check "pack in parts: byte-identical on a second run" cmp -s "$PP" "$O/parts/b/2024Q3/会议材料汇编.pdf"
    check "pack in parts: the same bookmarks (titles, nesting, pages, positions), and a subset name per part" \
        python3 tests/cli/py/30_step.py "$PP" "$WP" "$O/parts/a/2024Q3/manifest.json"
    rm -rf "$O/parts/full" && mkdir -p "$O/parts/full"
    (ulimit -f 300; JINDU_PDF_PART_PAGES=4 "$J" build --data data --out "$O/parts/full/out" --only pack --quiet 2>"$O/parts/full/err")
    check "pack in parts under a file-size limit: exit 3, no partial file" \
        sh -c "[ $? = 3 ] && grep -q '会议材料汇编.pdf: error: cannot write' '$O/parts/full/err' && [ -z \"\$(find '$O/parts/full' -name '*.pdf*')\" ]"

    # --- jindu import: real plans and variants of them ------------------------
    run_counted import python3 tests/import_test.py "$J" "$O/import"

    # --- the bad policy texts: each with its diagnostic ----------------------------

    # --- jindu forms / collect: the quarterly round trip -------------------------
    run_counted forms python3 tests/forms_test.py "$J" "$O/forms"
    run_counted forms-xlsx python3 tests/forms_xlsx_test.py "$J" "$O/forms-xlsx"
    run_counted supervision python3 tests/supervision_test.py "$J" "$O/supervision"
    run_counted ofd python3 tests/ofd_test.py "$J" "$O/ofd"
    run_counted figures python3 tests/figures_test.py "$J" "$O/figures"
    run_counted data-errors python3 tests/data_errors.py "$J" "$O/data-errors"
    run_counted hostile python3 tests/hostile_test.py "$J" "$O/hostile"
    run_counted integrity python3 tests/integrity_test.py "$J" "$O/integrity"

    # --- jindu fonts ---------------------------------------------------------
    "$J" fonts > "$O/fonts.out" 2>&1
    check "jindu fonts: exit 0 with the Debian fonts" [ $? = 0 ]
    check "jindu fonts: roles resolved" sh -c "grep -q '^fs  仿宋: AR PL UMing CN' '$O/fonts.out' && grep -q '^ht  黑体: WenQuanYi Micro Hei' '$O/fonts.out' && grep -q '^kt  楷体: LXGW WenKai' '$O/fonts.out'"
    "$J" fonts --data data > "$O/fonts.data" 2>&1
    check "jindu fonts --data: exit 0 on the sample" [ $? = 0 ]
    check "jindu fonts --data: the sample is fully covered" grep -q ' 0 without a font' "$O/fonts.data"
    "$J" fonts --data "$O/names/data.json" > "$O/fonts.names" 2>&1
    check "jindu fonts --data: exit 1 when a character has no font" [ $? = 1 ]
    check "jindu fonts --data: names the character and where" grep -q "U+20000 '𠀀' (first in institutions\[6\])" "$O/fonts.names"
    rm -rf "$O/ftpl" && mkdir -p "$O/ftpl" && cp -r templates "$O/ftpl/" && printf '@p 𠀀\n' >> "$O/ftpl/templates/partials/task_facts.tpl"
    "$J" fonts --data data --templates "$O/ftpl/templates" > "$O/fonts.tpl" 2>&1
    check "jindu fonts --data: a template's character without a font: exit 1" [ $? = 1 ]
    check "jindu fonts --data: names the template" grep -q "U+20000 '𠀀' (first in $O/ftpl/templates/partials/task_facts.tpl)" "$O/fonts.tpl"
    mkdir -p "$O/otf" && printf 'fs x.otf\n' > "$O/otf/fonts.map" && : > "$O/otf/x.otf"
    "$J" fonts --fonts "$O/otf" > "$O/otf.out" 2>&1
    check "jindu fonts with only an .otf: exit 3" [ $? = 3 ]
    check "jindu fonts: the .otf is refused with its reason" grep -q 'refused: CFF outlines' "$O/otf.out"
    "$J" build --data data --fonts "$O/otf" --out "$O/otf-out" --quiet 2>"$O/otf.err"
    check "build with unusable fonts: exit 3" [ $? = 3 ]
    check "build with unusable fonts: says why" sh -c "grep -q 'OpenType/CFF fonts (.otf) cannot be embedded' '$O/otf.err' && grep -q 'no usable font file for role' '$O/otf.err'"
    check "build with unusable fonts: no PDF" [ -z "$(find "$O/otf-out" -name '*.pdf' 2>/dev/null)" ]
}

section_cli() {
    cli_suite "$ROOT/jindu" normal
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 cli_suite "$ROOT/build/jindu-san" sanitizers
}

section_valgrind() {
    # --- one full build of the sample under valgrind: no leaks, no errors ----------
    echo "== valgrind"
    if command -v valgrind >/dev/null; then
        valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 -q \
            ./jindu build --data data --out "$TMP/vg" --jobs 1 --quiet >"$TMP/vg.log" 2>&1
        check "a full build under valgrind: leak-free, no memory errors" [ $? = 0 ]
        [ -s "$TMP/vg.log" ] && head -30 "$TMP/vg.log"
    else
        fail "valgrind is not installed (make test-deps installs it)"
    fi
}

section_install() {
    # --- make install, jindu init, a build in the new directory ------------------
    echo "== install"
    I="$TMP/install"
    make -s install PREFIX="$I/prefix" >/dev/null 2>&1
    check "make install puts the program, templates, font map, sample data and man page in place" \
        sh -c "[ -x '$I/prefix/bin/jindu' ] && [ -f '$I/prefix/share/jindu/templates/progress.tpl' ] && [ -f '$I/prefix/share/jindu/templates/partials/task_facts.tpl' ] && [ -f '$I/prefix/share/jindu/fonts/fonts.map' ] && [ -f '$I/prefix/share/jindu/data/plan.json' ] && [ -f '$I/prefix/share/man/man1/jindu.1' ]"
    make -s install PREFIX=/usr DESTDIR="$I/stage" >/dev/null 2>&1
    check "make install honours DESTDIR" test -x "$I/stage/usr/bin/jindu" -a -f "$I/stage/usr/share/jindu/templates/notice.tpl"
    "$I/prefix/bin/jindu" init "$I/project" --quiet
    check "jindu init makes data/, templates/ and fonts/" \
        sh -c "[ -f '$I/project/data/tasks.json' ] && [ -f '$I/project/templates/pack.tpl' ] && [ -f '$I/project/fonts/README.md' ]"
    (cd "$I/project" && "$I/prefix/bin/jindu" build --quiet)
    check "a build in the new directory exits 0" [ $? = 0 ]
    check "... and makes every document" sh -c "[ \$(find '$I/project/out' -name '*.pdf' | wc -l) = 13 ]"
    "$I/prefix/bin/jindu" init "$I/project" --quiet 2>"$I/init.err"
    check "jindu init refuses a directory with work in it" [ $? != 0 ]
    check "jindu init says why it refuses" grep -q 'already exists and is not empty' "$I/init.err"
    # a new plan, start to finish: init from the plan's text, check, the first forms
    "$I/prefix/bin/jindu" init "$I/newplan" --plan tests/import/rongchang-2023-39.txt --quiet 2>"$I/newplan.err"
    check "jindu init --plan: exit 0" [ $? = 0 ]
    check "... no sample data: no progress entries, the plan's own title" python3 tests/cli/py/31_no_sample_data_no_progress_entries_the_p.py "$I/newplan/data"
    (cd "$I/newplan" && "$I/prefix/bin/jindu" check 2>"$I/newplan.check")
    check "... jindu check there exits 0" [ $? = 0 ]
    check "... and lists what is left to fill, with file and line" \
        grep -q "^data/plan.json:[0-9]*:[0-9]*: warning: 还需填写 / to fill in: 待填写：发文单位全称" "$I/newplan.check"
    check "... and the units to confirm as reporting bodies" \
        grep -q "^data/institutions.json:[0-9]*:[0-9]*: warning: 还需确认" "$I/newplan.check"
    check "... and the period it guessed, to confirm" \
        grep -q "^data/plan.json:[0-9]*:[0-9]*: warning: 还需确认 / to confirm: 待确认：本期季度 period 为 20[0-9][0-9]Q[1-4]" "$I/newplan.check"
    (cd "$I/newplan" && "$I/prefix/bin/jindu" forms --quiet)
    check "... jindu forms works with no edit: one form per proposed institution" \
        sh -c "[ \$(ls '$I/newplan/out/'*/forms/*.xlsx | wc -l) = \$(python3 -c \"import json; print(len(json.load(open('$I/newplan/data/institutions.json'))['institutions']))\") ]"
    rm -f "$I/newplan/data/progress.json" && rm -rf "$I/newplan/out"
    (cd "$I/newplan" && "$I/prefix/bin/jindu" forms --quiet)
    check "... and with no progress at all (a plan's first quarter), jindu forms still works" \
        sh -c "[ \$(ls '$I/newplan/out/'*/forms/*.xlsx | wc -l) -gt 3 ]"
    mkdir -p "$I/bare" && cp -r data "$I/bare/data"
    (cd "$I/bare" && "$I/prefix/bin/jindu" build --only progress --quiet)
    check "without templates/ in the directory, the installed ones are used" [ "$(find "$I/bare/out" -name '*.pdf' | wc -l)" = 4 ]
    check "man page renders and names every command" sh -c "man -l '$I/prefix/share/man/man1/jindu.1' 2>/dev/null | tr -s ' ' | grep -c 'jindu \\(build\\|check\\|preview\\|import\\|fonts\\|forms\\|collect\\|merge\\|init\\) ' | grep -qx 9"
    man --warnings -l "$I/prefix/share/man/man1/jindu.1" 2>"$I/man.err" >/dev/null
    check "man page renders without warnings" test ! -s "$I/man.err"
}

section_fuzz() {
    # --- every fuzzing seed and kept finding through its harness (no fuzzing) -----
    echo "== fuzz replay"
    if command -v clang >/dev/null; then
        out=$(make -s fuzz FUZZ_SECONDS=0 2>&1)
        echo "$out" | grep "^fuzz_" | sed 's/^/  /'
        # every harness the Makefile builds
        for h in $(sed -n 's/^FUZZERS *= *//p' Makefile); do
            check "fuzz_$h: its seeds and kept findings run clean" grep -q "^fuzz_$h: [0-9]* seeds and findings replayed, none fails" <<<"$out"
        done
    else
        fail "clang is not installed (make test-deps installs it): the fuzzing corpus was not replayed"
    fi
}

# What a kind of document adds to its process must not grow with the
# institutions (issue 35): 150 against 1500, each kind within 1.5 times.
section_memory() {
    echo "== memory"
    python3 tests/memory_growth.py --self-test >/dev/null
    check "memory growth: the comparison fails on a kind that grows" [ $? = 0 ]
    local out
    out=$(python3 tests/memory_growth.py "$ROOT/jindu" "$TMP/memory" 2>&1)
    check "memory growth: no kind of document needs more memory for 1500 institutions than 1.5 times what it needs for 150" [ $? = 0 ]
    echo "$out"
}

section_slurm() {
    # --- the Slurm example on a private single-node cluster -----------------------
    echo "== slurm"
    run_counted slurm bash tests/slurm_test.sh "$ROOT/jindu"
}

# make deb in a copy of the tree (dpkg-buildpackage writes beside it and
# cleans build/), lintian clean; the package unpacked (not installed) and
# its jindu run from there: init, then build, without the checkout.
section_deb() {
    echo "== deb"
    local D="$TMP/deb" out
    mkdir -p "$D/jindu"
    git ls-files -z | tar --null -cf - -T - | tar -xf - -C "$D/jindu"
    out=$(cd "$D/jindu" && make deb 2>&1)
    check "make deb: a package, lintian without errors" sh -c "[ $? = 0 ] && ls '$D'/jindu_*_*.deb >/dev/null"
    echo "$out" | grep -E "^E: " | sed 's/^/  /'
    local deb version
    deb=$(ls "$D"/jindu_*_*.deb 2>/dev/null | grep -v dbgsym | head -1)
    version=$(sed -n '1s/^jindu (\([^)]*\)).*/\1/p' debian/changelog)
    check "the package is jindu_${version}_<arch>.deb" sh -c "case '$deb' in *jindu_${version}_*.deb) true;; *) false;; esac"
    dpkg-deb -x "$deb" "$D/root" 2>/dev/null
    check "it holds the program, the man page, the templates, the font map and a copyright file" sh -c \
        "[ -x '$D/root/usr/bin/jindu' ] && [ -f '$D/root/usr/share/man/man1/jindu.1.gz' ] && \
         [ -f '$D/root/usr/share/jindu/templates/notice.tpl' ] && [ -f '$D/root/usr/share/jindu/fonts/fonts.map' ] && \
         [ -f '$D/root/usr/share/doc/jindu/copyright' ]"
    check "its Depends hold the libraries and the font packages" sh -c \
        "dpkg-deb -f '$deb' Depends | grep -q libhpdf && dpkg-deb -f '$deb' Depends | grep -q fonts-lxgw-wenkai"
    check "jindu --version says the package's version" sh -c "'$D/root/usr/bin/jindu' --version | grep -qx 'jindu $version'"
    (cd "$D" && "$D/root/usr/bin/jindu" init proj --quiet && cd proj && "$D/root/usr/bin/jindu" build --quiet)
    check "the packaged jindu: init, then build, with no checkout" \
        sh -c "[ -s '$D/proj/out/2024Q3/区中医院/督办通知.pdf' ] && python3 -c \"import json,sys; m=json.load(open('$D/proj/out/2024Q3/manifest.json')); sys.exit(len(m['files']) < 10)\""
}

# T=layers, unit, cli, valgrind, install, fuzz, memory, slurm or deb: that section alone
if [ -n "${T:-}" ] && grep -qw -- "$T" <<<"$SECTIONS"; then
    section=$T
    T=''   # every check of the section counts, not only those named like it
    "section_$section"
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" = 0 ]
    exit
fi
for section in $SECTIONS; do "section_$section"; done

echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]
