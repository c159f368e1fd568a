/* test-consensus: per-section positions, levels, open objections, amendments, questions,
 * clusters and formal votes, on small discussions built by SQL in a temporary store. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "rapporteur/analyse.h"

/* One post = one message carrying one point. section NULL = general comment; "-" = no anchor row. */
struct post {
	const char *msgid, *irt, *addr, *name;
	int64_t date;
	const char *section, *label, *tkind, *target, *text, *proposed;
	const char *resp; /* the post whose point this one quotes and answers, or NULL */
	const char *secondary; /* the stance's secondary label, or NULL */
};

static const char *const sections[] = { "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7",
					"3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15", "3.16" };

#define A_ "alice@example.org", "Alice Martin"
#define B_ "bob@example.org", "Robert Jones"
#define C_ "carol@example.org", "Carol Wu"
#define D_ "dan@example.org", "Daniel Okafor"
#define E_ "eve@example.org", "Eve Larsen"
#define F_ "fay@example.org", "Fay Ndiaye"

static const struct post posts[] = {
	/* 3.1 agreed: two supporters */
	{ "m1", NULL, A_, 100, "3.1", "support", "section", NULL, "I support the text of 3.1.", NULL, NULL, NULL },
	{ "m2", NULL, B_, 110, "3.1", "support", "section", NULL, "Section 3.1 is fine with us.", NULL, NULL, NULL },
	/* 3.2 rough: two supporters saying the same thing, one isolated objector */
	{ "m3", NULL, A_, 120, "3.2", "support", "section", NULL,
	  "The capacity building recommendation is essential for developing countries.", NULL, NULL, NULL },
	{ "m4", NULL, B_, 130, "3.2", "support", "section", NULL,
	  "We agree. The capacity building recommendation is essential for developing countries. "
	  "Thanks to the editors.",
	  NULL, NULL, NULL },
	{ "m5", NULL, C_, 140, "3.2", "object", "section", NULL, "This recommendation is problematic.", NULL, NULL, NULL },
	/* 3.3 contested */
	{ "m6", NULL, A_, 150, "3.3", "support", "section", NULL, "Good.", NULL, NULL, NULL },
	{ "m7", NULL, B_, 160, "3.3", "object", "section", NULL, "I disagree with 3.3.", NULL, NULL, NULL },
	{ "m8", NULL, C_, 170, "3.3", "object", "section", NULL, "3.3 goes too far.", NULL, NULL, NULL },
	/* 3.4 single view with an amendment */
	{ "m9", NULL, D_, 180, "3.4", "amend", "section", NULL, "Replace \"shall\" with \"should\".", "should", NULL, NULL },
	/* 3.5 no comments; 3.6 only a question and a note */
	{ "m10", NULL, A_, 190, "3.6", "question", "section", NULL, "Who maintains the registry?", NULL, NULL, NULL },
	{ "m11", NULL, B_, 200, "3.6", "note", "section", NULL, "The registry exists since 2019.", NULL, NULL, NULL },
	/* thanking Bob for his information takes no position */
	{ "m40", "m11", C_, 205, "3.6", "support", "member", "Bob", "Thanks Bob, that's really helpful.", NULL, NULL, NULL },
	/* a question another member answered, and the asker accepting the answer */
	{ "m47", NULL, D_, 206, "3.6", "question", "section", NULL, "Is the registry public?", NULL, NULL, NULL },
	{ "m48", "m47", B_, 207, "3.6", "note", "section", NULL, "Yes, anyone can read it.", NULL, NULL, NULL },
	{ "m49", "m48", D_, 208, "3.6", "note", "section", NULL, "Thanks, that answers it.", NULL, NULL, NULL },
	/* 3.7 change of mind: Carol objects, Alice answers, Carol later supports: rough consensus */
	{ "m12", NULL, C_, 210, "3.7", "object", "section", NULL, "I am concerned about 3.7.", NULL, NULL, NULL },
	{ "m13", "m12", A_, 220, "3.7", "support", "section", NULL, "The concern is addressed in 3.8.", NULL, NULL, NULL },
	{ "m14", "m13", C_, 230, "3.7", "support", "section", NULL, "Fair point, I support 3.7 then.", NULL, NULL, NULL },
	/* 3.8 agreement copies the stance of whom one agrees with */
	{ "m15", NULL, A_, 240, "3.8", "object", "section", NULL, "3.8 is problematic.", NULL, NULL, NULL },
	{ "m16", NULL, B_, 250, "3.8", "support", "member", "Alice", "+1 to Alice", NULL, NULL, NULL },
	{ "m17", "m15", E_, 260, "3.8", "support", "message", NULL, "+1", NULL, NULL, NULL },
	/* 3.9 one member one voice: Alice thrice, Bob once */
	{ "m18", NULL, A_, 270, "3.9", "support", "section", NULL, "I support 3.9.", NULL, NULL, NULL },
	{ "m19", NULL, A_, 280, "3.9", "support", "section", NULL, "Really, 3.9 is right.", NULL, NULL, NULL },
	{ "m20", NULL, A_, 290, "3.9", "support", "section", NULL, "Once more: keep 3.9.", NULL, NULL, NULL },
	{ "m21", NULL, B_, 300, "3.9", "object", "section", NULL, "3.9 must go.", NULL, NULL, NULL },
	/* 3.10 rough: four supporters, two objectors, both answered */
	{ "m22", NULL, A_, 310, "3.10", "support", "section", NULL, "Yes to 3.10.", NULL, NULL, NULL },
	{ "m23", NULL, B_, 311, "3.10", "support", "section", NULL, "Support 3.10.", NULL, NULL, NULL },
	{ "m24", NULL, C_, 312, "3.10", "support", "section", NULL, "Fine.", NULL, NULL, NULL },
	{ "m25", NULL, F_, 313, "3.10", "support", "section", NULL, "Agreed.", NULL, NULL, NULL },
	{ "m26", NULL, D_, 314, "3.10", "object", "section", NULL, "I object to 3.10.", NULL, NULL, NULL },
	{ "m27", NULL, E_, 315, "3.10", "object", "section", NULL, "3.10 is unacceptable.", NULL, NULL, NULL },
	{ "m28", "m26", A_, 316, "3.10", "note", "section", NULL, "Dan, the annex covers that.", NULL, NULL, NULL },
	{ "m29", "m27", B_, 317, "3.10", "note", "section", NULL, "Eve, see the 2019 report.", NULL, NULL, NULL },
	/* 3.11 the same without answers: contested */
	{ "m30", NULL, A_, 320, "3.11", "support", "section", NULL, "Yes to 3.11.", NULL, NULL, NULL },
	{ "m31", NULL, B_, 321, "3.11", "support", "section", NULL, "Support 3.11.", NULL, NULL, NULL },
	{ "m32", NULL, C_, 322, "3.11", "support", "section", NULL, "Fine.", NULL, NULL, NULL },
	{ "m33", NULL, F_, 323, "3.11", "support", "section", NULL, "Agreed.", NULL, NULL, NULL },
	{ "m34", NULL, D_, 324, "3.11", "object", "section", NULL, "I object to 3.11.", NULL, NULL, NULL },
	{ "m35", NULL, E_, 325, "3.11", "object", "section", NULL, "3.11 is unacceptable.", NULL, NULL, NULL },
	/* 3.12 disagreeing with someone's amendment keeps (supports) the text, but the two
	 * disagree while Alice still proposes it: rough consensus, not agreed. 3.15: the same
	 * amendment given up by its author afterwards: agreed. */
	{ "m38", NULL, A_, 350, "3.12", "amend", "section", NULL, "Delete 3.12.", NULL, NULL, NULL },
	{ "m39", "m38", B_, 360, "3.12", "object", "member", "Alice", "I disagree with Alice.", NULL, NULL, NULL },
	{ "m50", NULL, A_, 450, "3.15", "amend", "section", NULL, "Delete 3.15.", NULL, NULL, NULL },
	{ "m51", "m50", B_, 460, "3.15", "object", "member", "Alice", "I disagree with Alice.", NULL, NULL, NULL },
	{ "m52", "m51", A_, 470, "3.15", "support", "section", NULL, "Fair enough, keep 3.15 as it is.", NULL, NULL, NULL },
	/* 3.13 an answer under a quoted point takes sides on that point, not on its author's
	 * later position: Bob argues against Alice's objection (support), then proposes a
	 * softer text (amend); Carol, under Bob's argument, objects to it: an objection. */
	{ "m41", NULL, A_, 400, "3.13", "object", "section", NULL, "3.13 is problematic.", NULL, NULL, NULL },
	{ "m42", "m41", B_, 410, "3.13", "object", "member", "Alice", "I am not as worried as Alice.", NULL, "m41", NULL },
	{ "m43", "m41", B_, 420, "3.13", "amend", "section", NULL, "At least soften 3.13.", NULL, NULL, NULL },
	{ "m44", "m42", C_, 430, "3.13", "object", "member", "Robert", "That is exactly what worries me.", NULL, "m42", NULL },
	/* siding with someone while finding fault: their position when they have one (3.8:
	 * Alice objects), else the point's own objection (3.14: Alice said nothing on it) */
	{ "m45", NULL, F_, 265, "3.8", "support", "member", "Alice", "I am as worried as Alice about 3.8.",
	  NULL, NULL, "object" },
	{ "m46", NULL, F_, 440, "3.14", "support", "member", "Alice", "As Alice said, 3.14 is too vague.",
	  NULL, NULL, "object" },
	/* 3.16 a counter-proposal against someone's amendment: all three would change the
	 * text, but not the same way: rough consensus, not agreed */
	{ "m60", NULL, A_, 480, "3.16", "amend", "section", NULL, "Replace \"may\" with \"must\" in 3.16.",
	  "must", NULL, NULL },
	{ "m61", "m60", C_, 485, "3.16", "support", "member", "Alice", "+1 to Alice.", NULL, NULL, NULL },
	{ "m62", "m60", B_, 490, "3.16", "amend", "member", "Alice",
	  "I disagree with Alice's change; keep \"may\" but add \"in writing\".", "in writing", NULL, "object" },
	/* general comments: a NULL section and no anchor at all */
	{ "m36", NULL, A_, 330, NULL, "support", "section", NULL, "Thanks for the whole draft.", NULL, NULL, NULL },
	{ "m37", NULL, B_, 340, "-", "support", "section", NULL, "A good report overall.", NULL, NULL, NULL },
};

