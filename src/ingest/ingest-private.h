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
	int parsed_done;
	/* The transaction (rp_ingest.txn_gen) in which its hash was found absent from the
	 * store: while it is open, no row can hold that hash (see write_message). */
	unsigned long checked_txn;
};

/* Jobs queued at most; and bytes of raw mail queued at most (one job is always allowed). */
#define INGEST_QUEUE 128
#define INGEST_QUEUE_BYTES ((size_t)32 << 20)
#define INGEST_WAKE_BATCH 16

enum {
	RP_ST_HAS_HASH,
	RP_ST_HAS_ID,
	RP_ST_RAW,
	RP_ST_MESSAGE,
	RP_ST_ATTACHMENT,
	RP_ST_COUNT
};

struct rp_ingest {
	struct rp_store *store;
	struct rp_ingest_options opt;
	int64_t list_id;
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

void rp_ingest_report(struct rp_ingest *in, const char *source, const char *what);
/* rp_ingest_add with a problem the reader found (note, copied; NULL for none): stored in
 * the message's parse_error with the decoder's own, reported and counted once. */
int rp_ingest_add_noted(struct rp_ingest *in, const char *raw, size_t len, const char *source,
			uint32_t uidvalidity, uint32_t uid, const char *note,
			enum rp_ingest_result *res, struct rp_error *err);

/* Derived data rebuilt once after a session that added messages (threads). */
int rp_ingest_after(struct rp_ingest *in, struct rp_error *err);

#endif
