/* fuzz-thread: random header sets for the threader. The input is lines of
 * "message-id|in-reply-to|references|subject|date|list"; every line is a message. Both
 * modes run, then the output's shape is checked (parents before children, depth and
 * thread ids consistent, every message present once), and, in the default mode, that every
 * ghost is an id rp_thread_input_ids reports as named (the incremental update finds
 * connections through those ids alone): a violation aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rapporteur/thread.h"

#define MAX_MSGS 512

static void check(const struct rp_thread_node *nd, size_t nn, size_t nmsg, int rfc)
{
	size_t i, msgs = 0;

	for (i = 0; i < nn; i++) {
		long p = nd[i].parent_index;
		if (!nd[i].message_id || !nd[i].thread)
			abort();
		if (p < 0) {
			if (nd[i].depth != 0 || nd[i].parent)
				abort();
		} else if ((size_t)p >= i || nd[i].depth != nd[p].depth + 1 || !nd[i].parent ||
			   strcmp(nd[i].parent, nd[p].message_id) || strcmp(nd[i].thread, nd[p].thread)) {
			abort();
		}
		if (!nd[i].ghost) {
			if (nd[i].input < 0 || (size_t)nd[i].input >= nmsg)
				abort();
			msgs++;
		}
	}
	/* RFC 5256 keeps every message; the default mode merges duplicate ids. */
	if (msgs > nmsg || (rfc && msgs != nmsg))
		abort();
}

struct named {
	const char *id;
	size_t len;
	int found;
};

static int find_named(void *arg, int named, const char *id, size_t len)
{
	struct named *w = arg;

	if (named && len == w->len && memcmp(id, w->id, len) == 0)
		w->found = 1;
	return 0;
}

/* Every ghost of the default mode is named by some message. */
static void check_ghosts_named(const struct rp_thread_node *nd, size_t nn,
			       const struct rp_thread_input *in, size_t n)
{
	size_t i, k;

	for (i = 0; i < nn; i++) {
		struct named w = { nd[i].message_id, strlen(nd[i].message_id), 0 };
		if (!nd[i].ghost || !w.len)
			continue;
		for (k = 0; k < n && !w.found; k++)
			if (rp_thread_input_ids(&in[k], find_named, &w))
				abort();
		if (!w.found)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *line, *save = NULL;
	struct rp_thread_input in[MAX_MSGS];
	struct rp_thread_node *nd = NULL;
	struct rp_thread_options o = { .subject_window = 86400 };
	size_t n = 0, nn = 0, i;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = strtok_r(buf, "\n", &save); line && n < MAX_MSGS; line = strtok_r(NULL, "\n", &save)) {
		char *f[6] = { NULL }, *p = line;
		for (i = 0; i < 6 && p; i++) {
			f[i] = p;
			p = strchr(p, '|');
			if (p)
				*p++ = '\0';
		}
		in[n] = (struct rp_thread_input){ f[0], f[1], f[2], f[3], f[4] ? atoll(f[4]) : 0,
						  f[5] ? atoll(f[5]) : 0 };
		free(rp_thread_base_subject(f[3], NULL));
		n++;
	}
	if (rp_thread_build(&nd, &nn, in, n, &o, NULL) == 0) {
		check(nd, nn, n, 0);
		check_ghosts_named(nd, nn, in, n);
	}
	rp_thread_nodes_free(nd, nn);
	nd = NULL;
	nn = 0;
	o.mode = RP_THREAD_RFC5256;
	if (rp_thread_build(&nd, &nn, in, n, &o, NULL) == 0)
		check(nd, nn, n, 1);
	rp_thread_nodes_free(nd, nn);
	free(buf);
	return 0;
}
