/* fuzz-segment: reply segmentation, sentences, tokens and folding on arbitrary bytes.
 * Blocks must be well formed (known kind, depth >= 0 only for quotes, text inside the
 * input's size), the line labels must agree with the number of lines, and the in-place
 * folding answers must agree with the folded copy. Never crash, leak or hang. */
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
			if (s.blocks[i].unmarked && s.blocks[i].kind != RP_BLOCK_QUOTE)
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
	/* Folding reads the bytes in place (no NUL after them): its first three words are the
	 * copy's, and a piece of the copy is found. */
	if ((text = rp_text_fold((const char *)data, size)) != NULL) {
		char key[64];
		size_t len = strlen(text), a = len / 3, b = a + (len - a) / 2;
		if (rp_text_fold_first_words((const char *)data, size, key, sizeof(key)) &&
		    (strncmp(text, key, strlen(key)) != 0 ||
		     (text[strlen(key)] != ' ' && text[strlen(key)] != '\0')))
			abort();
		while (a < b && text[a] == ' ')
			a++;
		text[b] = '\0';
		if (!rp_text_fold_contains((const char *)data, size, text + a))
			abort();
		free(text);
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
