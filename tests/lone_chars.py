#!/usr/bin/env python3
"""lone_chars.py PDF...: no paragraph or table cell ends on a line of one
character and its closing punctuation (孤字: `日。`, `设`), issue 22.
Read with `pdftotext -bbox-layout`: in each block of two lines or more,
the last line's characters other than closing marks and blanks must be
more than one. Exit 1 on any, naming them.
usage: lone_chars.py PDF...   (prints "lone_chars: N in M files")"""
import re
import subprocess
import sys

CLOSE = set("，。、；：？！）》」』”’…—〕】")


def lone(pdf):
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True).stdout
    out = []
    for block in re.findall(r"<block[^>]*>(.*?)</block>", xml, re.S):
        lines = re.findall(r"<line[^>]*>(.*?)</line>", block, re.S)
        if len(lines) < 2:
            continue
        words = ["".join(re.findall(r">([^<]*)</word>", l)) for l in lines]
        real = [c for c in words[-1] if c not in CLOSE and not c.isspace()]
        if len(real) == 1 and "\u4e00" <= real[0] <= "\u9fff":
            out.append(f"{pdf}: …{words[-2][-6:]} / {words[-1]}")
    return out


def main():
    bad = [x for pdf in sys.argv[1:] for x in lone(pdf)]
    print("\n".join(bad[:20]))
    print(f"lone_chars: {len(bad)} in {len(sys.argv) - 1} files")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