static char dir[256];
static char dbpath[300];

static int exec(struct rp_store *s, const char *sql)
{
	struct rp_error err = { 0 };
	int rc = rp_store_exec(s, sql, &err);
	if (rc)
		fprintf(stderr, "  SQL: %s\n", rp_error_text(&err));
	return rc;
}

static struct rp_store *build_store(void)
{
	struct rp_store *s = NULL;
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	sqlite3 *db;
	size_t i;
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/rp-consensus.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return NULL;
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	if (rp_store_open(&s, dbpath, 0, &err)) {
		fprintf(stderr, "open: %s\n", rp_error_text(&err));
		return NULL;
	}
	db = rp_store_db(s);
	exec(s, "INSERT INTO list(id, name) VALUES (1, 'wg');"
		"INSERT INTO draft(id, title, text, created) VALUES (1, 'Report', 'text', 0);"
		"INSERT INTO draft(id, title, text, created) VALUES (2, 'Other', 'text', 0);"
		"INSERT INTO member(address, name) VALUES ('dan@example.org', 'Dan Okafor');"
		"INSERT INTO member_alias(member, alias) VALUES (1, 'd.okafor@example.net');");
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		sqlite3_prepare_v2(db, "INSERT INTO section(draft, ordinal, number, heading, text) VALUES (1, ?, ?, ?, 'x')",
				   -1, &st, NULL);
		sqlite3_bind_int(st, 1, (int)i);
		sqlite3_bind_text(st, 2, sections[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, "Heading", -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	for (i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		const struct post *p = &posts[i];
		int64_t mid, pid;
		sqlite3_prepare_v2(db, "INSERT INTO raw(hash, bytes) VALUES (?1, ?1)", -1, &st, NULL);
		sqlite3_bind_text(st, 1, p->msgid, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
		sqlite3_prepare_v2(db,
				   "INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, "
				   "in_reply_to, subject, body, size, imported_at) VALUES (?1, ?1, 1, ?2, ?3, ?4, ?5, "
				   "'Re: Report', ?6, 1, 0)",
				   -1, &st, NULL);
		sqlite3_bind_text(st, 1, p->msgid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, p->date);
		sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, p->addr, -1, SQLITE_STATIC);
		rp_bind_text(st, 5, p->irt);
		sqlite3_bind_text(st, 6, p->text, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
		mid = sqlite3_last_insert_rowid(db);
		sqlite3_prepare_v2(db, "INSERT INTO point(draft, message, ordinal, text) VALUES (1, ?, 0, ?)", -1,
				   &st, NULL);
		sqlite3_bind_int64(st, 1, mid);
		sqlite3_bind_text(st, 2, p->text, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
		pid = sqlite3_last_insert_rowid(db);
		if (!p->section || strcmp(p->section, "-") != 0) {
			sqlite3_prepare_v2(db,
					   "INSERT INTO anchor(point, section, method, confidence) VALUES (?1, "
					   "(SELECT id FROM section WHERE draft = 1 AND number = ?2), 'explicit', 1)",
					   -1, &st, NULL);
			sqlite3_bind_int64(st, 1, pid);
			rp_bind_text(st, 2, p->section);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
		if (p->resp) {
			sqlite3_prepare_v2(db,
					   "UPDATE point SET responds_to = (SELECT q.id FROM point q JOIN message m"
					   " ON m.id = q.message WHERE m.message_id = ?2) WHERE id = ?1",
					   -1, &st, NULL);
			sqlite3_bind_int64(st, 1, pid);
			sqlite3_bind_text(st, 2, p->resp, -1, SQLITE_STATIC);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
		sqlite3_prepare_v2(db,
				   "INSERT INTO stance(point, label, target_kind, target, confidence, proposed,"
				   " secondary) VALUES (?, ?, ?, ?, 0.9, ?, ?)",
				   -1, &st, NULL);
		sqlite3_bind_int64(st, 1, pid);
		sqlite3_bind_text(st, 2, p->label, -1, SQLITE_STATIC);
		rp_bind_text(st, 3, p->tkind);
		rp_bind_text(st, 4, p->target);
		rp_bind_text(st, 5, p->proposed);
		rp_bind_text(st, 6, p->secondary);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	/* each message's list, as an import records it with the message */
	sqlite3_exec(db, "INSERT OR IGNORE INTO message_list(list, message, date) SELECT list_id, id, date FROM message WHERE list_id IS NOT NULL", NULL, NULL, NULL);
	return s;
}

static void drop_store(struct rp_store *s)
{
	char path[400];

	rp_store_close(s);
	unlink(dbpath);
	snprintf(path, sizeof(path), "%s-wal", dbpath);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", dbpath);
	unlink(path);
	rmdir(dir);
}

static const struct rp_section_consensus *find(const struct rp_consensus *c, const char *number)
{
	size_t i;
	for (i = 0; i < c->n_sections; i++)
		if ((!number && !c->sections[i].number) ||
		    (number && c->sections[i].number && strcmp(c->sections[i].number, number) == 0))
			return &c->sections[i];
	return NULL;
}

static const struct rp_position *pos(const struct rp_section_consensus *sc, const char *addr)
{
	size_t i;
	for (i = 0; sc && i < sc->n_positions; i++)
		if (strcmp(sc->positions[i].member.address, addr) == 0)
			return &sc->positions[i];
	return NULL;
}

static void test_levels(void)
{
	static const struct {
		const char *section;
		enum rp_consensus_level level;
		size_t support, object, amend, open, questions;
	} want[] = {
		{ "3.1", RP_LEVEL_AGREED, 2, 0, 0, 0, 0 },
		{ "3.2", RP_LEVEL_ROUGH, 2, 1, 0, 1, 0 },
		{ "3.3", RP_LEVEL_CONTESTED, 1, 2, 0, 2, 0 },
		{ "3.4", RP_LEVEL_SINGLE, 0, 0, 1, 0, 0 },
		{ "3.5", RP_LEVEL_NO_COMMENTS, 0, 0, 0, 0, 0 },
		{ "3.6", RP_LEVEL_NO_COMMENTS, 0, 0, 0, 0, 2 },
		{ "3.7", RP_LEVEL_ROUGH, 2, 0, 0, 0, 0 }, /* an objection addressed, then withdrawn */
		{ "3.8", RP_LEVEL_CONTESTED, 0, 4, 0, 4, 0 },
		{ "3.9", RP_LEVEL_CONTESTED, 1, 1, 0, 1, 0 },
		{ "3.10", RP_LEVEL_ROUGH, 4, 2, 0, 2, 0 },
		{ "3.11", RP_LEVEL_CONTESTED, 4, 2, 0, 2, 0 },
		{ "3.12", RP_LEVEL_ROUGH, 1, 0, 1, 0, 0 },
		{ "3.13", RP_LEVEL_CONTESTED, 0, 2, 1, 2, 0 },
		{ "3.14", RP_LEVEL_SINGLE, 0, 1, 0, 1, 0 },
		{ "3.15", RP_LEVEL_AGREED, 2, 0, 0, 0, 0 },
		{ "3.16", RP_LEVEL_ROUGH, 0, 0, 3, 0, 0 },
		{ NULL, RP_LEVEL_AGREED, 2, 0, 0, 0, 0 },
	};
	struct rp_store *s = build_store();
	struct rp_consensus c;
	struct rp_error err = { 0 };
	size_t i;

	CHECK(s != NULL);
	if (!s)
		return;
	CHECK_INT(rp_consensus_compute(&c, s, 1, NULL, &err), 0);
	CHECK_INT(c.n_sections, 17); /* sixteen sections and the general comments */
	CHECK(c.n_sections && c.sections[c.n_sections - 1].number == NULL);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct rp_section_consensus *sc = find(&c, want[i].section);
		CHECK(sc != NULL);
		if (!sc)
			continue;
		if (sc->level != want[i].level)
			fprintf(stderr, "  section %s: %s\n", want[i].section ? want[i].section : "general",
				rp_consensus_level_name(sc->level));
		CHECK_INT(sc->level, want[i].level);
		CHECK_INT(sc->count[RP_STANCE_SUPPORT], want[i].support);
		CHECK_INT(sc->count[RP_STANCE_OBJECT], want[i].object);
		CHECK_INT(sc->count[RP_STANCE_AMEND], want[i].amend);
		CHECK_INT(sc->n_open_objections, want[i].open);
		CHECK_INT(sc->n_questions, want[i].questions);
	}
	/* The isolated objector is named; nobody answered them. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.2");
		CHECK_STR(sc->open_objections[0].member.address, "carol@example.org");
		CHECK_STR(sc->open_objections[0].member.name, "Carol Wu");
		CHECK_INT(sc->open_objections[0].answered, 0);
	}
	/* 3.10: both objections answered; the member table's name wins over From. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.10");
		CHECK_INT(sc->open_objections[0].answered, 1);
		CHECK_INT(sc->open_objections[1].answered, 1);
		CHECK_STR(sc->open_objections[0].member.name, "Dan Okafor");
	}
	/* An amendment its author still proposes is listed; one given up afterwards (its
	 * author now supporting the text in a later message) is not. */
	CHECK_INT(find(&c, "3.12")->n_amendments, 1);
	CHECK_INT(find(&c, "3.15")->n_amendments, 0);
	/* A question is answered when another member replied to it, as an objection is. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.6");
		CHECK_INT(sc->n_questions, 2);
		CHECK_STR(sc->questions[0].text, "Who maintains the registry?");
		CHECK_INT(sc->questions[0].answered, 0);
		CHECK_STR(sc->questions[1].text, "Is the registry public?");
		CHECK_INT(sc->questions[1].answered, 1);
	}
	/* The amendment keeps its proposed wording. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.4");
		CHECK_INT(sc->n_amendments, 1);
		CHECK_STR(sc->amendments[0].proposed, "should");
		CHECK_STR(sc->amendments[0].member.address, "dan@example.org");
	}
	/* A change of mind: history kept, latest wins, objection withdrawn. */
	{
		const struct rp_position *p = pos(find(&c, "3.7"), "carol@example.org");
		CHECK(p != NULL);
		CHECK_INT(p->n_history, 2);
		CHECK_INT(p->history[0].label, RP_STANCE_OBJECT);
		CHECK_INT(p->label, RP_STANCE_SUPPORT);
	}
	/* "+1 to Alice" and a bare "+1" under her message take her position. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.8");
		CHECK_INT(pos(sc, "bob@example.org")->label, RP_STANCE_OBJECT);
		CHECK_INT(pos(sc, "eve@example.org")->label, RP_STANCE_OBJECT);
	}
	/* Under Bob's quoted argument (support), Carol's objection objects to the text, though
	 * Bob's latest position is an amendment. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.13");
		CHECK_INT(pos(sc, "bob@example.org")->label, RP_STANCE_AMEND);
		CHECK_INT(pos(sc, "bob@example.org")->history[0].label, RP_STANCE_SUPPORT);
		CHECK_INT(pos(sc, "carol@example.org")->label, RP_STANCE_OBJECT);
	}
	/* Agreeing with someone who only informed is a note, not support of the text. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.6");
		CHECK(pos(sc, "carol@example.org") != NULL);
		CHECK_INT(pos(sc, "carol@example.org")->label, RP_STANCE_NOTE);
	}
	/* One member, one voice: three mails of Alice are one position with three events. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.9");
		CHECK_INT(sc->n_positions, 2);
		CHECK_INT(pos(sc, "alice@example.org")->n_history, 3);
	}
	/* Near-duplicates: the two supporters of 3.2 form one cluster, its representative a
	 * sentence both said rather than the thanks. */
	{
		const struct rp_section_consensus *sc = find(&c, "3.2");
		size_t k, found = 0;
		for (k = 0; k < sc->n_clusters; k++)
			if (sc->clusters[k].label == RP_STANCE_SUPPORT) {
				found++;
				CHECK_INT(sc->clusters[k].n_points, 2);
				CHECK_INT(sc->clusters[k].n_members, 2);
				CHECK_STR(sc->clusters[k].representative,
					  "The capacity building recommendation is essential for developing countries.");
			}
		CHECK_INT(found, 1);
	}
	rp_consensus_release(&c);

	/* Thresholds are configurable: three supporters needed turns 3.1 into rough consensus. */
	{
		struct rp_consensus_config cfg;
		rp_consensus_config_init(&cfg);
		cfg.agreed_min_support = 3;
		CHECK_INT(rp_consensus_compute(&c, s, 1, &cfg, &err), 0);
		CHECK_INT(find(&c, "3.1")->level, RP_LEVEL_ROUGH);
		CHECK_INT(find(&c, "3.10")->level, RP_LEVEL_ROUGH);
		rp_consensus_release(&c);
	}
	/* A draft without points: every section has no comments. */
	CHECK_INT(rp_consensus_compute(&c, s, 2, NULL, &err), 0);
	CHECK_INT(c.n_sections, 1);
	CHECK_INT(c.sections[0].level, RP_LEVEL_NO_COMMENTS);
	rp_consensus_release(&c);
	CHECK_INT(rp_consensus_compute(&c, s, 99, NULL, &err), RP_ENOTFOUND);
	rp_consensus_release(&c);
	drop_store(s);
}

static void test_cluster_pure(void)
{
	static const char *const texts[] = {
		"Capacity building for developing countries must be funded.",
		"Funding capacity building in developing countries is a must.",
		"The registry should be run by an independent body.",
		"An independent body should run the registry.",
		"Unrelated remark about the meeting venue.",
	};
	size_t cl[5], n = 0;
	char *rep = NULL;
	size_t which = 9;

	CHECK_INT(rp_cluster_points(texts, 5, 0.5, cl, &n), 0);
	CHECK_INT(n, 3);
	CHECK_INT(cl[0], cl[1]);
	CHECK_INT(cl[2], cl[3]);
	CHECK(cl[0] != cl[2] && cl[4] != cl[0] && cl[4] != cl[2]);
	CHECK_INT(rp_cluster_points(texts, 0, 0.5, cl, &n), 0);
	CHECK_INT(n, 0);
	/* The central sentence is the one most others resemble, not the first. */
	{
		static const char *const doc[] = {
			"Thanks to everyone. The registry should be independent.",
			"I agree the registry should be independent of governments.",
			"An independent registry is what we need.",
		};
		CHECK_INT(rp_cluster_representative(&rep, &which, doc, 3), 0);
		/* It shares "registry" and "independent" with both others; the thanks opening
		 * the first text shares nothing. */
		CHECK_STR(rep, "The registry should be independent.");
		CHECK_INT(which, 0);
		free(rep);
	}
	{
		static const char *const empty[] = { "", "   " };
		CHECK_INT(rp_cluster_representative(&rep, &which, empty, 2), RP_ENOTFOUND);
	}
	/* One point alone: the sentence that says its position, not the courtesy before it;
	 * with no position wanted, the first that is not thanks. */
	{
		static const char *const one[] = {
			"Hello all. I withdraw my objection on 3.9.",
			"Tomas, I see your point. I can live with \"should\" if the text adds a deadline.",
			"Page 5 worries me. The glossary should define \"municipal network\".",
			"Thanks all. Nothing to add here.",
			/* The complaint repeats its words, the proposal is said once: the
			 * proposal is what the amendment's summary shows. */
			"My main comment is on staffing. The secretariat relies on volunteers, and "
			"volunteers leave. Keeping volunteers engaged is very hard. I propose to add to "
			"5.1: \"Each coalition receives a small annual grant.\"",
			"The annex is long and the annex is hard to read. Members are missing from the "
			"annex. Who keeps it up to date?",
		};
		static const enum rp_stance_label want[] = { RP_STANCE_SUPPORT, RP_STANCE_SUPPORT,
							     RP_STANCE_AMEND, RP_STANCE_NOTE,
							     RP_STANCE_AMEND, RP_STANCE_QUESTION };
		static const char *const expect[] = {
			"I withdraw my objection on 3.9.",
			"I can live with \"should\" if the text adds a deadline.",
			"The glossary should define \"municipal network\".",
			"Nothing to add here.", /* thanks sum up nothing when more is said */
			"I propose to add to 5.1: \"Each coalition receives a small annual grant.\"",
			"Who keeps it up to date?",
		};
		size_t i;

		for (i = 0; i < 6; i++) {
			CHECK_INT(rp_cluster_representative_for(&rep, &which, &one[i], 1, want[i]), 0);
			CHECK_STR(rep, expect[i]);
			free(rep);
		}
		CHECK_INT(rp_cluster_representative(&rep, &which, one, 1), 0);
		CHECK_STR(rep, "Hello all.");
		free(rep);
	}
	/* A position taken by pointing at someone ("I agree with the previous speaker.") says
	 * nothing alone in a summary: the sentence after it, the substance, goes with it. */
	{
		static const char *const who[] = {
			"I agree with the previous speaker. Parity should be the goal, 40% reads as a ceiling.",
			"+1 to Kwabena. The power limits matter most for long links.",
			"I agree with the previous speaker.",
		};
		static const char *const expect[] = {
			"I agree with the previous speaker. Parity should be the goal, 40% reads as a ceiling.",
			"+1 to Kwabena. The power limits matter most for long links.",
			"I agree with the previous speaker.",
		};
		size_t i;

		for (i = 0; i < 3; i++) {
			CHECK_INT(rp_cluster_representative_for(&rep, &which, &who[i], 1, RP_STANCE_SUPPORT), 0);
			CHECK_STR(rep, expect[i]);
			free(rep);
		}
	}
}

/* Votes: a [VOTE] thread with a ballot, changed votes and a [RESULT] in its own thread. */
static void test_votes_store(void)
{
	static const struct {
		const char *msgid, *parent, *thread, *addr, *name, *subject, *newtext;
		int64_t date;
	} msgs[] = {
		{ "v1", NULL, "v1", "chair@example.org", "Chair", "[VOTE] Adopt the report",
		  "Please vote:\n[ ] +1 adopt\n[ ] 0 abstain\n[ ] -1 reject", 10 },
		{ "v2", "v1", "v1", "alice@example.org", "Alice", "Re: [VOTE] Adopt the report", "+1", 11 },
		{ "v3", "v1", "v1", "bob@example.org", "Bob", "Re: [VOTE] Adopt the report", "-1, see my mail", 12 },
		{ "v4", "v3", "v1", "bob@example.org", "Bob", "Re: [VOTE] Adopt the report",
		  "After the fix: +1 (binding)", 13 },
		{ "v5", "v1", "v1", "carol@example.org", "Carol", "Re: [VOTE] Adopt the report", "0", 14 },
		{ "v6", "v1", "v1", "dan@example.org", "Dan", "Re: [VOTE] Adopt the report",
		  "A question on the annex first.", 15 },
		{ "r1", NULL, "r1", "chair@example.org", "Chair", "[RESULT][VOTE] Adopt the report",
		  "The vote passes with 2 +1, 1 0 and 0 -1.", 20 },
		{ "o1", NULL, "o1", "eve@example.org", "Eve", "Lunch plans", "+1", 30 },
	};
	struct rp_store *s = build_store();
	struct rp_votes v;
	struct rp_error err = { 0 };
	sqlite3_stmt *st = NULL;
	size_t i;

	CHECK(s != NULL);
	if (!s)
		return;
	for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
		sqlite3 *db = rp_store_db(s);
		sqlite3_prepare_v2(db, "INSERT INTO raw(hash, bytes) VALUES (?1, ?1)", -1, &st, NULL);
		sqlite3_bind_text(st, 1, msgs[i].msgid, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
		sqlite3_prepare_v2(db,
				   "INSERT INTO message(message_id, hash, list_id, date, from_name, from_addr, "
				   "subject, body, size, imported_at) VALUES (?1, ?1, 1, ?2, ?3, ?4, ?5, "
				   "'> quoted +1\n' || ?6, 1, 0)",
				   -1, &st, NULL);
		sqlite3_bind_text(st, 1, msgs[i].msgid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, msgs[i].date);
		sqlite3_bind_text(st, 3, msgs[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, msgs[i].addr, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, msgs[i].subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, msgs[i].newtext, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_finalize(st);
		/* Blocks for all but v5: its vote must come from the body without quotes. */
		if (strcmp(msgs[i].msgid, "v5") != 0) {
			sqlite3_prepare_v2(db,
					   "INSERT INTO block(message, ordinal, kind, text) VALUES "
					   "(last_insert_rowid(), 0, 'new', ?1)",
					   -1, &st, NULL);
			sqlite3_bind_text(st, 1, msgs[i].newtext, -1, SQLITE_STATIC);
			sqlite3_step(st);
			sqlite3_finalize(st);
		}
		sqlite3_prepare_v2(db,
				   "INSERT INTO thread_node(message_id, parent, thread, depth) VALUES (?, ?, ?, ?)",
				   -1, &st, NULL);
		sqlite3_bind_text(st, 1, msgs[i].msgid, -1, SQLITE_STATIC);
		rp_bind_text(st, 2, msgs[i].parent);
		sqlite3_bind_text(st, 3, msgs[i].thread, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, msgs[i].parent ? 1 : 0);
		sqlite3_step(st);
		sqlite3_finalize(st);
	}
	sqlite3_exec(rp_store_db(s), "INSERT OR IGNORE INTO message_list(list, message, date) SELECT list_id, id, date FROM message WHERE list_id IS NOT NULL", NULL, NULL, NULL);
	CHECK_INT(rp_votes_collect(&v, s, NULL, &err), 0);
	CHECK_INT(v.n, 1);
	if (v.n == 1) {
		const struct rp_vote_thread *t = &v.threads[0];
		CHECK_STR(t->thread, "v1");
		CHECK_STR(t->subject, "[VOTE] Adopt the report");
		CHECK_INT(t->n_votes, 3);
		CHECK_INT(t->tally[0], 2);
		CHECK_INT(t->tally[1], 1);
		CHECK_INT(t->tally[2], 0);
		if (t->n_votes == 3) {
			CHECK_STR(t->votes[1].address, "bob@example.org");
			CHECK_INT(t->votes[1].vote, 1);
			CHECK_STR(t->votes[1].message_id, "v4");
			CHECK_INT(t->votes[2].vote, 0);
		}
		CHECK_INT(t->has_result, 1);
		CHECK_INT(t->result[0], 2);
		CHECK_INT(t->result[1], 1);
		CHECK_STR(t->result_message_id, "r1");
	}
	rp_votes_release(&v);
	CHECK_INT(rp_votes_collect(&v, s, "wg", &err), 0);
	CHECK_INT(v.n, 1);
	rp_votes_release(&v);
	CHECK_INT(rp_votes_collect(&v, s, "nosuchlist", &err), RP_ENOTFOUND);
	rp_votes_release(&v);
	drop_store(s);
}

RP_TEST_MAIN(T(test_levels), T(test_cluster_pure), T(test_votes_store))
