/* import: the ingest session. Each raw message is hashed, de-duplicated, MIME-decoded and
 * written (raw bytes once, decoded fields, attachments) inside a batch transaction; a crash
 * loses at most the uncommitted batch, which the next run imports again.
 *
 * Identity: a message is its Message-ID plus the SHA-256 of its bytes. The same bytes are
 * stored once, and so is the same message through another route (a copy with the Message-ID,
 * Date and sender of a stored one: same_message); two different messages with one
 * Message-ID are both kept; a message without a Message-ID gets
 * "sha256-<hash prefix>@rapporteur.invalid", stable across runs. The
 * lists a message belongs to are recorded apart (message_list): the same bytes imported
 * for a second list are a duplicate that the second list now holds too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ingest-private.h"

void rp_ingest_options_default(struct rp_ingest_options *o)
{
	memset(o, 0, sizeof(*o));
	/* Measured on 50,000 synthetic messages in bulk mode: 500 per batch took 3.9 s,
	 * 2,000 3.1 s, 4,000 3.0 s. Each commit syncs the journal and rewrites the index
	 * pages the batch touched; a kill loses one batch, which the next run imports again. */
	o->batch_size = RP_INGEST_BATCH;
	o->batch_bytes = RP_INGEST_BATCH_BYTES;
	rp_mime_limits_default(&o->limits);
	o->gzip_max_ratio = 100;
	o->gzip_free_bytes = (uint64_t)64 << 20;
}

static const char *const sql_text[RP_ST_COUNT] = {
	[RP_ST_HAS_HASH] = "SELECT 1 FROM raw WHERE hash = ?1",
	[RP_ST_HAS_ID] = "SELECT 1 FROM message WHERE message_id = ?1 AND hash = ?2",
	/* The same message stored from another copy: see same_message. By its Message-ID
	 * (the unique index): the index on the sender, which the planner picks on a new
	 * store, reads every message of a prolific sender. */
	[RP_ST_SAME_MESSAGE] = "SELECT hash FROM message WHERE message_id = ?1 AND synthetic_id = 0"
			       " AND +date = ?2 AND +from_addr IS ?3 LIMIT 1",
	/* Not when the message is stored from another copy (?3 its Message-ID, ?4 its date,
	 * ?5 its sender; see same_message): the look-up rides on this statement, since a
	 * statement of its own for every new message made an import 3% slower. */
	[RP_ST_RAW] = "INSERT OR IGNORE INTO raw(hash, bytes) SELECT ?1, ?2 WHERE ?3 IS NULL OR NOT"
		      " EXISTS (SELECT 1 FROM message WHERE message_id = ?3 AND synthetic_id = 0"
		      " AND +date = ?4 AND +from_addr IS ?5)",
	[RP_ST_MESSAGE] =
		"INSERT INTO message(message_id, hash, synthetic_id, list_id, uid, uidvalidity, date,"
		" date_zone, from_name, from_addr, to_addrs, cc_addrs, subject, in_reply_to, refs,"
		" list_header, body, size, parse_error, source, imported_at, body_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
		" ?18, ?19, ?20, ?21, ?22)",
	[RP_ST_ATTACHMENT] = "INSERT INTO attachment(message, ordinal, name, type, size, text)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* A message stored before, maybe for another list: this list has it too. */
	[RP_ST_ADD_TO_LIST] = "INSERT OR IGNORE INTO message_list(list, message, date, added_later)"
			      " SELECT ?2, id, date, 1 FROM message WHERE hash = ?1",
	/* A new message's first list (store/schema.sql.h, version 6). */
	[RP_ST_FIRST_LIST] = "INSERT INTO message_list(list, message, date) VALUES (?1, ?2, ?3)",
};

int rp_ingest_threads(void)
{
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 && !getenv("RAPPORTEUR_NO_THREADS");
}

static void *parser_main(void *arg)
{
	struct rp_ingest *in = arg;
	struct ingest_job *job;

	pthread_mutex_lock(&in->lock);
	for (;;) {
		while (in->q_parse == in->q_fill && !in->stop) {
			in->parser_idle = 1;
			pthread_cond_wait(&in->cond_work, &in->lock);
			in->parser_idle = 0;
		}
		if (in->q_parse == in->q_fill && in->stop)
			break;
		job = &in->queue[in->q_parse % INGEST_QUEUE];
		pthread_mutex_unlock(&in->lock);
		job->rc = rp_mime_parse(&job->parsed, job->raw, job->len, &in->opt.limits, NULL);
		pthread_mutex_lock(&in->lock);
		job->parsed_done = 1;
		in->q_parse++;
		if (in->writer_waiting)
			pthread_cond_signal(&in->cond_parsed);
	}
	pthread_mutex_unlock(&in->lock);
	return NULL;
}

