#!/usr/bin/env python3
"""Measure a supervision notice against typesetting.md (GB/T 9704-2012).

usage: notice_geometry.py NOTICE.pdf HEADER NUMBER [--cc] [--joined] [--sealed]
Text boxes come from `pdftotext -bbox`, rules from the uncompressed content
streams (`qpdf --qdf`). Tolerance ±0.5 mm, as the acceptance checks use."""
import re
import subprocess
import sys

MM = 72 / 25.4
TOL = 0.5 * MM
PAGE_H = 297 * MM
TOP, LEFT, W, H = 37 * MM, 28 * MM, 156 * MM, 225 * MM      # text block, from the page's top-left
PITCH = H / 22
errors = []


def near(a, b, what, tol=TOL):
    if abs(a - b) > tol:
        errors.append(f"{what}: {a / MM:.2f} mm, want {b / MM:.2f} mm")


def page_has_image(pdf, page):
    out = subprocess.run(["pdfimages", "-f", str(page), "-l", str(page), "-list", pdf], capture_output=True,
                         text=True).stdout
    return len(out.strip().splitlines()) > 2


def joined(words):
    """Words on one line less than a character apart joined into one (--joined: a PDF that
    LibreOffice printed from the .docx sets digits in another font, with gaps poppler splits at)."""
    out = []
    for w in sorted(words, key=lambda w: (round((w[1] + w[3]) / 2), w[0])):
        if out and abs((out[-1][1] + out[-1][3]) / 2 - (w[1] + w[3]) / 2) < 2 and 0 <= w[0] - out[-1][2] < 8:
            p = out[-1]
            out[-1] = (p[0], min(p[1], w[1]), w[2], max(p[3], w[3]), p[4] + w[4])
        else:
            out.append(w)
    return out


def words_by_page(pdf):
    xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page)]
        pages.append(joined(words) if "--joined" in sys.argv else words)
    return pages


def rules_by_page(pdf):
    """Stroked lines per page: (x1, y1, x2, y2, width, colour) in top-down coordinates."""
    qdf = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"], capture_output=True,
                         check=True).stdout.decode("latin-1")
    pages = []
    for m in re.finditer(r"%% Contents for page (\d+)\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<.*?>>\nstream\n(.*?)endstream", qdf, re.S):
        content = m.group(2)
        width, colour, rules = 1.0, None, []
        for tok in re.finditer(r"([-\d.]+) w\b|([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) K\b|"
                               r"([-\d.]+) ([-\d.]+) m\s+([-\d.]+) ([-\d.]+) l\s+S|"
                               r"([-\d.]+) ([-\d.]+) ([-\d.]+) RG\b", content):
            if tok.group(1):
                width = float(tok.group(1))
            elif tok.group(2):
                colour = tuple(float(tok.group(i)) for i in range(2, 6))
            elif tok.group(10):   # RGB (LibreOffice's PDF of the .docx): as CMYK
                r, g, b = (float(tok.group(i)) for i in range(10, 13))
                k = 1 - max(r, g, b)
                colour = (0.0, 0.0, 0.0, 1.0) if k >= 1 else tuple(round((1 - v - k) / (1 - k), 3) for v in (r, g, b)) + (k,)
            else:
                x1, y1, x2, y2 = (float(tok.group(i)) for i in range(6, 10))
                rule = (x1, PAGE_H - y1, x2, PAGE_H - y2, width, colour)
                if rule not in rules:   # LibreOffice strokes a border twice
                    rules.append(rule)
        pages.append(rules)
    return pages


def is_red(colour):
    """GB/T 9704's red: jindu's C0 M80 Y80 K0, or the pure red of the .docx as LibreOffice prints it."""
    return bool(colour) and colour[0] < 0.1 and colour[1] >= 0.8 - 1e-3 and colour[2] >= 0.8 - 1e-3 and colour[3] < 0.1


def grid_line(box):
    """The grid line a text box is centred in, and how far it is off centre."""
    mid = (box[1] + box[3]) / 2 - TOP
    n = round(mid / PITCH - 0.5)
    return n, mid - (n + 0.5) * PITCH


