/* fuzz-edits: the readers of a member's edits on arbitrary bytes -- a copy of the draft
 * compared with the draft (an_compare_copy) and comments typed into a pasted original
 * told apart from it (an_unquote_inline). The input is two texts separated by a NUL byte:
 * the draft (or the message answered) and the copy (or the reply). Blocks rewritten must
 * stay well formed; nothing may crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/analyse/analyse-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nul = memchr(data, '\0', size);
	size_t la = nul ? (size_t)(nul - (const char *)data) : size;
	char *a = malloc(la + 1), *b = malloc(size - la + 1), *out = NULL;
	struct an_shingles draft = { 0 };
	struct rp_segments seg = { 0 };
	size_t i;

	if (!a || !b)
		abort();
	memcpy(a, data, la);
	a[la] = '\0';
	memcpy(b, nul ? nul + 1 : "", nul ? size - la - 1 : 0);
	b[nul ? size - la - 1 : 0] = '\0';
	if (an_compare_copy(a, b, &out) == 0 && out && !*out)
		abort(); /* an edit text is NULL or says something */
	free(out);
	draft.every_owner = 1;
	if (an_shingles_add(&draft, a, 0) == 0 && rp_text_segment(&seg, b, strlen(b), NULL) == 0 &&
	    an_unquote_inline(&seg, a, &draft, 1, "Ann Baker") == 0)
		for (i = 0; i < seg.n; i++)
			if (!seg.blocks[i].text || (seg.blocks[i].unmarked && seg.blocks[i].kind != RP_BLOCK_QUOTE))
				abort();
	rp_segments_release(&seg);
	an_shingles_release(&draft);
	free(a);
	free(b);
	return 0;
}
