/* thread: JWZ threading (https://www.jwz.org/doc/threading.html) over stored headers,
 * and persistence of the resulting tree in the store. */
#ifndef RAPPORTEUR_THREAD_H
#define RAPPORTEUR_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/store.h"
#include "rapporteur/util.h"

struct rp_thread_input {
	const char *message_id;  /* without brackets */
	const char *in_reply_to; /* may be NULL */
	const char *references;  /* space-separated ids, may be NULL */
	const char *subject;     /* may be NULL */
	int64_t date;
	int64_t list_id;
};

struct rp_thread_node {
	char *message_id; /* the message (or ghost container) */
	char *parent;     /* NULL for a root */
	char *thread;     /* stable thread id: the Message-ID of the root container */
	int ghost;        /* 1 for a container whose message was never seen */
	int depth;
};

struct rp_thread_options {
	int64_t subject_window; /* seconds; subject fallback only within it (default 30 days) */
};

/* Thread n messages. Result is independent of input order. *out (n_out nodes, messages
 * and ghosts, in a deterministic order) is freed with rp_thread_nodes_free. */
int rp_thread_build(struct rp_thread_node **out, size_t *n_out, const struct rp_thread_input *in,
		    size_t n, const struct rp_thread_options *opt, struct rp_error *err);
void rp_thread_nodes_free(struct rp_thread_node *nodes, size_t n);

/* Rebuild the thread_node table from the message table, in one transaction. */
int rp_thread_update(struct rp_store *s, struct rp_error *err);

/* Normalise a subject for comparison: strip Re:/AW:/SV:/Fwd:/[list] prefixes, fold space.
 * *is_reply says whether a reply prefix was present. Returns malloc'ed string. */
char *rp_thread_base_subject(const char *subject, int *is_reply);

#endif
