/* membership: which messages answer a draft (table draft_message).
 *
 * Included: replies at any depth to the circulating message (thread_node links from the
 * threading stage; In-Reply-To/References when threading has not run) and to a message
 * included by hand, and messages of the
 * draft's list sent after circulation, until the deadline plus a grace period, whose subject
 * names the draft, which quote it, which name it in their text, or whose subject announces
 * comments ("Comments on the draft") and whose text cites the draft's sections by number or
 * shares its words while it is the one open draft of the list, and replies to any message
 * included (announces_comments, reply_to_about). A message delivered
 * twice (same Message-ID) counts once, and so do the same comments sent again by their
 * sender under another Message-ID (a repost, see "reposts" below); automatic replies
 * (RFC 3834) never count. Every message considered and left out gets a row
 * with included = 0 and its reason; rows set by hand (manual = 1) are never touched.
 *
 * Several drafts may be discussed on one list at once. A subject names a draft by its title's
 * distinctive words, not by what any call for comments says ("Draft ... for comments by 20
 * June"). Another draft's circulating message never answers this one, and a message whose
 * nearest circulating ancestor is another draft's answers that draft, unless it quotes or
 * names this one. The threads of other versions of the same document (--revises, either
 * way) are exempt: a later version's replies may answer the earlier one.
 *
 * Runs are incremental. A decision depends on the code, the draft, its circulating message
 * and the manual rows and the other drafts (together a digest, kept in meta under
 * "membership.<draft>" with the highest message id judged), on the message itself (stored
 * once, never changed) and on whether it is a reply to the circulating message or in
 * another draft's discussion. While the digest holds, a run judges only the messages stored
 * since, the replies not yet judged as replies and the former replies (and the same for
 * other drafts' discussions), so new list mail costs what it adds, not the whole window
 * again. A new copy of a message already stored (the first copy by date counts) and any
 * other change of the digest make a run judge everything, as the first run does.
 *
 * Messages are hostile input: every comparison is bounded (lines per message, bytes per
 * body) and SQL uses bound parameters only. */
#include <ctype.h>
#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse-private.h"
#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"
#include "rapporteur/text.h"

#define GRACE_SECONDS (7 * 86400)
#define WINDOW_DAYS 60 /* without a deadline: days after circulation that are considered */
#define DAY_SECONDS 86400
#define MAX_BODY_SCAN (256u << 10) /* bytes of a body compared with the draft */
#define MAX_LINES 400              /* lines of a body compared with the draft */
#define QUOTED_MIN 30              /* folded length of a quoted line that can match */
#define UNQUOTED_MIN 60            /* the same for a line without quote marker */
#define MAX_PASSES 64              /* References fallback: chains resolved per pass */
#define MAX_HEADER_SCAN 65536      /* bytes of a raw message searched for auto-reply headers */

/* Reasons decide() gives that the incremental query names too. */
#define REPLY_REASON "reply to the circulated draft"
#define LATE_REASON "after deadline"
#define AUTO_REASON "auto-reply"
#define DUP_REASON "duplicate delivery"
#define REPOST_REASON AN_REPOST_REASON /* then " (<Message-ID of the first>)" */
#define BEFORE_REASON "before circulation"
#define ANSWERS_OTHER "answers another draft" /* then " (id: title)" */
#define OFF_TOPIC_REASON "off-topic: no reference to the draft"

/* ---- a small string set (open addressing, FNV-1a) ------------------------------------ */

struct strset {
	char **slot;
	size_t cap, n;
};

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int set_has(const struct strset *set, const char *s)
{
	size_t i;

	if (!set->cap || !s)
		return 0;
	for (i = fnv(s) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
		if (strcmp(set->slot[i], s) == 0)
			return 1;
	return 0;
}

/* Adds s (copied); returns 1 when added, 0 when present, RP_ENOMEM. */
static int set_add(struct strset *set, const char *s)
{
	size_t i;

	if (set_has(set, s))
		return 0;
	if ((set->n + 1) * 2 > set->cap) {
		size_t nc = set->cap ? 2 * set->cap : 64, k;
		char **ns = calloc(nc, sizeof(*ns));
		if (!ns)
			return RP_ENOMEM;
		for (k = 0; k < set->cap; k++)
			if (set->slot[k]) {
				for (i = fnv(set->slot[k]) & (nc - 1); ns[i]; i = (i + 1) & (nc - 1))
					;
				ns[i] = set->slot[k];
			}
		free(set->slot);
		set->slot = ns;
		set->cap = nc;
	}
	for (i = fnv(s) & (set->cap - 1); set->slot[i]; i = (i + 1) & (set->cap - 1))
		;
	if (!(set->slot[i] = rp_strdup(s)))
		return RP_ENOMEM;
	set->n++;
	return 1;
}

static void set_release(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	set->slot = NULL;
	set->cap = set->n = 0;
}

/* ---- text ------------------------------------------------------------------------------
 *
 * Texts are compared folded (rp_text_fold): lower case, punctuation and line breaks one blank. */

/* The longest word of folded text t into key ("" when none fits). Only ASCII words:
 * strcasestr folds ASCII case only. */
static void longest_word(const char *t, char *key, size_t size)
{
	size_t best = 0;

	key[0] = '\0';
	while (*t) {
		size_t n = strcspn(t, " "), k;
		int ascii = 1;

		for (k = 0; k < n; k++)
			ascii &= (unsigned char)t[k] < 0x80;
		if (ascii && n > best && n < size) {
			memcpy(key, t, n);
			key[n] = '\0';
			best = n;
		}
		t += n;
		while (*t == ' ')
			t++;
	}
}

/* Every run of three consecutive words of folded text t into set. 0 or RP_ENOMEM. */
static int add_trigrams(struct strset *set, const char *t)
{
	char key[256];

	for (; *t; t++) {
		if (rp_text_fold_first_words(t, SIZE_MAX, key, sizeof(key)) && set_add(set, key) < 0)
			return RP_ENOMEM;
		t = strchr(t, ' ');
		if (!t)
			break;
	}
	return 0;
}

static const char *const stop[] = { "the", "a", "an", "of", "on", "to", "for", "and", "or",
				    "in", "by", "with", "re", "fw", "fwd", "aw", "sv", "tr" };

/* Words that a call for comments adds to any title ("Draft charter for comments by 20
 * June"): they tell no draft from another. */
static const char *const generic[] = { "draft", "drafts", "comment", "comments", "feedback",
				       "input", "inputs", "remarks", "review", "version",
				       "revised", "revision", "updated", "final", "please",
				       "reminder", "deadline", "due", "until", "before", "from",
				       "at" };

static const char *const months[] = { "january", "february", "march", "april", "may", "june",
				       "july", "august", "september", "october", "november",
				       "december", "jan", "feb", "mar", "apr", "jun", "jul",
				       "aug", "sep", "sept", "oct", "nov", "dec" };

static const char *const weekdays[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
					"saturday", "sunday", "today", "tomorrow" };

static int in_list(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], w) == 0)
			return 1;
	return 0;
}

#define IN_LIST(w, list) in_list((w), (list), sizeof(list) / sizeof((list)[0]))

/* Digits, then at most an ordinal's suffix ("20", "20th", "2024"). */
static int number_word(const char *w)
{
	size_t n = strspn(w, "0123456789");

	return n && (!w[n] || strcmp(w + n, "st") == 0 || strcmp(w + n, "nd") == 0 ||
		     strcmp(w + n, "rd") == 0 || strcmp(w + n, "th") == 0);
}

/* Is word i of w[n] part of a date: a month or day name, or a number next to a month
 * name or one number away from it ("by 20 June 2024", "June 20, 2024")? A number
 * elsewhere stays a title word ("Budget plan 2025"). */
static int date_word(char **w, size_t n, size_t i)
{
	if (IN_LIST(w[i], months) || IN_LIST(w[i], weekdays))
		return 1;
	if (!number_word(w[i]))
		return 0;
	return (i >= 1 && IN_LIST(w[i - 1], months)) || (i + 1 < n && IN_LIST(w[i + 1], months)) ||
	       (i >= 2 && number_word(w[i - 1]) && IN_LIST(w[i - 2], months)) ||
	       (i + 2 < n && number_word(w[i + 1]) && IN_LIST(w[i + 2], months));
}

/* A word that names no draft in particular: generic, a date, a version ("v2"). */
static int generic_word(char **w, size_t n, size_t i)
{
	return IN_LIST(w[i], generic) || date_word(w, n, i) ||
	       (w[i][0] == 'v' && w[i][1] && number_word(w[i] + 1));
}

/* Stemmed content words of s into set (only the distinctive ones when distinctive is set:
 * generic_word) and, when seq is not NULL, every content word in order into *seq (n_seq
 * words; the caller frees each and the array). List tags ("[dc-coord]") are skipped:
 * every message of the list carries them. */
static int content_words(struct strset *set, struct sb_stemmer *st, const char *s, int distinctive,
			 char ***seq, size_t *n_seq)
{
	char *norm = NULL, *save = NULL, *copy = rp_strdup(s), *q, **w = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (!copy)
		return RP_ENOMEM;
	/* blank out bracketed tags */
	for (q = copy; (q = strchr(q, '[')) != NULL;) {
		char *e = strchr(q, ']');
		if (!e || e - q > 40)
			break;
		memset(q, ' ', (size_t)(e - q + 1));
	}
	norm = rp_text_fold(copy, strlen(copy));
	free(copy);
	/* the words, for date_word to see each one's neighbours: at most one per two bytes */
	if (!norm || !(w = malloc((strlen(norm) / 2 + 1) * sizeof(*w)))) {
		free(norm);
		return RP_ENOMEM;
	}
	for (q = strtok_r(norm, " ", &save); q; q = strtok_r(NULL, " ", &save))
		w[n++] = q;
	for (i = 0; i < n && rc >= 0; i++) {
		const sb_symbol *stem;
		const char *word;
		size_t len = strlen(w[i]);
		if (IN_LIST(w[i], stop) || len > 60)
			continue;
		stem = st ? sb_stemmer_stem(st, (const sb_symbol *)w[i], (int)len) : NULL;
		word = stem ? (const char *)stem : w[i];
		if (!distinctive || !generic_word(w, n, i))
			rc = set_add(set, word);
		if (rc >= 0 && seq && *n_seq < 64) {
			char **ns = realloc(*seq, (*n_seq + 1) * sizeof(**seq));
			if (!ns || !(ns[*n_seq] = rp_strdup(word))) {
				if (ns)
					*seq = ns;
				rc = RP_ENOMEM;
				break;
			}
			*seq = ns;
			(*n_seq)++;
		}
	}
	free(w);
	free(norm);
	return rc < 0 ? rc : 0;
}

static void seq_free(char **seq, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(seq[i]);
	free(seq);
}

/* ---- the draft -------------------------------------------------------------------------- */

/* The words that name a draft: its title's distinctive words (content_words), or all of
 * them when it has none ("Draft for comments"); *generic says which. seq, when not NULL,
 * gets every content word in order. */
static int name_words(struct strset *set, struct sb_stemmer *stem, const char *title, char ***seq,
		      size_t *n_seq, int *generic)
{
	int rc = content_words(set, stem, title, 1, seq, n_seq);

	*generic = !rc && !set->n;
	if (rc || set->n)
		return rc;
	return content_words(set, stem, title, 0, NULL, NULL);
}

/* Another draft of the store with a circulating message: that message, and the replies
 * under it, are its own discussion. */
struct other_draft {
	int64_t id;
	char *circulated;
	int related;               /* a version of the same document (--revises, either way) */
	/* its list and the dates its comments are read between (from circulation to
	 * window_to), when its circulating message is stored (dated) */
	int64_t list, from, to;
	int dated;
	struct strset title_words; /* the words that name it (name_words) */
	char *circ_reason;         /* "circulates another draft (2: Draft budget ...)" */
	char *answer_reason;       /* "answers another draft (2: Draft budget ...)" */
};

