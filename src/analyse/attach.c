/* attach: comments sent as an attachment to a reply ("Please find our comments attached."
 * with a .docx). Import keeps the text of text-like attachments; a document (.docx, .odt,
 * PDF) is read here from the stored raw message through the doc module, as `draft add
 * --from-message` reads a draft. The analysis asks only for the replies answering a
 * draft that have attachments and whose body is a cover note or says the comments are
 * attached, so the cost stays with those few messages. An
 * attachment that is mostly the draft's own text (a revised draft) is no comment, save the
 * comments and tracked changes a member made in a Word or OpenDocument copy sent back; nor one whose text
 * the body already shows (a part named like a file but
 * displayed inline); an HTML page is read as `draft add` reads one; one that cannot be read (a legacy .doc, a damaged file, a scanned PDF) is
 * returned with the reason, for `check` to report. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"
#include "rapporteur/doc.h"
#include "rapporteur/mime.h"

/* A body whose own words are at most this long is a cover note (a greeting, "please find
 * our comments attached", a name): the comments are elsewhere. */
#define COVER_NOTE_MAX 600

/* An attachment holding at least this share of the draft's 4-grams, and at least half the
 * draft's length, is a copy of the draft. */
#define COPY_MIN_SHARE 0.5

int an_cover_note(const struct rp_segments *seg)
{
	size_t i, len = 0;

	for (i = 0; i < seg->n; i++)
		if (seg->blocks[i].kind == RP_BLOCK_NEW && seg->blocks[i].text)
			len += strlen(seg->blocks[i].text);
	return len <= COVER_NOTE_MAX;
}

void an_attached_free(struct an_attached *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].text);
		free(a[i].problem);
	}
	free(a);
}

/* A document by its name or MIME type: worth decoding the message again to read it. */
static int document_named(const char *name, const char *type)
{
	static const char *const exts[] = { ".docx", ".docm", ".odt", ".pdf", ".doc", ".rtf",
					    ".html", ".htm", NULL };
	static const char *const types[] = {
		"application/pdf", "application/msword", "application/rtf", "text/rtf",
		"text/html", "application/xhtml+xml",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.oasis.opendocument.text", NULL
	};
	size_t i;

	for (i = 0; name && exts[i]; i++)
		if (rp_iends_with(name, exts[i]))
			return 1;
	for (i = 0; type && types[i]; i++)
		if (rp_ascii_casecmp(type, types[i]) == 0)
			return 1;
	return 0;
}

/* Is text mostly the draft's (a marked-up copy or a new version of it)? */
int an_copy_of_draft(const char *text, const struct an_shingles *draft_sh,
			 size_t n_sections, size_t draft_len)
{
	unsigned *counts, total = 0;
	size_t i, held = 0;

	if (!n_sections || strlen(text) * 2 < draft_len)
		return 0;
	if (!(counts = calloc(n_sections, sizeof(*counts))))
		return 0;
	an_shingles_match(draft_sh, text, counts, n_sections, NULL, &total);
	for (i = 0; i < n_sections; i++)
		held += counts[i];
	free(counts);
	/* a 4-gram two sections share counts twice: never more than all of them */
	return total && (held > total ? total : held) >= COPY_MIN_SHARE * total;
}

static int push(struct an_attached **out, size_t *n, const char *name, char *text,
		char *problem)
{
	struct an_attached *a = realloc(*out, (*n + 1) * sizeof(*a));

	if (!a) {
		free(text);
		free(problem);
		return RP_ENOMEM;
	}
	*out = a;
	a = &a[(*n)++];
	a->name = rp_strdup(name ? name : "(unnamed)");
	a->text = text;
	a->problem = problem;
	return a->name ? 0 : RP_ENOMEM;
}

/* The stored raw message decoded again, keeping its attachments' bytes; *p NULL when the
 * message has no raw bytes or cannot be decoded (the reason in *why). */
static int decode_raw(struct rp_store *s, int64_t message, struct rp_parsed **p,
		      const char **why, struct rp_error *err)
{
	struct rp_mime_limits lim;
	struct rp_error perr;
	sqlite3_stmt *st = NULL;
	int rc;

	*p = NULL;
	*why = "the message could not be decoded again";
	rp_mime_limits_default(&lim);
	lim.keep_attachment_data = 1;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT r.bytes FROM message m JOIN raw r ON r.hash = m.hash"
				   " WHERE m.id = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, message);
	memset(&perr, 0, sizeof(perr));
	if (sqlite3_step(st) == SQLITE_ROW &&
	    rp_mime_parse(p, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), &lim,
			  &perr) == RP_ENOMEM)
		rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	sqlite3_finalize(st);
	return rc;
}

/* Is the attachment decoded again the one import stored (under other limits the parts
 * could be counted otherwise)? */
