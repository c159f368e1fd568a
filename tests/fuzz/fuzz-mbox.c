/* libFuzzer target: the mbox splitter. The first byte picks a chunk size, so chunk
 * boundaries are fuzzed too; every message handed out must lie within the input's size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/ingest.h"

static int on_msg(void *ctx, const char *msg, size_t len, uint64_t offset, int flags)
{
	size_t *total = ctx;

	(void)msg;
	(void)flags;
	if (len > 4096 || offset > *total)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rp_mbox_splitter *sp = NULL;
	size_t chunk, i, total = size;

	if (!size)
		return 0;
	chunk = (size_t)data[0] % 64 + 1;
	if (rp_mbox_new(&sp, 4096, on_msg, &total))
		return 0;
	for (i = 1; i < size; i += chunk)
		rp_mbox_feed(sp, (const char *)data + i, size - i < chunk ? size - i : chunk);
	rp_mbox_end(sp);
	rp_mbox_free(sp);
	return 0;
}