struct draft_info {
	int64_t id, list, deadline;
	char *circulated;
	char *norm_text;   /* folded draft text */
	struct strset text_trigrams; /* every three consecutive words of norm_text */
	char title_key[64];          /* the longest word of norm_title (a quick pre-test) */
	char *norm_title;  /* folded title */
	struct strset title_words;   /* the words that name it (name_words) */
	int title_generic;           /* ... are all its words: it has no distinctive one */
	char **title_seq; /* every content word of the title, in order */
	size_t n_title_seq;
	int64_t circ_id, circ_date;
	int has_circ, has_circ_date;
	/* No message can answer it yet: its circulating message is not stored (not fetched
	 * yet, or a Message-ID mistyped), or it is a revision that was never circulated. Its
	 * window and list would otherwise be every message of every list. */
	int awaiting;
	/* subjects already judged: a thread's messages share one, and judging it stems every
	 * word */
	struct strset subject_named, subject_not_named;
	struct rp_draft_doc *doc; /* the sections, for numbered references */
	struct rp_draft_refidx *refs; /* ... read with this index of doc */
	/* the other circulated drafts, their circulating Message-IDs as a set for a quick
	 * test, and how many of them are not versions of this one */
	struct other_draft *others;
	size_t n_others, n_unrelated;
	struct strset other_circ;
	/* the discussions of the drafts that are not versions of this one: replies at any
	 * depth to their circulating messages (collect_others) */
	struct strset other_replies;
	/* where a message's thread ancestors are read (answered_other) */
	struct rp_store *s;
	sqlite3_stmt *up_threads, *up_headers;
	int threaded; /* the threads were built: they link replies, not the headers */
	/* announced comments (announces_comments): the stems of the draft's words, of the
	 * names it goes by (its title, headings and circulating subject) and of the words any
	 * subject announcing comments may hold, read at first need */
	struct strset text_stems, name_stems, filler_stems, mail_stems;
	int stems_loaded;
	/* the messages included so far, whose replies come along (reply_to_included_msg),
	 * and where a message's parent is read */
	struct strset about;
	sqlite3_stmt *parent_q;
};

static void draft_info_release(struct draft_info *d)
{
	size_t i;

	free(d->circulated);
	free(d->norm_text);
	free(d->norm_title);
	set_release(&d->text_trigrams);
	set_release(&d->title_words);
	set_release(&d->subject_named);
	set_release(&d->subject_not_named);
	seq_free(d->title_seq, d->n_title_seq);
	rp_draft_refidx_free(d->refs);
	rp_draft_doc_free(d->doc);
	for (i = 0; i < d->n_others; i++) {
		free(d->others[i].circulated);
		set_release(&d->others[i].title_words);
		free(d->others[i].circ_reason);
		free(d->others[i].answer_reason);
	}
	free(d->others);
	set_release(&d->other_circ);
	set_release(&d->other_replies);
	set_release(&d->text_stems);
	set_release(&d->name_stems);
	set_release(&d->mail_stems);
	set_release(&d->filler_stems);
	set_release(&d->about);
	sqlite3_finalize(d->parent_q);
	sqlite3_finalize(d->up_threads);
	sqlite3_finalize(d->up_headers);
}

/* "what (id: title)", the title cut to 80 bytes between characters. NULL when out of
 * memory. */
static char *other_reason(const char *what, int64_t id, const char *title)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t n = strlen(title), cut = n > 80 ? 80 : n;

	while (cut < n && cut && ((unsigned char)title[cut] & 0xc0) == 0x80)
		cut--;
	if (rp_buf_addf(&b, "%s (%lld: %.*s%s)", what, (long long)id, (int)cut, title,
			cut < n ? "..." : "")) {
		rp_buf_release(&b);
		return NULL;
	}
	return rp_buf_detach(&b, NULL);
}

/* The first version of draft i of ids/revises (n drafts): --revises followed back, at most
 * n steps. */
static int64_t first_version(const int64_t *ids, const int64_t *revises, size_t n, size_t i)
{
	size_t step, k;
	int64_t id = ids[i], up = revises[i];

	for (step = 0; up && step < n; step++) {
		for (k = 0; k < n && ids[k] != up; k++)
			;
		if (k == n)
			break; /* revises a draft that is gone */
		id = up;
		up = revises[k];
	}
	return id;
}

/* The other drafts with a circulating message into d->others. Drafts are few: all are
 * read. */
static int load_others(struct rp_store *s, struct sb_stemmer *stem, struct draft_info *d,
		       struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL, *revs = NULL, root = 0;
	size_t n = 0, alloc = 0, i;
	int rc, generic;

	if ((rc = rp_store_prepare(s, &st, "SELECT id, revises FROM draft ORDER BY id", err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == alloc) {
			size_t na = alloc ? 2 * alloc : 16;
			int64_t *ni = realloc(ids, na * sizeof(*ni)), *nr;
			if (ni)
				ids = ni;
			if (!ni || !(nr = realloc(revs, na * sizeof(*nr))))
				goto oom;
			revs = nr;
			alloc = na;
		}
		ids[n] = sqlite3_column_int64(st, 0);
		revs[n++] = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE) {
		rc = rp_store_error(s, err, "reading the drafts");
		goto cleanup;
	}
	for (i = 0; i < n; i++)
		if (ids[i] == d->id)
			root = first_version(ids, revs, n, i);
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT d.id, d.title, d.circulated, coalesce(d.list_id, m.list_id),"
				   " d.deadline, m.date FROM draft d LEFT JOIN message m ON m.id ="
				   " (SELECT id FROM message WHERE message_id = d.circulated"
				   " ORDER BY date IS NULL, date, id LIMIT 1)"
				   " WHERE d.id <> ?1 AND d.circulated IS NOT NULL ORDER BY d.id",
				   err)))
		goto cleanup;
	sqlite3_bind_int64(st, 1, d->id);
	if (!(d->others = calloc(n ? n : 1, sizeof(*d->others))))
		goto oom;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && d->n_others < n) {
		struct other_draft *o = &d->others[d->n_others++];
		const char *title = (const char *)sqlite3_column_text(st, 1);
		o->id = sqlite3_column_int64(st, 0);
		for (i = 0; i < n && ids[i] != o->id; i++)
			;
		o->related = i < n && first_version(ids, revs, n, i) == root;
		d->n_unrelated += !o->related;
		o->list = sqlite3_column_int64(st, 3);
		o->dated = sqlite3_column_type(st, 5) != SQLITE_NULL;
		o->from = sqlite3_column_int64(st, 5);
		o->to = sqlite3_column_int64(st, 4)
				? sqlite3_column_int64(st, 4) + DAY_SECONDS + GRACE_SECONDS
				: o->from + WINDOW_DAYS * DAY_SECONDS + GRACE_SECONDS;
		if (!title)
			title = "";
		if (!(o->circulated = rp_strdup((const char *)sqlite3_column_text(st, 2))) ||
		    set_add(&d->other_circ, o->circulated) < 0 ||
		    name_words(&o->title_words, stem, title, NULL, NULL, &generic) ||
		    !(o->circ_reason = other_reason("circulates another draft", o->id, title)) ||
		    !(o->answer_reason = other_reason(ANSWERS_OTHER, o->id, title)))
			goto oom;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		rc = rp_store_error(s, err, "reading the drafts");
	else
		rc = 0;
	goto cleanup;
oom:
	rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
cleanup:
	sqlite3_finalize(st);
	free(ids);
	free(revs);
	return rc;
}

static int load_draft(struct rp_store *s, struct sb_stemmer *stem, int64_t id,
		      struct draft_info *d, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	d->id = id;
	d->s = s;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT title, text, circulated, list_id, deadline, revises FROM draft "
				   "WHERE id = ?1",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? rp_error_set(err, RP_ENOTFOUND, "membership", "no draft %lld",
						      (long long)id)
				       : rp_store_error(s, err, "reading the draft");
		goto cleanup;
	}
	{
		const char *title = (const char *)sqlite3_column_text(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *circ = (const char *)sqlite3_column_text(st, 2);
		d->norm_title = rp_text_fold(title ? title : "", title ? strlen(title) : 0);
		d->norm_text = rp_text_fold(text ? text : "", text ? strlen(text) : 0);
		d->circulated = circ ? rp_strdup(circ) : NULL;
		d->list = sqlite3_column_int64(st, 3);
		d->deadline = sqlite3_column_int64(st, 4);
		d->awaiting = !circ && sqlite3_column_type(st, 5) != SQLITE_NULL;
		if (d->norm_title)
			longest_word(d->norm_title, d->title_key, sizeof(d->title_key));
		if (!d->norm_title || !d->norm_text || (circ && !d->circulated) ||
		    add_trigrams(&d->text_trigrams, d->norm_text) ||
		    name_words(&d->title_words, stem, title ? title : "", &d->title_seq,
			       &d->n_title_seq, &d->title_generic)) {
			rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
			goto cleanup;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = rp_draft_load(s, id, &d->doc, err)) || (rc = load_others(s, stem, d, err)))
		goto cleanup;
	if (rp_draft_refidx_new(&d->refs, d->doc)) {
		rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		goto cleanup;
	}
	if (!d->circulated)
		goto cleanup;
	d->awaiting = 1; /* until the circulating message is found below */
	/* the circulating message: its date opens the window, its list is the draft's list
	 * when none was given */
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT id, date, list_id FROM message WHERE message_id = ?1 "
				   "ORDER BY date IS NULL, date, id LIMIT 1",
				   err)))
		goto cleanup;
	rp_bind_text(st, 1, d->circulated);
	if (sqlite3_step(st) == SQLITE_ROW) {
		d->has_circ = 1;
		d->awaiting = 0;
		d->circ_id = sqlite3_column_int64(st, 0);
		d->has_circ_date = sqlite3_column_type(st, 1) != SQLITE_NULL;
		d->circ_date = sqlite3_column_int64(st, 1);
		if (!d->list)
			d->list = sqlite3_column_int64(st, 2);
	}
cleanup:
	sqlite3_finalize(st);
	return rc;
}

/* ---- replies --------------------------------------------------------------------------- */

