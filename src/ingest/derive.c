/* derive: data derived from each new message while it is imported (segmentation blocks,
 * computed on the parser thread and written in the message's own transaction) and once
 * after an import session (threads). Derived data never replaces the raw bytes, so a newer
 * rapporteur can always re-derive it. */
#include <string.h>

#include "ingest-private.h"
#include "rapporteur/thread.h"

int rp_ingest_derive(struct ingest_job *job)
{
	const char *body = job->parsed->body ? job->parsed->body : "";

	return rp_text_segment(&job->seg, body, strlen(body), NULL);
}

int rp_ingest_derive_write(struct rp_ingest *in, int64_t rowid, const struct ingest_job *job,
			   struct rp_error *err)
{
	sqlite3_stmt *st = in->st[RP_ST_BLOCK];
	size_t i;

	for (i = 0; i < job->seg.n; i++) {
		const struct rp_block *b = &job->seg.blocks[i];
		sqlite3_bind_int64(st, 1, rowid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, rp_block_kind_name(b->kind), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, b->depth);
		sqlite3_bind_text(st, 5, b->text ? b->text : "", -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return rp_store_error(in->store, err, "storing segmentation");
		}
		sqlite3_reset(st);
	}
	return 0;
}

int rp_ingest_after(struct rp_ingest *in, struct rp_error *err)
{
	return rp_thread_update(in->store, err);
}
