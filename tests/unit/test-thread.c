/* test-thread: threading rules, one table per rule. Each case lists messages and the
 * expected tree as "id<parent" pairs sorted by id ("*" marks a ghost); every case is also
 * run on its input reversed and rotated, which must give the same tree. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "temp-store.h"
#include "rapporteur/thread.h"

#define DAY 86400

struct msg {
	const char *id, *irt, *refs, *subject;
	int64_t date;
	int64_t list;
};

struct tcase {
	const char *name;
	struct msg m[8];
	const char *expected;
};

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tree as text: "a<; b<a; x*<" sorted by id, so order of output does not matter. */
static char *tree_text(const struct rp_thread_node *nd, size_t n)
{
	struct rp_buf b = RP_BUF_INIT;
	char **lines = calloc(n + 1, sizeof(*lines));
	size_t i;

	for (i = 0; i < n; i++) {
		struct rp_buf l = RP_BUF_INIT;
		rp_buf_addf(&l, "%s%s<%s", nd[i].message_id, nd[i].ghost ? "*" : "",
			    nd[i].parent ? nd[i].parent : "");
		lines[i] = rp_buf_detach(&l, NULL);
	}
	qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 0; i < n; i++) {
		rp_buf_addf(&b, "%s%s", i ? "; " : "", lines[i]);
		free(lines[i]);
	}
	free(lines);
	return rp_buf_detach(&b, NULL);
}

static size_t count(const struct msg *m)
{
	size_t n = 0;

	while (n < 8 && m[n].id)
		n++;
	return n;
}

/* Thread m[] given in the order perm[] and describe the result. */
static char *run(const struct msg *m, size_t n, const size_t *perm,
		 const struct rp_thread_options *opt)
{
	struct rp_thread_input in[8];
	struct rp_thread_node *nd = NULL;
	size_t nn = 0, i;
	char *text;

	for (i = 0; i < n; i++) {
		const struct msg *s = &m[perm[i]];
		in[i] = (struct rp_thread_input){ s->id, s->irt, s->refs, s->subject, s->date,
						  s->list };
	}
	if (rp_thread_build(&nd, &nn, in, n, opt, NULL))
		return strdup("(error)");
	text = tree_text(nd, nn);
	rp_thread_nodes_free(nd, nn);
	return text;
}

static void run_cases(const struct tcase *c, size_t nc)
{
	size_t i, k, n, perm[8];

	for (i = 0; i < nc; i++) {
		char *got;
		rp_t_name = c[i].name;
		n = count(c[i].m);
		for (k = 0; k < n; k++)
			perm[k] = k;
		got = run(c[i].m, n, perm, NULL);
		CHECK_STR(got, c[i].expected);
		free(got);
		for (k = 0; k < n; k++) /* reversed: a late parent arrives last */
			perm[k] = n - 1 - k;
		got = run(c[i].m, n, perm, NULL);
		CHECK_STR(got, c[i].expected);
		free(got);
		for (k = 0; k < n; k++)
			perm[k] = (k + 1) % n;
		got = run(c[i].m, n, perm, NULL);
		CHECK_STR(got, c[i].expected);
		free(got);
	}
}