static int replies_from_threads(struct rp_store *s, const char *root, struct strset *set,
				int *found, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*found = 0;
	if ((rc = rp_store_prepare(s, &st, "SELECT EXISTS (SELECT 1 FROM thread_node)", err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*found = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!*found)
		return 0;
	if ((rc = rp_store_prepare(s, &st,
				   "WITH RECURSIVE d(mid) AS (SELECT ?1 UNION "
				   "SELECT t.message_id FROM thread_node t JOIN d ON t.parent = d.mid) "
				   "SELECT mid FROM d",
				   err)))
		return rc;
	rp_bind_text(st, 1, root);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (set_add(set, (const char *)sqlite3_column_text(st, 0)) < 0) {
			sqlite3_finalize(st);
			return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "walking the thread");
}

/* Without threading: a message whose In-Reply-To or References names a known reply is a
 * reply. Passes in date order resolve most chains at once; MAX_PASSES bounds the rest. */
static int replies_from_headers(struct rp_store *s, struct strset *set, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, pass, added = 1;

	if ((rc = rp_store_prepare(s, &st,
				   "SELECT message_id, in_reply_to, refs FROM message "
				   "WHERE in_reply_to IS NOT NULL OR refs IS NOT NULL "
				   "ORDER BY date, id",
				   err)))
		return rc;
	for (pass = 0; pass < MAX_PASSES && added; pass++) {
		added = 0;
		sqlite3_reset(st);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *mid = (const char *)sqlite3_column_text(st, 0);
			const char *irt = (const char *)sqlite3_column_text(st, 1);
			const char *refs = (const char *)sqlite3_column_text(st, 2);
			int hit = irt && set_has(set, irt), r;
			if (!mid || set_has(set, mid))
				continue;
			while (!hit && refs && *refs) {
				char id[1024];
				size_t n = strcspn(refs, " \t");
				if (n && n < sizeof(id)) {
					memcpy(id, refs, n);
					id[n] = '\0';
					hit = set_has(set, id);
				}
				refs += n;
				refs += strspn(refs, " \t");
			}
			if (hit) {
				if ((r = set_add(set, mid)) < 0) {
					sqlite3_finalize(st);
					return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
				}
				added += r;
			}
		}
		if (rc != SQLITE_DONE)
			break;
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc ? rp_store_error(s, err, "reading reply headers") : 0;
}

/* ---- why a message is about the draft --------------------------------------------------- */

/* The subject names the draft when it has half of the title's distinctive words (two at
 * least, unless the title has one), or two title words in a row in the title's order, one
 * of them distinctive ("the strategy paper" for "... on the Working Group on Strategy
 * paper"; not "20 June" for "Draft charter for comments by 20 June"). With other set, the
 * subject must also hold a distinctive word of this title that other's title lacks: it is
 * then this draft the subject names, not other. */
static int subject_names_uncached(const struct draft_info *d, struct sb_stemmer *stem,
				  const char *subject, const struct other_draft *other)
{
	struct strset words = { 0 };
	char **seq = NULL;
	size_t i, j, n = 0, hits = 0, own = 0, want = d->title_words.n;
	int named = 0;

	if (!subject || !want ||
	    content_words(&words, stem, subject, !d->title_generic, &seq, &n))
		goto done;
	for (i = 0; i < d->title_words.cap; i++)
		if (d->title_words.slot[i] && set_has(&words, d->title_words.slot[i])) {
			hits++;
			own += !other || !set_has(&other->title_words, d->title_words.slot[i]);
		}
	named = hits && hits * 2 >= want && (hits >= 2 || want == 1);
	for (i = 0; !named && i + 1 < n; i++)
		for (j = 0; j + 1 < d->n_title_seq; j++)
			if (strcmp(seq[i], d->title_seq[j]) == 0 &&
			    strcmp(seq[i + 1], d->title_seq[j + 1]) == 0 &&
			    (set_has(&d->title_words, seq[i]) ||
			     set_has(&d->title_words, seq[i + 1]))) {
				named = 1;
				break;
			}
	if (other) /* a title of generic words only cannot be told from other's */
		named &= own > 0 && !d->title_generic;
done:
	seq_free(seq, n);
	set_release(&words);
	return named;
}

/* subject_names_uncached, remembered per subject (a failed insert only forgets). */
static int subject_names(struct draft_info *d, struct sb_stemmer *stem, const char *subject)
{
	int named;

	if (!subject)
		return 0;
	if (set_has(&d->subject_named, subject))
		return 1;
	if (set_has(&d->subject_not_named, subject))
		return 0;
	named = subject_names_uncached(d, stem, subject, NULL);
	set_add(named ? &d->subject_named : &d->subject_not_named, subject);
	return named;
}

/* List footers and links recur in every message of a list and so in a draft circulated
 * in a message body too: they prove nothing. */
static int boilerplate(const char *line, size_t n)
{
	static const char *const marks[] = { "http://", "https://", "mailing list", "listinfo",
					     "unsubscribe", "mailman", "@" };
	char buf[512];
	size_t i;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (rp_ascii_casestr(buf, marks[i]))
			return 1;
	return 0;
}

/* Lines of body found verbatim (once folded) in the draft text. */
static int quotes_draft(const struct draft_info *d, const char *body)
{
	size_t len = body ? strlen(body) : 0, pos = 0, lines = 0;
	int quoted_hits = 0, plain_hits = 0;
	char key[256];

	if (len > MAX_BODY_SCAN)
		len = MAX_BODY_SCAN;
	if (!d->norm_text[0])
		return 0;
	while (pos < len && lines < MAX_LINES) {
		size_t e = pos, a;
		int quoted = 0;
		char *norm;
		while (e < len && body[e] != '\n')
			e++;
		a = pos;
		while (a < e && (body[a] == '>' || body[a] == ' ' || body[a] == '\t' || body[a] == '|')) {
			quoted |= body[a] == '>';
			a++;
		}
		lines++;
		/* A line copied from the draft starts with three of its words: a hash look-up
		 * rules out nearly every other line before it is folded and searched. */
		if (e - a >= QUOTED_MIN &&
		    (!rp_text_fold_first_words(body + a, e - a, key, sizeof(key)) ||
		     set_has(&d->text_trigrams, key)) &&
		    (norm = rp_text_fold(body + a, e - a))) {
			size_t n = strlen(norm);
			if (n >= (quoted ? QUOTED_MIN : UNQUOTED_MIN) && !boilerplate(body + a, e - a) &&
			    strstr(d->norm_text, norm)) {
				if (quoted)
					quoted_hits++;
				else
					plain_hits++;
			}
			free(norm);
		}
		pos = e + 1;
	}
	/* a quoted line, or two lines of a forwarded or Outlook-style copy */
	return quoted_hits >= 1 || plain_hits >= 2;
}

static int body_names(const struct draft_info *d, const char *body)
{
	size_t len = body ? strlen(body) : 0;

	if (!body || strlen(d->norm_title) < 12 || d->n_title_seq < 2)
		return 0;
	if (len > MAX_BODY_SCAN)
		len = MAX_BODY_SCAN;
	/* The title's longest word must be there (any case) before the body is searched. */
	if (d->title_key[0] && !strcasestr(body, d->title_key))
		return 0;
	return rp_text_fold_contains(body, len, d->norm_title);
}

/* A subject that announces comments without naming the draft: "Comments on the draft",
 * "Feedback", "Our input on the paper". */
static int comment_subject(const char *subject)
{
	static const char *const words[] = { "comment", "comments", "feedback", "input",
					     "remarks", "review", "draft", "reaction", "response",
					     "observations", "suggestions", "concerns" };
	const char *p = subject;
	size_t i, n;

	if (!p)
		return 0;
	while (*p) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		for (n = 0; isalpha((unsigned char)p[n]); n++)
			;
		for (i = 0; n && i < sizeof(words) / sizeof(words[0]); i++)
			if (strlen(words[i]) == n && rp_ascii_ncasecmp(p, words[i], n) == 0)
				return 1;
		p += n;
	}
	return 0;
}

/* Numbered references to the draft's sections ("on 3.9 and 3.10", "section 4"): two
 * sections, or one called a section by name. Only together with a subject announcing
 * comments does this make a message part of the discussion: other documents have
 * sections too. */
static int cites_sections(const struct draft_info *d, const char *body)
{
	struct rp_draft_ref *refs = NULL;
	size_t n = 0, i, numbered = 0, named = 0;

	/* the references by words are all below the 0.85 counted here: not looked for */
	if (!d->refs || !body || rp_draft_find_refs_in(d->refs, body, RP_REFS_NUMBERS_ONLY, &refs, &n))
		return 0;
	for (i = 0; i < n; i++) {
		numbered += refs[i].confidence >= 0.85;
		named += refs[i].confidence >= 0.95;
	}
	rp_draft_refs_free(refs, n);
	return numbered >= 2 || named >= 1;
}

/* ---- comments announced in a thread started anew ---------------------------------------
 *
 * "Comments on the strategy paper", "Our feedback", "Some thoughts on the report": a member
 * starts a thread of their own rather than answering the call. Such a message is about the
 * draft when its subject announces comments and names nothing but the draft (every other
 * word of it is one any such subject may hold, or one of the draft's title, headings or
 * circulating subject: "strategy"),
 * the draft is the one whose comments the list was collecting when it was sent (no other
 * draft circulated on the list is open then, and no later version of this one), and its
 * own text shares words with the draft. */

/* Words a subject announcing comments holds whatever the draft ("Some initial thoughts on
 * our paper"), besides generic_word's and stop's. */
static const char filler_words[] =
	"paper papers document documents report text proposal proposals write up writeup doc "
	"note notes our my some few initial first further more additional quick brief short "
	"detailed general this these your their his her its latest new current circulated "
	"proposed last week thoughts thought views view reactions reaction observations "
	"suggestions concerns remarks response responses questions question points regarding "
	"about concerning re from members member group one two another small minor couple "
	"remark observation suggestion concern";

/* Mail's own words, which any reply shares with any draft: not evidence of one. */
static const char mail_words[] =
	"thank thanks comment comments draft paper document section sections agree think like "
	"regards best dear hi hello all please point points propose suggest also one two well "
	"good make need see just can will may must much many new use group work time";

static int add_tokens(struct strset *set, const char *text)
{
	char **tok = NULL;
	size_t n = 0, i;
	int rc = rp_text_tokens(text, &tok, &n);

	for (i = 0; !rc && i < n; i++)
		if (set_add(set, tok[i]) < 0)
			rc = RP_ENOMEM;
	rp_strv_free(tok, n);
	return rc;
}

static int load_stems(struct draft_info *d, struct sb_stemmer *stem)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = 0;

	if (d->stems_loaded)
		return 0;
	if (rp_store_prepare(d->s, &st,
			     "SELECT d.title, d.text, (SELECT subject FROM message WHERE id = ?2)"
			     " FROM draft d WHERE d.id = ?1",
			     NULL))
		return RP_ENOMEM;
	sqlite3_bind_int64(st, 1, d->id);
	sqlite3_bind_int64(st, 2, d->circ_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		const char *subject = (const char *)sqlite3_column_text(st, 2);
		rc = add_tokens(&d->text_stems, text ? text : "");
		if (!rc)
			rc = add_tokens(&d->name_stems, title ? title : "");
		if (!rc)
			rc = add_tokens(&d->name_stems, subject ? subject : "");
	}
	sqlite3_finalize(st);
	for (i = 0; !rc && d->doc && i < d->doc->n; i++)
		if (d->doc->sections[i].heading)
			rc = add_tokens(&d->name_stems, d->doc->sections[i].heading);
	if (!rc)
		rc = content_words(&d->filler_stems, stem, filler_words, 0, NULL, NULL);
	if (!rc)
		rc = add_tokens(&d->mail_stems, mail_words);
	if (!rc)
		d->stems_loaded = 1;
	return rc;
}

static int word_in(const char *w, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && rp_ascii_ncasecmp(w, list[i], n) == 0)
			return 1;
	return 0;
}

#define WORD_IN(w, n, list) word_in((w), (n), (list), sizeof(list) / sizeof((list)[0]))

/* Is the subject worded as an announcement of comments: after reply prefixes and list
 * tags, at most three words that qualify it ("Our", "Some initial", "Late"), a word naming
 * comments, then nothing, another such word ("Comments and suggestions"), or a word that
 * says what they are on ("on", "to", "about", ":")? A subject that only holds such a word
 * among others ("Industry comment strategy") does not announce comments. */
static int announcement_wording(const char *subject)
{
	static const char *const announce[] = { "comment", "comments", "feedback", "input",
						"inputs", "remarks", "reaction", "reactions",
						"observations", "suggestions", "concerns",
						"thoughts", "views", "review", "questions",
						/* one of them: "Charter: one more thought" */
						"thought", "remark", "observation", "suggestion",
						"concern", "question" };
	static const char *const lead[] = { "our", "my", "some", "a", "few", "the", "initial",
					    "first", "further", "more", "additional", "quick",
					    "brief", "short", "detailed", "general", "final", "late",
					    "belated", "joint", "consolidated", "personal", "draft", "re",
					    "fw", "fwd", "aw", "sv", "tr", "wg", "one", "two", "another",
					    "last", "small", "minor", "couple", "of" };
	static const char *const after[] = { "on", "to", "about", "regarding", "re", "for",
					     "from", "concerning", "and", "of", "in" };
	const char *p = subject;
	size_t n, before = 0;
	int named = 0;

	while (p && *p) {
		if (*p == '[') { /* a list tag */
			const char *e = strchr(p, ']');
			if (!e || e - p > 40)
				return 0;
			p = e + 1;
			continue;
		}
		if (!isalpha((unsigned char)*p)) {
			p++;
			continue;
		}
		for (n = 0; isalpha((unsigned char)p[n]); n++)
			;
		if (WORD_IN(p, n, announce)) {
			p += n;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p || *p == ':' || *p == '-')
				return 1;
			for (n = 0; isalpha((unsigned char)p[n]); n++)
				;
			return WORD_IN(p, n, after) || WORD_IN(p, n, announce);
		}
		if (!WORD_IN(p, n, lead) || ++before > 3) {
			/* "Charter: one more thought": what the words before a colon name, the
			 * caller checks (the draft's words only) */
			const char *colon = strchr(p, ':');
			if (!colon || named || colon - p > 80)
				return 0;
			named = 1;
			before = 0;
			p = colon + 1;
			continue;
		}
		p += n;
	}
	return 0;
}

/* Does the subject announce comments ("Comments on ...", "Our feedback", "Some thoughts
 * about ...") and name nothing but the draft? */
static int announcing_subject(struct draft_info *d, struct sb_stemmer *stem, const char *subject)
{
	struct strset words = { 0 };
	size_t i;
	int ok;

	if (!announcement_wording(subject))
		return 0;
	ok = !load_stems(d, stem) && !content_words(&words, stem, subject, 1, NULL, NULL);
	for (i = 0; ok && i < words.cap; i++)
		if (words.slot[i] && !set_has(&d->filler_stems, words.slot[i]) &&
		    !set_has(&d->name_stems, words.slot[i]))
			ok = 0;
	set_release(&words);
	return ok;
}

/* No other draft of the list was open for comments at date, nor a later version of this
 * one. */
static int only_open_draft(const struct draft_info *d, int64_t date)
{
	size_t i;

	for (i = 0; i < d->n_others; i++) {
		const struct other_draft *o = &d->others[i];
		if (!o->dated || o->list != d->list || date < o->from || date > o->to)
			continue;
		if (!o->related || (d->has_circ_date && o->from > d->circ_date))
			return 0;
	}
	return 1;
}

#define SHARED_WORDS 2 /* distinct words of the draft a message announcing comments has */

/* Does the text the author wrote (quoted lines left out) share SHARED_WORDS of the draft's
 * words, mail's own words aside? */
