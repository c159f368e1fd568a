/* test-membership: which messages answer a draft, on a small store populated with SQL:
 * replies at any depth (through References and through thread_node), subject, quote and
 * name matches, the circulation window, duplicates, other lists and manual decisions;
 * drafts circulated on one list, each answered by its own thread. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "temp-store.h"
#include "rapporteur/analyse.h"
#include "rapporteur/draft.h"

#define T0 1795000000LL /* circulation */
#define DAY 86400LL

static const char draft_text[] =
	"DC feedback on the Working Group on Strategy paper\n\n"
	"1. Introduction\n\nThe Dynamic Coalition Coordination Group welcomes the paper of the\n"
	"Working Group on Strategy and the chance to comment on it.\n\n"
	"2. Issue teams\n\nWe support issue teams, provided that Dynamic Coalitions working on a\n"
	"theme are members of the team by right.\n"
	"_______________________________________________\n"
	"You are receiving this because you are on the DC coordination group list.\n"
	"https://lists.example.org/mailman/listinfo/dc-coordination-group-discussion\n";

struct msg {
	const char *key;  /* name used by the expectations */
	const char *message_id;
	int list;         /* 1 = the draft's list, 2 = another list */
	long long date;   /* 0 = no Date header */
	const char *subject, *body, *irt, *refs;
	int expect_row;   /* -1 no row, 0 excluded, 1 included */
	const char *reason;
	const char *raw;  /* the raw message when its headers matter, else the body stands in */
};