static void test_parent_links(void)
{
	static const struct tcase c[] = {
		{ "last References entry is the parent",
		  { { "a", NULL, NULL, "Draft v2", 1, 1 }, { "b", "a", "a", "Re: Draft v2", 2, 1 },
		    { "c", "a", "a b", "Re: Draft v2", 3, 1 } },
		  "a<; b<a; c<b" },
		{ "In-Reply-To when there is no References",
		  { { "a", NULL, NULL, "x", 1, 1 }, { "b", "a", NULL, "Re: x", 2, 1 } },
		  "a<; b<a" },
		{ "References wins over a disagreeing In-Reply-To",
		  { { "a", NULL, NULL, "x", 1, 1 }, { "b", NULL, "a", "y", 2, 1 },
		    { "c", "a", "a b", "z", 3, 1 } },
		  "a<; b<a; c<b" },
		{ "In-Reply-To missing from a mistyped References is the parent",
		  { { "root", NULL, NULL, "root message", 1, 1 },
		    { "child", "root", "root-typo", "child message", 2, 1 },
		    { "grandchild", "child", "child", "grand-child message", 3, 1 } },
		  "child<root; grandchild<child; root<" },
		{ "misordered References (root last): In-Reply-To is the parent",
		  { { "root", NULL, NULL, "root message", 1, 1 },
		    { "child", "root", "root", "child message", 2, 1 },
		    { "grandchild", "child", "child root", "grand-child message", 3, 1 } },
		  "child<root; grandchild<child; root<" },
		{ "In-Reply-To appended to truncated References",
		  { { "d", "c", "a b", "Re: x", 4, 1 } },
		  "a*<; b*<a; c*<b; d<c" },
		{ "bracketed ids are accepted",
		  { { "a@x", NULL, NULL, "x", 1, 1 }, { "b@x", "<a@x>", "<a@x>", "Re: x", 2, 1 } },
		  "a@x<; b@x<a@x" },
		{ "References linked pairwise, not just to the message",
		  { { "c", NULL, "a b", "Re: x", 3, 1 }, { "d", NULL, "a", "Re: x", 4, 1 } },
		  "a*<; b*<a; c<b; d<a" },
	};
	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void test_ghosts(void)
{
	static const struct tcase c[] = {
		{ "unseen parent becomes a ghost root",
		  { { "b", "x", "x", "Re: x", 2, 1 }, { "c", "x", "x", "Re: x", 3, 1 } },
		  "b<x; c<x; x*<" },
		{ "ghost chain from References",
		  { { "c", NULL, "x y", "Re: x", 2, 1 } },
		  "c<y; x*<; y*<x" },
		{ "late-arriving parent fills its ghost (any input order)",
		  { { "r1", "p", "p", "Re: plan", 5, 1 }, { "r2", "r1", "p r1", "Re: plan", 6, 1 },
		    { "p", NULL, NULL, "plan", 1, 1 } },
		  "p<; r1<p; r2<r1" },
		{ "truncated References: the message's own header decides",
		  { { "a", NULL, NULL, "s", 1, 1 }, { "b", NULL, "a", "Re: s", 2, 1 },
		    { "d", NULL, "b c", "Re: s", 4, 1 }, { "c", NULL, "a", "Re: s", 3, 1 } },
		  "a<; b<a; c<a; d<c" },
	};
	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void test_loops_and_self(void)
{
	static const struct tcase c[] = {
		{ "self reference ignored",
		  { { "a", "a", "a", "x", 1, 1 } },
		  "a<" },
		{ "self reference inside References skipped",
		  { { "a", NULL, NULL, "x", 1, 1 }, { "b", NULL, "a b", "Re: x", 2, 1 } },
		  "a<; b<a" },
		{ "two messages referencing each other: one link only",
		  { { "a", NULL, "b", "x", 1, 1 }, { "b", NULL, "a", "x", 2, 1 } },
		  "a<b; b<" },
		{ "three-message reference loop",
		  { { "a", NULL, "c", "x", 1, 1 }, { "b", NULL, "a", "x", 2, 1 },
		    { "c", NULL, "b", "x", 3, 1 } },
		  "a<c; b<a; c<" },
		{ "loop inside one References header",
		  { { "m", NULL, "a b a b", "x", 1, 1 } },
		  "a*<; b*<a; m<b" },
	};
	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void test_duplicates(void)
{
	static const struct tcase c[] = {
		{ "same Message-ID twice is one node",
		  { { "a", NULL, NULL, "x", 1, 1 }, { "a", NULL, NULL, "x", 1, 2 },
		    { "b", "a", "a", "Re: x", 2, 1 } },
		  "a<; b<a" },
		{ "duplicate with different headers: the earlier copy counts",
		  { { "b", NULL, "a", "Re: x", 2, 1 }, { "b", NULL, "z", "Re: x", 3, 1 },
		    { "a", NULL, NULL, "x", 1, 1 } },
		  "a<; b<a" },
	};
	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void test_subject_fallback(void)
{
	static const struct tcase c[] = {
		{ "reply without headers joins the original",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "Re: Agenda", DAY, 1 } },
		  "a<; b<a" },
		{ "AW:, SV: and RE : count as reply prefixes",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "AW: Agenda", DAY, 1 },
		    { "c", NULL, NULL, "SV: agenda", 2 * DAY, 1 }, { "d", NULL, NULL, "RE : Agenda", 3 * DAY, 1 } },
		  "a<; b<a; c<a; d<a" },
		{ "Lotus Notes' Réf. : and Antwort: count as reply prefixes",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "R\xc3\xa9" "f. : Agenda", DAY, 1 },
		    { "c", NULL, NULL, "Antwort: Agenda", 2 * DAY, 1 } },
		  "a<; b<a; c<a" },
		{ "outside the window: no merge",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "Re: Agenda", 40 * DAY, 1 } },
		  "a<; b<" },
		{ "other list: no merge",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "Re: Agenda", DAY, 2 } },
		  "a<; b<" },
		{ "two unrelated originals never merge; a reply joins the latest",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "Agenda", 10 * DAY, 1 },
		    { "c", NULL, NULL, "Re: Agenda", 11 * DAY, 1 } },
		  "a<; b<; c<b" },
		{ "a reply with headers is never moved by subject",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", "x", NULL, "Re: Agenda", DAY, 1 } },
		  "a<; b<x; x*<" },
		{ "forward is not a reply",
		  { { "a", NULL, NULL, "Agenda", 0, 1 }, { "b", NULL, NULL, "Fwd: Agenda", DAY, 1 } },
		  "a<; b<" },
		{ "without an original, joins the thread of an earlier reply",
		  { { "r", "x", "x", "Re: Agenda", 0, 1 }, { "b", NULL, NULL, "Re: Agenda", DAY, 1 } },
		  "b<x; r<x; x*<" },
		{ "reply before the original is not attached to it",
		  { { "b", NULL, NULL, "Re: Agenda", 0, 1 }, { "a", NULL, NULL, "Agenda", DAY, 1 } },
		  "a<; b<" },
	};
	run_cases(c, sizeof(c) / sizeof(c[0]));
}