static int same_name(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* s with each run of white space made one space, trimmed (malloc'ed), or NULL. */
static char *squeezed(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (isspace((unsigned char)*s)) {
			while (isspace((unsigned char)*s))
				s++;
			if (o > out && *s)
				*o++ = ' ';
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Whether an attachment's text is already part of the body: a part named like a file but
 * shown inline ("note.txt", Content-Disposition: inline) is both; its words are read once.
 * -1 when out of memory. */
static int in_body(const char *body, const char *text)
{
	char *b, *t;
	int found;

	if (!body || !*body)
		return 0;
	b = squeezed(body);
	t = squeezed(text);
	found = b && t ? *t && strstr(b, t) != NULL : -1;
	free(b);
	free(t);
	return found;
}

/* The text of document attachment a, or the reason it cannot be read (malloc'ed). */
static int read_document(const struct rp_attachment *a, const char *name, char **text,
			 char **problem)
{
	enum rp_doc_kind kind = rp_doc_kind(a->data, a->data_len, a->name, a->type);
	struct rp_error derr;
	size_t len;
	int rc;

	*text = *problem = NULL;
	if (kind == RP_DOC_TEXT || kind == RP_DOC_OTHER)
		return 0; /* named like a document, but none (or text import already kept) */
	if (kind == RP_DOC_LEGACY) {
		*problem = rp_strdup("a legacy word-processor file (.doc or RTF); send it as .docx, "
				     ".odt or PDF");
		return *problem ? 0 : RP_ENOMEM;
	}
	memset(&derr, 0, sizeof(derr));
	rc = rp_doc_to_text(a->data, a->data_len, kind, name, text, &len, &derr);
	if (rc == RP_ENOMEM)
		return rc;
	if (rc) {
		*text = NULL;
		*problem = rp_strdup(derr.msg[0] ? derr.msg : "unreadable");
		return *problem ? 0 : RP_ENOMEM;
	}
	return 0;
}

void an_reviewers_release(struct an_reviewers *rv)
{
	rp_doc_marks_free(rv->marks, rv->n_marks);
	rv->marks = NULL;
	rv->n_marks = 0;
	rv->loaded = 0;
}

/* The marks of the circulated draft's own Word and OpenDocument attachments, once: a returned copy still
 * holds them, and they are no member's. */
static int load_circulated_marks(struct rp_store *s, struct an_reviewers *rv,
				 struct rp_error *err)
{
	struct rp_parsed *p = NULL;
	sqlite3_stmt *st = NULL;
	const char *why;
	int64_t id = 0;
	size_t i;
	int rc;

	if (rv->loaded)
		return 0;
	rv->loaded = 1;
	if (!rv->circulated)
		return 0;
	if ((rc = rp_store_prepare(s, &st, "SELECT id FROM message WHERE message_id = ?1 LIMIT 1",
				   err)))
		return rc;
	rp_bind_text(st, 1, rv->circulated);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!id || (rc = decode_raw(s, id, &p, &why, err)) || !p)
		return rc;
	for (i = 0; i < p->n_attachments && !rc; i++) {
		const struct rp_attachment *a = &p->attachments[i];
		struct rp_doc_mark *m = NULL, *all;
		struct rp_error derr = { 0 };
		size_t k = 0;

		enum rp_doc_kind kind = a->data ? rp_doc_kind(a->data, a->data_len, a->name, a->type)
						: RP_DOC_OTHER;

		if (kind != RP_DOC_DOCX && kind != RP_DOC_ODT)
			continue;
		if (rp_doc_review_marks(a->data, a->data_len, kind, "draft", &m, &k, &derr) ==
		    RP_ENOMEM) {
			rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
			break;
		}
		if (!k)
			continue;
		if (!(all = realloc(rv->marks, (rv->n_marks + k) * sizeof(*all)))) {
			rp_doc_marks_free(m, k);
			rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
			break;
		}
		rv->marks = all;
		memcpy(rv->marks + rv->n_marks, m, k * sizeof(*m));
		rv->n_marks += k;
		free(m);
	}
	rp_parsed_free(p);
	return rc;
}

static int same_text(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Is mark m the member's? Not when the draft's circulator made it, nor when the circulated
 * draft has it already. */
static int members_mark(const struct an_reviewers *rv, const struct rp_doc_mark *m)
{
	size_t i;

	if (m->author && rv->circ_name && rp_ascii_casecmp(m->author, rv->circ_name) == 0)
		return 0;
	for (i = 0; i < rv->n_marks; i++)
		if (same_text(rv->marks[i].author, m->author) && same_text(rv->marks[i].text, m->text))
			return 0;
	return 1;
}

/* The marks a member made in a returned copy of the draft (a Word or OpenDocument text with
 * comments and tracked changes), written as an interleaved reply: each under the text it marks,
 * quoted. *text NULL when the copy holds none of theirs. */
static int review_text(struct rp_store *s, struct an_reviewers *rv, const struct rp_attachment *a,
		       const char *name, char **text, struct rp_error *err)
{
	struct rp_doc_mark *m = NULL;
	struct rp_error derr = { 0 };
	struct rp_buf b = RP_BUF_INIT;
	enum rp_doc_kind kind;
	size_t n = 0, i;
	int rc;

	*text = NULL;
	if ((kind = rp_doc_kind(a->data, a->data_len, a->name, a->type)) != RP_DOC_DOCX &&
	    kind != RP_DOC_ODT)
		return 0;
	if ((rc = rp_doc_review_marks(a->data, a->data_len, kind, name, &m, &n, &derr))) {
		if (rc == RP_ENOMEM)
			return rp_error_set(err, rc, NULL, "out of memory");
		return 0; /* its text was read: a damaged comments part leaves it a copy */
	}
	if (n && (rc = load_circulated_marks(s, rv, err))) {
		rp_doc_marks_free(m, n);
		return rc;
	}
	for (i = 0; i < n && !rc; i++) {
		if (!members_mark(rv, &m[i]))
			continue;
		if (m[i].context)
			rc = rp_buf_addf(&b, "> %s\n\n", m[i].context);
		if (!rc)
			rc = rp_buf_addf(&b, "%s\n\n", m[i].text);
	}
	rp_doc_marks_free(m, n);
	if (rc) {
		rp_buf_release(&b);
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	}
	*text = b.len ? rp_buf_detach(&b, NULL) : NULL;
	rp_buf_release(&b);
	return 0;
}

int an_attached_read(struct rp_store *s, int64_t message, const char *body,
		     const struct an_shingles *draft_sh, size_t n_sections, size_t draft_len,
		     struct an_reviewers *rv, struct an_attached **out, size_t *n,
		     struct rp_error *err)
{
	struct rp_parsed *p = NULL;
	sqlite3_stmt *st = NULL;
	const char *why = NULL;
	int rc, decoded = 0;

	*out = NULL;
	*n = 0;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT ordinal, name, type, size, text FROM attachment"
				   " WHERE message = ?1 ORDER BY ordinal",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, message);
	while (!rc && *n < AN_MAX_ATTACHED && sqlite3_step(st) == SQLITE_ROW) {
		int64_t ord = sqlite3_column_int64(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);
		const char *stored = (const char *)sqlite3_column_text(st, 4);
		const struct rp_attachment *doc = NULL;
		char *text = NULL, *problem = NULL;

		if (stored && *stored) {
			if (!(text = rp_strdup(stored)))
				rc = RP_ENOMEM;
		} else if (!document_named(name, type)) {
			continue;
		} else if ((uint64_t)sqlite3_column_int64(st, 3) > RP_DOC_MAX_BYTES) {
			if (!(problem = rp_strdup("larger than the 64 MB a document may have")))
				rc = RP_ENOMEM;
		} else {
			if (!decoded && !(rc = decode_raw(s, message, &p, &why, err)))
				decoded = 1;
			if (rc)
				break;
			if (p && ord >= 0 && (size_t)ord < p->n_attachments &&
			    p->attachments[ord].data && same_name(p->attachments[ord].name, name)) {
				doc = &p->attachments[ord];
				rc = read_document(doc, name ? name : "(unnamed)", &text, &problem);
			}
			else if (!(problem = rp_strdup(why)))
				rc = RP_ENOMEM;
			if (!rc && !text && !problem)
				continue;
		}
		if (!rc && text) {
			int dup = in_body(body, text);
			if (dup < 0) {
				rc = RP_ENOMEM;
			} else if (dup) {
				free(text);
				continue;
			}
		}
		if (!rc && text && an_copy_of_draft(text, draft_sh, n_sections, draft_len)) {
			/* a copy returned with comments and tracked changes: those are the
			 * member's comments; edited without them, its differences are */
			char *copy = text;

			text = NULL;
			if (doc && (rc = review_text(s, rv, doc, name ? name : "(unnamed)", &text, err))) {
				free(copy);
				break;
			}
			if (!text && rv->draft_text && !rv->from_circulator &&
			    (rc = an_compare_copy(rv->draft_text, copy, &text)))
				rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
			free(copy);
			if (rc)
				break;
			if (!text) {
				rp_log(2, "attachment '%s' of message %lld is mostly the draft's text: "
					  "no comments taken from it",
				       name ? name : "(unnamed)", (long long)message);
				continue;
			}
		}
		if (!rc)
			rc = push(out, n, name, text, problem);
		else {
			free(text);
			free(problem);
		}
	}
	sqlite3_finalize(st);
	rp_parsed_free(p);
	if (rc == RP_ENOMEM)
		rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	if (rc) {
		an_attached_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
