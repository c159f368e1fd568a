/* thread: JWZ threading (https://www.jwz.org/doc/threading.html) over stored headers,
 * and persistence of the resulting tree in the store. RFC 5256 (IMAP THREAD=REFERENCES)
 * is available as an option for exact comparison with IMAP servers. */
#ifndef RAPPORTEUR_THREAD_H
#define RAPPORTEUR_THREAD_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/store.h"
#include "rapporteur/util.h"

struct rp_thread_input {
	const char *message_id;  /* without brackets; NULL or "" when the message has none */
	const char *in_reply_to; /* may be NULL; only its first Message-ID is used */
	const char *references;  /* space-separated ids (with or without <>), may be NULL */
	const char *subject;     /* decoded; may be NULL */
	int64_t date;
	int64_t list_id;
};

struct rp_thread_node {
	char *message_id; /* the message (or ghost container); "" for a container without one */
	char *parent;     /* NULL for a root */
	char *thread;     /* stable thread id: the Message-ID of the root container */
	int ghost;        /* 1 for a container whose message was never seen */
	int depth;        /* 0 for a root */
	long input;       /* index into the input array, -1 for a ghost */
	long parent_index; /* index of the parent in the output array, -1 for a root */
};

enum rp_thread_mode {
	/* The project's threading: duplicates by Message-ID are one node, ghosts are kept,
	 * subject fallback only for reply subjects without reply headers (same list, within
	 * subject_window). Independent of input order. */
	RP_THREAD_JWZ = 0,
	/* RFC 5256 THREAD=REFERENCES exactly: input order is the sequence-number order,
	 * duplicate Message-IDs are distinct messages, dummies pruned, roots gathered by base
	 * subject, siblings sorted by date then sequence. */
	RP_THREAD_RFC5256 = 1,
};

struct rp_thread_options {
	int64_t subject_window; /* seconds; subject fallback only within it (0 = 30 days) */
	enum rp_thread_mode mode;
};

/* Caps that keep hostile input bounded (see jwz.c for the complexity). */
#define RP_THREAD_MAX_REFS 100     /* References entries used: the first and the last 99 */
#define RP_THREAD_MAX_ID 998       /* longer ids are ignored (RFC 5322 line limit) */
#define RP_THREAD_WALK_BUDGET 4096 /* ancestor steps spent on loop checks per message */

/* Thread n messages. *out (n_out nodes: messages and ghosts) is in display order: a
 * depth-first walk of the roots, siblings sorted by date (a ghost takes its earliest
 * child's). In RP_THREAD_JWZ mode the result does not depend on the order of in[]; in
 * RP_THREAD_RFC5256 mode in[] order is the sequence order. opt may be NULL (defaults).
 * Returns 0, RP_ENOMEM. *out is freed with rp_thread_nodes_free. */
int rp_thread_build(struct rp_thread_node **out, size_t *n_out, const struct rp_thread_input *in,
		    size_t n, const struct rp_thread_options *opt, struct rp_error *err);
void rp_thread_nodes_free(struct rp_thread_node *nodes, size_t n);

/* The ids rp_thread_build reads from one message, tokenised and capped as it does: its
 * own Message-ID (named = 0) when usable, then (named = 1) the first In-Reply-To id and
 * the References entries it keeps. The subject fallback applies only to a message with
 * a reply subject for which no named id is reported. fn returning non-zero stops the
 * walk with that value. Returns 0, RP_ENOMEM or fn's value. */
int rp_thread_input_ids(const struct rp_thread_input *m,
			int (*fn)(void *arg, int named, const char *id, size_t len), void *arg);

/* Bring the thread_node table up to date with the message table: equal, row for row, to
 * rp_thread_build over every stored message. Messages added since the last update are
 * threaded RP_THREAD_CHUNK at a time with only the messages they can affect (see
 * thread/store.c), each step in its own transaction, or inside the caller's transaction
 * when one is open (a savepoint, all or nothing). A deleted message or an edited
 * threading header makes the next update start again from nothing, in the same steps.
 * Memory follows the new messages and their threads, not the size of the store.
 * Returns 0, RP_EDB, RP_EBUSY, RP_ENOMEM. */
int rp_thread_update(struct rp_store *s, struct rp_error *err);

/* The same with at most chunk new messages per step (0: RP_THREAD_CHUNK), for tests. */
int rp_thread_update_chunk(struct rp_store *s, size_t chunk, struct rp_error *err);
#define RP_THREAD_CHUNK 20000

/* *stale = 1 when thread_node does not cover every stored message (an update is due).
 * Returns 0 or RP_EDB. */
int rp_thread_is_stale(struct rp_store *s, int *stale, struct rp_error *err);

/* Normalise a subject for comparison (RFC 5256 section 2.1 base subject, extended with
 * the AW:/SV:/VS:/WG:/Antw:/Odp:/Rif: prefixes of other languages): strip reply and forward
 * prefixes, "[list]" tags, "(fwd)" trailers and "[Fwd: ...]" wrappers, fold white space,
 * lower-case ASCII letters. Subjects longer than 512 bytes are cut first (bounded time).
 * *is_reply (may be NULL) is set to 1 when a reply prefix (Re:, AW:, SV:, ...) was
 * present, else 0. NULL subject gives "". Returns a malloc'ed string, NULL on ENOMEM. */
char *rp_thread_base_subject(const char *subject, int *is_reply);

enum { RP_SUBJECT_REPLY = 1, RP_SUBJECT_FORWARD = 2 };
/* The same, with *flags (may be NULL) a mask of RP_SUBJECT_REPLY and RP_SUBJECT_FORWARD
 * (Fwd:, Fw:, WG:, "(fwd)", "[Fwd: ...]"). */
char *rp_thread_base_subject_flags(const char *subject, unsigned *flags);

#endif