static int shares_words(struct draft_info *d, const char *body)
{
	struct strset mine = { 0 };
	struct rp_buf own = RP_BUF_INIT;
	size_t len = body ? strlen(body) : 0, i, shared = 0;
	const char *p = body, *end;

	if (len > MAX_BODY_SCAN)
		len = MAX_BODY_SCAN;
	for (end = body + len; p && p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (*p != '>' && (rp_buf_add(&own, p, n) || rp_buf_addch(&own, '\n')))
			goto out;
		p += n + 1;
	}
	if (!own.len || add_tokens(&mine, own.buf))
		goto out;
	for (i = 0; i < mine.cap && shared < SHARED_WORDS; i++)
		shared += mine.slot[i] && set_has(&d->text_stems, mine.slot[i]) &&
			  !set_has(&d->mail_stems, mine.slot[i]);
out:
	rp_buf_release(&own);
	set_release(&mine);
	return shared >= SHARED_WORDS;
}

static int announces_comments(struct draft_info *d, struct sb_stemmer *stem, sqlite3_stmt *m)
{
	const char *subject = (const char *)sqlite3_column_text(m, 4);
	const char *body = (const char *)sqlite3_column_text(m, 5);

	return d->has_circ && sqlite3_column_type(m, 2) != SQLITE_NULL &&
	       only_open_draft(d, sqlite3_column_int64(m, 2)) && subject &&
	       announcing_subject(d, stem, subject) && shares_words(d, body);
}

/* ---- replies to messages about the draft ------------------------------------------------ */

/* Is the message of row id a reply (In-Reply-To, else the last of References) to a message
 * already found to be about the draft? Then the thread it started is the draft's too, as
 * the circulating message's is: "+1 to Ana" under "Comments on the paper" says nothing of
 * the draft itself. */
static int reply_to_about(struct draft_info *d, int64_t id)
{
	const char *irt, *refs;
	int hit = 0;

	if (!d->about.n)
		return 0;
	if (!d->parent_q &&
	    rp_store_prepare(d->s, &d->parent_q, "SELECT in_reply_to, refs FROM message WHERE id = ?1",
			     NULL))
		return 0;
	sqlite3_reset(d->parent_q);
	sqlite3_bind_int64(d->parent_q, 1, id);
	if (sqlite3_step(d->parent_q) != SQLITE_ROW)
		goto out;
	irt = (const char *)sqlite3_column_text(d->parent_q, 0);
	refs = (const char *)sqlite3_column_text(d->parent_q, 1);
	if (irt) {
		hit = set_has(&d->about, irt);
	} else if (refs) {
		const char *last = NULL;
		size_t last_n = 0;
		char mid[1024];
		while (*refs) {
			size_t n = strcspn(refs, " \t");
			if (n) {
				last = refs;
				last_n = n;
			}
			refs += n;
			refs += strspn(refs, " \t");
		}
		if (last && last_n < sizeof(mid)) {
			memcpy(mid, last, last_n);
			mid[last_n] = '\0';
			hit = set_has(&d->about, mid);
		}
	}
out:
	sqlite3_reset(d->parent_q);
	return hit;
}

/* The messages the draft's rows include now into d->about. */
static int load_about(struct rp_store *s, struct draft_info *d, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = rp_store_prepare(s, &st,
				   "SELECT m.message_id FROM draft_message dm JOIN message m"
				   " ON m.id = dm.message WHERE dm.draft = ?1 AND (dm.included = 1"
				   " OR dm.reason LIKE '" REPOST_REASON "%') AND m.message_id IS NOT NULL",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (set_add(&d->about, (const char *)sqlite3_column_text(st, 0)) < 0) {
			sqlite3_finalize(st);
			return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "reading draft membership");
}

/* ---- rows ------------------------------------------------------------------------------- */

static int write_row(struct rp_store *s, sqlite3_stmt *st, int64_t draft, int64_t msg,
		     int included, const char *reason, struct rp_error *err)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, draft);
	sqlite3_bind_int64(st, 2, msg);
	sqlite3_bind_int(st, 3, included);
	rp_bind_text(st, 4, reason);
	if (sqlite3_step(st) != SQLITE_DONE)
		return rp_store_error(s, err, "writing draft membership");
	return 0;
}

/* ---- reposts ----------------------------------------------------------------------------
 *
 * A member who sends the same comments twice under two Message-IDs ("Resending, my first
 * mail did not reach the list", or a mail client that sent twice) is read once: among the
 * messages of one sender that the analysis includes, a later one whose text is the text of
 * an earlier one is a repost, left out with REPOST_REASON naming the first (its Message-ID
 * in parentheses, for the analysis to take a reply to the repost as one to the first) and
 * still about the draft (its replies come along). The sender is the member the roster gives the From address, else
 * the address in lower case; the text is the body with every run of white space one blank
 * and a short first line announcing the resend dropped. A reply that quotes the earlier
 * message and adds a line is no repost, nor the same words from two members. A text of
 * fewer than REPOST_MIN_WORDS words of the writer's own (quoted lines and the attribution
 * above them not counted) is never one: "+1" or "Agreed." twice, in two threads, under the
 * same quoted passage or none, answers two things.
 *
 * Which one counts does not depend on the order the messages were judged in: whenever a
 * message is included, the rows of the same sender and text dated later are made reposts of
 * it, and an incremental run judges every repost again (since_sql), so one whose first copy
 * is left out now is included. Candidates are found by sender in a hash table of the draft's
 * included rows, loaded once a run with the rows load_about reads; a text is read and
 * hashed at first need, once a run. Two texts are the same when their hashes (64-bit
 * FNV-1a) and word counts are: a collision could only leave out a message of the same
 * sender's, on the same draft. */

#define REPOST_MIN_WORDS 8
#define RESEND_LINE_MAX 160 /* bytes of a first line that may announce a resend */


static const char *const resend_cues[] = { "resend",	      "re-send",	"resent",
					   "re-sent",	      "repost",		"re-post",
					   "sending again",   "send again",	"sent again",
					   "reach the list",  "reached the list", "go through",
					   "went through",    "bounced" };

/* Does line hold cue at the start of a word ("Resending", not "represent")? */
static int has_cue(const char *line, const char *cue)
{
	const char *f;

	for (f = strcasestr(line, cue); f; f = strcasestr(f + 1, cue))
		if (f == line || !isalpha((unsigned char)f[-1]))
			return 1;
	return 0;
}

/* p past a first line that announces a resend ("Resending, as my first mail did not reach
 * the list."): short, holding a cue, with text after it. Else p. */
static const char *skip_resend_line(const char *p)
{
	size_t n = strcspn(p, "\n"), i;
	char line[RESEND_LINE_MAX + 1];

	if (n > RESEND_LINE_MAX || !p[n] || !p[n + 1 + strspn(p + n + 1, " \t\r\n")])
		return p;
	memcpy(line, p, n);
	line[n] = '\0';
	for (i = 0; i < sizeof(resend_cues) / sizeof(resend_cues[0]); i++)
		if (has_cue(line, resend_cues[i]))
			return p + n + 1;
	return p;
}

/* Are the len bytes of line p the writer's own words: neither quoted ("> ...") nor the
 * attribution above a quote ("On Mon, 7 Jun 2021, Ana wrote:", a line ending in a colon
 * right above a quoted line)? */
static int own_line(const char *p, size_t len)
{
	const char *b = p + strspn(p, " \t"), *e = p + len, *next = p + len;

	if (b < e && *b == '>')
		return 0;
	while (e > b && isspace((unsigned char)e[-1]))
		e--;
	if (e == b || e[-1] != ':')
		return 1;
	next += strspn(next, " \t\r\n");
	return *next != '>';
}

/* The hash of body as a repost is compared (see above) into *print; returns its words, and
 * into *own those of the writer's own lines (own_line). */
static size_t repost_print(const char *body, uint64_t *print, size_t *own)
{
	uint64_t h = 1469598103934665603ull;
	const char *p = body ? body : "", *start;
	size_t words = 0, i, len;
	int blank = 0, mine;

	*own = 0;
	p += strspn(p, " \t\r\n");
	p = skip_resend_line(p);
	for (start = p; *p && (size_t)(p - start) < MAX_BODY_SCAN; p += len + (p[len] != '\0')) {
		len = strcspn(p, "\n");
		mine = own_line(p, len);
		for (i = 0; i < len; i++) {
			if (isspace((unsigned char)p[i])) {
				blank = 1;
				continue;
			}
			if (blank || !words) {
				if (words)
					h = (h ^ ' ') * 1099511628211ull;
				words++;
				*own += mine;
				blank = 0;
			}
			h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
		}
		blank = 1; /* a line break is white space */
	}
	*print = h;
	return words;
}

/* A message of the draft that is about it: included, or a repost. */
struct sent {
	int64_t id, date;
	int dated, manual, included; /* included 0: the row is a repost */
	int printed;                 /* words and print read yet */
	size_t words, own;
	uint64_t print;
};

struct sender {
	char *addr;
	struct sent *v;
	size_t n, alloc;
};

/* The roster: a member's alias (lower case) and the member's address. */
struct alias {
	char *alias, *address;
};

/* The draft's messages about it by sender (open addressing), the roster's aliases (the
 * same, read once a run rather than looked up for every message judged), and where texts
 * and Message-IDs are read. */
struct reposts {
	struct sender *slot;
	size_t cap, n;
	struct alias *alias;
	size_t alias_cap;
	sqlite3_stmt *body, *mid;
};

/* Adds alias (lower case) of the member at address; the first given stays. 0, RP_ENOMEM.
 * n aliases in all: the table is made once, for 2n. */
static int alias_add(struct reposts *r, size_t n, const char *alias, const char *address)
{
	size_t i;

	if (!r->alias_cap) {
		for (r->alias_cap = 16; r->alias_cap < 2 * n; r->alias_cap *= 2)
			;
		if (!(r->alias = calloc(r->alias_cap, sizeof(*r->alias))))
			return RP_ENOMEM;
	}
	for (i = fnv(alias) & (r->alias_cap - 1); r->alias[i].alias; i = (i + 1) & (r->alias_cap - 1))
		if (strcmp(r->alias[i].alias, alias) == 0)
			return 0;
	if (!(r->alias[i].alias = rp_strdup(alias)) || !(r->alias[i].address = rp_strdup(address)))
		return RP_ENOMEM;
	return 0;
}

/* Who sent a message whose From address in lower case is addr: the member it is an alias
 * of, else addr. NULL for NULL. */
static const char *sender_key(const struct reposts *r, const char *addr)
{
	size_t i;

	if (!addr || !r->alias_cap)
		return addr;
	for (i = fnv(addr) & (r->alias_cap - 1); r->alias[i].alias; i = (i + 1) & (r->alias_cap - 1))
		if (strcmp(r->alias[i].alias, addr) == 0)
			return r->alias[i].address;
	return addr;
}

/* addr's entry; when absent, NULL or (add) a new one, also NULL when out of memory. */
static struct sender *sender_of(struct reposts *r, const char *addr, int add)
{
	size_t i;

	if (r->cap)
		for (i = fnv(addr) & (r->cap - 1); r->slot[i].addr; i = (i + 1) & (r->cap - 1))
			if (strcmp(r->slot[i].addr, addr) == 0)
				return &r->slot[i];
	if (!add)
		return NULL;
	if ((r->n + 1) * 2 > r->cap) {
		size_t nc = r->cap ? 2 * r->cap : 64, k;
		struct sender *ns = calloc(nc, sizeof(*ns));

		if (!ns)
			return NULL;
		for (k = 0; k < r->cap; k++)
			if (r->slot[k].addr) {
				for (i = fnv(r->slot[k].addr) & (nc - 1); ns[i].addr; i = (i + 1) & (nc - 1))
					;
				ns[i] = r->slot[k];
			}
		free(r->slot);
		r->slot = ns;
		r->cap = nc;
	}
	for (i = fnv(addr) & (r->cap - 1); r->slot[i].addr; i = (i + 1) & (r->cap - 1))
		;
	if (!(r->slot[i].addr = rp_strdup(addr)))
		return NULL;
	r->n++;
	return &r->slot[i];
}

static int sender_push(struct sender *f, const struct sent *e)
{
	if (f->n == f->alloc) {
		size_t na = f->alloc ? 2 * f->alloc : 4;
		struct sent *nv = realloc(f->v, na * sizeof(*nv));

		if (!nv)
			return RP_ENOMEM;
		f->v = nv;
		f->alloc = na;
	}
	f->v[f->n++] = *e;
	return 0;
}

/* Forgets message id of sender addr (its row is about to be written again). */
static void sender_forget(struct reposts *r, const char *addr, int64_t id)
{
	struct sender *f = addr ? sender_of(r, addr, 0) : NULL;
	size_t i;

	for (i = 0; f && i < f->n; i++)
		if (f->v[i].id == id) {
			f->v[i] = f->v[--f->n];
			return;
		}
}

