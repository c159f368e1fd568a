/* fuzz-html: libFuzzer target for rp_html_to_text: no crash, bounded output, valid UTF-8
 * without NUL for any input bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/mime.h"
#include "rapporteur/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = rp_html_to_text((const char *)data, size);
	size_t n;

	if (!t)
		return 0; /* out of memory only */
	n = strlen(t);
	if (!rp_utf8_valid(t, n))
		abort();
	/* Each input byte yields a bounded amount of text (quote prefixes at most). */
	if (n > 4 * size + 64 * 2 * (size + 1))
		abort();
	free(t);
	return 0;
}