int rp_ingest_begin(struct rp_ingest **out, struct rp_store *store,
		    const struct rp_ingest_options *opt, struct rp_error *err)
{
	struct rp_ingest *in;
	int rc, i;

	*out = NULL;
	in = calloc(1, sizeof(*in));
	if (!in)
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	in->store = store;
	if (opt)
		in->opt = *opt;
	else
		rp_ingest_options_default(&in->opt);
	if (in->opt.batch_size <= 0)
		in->opt.batch_size = RP_INGEST_BATCH;
	if (!in->opt.batch_bytes)
		in->opt.batch_bytes = RP_INGEST_BATCH_BYTES;
	if (!in->opt.limits.max_message_bytes)
		rp_mime_limits_default(&in->opt.limits);
	if (!in->opt.gzip_max_ratio && !in->opt.gzip_free_bytes) {
		in->opt.gzip_max_ratio = 100;
		in->opt.gzip_free_bytes = (uint64_t)64 << 20;
	}
	in->start = rp_now_seconds();
	/* Checkpoint the WAL every 64 MB (16,384 pages) rather than every 4 MB during an
	 * import: each checkpoint fsyncs the database, and those waits dominated a large
	 * import. Not more: every page read searches the WAL index, which grows with the WAL;
	 * 50,000 messages took 4.2 s at 64 MB against 4.9 s at 256 MB and 4.8 s at 16 MB. */
	rp_store_exec(store, "PRAGMA wal_autocheckpoint=16384", NULL);
	/* Out of WAL, the raw bytes are written once instead of twice: 50,000 messages
	 * imported in 3.0 s against 4.2 s in WAL (both with synchronous=FULL there). */
	if (in->opt.bulk)
		in->bulk = rp_store_bulk_begin(store);
	/* A list this import creates and then stores nothing in (a typo, an archive already
	 * stored under another list) is removed at the end (drop_unused_list). */
	in->list_created = rp_store_list_id(store, in->opt.list ? in->opt.list : "default", 0,
					    &in->list_id, NULL) == RP_ENOTFOUND;
	if ((rc = rp_store_list_id(store, in->opt.list ? in->opt.list : "default", 1, &in->list_id,
				   err)))
		goto fail;
	for (i = 0; i < RP_ST_COUNT; i++)
		if ((rc = rp_store_prepare(store, &in->st[i], sql_text[i], err)))
			goto fail;
	pthread_mutex_init(&in->lock, NULL);
	pthread_cond_init(&in->cond_parsed, NULL);
	pthread_cond_init(&in->cond_work, NULL);
	/* A second core parses while this one writes; on one core, parse inline. */
	if (rp_ingest_threads())
		in->threaded = pthread_create(&in->worker, NULL, parser_main, in) == 0;
	*out = in;
	return 0;
fail:
	for (i = 0; i < RP_ST_COUNT; i++)
		sqlite3_finalize(in->st[i]);
	if (in->bulk)
		rp_store_bulk_end(store);
	free(in);
	return rc;
}

static int step_done(struct rp_ingest *in, sqlite3_stmt *st, struct rp_error *err, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return rp_store_error(in->store, err, what);
	return 0;
}

static int exists(struct rp_ingest *in, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW;
}

void rp_ingest_report(struct rp_ingest *in, const char *source, const char *what)
{
	struct rp_buf s = RP_BUF_INIT, w = RP_BUF_INIT;

	if (!in->opt.report)
		return;
	/* A file named "bin\033[31m.mbox" must not colour the terminal: names and notes are
	 * shown with their control characters escaped. */
	if (rp_buf_add_escaped(&s, source) || rp_buf_add_escaped(&w, what))
		in->opt.report(in->opt.ctx, "(out of memory)", "cannot show the problem");
	else
		in->opt.report(in->opt.ctx, s.buf ? s.buf : "", w.buf ? w.buf : "");
	rp_buf_release(&s);
	rp_buf_release(&w);
}

/* Where body starts in raw when it is raw's tail byte for byte, else -1. Short bodies
 * are stored as they are: a reference saves nothing there. */
