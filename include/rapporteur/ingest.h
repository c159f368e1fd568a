/* ingest: bring raw messages into the store, from archives (mbox, Mailman .txt/.txt.gz,
 * Maildir, .eml, directories) or from IMAP. One bad message is recorded and skipped; a
 * batch commits in one transaction so a kill at any moment loses nothing committed. */
#ifndef RAPPORTEUR_INGEST_H
#define RAPPORTEUR_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "rapporteur/mime.h"
#include "rapporteur/store.h"
#include "rapporteur/util.h"

enum rp_ingest_result {
	RP_INGEST_NEW = 0,
	RP_INGEST_DUPLICATE = 1,
	RP_INGEST_ERROR = 2, /* stored, but with a parse error recorded */
};

struct rp_ingest_stats {
	uint64_t seen, added, duplicates, errors, bytes;
	/* Of the duplicates, the messages stored before for another list only, and recorded
	 * now as this session's list's too (a message cross-posted to two lists). */
	uint64_t added_to_list;
	double seconds;
};

/* Called for each message with a problem (so the CLI can name the file and message). */
typedef void (*rp_ingest_report_fn)(void *ctx, const char *source, const char *what);
/* Called after each message (progress display). */
typedef void (*rp_ingest_progress_fn)(void *ctx, const struct rp_ingest_stats *st);

/* The default batch of an import or a fetch: messages, and raw bytes. */
#define RP_INGEST_BATCH 4000
#define RP_INGEST_BATCH_BYTES ((size_t)32 << 20)

struct rp_ingest_options {
	const char *list;        /* list name (created if missing); NULL = "default" */
	/* A transaction commits every batch_size messages (default 4,000) or batch_bytes raw
	 * bytes (default 32 MB), whichever comes first. */
	int batch_size;
	size_t batch_bytes;
	/* Write in a rollback journal while the session runs, when nothing else has the
	 * store open (rp_store_bulk_begin): for imports, not for a long-lived fetch. */
	int bulk;
	struct rp_mime_limits limits;
	/* A gzip file may expand gzip_max_ratio times its size once past gzip_free_bytes
	 * (default 100 and 64 MB): a bomb stops there, reported, the rest of the file
	 * skipped. */
	unsigned gzip_max_ratio;
	uint64_t gzip_free_bytes;
	rp_ingest_report_fn report;
	rp_ingest_progress_fn progress;
	void *ctx;
};
void rp_ingest_options_default(struct rp_ingest_options *o);

struct rp_ingest;

/* Start an ingest session over store. *out owned by caller: rp_ingest_finish(). */
int rp_ingest_begin(struct rp_ingest **out, struct rp_store *store,
		    const struct rp_ingest_options *opt, struct rp_error *err);

/* Add one raw message (copied). source names where it came from ("archive.mbox:1234" or
 * "imap:list/uid 17"). uid/uidvalidity are 0 when not from IMAP. *res is
 * RP_INGEST_DUPLICATE when the same bytes are already stored or queued (a message stored
 * for another list is recorded as this list's too, counted in stats.added_to_list), else
 * RP_INGEST_NEW:
 * the message is decoded on a second core and written by a later call or by
 * rp_ingest_flush (decode errors are counted in the stats and reported through the report
 * callback). The writing finds a copy of a stored message that came by another route (its
 * Message-ID, Date and sender) and counts it in stats.duplicates instead; a draft never
 * sent (rp_parsed.draft) or a message deleted and not yet compacted out of its folder
 * (rp_parsed.deleted) is reported and not written. Returns 0, or a negative code for a
 * failure that stops the run (database, memory). */
int rp_ingest_add(struct rp_ingest *in, const char *raw, size_t len, const char *source,
		  uint32_t uidvalidity, uint32_t uid, enum rp_ingest_result *res,
		  struct rp_error *err);

/* Commit what is pending (the batch boundary). Called automatically every batch_size. */
int rp_ingest_flush(struct rp_ingest *in, struct rp_error *err);

/* Import a path: file (mbox, .txt, .txt.gz, .gz, .eml, Apple Mail's .emlx), Maildir, or
 * directory (recursive); "-" reads an mbox or single message from stdin. Errors in one file
 * are reported and the import goes on; the return value is negative only for fatal
 * (database) failures. */
int rp_ingest_path(struct rp_ingest *in, const char *path, struct rp_error *err);

/* Commit, rebuild derived data (threads, segmentation of the new messages), fill stats,
 * free. Safe on NULL. Returns the first fatal error of the commit, if any. */
int rp_ingest_finish(struct rp_ingest *in, struct rp_ingest_stats *stats, struct rp_error *err);

/* Low-level: split an mbox stream (mboxo, mboxrd, Mailman .txt archives). Calls fn for each
 * message with its bytes (From_ line removed, ">From " unquoted one level as mboxrd does),
 * the byte offset of its From_ line in the stream, and flags (RP_MBOX_TRUNCATED when the
 * message was longer than max_message and was cut; RP_MBOX_UNTERMINATED when the stream
 * ended inside its last line, without the newline that ends every mbox line: the file was
 * cut short; RP_MBOX_NO_BLANK when its From_ line, a full envelope followed by a header
 * field, came right after a body line with no blank line between: files concatenated after
 * one whose last message lacked the trailing blank line). Memory is bounded by max_message,
 * not by the archive. Exposed for tests and fuzzing. fn returns non-zero to stop. */
enum { RP_MBOX_TRUNCATED = 1, RP_MBOX_UNTERMINATED = 2, RP_MBOX_NO_BLANK = 4 };
typedef int (*rp_mbox_fn)(void *ctx, const char *msg, size_t len, uint64_t offset, int flags);
struct rp_mbox_splitter;
int rp_mbox_new(struct rp_mbox_splitter **out, size_t max_message, rp_mbox_fn fn, void *ctx);
int rp_mbox_feed(struct rp_mbox_splitter *sp, const char *data, size_t len);
int rp_mbox_end(struct rp_mbox_splitter *sp);
void rp_mbox_free(struct rp_mbox_splitter *sp);
/* The From_ line (len bytes, newline included) of the message fn is called with, for use
 * inside fn only: borrowed, valid until fn returns. NULL for a message that had none (text
 * before the first From_ line). */
const char *rp_mbox_envelope(const struct rp_mbox_splitter *sp, size_t *len);
/* The date of a From_ line ("From alice@example.org Tue Jun  1 10:00:00 2021", the Mailman
 * and zoned forms too) in *t, UTC seconds; an asctime date without a zone is taken as UTC.
 * 0, or RP_EPARSE when line is no From_ line or its date does not read. */
int rp_mbox_from_line_date(const char *line, size_t len, int64_t *t);

/* Undo Mailman's "alice at example.org" obfuscation in a header value (returns malloc'ed). */
char *rp_unobfuscate_address(const char *s);

/* One address "Name <addr>" / "addr (Name)" / "addr" of len bytes: decoded name (may be
 * NULL) and lower-cased address with the Mailman " at " obfuscation undone, each
 * malloc'ed. 0 or RP_ENOMEM. */
int rp_mime_parse_mailbox(const char *s, size_t len, char **name, char **addr);

#endif
