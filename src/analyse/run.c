/* run: one analysis of a draft. Loads the messages that answer it (membership), splits
 * them into points, anchors each point in the draft (manual, quote, explicit reference,
 * wording quoted inline, continuation of the paragraph before, reply inheritance, lexical
 * similarity, else general), classifies its stance, and writes points, anchors and stances
 * back in one transaction. A reply whose body is a cover note is read with the comments
 * it attaches (attach.c); those that cannot be read are written for `check`. A reply to a
 * repost (the same comments sent again, left out) answers the first copy. Point ids
 * are stable across runs (identity = draft, message, ordinal), so manual decisions and
 * `set POINT` keep working. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"
#include "rapporteur/thread.h"

struct run {
	struct rp_store *s;
	int64_t draft;
	char *circulated;
	char *circ_name, *circ_addr; /* who sent the circulating message, once loaded */
	struct rp_draft_doc *doc;
	struct rp_draft_refidx *refs; /* doc's numbers and headings, for references */
	int64_t *section_ids;
	struct an_msg *msgs;
	size_t n_msgs;
	struct an_point *points;
	size_t n_points, alloc_points;
	struct an_shingles draft_sh, point_sh;
	struct an_wording wording;
	sqlite3_stmt *fts;
	sqlite3_stmt *parent_body; /* a message's body by Message-ID, made at first need */
	struct an_reviewers reviewers; /* whose marks in a returned Word copy are not comments */
	char *draft_text; /* the draft's text as added (table draft) */
	size_t *by_mid; /* message indices sorted by Message-ID */
	struct rp_blocks *blocks;
	size_t draft_len; /* bytes of the draft's headings and texts */
	struct unread {   /* a reply's attachment of comments that could not be read */
		size_t msg;
		char *name, *reason;
	} *unread;
	size_t n_unread;
	/* each section's heading folded by heading_key, with its number and without (NULL for
	 * a section with no heading), made at first need */
	char **head_full, **head_bare;
	/* quote_point's counts per earlier point and per message, all zero between calls,
	 * and the points a passage met: made at first need */
	unsigned *quote_counts, *quote_per_msg;
	struct an_owner_list quote_met;
};

/* "Agree with Mark": how far back, and how many of Mark's points, are compared. */
#define MEMBER_LOOKBACK 5000
#define MEMBER_CANDIDATES 20

/* Quote matching: a quoted passage belongs to a section when at least this share of its
 * 4-grams (and at least two of them) are found there. */
