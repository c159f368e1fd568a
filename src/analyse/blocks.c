/* blocks: the segmentation of a stored message, computed when first needed (from its
 * body and its sender's name, which tells a sign-off from text).
 *
 * Import does not segment: an archive of 200,000 messages holds a few hundred replies to
 * any draft, and segmenting the rest was half the cost of an import. The analysis asks for
 * a message's blocks here; the first time they are computed from the body and, when the
 * caller holds a write transaction (the analysis does), stored in table block so the next
 * run reads them. Readers without a transaction (show, votes) compute and do not store.
 * Blocks stored by other segmentation code are dropped (check_code). */
#include <stdlib.h>
#include <string.h>

#include "rapporteur/analyse.h"
#include "rapporteur/text.h"

#ifndef RP_SEGMENT_ID
#define RP_SEGMENT_ID "" /* unknown code: stored blocks are neither read nor written */
#endif

/* The kind stored for a quote without '>' markers (rp_block.unmarked). */
#define UNMARKED_QUOTE "quote-unmarked"

struct rp_blocks {
	struct rp_store *store;
	sqlite3_stmt *read, *body, *sender, *write;
	int trusted; /* the stored blocks were computed by this code */
};

/* Blocks are stored with the digest of the code that computed them (RP_SEGMENT_ID, set by
 * the Makefile from the text module's sources and this file) in meta "blocks.code": blocks
 * stored by other code (an older rapporteur, which read a sign-off as text) would keep
 * its results for every message analysed before. A writer in a transaction (the analysis)
 * drops them and records this code's digest; other readers compute and ignore them. */
static int check_code(struct rp_blocks *b, struct rp_error *err)
{
	char *have = NULL;
	int rc;

	if (!RP_SEGMENT_ID[0])
		return 0;
	if ((rc = rp_store_meta_get(b->store, "blocks.code", &have, err)))
		return rc;
	if (have && strcmp(have, RP_SEGMENT_ID) == 0) {
		b->trusted = 1;
	} else if (!rp_store_readonly(b->store) && !sqlite3_get_autocommit(rp_store_db(b->store))) {
		if (!(rc = rp_store_exec(b->store, "DELETE FROM block", err)) &&
		    !(rc = rp_store_meta_set(b->store, "blocks.code", RP_SEGMENT_ID, err)))
			b->trusted = 1;
	}
	free(have);
	return rc;
}

int rp_blocks_open(struct rp_blocks **out, struct rp_store *s, struct rp_error *err)
{
	struct rp_blocks *b = calloc(1, sizeof(*b));
	int rc;

	*out = NULL;
	if (!b)
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	b->store = s;
	if ((rc = rp_store_prepare(s, &b->read,
				   "SELECT kind, depth, text FROM block WHERE message = ?1"
				   " ORDER BY ordinal",
				   err)) ||
	    (rc = rp_store_prepare(s, &b->body, "SELECT " RP_SQL_BODY("m") " FROM message m WHERE m.id = ?1", err)) ||
	    (rc = rp_store_prepare(s, &b->sender,
				   "SELECT coalesce(nullif(from_name, ''), from_addr) FROM message WHERE id = ?1",
				   err)) ||
	    (rc = check_code(b, err))) {
		rp_blocks_close(b);
		return rc;
	}
	*out = b;
	return 0;
}

void rp_blocks_close(struct rp_blocks *b)
{
	if (!b)
		return;
	sqlite3_finalize(b->read);
	sqlite3_finalize(b->body);
	sqlite3_finalize(b->sender);
	sqlite3_finalize(b->write);
	free(b);
}

static int read_stored(struct rp_blocks *b, int64_t message, struct rp_segments *out,
		       struct rp_error *err)
{
	size_t alloc = 0;
	int rc;

