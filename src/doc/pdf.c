/* pdf: PDF drafts. Being written. */
#include "doc-private.h"

int rp_doc_pdf_text(const char *bytes, size_t len, const char *what, char **out,
		     size_t *out_len, struct rp_error *err)
{
	(void)bytes, (void)len, (void)out, (void)out_len;
	return rp_error_set(err, RP_EUSAGE, what, "PDF is not read yet");
}
