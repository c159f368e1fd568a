/* check: the member's question "was my input captured?". For each of a member's messages on
 * a draft and each point taken from them: where it landed in the consolidated document
 * (section, summary bullet, row of the comment matrix), how it was understood (stance,
 * target), or why it was not captured (message excluded and the recorded reason, no point
 * found in it, comments in an attachment that could not be read); a message the analysis
 * found not to be about the draft (an auto-reply, off-topic, another draft's) is shown as
 * such and not counted. Rendered as text, JSON or an HTML receipt to mail back. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rapporteur/analyse.h"
#include "rapporteur/members.h"
#include "rapporteur/text.h"
#include "report-private.h"

/* The canonical address of an address: the member's own when it is one of their aliases.
 * Through RP_SQL_ROSTER's roster_alias ra, joined with CANONICAL_JOIN: a subquery per message
 * scanned the roster (check took 5.0 s on the demo with 500 members). */
#define CANONICAL(a) "coalesce(ra.address, lower(" a "))"
#define CANONICAL_JOIN(a) " LEFT JOIN roster_alias ra ON ra.alias = lower(" a ")"

/* Name and affiliation to show for a canonical address: the member table's, else the
 * first From name it wrote under, else the name a member forwarded their comments under. */
static int describe(struct rp_store *s, const char *address, char **name, char **affiliation,
		    struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, oom = 0;

	*name = *affiliation = NULL;
	rc = rp_store_prepare(s, &st,
			      "SELECT coalesce((SELECT name FROM member WHERE lower(address) = ?1),"
			      " (SELECT from_name FROM message WHERE lower(from_addr) = ?1"
			      "  AND from_name IS NOT NULL ORDER BY date, id LIMIT 1),"
			      /* someone whose comments a member forwarded: the name they were
			       * forwarded under */
			      " (SELECT " RP_SQL_FWD_NAME("source") " FROM point"
			      "  WHERE " RP_SQL_FWD_ADDR("source") " = ?1 ORDER BY id LIMIT 1)),"
			      " (SELECT affiliation FROM member WHERE lower(address) = ?1),"
			      " NOT EXISTS (SELECT 1 FROM member WHERE lower(address) = ?1 AND name IS NOT NULL)",
			      err);
	if (rc)
		return rc;
	rp_bind_text(st, 1, address);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*name = rp_report_coldup(st, 0, &oom);
		*affiliation = rp_report_coldup(st, 1, &oom);
		/* A From name "Whitaker, John" reads as the document names him. */
		if (!oom && *name && sqlite3_column_int(st, 2)) {
			char *natural = NULL;
			oom = rp_text_natural_name(*name, &natural) != 0;
			if (natural) {
				free(*name);
				*name = natural;
			}
		}
	}
	sqlite3_finalize(st);
	return oom ? rp_error_set(err, RP_ENOMEM, "check", "out of memory") : 0;
}

/* Most candidates an ambiguous WHO lists. */
#define MAX_LISTED 5

/* ", Name <address> (affiliation)": the n-th (from 1) candidate of an ambiguous WHO. */
static int add_candidate(struct rp_buf *list, size_t n, const char *name, const char *address,
			 const char *affiliation)
{
	if (n > MAX_LISTED)
		return 0;
	if (rp_buf_addf(list, "%s%s <%s>", n > 1 ? ", " : "", name ? name : address, address))
		return RP_ENOMEM;
	if (affiliation && *affiliation && rp_buf_addf(list, " (%s)", affiliation))
		return RP_ENOMEM;
	return 0;
}

/* WHO, a name, matched exactly (case aside) against the member table's names, the
 * From names and the names of the writers of forwarded comments: the canonical addresses
 * it is the name of. Two people can share a name, so
 * one address is WHO and several are listed for the user to choose; the aliases of one
 * member are one address. */
static int resolve_name(struct rp_check *c, struct rp_store *s, const char *name,
			struct rp_error *err)
{
	static const char sql[] =
		"WITH " RP_SQL_ROSTER ", hit(addr) AS (SELECT address FROM member"
		" WHERE lower(name) = lower(?1)"
		" UNION SELECT from_addr FROM message WHERE lower(from_name) = lower(?1)"
		" AND from_addr IS NOT NULL AND from_addr <> ''"
		" UNION SELECT " RP_SQL_FWD_ADDR("source") " FROM point"
		" WHERE lower(" RP_SQL_FWD_NAME("source") ") = lower(?1))"
		" SELECT DISTINCT " CANONICAL("hit.addr") " AS who FROM hit" CANONICAL_JOIN("hit.addr")
		" ORDER BY who";
	struct rp_buf list = RP_BUF_INIT;
	sqlite3_stmt *st = NULL;
	char *addr = NULL, *nm = NULL, *aff = NULL;
	size_t n = 0;
	int rc, oom = 0;