	sqlite3_bind_int64(b->read, 1, message);
	while ((rc = sqlite3_step(b->read)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(b->read, 0);
		int unmarked = kind && strcmp(kind, UNMARKED_QUOTE) == 0;
		int k = unmarked ? RP_BLOCK_QUOTE : rp_block_kind_parse(kind);

		if (out->n == alloc) {
			size_t na = alloc ? alloc * 2 : 16;
			struct rp_block *nb = realloc(out->blocks, na * sizeof(*nb));
			if (!nb) {
				rc = RP_ENOMEM;
				break;
			}
			out->blocks = nb;
			alloc = na;
		}
		out->blocks[out->n].kind = k < 0 ? RP_BLOCK_NEW : (enum rp_block_kind)k;
		out->blocks[out->n].depth = sqlite3_column_int(b->read, 1);
		out->blocks[out->n].unmarked = unmarked;
		out->blocks[out->n].text =
			rp_xstrdup_or_empty((const char *)sqlite3_column_text(b->read, 2));
		if (!out->blocks[out->n].text) {
			rc = RP_ENOMEM;
			break;
		}
		out->n++;
	}
	sqlite3_reset(b->read);
	if (rc == RP_ENOMEM)
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	if (rc != SQLITE_DONE)
		return rp_store_error(b->store, err, "reading blocks");
	return 0;
}

/* Store the blocks just computed, all or none (a savepoint): they are a cache, so a
 * failure to store them only costs the next run the same computation. Another process may
 * have stored them meanwhile: the same body gives the same blocks, the first copy stays. */
static void store_blocks(struct rp_blocks *b, int64_t message, const struct rp_segments *seg)
{
	sqlite3 *db = rp_store_db(b->store);
	size_t i;
	int rc = SQLITE_DONE;

	if (rp_store_readonly(b->store))
		return; /* a cache this user may not fill: each read computes the blocks */
	if (!b->write &&
	    sqlite3_prepare_v2(db,
			       "INSERT OR IGNORE INTO block(message, ordinal, kind, depth, text)"
			       " VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &b->write, NULL) != SQLITE_OK)
		return;
	if (sqlite3_exec(db, "SAVEPOINT blocks", NULL, NULL, NULL) != SQLITE_OK)
		return;
	for (i = 0; i < seg->n && rc == SQLITE_DONE; i++) {
		const struct rp_block *blk = &seg->blocks[i];

		sqlite3_bind_int64(b->write, 1, message);
		sqlite3_bind_int64(b->write, 2, (sqlite3_int64)i);
		sqlite3_bind_text(b->write, 3,
				  blk->unmarked ? UNMARKED_QUOTE : rp_block_kind_name(blk->kind), -1,
				  SQLITE_STATIC);
		sqlite3_bind_int(b->write, 4, blk->depth);
		sqlite3_bind_text(b->write, 5, blk->text ? blk->text : "", -1, SQLITE_STATIC);
		rc = sqlite3_step(b->write);
		sqlite3_reset(b->write);
	}
	if (rc != SQLITE_DONE) {
		rp_log(2, "blocks of message %lld not stored: %s", (long long)message,
		       sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK TO blocks", NULL, NULL, NULL);
	}
	sqlite3_exec(db, "RELEASE blocks", NULL, NULL, NULL);
}

int rp_blocks_get(struct rp_blocks *b, int64_t message, const char *body,
		  struct rp_segments *out, int *stored, struct rp_error *err)
{
	char *owned = NULL, *sender = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (stored)
		*stored = 0;
	if (b->trusted && (rc = read_stored(b, message, out, err)))
		goto fail;
	if (out->n) {
		if (stored)
			*stored = 1;
		return 0;
	}
	if (!body) {
		sqlite3_bind_int64(b->body, 1, message);
		if (sqlite3_step(b->body) == SQLITE_ROW && sqlite3_column_text(b->body, 0))
			owned = rp_strdup((const char *)sqlite3_column_text(b->body, 0));
		sqlite3_reset(b->body);
		body = owned ? owned : "";
	}
	/* The sender's name tells a sign-off from a last short comment (text module). */
	sqlite3_bind_int64(b->sender, 1, message);
	if (sqlite3_step(b->sender) == SQLITE_ROW && sqlite3_column_text(b->sender, 0) &&
	    !(sender = rp_strdup((const char *)sqlite3_column_text(b->sender, 0))))
		rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	sqlite3_reset(b->sender);
	if (!rc)
		rc = rp_text_segment_from(out, body, strlen(body), sender, err);
	free(owned);
	free(sender);
	if (rc)
		goto fail;
	if (b->trusted && !sqlite3_get_autocommit(rp_store_db(b->store)))
		store_blocks(b, message, out);
	return 0;
fail:
	rp_segments_release(out);
	return rc;
}