static int64_t body_tail(const char *raw, size_t len, const char *body)
{
	size_t n = body ? strlen(body) : 0;

	if (n < 64 || n > len || memcmp(raw + len - n, body, n) != 0)
		return -1;
	return (int64_t)(len - n);
}

/* A message already stored (its bytes hash): record it as the session's list's too.
 * Counted in stats.added_to_list when the list did not have it. */
static int add_to_list(struct rp_ingest *in, const char *hash, struct rp_error *err)
{
	sqlite3_stmt *st = in->st[RP_ST_ADD_TO_LIST];
	int rc;

	sqlite3_bind_text(st, 1, hash, 64, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, in->list_id);
	if ((rc = step_done(in, st, err, "recording the message's list")))
		return rc;
	if (sqlite3_changes(rp_store_db(in->store)) > 0)
		in->stats.added_to_list++;
	return 0;
}

/* Is p stored already from other bytes? The same message reaches a secretariat by several
 * routes (the list's archive, a member's Thunderbird folder, a Gmail Takeout, an Outlook
 * .eml): each copy has the headers its route added (Received, X-Mozilla-Status,
 * X-GM-THRID), its own line ends and envelope, sometimes a list footer. A copy with the
 * Message-ID, the Date and the sender of a stored message is that message; two messages
 * that share a Message-ID but not their date or sender stay apart, as does one without a
 * Date. 1 when stored, its hash in hash (for its list), 0 when not, or an error. */
static int same_message(struct rp_ingest *in, const struct rp_parsed *p, char hash[65],
			struct rp_error *err)
{
	sqlite3_stmt *st = in->st[RP_ST_SAME_MESSAGE];
	const unsigned char *h;
	int rc, found = 0;

	if (!p->message_id || !*p->message_id || !p->has_date)
		return 0;
	rp_bind_text_ref(st, 1, p->message_id);
	sqlite3_bind_int64(st, 2, p->date);
	rp_bind_text_ref(st, 3, p->from_addr);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (h = sqlite3_column_text(st, 0)) && strlen((const char *)h) == 64) {
		memcpy(hash, h, 65);
		found = 1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rp_store_error(in->store, err, "looking up the message's other copies");
	return found;
}