	if ((rc = rp_store_prepare(s, &st, sql, err)))
		return rc;
	rp_bind_text(st, 1, name);
	while (!rc && !oom && sqlite3_step(st) == SQLITE_ROW) {
		free(addr);
		if (!(addr = rp_report_coldup(st, 0, &oom)))
			break;
		if (++n > MAX_LISTED)
			continue;
		if (!(rc = describe(s, addr, &nm, &aff, err)))
			oom = add_candidate(&list, n, nm, addr, aff) != 0;
		if (n == 1 && !rc && !oom) {
			c->address = addr;
			c->name = nm;
			c->affiliation = aff;
			addr = nm = aff = NULL;
		}
		free(nm);
		free(aff);
		nm = aff = NULL;
	}
	sqlite3_finalize(st);
	free(addr);
	if (!rc && oom)
		rc = rp_error_set(err, RP_ENOMEM, "check", "out of memory");
	if (!rc && n > 1)
		rc = rp_error_set(err, RP_EUSAGE, "check",
				  "'%s' could be %s%s: give the address (one person writing from"
				  " several: members add ADDRESS --alias OTHER)",
				  c->who, list.buf, n > MAX_LISTED ? ", ..." : "");
	rp_buf_release(&list);
	return rc;
}

/* WHO as a canonical address: an address through member_alias, a name through the member
 * table and the From names (resolve_name). */
static int resolve(struct rp_check *c, struct rp_store *s, const char *who, struct rp_error *err)
{
	sqlite3_stmt *st = NULL;
	char bare[320];
	size_t n;
	int rc, oom = 0;

	/* "<alice@example.org>", as copied from a header */
	while (*who == ' ' || *who == '<')
		who++;
	n = strlen(who);
	while (n && (who[n - 1] == ' ' || who[n - 1] == '>'))
		n--;
	snprintf(bare, sizeof(bare), "%.*s", (int)(n < sizeof(bare) ? n : sizeof(bare) - 1), who);
	if (!strchr(bare, '@'))
		return resolve_name(c, s, bare, err);
	rc = rp_store_prepare(s, &st,
			      "WITH " RP_SQL_ROSTER " SELECT " CANONICAL("?1") " FROM (SELECT 1)"
			      CANONICAL_JOIN("?1"),
			      err);
	if (rc)
		return rc;
	rp_bind_text(st, 1, bare);
	if (sqlite3_step(st) == SQLITE_ROW)
		c->address = rp_report_coldup(st, 0, &oom);
	sqlite3_finalize(st);
	if (oom)
		return rp_error_set(err, RP_ENOMEM, "check", "out of memory");
	if (!c->address)
		return 0;
	return describe(s, c->address, &c->name, &c->affiliation, err);
}

/* Is the n-byte word w one of the blank-separated words of text? */
static int has_word(const char *text, const char *w, size_t n)
{
	while (*text) {
		size_t k = strcspn(text, " ");
		if (k == n && memcmp(text, w, n) == 0)
			return 1;
		text += k;
		text += *text == ' ';
	}
	return 0;
}

/* Is the n-byte folded word w a title that people are called by but that no From name or
 * roster name needs to hold ("Dr. Ndiaye", "Prof Sow", "Mme Diallo")? */
static int honorific(const char *w, size_t n)
{
	static const char *const titles[] = { "dr", "prof", "professor", "mr", "mrs", "ms", "mx",
					      "miss", "sir", "dame", "mme", "mlle", "herr", "frau",
					      "sr", "sra", "srta", "h.e", "amb", "ambassador", NULL };
	size_t i;

	if (n && w[n - 1] == '.')
		n--;
	for (i = 0; titles[i]; i++)
		if (strlen(titles[i]) == n && memcmp(titles[i], w, n) == 0)
			return 1;
	return 0;
}

/* Is the n-byte folded word w an initial ("S", "S.") of one of the words of name? */
static int has_initial(const char *name, const char *w, size_t n)
{
	if (n == 0 || n > 2 || (n == 2 && w[1] != '.'))
		return 0;
	while (*name) {
		if (*name == *w)
			return 1;
		name += strcspn(name, " ");
		name += *name == ' ';
	}
	return 0;
}

/* Is every word of the folded text w a word of the folded text name? An initial stands for
 * a word ("Ana S." for Ana Souza when another Ana writes too); a title ("Dr.") the name does
 * not hold is passed over, but titles and initials alone name nobody. */
static int words_in(const char *w, const char *name)
{
	int matched = 0;

	while (*w) {
		size_t n = strcspn(w, " ");
		if (has_word(name, w, n))
			matched = 1;
		else if (has_initial(name, w, n))
			;
		else if (!honorific(w, n))
			return 0;
		w += n;
		w += *w == ' ';
	}
	return matched;
}

/* WHO matched no name exactly: a participant of the draft whose name holds WHO's words
 * ("Wout" for Wout de Natris, "crepin-leblond" for Olivier Crépin-Leblond), case and
 * accents aside.
 * One such participant is WHO; several are said, so the user can choose. */