static void reposts_release(struct reposts *r)
{
	size_t i;

	for (i = 0; i < r->cap; i++) {
		free(r->slot[i].addr);
		free(r->slot[i].v);
	}
	free(r->slot);
	for (i = 0; i < r->alias_cap; i++) {
		free(r->alias[i].alias);
		free(r->alias[i].address);
	}
	free(r->alias);
	sqlite3_finalize(r->body);
	sqlite3_finalize(r->mid);
	memset(r, 0, sizeof(*r));
}

/* Does a come before b in the order messages are judged (date, undated last, then id)? */
static int sent_before(const struct sent *a, const struct sent *b)
{
	if (a->dated != b->dated)
		return a->dated;
	if (a->dated && a->date != b->date)
		return a->date < b->date;
	return a->id < b->id;
}

/* e's words and print, reading its text at first need. */
static int sent_print(struct rp_store *s, struct reposts *r, struct sent *e, struct rp_error *err)
{
	int rc;

	if (e->printed)
		return 0;
	sqlite3_reset(r->body);
	sqlite3_bind_int64(r->body, 1, e->id);
	rc = sqlite3_step(r->body);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(r->body);
		return rp_store_error(s, err, "reading messages");
	}
	e->words = repost_print(rc == SQLITE_ROW ? (const char *)sqlite3_column_text(r->body, 0) : NULL,
				&e->print, &e->own);
	e->printed = 1;
	sqlite3_reset(r->body);
	return 0;
}

/* The roster's aliases (by member id: an alias two members give is the first's). */
static int aliases_load(struct rp_store *s, struct reposts *r, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t n = 0;
	int rc;

	if ((rc = rp_store_prepare(s, &st, "SELECT count(*) FROM member_alias", err)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!n)
		return 0;
	if ((rc = rp_store_prepare(s, &st,
				   "SELECT lower(ma.alias), lower(mb.address) FROM member_alias ma"
				   " JOIN member mb ON mb.id = ma.member ORDER BY ma.member",
				   err)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_text(st, 0) && sqlite3_column_text(st, 1) &&
		    alias_add(r, (size_t)n, (const char *)sqlite3_column_text(st, 0),
			      (const char *)sqlite3_column_text(st, 1))) {
			sqlite3_finalize(st);
			return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "reading the roster");
}

/* The roster's aliases, then the draft's rows about it (included, or reposts), by sender. */
static int reposts_load(struct rp_store *s, int64_t draft, struct reposts *r, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = aliases_load(s, r, err)))
		return rc;
	if ((rc = rp_store_prepare(s, &r->body,
				   "SELECT " RP_SQL_BODY("m") " FROM message m WHERE m.id = ?1", err)) ||
	    (rc = rp_store_prepare(s, &r->mid, "SELECT message_id FROM message WHERE id = ?1", err)) ||
	    (rc = rp_store_prepare(s, &st,
				   "SELECT dm.message, m.date, lower(m.from_addr), dm.included, dm.manual"
				   " FROM draft_message dm JOIN message m ON m.id = dm.message"
				   " WHERE dm.draft = ?1 AND (dm.included = 1 OR dm.reason LIKE '" REPOST_REASON "%')",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, draft);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *addr = sender_key(r, (const char *)sqlite3_column_text(st, 2));
		struct sent e = { 0 };
		struct sender *f;

		if (!addr)
			continue;
		e.id = sqlite3_column_int64(st, 0);
		e.dated = sqlite3_column_type(st, 1) != SQLITE_NULL;
		e.date = sqlite3_column_int64(st, 1);
		e.included = sqlite3_column_int(st, 3);
		e.manual = sqlite3_column_int(st, 4);
		if (!(f = sender_of(r, addr, 1)) || sender_push(f, &e)) {
			sqlite3_finalize(st);
			return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "reading draft membership");
}

/* REPOST_REASON naming the first copy, message id, into why. */
static int repost_reason(struct rp_store *s, struct reposts *r, int64_t id, struct rp_buf *why,
			 struct rp_error *err)
{
	int rc;

	rp_buf_clear(why);
	sqlite3_reset(r->mid);
	sqlite3_bind_int64(r->mid, 1, id);
	rc = sqlite3_step(r->mid);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(r->mid);
		return rp_store_error(s, err, "reading messages");
	}
	rc = rp_buf_addf(why, REPOST_REASON " (%s)",
			 rc == SQLITE_ROW && sqlite3_column_text(r->mid, 0)
				 ? (const char *)sqlite3_column_text(r->mid, 0)
				 : "?");
	sqlite3_reset(r->mid);
	return rc ? rp_error_set(err, RP_ENOMEM, "membership", "out of memory") : 0;
}

/* A message decide() included, the row of statement m (columns: 0 id, 1 Message-ID,
 * 2 date, 5 body, 7 sender): when an earlier message of its sender's had its text, it is a
 * repost and why gets its reason (else why is empty). When it is the first, the rows of
 * later ones with its text are made its reposts (with w; none without, for a count that
 * reads only). Either way it is remembered as about the draft. */
static int repost_judge(struct rp_store *s, struct reposts *r, int64_t draft, sqlite3_stmt *m,
			sqlite3_stmt *w, struct rp_buf *why, struct rp_error *err)
{
	const char *addr = sender_key(r, (const char *)sqlite3_column_text(m, 7));
	struct sent cur = { 0 };
	const struct sent *first = NULL;
	struct sender *f;
	size_t i;
	int rc;

	rp_buf_clear(why);
	if (!addr)
		return 0;
	cur.id = sqlite3_column_int64(m, 0);
	cur.dated = sqlite3_column_type(m, 2) != SQLITE_NULL;
	cur.date = sqlite3_column_int64(m, 2);
	cur.words = repost_print((const char *)sqlite3_column_text(m, 5), &cur.print, &cur.own);
	cur.printed = 1;
	if (!(f = sender_of(r, addr, 1)))
		return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
	for (i = 0; cur.own >= REPOST_MIN_WORDS && i < f->n; i++) {
		if ((rc = sent_print(s, r, &f->v[i], err)))
			return rc;
		if (f->v[i].print == cur.print && f->v[i].words == cur.words &&
		    sent_before(&f->v[i], &cur) && (!first || sent_before(&f->v[i], first)))
			first = &f->v[i];
	}
	if (first && (rc = repost_reason(s, r, first->id, why, err)))
		return rc;
	for (i = 0; w && !first && cur.own >= REPOST_MIN_WORDS && i < f->n; i++) {
		struct sent *e = &f->v[i];

		if (e->manual || e->print != cur.print || e->words != cur.words)
			continue;
		if (!why->len && (rc = repost_reason(s, r, cur.id, why, err)))
			return rc;
		if ((rc = write_row(s, w, draft, e->id, 0, why->buf, err)))
			return rc;
		e->included = 0;
	}
	if (!first)
		rp_buf_clear(why);
	cur.included = !first;
	if (sender_push(f, &cur))
		return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
	return 0;
}

/* Is the local part [p, e) of a sender's address one no person writes from: a no-reply
 * address ("noreply@", "do-not-reply@", "mailer-daemon@") or a robot's ("ci-bot@",
 * "build_bot@", GitHub's "dependabot[bot]@")? */
static int robot_local(const char *p, const char *e)
{
	static const char *const names[] = { "noreply", "no-reply", "no_reply", "donotreply",
					     "do-not-reply", "do_not_reply", "mailer-daemon", "bot" };
	static const char *const tails[] = { "-bot", "_bot", ".bot", "[bot]" };
	size_t n = (size_t)(e - p), i, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i]) && rp_ascii_ncasecmp(p, names[i], n) == 0)
			return 1;
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (n > (k = strlen(tails[i])) && rp_ascii_ncasecmp(e - k, tails[i], k) == 0)
			return 1;
	return 0;
}

/* Does the From header of the header block [raw, raw + end) name a robot's address? The
 * address is the one in angle brackets, else the field's first word. */
static int robot_sender(const char *raw, size_t end)
{
	const char *p = NULL, *e, *at, *lt, *stop = raw + end;
	size_t k;

	for (k = 0; k + 5 <= end; k++)
		if ((k == 0 || raw[k - 1] == '\n') && rp_ascii_ncasecmp(raw + k, "from:", 5) == 0) {
			p = raw + k + 5;
			break;
		}
	if (!p)
		return 0;
	e = memchr(p, '\n', (size_t)(stop - p));
	if (!e)
		e = stop;
	lt = memchr(p, '<', (size_t)(e - p));
	if (lt)
		p = lt + 1;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	at = memchr(p, '@', (size_t)(e - p));
	if (!at)
		return 0;
	for (e = at; e > p && e[-1] != ' ' && e[-1] != '\t' && e[-1] != '<'; e--)
		;
	return robot_local(e, at);
}

/* An automatic answer (RFC 3834 Auto-Submitted, the older X-Autoreply and Precedence
 * conventions, Outlook's and others' subject prefixes) is no feedback, nor is what a program
 * sends to the list: a CI server's build report (Jenkins' X-Jenkins-Job), an issue tracker's
 * notice (Jira's X-JIRA-FingerPrint), mail from a robot's or a no-reply address. */
static int auto_reply(const char *raw, size_t len, const char *subject)
{
	static const char *const headers[] = { "\nauto-submitted:", "\nx-autoreply:",
					       "\nx-autorespond:", "\nprecedence: auto_reply",
					       "\nx-jenkins-job:", "\nx-jira-fingerprint:" };
	static const char *const subjects[] = { "automatic reply:", "auto-reply:", "autoreply:",
						"out of office", "auto:", "autosvar:",
						"r\xc3\xa9ponse automatique", "abwesenheitsnotiz" };
	size_t i, end = 0;

	if (subject)
		for (i = 0; i < sizeof(subjects) / sizeof(subjects[0]); i++)
			if (rp_istarts_with(subject, subjects[i]))
				return 1;
	if (!raw)
		return 0;
	/* the header block only */
	while (end + 1 < len && !(raw[end] == '\n' && (raw[end + 1] == '\n' || raw[end + 1] == '\r')))
		end++;
	if (robot_sender(raw, end))
		return 1;
	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		size_t n = strlen(headers[i]), k;
		for (k = 0; k + n <= end + 1; k++) {
			if (rp_ascii_ncasecmp(raw + k, headers[i], n) != 0)
				continue;
			/* "Auto-Submitted: no" is the explicit opposite */
			k += n;
			while (k < end && (raw[k] == ' ' || raw[k] == '\t'))
				k++;
			if (i == 0 && k + 2 <= end && rp_ascii_ncasecmp(raw + k, "no", 2) == 0 &&
			    (k + 2 == end || raw[k + 2] == '\r' || raw[k + 2] == '\n' || raw[k + 2] == ' '))
				break;
			return 1;
		}
	}
	return 0;
}

/* Is message id (of row m) an automatic reply? Its raw header block is read only here, for
 * the messages that would otherwise be included: reading it for every candidate of a busy
 * list's window was most of the cost. */
static int is_auto_reply(sqlite3_stmt *rawq, sqlite3_stmt *m)
{
	const char *subject = (const char *)sqlite3_column_text(m, 4);
	int r;

	if (auto_reply(NULL, 0, subject))
		return 1;
	sqlite3_reset(rawq);
	sqlite3_bind_int64(rawq, 1, sqlite3_column_int64(m, 0));
	sqlite3_bind_int(rawq, 2, MAX_HEADER_SCAN);
	r = sqlite3_step(rawq) == SQLITE_ROW &&
	    auto_reply((const char *)sqlite3_column_blob(rawq, 0), (size_t)sqlite3_column_bytes(rawq, 0),
		       NULL);
	sqlite3_reset(rawq);
	return r;
}

/* The raw header look-up is_auto_reply runs. */
static const char raw_sql[] = "SELECT substr(r.bytes, 1, ?2) FROM message m JOIN raw r ON r.hash = m.hash"
			      " WHERE m.id = ?1";

/* ---- other drafts' discussions ---------------------------------------------------------- */

#define MAX_ANCESTORS 1000 /* thread ancestors of a message looked at */

/* Is id a draft's circulating message? 0 no, 1 this draft's, 2 another's (*o). */
static int circulation_of(const struct draft_info *d, const char *id, const struct other_draft **o)
{
	size_t i;

	if (d->circulated && strcmp(id, d->circulated) == 0)
		return 1;
	if (!set_has(&d->other_circ, id))
		return 0;
	for (i = 0; i < d->n_others; i++)
		if (strcmp(d->others[i].circulated, id) == 0) {
			*o = &d->others[i];
			return 2;
		}
	return 0;
}