static void test_window_option(void)
{
	static const struct msg m[] = { { "a", NULL, NULL, "Agenda", 0, 1 },
					{ "b", NULL, NULL, "Re: Agenda", 3 * DAY, 1 } };
	struct rp_thread_options o = { .subject_window = DAY };
	size_t perm[2] = { 0, 1 };
	char *got = run(m, 2, perm, &o);

	CHECK_STR(got, "a<; b<");
	free(got);
	o.subject_window = 5 * DAY;
	got = run(m, 2, perm, &o);
	CHECK_STR(got, "a<; b<a");
	free(got);
}

/* Structure checks shared by the big inputs: parents come before children in the output,
 * depth is the parent's plus one, every thread id is its root's id. */
static void check_shape(const struct rp_thread_node *nd, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++) {
		long p = nd[i].parent_index;
		if (p < 0) {
			bad += nd[i].depth != 0 || nd[i].parent || strcmp(nd[i].thread, nd[i].message_id);
		} else {
			bad += (size_t)p >= i || nd[i].depth != nd[p].depth + 1 ||
			       strcmp(nd[i].parent, nd[p].message_id) || strcmp(nd[i].thread, nd[p].thread);
		}
	}
	CHECK_INT(bad, 0);
}

static void test_many_references(void)
{
	struct rp_buf refs = RP_BUF_INIT;
	struct rp_thread_input in[2] = { { 0 } };
	struct rp_thread_node *nd = NULL;
	size_t nn = 0, i;
	double t0;

	for (i = 0; i < 10000; i++)
		rp_buf_addf(&refs, "<r%zu@example.org> ", i);
	in[0] = (struct rp_thread_input){ "m@example.org", "r9999@example.org", refs.buf,
					  "Re: long", 10, 1 };
	in[1] = (struct rp_thread_input){ "r0@example.org", NULL, NULL, "long", 1, 1 };
	t0 = rp_now_seconds();
	CHECK_INT(rp_thread_build(&nd, &nn, in, 2, NULL, NULL), 0);
	CHECK(rp_now_seconds() - t0 < 2.0);
	/* The first entry (root) and the last RP_THREAD_MAX_REFS - 1 are kept. */
	CHECK_INT(nn, RP_THREAD_MAX_REFS + 1);
	for (i = 0; i < nn; i++) {
		if (strcmp(nd[i].message_id, "m@example.org") == 0) {
			CHECK_STR(nd[i].parent, "r9999@example.org");
			CHECK_STR(nd[i].thread, "r0@example.org");
		}
	}
	check_shape(nd, nn);
	rp_thread_nodes_free(nd, nn);
	rp_buf_release(&refs);
}

/* Hostile: 3,000 messages whose References form cycles of every length, and one long
 * chain; threading must end quickly with a proper forest. */
