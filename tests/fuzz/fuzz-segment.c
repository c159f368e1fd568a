/* fuzz-segment: reply segmentation, sentences and tokens on arbitrary bytes. Blocks must
 * be well formed (known kind, depth >= 0 only for quotes, text inside the input's size),
 * and the line labels must agree with the number of lines. Never crash, leak or hang. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_segments s = { 0 };
	struct rp_line_label *lab = NULL;
	char *text = NULL, *nt = NULL, **v = NULL;
	size_t i, n = 0, lines = 0;

	if (rp_text_segment(&s, (const char *)data, size, NULL) == 0) {
		for (i = 0; i < s.n; i++) {
			if ((int)s.blocks[i].kind < 0 || s.blocks[i].kind > RP_BLOCK_CLOSING)
				abort();
			if (s.blocks[i].kind != RP_BLOCK_QUOTE && s.blocks[i].depth != 0)
				abort();
			if (strlen(s.blocks[i].text) > size + s.n)
				abort();
		}
		nt = rp_text_new_text(&s);
		free(nt);
		rp_segments_release(&s);
	}
	if (rp_text_label_lines(&lab, &n, (const char *)data, size, NULL) == 0) {
		for (i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (size && data[size - 1] != '\n')
			lines++;
		if (n != lines)
			abort();
		free(lab);
	}
	/* Sentences and tokens work on C strings: stop at the first NUL. */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (rp_text_sentences(text, &v, &n) == 0)
		rp_strv_free(v, n);
	if (rp_text_tokens(text, &v, &n) == 0)
		rp_strv_free(v, n);
	free(text);
	return 0;
}