/* The nearest circulating message above mid in the threads (thread_node parents). */
static int nearest_in_threads(struct draft_info *d, const char *mid, const struct other_draft **o)
{
	int kind = 0;

	if (!d->up_threads &&
	    rp_store_prepare(d->s, &d->up_threads,
			     "WITH RECURSIVE up(mid, n) AS (SELECT parent, 1 FROM thread_node"
			     " WHERE message_id = ?1 UNION ALL SELECT t.parent, up.n + 1 FROM up"
			     " JOIN thread_node t ON t.message_id = up.mid WHERE up.n < ?2)"
			     " SELECT mid FROM up WHERE mid IS NOT NULL ORDER BY n",
			     NULL))
		return 0;
	sqlite3_reset(d->up_threads);
	rp_bind_text(d->up_threads, 1, mid);
	sqlite3_bind_int(d->up_threads, 2, MAX_ANCESTORS);
	while (!kind && sqlite3_step(d->up_threads) == SQLITE_ROW)
		kind = circulation_of(d, (const char *)sqlite3_column_text(d->up_threads, 0), o);
	sqlite3_reset(d->up_threads);
	return kind;
}

/* The nearest circulating message above mid by the reply headers: In-Reply-To, then
 * References from the last (the parent) back; when neither holds one, the same in the
 * parent's headers, MAX_PASSES generations up. */
static int nearest_in_headers(struct draft_info *d, const char *mid, const struct other_draft **o)
{
	char cur[1024];
	int kind = 0, pass;

	if ((!d->up_headers &&
	     rp_store_prepare(d->s, &d->up_headers,
			      "SELECT in_reply_to, refs FROM message WHERE message_id = ?1 AND"
			      " (in_reply_to IS NOT NULL OR refs IS NOT NULL) LIMIT 1",
			      NULL)) ||
	    strlen(mid) >= sizeof(cur))
		return 0;
	strcpy(cur, mid);
	for (pass = 0; !kind && pass < MAX_PASSES; pass++) {
		const char *irt, *refs, *last = NULL;
		size_t last_n = 0;

		sqlite3_reset(d->up_headers);
		rp_bind_text(d->up_headers, 1, cur);
		if (sqlite3_step(d->up_headers) != SQLITE_ROW)
			break;
		irt = (const char *)sqlite3_column_text(d->up_headers, 0);
		refs = (const char *)sqlite3_column_text(d->up_headers, 1);
		if (irt && (kind = circulation_of(d, irt, o)))
			break;
		/* References run from the thread's root to the parent: the last one found is
		 * the nearest */
		while (refs && *refs) {
			char id[1024];
			size_t n = strcspn(refs, " \t");
			int k;
			if (n && n < sizeof(id)) {
				memcpy(id, refs, n);
				id[n] = '\0';
				if ((k = circulation_of(d, id, o)))
					kind = k;
				last = refs;
				last_n = n;
			}
			refs += n;
			refs += strspn(refs, " \t");
		}
		if (kind)
			break;
		if (irt && strlen(irt) < sizeof(cur)) {
			strcpy(cur, irt);
		} else if (last) {
			memcpy(cur, last, last_n);
			cur[last_n] = '\0';
		} else {
			break;
		}
	}
	sqlite3_reset(d->up_headers);
	return kind;
}

/* The draft whose circulating message is the nearest one above mid in its thread, when
 * mid is in another draft's discussion and that draft is not a version of this one: a
 * reply there answers that draft, also when the draft was circulated inside this draft's
 * thread. NULL when the nearest is this draft's or a version's, or there is none (read
 * errors count as none). */
static const struct other_draft *answered_other(struct draft_info *d, const char *mid)
{
	const struct other_draft *o = NULL;
	int kind;

	if (!mid || !set_has(&d->other_replies, mid))
		return NULL;
	kind = d->threaded ? nearest_in_threads(d, mid, &o) : nearest_in_headers(d, mid, &o);
	return kind == 2 && !o->related ? o : NULL;
}

/* A message in another draft's discussion answers this draft too only when it says so: it
 * quotes this draft, names it in its text, or its subject names this draft and not only
 * the other (subject_names_uncached with other). Sharing generic title words is not
 * enough. */
static int names_too(const struct draft_info *d, struct sb_stemmer *stem,
		     const struct other_draft *o, sqlite3_stmt *m)
{
	const char *subject = (const char *)sqlite3_column_text(m, 4);
	const char *body = (const char *)sqlite3_column_text(m, 5);

	return quotes_draft(d, body) || body_names(d, body) ||
	       subject_names_uncached(d, stem, subject, o);
}

/* ---- replies to a digest --------------------------------------------------------------- */

#define DIGEST_REASON "reply to a digest carrying the draft's thread"
#define DIGEST_TOPICS 40 /* quoted topic and Subject: lines read from one reply */

/* "Re: coalition Digest, Vol 12, Issue 3", "Digest for list@example.org - 3 updates in 1
 * topic", "[wg] Digest Number 123": a member who reads the list as a digest answers it,
 * and the reply has neither the thread's subject nor its reply headers. */
static int digest_subject(const char *subject)
{
	const char *p = subject ? rp_ascii_casestr(subject, "digest") : NULL;

	if (!p || (p > subject && isalpha((unsigned char)p[-1])) || isalpha((unsigned char)p[6]))
		return 0;
	return rp_ascii_casestr(p, " vol") || rp_ascii_casestr(p, "issue") ||
	       rp_ascii_casestr(p, "number") || rp_ascii_casestr(p, "update") ||
	       rp_istarts_with(p, "digest for");
}

/* Does a digest reply quote the draft's thread: a quoted "Subject:" line or a numbered line
 * of "Today's Topics" ("   1. Re: Draft joint statement (Anna Keller)") that names the
 * draft? What the member wrote above or under it then answers that thread. */
static int digest_names_draft(const struct draft_info *d, struct sb_stemmer *stem,
			      const char *body)
{
	const char *line = body, *end;
	size_t lines = 0, tried = 0;
	char buf[512];

	for (; line && *line && lines < MAX_LINES && tried < DIGEST_TOPICS; line = end, lines++) {
		const char *p = line;
		size_t n;

		end = strchr(line, '\n');
		n = end ? (size_t)(end - line) : strlen(line);
		end = end ? end + 1 : NULL;
		if (*p != '>')
			continue;
		while (p < line + n && (*p == '>' || *p == ' ' || *p == '\t'))
			p++;
		if (rp_istarts_with(p, "subject:"))
			p += 8;
		else if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				p++;
			if (*p++ != '.')
				continue;
		} else
			continue;
		n -= (size_t)(p - line);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, p, n);
		buf[n] = '\0';
		tried++;
		if (subject_names_uncached(d, stem, buf, NULL))
			return 1;
	}
	return 0;
}

#define ANNOUNCES_REASON "announces comments while the draft was open"
#define REPLY_ABOUT_REASON "reply to a message about the draft"

/* Why a message that is no reply to the circulating message is about the draft, or NULL. */
static const char *mentions(struct draft_info *d, struct sb_stemmer *stem, sqlite3_stmt *m)
{
	const char *subject = (const char *)sqlite3_column_text(m, 4);
	const char *body = (const char *)sqlite3_column_text(m, 5);

	if (subject_names(d, stem, subject))
		return "subject names the draft";
	if (quotes_draft(d, body))
		return "quotes the draft";
	if (body_names(d, body))
		return "names the draft";
	if (digest_subject(subject) && body && digest_names_draft(d, stem, body))
		return DIGEST_REASON;
	if (comment_subject(subject) && cites_sections(d, body))
		return "comments citing the draft's sections";
	if (reply_to_about(d, sqlite3_column_int64(m, 0)))
		return REPLY_ABOUT_REASON;
	if (announces_comments(d, stem, m))
		return ANNOUNCES_REASON;
	return NULL;
}

static const char *decide(struct draft_info *d, struct sb_stemmer *stem,
			  const struct strset *replies, sqlite3_stmt *m, sqlite3_stmt *rawq,
			  int *included)
{
	const char *mid = (const char *)sqlite3_column_text(m, 1);
	int has_date = sqlite3_column_type(m, 2) != SQLITE_NULL;
	int64_t date = sqlite3_column_int64(m, 2);
	int reply = d->has_circ && set_has(replies, mid);
	const char *why = NULL;
	const struct other_draft *o = NULL;

	*included = 0;
	if (d->has_circ && sqlite3_column_int64(m, 0) == d->circ_id)
		return "circulates the draft";
	if (d->circulated && mid && strcmp(mid, d->circulated) == 0)
		return DUP_REASON;
	if (mid && circulation_of(d, mid, &o) == 2)
		return o->circ_reason; /* a version's too: its text is no comment on this one */
	if (has_date && d->deadline && date > d->deadline + DAY_SECONDS + GRACE_SECONDS)
		return LATE_REASON;
	if (reply)
		why = REPLY_REASON;
	else if (has_date && d->has_circ_date && date < d->circ_date)
		return BEFORE_REASON;
	/* another draft's discussion outranks words its subject shares with this draft's */
	if ((o = answered_other(d, mid)) && !names_too(d, stem, o, m))
		return o->answer_reason;
	if (!why && !(why = mentions(d, stem, m)))
		return OFF_TOPIC_REASON;
	if (is_auto_reply(rawq, m))
		return AUTO_REASON;
	*included = 1;
	return why;
}

int rp_analyse_not_about_draft(const char *reason)
{
	if (!reason)
		return 0;
	return strcmp(reason, AUTO_REASON) == 0 || rp_starts_with(reason, OFF_TOPIC_REASON) ||
	       rp_starts_with(reason, ANSWERS_OTHER);
}

int rp_analyse_duplicate(const char *reason)
{
	return reason && strcmp(reason, DUP_REASON) == 0;
}

int rp_analyse_repost(const char *reason)
{
	return rp_starts_with(reason, REPOST_REASON);
}

/* The window of messages considered: from a week before circulation to the deadline plus
 * the grace period (without a deadline, WINDOW_DAYS after circulation); replies in the
 * circulating thread are considered whenever they were sent. Older and later list traffic
 * is not looked at, so the cost does not grow with the archive. */
static int64_t window_from(const struct draft_info *d)
{
	return d->has_circ_date ? d->circ_date - GRACE_SECONDS : INT64_MIN;
}

static int64_t window_to(const struct draft_info *d)
{
	return d->deadline ? d->deadline + DAY_SECONDS + GRACE_SECONDS
	       : d->has_circ_date ? d->circ_date + WINDOW_DAYS * DAY_SECONDS + GRACE_SECONDS
				  : INT64_MAX;
}

/* A message included by hand (a thread started anew, "Comments on the strategy paper",
 * that names the draft in no way the analysis sees) brings its replies along, as the
 * circulating message does: the coordinator said the thread is about the draft. Without
 * threads, replies_from_headers finds them from the ids added here. */
static int replies_to_included(struct rp_store *s, const struct draft_info *d,
			       struct strset *replies, int threaded, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, step, found;

	if ((rc = rp_store_prepare(s, &st,
				   "SELECT m.message_id FROM draft_message dm JOIN message m"
				   " ON m.id = dm.message WHERE dm.draft = ?1 AND dm.manual = 1"
				   " AND dm.included = 1 AND m.message_id IS NOT NULL",
				   err)))
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *mid = (const char *)sqlite3_column_text(st, 0);

		if (set_has(replies, mid))
			continue; /* in the circulating thread already, its replies too */
		if (set_add(replies, mid) < 0) {
			rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
			goto out;
		}
		if (threaded && (rc = replies_from_threads(s, mid, replies, &found, err)))
			goto out;
	}
	rc = step == SQLITE_DONE ? 0 : rp_store_error(s, err, "reading inclusions");
out:
	sqlite3_finalize(st);
	return rc;
}

/* The replies to the circulating message (the message itself included), from the threads
 * when they were built, else from the reply headers. Reads only. */
static int collect_replies(struct rp_store *s, const struct draft_info *d, struct strset *replies,
			   struct rp_error *err)
{
	int rc, threaded = 0;

	if (!d->has_circ)
		return 0;
	if (set_add(replies, d->circulated) < 0)
		return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
	if ((rc = replies_from_threads(s, d->circulated, replies, &threaded, err)))
		return rc;
	if ((rc = replies_to_included(s, d, replies, threaded, err)))
		return rc;
	if (!threaded)
		return replies_from_headers(s, replies, err);
	return 0;
}

/* The same for the drafts that are not versions of this one, together: d->other_replies.
 * Reads only. */
static int collect_others(struct rp_store *s, struct draft_info *d, struct rp_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->n_others && !rc; i++) {
		if (d->others[i].related)
			continue;
		if (set_add(&d->other_replies, d->others[i].circulated) < 0)
			return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		rc = replies_from_threads(s, d->others[i].circulated, &d->other_replies,
					  &d->threaded, err);
	}
	if (!rc && d->n_unrelated && !d->threaded)
		rc = replies_from_headers(s, &d->other_replies, err);
	return rc;
}

/* A set of Message-IDs as the temporary table named (rp_replies, rp_other_replies), for the
 * message query to join with. */