#define QUOTE_MIN_SHARE 0.3
/* Similarity: bm25 must reach MIN and beat the runner-up by MARGIN. */
#define SIM_MIN_SCORE 2.0
#define SIM_MARGIN 1.3
#define SIM_RANK 8
/* Bytes of a stored body searched for a forwarded text (writer_sent_it). */
#define MAX_COPY_SCAN (256u << 10)

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int load_draft(struct run *r, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int rc;

	if ((rc = rp_draft_load(r->s, r->draft, &r->doc, err)))
		return rc;
	if (rp_draft_refidx_new(&r->refs, r->doc))
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	r->section_ids = calloc(r->doc->n + 1, sizeof(*r->section_ids));
	if (!r->section_ids)
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	if ((rc = rp_store_prepare(r->s, &st, "SELECT id FROM section WHERE draft = ?1 ORDER BY ordinal",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	while (sqlite3_step(st) == SQLITE_ROW && i < r->doc->n)
		r->section_ids[i++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* the circulating message, and who sent it (for the thanks addressed to them) */
	if ((rc = rp_store_prepare(r->s, &st,
				   "SELECT d.circulated, m.from_name, m.from_addr FROM draft d"
				   " LEFT JOIN message m ON m.message_id = d.circulated"
				   " WHERE d.id = ?1 ORDER BY m.id LIMIT 1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	if (sqlite3_step(st) == SQLITE_ROW && col(st, 0)) {
		r->circulated = rp_strdup(col(st, 0));
		r->circ_name = col(st, 1) ? rp_strdup(col(st, 1)) : NULL;
		r->circ_addr = col(st, 2) ? rp_strdup(col(st, 2)) : NULL;
	}
	sqlite3_finalize(st);
	r->reviewers.circulated = r->circulated;
	r->reviewers.circ_name = r->circ_name;
	if ((rc = rp_store_prepare(r->s, &st, "SELECT text FROM draft WHERE id = ?1", err)))
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	if (sqlite3_step(st) == SQLITE_ROW && col(st, 0) &&
	    !(r->draft_text = rp_strdup(col(st, 0)))) {
		sqlite3_finalize(st);
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	}
	sqlite3_finalize(st);
	r->reviewers.draft_text = r->draft_text;
	if ((rc = an_wording_init(&r->wording, r->doc)))
		return rp_error_set(err, rc, NULL, "out of memory");
	r->draft_sh.every_owner = 1;
	for (i = 0; i < r->doc->n; i++) {
		const struct rp_section *sec = &r->doc->sections[i];
		r->draft_len += (sec->heading ? strlen(sec->heading) : 0) +
				(sec->text ? strlen(sec->text) : 0);
		if (sec->heading)
			an_shingles_add(&r->draft_sh, sec->heading, (int32_t)i);
		if (sec->text && (rc = an_shingles_add(&r->draft_sh, sec->text, (int32_t)i)))
			return rp_error_set(err, rc, NULL, "out of memory");
	}
	return 0;
}

/* A document's title line: one short line that ends no sentence. */
static int title_line(const char *text)
{
	size_t len = strlen(text);

	return len && len <= 120 && !strchr(text, '\n') && !strchr(".!?:;,", text[len - 1]);
}

/* Points of message mi read from a text other than its body, written by sender (whose
 * name signs it off), each with source (where it was read). */
static int points_from_text(struct run *r, size_t mi, const char *sender, const char *source,
			    const char *text, struct rp_error *err)
{
	struct rp_segments seg;
	size_t from = r->n_points, i;
	int rc;

	/* the sender's name ends an attached document as it ends a mail: a sign-off */
	if ((rc = rp_text_segment_from(&seg, text, strlen(text), sender, err))) {
		rp_segments_release(&seg);
		return rc;
	}
	rc = an_points_from_blocks(&seg, mi, &r->points, &r->n_points, &r->alloc_points);
	rp_segments_release(&seg);
	if (!rc && from + 1 < r->n_points && title_line(r->points[from].text)) {
		/* "Comments of X on the draft report" above the comments: the document's
		 * title, no point (a lone comment without a full stop stays one); the
		 * message's points are numbered again by drop_cover_note */
		an_point_release(&r->points[from]);
		memmove(&r->points[from], &r->points[from + 1],
			(r->n_points - from - 1) * sizeof(r->points[0]));
		r->n_points--;
	}
	for (i = from; i < r->n_points && !rc; i++)
		if (!(r->points[i].source = rp_strdup(source)))
			rc = RP_ENOMEM;
	return rc == RP_ENOMEM ? rp_error_set(err, rc, NULL, "out of memory") : rc;
}

/* Points from the text of attachment `name` of message mi, each saying where it was read. */
static int points_from_attachment(struct run *r, size_t mi, const char *name, const char *text,
				  struct rp_error *err)
{
	const struct an_msg *m = &r->msgs[mi];
	const char *sender = m->from_name && *m->from_name ? m->from_name : m->from_addr;
	struct rp_buf b = RP_BUF_INIT;
	int rc;

	if (rp_buf_addf(&b, "attachment %s", name))
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	rc = points_from_text(r, mi, sender, b.buf, text, err);
	rp_buf_release(&b);
	return rc;
}

/* Does a short paragraph only say that comments are passed on ("Forwarding on behalf of
 * Dr. X, who is not subscribed: her comments below.", "My colleague asked me to pass this
 * on.")? It names no section (no digit). */
static int forward_note(const char *text)
{
	static const char *const words[] = { "forward", "on behalf of", "pass this on",
					     "passing this on", "pass on", "passing on",
					     "au nom de", "im namen", "en nombre de", NULL };
	size_t i;

	if (strlen(text) > 200 || strpbrk(text, "0123456789"))
		return 0;
	for (i = 0; words[i]; i++)
		if (rp_ascii_casestr(text, words[i]))
			return 1;
	return 0;
}

/* The member's own points [first, own_end) of a message whose forwarded comments were
 * read: the line passing them on frames them, as a cover note frames attached comments,
 * and is no point of its own. */
static void drop_forward_notes(struct run *r, size_t first, size_t own_end)
{
	size_t b, w;

	for (b = w = first; b < r->n_points; b++) {
		if (b < own_end && forward_note(r->points[b].text)) {
			an_point_release(&r->points[b]);
			continue;
		}
		r->points[w++] = r->points[b];
	}
	r->n_points = w;
}

/* Text folded for comparison: white space runs made one space, ASCII letters lower-cased,
 * at most max bytes of src read. malloc'ed, NULL when out of memory. */
static char *fold_spaces(const char *src, size_t max)
{
	size_t n = strnlen(src, max), i, w = 0;
	char *out = malloc(n + 1);

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (isspace(c)) {
			if (w && out[w - 1] != ' ')
				out[w++] = ' ';
		} else {
			out[w++] = (char)tolower(c);
		}
	}
	out[w] = '\0';
	return out;
}

/* The longest line of text, folded (fold_spaces), when it is long enough to identify the
 * text (20 bytes); else NULL with *oom 0. */
static char *identifying_line(const char *text, int *oom)
{
	const char *s, *e, *best = NULL;
	size_t best_n = 0;
	char *line, *folded;

	*oom = 0;
	for (s = text; *s; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		if ((size_t)(e - s) > best_n) {
			best = s;
			best_n = (size_t)(e - s);
		}
	}
	if (best_n < 20)
		return NULL;
	if (!(line = rp_strndup(best, best_n))) {
		*oom = 1;
		return NULL;
	}
	folded = fold_spaces(line, best_n);
	free(line);
	*oom = !folded;
	return folded;
}

/* Is the forwarded text f a copy of a message its writer sent themself and the store holds
 * (list mail forwarded: its own copy is read)? Any other mail of the writer's (another list,
 * another year) does not make a forwarded message of theirs one: their comments would be
 * lost. Among the writer's 64 latest messages, one whose body holds the forwarded text's
 * longest line; a text too short to tell is taken as a copy when the writer has any mail,
 * as before. 1, 0, or a negative RP_E* code. */
static int writer_sent_it(struct run *r, sqlite3_stmt **st, const struct an_forwarded *f,
			  struct rp_error *err)
{
	char *line = NULL, *body;
	int oom, rc, found = 0, any = 0;

	if (!*st && (rc = rp_store_prepare(r->s, st,
					   "SELECT " RP_SQL_BODY("m") " FROM message m"
					   " WHERE m.from_addr = ?1 COLLATE NOCASE"
					   " ORDER BY m.date DESC, m.id DESC LIMIT 64",
					   err)))
		return rc;
	line = identifying_line(f->text, &oom);
	if (oom)
		return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	sqlite3_reset(*st);
	rp_bind_text(*st, 1, f->addr);
	while (!found && (rc = sqlite3_step(*st)) == SQLITE_ROW) {
		const char *b = (const char *)sqlite3_column_text(*st, 0);

		any = 1;
		if (!line)
			break;
		if (!b)
			continue;
		if (!(body = fold_spaces(b, MAX_COPY_SCAN))) {
			free(line);
			return rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
		}
		found = strstr(body, line) != NULL;
		free(body);
	}
	free(line);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rp_store_error(r->s, err, "looking up a forwarded message's writer");
	sqlite3_reset(*st);
	return found || (any && !line);
}

/* Comments a member forwards from someone whose own copy of them is not in the store (a
 * colleague who is not subscribed): read as points of the member's message, each saying
 * whose forwarded message it came from, and credited to that writer. A forwarded copy
 * of list mail (its writer's own message is stored and read), a message whose writer is
 * not named, or a forwarded copy of the draft gives none. */
static int forwarded_points(struct run *r, size_t mi, const struct rp_segments *seg,
			    struct rp_error *err)
{
	struct an_forwarded *fw = NULL;
	sqlite3_stmt *st = NULL;
	size_t n = 0, i, k, own_end = r->n_points;
	int rc;

	if ((rc = an_forwarded_read(seg, &fw, &n)))
		return rp_error_set(err, rc, NULL, "out of memory");
	for (i = 0; i < n && !rc; i++) {
		const char *who = fw[i].name && *fw[i].name ? fw[i].name : fw[i].addr;
		struct rp_buf b = RP_BUF_INIT;
		int known;

		if (!fw[i].addr ||
		    an_copy_of_draft(fw[i].text, &r->draft_sh, r->doc->n, r->draft_len))
			continue;
		if ((known = writer_sent_it(r, &st, &fw[i], err)) < 0) {
			rc = known;
			break;
		}
		if (known)
			continue;
		/* the writer is read back from this form (RP_SQL_FWD_ADDR, members.h): the
		 * points are theirs; angle brackets in a name would end it early */
		if (rp_buf_adds(&b, "message of "))
			rc = RP_ENOMEM;
		for (k = 0; !rc && who[k]; k++)
			if (who[k] != '<' && who[k] != '>' && rp_buf_addch(&b, who[k]))
				rc = RP_ENOMEM;
		if (rc || rp_buf_addf(&b, " <%s>, forwarded", fw[i].addr))
			rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
		else
			rc = points_from_text(r, mi, who, b.buf, fw[i].text, err);
		rp_buf_release(&b);
	}
	sqlite3_finalize(st);
	an_forwarded_free(fw, n);
	if (!rc && r->n_points > own_end)
		drop_forward_notes(r, r->msgs[mi].first_point, own_end);
	/* The forwarded message's points follow the member's own in their message: numbered
	 * on from them (each text's points start again at 0, and a point is stored by its
	 * message and ordinal, so the first forwarded one took the place of the member's
	 * first own point). */
	for (k = r->msgs[mi].first_point; !rc && k < r->n_points; k++)
		r->points[k].ordinal = (int)(k - r->msgs[mi].first_point);
	return rc;
}

static int note_unread(struct run *r, size_t mi, const struct an_attached *a)
{
	struct unread *u = realloc(r->unread, (r->n_unread + 1) * sizeof(*u));

	if (!u)
		return RP_ENOMEM;
	r->unread = u;
	u = &u[r->n_unread++];
	u->msg = mi;
	u->name = rp_strdup(a->name);
	u->reason = rp_strdup(a->problem);
	return u->name && u->reason ? 0 : RP_ENOMEM;
}

/* Does a short paragraph speak of an attachment ("Our comments are attached.")? */
static int about_attachment(const char *text)
{
	static const char *const words[] = { "attach", "enclosed", "pi\xc3\xa8" "ce jointe",
					     "ci-joint", "anhang", "angeh\xc3\xa4" "ngt",
					     "beigef\xc3\xbc" "gt", "adjunt", "anexo", NULL };
	size_t i;

	for (i = 0; words[i] && strlen(text) <= 200; i++)
		if (rp_ascii_casestr(text, words[i]))
			return 1;
	return 0;
}

/* Does a short paragraph announce comments in an attachment ("Our detailed comments on
 * sections 4 to 6 are in the attached document.")? A reply with more to say than a cover
 * note is read with its attachments only when it says so: an attachment of such a reply
 * may be anything else (a study it cites, a slide deck). */
static int announces_attached_comments(const char *text)
{
	static const char *const words[] = {
		"comment", "feedback", "input", "remark", "observation", "suggestion", "edits",
		"mark-up", "markup", "tracked change", "contribution", "response", "reply",
		"commentaire", "observations", "remarque", "kommentar", "anmerkung",
		"stellungnahme", "comentario", "observaciones", "aporte", NULL
	};
	size_t i;

	if (!about_attachment(text))
		return 0;
	for (i = 0; words[i]; i++)
		if (rp_ascii_casestr(text, words[i]))
			return 1;
	return 0;
}

/* The cover note of comments sent as an attachment ("Please find our comments
 * attached.") frames them and is no point: the body's courtesy points [first, body_end)
 * and those speaking of the attachment go, and the message's points, body and
 * attachments, are numbered again from 0. When the body has more to say (cover is 0), only
 * the paragraphs announcing the attached comments go. */
static void drop_cover_note(struct run *r, size_t first, size_t body_end, int cover)
{
	size_t b, w;

	for (b = w = first; b < r->n_points; b++) {
		struct an_point *p = &r->points[b];

		if (b < body_end && !p->inline_reply &&
		    (cover ? p->courtesy || about_attachment(p->text)
			   : announces_attached_comments(p->text))) {
			an_point_release(p);
			continue;
		}
		r->points[w++] = *p;
	}
	r->n_points = w;
	for (b = first; b < r->n_points; b++)
		r->points[b].ordinal = (int)(b - first);
}

/* A reply whose body is a cover note, or says its comments are attached: its comments are
 * read from its attachments, as part of its new text; those that cannot be read are kept
 * for `check`. */
static int attached_points(struct run *r, size_t mi, const char *body, int cover,
			   struct rp_error *err)
{
	struct an_msg *m = &r->msgs[mi];
	struct an_attached *att = NULL;
	size_t n = 0, i, body_end = r->n_points;
	int rc;

	r->reviewers.from_circulator =
		(m->from_addr && r->circ_addr && rp_ascii_casecmp(m->from_addr, r->circ_addr) == 0) ||
		(m->from_name && *m->from_name && r->circ_name &&
		 rp_ascii_casecmp(m->from_name, r->circ_name) == 0);
	if ((rc = an_attached_read(r->s, m->id, body, &r->draft_sh, r->doc->n, r->draft_len,
				   &r->reviewers, &att, &n, err)))
		return rc;
	for (i = 0; i < n && !rc; i++)
		if (att[i].text)
			rc = points_from_attachment(r, mi, att[i].name, att[i].text, err);
		else if (note_unread(r, mi, &att[i]))
			rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
	if (!rc && n)
		drop_cover_note(r, m->first_point, body_end, cover);
	an_attached_free(att, n);
	return rc;
}

/* A body whose own text is mostly the draft's (a revised version sent in the thread, "here
 * is version 2 with your comments in", or the draft pasted again) holds the draft, not
 * comments on it: its points are dropped, as an attachment's would be. 0 or RP_ENOMEM. */
static int drop_body_copy(struct run *r, const struct an_msg *m, const struct rp_segments *seg)
{
	char *text;
	size_t k;

	if (r->n_points == m->first_point || !r->doc || !r->doc->n)
		return 0;
	if (!(text = rp_text_new_text(seg)))
		return RP_ENOMEM;
	if (an_copy_of_draft(text, &r->draft_sh, r->doc->n, r->draft_len)) {
		rp_log(2, "message <%s> is mostly the draft's text: no points from its body",
		       m->message_id ? m->message_id : "?");
		for (k = m->first_point; k < r->n_points; k++)
			an_point_release(&r->points[k]);
		r->n_points = m->first_point;
	}
	free(text);
	return 0;
}

/* Comments typed into an original pasted below an Outlook header (inline.c), told apart
 * from it by the body of the message answered. */
static int unquote_inline(struct run *r, const struct an_msg *m, struct rp_segments *seg,
			  struct rp_error *err)
{
	int rc;

	if (!m->parent || !an_inline_candidate(seg))
		return 0;
	if (!r->parent_body &&
	    (rc = rp_store_prepare(r->s, &r->parent_body,
				   "SELECT " RP_SQL_BODY("m") " FROM message m WHERE m.message_id = ?1"
				   " ORDER BY m.id LIMIT 1",
				   err)))
		return rc;
	rp_bind_text(r->parent_body, 1, m->parent);
	rc = sqlite3_step(r->parent_body) == SQLITE_ROW
		     ? an_unquote_inline(seg, col(r->parent_body, 0), &r->draft_sh, r->doc->n,
					 m->from_name && *m->from_name ? m->from_name : m->from_addr)
		     : 0;
	sqlite3_reset(r->parent_body);
	return rc ? rp_error_set(err, rc, NULL, "out of memory") : 0;
}

/* A reply to a repost (the same comments sent again, often the copy that reached the
 * list) answers what the first copy said: the parent is the first copy, which the repost's
 * reason names (membership.c), when the Message-ID p is a repost of the draft ?1. CROSS
 * JOIN: the message by its Message-ID first, not every row of the draft for each message. */
#define REPOST_FIRST(p)                                                                            \
	"(SELECT substr(rd.reason, length('" AN_REPOST_REASON "') + 3, length(rd.reason) -"         \
	" length('" AN_REPOST_REASON "') - 3) FROM message pm CROSS JOIN draft_message rd"           \
	" ON rd.message ="                                                                         \
	" pm.id AND rd.draft = ?1 WHERE pm.message_id = " p " AND rd.included = 0 AND rd.reason"      \
	" LIKE '" AN_REPOST_REASON " (%)' LIMIT 1)"

static int load_messages(struct run *r, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc;

	if ((rc = rp_store_prepare(
		     r->s, &st,
		     "SELECT m.id, m.message_id, m.from_addr, m.from_name, m.date, " RP_SQL_BODY("m") ","
		     " coalesce(" REPOST_FIRST("t.parent") ", t.parent),"
		     " t.thread, EXISTS (SELECT 1 FROM attachment a WHERE a.message = m.id)"
		     " FROM draft_message d JOIN message m ON m.id = d.message"
		     " LEFT JOIN thread_node t ON t.message_id = m.message_id"
		     " WHERE d.draft = ?1 AND d.included = 1 ORDER BY m.date, m.id",
		     err)))
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct an_msg *m;
		struct rp_segments seg;
		int cover, announced;
		size_t k;

		if (r->circulated && col(st, 1) && strcmp(col(st, 1), r->circulated) == 0)
			continue; /* the draft itself is not a comment on it */
		if (r->n_msgs == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			m = realloc(r->msgs, alloc * sizeof(*m));
			if (!m) {
				rc = rp_error_set(err, RP_ENOMEM, NULL, "out of memory");
				goto out;
			}
			r->msgs = m;
		}
		m = &r->msgs[r->n_msgs];
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(st, 0);
		m->message_id = rp_strdup(col(st, 1));
		m->from_addr = rp_strdup(col(st, 2));
		m->from_name = rp_strdup(col(st, 3));
		m->date = sqlite3_column_int64(st, 4);
		m->parent = rp_strdup(col(st, 6));
		m->thread = rp_strdup(col(st, 7));
		m->first_point = r->n_points;
		if ((rc = rp_blocks_get(r->blocks, m->id, col(st, 5) ? col(st, 5) : "", &seg, NULL,
					err)))
			goto out;
		if ((rc = unquote_inline(r, m, &seg, err))) {
			rp_segments_release(&seg);
			goto out;
		}
		rc = an_points_from_blocks(&seg, r->n_msgs, &r->points, &r->n_points, &r->alloc_points);
		if (!rc && (rc = drop_body_copy(r, m, &seg)))
			rc = RP_ENOMEM;
		if (!rc) {
			r->n_msgs++; /* forwarded_points reads the message's entry */
			rc = forwarded_points(r, r->n_msgs - 1, &seg, err);
			r->n_msgs--;
			if (rc) {
				rp_segments_release(&seg);
				goto out;
			}
		}
		/* only a message with attachments is looked at for comments in them: one query
		 * each for the rest cost a third of the analysis of 5,000 short replies */
		cover = sqlite3_column_int(st, 8) && an_cover_note(&seg);
		rp_segments_release(&seg);
		if (rc) {
			rc = rp_error_set(err, rc, NULL, "out of memory");
			goto out;
		}
		announced = 0;
		for (k = m->first_point; sqlite3_column_int(st, 8) && !cover && k < r->n_points &&
					 !announced;
		     k++)
			announced = !r->points[k].inline_reply &&
				    announces_attached_comments(r->points[k].text);
		if (sqlite3_column_int(st, 8) && (cover || announced) &&
		    (rc = attached_points(r, r->n_msgs, col(st, 5), cover, err)))
			goto out;
		m->n_points = r->n_points - m->first_point;
		r->n_msgs++;
	}
	rc = rc == SQLITE_DONE ? 0 : rp_store_error(r->s, err, "loading messages");
out:
	sqlite3_finalize(st);
	return rc;
}

/* --- anchoring ------------------------------------------------------------------- */

/* Quote anchors, greedily: the section holding most of the quoted passage's 4-grams,
 * then the section holding most of the 4-grams no chosen section holds, and so on, while
 * the section holds two 4-grams or more and QUOTE_MIN_SHARE of the passage. A passage
 * quoted across two sections anchors to both; a section that only repeats words of a
 * chosen one (a proposal quoting the text it replaces) is not anchored. Anchors are
 * added in section order. counts has room for the draft's sections. Returns whether any
 * section was anchored, or -1 when out of memory. */
static int quote_draft(struct run *r, struct an_point *p, const char *quoted, unsigned *counts)
{
	size_t n = r->doc->n, i;
	unsigned total = 0, *held;
	unsigned char *chosen;
	int found = 0, pass;
	char ev[96];

	if (!n)
		return 0;
	held = calloc(n, sizeof(*held));
	chosen = calloc(n, 1);
	if (!held || !chosen) {
		free(held);
		free(chosen);
		return -1;
	}
	for (pass = 0;; pass++) {
		size_t best = n;
		/* the first pass leaves nothing out */
		an_shingles_match(&r->draft_sh, quoted, counts, n, pass ? chosen : NULL, &total);
		for (i = 0; i < n; i++)
			if (!chosen[i] && (best == n || counts[i] > counts[best]))
				best = i;
		if (best == n || counts[best] < 2 || counts[best] < QUOTE_MIN_SHARE * total)
			break;
		chosen[best] = 1;
		held[best] = counts[best];
	}
	for (i = 0; i < n && found >= 0; i++) {
		double conf = 0.5 + 0.5 * (double)held[i] / total;
		if (!chosen[i])
			continue;
		snprintf(ev, sizeof(ev), "quotes the draft (%u of %u word 4-grams)", held[i], total);
		found = an_anchor_add(p, (int)i, AN_QUOTE, conf > 1 ? 1 : conf, ev) ? -1 : 1;
	}
	free(held);
	free(chosen);
	return found;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The earlier point (of the first pi) a quoted passage reproduces, or -1: the point
 * holding at least QUOTE_MIN_SHARE of its 4-grams; else, when the passage copies several
 * points of one message (a whole reply quoted back under "looks good"), the message whose
 * points together hold that share, and in it the point holding most. Only the points the
 * passage meets are looked at, in their order, so a long discussion costs what each
 * passage holds, not the number of points before it. *pick gets the point, or -1. */
static int quote_point(struct run *r, size_t pi, const char *quoted, long *pick)
{
	struct an_owner_list *met = &r->quote_met;
	unsigned *counts, *per_msg, total = 0;
	size_t best = 0, best_msg = 0, k, i;
	int rc;

	*pick = -1;
	if (!r->quote_counts &&
	    (!(r->quote_counts = calloc(r->n_points + 1, sizeof(*r->quote_counts))) ||
	     !(r->quote_per_msg = calloc(r->n_msgs + 1, sizeof(*r->quote_per_msg)))))
		return RP_ENOMEM;
	counts = r->quote_counts;
	per_msg = r->quote_per_msg;
	if ((rc = an_shingles_match_sparse(&r->point_sh, quoted, counts, pi, met, &total)))
		return rc;
	if (met->n > 1)
		qsort(met->v, met->n, sizeof(*met->v), cmp_size);
	for (i = 0; i < met->n; i++)
		if (counts[met->v[i]] > counts[best] || (!i && counts[best] == 0))
			best = met->v[i];
	if (!total || counts[best] < 2)
		goto done;
	if (counts[best] >= QUOTE_MIN_SHARE * total) {
		*pick = (long)best;
		goto done;
	}
	for (i = 0; i < met->n; i++) {
		size_t m = r->points[met->v[i]].msg;
		per_msg[m] += counts[met->v[i]];
		if (per_msg[m] > per_msg[best_msg])
			best_msg = m;
	}
	if (per_msg[best_msg] >= QUOTE_MIN_SHARE * total)
		for (i = 0; i < met->n; i++) {
			k = met->v[i];
			if (r->points[k].msg == best_msg && counts[k] >= 2 &&
			    (*pick < 0 || counts[k] > counts[*pick]))
				*pick = (long)k;
		}
	for (i = 0; i < met->n; i++)
		per_msg[r->points[met->v[i]].msg] = 0;
done:
	for (i = 0; i < met->n; i++)
		counts[met->v[i]] = 0;
	return 0;
}

/* s folded for comparing headings: letters and digits lower-cased, every other run of
 * characters one space ("3. Reporting -- and publication:" and "3 reporting and
 * publication" are the same), a leading '#' run dropped. NULL when out of memory. */
static char *heading_key(const char *num, const char *heading)
{
	struct rp_buf b = RP_BUF_INIT;
	const char *parts[2] = { num, heading }, *q;
	int gap = 0, k;

	for (k = 0; k < 2; k++)
		for (q = parts[k]; q && *q; q++) {
			unsigned char c = (unsigned char)*q;
			if (isalnum(c) || c >= 0x80) {
				if (gap && b.len && rp_buf_addch(&b, ' '))
					goto oom;
				gap = 0;
				if (rp_buf_addch(&b, (char)tolower(c)))
					goto oom;
			} else {
				gap = 1;
			}
			if (!q[1])
				gap = 1; /* between the number and the heading */
		}
	if (!b.len && rp_buf_addch(&b, '\0'))
		goto oom;
	return rp_buf_detach(&b, NULL);
oom:
	rp_buf_release(&b);
	return NULL;
}

/* The sections' heading keys into r->head_full and r->head_bare, once per run: every
 * quoted line of every reply is compared with them. 0 or RP_ENOMEM. */
static int heading_keys(struct run *r)
{
	size_t i, n = r->doc->n;

	if (r->head_full)
		return 0;
	if (!(r->head_full = calloc(n ? n : 1, sizeof(char *))) ||
	    !(r->head_bare = calloc(n ? n : 1, sizeof(char *)))) {
		free(r->head_full);
		r->head_full = NULL;
		return RP_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		const struct rp_section *sec = &r->doc->sections[i];
		if (!sec->heading || !*sec->heading)
			continue;
		if (!(r->head_full[i] = heading_key(sec->number, sec->heading)) ||
		    !(r->head_bare[i] = heading_key(NULL, sec->heading)))
			return RP_ENOMEM; /* run_release frees what was made */
	}
	return 0;
}

/* The one section whose heading (with its number or without) the line is, folded by
 * heading_key; -1 when none or several, -2 when out of memory. */
static long heading_section(struct run *r, const char *line)
{
	char *key;
	size_t i, hit = 0, n = 0;

	if (heading_keys(r) || !(key = heading_key(NULL, line)))
		return -2;
	for (i = 0; i < r->doc->n && *key; i++)
		if (r->head_full[i] && r->head_bare[i] &&
		    (strcmp(key, r->head_full[i]) == 0 || strcmp(key, r->head_bare[i]) == 0)) {
			hit = i;
			n++;
		}
	free(key);
	return n == 1 ? (long)hit : -1;
}

/* A passage that is only a section's heading ("> 3 Reporting and publication", with or
 * without its number): too short for the 4-grams of quote_draft, it still says which
 * section the comment under it is about. The heading must name one section only.
 * 1 anchored, 0 not, -1 out of memory. */
static int quote_heading(struct run *r, struct an_point *p, const char *quoted)
{
	char ev[96];
	long hit;

	if (strchr(quoted, '\n') || strlen(quoted) > 200)
		return 0;
	if ((hit = heading_section(r, quoted)) == -2)
		return -1;
	if (hit < 0)
		return 0;
	snprintf(ev, sizeof(ev), "quotes the heading of %.60s",
		 r->doc->sections[hit].number ? r->doc->sections[hit].number : "the section");
	return an_anchor_add(p, (int)hit, AN_QUOTE, 0.9, ev) ? -1 : 1;
}

/* A member who quotes the draft through and writes under each part of it quotes whole
 * sections, headings included, and a comment under a quote holding the headings of two
 * sections or more answers the last one: where that last heading starts in the passage,
 * NULL when it holds fewer than two headings (a passage quoted across a section break is
 * about both sections), or when out of memory (*oom set). */
static const char *last_quoted_section(struct run *r, const char *quoted, int *oom)
{
	const char *s, *e, *last = NULL;
	size_t headings = 0;

	for (s = quoted; *s; s = *e ? e + 1 : e) {
		char *line;
		long hit;

		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		if (e == s || e - s > 200)
			continue;
		if (!(line = rp_strndup(s, (size_t)(e - s)))) {
			*oom = 1;
			return NULL;
		}
		hit = heading_section(r, line);
		free(line);
		if (hit == -2) {
			*oom = 1;
			return NULL;
		}
		if (hit >= 0) {
			headings++;
			last = s;
		}
	}
	return headings >= 2 ? last : NULL;
}

/* The passage a point is written under, matched against the draft and then against
 * earlier points; when the nearest quote block is neither (a one-word correction quoted
 * back), the whole run of quote blocks above it is tried the same way. */
static int anchor_quote(struct run *r, size_t pi)
{
	struct an_point *p = &r->points[pi];
	const char *passages[2] = { p->quoted, p->quoted_run };
	size_t n = r->doc->n, k;
	unsigned *counts;
	long pick = -1;
	int rc = 0, found = 0;

	if (!p->quoted || !n)
		return 0;
	if (!(counts = calloc(n, sizeof(*counts))))
		rc = RP_ENOMEM;
	if (!rc) {
		int oom = 0;
		/* Text above the quote (top-posting) answers all of it, not its last part: a
		 * note over the whole draft quoted below is about no section in particular. */
		const char *last = p->inline_reply ? last_quoted_section(r, p->quoted, &oom) : NULL;
		if (oom)
			rc = RP_ENOMEM;
		else if (last && (found = quote_draft(r, p, last, counts)) < 0)
			rc = RP_ENOMEM;
	}
	for (k = 0; k < 2 && passages[k] && !rc && !found; k++) {
		if ((found = quote_draft(r, p, passages[k], counts)) < 0)
			rc = RP_ENOMEM;
		else if (!found && pi && (rc = quote_point(r, pi, passages[k], &pick)))
			break;
		else if (!found && pi && (p->responds_to = pick) >= 0)
			found = 1;
		else if (!found && (found = quote_heading(r, p, passages[k])) < 0)
			rc = RP_ENOMEM;
	}
	free(counts);
	return rc;
}

static int anchor_explicit(struct run *r, struct an_point *p)
{
	struct rp_draft_ref *refs = NULL;
	size_t n = 0, i;
	int rc;

	if ((rc = rp_draft_find_refs_in(r->refs, p->text, 0, &refs, &n)))
		return rc;
	for (i = 0; i < n; i++)
		an_anchor_add(p, (int)refs[i].section, AN_EXPLICIT, refs[i].confidence,
			      refs[i].evidence);
	rp_draft_refs_free(refs, n);
	return 0;
}

/* 'The "clear objective" wording': a phrase quoted inline from one section names it. */
static int anchor_wording(struct run *r, struct an_point *p)
{
	struct an_wording_hit hits[4];
	size_t n = an_wording_find(&r->wording, p->text, hits, 4), i;
	char ev[128];

	for (i = 0; i < n; i++) {
		snprintf(ev, sizeof(ev), "quotes \"%.80s\" from the draft", hits[i].phrase);
		if (an_anchor_add(p, hits[i].section, AN_QUOTE, 0.7, ev))
			return RP_ENOMEM;
	}
	return 0;
}

static void inherit_from(struct an_point *p, const struct an_point *src, const char *why)
{
	size_t i;

	for (i = 0; i < src->n_anchors; i++)
		if (src->anchors[i].section >= 0)
			an_anchor_add(p, src->anchors[i].section, AN_INHERITED,
				      src->anchors[i].confidence * 0.9, why);
}

static int opens_item(const char *text, int n);

/* "My first point still stands", "I stand by my earlier comment": the writer repeats a
 * position of theirs, which stays what it was. Which one: item n of their numbering
 * ("first" is 1) in their earliest message that has it, else their latest position on the
 * section this point is on. Returns that point's index, or -1. */
static long reaffirmed_point(const struct run *r, size_t pi)
{
	static const char *const nth[] = { "my first ", "my second ", "my third ", "my fourth ",
					   "my fifth ", NULL };
	const struct an_point *p = &r->points[pi];
	const char *who = r->msgs[p->msg].from_addr;
	int n = 0, sec = p->n_anchors ? p->anchors[0].section : -1;
	long found = -1;
	size_t k, i;

	if (!who || (!rp_ascii_casestr(p->text, "still stand") && !rp_ascii_casestr(p->text, "stand by my")))
		return -1;
	for (i = 0; nth[i] && !n; i++)
		if (rp_ascii_casestr(p->text, nth[i]))
			n = (int)i + 1;
	if (!n && !rp_ascii_casestr(p->text, "my earlier ") && !rp_ascii_casestr(p->text, "my previous ") &&
	    !rp_ascii_casestr(p->text, "stand by my"))
		return -1;
	for (k = 0; k < pi; k++) {
		const struct an_point *q = &r->points[k];
		enum rp_stance_label l = q->stance.label;
		if (q->msg == p->msg || !r->msgs[q->msg].from_addr ||
		    rp_ascii_casecmp(r->msgs[q->msg].from_addr, who) != 0 ||
		    (l != RP_STANCE_SUPPORT && l != RP_STANCE_OBJECT && l != RP_STANCE_AMEND))
			continue;
		if (n && opens_item(q->text, n))
			return (long)k;
		if (!n && q->n_anchors && q->anchors[0].section == sec && sec >= 0)
			found = (long)k;
	}
	return found;
}

/* The re-affirmed position keeps its stance: saying it still stands neither objects anew
 * nor takes it back. The point goes where that position is when it found no section. */
static void reaffirm(struct run *r, size_t pi)
{
	struct an_point *p = &r->points[pi];
	long k;

	if (p->stance_manual || (k = reaffirmed_point(r, pi)) < 0)
		return;
	p->stance.label = r->points[k].stance.label;
	p->stance.secondary = r->points[k].stance.secondary;
	if (!p->n_anchors || p->anchors[0].section < 0)
		inherit_from(p, &r->points[k], "re-affirms an earlier point");
}

/* "Having read the thread again, I withdraw my objection": the objection taken back is the
 * writer's own, on the section it was made on, though the withdrawal names none: the
 * latest objection of the same writer before it, when the point found no section. A
 * proposal taken back ("Scratch my earlier proposal") is the same writer's latest
 * amendment, which the consensus then no longer counts as live. */
static void anchor_withdrawn(struct run *r, size_t pi)
{
	struct an_point *p = &r->points[pi];
	const char *me = r->msgs[p->msg].from_addr, *cues = p->stance.cues;
	enum rp_stance_label was;
	size_t j;

	if (!me || !cues || p->stance.label != RP_STANCE_SUPPORT)
		return;
	if (strstr(cues, "withdrawn objection") && !strstr(cues, "not withdrawn objection"))
		was = RP_STANCE_OBJECT;
	else if (strstr(cues, "withdrawn amendment") && !strstr(cues, "not withdrawn amendment"))
		was = RP_STANCE_AMEND;
	else
		return;
	for (j = pi; j-- > 0;) {
		const struct an_point *q = &r->points[j];
		const char *them = r->msgs[q->msg].from_addr;

		if (!them || rp_ascii_casecmp(them, me) != 0 ||
		    (q->stance.label != was && q->stance.secondary != was))
			continue;
		inherit_from(p, q, was == RP_STANCE_OBJECT ? "withdraws the writer's objection made there"
							   : "withdraws the writer's proposal made there");
		if (p->n_anchors)
			return;
	}
}

static int name_matches(const char *who, const char *name, const char *addr)
{
	size_t n = strlen(who);
	const char *s;

	if (!n)
		return 0;
	if (name) {
		if (rp_ascii_casecmp(who, name) == 0)
			return 1;
		/* A first name (or any name word) of the participant. */
		for (s = name; (s = rp_ascii_casestr(s, who)); s++)
			if ((s == name || s[-1] == ' ') && (s[n] == '\0' || s[n] == ' '))
				return 1;
	}
	return addr && rp_ascii_ncasecmp(addr, who, n) == 0 && (addr[n] == '@' || addr[n] == '.');
}

/* How much of text a point shares with what another point said, or with the draft passage
 * that point stands under: "+1 to Mark on the licensing delays" names the topic of Mark's
 * point by the draft's word ("licensing"), which Mark's own sentences may not repeat. */
/* Two stems of one word in other forms: "licens" (licensing) and "licenc" (licence), which
 * the stemmer leaves apart: all but the last letter of the shorter in common, five at least. */
static int near_stems(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = 0, min = la < lb ? la : lb;

	while (n < min && a[n] == b[n])
		n++;
	return n == min || (n >= 5 && n + 1 >= min);
}

/* The stemmed tokens of p's text and quoted passage, computed on first use. 0, or -1 when
 * out of memory (then compared as sharing nothing, as before they were kept). */
static int point_tokens(struct an_point *p)
{
	if (!p->tokenized) {
		if (rp_text_tokens(p->text, &p->text_tok, &p->n_text_tok) ||
		    (p->quoted && rp_text_tokens(p->quoted, &p->quoted_tok, &p->n_quoted_tok))) {
			rp_strv_free(p->text_tok, p->n_text_tok);
			p->text_tok = NULL;
			p->n_text_tok = 0;
			p->tokenized = -1;
		} else {
			p->tokenized = 1;
		}
	}
	return p->tokenized > 0 ? 0 : -1;
}

/* Share of a's stemmed tokens (na) that b has too, in a near form (0..1). */
static double near_overlap(char *const *ta, size_t na, char *const *tb, size_t nb)
{
	size_t i, j, common = 0;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (near_stems(ta[i], tb[j])) {
				common++;
				break;
			}
	return na ? (double)common / (double)na : 0.0;
}

/* How much of p's text q said, or stood under (half weight). */
static double said_about(struct an_point *p, struct an_point *q)
{
	double own, quoted;

	if (point_tokens(p) || point_tokens(q))
		return 0.0;
	own = near_overlap(p->text_tok, p->n_text_tok, q->text_tok, q->n_text_tok);
	quoted = q->quoted ? near_overlap(p->text_tok, p->n_text_tok, q->quoted_tok, q->n_quoted_tok)
			   : 0.0;
	return own + 0.5 * quoted;
}

/* "+1", "agree with Mark": take the anchor of what the point agrees with. */
static struct run *sort_run; /* qsort has no context argument; analysis is single-threaded */

static int cmp_mid(const void *a, const void *b)
{
	const char *x = sort_run->msgs[*(const size_t *)a].message_id;
	const char *y = sort_run->msgs[*(const size_t *)b].message_id;
	return strcmp(x ? x : "", y ? y : "");
}

/* Index the run's messages by Message-ID (sorted indices, binary search). */
static int index_msgs(struct run *r)
{
	size_t i;

	r->by_mid = malloc((r->n_msgs ? r->n_msgs : 1) * sizeof(*r->by_mid));
	if (!r->by_mid)
		return RP_ENOMEM;
	for (i = 0; i < r->n_msgs; i++)
		r->by_mid[i] = i;
	sort_run = r;
	qsort(r->by_mid, r->n_msgs, sizeof(*r->by_mid), cmp_mid);
	sort_run = NULL;
	return 0;
}

static const struct an_msg *find_msg(const struct run *r, const char *mid)
{
	size_t lo = 0, hi = r->n_msgs;

	while (lo < hi) {
		size_t mi = (lo + hi) / 2;
		const char *x = r->msgs[r->by_mid[mi]].message_id;
		int c = strcmp(x ? x : "", mid);
		if (c == 0)
			return &r->msgs[r->by_mid[mi]];
		if (c < 0)
			lo = mi + 1;
		else
			hi = mi;
	}
	return NULL;
}

/* "That said, ...": a paragraph opening with words that point back at the paragraph
 * before it, in the same message, takes that paragraph's sections; so does one that
 * speaks of "the section" without naming it ("The section does not say who pays."). */
static void anchor_continuation(struct run *r, size_t pi)
{
	struct an_point *p = &r->points[pi];

	if (!pi || r->points[pi - 1].msg != p->msg)
		return;
	if (an_continues_previous(p->text))
		inherit_from(p, &r->points[pi - 1], "goes on from the paragraph before");
	else if (an_names_section_before(p->text))
		inherit_from(p, &r->points[pi - 1], "\"the section\" is the paragraph before's");
}

/* "Thanks Mariana, well done" in a reply to the message Mariana circulated the draft in
 * thanks her for the draft, not for what she said elsewhere in the discussion. */
static int names_circulator(const struct run *r, const struct an_msg *m, const char *who)
{
	return m->parent && r->circulated && strcmp(m->parent, r->circulated) == 0 &&
	       (r->circ_name || r->circ_addr) && name_matches(who, r->circ_name, r->circ_addr);
}

/* The number of the item a point names in a member's own numbering ("+1 to Ingrid's point
 * 2", "agree with her item 3"), or 0: "point" or "item", a one-digit number, after a
 * possessive ('s, or her, his, their). */
static int possessive_before(const char *text, const char *w)
{
	static const char *const poss[] = { "her", "his", "their" };
	const char *b = w;
	size_t k, l;

	while (b > text && b[-1] == ' ')
		b--;
	if (b - text >= 2 && (b[-1] == 's' || b[-1] == 'S') &&
	    (b[-2] == '\'' || (b - text >= 4 && memcmp(b - 4, "\xe2\x80\x99", 3) == 0)))
		return 1;
	for (k = 0; k < 3; k++) {
		l = strlen(poss[k]);
		if ((size_t)(b - text) >= l && rp_ascii_ncasecmp(b - l, poss[k], l) == 0 &&
		    ((size_t)(b - text) == l || !isalnum((unsigned char)b[-(long)l - 1])))
			return 1;
	}
	return 0;
}

static int names_item(const char *text)
{
	static const char *const words[] = { "point", "item" };
	const char *w, *n;
	size_t k;

	for (k = 0; k < 2; k++)
		for (w = text; (w = rp_ascii_casestr(w, words[k])) != NULL; w++) {
			if (w > text && isalnum((unsigned char)w[-1]))
				continue;
			for (n = w + strlen(words[k]); *n == ' '; n++)
				;
			if (isdigit((unsigned char)*n) && !isdigit((unsigned char)n[1]) &&
			    !(n[1] == '.' && isdigit((unsigned char)n[2])) && possessive_before(text, w))
				return *n - '0';
		}
	return 0;
}

/* Does the point open on item number n of its writer's numbering ("2. In 4.1, ...",
 * "2) ...", "(2) ...")? */
static int opens_item(const char *text, int n)
{
	while (*text == ' ' || *text == '\n')
		text++;
	if (*text == '(')
		text++;
	return *text == '0' + n && (text[1] == '.' || text[1] == ')') && !isdigit((unsigned char)text[2]);
}

/* "+1 to Maria" under Maria's message, naming nothing of what she said: the agreement is
 * with each position she took in it, so it counts on every section she supported, objected
 * to or proposed to amend there, as a bare "+1" to a message does; the consensus then reads
 * it as her position on each. Disagreeing with her ("I disagree with Maria here") opposes
 * each the same way, which the consensus reads as support of the text where she objected
 * or proposed a change, and as an objection where she supported it. Questions and notes
 * beside them are no position to share; thanks or a question to her ("Thanks Maria, that
 * is clear") takes no side and stays with the point it answers. When the words name one of
 * her points ("+1 to Wout on the workshop call") the caller
 * keeps that one. Returns 1 when an anchor was inherited. */
static int inherit_positions(struct run *r, struct an_point *p, const struct an_msg *pm, size_t pi)
{
	char why[160];
	size_t k;

	snprintf(why, sizeof(why), "agrees with %.100s", p->stance.target_name);
	for (k = pm->first_point; k < pm->first_point + pm->n_points && k < pi; k++) {
		enum rp_stance_label l = r->points[k].stance.label;
		if (l == RP_STANCE_SUPPORT || l == RP_STANCE_OBJECT || l == RP_STANCE_AMEND)
			inherit_from(p, &r->points[k], why);
	}
	return p->n_anchors > 0;
}

/* Is every point of the message pm (up to point pi) about the draft as a whole? */
static int all_general(const struct run *r, const struct an_msg *pm, size_t pi)
{
	size_t k, n = 0;

	for (k = pm->first_point; k < pm->first_point + pm->n_points && k < pi; k++) {
		if (!r->points[k].n_anchors || r->points[k].anchors[0].section >= 0)
			return 0;
		n++;
	}
	return n > 0;
}

static void anchor_inherited(struct run *r, size_t pi)
{
	struct an_point *p = &r->points[pi];
	const struct an_msg *m = &r->msgs[p->msg];
	char why[160];
	size_t k;

	if (p->responds_to >= 0) {
		snprintf(why, sizeof(why), "answers an earlier point");
		inherit_from(p, &r->points[p->responds_to], why);
	}
	if (p->n_anchors)
		return;
	/* "Piotr, with logos, as last time." under a question on the document as a whole:
	 * the answer is a general remark too, not a section its few words happen to share
	 * with. */
	if (p->stance.target_kind == RP_TARGET_MESSAGE && m->parent) {
		const struct an_msg *pm = find_msg(r, m->parent);
		if (pm && all_general(r, pm, pi)) {
			snprintf(why, sizeof(why), "answers %.120s, a comment on the whole draft",
				 pm->message_id);
			an_anchor_add(p, -1, AN_GENERAL, 0.5, why);
			return;
		}
	}
	if (p->stance.target_kind == RP_TARGET_MEMBER && p->stance.target_name &&
	    !names_circulator(r, m, p->stance.target_name)) {
		/* Of the named member's earlier points (same thread first), the one whose
		 * wording this point shares most; the latest when none shares any. The
		 * message answered comes first when it is theirs: "Thanks Sorina, that is
		 * clear" under her answer is about what she answered, not about her latest
		 * point in another branch of the thread. */
		long best = -1, latest = -1;
		double best_sim = 0.0;
		int pass;
		const struct an_msg *pm = m->parent ? find_msg(r, m->parent) : NULL;
		int item = names_item(p->text);
		if (pm && name_matches(p->stance.target_name, pm->from_name, pm->from_addr)) {
			for (k = pm->first_point; k < pm->first_point + pm->n_points && k < pi; k++) {
				double sim;
				if (!r->points[k].n_anchors || r->points[k].anchors[0].section < 0)
					continue;
				latest = (long)k; /* their last word in it */
				/* "+1 to Ingrid's point 2": her item numbered 2 */
				sim = item && opens_item(r->points[k].text, item) ? 1e9 : said_about(p, &r->points[k]);
				if (sim > best_sim) {
					best_sim = sim;
					best = (long)k;
				}
			}
			if (best < 0 &&
			    (p->stance.label == RP_STANCE_SUPPORT || p->stance.label == RP_STANCE_OBJECT) &&
			    inherit_positions(r, p, pm, pi))
				return;
		}
		for (pass = 0; pass < 2 && best < 0 && latest < 0; pass++) {
			/* Bounded look-back (points and candidates) keeps a 50,000-reply
			 * discussion linear; agreement answers recent words. */
			size_t seen = 0, lo = pi > MEMBER_LOOKBACK ? pi - MEMBER_LOOKBACK : 0;
			for (k = pi; k-- > lo && seen < MEMBER_CANDIDATES;) {
				const struct an_msg *om = &r->msgs[r->points[k].msg];
				double sim;
				if (!name_matches(p->stance.target_name, om->from_name, om->from_addr))
					continue;
				if (pass == 0 && m->thread && om->thread && strcmp(m->thread, om->thread) != 0)
					continue;
				if (!r->points[k].n_anchors || r->points[k].anchors[0].section < 0)
					continue;
				seen++;
				if (latest < 0)
					latest = (long)k;
				sim = item && opens_item(r->points[k].text, item) ? 1e9 : said_about(p, &r->points[k]);
				if (sim > best_sim) {
					best_sim = sim;
					best = (long)k;
				}
			}
		}
		if (best < 0)
			best = latest;
		if (best >= 0) {
			snprintf(why, sizeof(why), "agrees with %.100s", p->stance.target_name);
			inherit_from(p, &r->points[best], why);
			if (p->n_anchors)
				return;
		}
	}
	if ((p->stance.target_kind == RP_TARGET_MESSAGE || p->stance.target_kind == RP_TARGET_MEMBER) &&
	    m->parent) {
		const struct an_msg *pm = find_msg(r, m->parent);
		/* What the answered message said that the agreement names ("agree with the
		 * previous speaker on the operating costs"): that point alone; else the points
		 * that take a position, not the questions and notes beside them. */
		long best = -1;
		double best_sim = 0.0;
		int positioned = 0;
		for (k = pm ? pm->first_point : 0; pm && k < pm->first_point + pm->n_points; k++) {
			double sim = said_about(p, &r->points[k]);
			enum rp_stance_label l = r->points[k].stance.label;
			if (sim > best_sim) {
				best_sim = sim;
				best = (long)k;
			}
			positioned |= l == RP_STANCE_SUPPORT || l == RP_STANCE_OBJECT || l == RP_STANCE_AMEND;
		}
		for (k = pm ? pm->first_point : 0; pm && k < pm->first_point + pm->n_points; k++) {
			enum rp_stance_label l = r->points[k].stance.label;
			if (best >= 0 ? (long)k != best
				      : positioned && l != RP_STANCE_SUPPORT && l != RP_STANCE_OBJECT &&
						l != RP_STANCE_AMEND)
				continue;
			snprintf(why, sizeof(why), "answers %.120s", pm->message_id);
			inherit_from(p, &r->points[k], why);
		}
	}
}

/* Rank sections by bm25 for text: up to max (section index, score) pairs, best first.
 * Returns how many. The query is built only from alphanumeric stems, each quoted, so
 * nothing in a message can reach FTS5's query syntax. */
/* Stems of words that say how the writer feels about the text, not what it is about
 * ("Thanks Lucia, this is a great piece of work"): left out of the similarity query, where
 * "great" found "greater" in a section on skills. Words that are also topics ("support",
 * "work", "help", "use") stay. */
static int is_evaluative(const char *stem)
{
	static const char *const stems[] = {
		"agre",    "amaz",   "appreci", "bravo",     "brilliant", "congratul", "dank",
		"done",    "excel",  "fantast", "fine",      "glad",      "good",      "gracia",
		"great",   "happi",  "impress", "job",       "kudo",      "love",      "merci",
		"nice",    "outstand", "piec",  "pleas",     "superb",    "terrif",    "thank",
		"thorough", "welcom", "well",   "wonder",    NULL
	};
	size_t i;

	for (i = 0; stems[i]; i++)
		if (strcmp(stem, stems[i]) == 0)
			return 1;
	return 0;
}

static int rank_sections(struct run *r, const char *text, int *sec, double *score, int max)
{
	struct rp_buf q = RP_BUF_INIT;
	char **tok = NULL;
	size_t n = 0, i, used = 0;
	int rows = 0;

	if (rp_text_tokens(text, &tok, &n))
		return 0;
	for (i = 0; i < n && used < 64; i++) {
		const char *t = tok[i];
		size_t k;
		int ok = strlen(t) >= 3;
		for (k = 0; t[k] && ok; k++)
			ok = isalnum((unsigned char)t[k]) || (unsigned char)t[k] >= 0x80;
		if (!ok || is_evaluative(t))
			continue;
		rp_buf_addf(&q, "%s\"%s\"*", used ? " OR " : "", t);
		used++;
	}
	rp_strv_free(tok, n);
	if (used) {
		sqlite3_reset(r->fts);
		sqlite3_bind_text(r->fts, 1, q.buf, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(r->fts, 2, max);
		while (rows < max && sqlite3_step(r->fts) == SQLITE_ROW) {
			sec[rows] = (int)sqlite3_column_int64(r->fts, 0);
			score[rows] = -sqlite3_column_double(r->fts, 1);
			rows++;
		}
		sqlite3_reset(r->fts);
	}
	rp_buf_release(&q);
	return rows;
}

static int is_within(const struct rp_draft_doc *d, int sec, int ancestor);

/* The best-ranked section, if it beats the best section outside its own lineage (its
 * ancestors and descendants do not compete with it) by the margin. */
static int top_of(const struct rp_draft_doc *d, int sec)
{
	while (sec >= 0 && d->sections[sec].parent >= 0)
		sec = d->sections[sec].parent;
	return sec;
}

static int anchor_similarity(struct run *r, struct an_point *p)
{
	int sec[SIM_RANK], top[SIM_RANK], rows, i, j, best_top = -1, pick = -1;
	double sc[SIM_RANK], sum[SIM_RANK], best = 0.0, next = 0.0;
	char ev[128];

	rows = rank_sections(r, p->text, sec, sc, SIM_RANK);
	if (!rows || sc[0] < SIM_MIN_SCORE)
		return 0;
	/* A section and its subsections are one topic: rank the top-level sections by the
	 * summed scores of their ranked members, then take the best-scored section of the
	 * winning one. The margin applies between topics. */
	for (i = 0; i < rows; i++) {
		top[i] = top_of(r->doc, sec[i]);
		sum[i] = 0.0;
	}
	for (i = 0; i < rows; i++)
		for (j = 0; j < rows; j++)
			if (top[j] == top[i])
				sum[i] += sc[j];
	for (i = 0; i < rows; i++)
		if (sum[i] > best) {
			best = sum[i];
			best_top = top[i];
		}
	for (i = 0; i < rows; i++)
		if (top[i] != best_top && sum[i] > next)
			next = sum[i];
	if (next > 0 && best < SIM_MARGIN * next)
		return 0;
	for (i = 0; i < rows && pick < 0; i++)
		if (top[i] == best_top)
			pick = sec[i];
	snprintf(ev, sizeof(ev), "similar wording (bm25 %.2f; topic %.2f, next topic %.2f)",
		 sc[0], best, next);
	an_anchor_add(p, pick, AN_SIMILARITY, next > 0 ? 0.4 + 0.5 * (1.0 - next / best) : 0.6, ev);
	return 0;
}

static int is_within(const struct rp_draft_doc *d, int sec, int ancestor)
{
	for (; sec >= 0; sec = d->sections[sec].parent)
		if (sec == ancestor)
			return 1;
	return 0;
}

/* "page 3", "p. 3", "pp. 5-6", "p5": a page holds whatever sections fall on it. */
static int is_page_ref(const char *ev)
{
	const char *s;

	if (!ev)
		return 0;
	for (s = ev; *s; s++) {
		if ((s == ev || !isalpha((unsigned char)s[-1])) && (*s == 'p' || *s == 'P')) {
			const char *t = s + 1;
			if (rp_istarts_with(t, "age"))
				t += 3;
			else if (*t == 'p' || *t == 'P')
				t++;
			while (*t == '.' || *t == ' ')
				t++;
			if (isdigit((unsigned char)*t))
				return 1;
		}
	}
	return 0;
}

/* A reference to a section with subsections ("section 5") or to a page holding several
 * sections ("page 3") is narrowed to the one subsection the point's wording matches
 * best, when one does; otherwise the broad anchors stay. */
/* A section the point names outside the passage it stands under ("I also support section
 * 3.2" under a quote of Recommendation 5) is what the point is about: the quoted passage's
 * anchor goes. A reference within the quoted section (or the quote within it) keeps both. */
static int is_page_ref(const char *ev);

/* "Annex A", "Appendix B", "annexe C": a part named by word and letter. */
static int lettered_part(const char *ev)
{
	const char *sp = strrchr(ev, ' ');

	return sp && isupper((unsigned char)sp[1]) && !sp[2] &&
	       (rp_istarts_with(ev, "annex") || rp_istarts_with(ev, "appendix") ||
		rp_istarts_with(ev, "anhang") || rp_istarts_with(ev, "anexo") ||
		rp_istarts_with(ev, "attachment"));
}

/* A section named by number or letter ("3.8", "paragraph 23", "Annex A"). */
static int named_precisely(const struct an_anchor *a)
{
	return a->method == AN_EXPLICIT && a->section >= 0 && a->evidence &&
	       (strpbrk(a->evidence, "0123456789") || lettered_part(a->evidence)) &&
	       !is_page_ref(a->evidence);
}

/* A heading's words in a point that names its section otherwise -- by number, or by
 * standing under a quoted passage -- are words of the topic, not a second reference:
 * "On 3.8, graduation to a Best Practice Forum is welcome" is on 3.8, not also on the
 * section headed "Best Practice Forums"; "the objectives should come from the issue teams"
 * under a quote of paragraph 7 is on paragraph 7. */
static void heading_words_in_passing(struct an_point *p)
{
	size_t k, w;
	int precise = 0;

	for (k = 0; k < p->n_anchors; k++)
		precise |= named_precisely(&p->anchors[k]) ||
			   (p->anchors[k].method == AN_QUOTE && p->anchors[k].section >= 0);
	if (!precise)
		return;
	for (k = 0, w = 0; k < p->n_anchors; k++) {
		const struct an_anchor *a = &p->anchors[k];
		if (a->method == AN_EXPLICIT && a->section >= 0 && a->evidence &&
		    !named_precisely(a) && !is_page_ref(a->evidence)) {
			free(p->anchors[k].evidence);
			continue;
		}
		p->anchors[w++] = p->anchors[k];
	}
	p->n_anchors = w;
}

/* Does the point open on the reference, as on its topic ("On 3.8, graduation ...",
 * "3.8: ...", "Regarding 3.8 -")? A bare number there is no passing mention. */
static int opens_on(const char *text, const char *ev)
{
	static const char *const lead[] = { "on ", "re ", "re: ", "regarding ", "as for ",
					    "as to ", "about ", "concerning ", "and on ", NULL };
	size_t i, n = strlen(ev);

	while (*text == ' ' || *text == '\n')
		text++;
	for (i = 0; lead[i]; i++)
		if (rp_istarts_with(text, lead[i])) {
			text += strlen(lead[i]);
			break;
		}
	return n && strncmp(text, ev, n) == 0 && strchr(",:;.)- \n", text[n]) &&
	       !(text[n] == '.' && isdigit((unsigned char)text[n + 1]));
}

static void explicit_over_quote(struct run *r, struct an_point *p)
{
	size_t k, j, out = 0;
	int elsewhere = 0;

	for (k = 0; k < p->n_anchors && !elsewhere; k++) {
		const struct an_anchor *e = &p->anchors[k];
		int related = 0;

		/* only a part named by word and number or letter ("section 3.2",
		 * "Recommendation 5", "Annex A"), not a bare number, a page or a heading's words,
		 * which a comment on the quote often cites in passing */
		if (e->method != AN_EXPLICIT || e->section < 0 || !e->evidence ||
		    is_page_ref(e->evidence) ||
		    !((isalpha((unsigned char)e->evidence[0]) &&
		       (strpbrk(e->evidence, "0123456789") || lettered_part(e->evidence))) ||
		      opens_on(p->text, e->evidence)))
			continue;
		for (j = 0; j < p->n_anchors; j++) {
			const struct an_anchor *q = &p->anchors[j];
			if (q->method == AN_QUOTE && q->section >= 0 &&
			    (is_within(r->doc, e->section, q->section) ||
			     is_within(r->doc, q->section, e->section)))
				related = 1;
		}
		elsewhere = !related;
	}
	if (!elsewhere)
		return;
	for (k = 0; k < p->n_anchors; k++) {
		if (p->anchors[k].method == AN_QUOTE) {
			free(p->anchors[k].evidence);
			continue;
		}
		p->anchors[out++] = p->anchors[k];
	}
	p->n_anchors = out;
}

/* Broad: an explicit anchor on a section with subsections, or one of the sections one
 * reference ("page 3") resolved to. "3.9 and 3.10" names two on purpose. */
static int broad_anchor(const struct run *r, const struct an_point *p, size_t k)
{
	const struct an_anchor *a = &p->anchors[k];
	size_t j;

	if (a->method != AN_EXPLICIT || a->section < 0)
		return 0;
	if ((size_t)a->section + 1 < r->doc->n && r->doc->sections[a->section + 1].parent == a->section)
		return 1;
	for (j = 0; j < p->n_anchors; j++)
		if (j != k && p->anchors[j].method == AN_EXPLICIT && is_page_ref(a->evidence) &&
		    p->anchors[j].evidence && strcmp(a->evidence, p->anchors[j].evidence) == 0)
			return 1;
	return 0;
}

/* One reference: the broad anchor k and the others its page reference resolved to. */
static int same_reference(const struct an_point *p, size_t k, size_t j)
{
	const char *a = p->anchors[k].evidence, *b = p->anchors[j].evidence;

	return j == k || (is_page_ref(a) && b && strcmp(a, b) == 0);
}

/* A broad explicit anchor is narrowed to the section within it the point's words match
 * best; the sections the point names precisely stay ("I agree with Ana on 2.1 but not on
 * 2.3": 2.1, which has subsections, does not give way to 2.3). Each reference is narrowed
 * within itself: "on 3.9 and 3.10", both with numbered paragraphs under them, names two
 * sections still, and a section named in passing by its heading's words does not take the
 * place of one named by its number. */
static void refine_explicit(struct run *r, struct an_point *p)
{
	int sec[8], rows = -1, i, *repl = NULL;
	double sc[8];
	size_t k, j, w;
	char *drop = NULL;

	for (k = 0; k < p->n_anchors && !broad_anchor(r, p, k); k++)
		;
	if (k == p->n_anchors)
		return;
	repl = malloc(p->n_anchors * sizeof(*repl));
	drop = calloc(p->n_anchors, 1);
	if (!repl || !drop)
		goto cleanup;
	for (k = 0; k < p->n_anchors; k++)
		repl[k] = -1;
	/* which section each reference narrows to, on the anchors as found */
	for (k = 0; k < p->n_anchors; k++) {
		int keep = -1;

		if (drop[k] || !broad_anchor(r, p, k))
			continue;
		/* a part of it the point names itself ("on 2.2: ... paragraph 6 is fine")
		 * is the part meant */
		for (j = 0; j < p->n_anchors; j++)
			if (j != k && named_precisely(&p->anchors[j]) &&
			    p->anchors[j].section != p->anchors[k].section &&
			    is_within(r->doc, p->anchors[j].section, p->anchors[k].section))
				break;
		if (j < p->n_anchors) {
			drop[k] = 1;
			continue;
		}
		if (rows < 0)
			rows = rank_sections(r, p->text, sec, sc, 8);
		for (i = 0; i < rows && keep < 0 && sc[i] >= SIM_MIN_SCORE; i++)
			for (j = 0; j < p->n_anchors && keep < 0; j++)
				if (same_reference(p, k, j) &&
				    is_within(r->doc, sec[i], p->anchors[j].section))
					keep = sec[i];
		if (keep < 0 || keep == p->anchors[k].section)
			continue;
		for (j = 0; j < p->n_anchors; j++)
			if (same_reference(p, k, j))
				drop[j] = 1;
		/* the first anchor of the reference becomes the narrowed one, unless the
		 * point names that section already */
		for (j = 0; j < p->n_anchors; j++)
			if ((!drop[j] && p->anchors[j].section == keep) || repl[j] == keep)
				break;
		if (j == p->n_anchors)
			repl[k] = keep;
	}
	for (k = 0, w = 0; k < p->n_anchors; k++) {
		struct an_anchor a = p->anchors[k];
		if (repl[k] >= 0) {
			struct rp_buf ev = RP_BUF_INIT;
			rp_buf_addf(&ev, "%.120s, narrowed by wording", a.evidence ? a.evidence : "");
			free(a.evidence);
			a.evidence = rp_buf_detach(&ev, NULL);
			a.section = repl[k];
			a.confidence = 0.8;
		} else if (drop[k]) {
			free(a.evidence);
			continue;
		}
		p->anchors[w++] = a;
	}
	p->n_anchors = w;
cleanup:
	free(repl);
	free(drop);
}

/* "I agree with Wout on 3.9", 3.9 holding numbered paragraphs or subsections and Wout's
 * position standing on one of them: the agreement is with that position, so it is on that
 * part. The member's points within the section name it (bounded look-back); when they are
 * on several parts, the section named stays. */
static void narrow_to_agreed(struct run *r, size_t pi)
{
	struct an_point *p = &r->points[pi];
	size_t k, j, seen, lo = pi > MEMBER_LOOKBACK ? pi - MEMBER_LOOKBACK : 0;

	if (p->stance.target_kind != RP_TARGET_MEMBER || !p->stance.target_name)
		return;
	for (k = 0; k < p->n_anchors; k++) {
		struct an_anchor *a = &p->anchors[k];
		int part = -1, parts = 0;
		if (!broad_anchor(r, p, k) || is_page_ref(a->evidence))
			continue;
		for (j = pi, seen = 0; j-- > lo && parts < 2 && seen < MEMBER_CANDIDATES;) {
			const struct an_point *q = &r->points[j];
			const struct an_msg *om = &r->msgs[q->msg];
			size_t m;
			if (!name_matches(p->stance.target_name, om->from_name, om->from_addr))
				continue;
			seen++;
			for (m = 0; m < q->n_anchors; m++)
				if (q->anchors[m].section >= 0 && q->anchors[m].section != a->section &&
				    q->anchors[m].section != part &&
				    is_within(r->doc, q->anchors[m].section, a->section)) {
					part = q->anchors[m].section;
					parts++;
				}
		}
		/* their position on one part only: on several, the section stays */
		if (parts == 1) {
			struct rp_buf ev = RP_BUF_INIT;
			rp_buf_addf(&ev, "%.120s, where %.60s's position stands",
				    a->evidence ? a->evidence : "", p->stance.target_name);
			free(a->evidence);
			a->evidence = rp_buf_detach(&ev, NULL);
			a->section = part;
		}
	}
}

static int setup_fts(struct run *r, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	/* Every query word is a prefix ("licens"*): the prefix indexes answer one of 2 to 12
	 * characters with one look-up instead of a scan of the terms it begins, with the
	 * same rows and scores; a busy month's long points spent half the analysis here. */
	if ((rc = rp_store_exec(r->s,
				"DROP TABLE IF EXISTS temp.rp_section_fts;"
				"CREATE VIRTUAL TABLE temp.rp_section_fts USING fts5(body,"
				" tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4 5 6 7 8 9 10 11 12')",
				err)))
		return rc;
	if ((rc = rp_store_prepare(r->s, &st, "INSERT INTO temp.rp_section_fts(rowid, body) VALUES (?1, ?2)",
				   err)))
		return rc;
	for (i = 0; i < r->doc->n; i++) {
		struct rp_buf b = RP_BUF_INIT;
		const struct rp_section *sec = &r->doc->sections[i];
		/* The heading counts twice: it names what the section is about. */
		rp_buf_addf(&b, "%s\n%s\n%s", sec->heading ? sec->heading : "",
			    sec->heading ? sec->heading : "", sec->text ? sec->text : "");
		sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
		sqlite3_bind_text(st, 2, b.buf, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		rp_buf_release(&b);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return rp_store_error(r->s, err, "indexing sections");
		}
	}
	sqlite3_finalize(st);
	return rp_store_prepare(r->s, &r->fts,
				"SELECT rowid, bm25(rp_section_fts) FROM temp.rp_section_fts WHERE"
				" rp_section_fts MATCH ?1 ORDER BY bm25(rp_section_fts) LIMIT ?2",
				err);
}

/* Manual decisions for a point: section=..., stance=... (never overwritten). */
static int apply_manual(struct run *r, struct an_point *p, sqlite3_stmt *st)
{
	const struct an_msg *m = &r->msgs[p->msg];
	size_t i;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, r->draft);
	rp_bind_text(st, 2, m->message_id);
	sqlite3_bind_int(st, 3, p->ordinal);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *key = col(st, 0), *val = col(st, 1);
		if (!key || !val)
			continue;
		if (strcmp(key, "section") == 0) {
			if (strcmp(val, "general") == 0) {
				an_anchor_add(p, -1, AN_MANUAL, 1.0, "set by hand");
				continue;
			}
			/* the first section of that name: set refuses a name two sections share */
			for (i = 0; i < r->doc->n; i++)
				if (rp_section_ref_matches(r->doc->sections[i].number,
							   r->doc->sections[i].heading, val)) {
					an_anchor_add(p, (int)i, AN_MANUAL, 1.0, "set by hand");
					break;
				}
		} else if (strcmp(key, "stance") == 0 && rp_stance_parse(val) > 0) {
			p->stance.label = (enum rp_stance_label)rp_stance_parse(val);
			p->stance.confidence = 1.0;
			p->stance_manual = 1;
		}
	}
	sqlite3_reset(st);
	return 0;
}

/* A stance set by hand is what the point counts for, in the summary and the matrix: not
 * re-read as agreement with the person or message it answers ("+1 to Jutta" set to support
 * stays support, whatever Jutta's position). Called once the point is anchored: the
 * target still served to inherit the section of the person agreed with. */
static void manual_stance_untargeted(struct an_point *p)
{
	if (!p->stance_manual ||
	    (p->stance.target_kind != RP_TARGET_MEMBER && p->stance.target_kind != RP_TARGET_MESSAGE))
		return;
	free(p->stance.target_name);
	p->stance.target_name = NULL;
	p->stance.target_kind = RP_TARGET_SECTION;
}

/* Support or objection written under a quote of another member's point takes sides with
 * or against that member ("Weight with governments is exactly what worries me" under
 * Rajendra's words), unless the words name someone else, a section of the draft or approve
 * the text as it stands. A bare
 * "+1" under such a quote is for that member too when the quote is not from the message
 * answered (one reply answering several messages, a reply to a digest): the message
 * answered is not what it agrees with. 0 or RP_ENOMEM. */
static int target_quoted_member(struct run *r, struct an_point *p)
{
	const struct an_msg *om, *pm = &r->msgs[p->msg];
	const char *who;

	size_t k;

	if (p->responds_to < 0 || p->stance_manual ||
	    (p->stance.label != RP_STANCE_SUPPORT && p->stance.label != RP_STANCE_OBJECT))
		return 0;
	om = &r->msgs[r->points[p->responds_to].msg];
	if (p->stance.target_kind == RP_TARGET_MESSAGE) {
		if (!pm->parent || !om->message_id || strcmp(pm->parent, om->message_id) == 0)
			return 0;
	} else if (p->stance.target_kind != RP_TARGET_SECTION) {
		return 0;
	}
	/* "I do not agree with the first sentence of 3.6": the words name the draft's text;
	 * "the current wording works" under a proposal to change it is for the text. */
	if (p->stance.target_kind == RP_TARGET_SECTION && rp_stance_keeps_text(&p->stance))
		return 0;
	for (k = 0; k < p->n_anchors; k++)
		if (p->anchors[k].method == AN_EXPLICIT)
			return 0;
	if (!om->from_addr || (pm->from_addr && rp_ascii_casecmp(om->from_addr, pm->from_addr) == 0))
		return 0;
	who = om->from_name && *om->from_name ? om->from_name : om->from_addr;
	free(p->stance.target_name);
	if (!(p->stance.target_name = rp_strdup(who)))
		return RP_ENOMEM;
	p->stance.target_kind = RP_TARGET_MEMBER;
	return 0;
}

/* Does the point address the author of the message it answers by name, as its first word
 * ("Elliott, do you mean ...?") or its last ("Youth organisations in general, Sorina.")?
 * Words capitalised, a comma between name and sentence. */
static int addresses_parent(struct run *r, const struct an_point *p)
{
	const struct an_msg *m = &r->msgs[p->msg], *pm;
	const char *t = p->text, *e, *c;
	char word[64];
	size_t n;

	if (!m->parent || !(pm = find_msg(r, m->parent)))
		return 0;
	/* "Elliott, ..." */
	for (n = 0; isalpha((unsigned char)t[n]) && n + 1 < sizeof(word); n++)
		word[n] = t[n];
	word[n] = '\0';
	if (n >= 2 && t[n] == ',' && isupper((unsigned char)word[0]) &&
	    name_matches(word, pm->from_name, pm->from_addr))
		return 1;
	/* "..., Sorina." closing a sentence */
	for (c = t; (c = strstr(c, ", ")) != NULL; c += 2) {
		const char *w = c + 2;
		for (e = w; isalpha((unsigned char)*e); e++)
			;
		n = (size_t)(e - w);
		if (n < 2 || n + 1 > sizeof(word) || !isupper((unsigned char)*w) ||
		    !(*e == '.' || *e == '?' || *e == '!'))
			continue;
		memcpy(word, w, n);
		word[n] = '\0';
		if (name_matches(word, pm->from_name, pm->from_addr))
			return 1;
	}
	return 0;
}

/* A question or remark addressed to the author of the message answered is about that
 * message: a heading's words in it ("counted among the National and Regional
 * Initiatives") are no reference of its own; it takes what that message said, unless it
 * names a section by number or is tied to a passage otherwise. */
static void addressed_to_parent(struct run *r, struct an_point *p)
{
	size_t k;

	/* a position taken ("John, I disagree") is read by the stance and the quote */
	if (p->stance.label != RP_STANCE_QUESTION && p->stance.label != RP_STANCE_NOTE)
		return;
	if (!addresses_parent(r, p))
		return;
	for (k = 0; k < p->n_anchors; k++)
		if (p->anchors[k].method != AN_EXPLICIT || named_precisely(&p->anchors[k]))
			return;
	for (k = 0; k < p->n_anchors; k++)
		free(p->anchors[k].evidence);
	p->n_anchors = 0;
	if (p->stance.target_kind == RP_TARGET_SECTION) {
		free(p->stance.target_name);
		p->stance.target_name = NULL;
		p->stance.target_kind = RP_TARGET_MESSAGE;
	}
}

/* The second side of a contrast ("I agree with Wout on 3.9 | but not on 3.10", split so
 * by the points) takes the other side from the first: against the member the first agreed
 * with, or with the one it disagreed with; against the text the first supported, when it
 * says nothing more of its own. */
static int contrast_turns(struct run *r, size_t i)
{
	struct an_point *p = &r->points[i];
	const struct rp_stance *q;
	enum rp_stance_label other;

	if (i == 0 || r->points[i - 1].msg != p->msg || !rp_istarts_with(p->text, "but not "))
		return 0;
	q = &r->points[i - 1].stance;
	if (q->label != RP_STANCE_SUPPORT && q->label != RP_STANCE_OBJECT)
		return 0;
	other = q->label == RP_STANCE_SUPPORT ? RP_STANCE_OBJECT : RP_STANCE_SUPPORT;
	if (q->target_kind == RP_TARGET_MEMBER && q->target_name) {
		free(p->stance.target_name);
		if (!(p->stance.target_name = rp_strdup(q->target_name)))
			return RP_ENOMEM;
		p->stance.target_kind = RP_TARGET_MEMBER;
	} else if (q->target_kind != RP_TARGET_SECTION || p->stance.label != RP_STANCE_NOTE) {
		return 0;
	}
	p->stance.secondary = p->stance.label != other && p->stance.label != RP_STANCE_NOTE
				      ? p->stance.label
				      : RP_STANCE_NONE;
	p->stance.label = other;
	free(p->stance.cues);
	return (p->stance.cues = rp_strdup("but not")) ? 0 : RP_ENOMEM;
}

/* A remark declared general ("One general remark: ...") belongs to no section, even under
 * a quoted passage; a section it names itself still wins. */
static int general_remark(struct an_point *p)
{
	size_t i;

	for (i = 0; i < p->n_anchors; i++)
		if (p->anchors[i].method == AN_EXPLICIT)
			return 0;
	if (!an_general_remark(p->text))
		return 0;
	for (i = 0; i < p->n_anchors; i++)
		free(p->anchors[i].evidence);
	p->n_anchors = 0;
	return an_anchor_add(p, -1, AN_GENERAL, 0.8, "a remark on the whole text");
}

/* 'I am not sure certification schemes are "promising"': a phrase quoted from the section
 * the point is on is the text discussed, not wording proposed for it; the document listed
 * it under "Proposed wording". A manual stance keeps what it set. 0 or RP_ENOMEM. */
static int proposed_not_draft(struct run *r, struct an_point *p)
{
	size_t k;

	if (!p->stance.proposed || p->stance_manual)
		return 0;
	for (k = 0; k < p->n_anchors; k++) {
		int yes = an_wording_quotes_section(&r->wording, p->anchors[k].section, p->text,
						    p->stance.proposed);
		if (yes < 0)
			return RP_ENOMEM;
		if (yes) {
			free(p->stance.proposed);
			p->stance.proposed = NULL;
			return 0;
		}
	}
	return 0;
}

/* A point that introduces a patch of its writer's ("The example config does not parse; it
 * needs this:" then a diff) proposes that change, whatever its words alone say: a note or
 * a question becomes an amendment, with "patch" among its cues. */
static int offered_patch(struct an_point *p)
{
	struct rp_stance *st = &p->stance;
	struct rp_buf cues = RP_BUF_INIT;

	if (!p->offers_patch || (st->label != RP_STANCE_NOTE && st->label != RP_STANCE_QUESTION))
		return 0;
	if ((st->cues && *st->cues && (rp_buf_adds(&cues, st->cues) || rp_buf_addch(&cues, ','))) ||
	    rp_buf_adds(&cues, "patch")) {
		rp_buf_release(&cues);
		return RP_ENOMEM;
	}
	free(st->cues);
	st->cues = rp_buf_detach(&cues, NULL);
	if (st->label == RP_STANCE_QUESTION)
		st->secondary = RP_STANCE_QUESTION;
	st->label = RP_STANCE_AMEND;
	if (st->confidence < 0.6)
		st->confidence = 0.6;
	return 0;
}

/* Where the anchor's evidence (its reference as written, "4.1") stands in text, or NULL. */
static const char *evidence_at(const char *text, const struct an_anchor *a)
{
	return a->method == AN_EXPLICIT && a->section >= 0 && a->evidence && *a->evidence
		       ? rp_ascii_casestr(text, a->evidence)
		       : NULL;
}

/* "Sorry, I meant 4.2, not 4.1": the writer corrects the section an earlier point of theirs
 * named. The short correction names the section meant, then the one written after "not",
 * "instead of" or "rather than". The writer's latest point on the section written (in the
 * message answered first, when it is theirs) moves to the section meant; the correction
 * itself stays on the section meant alone, as a note, and adds nothing on the other.
 * Returns 1 when the point was such a correction, 0 when not, RP_ENOMEM. */
static int section_correction(struct run *r, size_t pi)
{
	static const char *const meant[] = { "i meant", "i mean ", "should have said",
					     "should have written", "i had in mind", NULL };
	static const char *const nots[] = { ", not ", " not ", " instead of ", " rather than ",
					    NULL };
	struct an_point *p = &r->points[pi];
	const char *me = r->msgs[p->msg].from_addr, *m = NULL, *neg = NULL, *at;
	const struct an_msg *pm;
	long meant_k = -1, wrong_k = -1, found = -1;
	size_t k, j, w;

	if (!me || strlen(p->text) > 160 || p->n_anchors != 2)
		return 0;
	for (k = 0; meant[k] && !m; k++)
		m = rp_ascii_casestr(p->text, meant[k]);
	for (k = 0; m && nots[k] && !neg; k++)
		neg = rp_ascii_casestr(m, nots[k]);
	if (!neg)
		return 0;
	for (k = 0; k < 2; k++) {
		if (!(at = evidence_at(p->text, &p->anchors[k])) || at < m)
			return 0;
		if (at > neg)
			wrong_k = (long)k;
		else
			meant_k = (long)k;
	}
	if (meant_k < 0 || wrong_k < 0)
		return 0;
	pm = r->msgs[p->msg].parent ? find_msg(r, r->msgs[p->msg].parent) : NULL;
	for (j = pi; j-- > 0 && found < 0;) {
		const struct an_msg *qm = &r->msgs[r->points[j].msg];
		if (!qm->from_addr || rp_ascii_casecmp(qm->from_addr, me) != 0)
			continue;
		if (pm && pm->from_addr && rp_ascii_casecmp(pm->from_addr, me) == 0 && qm != pm)
			continue; /* the message corrected is the one answered */
		for (k = 0; k < r->points[j].n_anchors; k++)
			if (r->points[j].anchors[k].section == p->anchors[wrong_k].section)
				found = (long)j;
	}
	if (found >= 0) {
		struct an_point *q = &r->points[found];
		for (k = 0; k < q->n_anchors; k++)
			if (q->anchors[k].section == p->anchors[wrong_k].section) {
				char *ev = rp_strdup("corrected by the writer's later message");
				if (!ev)
					return RP_ENOMEM;
				free(q->anchors[k].evidence);
				q->anchors[k].evidence = ev;
				q->anchors[k].section = p->anchors[meant_k].section;
				q->anchors[k].method = AN_INHERITED;
			}
		/* the section meant may have been among the point's anchors already */
		for (k = 0, w = 0; k < q->n_anchors; k++) {
			for (j = 0; j < w && q->anchors[j].section != q->anchors[k].section; j++)
				;
			if (j < w) {
				free(q->anchors[k].evidence);
				continue;
			}
			q->anchors[w++] = q->anchors[k];
		}
		q->n_anchors = w;
	}
	free(p->anchors[wrong_k].evidence);
	if (wrong_k == 0)
		p->anchors[0] = p->anchors[1];
	p->n_anchors = 1;
	p->stance.label = RP_STANCE_NOTE;
	p->stance.secondary = RP_STANCE_NONE;
	return 1;
}

static int analyse_points(struct run *r, struct rp_error *err)
{
	sqlite3_stmt *manual = NULL;
	size_t i;
	int rc;

	if ((rc = rp_store_prepare(r->s, &manual,
				   "SELECT key, value FROM decision WHERE draft = ?1 AND message_id = ?2"
				   " AND ordinal = ?3 ORDER BY key",
				   err)))
		return rc;
	for (i = 0; i < r->n_points; i++) {
		struct an_point *p = &r->points[i];

		if ((rc = rp_stance_classify(&p->stance, p->text, p->quoted)) ||
		    (rc = contrast_turns(r, i)) || (rc = offered_patch(p)))
			break;
		apply_manual(r, p, manual);
		if (!p->n_anchors) {
			if ((rc = anchor_quote(r, i)) || (rc = anchor_explicit(r, p)))
				break;
			heading_words_in_passing(p);
			addressed_to_parent(r, p);
			explicit_over_quote(r, p);
			narrow_to_agreed(r, i);
			refine_explicit(r, p);
			if ((rc = section_correction(r, i)) < 0)
				break;
			if ((rc = general_remark(p)))
				break;
			if (!p->n_anchors && (rc = anchor_wording(r, p)))
				break;
			if (!p->n_anchors)
				anchor_withdrawn(r, i);
			if (!p->n_anchors)
				anchor_continuation(r, i);
			if (!p->n_anchors)
				anchor_inherited(r, i);
			if (!p->n_anchors && (rc = anchor_similarity(r, p)))
				break;
			if (!p->n_anchors)
				an_anchor_add(p, -1, AN_GENERAL, 0.5, "no section found");
		}
		if ((rc = target_quoted_member(r, p)) || (rc = proposed_not_draft(r, p)))
			break;
		reaffirm(r, i);
		manual_stance_untargeted(p);
		if ((rc = an_shingles_add(&r->point_sh, p->text, (int32_t)i)))
			break;
	}
	sqlite3_finalize(manual);
	return rc ? rp_error_set(err, rc, NULL, "analysis failed: %s", rp_strerror(rc)) : 0;
}

/* --- writing ---------------------------------------------------------------------- */

static const char *target_kind_name(enum rp_target_kind k)
{
	switch (k) {
	case RP_TARGET_MEMBER: return "member";
	case RP_TARGET_MESSAGE: return "message";
	case RP_TARGET_POINT: return "point";
	default: return "section";
	}
}

/* The attachments of comments that could not be read, in place of the last run's. */
static int write_unread(struct run *r, struct rp_error *err)
{
	sqlite3_stmt *del = NULL, *ins = NULL;
	size_t i;
	int rc;

	if ((rc = rp_store_prepare(r->s, &del, "DELETE FROM unread_attachment WHERE draft = ?1",
				   err)) ||
	    (rc = rp_store_prepare(r->s, &ins,
				   "INSERT OR IGNORE INTO unread_attachment(draft, message, name, reason)"
				   " VALUES (?1, ?2, ?3, ?4)",
				   err)))
		goto out;
	sqlite3_bind_int64(del, 1, r->draft);
	if (sqlite3_step(del) != SQLITE_DONE)
		rc = rp_store_error(r->s, err, "clearing unread attachments");
	for (i = 0; i < r->n_unread && !rc; i++) {
		sqlite3_bind_int64(ins, 1, r->draft);
		sqlite3_bind_int64(ins, 2, r->msgs[r->unread[i].msg].id);
		rp_bind_text(ins, 3, r->unread[i].name);
		rp_bind_text(ins, 4, r->unread[i].reason);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = rp_store_error(r->s, err, "writing unread attachments");
		sqlite3_reset(ins);
	}
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return rc;
}

static int write_points(struct run *r, struct rp_error *err)
{
	sqlite3_stmt *up = NULL, *del_a = NULL, *ins_a = NULL, *ins_s = NULL, *keep = NULL;
	size_t i, k;
	int rc;

	if ((rc = rp_store_exec(r->s, "CREATE TEMP TABLE IF NOT EXISTS rp_keep(id INTEGER PRIMARY KEY);"
				      "DELETE FROM temp.rp_keep",
				err)) ||
	    (rc = rp_store_prepare(r->s, &up,
				   "INSERT INTO point(draft, message, ordinal, text, quoted, responds_to,"
				   " source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
				   " ON CONFLICT(draft, message, ordinal)"
				   " DO UPDATE SET text = excluded.text, quoted = excluded.quoted,"
				   " responds_to = excluded.responds_to, source = excluded.source"
				   " RETURNING id",
				   err)) ||
	    (rc = rp_store_prepare(r->s, &del_a,
				   "DELETE FROM anchor WHERE point = ?1; ", err)) ||
	    (rc = rp_store_prepare(r->s, &ins_a,
				   "INSERT INTO anchor(point, section, method, confidence, evidence)"
				   " VALUES (?1, ?2, ?3, ?4, ?5)",
				   err)) ||
	    (rc = rp_store_prepare(r->s, &ins_s,
				   "INSERT OR REPLACE INTO stance(point, label, secondary, target_kind,"
				   " target, cues, confidence, proposed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				   err)) ||
	    (rc = rp_store_prepare(r->s, &keep, "INSERT OR IGNORE INTO temp.rp_keep(id) VALUES (?1)", err)))
		goto out;
	for (i = 0; i < r->n_points; i++) {
		struct an_point *p = &r->points[i];
		const struct an_msg *m = &r->msgs[p->msg];
		const char *target = NULL;
		char numbuf[32];

		sqlite3_bind_int64(up, 1, r->draft);
		sqlite3_bind_int64(up, 2, m->id);
		sqlite3_bind_int(up, 3, p->ordinal);
		rp_bind_text(up, 4, p->text);
		rp_bind_text(up, 5, p->quoted);
		if (p->responds_to >= 0)
			sqlite3_bind_int64(up, 6, r->points[p->responds_to].db_id);
		else
			sqlite3_bind_null(up, 6);
		rp_bind_text(up, 7, p->source);
		if (sqlite3_step(up) != SQLITE_ROW) {
			rc = rp_store_error(r->s, err, "writing point");
			goto out;
		}
		p->db_id = sqlite3_column_int64(up, 0);
		sqlite3_reset(up);
		sqlite3_bind_int64(keep, 1, p->db_id);
		sqlite3_step(keep);
		sqlite3_reset(keep);
		sqlite3_bind_int64(del_a, 1, p->db_id);
		sqlite3_step(del_a);
		sqlite3_reset(del_a);
		for (k = 0; k < p->n_anchors; k++) {
			const struct an_anchor *a = &p->anchors[k];
			sqlite3_bind_int64(ins_a, 1, p->db_id);
			if (a->section >= 0)
				sqlite3_bind_int64(ins_a, 2, r->section_ids[a->section]);
			else
				sqlite3_bind_null(ins_a, 2);
			sqlite3_bind_text(ins_a, 3, an_method_name(a->method), -1, SQLITE_STATIC);
			sqlite3_bind_double(ins_a, 4, a->confidence);
			rp_bind_text(ins_a, 5, a->evidence);
			if (sqlite3_step(ins_a) != SQLITE_DONE) {
				rc = rp_store_error(r->s, err, "writing anchor");
				goto out;
			}
			sqlite3_reset(ins_a);
		}
		switch (p->stance.target_kind) {
		case RP_TARGET_MEMBER: target = p->stance.target_name; break;
		case RP_TARGET_MESSAGE: target = m->parent; break;
		case RP_TARGET_POINT:
			if (p->responds_to >= 0) {
				snprintf(numbuf, sizeof(numbuf), "%lld",
					 (long long)r->points[p->responds_to].db_id);
				target = numbuf;
			}
			break;
		default:
			if (p->n_anchors && p->anchors[0].section >= 0)
				target = r->doc->sections[p->anchors[0].section].number;
			break;
		}
		sqlite3_bind_int64(ins_s, 1, p->db_id);
		rp_bind_text(ins_s, 2, rp_stance_name(p->stance.label) ? rp_stance_name(p->stance.label) : "note");
		rp_bind_text(ins_s, 3, rp_stance_name(p->stance.secondary));
		rp_bind_text(ins_s, 4, target_kind_name(p->stance.target_kind));
		rp_bind_text(ins_s, 5, target);
		rp_bind_text(ins_s, 6, p->stance.cues);
		sqlite3_bind_double(ins_s, 7, p->stance.confidence);
		rp_bind_text(ins_s, 8, p->stance.proposed);
		if (sqlite3_step(ins_s) != SQLITE_DONE) {
			rc = rp_store_error(r->s, err, "writing stance");
			goto out;
		}
		sqlite3_reset(ins_s);
	}
	{
		sqlite3_stmt *del = NULL;
		if ((rc = rp_store_prepare(r->s, &del,
					   "DELETE FROM point WHERE draft = ?1 AND id NOT IN (SELECT id FROM temp.rp_keep)",
					   err)))
			goto out;
		sqlite3_bind_int64(del, 1, r->draft);
		rc = sqlite3_step(del) == SQLITE_DONE ? 0 : rp_store_error(r->s, err, "pruning points");
		sqlite3_finalize(del);
	}
	if (!rc)
		rc = write_unread(r, err);
out:
	sqlite3_finalize(up);
	sqlite3_finalize(del_a);
	sqlite3_finalize(ins_a);
	sqlite3_finalize(ins_s);
	sqlite3_finalize(keep);
	return rc;
}

static void run_release(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n_points; i++)
		an_point_release(&r->points[i]);
	free(r->points);
	for (i = 0; i < r->n_msgs; i++) {
		free(r->msgs[i].message_id);
		free(r->msgs[i].from_addr);
		free(r->msgs[i].from_name);
		free(r->msgs[i].parent);
		free(r->msgs[i].thread);
	}
	free(r->msgs);
	for (i = 0; i < r->n_unread; i++) {
		free(r->unread[i].name);
		free(r->unread[i].reason);
	}
	free(r->unread);
	for (i = 0; r->head_full && i < r->doc->n; i++) {
		free(r->head_full[i]);
		free(r->head_bare[i]);
	}
	free(r->head_full);
	free(r->head_bare);
	free(r->by_mid);
	an_shingles_release(&r->draft_sh);
	an_shingles_release(&r->point_sh);
	free(r->quote_counts);
	free(r->quote_per_msg);
	free(r->quote_met.v);
	an_wording_release(&r->wording);
	sqlite3_finalize(r->fts);
	sqlite3_finalize(r->parent_body);
	an_reviewers_release(&r->reviewers);
	free(r->draft_text);
	rp_draft_refidx_free(r->refs);
	rp_draft_doc_free(r->doc);
	rp_blocks_close(r->blocks);
	free(r->section_ids);
	free(r->circulated);
	free(r->circ_name);
	free(r->circ_addr);
}

/* On a store opened read-only the analysis cannot run: it is enough that it need not.
 * Threads, membership and the analysis's own stamp are checked as a run checks them, in
 * one read transaction. */
static int check_current(struct rp_store *s, int64_t draft, struct rp_error *err)
{
	char stamp[65];
	int rc, stale = 0, current = 0;

	if ((rc = rp_store_exec(s, "BEGIN", err)))
		return rc;
	if (!(rc = rp_thread_is_stale(s, &stale, err)) && !stale &&
	    !(rc = an_membership_current(s, draft, &current, err)) && current &&
	    !(rc = an_stamp_compute(s, draft, stamp, err)))
		rc = an_stamp_matches(s, draft, stamp, &current, err);
	rp_store_rollback(s);
	if (!rc && (stale || !current))
		rc = rp_error_set(err, RP_EDB, rp_store_path(s),
				  "database is not writable by this user, and the analysis of "
				  "draft %lld is out of date (%s); --no-analyse reads the stored one",
				  (long long)draft,
				  stale ? "messages were stored since the threads were built"
					: "what it reads changed since it last ran");
	return rc;
}

int rp_analyse_draft(struct rp_store *s, int64_t draft, struct rp_error *err)
{
	struct run r;
	char stamp[65];
	int rc, stale = 0, current = 0;

	if (rp_store_readonly(s))
		return check_current(s, draft, err);
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.draft = draft;
	if ((rc = rp_store_begin(s, err)))
		return rc;
	/* Threads decide membership: bring them up to date first (an import killed between
	 * its last batch and its thread update left them behind). */
	if ((rc = rp_thread_is_stale(s, &stale, err)) || (stale && (rc = rp_thread_update(s, err))) ||
	    (rc = rp_analyse_membership(s, draft, err)) ||
	    (rc = an_stamp_compute(s, draft, stamp, err)) ||
	    (rc = an_stamp_matches(s, draft, stamp, &current, err)))
		goto fail;
	if (current) {
		rp_log(3, "analysis of draft %lld: nothing it reads changed since it last ran",
		       (long long)draft);
		return rp_store_commit(s, err);
	}
	if ((rc = load_draft(&r, err)) || (rc = rp_blocks_open(&r.blocks, s, err)) ||
	    (rc = load_messages(&r, err)) ||
	    (rc = index_msgs(&r) ? rp_error_set(err, RP_ENOMEM, NULL, "out of memory") : 0) ||
	    (rc = setup_fts(&r, err)) ||
	    (rc = analyse_points(&r, err)) || (rc = write_points(&r, err)) ||
	    (rc = an_stamp_compute(s, draft, stamp, err)) || (rc = an_stamp_save(s, draft, stamp, err)))
		goto fail;
	run_release(&r);
	rp_store_exec(s, "DROP TABLE IF EXISTS temp.rp_section_fts", NULL);
	return rp_store_commit(s, err);
fail:
	run_release(&r);
	rp_store_rollback(s);
	return rc;
}
