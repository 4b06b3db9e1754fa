#!/usr/bin/env python3
"""Page-level composition rules (issue 32, typesetting.md), measured from the PDFs.

usage: page_rules.py [--rule NAME]... PDF...
       page_rules.py --self-test      (each rule shown to fail on a page made to break it)

Rules (all by default):
  below     nothing but the page number below the text block
  empty     no page but a document's last, or one before a forced break (a blank
            page, 附件, a new title, the contents), more than 35 % empty
  heading   a heading (一、 （一）) is never the last line of a page
  header    a table continued on the next page leaves its header with at least two rows
  chart     every part of a chart carries its title (a continued part: 续)
  signature signature and date in one of GB/T 9704 7.3.5's two styles
  colophon  the 版记 page numbered unless a blank page stands before it
  contents  contents leaders reach within a quarter em of the page numbers; a
            wrapped entry's next lines hang under its text
Positions come from `pdftotext -bbox` (points, from the page's top-left)."""
import re
import subprocess
import sys

MM = 72 / 25.4
PORTRAIT = (28 * MM, 37 * MM, 156 * MM, 225 * MM)      # left, top, width, height of the text block
LANDSCAPE = (37 * MM, 26 * MM, 225 * MM, 156 * MM)
EM = 156 * MM / 28
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
PAGE_NUMBER = re.compile(r"^(—|\d+)$")


