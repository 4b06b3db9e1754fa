# tests/run.sh: bookmarks: every title and heading, on the page where it really is
import glob, json, subprocess, sys
for pdf in glob.glob(sys.argv[1] + "/*/*.pdf"):
    outl = json.loads(subprocess.run(["qpdf", "--json", "--json-key=outlines", pdf], capture_output=True,
                                     text=True, check=True).stdout)["outlines"]
    seen = 0
    def walk(items):
        global seen
        for o in items:
            page = o["destpageposfrom1"]
            text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"], capture_output=True,
                                  text=True).stdout.replace("\n", "")
            assert o["title"] in text, (pdf, o["title"], page)
            seen += 1
            walk(o["kids"])
    walk(outl)
    assert seen >= 5, (pdf, seen)
