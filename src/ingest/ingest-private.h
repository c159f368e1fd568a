/* ingest-private: the ingest session's state, shared by the files of the ingest module. */
#ifndef RAPPORTEUR_INGEST_PRIVATE_H
#define RAPPORTEUR_INGEST_PRIVATE_H

#include "rapporteur/ingest.h"

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
	int pending;
	double start;
	struct rp_ingest_stats stats;
};

void rp_ingest_report(struct rp_ingest *in, const char *source, const char *what);

/* Derived data written with each new message (segmentation blocks), in its transaction. */
int rp_ingest_derive(struct rp_ingest *in, int64_t rowid, const struct rp_parsed *p,
		     struct rp_error *err);
/* Derived data rebuilt once after a session that added messages (threads). */
int rp_ingest_after(struct rp_ingest *in, struct rp_error *err);

#endif