static void test_loop_storm(void)
{
	enum { N = 3000 };
	struct rp_thread_input *in = calloc(N, sizeof(*in));
	char (*ids)[32] = calloc(N, sizeof(*ids));
	struct rp_buf *refs = calloc(N, sizeof(*refs));
	struct rp_thread_node *nd = NULL;
	size_t nn = 0, i, k, msgs = 0;
	double t0;

	for (i = 0; i < N; i++) {
		snprintf(ids[i], sizeof(ids[i]), "m%zu", i);
		rp_buf_init(&refs[i], 0);
		for (k = 1; k <= 20; k++)
			rp_buf_addf(&refs[i], "m%zu ", (i + k * 7) % N);
		rp_buf_addf(&refs[i], "m%zu", (i + 1) % N);
		in[i] = (struct rp_thread_input){ ids[i], NULL, refs[i].buf, "x", (int64_t)(i % 17), 1 };
	}
	t0 = rp_now_seconds();
	CHECK_INT(rp_thread_build(&nd, &nn, in, N, NULL, NULL), 0);
	CHECK(rp_now_seconds() - t0 < 5.0);
	for (i = 0; i < nn; i++)
		msgs += !nd[i].ghost;
	CHECK_INT(msgs, N);
	check_shape(nd, nn);
	rp_thread_nodes_free(nd, nn);
	for (i = 0; i < N; i++)
		rp_buf_release(&refs[i]);
	free(refs);
	free(ids);
	free(in);
}

/* RFC 5256 mode on the shape of Dovecot's reference-loop case: a truncated References
 * claims c's parent is a, c's own header says b, and b says c: c wins, and is the root. */
static void test_rfc5256_mode(void)
{
	struct rp_thread_input in[3] = {
		{ "a@b", NULL, NULL, NULL, 300, 0 },
		{ "b@b", NULL, "<a@b> <c@b>", NULL, 100, 0 },
		{ "c@b", NULL, "<b@b>", NULL, 200, 0 },
	};
	struct rp_thread_options o = { .mode = RP_THREAD_RFC5256 };
	struct rp_thread_node *nd = NULL;
	size_t nn = 0;

	CHECK_INT(rp_thread_build(&nd, &nn, in, 3, &o, NULL), 0);
	CHECK_INT(nn, 3);
	if (nn == 3) {
		CHECK_INT(nd[0].input, 2);
		CHECK_INT(nd[1].input, 1);
		CHECK_INT(nd[1].parent_index, 0);
		CHECK_INT(nd[2].input, 0);
		CHECK_INT(nd[2].parent_index, -1);
	}
	rp_thread_nodes_free(nd, nn);
}

/* RFC 5256 answer format: "(1 (2 4)(3))", sequence numbers being input positions + 1. */
static void rfc_members(struct rp_buf *o, const struct rp_thread_node *nd, size_t n, size_t k)
{
	size_t c, kids = 0;

	if (!nd[k].ghost)
		rp_buf_addf(o, "%ld", nd[k].input + 1);
	for (c = k + 1; c < n; c++)
		kids += nd[c].parent_index == (long)k;
	if (kids && !nd[k].ghost)
		rp_buf_addch(o, ' ');
	for (c = k + 1; c < n; c++) {
		if (nd[c].parent_index != (long)k)
			continue;
		rp_buf_adds(o, kids > 1 ? "(" : "");
		rfc_members(o, nd, n, c);
		rp_buf_adds(o, kids > 1 ? ")" : "");
	}
}

/* RFC 5256 REFERENCES, on the shapes of Dovecot's imaptest cases (written anew here):
 * duplicates, dummies, pruning, subject gathering, date then sequence order. */