static int resolve_partial(struct rp_check *c, const struct rp_report *r, struct rp_error *err)
{
	char *w = rp_text_fold_unaccented(c->who, strlen(c->who)), *name, *first = NULL;
	struct rp_buf list = RP_BUF_INIT;
	size_t i, n = 0, hit = 0;
	int rc = 0, same = 1; /* same: every participant found has one name (folded) */

	if (!w)
		return rp_error_set(err, RP_ENOMEM, "check", "out of memory");
	for (i = 0; *w && i < r->n_participants; i++) {
		const struct rp_report_participant *p = &r->participants[i];
		if (!p->name || !(name = rp_text_fold_unaccented(p->name, strlen(p->name)))) {
			if (p->name)
				rc = RP_ENOMEM;
			continue;
		}
		if (words_in(w, name)) {
			hit = i;
			if (++n && !rc)
				rc = add_candidate(&list, n, p->name, p->address, p->affiliation);
			if (!first) {
				first = name;
				continue;
			}
			same &= strcmp(first, name) == 0;
		}
		free(name);
	}
	free(w);
	free(first);
	if (!rc && n == 1 && (!(c->address = rp_strdup(r->participants[hit].address)) ||
			      !(c->name = rp_strdup(r->participants[hit].name)) ||
			      (r->participants[hit].affiliation &&
			       !(c->affiliation = rp_strdup(r->participants[hit].affiliation)))))
		rc = RP_ENOMEM;
	if (rc) {
		rp_buf_release(&list);
		return rp_error_set(err, RP_ENOMEM, "check", "out of memory");
	}
	if (n > 1)
		rc = rp_error_set(err, RP_EUSAGE, "check",
				  "'%s' could be %s%s: give the %saddress", c->who, list.buf,
				  n > MAX_LISTED ? ", ..." : "", same ? "" : "full name or the ");
	rp_buf_release(&list);
	return rc;
}

static struct rp_check_entry *new_entry(struct rp_check *c, size_t *alloc)
{
	struct rp_check_entry *e;

	if (c->n_entries == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 8;
		void *p = realloc(c->entries, na * sizeof(*c->entries));

		if (!p)
			return NULL;
		c->entries = p;
		*alloc = na;
	}
	e = &c->entries[c->n_entries++];
	memset(e, 0, sizeof(*e));
	return e;
}

/* The other sections a point "on 3.9 and 3.10" is anchored to: it counts there too. */
static int place_also(struct rp_check_entry *e, const struct rp_report *r,
		      const struct rp_report_row *row)
{
	size_t k;

	if (!row->n_also)
		return 0;
	e->also_section = calloc(row->n_also, sizeof(*e->also_section));
	e->also_bullet = calloc(row->n_also, sizeof(*e->also_bullet));
	e->also_stance = calloc(row->n_also, sizeof(*e->also_stance));
	if (!e->also_section || !e->also_bullet || !e->also_stance)
		return RP_ENOMEM;
	for (k = 0; k < row->n_also; k++) {
		const struct rp_report_section *s = &r->sections[row->also[k]];

		if (!(e->also_section[k] = rp_strdup(rp_section_ref(s->number, s->heading))))
			return RP_ENOMEM;
		e->also_bullet[k] = row->also_bullet[k] >= 0 ? row->also_bullet[k] + 1 : 0;
		e->n_also++;
		if (row->also_type[k] && (!e->stance || strcmp(e->stance, row->also_type[k]) != 0) &&
		    !(e->also_stance[k] = rp_strdup(row->also_type[k])))
			return RP_ENOMEM;
	}
	return 0;
}

/* The other members whose similar points share the bullet of row at its best anchor:
 * "Lars Nilsson and Wout de Natris" in e->merged_with, and whether the bullet quotes one
 * of theirs (a member looking for their own words in the summary finds someone else's). */
static int place_merged(struct rp_check_entry *e, const struct rp_report *r,
			const struct rp_report_row *row)
{
	const struct rp_report_section *sec =
		row->in_section < r->n_sections ? &r->sections[row->in_section] : &r->general;
	const struct rp_report_bullet *b;
	struct rp_buf t = RP_BUF_INIT;
	size_t k, n = 0, others = 0;

	if (row->bullet < 0 || (size_t)row->bullet >= sec->n_bullets)
		return 0;
	b = &sec->bullets[row->bullet];
	for (k = 0; k < b->n_members; k++)
		others += b->members[k] != row->member;
	for (k = 0; k < b->n_members; k++) {
		if (b->members[k] == row->member)
			continue;
		n++;
		if (rp_buf_adds(&t, n == 1 ? "" : n == others ? " and " : ", ") ||
		    rp_buf_adds(&t, rp_report_who(r, RP_ATTR_NAMES, b->members[k]))) {
			rp_buf_release(&t);
			return RP_ENOMEM;
		}
	}
	if (!n)
		return 0;
	e->in_their_words = b->representative != row->point ? (int)n : 0;
	return (e->merged_with = rp_buf_detach(&t, NULL)) ? 0 : RP_ENOMEM;
}

/* The document's list of amendments, open objections or questions that holds row's point
 * at its best anchor: a member who asked a question learns that it was answered. */
