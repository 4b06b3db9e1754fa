/* docx.c - see docx.h. The package: content types, relationships, the
 * styles (docx_styles), settings, the two footers, document properties
 * without dates, and word/document.xml (docx_body.c), into a ZIP written
 * front to back (base/zipwrite.h). */
#include "docx/docx.h"
#include "docx/docxint.h"

#include <stdio.h>
#include <string.h>

void docx_styles(Xml *x);   /* docx_styles.c */

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/word/footer2.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    "</Types>";

static const char PACKAGE_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" "
    "Target=\"docProps/app.xml\"/>"
    "</Relationships>";

static const char DOCUMENT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdStyles\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rIdSettings\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
    "<Relationship Id=\"rIdFooterOdd\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rIdFooterEven\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>"
    "</Relationships>";

static const char APP[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
    "<Application>jindu</Application></Properties>";

/* settings.xml: odd and even footers differ (GB/T 9704 7.5), Chinese
 * line-breaking rules, the grid's character pitch honoured. */
static void settings(Xml *x)
{
    xml_el(x, "w:settings");
    xml_attr(x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xml_el(x, "w:evenAndOddHeaders");
    xml_close(x);
    xml_val(x, "w:defaultTabStop", "420");
    xml_val(x, "w:characterSpacingControl", "compressPunctuation");
    xml_el(x, "w:compat");
    xml_el(x, "w:compatSetting");
    xml_attr(x, "w:name", "compatibilityMode");
    xml_attr(x, "w:uri", "http://schemas.microsoft.com/office/word");
    xml_attr(x, "w:val", "15");
    xml_close(x);
    xml_close(x);
    xml_close(x);
}

/* A footer: "— PAGE —" in 4号宋体, odd pages right-aligned one character
 * in, even pages left-aligned one character in. */
static void footer(Xml *x, bool odd)
{
    xml_el(x, "w:ftr");
    xml_attr(x, "xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
    xml_el(x, "w:p");
    PPr p = { .style = "Footer", .jc = odd ? "right" : "left" };
    if (odd) p.right_chars = 88;   /* one 4号 character, in 三号 characters of the grid */
    else p.left_chars = 88;
    docx_ppr(x, &p);
    docx_runs(x, "— ", COLOR_BLACK);
    static const char *const FIELD[3] = { "begin", NULL, "end" };
    for (int i = 0; i < 3; i++) {
        xml_el(x, "w:r");
        if (FIELD[i]) {
            xml_el(x, "w:fldChar");
            xml_attr(x, "w:fldCharType", FIELD[i]);
        } else {
            xml_el(x, "w:instrText");
            xml_attr(x, "xml:space", "preserve");
            xml_text(x, " PAGE ", 6);
        }
        xml_close(x);
        xml_close(x);
    }
    docx_runs(x, " —", COLOR_BLACK);
    xml_close(x);
    xml_close(x);
}

/* core.xml: title, author and subject; no dates (the same tree, the same bytes). */
static void core(Xml *x, const DocTree *t)
{
    xml_el(x, "cp:coreProperties");
    xml_attr(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xml_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    static const char *const NAMES[3] = { "dc:title", "dc:creator", "dc:subject" };
    const char *values[3] = { t->title, t->author, t->subject };
    for (int i = 0; i < 3; i++) {
        if (!values[i]) continue;
        xml_el(x, NAMES[i]);
        xml_text(x, values[i], strlen(values[i]));
        xml_close(x);
    }
    xml_close(x);
}

typedef enum { PART_STYLES, PART_SETTINGS, PART_FOOTER_ODD, PART_FOOTER_EVEN, PART_CORE, PART_DOCUMENT, PART_COUNT } PartKind;
static const char *const PART_NAMES[PART_COUNT] = { "word/styles.xml", "word/settings.xml", "word/footer1.xml",
                                                    "word/footer2.xml", "docProps/core.xml", "word/document.xml" };

/* document.xml, streamed into its entry. */
static bool write_document(ZipWriter *z, const DocTree *t, const char **why)
{
    Xml x = {0};
    if (zipwrite_begin(z, PART_NAMES[PART_DOCUMENT], why) != 0) return false;
    bool ok = xml_begin_streamed(&x, z);
    if (ok) docx_body(&x, t);
    ok = xml_end_streamed(&x) && ok;
    if (!ok) {
        *why = "libxml2 could not write word/document.xml";
        return false;
    }
    return zipwrite_end(z, why) == 0;
}

static bool write_part(ZipWriter *z, PartKind k, const DocTree *t, const char **why)
{
    if (k == PART_DOCUMENT) return write_document(z, t, why);
    Xml x = {0};
    if (!xml_begin(&x)) { xml_free(&x); *why = "libxml2 cannot start an XML part"; return false; }
    switch (k) {
    case PART_STYLES: docx_styles(&x); break;
    case PART_SETTINGS: settings(&x); break;
    case PART_FOOTER_ODD: footer(&x, true); break;
    case PART_FOOTER_EVEN: footer(&x, false); break;
    case PART_CORE: core(&x, t); break;
    case PART_DOCUMENT: case PART_COUNT: break;
    }
    size_t len = 0;
    const char *xml = xml_end(&x, &len);
    bool ok = xml && zipwrite_add(z, PART_NAMES[k], xml, len, why) == 0;
    if (!xml) *why = "libxml2 could not write an XML part";
    xml_free(&x);
    return ok;
}

int docx_write(const DocTree *t, ZipWriteFn write, void *ctx, char *err, size_t err_len)
{
    ZipWriter *z = zipwrite_new(write, ctx);
    const char *why = NULL;
    bool ok = zipwrite_add(z, "[Content_Types].xml", CONTENT_TYPES, strlen(CONTENT_TYPES), &why) == 0 &&
              zipwrite_add(z, "_rels/.rels", PACKAGE_RELS, strlen(PACKAGE_RELS), &why) == 0 &&
              zipwrite_add(z, "word/_rels/document.xml.rels", DOCUMENT_RELS, strlen(DOCUMENT_RELS), &why) == 0 &&
              zipwrite_add(z, "docProps/app.xml", APP, strlen(APP), &why) == 0;
    for (int k = 0; ok && k < PART_COUNT; k++) ok = write_part(z, (PartKind)k, t, &why);
    if (ok) ok = zipwrite_finish(z, &why) == 0;
    zipwrite_free(z);
    if (!ok) snprintf(err, err_len, "%s", why ? why : "the .docx could not be written");
    return ok ? 0 : -1;
}