static void test_rfc5256_cases(void)
{
	static const struct {
		const char *name;
		struct msg m[6];
		const char *expected;
	} c[] = {
		{ "duplicate Message-ID: two threads",
		  { { "a@b", NULL, NULL, NULL, 10, 0 }, { "a@b", NULL, NULL, NULL, 10, 0 } },
		  "(1)(2)" },
		{ "duplicate with a reply subject gathered under the original",
		  { { "a@b", NULL, NULL, "foo", 10, 0 }, { "a@b", NULL, NULL, "Re: foo", 11, 0 } },
		  "(1 2)" },
		{ "reply under a missing parent gathered by subject",
		  { { "a@b", NULL, NULL, "foo", 10, 0 }, { "b@b", NULL, "<c@b>", "Re: foo", 11, 0 } },
		  "(1 2)" },
		{ "children sorted by date, then sequence",
		  { { "1@b", NULL, NULL, NULL, 30, 0 }, { "2@b", "<1@b>", NULL, NULL, 10, 0 },
		    { "3@b", "<1@b>", NULL, NULL, 10, 0 }, { "4@b", "<2@b>", NULL, NULL, 10, 0 } },
		  "(1 (2 4)(3))" },
		{ "missing roots with one child are dropped",
		  { { "3@b", "<1@b>", NULL, NULL, 10, 0 }, { "4@b", "<2@b>", NULL, NULL, 10, 0 } },
		  "(1)(2)" },
		{ "missing root with two children stays a dummy",
		  { { "3@b", "<1@b>", NULL, NULL, 10, 0 }, { "4@b", "<2@b>", NULL, NULL, 10, 0 },
		    { "5@b", "<2@b>", NULL, NULL, 10, 0 } },
		  "(1)((2)(3))" },
		{ "messages without Message-ID under a shared missing parent",
		  { { NULL, NULL, "<a@b>", NULL, 10, 0 }, { NULL, NULL, "<a@b>", NULL, 11, 0 } },
		  "((1)(2))" },
		{ "duplicate threaded as a message without id",
		  { { "a@b", NULL, NULL, NULL, 10, 0 }, { "b@b", NULL, "<a@b>", NULL, 10, 0 },
		    { "c@b", NULL, "<b@b>", NULL, 10, 0 }, { "b@b", NULL, "<a@b>", NULL, 10, 0 } },
		  "(1 (2 3)(4))" },
		{ "two originals with one subject: joined under a dummy",
		  { { "a@b", NULL, NULL, "Agenda", 10, 0 }, { "b@b", NULL, NULL, "Agenda", 20, 0 } },
		  "((1)(2))" },
	};
	struct rp_thread_options o = { .mode = RP_THREAD_RFC5256 };
	size_t i, k, n;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct rp_thread_input in[6];
		struct rp_thread_node *nd = NULL;
		struct rp_buf out = RP_BUF_INIT;
		size_t nn = 0;
		rp_t_name = c[i].name;
		for (n = 0; n < 6 && (c[i].m[n].id || c[i].m[n].refs || c[i].m[n].irt); n++)
			in[n] = (struct rp_thread_input){ c[i].m[n].id, c[i].m[n].irt, c[i].m[n].refs,
							  c[i].m[n].subject, c[i].m[n].date, 0 };
		CHECK_INT(rp_thread_build(&nd, &nn, in, n, &o, NULL), 0);
		for (k = 0; k < nn; k++) {
			if (nd[k].parent_index >= 0)
				continue;
			rp_buf_addch(&out, '(');
			rfc_members(&out, nd, nn, k);
			rp_buf_addch(&out, ')');
		}
		CHECK_STR(out.buf, c[i].expected);
		rp_buf_release(&out);
		rp_thread_nodes_free(nd, nn);
	}
}

static void test_base_subject(void)
{
	static const struct {
		const char *in, *base;
		unsigned flags;
	} c[] = {
		{ "Re: foo", "foo", RP_SUBJECT_REPLY },
		{ "RE : foo", "foo", RP_SUBJECT_REPLY },
		{ "AW: Re: Foo", "foo", RP_SUBJECT_REPLY },
		{ "SV: foo", "foo", RP_SUBJECT_REPLY },
		{ "Antw: foo", "foo", RP_SUBJECT_REPLY },
		{ "Antwort: foo", "foo", RP_SUBJECT_REPLY },
		{ "R\xc3\xa9" "f. : [wg] foo", "foo", RP_SUBJECT_REPLY },
		{ "R\xc3\x89" "F. : foo", "foo", RP_SUBJECT_REPLY },
		{ "R\xc3\xa9" "f.: foo", "foo", RP_SUBJECT_REPLY },
		{ "R\xc3\xa9" "f\xc3\xa9rence: foo", "r\xc3\xa9" "f\xc3\xa9rence: foo", 0 },
		{ "TR: foo", "foo", RP_SUBJECT_FORWARD },
		{ "RV: Re: foo", "foo", RP_SUBJECT_REPLY | RP_SUBJECT_FORWARD },
		{ "Re[2]: foo", "foo", RP_SUBJECT_REPLY },
		{ "[wg-list] Re: foo", "foo", RP_SUBJECT_REPLY },
		{ "Re: [wg-list] foo", "foo", RP_SUBJECT_REPLY },
		{ "[wg-list] foo", "foo", 0 },
		{ "[xyz]", "[xyz]", 0 },
		{ "Fwd: foo", "foo", RP_SUBJECT_FORWARD },
		{ "foo (fwd)", "foo", RP_SUBJECT_FORWARD },
		{ "Re: [FWD: c]", "c", RP_SUBJECT_REPLY | RP_SUBJECT_FORWARD },
		{ "[foo] Fwd: [bar] Re: fw: b (fWd)  (fwd)", "b", RP_SUBJECT_REPLY | RP_SUBJECT_FORWARD },
		{ "re: [fwd: [fwd: re: [fwd: babylon]]]", "babylon", RP_SUBJECT_REPLY | RP_SUBJECT_FORWARD },
		{ "Ad: Re: Ad: Re: Ad: x", "ad: re: ad: re: ad: x", 0 },
		{ "Rebecca: hi", "rebecca: hi", 0 },
		{ "  Agenda\t for\r\n  Monday ", "agenda for monday", 0 },
		{ "Re:", "", RP_SUBJECT_REPLY },
		{ "", "", 0 },
		{ "Re: Comments on §3.9 – résumé", "comments on §3.9 – résumé", RP_SUBJECT_REPLY },
	};
	size_t i;
	int r = -1;
	char *s;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		unsigned fl = 99;
		s = rp_thread_base_subject_flags(c[i].in, &fl);
		CHECK_STR(s, c[i].base);
		CHECK_INT(fl, c[i].flags);
		free(s);
	}
	s = rp_thread_base_subject(NULL, &r);
	CHECK_STR(s, "");
	CHECK_INT(r, 0);
	free(s);
	s = rp_thread_base_subject("Fwd: x", &r);
	CHECK_INT(r, 0); /* a forward is not a reply */
	free(s);
	s = rp_thread_base_subject("Re: Fwd: x", &r);
	CHECK_INT(r, 1);
	free(s);
}

