/* ingest-private: the ingest session's state, shared by the files of the ingest module. */
#ifndef RAPPORTEUR_INGEST_PRIVATE_H
#define RAPPORTEUR_INGEST_PRIVATE_H

#include <pthread.h>

#include "rapporteur/ingest.h"

/* A message between the reader and the database writer. */
struct ingest_job {
	char *raw;
	size_t len;
	char *source;
	uint32_t uidvalidity, uid;
	char hash[65];
	struct rp_parsed *parsed; /* filled by the parser */
	int rc;                   /* the parser's result */
	char *note;               /* a problem the reader found (a message cut at the size
				   * limit), recorded with the parser's errors; may be NULL */
	/* When the reader knows when the message arrived (an mbox From_ line, a Maildir file
	 * name, the IMAP server's INTERNALDATE): its date when the Date header is missing or unreadable. */
	int has_arrival;
	int64_t arrival;
	int parsed_done;
	/* The transaction (rp_ingest.txn_gen) in which its hash was found absent from the
	 * store: while it is open, no row can hold that hash (see write_message). */
	unsigned long checked_txn;
};

/* Jobs queued at most; and bytes of raw mail queued at most (one job is always allowed).
 * Deep enough for the parser to keep working while a batch commits: with 128 jobs, the
 * writer of a 10,000-message fetch waited 0.03-0.2 s in all for parsed jobs after its
 * commits, with 1,024 under 0.04 s. */
#define INGEST_QUEUE 1024
#define INGEST_QUEUE_BYTES ((size_t)32 << 20)
#define INGEST_WAKE_BATCH 16

enum {
	RP_ST_HAS_HASH,
	RP_ST_HAS_ID,
	RP_ST_SAME_MESSAGE,
	RP_ST_RAW,
	RP_ST_MESSAGE,
	RP_ST_ATTACHMENT,
	RP_ST_ADD_TO_LIST,
	RP_ST_FIRST_LIST,
	RP_ST_COUNT
};

struct rp_ingest {
	struct rp_store *store;
	struct rp_ingest_options opt;
	int64_t list_id;
	int list_created; /* the list did not exist before this import */
	sqlite3_stmt *st[RP_ST_COUNT];
	int in_txn;
	unsigned long txn_gen; /* transactions committed: numbers the open one */
	int bulk; /* the store left WAL for this session (rp_store_bulk_begin) */
	int pending;
	size_t pending_bytes;
	int txn_seen; /* messages looked up in the open transaction, duplicates included */
	double start;
	struct rp_ingest_stats stats;

	/* The pipeline: the caller's thread hashes, de-duplicates and writes; a parser thread
	 * MIME-decodes the messages queued in between (ring buffer, FIFO, so rows are
	 * written in arrival order whatever the timing). */
	struct ingest_job queue[INGEST_QUEUE];
	/* The first 8 bytes of each queued job's hash, in the ring's order: the duplicate
	 * check scans these rather than every job's whole hash. */
	uint64_t qkey[INGEST_QUEUE];
	size_t q_write, q_parse, q_fill; /* monotonically increasing indices */
	size_t q_bytes;
	int threaded, stop;
	/* Who sleeps: the parser is woken once INGEST_WAKE_BATCH jobs wait, or when the
	 * writer needs one; the writer only when it waits for a job. A wake-up per message
	 * costs a system call and two context switches. */
	int parser_idle, writer_waiting;
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t cond_parsed, cond_work;
};

/* Whether to use a second thread: more than one core, and RAPPORTEUR_NO_THREADS unset. */
int rp_ingest_threads(void);
void rp_ingest_report(struct rp_ingest *in, const char *source, const char *what);
/* rp_ingest_add with a problem the reader found (note, copied; NULL for none): stored in
 * the message's parse_error with the decoder's own, reported and counted once; and, when
 * arrival is not NULL, the time the message arrived (UTC seconds: an mbox From_ line's
 * date, a Maildir file name's delivery time, an IMAP server's INTERNALDATE), its date when its Date header is missing or
 * unreadable. */
int rp_ingest_add_noted(struct rp_ingest *in, const char *raw, size_t len, const char *source,
			uint32_t uidvalidity, uint32_t uid, const char *note,
			const int64_t *arrival, enum rp_ingest_result *res, struct rp_error *err);

/* A bounded FIFO of raw messages between one producer thread and one consumer
 * (handoff.c). Indices grow monotonically; an item is raw bytes owned by the queue. */
struct rp_handoff_item {
	char *raw;
	size_t len;
	uint32_t uid;
	char hash[65]; /* rp_sha256_hex of raw */
	int has_arrival; /* the server's INTERNALDATE was read: arrival (UTC seconds) */
	int64_t arrival;
};
struct rp_handoff {
	struct rp_handoff_item *items;
	size_t cap, head, tail;
	size_t bytes, max_bytes;
	int ended, closed, failed;
	int get_waiting, put_waiting;
	pthread_mutex_t lock;
	pthread_cond_t cond_get, cond_put;
};

/* At most max_items messages and max_bytes of them (one message always fits). 0 or
 * RP_ENOMEM. */
int rp_handoff_init(struct rp_handoff *q, size_t max_items, size_t max_bytes);
/* Frees what is still queued. Safe on a zeroed or released queue. */
void rp_handoff_release(struct rp_handoff *q);
/* Producer: queue a copy of raw and its hash, with when it arrived (NULL: unknown), waiting
 * while the queue is full. 0; 1 when the consumer closed the queue (the message is
 * dropped); RP_ENOMEM (also seen by rp_handoff_failed). */
int rp_handoff_put(struct rp_handoff *q, uint32_t uid, const char *raw, size_t len,
		   const int64_t *arrival);
/* Producer: nothing more will come. */
void rp_handoff_end(struct rp_handoff *q);
/* Consumer: the next message, waiting for one; 1 with *out (the caller frees out->raw),
 * or 0 once the producer ended and the queue is empty. */
int rp_handoff_get(struct rp_handoff *q, struct rp_handoff_item *out);
/* Consumer: did the producer fail to queue a message (out of memory)? */
int rp_handoff_failed(struct rp_handoff *q);
/* Consumer: stop taking messages; what is queued is freed and later puts are dropped. */
void rp_handoff_close(struct rp_handoff *q);

/* rp_ingest_add for a reader that prepared the message on its own thread: raw (malloc'ed)
 * is taken over in every case, queued without a copy or freed; hash is its rp_sha256_hex
 * (util.h), or NULL to compute it here; arrival as for rp_ingest_add_noted (the server's
 * INTERNALDATE), or NULL. */
int rp_ingest_add_owned(struct rp_ingest *in, char *raw, size_t len, const char *hash,
			const char *source, uint32_t uidvalidity, uint32_t uid,
			const int64_t *arrival, enum rp_ingest_result *res, struct rp_error *err);

/* Derived data rebuilt once after a session that added messages (threads). */
int rp_ingest_after(struct rp_ingest *in, struct rp_error *err);

#endif