static int write_message(struct rp_ingest *in, const struct ingest_job *job, struct rp_error *err)
{
	const char *raw = job->raw, *hash = job->hash, *source = job->source;
	const struct rp_parsed *p = job->parsed;
	size_t len = job->len;
	uint32_t uidvalidity = job->uidvalidity, uid = job->uid;
	sqlite3_stmt *st;
	char synthetic[96], stored[65];
	const char *mid = p->message_id;
	int64_t rowid, tail;
	size_t i;
	int rc;

	if (!mid || !*mid) {
		snprintf(synthetic, sizeof(synthetic), "sha256-%.32s@rapporteur.invalid", hash);
		mid = synthetic;
	}
	/* A message row names its raw bytes (foreign key): when the hash was absent from raw
	 * in this same transaction, still open, no row with it can exist: no look-up. */
	if (job->checked_txn != in->txn_gen ||
	    sqlite3_get_autocommit(rp_store_db(in->store))) {
		st = in->st[RP_ST_HAS_ID];
		rp_bind_text_ref(st, 1, mid);
		rp_bind_text_ref(st, 2, hash);
		if (exists(in, st))
			return (rc = add_to_list(in, hash, err)) ? rc : RP_INGEST_DUPLICATE;
	}

	st = in->st[RP_ST_RAW];
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, raw, len, SQLITE_STATIC);
	if (p->message_id && *p->message_id && p->has_date) {
		rp_bind_text_ref(st, 3, p->message_id);
		sqlite3_bind_int64(st, 4, p->date);
		rp_bind_text_ref(st, 5, p->from_addr);
	}
	if ((rc = step_done(in, st, err, "storing raw message")))
		return rc;
	/* Nothing written: these bytes were stored (without a message row), or the message
	 * is, from another copy. Rare, so asked again only then. */
	if (sqlite3_changes(rp_store_db(in->store)) == 0 &&
	    (rc = same_message(in, p, stored, err)) != 0)
		return rc < 0 ? rc : (rc = add_to_list(in, stored, err)) ? rc : RP_INGEST_DUPLICATE;

	st = in->st[RP_ST_MESSAGE];
	rp_bind_text_ref(st, 1, mid);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, mid == synthetic);
	sqlite3_bind_int64(st, 4, in->list_id);
	if (uid) {
		sqlite3_bind_int64(st, 5, uid);
		sqlite3_bind_int64(st, 6, uidvalidity);
	}
	if (p->has_date) {
		sqlite3_bind_int64(st, 7, p->date);
		sqlite3_bind_int(st, 8, p->date_zone);
	} else if (job->has_arrival) {
		/* No Date header that reads: the message is dated by its arrival (see
		 * arrival_note). The store has no column saying where a date came from; the
		 * zone left NULL under a date tells this one from a header's, which always has
		 * its zone. It plays no part in the message's identity (same_message). */
		sqlite3_bind_int64(st, 7, job->arrival);
	}
	rp_bind_text_ref(st, 9, p->from_name);
	rp_bind_text_ref(st, 10, p->from_addr);
	rp_bind_text_ref(st, 11, p->to);
	rp_bind_text_ref(st, 12, p->cc);
	rp_bind_text_ref(st, 13, p->subject);
	rp_bind_text_ref(st, 14, p->in_reply_to);
	rp_bind_text_ref(st, 15, p->references);
	rp_bind_text_ref(st, 16, p->list_id);
	/* The body is the one large field. When it is the raw bytes' own tail (a plain text
	 * message: most list mail) it is stored by reference, not written a second time;
	 * else bound without a copy (the job outlives the step). */
	if ((tail = body_tail(raw, len, p->body)) >= 0)
		sqlite3_bind_int64(st, 22, (sqlite3_int64)tail);
	else
		sqlite3_bind_text(st, 17, p->body ? p->body : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 18, (sqlite3_int64)len);
	rp_bind_text_ref(st, 19, p->errors);
	rp_bind_text_ref(st, 20, source);
	sqlite3_bind_int64(st, 21, (sqlite3_int64)time(NULL));
	if ((rc = step_done(in, st, err, "storing message")))
		return rc;
	rowid = sqlite3_last_insert_rowid(rp_store_db(in->store));
	st = in->st[RP_ST_FIRST_LIST];
	sqlite3_bind_int64(st, 1, in->list_id);
	sqlite3_bind_int64(st, 2, rowid);
	if (p->has_date)
		sqlite3_bind_int64(st, 3, p->date);
	else if (job->has_arrival)
		sqlite3_bind_int64(st, 3, job->arrival);
	if ((rc = step_done(in, st, err, "recording the message's list")))
		return rc;

	for (i = 0; i < p->n_attachments; i++) {
		const struct rp_attachment *a = &p->attachments[i];
		st = in->st[RP_ST_ATTACHMENT];
		sqlite3_bind_int64(st, 1, rowid);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		rp_bind_text_ref(st, 3, a->name);
		rp_bind_text_ref(st, 4, a->type);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)a->size);
		rp_bind_text_ref(st, 6, a->text);
		if ((rc = step_done(in, st, err, "storing attachment")))
			return rc;
	}
	return RP_INGEST_NEW;
}

static void job_release(struct ingest_job *job)
{
	free(job->raw);
	free(job->source);
	free(job->note);
	rp_parsed_free(job->parsed);
	memset(job, 0, sizeof(*job));
}

/* The batch's transaction is opened before its first look-up: out of WAL (bulk mode) a
 * look-up alone is a transaction of its own, with its locks and its check for a hot
 * journal, a dozen system calls; a re-import of 50,000 messages took 1.2 s that way
 * against 0.5 s in WAL. */
static int batch_begin(struct rp_ingest *in, struct rp_error *err)
{
	int rc;

	if (in->in_txn)
		return 0;
	if ((rc = rp_store_begin(in->store, err)))
		return rc;
	in->in_txn = 1;
	return 0;
}

static int batch_commit(struct rp_ingest *in, struct rp_error *err)
{
	int rc = rp_store_commit(in->store, err);

	in->in_txn = 0;
	in->txn_gen++;
	in->pending = 0;
	in->pending_bytes = 0;
	in->txn_seen = 0;
	return rc;
}

/* Commit when the batch is full: batch_size messages written, batch_bytes of them, or,
 * for a run of duplicates that writes nothing, four batches looked up (so another writer
 * waits a fraction of a second at most). */