/* Long hostile subjects are cut, and the result is still sensible. */
static void test_base_subject_long(void)
{
	struct rp_buf b = RP_BUF_INIT;
	size_t i;
	char *s;

	for (i = 0; i < 100000; i++)
		rp_buf_adds(&b, "[a]");
	s = rp_thread_base_subject(b.buf, NULL);
	CHECK(s && strlen(s) <= 512);
	free(s);
	rp_buf_clear(&b);
	for (i = 0; i < 100000; i++)
		rp_buf_adds(&b, "Re: ");
	rp_buf_adds(&b, "x");
	s = rp_thread_base_subject(b.buf, NULL);
	CHECK_STR(s, "");
	free(s);
	rp_buf_release(&b);
}

static int exec(struct rp_store *s, const char *sql)
{
	return rp_store_exec(s, sql, NULL);
}

static char *query(struct rp_store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;
	struct rp_buf b = RP_BUF_INIT;
	int c;

	if (rp_store_prepare(s, &st, sql, NULL))
		return strdup("(error)");
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (c = 0; c < sqlite3_column_count(st); c++) {
			const unsigned char *t = sqlite3_column_text(st, c);
			rp_buf_addf(&b, "%s%s", c ? "|" : (b.len ? "; " : ""), t ? (const char *)t : "");
		}
	}
	sqlite3_finalize(st);
	return rp_buf_detach(&b, NULL);
}

/* rp_thread_update: rows written, staleness tracked, a late parent fills its ghost, and a
 * caller's open transaction is respected (savepoint). */
