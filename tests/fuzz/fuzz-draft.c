/* fuzz-draft: libFuzzer target for the draft parser, the reference grammar and the
 * document of a patch. The input is a draft, optionally followed by a NUL byte and a
 * member's message text whose references are resolved against the parsed draft; the
 * message text is also read as a patch, and what it writes must be valid for the parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/draft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *sep = memchr(data, '\0', size);
	size_t dlen = sep ? (size_t)(sep - (const char *)data) : size;
	struct rp_draft_doc *doc = NULL;
	struct rp_draft_ref *refs = NULL;
	char *text = NULL;
	size_t n = 0, i;

	if (rp_draft_parse(&doc, (const char *)data, dlen, NULL) != 0)
		return 0;
	/* invariants every caller relies on */
	for (i = 0; i < doc->n; i++) {
		if (!doc->sections[i].text || doc->sections[i].parent >= (int)i ||
		    doc->sections[i].page_to < doc->sections[i].page_from)
			abort();
	}
	/* the message: what follows the NUL, else the draft itself (it names its sections) */
	text = sep ? strndup(sep + 1, size - dlen - 1) : strndup((const char *)data, dlen);
	if (text && rp_draft_find_refs(doc, text, &refs, &n) == 0) {
		for (i = 0; i < n; i++)
			if (refs[i].section >= doc->n || !refs[i].evidence)
				abort();
		rp_draft_refs_free(refs, n);
	}
	if (text) {
		char *doc_text = NULL;

		if (rp_draft_from_patch(text, &doc_text) == 0 && doc_text) {
			struct rp_draft_doc *d2 = NULL;

			if (strlen(doc_text) > strlen(text))
				abort(); /* the document is taken from the patch, never longer */
			if (rp_draft_parse(&d2, doc_text, strlen(doc_text), NULL) == 0)
				rp_draft_doc_free(d2);
			free(doc_text);
		}
	}
	free(text);
	rp_draft_doc_free(doc);
	return 0;
}