static int batch_end_if_full(struct rp_ingest *in, struct rp_error *err)
{
	if (!in->in_txn ||
	    (in->pending < in->opt.batch_size && in->pending_bytes < in->opt.batch_bytes &&
	     in->txn_seen / 4 < in->opt.batch_size))
		return 0;
	return batch_commit(in, err);
}

/* A Date header that does not read is a problem said with the message; when the message
 * is dated by its arrival instead (an mbox From_ line, a Maildir file name, the IMAP
 * server's INTERNALDATE), the note says so. A message without a Date header gets that
 * date without a note: no error there. */
static int arrival_note(struct ingest_job *job)
{
	struct rp_parsed *p = job->parsed;
	struct rp_buf b = RP_BUF_INIT;
	int fetched = job->source && strncmp(job->source, "imap:", 5) == 0;

	if (p->has_date || !job->has_arrival || !p->errors || !strstr(p->errors, "unreadable Date"))
		return 0;
	if (rp_buf_adds(&b, p->errors) ||
	    rp_buf_adds(&b, fetched ? "; dated by its arrival instead (the server's INTERNALDATE)"
				    : "; dated by its arrival instead (mbox From line or Maildir file name)")) {
		rp_buf_release(&b);
		return RP_ENOMEM;
	}
	free(p->errors);
	p->errors = rp_buf_detach(&b, NULL);
	return 0;
}

/* Write the oldest queued job, waiting for the parser if needed. */
static int write_next(struct rp_ingest *in, struct rp_error *err)
{
	struct ingest_job *job = &in->queue[in->q_write % INGEST_QUEUE];
	int rc;

	if (in->threaded) {
		pthread_mutex_lock(&in->lock);
		while (!job->parsed_done) {
			if (in->parser_idle)
				pthread_cond_signal(&in->cond_work);
			in->writer_waiting = 1;
			pthread_cond_wait(&in->cond_parsed, &in->lock);
			in->writer_waiting = 0;
		}
		pthread_mutex_unlock(&in->lock);
	} else if (!job->parsed_done) {
		job->rc = rp_mime_parse(&job->parsed, job->raw, job->len, &in->opt.limits, NULL);
		job->parsed_done = 1;
	}
	if (job->rc) {
		rc = rp_error_set(err, job->rc, job->source, "cannot decode message: %s",
				  rp_strerror(job->rc));
		goto out;
	}
	if (job->note) {
		/* The reader's problem first, then the decoder's. */
		struct rp_buf b = RP_BUF_INIT;

		if (rp_buf_adds(&b, job->note) ||
		    (job->parsed->errors && (rp_buf_adds(&b, "; ") || rp_buf_adds(&b, job->parsed->errors)))) {
			rp_buf_release(&b);
			rc = rp_error_set(err, RP_ENOMEM, job->source, "out of memory");
			goto out;
		}
		free(job->parsed->errors);
		job->parsed->errors = rp_buf_detach(&b, NULL);
	}
	if (arrival_note(job)) {
		rc = rp_error_set(err, RP_ENOMEM, job->source, "out of memory");
		goto out;
	}
	if (job->parsed->draft) {
		/* Kept by the writer's mail program, never sent: no list mail (a member's
		 * Drafts, Templates or Unsent Messages among the folders given). */
		struct rp_buf b = RP_BUF_INIT;

		rp_buf_addf(&b, "a draft or template, never sent (%s): skipped", job->parsed->draft);
		rp_ingest_report(in, job->source, b.len ? b.buf : "a draft, never sent: skipped");
		rp_buf_release(&b);
		rc = 0;
		goto out;
	}
	if (job->parsed->deleted) {
		/* Deleted in the member's Thunderbird, left in the mbox file until the folder
		 * is compacted: no longer the member's mail, not an error either. */
		struct rp_buf b = RP_BUF_INIT;

		rp_buf_addf(&b, "deleted, not yet compacted out of the folder (%s): skipped",
			    job->parsed->deleted);
		rp_ingest_report(in, job->source, b.len ? b.buf : "deleted: skipped");
		rp_buf_release(&b);
		rc = 0;
		goto out;
	}
	if ((rc = batch_begin(in, err)))
		goto out;
	rc = write_message(in, job, err);
	if (rc < 0)
		goto out;
	if (rc == RP_INGEST_DUPLICATE) {
		in->stats.duplicates++;
	} else if (job->parsed->errors) {
		in->stats.added++;
		in->stats.errors++;
		rp_ingest_report(in, job->source, job->parsed->errors);
	} else {
		in->stats.added++;
	}
	rc = 0;
	in->pending++;
	in->pending_bytes += job->len;
out:
	pthread_mutex_lock(&in->lock);
	in->q_bytes -= job->len;
	in->q_write++;
	pthread_mutex_unlock(&in->lock);
	job_release(job);
	if (!rc && in->opt.progress)
		in->opt.progress(in->opt.ctx, &in->stats);
	if (!rc)
		rc = batch_end_if_full(in, err);
	return rc;
}