static void test_store_update(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600], *got;
	struct rp_store *s = NULL;
	struct rp_error err = { 0 };
	int stale = -1;

	snprintf(dir, sizeof(dir), "%s/rp-thread-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", dir);
	CHECK_INT(rp_store_open(&s, path, 0, &err), 0);
	if (!s)
		return;
	exec(s, "INSERT INTO list(name) VALUES ('wg'); INSERT INTO raw(hash, bytes) VALUES ('h', x'00');"
		"INSERT INTO message(message_id, hash, list_id, date, subject, in_reply_to, refs, size,"
		" imported_at) VALUES ('r1', 'h', 1, 20, 'Re: plan', 'p', 'p', 1, 0),"
		" ('r2', 'h', 1, 30, 'Re: plan', 'r1', 'p r1', 1, 0)");
	CHECK_INT(rp_thread_is_stale(s, &stale, &err), 0);
	CHECK_INT(stale, 1);
	CHECK_INT(rp_thread_update(s, &err), 0);
	got = query(s, "SELECT message_id, parent, thread, ghost, depth FROM thread_node ORDER BY 1");
	CHECK_STR(got, "p||p|1|0; r1|p|p|0|1; r2|r1|p|0|2");
	free(got);
	CHECK_INT(rp_thread_is_stale(s, &stale, &err), 0);
	CHECK_INT(stale, 0);
	/* The parent arrives: stale again, and the rebuild fills the ghost. */
	exec(s, "INSERT INTO message(message_id, hash, list_id, date, subject, size, imported_at)"
		" VALUES ('p', 'h', 1, 10, 'plan', 1, 0)");
	CHECK_INT(rp_thread_is_stale(s, &stale, &err), 0);
	CHECK_INT(stale, 1);
	/* Inside the caller's transaction, rolled back with it. */
	CHECK_INT(rp_store_begin(s, &err), 0);
	CHECK_INT(rp_thread_update(s, &err), 0);
	rp_store_rollback(s);
	got = query(s, "SELECT ghost FROM thread_node WHERE message_id = 'p'");
	CHECK_STR(got, "1");
	free(got);
	CHECK_INT(rp_thread_update(s, &err), 0);
	got = query(s, "SELECT message_id, parent, ghost FROM thread_node ORDER BY 1");
	CHECK_STR(got, "p||0; r1|p|0; r2|r1|0");
	free(got);
	rp_store_close(s);
	for (const char *const *f = (const char *const[]){ "t.db", "t.db-wal", "t.db-shm", NULL }; *f; f++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *f);
		unlink(path);
	}
	CHECK_INT(rmdir(dir), 0);
}

/* Rows of thread_node as text, sorted by id (or the same rows computed by
 * rp_thread_build over every stored message: what the table must hold). */
static char *stored_rows(struct rp_store *s)
{
	return query(s, "SELECT message_id, coalesce(parent, '-'), thread, ghost, depth"
			" FROM thread_node ORDER BY message_id");
}

static int cmp_node_ptr(const void *a, const void *b)
{
	return strcmp((*(struct rp_thread_node *const *)a)->message_id,
		      (*(struct rp_thread_node *const *)b)->message_id);
}

static char *expected_rows(struct rp_store *s)
{
	struct rp_thread_input in[64];
	char *text[64][4];
	struct rp_thread_node *nd = NULL, *sorted[256];
	struct rp_buf b = RP_BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t n = 0, nn = 0, i, k, ns = 0;

	if (rp_store_prepare(s, &st, "SELECT message_id, in_reply_to, refs, subject, date, list_id"
				     " FROM message", NULL))
		return strdup("(error)");
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW) {
		for (k = 0; k < 4; k++) {
			const unsigned char *t = sqlite3_column_text(st, (int)k);
			text[n][k] = t ? strdup((const char *)t) : NULL;
		}
		in[n] = (struct rp_thread_input){ text[n][0], text[n][1], text[n][2], text[n][3],
						  sqlite3_column_int64(st, 4), sqlite3_column_int64(st, 5) };
		n++;
	}
	sqlite3_finalize(st);
	if (rp_thread_build(&nd, &nn, in, n, NULL, NULL) == 0) {
		for (i = 0; i < nn && ns < 256; i++)
			if (nd[i].message_id[0])
				sorted[ns++] = &nd[i];
		qsort(sorted, ns, sizeof(*sorted), cmp_node_ptr);
		for (i = 0; i < ns; i++)
			rp_buf_addf(&b, "%s%s|%s|%s|%d|%d", i ? "; " : "", sorted[i]->message_id,
				    sorted[i]->parent ? sorted[i]->parent : "-", sorted[i]->thread,
				    sorted[i]->ghost, sorted[i]->depth);
	}
	rp_thread_nodes_free(nd, nn);
	for (i = 0; i < n; i++)
		for (k = 0; k < 4; k++)
			free(text[i][k]);
	return rp_buf_detach(&b, NULL);
}

/* Checks that thread_node holds exactly what threading every stored message gives;
 * returns 1 when it does. */
static int table_is_exact(struct rp_store *s)
{
	char *got = stored_rows(s), *want = expected_rows(s);
	int same = strcmp(got, want) == 0;

	CHECK_STR(got, want);
	free(got);
	free(want);
	return same;
}

