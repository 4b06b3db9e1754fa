/* xmlsafe.c - see xmlsafe.h. */
#include "base/xmlsafe.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct {
    bool dtd;
} Guard;

static void refuse_subset(void *ctx, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    ((Guard *)ctxt->_private)->dtd = true;
    xmlStopParser(ctxt);
}

static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id, const xmlChar *system_id,
                          xmlChar *content)
{
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    xmlParserCtxtPtr ctxt = ctx;
    ((Guard *)ctxt->_private)->dtd = true;
    xmlStopParser(ctxt);
}

xmlDoc *xml_parse_untrusted(const char *name, const char *xml, size_t len, const char *writer, char *err,
                            size_t errlen)
{
    if (!xml) return NULL;
    if (len > 0x7fffffff) {
        snprintf(err, errlen, "%s: too large", name);
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt || !ctxt->sax) {
        snprintf(err, errlen, "%s: out of memory", name);
        xmlFreeParserCtxt(ctxt);
        return NULL;
    }
    Guard g = { false };
    ctxt->_private = &g;
    ctxt->sax->internalSubset = refuse_subset;
    ctxt->sax->externalSubset = refuse_subset;
    ctxt->sax->entityDecl = refuse_entity;
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc && doc->intSubset) g.dtd = true;
    if (g.dtd) {
        snprintf(err, errlen, "%s: declares a DTD or entities, which %s never write%s", name, writer,
                 writer[0] == 's' ? "" : "s");
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc) {
        snprintf(err, errlen, "%s: not well-formed XML", name);
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}