/* Write every job the parser has finished, without waiting. */
static int write_ready(struct rp_ingest *in, struct rp_error *err)
{
	int rc = 0, ready;

	while (!rc && in->q_write < in->q_fill) {
		pthread_mutex_lock(&in->lock);
		ready = in->queue[in->q_write % INGEST_QUEUE].parsed_done;
		pthread_mutex_unlock(&in->lock);
		if (!ready && in->threaded)
			break;
		rc = write_next(in, err);
	}
	return rc;
}

int rp_ingest_flush(struct rp_ingest *in, struct rp_error *err)
{
	int rc = 0;

	while (!rc && in->q_write < in->q_fill)
		rc = write_next(in, err);
	if (rc)
		return rc;
	if (!in->in_txn)
		return 0;
	return batch_commit(in, err);
}

static uint64_t hash_key(const char *hash)
{
	uint64_t k;

	memcpy(&k, hash, sizeof(k));
	return k;
}

/* Is a message with these bytes waiting in the queue? (At most INGEST_QUEUE compares of
 * a word, and of the whole hash when the word matches.) */
static int queued(const struct rp_ingest *in, const char *hash)
{
	uint64_t k = hash_key(hash);
	size_t i;

	for (i = in->q_write; i < in->q_fill; i++)
		if (in->qkey[i % INGEST_QUEUE] == k &&
		    memcmp(in->queue[i % INGEST_QUEUE].hash, hash, 64) == 0)
			return 1;
	return 0;
}

int rp_ingest_add(struct rp_ingest *in, const char *raw, size_t len, const char *source,
		  uint32_t uidvalidity, uint32_t uid, enum rp_ingest_result *res,
		  struct rp_error *err)
{
	return rp_ingest_add_noted(in, raw, len, source, uidvalidity, uid, NULL, NULL, res, err);
}

/* A message for the queue. raw is copied, unless owned (then raw == owned): that buffer
 * is queued as it is, and stays the caller's when it is not queued. hash is the bytes'
 * rp_sha256_hex, or NULL to compute it. */
struct incoming {
	const char *raw;
	char *owned;
	size_t len;
	const char *hash;
	const char *source, *note;
	uint32_t uidvalidity, uid;
	const int64_t *arrival;
};

/* Queue m for parsing and writing, unless its bytes are stored or queued already. */
static int add(struct rp_ingest *in, const struct incoming *m, enum rp_ingest_result *res,
	       struct rp_error *err)
{
	struct ingest_job *job;
	char hash[65];
	int rc, stored;

	in->stats.seen++;
	in->stats.bytes += m->len;
	*res = RP_INGEST_NEW;
	if (m->hash)
		memcpy(hash, m->hash, sizeof(hash));
	else
		rp_sha256_hex(m->raw, m->len, hash);
	if ((rc = batch_begin(in, err)))
		return rc;
	in->txn_seen++;
	/* The same bytes were stored before: a duplicate, without parsing anything. */
	sqlite3_bind_text(in->st[RP_ST_HAS_HASH], 1, hash, -1, SQLITE_STATIC);
	stored = exists(in, in->st[RP_ST_HAS_HASH]);
	if (stored || queued(in, hash)) {
		/* Queued bytes are this session's, hence this list's, already. */
		if (stored && (rc = add_to_list(in, hash, err)))
			return rc;
		in->stats.duplicates++;
		*res = RP_INGEST_DUPLICATE;
		if (in->opt.progress)
			in->opt.progress(in->opt.ctx, &in->stats);
		return batch_end_if_full(in, err);
	}
	/* Room in the queue: write what is ready, and wait for the oldest when full. */
	if ((rc = write_ready(in, err)))
		return rc;
	while (in->q_fill - in->q_write >= INGEST_QUEUE ||
	       (in->q_fill > in->q_write && in->q_bytes + m->len > INGEST_QUEUE_BYTES))
		if ((rc = write_next(in, err)))
			return rc;
	job = &in->queue[in->q_fill % INGEST_QUEUE];
	memset(job, 0, sizeof(*job));
	job->raw = m->owned ? m->owned : malloc(m->len ? m->len : 1);
	job->source = rp_strdup(m->source ? m->source : "");
	job->note = m->note ? rp_strdup(m->note) : NULL;
	if (!job->raw || !job->source || (m->note && !job->note)) {
		if (m->owned)
			job->raw = NULL; /* not queued: still the caller's */
		job_release(job);
		return rp_error_set(err, RP_ENOMEM, m->source, "out of memory");
	}
	if (!m->owned)
		memcpy(job->raw, m->raw, m->len);
	job->len = m->len;
	job->uidvalidity = m->uidvalidity;
	job->uid = m->uid;
	if (m->arrival) {
		job->has_arrival = 1;
		job->arrival = *m->arrival;
	}
	job->checked_txn = in->txn_gen;
	memcpy(job->hash, hash, sizeof(hash));
	in->qkey[in->q_fill % INGEST_QUEUE] = hash_key(hash);
	pthread_mutex_lock(&in->lock);
	in->q_fill++;
	in->q_bytes += m->len;
	if (in->parser_idle && in->q_fill - in->q_parse >= INGEST_WAKE_BATCH)
		pthread_cond_signal(&in->cond_work);
	pthread_mutex_unlock(&in->lock);
	return 0;
}