static int replies_to_temp(struct rp_store *s, const struct strset *replies, const char *table,
			   struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char sql[160];
	size_t i;
	int rc;

	snprintf(sql, sizeof(sql),
		 "CREATE TEMP TABLE IF NOT EXISTS %s(mid TEXT PRIMARY KEY); DELETE FROM temp.%s",
		 table, table);
	if ((rc = rp_store_exec(s, sql, err)))
		return rc;
	snprintf(sql, sizeof(sql), "INSERT OR IGNORE INTO temp.%s(mid) VALUES (?1)", table);
	if ((rc = rp_store_prepare(s, &st, sql, err)))
		return rc;
	for (i = 0; i < replies->cap; i++) {
		if (!replies->slot[i])
			continue;
		rp_bind_text(st, 1, replies->slot[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = rp_store_error(s, err, "listing replies");
			break;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The first column of every row of st (reset, not finalized) into *out. */
static int collect_ids_keep(struct rp_store *s, sqlite3_stmt *st, int64_t **out, size_t *n,
			    struct rp_error *err)
{
	size_t alloc = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == alloc) {
			size_t na = alloc ? alloc * 2 : 1024;
			int64_t *p = realloc(*out, na * sizeof(*p));
			if (!p) {
				sqlite3_reset(st);
				return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
			}
			*out = p;
			alloc = na;
		}
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rp_store_error(s, err, "listing the messages to consider");
	return 0;
}

/* The same, st finalized. */
static int collect_ids(struct rp_store *s, sqlite3_stmt *st, int64_t **out, size_t *n,
		       struct rp_error *err)
{
	int rc = collect_ids_keep(s, st, out, n, err);

	sqlite3_finalize(st);
	return rc;
}

/* What an incremental run (upto >= 0) judges, by date then id: those stored after upto in the
 * window (or replies); every copy of a reply not judged as one (new replies, and replies
 * the thread links found late); every copy of a former reply, that is of a message left
 * out of the replies whose row has a reason only a reply gets (included as a reply, after
 * the deadline) or that a reply may get (auto-reply, duplicate delivery); the same for
 * other drafts' discussions: every copy of a message in one judged past the dates (not as
 * answering another draft), and of one judged so that is in none any more. "+date": the
 * new messages are found by id, not through an index on (list, date), which would visit
 * the whole window; their lists are looked up in message_list by id. */
static const char since_sql[] =
	"SELECT id FROM ("
	"SELECT id, date FROM message WHERE id > ?4 AND (?1 = 0 OR " RP_SQL_IN_LIST("message", "?1") ")"
	" AND +date BETWEEN ?2 AND ?3"
	" UNION SELECT m.id, m.date FROM temp.rp_replies r CROSS JOIN message m"
	" ON m.message_id = r.mid WHERE m.id > ?4"
	" UNION SELECT c.id, c.date FROM temp.rp_replies r CROSS JOIN message m"
	" ON m.message_id = r.mid LEFT JOIN draft_message dm ON dm.draft = ?5"
	" AND dm.message = m.id CROSS JOIN message c ON c.message_id = m.message_id"
	" WHERE dm.message IS NULL OR (dm.manual = 0 AND dm.reason <> '" REPLY_REASON "')"
	" UNION SELECT c.id, c.date FROM draft_message dm JOIN message m ON m.id = dm.message"
	" CROSS JOIN message c ON c.message_id = m.message_id"
	" WHERE dm.draft = ?5 AND dm.manual = 0 AND dm.reason IN ('" REPLY_REASON "',"
	" '" LATE_REASON "', '" AUTO_REASON "', '" DUP_REASON "')"
	" AND m.message_id NOT IN (SELECT mid FROM temp.rp_replies)"
	" UNION SELECT c.id, c.date FROM draft_message dm JOIN message m ON m.id = dm.message"
	" CROSS JOIN message c ON c.message_id = m.message_id"
	" WHERE dm.draft = ?5 AND dm.manual = 0 AND dm.reason LIKE '" REPOST_REASON "%'"
	" UNION SELECT c.id, c.date FROM temp.rp_other_replies r CROSS JOIN message m"
	" ON m.message_id = r.mid JOIN draft_message dm ON dm.draft = ?5 AND dm.message = m.id"
	" CROSS JOIN message c ON c.message_id = m.message_id"
	" WHERE dm.manual = 0 AND dm.reason NOT LIKE '" ANSWERS_OTHER "%'"
	" AND dm.reason NOT LIKE 'circulates %'"
	" AND dm.reason NOT IN ('" BEFORE_REASON "', '" LATE_REASON "')"
	" UNION SELECT c.id, c.date FROM draft_message dm JOIN message m ON m.id = dm.message"
	" CROSS JOIN message c ON c.message_id = m.message_id"
	" WHERE dm.draft = ?5 AND dm.manual = 0 AND dm.reason LIKE '" ANSWERS_OTHER "%'"
	" AND m.message_id NOT IN (SELECT mid FROM temp.rp_other_replies))"
	" ORDER BY date IS NULL, date, id";

/* The ids of the messages the membership looks at, by date then id. A full run (upto < 0):
 * the draft's list in the window (message_list, index message_list_window: the messages
 * stored for the list and those cross-posted to it), and the circulating thread
 * whenever sent; an incremental run: since_sql. */
static int candidate_ids(struct rp_store *s, const struct draft_info *d, int64_t upto,
			 int64_t **out, size_t *n, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (d->awaiting)
		return 0;
	/* Two texts rather than "(?1 = 0 OR list = ?1)", which no index can serve; CROSS JOIN
	 * keeps the replies the outer loop (a look-up per reply, not a scan of every message). */
	rc = rp_store_prepare(s, &st,
			      upto >= 0 ? since_sql
			      : d->list ? "SELECT id FROM (SELECT message AS id, date FROM message_list"
					  " WHERE list = ?1 AND date BETWEEN ?2 AND ?3"
					  " UNION SELECT m.id, m.date FROM temp.rp_replies r"
					  " CROSS JOIN message m ON m.message_id = r.mid)"
					  " ORDER BY date IS NULL, date, id"
					: "SELECT id FROM (SELECT id, date FROM message WHERE ?1 = 0"
					  " AND date BETWEEN ?2 AND ?3"
					  " UNION SELECT m.id, m.date FROM temp.rp_replies r"
					  " CROSS JOIN message m ON m.message_id = r.mid)"
					  " ORDER BY date IS NULL, date, id",
			      err);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, d->list);
	sqlite3_bind_int64(st, 2, window_from(d));
	sqlite3_bind_int64(st, 3, window_to(d));
	if (upto >= 0) {
		sqlite3_bind_int64(st, 4, upto);
		sqlite3_bind_int64(st, 5, d->id);
	}
	return collect_ids(s, st, out, n, err);
}

/* ---- incremental runs ------------------------------------------------------------------ */

/* Everything a decision depends on besides the message and whether it is a reply. */
static const char *const inputs_sql[] = {
	"SELECT title, text, circulated, list_id, deadline, revises FROM draft WHERE id = ?1",
	"SELECT m.id, m.date, m.list_id FROM draft d JOIN message m ON m.message_id = d.circulated"
	" WHERE d.id = ?1 ORDER BY m.date IS NULL, m.date, m.id LIMIT 1",
	"SELECT count(*), total(message), total(included), total(length(reason))"
	" FROM draft_message WHERE draft = ?1 AND manual = 1",
	/* messages added to a list after another stored them (cross-posts): a list's mail
	 * that is not new by id, so a change here makes the next pass judge everything */
	"SELECT count(*), total(list), total(message) FROM message_list"
	" WHERE added_later AND ?1 = ?1",
	/* the other drafts: their circulating messages and threads are theirs, and their
	 * lists and dates say whether a message announcing comments may be about this one */
	"SELECT id, title, circulated, revises, list_id, deadline FROM draft WHERE id <> ?1 ORDER BY id",
	"SELECT d.id, (SELECT min(m.id) FROM message m WHERE m.message_id = d.circulated)"
	" FROM draft d WHERE d.id <> ?1 ORDER BY d.id",
	/* the roster: whose aliases are one sender for reposts */
	"SELECT lower(ma.alias), lower(mb.address) FROM member_alias ma JOIN member mb"
	" ON mb.id = ma.member WHERE ?1 = ?1 ORDER BY 1, 2",
};

static void state_key(int64_t draft, char key[40])
{
	snprintf(key, 40, "membership.%lld", (long long)draft);
}

/* The id up to which the last run judged with the same digest, or -1 (judge everything). */
static int state_read(struct rp_store *s, int64_t draft, const char *digest, int64_t *upto,
		      struct rp_error *err)
{
	char key[40], *v = NULL;
	size_t n = strlen(digest);
	int rc;

	*upto = -1;
	if (!n)
		return 0;
	state_key(draft, key);
	if ((rc = rp_store_meta_get(s, key, &v, err)))
		return rc;
	if (v && strncmp(v, digest, n) == 0 && v[n] == ' ')
		*upto = strtoll(v + n + 1, NULL, 10);
	free(v);
	return 0;
}

static int state_save(struct rp_store *s, int64_t draft, const char *digest, int64_t upto,
		      struct rp_error *err)
{
	char key[40], value[96];

	state_key(draft, key);
	snprintf(value, sizeof(value), "%s %lld", digest, (long long)upto);
	return rp_store_meta_set(s, key, digest[0] ? value : NULL, err);
}

static int query_int(struct rp_store *s, const char *sql, int64_t a, int64_t *out,
		     struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*out = 0;
	if ((rc = rp_store_prepare(s, &st, sql, err)))
		return rc;
	sqlite3_bind_int64(st, 1, a);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : rp_store_error(s, err, "reading messages");
}

/* No message stored since the last pass, the same inputs: the messages a pass would judge
 * again (replies and former replies) have what decided them unchanged, with the threads
 * current (the caller checks), and would get the rows they have. */
int an_membership_current(struct rp_store *s, int64_t draft, int *current, struct rp_error *err)
{
	char digest[65];
	int64_t upto, last;
	int rc;

	*current = 0;
	if ((rc = an_stamp_rows(s, draft, inputs_sql, sizeof(inputs_sql) / sizeof(inputs_sql[0]),
				digest, err)) ||
	    (rc = state_read(s, draft, digest, &upto, err)) ||
	    (rc = query_int(s, "SELECT coalesce(max(id), 0) FROM message WHERE ?1 = ?1", 0, &last, err)))
		return rc;
	*current = upto >= 0 && upto == last;
	return 0;
}

/* Message-IDs in the order found. */
struct idlist {
	char **v;
	size_t n, alloc;
};

static int push_id(struct idlist *l, const char *mid, struct rp_error *err)
{
	if (l->n == l->alloc) {
		size_t na = l->alloc ? 2 * l->alloc : 16;
		char **nv = realloc(l->v, na * sizeof(*nv));
		if (!nv)
			return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
		l->v = nv;
		l->alloc = na;
	}
	if (!(l->v[l->n] = rp_strdup(mid)))
		return rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
	l->n++;
	return 0;
}

static void idlist_release(struct idlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* The replies (In-Reply-To) to the messages this pass included first that a pass left out
 * as off-topic are judged again: they were stored before the message they answer, or dated
 * before it by a skewed clock, and their thread is the draft's now (reply_to_about). What
 * they include in turn is followed too, and a reply included is a repost as in a pass. m,
 * rawq and w are the pass's statements. */
static int judge_late_replies(struct draft_info *d, struct sb_stemmer *stem,
			      const struct strset *replies, sqlite3_stmt *m, sqlite3_stmt *rawq,
			      sqlite3_stmt *w, struct reposts *rp, struct rp_buf *why,
			      struct idlist *found, struct rp_error *err)
{
	sqlite3_stmt *kids = NULL;
	int64_t *ids = NULL;
	size_t i, n = 0, k;
	int rc, added;

	if (!found->n)
		return 0;
	if ((rc = rp_store_prepare(d->s, &kids,
				   /* CROSS JOIN: the replies by index first, not the draft's rows */
				   "SELECT m.id FROM message m CROSS JOIN draft_message dm"
				   " ON dm.draft = ?1 AND dm.message = m.id WHERE m.in_reply_to = ?2"
				   " AND dm.manual = 0 AND dm.reason = ?3",
				   err)))
		return rc;
	sqlite3_bind_int64(kids, 1, d->id);
	rp_bind_text(kids, 3, OFF_TOPIC_REASON);
	for (i = 0; i < found->n && !rc; i++) {
		/* the ids first: the rows are rewritten below */
		sqlite3_reset(kids);
		rp_bind_text(kids, 2, found->v[i]);
		n = 0;
		free(ids);
		ids = NULL;
		if ((rc = collect_ids_keep(d->s, kids, &ids, &n, err)))
			break;
		for (k = 0; k < n && !rc; k++) {
			const char *mid, *reason;
			int included = 0;

			sqlite3_reset(m);
			sqlite3_bind_int64(m, 3, ids[k]);
			if (sqlite3_step(m) != SQLITE_ROW || !(mid = (const char *)sqlite3_column_text(m, 1)))
				continue;
			reason = decide(d, stem, replies, m, rawq, &included);
			if (!included)
				continue;
			if ((rc = repost_judge(d->s, rp, d->id, m, w, why, err)) ||
			    (rc = write_row(d->s, w, d->id, ids[k], !why->len,
					    why->len ? why->buf : reason, err)))
				break;
			if ((added = set_add(&d->about, mid)) < 0)
				rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
			else if (added)
				rc = push_id(found, mid, err);
		}
	}
	sqlite3_reset(m);
	free(ids);
	sqlite3_finalize(kids);
	return rc;
}

int rp_analyse_membership(struct rp_store *s, int64_t draft, struct rp_error *err)
{
	struct sb_stemmer *stem = sb_stemmer_new("english", NULL);
	struct draft_info d = { 0 };
	struct strset replies = { 0 }, seen = { 0 };
	struct idlist found = { 0 }; /* messages this pass included first: their replies next */
	struct reposts rp = { 0 };
	struct rp_buf why = RP_BUF_INIT; /* a repost's reason */
	sqlite3_stmt *m = NULL, *w = NULL, *q = NULL, *rawq = NULL;
	int64_t *ids = NULL, upto = -1, last = 0, dup = 0;
	size_t n_ids = 0, k;
	char digest[65];
	int rc, savepoint = 0;

	if ((rc = load_draft(s, stem, draft, &d, err)))
		goto cleanup;
	if ((rc = collect_replies(s, &d, &replies, err)) || (rc = collect_others(s, &d, err)))
		goto cleanup;
	if ((rc = rp_store_exec(s, "SAVEPOINT membership", err)))
		goto cleanup;
	savepoint = 1;
	if ((rc = replies_to_temp(s, &replies, "rp_replies", err)) ||
	    (rc = replies_to_temp(s, &d.other_replies, "rp_other_replies", err)) ||
	    (rc = an_stamp_rows(s, draft, inputs_sql, sizeof(inputs_sql) / sizeof(inputs_sql[0]), digest,
				err)) ||
	    (rc = state_read(s, draft, digest, &upto, err)) ||
	    (rc = query_int(s, "SELECT coalesce(max(id), 0) FROM message WHERE ?1 = ?1", 0, &last, err)))
		goto cleanup;
	/* A new copy of a stored message may come first by date: judge everything again. */
	if (upto >= 0 &&
	    (rc = query_int(s,
			    "SELECT EXISTS (SELECT 1 FROM message n JOIN message o ON o.message_id ="
			    " n.message_id AND o.id <> n.id WHERE n.id > ?1)",
			    upto, &dup, err)))
		goto cleanup;
	if (dup)
		upto = -1;
	/* In a full run manual rows stay and everything else is recomputed; an incremental
	 * run rewrites the rows of the messages it judges. */
	if ((rc = rp_store_prepare(s, &q,
				   upto < 0 ? "DELETE FROM draft_message WHERE draft = ?1 AND manual = 0"
					    : "DELETE FROM draft_message WHERE draft = ?1 AND manual = 0"
					      " AND message = ?2",
				   err)))
		goto cleanup;
	sqlite3_bind_int64(q, 1, draft);
	if (upto < 0 && sqlite3_step(q) != SQLITE_DONE) {
		rc = rp_store_error(s, err, "clearing draft membership");
		goto cleanup;
	}
	if ((rc = load_about(s, &d, err)) || (rc = reposts_load(s, draft, &rp, err)))
		goto cleanup;
	if ((rc = rp_store_prepare(s, &w,
				   "INSERT INTO draft_message (draft, message, included, reason, manual) "
				   "VALUES (?1, ?2, ?3, ?4, 0) ON CONFLICT (draft, message) DO UPDATE "
				   "SET included = excluded.included, reason = excluded.reason "
				   "WHERE manual = 0",
				   err)))
		goto cleanup;
	/* The candidates in date order, as ids only: sorting whole rows (bodies) of a busy
	 * list's window would hold them all in memory. Then one row at a time. */
	if ((rc = candidate_ids(s, &d, upto, &ids, &n_ids, err)))
		goto cleanup;
	rp_log(3, "membership of draft %lld: %zu message%s to judge (%s)", (long long)draft, n_ids,
	       n_ids == 1 ? "" : "s", upto < 0 ? "all" : "incremental");
	if ((rc = rp_store_prepare(s, &m,
				   "SELECT m.id, m.message_id, m.date, ?2 = 0 OR " RP_SQL_IN_LIST("m", "?2") ","
				   " m.subject, " RP_SQL_BODY("m") ", "
				   "EXISTS (SELECT 1 FROM draft_message dm WHERE dm.draft = ?1 AND "
				   "dm.message = m.id AND dm.manual = 1), lower(m.from_addr)"
				   " FROM message m WHERE m.id = ?3",
				   err)) ||
	    (rc = rp_store_prepare(s, &rawq, raw_sql, err)))
		goto cleanup;
	sqlite3_bind_int64(m, 1, draft);
	sqlite3_bind_int64(m, 2, d.list);
	for (k = 0; k < n_ids; k++) {
		const char *mid, *reason;
		int included = 0, in_list, added = 0;

		sqlite3_reset(m);
		sqlite3_bind_int64(m, 3, ids[k]);
		if ((rc = sqlite3_step(m)) == SQLITE_DONE)
			continue; /* gone since it was listed */
		if (rc != SQLITE_ROW)
			break;
		mid = (const char *)sqlite3_column_text(m, 1);
		in_list = sqlite3_column_int(m, 3);
		if (upto >= 0 && !(d.has_circ && set_has(&replies, mid)) &&
		    (!in_list || sqlite3_column_type(m, 2) == SQLITE_NULL ||
		     sqlite3_column_int64(m, 2) < window_from(&d) || sqlite3_column_int64(m, 2) > window_to(&d))) {
			/* a former reply outside what a full run considers: no row, as then */
			sender_forget(&rp, sender_key(&rp, (const char *)sqlite3_column_text(m, 7)), ids[k]);
			sqlite3_reset(q);
			sqlite3_bind_int64(q, 2, ids[k]);
			if (sqlite3_step(q) != SQLITE_DONE) {
				rc = rp_store_error(s, err, "clearing draft membership");
				goto cleanup;
			}
			continue;
		}
		if (!mid)
			continue;
		if (!in_list && !(d.has_circ && set_has(&replies, mid)))
			continue; /* another list's traffic is not considered */
		if (sqlite3_column_int(m, 6)) {
			/* decided by hand: it still counts as seen for duplicates */
			if (set_add(&seen, mid) < 0)
				goto oom;
			continue;
		}
		sender_forget(&rp, sender_key(&rp, (const char *)sqlite3_column_text(m, 7)), ids[k]);
		if (set_has(&seen, mid)) {
			reason = DUP_REASON;
		} else {
			reason = decide(&d, stem, &replies, m, rawq, &included);
			if (set_add(&seen, mid) < 0)
				goto oom;
		}
		rp_buf_clear(&why);
		if (included && (rc = repost_judge(s, &rp, draft, m, w, &why, err)))
			goto cleanup;
		if ((rc = write_row(s, w, draft, sqlite3_column_int64(m, 0), included && !why.len,
				    why.len ? why.buf : reason, err)))
			goto cleanup;
		if (included && (added = set_add(&d.about, mid)) < 0)
			goto oom;
		if (included && added > 0 && (rc = push_id(&found, mid, err)))
			goto cleanup;
	}
	if (k < n_ids) {
		rc = rp_store_error(s, err, "reading messages");
		goto cleanup;
	}
	if ((rc = judge_late_replies(&d, stem, &replies, m, rawq, w, &rp, &why, &found, err)))
		goto cleanup;
	if ((rc = state_save(s, draft, digest, last, err)))
		goto cleanup;
	rc = rp_store_exec(s, "RELEASE membership", err);
	savepoint = 0;
	goto cleanup;
oom:
	rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
cleanup:
	sqlite3_finalize(m);
	sqlite3_finalize(w);
	sqlite3_finalize(q);
	if (savepoint) {
		rp_store_exec(s, "ROLLBACK TO membership", NULL);
		rp_store_exec(s, "RELEASE membership", NULL);
	}
	free(ids);
	sqlite3_finalize(rawq);
	idlist_release(&found);
	reposts_release(&rp);
	rp_buf_release(&why);
	set_release(&replies);
	set_release(&seen);
	draft_info_release(&d);
	if (stem)
		sb_stemmer_delete(stem);
	return rc;
}

int rp_analyse_count_new(struct rp_store *s, int64_t draft, int64_t after, int64_t *count,
			 struct rp_error *err)
{
	struct sb_stemmer *stem = sb_stemmer_new("english", NULL);
	struct draft_info d = { 0 };
	struct strset replies = { 0 };
	struct reposts rp = { 0 };
	struct rp_buf why = RP_BUF_INIT;
	sqlite3_stmt *m = NULL, *rawq = NULL;
	int64_t lo, hi, n = 0;
	int rc;

	*count = 0;
	if ((rc = load_draft(s, stem, draft, &d, err)) ||
	    (rc = collect_replies(s, &d, &replies, err)) || (rc = collect_others(s, &d, err)))
		goto cleanup;
	if (d.awaiting)
		goto cleanup; /* nothing answers it until it is circulated */
	if ((rc = load_about(s, &d, err)) || (rc = reposts_load(s, draft, &rp, err)))
		goto cleanup;
	/* The columns decide() and repost_judge() read, as in rp_analyse_membership, then the
	 * manual decision on the message (NULL when none) and whether an earlier copy of it
	 * was stored. */
	if ((rc = rp_store_prepare(s, &m,
				   "SELECT m.id, m.message_id, m.date, ?2 = 0 OR " RP_SQL_IN_LIST("m", "?2") ","
				   " m.subject, " RP_SQL_BODY("m") ", 0, lower(m.from_addr), "
				   "(SELECT dm.included FROM draft_message dm WHERE dm.draft = ?1 AND "
				   "dm.message = m.id AND dm.manual = 1), "
				   "EXISTS (SELECT 1 FROM message o WHERE o.message_id = m.message_id AND "
				   "o.id < m.id) "
				   "FROM message m "
				   "WHERE m.id > ?3 ORDER BY m.date IS NULL, m.date, m.id",
				   err)) ||
	    (rc = rp_store_prepare(s, &rawq, raw_sql, err)))
		goto cleanup;
	sqlite3_bind_int64(m, 1, draft);
	sqlite3_bind_int64(m, 2, d.list);
	sqlite3_bind_int64(m, 3, after);
	lo = window_from(&d);
	hi = window_to(&d);
	while ((rc = sqlite3_step(m)) == SQLITE_ROW) {
		const char *mid = (const char *)sqlite3_column_text(m, 1);
		int64_t date = sqlite3_column_int64(m, 2);
		int included = 0, reply = d.has_circ && set_has(&replies, mid);
		int in_list = sqlite3_column_int(m, 3);
		if (!mid || (!in_list && !reply))
			continue;
		if (!reply && (sqlite3_column_type(m, 2) == SQLITE_NULL || date < lo || date > hi))
			continue; /* outside the window, as the analysis would leave it */
		if (sqlite3_column_type(m, 8) != SQLITE_NULL) {
			n += sqlite3_column_int(m, 8) != 0;
			continue;
		}
		if (sqlite3_column_int(m, 9))
			continue; /* a second delivery of a message already stored */
		decide(&d, stem, &replies, m, rawq, &included);
		sender_forget(&rp, sender_key(&rp, (const char *)sqlite3_column_text(m, 7)),
			      sqlite3_column_int64(m, 0));
		rp_buf_clear(&why);
		if (included && (rc = repost_judge(s, &rp, draft, m, NULL, &why, err)))
			goto cleanup;
		n += included && !why.len; /* the same comments sent again: nothing new */
		if (included && set_add(&d.about, mid) < 0) {
			rc = rp_error_set(err, RP_ENOMEM, "membership", "out of memory");
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = rp_store_error(s, err, "reading new messages");
		goto cleanup;
	}
	rc = 0;
	*count = n;
cleanup:
	sqlite3_finalize(m);
	sqlite3_finalize(rawq);
	reposts_release(&rp);
	rp_buf_release(&why);
	set_release(&replies);
	draft_info_release(&d);
	if (stem)
		sb_stemmer_delete(stem);
	return rc;
}
