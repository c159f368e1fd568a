/* doc-private: the readers behind rp_doc_to_text, one per format (doc.c dispatches).
 * Each has rp_doc_to_text's contract for its own kind. */
#ifndef RAPPORTEUR_DOC_PRIVATE_H
#define RAPPORTEUR_DOC_PRIVATE_H

#include "rapporteur/doc.h"

/* The largest text a reader produces: the draft parser's limit. */
#define RP_DOC_MAX_TEXT ((size_t)16 << 20)

int rp_doc_docx_text(const char *bytes, size_t len, const char *what, char **out,
		     size_t *out_len, struct rp_error *err); /* docx.c */
int rp_doc_odt_text(const char *bytes, size_t len, const char *what, char **out,
		    size_t *out_len, struct rp_error *err); /* odt.c */
int rp_doc_pdf_text(const char *bytes, size_t len, const char *what, char **out,
		    size_t *out_len, struct rp_error *err); /* pdf.c */

#endif