static void place_listed(struct rp_check_entry *e, const struct rp_report *r,
			 const struct rp_report_row *row)
{
	const struct rp_report_section *sec =
		row->in_section < r->n_sections ? &r->sections[row->in_section] : &r->general;
	const struct {
		const char *name;
		const struct rp_report_item *items;
		size_t n;
	} lists[] = { { "proposed amendments", sec->amendments, sec->n_amendments },
		      { "open objections", sec->open_objections, sec->n_open_objections },
		      { "questions", sec->questions, sec->n_questions } };
	size_t l, k;

	for (l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (k = 0; k < lists[l].n; k++)
			if (lists[l].items[k].point == row->point) {
				e->listed = lists[l].name;
				e->answered = lists[l].items[k].answered;
				return;
			}
}

/* Where a captured point went, and a note when it is not a plain section bullet. */
static int place(struct rp_check_entry *e, const struct rp_report *r, const struct rp_report_row *row)
{
	e->row = row->point;
	e->captured = 1;
	/* The label the point counts for in the document: "I agree with Priya" under her
	 * objection is an objection in the summary and the matrix, so the receipt says so
	 * rather than "support". */
	if (row->type && (!e->stance || strcmp(e->stance, row->type) != 0)) {
		char *t = rp_strdup(row->type);
		if (!t)
			return RP_ENOMEM;
		free(e->stance);
		e->stance = t;
	}
	e->section = rp_strdup(row->section ? row->section : "general");
	e->bullet = row->bullet >= 0 ? row->bullet + 1 : 0;
	if (!e->section)
		return RP_ENOMEM;
	if (!row->section)
		e->reason = rp_strdup(row->bullet >= 0
					      ? "judged general: not tied to a section, summarised under General comments"
					      : "judged general: listed in the comment matrix only");
	else if (row->bullet < 0)
		e->reason = rp_strdup("no stance recognised: listed in the comment matrix only");
	place_listed(e, r, row);
	return place_merged(e, r, row) ? RP_ENOMEM : place_also(e, r, row);
}

/* Whom a point answering a message ("Agreed." under a quote, a bare "+1") answers, in the
 * member's words: "answering the draft as circulated", "answering Ana Souza's message",
 * rather than its Message-ID. */
static int message_target(struct rp_buf *t, const char *id, int circulation, const char *writer)
{
	char *natural = NULL;
	int rc;

	if (circulation)
		return rp_buf_adds(t, "answering the draft as circulated");
	if (!writer)
		return rp_buf_addf(t, "answering message %s", id);
	if (rp_text_natural_name(writer, &natural))
		return RP_ENOMEM;
	rc = rp_buf_addf(t, "answering %s's message", natural ? natural : writer);
	free(natural);
	return rc;
}

/* Column 6: the message circulates the draft (its Message-ID, a copy too) or another one
 * (membership's reason "circulates another draft (...)"); column 7: it is the member's own,
 * not another member's forwarding comments of theirs; column 8: its sender. */
static const char msg_sql[] =
	"WITH " RP_SQL_ROSTER
	" SELECT m.id, m.message_id, m.subject, coalesce(m.date, 0), dm.included, dm.reason,"
	" m.message_id = (SELECT circulated FROM draft WHERE id = ?1)"
	"  OR (dm.included = 0 AND dm.reason LIKE 'circulates %'),"
	" coalesce(" CANONICAL("m.from_addr") ", '') = ?2, " CANONICAL("m.from_addr")
	" FROM message m LEFT JOIN draft_message dm ON dm.message = m.id AND dm.draft = ?1"
	CANONICAL_JOIN("m.from_addr")
	" WHERE (coalesce(" CANONICAL("m.from_addr") ", '') = ?2"
	" AND (dm.draft IS NOT NULL OR m.id IN (SELECT message FROM point WHERE draft = ?1)))"
	" OR m.id IN (SELECT p.message FROM point p"
	"  LEFT JOIN roster_alias rf ON rf.alias = " RP_SQL_FWD_ADDR("p.source")
	"  WHERE p.draft = ?1 AND coalesce(rf.address, " RP_SQL_FWD_ADDR("p.source") ") = ?2)"
	" ORDER BY coalesce(m.date, 0), m.message_id, m.id";

/* Column 6: who wrote the message this one answers, for "the previous speaker"; columns 7
 * and 8: the writer of the forwarded message the point was read from, name and canonical
 * address, NULL for the sender's own words; for a message target, 9: it is the message
 * circulating the draft, 10: who wrote it. */
static const char point_sql[] =
	"WITH " RP_SQL_ROSTER
	" SELECT p.id, p.text, st.label, st.target_kind, st.target, "
	RP_SQL_SOURCE_SHOWN("p.source") ","
	" (SELECT coalesce(pm.from_name, pm.from_addr) FROM message m"
	"  JOIN message pm ON pm.message_id = m.in_reply_to WHERE m.id = p.message"
	"  ORDER BY pm.id LIMIT 1),"
	" " RP_SQL_FWD_NAME("p.source") ", coalesce(rf.address, " RP_SQL_FWD_ADDR("p.source") "),"
	" st.target = (SELECT circulated FROM draft WHERE id = ?1),"
	" (SELECT coalesce(tm.from_name, tm.from_addr) FROM message tm"
	"  WHERE tm.message_id = st.target ORDER BY tm.id LIMIT 1)"
	" FROM point p LEFT JOIN roster_alias rf ON rf.alias = " RP_SQL_FWD_ADDR("p.source")
	" LEFT JOIN stance st ON st.point = p.id WHERE p.draft = ?1 AND p.message = ?2"
	" ORDER BY p.ordinal, p.id";

static const char unread_sql[] =
	"SELECT name, reason FROM unread_attachment WHERE draft = ?1 AND message = ?2 ORDER BY name";

/* The comments a reply attached that the analysis could not read (a legacy .doc, a damaged
 * file, a scanned PDF): each is an uncaptured entry of its message, with the reason. */
static int add_unread(struct rp_check *c, size_t *alloc, sqlite3_stmt *us, int64_t draft,
		      int64_t mid, const char *msgid, const char *subject, int64_t date)
{
	int oom = 0;

	sqlite3_reset(us);
	sqlite3_bind_int64(us, 1, draft);
	sqlite3_bind_int64(us, 2, mid);
	while (!oom && sqlite3_step(us) == SQLITE_ROW) {
		struct rp_check_entry *e = new_entry(c, alloc);
		struct rp_buf t = RP_BUF_INIT;

		if (!e)
			return RP_ENOMEM;
		e->message_id = rp_xstrdup_or_empty(msgid);
		e->subject = rp_strdup(subject);
		e->date = date;
		oom |= rp_buf_addf(&t, "comments in attachment '%s' could not be read: %s",
				   (const char *)sqlite3_column_text(us, 0),
				   (const char *)sqlite3_column_text(us, 1)) != 0;
		e->reason = rp_buf_detach(&t, NULL);
		oom |= !e->reason || !e->message_id;
	}
	return oom ? RP_ENOMEM : 0;
}

/* A message that circulates a draft is no comment on it: "circulated the draft", or
 * "circulated another draft (2: ...)" from membership's "circulates another draft (2: ...)". */
static int circulation_reason(struct rp_check_entry *e, struct rp_buf *t, const char *why)
{
	static const char other[] = "circulates another draft";

	e->circulation = 1;
	if (why && rp_starts_with(why, other))
		return rp_buf_addf(t, "circulated another draft%s", why + strlen(other));
	return rp_buf_adds(t, "circulated the draft");
}

/* A message the analysis left out as being about something else (an out-of-office reply,
 * list logistics, another draft) had nothing to capture: saying "not captured" of it would
 * fail every member whose mailer answered the circulation. */
static int not_about(struct rp_check_entry *e, struct rp_buf *t, const char *why)
{
	e->unrelated = 1;
	return rp_buf_addf(t, "not about the draft: %s", why);
}

/* Does message mid, in which the analysis found no point, only speak of the process: 1
 * when it asks for comments (a coordinator's reminder of the deadline), 2 when it closes
 * the round or announces the next version, 3 when it asks to leave the list
 * (rp_analyse_asks_only)? Then there was nothing
 * of the member's to capture. The segmentation is opened on first use; 0 when it cannot
 * be read. */
static int asks_only(struct rp_store *s, struct rp_blocks **blocks, int64_t mid)
{
	struct rp_segments seg = { 0 };
	int yes;

	if (!*blocks && rp_blocks_open(blocks, s, NULL))
		return 0;
	if (rp_blocks_get(*blocks, mid, NULL, &seg, NULL, NULL))
		return 0;
	yes = rp_analyse_asks_only(&seg);
	rp_segments_release(&seg);
	return yes;
}

static int is_position(const char *stance)
{
	return stance && (strcmp(stance, "support") == 0 || strcmp(stance, "object") == 0 ||
			  strcmp(stance, "amend") == 0);
}

/* The member's positions that a later one on the same section replaced ("I object to
 * section 2", then "I withdraw my objection to section 2"): the consensus counts the latest
 * only, and the receipt says so rather than list both as if both counted. Entries are in
 * date order; each is compared with those after it, a handful per member. */
static void note_superseded(struct rp_check *c)
{
	size_t i, j;

	for (i = 0; i < c->n_entries; i++) {
		struct rp_check_entry *e = &c->entries[i];

		if (!e->captured || !e->section || strcmp(e->section, "general") == 0 ||
		    !is_position(e->stance))
			continue;
		for (j = c->n_entries; j > i + 1; j--) {
			const struct rp_check_entry *f = &c->entries[j - 1];

			if (f->captured && f->section && strcmp(f->section, e->section) == 0 &&
			    is_position(f->stance) && f->date > e->date) {
				if (strcmp(f->stance, e->stance) != 0)
					e->superseded_by = j;
				break;
			}
		}
	}
}

static int load_entries(struct rp_check *c, struct rp_store *s, const struct rp_report *r,
			struct rp_error *err)
{
	struct rp_blocks *blocks = NULL;
	sqlite3_stmt *ms = NULL, *ps = NULL, *us = NULL;
	size_t alloc = 0;
	int rc, oom = 0;

	if ((rc = rp_store_prepare(s, &ms, msg_sql, err)) ||
	    (rc = rp_store_prepare(s, &ps, point_sql, err)) ||
	    (rc = rp_store_prepare(s, &us, unread_sql, err)))
		goto cleanup;
	sqlite3_bind_int64(ms, 1, r->draft);
	rp_bind_text(ms, 2, c->address);
	while (!oom && sqlite3_step(ms) == SQLITE_ROW) {
		int64_t mid = sqlite3_column_int64(ms, 0), date = sqlite3_column_int64(ms, 3);
		int linked = sqlite3_column_type(ms, 4) != SQLITE_NULL;
		int included = sqlite3_column_int(ms, 4);
		size_t before = c->n_entries;
		const char *why = (const char *)sqlite3_column_text(ms, 5);
		int own = sqlite3_column_int(ms, 7), asks;
		struct rp_check_entry *e;
		char *msgid = rp_report_coldup(ms, 1, &oom), *subject = rp_report_coldup(ms, 2, &oom);
		char *sender = NULL, *aff = NULL;

		/* comments of the member's that another member forwarded: who did */
		if (!own && !oom &&
		    describe(s, (const char *)sqlite3_column_text(ms, 8), &sender, &aff, NULL))
			oom = 1;

		sqlite3_reset(ps);
		sqlite3_bind_int64(ps, 1, r->draft);
		sqlite3_bind_int64(ps, 2, mid);
		while (!oom && sqlite3_step(ps) == SQLITE_ROW) {
			const struct rp_report_row *row = rp_report_row_of(r, sqlite3_column_int64(ps, 0));
			const char *writer = (const char *)sqlite3_column_text(ps, 8);

			/* in another member's message, only the comments of the member's they
			 * forwarded */
			if (!own && (!writer || strcmp(writer, c->address) != 0))
				continue;
			if (!(e = new_entry(c, &alloc))) {
				oom = 1;
				break;
			}
			e->message_id = rp_xstrdup_or_empty(msgid);
			e->subject = rp_strdup(subject);
			e->date = date;
			e->point = sqlite3_column_int64(ps, 0);
			e->text = rp_report_coldup(ps, 1, &oom);
			e->stance = rp_report_coldup(ps, 2, &oom);
			e->source = rp_report_coldup(ps, 5, &oom);
			if (!own)
				e->forwarded_by = rp_strdup(
					sender                      ? sender
					: sqlite3_column_text(ms, 8) ? (const char *)sqlite3_column_text(ms, 8)
								     : "another member");
			else if (writer && strcmp(writer, c->address) != 0)
				e->credited_to = rp_report_coldup(ps, 7, &oom);
			oom |= !own && !e->forwarded_by;
			if (sqlite3_column_text(ps, 4)) {
				const char *k = (const char *)sqlite3_column_text(ps, 3);
				struct rp_buf t = RP_BUF_INIT;

				const char *target = (const char *)sqlite3_column_text(ps, 4);
				const char *parent = (const char *)sqlite3_column_text(ps, 6);

				if (rp_buf_addf(&t, "%s %s", k ? k : "target", target))
					oom = 1;
				if (!oom && k && strcmp(k, "message") == 0) {
					struct rp_buf w = RP_BUF_INIT;

					oom |= message_target(&w, target, sqlite3_column_int(ps, 9),
							      (const char *)sqlite3_column_text(ps, 10)) != 0;
					e->target_words = rp_buf_detach(&w, NULL);
					oom |= !e->target_words;
				}
				/* the words' own stance towards that member, before the document
				 * counts "+1 Ann" under Ann's objection as an objection */
				if (k && strcmp(k, "member") == 0 && e->stance)
					e->sides = strcmp(e->stance, "support") == 0  ? 1
						   : strcmp(e->stance, "object") == 0 ? -1
										      : 0;
				/* "the previous speaker" is the author of the message answered: the
				 * receipt names them. */
				if (!oom && parent && k && strcmp(k, "member") == 0 &&
				    rp_ascii_casecmp(target, "the previous speaker") == 0) {
					char *natural = NULL;
					oom = rp_text_natural_name(parent, &natural) != 0 ||
					      rp_buf_addf(&t, ", %s", natural ? natural : parent) != 0;
					free(natural);
				}
				e->target = rp_buf_detach(&t, NULL);
			}
			if (row && place(e, r, row))
				oom = 1;
			if (!row)
				e->reason = rp_strdup("point not found in the consolidated document");
		}
		if (!oom && own && add_unread(c, &alloc, us, r->draft, mid, msgid, subject, date))
			oom = 1;
		if (!oom && own && c->n_entries == before) {
			if (!(e = new_entry(c, &alloc))) {
				oom = 1;
			} else {
				struct rp_buf t = RP_BUF_INIT;

				e->message_id = rp_xstrdup_or_empty(msgid);
				e->subject = rp_strdup(subject);
				e->date = date;
				if (sqlite3_column_int(ms, 6))
					oom |= circulation_reason(e, &t, why) != 0;
				else if (linked && !included && rp_analyse_not_about_draft(why))
					oom |= not_about(e, &t, why) != 0;
				else if (linked && !included && rp_analyse_duplicate(why)) {
					/* the list's copy and a direct one: the points of the
					 * copy read are the member's, listed with it */
					e->duplicate = 1;
					oom |= rp_buf_adds(&t, "a second copy of the same message (delivered"
							       " twice): read once") != 0;
				} else if (linked && !included && rp_analyse_repost(why)) {
					/* sent again under another Message-ID: the first
					 * copy's points are the member's, listed with it */
					const char *first = strchr(why, '(');
					char day[11];

					rp_report_day(date, day);
					e->duplicate = 1;
					oom |= rp_buf_addf(&t, "the same comments sent again on %s: read"
							       " once, from the first", day) != 0;
					/* the reason names it: "... (<Message-ID>)" */
					if (first && strlen(first) > 2)
						oom |= rp_buf_addf(&t, ", <%.*s>", (int)strlen(first) - 2,
								   first + 1) != 0;
				}
				else if (linked && !included)
					oom |= rp_buf_addf(&t, "message excluded from this draft's discussion: %s",
							   why && *why ? why : "no reason recorded") != 0;
				else if (!linked)
					oom |= rp_buf_adds(&t, "message not linked to this draft's discussion") != 0;
				else if ((asks = asks_only(s, &blocks, mid))) {
					e->unrelated = 1;
					oom |= rp_buf_adds(&t, asks == 1 ? "asks for comments and gives none: "
									 "nothing to capture"
							       : asks == 3 ? "asks to leave the list and gives no"
									     " comment: nothing to capture"
								       : "speaks of the process (the round"
									 " closed, the next version) and gives"
									 " no comment: nothing to capture") != 0;
				} else
					oom |= rp_buf_adds(&t, "no point was found in this message") != 0;
				e->reason = rp_buf_detach(&t, NULL);
			}
		}
		free(msgid);
		free(subject);
		free(sender);
		free(aff);
	}
	if (oom) {
		rc = rp_error_set(err, RP_ENOMEM, "check", "out of memory");
		goto cleanup;
	}
	note_superseded(c);
	for (alloc = 0; alloc < c->n_entries; alloc++)
		if (c->entries[alloc].circulation)
			c->n_circulations++;
		else if (c->entries[alloc].unrelated)
			c->n_unrelated++;
		else if (c->entries[alloc].duplicate)
			c->n_duplicates++;
		else if (!c->entries[alloc].captured)
			c->n_uncaptured++;
cleanup:
	rp_blocks_close(blocks);
	sqlite3_finalize(ms);
	sqlite3_finalize(ps);
	sqlite3_finalize(us);
	return rc;
}

/* The newest revision of r's draft, if any: of the drafts revising it, directly or through
 * revisions of revisions, the highest version (the last added among equals). Each point's
 * fate there, its section followed version by version (rp_report_changes_of). */
static int add_revision(struct rp_check *c, struct rp_store *s, const struct rp_report *r,
			struct rp_error *err)
{
	static const char newest[] =
		"WITH RECURSIVE later(id) AS (SELECT id FROM draft WHERE revises = ?1"
		" UNION SELECT d.id FROM draft d JOIN later l ON d.revises = l.id)"
		" SELECT d.id FROM later l JOIN draft d ON d.id = l.id WHERE d.id <> ?1"
		" ORDER BY d.version DESC, d.id DESC LIMIT 1";
	struct rp_changes *ch = NULL;
	sqlite3_stmt *st = NULL;
	int64_t newer = 0;
	size_t i, k;
	int rc;

	if ((rc = rp_store_prepare(s, &st, newest, err)))
		return rc;
	sqlite3_bind_int64(st, 1, r->draft);
	if (sqlite3_step(st) == SQLITE_ROW)
		newer = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!newer)
		return 0;
	if ((rc = rp_report_changes_of(&ch, s, r, newer, err)))
		return rc;
	for (i = 0; i < c->n_entries; i++) {
		struct rp_check_entry *e = &c->entries[i];

		e->rev_version = ch->new_version;
		if (!e->point)
			continue;
		for (k = 0; k < ch->n_fates && ch->fates[k].point != e->point; k++)
			;
		if (k == ch->n_fates)
			continue;
		e->rev_fate = rp_fate_name(ch->fates[k].fate);
		if (ch->fates[k].new_section >= 0) {
			const struct rp_section *ns = &ch->new_doc->sections[ch->fates[k].new_section];

			if (!(e->rev_section = rp_strdup(rp_section_ref(ns->number, ns->heading))))
				rc = rp_error_set(err, RP_ENOMEM, "check", "out of memory");
		}
	}
	rp_changes_free(ch);
	return rc;
}

