/* libFuzzer target: the mbox splitter. The first byte picks a chunk size, so chunk
 * boundaries are fuzzed too; every message handed out must lie within the input's size,
 * and each message's From_ line, when it has one, is read for its date as import does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/ingest.h"

struct fuzz_ctx {
	size_t total;
	struct rp_mbox_splitter *sp;
};

static int on_msg(void *ctx, const char *msg, size_t len, uint64_t offset, int flags)
{
	struct fuzz_ctx *c = ctx;
	const char *env;
	size_t elen = 0;
	int64_t t;

	(void)msg;
	(void)flags;
	if (len > 4096 || offset > c->total)
		abort();
	env = rp_mbox_envelope(c->sp, &elen);
	if (env) {
		if (elen > c->total)
			abort();
		(void)rp_mbox_from_line_date(env, elen, &t);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_ctx c = { size, NULL };
	size_t chunk, i;

	if (!size)
		return 0;
	chunk = (size_t)data[0] % 64 + 1;
	if (rp_mbox_new(&c.sp, 4096, on_msg, &c))
		return 0;
	for (i = 1; i < size; i += chunk)
		rp_mbox_feed(c.sp, (const char *)data + i, size - i < chunk ? size - i : chunk);
	rp_mbox_end(c.sp);
	rp_mbox_free(c.sp);
	return 0;
}
