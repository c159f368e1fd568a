/* fuzz-withhold: the Chatham House name withholder on arbitrary bytes. The first line is a
 * list of display names separated by '|', the rest the comment text. Must never crash, leak
 * or read out of bounds, and a text in which nothing was withheld comes back unchanged. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_name_set *set = NULL;
	char *buf, *nl, *name, *save = NULL, *out;
	size_t n = 0;

	if (!(buf = malloc(size + 1)))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (rp_name_set_new(&set)) {
		free(buf);
		return 0;
	}
	nl = strchr(buf, '\n');
	if (nl) {
		*nl = '\0';
		for (name = strtok_r(buf, "|", &save); name; name = strtok_r(NULL, "|", &save))
			rp_name_set_add(set, name);
	}
	out = rp_name_set_withhold(set, nl ? nl + 1 : buf, &n);
	if (out && strlen(out) > 0 && n == 0 && strcmp(out, nl ? nl + 1 : buf) != 0)
		abort(); /* nothing withheld, yet the text changed */
	free(out);
	rp_name_set_free(set);
	free(buf);
	return 0;
}