/* WHO's canonical address when this store alone names one person (an address, or a name
 * one person wrote under), else NULL; *oom set when memory ran out. */
static char *address_of(struct rp_store *s, const char *who, int *oom)
{
	struct rp_check c = { 0 };
	struct rp_error e = { 0 };
	char *addr = NULL;

	if (!(c.who = rp_strdup(who))) {
		*oom = 1;
		return NULL;
	}
	if (resolve(&c, s, c.who, &e) == 0) {
		addr = c.address;
		c.address = NULL;
	} else if (e.code == RP_ENOMEM) {
		*oom = 1;
	}
	free(c.who);
	free(c.address);
	free(c.name);
	free(c.affiliation);
	return addr;
}

/* WHO as part of a name ("Jens", "Li Wei" for "Wei, Li"), case and accents aside, as
 * resolve_partial reads it, against everyone who answered a draft: the canonical address
 * when one person holds it, else NULL (none, or several: the draft's check then lists
 * them). *oom set when memory ran out. */
static char *partial_address_of(struct rp_store *s, const char *who, int *oom)
{
	sqlite3_stmt *st = NULL;
	char *w = rp_text_fold_unaccented(who, strlen(who)), *addr = NULL;
	int several = 0;

	if (!w) {
		*oom = 1;
		return NULL;
	}
	if (*w && rp_store_prepare(s, &st,
				   "WITH " RP_SQL_ROSTER " SELECT DISTINCT " CANONICAL("m.from_addr") ","
				   " coalesce(r.name, m.from_name) FROM message m" CANONICAL_JOIN("m.from_addr")
				   " LEFT JOIN roster r ON r.address = " CANONICAL("m.from_addr") ""
				   " WHERE m.id IN (SELECT message FROM draft_message WHERE included"
				   " UNION SELECT message FROM point)"
				   /* the writers of comments a member forwarded */
				   " UNION SELECT coalesce(rf.address, " RP_SQL_FWD_ADDR("p.source") "),"
				   " coalesce(r.name, " RP_SQL_FWD_NAME("p.source") ") FROM point p"
				   " LEFT JOIN roster_alias rf ON rf.alias = " RP_SQL_FWD_ADDR("p.source")
				   " LEFT JOIN roster r ON r.address = coalesce(rf.address, "
				   RP_SQL_FWD_ADDR("p.source") ")"
				   " WHERE " RP_SQL_FWD_IS("p.source"),
				   NULL) == 0) {
		while (!several && !*oom && sqlite3_step(st) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			const char *n = (const char *)sqlite3_column_text(st, 1);
			char *name;

			if (!a || !n)
				continue;
			if (!(name = rp_text_fold_unaccented(n, strlen(n)))) {
				*oom = 1;
				break;
			}
			if (words_in(w, name)) {
				if (!addr)
					*oom = !(addr = rp_strdup(a));
				else
					several = strcmp(addr, a) != 0;
			}
			free(name);
		}
		sqlite3_finalize(st);
	}
	free(w);
	if (several || *oom) {
		free(addr);
		addr = NULL;
	}
	return addr;
}

