/* xmlsafe.h - XML from an office file (a .docx or .xlsx part) parsed
 * without ever expanding an entity it declares.
 *
 * Office programs never write a DTD; an internal subset is how entity
 * bombs arrive ("billion laughs"), in any encoding the part declares
 * (UTF-16 hides `<!DOCTYPE` from a byte search). So the parser itself
 * refuses one: the SAX handler for the internal subset stops the parse
 * the moment a DOCTYPE is read, before any declaration in it, and the
 * parsed document is checked for an internal subset once more. No network,
 * no DTD loading, no entity substitution (XML_PARSE_NOENT is never set). */
#ifndef JINDU_XMLSAFE_H
#define JINDU_XMLSAFE_H

#include <stddef.h>
#include <libxml/tree.h>

/* The parsed part, or NULL with the reason in err ("NAME: …"); writer
 * names who never writes a DTD ("Word", "spreadsheets"). */
xmlDoc *xml_parse_untrusted(const char *name, const char *xml, size_t len, const char *writer, char *err,
                            size_t errlen);

#endif