static unsigned next_rand(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

/* A random message: ids from a small pool (duplicates, self references, loops, ghosts),
 * subjects from a few bases with and without reply prefixes, some with no reply header
 * (the subject fallback), dates across the fallback window, two lists. */
static void insert_random(struct rp_store *s, unsigned *r, int seq, int pool)
{
	static const char *const bases[] = { "plan", "budget", "Plan", "agenda" };
	static const char *const prefixes[] = { "", "Re: ", "Re: ", "Fwd: ", "AW: " };
	char sql[1024], irt[64] = "", refs[256] = "", subject[64];
	int k, nrefs;

	if (next_rand(r) % 2)
		snprintf(irt, sizeof(irt), "m%d", (int)(next_rand(r) % (unsigned)pool));
	nrefs = next_rand(r) % 5 < 2 ? 0 : 1 + (int)(next_rand(r) % 4);
	for (k = 0; k < nrefs; k++)
		snprintf(refs + strlen(refs), sizeof(refs) - strlen(refs), "%s<m%d>", k ? " " : "",
			 (int)(next_rand(r) % (unsigned)pool));
	snprintf(subject, sizeof(subject), "%s%s", prefixes[next_rand(r) % 5],
		 bases[next_rand(r) % 4]);
	snprintf(sql, sizeof(sql),
		 "INSERT INTO raw(hash, bytes) VALUES ('h%d', x'00');"
		 "INSERT INTO message(message_id, hash, list_id, date, subject, in_reply_to, refs,"
		 " size, imported_at) VALUES ('m%d', 'h%d', %d, %d, '%s', nullif('%s', ''),"
		 " nullif('%s', ''), 1, 0)",
		 seq, (int)(next_rand(r) % (unsigned)pool), seq, 1 + (int)(next_rand(r) % 2),
		 (int)(next_rand(r) % 80) * DAY / 2, subject, irt, refs);
	CHECK_INT(exec(s, sql), 0);
}

/* The incremental update equals threading everything: random stores are filled in random
 * pieces, updated after each piece in steps of 1 to 4 new messages (sometimes inside a
 * caller's transaction), then edited or pruned (which starts the tree again), and the
 * table is compared with rp_thread_build over all stored messages each time. */
static void test_store_incremental_random(void)
{
	struct rp_error err = { 0 };
	unsigned trial, r;
	int mismatches = 0;

	for (trial = 0; trial < 300; trial++) {
		char path[64];
		struct rp_store *s = temp_store(path);
		int n, pool, seq = 0, stale = -1;

		if (!s) {
			CHECK(0);
			return;
		}
		r = trial * 7919u + 17u;
		n = 4 + (int)(next_rand(&r) % 36);
		pool = 3 + n / 2;
		CHECK_INT(exec(s, "INSERT INTO list(name) VALUES ('a'), ('b')"), 0);
		while (seq < n) {
			int piece = 1 + (int)(next_rand(&r) % (unsigned)(n / 3 + 1)), nested;
			for (; piece > 0 && seq < n; piece--, seq++)
				insert_random(s, &r, seq, pool);
			nested = next_rand(&r) % 10 == 0;
			if (nested)
				CHECK_INT(rp_store_begin(s, &err), 0);
			CHECK_INT(rp_thread_update_chunk(s, 1 + next_rand(&r) % 4, &err), 0);
			if (nested)
				CHECK_INT(rp_store_commit(s, &err), 0);
			mismatches += !table_is_exact(s);
		}
		CHECK_INT(rp_thread_is_stale(s, &stale, &err), 0);
		CHECK_INT(stale, 0);
		/* An edit or a delete is noticed and the tree is rebuilt. */
		CHECK_INT(exec(s, trial % 2 ? "UPDATE message SET in_reply_to = NULL, refs = NULL"
					      " WHERE id = 2"
					    : "DELETE FROM message WHERE id % 3 = 0"),
			  0);
		CHECK_INT(rp_thread_is_stale(s, &stale, &err), 0);
		CHECK_INT(stale, 1);
		CHECK_INT(rp_thread_update_chunk(s, 1 + trial % 3, &err), 0);
		mismatches += !table_is_exact(s);
		/* ... and growing again stays exact. */
		insert_random(s, &r, seq++, pool);
		insert_random(s, &r, seq++, pool);
		CHECK_INT(rp_thread_update_chunk(s, 1, &err), 0);
		mismatches += !table_is_exact(s);
		drop_store(s, path);
	}
	CHECK_INT(mismatches, 0);
}

RP_TEST_MAIN(T(test_parent_links), T(test_ghosts), T(test_loops_and_self), T(test_duplicates),
	     T(test_subject_fallback), T(test_window_option), T(test_many_references),
	     T(test_loop_storm), T(test_rfc5256_mode), T(test_rfc5256_cases), T(test_base_subject),
	     T(test_base_subject_long), T(test_store_update), T(test_store_incremental_random))