int rp_report_check_draft(struct rp_store *s, const char *who, int64_t *draft,
			  struct rp_error *err)
{
	static const char mine[] =
		"WITH " RP_SQL_ROSTER " SELECT max(d) FROM (SELECT dm.draft AS d FROM draft_message dm"
		" JOIN message m ON m.id = dm.message" CANONICAL_JOIN("m.from_addr")
		" WHERE dm.included AND " CANONICAL("m.from_addr") " = ?1"
		" UNION SELECT p.draft FROM point p JOIN message m ON m.id = p.message"
		CANONICAL_JOIN("m.from_addr") " WHERE " CANONICAL("m.from_addr") " = ?1"
		" UNION SELECT p.draft FROM point p"
		" LEFT JOIN roster_alias rf ON rf.alias = " RP_SQL_FWD_ADDR("p.source")
		" WHERE coalesce(rf.address, " RP_SQL_FWD_ADDR("p.source") ") = ?1)";
	/* The newest draft that was discussed; a revision nobody has answered yet is not. */
	static const char newest[] =
		"SELECT coalesce((SELECT max(draft) FROM draft_message WHERE included),"
		" (SELECT max(id) FROM draft))";
	sqlite3_stmt *st = NULL;
	int oom = 0, rc, pass;
	char *addr = address_of(s, who ? who : "", &oom);