static const struct msg msgs[] = {
	{ "circ", "draft2@dc.example", 1, T0, "DC feedback on the Working Group on Strategy paper",
	  draft_text, NULL, NULL, 0, "circulates the draft", NULL },
	{ "reply", "r1@a.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Thanks, looks good.", "draft2@dc.example", "draft2@dc.example", 1,
	  "reply to the circulated draft", NULL },
	{ "reply2", "r2@b.example", 1, T0 + 2 * DAY, "Re: Re: DC feedback",
	  "I agree with Avri.", "r1@a.example", "draft2@dc.example r1@a.example", 1,
	  "reply to the circulated draft", NULL },
	/* only In-Reply-To, and stored before its parent's parent is known: depth 3 */
	{ "reply3", "r3@c.example", 1, T0 + 3 * DAY, "Re: feedback", "Same here.", "r2@b.example",
	  NULL, 1, "reply to the circulated draft", NULL },
	{ "subject", "s1@d.example", 1, T0 + DAY, "Comments: DC feedback on the WG Strategy paper",
	  "A new thread, since my mail client lost the original.", NULL, NULL, 1,
	  "subject names the draft", NULL },
	{ "quote", "q1@e.example", 1, T0 + DAY, "issue teams",
	  "> We support issue teams, provided that Dynamic Coalitions working on a\n\n"
	  "Why by right? An open call is fairer.",
	  NULL, NULL, 1, "quotes the draft", NULL },
	{ "names", "n1@f.example", 1, T0 + 2 * DAY, "a thought",
	  "Reading the DC feedback on the Working Group on Strategy paper again, I think\n"
	  "resources deserve more space.",
	  NULL, NULL, 1, "names the draft", NULL },
	{ "offtopic", "o1@g.example", 1, T0 + DAY, "Hotel booking for Riyadh",
	  "Does anyone know a hotel near the venue?", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	/* a new thread announcing comments, which cites the draft's sections by number */
	{ "citing", "c1@n.example", 1, T0 + 2 * DAY, "Comments on the draft",
	  "On section 2: issue teams need a clear mandate before anyone joins them.", NULL, NULL, 1,
	  "comments citing the draft's sections", NULL },
	/* sections cited under a subject that announces no comments: another document's */
	{ "nocue", "c2@o.example", 1, T0 + 2 * DAY, "Hotel booking form",
	  "Section 2 of the booking form asks for a passport number.", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	/* a thread started anew, its subject announcing comments and naming nothing but the
	 * draft, its text sharing the draft's words */
	{ "announce", "an1@u.example", 1, T0 + 2 * DAY, "[DC] Some initial thoughts on the paper",
	  "Issue teams need a mandate; coalitions working on a theme should join by right.", NULL,
	  NULL, 1, "announces comments while the draft was open", NULL },
	/* ... and a reply to it, which says nothing of the draft itself */
	{ "announce-reply", "an2@v.example", 1, T0 + 2 * DAY + 60, "Re: [DC] Some initial thoughts",
	  "+1", "an1@u.example", "an1@u.example", 1, "reply to a message about the draft", NULL },
	/* the words of such a subject, not announcing anything ("Strategy comment teams") */
	{ "salad", "an3@w.example", 1, T0 + 2 * DAY, "Strategy comment teams",
	  "Issue teams need a mandate: coalitions working on a theme should join by right.", NULL,
	  NULL, 0, "off-topic: no reference to the draft", NULL },
	/* announcing comments on what the draft does not name */
	{ "announce-else", "an4@x.example", 1, T0 + 2 * DAY, "Feedback on the hotel",
	  "Issue teams met in the hotel; the coalitions liked the theme.", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	/* announcing comments, its text sharing nothing with the draft */
	{ "announce-nothing", "an5@y.example", 1, T0 + 2 * DAY, "Our feedback",
	  "Lunch menus are on the wiki; vegetarian options too.", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	/* the draft named before a colon, one comment announced after it */
	{ "announce-colon", "an6@z.example", 1, T0 + 2 * DAY, "[DC] Strategy: one more thought",
	  "Coalitions working on a theme should be members of the issue teams by right.", NULL,
	  NULL, 1, "announces comments while the draft was open", NULL },
	/* ... but not something else named so */
	{ "announce-colon-else", "an7@z.example", 1, T0 + 2 * DAY, "Hotel: one more thought",
	  "The coalitions liked the hotel; issue teams met there on the theme.", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	/* a subject announcing comments, but no section cited */
	{ "norefs", "c3@p.example", 1, T0 + 2 * DAY, "Comments on the budget",
	  "The travel figures look too low to me.", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	/* a member reading the list as a digest answers the digest: its quoted topics name
	 * the draft's thread */
	{ "digest", "d1@q.example", 1, T0 + 2 * DAY, "Re: DC-coord Digest, Vol 12, Issue 3",
	  "Issue teams: I would rather see an open call.\n\n> Today's Topics:\n>\n"
	  ">    1. Re: comments on the WG Strategy paper (Avri Doria)\n"
	  ">    2. Hotel booking (Mark)\n", NULL, NULL, 1,
	  "reply to a digest carrying the draft's thread", NULL },
	/* ... or a digest message's own Subject: line */
	{ "digest-subject", "d2@q.example", 1, T0 + 2 * DAY, "Re: DC-coord Digest, Vol 12, Issue 4",
	  "Agreed.\n\n> Message: 2\n> From: Avri\n> Subject: Re: comments on the strategy paper\n",
	  NULL, NULL, 1, "reply to a digest carrying the draft's thread", NULL },
	/* a digest reply on another of its topics */
	{ "digest-else", "d3@q.example", 1, T0 + 2 * DAY, "Re: DC-coord Digest, Vol 12, Issue 3",
	  "I can share a room.\n\n> Today's Topics:\n>\n>    1. Hotel booking (Mark)\n", NULL,
	  NULL, 0, "off-topic: no reference to the draft", NULL },
	/* a subject about a digest that is no digest */
	{ "digest-word", "d4@q.example", 1, T0 + 2 * DAY, "Digestion of the strategy",
	  "> Subject: Re: DC feedback on the WG Strategy paper\nLunch?\n", NULL, NULL, 0,
	  "off-topic: no reference to the draft", NULL },
	{ "before", "b1@h.example", 1, T0 - 2 * DAY, "DC feedback on the Working Group on Strategy paper",
	  "When will the draft be out?", NULL, NULL, 0, "before circulation", NULL },
	{ "late", "l1@i.example", 1, T0 + 30 * DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Sorry for the late reply.", "draft2@dc.example", "draft2@dc.example", 0, "after deadline", NULL },
	/* within the grace period after the deadline */
	{ "grace", "g1@j.example", 1, T0 + 14 * DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "A late +1.", "draft2@dc.example", "draft2@dc.example", 1, "reply to the circulated draft", NULL },
	/* the same message delivered twice (a different footer, so different bytes) */
	{ "dup", "r1@a.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Thanks, looks good.\n-- \nlist footer", "draft2@dc.example", "draft2@dc.example", 0,
	  "duplicate delivery", NULL },
	{ "otherlist", "x1@k.example", 2, T0 + DAY, "DC feedback on the Working Group on Strategy paper",
	  "Cross-list chatter.", NULL, NULL, -1, NULL, NULL },
	{ "crosspost", "x2@l.example", 2, T0 + DAY, "Re: the paper", "Replying from the other list.",
	  "draft2@dc.example", NULL, 1, "reply to the circulated draft", NULL },
	{ "manual", "m1@m.example", 1, T0 + DAY, "unrelated", "Nothing about it.", NULL, NULL, 1,
	  "set by hand", NULL },
	/* automatic answers to the circulating message */
	{ "away", "a1@n.example", 1, T0 + DAY, "Automatic reply: DC feedback on the Working Group",
	  "I am out of the office.", "draft2@dc.example", "draft2@dc.example", 0, "auto-reply", NULL },
	{ "autohdr", "a2@o.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "I am travelling until Monday.", "draft2@dc.example", "draft2@dc.example", 0, "auto-reply",
	  "From: a2@o.example\nAuto-Submitted: auto-replied\nSubject: Re: DC feedback\n\n"
	  "I am travelling until Monday.\n" },
	{ "autono", "a3@p.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Good draft.", "draft2@dc.example", "draft2@dc.example", 1, "reply to the circulated draft",
	  "From: a3@p.example\nAuto-Submitted: no\nSubject: Re: DC feedback\n\nGood draft.\n" },
	/* what a program sends: a CI server's report, a robot's or a no-reply address */
	{ "ci", "ci@q.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Build #4521: FAILED. Tests run: 1432, Failures: 3.", "draft2@dc.example",
	  "draft2@dc.example", 0, "auto-reply",
	  "From: Builds <ci@q.example>\nX-Jenkins-Job: strategy-site\nSubject: Re: DC feedback\n\n"
	  "Build #4521: FAILED.\n" },
	{ "robot", "ci-bot@r.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Build #4522: FIXED.", "draft2@dc.example", "draft2@dc.example", 0, "auto-reply",
	  "Subject: Re: DC feedback\nFrom: \"CI Bot\" <ci-bot@r.example>\n\nBuild #4522: FIXED.\n" },
	{ "noreply", "noreply@s.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "A new comment was posted on the tracker.", "draft2@dc.example", "draft2@dc.example", 0,
	  "auto-reply", "From: noreply@s.example\nSubject: Re: DC feedback\n\nA new comment.\n" },
	{ "jira", "JIRA.1@u.example", 1, T0 + DAY, "[jira] Created: (WG-812) DC feedback on the Working Group on Strategy paper",
	  "Implement the feedback on the Working Group on Strategy paper.", NULL, NULL, 0,
	  "auto-reply",
	  "From: ASF JIRA <jira@u.example>\nSubject: [jira] Created: (WG-812)\nX-JIRA-FingerPrint: 30527f35849b9dde25b450d4833f0394\n\n"
	  "Implement the feedback.\n" },
	/* a person whose name ends in "bot" writes for themselves */
	{ "abbot", "abbot@t.example", 1, T0 + DAY, "Re: DC feedback on the Working Group on Strategy paper",
	  "Good draft.", NULL, NULL, 1, "subject names the draft",
	  "From: Ann Abbot <abbot@t.example>\nSubject: Re: DC feedback\n\nGood draft.\n" },
	/* the list footer is in the draft's text too, but proves nothing */
	{ "footer", "f1@s.example", 1, T0 + DAY, "Venue change",
	  "The venue moved to room 4.\n_______________________________________________\n"
	  "You are receiving this because you are on the DC coordination group list.\n"
	  "https://lists.example.org/mailman/listinfo/dc-coordination-group-discussion\n",
	  NULL, NULL, 0, "off-topic: no reference to the draft", NULL },
	/* two title words in a row name the draft; a list tag names nothing */
	{ "bigram", "s2@q.example", 1, T0 + 2 * DAY, "[DC] Comments on the strategy paper",
	  "Some thoughts below.", NULL, NULL, 1, "subject names the draft", NULL },
	{ "tag", "s3@r.example", 1, T0 + 2 * DAY, "[DC Working Group] Agenda for Tuesday",
	  "The call is at 15:00 UTC.", NULL, NULL, 0, "off-topic: no reference to the draft", NULL },
};

static int64_t populate(struct rp_store *s)
{
	sqlite3 *db = rp_store_db(s);
	sqlite3_stmt *raw = NULL, *ins = NULL;
	struct rp_draft_doc *doc = NULL;
	struct rp_draft_meta meta = { 0 };
	int64_t list = 0, other = 0, draft = 0;
	size_t i;

	CHECK_INT(rp_store_list_id(s, "dc", 1, &list, NULL), 0);
	CHECK_INT(rp_store_list_id(s, "other", 1, &other, NULL), 0);
	CHECK_INT(sqlite3_prepare_v2(db, "INSERT INTO raw (hash, bytes) VALUES (?1, ?2)", -1, &raw,
				     NULL), SQLITE_OK);
	CHECK_INT(sqlite3_prepare_v2(db,
				     "INSERT INTO message (message_id, hash, list_id, date, subject, "
				     "body, in_reply_to, refs, size, imported_at) "
				     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0)",
				     -1, &ins, NULL),
		  SQLITE_OK);
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		char hash[65];
		const char *bytes = msgs[i].raw ? msgs[i].raw : msgs[i].body;
		rp_sha256_hex(bytes, strlen(bytes), hash);
		sqlite3_reset(raw);
		sqlite3_bind_text(raw, 1, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(raw, 2, bytes, (int)strlen(bytes), SQLITE_STATIC);
		CHECK_INT(sqlite3_step(raw), SQLITE_DONE);
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, msgs[i].message_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 3, msgs[i].list == 1 ? list : other);
		if (msgs[i].date)
			sqlite3_bind_int64(ins, 4, msgs[i].date);
		else
			sqlite3_bind_null(ins, 4);
		rp_bind_text(ins, 5, msgs[i].subject);
		rp_bind_text(ins, 6, msgs[i].body);
		rp_bind_text(ins, 7, msgs[i].irt);
		rp_bind_text(ins, 8, msgs[i].refs);
		sqlite3_bind_int64(ins, 9, (int64_t)strlen(msgs[i].body));
		CHECK_INT(sqlite3_step(ins), SQLITE_DONE);
	}
	sqlite3_finalize(raw);
	sqlite3_finalize(ins);
	/* each message's list, as an import records it with the message */
	CHECK_INT(sqlite3_exec(db, "INSERT OR IGNORE INTO message_list(list, message, date) SELECT list_id, id, date FROM message WHERE list_id IS NOT NULL", NULL, NULL, NULL), SQLITE_OK);
	CHECK_INT(rp_draft_parse(&doc, draft_text, strlen(draft_text), NULL), 0);
	meta.circulated = "draft2@dc.example";
	meta.list = "dc";
	meta.deadline = T0 + 7 * DAY;
	CHECK_INT(rp_draft_store(s, doc, draft_text, &meta, &draft, NULL), 0);
	rp_draft_doc_free(doc);
	/* a coordinator's decision, made before the analysis runs */
	CHECK_INT(rp_store_exec(s,
				"INSERT INTO draft_message (draft, message, included, reason, manual) "
				"SELECT 1, id, 1, 'set by hand', 1 FROM message "
				"WHERE message_id = 'm1@m.example'",
				NULL),
		  0);
	return draft;
}

/* Compare every message's row with the table above. */
static void check_rows(struct rp_store *s, int64_t draft)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	CHECK_INT(rp_store_prepare(s, &st,
				   "SELECT dm.included, dm.reason FROM message m LEFT JOIN draft_message dm "
				   "ON dm.message = m.id AND dm.draft = ?1 WHERE m.message_id = ?2 "
				   "AND m.body = ?3",
				   NULL),
		  0);
	for (i = 0; st && i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, draft);
		sqlite3_bind_text(st, 2, msgs[i].message_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, msgs[i].body, -1, SQLITE_STATIC);
		CHECK_INT(sqlite3_step(st), SQLITE_ROW);
		if (msgs[i].expect_row < 0) {
			CHECK_INT(sqlite3_column_type(st, 0), SQLITE_NULL);
			continue;
		}
		if (sqlite3_column_type(st, 0) == SQLITE_NULL ||
		    sqlite3_column_int(st, 0) != msgs[i].expect_row)
			fprintf(stderr, "  message %s\n", msgs[i].key);
		CHECK_INT(sqlite3_column_int(st, 0), msgs[i].expect_row);
		CHECK_STR((const char *)sqlite3_column_text(st, 1), msgs[i].reason);
	}
	sqlite3_finalize(st);
}

static int64_t count(struct rp_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (rp_store_prepare(s, &st, sql, NULL) == 0 && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_headers(void)
{
	char path[64];
	struct rp_store *s = temp_store(path);
	int64_t draft;
	struct rp_error err = { 0 };

	CHECK(s != NULL);
	if (!s)
		return;
	draft = populate(s);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	check_rows(s, draft);
	/* idempotent: a second run changes nothing */
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	check_rows(s, draft);
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message WHERE manual = 1"), 1);
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message WHERE included = 1"), 18);
	CHECK_INT(rp_analyse_membership(s, 42, &err), RP_ENOTFOUND);
	drop_store(s, path);
}

/* With threading done, thread_node links decide what is a reply: here a message that lost
 * its headers is placed under the circulating message by the threading stage. */
static void test_thread_nodes(void)
{
	char path[64];
	struct rp_store *s = temp_store(path);
	int64_t draft;
	struct rp_error err = { 0 };

	CHECK(s != NULL);
	if (!s)
		return;
	draft = populate(s);
	CHECK_INT(rp_store_exec(s,
				"UPDATE message SET in_reply_to = NULL, refs = NULL "
				"WHERE message_id = 'r3@c.example';"
				"INSERT INTO thread_node (message_id, parent, thread, depth) VALUES "
				"('draft2@dc.example', NULL, 'draft2@dc.example', 0),"
				"('r1@a.example', 'draft2@dc.example', 'draft2@dc.example', 1),"
				"('ghost@x', 'r1@a.example', 'draft2@dc.example', 2),"
				"('r2@b.example', 'ghost@x', 'draft2@dc.example', 3),"
				"('r3@c.example', 'r2@b.example', 'draft2@dc.example', 4),"
				"('g1@j.example', 'draft2@dc.example', 'draft2@dc.example', 1),"
				"('l1@i.example', 'draft2@dc.example', 'draft2@dc.example', 1),"
				"('x2@l.example', 'draft2@dc.example', 'draft2@dc.example', 1),"
				"('a3@p.example', 'draft2@dc.example', 'draft2@dc.example', 1)",
				NULL),
		  0);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	check_rows(s, draft);
	/* a manual exclusion survives re-analysis too */
	CHECK_INT(rp_store_exec(s,
				"UPDATE draft_message SET included = 0, reason = 'not feedback', "
				"manual = 1 WHERE message = (SELECT id FROM message "
				"WHERE message_id = 'q1@e.example')",
				NULL),
		  0);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	CHECK_INT(count(s, "SELECT included FROM draft_message dm JOIN message m ON m.id = dm.message "
			   "WHERE m.message_id = 'q1@e.example'"),
		  0);
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message WHERE reason = 'not feedback'"), 1);
	drop_store(s, path);
}

/* Every membership row, one line each, for comparing runs. */
static char *dump_rows(struct rp_store *s, int64_t draft)
{
	sqlite3_stmt *st = NULL;
	struct rp_buf b = RP_BUF_INIT;

	if (rp_store_prepare(s, &st,
			     "SELECT m.message_id, m.id, dm.included, dm.reason, dm.manual FROM draft_message dm"
			     " JOIN message m ON m.id = dm.message WHERE dm.draft = ?1 ORDER BY m.id",
			     NULL) == 0) {
		sqlite3_bind_int64(st, 1, draft);
		while (sqlite3_step(st) == SQLITE_ROW)
			rp_buf_addf(&b, "%s #%lld %d %s %d\n", sqlite3_column_text(st, 0),
				    (long long)sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
				    sqlite3_column_text(st, 3), sqlite3_column_int(st, 4));
	}
	sqlite3_finalize(st);
	return rp_buf_detach(&b, NULL);
}

/* A message of the draft's list from sender from (NULL: no From address). */
static void add_msg_from(struct rp_store *s, const char *mid, const char *from, long long date,
			 const char *subject, const char *body, const char *irt)
{
	sqlite3_stmt *st = NULL;
	char hash[65];

	rp_sha256_hex(body, strlen(body), hash);
	CHECK_INT(rp_store_prepare(s, &st, "INSERT OR IGNORE INTO raw (hash, bytes) VALUES (?1, ?2)", NULL), 0);
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, body, (int)strlen(body), SQLITE_STATIC);
	CHECK_INT(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	CHECK_INT(rp_store_prepare(s, &st,
				   "INSERT INTO message (message_id, hash, list_id, date, subject, body,"
				   " in_reply_to, refs, size, imported_at, from_addr) VALUES (?1, ?2, (SELECT"
				   " id FROM list WHERE name = 'dc'), ?3, ?4, ?5, ?6, ?6, ?7, 0, ?8)",
				   NULL),
		  0);
	sqlite3_bind_text(st, 1, mid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, date);
	sqlite3_bind_text(st, 4, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	rp_bind_text(st, 6, irt);
	sqlite3_bind_int64(st, 7, (int64_t)strlen(body));
	rp_bind_text(st, 8, from);
	CHECK_INT(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	CHECK_INT(rp_store_exec(s, "INSERT OR IGNORE INTO message_list(list, message, date) SELECT list_id, id, date FROM message WHERE list_id IS NOT NULL", NULL), 0);
}

static void add_msg(struct rp_store *s, const char *mid, long long date, const char *subject,
		    const char *body, const char *irt)
{
	add_msg_from(s, mid, NULL, date, subject, body, irt);
}

/* One step of the incremental test: mark an old row that no incremental run should judge,
 * run, check the mark survived when want_incremental (the run judged only what changed),
 * then compare every row with a run that judges everything. */
static void step(struct rp_store *s, int64_t draft, int want_incremental, const char *what)
{
	struct rp_error err = { 0 };
	char *inc, *full;

	CHECK_INT(rp_store_exec(s,
				"UPDATE draft_message SET reason = 'marked' WHERE manual = 0 AND message ="
				" (SELECT id FROM message WHERE message_id = 'o1@g.example')",
				NULL),
		  0);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	if (count(s, "SELECT count(*) FROM draft_message WHERE reason = 'marked'") != want_incremental)
		fprintf(stderr, "  step %s: expected a%s run\n", what, want_incremental ? "n incremental" : " full");
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message WHERE reason = 'marked'"), want_incremental);
	CHECK_INT(rp_store_exec(s,
				"UPDATE draft_message SET reason = 'off-topic: no reference to the draft'"
				" WHERE reason = 'marked'",
				NULL),
		  0);
	inc = dump_rows(s, draft);
	CHECK_INT(rp_store_exec(s, "DELETE FROM meta WHERE key LIKE 'membership.%'", NULL), 0);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	full = dump_rows(s, draft);
	if (inc && full && strcmp(inc, full) != 0)
		fprintf(stderr, "  step %s: incremental\n%s  full\n%s", what, inc, full);
	CHECK_STR(inc, full);
	free(inc);
	free(full);
}

/* Incremental runs judge only what changed and end with the rows a full run writes. */
static void test_incremental(void)
{
	char path[64];
	struct rp_store *s = temp_store(path);
	int64_t draft;
	struct rp_error err = { 0 };

	CHECK(s != NULL);
	if (!s)
		return;
	draft = populate(s);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	check_rows(s, draft);
	step(s, draft, 1, "nothing new");
	/* new list mail: off-topic, a reply, one naming the draft in its subject */
	add_msg(s, "n2@t.example", T0 + 3 * DAY, "Lunch", "Who is coming to lunch?", NULL);
	add_msg(s, "n3@t.example", T0 + 3 * DAY, "Re: DC feedback", "Fine with me.", "draft2@dc.example");
	add_msg(s, "n4@t.example", T0 + 4 * DAY, "More on the DC feedback on the Working Group on Strategy paper",
		"One more thought.", NULL);
	step(s, draft, 1, "new mail");
	CHECK_INT(count(s, "SELECT included FROM draft_message dm JOIN message m ON m.id = dm.message"
			   " WHERE m.message_id = 'n3@t.example'"),
		  1);
	/* a reply whose parent arrives later: judged off-topic first, then a reply */
	add_msg(s, "y1@t.example", T0 + 5 * DAY, "Re: your point", "Quite right.", "p1@t.example");
	step(s, draft, 1, "orphan reply");
	CHECK_INT(count(s, "SELECT included FROM draft_message dm JOIN message m ON m.id = dm.message"
			   " WHERE m.message_id = 'y1@t.example'"),
		  0);
	add_msg(s, "p1@t.example", T0 + 4 * DAY, "Re: DC feedback", "My point.", "draft2@dc.example");
	step(s, draft, 1, "late parent");
	CHECK_INT(count(s, "SELECT included FROM draft_message dm JOIN message m ON m.id = dm.message"
			   " WHERE m.message_id = 'y1@t.example'"),
		  1);
	/* the threads take over and no longer hold p1 (nor the late l1) under the draft:
	 * former replies */
	CHECK_INT(rp_store_exec(s,
				"INSERT INTO thread_node (message_id, parent, thread, depth)"
				" SELECT DISTINCT message_id, NULL, message_id, 0 FROM message WHERE message_id"
				" NOT IN (SELECT message_id FROM thread_node);"
				"UPDATE thread_node SET parent = 'draft2@dc.example', thread = 'draft2@dc.example'"
				" WHERE message_id IN ('r1@a.example', 'g1@j.example',"
				" 'x2@l.example', 'a3@p.example', 'a1@n.example', 'a2@o.example', 'n3@t.example');"
				"UPDATE thread_node SET parent = 'r1@a.example', thread = 'draft2@dc.example'"
				" WHERE message_id = 'r2@b.example';"
				"UPDATE thread_node SET parent = 'r2@b.example', thread = 'draft2@dc.example'"
				" WHERE message_id = 'r3@c.example';"
				"UPDATE thread_node SET parent = 'p1@t.example', thread = 'p1@t.example'"
				" WHERE message_id = 'y1@t.example'",
				NULL),
		  0);
	step(s, draft, 1, "former reply");
	/* l1, after the deadline, is no longer a reply: outside the window, no row */
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message dm JOIN message m ON m.id = dm.message"
			   " WHERE m.message_id = 'l1@i.example'"),
		  0);
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message dm JOIN message m ON m.id = dm.message"
			   " WHERE m.message_id = 'p1@t.example' AND dm.reason = 'subject names the draft'"),
		  1);
	/* y1 answers p1, which is about the draft: its thread is the draft's */
	CHECK_INT(count(s, "SELECT count(*) FROM draft_message dm JOIN message m ON m.id = dm.message"
			   " WHERE m.message_id = 'y1@t.example' AND dm.included = 1"
			   " AND dm.reason = 'reply to a message about the draft'"),
		  1);
	/* a second copy of a stored message, and a manual decision: everything again */
	add_msg(s, "n3@t.example", T0 + 2 * DAY, "Re: DC feedback", "Fine with me.\n-- \nfooter",
		"draft2@dc.example");
	step(s, draft, 0, "second copy");
	CHECK_INT(rp_membership_set(s, draft, "n2@t.example", 1, NULL, "ann", &err), 0);
	step(s, draft, 0, "manual decision");
	step(s, draft, 1, "nothing new again");
	/* a new deadline changes the window: everything again */
	CHECK_INT(rp_store_exec(s, "UPDATE draft SET deadline = deadline + 86400", NULL), 0);
	step(s, draft, 0, "deadline");
	drop_store(s, path);
}

/* The row of the message with Message-ID mid, "included reason". */
static char *row_text(struct rp_store *s, int64_t draft, const char *mid)
{
	sqlite3_stmt *st = NULL;
	struct rp_buf b = RP_BUF_INIT;

	if (rp_store_prepare(s, &st,
			     "SELECT dm.included, dm.reason FROM draft_message dm JOIN message m"
			     " ON m.id = dm.message WHERE dm.draft = ?1 AND m.message_id = ?2",
			     NULL) == 0) {
		sqlite3_bind_int64(st, 1, draft);
		rp_bind_text(st, 2, mid);
		if (sqlite3_step(st) == SQLITE_ROW)
			rp_buf_addf(&b, "%d %s", sqlite3_column_int(st, 0), sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rp_buf_detach(&b, NULL);
}

static void check_row(struct rp_store *s, int64_t draft, const char *mid, const char *want)
{
	char *got = row_text(s, draft, mid);

	if (!got || strcmp(got, want) != 0)
		fprintf(stderr, "  message %s\n", mid);
	CHECK_STR(got, want);
	free(got);
}

#define REPLY_ROW "1 reply to the circulated draft"
#define REPOST_OF(first) "0 repost of an earlier message (" first ")"
#define COMMENT "I would move the paragraph on issue teams to section 1 and say who chairs them."

/* The same comments sent twice by one member under two Message-IDs are read once, from the
 * first copy, whichever run judged it; incremental runs end as a full run does. */
static void test_reposts(void)
{
	char path[64];
	struct rp_store *s = temp_store(path);
	int64_t draft;
	struct rp_error err = { 0 };

	CHECK(s != NULL);
	if (!s)
		return;
	draft = populate(s);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	add_msg_from(s, "rp1@x.example", "maria@x.example", T0 + DAY, "Re: chairs", COMMENT,
		     "draft2@dc.example");
	step(s, draft, 1, "first copy");
	/* a new thread, the sender's address in other case, the text wrapped anew under a
	 * line saying why it is sent again */
	add_msg_from(s, "rp2@x.example", "Maria@X.example", T0 + 2 * DAY,
		     "DC feedback on the Working Group on Strategy paper",
		     "Resending, as my first mail did not reach the list.\n\n"
		     "I would move the paragraph on issue teams\nto section 1 and say who chairs them.\n",
		     NULL);
	/* not reposts: quoting the comment and adding a line, a first line of its own that
	 * announces no resend ("represent" is no "resent"), the same words from another
	 * member, and a short "+1" in two threads */
	add_msg_from(s, "rp9@x.example", "maria@x.example", T0 + 2 * DAY, "Re: DC feedback",
		     "I represent the youth caucus here.\n" COMMENT, "draft2@dc.example");
	add_msg_from(s, "rp3@x.example", "maria@x.example", T0 + 2 * DAY, "Re: DC feedback",
		     "> " COMMENT "\n\nAnd the chairs should rotate.", "rp1@x.example");
	add_msg_from(s, "rp4@y.example", "bob@y.example", T0 + 2 * DAY, "Re: DC feedback", COMMENT,
		     "draft2@dc.example");
	add_msg_from(s, "pl1@x.example", "maria@x.example", T0 + 2 * DAY, "Re: DC feedback",
		     "+1, agreed.", "r1@a.example");
	add_msg_from(s, "pl2@x.example", "maria@x.example", T0 + 3 * DAY, "Re: DC feedback",
		     "+1, agreed.", "r2@b.example");
	/* ... also under the same quoted passage: the writer's own words are what count */
	add_msg_from(s, "pq1@x.example", "maria@x.example", T0 + 2 * DAY, "Re: DC feedback",
		     "On Tue, 2 Nov 2026 at 10:17, Avri Doria <avri@a.example> wrote:\n"
		     "> We support issue teams, provided that Dynamic Coalitions working on a\n"
		     "> theme are members of the team by right.\n\nAgreed, fully.\n", "r1@a.example");
	add_msg_from(s, "pq2@x.example", "maria@x.example", T0 + 3 * DAY, "Re: DC feedback",
		     "On Tue, 2 Nov 2026 at 10:17, Avri Doria <avri@a.example> wrote:\n"
		     "> We support issue teams, provided that Dynamic Coalitions working on a\n"
		     "> theme are members of the team by right.\n\nAgreed, fully.\n", "r2@b.example");
	step(s, draft, 1, "repost");
	check_row(s, draft, "rp1@x.example", REPLY_ROW);
	check_row(s, draft, "rp2@x.example", REPOST_OF("rp1@x.example"));
	check_row(s, draft, "rp3@x.example", REPLY_ROW);
	check_row(s, draft, "rp9@x.example", REPLY_ROW);
	check_row(s, draft, "rp4@y.example", REPLY_ROW);
	check_row(s, draft, "pl1@x.example", REPLY_ROW);
	check_row(s, draft, "pl2@x.example", REPLY_ROW);
	check_row(s, draft, "pq1@x.example", REPLY_ROW);
	check_row(s, draft, "pq2@x.example", REPLY_ROW);
	/* a reply to the repost is about the draft, as a reply to the first copy is */
	add_msg_from(s, "rp5@z.example", "ann@z.example", T0 + 3 * DAY, "Re: chairs",
		     "Who would chair them, then?", "rp2@x.example");
	step(s, draft, 1, "reply to a repost");
	check_row(s, draft, "rp5@z.example", "1 reply to a message about the draft");
	/* a copy stored late but dated first: it counts, and the copy judged before is a repost */
	add_msg_from(s, "rp0@x.example", "maria@x.example", T0 + DAY / 2, "Re: DC feedback",
		     COMMENT "\n", "draft2@dc.example");
	step(s, draft, 1, "earlier copy stored late");
	check_row(s, draft, "rp0@x.example", REPLY_ROW);
	check_row(s, draft, "rp1@x.example", REPOST_OF("rp0@x.example"));
	check_row(s, draft, "rp2@x.example", REPOST_OF("rp0@x.example"));
	/* the first copy left out by hand: the next one counts */
	CHECK_INT(rp_membership_set(s, draft, "rp0@x.example", 0, NULL, "ann", &err), 0);
	step(s, draft, 0, "first copy excluded");
	check_row(s, draft, "rp1@x.example", REPLY_ROW);
	check_row(s, draft, "rp2@x.example", REPOST_OF("rp1@x.example"));
	/* ... and no longer a reply, after the threads are built: the next one again */
	CHECK_INT(rp_store_exec(s,
				"INSERT INTO thread_node (message_id, parent, thread, depth)"
				" SELECT DISTINCT message_id, NULL, message_id, 0 FROM message;"
				"UPDATE thread_node SET parent = 'draft2@dc.example', thread = 'draft2@dc.example'"
				" WHERE message_id IN ('r1@a.example', 'g1@j.example', 'rp4@y.example',"
				" 'x2@l.example', 'a3@p.example', 'a1@n.example', 'a2@o.example',"
				" 'rp0@x.example');"
				"UPDATE thread_node SET parent = 'r1@a.example', thread = 'draft2@dc.example'"
				" WHERE message_id IN ('r2@b.example', 'pl1@x.example');"
				"UPDATE thread_node SET parent = 'r2@b.example', thread = 'draft2@dc.example'"
				" WHERE message_id IN ('r3@c.example', 'pl2@x.example');"
				"UPDATE thread_node SET parent = 'rp2@x.example', thread = 'rp2@x.example'"
				" WHERE message_id = 'rp5@z.example';"
				"UPDATE thread_node SET parent = 'rp1@x.example', thread = 'rp1@x.example'"
				" WHERE message_id = 'rp3@x.example'",
				NULL),
		  0);
	step(s, draft, 1, "first copy no longer a reply");
	check_row(s, draft, "rp1@x.example", "0 off-topic: no reference to the draft");
	check_row(s, draft, "rp2@x.example", "1 subject names the draft");
	check_row(s, draft, "rp5@z.example", "1 reply to a message about the draft");
	/* the roster makes two addresses one member */
	CHECK_INT(rp_store_exec(s,
				"INSERT INTO member (id, address, name) VALUES (7, 'maria@x.example', 'Maria');"
				"INSERT INTO member_alias (member, alias) VALUES (7, 'maria.home@w.example')",
				NULL),
		  0);
	add_msg_from(s, "rp6@w.example", "maria.home@w.example", T0 + 4 * DAY,
		     "DC feedback on the Working Group on Strategy paper", COMMENT, NULL);
	step(s, draft, 0, "alias");
	check_row(s, draft, "rp6@w.example", REPOST_OF("rp2@x.example"));
	/* what a compile has not read yet: a repost is nothing new, a new comment is */
	{
		int64_t after = count(s, "SELECT max(id) FROM message"), n = -1;

		add_msg_from(s, "rp7@x.example", "maria@x.example", T0 + 5 * DAY,
			     "Re: DC feedback on the Working Group on Strategy paper",
			     "Sending again, in case it got lost:\n" COMMENT, "draft2@dc.example");
		add_msg_from(s, "rp8@x.example", "maria@x.example", T0 + 5 * DAY,
			     "Re: DC feedback on the Working Group on Strategy paper",
			     "And the chairs should rotate every year, as the issue teams change.",
			     "draft2@dc.example");
		CHECK_INT(rp_analyse_count_new(s, draft, after, &n, &err), 0);
		CHECK_INT(n, 1);
		CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
		check_row(s, draft, "rp7@x.example", REPOST_OF("rp2@x.example"));
		check_row(s, draft, "rp8@x.example", "1 subject names the draft");
	}
	drop_store(s, path);
}

/* ---- drafts circulated on one list ------------------------------------------------------
 *
 * A charter and a budget plan, each the body of its circulating message, under subjects
 * that share "Draft ... for comments by 20 June"; then a second version of the charter. */

#define CHARTER "Draft charter for comments by 20 June"
#define BUDGET "Draft budget plan for comments by 20 June"
#define CHARTER2 "Draft charter v2 for comments by 30 June"

static const char charter_text[] =
	"Charter of the Working Group\n\n1 Purpose\n\nThe group coordinates the review of widget "
	"policies.\n\n2 Membership\n\nMembership is open to all consortium members.\n";
static const char budget_text[] =
	"Budget plan 2025\n\n1 Income\n\nFees from members cover the secretariat.\n\n2 Spending\n\n"
	"The secretariat spends at most half of the income on travel.\n";
static const char charter2_text[] =
	"Charter of the Working Group\n\n1 Purpose\n\nThe group coordinates the review of widget "
	"policies.\n\n2 Membership\n\nMembership needs a sponsor among the consortium members.\n";

struct shared_msg {
	const char *mid;
	long long date;
	const char *subject, *body, *irt;
	/* the row of the charter (1), the budget (2), the charter's version 2 (3) */
	const char *want[3];
	/* the charter's, when the budget was circulated in its thread and it differs */
	const char *nested;
};

#define ANSWERS(n, t) "0 answers another draft (" #n ": " t ")"
#define CIRCULATES(n, t) "0 circulates another draft (" #n ": " t ")"

static const struct shared_msg shared[] = {
	{ "ca@wg.example", T0, "[wg] " CHARTER, charter_text, NULL,
	  { "0 circulates the draft", CIRCULATES(1, CHARTER), CIRCULATES(1, CHARTER) }, NULL },
	{ "cb@wg.example", T0 + 300, "[wg] " BUDGET, budget_text, NULL,
	  { CIRCULATES(2, BUDGET), "0 circulates the draft", CIRCULATES(2, BUDGET) }, NULL },
	{ "ra1@wg.example", T0 + DAY, "Re: [wg] " CHARTER,
	  "> Membership is open to all consortium members.\n\nI object to 2: membership should "
	  "need a sponsor.\n",
	  "ca@wg.example",
	  { "1 reply to the circulated draft", ANSWERS(1, CHARTER), "0 before circulation" },
	  NULL },
	/* the subjects share "draft", "comments", "20 June": no reason to answer the charter */
	{ "rb1@wg.example", T0 + DAY, "Re: [wg] " BUDGET,
	  "> The secretariat spends at most half of the income on travel.\n\nI support 2, travel "
	  "matters.\n",
	  "cb@wg.example",
	  { ANSWERS(2, BUDGET), "1 reply to the circulated draft", "0 before circulation" }, NULL },
	/* depth 2, by its parent's headers */
	{ "rb2@wg.example", T0 + 2 * DAY, "Re: Re: [wg] " BUDGET, "Agreed, but fees should rise.\n",
	  "rb1@wg.example",
	  { ANSWERS(2, BUDGET), "1 reply to the circulated draft", "0 before circulation" }, NULL },
	/* in the budget's thread, but naming the charter by its own word, or quoting it */
	{ "rb3@wg.example", T0 + 2 * DAY, "Re: [wg] " BUDGET " (and the charter)",
	  "Both look fine to me.\n", "cb@wg.example",
	  { "1 subject names the draft", "1 reply to the circulated draft",
	    "0 before circulation" },
	  "1 reply to the circulated draft" },
	{ "rb4@wg.example", T0 + 2 * DAY, "Re: [wg] " BUDGET,
	  "> Membership is open to all consortium members.\n\nThen the budget needs outreach "
	  "money.\n",
	  "cb@wg.example",
	  { "1 quotes the draft", "1 reply to the circulated draft", "0 before circulation" },
	  "1 reply to the circulated draft" },
	{ "nt@wg.example", T0 + 2 * DAY, "[wg] Comments on the draft charter",
	  "Who chairs the group?\n", NULL,
	  { "1 subject names the draft", "0 off-topic: no reference to the draft",
	    "0 before circulation" }, NULL },
	/* the charter's version 2: its replies may answer version 1 */
	{ "cc@wg.example", T0 + 3 * DAY, "[wg] " CHARTER2, charter2_text, NULL,
	  { CIRCULATES(3, CHARTER2), CIRCULATES(3, CHARTER2), "0 circulates the draft" }, NULL },
	{ "rc1@wg.example", T0 + 4 * DAY, "Re: [wg] " CHARTER2, "The sponsor rule is better.\n",
	  "cc@wg.example",
	  { "1 subject names the draft", ANSWERS(3, CHARTER2), "1 reply to the circulated draft" },
	  NULL },
	{ "rb5@wg.example", T0 + 5 * DAY, "Re: Re: [wg] " BUDGET, "Agreed.\n", "rb1@wg.example",
	  { ANSWERS(2, BUDGET), "1 reply to the circulated draft", ANSWERS(2, BUDGET) }, NULL },
};

static int64_t add_draft(struct rp_store *s, const char *text, const char *title, const char *circ,
			 long long deadline, int64_t revises)
{
	struct rp_draft_doc *doc = NULL;
	struct rp_draft_meta meta = { 0 };
	int64_t id = 0;

	CHECK_INT(rp_draft_parse(&doc, text, strlen(text), NULL), 0);
	meta.title = title;
	meta.circulated = circ;
	meta.list = "dc";
	meta.deadline = deadline;
	meta.revises = revises;
	CHECK_INT(rp_draft_store(s, doc, text, &meta, &id, NULL), 0);
	rp_draft_doc_free(doc);
	return id;
}

/* The store with the messages of shared[] and, as many as asked, its drafts in order. */
static struct rp_store *shared_store(char path[64], int drafts)
{
	struct rp_store *s = temp_store(path);
	int64_t list = 0;
	size_t i;

	CHECK(s != NULL);
	if (!s)
		return NULL;
	CHECK_INT(rp_store_list_id(s, "dc", 1, &list, NULL), 0);
	for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++)
		add_msg(s, shared[i].mid, shared[i].date, shared[i].subject, shared[i].body,
			shared[i].irt);
	if (drafts >= 1)
		CHECK_INT(add_draft(s, charter_text, CHARTER, "ca@wg.example", T0 + 7 * DAY, 0), 1);
	if (drafts >= 2)
		CHECK_INT(add_draft(s, budget_text, BUDGET, "cb@wg.example", T0 + 7 * DAY, 0), 2);
	if (drafts >= 3)
		CHECK_INT(add_draft(s, charter2_text, CHARTER2, "cc@wg.example", T0 + 14 * DAY, 1),
			  3);
	return s;
}

/* "included reason" of a message's row for draft, or "" when it has none (freed by the
 * caller). */
static char *row_of(struct rp_store *s, int64_t draft, const char *mid)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;

	if (rp_store_prepare(s, &st,
			     "SELECT dm.included || ' ' || dm.reason FROM draft_message dm"
			     " JOIN message m ON m.id = dm.message"
			     " WHERE dm.draft = ?1 AND m.message_id = ?2",
			     NULL) == 0) {
		sqlite3_bind_int64(st, 1, draft);
		sqlite3_bind_text(st, 2, mid, -1, SQLITE_STATIC);
		int found = sqlite3_step(st) == SQLITE_ROW;
		out = rp_strdup(found ? (const char *)sqlite3_column_text(st, 0) : "");
	}
	sqlite3_finalize(st);
	return out;
}

/* Analyse every draft and compare each row with shared[] (nested: the budget was circulated
 * in the charter's thread). */
static void check_shared(struct rp_store *s, int drafts, int nested, const char *what)
{
	struct rp_error err = { 0 };
	int d;
	size_t i;

	for (d = 1; d <= drafts; d++) {
		CHECK_INT(rp_analyse_membership(s, d, &err), 0);
		for (i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
			char *got = row_of(s, d, shared[i].mid);
			const char *want = shared[i].want[d - 1];
			if (nested && d == 1 && shared[i].nested)
				want = shared[i].nested;
			if (got && strcmp(got, want) != 0)
				fprintf(stderr, "  %s: draft %d, message %s\n", what, d,
					shared[i].mid);
			CHECK_STR(got, want);
			free(got);
		}
	}
}

/* Each draft's replies answer it alone; another draft's circulation never answers it, nor a
 * reply in that draft's thread unless it names or quotes this one; a version's replies may
 * answer the version it revises. By the reply headers. */
static void test_shared_list(void)
{
	char path[64];
	struct rp_store *s = shared_store(path, 3);

	if (!s)
		return;
	check_shared(s, 3, 0, "headers");
	drop_store(s, path);
}

/* The same by the threads, and with the budget circulated as a reply in the charter's
 * thread: the nearest circulation above a message says which draft it answers. */
static void test_shared_threads(void)
{
	char path[64];
	struct rp_store *s = shared_store(path, 3);

	if (!s)
		return;
	CHECK_INT(rp_store_exec(s,
				"INSERT INTO thread_node (message_id, parent, thread, depth)"
				" SELECT message_id, in_reply_to, message_id, 0 FROM message",
				NULL),
		  0);
	check_shared(s, 3, 0, "threads");
	CHECK_INT(rp_store_exec(s,
				"UPDATE thread_node SET parent = 'ca@wg.example'"
				" WHERE message_id = 'cb@wg.example';"
				"DELETE FROM meta WHERE key LIKE 'membership.%'",
				NULL),
		  0);
	check_shared(s, 3, 1, "nested, threads");
	drop_store(s, path);
	s = shared_store(path, 3);
	if (!s)
		return;
	CHECK_INT(rp_store_exec(s,
				"UPDATE message SET in_reply_to = 'ca@wg.example',"
				" refs = 'ca@wg.example' WHERE message_id = 'cb@wg.example'",
				NULL),
		  0);
	check_shared(s, 3, 1, "nested, headers");
	drop_store(s, path);
}

/* A draft whose title is generic words only ("Draft for comments") still names itself by
 * them, but cannot be told by them from another draft in that draft's thread. */
static void test_generic_title(void)
{
	char path[64];
	struct rp_store *s = shared_store(path, 2);
	struct rp_error err = { 0 };
	char *row;

	if (!s)
		return;
	add_msg(s, "cg@wg.example", T0 + 600, "[wg] Draft for comments",
		"Work plan\n\n1 Meetings\n\nThe group meets every month.\n", NULL);
	add_msg(s, "rg1@wg.example", T0 + DAY, "Re: [wg] Draft for comments", "Monthly is fine.",
		"cg@wg.example");
	add_msg(s, "ng@wg.example", T0 + DAY, "[wg] More comments on the draft",
		"Could we meet online?", NULL);
	CHECK_INT(add_draft(s, "Work plan\n\n1 Meetings\n\nThe group meets every month.\n",
			    "Draft for comments", "cg@wg.example", T0 + 7 * DAY, 0),
		  3);
	CHECK_INT(rp_analyse_membership(s, 3, &err), 0);
	row = row_of(s, 3, "rg1@wg.example");
	CHECK_STR(row, "1 reply to the circulated draft");
	free(row);
	row = row_of(s, 3, "ng@wg.example");
	CHECK_STR(row, "1 subject names the draft");
	free(row);
	row = row_of(s, 3, "rb1@wg.example");
	CHECK_STR(row, ANSWERS(2, BUDGET));
	free(row);
	drop_store(s, path);
}

/* A full run of the membership of draft, after an incremental one: the same rows. */
static void same_as_full(struct rp_store *s, int64_t draft, const char *what)
{
	struct rp_error err = { 0 };
	char *inc, *full;

	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	inc = dump_rows(s, draft);
	CHECK_INT(rp_store_exec(s, "DELETE FROM meta WHERE key LIKE 'membership.%'", NULL), 0);
	CHECK_INT(rp_analyse_membership(s, draft, &err), 0);
	full = dump_rows(s, draft);
	if (inc && full && strcmp(inc, full) != 0)
		fprintf(stderr, "  %s: incremental\n%s  full\n%s", what, inc, full);
	CHECK_STR(inc, full);
	free(inc);
	free(full);
}

/* A draft added later takes its discussion from the drafts analysed before it; a message
 * that thread links found late to be in another draft's discussion leaves this one. */
static void test_shared_incremental(void)
{
	char path[64];
	struct rp_store *s = shared_store(path, 1);
	struct rp_error err = { 0 };
	char *row;

	if (!s)
		return;
	CHECK_INT(rp_analyse_membership(s, 1, &err), 0);
	/* alone on the list, the charter still does not take the budget's subject for its own */
	row = row_of(s, 1, "rb1@wg.example");
	CHECK_STR(row, "0 off-topic: no reference to the draft");
	free(row);
	CHECK_INT(add_draft(s, budget_text, BUDGET, "cb@wg.example", T0 + 7 * DAY, 0), 2);
	same_as_full(s, 1, "budget added");
	row = row_of(s, 1, "rb1@wg.example");
	CHECK_STR(row, ANSWERS(2, BUDGET));
	free(row);
	/* comments citing the charter's sections, replying to a message not stored yet */
	add_msg(s, "y1@wg.example", T0 + 5 * DAY, "Comments",
		"On section 2: membership should need a sponsor.", "p1@wg.example");
	same_as_full(s, 1, "orphan");
	row = row_of(s, 1, "y1@wg.example");
	CHECK_STR(row, "1 comments citing the draft's sections");
	free(row);
	/* its parent answers the budget */
	add_msg(s, "p1@wg.example", T0 + 4 * DAY, "Re: [wg] " BUDGET, "Fees are too high.",
		"cb@wg.example");
	same_as_full(s, 1, "late parent");
	row = row_of(s, 1, "y1@wg.example");
	CHECK_STR(row, ANSWERS(2, BUDGET));
	free(row);
	drop_store(s, path);
}

/* Which exclusions say a message is not about the draft (check leaves those uncounted) and
 * which leave out a message that may answer it. */
static void test_not_about_draft(void)
{
	CHECK_INT(rp_analyse_not_about_draft("auto-reply"), 1);
	CHECK_INT(rp_analyse_not_about_draft("off-topic: no reference to the draft"), 1);
	CHECK_INT(rp_analyse_not_about_draft("answers another draft (2: Draft budget)"), 1);
	CHECK_INT(rp_analyse_not_about_draft("after deadline"), 0);
	CHECK_INT(rp_analyse_not_about_draft("before circulation"), 0);
	CHECK_INT(rp_analyse_not_about_draft("duplicate delivery"), 0);
	CHECK_INT(rp_analyse_not_about_draft("reply to the circulated draft"), 0);
	CHECK_INT(rp_analyse_not_about_draft(NULL), 0);
}

RP_TEST_MAIN(T(test_headers), T(test_thread_nodes), T(test_incremental), T(test_reposts), T(test_shared_list),
	     T(test_shared_threads), T(test_generic_title), T(test_shared_incremental),
	     T(test_not_about_draft))