def main():
    pdf, header, number = sys.argv[1], sys.argv[2], sys.argv[3]
    pages, rules = words_by_page(pdf), rules_by_page(pdf)
    first = pages[0]
    hdr = [w for w in first if w[4] == header]
    num = [w for w in first if w[4] == number]
    if not hdr or not num:
        print(f"header or number not found on page 1: {[w[4] for w in first[:4]]}")
        sys.exit(1)
    hdr, num = hdr[0], num[0]
    # 2. red header: top 35 mm below the block's top, centred, one line within the block
    near(hdr[1], TOP + 35 * MM, "header top")
    near((hdr[0] + hdr[2]) / 2, LEFT + W / 2, "header centre")
    if hdr[2] - hdr[0] > W + TOL:
        errors.append("header wider than the text block")
    # 3. number: centred, on the grid, two blank lines below the header
    near((num[0] + num[2]) / 2, LEFT + W / 2, "number centre")
    n_num, off = grid_line(num)
    near(off, 0, "number on its grid line")
    n_hdr_bottom = int((hdr[3] - TOP) // PITCH)
    if n_num != n_hdr_bottom + 3:
        errors.append(f"number on grid line {n_num}, want {n_hdr_bottom + 3} (two blank lines below the header)")
    # 4. red line: block width, 4 mm below the number
    red = [r for r in rules[0] if is_red(r[5])]
    if len(red) != 1:
        errors.append(f"{len(red)} red lines on page 1, want 1")
    else:
        x1, y, x2, _, width, _ = red[0]
        near(min(x1, x2), LEFT, "red line left")
        near(max(x1, x2), LEFT + W, "red line right")
        near(y - width / 2, num[3] + 4 * MM, "red line 4 mm below the number")
        # 5. title: two blank lines below the red line
        body = sorted((w for w in first if w[1] > y), key=lambda w: w[1])
        if body:
            n_title, off = grid_line(body[0])
            n_red = int((y - TOP) // PITCH)
            if n_title != n_red + 3:
                errors.append(f"title on grid line {n_title}, want {n_red + 3} (two blank lines below the red line)")
    # body text: inside the block on every page; full lines end at its right edge
    for i, page in enumerate(pages, 1):
        for w in page:
            # LibreOffice hangs a closing mark that may not start a line past the edge (标点悬挂): in
            # its print of the .docx one such mark, at most a character wide, is allowed
            hanging = "--joined" in sys.argv and w[4][-1:] in "，。、；：？！）》”" and w[2] <= LEFT + W + W / 28 + TOL
            if w[1] < TOP + H and (w[0] < LEFT - TOL or (w[2] > LEFT + W + TOL and not hanging) or w[1] < TOP - TOL):
                errors.append(f"page {i}: '{w[4]}' outside the text block")
    # signature and date (7.3.5): with a seal (7.3.5.1) the date four characters in from the right and the
    # signer centred over it; without (7.3.5.2) the signer two characters in from the right and the date
    # starting two characters right of the signer's first, or, where the date would then pass that inset,
    # the date two characters in and the signer two characters left of it
    dates = [(i, w) for i, p in enumerate(pages) for w in p if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", w[4])]
    if dates:
        i, date = dates[0]
        ch = W / 28
        seal = page_has_image(pdf, i + 1) or "--sealed" in sys.argv   # a .docx keeps the seal's room, not the seal
        above = [w for w in pages[i] if abs(w[3] - (date[1] - (PITCH - (date[3] - date[1])))) < 3 * MM and w[2] > LEFT + W / 2]
        if not above:
            errors.append("no signature above the date")
        elif seal:
            near(date[2], LEFT + W - 4 * ch, "date 4 characters in from the right")
            centre = (date[0] + date[2]) / 2
            if "--joined" in sys.argv:
                # a .docx printed without the office's fonts: its digits are not half a character wide, so
                # the signer is centred on the date as those fonts set it (CJK a character, digits half)
                width = sum(0.5 if c.isdigit() else 1 for c in date[4]) * ch
                centre = date[2] - width / 2
            near((above[0][0] + above[0][2]) / 2, centre, "signature centred over the date", 0.5 * MM)
        else:
            near(date[0], above[0][0] + 2 * ch, "date starting 2 characters right of the signer's first")
            if abs(above[0][2] - (LEFT + W - 2 * ch)) > TOL:
                near(date[2], LEFT + W - 2 * ch, "signer, or else the date, 2 characters in from the right")
    else:
        errors.append("no date line")
    # 版记 on the last page: 抄送 and 印发 lines, the last rule on the block's bottom edge
    last = pages[-1]
    texts = " ".join(w[4] for w in last)
    # 抄送 is there only when the issuer has a cc list; the 印发 line always
    if "印发" not in texts:
        errors.append("印发 line missing from the last page")
    if len(sys.argv) > 4 and sys.argv[4] == "--cc" and "抄送：" not in texts.replace(" ", ""):
        errors.append("抄送 line missing from the last page")
    issued = [w for w in last if w[4].endswith("印发")]
    if issued:
        n, off = grid_line(issued[0])
        if n != 21:
            errors.append(f"印发 line on grid line {n}, want the last (21)")
        near(issued[0][2], LEFT + W - 14, "印发日期 one character from the right")
    black = [r for r in rules[-1] if r[5] == (0.0, 0.0, 0.0, 1.0) and abs(r[1] - r[3]) < 1e-6 and
             abs(max(r[0], r[2]) - min(r[0], r[2]) - W) < TOL]
    if not black:
        errors.append("no 版记 rules on the last page")
    else:
        bottom = max(black, key=lambda r: r[1])
        near(bottom[1] + bottom[4] / 2, TOP + H, "last 版记 rule on the block's bottom edge")
        near(bottom[4], 0.35 * MM, "last 版记 rule 0.35 mm", 0.05 * MM)
    # page numbers: — N — odd right, even left, 7 mm below the block; none on a 版记 page after a blank page
    for i, page in enumerate(pages, 1):
        num_words = [w for w in page if w[1] > TOP + H + 3 * MM]
        text = " ".join(w[4] for w in num_words)
        body_words = [w for w in page if w[1] < TOP + H]
        only_colophon = all("印发" in w[4] or w[1] > TOP + 18 * PITCH for w in body_words)
        if only_colophon and i == len(pages) and i > 1 and not pages[i - 2]:
            # 7.5: after a blank page neither is numbered; otherwise the 版记 page is
            if num_words:
                errors.append(f"page {i} holds only the 版记 after a blank page but has a page number")
            continue
        if not page and i == len(pages) - 1:
            continue   # the blank page before a 版记 that must fall on an even page: no number either
        if text.replace(" ", "") != f"—{i}—":
            errors.append(f"page {i}: page number '{text}'")
        elif i % 2:
            near(max(w[2] for w in num_words), LEFT + W - 14, f"page {i} number right-aligned one character in")
        else:
            near(min(w[0] for w in num_words), LEFT + 14, f"page {i} number left-aligned one character in")
    if errors:
        print("\n".join(errors))
        sys.exit(1)


if __name__ == "__main__":
    main()