	if (!addr && !oom && who && !strchr(who, '@'))
		addr = partial_address_of(s, who, &oom);
	*draft = 0;
	if (oom)
		return rp_error_set(err, RP_ENOMEM, "check", "out of memory");
	for (pass = addr ? 0 : 1, rc = 0; pass < 2 && !*draft && !rc; pass++) {
		if ((rc = rp_store_prepare(s, &st, pass ? newest : mine, err)))
			break;
		if (!pass)
			rp_bind_text(st, 1, addr);
		if (sqlite3_step(st) == SQLITE_ROW)
			*draft = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	free(addr);
	if (!rc && !*draft)
		rc = rp_error_set(err, RP_ENOTFOUND, "check", "no draft in the store");
	return rc;
}

int rp_report_check(struct rp_check **out, struct rp_store *s, const struct rp_report *r,
		    const char *who, struct rp_error *err)
{
	struct rp_check *c = NULL;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->who = rp_strdup(who ? who : "")) || !(c->draft_title = rp_strdup(r->title))) {
		rp_check_free(c);
		return rp_error_set(err, RP_ENOMEM, "check", "out of memory");
	}
	c->draft = r->draft;
	if ((rc = resolve(c, s, c->who, err)) ||
	    (!c->address && !strchr(c->who, '@') && (rc = resolve_partial(c, r, err))) ||
	    (c->address && (rc = load_entries(c, s, r, err))) ||
	    (c->n_entries && (rc = add_revision(c, s, r, err))))
		goto cleanup;
	if (!c->n_entries) {
		rc = rp_error_set(err, RP_ENOTFOUND, "check", "nothing from '%s' about draft %lld",
				  c->who, (long long)r->draft);
		goto cleanup;
	}
	*out = c;
	c = NULL;
cleanup:
	rp_check_free(c);
	return rc;
}

void rp_check_free(struct rp_check *c)
{
	size_t i, k;

	if (!c)
		return;
	for (i = 0; i < c->n_entries; i++) {
		struct rp_check_entry *e = &c->entries[i];

		free(e->message_id);
		free(e->subject);
		free(e->text);
		free(e->section);
		free(e->stance);
		free(e->target);
		free(e->reason);
		free(e->source);
		free(e->forwarded_by);
		free(e->credited_to);
		free(e->merged_with);
		free(e->target_words);
		free(e->rev_section);
		for (k = 0; k < e->n_also; k++) {
			free(e->also_section[k]);
			free(e->also_stance[k]);
		}
		free(e->also_section);
		free(e->also_bullet);
		free(e->also_stance);
	}
	free(c->entries);
	free(c->who);
	free(c->address);
	free(c->name);
	free(c->affiliation);
	free(c->draft_title);
	free(c);
}