int rp_ingest_add_noted(struct rp_ingest *in, const char *raw, size_t len, const char *source,
			uint32_t uidvalidity, uint32_t uid, const char *note,
			const int64_t *arrival, enum rp_ingest_result *res, struct rp_error *err)
{
	struct incoming m = { raw, NULL, len, NULL, source, note, uidvalidity, uid, arrival };

	return add(in, &m, res, err);
}

int rp_ingest_add_owned(struct rp_ingest *in, char *raw, size_t len, const char *hash,
			const char *source, uint32_t uidvalidity, uint32_t uid,
			const int64_t *arrival, enum rp_ingest_result *res, struct rp_error *err)
{
	struct incoming m = { raw, raw, len, hash, source, NULL, uidvalidity, uid, arrival };
	size_t queued_before = in->q_fill;
	int rc = add(in, &m, res, err);

	/* Not queued (a duplicate, a failure): the bytes are still ours to free. */
	if (in->q_fill == queued_before)
		free(raw);
	return rc;
}

/* Remove the list this import created when nothing refers to it. */
static void drop_unused_list(struct rp_ingest *in)
{
	sqlite3_stmt *st = NULL;

	if (!in->list_created || in->stats.added || in->stats.added_to_list ||
	    rp_store_prepare(in->store, &st,
			     "DELETE FROM list WHERE id = ?1"
			     " AND NOT EXISTS (SELECT 1 FROM message_list WHERE list = ?1)"
			     " AND NOT EXISTS (SELECT 1 FROM message WHERE list_id = ?1)"
			     " AND NOT EXISTS (SELECT 1 FROM draft WHERE list_id = ?1)",
			     NULL))
		return;
	sqlite3_bind_int64(st, 1, in->list_id);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

int rp_ingest_finish(struct rp_ingest *in, struct rp_ingest_stats *stats, struct rp_error *err)
{
	int rc = 0, i;

	if (!in)
		return 0;
	rc = rp_ingest_flush(in, err);
	if (rc)
		rp_store_rollback(in->store);
	if (in->threaded) {
		pthread_mutex_lock(&in->lock);
		in->stop = 1;
		pthread_cond_signal(&in->cond_work);
		pthread_mutex_unlock(&in->lock);
		pthread_join(in->worker, NULL);
	}
	while (in->q_write < in->q_fill)
		job_release(&in->queue[in->q_write++ % INGEST_QUEUE]);
	pthread_mutex_destroy(&in->lock);
	pthread_cond_destroy(&in->cond_parsed);
	pthread_cond_destroy(&in->cond_work);
	for (i = 0; i < RP_ST_COUNT; i++)
		sqlite3_finalize(in->st[i]);
	if (!rc)
		rc = rp_ingest_after(in, err);
	if (!rc)
		drop_unused_list(in);
	if (in->bulk)
		rp_store_bulk_end(in->store);
	in->stats.seconds = rp_now_seconds() - in->start;
	if (stats)
		*stats = in->stats;
	free(in);
	return rc;
}