def pages_of(pdf):
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    out = []
    for page in xml.split("<page ")[1:]:
        w, h = (float(x) for x in re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        out.append({"w": w, "h": h, "words": words, "images": 0})
    lst = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
    for row in lst:
        n = int(row.split()[0])
        if 0 < n <= len(out):
            out[n - 1]["images"] += 1
    return out


def block(p):
    return LANDSCAPE if p["w"] > p["h"] else PORTRAIT


def body(p):
    """Words inside or above the block's foot (the page number, 7 mm below it, left out)."""
    left, top, width, height = block(p)
    return [w for w in p["words"] if not (w[1] > top + height + 3 * MM and PAGE_NUMBER.match(w[4]))]


def lines(words):
    """Words grouped into lines by their vertical centre, top to bottom, each left to right."""
    rows = []
    for w in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        c = (w[1] + w[3]) / 2
        if rows and abs(rows[-1][0] - c) < 3:
            rows[-1][1].append(w)
        else:
            rows.append([c, [w]])
    return [sorted(r[1]) for r in rows]


def text_of(line):
    return "".join(w[4] for w in line)


def forced_break_after(pages, i):
    """Page i ends before a forced break: the next page is blank, a 附件, the contents, a new title,
    or the 版记 alone on the last page."""
    if i + 1 >= len(pages):
        return True
    nxt = lines(body(pages[i + 1]))
    if not nxt:
        return True
    first = nxt[0]
    left, top, width, height = block(pages[i + 1])
    if any(w[4].endswith("印发") for w in nxt[-1]) and all(w[1] > top + height * 2 / 3 for l in nxt for w in l):
        return True                                # the 版记 alone on an even page (GB/T 9704 7.4)
    if text_of(first).startswith("附件") or text_of(first).replace(" ", "") in ("目录",):
        return True
    if any(w[3] - w[1] > 20 for w in first):      # a 二号 title (22 pt) opens a new document or part
        return True
    if pages[i + 1]["w"] > pages[i + 1]["h"] or pages[i]["w"] > pages[i]["h"]:
        return True                                # a turned page for a wide table, or back from one
    red = [w for w in first if w[3] - w[1] > 30]   # the red header of an official document
    return bool(red)


def check_below(pdf, pages, bad):
    for i, p in enumerate(pages, 1):
        left, top, width, height = block(p)
        for w in body(p):
            if w[3] > top + height + 1.5:
                bad.append(f"{pdf}: p{i}: '{w[4][:20]}' ends {(w[3] - top - height) / MM:.1f} mm below the text block")


def check_empty(pdf, pages, bad):
    for i, p in enumerate(pages):
        words = body(p)
        if not words or forced_break_after(pages, i):
            continue
        left, top, width, height = block(p)
        lowest = max(w[3] for w in words)
        empty = (top + height - lowest) / height
        if empty > 0.35:
            bad.append(f"{pdf}: p{i + 1}: {empty:.0%} of the text block empty")


def check_heading(pdf, pages, bad):
    for i, p in enumerate(pages[:-1]):
        ls = lines(body(p))
        if not ls:
            continue
        last = ls[-1]
        left, top, width, height = block(p)
        t = text_of(last)
        if HEADING.match(t) and len(last) == 1 and last[-1][2] < left + width - 2 * EM and not forced_break_after(pages, i):
            bad.append(f"{pdf}: p{i + 1}: heading '{t}' is the page's last line")


def table_rows_below(page_lines, k, col):
    """Rows of a table below its header line k: numbers in the header's first column."""
    n = 0
    for ln in page_lines[k + 1:]:
        first = [w for w in ln if w[0] < col[2] + 2 and w[2] > col[0] - 2]
        if first and re.fullmatch(r"\d+", first[0][4]):
            n += 1
    return n


def check_header(pdf, pages, bad):
    for i, p in enumerate(pages[:-1]):
        ls = lines(body(p))
        nxt = lines(body(pages[i + 1]))
        if not ls or not nxt:
            continue
        for k, ln in enumerate(ls):
            if ln[0][4] != "序号":
                continue
            if any(text_of(l).startswith(("序号",)) for l in ls[k + 1:]):
                continue                            # another table follows on this page: not the last
            col = ln[0]
            continues = text_of(nxt[0]) == text_of(ln) or (re.fullmatch(r"\d+", nxt[0][0][4])
                                                            and col[0] - 2 < nxt[0][0][0] and nxt[0][0][2] < col[2] + 2)
            rows = table_rows_below(ls, k, ln[0])
            if continues and rows < 2:
                bad.append(f"{pdf}: p{i + 1}: table header '{text_of(ln)[:20]}' with {rows} row(s) at the page's foot")


def is_axis(line):
    """The tick labels under a bar chart: 0%, 25%, 50% … or 0, 5, 10 …, evenly spaced."""
    if len(line) < 3 or not all(re.fullmatch(r"\d+(\.\d+)?[%分项家个]?", w[4]) for w in line):
        return False
    if float(re.match(r"[\d.]+", line[0][4]).group()) != 0:
        return False
    centres = [(w[0] + w[2]) / 2 for w in line]
    gaps = [b - a for a, b in zip(centres, centres[1:])]
    return max(gaps) - min(gaps) < 2


def check_chart(pdf, pages, bad):
    for i, p in enumerate(pages, 1):
        left, top, width, height = block(p)
        ls = lines(body(p))
        since_title = False
        for ln in ls:
            centre = (ln[0][0] + ln[-1][2]) / 2
            if len(ln) == 1 and abs(centre - (left + width / 2)) < 2 and 12 <= ln[0][3] - ln[0][1] <= 15:
                since_title = True                 # a chart's title: 小4 黑体, centred, alone on its line
            elif is_axis(ln):
                if not since_title:
                    bad.append(f"{pdf}: p{i}: a chart's axis with no title above it on the page")
                since_title = False


def check_signature(pdf, pages, bad):
    left, top, width, height = PORTRAIT
    right = left + width
    for i, p in enumerate(pages, 1):
        ls = lines(body(p))
        for k, ln in enumerate(ls):
            if len(ln) != 1 or not DATE.match(ln[0][4]) or ln[0][0] < left + width / 2 or k == 0:
                continue
            sig = ls[k - 1]
            if len(sig) != 1 or sig[0][0] < left + width / 4:
                continue                            # a date inside the text, not a signature block
            d, s = ln[0], sig[0]
            if p["images"]:                         # sealed (7.3.5.1): date 4 in, signer centred on it
                ok = abs(d[2] - (right - 4 * EM)) < 1.5 and abs((s[0] + s[2]) / 2 - (d[0] + d[2]) / 2) < 1.5
                style = "7.3.5.1 (date 4 characters in, signer centred over it)"
            else:                                   # unsealed (7.3.5.2)
                shift = abs(d[0] - (s[0] + 2 * EM)) < 1.5
                ok = shift and (abs(s[2] - (right - 2 * EM)) < 1.5 or abs(d[2] - (right - 2 * EM)) < 1.5)
                style = "7.3.5.2 (signer 2 characters in, the date 2 right of its first character)"
            if not ok:
                bad.append(f"{pdf}: p{i}: signature '{s[4]}' / '{d[4]}' not in style {style}: "
                           f"signer {s[0]:.1f}–{s[2]:.1f}, date {d[0]:.1f}–{d[2]:.1f}, block right {right:.1f}")


def check_colophon(pdf, pages, bad):
    for i, p in enumerate(pages):
        left, top, width, height = block(p)
        issued = [w for w in p["words"] if w[4].endswith("印发") and w[3] > top + height - 2 * EM]
        if not issued:
            continue
        numbered = any(w[1] > top + height + 3 * MM for w in p["words"])
        blank_before = i > 0 and not pages[i - 1]["words"]
        if not numbered and not blank_before:
            bad.append(f"{pdf}: p{i + 1}: the 版记 page has no page number (GB/T 9704 7.5)")
        if numbered and blank_before:
            bad.append(f"{pdf}: p{i + 1}: the 版记 page after a blank page has a page number")


def check_contents(pdf, pages, bad):
    for i, p in enumerate(pages, 1):
        ls = lines(body(p))
        if not ls or text_of(ls[0]) != "目录":
            continue
        entry_x = None
        for ln in ls[1:]:
            num = ln[-1]
            if not re.fullmatch(r"\d+", num[4]):
                if entry_x is not None and ln[0][0] < entry_x + 0.9 * EM:
                    bad.append(f"{pdf}: p{i}: contents entry wrapped without a hanging indent: '{text_of(ln)[:16]}'")
                entry_x = ln[0][0] if entry_x is None else entry_x
                continue
            start = ln[0][0]
            dots = [w for w in ln if set(w[4]) == {"·"}]
            if not dots:
                bad.append(f"{pdf}: p{i}: contents entry '{text_of(ln)[:16]}' has no leaders")
            elif num[0] - dots[-1][2] > EM / 4 + 0.5:
                bad.append(f"{pdf}: p{i}: leaders of '{text_of(ln)[:16]}' stop {num[0] - dots[-1][2]:.1f} pt before the number")
            if entry_x is not None and start < entry_x + 0.9 * EM and start <= entry_x + 0.5:
                pass                                # a one-line entry after a wrapped one
            entry_x = None if len(ln) > 1 else start


RULES = {"below": check_below, "empty": check_empty, "heading": check_heading, "header": check_header,
         "chart": check_chart, "signature": check_signature, "colophon": check_colophon, "contents": check_contents}


def run(pdfs, rules):
    bad = []
    for pdf in pdfs:
        pages = pages_of(pdf)
        for r in rules:
            RULES[r](pdf, pages, bad)
    return bad


def self_test():
    """Each rule fails on a page built to break it (words as pdftotext gives them)."""
    left, top, width, height = PORTRAIT
    bottom, right = top + height, left + width

    def page(words, images=0):
        return {"w": 595.28, "h": 841.89, "words": words, "images": images}

    def line(y, *texts, x=left, size=16):
        out = []
        for t in texts:
            out.append((x, y, x + size * len(t), y + size * 1.05, t))
            x += size * len(t) + size
        return out

    full = [w for n in range(22) for w in line(top + n * height / 22, "正" * 28)]
    cases = {
        "below": [page(line(bottom - 5, "轴标签"))],
        "empty": [page(line(top, "正文")), page(line(top, "正文"))],
        "heading": [page(full[:-1] + line(bottom - 20, "二、整改要求")), page(line(top, "正文"))],
        "header": [page(full[:-3] + line(bottom - 40, "序号", "事项") + line(bottom - 20, "1", "甲")),
                   page(line(top, "序号", "事项") + line(top + 20, "2", "乙"))],
        "chart": [page([(left + 100 + k * 80 - 8, top, left + 100 + k * 80 + 8, top + 9, f"{25 * k}%") for k in range(5)])],
        "signature": [page(line(top, "正文") + [(right - 2 * EM - 100, top + 30, right - 2 * EM, top + 46, "某某委员会"),
                                               (right - 2 * EM - 90, top + 60, right - 2 * EM, top + 76, "2024年9月30日")])],
        "colophon": [page(full), page([(left, bottom - 16, right - EM, bottom - 1, "某某办公室 2024年9月30日印发")])],
        "contents": [page(line(top, "目录") + line(top + 40, "某某报告") + [(400, top + 40, 450, top + 57, "······"),
                                                                       (500, top + 40, 508, top + 57, "5")])],
    }
    failed = []
    for rule, pages in cases.items():
        bad = []
        RULES[rule]("self-test", pages, bad)
        if not bad:
            failed.append(rule)
    if failed:
        print("self-test: these rules did not fail on a page that breaks them: " + ", ".join(failed))
        return 1
    return 0


def main():
    args = sys.argv[1:]
    if args == ["--self-test"]:
        sys.exit(self_test())
    rules = []
    while args and args[0] == "--rule":
        rules.append(args[1])
        args = args[2:]
    bad = run(args, rules or list(RULES))
    if bad:
        print("\n".join(bad[:30]) + (f"\n… {len(bad)} in all" if len(bad) > 30 else ""))
        sys.exit(1)


if __name__ == "__main__":
    main()
